// Package bash quotes text as bash words and follows the quoting of
// scripts: what the converter needs to write scripts no one can inject into,
// and to tell which of shellcheck's findings a script copied from Jenkins
// will have, so that they are silenced there and reported as the author's.
package bash

import (
	"regexp"
	"slices"
	"strings"
)

// State is where a position in a shell script is: outside quotes,
// inside '...' or inside "...".
type State int

// The quoting states.
const (
	Unquoted State = iota
	InSingle
	InDouble
)

// Scanner follows the quoting of a bash script as text is appended
// to it, well enough to place variable references and to find what
// shellcheck will say about the script's expansions. It does not parse
// heredocs or nested command substitutions.
type Scanner struct {
	state   State
	escaped bool
	comment bool
	// prev is the last byte seen, to tell a word-initial # (a comment)
	// from one inside a word.
	prev byte
	// found collects the shellcheck codes the text would likely trigger.
	found map[string]bool
}

// NewScanner starts a scanner at the beginning of a script.
func NewScanner() *Scanner { return &Scanner{prev: '\n', found: map[string]bool{}} }

// State is the quoting at the end of the text written so far.
func (s *Scanner) State() State { return s.state }

// Write appends text to the script the scanner follows.
func (s *Scanner) Write(text string) {
	for i := 0; i < len(text); i++ {
		ch := text[i]
		switch {
		case s.comment:
			if ch == '\n' {
				s.comment = false
			}
		case s.escaped:
			s.escaped = false
		case s.state == InSingle:
			if ch == '\'' {
				s.state = Unquoted
			} else if ch == '`' || ch == '$' && i+1 < len(text) && (isExpansionStart(text[i+1]) || text[i+1] == '(') {
				s.found["SC2016"] = true
			}
		case ch == '\\':
			s.escaped = true
		case ch == '`':
			s.found["SC2006"] = true
			if s.state == Unquoted {
				s.found["SC2046"] = true
			}
		case s.state == InDouble:
			if ch == '"' {
				s.state = Unquoted
				if reopensAfterExpansion(text, i+1) {
					// "a "$x" b": the quotes around $x unquote it.
					s.found["SC2027"] = true
				}
			}
		case ch == '\'':
			s.state = InSingle
		case ch == '"':
			s.state = InDouble
		case ch == '#' && wordStart(s.prev):
			s.comment = true
		case ch == '*' && wordStart(s.prev) && s.state == Unquoted:
			// A glob that starts a word may expand to a name starting
			// with a dash.
			s.found["SC2035"] = true
		case ch == '$' && i+1 < len(text):
			switch next := text[i+1]; {
			case next == '(':
				s.found["SC2046"] = true
			case isExpansionStart(next):
				s.found["SC2086"] = true
			}
		}
		s.prev = ch
	}
}

// reopensAfterExpansion reports whether text at i is an expansion ($x,
// ${x}, $(...)) followed at once by a double quote.
func reopensAfterExpansion(text string, i int) bool {
	if i+1 >= len(text) || text[i] != '$' {
		return false
	}
	j := i + 1
	switch text[j] {
	case '{', '(':
		open, closing, depth := text[j], map[byte]byte{'{': '}', '(': ')'}[text[j]], 0
		for ; j < len(text); j++ {
			if text[j] == open {
				depth++
			} else if text[j] == closing {
				if depth--; depth == 0 {
					j++
					break
				}
			}
		}
	default:
		for j < len(text) && (text[j] == '_' || '0' <= text[j] && text[j] <= '9' || 'a' <= text[j]|0x20 && text[j]|0x20 <= 'z') {
			j++
		}
		if j == i+1 {
			return false
		}
	}
	return j < len(text) && text[j] == '"'
}

func wordStart(prev byte) bool {
	return prev == ' ' || prev == '\t' || prev == '\n' || prev == ';'
}

// deprecatedCommands are commands shellcheck flags by name.
var deprecatedCommands = map[string]string{"egrep": "SC2196", "fgrep": "SC2197"}

// styleFindings are the line patterns of shellcheck's common style and info
// findings in CI scripts. A pattern may match where shellcheck would not
// complain: disabling a check that does not fire is harmless.
var styleFindings = []struct {
	code string
	re   *regexp.Regexp
}{
	{"SC2236", regexp.MustCompile(`!\s+-[zn]\s`)},
	{"SC2181", regexp.MustCompile(`\$\?\s*(-eq|-ne|!=|==|=)|\[\s*"?\$\?`)},
	{"SC2002", regexp.MustCompile(`\bcat\s+[^|;&<>]+\|`)},
	{"SC2164", regexp.MustCompile(`(^|[;&|]\s*|\s)cd\s+[^|&;]+$`)},
	{"SC2155", regexp.MustCompile("\\b(export|local|declare|readonly)\\s+\\w+=[^;|&]*(\\$\\(|`)")},
	{"SC2102", regexp.MustCompile(`(^|\s)[\w./-]*[\w.]\[[\w,-]+\](\s|$)`)},
	{"SC1083", regexp.MustCompile(`(^|[\s=])\{[^\s}$]`)},
	{"SC2038", regexp.MustCompile(`\bfind\b[^|]*\|\s*xargs\b`)},
	{"SC2242", regexp.MustCompile(`\bexit\s+(25[6-9]|2[6-9][0-9]|[3-9][0-9]{2}|[0-9]{4,}|-[0-9])`)},
	{"SC2015", regexp.MustCompile(`&&[^|&;#]*\|\|`)},
	{"SC1090", regexp.MustCompile(`(^|[;&|]\s*|\s)(source|\.)\s+["']?\$`)},
	{"SC2162", regexp.MustCompile(`\bread\s+(-[a-qs-zA-Z]+\s+)*[A-Za-z_]`)},
	{"SC2126", regexp.MustCompile(`\bgrep\b[^|]*\|\s*wc\s+-l`)},
	{"SC2009", regexp.MustCompile(`\bps\b[^|]*\|\s*grep`)},
	{"SC2010", regexp.MustCompile(`\bls\b[^|]*\|\s*grep`)},
	{"SC2012", regexp.MustCompile(`\bls\b[^|;]*\|`)},
	{"SC2005", regexp.MustCompile(`\becho\s+"?\$\(`)},
	{"SC2116", regexp.MustCompile(`\$\(\s*echo\b`)},
	{"SC2004", regexp.MustCompile(`\$\(\([^)]*\$[A-Za-z_{]`)},
	{"SC2001", regexp.MustCompile(`\|\s*sed\s+(-e\s+)?["']?s`)},
}

// assignThen is an assignment standing alone as a command before &&.
var assignThen = regexp.MustCompile(`(?m)(^|[;&|]\s*)([A-Za-z_]\w*)=[^\s;&|]*\s*&&`)

func isExpansionStart(b byte) bool {
	return b == '{' || b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '@' || b == '*' || b == '#' || b == '?'
}

// QuoteRef writes a reference to shell variable name so that it expands to
// one word wherever it lands, as the Groovy value Jenkins pasted in did.
func QuoteRef(state State, name string) string {
	switch state {
	case InDouble:
		return "${" + name + "}"
	case InSingle:
		return `'"${` + name + `}"'`
	}
	return `"${` + name + `}"`
}

// Directive returns a directive that silences the style
// findings shellcheck makes on a script copied as written from Jenkins
// (unquoted expansions, backticks, $ in single quotes), or "". The
// workflow then lints clean without the converter rewriting the
// user's scripts.
func Directive(script string) string { return DirectiveFor(Codes(script)) }

// DirectiveFor is the directive that silences codes, or "" for none.
func DirectiveFor(codes []string) string {
	if len(codes) == 0 {
		return ""
	}
	return "# shellcheck disable=" + strings.Join(codes, ",") + " # as written in the Jenkinsfile\n"
}

// Codes returns the codes of the style findings shellcheck makes
// on script, sorted.
func Codes(script string) []string {
	s := NewScanner()
	s.Write(script)
	for _, w := range strings.Fields(script) {
		if code, ok := deprecatedCommands[w]; ok {
			s.found[code] = true
		}
	}
	for l := range strings.Lines(script) {
		for _, f := range styleFindings {
			if f.re.MatchString(strings.TrimRight(l, "\n")) {
				s.found[f.code] = true
			}
		}
	}
	if strings.Count(script, ">>") > 1 {
		s.found["SC2129"] = true
	}
	// NAME=value && cmd sets a variable nothing reads (SC2034).
	for _, m := range assignThen.FindAllStringSubmatch(script, -1) {
		if !strings.Contains(script, "$"+m[2]) && !strings.Contains(script, "${"+m[2]) {
			s.found["SC2034"] = true
		}
	}
	codes := make([]string, 0, len(s.found))
	for c := range s.found {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	return codes
}

// Word quotes s, a value rather than a program, as one shell word
// that bash reads back as s: in double quotes with escapes when s holds
// what reads like an expansion ($NAME, ${...}, $(...)), which shellcheck
// would take, in single quotes, for one kept from expanding (SC2016).
// Programs for jq, awk and sed, whose `$` shellcheck knows, keep
// Quote.
func Word(s string) string {
	if !looksExpanded(s) {
		return Quote(s)
	}
	return DoubleQuote(s)
}

// DoubleQuote quotes s in double quotes, escaping what bash would expand
// there, so that bash reads it back as s.
func DoubleQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if strings.IndexByte("$`\\\"", s[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
	return b.String()
}

// Quote quotes s as one single-quoted shell word that bash reads back
// as s.
func Quote(s string) string {
	if !strings.ContainsAny(s, `'\`) {
		return "'" + s + "'"
	}
	var b strings.Builder
	b.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\'':
			b.WriteString(`'\''`)
		case s[i] == '\\':
			// Backslashes before a closing quote are written outside the
			// quotes, where shellcheck cannot take them for an attempt to
			// escape the quote (SC1003).
			j := i
			for j < len(s) && s[j] == '\\' {
				j++
			}
			if j == len(s) || s[j] == '\'' {
				b.WriteString("'" + strings.Repeat(`\\`, j-i) + "'")
			} else {
				b.WriteString(s[i:j])
			}
			i = j - 1
		default:
			b.WriteByte(s[i])
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// looksExpanded reports whether s holds a `$` that bash would expand: one
// before a name, a digit, a brace, a parenthesis or a special parameter.
func looksExpanded(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '$' && (isExpansionStart(s[i+1]) || strings.IndexByte("($!-", s[i+1]) >= 0) {
			return true
		}
	}
	return false
}
