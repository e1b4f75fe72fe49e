package compute

import (
	"fmt"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/bash"
	"github.com/jenkins2actions/jenkins2actions/pattern"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

// methodCall is a method call on a computed receiver, as the method
// tables see it.
type methodCall struct {
	e *pipeline.Expr
	// recv is the receiver: a string word for String methods, an array
	// name for list methods.
	recv string
	k    *Program
}

// name returns the name of a variable that holds the receiver, for
// parameter expansion.
func (m *methodCall) name() string { return m.k.varName(m.recv) }

// arg is the string word of the positional argument i.
func (m *methodCall) arg(i int) string {
	a, ok := arg(m.e, i)
	if !ok {
		m.k.failf("%s needs an argument", m.e.Name)
		return "''"
	}
	return m.k.str(m.k.value(a))
}

// argName is the name of a variable that holds the argument i.
func (m *methodCall) argName(i int) string { return m.k.varName(m.arg(i)) }

// literalArg is the literal text of the positional argument i.
func (m *methodCall) literalArg(i int) (string, bool) {
	a, _ := arg(m.e, i)
	return literalText(a)
}

// method is a translation of one Groovy method into bash.
type method func(k *Program, m *methodCall) Value

// stringMethods translate the String methods, by name and number of
// positional arguments.
var stringMethods map[string]method

// The tables are filled in init: their methods compute their arguments,
// which may call methods again.
func init() {
	stringMethods = map[string]method{
		"trim/0": func(k *Program, m *methodCall) Value {
			return Value{Word: k.tmp(fmt.Sprintf(`$(printf '%%s' %s | sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//')`, m.recv))}
		},
		"toLowerCase/0": func(k *Program, m *methodCall) Value { return Value{Word: k.tmp(`"${` + m.name() + `,,}"`)} },
		"toUpperCase/0": func(k *Program, m *methodCall) Value { return Value{Word: k.tmp(`"${` + m.name() + `^^}"`)} },
		"toString/0":    func(k *Program, m *methodCall) Value { return Value{Word: m.recv} },
		"toInteger/0":   toNumber, "toLong/0": toNumber, "toBigDecimal/0": toNumber, "toDouble/0": toNumber,
		"replace/2": func(k *Program, m *methodCall) Value {
			name := m.name()
			from, to := m.argName(0), m.argName(1)
			return Value{Word: k.tmp(fmt.Sprintf(`"${%s//"$%s"/"$%s"}"`, name, from, to))}
		},
		"replaceAll/2":   replaceRegex("g"),
		"replaceFirst/2": replaceRegex(""),
		"split/0":        splitWords("read -r -a"),
		"tokenize/0":     splitWords("read -r -a"),
		"readLines/0":    splitWords("mapfile -t"),
		"split/1":        splitOn,
		"tokenize/1":     splitOn,
		"length/0":       length,
		"size/0":         length,
		// The text before the first (or last) match is as long as the index;
		// without a match, -1.
		"indexOf/1":     indexOf("%%"),
		"lastIndexOf/1": indexOf("%"),
		"isEmpty/0":     func(k *Program, m *methodCall) Value { return Value{Word: "[ -z " + m.recv + " ]", Type: Bool} },
		"startsWith/1": func(k *Program, m *methodCall) Value {
			return Value{Word: fmt.Sprintf(`[[ %s == "$%s"* ]]`, m.recv, m.argName(0)), Type: Bool}
		},
		"endsWith/1": func(k *Program, m *methodCall) Value {
			return Value{Word: fmt.Sprintf(`[[ %s == *"$%s" ]]`, m.recv, m.argName(0)), Type: Bool}
		},
		"contains/1": func(k *Program, m *methodCall) Value {
			return Value{Word: fmt.Sprintf(`[[ %s == *"$%s"* ]]`, m.recv, m.argName(0)), Type: Bool}
		},
		"equals/1": func(k *Program, m *methodCall) Value {
			return Value{Word: fmt.Sprintf("[ %s = %s ]", m.recv, m.arg(0)), Type: Bool}
		},
		"equalsIgnoreCase/1": func(k *Program, m *methodCall) Value {
			return Value{Word: fmt.Sprintf(`[ "${%s,,}" = "${%s,,}" ]`, m.name(), m.argName(0)), Type: Bool}
		},
		"matches/1": func(k *Program, m *methodCall) Value {
			return k.binary(&pipeline.Expr{Op: pipeline.OpMatch, X: m.e.X, Y: &pipeline.Expr{Leaf: &m.e.Args[0].Value}})
		},
		"substring/1": func(k *Program, m *methodCall) Value {
			return Value{Word: k.tmp(fmt.Sprintf(`"${%s:%s}"`, m.name(), k.arithArg(m.arg(0))))}
		},
		"substring/2": func(k *Program, m *methodCall) Value {
			name := m.name()
			from, to := k.arithArg(m.arg(0)), k.arithArg(m.arg(1))
			return Value{Word: k.tmp(fmt.Sprintf(`"${%s:%s:%s - %s}"`, name, from, to, from))}
		},
		"take/1": func(k *Program, m *methodCall) Value {
			return Value{Word: k.tmp(fmt.Sprintf(`"${%s:0:%s}"`, m.name(), k.arithArg(m.arg(0))))}
		},
	}
	listMethods = map[string]method{
		"size/0": func(k *Program, m *methodCall) Value { return Value{Word: `"${#` + m.recv + `[@]}"`, Type: Number} },
		"isEmpty/0": func(k *Program, m *methodCall) Value {
			return Value{Word: `[ "${#` + m.recv + `[@]}" -eq 0 ]`, Type: Bool}
		},
		"first/0": func(k *Program, m *methodCall) Value { return Value{Word: k.tmp(`"${` + m.recv + `[0]}"`)} },
		"last/0":  func(k *Program, m *methodCall) Value { return Value{Word: k.tmp(`"${` + m.recv + `[-1]}"`)} },
		"join/0": func(k *Program, m *methodCall) Value {
			return Value{Word: k.tmp(`"$(printf '%s' "${` + m.recv + `[@]}")"`)}
		},
		"join/1": func(k *Program, m *methodCall) Value {
			sep := m.arg(0)
			return Value{Word: k.tmp(fmt.Sprintf(`"$(j2a_sep=%s; printf '%%s' "${%s[0]}"; printf "${j2a_sep//%%/%%%%}%%s" "${%s[@]:1}")"`, sep, m.recv, m.recv))}
		},
		"contains/1": func(k *Program, m *methodCall) Value { return Value{Word: k.contains(m.recv, m.arg(0)), Type: Bool} },
	}
	jsonMethods = map[string]method{
		"get/1": jsonGet, "get/2": jsonGet,
		"containsKey/1": func(k *Program, m *methodCall) Value {
			key, ok := m.literalArg(0)
			if !ok {
				return k.failf("a computed key")
			}
			return Value{Word: fmt.Sprintf("printf '%%s' %s | jq -e %s >/dev/null", m.recv, bash.Quote("has("+jsonString(key)+")")), Type: Bool}
		},
		"size/0": func(k *Program, m *methodCall) Value {
			return Value{Word: k.tmp(fmt.Sprintf("$(printf '%%s' %s | jq length)", m.recv)), Type: Number}
		},
	}
	staticMethods = map[string]method{
		"Integer.parseInt": parseNumber, "Integer.valueOf": parseNumber, "Long.parseLong": parseNumber, "Long.valueOf": parseNumber,
		"String.valueOf": func(k *Program, m *methodCall) Value {
			a, _ := arg(m.e, 0)
			return Value{Word: k.str(k.value(a))}
		},
	}
}

// isJSONMethod reports whether name is a Map method the tables translate,
// with any number of arguments.
func isJSONMethod(name string) bool { return hasMethod(jsonMethods, name) }

// isStringMethod reports whether name is a String method the tables
// translate, with any number of arguments.
func isStringMethod(name string) bool { return hasMethod(stringMethods, name) }

func hasMethod(table map[string]method, name string) bool {
	for key := range table {
		if strings.TrimRight(key, "/0123456789") == name {
			return true
		}
	}
	return false
}

func toNumber(k *Program, m *methodCall) Value { return k.cast(Value{Word: m.recv}, "int") }

func length(k *Program, m *methodCall) Value {
	return Value{Word: k.tmp(`"${#` + m.name() + `}"`), Type: Number}
}

// replaceRegex translates replaceAll (flags g) and replaceFirst with sed,
// Java's $1 becoming sed's \1.
func replaceRegex(flags string) method {
	return func(k *Program, m *methodCall) Value {
		re, ok := m.literalArg(0)
		rep, ok2 := m.literalArg(1)
		ere, ok3 := pattern.JavaToERE(re)
		if !ok || !ok2 || !ok3 || strings.ContainsAny(ere+rep, "|\n") {
			return k.failf("%s with a pattern bash cannot run", m.e.Name)
		}
		rep = strings.NewReplacer(`\`, `\\`, "&", `\&`).Replace(rep)
		for i := 9; i >= 0; i-- {
			rep = strings.ReplaceAll(rep, fmt.Sprintf("$%d", i), fmt.Sprintf(`\%d`, i))
		}
		return Value{Word: k.tmp(fmt.Sprintf("$(printf '%%s' %s | sed -E %s)", m.recv, bash.Quote("s|"+ere+"|"+rep+"|"+flags)))}
	}
}

// splitWords splits on whitespace (read) or lines (mapfile).
func splitWords(reader string) method {
	return func(k *Program, m *methodCall) Value {
		arr := k.newArray()
		k.lines = append(k.lines, fmt.Sprintf("%s %s <<< %s", reader, arr, m.recv))
		return Value{Word: arr, Type: List}
	}
}

// splitOn splits on a separator: split takes a regular expression,
// tokenize a set of characters.
func splitOn(k *Program, m *methodCall) Value {
	sep, ok := m.literalArg(0)
	if !ok || sep == "" {
		return k.failf("a computed separator")
	}
	arr := k.newArray()
	switch {
	case sep == "\n" || sep == `\n`:
		k.lines = append(k.lines, fmt.Sprintf("mapfile -t %s <<< %s", arr, m.recv))
	case sep == " " && m.e.Name == "tokenize":
		k.lines = append(k.lines, fmt.Sprintf("read -r -a %s <<< %s", arr, m.recv))
	case len(sep) == 1 || m.e.Name == "tokenize":
		k.lines = append(k.lines, fmt.Sprintf("mapfile -t %s < <(printf '%%s\\n' %s | tr %s '\\n')", arr, m.recv, bash.Quote(sep)))
	default:
		ere, ok := pattern.JavaToERE(sep)
		if !ok {
			return k.failf("split on a pattern bash cannot run")
		}
		k.lines = append(k.lines, fmt.Sprintf("mapfile -t %s < <(printf '%%s\\n' %s | awk -F %s '{ for (i = 1; i <= NF; i++) print $i }')", arr, m.recv, bash.Quote(ere)))
	}
	return Value{Word: arr, Type: List}
}

// indexOf cuts the text from the first (cut %%) or last (cut %) match.
func indexOf(cut string) method {
	return func(k *Program, m *methodCall) Value {
		name, sub := m.name(), m.argName(0)
		before := k.assign(fmt.Sprintf(`"${%s%s"$%s"*}"`, name, cut, sub))
		return Value{Word: k.tmp(fmt.Sprintf(`$(if [ "$%s" = "$%s" ]; then echo -1; else echo "${#%s}"; fi)`, before, name, before)), Type: Number}
	}
}

// listMethods translate the List methods; the receiver is an array name.
var listMethods map[string]method

// jsonMethods translate the Map methods on a JSON document.
var jsonMethods map[string]method

// jsonGet is get(key) and get(key, default).
func jsonGet(k *Program, m *methodCall) Value {
	key, ok := m.literalArg(0)
	if !ok {
		return k.failf("a computed key")
	}
	got := k.jq(Value{Word: m.recv, Type: JSON}, ".["+jsonString(key)+"]")
	if _, ok := arg(m.e, 1); ok {
		return Value{Word: k.choose(k.test(got), k.str(got), m.arg(1))}
	}
	return got
}

// staticMethods translate the static methods of the JDK classes
// Jenkinsfiles convert with.
var staticMethods map[string]method

func parseNumber(k *Program, m *methodCall) Value {
	a, _ := arg(m.e, 0)
	return k.cast(k.value(a), "int")
}

// method computes a method call: a static method of the JDK, or a
// method of a String, a list or a JSON document.
func (k *Program) method(e *pipeline.Expr) Value {
	if r := e.X.Ref(); r != nil && r.Scope == pipeline.RefVar {
		if f := staticMethods[r.Name+"."+e.Name]; f != nil {
			return f(k, &methodCall{e: e, k: k})
		}
	}
	if obj := k.object(e.X, isStringMethod(e.Name)); obj != "" {
		return k.failf("the method %s of the Groovy object %s", e.Name, obj)
	}
	x := k.expr(e.X)
	key := fmt.Sprintf("%s/%d", e.Name, positional(e))
	switch x.Type {
	case List:
		if f := listMethods[key]; f != nil {
			return f(k, &methodCall{e: e, recv: x.Word, k: k})
		}
		return k.failf("the list method %s", e.Name)
	case JSON:
		if f := jsonMethods[key]; f != nil {
			return f(k, &methodCall{e: e, recv: x.Word, k: k})
		}
		if isJSONMethod(e.Name) {
			return k.failf("the method %s of a JSON document", e.Name)
		}
		// Any other method is the String method of its text.
		x = Value{Word: k.str(x)}
	}
	if f := stringMethods[key]; f != nil {
		return f(k, &methodCall{e: e, recv: k.str(x), k: k})
	}
	return k.failf("the method %s of %s", e.Name, exprText(e.X))
}

// positional counts a call's positional arguments.
func positional(e *pipeline.Expr) int {
	n := 0
	for _, a := range e.Args {
		if a.Name == "" {
			n++
		}
	}
	return n
}
