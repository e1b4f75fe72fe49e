package jenkinsfile

import (
	"github.com/jenkins2actions/jenkins2actions/jenkins/groovy"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

// value turns an argument expression into a model value. Literals, strings
// with interpolation and string concatenation become values the converter
// can translate; anything else is kept as Groovy source text.
func (r *reader) value(e groovy.Expr) pipeline.Value {
	rng := e.Span()
	text := r.file.Text(rng)
	switch x := e.(type) {
	case *groovy.StringLit:
		v := pipeline.Value{Kind: pipeline.String, Text: text, Range: rng}
		for _, p := range x.Parts {
			if p.Expr == nil {
				v.Parts = append(v.Parts, pipeline.Part{Lit: p.Lit})
				continue
			}
			ref := r.ref(p.Expr)
			if ref.Scope == pipeline.RefExpr {
				ref.Expr = r.expr(p.Expr)
			}
			v.Parts = append(v.Parts, pipeline.Part{Ref: ref})
		}
		return v
	case *groovy.NumberLit:
		return pipeline.Value{Kind: pipeline.Number, Num: x.Text, Text: text, Range: rng}
	case *groovy.BoolLit:
		return pipeline.Value{Kind: pipeline.Bool, Bool: x.Value, Text: text, Range: rng}
	case *groovy.ListLit:
		v := pipeline.Value{Kind: pipeline.List, Text: text, Range: rng}
		for _, el := range x.Elems {
			v.List = append(v.List, r.value(el))
		}
		return v
	case *groovy.MapLit:
		v := pipeline.Value{Kind: pipeline.Map, Text: text, Range: rng}
		for _, en := range x.Entries {
			name, ok := en.KeyName()
			if !ok {
				// Computed keys: a map expression, keys and values in turn.
				return pipeline.Value{Kind: pipeline.ExprValue, Text: text, Range: rng, Expr: r.mapExpr(x)}
			}
			v.Map = append(v.Map, pipeline.Named{Name: name, Value: r.value(en.Value)})
		}
		return v
	case *groovy.ClosureExpr:
		return pipeline.Value{Kind: pipeline.Closure, Steps: r.steps(x.Body), Text: text, Range: rng}
	case *groovy.ParenExpr:
		return r.value(x.X)
	case *groovy.CallExpr:
		// sh(...).trim() is the script step, marked trimmed.
		if inner, ok := x.Receiver().(*groovy.CallExpr); ok && x.Name() == "trim" && len(x.Args) == 0 {
			if _, plain := inner.Fun.(*groovy.Ident); plain && pipeline.IsScriptStep(inner.Name()) {
				v := r.value(inner)
				v.Call.Trimmed = true
				v.Text, v.Range = text, rng
				return v
			}
		}
		if name := objectStep(x); name != "" && r.methods[name] {
			// A method of a loaded file or a library variable.
			return pipeline.Value{Kind: pipeline.Call, Call: &pipeline.Step{Name: name, Args: r.args(x), Text: text, Range: rng}, Text: text, Range: rng}
		}
		switch x.Fun.(type) {
		case *groovy.StringLit, *groovy.NumberLit, *groovy.BoolLit, *groovy.NullLit:
			if x.TrailingClosures > 0 {
				lit := r.file.Text(x.Fun.Span())
				r.warn(x, "closure-on-literal", "%s { ... } calls %s with the closure, and Jenkins stops here (No signature of method ... call()); to give the closure to the step, put the step's arguments in parentheses: step(%s) { ... }", lit, lit, lit)
			}
		}
		if _, plain := x.Fun.(*groovy.Ident); plain {
			st := &pipeline.Step{Name: r.localName(x), Args: r.args(x), Text: text, Range: rng}
			if x.TrailingClosures > 0 {
				st.Body = r.steps(x.Block().Body)
			}
			return pipeline.Value{Kind: pipeline.Call, Call: st, Text: text, Range: rng}
		}
	case *groovy.BinaryExpr:
		if x.Op == "+" {
			if v, ok := r.concat(x); ok {
				return v
			}
		}
	case *groovy.Ident, *groovy.PropertyExpr:
		// A bare variable or env.X used as a whole argument reads like
		// "${X}" to the converter.
		if ref := r.ref(e); ref.Scope != pipeline.RefExpr {
			return pipeline.Value{Kind: pipeline.String, Parts: []pipeline.Part{{Ref: ref}}, Text: text, Range: rng}
		}
	}
	return r.exprValue(e)
}

// exprValue keeps an expression that does not reduce to a value, with its
// structure when the reader can follow it.
func (r *reader) exprValue(e groovy.Expr) pipeline.Value {
	return pipeline.Value{Kind: pipeline.ExprValue, Text: r.file.Text(e.Span()), Range: e.Span(), Expr: r.expr(e)}
}

// mapExpr keeps a map literal whose keys are computed, such as
// ["${dir}/a.zip": 'a']: Args holds each key, then its value. Only
// string and bare-name keys are followed.
func (r *reader) mapExpr(m *groovy.MapLit) *pipeline.Expr {
	out := &pipeline.Expr{Op: pipeline.OpMapLiteral, Text: r.file.Text(m.Range), Range: m.Range}
	for _, en := range m.Entries {
		var key pipeline.Value
		switch k := en.Key.(type) {
		case *groovy.StringLit:
			key = r.value(k)
		case *groovy.Ident:
			key = pipeline.StringValue(k.Name, k.Range)
		default:
			return nil
		}
		out.Args = append(out.Args, pipeline.Named{Value: key}, pipeline.Named{Value: r.value(en.Value)})
	}
	return out
}

// expr returns the structure of an expression, or nil for Groovy no shell
// step could compute (closures, assignments, object construction).
func (r *reader) expr(e groovy.Expr) *pipeline.Expr {
	out := &pipeline.Expr{Text: r.file.Text(e.Span()), Range: e.Span()}
	leaf := func() *pipeline.Expr {
		v := r.value(e)
		if v.Kind == pipeline.ExprValue {
			return v.Expr
		}
		if v.Kind == pipeline.Closure {
			return nil
		}
		out.Leaf = &v
		return out
	}
	switch x := e.(type) {
	case *groovy.ParenExpr:
		return r.expr(x.X)
	case *groovy.NullLit:
		out.Op = pipeline.OpNull
	case *groovy.StringLit, *groovy.NumberLit, *groovy.BoolLit, *groovy.ListLit, *groovy.MapLit, *groovy.Ident:
		return leaf()
	case *groovy.PropertyExpr:
		if x.Spread {
			return nil
		}
		if r.ref(e).Scope != pipeline.RefExpr {
			return leaf()
		}
		out.Op, out.X, out.Name = pipeline.OpProperty, r.expr(x.X), x.Name
		if x.Safe {
			out.Op = pipeline.OpSafeProperty
		}
	case *groovy.IndexExpr:
		if ref := r.ref(e); ref.Scope != pipeline.RefExpr {
			out.Leaf = &pipeline.Value{Kind: pipeline.String, Parts: []pipeline.Part{{Ref: ref}}, Text: out.Text, Range: out.Range}
			return out
		}
		out.Op, out.X, out.Y = pipeline.OpIndex, r.expr(x.X), r.expr(x.Index)
	case *groovy.CallExpr:
		if _, plain := x.Fun.(*groovy.Ident); plain {
			return leaf()
		}
		recv := x.Receiver()
		if recv == nil {
			return nil
		}
		out.Op, out.X, out.Name = pipeline.OpCall, r.expr(recv), x.Name()
		a := r.args(x)
		for _, p := range a.Positional {
			out.Args = append(out.Args, pipeline.Named{Value: p})
		}
		out.Args = append(out.Args, a.Named...)
	case *groovy.BinaryExpr:
		if x.Op == "+" {
			if v, ok := r.concat(x); ok {
				out.Leaf = &v
				return out
			}
		}
		if x.IsAssign() {
			return nil
		}
		out.Op, out.X, out.Y = pipeline.Op(x.Op), r.expr(x.X), r.expr(x.Y)
	case *groovy.UnaryExpr:
		if x.Postfix || x.Op == "++" || x.Op == "--" {
			return nil
		}
		out.Op, out.X = pipeline.Op(x.Op), r.expr(x.X)
	case *groovy.TernaryExpr:
		out.Op, out.X, out.Y, out.Z = pipeline.OpTernary, r.expr(x.Cond), r.expr(x.Then), r.expr(x.Else)
	case *groovy.CastExpr:
		out.Op, out.X, out.Name = pipeline.OpCast, r.expr(x.X), x.Type
	default:
		return nil
	}
	return out
}

// concat folds "a" + b + "c" into one interpolated string when every operand
// is a string or a variable reference.
func (r *reader) concat(x *groovy.BinaryExpr) (pipeline.Value, bool) {
	var parts []pipeline.Part
	var walk func(e groovy.Expr) bool
	walk = func(e groovy.Expr) bool {
		if b, ok := e.(*groovy.BinaryExpr); ok && b.Op == "+" {
			return walk(b.X) && walk(b.Y)
		}
		v := r.value(e)
		if v.Kind != pipeline.String && v.Kind != pipeline.Number {
			return false
		}
		if v.Kind == pipeline.Number {
			parts = append(parts, pipeline.Part{Lit: v.Num})
			return true
		}
		parts = append(parts, v.Parts...)
		return true
	}
	if !walk(x) {
		return pipeline.Value{}, false
	}
	// Only a concatenation that involves a string literal is string
	// concatenation; a + b may as well be arithmetic.
	if !hasStringOperand(x) {
		return pipeline.Value{}, false
	}
	return pipeline.Value{Kind: pipeline.String, Parts: parts, Text: r.file.Text(x.Range), Range: x.Range}, true
}

func hasStringOperand(e groovy.Expr) bool {
	switch x := e.(type) {
	case *groovy.StringLit:
		return true
	case *groovy.BinaryExpr:
		return hasStringOperand(x.X) || hasStringOperand(x.Y)
	}
	return false
}

// ref classifies an interpolated expression: env.X, params.X, a bare name,
// or something else.
func (r *reader) ref(e groovy.Expr) *pipeline.Ref {
	ref := &pipeline.Ref{Scope: pipeline.RefExpr, Text: r.file.Text(e.Span()), Range: e.Span()}
	switch x := e.(type) {
	case *groovy.Ident:
		ref.Scope, ref.Name = pipeline.RefVar, x.Name
	case *groovy.PropertyExpr:
		if id, ok := x.X.(*groovy.Ident); ok && !x.Spread {
			switch id.Name {
			case "env":
				ref.Scope, ref.Name = pipeline.RefEnv, x.Name
			case "params":
				ref.Scope, ref.Name = pipeline.RefParam, x.Name
			}
		}
	case *groovy.IndexExpr:
		// env['X'] and params['X'].
		if id, ok := x.X.(*groovy.Ident); ok {
			if s, ok := x.Index.(*groovy.StringLit); ok && s.IsPlain() {
				switch id.Name {
				case "env":
					ref.Scope, ref.Name = pipeline.RefEnv, s.Value()
				case "params":
					ref.Scope, ref.Name = pipeline.RefParam, s.Value()
				}
			}
		}
	}
	return ref
}

// args converts call arguments. Closures passed as arguments (not trailing
// blocks) are converted to step lists.
func (r *reader) args(c *groovy.CallExpr) pipeline.Args {
	var a pipeline.Args
	n := len(c.Args) - c.TrailingClosures
	for i, arg := range c.Args {
		if i >= n {
			break
		}
		if arg.Name != "" {
			a.Named = append(a.Named, pipeline.Named{Name: arg.Name, Value: r.value(arg.Value)})
			continue
		}
		// f([a: 1]) is the same as f(a: 1) for Jenkins steps.
		if m, ok := arg.Value.(*groovy.MapLit); ok && n == 1 {
			if v := r.value(m); v.Kind == pipeline.Map {
				a.Named = append(a.Named, v.Map...)
				continue
			}
		}
		a.Positional = append(a.Positional, r.value(arg.Value))
	}
	return a
}

// stringArg returns the literal text of a call's first argument (or of its
// named argument name), and whether it was a plain literal.
func (r *reader) stringArg(c *groovy.CallExpr, name string) (string, bool) {
	v := r.args(c).First(name)
	return v.Str(), v.IsLiteral()
}

// identName returns the name of a bare identifier argument (agent any).
func identName(e groovy.Expr) string {
	if id, ok := e.(*groovy.Ident); ok {
		return id.Name
	}
	return ""
}
