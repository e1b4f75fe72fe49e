package pipeline

import "github.com/jenkins2actions/jenkins2actions/diag"

// Expr is the structure of a Groovy expression that does not reduce to a
// literal value: a method call on a string, a ternary, arithmetic, a
// property of a parsed JSON document. The converter computes the ones it
// can in a shell step instead of leaving them to a person.
//
// Op says what the node is:
//   - OpLeaf: Leaf holds a literal, an interpolated string, a bare
//     variable or env/params reference (a String value with one Ref), a
//     list, a map, or a plain step call (a Call value such as readJSON(...)).
//   - OpNull is the null literal.
//   - OpProperty and OpSafeProperty read the property Name of X.
//   - OpIndex indexes X with Y.
//   - OpCall calls the method Name on X (X is nil for a plain call that is
//     not a step, such as Integer.parseInt, which has X = Integer), with
//     Args.
//   - OpTernary is X ? Y : Z, and OpElvis is X ?: Y.
//   - OpCast casts X to the type Name.
//   - OpMapLiteral is a map literal with computed keys: Args holds each
//     key, then its value.
//   - OpNot and OpMinus with only X are unary; any other operator is
//     binary, as written in Groovy: OpEq, OpAnd, OpPlus, OpMatch, OpIn, ...
type Expr struct {
	Op      Op
	X, Y, Z *Expr
	Name    string
	Args    []Named
	Leaf    *Value
	Text    string
	Range   diag.Range
}

// Op says what an Expr or a Cond node is. Operators keep Groovy's own
// spelling, so that messages can quote them.
type Op string

// The node kinds of Expr.
const (
	OpLeaf         Op = ""
	OpNull         Op = "null"
	OpProperty     Op = "."
	OpSafeProperty Op = "?."
	OpIndex        Op = "[]"
	OpCall         Op = "()"
	OpTernary      Op = "?"
	OpElvis        Op = "?:"
	OpCast         Op = "as"
	OpMapLiteral   Op = "[:]"
)

// The operators of Expr and Cond.
const (
	OpNot   Op = "!"
	OpMinus Op = "-"
	OpPlus  Op = "+"
	OpTimes Op = "*"
	OpDiv   Op = "/"
	OpMod   Op = "%"
	OpEq    Op = "=="
	OpNe    Op = "!="
	OpLt    Op = "<"
	OpGt    Op = ">"
	OpLe    Op = "<="
	OpGe    Op = ">="
	OpAnd   Op = "&&"
	OpOr    Op = "||"
	OpMatch Op = "==~"
	OpFind  Op = "=~"
	OpIn    Op = "in"
)

// The node kinds only Cond has: a variable's truth, a literal, and the
// string tests of X by Y.
const (
	OpRef        Op = "ref"
	OpLit        Op = "lit"
	OpStartsWith Op = "startsWith"
	OpEndsWith   Op = "endsWith"
	OpContains   Op = "contains"
)

// Ref returns the reference a leaf is made of alone (a bare name, env.X,
// params.X), and nil for anything else, a nil Expr included.
func (e *Expr) Ref() *Ref {
	if e == nil || e.Op != OpLeaf || e.Leaf == nil {
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
