package groovy

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jenkins2actions/jenkins2actions/diag"
)

// stmtInto parses one statement of a statement list and appends it to list.
// It checks that the statement ends where a statement may end and, after a
// syntax error, skips the rest of the statement and stands a BadStmt for it.
func (p *parser) stmtInto(list []Stmt) []Stmt {
	start := p.i
	ndiags := len(*p.diags)
	saveAttach := p.attach
	p.attach = false
	stmts := p.parseStmtList()
	p.attach = saveAttach
	if p.class != "" && p.nested == 0 && !p.syncing {
		for _, s := range stmts {
			if _, ok := s.(*ExprStmt); ok {
				p.errorf(&p.toks[start], "a class body holds declarations, not statements")
			}
		}
	}
	if !p.syncing && !p.atStmtEnd() {
		p.errorExpected("end of statement", p.tok())
	}
	if !p.syncing {
		if msg := p.lexErrIn(p.toks[start].start, p.prevEnd); msg != "" {
			return append(list, &BadStmt{Range: p.rng(p.toks[start].start), Err: msg})
		}
		return append(list, stmts...)
	}
	errMsg := ""
	if len(*p.diags) > ndiags {
		errMsg = (*p.diags)[ndiags].Message
	}
	// An error at a token that starts a line, after an unclosed bracket
	// made the lexer drop the line breaks, is best resumed from: the
	// token likely begins the next statement.
	if p.i == start || !p.tok().nlBefore {
		p.skipStmt()
	}
	p.syncing = false
	if p.i == start && p.tok().kind != tEOF && !p.is("}") {
		p.next()
	}
	r := p.tokRange(&p.toks[start])
	if p.i > start {
		r = p.rng(p.toks[start].start)
	}
	return append(list, &BadStmt{Range: r, Err: errMsg})
}

// lexErrIn returns the message of the first lexer error between start and
// end that no statement has claimed yet, and claims it: the innermost
// statement holding the error is finished first and becomes the bad one.
func (p *parser) lexErrIn(start, end diag.Pos) string {
	for i, claimed := range p.lexClaimed {
		d := (*p.diags)[i]
		if !claimed && d.Subject.Start.Offset >= start.Offset && d.Subject.Start.Offset < end.Offset {
			p.lexClaimed[i] = true
			return d.Message
		}
	}
	return ""
}

// parseStmt parses one statement where the grammar wants exactly one, such
// as the body of an if.
func (p *parser) parseStmt() Stmt {
	t := p.tok()
	list := p.parseStmtList()
	switch len(list) {
	case 0:
		return &BadStmt{Range: p.rngOrTok(t)}
	case 1:
		return list[0]
	}
	return &BlockStmt{Stmts: list, Range: diag.Range{File: p.file, Start: list[0].Span().Start, End: list[len(list)-1].Span().End}}
}

// rngOrTok is the range from t to the last consumed token, or t's own range
// when nothing was consumed since.
func (p *parser) rngOrTok(t *token) diag.Range {
	if p.prevEnd.Offset <= t.start.Offset {
		return p.tokRange(t)
	}
	return p.rng(t.start)
}

// parseStmtList parses one statement. It returns several only for a
// declaration of several initialised variables (`def a = 1, b = 2`), and
// none after some syntax errors; after any, the caller replaces what it got
// with a BadStmt.
func (p *parser) parseStmtList() []Stmt {
	blockOK := p.blockOK
	p.blockOK = false
	t := p.tok()
	if !p.enter(t) {
		return nil
	}
	defer p.leave()
	switch t.kind {
	case tOp:
		switch t.text {
		case "@":
			if p.peek(1).isKw("interface") {
				return one(p.parseClass(t.start))
			}
			return one(p.parseAnnotated())
		case "{":
			if !p.closureHasParams() {
				if !blockOK {
					p.errorf(t, "a block on its own is ambiguous in Groovy: a closure or a block (give it a label, L: {…}, or closure parameters, {it -> …})")
				}
				return one(p.parseBlock())
			}
		}
	case tIdent:
		if t.kw {
			switch t.text {
			case "import":
				return one(p.parseImport())
			case "if":
				return one(p.parseIf())
			case "for":
				return one(p.parseFor())
			case "while":
				return one(p.parseWhile())
			case "do":
				return one(p.parseDo())
			case "try":
				return one(p.parseTry())
			case "switch":
				return one(p.parseSwitch())
			case "return":
				return one(p.parseReturn())
			case "break", "continue":
				return one(p.parseBranch())
			case "throw":
				p.next()
				x := p.parseExpr()
				return one(&ThrowStmt{X: x, Range: cover(t.start, x)})
			case "assert":
				return one(p.parseAssert())
			case "class", "interface", "enum":
				return one(p.parseClass(t.start))
			case "synchronized":
				if p.peek(1).is("(") {
					return one(p.parseSynchronized())
				}
			case "else", "catch", "finally", "case", "default", "extends", "implements", "throws":
				p.errorf(t, "unexpected %s", describe(t))
				p.next()
				return nil
			}
		} else {
			if n := p.peek(1); n.is(":") && !n.nlBefore {
				return one(p.parseLabeled())
			}
			if t.text == "trait" && p.peek(1).isName() {
				return one(p.parseClass(t.start))
			}
			if p.class != "" && t.text == p.class && p.peek(1).is("(") {
				// A constructor.
				p.next()
				return one(p.parseMethod(t.start, nil, "", t.text))
			}
		}
		decl, j, strong := p.scanDecl()
		if decl {
			return p.parseDecl()
		}
		p.checkHalfDecl(j, strong)
	}
	return one(&ExprStmt{X: p.parseExprCmd()})
}

// checkHalfDecl reports a statement that starts like a declaration, a
// type that cannot be a command name then a name (`Foo bar`, `a.B c`), and
// goes on with what neither a declaration nor a command chain takes: Groovy
// 2.4 rejects `Foo bar { }`, `Foo bar 1` and `Foo bar + 1` at the name, and
// reads only `Foo bar baz`, `Foo bar 'x'`, `Foo bar[1]` and `Foo bar.baz` as
// commands.
func (p *parser) checkHalfDecl(j int, strong bool) {
	if !strong || j < 0 || isPrimitive(p.at(p.i)) {
		return
	}
	if s := p.at(j); plainString(s) && !s.nlBefore {
		// Groovy takes a plain string after a type for the name it
		// declares, which it cannot be: `FOO 'x'` declares nothing.
		name := p.text(p.at(p.i).start, p.at(j-1).end)
		p.errorf(s, "%s followed by a string: Groovy reads a capitalised name here as a type (write %s('...') or %s = '...')", name, name, name)
		return
	}
	if !p.at(j).isName() {
		return
	}
	n := p.at(j + 1)
	switch {
	case n.nlBefore || n.kind == tEOF || n.kind == tNewline:
		return
	case n.is("["), n.is("."):
		return
	case (n.isName() || plainString(n)) && !isUpper(p.at(j).text):
		// Foo bar baz is a command chain; Foo Bar baz is not.
		return
	}
	p.errorf(p.at(j), "%s %s reads as the declaration of %s, which cannot be followed by %s (end the statement after the name, or give it a value with =)", p.text(p.at(p.i).start, p.at(j-1).end), p.at(j).text, p.at(j).text, describe(n))
}

// plainString reports whether t is a string literal that Groovy's lexer
// gives as one STRING_LITERAL: quoted, not slashy, expanding nothing.
func plainString(t *token) bool {
	if t.kind != tString || t.str == nil || t.str.kind > TripleDoubleQuoted {
		return false
	}
	for _, part := range t.str.parts {
		if part.toks != nil {
			return false
		}
	}
	return true
}

func one(s Stmt) []Stmt { return []Stmt{s} }

var modifiers = map[string]bool{
	"final": true, "static": true, "private": true, "public": true, "protected": true,
	"abstract": true, "synchronized": true, "transient": true, "volatile": true,
	"native": true, "strictfp": true,
}

func isModifier(t *token) bool { return t.kind == tIdent && t.kw && modifiers[t.text] }

func isPrimitive(t *token) bool {
	if t.kind != tIdent || !t.kw {
		return false
	}
	switch t.text {
	case "boolean", "byte", "char", "short", "int", "long", "float", "double", "void":
		return true
	}
	return false
}

// isTypeStart reports whether a type may start with t.
func isTypeStart(t *token) bool { return t.isName() || isPrimitive(t) }

// isDefKw reports whether the token at i is `def`, or `var` used like it.
func (p *parser) isDefKw(i int) bool {
	t := p.at(i)
	if t.isKw("def") {
		return true
	}
	return t.isName() && t.text == "var" && (p.at(i+1).isName() || p.at(i+1).is("("))
}

// scanDeclHead looks ahead for a declaration: modifiers or def, or a type
// followed by a name. Like Groovy, it reads `foo bar` with a lowercase
// `foo` as the command expression foo(bar), and `Foo bar`, `int bar`,
// `List<X> bar`, `foo[] bar` and `foo bar = 1` as declarations.
func (p *parser) scanDeclHead() bool {
	decl, _, _ := p.scanDecl()
	return decl
}

// scanDecl is scanDeclHead, with the end and strength of the type it
// scanned (j < 0 for none), for checkHalfDecl.
func (p *parser) scanDecl() (decl bool, j int, strong bool) {
	i := p.i
	for isModifier(p.at(i)) && !(p.at(i).text == "synchronized" && p.at(i+1).is("(")) {
		i++
	}
	if i > p.i || p.isDefKw(i) {
		return true, -1, false
	}
	j, strong = p.scanType(i)
	if j < 0 || !p.at(j).isName() {
		return false, j, strong
	}
	if p.at(j + 1).is("=") {
		return true, j, strong
	}
	// `Type name` declares only when the statement may end after it or
	// more names or a method follow: `Some tests have failed` is a
	// command chain.
	switch n := p.at(j + 1); {
	case n.kind == tEOF || n.kind == tNewline || n.nlBefore:
	case n.is(",") || n.is(";") || n.is("}") || n.is("("):
	default:
		return false, j, strong
	}
	return strong || p.class != "", j, strong
}

// scanType looks ahead for a type starting at token i. It returns the index
// after the type, or -1, and whether the type cannot be a command name: a
// primitive, a capitalised name, or a type with arguments or dimensions.
func (p *parser) scanType(i int) (int, bool) {
	t := p.at(i)
	if !isTypeStart(t) {
		return -1, false
	}
	strong := isPrimitive(t)
	last := t
	i++
	for p.at(i).is(".") && p.at(i+1).kind == tIdent {
		last = p.at(i + 1)
		i += 2
	}
	if isUpper(last.text) {
		strong = true
	}
	if p.at(i).is("<") {
		if i = p.scanTypeArgs(i); i < 0 {
			return -1, false
		}
		strong = true
	}
	for p.at(i).is("[") && p.at(i+1).is("]") {
		i += 2
		strong = true
	}
	return i, strong
}

func isUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// scanTypeArgs skips the type arguments `<...>` starting at i and returns the
// index after them, or -1.
func (p *parser) scanTypeArgs(i int) int {
	depth := 0
	for ; ; i++ {
		t := p.at(i)
		switch {
		case t.is("<"):
			depth++
		case t.is(">"):
			depth--
		case t.is(">>"):
			depth -= 2
		case t.is(">>>"):
			depth -= 3
		case t.kind == tIdent, t.is(","), t.is("."), t.is("?"), t.is("["), t.is("]"), t.is("&"):
		default:
			return -1
		}
		if depth == 0 {
			return i + 1
		}
		if depth < 0 {
			return -1
		}
	}
}

// parseType parses a type and returns it as written.
func (p *parser) parseType() string {
	t := p.tok()
	if !p.enter(t) {
		return ""
	}
	defer p.leave()
	if t.kind != tIdent {
		p.errorExpected("type", t)
		return ""
	}
	p.next()
	for p.is(".") && p.peek(1).kind == tIdent {
		p.next()
		p.next()
	}
	if p.is("<") {
		p.parseTypeArgs()
	}
	for p.is("[") && p.peek(1).is("]") {
		p.next()
		p.next()
	}
	return p.text(t.start, p.prevEnd)
}

func (p *parser) text(start, end diag.Pos) string {
	if start.Offset < 0 || end.Offset > len(p.src) || start.Offset > end.Offset {
		return ""
	}
	return p.src[start.Offset:end.Offset]
}

// parseTypeParams parses the type parameters of a generic class or method:
// `<T, U extends Comparable<U> & Serializable>`.
func (p *parser) parseTypeParams() {
	p.next() // <
	for {
		if !p.tok().isName() {
			p.errorExpected("type parameter", p.tok())
			return
		}
		p.next()
		if p.isKw("extends") {
			p.next()
			p.parseType()
			for p.got("&") {
				p.parseType()
			}
		}
		if !p.got(",") {
			break
		}
	}
	if !p.closeAngle() {
		p.errorExpected(`">" after type parameters`, p.tok())
	}
}

// boxed is the wrapper class of a primitive type.
func boxed(prim string) string {
	switch prim {
	case "int":
		return "Integer"
	case "char":
		return "Character"
	}
	return strings.ToUpper(prim[:1]) + prim[1:]
}

func (p *parser) parseTypeArgs() {
	p.next() // <
	if p.closeAngle() {
		return // the diamond <>
	}
	for {
		if p.got("?") {
			if p.isKw("extends") || p.isKw("super") {
				p.next()
				p.parseType()
			}
		} else {
			t := p.tok()
			if typ := p.parseType(); isPrimitive(t) && !strings.HasSuffix(typ, "]") {
				p.errorf(t, "a primitive type cannot be a type argument (write %s)", boxed(t.text))
			}
		}
		for p.got("&") {
			p.parseType()
		}
		if !p.got(",") {
			break
		}
	}
	if !p.closeAngle() {
		p.errorExpected(`">" after type arguments`, p.tok())
	}
}

// closeAngle consumes one `>`. The lexer reads `>>` in `List<List<X>>` as a
// shift operator; closeAngle then takes its first character and leaves the
// rest as the current token.
func (p *parser) closeAngle() bool {
	t := p.tok()
	if t.kind != tOp || t.text[0] != '>' {
		return false
	}
	if t.text == ">" {
		p.next()
		return true
	}
	p.prevEnd = diag.Pos{Line: t.start.Line, Col: t.start.Col + 1, Offset: t.start.Offset + 1}
	t.text = t.text[1:]
	t.start = p.prevEnd
	t.nlBefore = false
	return true
}

// parseDecl parses a declaration whose head scanDeclHead found: a variable
// declaration, a method, a class with modifiers or a static initialiser.
func (p *parser) parseDecl() []Stmt {
	start := p.tok().start
	var mods []string
	for isModifier(p.tok()) && !(p.isKw("synchronized") && p.peek(1).is("(")) {
		mods = append(mods, p.tok().text)
		p.next()
	}
	t := p.tok()
	switch {
	case t.isKw("class") || t.isKw("interface") || t.isKw("enum") ||
		(t.is("@") && p.peek(1).isKw("interface")) || (t.isName() && t.text == "trait" && p.peek(1).isName()):
		return one(p.parseClass(start))
	case t.is("{") && len(mods) > 0:
		b := p.parseBlock()
		b.Range.Start = start
		return one(b)
	}
	typ := ""
	if p.isDefKw(p.i) {
		typ = "def"
		p.next()
	}
	if p.is("(") {
		return one(p.parseTupleDecl(start, mods, typ))
	}
	if p.is("<") {
		p.parseTypeParams() // a generic method: def <T> T first(List<T> xs)
	}
	if j, strong := p.scanType(p.i); j >= 0 && p.at(j).isName() {
		if !strong && (typ != "" || len(mods) > 0) {
			// After def or a modifier only a type that cannot be a name
			// may come: `def a b` is no declaration.
			p.errorf(p.tok(), "%s after %s: a type there starts with a capital letter (String, a.B) or is a primitive", p.tok().text, p.at(p.i-1).text)
			return nil
		}
		typ = p.parseType()
	}
	nt := p.tok()
	if !nt.isName() {
		p.errorExpected("name in declaration", nt)
		return nil
	}
	p.next()
	if p.is("(") {
		return one(p.parseMethod(start, mods, typ, nt.text))
	}
	if typ == "" {
		typ = "def"
	}
	return p.parseDeclarators(start, mods, typ, nt.text)
}

// parseDeclarators parses `name [= value] {, name [= value]}` after the type.
// Names without values share one DeclStmt (`def a, b`); each initialised
// name gets its own.
func (p *parser) parseDeclarators(start diag.Pos, mods []string, typ, name string) []Stmt {
	d := &DeclStmt{Type: typ, Modifiers: mods, Names: []string{name}}
	if p.got("=") {
		d.Value = p.parseExprCmd()
	}
	d.Range = p.rng(start)
	out := []Stmt{d}
	for p.is(",") {
		p.next()
		nt := p.tok()
		if !nt.isName() {
			p.errorExpected("name in declaration", nt)
			break
		}
		p.next()
		if d.Value == nil && !p.is("=") {
			d.Names = append(d.Names, nt.text)
			d.Range = p.rng(d.Range.Start)
			continue
		}
		d = &DeclStmt{Type: typ, Modifiers: mods, Names: []string{nt.text}}
		if p.got("=") {
			d.Value = p.parseExprCmd()
		}
		d.Range = p.rng(nt.start)
		out = append(out, d)
	}
	return out
}

// parseTupleDecl parses `def (a, String b) = value`.
func (p *parser) parseTupleDecl(start diag.Pos, mods []string, typ string) Stmt {
	p.next() // (
	d := &DeclStmt{Type: typ, Modifiers: mods}
	if d.Type == "" {
		d.Type = "def"
	}
	for !p.is(")") {
		if j, _ := p.scanType(p.i); j >= 0 && p.at(j).isName() {
			p.parseType()
		}
		nt := p.tok()
		if !nt.isName() {
			p.errorExpected("name in declaration", nt)
			break
		}
		p.next()
		d.Names = append(d.Names, nt.text)
		if !p.got(",") {
			break
		}
	}
	p.expect(")", "after names")
	if p.got("=") {
		d.Value = p.parseExprCmd()
	}
	d.Range = p.rng(start)
	return d
}

// parseMethod parses a method's parameters and body; the name has been
// consumed.
func (p *parser) parseMethod(start diag.Pos, mods []string, typ, name string) Stmt {
	if p.nested > 0 && p.class == "" {
		t := token{start: start, end: start}
		p.errorf(&t, "a method can only be defined at the top of the file or in a class, not in a block or closure")
	}
	m := &MethodDecl{Modifiers: mods, ReturnType: typ, Name: name}
	p.next() // (
	m.Params = p.parseParams(")")
	p.expect(")", "after parameters")
	if p.isKw("throws") {
		p.next()
		p.parseType()
		for p.got(",") {
			p.parseType()
		}
	}
	switch {
	case p.peekPastNewlines().is("{"):
		p.skipNewlines()
		m.Body = p.parseBlock()
	case p.class != "" || hasString(mods, "abstract"):
		// An abstract or interface method has no body.
	default:
		p.errorExpected(`"{" before method body`, p.tok())
	}
	m.Range = p.rng(start)
	return m
}

func hasString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// parseParams parses parameters up to closer, which it leaves.
func (p *parser) parseParams(closer string) []*Param {
	var params []*Param
	for !p.is(closer) && p.tok().kind != tEOF {
		prm := p.parseParam()
		if prm == nil {
			break
		}
		params = append(params, prm)
		if closer == "->" && p.tok().kind == tNewline && p.peekPastNewlines().is("->") {
			p.skipNewlines() // the arrow may open the next line
		}
		if !p.got(",") {
			break
		}
		if closer == "->" {
			p.skipNewlines()
		}
	}
	return params
}

func (p *parser) parseParam() *Param {
	start := p.tok().start
	for p.is("@") {
		p.parseAnnotation()
	}
	for p.isKw("final") {
		p.next()
	}
	if p.isKw("def") {
		p.next()
	}
	typ := ""
	if j, _ := p.scanType(p.i); j >= 0 && (p.at(j).isName() || p.at(j).is("...")) {
		typ = p.parseType()
		if p.got("...") {
			typ += "..."
		}
	}
	nt := p.tok()
	if !nt.isName() {
		p.errorExpected("parameter name", nt)
		return nil
	}
	p.next()
	prm := &Param{Type: typ, Name: nt.text}
	if p.got("=") {
		prm.Default = p.parseExpr()
	}
	prm.Range = p.rng(start)
	return prm
}

// parseBlock parses `{ statements }`.
func (p *parser) parseBlock() *BlockStmt {
	open := p.tok()
	if !open.is("{") {
		p.errorExpected(`"{"`, open)
		return &BlockStmt{Range: diag.Range{File: p.file, Start: open.start, End: open.start}}
	}
	p.next()
	save := p.class
	p.class = ""
	p.nested++
	stmts := p.parseStmts(true)
	p.nested--
	p.class = save
	p.closeBrace(open, "block")
	return &BlockStmt{Stmts: stmts, Range: p.rng(open.start)}
}

func (p *parser) closeBrace(open *token, what string) {
	if p.got("}") {
		return
	}
	t := p.tok()
	p.errorf(t, `expected "}" to close the %s opened at %d:%d, found %s`, what, open.start.Line, open.start.Col, describe(t))
}

// parseBody parses the statement that is the body of if, for, while...,
// which may start on the next line.
func (p *parser) parseBody() Stmt {
	p.skipNewlines()
	t := p.tok()
	switch {
	case t.kind == tEOF || t.is("}") || t.is(")"):
		p.errorExpected("statement", t)
		return &BadStmt{Range: p.tokRange(t)}
	case t.is(";"):
		p.next()
		return &BlockStmt{Range: p.tokRange(t)}
	case t.is("{"):
		// A block, never a closure: `if (x) { a -> b }` does not parse.
		return p.parseBlock()
	}
	p.blockOK = true
	return p.parseStmt()
}

func (p *parser) parseImport() Stmt {
	if p.nested > 0 || p.class != "" {
		p.errorf(p.tok(), "an import belongs at the top of the file, not in a block")
	}
	start := p.tok().start
	p.next()
	imp := &ImportStmt{}
	if p.isKw("static") {
		imp.Static = true
		p.next()
	}
	t := p.tok()
	if t.kind != tIdent {
		p.errorExpected(`name after "import"`, t)
		imp.Range = p.rng(start)
		return imp
	}
	p.next()
	for p.is(".") {
		p.next()
		if p.got("*") {
			break
		}
		if p.tok().kind != tIdent {
			p.errorExpected(`name after "."`, p.tok())
			break
		}
		p.next()
	}
	imp.Path = p.text(t.start, p.prevEnd)
	if p.isKw("as") {
		p.next()
		if at := p.tok(); at.kind == tIdent {
			imp.Alias = at.text
			p.next()
		} else {
			p.errorExpected(`alias after "as"`, at)
		}
	}
	imp.Range = p.rng(start)
	return imp
}

// parseCond parses the parenthesised condition after if, while, switch.
func (p *parser) parseCond(kw string) Expr {
	if !p.expect("(", "after "+strconv.Quote(kw)) {
		return p.bad()
	}
	x := p.parseExpr()
	if b, ok := x.(*BinaryExpr); ok && kw == "if" && binaryPrec(&token{kind: tOp, text: b.Op}) == precAssign {
		p.errorf(p.tok(), "an assignment is not an if condition (write == to compare, or wrap the assignment in parentheses)")
	}
	p.expect(")", "after condition")
	return x
}

// bad stands a BadExpr at the current token after an error.
func (p *parser) bad() Expr { return &BadExpr{Range: p.tokRange(p.tok())} }

func (p *parser) parseIf() Stmt {
	start := p.tok().start
	p.next()
	s := &IfStmt{Cond: p.parseCond("if")}
	s.Then = p.parseBody()
	j := p.i
	for p.at(j).kind == tNewline || p.at(j).is(";") {
		j++
	}
	if p.at(j).isKw("else") {
		p.i = j
		p.next()
		s.Else = p.parseBody()
	}
	s.Range = p.rng(start)
	return s
}

func (p *parser) parseWhile() Stmt {
	start := p.tok().start
	p.next()
	s := &WhileStmt{Cond: p.parseCond("while")}
	s.Body = p.parseBody()
	s.Range = p.rng(start)
	return s
}

func (p *parser) parseDo() Stmt {
	doTok := p.tok()
	start := doTok.start
	p.next()
	s := &WhileStmt{Do: true}
	s.Body = p.parseBody()
	j := p.i
	for p.at(j).kind == tNewline || p.at(j).is(";") {
		j++
	}
	if p.at(j).isKw("while") {
		p.i = j
		p.next()
		s.Cond = p.parseCond("while")
	} else {
		p.errorExpected(`"while" after do body`, p.tok())
		s.Cond = p.bad()
	}
	s.Range = p.rng(start)
	p.groovy3(doTok, "do-while loops", "write a while loop")
	return s
}

func (p *parser) parseFor() Stmt {
	start := p.tok().start
	p.next()
	if !p.expect("(", `after "for"`) {
		return &BadStmt{Range: p.rng(start)}
	}
	f := &ForStmt{}
	if p.forInVar() {
		for p.isKw("final") {
			p.next()
		}
		if p.isDefKw(p.i) {
			p.next()
		} else if j, strong := p.scanType(p.i); j >= 0 && p.at(j).isName() {
			if !strong {
				// Groovy 2.4 takes only a type that cannot be a name
				// there: for (an x in y) does not parse.
				p.errorf(p.tok(), "%s is no type for the loop variable (a type starts with a capital letter or is a primitive; or write def)", p.tok().text)
			}
			f.VarType = p.parseType()
		}
		f.Var = p.tok().text
		p.next()
		// Groovy 2.4 iterates `in` over a shift expression: `for (x in
		// a ?: b)` does not parse, `for (x : a ?: b)` does.
		if p.isKw("in") {
			p.next()
			f.Iter = p.parseBinary(precShift)
		} else {
			p.next()
			f.Iter = p.parseExpr()
		}
	} else {
		if !p.is(";") {
			if p.scanDeclHead() {
				if list := p.parseDecl(); len(list) == 1 {
					f.Init = list[0]
				} else if len(list) > 1 {
					f.Init = &BlockStmt{Stmts: list, Range: diag.Range{File: p.file, Start: list[0].Span().Start, End: list[len(list)-1].Span().End}}
				}
			} else {
				f.Init = &ExprStmt{X: p.parseExpr()}
			}
		}
		p.expect(";", "after for loop initialiser")
		if !p.is(";") {
			f.Cond = p.parseExpr()
		}
		p.expect(";", "after for loop condition")
		if !p.is(")") {
			f.Post = p.parseExpr()
		}
	}
	p.expect(")", "after for loop header")
	f.Body = p.parseBody()
	f.Range = p.rng(start)
	return f
}

// forInVar reports whether the for header being parsed starts with the
// loop variable of `for (x in xs)` or `for (Type x : xs)`; otherwise it is a
// classic `init; cond; post` header.
func (p *parser) forInVar() bool {
	i := p.i
	for p.at(i).isKw("final") {
		i++
	}
	if p.isDefKw(i) {
		i++
	} else if j, _ := p.scanType(i); j >= 0 && p.at(j).isName() {
		i = j
	}
	if !p.at(i).isName() {
		return false
	}
	n := p.at(i + 1)
	return n.isKw("in") || n.is(":")
}

func (p *parser) parseTry() Stmt {
	start := p.tok().start
	p.next()
	p.skipNewlines()
	s := &TryStmt{Body: p.parseBlock()}
	for {
		nt := p.peekPastNewlines()
		if nt.isKw("catch") {
			p.skipNewlines()
			s.Catches = append(s.Catches, p.parseCatch())
			continue
		}
		if nt.isKw("finally") {
			p.skipNewlines()
			p.next()
			p.skipNewlines()
			s.Finally = p.parseBlock()
		}
		break
	}
	if len(s.Catches) == 0 && s.Finally == nil {
		p.errorf(p.tok(), "a try needs a catch or a finally block")
	}
	if nt := p.peekPastNewlines(); s.Finally == nil && nt.is("{") {
		// Groovy 2.4 looks for finally past the line break and takes no
		// block or closure there.
		p.errorf(nt, `expected "finally" after the catch blocks, found "{" (put a statement or a ; before the block)`)
	}
	s.Range = p.rng(start)
	return s
}

func (p *parser) parseCatch() *CatchClause {
	start := p.tok().start
	p.next()
	c := &CatchClause{}
	if p.expect("(", `after "catch"`) {
		for p.isKw("final") {
			p.next()
		}
		if p.tok().isName() && p.peek(1).is(")") {
			c.Name = p.tok().text
			p.next()
		} else {
			for {
				if typ := p.parseType(); typ != "" {
					c.Types = append(c.Types, typ)
				}
				if !p.got("|") {
					break
				}
			}
			if nt := p.tok(); nt.isName() {
				c.Name = nt.text
				p.next()
			} else {
				p.errorExpected("exception variable name", nt)
			}
		}
		p.expect(")", "after catch parameter")
	}
	p.skipNewlines()
	c.Body = p.parseBlock()
	c.Range = p.rng(start)
	return c
}

func (p *parser) parseSwitch() Stmt {
	start := p.tok().start
	p.next()
	s := &SwitchStmt{X: p.parseCond("switch")}
	p.skipNewlines()
	open := p.tok()
	if !p.expect("{", "before switch body") {
		s.Range = p.rng(start)
		return s
	}
	save := p.class
	p.class = ""
	var cur *SwitchCase
	for {
		for p.tok().kind == tNewline || p.is(";") {
			p.next()
		}
		t := p.tok()
		if t.kind == tEOF || t.is("}") {
			break
		}
		if t.isKw("case") || (t.isKw("default") && p.peek(1).is(":")) {
			if cur == nil || len(cur.Body) > 0 {
				cur = &SwitchCase{Range: p.tokRange(t)}
				s.Cases = append(s.Cases, cur)
			}
			p.next()
			if t.isKw("default") {
				cur.Default = true
			} else {
				for {
					cur.Values = append(cur.Values, p.parseExpr())
					if !p.got(",") {
						break
					}
				}
			}
			p.expect(":", "after case label")
			cur.Range = p.rng(cur.Range.Start)
			if p.syncing {
				p.skipStmt()
				p.syncing = false
			}
			continue
		}
		if cur == nil {
			p.errorExpected(`"case" or "default"`, t)
			p.skipStmt()
			p.syncing = false
			continue
		}
		cur.Body = p.stmtInto(cur.Body)
		cur.Range = p.rng(cur.Range.Start)
	}
	if cur != nil && len(cur.Body) == 0 {
		p.errorf(p.tok(), "the last case of a switch needs a statement (add break)")
	}
	p.class = save
	p.closeBrace(open, "switch body")
	s.Range = p.rng(start)
	return s
}

func (p *parser) parseReturn() Stmt {
	start := p.tok().start
	p.next()
	r := &ReturnStmt{}
	if !p.atStmtEnd() && !p.isKw("else") && !p.is(")") {
		// An expression, not a command: Groovy rejects `return foo bar`.
		r.X = p.parseExpr()
	}
	r.Range = p.rng(start)
	return r
}

func (p *parser) parseBranch() Stmt {
	t := p.tok()
	p.next()
	b := &BranchStmt{Keyword: t.text}
	if nt := p.tok(); nt.isName() && !nt.nlBefore {
		b.Label = nt.text
		p.next()
	}
	b.Range = p.rng(t.start)
	return b
}

func (p *parser) parseAssert() Stmt {
	start := p.tok().start
	p.next()
	a := &AssertStmt{Cond: p.parseExpr()}
	if p.got(":") || p.got(",") {
		a.Message = p.parseExpr()
	}
	a.Range = p.rng(start)
	return a
}

func (p *parser) parseLabeled() Stmt {
	t := p.tok()
	p.next()
	p.next() // :
	p.skipNewlines()
	l := &LabeledStmt{Label: t.text}
	if nt := p.tok(); nt.kind == tEOF || nt.is("}") {
		p.errorf(nt, "the label %s: labels no statement", t.text)
	} else {
		p.blockOK = true
		l.Stmt = p.parseStmt()
	}
	l.Range = p.rng(t.start)
	return l
}

// parseSynchronized parses `synchronized (x) { ... }` as a call of
// synchronized with the block as a trailing closure.
func (p *parser) parseSynchronized() Stmt {
	t := p.tok()
	p.next()
	fun := &Ident{Name: t.text, Range: p.tokRange(t)}
	x := p.parseCond("synchronized")
	p.skipNewlines()
	b := p.parseBlock()
	cl := &ClosureExpr{Body: b.Stmts, Range: b.Range}
	call := &CallExpr{Fun: fun, Args: []*Arg{{Value: x}, {Value: cl}}, Parens: true, TrailingClosures: 1, Range: p.rng(t.start)}
	return &ExprStmt{X: call}
}

func (p *parser) parseAnnotated() Stmt {
	start := p.tok().start
	a := &AnnotatedStmt{}
	for p.is("@") && !p.peek(1).isKw("interface") {
		a.Annotations = append(a.Annotations, p.parseAnnotation())
		p.skipNewlines()
	}
	if t := p.tok(); t.kind != tEOF && !t.is("}") {
		a.Stmt = p.parseStmt()
		if es, ok := a.Stmt.(*ExprStmt); ok && !annotatable(es.X) {
			p.errorf(t, "an annotation must come before a declaration (def, a type, a method, a class)")
		}
	} else {
		// @Library('x') needs something to annotate: `_` or an import.
		p.errorf(t, "an annotation must come before a declaration (def, a type, a method, a class; for @Library, write _ after it)")
	}
	a.Range = p.rng(start)
	return a
}

// annotatable reports whether an annotated expression statement is one
// Groovy reads as a declaration: a name alone (`@Library('x') _`) or a
// name given a value.
func annotatable(x Expr) bool {
	switch x := x.(type) {
	case *Ident:
		return true
	case *BinaryExpr:
		_, name := x.X.(*Ident)
		return x.Op == "=" && name
	}
	return false
}

// parseAnnotation parses `@Name` or `@Name(args)`; arguments are a single
// value or `name = value` pairs.
func (p *parser) parseAnnotation() *Annotation {
	start := p.tok().start
	p.next() // @
	a := &Annotation{}
	t := p.tok()
	if t.kind != tIdent {
		p.errorExpected("annotation name", t)
		a.Range = p.rngOrTok(t)
		return a
	}
	p.next()
	for p.is(".") && p.peek(1).kind == tIdent {
		p.next()
		p.next()
	}
	a.Name = p.text(t.start, p.prevEnd)
	if p.is("(") && !p.tok().nlBefore {
		p.next()
		for !p.atCloser() {
			nt := p.tok()
			if nt.kind == tIdent && p.peek(1).is("=") {
				p.next()
				p.next()
				a.Args = append(a.Args, &Arg{Name: nt.text, NameRange: p.tokRange(nt), Value: p.parseExpr()})
			} else {
				a.Args = append(a.Args, &Arg{Value: p.parseExpr()})
			}
			if !p.got(",") {
				break
			}
		}
		p.expect(")", "after annotation arguments")
	}
	a.Range = p.rng(start)
	return a
}

// parseClass parses a class, interface, enum or trait declaration, from its
// keyword or the `@` of `@interface`.
func (p *parser) parseClass(start diag.Pos) Stmt {
	p.got("@")
	kw := p.tok()
	p.next()
	c := &ClassDecl{Keyword: kw.text}
	if nt := p.tok(); nt.isName() {
		c.Name = nt.text
		if p.class == "" && p.nested == 0 {
			// One file is one compilation unit: a name twice is an error.
			if p.classNames[c.Name] {
				p.errorf(nt, "the class %s is declared twice in the file", c.Name)
			}
			p.classNames[c.Name] = true
		}
		p.next()
	} else {
		p.errorExpected("class name", nt)
		c.Range = p.rng(start)
		return c
	}
	// Skip the header: type parameters, extends, implements.
	for {
		t := p.tok()
		if t.kind == tIdent || t.kind == tNewline {
			p.next()
			continue
		}
		if t.kind == tOp {
			switch t.text {
			case ".", ",", "<", ">", ">>", ">>>", "?", "&", "[", "]":
				p.next()
				continue
			}
		}
		break
	}
	open := p.tok()
	if !p.expect("{", "before class body") {
		c.Range = p.rng(start)
		return c
	}
	c.Body = p.parseClassBody(c.Name, kw.text == "enum")
	if kw.text == "interface" {
		p.checkInterfaceDefaults(c.Body)
	}
	p.closeBrace(open, "class body")
	c.Range = p.rng(start)
	return c
}

// checkInterfaceDefaults reports a default parameter value on a method of
// an interface, which Groovy rejects: an interface method has no body to
// stand in for the overloads a default makes.
func (p *parser) checkInterfaceDefaults(body []Stmt) {
	for _, s := range body {
		if a, ok := s.(*AnnotatedStmt); ok {
			s = a.Stmt
		}
		m, ok := s.(*MethodDecl)
		if !ok {
			continue
		}
		for _, prm := range m.Params {
			if prm.Default != nil {
				t := token{start: prm.Range.Start, end: prm.Range.End}
				p.errorf(&t, "the parameter %s of an interface method cannot have a default value", prm.Name)
				return
			}
		}
	}
}

// parseClassBody parses the members of a class up to its closing brace,
// which it leaves.
func (p *parser) parseClassBody(name string, enum bool) []Stmt {
	save, saveNested := p.class, p.nested
	p.class, p.nested = name, 0
	var body []Stmt
	if enum {
		body = p.parseEnumConstants()
	}
	body = append(body, p.parseStmts(true)...)
	p.class, p.nested = save, saveNested
	return body
}

// parseEnumConstants parses the constants that open an enum body: names,
// with optional arguments and bodies, separated by commas.
func (p *parser) parseEnumConstants() []Stmt {
	var out []Stmt
	for {
		p.skipNewlines()
		t := p.tok()
		if !t.isName() {
			break
		}
		n := p.peek(1)
		if !(n.is(",") || n.is(";") || n.kind == tNewline || n.is("}") || n.is("(") || n.is("{")) {
			break
		}
		p.next()
		var x Expr = &Ident{Name: t.text, Range: p.tokRange(t)}
		if p.is("(") {
			x = &CallExpr{Fun: x, Args: p.parseParenArgs(), Parens: true, Range: p.rng(t.start)}
		}
		if open := p.tok(); open.is("{") {
			p.next()
			p.parseClassBody(t.text, false)
			p.closeBrace(open, "enum constant body")
		}
		out = append(out, &ExprStmt{X: x})
		if !p.got(",") {
			p.got(";")
			break
		}
	}
	return out
}
