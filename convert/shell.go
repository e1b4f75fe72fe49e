package convert

import (
	"regexp"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"slices"
	"strings"
)

// quoteState is where a position in a shell script is: outside quotes,
// inside '...' or inside "...".
type quoteState int

const (
	unquoted quoteState = iota
	inSingle
	inDouble
)

// shellScanner follows the quoting of a bash script as text is appended
// to it, well enough to place variable references and to find what
// shellcheck will say about the script's expansions. It does not parse
// heredocs or nested command substitutions.
type shellScanner struct {
	state   quoteState
	escaped bool
	comment bool
	// prev is the last byte seen, to tell a word-initial # (a comment)
	// from one inside a word.
	prev byte
	// found collects the shellcheck codes the text would likely trigger.
	found map[string]bool
}

func newShellScanner() *shellScanner { return &shellScanner{prev: '\n', found: map[string]bool{}} }

func (s *shellScanner) write(text string) {
	for i := 0; i < len(text); i++ {
		ch := text[i]
		switch {
		case s.comment:
			if ch == '\n' {
				s.comment = false
			}
		case s.escaped:
			s.escaped = false
		case s.state == inSingle:
			if ch == '\'' {
				s.state = unquoted
			} else if ch == '`' || ch == '$' && i+1 < len(text) && (isExpansionStart(text[i+1]) || text[i+1] == '(') {
				s.found["SC2016"] = true
			}
		case ch == '\\':
			s.escaped = true
		case ch == '`':
			s.found["SC2006"] = true
			if s.state == unquoted {
				s.found["SC2046"] = true
			}
		case s.state == inDouble:
			if ch == '"' {
				s.state = unquoted
				if reopensAfterExpansion(text, i+1) {
					// "a "$x" b": the quotes around $x unquote it.
					s.found["SC2027"] = true
				}
			}
		case ch == '\'':
			s.state = inSingle
		case ch == '"':
			s.state = inDouble
		case ch == '#' && wordStart(s.prev):
			s.comment = true
		case ch == '*' && wordStart(s.prev) && s.state == unquoted:
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

// quoteRef writes a reference to shell variable name so that it expands to
// one word wherever it lands, as the Groovy value Jenkins pasted in did.
func quoteRef(state quoteState, name string) string {
	switch state {
	case inDouble:
		return "${" + name + "}"
	case inSingle:
		return `'"${` + name + `}"'`
	}
	return `"${` + name + `}"`
}

// shellcheckDirective returns a directive that silences the style
// findings shellcheck makes on a script copied as written from Jenkins
// (unquoted expansions, backticks, $ in single quotes), or "". The
// workflow then lints clean without the converter rewriting the
// user's scripts.
func shellcheckDirective(script string) string {
	codes := shellcheckCodes(script)
	if len(codes) == 0 {
		return ""
	}
	return "# shellcheck disable=" + strings.Join(codes, ",") + " # as written in the Jenkinsfile\n"
}

// directive returns the shellcheck directive script needs, and records
// the findings it silences as inherited from the Jenkinsfile at src.
func (c *converter) directive(script string, src diag.Range) string {
	codes := shellcheckCodes(script)
	if len(codes) == 0 {
		return ""
	}
	if !slices.ContainsFunc(c.res.Inherited, func(in *Inherited) bool { return in.Source == src }) {
		c.res.Inherited = append(c.res.Inherited, &Inherited{Source: src, Codes: codes})
	}
	return shellcheckDirective(script)
}

// shellcheckCodes returns the codes of the style findings shellcheck makes
// on script, sorted.
func shellcheckCodes(script string) []string {
	s := newShellScanner()
	s.write(script)
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
