// Package compute compiles Groovy values into bash: a ternary on a
// parameter, a version read from package.json, a branch name split and
// indexed. The converter runs the program in a step where Jenkins would
// have evaluated the Groovy.
//
// Each value is built in numbered shell variables (j2a_1, j2a_2, ...) so
// that every operation reads plain variables and no Groovy text is pasted
// into a script unquoted. What bash cannot do the way Groovy does (objects,
// closures, the Jenkins API) fails the program with a reason, and the
// construct stays manual: a half-computed value would be worse than none.
//
// The package knows Groovy and bash; what it needs to know of the workflow
// around the program (which variables exist, the Jenkinsfile's methods,
// the runner) it asks a Resolver.
package compute

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/bash"
	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/pattern"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
	"github.com/jenkins2actions/jenkins2actions/workflow"
)

// Type is the Groovy type a computed value stands for.
type Type int

// The types a program tells apart; every other Groovy type fails it.
const (
	String Type = iota
	Number
	Bool
	// List is a bash array; Value.Word names it.
	List
	// JSON is compact JSON text: a document from readJSON or readYaml.
	JSON
)

// Value is a computed value: a bash word for strings, numbers and JSON, a
// test command for booleans, an array name for lists.
type Value struct {
	Word string
	Type Type
	// Doc is set on a whole JSON document (readJSON, a map literal), which
	// a variable keeps as JSON; the parts jq reads out of it are kept as
	// text.
	Doc bool
}

// Resolver answers what a program needs from the workflow it runs in.
type Resolver interface {
	// Use records that the program reads the environment variable name,
	// so that the step gets it.
	Use(name string)
	// List returns the list literal the Groovy variable name is bound to.
	List(name string) (pipeline.Value, bool)
	// Type returns the type of the Groovy variable name when an earlier
	// program computed it.
	Type(name string) (Type, bool)
	// Var returns the environment variable that holds the Groovy
	// variable r.
	Var(r *pipeline.Ref) (string, bool)
	// Known reports whether r names a value the workflow has (an
	// environment entry, a parameter, a list) rather than a Groovy object;
	// stringMethod says a String method is called on it, which tells a
	// parameter the file never assigns from an object.
	Known(r *pipeline.Ref, stringMethod bool) bool
	// Script resolves the interpolation of a script step's text, dedented;
	// unresolved names the Groovy values it could not resolve.
	Script(v pipeline.Value) (text string, unresolved []string)
	// Windows reports whether the job runs on Windows, as isUnix() asks.
	Windows() bool
	// Tool sets up the tool name of type typ in the job, and reports
	// whether it can.
	Tool(typ, name string, at diag.Range) bool
	// Method returns the Jenkinsfile's method name, nil when there is none
	// or it is not to be inlined here.
	Method(name string) *pipeline.Method
	// PreviousRun adds to the job what looks up the previous run's
	// result, which the program reads as J2A_PREVIOUS.
	PreviousRun(at diag.Range)
}

// Program is a bash program under construction. The zero value is not
// usable: make one with New.
type Program struct {
	r     Resolver
	lines []string
	n     int
	// why is the first reason the expression cannot be computed.
	why string
	// locals are the parameters of a method being inlined.
	locals   map[string]Value
	inlining map[string]bool
	inlined  []string
	depth    int
	env      []workflow.KV
	script   bool
}

// New starts a program that asks r about the workflow.
func New(r Resolver) *Program {
	return &Program{r: r}
}

// Value compiles v. When bash cannot compute it, Why says why and the
// returned value is not to be used.
func (k *Program) Value(v pipeline.Value) Value { return k.value(v) }

// String is the bash word that holds v's Groovy string form.
func (k *Program) String(v Value) string { return k.str(v) }

// Test is the bash test of v's Groovy truth.
func (k *Program) Test(v Value) string { return k.test(v) }

// Print returns the command that prints v as a variable of the
// environment holds it (lists a line per element, booleans as true or
// false), and the shell word of that text.
func (k *Program) Print(v Value) (cmd, word string) {
	switch v.Type {
	case List:
		cmd = fmt.Sprintf(`printf '%%s\n' "${%s[@]}"`, v.Word)
		return cmd, "$(" + cmd + ")"
	case Bool:
		cmd = fmt.Sprintf("if %s; then echo true; else echo false; fi", v.Word)
		return cmd, "$(" + cmd + ")"
	case JSON:
		if !v.Doc {
			v = Value{Word: k.str(v)}
		}
	}
	return "printf '%s\\n' " + v.Word, v.Word
}

// Why is the first reason bash cannot compute what the program was
// given, "" when it can.
func (k *Program) Why() string { return k.why }

// Bash is the program followed by lines, each line ending in a newline.
func (k *Program) Bash(lines ...string) string {
	return strings.Join(append(slices.Clone(k.lines), lines...), "\n") + "\n"
}

// Env is what the step running the program must set: values only GitHub
// expressions know.
func (k *Program) Env() []workflow.KV { return k.env }

// RunsScript reports whether the program runs a script of the
// Jenkinsfile, which may need shellcheck directives; the rest is
// generated clean.
func (k *Program) RunsScript() bool { return k.script }

// Inlined are the Jenkinsfile's methods whose body the program computes.
func (k *Program) Inlined() []string { return k.inlined }

// setEnv sets an env entry once.
func (k *Program) setEnv(key, value string) {
	if !slices.ContainsFunc(k.env, func(kv workflow.KV) bool { return kv.Key == key }) {
		k.env = append(k.env, workflow.KV{Key: key, Value: value})
	}
}

func (k *Program) failf(format string, args ...any) Value {
	if k.why == "" {
		k.why = fmt.Sprintf(format, args...)
	}
	return Value{Word: "''"}
}

func (k *Program) ok() bool { return k.why == "" }

// newVar returns the name of a new variable.
func (k *Program) newVar() string {
	k.n++
	return fmt.Sprintf("j2a_%d", k.n)
}

// newArray names a new array variable. Arrays are named apart from
// scalars: the computations joined in one step number their variables
// each from one, and a name that held an array must not be given a string
// (shellcheck SC2178).
func (k *Program) newArray() string {
	k.n++
	return fmt.Sprintf("j2a_list%d", k.n)
}

// assign assigns a bash expression to a new variable and returns its name.
func (k *Program) assign(expr string) string {
	name := k.newVar()
	k.lines = append(k.lines, name+"="+expr)
	return name
}

// tmp assigns a bash expression to a new variable and returns the word
// that reads it.
func (k *Program) tmp(expr string) string {
	return `"$` + k.assign(expr) + `"`
}

// varName returns the name of a variable that holds word, for parameter
// expansion: word's own when it reads one, a new one otherwise.
func (k *Program) varName(word string) string {
	if strings.HasPrefix(word, `"$j2a_`) && strings.Count(word, `"`) == 2 {
		return strings.Trim(word, `"$`)
	}
	return k.assign(word)
}

// value computes a model value.
func (k *Program) value(v pipeline.Value) Value {
	switch v.Kind {
	case pipeline.String:
		if r := v.Ref(); r != nil {
			return k.ref(r)
		}
		var b strings.Builder
		for _, p := range v.Parts {
			if p.Ref == nil {
				b.WriteString(literalWord(p.Lit))
				continue
			}
			b.WriteString(k.str(k.ref(p.Ref)))
		}
		if b.Len() == 0 {
			return Value{Word: "''"}
		}
		return Value{Word: b.String()}
	case pipeline.Number:
		return Value{Word: bash.Quote(v.Num), Type: Number}
	case pipeline.Bool:
		return Value{Word: fmt.Sprint(v.Bool), Type: Bool}
	case pipeline.List:
		words := make([]string, len(v.List))
		for i, e := range v.List {
			words[i] = k.str(k.value(e))
		}
		arr := k.newArray()
		k.lines = append(k.lines, arr+"=("+strings.Join(words, " ")+")")
		return Value{Word: arr, Type: List}
	case pipeline.Map:
		// A map becomes a JSON object, read with jq like a parsed document.
		keys := make([]pipeline.Value, len(v.Map))
		values := make([]pipeline.Value, len(v.Map))
		for i, n := range v.Map {
			keys[i], values[i] = pipeline.StringValue(n.Name, n.Value.Range), n.Value
		}
		return k.jsonObject(keys, values)
	case pipeline.Call:
		return k.call(v.Call)
	case pipeline.ExprValue:
		if v.Expr == nil {
			return k.failf("%s is Groovy no shell step can compute", firstLine(v.Text))
		}
		return k.expr(v.Expr)
	}
	return k.failf("%s is Groovy no shell step can compute", firstLine(v.Text))
}

// literalWord quotes literal text as a shell word. Text with $ or ` goes
// in double quotes, escaped, so that shellcheck does not take it for an
// expansion someone forgot.
func literalWord(s string) string {
	if !strings.ContainsAny(s, "$`") {
		return bash.Quote(s)
	}
	return bash.DoubleQuote(s)
}

// ref computes an interpolated reference.
func (k *Program) ref(r *pipeline.Ref) Value {
	switch r.Scope {
	case pipeline.RefEnv, pipeline.RefParam:
		k.r.Use(r.Name)
		return Value{Word: `"${` + r.Name + `}"`}
	case pipeline.RefVar:
		if v, ok := k.locals[r.Name]; ok {
			return v
		}
		if l, ok := k.r.List(r.Name); ok {
			return k.value(l)
		}
		if typ, ok := k.r.Type(r.Name); ok && typ == List {
			arr := k.newArray()
			k.lines = append(k.lines, fmt.Sprintf(`mapfile -t %s <<< "${%s}"`, arr, r.Name))
			return Value{Word: arr, Type: List}
		}
		if name, ok := k.r.Var(r); ok {
			k.r.Use(name)
			typ, _ := k.r.Type(r.Name)
			if typ == Bool {
				return Value{Word: `[ "${` + name + `}" = true ]`, Type: Bool}
			}
			return Value{Word: `"${` + name + `}"`, Type: typ}
		}
		return k.failf("it uses the Groovy variable %s, which the workflow does not compute", r.Name)
	}
	if v, ok := k.builtin(r.Text); ok {
		return v
	}
	if r.Expr == nil {
		return k.failf("${%s} is Groovy no shell step can compute", r.Text)
	}
	return k.expr(r.Expr)
}

// builtin reads a Groovy expression Jenkins also passes as a variable
// (currentBuild.number is BUILD_NUMBER).
func (k *Program) builtin(text string) (Value, bool) {
	name, ok := Builtin(text)
	if !ok {
		return Value{}, false
	}
	k.r.Use(name)
	return Value{Word: `"${` + name + `}"`}, true
}

// str turns a value into a bash word holding its Groovy string form.
func (k *Program) str(v Value) string {
	switch v.Type {
	case Bool:
		return k.tmp(fmt.Sprintf("$(if %s; then echo true; else echo false; fi)", v.Word))
	case List:
		// Groovy prints a list as [a, b].
		joined := k.assign(fmt.Sprintf(`$(printf '%%s, ' "${%s[@]}")`, v.Word))
		return k.tmp(`"[${` + joined + `%, }]"`)
	case JSON:
		return k.tmp(fmt.Sprintf(`$(printf '%%s' %s | jq -r 'if type == "string" then . else tojson end')`, v.Word))
	}
	return v.Word
}

// test turns a value into a bash test of its Groovy truth: null, "",
// 0, false and empty collections are false. A string "false" counts as
// false too, because Jenkins passes boolean parameters to scripts as text.
func (k *Program) test(v Value) string {
	switch v.Type {
	case Bool:
		return v.Word
	case List:
		return fmt.Sprintf(`[ "${#%s[@]}" -gt 0 ]`, v.Word)
	case JSON:
		return fmt.Sprintf(`[ "$(printf '%%s' %s | jq -r 'if . == null or . == false or . == "" or . == 0 or . == [] or . == {} then "false" else "true" end')" = true ]`, v.Word)
	case Number:
		return fmt.Sprintf(`[ "$(awk -v a=%s 'BEGIN { print (a != 0) }')" = 1 ]`, v.Word)
	}
	return fmt.Sprintf("{ [ -n %s ] && [ %s != false ]; }", v.Word, v.Word)
}

// list turns a value into an array.
func (k *Program) list(v Value) (string, bool) {
	if v.Type == List {
		return v.Word, true
	}
	if v.Type == JSON {
		arr := k.newArray()
		k.lines = append(k.lines, fmt.Sprintf(`mapfile -t %s < <(printf '%%s' %s | jq -r '.[] | if type == "string" then . else tojson end')`, arr, v.Word))
		return arr, true
	}
	k.failf("a list was expected")
	return "", false
}

// expr computes a structured expression.
func (k *Program) expr(e *pipeline.Expr) Value {
	if e == nil {
		return k.failf("part of the expression is Groovy no shell step can compute")
	}
	if k.depth++; k.depth > 64 {
		return k.failf("the expression is too deep")
	}
	defer func() { k.depth-- }()
	switch e.Op {
	case pipeline.OpLeaf:
		return k.value(*e.Leaf)
	case pipeline.OpNull:
		return Value{Word: "''"}
	case pipeline.OpProperty, pipeline.OpSafeProperty:
		return k.property(e)
	case pipeline.OpIndex:
		return k.index(e)
	case pipeline.OpCall:
		return k.method(e)
	case pipeline.OpTernary:
		cond := k.test(k.expr(e.X))
		then, els := k.expr(e.Y), k.expr(e.Z)
		if then.Type != els.Type || then.Type == List {
			then, els = Value{Word: k.str(then)}, Value{Word: k.str(els)}
		}
		return Value{Word: k.choose(cond, k.str(then), k.str(els)), Type: scalar(then.Type)}
	case pipeline.OpElvis:
		x, y := k.expr(e.X), k.expr(e.Y)
		if x.Type == List || y.Type == List {
			return k.failf("?: on lists")
		}
		return Value{Word: k.choose(k.test(x), k.str(x), k.str(y)), Type: scalar(x.Type)}
	case pipeline.OpCast:
		return k.cast(k.expr(e.X), e.Name)
	case pipeline.OpMapLiteral:
		var keys, values []pipeline.Value
		for i := 0; i+1 < len(e.Args); i += 2 {
			keys, values = append(keys, e.Args[i].Value), append(values, e.Args[i+1].Value)
		}
		return k.jsonObject(keys, values)
	case pipeline.OpNot:
		return Value{Word: "! " + k.group(k.test(k.expr(e.X))), Type: Bool}
	case pipeline.OpMinus:
		if e.Y == nil {
			return Value{Word: k.arith("-a", k.expr(e.X), Value{Word: "0"}), Type: Number}
		}
	}
	return k.binary(e)
}

// jsonObject builds a JSON object with jq from keys and values; numbers and
// documents stay JSON, everything else is a string.
func (k *Program) jsonObject(keys, values []pipeline.Value) Value {
	var args, fields []string
	for i := range keys {
		x := k.value(values[i])
		flag := "--arg"
		if x.Type == Number || x.Type == JSON {
			flag = "--argjson"
		}
		args = append(args, fmt.Sprintf("--arg k%d %s %s v%d %s", i, k.str(k.value(keys[i])), flag, i, k.str(x)))
		fields = append(fields, fmt.Sprintf("($k%d): $v%d", i, i))
	}
	return Value{Word: k.tmp(fmt.Sprintf("$(jq -nc %s)", strings.TrimSpace(strings.Join(args, " ")+" "+bash.Quote("{"+strings.Join(fields, ", ")+"}")))), Type: JSON, Doc: true}
}

// choose is the word of a if test holds, else of b.
func (k *Program) choose(test, a, b string) string {
	return k.tmp(fmt.Sprintf("$(if %s; then printf '%%s' %s; else printf '%%s' %s; fi)", test, a, b))
}

// scalar keeps the type of a ternary's branches, reading booleans as text.
func scalar(t Type) Type {
	if t == Bool {
		return String
	}
	return t
}

// group makes a test one command, for ! and the operands of && and ||.
func (k *Program) group(test string) string {
	if strings.HasPrefix(test, "{ ") || strings.HasPrefix(test, "[ ") && strings.Count(test, "[ ") == 1 && !strings.Contains(test, "&&") && !strings.Contains(test, "||") {
		return test
	}
	return "{ " + test + "; }"
}

func (k *Program) binary(e *pipeline.Expr) Value {
	if e.X == nil || e.Y == nil {
		return k.failf("part of %s is Groovy no shell step can compute", exprText(e))
	}
	switch e.Op {
	case pipeline.OpAnd, pipeline.OpOr:
		return Value{Word: k.group(k.test(k.expr(e.X))) + " " + string(e.Op) + " " + k.group(k.test(k.expr(e.Y))), Type: Bool}
	case pipeline.OpEq, pipeline.OpNe:
		x, y := k.expr(e.X), k.expr(e.Y)
		switch {
		case e.Y.Op == pipeline.OpNull || e.X.Op == pipeline.OpNull:
			operand := x
			if e.X.Op == pipeline.OpNull {
				operand = y
			}
			empty := map[pipeline.Op]string{pipeline.OpEq: "-z", pipeline.OpNe: "-n"}[e.Op]
			return Value{Word: "[ " + empty + " " + k.str(operand) + " ]", Type: Bool}
		case x.Type == Number && y.Type == Number:
			return Value{Word: fmt.Sprintf(`[ "$(awk -v a=%s -v b=%s 'BEGIN { print (a %s b) }')" = 1 ]`, x.Word, y.Word, e.Op), Type: Bool}
		}
		return Value{Word: fmt.Sprintf("[ %s %s %s ]", k.str(x), strings.TrimPrefix(string(e.Op), "="), k.str(y)), Type: Bool}
	case pipeline.OpLt, pipeline.OpGt, pipeline.OpLe, pipeline.OpGe:
		x, y := k.expr(e.X), k.expr(e.Y)
		return Value{Word: fmt.Sprintf(`[ "$(awk -v a=%s -v b=%s 'BEGIN { print (a %s b) }')" = 1 ]`, k.str(x), k.str(y), e.Op), Type: Bool}
	case pipeline.OpPlus:
		x, y := k.expr(e.X), k.expr(e.Y)
		if x.Type == Number && y.Type == Number {
			return Value{Word: k.arith("a + b", x, y), Type: Number}
		}
		return Value{Word: k.str(x) + k.str(y)}
	case pipeline.OpMinus, pipeline.OpTimes, pipeline.OpDiv, pipeline.OpMod:
		return Value{Word: k.arith("a "+string(e.Op)+" b", k.expr(e.X), k.expr(e.Y)), Type: Number}
	case pipeline.OpMatch, pipeline.OpFind:
		x := k.str(k.expr(e.X))
		re, ok := k.literal(e.Y)
		if !ok {
			return k.failf("the pattern of %s is computed", e.Op)
		}
		ere, ok := pattern.JavaToERE(re)
		if !ok {
			return k.failf("the pattern %q uses Java regular expression features bash has no equivalent for", re)
		}
		if e.Op == pipeline.OpMatch && !(strings.HasPrefix(ere, "^") && strings.HasSuffix(ere, "$") && !strings.HasSuffix(ere, `\$`)) {
			ere = "^(" + ere + ")$"
		}
		pat := k.tmp(bash.Quote(ere))
		return Value{Word: "[[ " + x + " =~ " + strings.Trim(pat, `"`) + " ]]", Type: Bool}
	case pipeline.OpIn:
		arr, ok := k.list(k.expr(e.Y))
		if !ok {
			return Value{}
		}
		return Value{Word: k.contains(arr, k.str(k.expr(e.X))), Type: Bool}
	}
	return k.failf("the operator %s", e.Op)
}

// arith computes numbers with awk, which has Groovy's decimal division.
func (k *Program) arith(program string, x, y Value) string {
	return k.tmp(fmt.Sprintf("$(awk -v a=%s -v b=%s 'BEGIN { print %s }')", k.str(x), k.str(y), program))
}

func (k *Program) contains(arr, word string) string {
	return fmt.Sprintf(`printf '%%s\n' "${%s[@]}" | grep -Fxq -- %s`, arr, word)
}

// literal returns the text of a literal string operand.
func (k *Program) literal(e *pipeline.Expr) (string, bool) {
	if e == nil || e.Op != pipeline.OpLeaf || !e.Leaf.IsLiteral() {
		return "", false
	}
	return e.Leaf.Str(), true
}

func (k *Program) cast(v Value, typ string) Value {
	switch strings.TrimPrefix(typ, "java.lang.") {
	case "int", "Integer", "long", "Long", "short", "BigInteger":
		w := k.str(v)
		return Value{Word: k.tmp(fmt.Sprintf("$(awk -v a=%s 'BEGIN { printf \"%%d\", a }')", w)), Type: Number}
	case "double", "Double", "float", "Float", "BigDecimal":
		return Value{Word: k.str(v), Type: Number}
	case "String", "GString", "CharSequence":
		return Value{Word: k.str(v)}
	case "boolean", "Boolean":
		return Value{Word: k.test(v), Type: Bool}
	case "List", "ArrayList", "String[]", "Collection":
		if v.Type == List {
			return v
		}
	}
	return k.failf("the cast to %s", typ)
}

// property reads x.name: a field of a JSON document, or one of the
// currentBuild fields that Jenkins also passes as variables.
func (k *Program) property(e *pipeline.Expr) Value {
	if v, ok := k.builtin(e.Text); ok {
		return v
	}
	switch strings.ReplaceAll(e.Text, "?.", ".") {
	case "currentBuild.previousBuild.result", "currentBuild.previousBuild.currentResult", "currentBuild.previousBuild":
		// The previous-run template looks the result up; Jenkins spells
		// it in capitals and says ABORTED for cancelled. No previous
		// build reads as null: empty.
		k.r.PreviousRun(e.Range)
		k.setEnv("J2A_PREVIOUS", "${{ steps.previous-run.outputs.conclusion }}")
		up := k.assign(`"${J2A_PREVIOUS^^}"`)
		return Value{Word: k.tmp(`"${` + up + `/CANCELLED/ABORTED}"`)}
	case "hudson.model.Result.SUCCESS", "hudson.model.Result.FAILURE", "hudson.model.Result.UNSTABLE", "hudson.model.Result.ABORTED", "hudson.model.Result.NOT_BUILT":
		return Value{Word: bash.Quote(e.Name)}
	case "currentBuild.currentResult", "currentBuild.result":
		// The job's status so far, in Jenkins' words.
		k.setEnv("J2A_RESULT", "${{ job.status == 'success' && 'SUCCESS' || job.status == 'cancelled' && 'ABORTED' || 'FAILURE' }}")
		return Value{Word: `"${J2A_RESULT}"`}
	}
	if obj := k.object(e.X, false); obj != "" {
		return k.failf("the property %s of the Groovy object %s", e.Name, obj)
	}
	x := k.expr(e.X)
	switch {
	case x.Type == JSON:
		return k.jq(x, ".["+jsonString(e.Name)+"]")
	case x.Type == List && (e.Name == "size" || e.Name == "length"):
		return Value{Word: `"${#` + x.Word + `[@]}"`, Type: Number}
	case e.Name == "length" || e.Name == "size":
		return Value{Word: k.tmp(`"${#` + k.varName(k.str(x)) + `}"`), Type: Number}
	}
	return k.failf("the property %s of %s", e.Name, exprText(e.X))
}

// arithArg turns a word into an operand of bash arithmetic: a literal
// number as it is, anything else as the name of a variable.
func (k *Program) arithArg(word string) string {
	if n := strings.Trim(word, "'"); n != "" && strings.Trim(n, "-0123456789") == "" {
		return n
	}
	return k.varName(word)
}

// object returns the name of a receiver that is a Groovy object the
// workflow has no value for (a library's global variable, a loaded
// script), and "" for anything else. Receivers are not parameters even
// when the file never assigns them.
func (k *Program) object(e *pipeline.Expr, stringMethod bool) string {
	r := e.Ref()
	if r == nil || r.Scope != pipeline.RefVar {
		return ""
	}
	if _, ok := k.locals[r.Name]; ok {
		return ""
	}
	if k.r.Known(r, stringMethod) {
		return ""
	}
	switch r.Name {
	case "Integer", "Long", "String":
		return ""
	}
	return r.Name
}

// jq applies a jq filter to a JSON value; the filter reads args as $a0,
// $a1, ...
func (k *Program) jq(x Value, filter string, args ...string) Value {
	var flags strings.Builder
	for i, a := range args {
		fmt.Fprintf(&flags, " --arg a%d %s", i, a)
	}
	return Value{Word: k.tmp(fmt.Sprintf("$(printf '%%s' %s | jq -c%s %s)", x.Word, flags.String(), bash.Quote(filter))), Type: JSON}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func (k *Program) index(e *pipeline.Expr) Value {
	x := k.expr(e.X)
	i := k.expr(e.Y)
	switch x.Type {
	case JSON:
		if lit, ok := k.literal(e.Y); ok {
			if i.Type == Number {
				return k.jq(x, ".["+lit+"]")
			}
			return k.jq(x, ".["+jsonString(lit)+"]")
		}
		if i.Type == Number {
			return k.jq(x, ".[$a0 | tonumber]", i.Word)
		}
		return k.jq(x, ".[$a0]", k.str(i))
	case List:
		return Value{Word: k.tmp(fmt.Sprintf(`"${%s[%s]}"`, x.Word, k.arithArg(k.str(i))))}
	}
	return k.failf("an index into %s", exprText(e.X))
}

// exprText is the source of an expression for messages.
func exprText(e *pipeline.Expr) string {
	if e == nil {
		return "an expression"
	}
	return firstLine(e.Text)
}

// arg returns a method call's positional argument i.
func arg(e *pipeline.Expr, i int) (pipeline.Value, bool) {
	n := 0
	for _, a := range e.Args {
		if a.Name != "" {
			continue
		}
		if n == i {
			return a.Value, true
		}
		n++
	}
	return pipeline.Value{}, false
}
