package pipelinetest

import (
	"strconv"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

// Str makes a literal string, written 'like this'.
func Str(s string) pipeline.Value {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`)
	return pipeline.Value{Kind: pipeline.String, Parts: []pipeline.Part{{Lit: s}}, Text: "'" + r.Replace(s) + "'"}
}

// GString makes a double-quoted Groovy string: $name and ${...} are
// references, classified as the reader does (env.X, params.X, a bare name,
// or any other expression, kept as text).
func GString(s string) pipeline.Value {
	v := pipeline.Value{Kind: pipeline.String, Text: strconv.Quote(s)}
	lit := func(l string) {
		if l == "" {
			return
		}
		if n := len(v.Parts); n > 0 && v.Parts[n-1].Ref == nil {
			v.Parts[n-1].Lit += l
			return
		}
		v.Parts = append(v.Parts, pipeline.Part{Lit: l})
	}
	for {
		i := strings.IndexByte(s, '$')
		if i < 0 || i == len(s)-1 {
			lit(s)
			return v
		}
		lit(s[:i])
		s = s[i+1:]
		var ref string
		if s[0] == '{' {
			end := strings.IndexByte(s, '}')
			if end < 0 {
				lit("$" + s)
				return v
			}
			ref, s = s[1:end], s[end+1:]
		} else {
			n := 0
			for n < len(s) && (s[n] == '_' || s[n] == '.' || isAlnum(s[n])) {
				n++
			}
			ref = strings.TrimRight(s[:n], ".")
			s = s[len(ref):]
			if ref == "" {
				lit("$")
				continue
			}
		}
		v.Parts = append(v.Parts, pipeline.Part{Ref: parseRef(ref)})
	}
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// Ref makes a value that is one reference alone, as the reader reads a
// bare name or env.X passed as an argument: Ref("env.BRANCH_NAME").
func Ref(text string) pipeline.Value {
	return pipeline.Value{Kind: pipeline.String, Parts: []pipeline.Part{{Ref: parseRef(text)}}, Text: text}
}

// parseRef classifies a reference's text: env.X, params.X, a bare name,
// anything else.
func parseRef(text string) *pipeline.Ref {
	ref := &pipeline.Ref{Scope: pipeline.RefExpr, Text: text}
	owner, name, dotted := strings.Cut(text, ".")
	switch {
	case !dotted && isName(text):
		ref.Scope, ref.Name = pipeline.RefVar, text
	case dotted && owner == "env" && isName(name):
		ref.Scope, ref.Name = pipeline.RefEnv, name
	case dotted && owner == "params" && isName(name):
		ref.Scope, ref.Name = pipeline.RefParam, name
	}
	return ref
}

func isName(s string) bool {
	for i := range len(s) {
		if c := s[i]; !(c == '_' || isAlnum(c)) || i == 0 && c >= '0' && c <= '9' {
			return false
		}
	}
	return s != ""
}

// Bool makes true or false.
func Bool(b bool) pipeline.Value {
	return pipeline.Value{Kind: pipeline.Bool, Bool: b, Text: strconv.FormatBool(b)}
}

// Num makes a number.
func Num(n int) pipeline.Value {
	s := strconv.Itoa(n)
	return pipeline.Value{Kind: pipeline.Number, Num: s, Text: s}
}

// List makes a list literal.
func List(elems ...pipeline.Value) pipeline.Value {
	texts := make([]string, len(elems))
	for i, e := range elems {
		texts[i] = e.Text
	}
	return pipeline.Value{Kind: pipeline.List, List: elems, Text: "[" + strings.Join(texts, ", ") + "]"}
}

// Map makes a map literal of entries made by Arg.
func Map(entries ...pipeline.Named) pipeline.Value {
	texts := make([]string, len(entries))
	for i, e := range entries {
		texts[i] = e.Name + ": " + e.Value.Text
	}
	if len(entries) == 0 {
		texts = []string{":"}
	}
	return pipeline.Value{Kind: pipeline.Map, Map: entries, Text: "[" + strings.Join(texts, ", ") + "]"}
}

// Arg makes a named argument or a map entry.
func Arg(name string, v pipeline.Value) pipeline.Named { return pipeline.Named{Name: name, Value: v} }

// Closure makes a closure of steps passed as a value.
func Closure(steps ...*pipeline.Step) pipeline.Value {
	return pipeline.Value{Kind: pipeline.Closure, Steps: steps, Text: "{ ... }"}
}

// Call makes a step call used as a value, such as a binding of
// withCredentials: Call("string", Arg("credentialsId", Str("c")), ...).
// Arguments are as Step's.
func Call(name string, args ...any) pipeline.Value {
	st := Step(name, args...)
	st.Text = callText(name, st.Args, len(st.Body) > 0)
	if !strings.Contains(st.Text, "(") {
		// As a value, a call has its parentheses.
		st.Text = name + "(" + strings.TrimPrefix(st.Text, name+" ") + ")"
	}
	return pipeline.Value{Kind: pipeline.Call, Call: st, Text: st.Text}
}

// Groovy makes a value the reader could not reduce: only its text.
func Groovy(text string) pipeline.Value {
	return pipeline.Value{Kind: pipeline.ExprValue, Text: text}
}
