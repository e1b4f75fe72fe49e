package groovy

import (
	"strconv"

	"github.com/jenkins2actions/jenkins2actions/diag"
)

const codeSyntax = "syntax-error"

// Parse parses a Groovy source file. It always returns a File; syntax errors
// are reported as diagnostics and the statements around them are kept.
func Parse(filename string, src []byte) (f *File, diags diag.Diagnostics) {
	text := string(src)
	f = &File{Name: filename, Src: src}
	f.Range = diag.Range{File: filename, Start: diag.Pos{Line: 1, Col: 1}, End: diag.PosAfter(text)}
	defer func() {
		// A last resort: a parser bug must cost the caller one file, not
		// the process.
		if r := recover(); r != nil {
			f.Stmts = nil
			diags = diags.Errorf(diag.Range{File: filename, Start: f.Range.Start, End: f.Range.Start},
				"internal-error", "internal parser error: %v", r)
		}
	}()
	toks, lexDiags, unclosed := lex(filename, text)
	diags = lexDiags
	f.Unclosed = unclosed
	p := &parser{file: filename, src: text, toks: toks, diags: &diags, prevEnd: f.Range.Start, lexClaimed: make([]bool, len(lexDiags)), classNames: map[string]bool{}}
	f.Stmts = p.parseStmts(false)
	return f, diags
}

type parser struct {
	file string
	src  string
	toks []token
	i    int
	// diags is shared with the parsers of string interpolations.
	diags *diag.Diagnostics
	// prevEnd is the end of the last consumed token: the end of the node
	// being finished.
	prevEnd diag.Pos
	// syncing is set from a syntax error until the enclosing statement list
	// has skipped to the next statement; errors in between are echoes of
	// the first one and are not reported.
	syncing bool
	// depth counts the nested statements, expressions and types being
	// parsed; see maxDepth.
	depth int
	// lexClaimed has a flag for each diagnostic of the lexer, at the
	// start of diags: set once a statement holding the error has become
	// bad for it, as one that does not parse.
	lexClaimed []bool
	// classNames are the top-level classes declared so far.
	classNames map[string]bool
	// attach is set while the first primary of an expression statement is
	// parsed, where a closure opening the next line is passed to the call
	// before it.
	attach bool
	// nested counts the blocks and closures being parsed, outside class
	// bodies: Groovy allows methods only where it is 0.
	nested int
	// blockOK is set where the next statement may be a bare block: the
	// body of an if or a loop, and after a label.
	blockOK bool
	// class is the name of the class whose body is being parsed, or "".
	// In a class body every `Type name` is a field and `Name(...)` a
	// constructor.
	class string
}

func (p *parser) tok() *token { return &p.toks[p.i] }

// peek returns the token n places ahead, or the final tEOF.
func (p *parser) peek(n int) *token {
	if j := p.i + n; j < len(p.toks) {
		return &p.toks[j]
	}
	return &p.toks[len(p.toks)-1]
}

func (p *parser) at(i int) *token {
	if i < len(p.toks) {
		return &p.toks[i]
	}
	return &p.toks[len(p.toks)-1]
}

func (p *parser) next() {
	t := &p.toks[p.i]
	if t.kind != tEOF {
		p.prevEnd = t.end
		p.i++
	}
}

func (p *parser) is(op string) bool   { return p.toks[p.i].is(op) }
func (p *parser) isKw(kw string) bool { return p.toks[p.i].isKw(kw) }

// got consumes the operator op if it is next.
func (p *parser) got(op string) bool {
	if p.is(op) {
		p.next()
		return true
	}
	return false
}

// expect consumes op or reports what was found instead; context completes
// the message ("after arguments").
func (p *parser) expect(op, context string) bool {
	if p.got(op) {
		return true
	}
	p.errorExpected(strconv.Quote(op)+" "+context, p.tok())
	return false
}

func (p *parser) errorExpected(what string, t *token) {
	p.errorf(t, "expected %s, found %s", what, describe(t))
}

func (p *parser) errorf(t *token, format string, args ...any) {
	if p.syncing {
		return
	}
	p.syncing = true
	*p.diags = p.diags.Errorf(diag.Range{File: p.file, Start: t.start, End: t.end}, codeSyntax, format, args...)
}

// groovy3 reports syntax that Groovy 3 added and Groovy 2.4, which Jenkins
// runs, rejects: Jenkins would fail on the file before running it.
func (p *parser) groovy3(t *token, what, instead string) {
	p.errorf(t, "%s: Groovy 3 syntax, which Groovy 2.4 in Jenkins rejects (%s)", what, instead)
}

func describe(t *token) string {
	switch t.kind {
	case tEOF:
		return "end of file"
	case tNewline:
		return "newline"
	case tString:
		return "string literal"
	}
	return strconv.Quote(t.text)
}

func (p *parser) rng(start diag.Pos) diag.Range {
	end := p.prevEnd
	if end.Offset < start.Offset {
		end = start
	}
	return diag.Range{File: p.file, Start: start, End: end}
}

func (p *parser) tokRange(t *token) diag.Range {
	return diag.Range{File: p.file, Start: t.start, End: t.end}
}

// skipNewlines skips line breaks where Groovy allows them, such as between
// `)` and the body of an if.
func (p *parser) skipNewlines() {
	for p.tok().kind == tNewline {
		p.next()
	}
}

// peekPastNewlines returns the first token that is not a line break.
func (p *parser) peekPastNewlines() *token {
	j := p.i
	for p.at(j).kind == tNewline {
		j++
	}
	return p.at(j)
}

// atStmtEnd reports whether the current token may follow a complete
// statement.
func (p *parser) atStmtEnd() bool {
	t := p.tok()
	switch t.kind {
	case tEOF, tNewline:
		return true
	case tOp:
		if t.text == ";" || t.text == "}" {
			return true
		}
	case tIdent:
		// In a switch, the next case may follow on the same line:
		// `break case 'b':`.
		if t.isKw("case") || t.isKw("default") && p.peek(1).is(":") {
			return true
		}
	}
	return t.nlBefore
}

// parseStmts parses statements up to the end of input or, in a block, up to
// the closing brace, which it leaves for the caller.
func (p *parser) parseStmts(inBlock bool) []Stmt {
	var list []Stmt
	for {
		for p.tok().kind == tNewline || p.is(";") {
			p.next()
		}
		t := p.tok()
		if t.kind == tEOF || (inBlock && t.is("}")) {
			return list
		}
		if !inBlock && len(list) > 0 && t.isName() && t.text == "package" && p.peek(1).isName() && !p.peek(1).nlBefore {
			p.errorf(t, "the package statement must come first in the file")
		}
		if t.is("}") {
			p.errorf(t, `unexpected "}"`)
			p.next()
			p.syncing = false
			list = append(list, &BadStmt{Range: p.tokRange(t)})
			continue
		}
		list = p.stmtInto(list)
	}
}

// skipStmt skips to the end of the current statement: a line break or `;`
// outside brackets, or the `}` that closes the enclosing block.
func (p *parser) skipStmt() {
	depth := 0
	for {
		t := p.tok()
		switch {
		case t.kind == tEOF:
			return
		case depth == 0 && (t.kind == tNewline || t.is(";") || t.is("}")):
			return
		case t.is("{") || t.is("(") || t.is("["):
			depth++
		case t.is("}"):
			depth--
		case t.is(")") || t.is("]"):
			if depth > 0 {
				depth--
			}
		}
		p.next()
	}
}

// maxDepth bounds the nesting of the input. Real pipelines nest a few dozen
// levels; without a bound, a file of ten thousand `(` would exhaust the
// stack, which no recover can catch.
const maxDepth = 1000

// enter notes one more level of nesting and reports whether it is allowed;
// a caller that gets true must call leave.
func (p *parser) enter(t *token) bool {
	if p.depth >= maxDepth {
		p.errorf(t, "code nested too deeply")
		return false
	}
	p.depth++
	return true
}

func (p *parser) leave() { p.depth-- }

// sub returns a parser for the tokens of one string interpolation.
func (p *parser) sub(toks []token, start diag.Pos) *parser {
	return &parser{file: p.file, src: p.src, toks: toks, diags: p.diags, prevEnd: start, classNames: p.classNames}
}
