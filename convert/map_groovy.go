package convert

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/bash"
	"github.com/jenkins2actions/jenkins2actions/compute"
	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
	"github.com/jenkins2actions/jenkins2actions/workflow"
	"github.com/jenkins2actions/jenkins2actions/workflow/condition"
)

// KindGroovy is the kind of the Groovy statements the converter translates.
const KindGroovy Kind = "groovy"

var (
	groovyCode            = &Construct{Kind: KindGroovy, Name: "code", Status: Manual, Summary: "Groovy statements no mapper reads: port what they do to a run step"}
	groovySyntax          = &Construct{Kind: KindGroovy, Name: "syntax", Status: Manual, Summary: "a statement that does not parse: a failing step at its place, with the parser's message; the statements around it are converted"}
	groovyPrintStackTrace = &Construct{Kind: KindGroovy, Name: "printStackTrace", Status: Converted, Summary: "nothing: the failed step's log shows the error"}
	groovyIf              = &Construct{Kind: KindGroovy, Name: "if", Status: Converted, Summary: "if: on the steps of each branch; a condition no expression can write is tested in a bash step whose output the branches read"}
	groovyTry             = &Construct{Kind: KindGroovy, Name: "try", Status: Approximated, Summary: "catch steps with if: failure(), finally steps with if: always()"}
	groovyFor             = &Construct{Kind: KindGroovy, Name: "for", Status: Converted, Summary: "the body repeated for each element of a literal list"}
	groovyDef             = &Construct{Kind: KindGroovy, Name: "def", Status: Converted, Summary: "an env entry for literals, a step output for sh(returnStdout: true), a bash step for computed values (string methods, ternaries, arithmetic, readJSON, methods that return a value)"}
	groovyEnv             = &Construct{Kind: KindGroovy, Name: "env", Status: Converted, Summary: "a step that appends to $GITHUB_ENV"}
	groovyResult          = &Construct{Kind: KindGroovy, Name: "result", Status: Approximated, Summary: "FAILURE fails the job, UNSTABLE becomes a warning"}
	groovyDescription     = &Construct{Kind: KindGroovy, Name: "description", Status: Approximated, Summary: "a line in the job summary"}
	groovyThrow           = &Construct{Kind: KindGroovy, Name: "throw", Status: Converted, Summary: "a failing step"}
	groovyMethod          = &Construct{Kind: KindGroovy, Name: "method", Status: Approximated, Summary: "the method's steps inlined, its arguments as env"}
	groovyAppend          = &Construct{Kind: KindGroovy, Name: "append", Status: Converted, Summary: "items of a list of job properties, read where properties() uses the list"}
	groovyDeclare         = &Construct{Kind: KindGroovy, Name: "declare", Status: Converted, Summary: "nothing: declarations without a value and imports only matter to Groovy"}
	groovyBranch          = &Construct{Kind: KindGroovy, Name: "branch", Status: Approximated, Summary: "a closure stored for parallel(map) runs where it is stored, in the job's order"}
	groovyReturn          = &Construct{Kind: KindGroovy, Name: "return", Status: Approximated, Summary: "the closure a method returns runs; a returned value is computed into the variable the call assigns"}
)

func init() {
	groovyIf.step = mapIf
	groovyTry.step = mapTry
	groovyFor.step = mapFor
	groovyEnv.step = mapEnvAssign
	groovyResult.step = mapResult
	groovyDescription.step = mapDescription
	groovyThrow.step = mapThrow
	groovyMethod.step = mapMethod
	groovyAppend.step = mapAppend
	groovyDeclare.step = mapDeclare
	groovyBranch.step = mapBranch
	groovyReturn.step = mapReturn
}

// stmtConstruct is the construct of a Groovy statement.
func stmtConstruct(st pipeline.Stmt) *Construct {
	switch st.(type) {
	case *pipeline.If:
		return groovyIf
	case *pipeline.Try:
		return groovyTry
	case *pipeline.For:
		return groovyFor
	case *pipeline.Def:
		return groovyDef
	case *pipeline.EnvSet:
		return groovyEnv
	case *pipeline.SetResult:
		return groovyResult
	case *pipeline.SetDescription:
		return groovyDescription
	case *pipeline.Throw:
		return groovyThrow
	case *pipeline.Return:
		return groovyReturn
	case *pipeline.Append:
		return groovyAppend
	case *pipeline.Declare:
		return groovyDeclare
	case *pipeline.Branch:
		return groovyBranch
	case *pipeline.MethodCall:
		return groovyMethod
	case *pipeline.SyntaxError:
		return groovySyntax
	}
	return groovyCode
}

// stepConstruct is the construct of a step or statement, for reports of
// what the converter leaves to a person.
func stepConstruct(s *pipeline.Step) *Construct {
	if s.Stmt != nil {
		return stmtConstruct(s.Stmt)
	}
	return constructFor(KindStep, s.Name)
}

// unconvertedBranch reports the scripts of Groovy the converter leaves to a
// person, without running them unconditionally.
func (c *converter) unconvertedBranch(steps []*pipeline.Step, why string) {
	for _, s := range steps {
		if pipeline.IsScriptStep(s.Name) {
			c.manual(constructFor(KindStep, s.Name), s.Range, s.Text, "%s", why)
		}
		for _, v := range s.Values() {
			c.valueShells(v, why)
		}
		for _, block := range s.Blocks() {
			c.unconvertedBranch(block, why)
		}
	}
}

// valueShells reports the script steps called inside a value, such as
// def x = sh(script: ..., returnStdout: true).split() that the converter
// could not translate.
func (c *converter) valueShells(v pipeline.Value, why string) {
	switch v.Kind {
	case pipeline.Closure:
		// def x = { ... }: the closure's scripts, wherever it runs.
		c.unconvertedBranch(v.Steps, why)
	case pipeline.Call:
		if pipeline.IsScriptStep(v.Call.Name) {
			c.manual(constructFor(KindStep, v.Call.Name), v.Range, v.Text, "%s", why)
			return
		}
		for _, n := range v.Call.Args.Named {
			c.valueShells(n.Value, why)
		}
		for _, p := range v.Call.Args.Positional {
			c.valueShells(p, why)
		}
	case pipeline.List:
		for _, e := range v.List {
			c.valueShells(e, why)
		}
	case pipeline.Map:
		for _, n := range v.Map {
			c.valueShells(n.Value, why)
		}
	}
}

// condVars lists the variables a reduced condition reads.
func condVars(b *pipeline.Cond) []*pipeline.Ref {
	if b == nil {
		return nil
	}
	out := slices.Concat(condVars(b.X), condVars(b.Y))
	if b.Ref != nil {
		out = append(out, b.Ref)
	}
	return out
}

func mapIf(c *converter, sc *scope, s *pipeline.Step) {
	st := s.Stmt.(*pipeline.If)
	known := st.Cond != nil && !slices.ContainsFunc(condVars(st.Cond), func(r *pipeline.Ref) bool {
		return r.Scope == pipeline.RefVar && !c.knownVar(sc, r.Name)
	})
	// yes and no are the conditions of the two branches.
	var yes, no condition.Expr
	if known {
		yes = c.boolExpr(st.Cond)
		no = condition.Not(yes)
		c.record(groovyIf, Converted, s.Range, "")
	} else {
		id, why := c.computeTest(sc, st.Test, s.Range)
		if why != "" {
			c.manual(groovyIf, s.Range, firstLine(s.Text), "condition %s is Groovy: %s (write it as an if: expression on the steps of each branch)", st.Test.Text, why)
			c.unconvertedBranch(st.Then, "inside an if whose condition was not converted")
			c.unconvertedBranch(st.Else, "inside an else whose condition was not converted")
			return
		}
		yes = condition.Of(fmt.Sprintf("steps.%s.outputs.value == 'true'", id))
		no = condition.Of(fmt.Sprintf("steps.%s.outputs.value == 'false'", id))
		c.record(groovyIf, Approximated, s.Range, "the condition is tested in bash by the step %q: check the translation", id)
	}
	then := sc.child()
	then.cond = condition.And(sc.cond, yes)
	c.steps(then, st.Then)
	if len(st.Else) > 0 {
		other := sc.child()
		other.cond = condition.And(sc.cond, no)
		c.steps(other, st.Else)
	}
}

// mapTry runs the body until a step fails, as Groovy does. With a catch
// the failure is caught: a flag skips the rest of the body, the catch
// steps run on it and the job goes on. finally steps always run.
func mapTry(c *converter, sc *scope, s *pipeline.Step) {
	st := s.Stmt.(*pipeline.Try)
	body := sc.child()
	var flag string
	if len(st.Catches) > 0 {
		c.caughtBlocks++
		flag = fmt.Sprintf("J2A_CAUGHT_%d", c.caughtBlocks)
		body.caught = &caught{result: "SUCCESS", flag: flag, scriptsOnly: true}
		body.cond = condition.And(sc.cond, condition.Of(fmt.Sprintf("env.%s != 'true'", flag)))
	}
	c.record(groovyTry, Approximated, s.Range, "a failing script in the body skips the rest of the body and runs the catch steps, and the job goes on; finally steps always run; steps that are not scripts (actions) are not caught")
	c.steps(body, st.Body)
	for _, steps := range st.Catches {
		inner := sc.child()
		inner.cond = condition.And(sc.cond, condition.Of(fmt.Sprintf("env.%s == 'true'", flag)))
		inner.inCatch = true
		c.steps(inner, steps)
	}
	if st.Finally != nil {
		inner := sc.child()
		inner.cond = condition.And(condition.Always, sc.cond)
		c.steps(inner, st.Finally)
	}
}

func mapFor(c *converter, sc *scope, s *pipeline.Step) {
	st := s.Stmt.(*pipeline.For)
	name := st.Var
	list := st.In
	if r := list.Ref(); r != nil {
		list = sc.lists[r.Name]
	}
	if list.Kind == pipeline.Map && st.ValueVar != "" {
		c.mapEach(sc, s, st, list)
		return
	}
	if list.Kind != pipeline.List || !allPlain(list.List) {
		c.computedLoop(s, st)
		return
	}
	c.record(groovyFor, Converted, s.Range, "the body is repeated for each of the %d values", len(list.List))
	for _, v := range list.List {
		inner := sc.child()
		inner.env = setKV(inner.env, workflow.KV{Key: name, Value: c.exprValue(v, sc.env)})
		inner.vars = append(inner.vars, name)
		inner.locals = append(inner.locals, name)
		c.steps(inner, st.Body)
	}
}

// define handles `def name = value` and returns the scope the following
// statements see.
func (c *converter) define(sc *scope, s *pipeline.Step) *scope {
	d := s.Stmt.(*pipeline.Def)
	name, v := d.Name, d.Value
	if (c.topLevel[name] || c.p.Bound[name] > 1) && v.Kind != pipeline.Absent && v.Kind != pipeline.List && v.Kind != pipeline.Map && !credentialValue(v) {
		// A variable given a value in several places lives in
		// $GITHUB_ENV: an assignment in a block changes it for the
		// steps after the block, and for later jobs.
		return c.assignGlobal(sc, s, name, v)
	}
	inner := sc.child()
	switch {
	case v.Kind == pipeline.Call && pipeline.IsScriptStep(v.Call.Name) && v.Call.Name != "bat" && (v.Call.Args.Get("returnStdout").Truthy() || v.Call.Args.Get("returnStatus").Truthy()):
		expr, ok := c.outputStep(sc, name, v.Call)
		if !ok {
			c.manual(groovyDef, s.Range, s.Text, "the script is computed by Groovy")
			return sc
		}
		inner.env = setKV(inner.env, workflow.KV{Key: name, Value: expr})
		inner.locals = append(inner.locals, name)
		c.record(groovyDef, Converted, s.Range, "the script's output becomes a step output, read through env")
	case v.Kind == pipeline.Call && credentialBinding(v) != nil:
		inner.bindings = withVar(sc.bindings, name, v)
		c.record(groovyDef, Converted, s.Range, "a credential binding, used where withCredentials names it")
		return inner
	case v.Kind == pipeline.List && allPlain(v.List):
		inner.lists = withVar(sc.lists, name, v)
		c.record(groovyDef, Converted, s.Range, "a literal list, unrolled where a loop uses it")
		return inner
	case v.Kind == pipeline.Map && allPlain(mapValues(v.Map)):
		// Unrolled where a loop uses it, computed as JSON for the rest.
		inner.lists = withVar(sc.lists, name, v)
		if !c.computeAssign(inner, groovyDef, name, v, s,
			fmt.Sprintf("a literal map, unrolled where a loop uses it and computed in bash by the step \"Compute %s\"", name),
			"compute it in a step and pass it on through env or outputs") {
			return sc
		}
	case v.Kind == pipeline.List && c.propertyLists[name]:
		c.record(groovyDef, Converted, s.Range, "a list of job properties, converted where properties() reads it")
		return sc
	case (v.Kind == pipeline.Map || v.Kind == pipeline.List) && len(v.Map) == 0 && len(v.List) == 0:
		c.record(groovyDef, Converted, s.Range, "an empty collection: the statements that fill it are reported on their own")
		return sc
	case (v.Kind == pipeline.String || v.IsLiteral()) && c.resolves(sc, v) && c.p.Bound[name] < 2:
		inner.env = setKV(inner.env, workflow.KV{Key: name, Value: c.exprValue(v, sc.env)})
		inner.locals = append(inner.locals, name)
		if v.Kind == pipeline.Number {
			c.varTypes[name] = compute.Number
		}
		c.record(groovyDef, Converted, s.Range, "")
	case c.assignFromMethod(sc, name, v):
		c.record(groovyDef, Approximated, s.Range, "the steps of the method %s are inlined here and its return value is computed into %s: check the translation", v.Call.Name, name)
	default:
		if !c.computeAssign(sc, groovyDef, name, v, s,
			fmt.Sprintf("computed in bash by the step \"Compute %s\" and passed on through $GITHUB_ENV: check the translation", name),
			"compute it in a step and pass it on through env or outputs") {
			return sc
		}
		// A name computed before may have been bound to an older value.
		inner.env = withoutKV(inner.env, name)
	}
	inner.vars = append(inner.vars, name)
	return inner
}

// resolves reports whether every reference in a string value is one the
// workflow provides as it is.
func (c *converter) resolves(sc *scope, v pipeline.Value) bool {
	for _, p := range v.Parts {
		if p.Ref == nil {
			continue
		}
		if _, ok := c.refVar(sc, p.Ref); !ok {
			return false
		}
	}
	return true
}

// computeAssign computes v into name for the assignment s, recorded as
// construct: approximated with note when bash computes it; manual, with
// the scripts the value would have run, and hint when not. It reports
// whether bash computes it.
func (c *converter) computeAssign(sc *scope, construct *Construct, name string, v pipeline.Value, s *pipeline.Step, note, hint string) bool {
	if why := c.computeEnv(sc, name, v, s.Range); why != "" {
		c.manual(construct, s.Range, s.Text, "a value computed by Groovy: %s (%s)", why, hint)
		c.valueShells(v, "a script whose output Groovy processes further")
		c.unconvertedBranch(shells(s), "a script whose output Groovy processes further")
		return false
	}
	c.record(construct, Approximated, s.Range, "%s", note)
	c.computedShells(shells(s))
	return true
}

// computedShells records the scripts a computed value runs.
func (c *converter) computedShells(steps []*pipeline.Step) {
	for _, s := range steps {
		c.record(constructFor(KindStep, s.Name), Converted, s.Range, "its output is computed in bash")
	}
}

// withVar returns a copy of a scope's variables with name bound to v: the
// binding is seen by the statements after it, not by the enclosing scope.
func withVar(vars map[string]pipeline.Value, name string, v pipeline.Value) map[string]pipeline.Value {
	out := maps.Clone(vars)
	if out == nil {
		out = map[string]pipeline.Value{}
	}
	out[name] = v
	return out
}

// outputStep runs a returnStdout or returnStatus script in a step of its
// own and returns the expression of its result.
func (c *converter) outputStep(sc *scope, name string, call *pipeline.Step) (string, bool) {
	return c.captureStep(sc, name, call, false)
}

// captureStep is outputStep; toEnv puts the result in $GITHUB_ENV as name,
// for the rest of the job, instead of a step output.
func (c *converter) captureStep(sc *scope, name string, call *pipeline.Step, toEnv bool) (string, bool) {
	v := call.Args.First("script")
	if v.Kind != pipeline.String {
		return "", false
	}
	script, _ := c.script(sc, v)
	script = strings.TrimRight(dedent(script), "\n")
	id := sc.job.stepID(name)
	out := `printf 'value<<J2A_EOF\n%s\nJ2A_EOF\n' "$value" >> "$GITHUB_OUTPUT"`
	if toEnv {
		id = ""
		out = fmt.Sprintf(`printf '%s<<J2A_EOF\n%%s\nJ2A_EOF\n' "$value" >> "$GITHUB_ENV"`, name)
	}
	var run string
	if call.Args.Get("returnStatus").Truthy() {
		run = fmt.Sprintf("set +e\n(\n%s\n)\nvalue=$?\nset -e\n%s\n", script, out)
	} else {
		// The output as Jenkins returns it, trailing newlines too: $(...)
		// would drop them, so a last character is added and taken off.
		// The script stops at its first failing command, as sh -e does.
		trim := "value=${value%x}"
		if call.Trimmed {
			trim += "; value=${value#\"${value%%[![:space:]]*}\"}; value=${value%\"${value##*[![:space:]]}\"}"
		}
		run = fmt.Sprintf("value=$(set -e\n%s\nprintf x); %s\n%s\n", script, trim, out)
	}
	run = withDirective(c.directive(script, call.Range), run)
	c.emit(sc, &workflow.Step{ID: id, Name: "Compute " + name, Run: run}, call.Range)
	if toEnv {
		c.record(constructFor(KindStep, call.Name), Converted, call.Range, "its output goes to $GITHUB_ENV")
		return "${{ env." + name + " }}", true
	}
	c.record(constructFor(KindStep, call.Name), Converted, call.Range, "its output is a step output")
	return fmt.Sprintf("${{ steps.%s.outputs.value }}", id), true
}

// stepID returns a step id unique within the job.
func (j *jobBuilder) stepID(base string) string {
	id := slug(base, "-")
	if id == "" || id[0] >= '0' && id[0] <= '9' {
		id = "v-" + id
	}
	for i := 2; slices.ContainsFunc(j.job.Steps, func(s *workflow.Step) bool { return s.ID == id }); i++ {
		id = fmt.Sprintf("%s-%d", slug(base, "-"), i)
	}
	return id
}

func mapEnvAssign(c *converter, sc *scope, s *pipeline.Step) {
	e := s.Stmt.(*pipeline.EnvSet)
	name, v := e.Name, e.Value
	if c.declaredEnv(sc, name) {
		// The environment directive applies its values with withEnv,
		// which wins over env.X = for the steps inside it.
		c.record(groovyEnv, Converted, s.Range, "no effect: %s is set by an environment directive, whose value wins, as on Jenkins", name)
		return
	}
	c.setEnv[name] = true
	sc.job.export(name)
	if v.Kind == pipeline.Call && v.Call.Name == "sh" && v.Call.Args.Get("returnStdout").Truthy() {
		if _, ok := c.captureStep(sc, name, v.Call, true); ok {
			c.record(groovyEnv, Converted, s.Range, "")
			return
		}
	}
	if c.assignFromMethod(sc, name, v) {
		c.record(groovyEnv, Approximated, s.Range, "the steps of the method %s are inlined here and its return value is computed into %s: check the translation", v.Call.Name, name)
		return
	}
	if v.Kind != pipeline.String && !v.IsLiteral() || !c.resolves(sc, v) {
		c.computeAssign(sc, groovyEnv, name, v, s,
			fmt.Sprintf("computed in bash by the step \"Compute %s\": check the translation", name),
			"compute it in a step that appends to $GITHUB_ENV")
		return
	}
	word, unresolved := c.shellWord(sc, pipeline.Value{Kind: pipeline.String, Parts: append([]pipeline.Part{{Lit: name + "="}}, v.Parts...)})
	if v.Kind != pipeline.String {
		word = bash.Word(name + "=" + v.Str())
	}
	run := "echo " + word + ` >> "$GITHUB_ENV"`
	st := &workflow.Step{Name: "Set " + name, Run: withDirective(c.directive(run, s.Range), run)}
	if st.Run == run && len(unresolved) == 0 && shellName.MatchString(name) && !otherVars[name] {
		// A computation like the others: it may share their step.
		st.Name, st.Generated = "Compute "+name, true
		sc.job.joinAssign(st, "export "+word)
	}
	c.emit(sc, st, s.Range)
	c.recordScript(groovyEnv, s, unresolved)
}

func mapResult(c *converter, sc *scope, s *pipeline.Step) {
	value := s.Stmt.(*pipeline.SetResult).Value
	v, ok := valueText(value)
	switch {
	case !ok:
		// The result is known when the step runs: the step decides.
		st, why := c.computeStep(sc, "Mark the build", value, func(word string) string {
			return fmt.Sprintf(`result=%s
case $result in
  FAILURE|ABORTED|NOT_BUILT) echo "::error::the build is marked $result"; echo "J2A_CAUGHT_FAILURE=true" >> "$GITHUB_ENV" ;;
  UNSTABLE) echo "::warning::the build is marked UNSTABLE"; echo "J2A_UNSTABLE=true" >> "$GITHUB_ENV" ;;
esac`, word)
		})
		if why != "" {
			c.manual(groovyResult, s.Range, s.Text, "result computed by Groovy: %s (fail the job with exit 1 where it should fail)", why)
			return
		}
		c.emit(sc, st, s.Range)
		sc.job.caughtFailure = true
		sc.job.export(unstableVar)
		c.record(groovyResult, Approximated, s.Range, "a step computes the result: FAILURE fails the job at its end, UNSTABLE is a warning the post conditions read")
	case v == "FAILURE" || v == "ABORTED" || v == "NOT_BUILT":
		c.markResult(sc, "FAILURE", "the build is marked "+v, s.Range)
		c.record(groovyResult, Approximated, s.Range, "the steps after it run and the job fails at its end, as Jenkins finished the build marked %s", v)
	case v == "UNSTABLE":
		c.markResult(sc, "UNSTABLE", "the build is marked UNSTABLE", s.Range)
		c.record(groovyResult, Approximated, s.Range, "GitHub has no unstable state: a warning annotation stands for it, and the post conditions read it")
	default:
		c.record(groovyResult, Converted, s.Range, "setting %s changes nothing on GitHub", v)
	}
}

func mapMethod(c *converter, sc *scope, s *pipeline.Step) {
	name := s.Stmt.(*pipeline.MethodCall).Name
	m := c.p.Methods[name]
	if m == nil || c.inlining[name] {
		c.manual(groovyMethod, s.Range, s.Text, "call of the method %q, which calls itself: port it by hand", name)
		return
	}
	c.called[name] = true
	inner := c.bindArgs(sc, m, s.Args.Positional)
	inner.unit = &returnUnit{}
	c.record(groovyMethod, Approximated, s.Range, "the steps of %s (line %d) are inlined here, its arguments passed as env", name, m.Range.Start.Line)
	// A closure passed to the method runs where the method calls its
	// last parameter (body() or body.call()); if it never does, after the
	// method's steps.
	used := false
	if len(s.Body) > 0 && len(m.Params) > 0 {
		inner.closure = &closureArg{name: m.Params[len(m.Params)-1], steps: s.Body, scope: sc, used: &used}
	}
	c.inlining[name] = true
	c.steps(inner, m.Body)
	delete(c.inlining, name)
	if len(s.Body) > 0 && !used {
		c.steps(sc, s.Body)
	}
}

// bindArgs returns the scope of an inlined method's body: its parameters
// bound to the call's arguments, as env entries or, for computed
// arguments, by steps that compute them.
func (c *converter) bindArgs(sc *scope, m *pipeline.Method, args []pipeline.Value) *scope {
	inner := sc.child()
	inner.returnTo = ""
	for i, p := range m.Params {
		if i >= len(args) {
			break
		}
		a := args[i]
		switch {
		case a.IsLiteral() || a.Kind == pipeline.String && c.resolves(sc, a):
			inner.env = setKV(inner.env, workflow.KV{Key: p, Value: c.exprValue(a, sc.env)})
			inner.locals = append(inner.locals, p)
		case c.computeEnv(sc, p, a, a.Range) == "":
			inner.env = withoutKV(inner.env, p)
		default:
			continue
		}
		inner.vars = append(inner.vars, p)
	}
	return inner
}

// assignFromMethod inlines the steps of a Jenkinsfile method whose value
// is assigned to name; its return statements compute name. It reports
// whether v is such a call.
func (c *converter) assignFromMethod(sc *scope, name string, v pipeline.Value) bool {
	if v.Kind != pipeline.Call {
		return false
	}
	m := c.p.Methods[v.Call.Name]
	if m == nil || c.inlining[m.Name] || compute.Pure(m) || !returnsValue(m.Body) {
		return false
	}
	c.called[m.Name] = true
	inner := c.bindArgs(sc, m, v.Call.Args.Positional)
	inner.returnTo = name
	c.inlining[m.Name] = true
	c.steps(inner, m.Body)
	delete(c.inlining, m.Name)
	c.setEnv[name] = true
	sc.job.export(name)
	return true
}

// returnsValue reports whether a method body returns a value somewhere.
func returnsValue(steps []*pipeline.Step) bool {
	for _, s := range steps {
		if r, ok := s.Stmt.(*pipeline.Return); ok && r.Value.Kind != pipeline.Absent {
			return true
		}
		if slices.ContainsFunc(s.Blocks(), returnsValue) {
			return true
		}
		for _, n := range s.Args.Named {
			if n.Value.Kind == pipeline.Closure && returnsValue(n.Value.Steps) {
				return true
			}
		}
	}
	return false
}

func mapDeclare(c *converter, sc *scope, s *pipeline.Step) {
	c.record(groovyDeclare, Converted, s.Range, "nothing to run")
}

func mapBranch(c *converter, sc *scope, s *pipeline.Step) {
	br := s.Stmt.(*pipeline.Branch)
	c.branchMaps[br.Map] = true
	c.record(groovyBranch, Approximated, s.Range, "the branch of parallel(%s) runs here, one after the other with the others in this job; split them into jobs to run them at the same time", br.Map)
	c.steps(sc.child(), br.Body)
}

func mapReturn(c *converter, sc *scope, s *pipeline.Step) {
	v := s.Stmt.(*pipeline.Return).Value
	switch {
	case sc.closure != nil && closureCall(v, sc.closure.name):
		c.step(sc, &pipeline.Step{Name: sc.closure.name, Text: s.Text, Range: s.Range})
		c.record(groovyReturn, Converted, s.Range, "the closure passed to the method runs here")
	case sc.returnTo != "" && v.Kind != pipeline.Absent:
		if why := c.computeEnv(sc, sc.returnTo, v, s.Range); why != "" {
			c.manual(groovyReturn, s.Range, s.Text, "the returned value is Groovy: %s (compute it in a step)", why)
			return
		}
		c.computedShells(shells(s))
		c.record(groovyReturn, Approximated, s.Range, "the returned value is computed into %s: check the translation", sc.returnTo)
	case len(c.inlining) > 0 && v.Kind == pipeline.Absent:
		c.record(groovyReturn, Approximated, s.Range, "the end of the inlined method; inside a condition, the method's later steps still run: guard them with the same condition")
	case sc.unit != nil && v.Kind == pipeline.Absent:
		// The later steps of the block test a flag the return sets.
		c.returns++
		flag := fmt.Sprintf("J2A_RETURNED_%d", c.returns)
		c.emit(sc, &workflow.Step{Name: "Return", Run: fmt.Sprintf("echo \"%s=true\" >> \"$GITHUB_ENV\"", flag)}, s.Range)
		sc.unit.guard = condition.And(sc.unit.guard, condition.Of(fmt.Sprintf("env.%s != 'true'", flag)))
		c.record(groovyReturn, Approximated, s.Range, "the return sets %s, and the block's later steps in this job run only when it is not set", flag)
	default:
		c.manual(groovyReturn, s.Range, s.Text, "return ends the build or the method here: end the job or guard the later steps with a condition")
	}
}

// closureCall reports whether v calls the closure parameter name: name()
// or name.call().
func closureCall(v pipeline.Value, name string) bool {
	if v.Kind == pipeline.Call {
		return v.Call.Name == name
	}
	e := v.Expr
	return v.Kind == pipeline.ExprValue && e != nil && e.Op == pipeline.OpCall && e.Name == "call" && e.X.Ref() != nil && e.X.Ref().Name == name
}

// closureArg is a closure passed to an inlined method.
type closureArg struct {
	name  string
	steps []*pipeline.Step
	// scope is the caller's: the closure sees the caller's variables.
	scope *scope
	used  *bool
}

// uncalledMethods reports the scripts of methods no step calls: nothing
// converted runs them.
func (c *converter) uncalledMethods() {
	for _, name := range slices.Sorted(maps.Keys(c.p.Methods)) {
		if !c.called[name] {
			c.unconvertedBranch(c.p.Methods[name].Body, fmt.Sprintf("in the method %s, which no converted step calls", name))
		}
	}
}

func mapDescription(c *converter, sc *scope, s *pipeline.Step) {
	d := s.Stmt.(*pipeline.SetDescription)
	v := d.Value
	if v.Kind != pipeline.String {
		c.manual(groovyDescription, s.Range, s.Text, "a value computed by Groovy: write it to $GITHUB_STEP_SUMMARY in a step")
		return
	}
	unresolved := c.echo(sc, "Describe the run", v, ` >> "$GITHUB_STEP_SUMMARY"`, s.Range)
	if len(unresolved) > 0 {
		c.recordScript(groovyDescription, s, unresolved)
		return
	}
	c.record(groovyDescription, Approximated, s.Range, "the build %s becomes a line of the job summary", d.Field)
}

func mapThrow(c *converter, sc *scope, s *pipeline.Step) {
	c.emit(sc, &workflow.Step{Name: "Fail", Run: "echo '::error::the pipeline raised an error here'\nexit 1"}, s.Range)
	c.record(groovyThrow, Converted, s.Range, "")
}

// unstableVar and failedVar hold the build result Jenkins would have set
// without stopping the build: UNSTABLE, and FAILURE from catchError or
// currentBuild.result. Post conditions read them; a job with failedVar set
// fails at its end.
const (
	unstableVar = "J2A_UNSTABLE"
	failedVar   = "J2A_CAUGHT_FAILURE"
)

// markResult adds a step that sets the build result (FAILURE or UNSTABLE)
// for the rest of the build, with an annotation saying why.
func (c *converter) markResult(sc *scope, result, why string, src diag.Range) {
	kind, v := "warning", unstableVar
	if result == "FAILURE" {
		kind, v = "error", failedVar
		sc.job.caughtFailure = true
	}
	sc.job.export(v)
	run := fmt.Sprintf("echo %s\necho \"%s=true\" >> \"$GITHUB_ENV\"", bash.Word("::"+kind+"::"+why), v)
	c.emit(sc, &workflow.Step{Name: "Mark the build " + strings.ToLower(result), Run: run}, src)
}

// declaredEnv reports whether an environment directive around the scope
// sets name: the pipeline's, or a stage's that reached the job or scope.
func (c *converter) declaredEnv(sc *scope, name string) bool {
	is := func(kv workflow.KV) bool { return kv.Key == name }
	return slices.ContainsFunc(c.p.Environment, func(e *pipeline.EnvVar) bool { return e.Name == name }) ||
		slices.ContainsFunc(sc.env, is) || slices.ContainsFunc(sc.job.stageEnv, is)
}

// mapEach unrolls map.each { key, value -> } over a literal map, in the
// map's order, as Groovy's LinkedHashMap keeps it.
func (c *converter) mapEach(sc *scope, s *pipeline.Step, st *pipeline.For, m pipeline.Value) {
	key, value := st.Var, st.ValueVar
	if !allPlain(mapValues(m.Map)) {
		c.computedLoop(s, st)
		return
	}
	c.record(groovyFor, Converted, s.Range, "the body is repeated for each of the %d entries", len(m.Map))
	for _, n := range m.Map {
		inner := sc.child()
		inner.env = setKV(inner.env, workflow.KV{Key: key, Value: workflow.Literal(n.Name)})
		inner.env = setKV(inner.env, workflow.KV{Key: value, Value: c.exprValue(n.Value, sc.env)})
		inner.vars = append(inner.vars, key, value)
		inner.locals = append(inner.locals, key, value)
		c.steps(inner, st.Body)
	}
}

// computedLoop reports a loop over values Groovy computes, and the
// scripts in its body.
func (c *converter) computedLoop(s *pipeline.Step, st *pipeline.For) {
	c.manual(groovyFor, s.Range, firstLine(s.Text), "loop over values computed by Groovy: repeat the steps or use a matrix")
	c.unconvertedBranch(st.Body, "inside a loop that was not converted")
}

// allPlain reports whether the values are literals or strings, which
// steps can use as they are.
func allPlain(vs []pipeline.Value) bool {
	return !slices.ContainsFunc(vs, func(v pipeline.Value) bool { return v.Kind != pipeline.String && !v.IsLiteral() })
}

func mapValues(m []pipeline.Named) []pipeline.Value {
	out := make([]pipeline.Value, len(m))
	for i, n := range m {
		out[i] = n.Value
	}
	return out
}

// assignGlobal assigns a variable defined before the pipeline: a variable
// of the whole script, whose new value the later stages read wherever they
// run. The value goes to $GITHUB_ENV and on to later jobs; they no longer
// compute the first definition.
func (c *converter) assignGlobal(sc *scope, s *pipeline.Step, name string, v pipeline.Value) *scope {
	ok := false
	if v.Kind == pipeline.Call && pipeline.IsScriptStep(v.Call.Name) && v.Call.Name != "bat" && (v.Call.Args.Get("returnStdout").Truthy() || v.Call.Args.Get("returnStatus").Truthy()) {
		if _, ok = c.captureStep(sc, name, v.Call, true); ok {
			c.record(groovyDef, Converted, s.Range, "a variable of the script: its new value goes to $GITHUB_ENV and on to later jobs")
		}
	} else {
		ok = c.computeAssign(sc, groovyDef, name, v, s,
			fmt.Sprintf("a variable of the script, computed in bash by the step \"Compute %s\" and passed on to later jobs: check the translation", name),
			"compute it in a step and pass it on through env or outputs")
	}
	if !ok {
		return sc
	}
	c.setEnv[name] = true
	c.reassigned[name] = true
	sc.job.export(name)
	inner := sc.child()
	inner.env = withoutKV(inner.env, name)
	inner.vars = append(inner.vars, name)
	return inner
}

// credentialValue reports whether v is a credential binding, which steps
// use through withCredentials rather than as a value.
func credentialValue(v pipeline.Value) bool {
	return v.Kind == pipeline.Call && credentialBinding(v) != nil
}
