package jenkinsfile

import (
	"strings"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/jenkins/groovy"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

// steps reads a statement list into steps. A call of a named step becomes a
// Step, its trailing closure the step's body; a statement the reader can
// follow becomes a typed pipeline.Stmt; any other becomes pipeline.Groovy,
// which keeps its text and the shell steps nested in it.
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
		return stmt(&pipeline.Declare{}, text, rng)
	case *groovy.DeclStmt:
		if len(x.Names) == 1 && x.Value != nil {
			return r.assignStep(false, x.Names[0], x.Range, x.Value, text, rng)
		}
		if x.Value == nil {
			return stmt(&pipeline.Declare{}, text, rng)
		}
	case *groovy.IfStmt:
		st := &pipeline.If{Cond: r.cond(x.Cond), Test: r.exprValue(x.Cond), Then: r.body(x.Then)}
		if x.Else != nil {
			st.Else = r.body(x.Else)
		}
		return stmt(st, text, rng)
	case *groovy.TryStmt:
		st := &pipeline.Try{Body: r.body(x.Body)}
		for _, cc := range x.Catches {
			st.Catches = append(st.Catches, r.body(cc.Body))
		}
		if x.Finally != nil {
			st.Finally = r.body(x.Finally)
		}
		return stmt(st, text, rng)
	case *groovy.ForStmt:
		if x.Iter != nil && x.Var != "" {
			return stmt(&pipeline.For{Var: x.Var, In: r.value(x.Iter), Body: r.body(x.Body)}, text, rng)
		}
	case *groovy.BlockStmt:
		return &pipeline.Step{Name: "script", Text: text, Range: rng, Body: r.steps(x.Stmts)}
	case *groovy.ThrowStmt:
		return stmt(&pipeline.Throw{}, text, rng)
	case *groovy.BadStmt:
		return r.syntaxErrorStep(x)
	case *groovy.ReturnStmt:
		st := &pipeline.Return{}
		if x.X != nil {
			st.Value = r.value(x.X)
			st.Shells = r.nestedShells(x.X)
		}
		return stmt(st, text, rng)
	}
	return stmt(&pipeline.Groovy{Shells: r.nestedShells(s)}, text, rng)
}

// stmt makes the step that holds a statement.
func stmt(s pipeline.Stmt, text string, rng diag.Range) *pipeline.Step {
	return &pipeline.Step{Stmt: s, Text: text, Range: rng}
}

// syntaxErrorStep stands for a statement the parser could not read.
func (r *reader) syntaxErrorStep(b *groovy.BadStmt) *pipeline.Step {
	msg := b.Err
	if msg == "" {
		msg = "the statement does not parse"
	}
	return stmt(&pipeline.SyntaxError{Message: msg}, r.file.Text(b.Range), b.Range)
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
			st.Name, st.Stmt = "", &pipeline.MethodCall{Name: name}
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
			return r.assignStep(false, id.Name, id.Range, &groovy.BinaryExpr{Op: x.Op[:1], X: id, Y: one, Range: x.Range}, text, rng)
		}
	case *groovy.BinaryExpr:
		if id, ok := x.X.(*groovy.Ident); ok && x.Op == "<<" {
			return stmt(&pipeline.Append{Name: id.Name, Value: r.value(x.Y)}, text, rng)
		}
		if id, ok := x.X.(*groovy.Ident); ok && len(x.Op) == 2 && strings.IndexByte("+-*/", x.Op[0]) >= 0 && x.Op[1] == '=' {
			// x += y is x = x + (y).
			return r.assignStep(false, id.Name, id.Range, &groovy.BinaryExpr{Op: x.Op[:1], X: id, Y: &groovy.ParenExpr{X: x.Y, Range: x.Y.Span()}, Range: x.Range}, text, rng)
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
			return stmt(&pipeline.Branch{Map: m.Name, Key: r.value(target.Index), Body: r.steps(cl.Body)}, text, rng)
		case *groovy.Ident:
			return r.assignStep(false, target.Name, target.Range, x.Y, text, rng)
		case *groovy.PropertyExpr:
			owner := identName(target.X)
			switch {
			case owner == "env":
				return r.assignStep(true, target.Name, target.NameSpan, x.Y, text, rng)
			case owner == "currentBuild" && (target.Name == "description" || target.Name == "displayName"):
				return stmt(&pipeline.SetDescription{Field: target.Name, Value: r.value(x.Y)}, text, rng)
			case owner == "currentBuild" && target.Name == "result":
				return stmt(&pipeline.SetResult{Value: r.value(x.Y)}, text, rng)
			}
		}
	}
	return nil
}

// assignStep makes a Def, or an EnvSet for env.NAME. When the value is
// Groovy the converter cannot read, the scripts it calls are kept so that
// they can be reported.
func (r *reader) assignStep(env bool, name string, nameRange diag.Range, value groovy.Expr, text string, rng diag.Range) *pipeline.Step {
	if !env {
		if st := r.loadStep(value, name, text, rng); st != nil {
			return st
		}
	}
	v := r.value(value)
	var shells []*pipeline.Step
	if v.Kind == pipeline.ExprValue {
		shells = r.nestedShells(value)
	}
	if env {
		return stmt(&pipeline.EnvSet{Name: name, NameRange: nameRange, Value: v, Shells: shells}, text, rng)
	}
	return stmt(&pipeline.Def{Name: name, NameRange: nameRange, Value: v, Shells: shells}, text, rng)
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
	if len(cl.Params) > 2 {
		return nil
	}
	st := &pipeline.For{Var: "it"}
	if len(cl.Params) > 0 {
		st.Var = cl.Params[0].Name
	}
	if len(cl.Params) == 2 {
		// map.each { key, value -> }
		st.ValueVar = cl.Params[1].Name
	}
	st.In, st.Body = r.value(recv), r.steps(cl.Body)
	return stmt(st, text, c.Range)
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
