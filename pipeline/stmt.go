package pipeline

import (
	"slices"

	"github.com/jenkins2actions/jenkins2actions/diag"
)

// Stmt is a Groovy statement the reader could read that is not a call of a
// Jenkins step: the typed content of a Step whose Stmt is set. It is one of
// *If, *Try, *For, *Def, *EnvSet, *SetResult, *SetDescription, *Throw,
// *Return, *Append, *Declare, *Branch, *MethodCall, *Groovy and
// *SyntaxError; converters switch on the type.
type Stmt interface {
	// Blocks are the statement lists the statement holds, in source
	// order, for walks that visit every step.
	Blocks() [][]*Step
}

// If is `if (cond) { Then } else { Else }`.
type If struct {
	// Cond is the reduced condition, nil when the condition is Groovy the
	// reader could not reduce.
	Cond *Cond
	// Test is the condition as a value, reduced or not.
	Test       Value
	Then, Else []*Step
}

// Try is `try { Body } catch (e) { ... } finally { Finally }`.
type Try struct {
	Body []*Step
	// Catches are the bodies of the catch clauses, in order.
	Catches [][]*Step
	Finally []*Step
}

// For is `for (Var in In) { Body }`, and `In.each { Var -> Body }`; a map's
// each with two parameters names the value ValueVar.
type For struct {
	Var, ValueVar string
	In            Value
	Body          []*Step
}

// Def is `def name = value` or `name = value`.
type Def struct {
	Name      string
	NameRange diag.Range
	Value     Value
	// Shells are the scripts a value the reader could not read calls,
	// so that converters can report them.
	Shells []*Step
}

// EnvSet is `env.NAME = value`.
type EnvSet struct {
	Name      string
	NameRange diag.Range
	Value     Value
	Shells    []*Step
}

// SetResult is `currentBuild.result = value`.
type SetResult struct{ Value Value }

// SetDescription is `currentBuild.description = value`, or displayName
// as Field.
type SetDescription struct {
	Field string
	Value Value
}

// Throw is `throw e`.
type Throw struct{}

// Return is `return` or `return value` (Value Absent without one).
type Return struct {
	Value  Value
	Shells []*Step
}

// Append is `list << value` on the variable Name.
type Append struct {
	Name  string
	Value Value
}

// Declare only declares names (`def a, b`, an import): nothing for a
// workflow to run.
type Declare struct{}

// Branch is `branches[key] = { Body }`, a closure stored in the map named
// Map that a later parallel(branches) runs.
type Branch struct {
	Map  string
	Key  Value
	Body []*Step
}

// MethodCall calls the method Name the Jenkinsfile defines (Pipeline.Methods
// holds its body), or one of a loaded file or a library variable; the
// Step's Args are the call's arguments and its Body the trailing closure.
type MethodCall struct{ Name string }

// Groovy is code the reader could not turn into steps: control flow it
// does not read, method definitions, other assignments.
type Groovy struct {
	// Shells are the scripts nested in the code, dug out so that no
	// script is lost.
	Shells []*Step
}

// SyntaxError is a statement the parser could not read; the statements
// around it are still read.
type SyntaxError struct{ Message string }

// Blocks are the then and else branches.
func (s *If) Blocks() [][]*Step { return [][]*Step{s.Then, s.Else} }

// Blocks are the body, the catch bodies and the finally block.
func (s *Try) Blocks() [][]*Step {
	return append(append([][]*Step{s.Body}, s.Catches...), s.Finally)
}

// Blocks are the loop body.
func (s *For) Blocks() [][]*Step { return [][]*Step{s.Body} }

// Blocks are the scripts of an unread value.
func (s *Def) Blocks() [][]*Step { return [][]*Step{s.Shells} }

// Blocks are the scripts of an unread value.
func (s *EnvSet) Blocks() [][]*Step { return [][]*Step{s.Shells} }

// Blocks are none.
func (s *SetResult) Blocks() [][]*Step { return nil }

// Blocks are none.
func (s *SetDescription) Blocks() [][]*Step { return nil }

// Blocks are none.
func (s *Throw) Blocks() [][]*Step { return nil }

// Blocks are the scripts of an unread value.
func (s *Return) Blocks() [][]*Step { return [][]*Step{s.Shells} }

// Blocks are none.
func (s *Append) Blocks() [][]*Step { return nil }

// Blocks are none.
func (s *Declare) Blocks() [][]*Step { return nil }

// Blocks are the stored closure's body.
func (s *Branch) Blocks() [][]*Step { return [][]*Step{s.Body} }

// Blocks are none: the trailing closure is the Step's Body.
func (s *MethodCall) Blocks() [][]*Step { return nil }

// Blocks are the nested scripts.
func (s *Groovy) Blocks() [][]*Step { return [][]*Step{s.Shells} }

// Blocks are none.
func (s *SyntaxError) Blocks() [][]*Step { return nil }

// Blocks are the statement lists a step holds: its body, and the blocks of
// its statement.
func (s *Step) Blocks() [][]*Step {
	if s.Stmt == nil {
		return [][]*Step{s.Body}
	}
	return append([][]*Step{s.Body}, s.Stmt.Blocks()...)
}

// Kind names what a step is for reports and messages: the step's name, or
// the statement's kind in angle brackets ("<if>"), which no Jenkins step
// can clash with.
func (s *Step) Kind() string {
	if s.Stmt == nil {
		return s.Name
	}
	return StmtKind(s.Stmt)
}

// StmtKind is the kind of a statement: "<if>", "<try>", ...
func StmtKind(st Stmt) string {
	switch st.(type) {
	case *If:
		return "<if>"
	case *Try:
		return "<try>"
	case *For:
		return "<for>"
	case *Def:
		return "<def>"
	case *EnvSet:
		return "<env>"
	case *SetResult:
		return "<result>"
	case *SetDescription:
		return "<description>"
	case *Throw:
		return "<throw>"
	case *Return:
		return "<return>"
	case *Append:
		return "<append>"
	case *Declare:
		return "<declare>"
	case *Branch:
		return "<branch>"
	case *MethodCall:
		return "<method>"
	case *Groovy:
		return "<groovy>"
	case *SyntaxError:
		return "<syntax-error>"
	}
	return "<statement>"
}

// Values are the values a step holds: its arguments, then the values of
// its statement (the assigned value, the iterated list, the tested
// condition, ...), for walks that visit every value.
func (s *Step) Values() []Value {
	out := slices.Clone(s.Args.Positional)
	for _, n := range s.Args.Named {
		out = append(out, n.Value)
	}
	switch st := s.Stmt.(type) {
	case *If:
		out = append(out, st.Test)
	case *For:
		out = append(out, st.In)
	case *Def:
		out = append(out, st.Value)
	case *EnvSet:
		out = append(out, st.Value)
	case *SetResult:
		out = append(out, st.Value)
	case *SetDescription:
		out = append(out, st.Value)
	case *Return:
		out = append(out, st.Value)
	case *Append:
		out = append(out, st.Value)
	case *Branch:
		out = append(out, st.Key)
	}
	return out
}
