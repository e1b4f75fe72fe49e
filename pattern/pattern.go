// Package pattern translates the patterns of Jenkins (Java regular
// expressions, Ant path patterns) into POSIX extended regular expressions,
// which bash, sed, awk and grep -E run. A pattern ERE cannot express fails
// the translation: a pattern that silently matches other text would change
// what a build does.
package pattern

import "strings"

// JavaToERE translates the Java regular expressions Jenkinsfiles use into
// POSIX extended ones for [[ =~ ]], sed -E and awk. It fails on lookaround,
// lazy quantifiers, flags and word boundaries, which ERE lacks.
func JavaToERE(re string) (string, bool) {
	var b strings.Builder
	inClass := false
	for i := 0; i < len(re); i++ {
		ch := re[i]
		switch {
		case ch == '\\' && i+1 < len(re):
			i++
			class := map[byte][2]string{
				'd': {"[0-9]", "0-9"}, 'D': {"[^0-9]", ""},
				'w': {"[[:alnum:]_]", "[:alnum:]_"}, 'W': {"[^[:alnum:]_]", ""},
				's': {"[[:space:]]", "[:space:]"}, 'S': {"[^[:space:]]", ""},
			}[re[i]]
			switch {
			case class[0] != "" && !inClass:
				b.WriteString(class[0])
			case class[1] != "" && inClass:
				b.WriteString(class[1])
			case strings.IndexByte("bBAzZGQEpPk0123456789", re[i]) >= 0:
				return "", false
			case re[i] == 'n':
				b.WriteByte('\n')
			case re[i] == 't':
				b.WriteByte('\t')
			default:
				b.WriteByte('\\')
				b.WriteByte(re[i])
			}
		case inClass:
			if ch == ']' {
				inClass = false
			}
			b.WriteByte(ch)
		case ch == '[':
			inClass = true
			b.WriteByte(ch)
			if i+1 < len(re) && re[i+1] == '^' {
				b.WriteByte('^')
				i++
			}
			if i+1 < len(re) && re[i+1] == ']' {
				b.WriteByte(']')
				i++
			}
		case ch == '(' && i+1 < len(re) && re[i+1] == '?':
			if i+2 < len(re) && re[i+2] == ':' {
				b.WriteByte('(')
				i += 2
				continue
			}
			return "", false
		case (ch == '?' || ch == '+') && i > 0 && strings.IndexByte("*+?}", re[i-1]) >= 0 && (i < 2 || re[i-2] != '\\'):
			return "", false
		default:
			b.WriteByte(ch)
		}
	}
	return b.String(), !inClass
}

// AntToERE translates an Ant path pattern (**, *, ?) into an anchored
// extended regular expression.
func AntToERE(glob string) string {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(glob); i++ {
		switch ch := glob[i]; {
		case strings.HasPrefix(glob[i:], "**/"):
			b.WriteString("(.*/)?")
			i += 2
		case strings.HasPrefix(glob[i:], "**"):
			b.WriteString(".*")
			i++
		case ch == '*':
			b.WriteString("[^/]*")
		case ch == '?':
			b.WriteString("[^/]")
		case strings.IndexByte(`\.+()[]{}^$|`, ch) >= 0:
			b.WriteByte('\\')
			b.WriteByte(ch)
		default:
			b.WriteByte(ch)
		}
	}
	b.WriteString("$")
	return b.String()
}
