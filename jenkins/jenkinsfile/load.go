package jenkinsfile

import (
	"path"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/jenkins/groovy"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

// Sources gives the reader the Groovy code a Jenkinsfile runs from other
// files: those it loads with `load` and the global variables (vars/*.groovy)
// of shared libraries checked out on disk.
type Sources struct {
	// Load returns the name and content of the file that `load` names,
	// relative to the repository's root, and false when there is none.
	Load func(rel string) (name string, src []byte, ok bool)
	// LibraryVars are the vars/*.groovy files of the shared libraries:
	// the step each defines is the file's base name.
	LibraryVars []LibraryFile
}

// LibraryFile is one vars/*.groovy file of a shared library.
type LibraryFile struct {
	Name string
	Src  []byte
}

// loaded is a file read for a `load` step: its top-level statements, which
// run where it is loaded.
type loaded struct {
	name  string
	steps []*pipeline.Step
}

// readSources reads the library vars and the loaded files into p's methods.
// The methods of a file loaded into `def utils = load 'x.groovy'` are
// named utils.name; the call method of vars/foo.groovy is foo and its other
// methods foo.name. A method of the Jenkinsfile wins over one of these.
func (r *reader) readSources(f *groovy.File, p *pipeline.Pipeline, src Sources) {
	for _, lib := range src.LibraryVars {
		step := strings.TrimSuffix(path.Base(lib.Name), ".groovy")
		if r.methods[step] {
			continue
		}
		r.readMethods(p, lib.Name, lib.Src, step, "call")
	}
	if src.Load == nil {
		return
	}
	for _, l := range loadCalls(f) {
		if _, done := r.loads[l.path]; done {
			continue
		}
		name, text, ok := src.Load(l.path)
		if !ok {
			r.loads[l.path] = nil
			continue
		}
		r.loads[l.path] = &loaded{name: name, steps: r.readMethods(p, name, text, l.alias, "")}
	}
}

// readMethods parses one file of Groovy and adds its methods to p, each
// prefixed with prefix and a dot, and the method called self (if any) as
// prefix itself. It returns the steps of the file's other top-level
// statements; a file that does not parse adds nothing.
func (r *reader) readMethods(p *pipeline.Pipeline, name string, text []byte, prefix, self string) []*pipeline.Step {
	f, diags := groovy.Parse(name, text)
	if diags.HasErrors() && !recoverable(f, diags) {
		r.diags = r.diags.Warnf(diag.Range{File: name, Start: diags[0].Subject.Start, End: diags[0].Subject.End}, "unreadable-source",
			"%s does not parse (%s): the code it holds is left to a person", name, diags[0].Message)
		return nil
	}
	sub := &reader{file: f, methods: r.methods, loads: r.loads, local: map[string]string{}}
	var decls []*groovy.MethodDecl
	var rest []groovy.Stmt
	for _, s := range f.Stmts {
		if m := methodDecl(s); m != nil {
			decls = append(decls, m)
			continue
		}
		if isReturnThis(s) || isImport(s) {
			continue
		}
		rest = append(rest, s)
	}
	qualified := func(m string) string {
		switch {
		case m == self && self != "":
			return prefix
		case prefix == "":
			return ""
		}
		return prefix + "." + m
	}
	for _, m := range decls {
		if q := qualified(m.Name); q != "" {
			r.methods[q] = true
			sub.local[m.Name] = q
		}
	}
	for _, m := range decls {
		if q := qualified(m.Name); q != "" && p.Methods[q] == nil {
			if p.Methods == nil {
				p.Methods = map[string]*pipeline.Method{}
			}
			p.Methods[q] = sub.method(m)
		}
	}
	steps := sub.steps(rest)
	r.diags = append(r.diags, sub.diags...)
	return steps
}

// loadCall is a `load 'path'` with a literal path, and the variable its
// result is assigned to ("" when none).
type loadCall struct {
	alias, path string
}

// loadCalls finds the load steps of f.
func loadCalls(f *groovy.File) []loadCall {
	var out []loadCall
	add := func(alias string, x groovy.Expr) {
		if p, ok := loadPath(x); ok {
			out = append(out, loadCall{alias: alias, path: p})
		}
	}
	groovy.Walk(f, func(n groovy.Node) bool {
		switch x := n.(type) {
		case *groovy.DeclStmt:
			if len(x.Names) == 1 {
				add(x.Names[0], x.Value)
			}
		case *groovy.BinaryExpr:
			if id, ok := x.X.(*groovy.Ident); ok && x.Op == "=" {
				add(id.Name, x.Y)
			}
		case *groovy.ExprStmt:
			add("", x.X)
		}
		return true
	})
	return out
}

// loadPath returns the literal path of a load call.
func loadPath(x groovy.Expr) (string, bool) {
	c, ok := x.(*groovy.CallExpr)
	if !ok || c.Name() != "load" || c.Receiver() != nil || len(c.Args) != 1 || c.Args[0].Name != "" {
		return "", false
	}
	s, ok := c.Args[0].Value.(*groovy.StringLit)
	if !ok || !s.IsPlain() {
		return "", false
	}
	return s.Value(), true
}

// loadStep is the step of a load call: its path, and when the file was
// read, the file's name and its top-level statements as the body.
func (r *reader) loadStep(x groovy.Expr, alias, text string, rng diag.Range) *pipeline.Step {
	p, ok := loadPath(x)
	if !ok {
		return nil
	}
	st := &pipeline.Step{Name: "load", Text: text, Range: rng, Args: pipeline.Args{Positional: []pipeline.Value{pipeline.StringValue(p, x.Span())}}}
	if alias != "" {
		st.Args.Named = append(st.Args.Named, pipeline.Named{Name: "var", Value: pipeline.StringValue(alias, rng)})
	}
	if l := r.loads[p]; l != nil {
		st.Args.Named = append(st.Args.Named, pipeline.Named{Name: "file", Value: pipeline.StringValue(l.name, rng)})
		st.Body = l.steps
	}
	return st
}

func isReturnThis(s groovy.Stmt) bool {
	ret, ok := s.(*groovy.ReturnStmt)
	if !ok {
		return false
	}
	if ret.X == nil {
		return true
	}
	id, ok := ret.X.(*groovy.Ident)
	return ok && id.Name == "this"
}

func isImport(s groovy.Stmt) bool {
	_, ok := s.(*groovy.ImportStmt)
	return ok
}
