// Package groovy parses the Groovy that Jenkinsfiles are written in into a
// syntax tree that keeps the source range of every node.
//
// The parser is tolerant: it reports each syntax error as a diagnostic, skips
// to the next statement and goes on, so that one odd line never hides the rest
// of a pipeline. It knows nothing of Jenkins; the declarative and scripted
// interpreters in package jenkinsfile walk the tree it builds.
package groovy

import "github.com/jenkins2actions/jenkins2actions/diag"

// Node is any syntax tree node.
type Node interface {
	// Span is the node's source range, from its first byte to just past its
	// last byte.
	Span() diag.Range
}

// Expr is an expression node.
type Expr interface {
	Node
	exprNode()
}

// Stmt is a statement node.
type Stmt interface {
	Node
	stmtNode()
}

// File is a parsed source file.
type File struct {
	Name  string
	Src   []byte
	Stmts []Stmt
	Range diag.Range
	// Unclosed is set when the input ends inside a bracket, a string or a
	// comment: past the error, nothing tells where statements end.
	Unclosed bool
}

// Span implements Node.
func (f *File) Span() diag.Range { return f.Range }

// Text returns the source text that r covers, or "" when r is not in f.
func (f *File) Text(r diag.Range) string {
	if r.Start.Offset < 0 || r.End.Offset > len(f.Src) || r.Start.Offset > r.End.Offset {
		return ""
	}
	return string(f.Src[r.Start.Offset:r.End.Offset])
}

// ---- Expressions ----

// Ident is a bare name: a variable, a step name, `_`, `this`.
type Ident struct {
	Name  string
	Range diag.Range
}

// StringKind says how a string literal was quoted.
type StringKind int

// The string literal forms of Groovy.
const (
	SingleQuoted       StringKind = iota // 'x'
	DoubleQuoted                         // "x ${y}"
	TripleSingleQuoted                   // '''x'''
	TripleDoubleQuoted                   // """x ${y}"""
	Slashy                               // /x${y}/
	DollarSlashy                         // $/x${y}/$
)

// Interpolating reports whether strings of this kind expand ${} and $x.
func (k StringKind) Interpolating() bool { return k != SingleQuoted && k != TripleSingleQuoted }

// StringPart is one piece of a string literal: either literal text (Expr is
// nil) or an interpolated expression.
type StringPart struct {
	// Lit is the literal text with escapes already decoded.
	Lit string
	// Expr is the interpolated expression of `${expr}` or `$name.prop`.
	Expr Expr
	// Braced is true for the `${...}` form, false for `$name`.
	Braced bool
	Range  diag.Range
}

// StringLit is a string literal of any form. A string without interpolation
// has a single literal part (or none when empty).
type StringLit struct {
	Kind  StringKind
	Parts []StringPart
	Range diag.Range
}

// IsPlain reports whether the string has no interpolated parts.
func (s *StringLit) IsPlain() bool {
	for _, p := range s.Parts {
		if p.Expr != nil {
			return false
		}
	}
	return true
}

// Value returns the literal text of a plain string; interpolated parts are
// left out.
func (s *StringLit) Value() string {
	if len(s.Parts) == 1 && s.Parts[0].Expr == nil {
		return s.Parts[0].Lit
	}
	var n int
	for _, p := range s.Parts {
		n += len(p.Lit)
	}
	b := make([]byte, 0, n)
	for _, p := range s.Parts {
		b = append(b, p.Lit...)
	}
	return string(b)
}

// NumberLit is an integer or decimal literal, kept as written (with any
// suffix such as L or G).
type NumberLit struct {
	Text  string
	Range diag.Range
}

// BoolLit is true or false.
type BoolLit struct {
	Value bool
	Range diag.Range
}

// NullLit is null.
type NullLit struct {
	Range diag.Range
}

// ListLit is [a, b, c].
type ListLit struct {
	Elems []Expr
	// Tuple is set on the names of a multiple assignment, (a, b) = pair,
	// the one list Groovy assigns to.
	Tuple bool
	Range diag.Range
}

// MapEntry is one key: value pair of a map literal or of named arguments.
type MapEntry struct {
	// Key is an *Ident for a bare key (`a: 1`), a *StringLit, a *NumberLit,
	// or any expression in parentheses (`(k): 1`). It is nil for the spread
	// form `*: m`.
	Key   Expr
	Value Expr
	Range diag.Range
}

// KeyName returns the key's text when it is a bare name or a plain string.
func (e *MapEntry) KeyName() (string, bool) {
	switch k := e.Key.(type) {
	case *Ident:
		return k.Name, true
	case *StringLit:
		if k.IsPlain() {
			return k.Value(), true
		}
	}
	return "", false
}

// MapLit is [a: 1, b: 2] or [:].
type MapLit struct {
	Entries []*MapEntry
	Range   diag.Range
}

// Param is a closure or method parameter.
type Param struct {
	Type    string // "" when untyped
	Name    string
	Default Expr // nil when none
	Range   diag.Range
}

// ClosureExpr is { params -> body }. Params is nil when the closure declares
// no parameter list; ExplicitParams is true for `{ -> ... }` and `{ a -> ...}`.
type ClosureExpr struct {
	Params         []*Param
	ExplicitParams bool
	Body           []Stmt
	Range          diag.Range
}

// Arg is one argument of a call: positional (Name == "") or named.
type Arg struct {
	Name string
	// NameRange covers the name of a named argument.
	NameRange diag.Range
	Value     Expr
	// Spread is true for `*list` and `*:map` arguments.
	Spread bool
}

// CallExpr is a method or function call in any of its Groovy forms:
// `f(a, b)`, `f a, b` (a command expression, Parens false), `f(a) { ... }` and
// `f { ... }` (trailing closures, which Groovy passes as the last arguments and
// which appear at the end of Args), `obj.m(x)`, `obj?.m(x)`.
type CallExpr struct {
	// Fun is what is called: an *Ident for `f(...)`, a *PropertyExpr for
	// `obj.m(...)`, or any other expression (`f(a)(b)`).
	Fun Expr
	// Args holds named and positional arguments in source order, then the
	// trailing closures.
	Args []*Arg
	// Parens is true when the arguments were written in parentheses.
	Parens bool
	// TrailingClosures counts the closures written after the argument list;
	// they are the last TrailingClosures elements of Args.
	TrailingClosures int
	Range            diag.Range
}

// Name returns the called method's name (`f` for `f(x)` and `a.b.f(x)`), or
// "" when the callee is not a name.
func (c *CallExpr) Name() string {
	switch f := c.Fun.(type) {
	case *Ident:
		return f.Name
	case *PropertyExpr:
		return f.Name
	}
	return ""
}

// Receiver returns the object a method is called on (`a.b` for `a.b.f(x)`),
// or nil for a plain call.
func (c *CallExpr) Receiver() Expr {
	if p, ok := c.Fun.(*PropertyExpr); ok {
		return p.X
	}
	return nil
}

// Named returns the value of the named argument name, or nil.
func (c *CallExpr) Named(name string) Expr {
	for _, a := range c.Args {
		if a.Name == name {
			return a.Value
		}
	}
	return nil
}

// Positional returns the positional arguments, trailing closures included.
func (c *CallExpr) Positional() []Expr {
	var out []Expr
	for _, a := range c.Args {
		if a.Name == "" && !a.Spread {
			out = append(out, a.Value)
		}
	}
	return out
}

// Block returns the last trailing closure, or a closure passed as the last
// positional argument, or nil.
func (c *CallExpr) Block() *ClosureExpr {
	if len(c.Args) == 0 {
		return nil
	}
	last := c.Args[len(c.Args)-1]
	if last.Name != "" {
		return nil
	}
	cl, _ := last.Value.(*ClosureExpr)
	return cl
}

// PropertyExpr is x.name, x?.name (Safe), x*.name (Spread), or x.@name.
type PropertyExpr struct {
	X        Expr
	Name     string
	NameSpan diag.Range
	Safe     bool
	Spread   bool
	Range    diag.Range
}

// IndexExpr is x[i] or x?[i].
type IndexExpr struct {
	X     Expr
	Index Expr
	Safe  bool
	Range diag.Range
}

// BinaryExpr is x op y. Op is the operator as written: arithmetic, comparison,
// logical, bitwise, `?:` (elvis), `=~`, `==~`, `in`, `instanceof`, `..`,
// `..<`, `<=>`, `.&` (method pointer), and the assignments `=`, `+=`, `-=`,
// `*=`, `/=`, `%=`, `?=`, `<<=`, `>>=`, `&=`, `|=`, `^=`.
type BinaryExpr struct {
	Op    string
	X, Y  Expr
	Range diag.Range
}

// IsAssign reports whether the expression is an assignment (=, +=, ...),
// as opposed to a comparison such as == or <=.
func (b *BinaryExpr) IsAssign() bool {
	return binaryPrec(&token{kind: tOp, text: b.Op}) == precAssign
}

// UnaryExpr is op x (`!`, `-`, `+`, `~`, `++`, `--`) or x op (`++`, `--`) when
// Postfix is true.
type UnaryExpr struct {
	Op      string
	X       Expr
	Postfix bool
	Range   diag.Range
}

// TernaryExpr is cond ? a : b.
type TernaryExpr struct {
	Cond, Then, Else Expr
	Range            diag.Range
}

// NewExpr is `new Type(args)`, `new Type[n]` or `new Type() { ... }`.
type NewExpr struct {
	Type  string
	Args  []*Arg
	Range diag.Range
}

// CastExpr is `x as Type` or `(Type) x`.
type CastExpr struct {
	X     Expr
	Type  string
	Range diag.Range
}

// ParenExpr is (x); it is kept so that `(a ?: b).split()` quotes right.
type ParenExpr struct {
	X     Expr
	Range diag.Range
}

// BadExpr stands where an expression could not be parsed. A diagnostic has
// been reported for it.
type BadExpr struct {
	Range diag.Range
}

func (n *Ident) Span() diag.Range        { return n.Range }
func (n *StringLit) Span() diag.Range    { return n.Range }
func (n *NumberLit) Span() diag.Range    { return n.Range }
func (n *BoolLit) Span() diag.Range      { return n.Range }
func (n *NullLit) Span() diag.Range      { return n.Range }
func (n *ListLit) Span() diag.Range      { return n.Range }
func (n *MapLit) Span() diag.Range       { return n.Range }
func (n *ClosureExpr) Span() diag.Range  { return n.Range }
func (n *CallExpr) Span() diag.Range     { return n.Range }
func (n *PropertyExpr) Span() diag.Range { return n.Range }
func (n *IndexExpr) Span() diag.Range    { return n.Range }
func (n *BinaryExpr) Span() diag.Range   { return n.Range }
func (n *UnaryExpr) Span() diag.Range    { return n.Range }
func (n *TernaryExpr) Span() diag.Range  { return n.Range }
func (n *NewExpr) Span() diag.Range      { return n.Range }
func (n *CastExpr) Span() diag.Range     { return n.Range }
func (n *ParenExpr) Span() diag.Range    { return n.Range }
func (n *BadExpr) Span() diag.Range      { return n.Range }

func (*Ident) exprNode()        {}
func (*StringLit) exprNode()    {}
func (*NumberLit) exprNode()    {}
func (*BoolLit) exprNode()      {}
func (*NullLit) exprNode()      {}
func (*ListLit) exprNode()      {}
func (*MapLit) exprNode()       {}
func (*ClosureExpr) exprNode()  {}
func (*CallExpr) exprNode()     {}
func (*PropertyExpr) exprNode() {}
func (*IndexExpr) exprNode()    {}
func (*BinaryExpr) exprNode()   {}
func (*UnaryExpr) exprNode()    {}
func (*TernaryExpr) exprNode()  {}
func (*NewExpr) exprNode()      {}
func (*CastExpr) exprNode()     {}
func (*ParenExpr) exprNode()    {}
func (*BadExpr) exprNode()      {}

// ---- Statements ----

// ExprStmt is an expression used as a statement: a call, an assignment.
type ExprStmt struct {
	X Expr
}

// DeclStmt declares variables: `def x = 1`, `String s`, `def (a, b) = pair`,
// `def a, b`. Type is "def" or the declared type.
type DeclStmt struct {
	Type      string
	Modifiers []string // final, static, private, ...
	Names     []string
	Value     Expr // nil when there is no initialiser
	Range     diag.Range
}

// BlockStmt is a `{ ... }` block used as a statement body.
type BlockStmt struct {
	Stmts []Stmt
	Range diag.Range
}

// IfStmt is if (cond) then [else else]. Else is nil, an *IfStmt, or any
// other statement (usually a *BlockStmt).
type IfStmt struct {
	Cond  Expr
	Then  Stmt
	Else  Stmt
	Range diag.Range
}

// ForStmt is either a classic `for (init; cond; post)` loop or a
// `for (x in xs)` / `for (Type x : xs)` loop (Var and Iter set).
type ForStmt struct {
	Init Stmt // classic form; may be nil
	Cond Expr // classic form; may be nil
	Post Expr // classic form; may be nil

	VarType string // for-in form: "" or the declared type
	Var     string // for-in form
	Iter    Expr   // for-in form

	Body  Stmt
	Range diag.Range
}

// WhileStmt is while (cond) body, or do body while (cond) when Do is true.
type WhileStmt struct {
	Cond  Expr
	Body  Stmt
	Do    bool
	Range diag.Range
}

// CatchClause is catch (Type1 | Type2 name) { ... }.
type CatchClause struct {
	Types []string
	Name  string
	Body  *BlockStmt
	Range diag.Range
}

// TryStmt is try { } catch ... finally { }.
type TryStmt struct {
	Body    *BlockStmt
	Catches []*CatchClause
	Finally *BlockStmt // nil when absent
	Range   diag.Range
}

// SwitchCase is one `case a, b:` or `default:` group of a switch.
type SwitchCase struct {
	Values  []Expr // nil for default
	Default bool
	Body    []Stmt
	Range   diag.Range
}

// SwitchStmt is switch (x) { case ...: ... }.
type SwitchStmt struct {
	X     Expr
	Cases []*SwitchCase
	Range diag.Range
}

// ReturnStmt is return [x].
type ReturnStmt struct {
	X     Expr // may be nil
	Range diag.Range
}

// ThrowStmt is throw x.
type ThrowStmt struct {
	X     Expr
	Range diag.Range
}

// BranchStmt is break or continue (Keyword), with an optional label.
type BranchStmt struct {
	Keyword string
	Label   string
	Range   diag.Range
}

// AssertStmt is assert cond [: message].
type AssertStmt struct {
	Cond    Expr
	Message Expr
	Range   diag.Range
}

// MethodDecl is a method definition: `def name(params) { body }`, possibly
// with modifiers, a return type and annotations (in the enclosing
// AnnotatedStmt).
type MethodDecl struct {
	Modifiers  []string
	ReturnType string // "def", "void", a type, or "" when only modifiers were given
	Name       string
	Params     []*Param
	Body       *BlockStmt
	Range      diag.Range
}

// ClassDecl is a class, interface, enum or trait definition. The body is
// kept as source statements where it parsed; Jenkinsfiles rarely hold classes
// and the interpreters only report them.
type ClassDecl struct {
	Keyword string // class, interface, enum, trait
	Name    string
	Body    []Stmt
	Range   diag.Range
}

// ImportStmt is import a.b.C, import a.b.*, import static a.b.C.m [as x].
type ImportStmt struct {
	Path   string // as written, with .* for wildcard imports
	Static bool
	Alias  string
	Range  diag.Range
}

// Annotation is @Name or @Name(args).
type Annotation struct {
	Name  string
	Args  []*Arg
	Range diag.Range
}

// AnnotatedStmt is one or more annotations and the statement they annotate
// (`@Library('lib') _`, `@NonCPS def f() {}`). Stmt may be nil when the
// annotations end the file.
type AnnotatedStmt struct {
	Annotations []*Annotation
	Stmt        Stmt
	Range       diag.Range
}

// LabeledStmt is label: stmt.
type LabeledStmt struct {
	Label string
	Stmt  Stmt
	Range diag.Range
}

// BadStmt stands where a statement could not be parsed; the parser skipped
// its text and reported a diagnostic. Err is that diagnostic's message,
// when it was reported inside the statement.
type BadStmt struct {
	Range diag.Range
	Err   string
}

func (n *ExprStmt) Span() diag.Range      { return n.X.Span() }
func (n *DeclStmt) Span() diag.Range      { return n.Range }
func (n *BlockStmt) Span() diag.Range     { return n.Range }
func (n *IfStmt) Span() diag.Range        { return n.Range }
func (n *ForStmt) Span() diag.Range       { return n.Range }
func (n *WhileStmt) Span() diag.Range     { return n.Range }
func (n *TryStmt) Span() diag.Range       { return n.Range }
func (n *SwitchStmt) Span() diag.Range    { return n.Range }
func (n *ReturnStmt) Span() diag.Range    { return n.Range }
func (n *ThrowStmt) Span() diag.Range     { return n.Range }
func (n *BranchStmt) Span() diag.Range    { return n.Range }
func (n *AssertStmt) Span() diag.Range    { return n.Range }
func (n *MethodDecl) Span() diag.Range    { return n.Range }
func (n *ClassDecl) Span() diag.Range     { return n.Range }
func (n *ImportStmt) Span() diag.Range    { return n.Range }
func (n *AnnotatedStmt) Span() diag.Range { return n.Range }
func (n *LabeledStmt) Span() diag.Range   { return n.Range }
func (n *BadStmt) Span() diag.Range       { return n.Range }

func (*ExprStmt) stmtNode()      {}
func (*DeclStmt) stmtNode()      {}
func (*BlockStmt) stmtNode()     {}
func (*IfStmt) stmtNode()        {}
func (*ForStmt) stmtNode()       {}
func (*WhileStmt) stmtNode()     {}
func (*TryStmt) stmtNode()       {}
func (*SwitchStmt) stmtNode()    {}
func (*ReturnStmt) stmtNode()    {}
func (*ThrowStmt) stmtNode()     {}
func (*BranchStmt) stmtNode()    {}
func (*AssertStmt) stmtNode()    {}
func (*MethodDecl) stmtNode()    {}
func (*ClassDecl) stmtNode()     {}
func (*ImportStmt) stmtNode()    {}
func (*AnnotatedStmt) stmtNode() {}
func (*LabeledStmt) stmtNode()   {}
func (*BadStmt) stmtNode()       {}
