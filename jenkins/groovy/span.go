package groovy

import "github.com/jenkins2actions/jenkins2actions/diag"

// The parts of nodes below are nodes too, so that Walk can visit them and
// callers can point diagnostics at them.

// Span implements Node.
func (e *MapEntry) Span() diag.Range { return e.Range }

// Span implements Node.
func (p *Param) Span() diag.Range { return p.Range }

// Span implements Node. A named argument spans its name and its value.
func (a *Arg) Span() diag.Range {
	r := a.Value.Span()
	if a.Name != "" && a.NameRange.Start.IsValid() && a.NameRange.Start.Offset < r.Start.Offset {
		r.Start = a.NameRange.Start
	}
	return r
}

// Span implements Node.
func (c *CatchClause) Span() diag.Range { return c.Range }

// Span implements Node.
func (c *SwitchCase) Span() diag.Range { return c.Range }

// Span implements Node.
func (a *Annotation) Span() diag.Range { return a.Range }

// An annotation is also an expression: annotations nest in the arguments of
// others, as in @Grapes([@Grab('a'), @Grab('b')]).
func (*Annotation) exprNode() {}
