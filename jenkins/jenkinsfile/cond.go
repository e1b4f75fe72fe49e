package jenkinsfile

import (
	"github.com/jenkins2actions/jenkins2actions/jenkins/groovy"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

// cond reduces a Groovy boolean expression to a pipeline.Cond when it only
// compares environment variables, parameters and literals; otherwise it
// returns nil and the caller keeps the Groovy text.
func (r *reader) cond(e groovy.Expr) *pipeline.Cond {
	switch x := e.(type) {
	case *groovy.ParenExpr:
		return r.cond(x.X)
	case *groovy.UnaryExpr:
		if x.Op == "!" && !x.Postfix {
			if c := r.cond(x.X); c != nil {
				return &pipeline.Cond{Op: pipeline.OpNot, X: c}
			}
		}
	case *groovy.BinaryExpr:
		switch x.Op {
		case "&&", "||", "==", "!=":
			a, b := r.cond(x.X), r.cond(x.Y)
			if a == nil || b == nil {
				return nil
			}
			// Only variables compare to literals: a literal on both sides
			// or a comparison of comparisons is not worth translating.
			if (x.Op == "==" || x.Op == "!=") && (a.Op != pipeline.OpRef && a.Op != pipeline.OpLit || b.Op != pipeline.OpRef && b.Op != pipeline.OpLit) {
				return nil
			}
			return &pipeline.Cond{Op: pipeline.Op(x.Op), X: a, Y: b}
		}
	case *groovy.NullLit:
		// An unset variable is null in Groovy and empty in GitHub.
		return &pipeline.Cond{Op: pipeline.OpLit, Lit: pipeline.StringValue("", x.Range)}
	case *groovy.StringLit:
		// "${X}" compares like X.
		if len(x.Parts) == 1 && x.Parts[0].Expr != nil {
			if c := r.cond(x.Parts[0].Expr); c != nil && c.Op == pipeline.OpRef {
				return c
			}
			return nil
		}
		v := r.value(e)
		if v.IsLiteral() {
			return &pipeline.Cond{Op: pipeline.OpLit, Lit: v}
		}
	case *groovy.BoolLit, *groovy.NumberLit:
		v := r.value(e)
		if v.IsLiteral() {
			return &pipeline.Cond{Op: pipeline.OpLit, Lit: v}
		}
	case *groovy.Ident:
		// A bare name is a variable the converter may know (a def with a
		// literal value, a parameter); it decides.
		return &pipeline.Cond{Op: pipeline.OpRef, Ref: &pipeline.Ref{Scope: pipeline.RefVar, Name: x.Name, Text: x.Name, Range: x.Range}}
	case *groovy.PropertyExpr, *groovy.IndexExpr:
		if p, ok := e.(*groovy.PropertyExpr); ok && identName(p.X) == "currentBuild" && (p.Name == "result" || p.Name == "currentResult") {
			return &pipeline.Cond{Op: pipeline.OpRef, Ref: &pipeline.Ref{Scope: pipeline.RefExpr, Name: pipeline.BuildResult, Text: r.file.Text(p.Range), Range: p.Range}}
		}
		if ref := r.ref(e); ref.Scope == pipeline.RefEnv || ref.Scope == pipeline.RefParam {
			return &pipeline.Cond{Op: pipeline.OpRef, Ref: ref}
		}
	case *groovy.CallExpr:
		recv := x.Receiver()
		if recv == nil {
			return nil
		}
		switch {
		case (x.Name() == "toBoolean" || x.Name() == "trim") && len(x.Args) == 0:
			// env.X.toBoolean() is the variable's truth; env.X.trim()
			// its value.
			return r.cond(recv)
		case len(x.Args) == 1 && x.Args[0].Name == "":
			op := x.Name()
			if op == "equals" {
				op = "=="
			}
			switch op {
			case "==", "startsWith", "endsWith", "contains":
				a, b := r.cond(recv), r.cond(x.Args[0].Value)
				if a == nil || b == nil || a.Op != pipeline.OpRef || b.Op != pipeline.OpLit && b.Op != pipeline.OpRef {
					return nil
				}
				return &pipeline.Cond{Op: pipeline.Op(op), X: a, Y: b}
			}
		}
	}
	return nil
}
