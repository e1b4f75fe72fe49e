package groovy

import (
	"slices"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/diag"
)

// Binary operator precedences, loosest first, after Groovy's operator
// precedence table.
const (
	precNone = iota
	precAssign
	precTernary // ?: and ?:
	precOr
	precAnd
	precBitOr
	precXor
	precBitAnd
	precEquality   // == != <=> === !== =~ ==~
	precRelational // < <= > >= in !in instanceof !instanceof as
	precShift      // << >> >>> .. ..<
	precAdditive
	precMultiplicative
	precPower
)

func binaryPrec(t *token) int {
	switch t.kind {
	case tOp:
		switch t.text {
		case "=", "+=", "-=", "*=", "/=", "%=", "**=", "?=", "<<=", ">>=", ">>>=", "&=", "|=", "^=":
			return precAssign
		case "?", "?:":
			return precTernary
		case "||":
			return precOr
		case "&&":
			return precAnd
		case "|":
			return precBitOr
		case "^":
			return precXor
		case "&":
			return precBitAnd
		case "==", "!=", "<=>", "===", "!==", "=~", "==~":
			return precEquality
		case "<", "<=", ">", ">=", "!in", "!instanceof":
			return precRelational
		case "<<", ">>", ">>>", "..", "..<":
			return precShift
		case "+", "-":
			return precAdditive
		case "*", "/", "%":
			return precMultiplicative
		case "**":
			return precPower
		}
	case tIdent:
		if t.kw && (t.text == "in" || t.text == "instanceof" || t.text == "as") {
			return precRelational
		}
	}
	return precNone
}

// cover is the range from start to the end of n.
func cover(start diag.Pos, n Node) diag.Range {
	r := n.Span()
	if r.End.Offset < start.Offset {
		r.End = start
	}
	r.Start = start
	return r
}

// parseExpr parses an expression, assignments included, but not a command
// expression: a call without parentheses is only a statement.
func (p *parser) parseExpr() Expr { return p.parseBinaryRest(p.parseUnary(), precAssign, false) }

func (p *parser) parseBinary(minPrec int) Expr {
	return p.parseBinaryRest(p.parseUnary(), minPrec, false)
}

// parseExprCmd parses an expression in statement position, where a name
// followed by arguments on the same line is a call without parentheses
// (`sh 'make'`, `x = readFile file: 'a'`).
func (p *parser) parseExprCmd() Expr {
	p.attach = true
	x := p.parseUnary()
	// Only the statement's leading path takes a closure from the next
	// line (Groovy's LC_STMT): not its arguments, nor right operands.
	p.attach = false
	if isCommandHead(x) && p.startsCommandArg() {
		return p.parseCommand(x)
	}
	if c, ok := x.(*CallExpr); ok && (c.Parens || c.TrailingClosures > 0) {
		// After a command chain (foo(a) b c) the statement ends: Groovy
		// 2.4 takes no operator there, not even an assignment.
		if y := p.parseChain(c); y != Expr(c) {
			return y
		}
	}
	return p.parseBinaryRest(x, precAssign, true)
}

func isCommandCallee(x Expr) bool {
	switch x := x.(type) {
	case *Ident:
		return !keywords[x.Name]
	case *PropertyExpr, *IndexExpr, *ClosureExpr:
		// { a -> a } x calls the closure with x.
		return true
	}
	return false
}

// isCommandHead reports whether x, the first primary of a statement, may
// take arguments without parentheses: a name or member, and in Groovy 2.4
// any literal too (`'a' x` calls the string with x).
func isCommandHead(x Expr) bool {
	switch x.(type) {
	case *StringLit, *NumberLit, *BoolLit, *NullLit, *ListLit, *MapLit, *ParenExpr:
		return true
	}
	return isCommandCallee(x)
}

// startsCommandArg reports whether the current token begins the first
// argument of a command expression. An opening bracket does not: `a [1]`
// indexes like `a[1]`, and `a -1` subtracts.
func (p *parser) startsCommandArg() bool {
	t := p.tok()
	switch {
	case t.nlBefore:
		return false
	case startsValue(t):
		return true
	}
	// A keyword as the key of a named argument: `foo default: 1`.
	return t.kw && p.peek(1).is(":")
}

// startsSignedArg reports whether the current token is a sign on the same
// line as what follows it, which begins an argument after a method name of
// a command chain.
func (p *parser) startsSignedArg() bool {
	t := p.tok()
	return !t.nlBefore && t.kind == tOp && (t.text == "+" || t.text == "-") && !p.peek(1).nlBefore
}

// startsValue reports whether t begins a literal, a name, `new` or a
// negation: what may follow both a command and a class-type cast.
func startsValue(t *token) bool {
	switch t.kind {
	case tString, tNumber:
		return true
	case tIdent:
		if !t.kw {
			return true
		}
		switch t.text {
		case "true", "false", "null", "this", "super", "new":
			return true
		}
	case tOp:
		return t.text == "!" || t.text == "~"
	}
	return false
}

func (p *parser) parseCommand(fun Expr) Expr {
	c := &CallExpr{Fun: fun}
	for {
		c.Args = append(c.Args, p.parseArg())
		if !p.got(",") {
			break
		}
	}
	c.Range = p.rng(fun.Span().Start)
	p.checkNamedArgs(c.Args)
	// No closure is the command's own: one after an argument is the
	// argument's (foo 'a' { x }), or else a link of the chain.
	return p.parseChain(c)
}

// parseChain parses the rest of a command chain after its first call: in
// `a b c d`, the name c read on x = a(b), then its argument d.
func (p *parser) parseChain(x Expr) Expr {
	for {
		t := p.tok()
		// A method name is any primary: a name, a string, a number, and
		// the constants true, false and null.
		if t.nlBefore || !(t.isName() || t.kind == tString || t.kind == tNumber || t.is("{") || t.kw && (t.text == "true" || t.text == "false" || t.text == "null")) {
			return x
		}
		var name string
		switch {
		case t.is("{"):
			// A closure may be a link too: in foo a instanceof B { x } + 1
			// it follows a type, which takes none; it is kept as its text.
			if c, ok := x.(*CallExpr); ok && len(c.Args) > 0 {
				if id, ok := c.Args[len(c.Args)-1].Value.(*Ident); ok && (id.Name == "this" || id.Name == "super") {
					p.errorf(t, "%s { ... } calls a constructor, which only a constructor's first statement may", id.Name)
				}
			}
			p.parseClosure()
			name = p.text(t.start, p.prevEnd)
		case t.kind == tString:
			s := p.parseString(t)
			name = s.Value()
		default:
			name = t.text
			p.next()
		}
		prop := &PropertyExpr{X: x, Name: name, NameSpan: p.tokRange(t), Range: p.rng(x.Span().Start)}
		if nt := p.tok(); !nt.nlBefore && (nt.is("++") || nt.is("--")) {
			// a b c ++d passes ++d to c; Groovy 2.4 has no c++ there.
			return p.parseCommand(prop)
		}
		x = p.parsePostfix(prop)
		// In a chain an argument may start with a sign too: a b c -1 is
		// a(b).c(-1), where a -1 alone subtracts.
		if isCommandCallee(x) && (p.startsCommandArg() || p.startsSignedArg()) {
			return p.parseCommand(x)
		}
	}
}

// parseBinaryRest parses binary operators of at least minPrec with x as the
// left operand. cmd allows a command expression right of an assignment.
func (p *parser) parseBinaryRest(x Expr, minPrec int, cmd bool) Expr {
	relational := false
	for {
		t := p.tok()
		prec := binaryPrec(t)
		if prec == precNone || prec < minPrec {
			return x
		}
		op := t.text
		// Groovy 2.4 compares once: `a < b < c`, `a in b in c` and
		// `x as A as B` do not parse, nor does an operator binding tighter
		// after the type of `as` or instanceof (`a instanceof B % c`).
		if relational && prec >= precRelational {
			p.errorf(t, "%s after a comparison, in, instanceof or as (add parentheses)", op)
		}
		relational = relational || prec == precRelational
		switch op {
		case "?=":
			p.groovy3(t, "the operator ?=", "write x = x ?: y")
		case "!in", "!instanceof":
			p.groovy3(t, "the operator "+op, "write !(x "+op[1:]+" y)")
		}
		p.next()
		start := x.Span().Start
		switch {
		case op == "?":
			then := p.parseExpr()
			p.expect(":", "in conditional expression")
			els := p.parseBinary(precTernary)
			x = &TernaryExpr{Cond: x, Then: then, Else: els, Range: cover(start, els)}
		case prec == precAssign:
			if !assignable(x) {
				p.errorf(t, "the left side of %s is not a variable, a property or an element", op)
			}
			var y Expr
			if cmd {
				y = p.parseExprCmd()
			} else {
				y = p.parseBinary(precAssign)
			}
			x = &BinaryExpr{Op: op, X: x, Y: y, Range: cover(start, y)}
		case op == "as":
			typ := p.parseType()
			x = &CastExpr{X: x, Type: typ, Range: p.rng(start)}
			if nt := p.tok(); strings.HasSuffix(typ, ">>") && nt.nlBefore && nt.kind != tEOF && !nt.is("}") {
				// Groovy 2.4 reads on past a line break after `>>`, as
				// after a shift operator.
				p.errorf(p.tok(), "Groovy 2.4 joins the next line to a statement that ends in `>>` (wrap the expression in parentheses)")
			}
			p.endAfterTypeArgs(typ)
		case op == "instanceof" || op == "!instanceof":
			tt := p.tok()
			typ := p.parseType()
			y := &Ident{Name: typ, Range: p.rngOrTok(tt)}
			x = &BinaryExpr{Op: op, X: x, Y: y, Range: cover(start, y)}
			p.endAfterTypeArgs(typ)
		default:
			next := prec + 1
			if op == "?:" || op == "**" {
				next = prec // right-associative
			}
			y := p.parseBinary(next)
			x = &BinaryExpr{Op: op, X: x, Y: y, Range: cover(start, y)}
		}
	}
}

// endAfterTypeArgs puts back the line break after a type that ends in one
// `>`: the lexer took it for an operator the next line continues, but
// Groovy 2.4 ends the statement there (x as List<String>, then -y on the
// next line, are two statements).
func (p *parser) endAfterTypeArgs(typ string) {
	t := p.tok()
	if !strings.HasSuffix(typ, ">") || strings.HasSuffix(typ, ">>") || !t.nlBefore || t.inParens || t.kind == tNewline || t.kind == tEOF {
		return
	}
	nl := token{kind: tNewline, start: t.start, end: t.start}
	p.toks = slices.Insert(p.toks, p.i, nl)
}

// parseUnary parses prefix operators, casts, and a primary with its
// postfix operators. `!` and `~` bind tighter than `**`, unary minus and
// `++` looser, as in Groovy.
func (p *parser) parseUnary() Expr {
	t := p.tok()
	if !p.enter(t) {
		return p.bad()
	}
	defer p.leave()
	if t.kind == tOp {
		switch t.text {
		case "!", "~":
			p.next()
			x := p.parseUnary()
			return &UnaryExpr{Op: t.text, X: x, Range: cover(t.start, x)}
		case "-", "+", "++", "--":
			p.next()
			if t.text == "++" || t.text == "--" {
				// The operand may open the next line; the lexer kept
				// the break, as ++ may end a line as a postfix.
				p.skipNewlines()
			}
			x := p.parseBinary(precPower)
			return &UnaryExpr{Op: t.text, X: x, Range: cover(t.start, x)}
		case "(":
			if c := p.tryCast(); c != nil {
				return c
			}
		}
	}
	return p.parsePostfix(p.parsePrimary())
}

// tryCast parses `(Type) x` as Groovy 2.4 does: parentheses holding
// nothing but a type are a cast when an operand follows on the same line,
// even a lowercase name (`(a) b`, `(Set)[]`). Only a primitive type casts
// a signed operand: `(String) -1` subtracts.
func (p *parser) tryCast() Expr {
	j, _ := p.scanType(p.i + 1)
	if j < 0 || !p.at(j).is(")") {
		return nil
	}
	nt := p.at(j + 1)
	switch {
	case nt.nlBefore:
		return nil
	case startsOperand(nt):
	case isPrimitive(p.at(p.i+1)) && (nt.is("-") || nt.is("+") || nt.is("++") || nt.is("--")):
	default:
		return nil
	}
	start := p.tok().start
	p.next()
	typ := p.parseType()
	p.expect(")", "after cast type")
	x := p.parseUnary()
	return &CastExpr{X: x, Type: typ, Range: cover(start, x)}
}

// startsOperand reports whether t can begin a unary expression other than
// a signed one: what Groovy's grammar lets follow a class-type cast.
func startsOperand(t *token) bool {
	return startsValue(t) || isPrimitive(t) || t.is("(") || t.is("[") || t.is("{")
}

func (p *parser) parsePrimary() Expr {
	t := p.tok()
	switch t.kind {
	case tIdent:
		if !t.kw {
			p.next()
			return &Ident{Name: t.text, Range: p.tokRange(t)}
		}
		switch t.text {
		case "true", "false":
			p.next()
			return &BoolLit{Value: t.text == "true", Range: p.tokRange(t)}
		case "null":
			p.next()
			return &NullLit{Range: p.tokRange(t)}
		case "new":
			return p.parseNew()
		case "this", "super", "boolean", "byte", "char", "short", "int", "long", "float", "double", "void":
			p.next()
			return &Ident{Name: t.text, Range: p.tokRange(t)}
		case "in":
			// Groovy 2.4 reads `in.x` as a member of a variable named in.
			if p.peek(1).is(".") {
				p.next()
				return &Ident{Name: t.text, Range: p.tokRange(t)}
			}
		}
	case tNumber:
		p.next()
		return &NumberLit{Text: t.text, Range: p.tokRange(t)}
	case tString:
		return p.parseString(t)
	case tOp:
		switch t.text {
		case "(":
			if p.isTupleTarget() {
				return p.parseTupleTarget()
			}
			p.next()
			x := p.parseExpr()
			p.expect(")", "after expression")
			return &ParenExpr{X: x, Range: p.rng(t.start)}
		case "[":
			return p.parseListOrMap()
		case "{":
			return p.parseClosure()
		case "@":
			// Annotations nest in annotation arguments:
			// @Grapes([@Grab('a'), @Grab('b')]).
			return p.parseAnnotation()
		}
	}
	p.errorExpected("expression", t)
	return &BadExpr{Range: p.tokRange(t)}
}

// isTupleTarget reports whether the current `(` starts the left side of a
// multiple assignment, `(a, b) = pair`.
func (p *parser) isTupleTarget() bool {
	j := p.i + 1
	for {
		if !p.at(j).isName() {
			return false
		}
		j++
		if p.at(j).is(")") {
			return j > p.i+2 && p.at(j+1).is("=")
		}
		if !p.at(j).is(",") {
			return false
		}
		j++
	}
}

// parseTupleTarget parses `(a, b)` before `=` as a list of the assigned
// names.
func (p *parser) parseTupleTarget() Expr {
	open := p.tok()
	p.next()
	l := &ListLit{Tuple: true}
	for {
		t := p.tok()
		p.next()
		l.Elems = append(l.Elems, &Ident{Name: t.text, Range: p.tokRange(t)})
		if !p.got(",") {
			break
		}
	}
	p.next() // )
	l.Range = p.rng(open.start)
	return l
}

// parsePostfix parses member access, calls, trailing closures, indexing and
// postfix ++/--. Calls, closures and indexes must start on the line of what
// they apply to; a `.` may start the next line.
func (p *parser) parsePostfix(x Expr) Expr {
	for {
		t := p.tok()
		if u, incDec := x.(*UnaryExpr); t.kind == tNewline && p.attach && !(incDec && u.Postfix) && p.peekPastNewlines().is("{") {
			// Groovy passes a closure that opens the next line to what
			// ends the line before: `stage('Build')` or `pipeline`, then
			// `{` on its own line, is one call.
			p.skipNewlines()
			p.tok().nlBefore = false
			c, ok := x.(*CallExpr)
			if !ok {
				c = &CallExpr{Fun: x}
			}
			p.trailingClosures(c)
			c.Range = p.rng(c.Fun.Span().Start)
			x = c
			continue
		}
		if t.kind != tOp {
			return x
		}
		switch t.text {
		case ".", "?.", "*.", ".@":
			p.next()
			nt := p.tok()
			var name string
			switch nt.kind {
			case tIdent:
				name = nt.text
				p.next()
			case tString:
				s := p.parseString(nt)
				name = s.Value()
				if !s.IsPlain() {
					name = p.text(s.Range.Start, s.Range.End)
				}
			case tOp:
				switch nt.text {
				case "(":
					// a.(b) names the member by b's value: kept as its
					// text, which no reader takes for a name.
					p.parsePrimary()
					name = p.text(nt.start, p.prevEnd)
				case "{":
					// a.{ x } runs the closure with a as its delegate, as
					// a.with { x } does.
					c := &CallExpr{Fun: &PropertyExpr{X: x, Name: "with", NameSpan: p.tokRange(nt), Range: p.rng(x.Span().Start)}}
					p.trailingClosures(c)
					c.Range = p.rng(x.Span().Start)
					x = c
					continue
				default:
					p.errorExpected("name after "+describe(t), nt)
					return x
				}
			default:
				p.errorExpected("name after "+describe(t), nt)
				return x
			}
			x = &PropertyExpr{X: x, Name: name, NameSpan: p.rng(nt.start), Safe: t.text == "?.", Spread: t.text == "*.", Range: p.rng(x.Span().Start)}
		case ".&", "::":
			if t.text == "::" {
				p.groovy3(t, "method references `::`", "use .&")
			}
			p.next()
			nt := p.tok()
			if nt.kind != tIdent {
				p.errorExpected("method name after "+describe(t), nt)
				return x
			}
			p.next()
			y := &Ident{Name: nt.text, Range: p.tokRange(nt)}
			x = &BinaryExpr{Op: t.text, X: x, Y: y, Range: cover(x.Span().Start, y)}
		case "(":
			if t.nlBefore && !t.inParens || !callable(x) {
				return x
			}
			x = p.parseCall(x)
		case "{":
			if t.nlBefore || !appendable(x) {
				return x
			}
			c := &CallExpr{Fun: x}
			p.trailingClosures(c)
			c.Range = p.rng(x.Span().Start)
			x = c
		case "[":
			if t.nlBefore && !t.inParens {
				return x
			}
			x = p.parseIndex(x, false)
		case "?":
			// x?[i] is a safe index; a `?` with a space after is a ternary.
			if n := p.peek(1); t.nlBefore || !n.is("[") || n.start.Offset != t.end.Offset {
				return x
			}
			p.groovy3(t, "the safe index `?[`", "use ?.getAt(i)")
			p.next()
			x = p.parseIndex(x, true)
		case "++", "--":
			if t.nlBefore {
				return x
			}
			p.next()
			x = &UnaryExpr{Op: t.text, X: x, Postfix: true, Range: p.rng(x.Span().Start)}
		default:
			return x
		}
	}
}

// assignable reports whether x may be assigned to: a name, a property, an
// element, or a tuple of names.
func assignable(x Expr) bool {
	switch x := x.(type) {
	case *Ident, *PropertyExpr, *IndexExpr:
		return true
	case *ListLit:
		// [a, b] = pair is no assignment; (a, b) = pair is.
		return x.Tuple
	case *ParenExpr:
		return assignable(x.X)
	case *BinaryExpr:
		// a = b = c assigns c to b first.
		return x.Op == "=" && assignable(x.X)
	}
	return false
}

// appendable reports whether a closure after x on its line calls x with
// it. Groovy 2.4 appends a closure to any primary, literals included:
// `'a' { x }` calls 'a' with the closure, so that in `foo 'a' { x } + 1`
// the closure is the argument's, not foo's. Not to this and super, where
// it is a constructor call, nor to new A(), where it is a class body.
func appendable(x Expr) bool {
	_, isNew := x.(*NewExpr)
	// After new A(), parseNew has taken a class body; what is left is a
	// closure that opens with ->.
	return isNew || isCommandHead(x)
}

// callable reports whether `(` after x calls it.
func callable(x Expr) bool {
	switch x.(type) {
	case *Ident, *PropertyExpr, *CallExpr, *IndexExpr, *ParenExpr, *ClosureExpr:
		return true
	}
	return false
}

func (p *parser) parseCall(fun Expr) Expr {
	c := &CallExpr{Fun: fun, Args: p.parseParenArgs(), Parens: true}
	p.trailingClosures(c)
	c.Range = p.rng(fun.Span().Start)
	return c
}

// trailingClosures parses the closures written after a call on its line.
func (p *parser) trailingClosures(c *CallExpr) {
	for p.is("{") && !p.tok().nlBefore {
		c.Args = append(c.Args, &Arg{Value: p.parseClosure()})
		c.TrailingClosures++
	}
}

// atCloser reports whether the current token closes a bracket or ends the
// input, where a list of arguments or elements must stop.
func (p *parser) atCloser() bool { return isCloser(p.tok()) }

// isCloser reports whether t closes a bracket or ends the input.
func isCloser(t *token) bool {
	return t.kind == tEOF || t.kind == tOp && (t.text == ")" || t.text == "]" || t.text == "}")
}

func (p *parser) parseParenArgs() []*Arg {
	open := p.tok()
	p.next() // (
	var args []*Arg
	empty := false
	for !p.atCloser() {
		args = append(args, p.parseArg())
		if !p.gotSeparatorIn(&empty) {
			break
		}
	}
	if t := p.tok(); !t.is(")") && t.start.Line > open.start.Line {
		// Found lines later, the ( left open is where to look: in
		// stage('x' { ... }, Groovy reads the closure as an argument.
		p.errorf(t, `expected ")" to close the arguments opened at %d:%d, found %s`, open.start.Line, open.start.Col, describe(t))
	} else {
		p.expect(")", "after arguments")
	}
	p.checkNamedArgs(args)
	return args
}

// checkNamedArgs reports a name given twice in one call, which Groovy
// rejects: the arguments become one map.
func (p *parser) checkNamedArgs(args []*Arg) {
	seen := map[string]bool{}
	for _, a := range args {
		if a.Name == "" {
			continue
		}
		if seen[a.Name] {
			t := token{start: a.NameRange.Start, end: a.NameRange.End}
			p.errorf(&t, "the named argument %s is given twice", a.Name)
			return
		}
		seen[a.Name] = true
	}
}

// gotSeparator consumes the comma between two elements of a list, map,
// index or argument list. Groovy 2.4 reads `a, , b` as `a, b`: one empty
// element is skipped between two others, not before a closing bracket.
func (p *parser) gotSeparator() bool { return p.gotSeparatorIn(nil) }

// gotSeparatorIn is gotSeparator in a list of arguments or elements, where
// Groovy 2.4 allows one empty place, a doubled comma or a trailing one, and
// rejects a second: empty records the first.
func (p *parser) gotSeparatorIn(empty *bool) bool {
	comma := p.tok()
	if !p.got(",") {
		return false
	}
	skipped := false
	if n := p.peek(1); p.is(",") && !n.is(",") && !isCloser(n) {
		comma = p.tok()
		p.next()
		skipped = true
	}
	if empty != nil && (skipped || p.is(")") || p.is("]")) {
		if *empty {
			p.errorf(comma, "a second empty place in the list (Groovy 2.4 allows one doubled or trailing comma)")
		}
		*empty = true
	}
	return true
}

// parseArg parses a positional, named (`key: value`) or spread (`*list`,
// `*:map`) argument.
func (p *parser) parseArg() *Arg {
	t := p.tok()
	if x, ok := p.parseElemDecl(")"); ok {
		return &Arg{Value: x}
	}
	if t.is("*") {
		p.next()
		p.got(":")
		return &Arg{Spread: true, Value: p.parseExpr()}
	}
	if t.kind == tIdent && p.peek(1).is(":") && sameLine(p.peek(1)) {
		p.next()
		p.next()
		return &Arg{Name: t.text, NameRange: p.tokRange(t), Value: p.parseExpr()}
	}
	x := p.parseExpr()
	if p.is(":") && sameLine(p.tok()) {
		if name, ok := p.keyName(x); ok {
			p.next()
			return &Arg{Name: name, NameRange: x.Span(), Value: p.parseExpr()}
		}
	}
	return &Arg{Value: x}
}

// parseElemDecl parses a declaration where an argument or a list element
// goes, when one starts here and ends with `,`, `=` or closer: Groovy 2.4
// takes foo(String s), foo(def x = 1) and [A, B c] as passing the new
// variable.
func (p *parser) parseElemDecl(closer string) (Expr, bool) {
	def := p.isDefKw(p.i)
	j, strong := p.i+1, true
	if !def {
		j, strong = p.scanType(p.i)
	}
	if !strong || j < 0 || !p.at(j).isName() || !(p.at(j+1).is(",") || p.at(j+1).is(closer) || p.at(j+1).is("=")) {
		return nil, false
	}
	if def {
		p.next()
	} else {
		p.parseType()
	}
	name := p.tok()
	p.next()
	var x Expr = &Ident{Name: name.text, Range: p.tokRange(name)}
	if p.got("=") {
		y := p.parseExpr()
		x = &BinaryExpr{Op: "=", X: x, Y: y, Range: cover(name.start, y)}
	}
	return x, true
}

// sameLine reports whether t continues the line before it, as a named
// argument's colon must outside brackets.
func sameLine(t *token) bool { return !t.nlBefore || t.inParens }

// keyName returns the name of a named argument whose key is a string, a
// number or a parenthesised expression. Keys that are not plain text keep
// their source text, so that no named argument has an empty name.
func (p *parser) keyName(x Expr) (string, bool) {
	switch k := x.(type) {
	case *StringLit:
		if v := k.Value(); k.IsPlain() && v != "" {
			return v, true
		}
	case *NumberLit:
	case *ParenExpr:
	default:
		return "", false
	}
	r := x.Span()
	return p.text(r.Start, r.End), true
}

func (p *parser) parseIndex(x Expr, safe bool) Expr {
	open := p.tok()
	p.next() // [
	if p.is(":") && p.peek(1).is("]") {
		// x[:] indexes with an empty map.
		p.next()
		p.next()
		m := &MapLit{Range: p.rng(open.start)}
		return &IndexExpr{X: x, Index: m, Safe: safe, Range: p.rng(x.Span().Start)}
	}
	if n := p.peek(1); p.tok().kind == tIdent && n.is(":") || p.tok().kind == tString && n.is(":") {
		// x[key: value] indexes with a map, as Groovy reads it.
		m := &MapLit{}
		for !p.atCloser() {
			e, _ := p.parseEntryOrExpr()
			if e == nil {
				p.errorf(p.tok(), "expected map entry in index")
				break
			}
			m.Entries = append(m.Entries, e)
			if !p.gotSeparator() {
				break
			}
		}
		m.Range = p.rng(open.start)
		p.expect("]", "after index")
		return &IndexExpr{X: x, Index: m, Safe: safe, Range: p.rng(x.Span().Start)}
	}
	idx := p.parseExpr()
	if p.is(",") {
		l := &ListLit{Elems: []Expr{idx}}
		for p.gotSeparator() && !p.is("]") {
			l.Elems = append(l.Elems, p.parseExpr())
		}
		l.Range = cover(idx.Span().Start, l.Elems[len(l.Elems)-1])
		idx = l
	}
	p.expect("]", "after index")
	return &IndexExpr{X: x, Index: idx, Safe: safe, Range: p.rng(x.Span().Start)}
}

// parseListOrMap parses a list or map literal; the first element decides
// which.
func (p *parser) parseListOrMap() Expr {
	open := p.tok()
	p.next()
	if p.is(":") && p.peek(1).is("]") {
		p.next()
		p.next()
		return &MapLit{Range: p.rng(open.start)}
	}
	var elems []Expr
	var entries []*MapEntry
	isMap := false
	empty := false
	for i := 0; !p.atCloser(); i++ {
		t := p.tok()
		if !isMap {
			if x, ok := p.parseElemDecl("]"); ok {
				elems = append(elems, x)
				if !p.gotSeparatorIn(&empty) {
					break
				}
				continue
			}
		}
		e, x := p.parseEntryOrExpr()
		if i == 0 {
			isMap = e != nil
		}
		switch {
		case isMap && e != nil:
			entries = append(entries, e)
		case !isMap && e == nil:
			elems = append(elems, x)
		case isMap:
			p.errorf(t, "expected map entry, found list element")
		default:
			p.errorf(t, "expected list element, found map entry")
		}
		if !p.gotSeparatorIn(&empty) {
			break
		}
	}
	if isMap {
		p.expect("]", "after map entries")
		return &MapLit{Entries: entries, Range: p.rng(open.start)}
	}
	p.expect("]", "after list elements")
	return &ListLit{Elems: elems, Range: p.rng(open.start)}
}

// parseEntryOrExpr parses a map entry (`k: v`, `'k': v`, `(k): v`, `*: m`)
// or a list element (`x`, `*xs`).
func (p *parser) parseEntryOrExpr() (*MapEntry, Expr) {
	t := p.tok()
	if t.is("*") {
		p.next()
		if p.got(":") {
			v := p.parseExpr()
			return &MapEntry{Value: v, Range: cover(t.start, v)}, nil
		}
		x := p.parseExpr()
		return nil, &UnaryExpr{Op: "*", X: x, Range: cover(t.start, x)}
	}
	var key Expr
	if t.kind == tIdent && p.peek(1).is(":") {
		p.next()
		key = &Ident{Name: t.text, Range: p.tokRange(t)}
	} else {
		key = p.parseExpr()
		if !p.is(":") {
			return nil, key
		}
		if !simpleKey(key) {
			p.errorf(p.tok(), "a colon after %s: a key that is an expression must be in parentheses", describeExpr(key))
		}
	}
	p.next() // :
	v := p.parseExpr()
	return &MapEntry{Key: key, Value: v, Range: cover(t.start, v)}, nil
}

// simpleKey reports whether a map key may stand before its colon as it
// is: a name, a literal or a parenthesised expression. Groovy 2.4 rejects
// a.b: 1 and x = y: 1.
func simpleKey(x Expr) bool {
	switch x.(type) {
	case *Ident, *StringLit, *NumberLit, *BoolLit, *NullLit, *ParenExpr, *ListLit, *MapLit:
		return true
	}
	return false
}

// describeExpr names the kind of an expression for messages.
func describeExpr(x Expr) string {
	switch x.(type) {
	case *BinaryExpr:
		return "an operation"
	case *PropertyExpr:
		return "a property"
	case *CallExpr:
		return "a call"
	case *IndexExpr:
		return "an index"
	case *CastExpr:
		return "a cast"
	}
	return "an expression"
}

// closureHasParams reports whether the closure opening at the current `{`
// declares parameters, which end with `->` before the first line break.
func (p *parser) closureHasParams() bool { return p.paramsBeforeArrow(p.i + 1) }

// paramsBeforeArrow reports whether the tokens from j on are parameters
// followed by ->.
func (p *parser) paramsBeforeArrow(j int) bool {
	depth := 0
	for ; ; j++ {
		t := p.at(j)
		switch {
		case t.kind == tNewline:
			// Parameters may go on after a comma, and the arrow may open
			// the next line.
			k := j
			for p.at(k).kind == tNewline {
				k++
			}
			if !p.at(j-1).is(",") && !p.at(k).is("->") {
				return false
			}
			j = k - 1
		case t.kind == tEOF:
			return false
		case t.is("->"):
			if depth == 0 {
				return true
			}
		case t.is("(") || t.is("["):
			depth++
		case t.is(")") || t.is("]"):
			if depth--; depth < 0 {
				return false
			}
		case t.is("{") || t.is("}") || t.is(";"):
			return false
		}
	}
}

func (p *parser) parseClosure() *ClosureExpr {
	open := p.tok()
	cl := &ClosureExpr{ExplicitParams: p.closureHasParams()}
	p.next()
	if cl.ExplicitParams {
		cl.Params = p.parseParams("->")
		p.expect("->", "after closure parameters")
	}
	save := p.class
	p.class = ""
	p.nested++
	cl.Body = p.parseStmts(true)
	p.nested--
	p.class = save
	p.closeBrace(open, "closure")
	cl.Range = p.rng(open.start)
	return cl
}

// parseNew parses `new Type(args)`, `new Type(args) { class body }`,
// `new Type[n]` and `new Type[] { elems }`.
func (p *parser) parseNew() Expr {
	start := p.tok().start
	p.next()
	n := &NewExpr{}
	if !isTypeStart(p.tok()) {
		p.errorExpected(`type after "new"`, p.tok())
		n.Range = p.rngOrTok(p.tok())
		return n
	}
	typeTok := p.tok()
	n.Type = p.parseType()
	switch {
	case p.is("(") && !p.tok().nlBefore:
		n.Args = p.parseParenArgs()
		if open := p.tok(); open.is("{") && !open.nlBefore && !p.peek(1).is("->") {
			// An anonymous class; its members are parsed and dropped. A
			// block that opens with -> is no class body: new A() { -> x }
			// calls the new object with a closure.
			p.next()
			p.parseClassBody(typeTok.text, false)
			p.closeBrace(open, "class body")
		}
	case p.is("[") || len(n.Type) > 2 && n.Type[len(n.Type)-2:] == "[]":
		for p.is("[") {
			p.next()
			if !p.got("]") {
				n.Args = append(n.Args, &Arg{Value: p.parseExpr()})
				p.expect("]", "after array size")
			}
			n.Type += "[]"
		}
		if open := p.tok(); open.is("{") && !open.nlBefore {
			p.groovy3(open, "array initialisers `new T[] {…}`", "write [a, b] as T[]")
			p.next()
			for !p.atCloser() {
				n.Args = append(n.Args, &Arg{Value: p.parseExpr()})
				if !p.got(",") {
					break
				}
			}
			p.closeBrace(open, "array initialiser")
		}
	default:
		p.errorExpected(`"(" after type in "new" expression`, p.tok())
	}
	n.Range = p.rng(start)
	return n
}

// parseString turns a string token into a StringLit, parsing each
// interpolated expression from its own tokens.
func (p *parser) parseString(t *token) *StringLit {
	p.next()
	s := &StringLit{Kind: t.str.kind, Range: p.tokRange(t)}
	if len(t.str.parts) > 0 {
		s.Parts = make([]StringPart, 0, len(t.str.parts))
	}
	for i := range t.str.parts {
		part := &t.str.parts[i]
		r := diag.Range{File: p.file, Start: part.start, End: part.end}
		if part.toks == nil {
			s.Parts = append(s.Parts, StringPart{Lit: part.lit, Range: r})
			continue
		}
		sub := p.sub(part.toks, part.start)
		sub.depth = p.depth
		x := sub.parseInterpolation(r)
		s.Parts = append(s.Parts, StringPart{Expr: x, Braced: part.braced, Range: r})
	}
	return s
}

// parseInterpolation parses the tokens of one `${...}` or `$name`.
func (p *parser) parseInterpolation(r diag.Range) Expr {
	t := p.tok()
	var x Expr
	switch {
	case t.kind == tEOF:
		// "${}" interpolates null.
		return &NullLit{Range: r}
	case t.is("->"):
		// "${-> x}" is a closure evaluated at each use.
		p.next()
		x = &ClosureExpr{ExplicitParams: true, Body: p.parseStmts(false), Range: p.rng(t.start)}
	case t.kind == tIdent && p.paramsBeforeArrow(p.i):
		// "${w -> w << x}" is a closure given the string's writer.
		cl := &ClosureExpr{ExplicitParams: true, Params: p.parseParams("->")}
		p.expect("->", "after closure parameters")
		cl.Body = p.parseStmts(false)
		cl.Range = p.rng(t.start)
		x = cl
	default:
		// ${} holds a block: most often one expression, its value; with
		// more statements or a label (${a; b}, ${A:B}), Groovy 2.4 takes
		// them all, kept here as a closure.
		stmts := p.parseStmts(false)
		if es, ok := onlyExpr(stmts); ok {
			x = es
		} else {
			x = &ClosureExpr{Body: stmts, Range: p.rng(t.start)}
		}
	}
	for p.tok().kind == tNewline || p.is(";") {
		p.next()
	}
	if p.tok().kind != tEOF {
		p.errorExpected(`"}" after interpolated expression`, p.tok())
	}
	return x
}

// onlyExpr returns the expression of a block that is one expression
// statement.
func onlyExpr(stmts []Stmt) (Expr, bool) {
	if len(stmts) != 1 {
		return nil, false
	}
	es, ok := stmts[0].(*ExprStmt)
	if !ok {
		return nil, false
	}
	return es.X, true
}
