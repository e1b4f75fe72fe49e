package pipeline

import "github.com/jenkins2actions/jenkins2actions/diag"

// Expr is the structure of a Groovy expression that does not reduce to a
// literal value: a method call on a string, a ternary, arithmetic, a
// property of a parsed JSON document. The converter computes the ones it
// can in a shell step instead of leaving them to a person.
//
// Op says what the node is:
//   - "" is a leaf: Leaf holds a literal, an interpolated string, a bare
//     variable or env/params reference (a String value with one Ref), a
//     list, a map, or a plain step call (a Call value such as readJSON(...)).
//   - "null" is the null literal.
//   - "." and "?." read the property Name of X.
//   - "[]" indexes X with Y.
//   - "()" calls the method Name on X (X is nil for a plain call that is not
//     a step, such as Integer.parseInt, which has X = Integer), with Args.
//   - "?" is X ? Y : Z, and "?:" is X ?: Y.
//   - "as" casts X to the type Name.
//   - "[:]" is a map literal with computed keys: Args holds each key,
//     then its value.
//   - "!" and "-" (with only X) are unary; any other operator is binary,
//     as written in Groovy: "==", "&&", "+", "==~", "in", ...
type Expr struct {
	Op      string
	X, Y, Z *Expr
	Name    string
	Args    []Named
	Leaf    *Value
	Text    string
	Range   diag.Range
}

// Ref returns the reference a leaf is made of alone (a bare name, env.X,
// params.X), and nil for anything else, a nil Expr included.
func (e *Expr) Ref() *Ref {
	if e == nil || e.Op != "" || e.Leaf == nil {
		return nil
	}
	return e.Leaf.Ref()
}

// VisitValue calls closure with the steps of every closure in v and call
// with every call, in lists and maps at any depth: the code a value holds.
func VisitValue(v Value, closure func([]*Step), call func(*Step)) {
	switch v.Kind {
	case Closure:
		closure(v.Steps)
	case List:
		for _, e := range v.List {
			VisitValue(e, closure, call)
		}
	case Map:
		for _, n := range v.Map {
			VisitValue(n.Value, closure, call)
		}
	case Call:
		call(v.Call)
	}
}
