package pipeline

import (
	"strconv"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/diag"
)

// ValueKind says what a Value holds.
type ValueKind int

// The value kinds. The zero Value is Absent.
const (
	Absent ValueKind = iota
	String
	Bool
	Number
	List
	Map
	// Expr is Groovy the reader could not reduce to a literal; Value.Text
	// holds its source.
	ExprValue
	// Closure is a block of steps passed as an argument.
	Closure
	// Call is a step-like call used as a value: string(credentialsId: 'x',
	// variable: 'Y') inside withCredentials, logRotator(...) inside
	// buildDiscarder. Value.Call holds its name and arguments.
	Call
)

// Value is a literal argument value. Strings may interpolate variables.
type Value struct {
	Kind  ValueKind
	Parts []Part // String
	Bool  bool
	Num   string // Number, as written
	List  []Value
	Map   []Named
	Steps []*Step // Closure
	Call  *Step   // Call
	// Expr is the structure of an ExprValue, nil when the reader could not
	// follow it (closures stored in variables, object construction).
	Expr *Expr
	// Text is the source text of the value (set for every kind).
	Text  string
	Range diag.Range
}

// Part is a piece of a string value: literal text or a reference.
type Part struct {
	Lit string
	Ref *Ref
}

// RefScope says what namespace an interpolated reference names.
type RefScope string

// The reference scopes.
const (
	// RefEnv is ${env.X} or ${X} / $X when X is an environment variable
	// (the reader cannot always tell a Groovy variable from an environment
	// variable; the converter decides by looking X up).
	RefEnv RefScope = "env"
	// RefParam is ${params.X}.
	RefParam RefScope = "params"
	// RefVar is a bare name that may be a Groovy variable or an environment
	// variable ($X, ${X}).
	RefVar RefScope = "var"
	// RefExpr is any other expression (${currentBuild.number},
	// ${foo()}); Text holds it.
	RefExpr RefScope = "expr"
)

// Ref is an interpolated reference inside a string.
type Ref struct {
	Scope RefScope
	Name  string
	// Text is the expression as written, without ${ }.
	Text string
	// Expr is the structure of a RefExpr reference, when it has one.
	Expr  *Expr
	Range diag.Range
}

// Named is a named argument or map entry.
type Named struct {
	Name  string
	Value Value
}

// Args holds a step's named and positional arguments.
type Args struct {
	Named      []Named
	Positional []Value
}

// Get returns the named argument, or the zero Value.
func (a Args) Get(name string) Value {
	for _, n := range a.Named {
		if n.Name == name {
			return n.Value
		}
	}
	return Value{}
}

// Has reports whether the named argument is present.
func (a Args) Has(name string) bool { return a.Get(name).Kind != Absent }

// First returns the first positional argument, or the named argument name
// when there is none: Jenkins steps accept both `sh 'x'` and
// `sh script: 'x'`.
func (a Args) First(name string) Value {
	if v := a.Get(name); v.Kind != Absent {
		return v
	}
	if len(a.Positional) > 0 && a.Positional[0].Kind != Closure {
		return a.Positional[0]
	}
	return Value{}
}

// Str returns a string value with references written as ${...}, a number or
// boolean as text, and "" for anything else.
func (v Value) Str() string {
	switch v.Kind {
	case String:
		var b strings.Builder
		for _, p := range v.Parts {
			if p.Ref != nil {
				b.WriteString("${")
				b.WriteString(p.Ref.Text)
				b.WriteString("}")
				continue
			}
			b.WriteString(p.Lit)
		}
		return b.String()
	case Bool:
		return strconv.FormatBool(v.Bool)
	case Number:
		return v.Num
	}
	return ""
}

// IsLiteral reports whether v is a string without references, a number or a
// boolean.
func (v Value) IsLiteral() bool {
	switch v.Kind {
	case Bool, Number:
		return true
	case String:
		for _, p := range v.Parts {
			if p.Ref != nil {
				return false
			}
		}
		return true
	}
	return false
}

// Ref returns the reference a string value is made of alone ("${X}",
// env.X, a bare name), and nil for anything else.
func (v Value) Ref() *Ref {
	if v.Kind == String && len(v.Parts) == 1 {
		return v.Parts[0].Ref
	}
	return nil
}

// Truthy returns the boolean meaning of a literal value, and false for
// anything else.
func (v Value) Truthy() bool {
	switch v.Kind {
	case Bool:
		return v.Bool
	case String:
		return v.Str() == "true"
	}
	return false
}

// Strings returns a list of literal strings (a single string counts as a
// one-element list).
func (v Value) Strings() []string {
	switch v.Kind {
	case List:
		out := make([]string, 0, len(v.List))
		for _, e := range v.List {
			out = append(out, e.Str())
		}
		return out
	case String, Number, Bool:
		return []string{v.Str()}
	}
	return nil
}

// StringValue makes a literal string value.
func StringValue(s string, r diag.Range) Value {
	return Value{Kind: String, Parts: []Part{{Lit: s}}, Text: strconv.Quote(s), Range: r}
}
