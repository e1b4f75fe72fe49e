package convert

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/bash"
	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
	"github.com/jenkins2actions/jenkins2actions/workflow"
)

// The converter computes Groovy values in bash: a ternary on a parameter,
// a version read from package.json, a branch name split and indexed. Each
// value is built in numbered shell variables (j2a_1, j2a_2, ...) so that
// every operation reads plain variables and no Groovy text is pasted into a
// script unquoted. What bash cannot do the way Groovy does (objects,
// closures, the Jenkins API) fails the computation with a reason, and the
// construct stays manual.

// valType is the Groovy type a computed value stands for.
type valType int

const (
	tString valType = iota
	tNumber
	tBool
	// tList is a bash array; val.word names it.
	tList
	// tJSON is compact JSON text: a document from readJSON or readYaml.
	tJSON
)

// val is a computed value: a bash word for strings, numbers and JSON, a
// test command for booleans, an array name for lists.
type val struct {
	word string
	typ  valType
	// doc is set on a whole JSON document (readJSON, a map literal), which
	// a variable keeps as JSON; the parts jq reads out of it are kept as
	// text.
	doc bool
}

// computation is a bash program under construction.
type computation struct {
	c     *converter
	sc    *scope
	lines []string
	n     int
	// why is the first reason the expression cannot be computed.
	why string
	// locals are the parameters of a method being inlined.
	locals map[string]val
	depth  int
	// env feeds the program values only expressions know.
	env []workflow.KV
	// script is set once the program runs a script of the Jenkinsfile,
	// which may need shellcheck directives; the rest is generated clean.
	script bool
	// src is where the computed value is in the Jenkinsfile.
	src diag.Range
}

// run finishes a program: the shellcheck directives a copied script needs.
func (k *computation) run(lines ...string) string {
	run := strings.Join(append(k.lines, lines...), "\n") + "\n"
	if k.script {
		return withDirective(k.c.directive(run, k.src), run)
	}
	return run
}

func (c *converter) newComputation(sc *scope) *computation {
	return &computation{c: c, sc: sc}
}

// uncomputable tells why bash cannot compute v, trying it in a scratch job
// for conversions that decide before the job that computes v exists.
func (c *converter) uncomputable(v pipeline.Value) string {
	k := c.newComputation(&scope{job: &jobBuilder{job: &workflow.Job{}, vars: map[string]string{}}})
	k.value(v)
	return k.why
}

func (k *computation) failf(format string, args ...any) val {
	if k.why == "" {
		k.why = fmt.Sprintf(format, args...)
	}
	return val{word: "''"}
}

func (k *computation) ok() bool { return k.why == "" }

// newVar returns the name of a new variable.
func (k *computation) newVar() string {
	k.n++
	return fmt.Sprintf("j2a_%d", k.n)
}

// newArray names a new array variable. Arrays are named apart from
// scalars: the computations joined in one step number their variables
// each from one, and a name that held an array must not be given a string
// (shellcheck SC2178).
func (k *computation) newArray() string {
	k.n++
	return fmt.Sprintf("j2a_list%d", k.n)
}

// assign assigns a bash expression to a new variable and returns its name.
func (k *computation) assign(expr string) string {
	name := k.newVar()
	k.lines = append(k.lines, name+"="+expr)
	return name
}

// tmp assigns a bash expression to a new variable and returns the word
// that reads it.
func (k *computation) tmp(expr string) string {
	return `"$` + k.assign(expr) + `"`
}

// varName returns the name of a variable that holds word, for parameter
// expansion: word's own when it reads one, a new one otherwise.
func (k *computation) varName(word string) string {
	if strings.HasPrefix(word, `"$j2a_`) && strings.Count(word, `"`) == 2 {
		return strings.Trim(word, `"$`)
	}
	return k.assign(word)
}

// value computes a model value.
func (k *computation) value(v pipeline.Value) val {
	switch v.Kind {
	case pipeline.String:
		if r := v.Ref(); r != nil {
			return k.ref(r)
		}
		var b strings.Builder
		for _, p := range v.Parts {
			if p.Ref == nil {
				// Quoted first: the escape is for GitHub, which reads the
				// script before bash does.
				b.WriteString(literalWord(p.Lit))
				continue
			}
			b.WriteString(k.str(k.ref(p.Ref)))
		}
		if b.Len() == 0 {
			return val{word: "''"}
		}
		return val{word: b.String()}
	case pipeline.Number:
		return val{word: bash.Quote(v.Num), typ: tNumber}
	case pipeline.Bool:
		return val{word: fmt.Sprint(v.Bool), typ: tBool}
	case pipeline.List:
		words := make([]string, len(v.List))
		for i, e := range v.List {
			words[i] = k.str(k.value(e))
		}
		arr := k.newArray()
		k.lines = append(k.lines, arr+"=("+strings.Join(words, " ")+")")
		return val{word: arr, typ: tList}
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
func (k *computation) ref(r *pipeline.Ref) val {
	switch r.Scope {
	case pipeline.RefEnv, pipeline.RefParam:
		k.c.useVar(k.sc, r.Name)
		return val{word: `"${` + r.Name + `}"`}
	case pipeline.RefVar:
		if v, ok := k.locals[r.Name]; ok {
			return v
		}
		if l, ok := k.sc.lists[r.Name]; ok {
			return k.value(l)
		}
		if typ, ok := k.c.varTypes[r.Name]; ok && (typ == tList) {
			arr := k.newArray()
			k.lines = append(k.lines, fmt.Sprintf(`mapfile -t %s <<< "${%s}"`, arr, r.Name))
			return val{word: arr, typ: tList}
		}
		if name, ok := k.c.refVar(k.sc, r); ok {
			k.c.useVar(k.sc, name)
			if k.c.varTypes[r.Name] == tBool {
				return val{word: `[ "${` + name + `}" = true ]`, typ: tBool}
			}
			return val{word: `"${` + name + `}"`, typ: k.c.varTypes[r.Name]}
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
func (k *computation) builtin(text string) (val, bool) {
	name, ok := groovyBuiltins[text]
	if !ok {
		return val{}, false
	}
	k.c.useVar(k.sc, name)
	return val{word: `"${` + name + `}"`}, true
}

// str turns a value into a bash word holding its Groovy string form.
func (k *computation) str(v val) string {
	switch v.typ {
	case tBool:
		return k.tmp(fmt.Sprintf("$(if %s; then echo true; else echo false; fi)", v.word))
	case tList:
		// Groovy prints a list as [a, b].
		joined := k.assign(fmt.Sprintf(`$(printf '%%s, ' "${%s[@]}")`, v.word))
		return k.tmp(`"[${` + joined + `%, }]"`)
	case tJSON:
		return k.tmp(fmt.Sprintf(`$(printf '%%s' %s | jq -r 'if type == "string" then . else tojson end')`, v.word))
	}
	return v.word
}

// test turns a value into a bash test of its Groovy truth: null, "",
// 0, false and empty collections are false. A string "false" counts as
// false too, because Jenkins passes boolean parameters to scripts as text.
func (k *computation) test(v val) string {
	switch v.typ {
	case tBool:
		return v.word
	case tList:
		return fmt.Sprintf(`[ "${#%s[@]}" -gt 0 ]`, v.word)
	case tJSON:
		return fmt.Sprintf(`[ "$(printf '%%s' %s | jq -r 'if . == null or . == false or . == "" or . == 0 or . == [] or . == {} then "false" else "true" end')" = true ]`, v.word)
	case tNumber:
		return fmt.Sprintf(`[ "$(awk -v a=%s 'BEGIN { print (a != 0) }')" = 1 ]`, v.word)
	}
	return fmt.Sprintf("{ [ -n %s ] && [ %s != false ]; }", v.word, v.word)
}

// list turns a value into an array.
func (k *computation) list(v val) (string, bool) {
	if v.typ == tList {
		return v.word, true
	}
	if v.typ == tJSON {
		arr := k.newArray()
		k.lines = append(k.lines, fmt.Sprintf(`mapfile -t %s < <(printf '%%s' %s | jq -r '.[] | if type == "string" then . else tojson end')`, arr, v.word))
		return arr, true
	}
	k.failf("a list was expected")
	return "", false
}

// expr computes a structured expression.
func (k *computation) expr(e *pipeline.Expr) val {
	if e == nil {
		return k.failf("part of the expression is Groovy no shell step can compute")
	}
	if k.depth++; k.depth > 64 {
		return k.failf("the expression is too deep")
	}
	defer func() { k.depth-- }()
	switch e.Op {
	case "":
		return k.value(*e.Leaf)
	case "null":
		return val{word: "''"}
	case ".", "?.":
		return k.property(e)
	case "[]":
		return k.index(e)
	case "()":
		return k.method(e)
	case "?":
		cond := k.test(k.expr(e.X))
		then, els := k.expr(e.Y), k.expr(e.Z)
		if then.typ != els.typ || then.typ == tList {
			then, els = val{word: k.str(then)}, val{word: k.str(els)}
		}
		return val{word: k.choose(cond, k.str(then), k.str(els)), typ: scalar(then.typ)}
	case "?:":
		x, y := k.expr(e.X), k.expr(e.Y)
		if x.typ == tList || y.typ == tList {
			return k.failf("?: on lists")
		}
		return val{word: k.choose(k.test(x), k.str(x), k.str(y)), typ: scalar(x.typ)}
	case "as":
		return k.cast(k.expr(e.X), e.Name)
	case "[:]":
		var keys, values []pipeline.Value
		for i := 0; i+1 < len(e.Args); i += 2 {
			keys, values = append(keys, e.Args[i].Value), append(values, e.Args[i+1].Value)
		}
		return k.jsonObject(keys, values)
	case "!":
		return val{word: "! " + k.group(k.test(k.expr(e.X))), typ: tBool}
	case "-":
		if e.Y == nil {
			return val{word: k.arith("-a", k.expr(e.X), val{word: "0"}), typ: tNumber}
		}
	}
	return k.binary(e)
}

// jsonObject builds a JSON object with jq from keys and values; numbers and
// documents stay JSON, everything else is a string.
func (k *computation) jsonObject(keys, values []pipeline.Value) val {
	var args, fields []string
	for i := range keys {
		x := k.value(values[i])
		flag := "--arg"
		if x.typ == tNumber || x.typ == tJSON {
			flag = "--argjson"
		}
		args = append(args, fmt.Sprintf("--arg k%d %s %s v%d %s", i, k.str(k.value(keys[i])), flag, i, k.str(x)))
		fields = append(fields, fmt.Sprintf("($k%d): $v%d", i, i))
	}
	return val{word: k.tmp(fmt.Sprintf("$(jq -nc %s)", strings.TrimSpace(strings.Join(args, " ")+" "+bash.Quote("{"+strings.Join(fields, ", ")+"}")))), typ: tJSON, doc: true}
}

// choose is the word of a if test holds, else of b.
func (k *computation) choose(test, a, b string) string {
	return k.tmp(fmt.Sprintf("$(if %s; then printf '%%s' %s; else printf '%%s' %s; fi)", test, a, b))
}

// scalar keeps the type of a ternary's branches, reading booleans as text.
func scalar(t valType) valType {
	if t == tBool {
		return tString
	}
	return t
}

// group makes a test one command, for ! and the operands of && and ||.
func (k *computation) group(test string) string {
	if strings.HasPrefix(test, "{ ") || strings.HasPrefix(test, "[ ") && strings.Count(test, "[ ") == 1 && !strings.Contains(test, "&&") && !strings.Contains(test, "||") {
		return test
	}
	return "{ " + test + "; }"
}

func (k *computation) binary(e *pipeline.Expr) val {
	if e.X == nil || e.Y == nil {
		return k.failf("part of %s is Groovy no shell step can compute", exprText(e))
	}
	switch e.Op {
	case "&&", "||":
		return val{word: k.group(k.test(k.expr(e.X))) + " " + e.Op + " " + k.group(k.test(k.expr(e.Y))), typ: tBool}
	case "==", "!=":
		x, y := k.expr(e.X), k.expr(e.Y)
		switch {
		case e.Y.Op == "null" || e.X.Op == "null":
			operand := x
			if e.X.Op == "null" {
				operand = y
			}
			empty := map[string]string{"==": "-z", "!=": "-n"}[e.Op]
			return val{word: "[ " + empty + " " + k.str(operand) + " ]", typ: tBool}
		case x.typ == tNumber && y.typ == tNumber:
			return val{word: fmt.Sprintf(`[ "$(awk -v a=%s -v b=%s 'BEGIN { print (a %s b) }')" = 1 ]`, x.word, y.word, e.Op), typ: tBool}
		}
		return val{word: fmt.Sprintf("[ %s %s %s ]", k.str(x), strings.TrimPrefix(e.Op, "="), k.str(y)), typ: tBool}
	case "<", ">", "<=", ">=":
		x, y := k.expr(e.X), k.expr(e.Y)
		return val{word: fmt.Sprintf(`[ "$(awk -v a=%s -v b=%s 'BEGIN { print (a %s b) }')" = 1 ]`, k.str(x), k.str(y), e.Op), typ: tBool}
	case "+":
		x, y := k.expr(e.X), k.expr(e.Y)
		if x.typ == tNumber && y.typ == tNumber {
			return val{word: k.arith("a + b", x, y), typ: tNumber}
		}
		return val{word: k.str(x) + k.str(y)}
	case "-", "*", "/", "%":
		return val{word: k.arith("a "+e.Op+" b", k.expr(e.X), k.expr(e.Y)), typ: tNumber}
	case "==~", "=~":
		x := k.str(k.expr(e.X))
		re, ok := k.literal(e.Y)
		if !ok {
			return k.failf("the pattern of %s is computed", e.Op)
		}
		ere, ok := javaToERE(re)
		if !ok {
			return k.failf("the pattern %q uses Java regular expression features bash has no equivalent for", re)
		}
		if e.Op == "==~" && !(strings.HasPrefix(ere, "^") && strings.HasSuffix(ere, "$") && !strings.HasSuffix(ere, `\$`)) {
			ere = "^(" + ere + ")$"
		}
		pat := k.tmp(bash.Quote(ere))
		return val{word: "[[ " + x + " =~ " + strings.Trim(pat, `"`) + " ]]", typ: tBool}
	case "in":
		arr, ok := k.list(k.expr(e.Y))
		if !ok {
			return val{}
		}
		return val{word: k.contains(arr, k.str(k.expr(e.X))), typ: tBool}
	}
	return k.failf("the operator %s", e.Op)
}

// arith computes numbers with awk, which has Groovy's decimal division.
func (k *computation) arith(program string, x, y val) string {
	return k.tmp(fmt.Sprintf("$(awk -v a=%s -v b=%s 'BEGIN { print %s }')", k.str(x), k.str(y), program))
}

func (k *computation) contains(arr, word string) string {
	return fmt.Sprintf(`printf '%%s\n' "${%s[@]}" | grep -Fxq -- %s`, arr, word)
}

// literal returns the text of a literal string operand.
func (k *computation) literal(e *pipeline.Expr) (string, bool) {
	if e == nil || e.Op != "" || !e.Leaf.IsLiteral() {
		return "", false
	}
	return e.Leaf.Str(), true
}

func (k *computation) cast(v val, typ string) val {
	switch strings.TrimPrefix(typ, "java.lang.") {
	case "int", "Integer", "long", "Long", "short", "BigInteger":
		w := k.str(v)
		return val{word: k.tmp(fmt.Sprintf("$(awk -v a=%s 'BEGIN { printf \"%%d\", a }')", w)), typ: tNumber}
	case "double", "Double", "float", "Float", "BigDecimal":
		return val{word: k.str(v), typ: tNumber}
	case "String", "GString", "CharSequence":
		return val{word: k.str(v)}
	case "boolean", "Boolean":
		return val{word: k.test(v), typ: tBool}
	case "List", "ArrayList", "String[]", "Collection":
		if v.typ == tList {
			return v
		}
	}
	return k.failf("the cast to %s", typ)
}

// property reads x.name: a field of a JSON document, or one of the
// currentBuild fields that Jenkins also passes as variables.
func (k *computation) property(e *pipeline.Expr) val {
	if v, ok := k.builtin(e.Text); ok {
		return v
	}
	switch strings.ReplaceAll(e.Text, "?.", ".") {
	case "currentBuild.previousBuild.result", "currentBuild.previousBuild.currentResult", "currentBuild.previousBuild":
		// The previous-run template looks the result up; Jenkins spells
		// it in capitals and says ABORTED for cancelled. No previous
		// build reads as null: empty.
		k.c.previousRun(k.sc, e.Range)
		k.env = setKV(k.env, workflow.KV{Key: "J2A_PREVIOUS", Value: "${{ steps.previous-run.outputs.conclusion }}"})
		up := k.assign(`"${J2A_PREVIOUS^^}"`)
		return val{word: k.tmp(`"${` + up + `/CANCELLED/ABORTED}"`)}
	case "hudson.model.Result.SUCCESS", "hudson.model.Result.FAILURE", "hudson.model.Result.UNSTABLE", "hudson.model.Result.ABORTED", "hudson.model.Result.NOT_BUILT":
		return val{word: bash.Quote(e.Name)}
	case "currentBuild.currentResult", "currentBuild.result":
		// The job's status so far, in Jenkins' words.
		k.env = setKV(k.env, workflow.KV{Key: "J2A_RESULT", Value: "${{ job.status == 'success' && 'SUCCESS' || job.status == 'cancelled' && 'ABORTED' || 'FAILURE' }}"})
		return val{word: `"${J2A_RESULT}"`}
	}
	if obj := k.object(e.X, false); obj != "" {
		return k.failf("the property %s of the Groovy object %s", e.Name, obj)
	}
	x := k.expr(e.X)
	switch {
	case x.typ == tJSON:
		return k.jq(x, ".["+jsonString(e.Name)+"]")
	case x.typ == tList && (e.Name == "size" || e.Name == "length"):
		return val{word: `"${#` + x.word + `[@]}"`, typ: tNumber}
	case e.Name == "length" || e.Name == "size":
		return val{word: k.tmp(`"${#` + k.varName(k.str(x)) + `}"`), typ: tNumber}
	}
	return k.failf("the property %s of %s", e.Name, exprText(e.X))
}

// arithArg turns a word into an operand of bash arithmetic: a literal
// number as it is, anything else as the name of a variable.
func (k *computation) arithArg(word string) string {
	if n := strings.Trim(word, "'"); n != "" && strings.Trim(n, "-0123456789") == "" {
		return n
	}
	return k.varName(word)
}

// stringMethods are the String methods the computation translates.
var stringMethods = map[string]bool{
	"trim": true, "toLowerCase": true, "toUpperCase": true, "toString": true, "toInteger": true, "toLong": true,
	"replace": true, "replaceAll": true, "replaceFirst": true, "split": true, "tokenize": true, "readLines": true,
	"length": true, "size": true, "isEmpty": true, "startsWith": true, "endsWith": true, "contains": true,
	"equals": true, "equalsIgnoreCase": true, "matches": true, "substring": true, "take": true, "indexOf": true, "lastIndexOf": true,
}

// object returns the name of a receiver that is a Groovy object the
// workflow has no value for (a library's global variable, a loaded
// script), and "" for anything else. Receivers are not parameters even
// when the file never assigns them.
func (k *computation) object(e *pipeline.Expr, stringMethod bool) string {
	r := e.Ref()
	if r == nil || r.Scope != pipeline.RefVar {
		return ""
	}
	if _, ok := k.locals[r.Name]; ok {
		return ""
	}
	if _, ok := k.sc.lists[r.Name]; ok || k.c.knownVar(k.sc, r.Name) || k.c.params[r.Name] != nil {
		return ""
	}
	// A String method tells a parameter from an object.
	if stringMethod && k.c.bindingParam(r.Name, r.Range) {
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
func (k *computation) jq(x val, filter string, args ...string) val {
	var flags strings.Builder
	for i, a := range args {
		fmt.Fprintf(&flags, " --arg a%d %s", i, a)
	}
	return val{word: k.tmp(fmt.Sprintf("$(printf '%%s' %s | jq -c%s %s)", x.word, flags.String(), bash.Quote(filter))), typ: tJSON}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func (k *computation) index(e *pipeline.Expr) val {
	x := k.expr(e.X)
	i := k.expr(e.Y)
	switch x.typ {
	case tJSON:
		if lit, ok := k.literal(e.Y); ok {
			if i.typ == tNumber {
				return k.jq(x, ".["+lit+"]")
			}
			return k.jq(x, ".["+jsonString(lit)+"]")
		}
		if i.typ == tNumber {
			return k.jq(x, ".[$a0 | tonumber]", i.word)
		}
		return k.jq(x, ".[$a0]", k.str(i))
	case tList:
		return val{word: k.tmp(fmt.Sprintf(`"${%s[%s]}"`, x.word, k.arithArg(k.str(i))))}
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

func (k *computation) method(e *pipeline.Expr) val {
	if r := e.X.Ref(); r != nil && r.Scope == pipeline.RefVar {
		switch r.Name + "." + e.Name {
		case "Integer.parseInt", "Integer.valueOf", "Long.parseLong", "Long.valueOf":
			a, _ := arg(e, 0)
			return k.cast(k.value(a), "int")
		case "String.valueOf":
			a, _ := arg(e, 0)
			return val{word: k.str(k.value(a))}
		}
	}
	if obj := k.object(e.X, stringMethods[e.Name]); obj != "" {
		return k.failf("the method %s of the Groovy object %s", e.Name, obj)
	}
	x := k.expr(e.X)
	nargs := 0
	for _, a := range e.Args {
		if a.Name == "" {
			nargs++
		}
	}
	argWord := func(i int) string {
		a, ok := arg(e, i)
		if !ok {
			k.failf("%s needs an argument", e.Name)
			return "''"
		}
		return k.str(k.value(a))
	}
	if x.typ == tList {
		return k.listMethod(e, x.word, nargs, argWord)
	}
	if x.typ == tJSON && !slices.Contains([]string{"get", "containsKey", "size"}, e.Name) {
		x = val{word: k.str(x)}
	}
	if x.typ == tJSON {
		switch {
		case e.Name == "get" && nargs >= 1:
			a, _ := arg(e, 0)
			key, ok := valueText(a)
			if !ok {
				return k.failf("a computed key")
			}
			got := k.jq(x, ".["+jsonString(key)+"]")
			if nargs == 2 {
				return val{word: k.choose(k.test(got), k.str(got), argWord(1))}
			}
			return got
		case e.Name == "containsKey" && nargs == 1:
			a, _ := arg(e, 0)
			key, ok := valueText(a)
			if !ok {
				return k.failf("a computed key")
			}
			return val{word: fmt.Sprintf("printf '%%s' %s | jq -e %s >/dev/null", x.word, bash.Quote("has("+jsonString(key)+")")), typ: tBool}
		case e.Name == "size" && nargs == 0:
			return val{word: k.tmp(fmt.Sprintf("$(printf '%%s' %s | jq length)", x.word)), typ: tNumber}
		}
		return k.failf("the method %s of a JSON document", e.Name)
	}
	s := k.str(x)
	v := func() string { return k.varName(s) }
	switch e.Name + "/" + fmt.Sprint(nargs) {
	case "trim/0":
		return val{word: k.tmp(fmt.Sprintf(`$(printf '%%s' %s | sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//')`, s))}
	case "toLowerCase/0":
		return val{word: k.tmp(`"${` + v() + `,,}"`)}
	case "toUpperCase/0":
		return val{word: k.tmp(`"${` + v() + `^^}"`)}
	case "toString/0", "toInteger/0", "toLong/0", "toBigDecimal/0", "toDouble/0":
		if e.Name == "toString" {
			return val{word: s}
		}
		return k.cast(val{word: s}, "int")
	case "replace/2":
		name := v()
		from, to := k.varName(argWord(0)), k.varName(argWord(1))
		return val{word: k.tmp(fmt.Sprintf(`"${%s//"$%s"/"$%s"}"`, name, from, to))}
	case "replaceAll/2", "replaceFirst/2":
		a, _ := arg(e, 0)
		re, ok := valueText(a)
		b, _ := arg(e, 1)
		rep, ok2 := valueText(b)
		ere, ok3 := javaToERE(re)
		if !ok || !ok2 || !ok3 || strings.ContainsAny(ere+rep, "|\n") {
			return k.failf("%s with a pattern bash cannot run", e.Name)
		}
		flags := "g"
		if e.Name == "replaceFirst" {
			flags = ""
		}
		rep = strings.NewReplacer(`\`, `\\`, "&", `\&`).Replace(rep)
		for i := 9; i >= 0; i-- {
			rep = strings.ReplaceAll(rep, fmt.Sprintf("$%d", i), fmt.Sprintf(`\%d`, i))
		}
		return val{word: k.tmp(fmt.Sprintf("$(printf '%%s' %s | sed -E %s)", s, bash.Quote("s|"+ere+"|"+rep+"|"+flags)))}
	case "split/0", "tokenize/0", "readLines/0":
		arr := k.newArray()
		if e.Name == "readLines" {
			k.lines = append(k.lines, fmt.Sprintf("mapfile -t %s <<< %s", arr, s))
		} else {
			k.lines = append(k.lines, fmt.Sprintf("read -r -a %s <<< %s", arr, s))
		}
		return val{word: arr, typ: tList}
	case "split/1", "tokenize/1":
		a, _ := arg(e, 0)
		sep, ok := valueText(a)
		if !ok || sep == "" {
			return k.failf("a computed separator")
		}
		arr := k.newArray()
		switch {
		case sep == "\n" || sep == `\n`:
			k.lines = append(k.lines, fmt.Sprintf("mapfile -t %s <<< %s", arr, s))
		case sep == " " && e.Name == "tokenize":
			k.lines = append(k.lines, fmt.Sprintf("read -r -a %s <<< %s", arr, s))
		case len(sep) == 1 || e.Name == "tokenize":
			k.lines = append(k.lines, fmt.Sprintf("mapfile -t %s < <(printf '%%s\\n' %s | tr %s '\\n')", arr, s, bash.Quote(sep)))
		default:
			ere, ok := javaToERE(sep)
			if !ok {
				return k.failf("split on a pattern bash cannot run")
			}
			k.lines = append(k.lines, fmt.Sprintf("mapfile -t %s < <(printf '%%s\\n' %s | awk -F %s '{ for (i = 1; i <= NF; i++) print $i }')", arr, s, bash.Quote(ere)))
		}
		return val{word: arr, typ: tList}
	case "length/0", "size/0":
		return val{word: k.tmp(`"${#` + v() + `}"`), typ: tNumber}
	case "indexOf/1", "lastIndexOf/1":
		// The text before the first (or last) match is as long as the
		// index; without a match, -1.
		name, sub := v(), k.varName(argWord(0))
		cut := "%%"
		if e.Name == "lastIndexOf" {
			cut = "%"
		}
		before := k.assign(fmt.Sprintf(`"${%s%s"$%s"*}"`, name, cut, sub))
		return val{word: k.tmp(fmt.Sprintf(`$(if [ "$%s" = "$%s" ]; then echo -1; else echo "${#%s}"; fi)`, before, name, before)), typ: tNumber}
	case "isEmpty/0":
		return val{word: "[ -z " + s + " ]", typ: tBool}
	case "startsWith/1":
		return val{word: fmt.Sprintf(`[[ %s == "$%s"* ]]`, s, k.varName(argWord(0))), typ: tBool}
	case "endsWith/1":
		return val{word: fmt.Sprintf(`[[ %s == *"$%s" ]]`, s, k.varName(argWord(0))), typ: tBool}
	case "contains/1":
		return val{word: fmt.Sprintf(`[[ %s == *"$%s"* ]]`, s, k.varName(argWord(0))), typ: tBool}
	case "equals/1":
		return val{word: fmt.Sprintf("[ %s = %s ]", s, argWord(0)), typ: tBool}
	case "equalsIgnoreCase/1":
		return val{word: fmt.Sprintf(`[ "${%s,,}" = "${%s,,}" ]`, v(), k.varName(argWord(0))), typ: tBool}
	case "matches/1":
		return k.binary(&pipeline.Expr{Op: "==~", X: e.X, Y: &pipeline.Expr{Leaf: &e.Args[0].Value}})
	case "substring/1":
		return val{word: k.tmp(fmt.Sprintf(`"${%s:%s}"`, v(), k.arithArg(argWord(0))))}
	case "substring/2":
		name := v()
		from, to := k.arithArg(argWord(0)), k.arithArg(argWord(1))
		return val{word: k.tmp(fmt.Sprintf(`"${%s:%s:%s - %s}"`, name, from, to, from))}
	case "take/1":
		return val{word: k.tmp(fmt.Sprintf(`"${%s:0:%s}"`, v(), k.arithArg(argWord(0))))}
	}
	return k.failf("the method %s of %s", e.Name, exprText(e.X))
}

func (k *computation) listMethod(e *pipeline.Expr, arr string, nargs int, argWord func(int) string) val {
	switch e.Name + "/" + fmt.Sprint(nargs) {
	case "size/0":
		return val{word: `"${#` + arr + `[@]}"`, typ: tNumber}
	case "isEmpty/0":
		return val{word: `[ "${#` + arr + `[@]}" -eq 0 ]`, typ: tBool}
	case "first/0":
		return val{word: k.tmp(`"${` + arr + `[0]}"`)}
	case "last/0":
		return val{word: k.tmp(`"${` + arr + `[-1]}"`)}
	case "join/0":
		return val{word: k.tmp(`"$(printf '%s' "${` + arr + `[@]}")"`)}
	case "join/1":
		sep := argWord(0)
		return val{word: k.tmp(fmt.Sprintf(`"$(j2a_sep=%s; printf '%%s' "${%s[0]}"; printf "${j2a_sep//%%/%%%%}%%s" "${%s[@]:1}")"`, sep, arr, arr))}
	case "contains/1":
		return val{word: k.contains(arr, argWord(0)), typ: tBool}
	}
	return k.failf("the list method %s", e.Name)
}

// call computes the plain steps and methods that return values.
func (k *computation) call(s *pipeline.Step) val {
	first := func() val {
		v := s.Args.First("file")
		if v.Kind == pipeline.Absent {
			v = s.Args.First("")
		}
		return k.value(v)
	}
	switch s.Name {
	case "sh":
		script := s.Args.First("script")
		if script.Kind != pipeline.String {
			return k.failf("the script is computed by Groovy")
		}
		text, unresolved := k.c.script(k.sc, script)
		if len(unresolved) > 0 {
			return k.failf("the script uses the Groovy value ${%s}", unresolved[0])
		}
		text = strings.TrimRight(dedent(text), "\n")
		k.script = true
		if s.Args.Get("returnStatus").Truthy() {
			name := k.newVar()
			k.lines = append(k.lines, fmt.Sprintf("%s=0\n(\n%s\n) || %s=$?", name, text, name))
			return val{word: `"$` + name + `"`, typ: tNumber}
		}
		// The output as Jenkins returns it: $(...) would drop trailing
		// newlines, so a last character is added and taken off.
		name := k.assign("$(set -e\n" + text + "\nprintf x)")
		k.lines = append(k.lines, name+"=${"+name+"%x}")
		if s.Trimmed {
			k.lines = append(k.lines, name+"=${"+name+"#\"${"+name+"%%[![:space:]]*}\"}", name+"=${"+name+"%\"${"+name+"##*[![:space:]]}\"}")
		}
		return val{word: `"$` + name + `"`}
	case "fileExists":
		return val{word: "[ -e " + k.str(first()) + " ]", typ: tBool}
	case "readFile":
		return val{word: k.tmp("$(cat -- " + k.str(first()) + ")")}
	case "readJSON", "readYaml":
		tool := "jq -c ."
		if s.Name == "readYaml" {
			tool = "yq -o=json -I=0 ."
		}
		if t := s.Args.Get("text"); t.Kind != pipeline.Absent {
			return val{word: k.tmp(fmt.Sprintf("$(printf '%%s' %s | %s)", k.str(k.value(t)), tool)), typ: tJSON, doc: true}
		}
		return val{word: k.tmp(fmt.Sprintf("$(%s < %s)", tool, k.str(first()))), typ: tJSON, doc: true}
	case "readProperties":
		// key=value, key: value and key value lines, comments and blank
		// lines left out, as java.util.Properties reads them (without
		// line continuations); interpolate replaces ${key} by its value.
		prog := `[inputs | select(test("^\\s*([#!]|$)") | not) | capture("^\\s*(?<k>[^=:\\s]+)\\s*[=:\\s]\\s*(?<v>.*)$")] | map({(.k): .v}) | add // {}`
		if s.Args.Get("interpolate").Truthy() {
			prog += ` | . as $p | with_entries(.value |= gsub("\\$\\{(?<n>[^}]+)\\}"; $p[.n] // ""))`
		}
		src := "< " + k.str(first())
		if t := s.Args.Get("text"); t.Kind != pipeline.Absent {
			src = "<<< " + k.str(k.value(t))
		}
		return val{word: k.tmp(fmt.Sprintf("$(jq -Rnc %s %s)", bash.Quote(prog), src)), typ: tJSON, doc: true}
	case "findFiles":
		glob, ok := valueText(s.Args.Get("glob"))
		if !ok || glob == "" || strings.Trim(glob, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./*?-") != "" {
			return k.failf("findFiles with a computed or unusual glob")
		}
		// Ant's ** is bash's globstar; each match becomes {path, name}
		// as in Jenkins' FileWrapper.
		return val{word: k.tmp(fmt.Sprintf(`$(shopt -s globstar nullglob; for f in %s; do jq -nc --arg p "$f" '{path: $p, name: ($p | split("/") | last), directory: false}'; done | jq -sc .)`, glob)), typ: tJSON, doc: true}
	case "tool":
		return k.tool(s)
	case "isUnix":
		// isUnix() follows the runner, as it followed the agent.
		if k.sc.job.windows() {
			return val{word: "false", typ: tBool}
		}
		return val{word: "true", typ: tBool}
	case "pwd":
		return val{word: `"$PWD"`}
	}
	if m := k.c.p.Methods[s.Name]; m != nil && !k.c.inlining[s.Name] {
		return k.inline(m, s)
	}
	return k.failf("%s(...) is Groovy no shell step can compute", s.Name)
}

// toolCommands are the commands whose installation directory a tool step
// of each type returns, by the tool types of the tools directive.
var toolCommands = map[string]string{"maven": "mvn", "nodejs": "node", "gradle": "gradle", "go": "go", "python": "python3", "ant": "ant"}

// tool sets up the tool a tool step names, with the mapper of the tools
// directive, and returns its home: JAVA_HOME for a JDK, the directory above
// the command's bin directory for the others.
func (k *computation) tool(s *pipeline.Step) val {
	name := k.value(s.Args.First("name"))
	lit := strings.Trim(name.word, "'")
	if !k.ok() || strings.ContainsAny(lit, `"$'`) || lit == "" {
		return k.failf("the tool's name is computed")
	}
	typ := s.Args.Get("type").Str()
	if typ == "" {
		low := strings.ToLower(lit)
		for _, t := range []string{"jdk", "java", "maven", "mvn", "node", "gradle", "python", "ant", "go"} {
			if strings.Contains(low, t) {
				typ = map[string]string{"java": "jdk", "mvn": "maven", "node": "nodejs"}[t]
				if typ == "" {
					typ = t
				}
				break
			}
		}
	}
	if strings.HasPrefix(typ, "hudson.model.JDK") {
		typ = "jdk"
	}
	if typ == "" {
		// A name that says nothing of its type (MSBuild, sonar-scanner)
		// is no JDK either.
		return k.failf("the tool %s of an unknown type", lit)
	}
	if lookup(KindTool, typ) == nil || typ != "jdk" && toolCommands[typ] == "" {
		return k.failf("the tool %s of an unknown type", lit)
	}
	if k.sc.job.tools == nil {
		k.sc.job.tools = map[string]bool{}
	}
	if !k.sc.job.tools[lit] {
		k.sc.job.tools[lit] = true
		k.c.mapTool(k.sc.job, &pipeline.Tool{Type: typ, Name: pipeline.StringValue(lit, s.Range), Range: s.Range})
	}
	if typ == "jdk" {
		return val{word: `"${JAVA_HOME}"`}
	}
	return val{word: k.tmp(fmt.Sprintf(`"$(dirname "$(dirname "$(command -v %s)")")"`, toolCommands[typ]))}
}

// inline computes a call of a Jenkinsfile method whose body returns one
// expression, with its arguments bound to its parameters.
func (k *computation) inline(m *pipeline.Method, s *pipeline.Step) val {
	if !pureMethod(m) {
		return k.failf("the method %s does more than compute and return a value", m.Name)
	}
	last := len(m.Body) - 1
	locals := map[string]val{}
	for i, p := range m.Params {
		switch {
		case i < len(s.Args.Positional):
			locals[p] = k.value(s.Args.Positional[i])
		case i < len(m.Defaults) && m.Defaults[i].Kind != pipeline.Absent:
			locals[p] = k.value(m.Defaults[i])
		default:
			locals[p] = val{word: "''"}
		}
	}
	saved := k.locals
	k.locals = locals
	k.c.inlining[m.Name] = true
	for _, d := range m.Body[:last] {
		locals[d.Args.Get("name").Str()] = k.value(d.Args.Get("value"))
	}
	v := k.value(m.Body[last].Args.Get("value"))
	delete(k.c.inlining, m.Name)
	k.locals = saved
	if k.ok() {
		k.c.called[m.Name] = true
	}
	return v
}

// javaToERE translates the Java regular expressions Jenkinsfiles use into
// POSIX extended ones for [[ =~ ]], sed -E and awk. It fails on lookaround,
// lazy quantifiers, flags and word boundaries, which ERE lacks.
func javaToERE(re string) (string, bool) {
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

// computeEnv computes v in a run step that writes it to $GITHUB_ENV as
// name, for the steps after it in the job. It returns why bash cannot
// compute v, or "" once the step is in.
func (c *converter) computeEnv(sc *scope, name string, v pipeline.Value, src diag.Range) string {
	k := c.newComputation(sc)
	k.src = src
	r := k.value(v)
	var out, value string
	switch r.typ {
	case tList:
		out = fmt.Sprintf(`printf '%%s\n' "${%s[@]}"`, r.word)
		value = "$(" + out + ")"
	case tBool:
		out = fmt.Sprintf("if %s; then echo true; else echo false; fi", r.word)
		value = "$(" + out + ")"
	default:
		if r.typ == tJSON && !r.doc {
			r = val{word: k.str(r)}
		}
		out = "printf '%s\\n' " + r.word
		value = r.word
	}
	if !k.ok() {
		return k.why
	}
	run := k.run(fmt.Sprintf(`{ echo '%s<<J2A_EOF'; %s; echo 'J2A_EOF'; } >> "$GITHUB_ENV"`, name, out))
	st := &workflow.Step{Name: "Compute " + name, Run: run, Env: k.env, Generated: !k.script}
	if shellName.MatchString(name) && !otherVars[name] {
		sc.job.joinAssign(st, fmt.Sprintf("%s=%s; export %s", name, value, name))
	}
	c.emit(sc, st, src)
	c.varTypes[name] = r.typ
	return ""
}

// computeStep makes a step named name that computes v in bash and runs
// the command cmd makes of the word that holds it. It returns why bash
// cannot compute v instead when it cannot.
func (c *converter) computeStep(sc *scope, name string, v pipeline.Value, cmd func(word string) string) (*workflow.Step, string) {
	k := c.newComputation(sc)
	k.src = v.Range
	word := k.str(k.value(v))
	if !k.ok() {
		return nil, k.why
	}
	st := &workflow.Step{Name: name, Run: k.run(cmd(word)), Env: k.env, Generated: !k.script}
	if st.Generated {
		// It sets no variable but may end the computations before it.
		sc.job.joinAssign(st, "")
	}
	return st, ""
}

// computeTest computes a Groovy condition in a run step whose output
// value is true or false, and returns the step id. It returns why bash
// cannot compute the condition instead when it cannot.
func (c *converter) computeTest(sc *scope, v pipeline.Value, src diag.Range) (id, why string) {
	id = sc.job.stepID("condition")
	return id, c.emitTest(sc, id, v, src)
}

// emitTest adds the step id that tests v, or returns why bash cannot.
func (c *converter) emitTest(sc *scope, id string, v pipeline.Value, src diag.Range) string {
	k := c.newComputation(sc)
	k.src = src
	test := k.test(k.value(v))
	if !k.ok() {
		return k.why
	}
	run := k.run("value=false", "if "+test+"; then", "  value=true", "fi", `echo "value=$value" >> "$GITHUB_OUTPUT"`)
	c.emit(sc, &workflow.Step{ID: id, Name: "Test " + firstLine(v.Text), Run: run, Env: k.env, Generated: !k.script}, src)
	return ""
}

// computedRef computes an interpolated Groovy expression into the
// variable that refVar names for it, and reports whether it could.
func (c *converter) computedRef(sc *scope, r *pipeline.Ref, name string) bool {
	if r.Scope != pipeline.RefExpr || r.Expr == nil || sc.job == nil {
		return false
	}
	v := pipeline.Value{Kind: pipeline.String, Parts: []pipeline.Part{{Ref: r}}, Text: r.Text, Range: r.Range}
	return c.computeEnv(sc, name, v, r.Range) == ""
}

// global computes a variable the Jenkinsfile defines outside the pipeline
// block in the job of sc, the first time a step of the job reads it.
func (c *converter) global(sc *scope, name string) {
	v, ok := c.globals[name]
	if !ok || sc.job.computed[name] || c.reassigned[name] {
		// A job after an assignment reads the value it passed on.
		return
	}
	if sc.job.computed == nil {
		sc.job.computed = map[string]bool{}
	}
	sc.job.computed[name] = true
	// Later steps may run after a failure (post blocks): the value is
	// computed whatever happened before.
	gs := c.jobScope(sc.job)
	gs.cond = and("always()", gs.cond)
	c.computeEnv(gs, name, v.Args.Get("value"), v.Range)
}

// shellName is a name a bash variable can have and a script may set.
var shellName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
