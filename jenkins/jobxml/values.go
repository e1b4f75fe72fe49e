package jobxml

import (
	"regexp"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

// The model values the reader builds. Their Text is the Groovy a
// Jenkinsfile would hold for the same setting, so that reports quote
// something a reader of pipelines recognises; their Range is the XML
// element they came from.

// str makes a literal string value. Jenkins expands $VARS in many job
// fields at run time, and the shell does in scripts; either way the text is
// kept as written, never read as Groovy interpolation.
func str(s string, e *element) pipeline.Value {
	return pipeline.Value{Kind: pipeline.String, Parts: []pipeline.Part{{Lit: s}}, Text: groovyString(s), Range: e.Range}
}

// varRef matches the ${NAME} and $NAME references Jenkins expands in job
// fields such as branch specs.
var varRef = regexp.MustCompile(`\$\{(\w+)\}|\$(\w+)`)

// expanded makes a string value whose variable references are references
// to parameters or environment variables, for fields Jenkins expands
// before use (a branch spec of ${sha1} is the sha1 parameter's value).
func expanded(s string, e *element) pipeline.Value {
	v := str(s, e)
	v.Parts = nil
	last := 0
	for _, m := range varRef.FindAllStringSubmatchIndex(s, -1) {
		if m[0] > last {
			v.Parts = append(v.Parts, pipeline.Part{Lit: s[last:m[0]]})
		}
		var name string
		if m[2] >= 0 {
			name = s[m[2]:m[3]]
		} else {
			name = s[m[4]:m[5]]
		}
		v.Parts = append(v.Parts, pipeline.Part{Ref: &pipeline.Ref{Scope: pipeline.RefVar, Name: name, Text: name, Range: e.Range}})
		last = m[1]
	}
	if last < len(s) || len(v.Parts) == 0 {
		v.Parts = append(v.Parts, pipeline.Part{Lit: s[last:]})
	}
	if last > 0 {
		// A Groovy string that interpolates.
		v.Text = `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
	}
	return v
}

func boolean(b bool, e *element) pipeline.Value {
	t := "false"
	if b {
		t = "true"
	}
	return pipeline.Value{Kind: pipeline.Bool, Bool: b, Text: t, Range: e.Range}
}

func number(n string, e *element) pipeline.Value {
	return pipeline.Value{Kind: pipeline.Number, Num: n, Text: n, Range: e.Range}
}

func list(vs []pipeline.Value, e *element) pipeline.Value {
	texts := make([]string, len(vs))
	for i, v := range vs {
		texts[i] = v.Text
	}
	return pipeline.Value{Kind: pipeline.List, List: vs, Text: "[" + strings.Join(texts, ", ") + "]", Range: e.Range}
}

func strList(ss []string, e *element) pipeline.Value {
	vs := make([]pipeline.Value, len(ss))
	for i, s := range ss {
		vs[i] = str(s, e)
	}
	return list(vs, e)
}

func mapValue(named []pipeline.Named, e *element) pipeline.Value {
	return pipeline.Value{Kind: pipeline.Map, Map: named, Text: "[" + namedText(named, ": ") + "]", Range: e.Range}
}

// call makes a call value such as string(credentialsId: 'x', variable: 'Y'),
// the form withCredentials bindings and logRotator(...) take.
func call(name string, args pipeline.Args, e *element) pipeline.Value {
	st := &pipeline.Step{Name: name, Args: args, Text: name + "(" + argsText(args) + ")", Range: e.Range}
	return pipeline.Value{Kind: pipeline.Call, Call: st, Text: st.Text, Range: e.Range}
}

// newStep makes a step with the Groovy text of the same step in a
// Jenkinsfile.
func newStep(name string, args pipeline.Args, e *element, body ...*pipeline.Step) *pipeline.Step {
	text := name
	switch a := argsText(args); {
	case len(body) > 0 || len(args.Positional) > 0 && args.Positional[0].Kind == pipeline.List:
		text += "(" + a + ")"
	case a != "":
		text += " " + a
	}
	if len(body) > 0 {
		text += " { ... }"
	}
	return &pipeline.Step{Name: name, Args: args, Body: body, Text: text, Range: e.Range}
}

// args collects named arguments, leaving out absent values.
func args(named ...pipeline.Named) pipeline.Args {
	var a pipeline.Args
	for _, n := range named {
		if n.Value.Kind != pipeline.Absent {
			a.Named = append(a.Named, n)
		}
	}
	return a
}

// arg is a named argument; an empty string is left absent so that settings
// left blank in the job do not become arguments.
func arg(name string, v pipeline.Value) pipeline.Named {
	if v.Kind == pipeline.String && v.Str() == "" {
		v = pipeline.Value{}
	}
	return pipeline.Named{Name: name, Value: v}
}

func argsText(a pipeline.Args) string {
	var parts []string
	for _, v := range a.Positional {
		parts = append(parts, v.Text)
	}
	if n := namedText(a.Named, ": "); n != "" {
		parts = append(parts, n)
	}
	return strings.Join(parts, ", ")
}

func namedText(named []pipeline.Named, sep string) string {
	parts := make([]string, len(named))
	for i, n := range named {
		parts[i] = n.Name + sep + n.Value.Text
	}
	return strings.Join(parts, ", ")
}

// groovyString quotes s as a Groovy string without interpolation: single
// quotes, triple ones for several lines.
func groovyString(s string) string {
	esc := strings.ReplaceAll(s, `\`, `\\`)
	if strings.Contains(s, "\n") {
		return "'''" + strings.ReplaceAll(esc, "'''", `\'\'\'`) + "'''"
	}
	return "'" + strings.ReplaceAll(esc, "'", `\'`) + "'"
}

// splitComma splits Jenkins' comma (or whitespace) separated lists of
// project names and patterns.
func splitComma(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' }) {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// shortClass is the last part of a Java class name, after any $ or _-
// (XStream's spelling of $) of an inner class.
func shortClass(c string) string {
	c = c[strings.LastIndex(c, ".")+1:]
	c = c[strings.LastIndex(c, "$")+1:]
	if i := strings.LastIndex(c, "_-"); i >= 0 {
		c = c[i+2:]
	}
	return c
}

// lowerFirst makes a Java class name a step or symbol name (CheckStyle →
// checkStyle).
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// encrypted reports whether s is a secret Jenkins encrypted with its master
// key. Such values are never copied anywhere.
func encrypted(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") && len(s) > 20 && !strings.ContainsAny(s, " \n")
}

// rangeOf is the element's range, or the file when e is nil.
func (r *reader) rangeOf(e *element) diag.Range {
	if e == nil {
		return r.root.Range
	}
	return e.Range
}
