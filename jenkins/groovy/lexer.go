package groovy

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jenkins2actions/jenkins2actions/diag"
)

// tokKind is the coarse class of a token; operators keep their text.
type tokKind uint8

const (
	tEOF tokKind = iota
	tNewline
	tIdent // names and reserved words (kw tells them apart)
	tNumber
	tString
	tOp // operators and punctuation
)

// token is one lexeme. The lexer reads the whole file before the parser
// starts, into one slice per file (and one per interpolation), so that the
// parser can look ahead as far as Groovy's ambiguities need.
type token struct {
	kind tokKind
	// kw is set for reserved words, except right after `.` and friends where
	// every word is a member name (`params.default`, `x.class`).
	kw bool
	// nlBefore is set when a line break precedes the token, including the
	// breaks the lexer did not turn into a tNewline (inside parentheses or
	// after an operator). The parser uses it for Groovy's same-line rules.
	nlBefore bool
	// inParens is set on a token inside ( or [, where Groovy ignores line
	// breaks: `[a]` then `[b]` on the next line still indexes.
	inParens bool
	text     string
	start    diag.Pos
	end      diag.Pos
	str      *strTok
}

func (t *token) is(op string) bool   { return t.kind == tOp && t.text == op }
func (t *token) isKw(kw string) bool { return t.kind == tIdent && t.kw && t.text == kw }

// isName reports whether t is an identifier that is not a reserved word.
func (t *token) isName() bool { return t.kind == tIdent && !t.kw }

// strTok is the decoded content of a string literal token.
type strTok struct {
	kind  StringKind
	parts []strPart
}

// strPart is literal text, or the tokens of an interpolated expression
// (ending with a tEOF token) that the parser turns into an Expr.
type strPart struct {
	lit        string
	toks       []token
	braced     bool
	start, end diag.Pos
}

type lexer struct {
	file      string
	src       string
	off       int
	line      int
	lineStart int // offset of the first byte of the current line
	// depth counts the string interpolations being lexed, one inside the
	// other.
	depth int
	// gaveUp is set once nesting beyond maxInterpDepth made the lexer skip
	// the rest of the input; the strings left open are not reported again.
	gaveUp bool
	// unclosed is set when a string or comment runs to the end of input.
	unclosed bool
	diags    diag.Diagnostics
}

// lexCtx is the state of one token stream: the whole file, or the inside of
// one `${...}`, which has its own brackets and newline rules.
type lexCtx struct {
	toks []token
	// stack holds the open brackets; newlines inside ( and [ never end a
	// statement, inside { they do.
	stack []byte
	// interp is set while lexing `${...}`: the stream ends at the first
	// unmatched `}` and newlines in it are insignificant.
	interp    bool
	pendingNL bool
	nlPos     diag.Pos
	sawNL     bool
}

// lex splits src into tokens. The result always ends with a tEOF token.
// unclosed reports that the input ends inside a bracket, a string or a
// comment.
func lex(file, src string) (toks []token, diags diag.Diagnostics, unclosed bool) {
	l := &lexer{file: file, src: src, line: 1}
	if strings.HasPrefix(src, "\uFEFF") {
		l.off = 3
	}
	if strings.HasPrefix(src[l.off:], "#!") {
		for l.off < len(src) && src[l.off] != '\n' {
			l.off++
		}
	}
	c := &lexCtx{toks: make([]token, 0, len(src)/5+4)}
	l.run(c)
	return c.toks, l.diags, l.unclosed || len(c.stack) > 0
}

func (l *lexer) pos() diag.Pos {
	return diag.Pos{Line: l.line, Col: l.off - l.lineStart + 1, Offset: l.off}
}

func (l *lexer) errorf(start, end diag.Pos, format string, args ...any) {
	l.diags = l.diags.Errorf(diag.Range{File: l.file, Start: start, End: end}, codeSyntax, format, args...)
}

// run lexes tokens into c until the end of the input or, for an
// interpolation, its closing brace. It reports whether the brace was found.
func (l *lexer) run(c *lexCtx) bool {
	for {
		l.skipSpace(c)
		if l.off >= len(l.src) {
			p := l.pos()
			c.toks = append(c.toks, token{kind: tEOF, start: p, end: p, nlBefore: c.sawNL})
			return false
		}
		ch := l.src[l.off]
		if ch == '}' && c.interp && !c.hasOpenBrace() {
			p := l.pos()
			l.off++
			c.toks = append(c.toks, token{kind: tEOF, start: p, end: l.pos()})
			return true
		}
		l.lexToken(c, ch)
	}
}

func (c *lexCtx) hasOpenBrace() bool {
	for _, b := range c.stack {
		if b == '{' {
			return true
		}
	}
	return false
}

func (l *lexer) skipSpace(c *lexCtx) {
	for l.off < len(l.src) {
		ch := l.src[l.off]
		switch {
		case ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f':
			l.off++
		case ch == '\n':
			l.newline(c, l.pos())
			l.off++
			l.line++
			l.lineStart = l.off
		case ch == '\\' && l.lineContinuation():
		case ch == '/' && l.peekByte(1) == '/':
			for l.off < len(l.src) && l.src[l.off] != '\n' {
				l.off++
			}
		case ch == '/' && l.peekByte(1) == '*':
			start := l.pos()
			idx := strings.Index(l.src[l.off+2:], "*/")
			end := len(l.src)
			if idx >= 0 {
				end = l.off + 2 + idx + 2
			}
			for i := l.off; i < end; i++ {
				if l.src[i] == '\n' {
					// A comment spanning lines separates statements like
					// the line break it contains.
					l.newline(c, diag.Pos{Line: l.line, Col: i - l.lineStart + 1, Offset: i})
					l.line++
					l.lineStart = i + 1
				}
			}
			l.off = end
			if idx < 0 {
				l.unclosed = true
				l.errorf(start, l.pos(), "unterminated block comment")
			}
		case ch >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(l.src[l.off:])
			if r != '\uFEFF' && !unicode.IsSpace(r) {
				return
			}
			l.off += size
		default:
			return
		}
	}
}

// lineContinuation skips a backslash that ends a line, which joins the two
// lines outside strings as inside them.
func (l *lexer) lineContinuation() bool {
	n := 1
	if l.peekByte(n) == '\r' {
		n++
	}
	if l.peekByte(n) != '\n' {
		return false
	}
	l.off += n + 1
	l.line++
	l.lineStart = l.off
	return true
}

func (l *lexer) peekByte(n int) byte {
	if l.off+n < len(l.src) {
		return l.src[l.off+n]
	}
	return 0
}

// newline records a line break at p. It becomes a tNewline token only when it
// can end a statement and the next token does not continue the expression.
func (l *lexer) newline(c *lexCtx, p diag.Pos) {
	c.sawNL = true
	if c.pendingNL || !c.newlineSignificant() {
		return
	}
	c.pendingNL = true
	c.nlPos = p
}

func (c *lexCtx) newlineSignificant() bool {
	if n := len(c.stack); n > 0 {
		if c.stack[n-1] != '{' {
			return false
		}
	} else if c.interp {
		return false
	}
	if len(c.toks) == 0 {
		return false
	}
	return c.canEnd()
}

// canEnd reports whether the last token can end an expression. After one
// that cannot (a binary operator, a comma, an opening bracket...), the
// expression goes on on the next line.
func (c *lexCtx) canEnd() bool {
	t := &c.toks[len(c.toks)-1]
	switch t.kind {
	case tIdent:
		if t.kw {
			switch t.text {
			case "in", "instanceof", "as", "new":
				return false
			}
		}
		return true
	case tNumber, tString:
		return true
	case tOp:
		switch t.text {
		case ")", "]", "}", "++", "--":
			return true
		case "*":
			// `import a.b.*` ends with a star that is no multiplication.
			return len(c.toks) > 1 && c.toks[len(c.toks)-2].is(".")
		}
	}
	return false
}

// continuesLine reports whether a token at the start of a line continues the
// expression of the line before: a method chain or a conditional. Groovy
// 2.4 ends the statement before a leading `&&` or `||`.
func continuesLine(t *token) bool {
	if t.kind != tOp {
		return false
	}
	switch t.text {
	case ".", "?.", "*.", ".&", ".@", "?:", "?", ":", "::":
		return true
	}
	return false
}

func (l *lexer) emit(c *lexCtx, t token) {
	if c.pendingNL {
		c.pendingNL = false
		if !continuesLine(&t) {
			end := diag.Pos{Line: c.nlPos.Line + 1, Col: 1, Offset: c.nlPos.Offset + 1}
			c.toks = append(c.toks, token{kind: tNewline, text: "\n", start: c.nlPos, end: end, nlBefore: true})
		}
	}
	t.nlBefore = c.sawNL
	t.inParens = c.inParens()
	c.sawNL = false
	c.toks = append(c.toks, t)
}

// inParens reports whether the innermost open bracket is ( or [.
func (c *lexCtx) inParens() bool {
	return len(c.stack) > 0 && c.stack[len(c.stack)-1] != '{'
}

// lastIsMemberDot reports whether the previous token makes the next word a
// member name rather than a reserved word.
func (c *lexCtx) lastIsMemberDot() bool {
	if len(c.toks) == 0 || c.pendingNL {
		return false
	}
	t := &c.toks[len(c.toks)-1]
	if t.kind != tOp {
		return false
	}
	switch t.text {
	case ".", "?.", "*.", ".&", ".@", "::":
		return true
	}
	return false
}

// regexAllowed reports whether a `/` or `$/` here starts a slashy string
// rather than a division: at the start of a statement, and after an
// operator or an opening bracket. Like Groovy 2.4's lexer, it takes every
// name and keyword for the end of an expression, so `return /x/` divides.
func (c *lexCtx) regexAllowed(dollar bool) bool {
	// At the top level a line break does not count for `/`: after `foo()`
	// and a newline, `/` is still a division, which no statement may start
	// with. A `$/` starts a string on a new line.
	j := len(c.toks) - 1
	if dollar && c.pendingNL {
		return true
	}
	nl := c.pendingNL
	for j >= 0 && c.toks[j].kind == tNewline {
		j--
		nl = true
	}
	if j < 0 {
		return true
	}
	if nl && len(c.stack) > 0 && c.stack[len(c.stack)-1] == '{' {
		// Inside braces a line break ends what came before for Groovy
		// 2.4's lexer: a line may start with a slashy string there, not
		// at the top level of the file.
		return true
	}
	t := &c.toks[j]
	switch t.kind {
	case tOp:
		switch t.text {
		case ")", "]", "}", "++", "--":
			return false
		}
		return true
	}
	return false
}

func isDigit(ch byte) bool { return '0' <= ch && ch <= '9' }

func isHexDigit(ch byte) bool {
	return isDigit(ch) || ('a' <= ch && ch <= 'f') || ('A' <= ch && ch <= 'F')
}

func isASCIILetter(ch byte) bool { return ('a' <= ch && ch <= 'z') || ('A' <= ch && ch <= 'Z') }

// identStartAt reports whether an identifier starts at byte offset i. The
// dollar sign is a letter in Groovy names but not in `$name` interpolation.
func (l *lexer) identStartAt(i int, dollar bool) bool {
	if i >= len(l.src) {
		return false
	}
	ch := l.src[i]
	if ch < utf8.RuneSelf {
		return isASCIILetter(ch) || ch == '_' || (dollar && ch == '$')
	}
	r, _ := utf8.DecodeRuneInString(l.src[i:])
	return unicode.IsLetter(r)
}

func (l *lexer) scanIdent(dollar bool) {
	for l.off < len(l.src) {
		ch := l.src[l.off]
		if ch < utf8.RuneSelf {
			if isASCIILetter(ch) || isDigit(ch) || ch == '_' || (dollar && ch == '$') {
				l.off++
				continue
			}
			return
		}
		r, size := utf8.DecodeRuneInString(l.src[l.off:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return
		}
		l.off += size
	}
}

func (l *lexer) lexToken(c *lexCtx, ch byte) {
	start := l.pos()
	switch {
	case ch == '$' && l.peekByte(1) == '/' && c.regexAllowed(true):
		l.off += 2
		l.emitString(c, DollarSlashy, start)
	case l.identStartAt(l.off, true):
		l.scanIdent(true)
		text := l.src[start.Offset:l.off]
		kw := keywords[text] && !c.lastIsMemberDot()
		l.emit(c, token{kind: tIdent, kw: kw, text: text, start: start, end: l.pos()})
	case isDigit(ch):
		l.scanNumber()
		l.emit(c, token{kind: tNumber, text: l.src[start.Offset:l.off], start: start, end: l.pos()})
	case ch == '\'':
		if strings.HasPrefix(l.src[l.off:], "'''") {
			l.off += 3
			l.emitString(c, TripleSingleQuoted, start)
		} else {
			l.off++
			l.emitString(c, SingleQuoted, start)
		}
	case ch == '"':
		if strings.HasPrefix(l.src[l.off:], `"""`) {
			l.off += 3
			l.emitString(c, TripleDoubleQuoted, start)
		} else {
			l.off++
			l.emitString(c, DoubleQuoted, start)
		}
	case ch == '/' && c.regexAllowed(false):
		l.off++
		l.emitString(c, Slashy, start)
	default:
		op := l.matchOp()
		if op == "" {
			r, size := utf8.DecodeRuneInString(l.src[l.off:])
			l.off += size
			l.errorf(start, l.pos(), "unexpected character %q", r)
			return
		}
		l.off += len(op)
		switch op {
		case "(", "[", "{":
			c.stack = append(c.stack, op[0])
		case ")":
			c.closeBracket('(')
		case "]":
			c.closeBracket('[')
		case "}":
			c.closeBracket('{')
		}
		l.emit(c, token{kind: tOp, text: op, start: start, end: l.pos()})
	}
}

// closeBracket pops the stack up to the matching opener. A stray `)` or `]`
// never pops past a `{`, so that one typo does not swallow the newlines of
// the rest of the block.
func (c *lexCtx) closeBracket(open byte) {
	for i := len(c.stack) - 1; i >= 0; i-- {
		if c.stack[i] == open {
			c.stack = c.stack[:i]
			return
		}
		if open != '{' && c.stack[i] == '{' {
			return
		}
	}
}

func (l *lexer) emitString(c *lexCtx, kind StringKind, start diag.Pos) {
	st := l.scanString(kind, start)
	l.emit(c, token{kind: tString, str: st, start: start, end: l.pos()})
}

func (l *lexer) scanNumber() {
	src := l.src
	if src[l.off] == '0' && (l.peekByte(1) == 'x' || l.peekByte(1) == 'X') {
		l.off += 2
		for l.off < len(src) && (isHexDigit(src[l.off]) || src[l.off] == '_') {
			l.off++
		}
	} else if src[l.off] == '0' && (l.peekByte(1) == 'b' || l.peekByte(1) == 'B') {
		l.off += 2
		for l.off < len(src) && (src[l.off] == '0' || src[l.off] == '1' || src[l.off] == '_') {
			l.off++
		}
	} else {
		l.scanDigits()
		// A dot starts a fraction only before a digit: 1..5 is a range and
		// 1.toString() a call.
		if l.peekByte(0) == '.' && isDigit(l.peekByte(1)) {
			l.off++
			l.scanDigits()
		}
		if e := l.peekByte(0); e == 'e' || e == 'E' {
			n := 1
			if s := l.peekByte(1); s == '+' || s == '-' {
				n++
			}
			if isDigit(l.peekByte(n)) {
				l.off += n
				l.scanDigits()
			}
		}
	}
	if l.off < len(src) && strings.IndexByte("lLiIgGdDfF", src[l.off]) >= 0 {
		l.off++
	}
}

func (l *lexer) scanDigits() {
	for l.off < len(l.src) && (isDigit(l.src[l.off]) || l.src[l.off] == '_') {
		l.off++
	}
}

// matchOp returns the longest operator at the current offset, or "".
func (l *lexer) matchOp() string {
	s := l.src[l.off:]
	at := func(i int) byte {
		if i < len(s) {
			return s[i]
		}
		return 0
	}
	c1, c2 := at(1), at(2)
	n := 1
	switch s[0] {
	case '(', ')', '[', ']', '{', '}', ',', ';', '@', '~':
	case '.':
		switch {
		case c1 == '.' && (c2 == '<' || c2 == '.'):
			n = 3
		case c1 == '.' || c1 == '&' || c1 == '@':
			n = 2
		}
	case ':':
		if c1 == ':' {
			n = 2
		}
	case '?':
		if c1 == '.' || c1 == ':' || c1 == '=' {
			n = 2
		}
	case '*':
		switch {
		case c1 == '*' && c2 == '=':
			n = 3
		case c1 == '*' || c1 == '=' || c1 == '.':
			n = 2
		}
	case '-':
		if c1 == '>' || c1 == '-' || c1 == '=' {
			n = 2
		}
	case '+':
		if c1 == '+' || c1 == '=' {
			n = 2
		}
	case '/', '%', '^':
		if c1 == '=' {
			n = 2
		}
	case '&':
		if c1 == '&' || c1 == '=' {
			n = 2
		}
	case '|':
		if c1 == '|' || c1 == '=' {
			n = 2
		}
	case '=':
		switch {
		case c1 == '=' && (c2 == '=' || c2 == '~'):
			n = 3
		case c1 == '=' || c1 == '~':
			n = 2
		}
	case '!':
		for _, w := range [...]string{"!instanceof", "!in"} {
			if strings.HasPrefix(s, w) && !l.identPartAt(l.off+len(w)) {
				return w
			}
		}
		switch {
		case c1 == '=' && c2 == '=':
			n = 3
		case c1 == '=':
			n = 2
		}
	case '<':
		switch {
		case (c1 == '=' && c2 == '>') || (c1 == '<' && c2 == '='):
			n = 3
		case c1 == '=' || c1 == '<':
			n = 2
		}
	case '>':
		switch {
		case c1 == '>' && c2 == '>' && at(3) == '=':
			n = 4
		case c1 == '>' && (c2 == '>' || c2 == '='):
			n = 3
		case c1 == '>' || c1 == '=':
			n = 2
		}
	default:
		return ""
	}
	return s[:n]
}

func (l *lexer) identPartAt(i int) bool {
	if i >= len(l.src) {
		return false
	}
	ch := l.src[i]
	if ch < utf8.RuneSelf {
		return isASCIILetter(ch) || isDigit(ch) || ch == '_' || ch == '$'
	}
	r, _ := utf8.DecodeRuneInString(l.src[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// keywords are Groovy's reserved words. `var`, `trait`, `record` and
// `package` are left out: they are contextual and Jenkinsfiles use some of
// them as names.
var keywords = map[string]bool{
	"abstract": true, "as": true, "assert": true, "boolean": true, "break": true,
	"byte": true, "case": true, "catch": true, "char": true, "class": true,
	"continue": true, "def": true, "default": true, "do": true, "double": true,
	"else": true, "enum": true, "extends": true, "false": true, "final": true,
	"finally": true, "float": true, "for": true, "if": true, "implements": true,
	"import": true, "in": true, "instanceof": true, "int": true, "interface": true,
	"long": true, "native": true, "new": true, "null": true, "private": true,
	"protected": true, "public": true, "return": true, "short": true, "static": true,
	"strictfp": true, "super": true, "switch": true, "synchronized": true,
	"this": true, "throw": true, "throws": true, "transient": true, "true": true,
	"try": true, "void": true, "volatile": true, "while": true,
}

// scanString reads the body of a string literal whose opening delimiter has
// been consumed, decoding escapes and lexing interpolations.
func (l *lexer) scanString(kind StringKind, tokStart diag.Pos) *strTok {
	st := &strTok{kind: kind}
	s := stringScanner{l: l, st: st, litStart: l.pos()}
	interp := kind.Interpolating()
	src := l.src
	for {
		if l.off >= len(src) {
			s.flush()
			l.unclosed = true
			l.errorf(tokStart, l.pos(), "unterminated string literal")
			return st
		}
		ch := src[l.off]
		if n := closingLen(kind, src[l.off:]); n > 0 {
			s.flush()
			l.off += n
			return st
		}
		switch {
		case ch == '\n':
			if kind == SingleQuoted || kind == DoubleQuoted {
				s.flush()
				l.errorf(tokStart, l.pos(), "unterminated string literal")
				return st
			}
			s.addByte(ch, 1)
			l.line++
			l.lineStart = l.off
		case ch == '\\' && kind == Slashy:
			if l.peekByte(1) == '/' {
				s.escape("/", 2)
			} else {
				s.addByte(ch, 1)
			}
		case ch == '\\' && kind != DollarSlashy:
			s.decodeEscape()
		case ch == '$' && kind == DollarSlashy && (l.peekByte(1) == '$' || l.peekByte(1) == '/'):
			s.escape(src[l.off+1:l.off+2], 2)
		case ch == '$' && interp && l.peekByte(1) == '{':
			s.flush()
			if !s.braced() {
				if !l.gaveUp {
					l.errorf(tokStart, l.pos(), "unterminated string literal")
				}
				return st
			}
		case ch == '$' && interp && l.identStartAt(l.off+1, false):
			s.flush()
			s.dotted()
		case ch == '$' && (kind == DoubleQuoted || kind == TripleDoubleQuoted):
			l.errorf(l.pos(), l.pos(), `"$" in a double-quoted string must start ${expression} or a name (write \$ for a dollar sign)`)
			s.addByte(ch, 1)
		default:
			s.addByte(ch, 1)
		}
	}
}

// closingLen returns the length of the closing delimiter at the start of s,
// or 0.
func closingLen(kind StringKind, s string) int {
	switch kind {
	case SingleQuoted:
		if s[0] == '\'' {
			return 1
		}
	case DoubleQuoted:
		if s[0] == '"' {
			return 1
		}
	case TripleSingleQuoted:
		if strings.HasPrefix(s, "'''") {
			return 3
		}
	case TripleDoubleQuoted:
		if strings.HasPrefix(s, `"""`) {
			return 3
		}
	case Slashy:
		if s[0] == '/' {
			return 1
		}
	case DollarSlashy:
		if strings.HasPrefix(s, "/$") {
			return 2
		}
	}
	return 0
}

// stringScanner accumulates the literal text of a string. Text without
// escapes is sliced out of the source rather than copied.
type stringScanner struct {
	l        *lexer
	st       *strTok
	litStart diag.Pos
	buf      []byte
	escaped  bool
}

func (s *stringScanner) addByte(ch byte, n int) {
	if s.escaped {
		s.buf = append(s.buf, ch)
	}
	s.l.off += n
}

// escape adds decoded text that replaces n source bytes.
func (s *stringScanner) escape(text string, n int) {
	if !s.escaped {
		s.escaped = true
		s.buf = append(s.buf[:0], s.l.src[s.litStart.Offset:s.l.off]...)
	}
	s.buf = append(s.buf, text...)
	s.l.off += n
}

func (s *stringScanner) flush() {
	l := s.l
	if l.off > s.litStart.Offset {
		lit := l.src[s.litStart.Offset:l.off]
		if s.escaped {
			lit = string(s.buf)
		}
		if lit != "" {
			s.st.parts = append(s.st.parts, strPart{lit: lit, start: s.litStart, end: l.pos()})
		}
	}
	s.escaped = false
	s.buf = s.buf[:0]
	s.litStart = l.pos()
}

func (s *stringScanner) decodeEscape() {
	l := s.l
	n := l.peekByte(1)
	switch n {
	case 'n':
		s.escape("\n", 2)
	case 't':
		s.escape("\t", 2)
	case 'b':
		s.escape("\b", 2)
	case 'r':
		s.escape("\r", 2)
	case 'f':
		s.escape("\f", 2)
	case '\\', '\'', '"', '$':
		s.escape(l.src[l.off+1:l.off+2], 2)
	case '\n', '\r':
		k := 2
		if n == '\r' {
			if l.peekByte(2) != '\n' {
				s.addByte('\\', 1)
				return
			}
			k = 3
		}
		// A backslash ending a line joins it to the next one.
		s.escape("", k)
		l.line++
		l.lineStart = l.off
	case 'u':
		i := l.off + 1
		for i < len(l.src) && l.src[i] == 'u' {
			i++
		}
		if i+4 <= len(l.src) && isHexDigit(l.src[i]) && isHexDigit(l.src[i+1]) && isHexDigit(l.src[i+2]) && isHexDigit(l.src[i+3]) {
			var r rune
			for _, h := range []byte(l.src[i : i+4]) {
				r = r<<4 | rune(hexVal(h))
			}
			s.escape(string(r), i+4-l.off)
			return
		}
		s.badEscape()
	case '0', '1', '2', '3', '4', '5', '6', '7':
		i, v := l.off+1, 0
		maxDigits := 3
		if n > '3' {
			maxDigits = 2
		}
		for j := 0; j < maxDigits && i < len(l.src) && l.src[i] >= '0' && l.src[i] <= '7'; j++ {
			v = v*8 + int(l.src[i]-'0')
			i++
		}
		s.escape(string(rune(v)), i-l.off)
	default:
		s.badEscape()
	}
}

// badEscape reports a backslash Groovy 2.4 does not accept (\s, \/, \p,
// a short \u) and keeps it as written.
func (s *stringScanner) badEscape() {
	l := s.l
	l.errorf(l.pos(), l.pos(), "unknown escape in a string (write \\\\ for a backslash)")
	s.addByte('\\', 1)
}

func hexVal(h byte) byte {
	switch {
	case h >= 'a':
		return h - 'a' + 10
	case h >= 'A':
		return h - 'A' + 10
	}
	return h - '0'
}

// maxInterpDepth bounds the nesting of interpolations in strings in
// interpolations.
const maxInterpDepth = 100

// braced lexes a `${...}` interpolation. It reports false when the input ends
// before the closing brace.
func (s *stringScanner) braced() bool {
	l := s.l
	start := l.pos()
	if l.depth >= maxInterpDepth {
		// Give up on the rest of the input rather than recurse without
		// bound.
		l.errorf(start, l.pos(), "string interpolations nested too deeply")
		l.gaveUp = true
		for l.off < len(l.src) {
			if l.src[l.off] == '\n' {
				l.lineStart = l.off + 1
				l.line++
			}
			l.off++
		}
		return false
	}
	l.off += 2
	sub := &lexCtx{interp: true, toks: make([]token, 0, 8)}
	l.depth++
	closed := l.run(sub)
	l.depth--
	if closed && s.st.kind == DoubleQuoted && l.line != start.Line {
		// A "..." string is one line, its interpolations included.
		l.errorf(start, l.pos(), `a line break inside ${} of a "..." string (use """...""" for a string of several lines)`)
	}
	s.st.parts = append(s.st.parts, strPart{toks: sub.toks, braced: true, start: start, end: l.pos()})
	s.litStart = l.pos()
	return closed
}

// dotted lexes a `$name.prop.prop` interpolation into name and dot tokens.
func (s *stringScanner) dotted() {
	l := s.l
	start := l.pos()
	l.off++
	var toks []token
	for {
		p := l.pos()
		l.scanIdent(false)
		text := l.src[p.Offset:l.off]
		toks = append(toks, token{kind: tIdent, kw: len(toks) == 0 && keywords[text], text: text, start: p, end: l.pos()})
		if l.peekByte(0) != '.' || !l.identStartAt(l.off+1, false) {
			break
		}
		p = l.pos()
		l.off++
		toks = append(toks, token{kind: tOp, text: ".", start: p, end: l.pos()})
	}
	end := l.pos()
	toks = append(toks, token{kind: tEOF, start: end, end: end})
	s.st.parts = append(s.st.parts, strPart{toks: toks, start: start, end: end})
	s.litStart = end
}
