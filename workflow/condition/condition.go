// Package condition builds the conditions of GitHub Actions (the `if:` of
// jobs and steps) as a tree of And, Or and Not over expressions the
// converter writes, and renders the tree once, with the parentheses its
// structure needs. Conditions are combined as values, never by pasting
// and re-reading text: a condition from a when block, a try/catch flag and
// a post block's status function stay three leaves of one tree.
package condition

import (
	"regexp"
	"strings"

	"github.com/rhysd/actionlint"
)

// Expr is a condition. A nil Expr is no condition: it always holds, and
// combining it with others leaves them as they are.
type Expr interface {
	// String renders the condition bare, without ${{ }}.
	String() string
	prec() int
}

// Binding strengths, loosest first, as GitHub's expression syntax has them.
const (
	precOr = iota + 1
	precAnd
	precNot
	precAtom
)

// leaf is an expression the converter wrote: a comparison, a function
// call, a property.
type leaf struct {
	text string
	p    int
}

func (l *leaf) String() string { return l.text }
func (l *leaf) prec() int      { return l.p }

// Of is the condition text says. text is the converter's own GitHub
// expression, bare or inside ${{ }}; "" is no condition. A text that is
// itself an && or || of parts binds as loosely as they do when it is
// combined.
func Of(text string) Expr {
	text = Bare(text)
	if text == "" {
		return nil
	}
	return &leaf{text: text, p: precedence(text)}
}

// Always holds even after a failure: always().
var Always = Of("always()")

// False never holds: a job or step that will not run.
var False = Of("false")

// IsFalse reports whether e is the literal false.
func IsFalse(e Expr) bool { return e != nil && e.String() == "false" }

// String renders e; "" for no condition.
func String(e Expr) string {
	if e == nil {
		return ""
	}
	return e.String()
}

// Equal reports whether a and b render the same.
func Equal(a, b Expr) bool { return String(a) == String(b) }

type and []Expr

func (a and) String() string { return join(a, " && ", precAnd) }
func (a and) prec() int      { return precAnd }

type or []Expr

func (o or) String() string { return join(o, " || ", precAnd+1) }
func (o or) prec() int      { return precOr }

// join renders parts with sep, wrapping those that bind looser than min:
// an || inside an && needs parentheses, and an && inside an || gets them
// for the reader.
func join(parts []Expr, sep string, min int) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteString(sep)
		}
		if p.prec() < min {
			b.WriteString("(" + p.String() + ")")
			continue
		}
		b.WriteString(p.String())
	}
	return b.String()
}

type not struct{ x Expr }

func (n not) String() string {
	if l, ok := n.x.(*leaf); ok && l.p == precAtom && !strings.Contains(l.text, " ") {
		return "!" + l.text
	}
	return "!" + Paren(n.x.String())
}
func (n not) prec() int { return precNot }

// statusCall is a status function, which decides on its own whether a
// condition is tested after a failure.
var statusCall = regexp.MustCompile(`\b(always|success|failure|cancelled)\(\)`)

// callsStatus reports whether the expression text calls a status
// function outside its string literals: `env.MSG == 'failure()'` calls
// none, and keeping always() beside it matters.
func callsStatus(text string) bool {
	var code strings.Builder
	inStr := false
	for i := 0; i < len(text); i++ {
		if text[i] == '\'' {
			inStr = !inStr // '' inside a literal toggles twice
			code.WriteByte(' ')
			continue
		}
		if !inStr {
			code.WriteByte(text[i])
		}
	}
	return statusCall.MatchString(code.String())
}

// And holds when every part does. Parts that are no condition are left
// out, and always() too when another part calls a status function, which
// already says whether the condition holds after a failure.
func And(parts ...Expr) Expr {
	var flat and
	for _, p := range parts {
		switch p := p.(type) {
		case nil:
		case and:
			flat = append(flat, p...)
		default:
			flat = append(flat, p)
		}
	}
	status := false
	for _, p := range flat {
		if !Equal(p, Always) && callsStatus(p.String()) {
			status = true
		}
	}
	var out and
	for _, p := range flat {
		if status && Equal(p, Always) {
			continue
		}
		out = append(out, p)
	}
	switch len(out) {
	case 0:
		return nil
	case 1:
		return out[0]
	}
	return out
}

// Or holds when some part does; a part that is no condition always
// holds, and so does the whole.
func Or(parts ...Expr) Expr {
	var flat or
	for _, p := range parts {
		switch p := p.(type) {
		case nil:
			return nil
		case or:
			flat = append(flat, p...)
		default:
			flat = append(flat, p)
		}
	}
	if len(flat) == 1 {
		return flat[0]
	}
	return flat
}

// Not holds when e does not; Not of no condition is False.
func Not(e Expr) Expr {
	if e == nil {
		return False
	}
	return not{e}
}

// Reads reports whether e reads one of the contexts (env, steps, ...),
// found by parsing the rendered expression with actionlint, so that a
// string literal that mentions a context does not count.
func Reads(e Expr, contexts ...string) bool {
	if e == nil {
		return false
	}
	node, err := actionlint.NewExprParser().Parse(actionlint.NewExprLexer(e.String() + "}}"))
	if err != nil {
		// The converter writes only expressions that parse; read the
		// unparsable one as reading everything, the safe side.
		return true
	}
	found := false
	actionlint.VisitExprNode(node, func(n, _ actionlint.ExprNode, entering bool) {
		if v, ok := n.(*actionlint.VariableNode); ok && entering {
			for _, c := range contexts {
				if strings.EqualFold(v.Name, c) {
					found = true
				}
			}
		}
	})
	return found
}

// precedence tells how loosely text binds: its top-level operator, outside
// string literals and parentheses.
func precedence(text string) int {
	p := precAtom
	depth, inStr := 0, false
	for i := 0; i < len(text); i++ {
		switch ch := text[i]; {
		case ch == '\'':
			inStr = !inStr // '' inside a literal toggles twice
		case inStr:
		case ch == '(':
			depth++
		case ch == ')':
			depth--
		case depth == 0 && i+1 < len(text) && ch == '|' && text[i+1] == '|':
			return precOr
		case depth == 0 && i+1 < len(text) && ch == '&' && text[i+1] == '&':
			p = precAnd
		case depth == 0 && i == 0 && ch == '!' && p == precAtom:
			p = precNot
		case depth == 0 && ch == ' ' && p == precNot:
			// !a == b: the ! binds to a only; the whole is a comparison.
			p = precAtom
		}
	}
	return p
}

// Operand renders e as an operand of a comparison: in parentheses unless
// it binds as one term.
func Operand(e Expr) string {
	if e == nil {
		return "true"
	}
	if e.prec() < precAtom {
		return "(" + e.String() + ")"
	}
	return e.String()
}

// Paren wraps the expression text in parentheses unless they already
// enclose all of it, for a leaf that is an operand of a comparison.
func Paren(text string) string {
	if !strings.HasPrefix(text, "(") {
		return "(" + text + ")"
	}
	depth, inStr := 0, false
	for i := 0; i < len(text)-1; i++ {
		switch ch := text[i]; {
		case ch == '\'':
			inStr = !inStr
		case inStr:
		case ch == '(':
			depth++
		case ch == ')':
			if depth--; depth == 0 {
				return "(" + text + ")" // the first ( closes before the end
			}
		}
	}
	return text
}

// Bare strips the ${{ }} around a whole expression.
func Bare(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "${{") && strings.HasSuffix(s, "}}") && strings.Count(s, "${{") == 1 {
		return strings.TrimSpace(s[3 : len(s)-2])
	}
	return s
}
