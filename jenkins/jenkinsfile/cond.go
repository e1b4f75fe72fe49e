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
				return &pipeline.Cond{Op: "!", X: c}
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
			if (x.Op == "==" || x.Op == "!=") && (a.Op != "ref" && a.Op != "lit" || b.Op != "ref" && b.Op != "lit") {
				return nil
			}
			return &pipeline.Cond{Op: x.Op, X: a, Y: b}
		}
	case *groovy.NullLit:
		// An unset variable is null in Groovy and empty in GitHub.
		return &pipeline.Cond{Op: "lit", Lit: pipeline.StringValue("", x.Range)}
	case *groovy.StringLit, *groovy.BoolLit, *groovy.NumberLit:
		v := r.value(e)
		if v.IsLiteral() {
			return &pipeline.Cond{Op: "lit", Lit: v}
		}
	case *groovy.Ident:
		// A bare name is a variable the converter may know (a def with a
		// literal value, a parameter); it decides.
		return &pipeline.Cond{Op: "ref", Ref: &pipeline.Ref{Scope: pipeline.RefVar, Name: x.Name, Text: x.Name, Range: x.Range}}
	case *groovy.PropertyExpr, *groovy.IndexExpr:
		if ref := r.ref(e); ref.Scope == pipeline.RefEnv || ref.Scope == pipeline.RefParam {
			return &pipeline.Cond{Op: "ref", Ref: ref}
		}
	case *groovy.CallExpr:
		// env.X.toBoolean() and params.X.toBoolean() are the variable's truth.
		if x.Name() == "toBoolean" && len(x.Args) == 0 {
			return r.cond(x.Receiver())
		}
	}
	return nil
}
