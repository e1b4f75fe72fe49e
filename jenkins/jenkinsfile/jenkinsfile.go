// Package jenkinsfile reads a Jenkinsfile into the neutral pipeline model.
//
// Declarative pipelines are read fully. Outside a pipeline block (scripted
// pipelines, helper methods, script blocks) the reader turns plain step calls
// into steps, the statements it can follow (if, try, for, assignments, ...)
// into typed pipeline statements, and keeps every other statement as Groovy
// with its source text, so that the converter can report it with its
// position.
package jenkinsfile

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/jenkins/groovy"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

// Read parses a Jenkinsfile and reads it into a pipeline named name.
func Read(filename string, src []byte, name string) (*pipeline.Pipeline, diag.Diagnostics) {
	return ReadWith(filename, src, name, Sources{})
}

// ReadWith reads a Jenkinsfile as Read does, with the methods of the files
// it loads and of the shared libraries in sources.
func ReadWith(filename string, src []byte, name string, sources Sources) (*pipeline.Pipeline, diag.Diagnostics) {
	if pos, ok := invalidUTF8(src); !ok {
		// Jenkins reads Jenkinsfiles as UTF-8, and a workflow must be.
		var diags diag.Diagnostics
		return &pipeline.Pipeline{Name: name, File: filename}, diags.Errorf(diag.Range{File: filename, Start: pos, End: pos}, "invalid-encoding", "the file is not UTF-8 text (save it as UTF-8)")
	}
	f, diags := groovy.Parse(filename, src)
	p, more := readFile(f, name, sources)
	if diags.HasErrors() && recoverable(f, diags) {
		// Each statement that does not parse is a manual item in the
		// converted workflow; the errors stay visible as warnings.
		for _, d := range diags {
			d.Severity = diag.Warning
		}
	}
	return p, append(diags, more...)
}

// recoverable reports whether a file with syntax errors is still worth
// converting: it ends with every bracket, string and comment closed, every
// error lies in a statement the parser skipped (so the statements around
// it are whole), and at least one top-level statement parsed. Anything
// else is not Groovy the parser could follow.
func recoverable(f *groovy.File, diags diag.Diagnostics) bool {
	if f.Unclosed {
		return false
	}
	var bad []diag.Range
	groovy.Walk(f, func(n groovy.Node) bool {
		if b, ok := n.(*groovy.BadStmt); ok {
			bad = append(bad, b.Range)
		}
		return true
	})
	for _, d := range diags {
		if d.Severity != diag.Error {
			continue
		}
		at := d.Subject.Start.Offset
		if !slices.ContainsFunc(bad, func(r diag.Range) bool { return r.Start.Offset <= at && at <= r.End.Offset }) {
			return false
		}
	}
	return slices.ContainsFunc(f.Stmts, func(s groovy.Stmt) bool {
		_, isBad := s.(*groovy.BadStmt)
		return !isBad
	})
}

// ReadFile reads an already parsed Jenkinsfile.
func ReadFile(f *groovy.File, name string) (*pipeline.Pipeline, diag.Diagnostics) {
	return readFile(f, name, Sources{})
}

func readFile(f *groovy.File, name string, sources Sources) (*pipeline.Pipeline, diag.Diagnostics) {
	r := &reader{file: f, methods: map[string]bool{}, loads: map[string]*loaded{}}
	p := &pipeline.Pipeline{Name: name, File: f.Name, Range: f.Range, Style: pipeline.StyleScripted, Bound: boundNames(f)}
	// Methods may be defined after their first call: collect the names
	// first so that calls read as method calls.
	var decls []*groovy.MethodDecl
	for _, s := range f.Stmts {
		if m := methodDecl(s); m != nil {
			decls = append(decls, m)
			r.methods[m.Name] = true
		}
	}
	r.readSources(f, p, sources)
	for _, m := range decls {
		if p.Methods == nil {
			p.Methods = map[string]*pipeline.Method{}
		}
		p.Methods[m.Name] = r.method(m)
	}
	var rest []groovy.Stmt
	for _, s := range f.Stmts {
		if methodDecl(s) != nil {
			continue
		}
		if r.library(p, s) {
			continue
		}
		if c := callStmt(s); c != nil && c.Name() == "pipeline" && c.Receiver() == nil && c.Block() != nil {
			if p.Style == pipeline.StyleDeclarative {
				r.diags = r.diags.Errorf(c.Range, "duplicate-pipeline", "a second pipeline block (Jenkins runs only one; merge them)")
				continue
			}
			p.Style = pipeline.StyleDeclarative
			r.declarative(p, c)
			continue
		}
		rest = append(rest, s)
	}
	steps := r.steps(rest)
	if p.Style == pipeline.StyleDeclarative {
		p.Prelude = append(steps, r.broken...)
	} else {
		p.Stages = []*pipeline.Stage{{Name: name, Steps: steps, Range: f.Range}}
		if onlyLibraryCalls(steps) {
			p.Style = pipeline.StyleLibrary
		}
	}
	return p, r.diags
}

// onlyLibraryCalls reports whether a scripted file is nothing but calls of
// steps that Jenkins itself does not have: the shared-library one-liners
// (buildPlugin(), withPipeline { }).
func onlyLibraryCalls(steps []*pipeline.Step) bool {
	if len(steps) == 0 {
		return false
	}
	for _, s := range steps {
		if _, isGroovy := s.Stmt.(*pipeline.Groovy); isGroovy || KnownStep(s.Name) {
			return false
		}
	}
	return true
}

// method reads a method declaration.
func (r *reader) method(m *groovy.MethodDecl) *pipeline.Method {
	method := &pipeline.Method{Name: m.Name, Range: m.Range}
	for _, prm := range m.Params {
		method.Params = append(method.Params, prm.Name)
		var def pipeline.Value
		if prm.Default != nil {
			def = r.value(prm.Default)
		}
		method.Defaults = append(method.Defaults, def)
	}
	if m.Body != nil {
		method.Body = r.steps(m.Body.Stmts)
	}
	return method
}

type reader struct {
	file  *groovy.File
	diags diag.Diagnostics
	// broken are the statements of directive blocks that do not parse.
	broken []*pipeline.Step
	// loads are the files load steps name, by path; nil for one the
	// sources do not have.
	loads map[string]*loaded
	// methods are the names of the methods the file defines.
	methods map[string]bool
	// local maps, in a loaded file or a library variable, the names of
	// its own methods to the names they have in the pipeline
	// (build → utils.build): a call between them needs no receiver.
	local map[string]string
}

// localName is the name a call reads as: a method of the same loaded
// file or library variable by its name in the pipeline.
func (r *reader) localName(x *groovy.CallExpr) string {
	if q, ok := r.local[x.Name()]; ok && x.Receiver() == nil {
		return q
	}
	return x.Name()
}

// methodDecl returns the method a top-level statement defines, or nil.
func methodDecl(s groovy.Stmt) *groovy.MethodDecl {
	if a, ok := s.(*groovy.AnnotatedStmt); ok {
		s = a.Stmt
	}
	m, _ := s.(*groovy.MethodDecl)
	return m
}

func (r *reader) warn(n groovy.Node, code, format string, args ...any) {
	r.diags = r.diags.Warnf(n.Span(), code, format, args...)
}

// unexpected warns about a statement a directive block cannot hold. A
// statement that does not parse is kept instead, to be converted as a
// manual item with the prelude.
func (r *reader) unexpected(s groovy.Stmt, format string, args ...any) {
	if b, ok := s.(*groovy.BadStmt); ok {
		r.broken = append(r.broken, r.syntaxErrorStep(b))
		return
	}
	r.warn(s, "unexpected-statement", format, args...)
}

// library reads @Library annotations and library steps at the top level.
func (r *reader) library(p *pipeline.Pipeline, s groovy.Stmt) bool {
	if a, ok := s.(*groovy.AnnotatedStmt); ok {
		found := false
		for _, ann := range a.Annotations {
			if ann.Name != "Library" {
				continue
			}
			found = true
			for _, arg := range ann.Args {
				if arg.Name != "" && arg.Name != "value" {
					continue
				}
				for _, id := range r.value(arg.Value).Strings() {
					p.Libraries = append(p.Libraries, libraryRef(id, ann.Range))
				}
			}
		}
		// `@Library('x') _` annotates the placeholder `_`; anything else
		// annotated is still a statement to read.
		if found {
			if es, ok := a.Stmt.(*groovy.ExprStmt); ok && identName(es.X) == "_" || a.Stmt == nil {
				return true
			}
			if _, ok := a.Stmt.(*groovy.ImportStmt); ok {
				return true
			}
		}
		return false
	}
	c := callStmt(s)
	if c == nil || c.Name() != "library" || c.Receiver() != nil {
		return false
	}
	id, _ := r.stringArg(c, "identifier")
	if id == "" {
		return false
	}
	p.Libraries = append(p.Libraries, libraryRef(id, c.Range))
	return true
}

func libraryRef(id string, rng diag.Range) *pipeline.Library {
	// The version follows the last @: a name may hold one (org@host/lib).
	if i := strings.LastIndex(id, "@"); i >= 0 {
		return &pipeline.Library{Name: id[:i], Ref: id[i+1:], Range: rng}
	}
	return &pipeline.Library{Name: id, Range: rng}
}

// callStmt returns the call of an expression statement, or nil.
func callStmt(s groovy.Stmt) *groovy.CallExpr {
	if es, ok := s.(*groovy.ExprStmt); ok {
		c, _ := es.X.(*groovy.CallExpr)
		return c
	}
	return nil
}

// blockCalls returns the calls of a directive block such as options { } and
// warns about any statement in it that is not a call.
func (r *reader) blockCalls(c *groovy.CallExpr, directive string) []*groovy.CallExpr {
	b := c.Block()
	if b == nil {
		r.warn(c, "malformed-directive", "%q takes a block { ... }", directive)
		return nil
	}
	var out []*groovy.CallExpr
	for _, s := range b.Body {
		if cs := callStmt(s); cs != nil {
			out = append(out, cs)
			continue
		}
		r.unexpected(s, "unexpected statement in %q (only directives are allowed here)", directive)
	}
	return out
}

// boundNames counts the places the file gives each name a value: declarations,
// assignments, parameters of methods, closures and catch blocks, loop
// variables. A bare name outside this set comes from the build's binding:
// a job parameter or an environment variable.
func boundNames(f *groovy.File) map[string]int {
	names := map[string]int{}
	groovy.Walk(f, func(n groovy.Node) bool {
		switch x := n.(type) {
		case *groovy.DeclStmt:
			for _, name := range x.Names {
				names[name]++
			}
		case *groovy.BinaryExpr:
			if id, ok := x.X.(*groovy.Ident); ok && x.IsAssign() {
				names[id.Name]++
			}
		case *groovy.ClosureExpr:
			for _, p := range x.Params {
				names[p.Name]++
			}
			if len(x.Params) == 0 {
				names["it"]++
			}
		case *groovy.MethodDecl:
			names[x.Name]++
			for _, p := range x.Params {
				names[p.Name]++
			}
		case *groovy.ForStmt:
			if x.Var != "" {
				names[x.Var]++
			}
		case *groovy.CatchClause:
			names[x.Name]++
		}
		return true
	})
	return names
}

// invalidUTF8 returns the position of the first byte that is not UTF-8,
// and whether the whole text is.
func invalidUTF8(src []byte) (diag.Pos, bool) {
	if utf8.Valid(src) {
		return diag.Pos{}, true
	}
	off := 0
	for {
		r, size := utf8.DecodeRune(src[off:])
		if r == utf8.RuneError && size <= 1 {
			return diag.PosAfter(string(src[:off])), false
		}
		off += size
	}
}
