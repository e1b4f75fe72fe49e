package jenkinsfile

import (
	"strings"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/jenkins/groovy"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

// steps reads a statement list into steps. A call of a named step becomes a
// Step, its trailing closure the step's body; any other statement becomes a
// Groovy step that keeps its text and the shell steps nested in it.
func (r *reader) steps(stmts []groovy.Stmt) []*pipeline.Step {
	var out []*pipeline.Step
	for _, s := range stmts {
		out = append(out, r.step(s))
	}
	return out
}

func (r *reader) step(s groovy.Stmt) *pipeline.Step {
	rng := s.Span()
	text := r.file.Text(rng)
	switch x := s.(type) {
	case *groovy.ExprStmt:
		if st := r.exprStep(x.X, text); st != nil {
			return st
		}
	case *groovy.AnnotatedStmt:
		// @Library annotations are read with the libraries; other
		// annotations (@NonCPS, @Field) change nothing a workflow runs.
		if x.Stmt != nil {
			return r.step(x.Stmt)
		}
	case *groovy.ImportStmt:
		return &pipeline.Step{Name: pipeline.DeclareStep, Text: text, Range: rng}
	case *groovy.DeclStmt:
		if len(x.Names) == 1 && x.Value != nil {
			return r.assignStep(pipeline.DefStep, x.Names[0], x.Range, x.Value, text, rng)
		}
		if x.Value == nil {
			return &pipeline.Step{Name: pipeline.DeclareStep, Text: text, Range: rng}
		}
	case *groovy.IfStmt:
		st := &pipeline.Step{Name: pipeline.IfStep, Text: text, Range: rng, Cond: r.cond(x.Cond), Body: r.body(x.Then)}
		st.Args.Positional = []pipeline.Value{r.exprValue(x.Cond)}
		if x.Else != nil {
			st.Args.Named = append(st.Args.Named, r.closureArg("else", x.Else))
		}
		return st
	case *groovy.TryStmt:
		st := &pipeline.Step{Name: pipeline.TryStep, Text: text, Range: rng, Body: r.body(x.Body)}
		for _, cc := range x.Catches {
			st.Args.Named = append(st.Args.Named, r.closureArg("catch", cc.Body))
		}
		if x.Finally != nil {
			st.Args.Named = append(st.Args.Named, r.closureArg("finally", x.Finally))
		}
		return st
	case *groovy.ForStmt:
		if x.Iter != nil && x.Var != "" {
			return &pipeline.Step{Name: pipeline.ForStep, Text: text, Range: rng, Body: r.body(x.Body), Args: pipeline.Args{Named: []pipeline.Named{
				{Name: "var", Value: pipeline.StringValue(x.Var, x.Range)},
				{Name: "in", Value: r.value(x.Iter)},
			}}}
		}
	case *groovy.BlockStmt:
		return &pipeline.Step{Name: "script", Text: text, Range: rng, Body: r.steps(x.Stmts)}
	case *groovy.ThrowStmt:
		return &pipeline.Step{Name: pipeline.ThrowStep, Text: text, Range: rng}
	case *groovy.BadStmt:
		return r.syntaxErrorStep(x)
	case *groovy.ReturnStmt:
		st := &pipeline.Step{Name: pipeline.ReturnStep, Text: text, Range: rng}
		if x.X != nil {
			st.Args.Named = []pipeline.Named{{Name: "value", Value: r.value(x.X)}}
			st.Body = r.nestedShells(x.X)
		}
		return st
	}
	return &pipeline.Step{Name: pipeline.GroovyStep, Text: text, Range: rng, Body: r.nestedShells(s)}
}

// syntaxErrorStep stands for a statement the parser could not read.
func (r *reader) syntaxErrorStep(b *groovy.BadStmt) *pipeline.Step {
	msg := b.Err
	if msg == "" {
		msg = "the statement does not parse"
	}
	return &pipeline.Step{Name: pipeline.SyntaxErrorStep, Text: r.file.Text(b.Range), Range: b.Range,
		Args: pipeline.Args{Named: []pipeline.Named{{Name: "message", Value: pipeline.StringValue(msg, b.Range)}}}}
}

// exprStep reads an expression statement: a step call, a call of a method
// the file defines, a Docker pipeline block, or an assignment the
// converter understands. It returns nil for anything else.
func (r *reader) exprStep(e groovy.Expr, text string) *pipeline.Step {
	rng := e.Span()
	switch x := e.(type) {
	case *groovy.CallExpr:
		if st := r.loadStep(x, "", text, rng); st != nil {
			return st
		}
		name := r.localName(x)
		if _, plain := x.Fun.(*groovy.Ident); !plain {
			if st := r.eachStep(x, text); st != nil {
				return st
			}
			name = r.dockerStep(x)
			if name == "" {
				name = objectStep(x)
			}
			if name == "" {
				return nil
			}
		}
		st := &pipeline.Step{Name: name, Args: r.args(x), Text: text, Range: rng}
		// A method of the file, or one of a loaded file or library
		// variable (named utils.build for utils.build()).
		if r.methods[name] {
			st.Name = pipeline.MethodStep
			st.Args.Named = append(st.Args.Named, pipeline.Named{Name: "method", Value: pipeline.StringValue(name, rng)})
		}
		if name == "docker.image.inside" {
			// The image is the argument of image(), the options that of
			// inside().
			img := x.Receiver().(*groovy.CallExpr)
			st.Args.Named = append(st.Args.Named, pipeline.Named{Name: "image", Value: r.args(img).First("")})
		}
		if x.TrailingClosures > 0 {
			st.Body = r.steps(x.Block().Body)
		}
		return st
	case *groovy.UnaryExpr:
		// x++ and x-- are x = x + 1 and x = x - 1.
		if id, ok := x.X.(*groovy.Ident); ok && (x.Op == "++" || x.Op == "--") {
			one := &groovy.NumberLit{Text: "1", Range: x.Range}
			return r.assignStep(pipeline.DefStep, id.Name, id.Range, &groovy.BinaryExpr{Op: x.Op[:1], X: id, Y: one, Range: x.Range}, text, rng)
		}
	case *groovy.BinaryExpr:
		if id, ok := x.X.(*groovy.Ident); ok && x.Op == "<<" {
			return &pipeline.Step{Name: pipeline.AppendStep, Text: text, Range: rng, Args: pipeline.Args{Named: []pipeline.Named{
				{Name: "name", Value: pipeline.StringValue(id.Name, id.Range)},
				{Name: "value", Value: r.value(x.Y)},
			}}}
		}
		if id, ok := x.X.(*groovy.Ident); ok && len(x.Op) == 2 && strings.IndexByte("+-*/", x.Op[0]) >= 0 && x.Op[1] == '=' {
			// x += y is x = x + (y).
			return r.assignStep(pipeline.DefStep, id.Name, id.Range, &groovy.BinaryExpr{Op: x.Op[:1], X: id, Y: &groovy.ParenExpr{X: x.Y, Range: x.Y.Span()}, Range: x.Range}, text, rng)
		}
		if x.Op != "=" {
			return nil
		}
		switch target := x.X.(type) {
		case *groovy.IndexExpr:
			m, ok := target.X.(*groovy.Ident)
			cl, isClosure := x.Y.(*groovy.ClosureExpr)
			if !ok || !isClosure {
				return nil
			}
			return &pipeline.Step{Name: pipeline.BranchStep, Text: text, Range: rng, Body: r.steps(cl.Body), Args: pipeline.Args{Named: []pipeline.Named{
				{Name: "map", Value: pipeline.StringValue(m.Name, m.Range)},
				{Name: "key", Value: r.value(target.Index)},
			}}}
		case *groovy.Ident:
			return r.assignStep(pipeline.DefStep, target.Name, target.Range, x.Y, text, rng)
		case *groovy.PropertyExpr:
			owner := identName(target.X)
			switch {
			case owner == "env":
				return r.assignStep(pipeline.EnvStep, target.Name, target.NameSpan, x.Y, text, rng)
			case owner == "currentBuild" && (target.Name == "description" || target.Name == "displayName"):
				return &pipeline.Step{Name: pipeline.DescriptionStep, Text: text, Range: rng, Args: pipeline.Args{Named: []pipeline.Named{
					{Name: "field", Value: pipeline.StringValue(target.Name, target.NameSpan)},
					{Name: "value", Value: r.value(x.Y)},
				}}}
			case owner == "currentBuild" && target.Name == "result":
				return &pipeline.Step{Name: pipeline.ResultStep, Text: text, Range: rng, Args: pipeline.Args{Named: []pipeline.Named{
					{Name: "value", Value: r.value(x.Y)},
				}}}
			}
		}
	}
	return nil
}

// assignStep makes a DefStep or EnvStep. When the value is Groovy the
// converter cannot read, the scripts it calls go in Body so that they can be
// reported.
func (r *reader) assignStep(kind, name string, nameRange diag.Range, value groovy.Expr, text string, rng diag.Range) *pipeline.Step {
	if kind == pipeline.DefStep {
		if st := r.loadStep(value, name, text, rng); st != nil {
			return st
		}
	}
	v := r.value(value)
	st := &pipeline.Step{Name: kind, Text: text, Range: rng, Args: pipeline.Args{Named: []pipeline.Named{
		{Name: "name", Value: pipeline.StringValue(name, nameRange)},
		{Name: "value", Value: v},
	}}}
	if v.Kind == pipeline.ExprValue {
		st.Body = r.nestedShells(value)
	}
	return st
}

// objectStep names a method call on a variable, such as infra.isTrusted()
// from a library's global variable or pipeutils.build(...) from a loaded
// file: "infra.isTrusted". Converters treat it like a library step. It
// returns "" for calls on anything but a plain name.
func objectStep(c *groovy.CallExpr) string {
	recv := identName(c.Receiver())
	switch recv {
	case "", "env", "params", "currentBuild", "this", "docker", "scm":
		return ""
	}
	return recv + "." + c.Name()
}

// eachStep reads list.each { v -> ... } as a for loop over list.
func (r *reader) eachStep(c *groovy.CallExpr, text string) *pipeline.Step {
	recv := c.Receiver()
	if c.Name() != "each" || recv == nil || c.TrailingClosures != 1 || len(c.Args) != 1 {
		return nil
	}
	cl := c.Block()
	name := "it"
	args := pipeline.Args{}
	switch len(cl.Params) {
	case 0:
	case 1:
		name = cl.Params[0].Name
	case 2:
		// map.each { key, value -> }
		name = cl.Params[0].Name
		args.Named = append(args.Named, pipeline.Named{Name: "value", Value: pipeline.StringValue(cl.Params[1].Name, cl.Range)})
	default:
		return nil
	}
	args.Named = append([]pipeline.Named{
		{Name: "var", Value: pipeline.StringValue(name, cl.Range)},
		{Name: "in", Value: r.value(recv)},
	}, args.Named...)
	return &pipeline.Step{Name: pipeline.ForStep, Text: text, Range: c.Range, Body: r.steps(cl.Body), Args: args}
}

// dockerStep names the Docker Pipeline plugin's block calls:
// docker.image('x').inside { }, docker.withRegistry(url, id) { }. It
// returns "" for other method calls.
func (r *reader) dockerStep(c *groovy.CallExpr) string {
	recv := c.Receiver()
	switch c.Name() {
	case "inside":
		if img, ok := recv.(*groovy.CallExpr); ok && img.Name() == "image" && identName(img.Receiver()) == "docker" {
			return "docker.image.inside"
		}
	case "withRegistry", "withServer", "withTool":
		if identName(recv) == "docker" {
			return "docker." + c.Name()
		}
	}
	return ""
}

// body reads the statements of an if, try or for body.
func (r *reader) body(s groovy.Stmt) []*pipeline.Step {
	if b, ok := s.(*groovy.BlockStmt); ok {
		return r.steps(b.Stmts)
	}
	if s == nil {
		return nil
	}
	return r.steps([]groovy.Stmt{s})
}

func (r *reader) closureArg(name string, s groovy.Stmt) pipeline.Named {
	return pipeline.Named{Name: name, Value: pipeline.Value{Kind: pipeline.Closure, Steps: r.body(s), Text: r.file.Text(s.Span()), Range: s.Span()}}
}

// nestedShells returns the script steps called anywhere inside n, in source
// order.
func (r *reader) nestedShells(n groovy.Node) []*pipeline.Step {
	var out []*pipeline.Step
	groovy.Walk(n, func(n groovy.Node) bool {
		c, ok := n.(*groovy.CallExpr)
		if !ok {
			return true
		}
		if _, plain := c.Fun.(*groovy.Ident); plain && pipeline.IsScriptStep(c.Name()) {
			out = append(out, &pipeline.Step{Name: c.Name(), Args: r.args(c), Text: r.file.Text(c.Range), Range: c.Range})
			return false
		}
		return true
	})
	return out
}

// KnownStep reports whether name is a step of Jenkins itself or of a widely
// installed plugin, as opposed to a shared-library step.
func KnownStep(name string) bool { return knownSteps[name] }

var knownSteps = func() map[string]bool {
	m := map[string]bool{}
	for _, s := range []string{
		"archiveArtifacts", "bat", "build", "catchError", "checkout", "cleanWs", "container",
		"copyArtifacts", "deleteDir", "dir", "docker", "echo", "emailext", "error", "fileExists",
		"git", "input", "isUnix", "junit", "library", "lock", "mail", "milestone", "node",
		"parallel", "podTemplate", "powershell", "properties", "publishHTML", "pwd", "pwsh",
		"readFile", "readJSON", "readProperties", "readYaml", "retry", "script", "sh",
		"slackSend", "sleep", "sshagent", "stage", "stash", "step", "timeout", "timestamps",
		"tool", "unstable", "unstash", "waitUntil", "warnError", "withCredentials",
		"withDockerContainer", "withDockerRegistry", "withEnv", "withMaven", "withSonarQubeEnv",
		"waitForQualityGate", "writeFile", "writeJSON", "writeYaml", "ws", "ansiColor",
		"httpRequest", "recordIssues", "jacoco", "cobertura", "publishChecks", "zip", "unzip",
	} {
		m[s] = true
	}
	return m
}()
