package convert

import (
	"fmt"
	"slices"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/bash"
	"github.com/jenkins2actions/jenkins2actions/compute"
	"github.com/jenkins2actions/jenkins2actions/pattern"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
	"github.com/jenkins2actions/jenkins2actions/workflow"
	"github.com/jenkins2actions/jenkins2actions/workflow/condition"
)

var (
	whenBranch        = &Construct{Kind: KindCondition, Name: "branch", Status: Converted, Summary: "github.ref_name comparisons (globs with one * become startsWith/endsWith)"}
	whenTag           = &Construct{Kind: KindCondition, Name: "tag", Status: Converted, Summary: "github.ref_type == 'tag' and a name comparison"}
	whenBuildingTag   = &Construct{Kind: KindCondition, Name: "buildingTag", Status: Converted, Summary: "github.ref_type == 'tag'"}
	whenChangeRequest = &Construct{Kind: KindCondition, Name: "changeRequest", Status: Converted, Summary: "github.event_name == 'pull_request'"}
	whenEnvironment   = &Construct{Kind: KindCondition, Name: "environment", Status: Converted, Summary: "a comparison of the variable's value"}
	whenExpression    = &Construct{Kind: KindCondition, Name: "expression", Status: Approximated, Summary: "comparisons of env and params become expressions; other Groovy is manual"}
	whenNot           = &Construct{Kind: KindCondition, Name: "not", Status: Converted, Summary: "!(...)"}
	whenAnyOf         = &Construct{Kind: KindCondition, Name: "anyOf", Status: Converted, Summary: "... || ..."}
	whenAllOf         = &Construct{Kind: KindCondition, Name: "allOf", Status: Converted, Summary: "... && ..."}
	whenTriggeredBy   = &Construct{Kind: KindCondition, Name: "triggeredBy", Status: Approximated, Summary: "github.event_name for timer, user and SCM causes"}
	whenEquals        = &Construct{Kind: KindCondition, Name: "equals", Status: Converted, Summary: "a comparison"}
	whenChangeset     = &Construct{Kind: KindCondition, Name: "changeset", Status: Approximated, Summary: "a step at the start of the job tests the changed files (git diff against the commit before the push or the pull request's base)"}
	whenChangelog     = &Construct{Kind: KindCondition, Name: "changelog", Status: Manual, Summary: "commit messages: test github.event.head_commit.message in a step"}
)

func init() {
	whenBranch.condition = condBranch
	whenTag.condition = condTag
	whenBuildingTag.condition = condBuildingTag
	whenChangeRequest.condition = condChangeRequest
	whenEnvironment.condition = condEnvironment
	whenExpression.condition = condExpression
	whenNot.condition = condNot
	whenAnyOf.condition = condAnyOf
	whenAllOf.condition = condAllOf
	whenTriggeredBy.condition = condTriggeredBy
	whenEquals.condition = condEquals
	whenChangeset.condition = condChangeset
	whenChangelog.condition = condChangelog
}

// when converts a stage's when block into a GitHub expression; what cannot
// be translated is reported and left out of the expression (the stage then
// runs more often, never less).
func (c *converter) when(w *pipeline.When) condition.Expr {
	if e, ok := c.whens[w]; ok {
		return e
	}
	c.curWhen = w
	defer func() { c.curWhen = nil }()
	var parts []condition.Expr
	for _, cond := range w.Conditions {
		parts = append(parts, c.condition(cond))
	}
	if w.BeforeAgent || w.BeforeInput || w.BeforeOptions {
		c.record(directiveBeforeAgent, Converted, w.Range, "GitHub evaluates job conditions before it starts a runner")
	}
	e := condition.And(parts...)
	if slices.ContainsFunc(parts, condition.IsFalse) {
		e = condition.False
	}
	c.whens[w] = e
	return e
}

func (c *converter) condition(cond *pipeline.Condition) condition.Expr {
	k := lookup(KindCondition, cond.Kind)
	if k == nil {
		c.manual(constructFor(KindCondition, cond.Kind), cond.Range, "", "unknown when condition %q: write the job's if by hand", cond.Kind)
		return nil
	}
	expr, status, note := k.condition(c, cond)
	if status == Manual {
		c.manual(constructFor(KindCondition, cond.Kind), cond.Range, cond.Expr.Text, "%s", note)
		return nil
	}
	c.record(constructFor(KindCondition, cond.Kind), status, cond.Range, "%s", note)
	return expr
}

// globMatch translates a Jenkins glob on a context value into an expression.
func globMatch(ctx, pattern string) (string, bool) {
	switch n := strings.Count(pattern, "*"); {
	case strings.ContainsAny(pattern, "?["):
		return "", false
	case n == 0:
		return fmt.Sprintf("%s == %s", ctx, exprString(pattern)), true
	case n == 1 && strings.HasSuffix(pattern, "*"):
		return fmt.Sprintf("startsWith(%s, %s)", ctx, exprString(strings.TrimSuffix(pattern, "*"))), true
	case n == 1 && strings.HasPrefix(pattern, "*"):
		return fmt.Sprintf("endsWith(%s, %s)", ctx, exprString(strings.TrimPrefix(pattern, "*"))), true
	case n == 2 && strings.HasSuffix(pattern, "**") && !strings.Contains(strings.TrimSuffix(pattern, "**"), "*"):
		return fmt.Sprintf("startsWith(%s, %s)", ctx, exprString(strings.TrimSuffix(pattern, "**"))), true
	}
	return "", false
}

func patternCondition(c *converter, cond *pipeline.Condition, ctx, variable string) (condition.Expr, Status, string) {
	v := cond.Args.First("pattern")
	if !v.IsLiteral() {
		return nil, Manual, "pattern computed by Groovy"
	}
	comparator := strings.ToUpper(cond.Args.Get("comparator").Str())
	if comparator == "REGEXP" {
		// GitHub expressions have no regular expressions: a step tests
		// the name as Groovy's ==~ would.
		name := pipeline.Value{Kind: pipeline.String, Parts: []pipeline.Part{{Ref: &pipeline.Ref{Scope: pipeline.RefEnv, Name: variable, Text: "env." + variable}}}}
		test := pipeline.Value{Kind: pipeline.ExprValue, Text: variable + " ==~ /" + v.Str() + "/", Range: cond.Range,
			Expr: &pipeline.Expr{Op: pipeline.OpMatch, X: &pipeline.Expr{Leaf: &name}, Y: &pipeline.Expr{Leaf: &v}}}
		return c.whenTest(test, "the regular expression")
	}
	if comparator == "EQUALS" {
		return condition.Of(fmt.Sprintf("%s == %s", ctx, exprString(v.Str()))), Converted, ""
	}
	e, ok := globMatch(ctx, v.Str())
	if !ok {
		return nil, Manual, fmt.Sprintf("glob %q cannot be written in GitHub expressions: test the name in a step", v.Str())
	}
	return condition.Of(e), Converted, ""
}

func condBranch(c *converter, cond *pipeline.Condition) (condition.Expr, Status, string) {
	return patternCondition(c, cond, branchName, "BRANCH_NAME")
}

func condTag(c *converter, cond *pipeline.Condition) (condition.Expr, Status, string) {
	isTag := condition.Of("github.ref_type == 'tag'")
	if cond.Args.First("pattern").Kind == pipeline.Absent {
		return isTag, Converted, ""
	}
	e, st, note := patternCondition(c, cond, "github.ref_name", "TAG_NAME")
	if st == Manual {
		return e, st, note
	}
	return condition.And(isTag, e), st, note
}

func condBuildingTag(*converter, *pipeline.Condition) (condition.Expr, Status, string) {
	return condition.Of("github.ref_type == 'tag'"), Converted, ""
}

func condChangeRequest(c *converter, cond *pipeline.Condition) (condition.Expr, Status, string) {
	e := condition.Of("github.event_name == 'pull_request'")
	fields := map[string]string{
		"target": "github.base_ref", "branch": "github.head_ref", "title": "github.event.pull_request.title",
		"author": "github.event.pull_request.user.login", "id": "github.event.pull_request.number",
	}
	for _, n := range cond.Args.Named {
		ctx, ok := fields[n.Name]
		if !ok {
			if n.Name == "comparator" {
				continue
			}
			return nil, Manual, fmt.Sprintf("changeRequest %s: compare it in a step", n.Name)
		}
		m, ok := globMatch(ctx, n.Value.Str())
		if !ok || !n.Value.IsLiteral() || strings.EqualFold(cond.Args.Get("comparator").Str(), "REGEXP") {
			return nil, Manual, fmt.Sprintf("changeRequest %s pattern cannot be written in GitHub expressions", n.Name)
		}
		e = condition.And(e, condition.Of(m))
	}
	return e, Converted, ""
}

// varExpr is the expression for a variable's value in a condition: a
// parameter, a Jenkins variable or an env entry.
func (c *converter) varExpr(name string) string {
	e := "${{ env." + name + " }}"
	if _, ok := c.params[name]; ok {
		e = c.paramExpr(name)
	} else if v, ok := jenkinsVars[name]; ok && strings.Count(v, "${{") == 1 {
		e = v
	}
	if !strings.HasPrefix(e, "${{") || !strings.HasSuffix(e, "}}") {
		// A variable with literal text around the expression cannot be
		// compared as a whole; env holds it.
		return "env." + name
	}
	e = condition.Bare(e)
	if strings.ContainsAny(e, " ") {
		e = condition.Paren(e)
	}
	return e
}

func condEnvironment(c *converter, cond *pipeline.Condition) (condition.Expr, Status, string) {
	name, value := cond.Args.Get("name"), cond.Args.Get("value")
	if !name.IsLiteral() || !value.IsLiteral() {
		return nil, Manual, "name or value computed by Groovy"
	}
	return condition.Of(fmt.Sprintf("%s == %s", c.varExpr(name.Str()), exprString(value.Str()))), Converted, ""
}

func condEquals(c *converter, cond *pipeline.Condition) (condition.Expr, Status, string) {
	a, ok1 := c.operand(cond.Args.Get("expected"))
	b, ok2 := c.operand(cond.Args.Get("actual"))
	if !ok1 || !ok2 {
		return nil, Manual, "operands computed by Groovy"
	}
	return condition.Of(a + " == " + b), Converted, ""
}

// operand turns a literal or a single env/params reference into an
// expression operand.
func (c *converter) operand(v pipeline.Value) (string, bool) {
	if v.IsLiteral() {
		return exprString(v.Str()), true
	}
	if v.Kind == pipeline.String && len(v.Parts) == 1 && v.Parts[0].Ref != nil {
		r := v.Parts[0].Ref
		if r.Scope != pipeline.RefExpr {
			return c.varExpr(r.Name), true
		}
	}
	return "", false
}

func condExpression(c *converter, cond *pipeline.Condition) (condition.Expr, Status, string) {
	if cond.Cond == nil {
		return c.whenTest(cond.Expr, "Groovy expression")
	}
	if cond.Cond.Op == pipeline.OpLit {
		// when { expression { false } } switches a stage off; true is no
		// condition at all.
		if cond.Cond.Lit.Truthy() {
			return nil, Converted, "always true"
		}
		return condition.False, Approximated, "always false: the stage is left out"
	}
	return c.boolExpr(cond.Cond), Converted, ""
}

// whenTest tests a condition GitHub expressions cannot write in a bash
// step at the start of the job; the job's steps run when it says true.
func (c *converter) whenTest(v pipeline.Value, what string) (condition.Expr, Status, string) {
	if why := c.uncomputable(v); why != "" || c.curWhen == nil {
		return nil, Manual, fmt.Sprintf("%s: %s (rewrite it as a GitHub expression)", what, why)
	}
	id := c.addWhenTest(&whenTest{value: v})
	return condition.Of(fmt.Sprintf("steps.%s.outputs.value == 'true'", id)), Approximated, fmt.Sprintf("%s tested in bash by the step %q at the start of the job; the job still starts, its steps are skipped: check the translation", what, id)
}

// addWhenTest adds a test to the when block being converted and returns
// the id of the step that will run it, unique in the workflow.
func (c *converter) addWhenTest(t *whenTest) string {
	c.whenTestCount++
	t.id = fmt.Sprintf("when-%d", c.whenTestCount)
	c.whenTests[c.curWhen] = append(c.whenTests[c.curWhen], t)
	return t.id
}

// whenTest is a when condition a step tests: the Groovy value it
// computes, or a script of its own (run, with env) named name.
type whenTest struct {
	id    string
	value pipeline.Value
	run   string
	name  string
	env   []workflow.KV
}

// emitWhenTests adds the steps that test the when conditions of w to the
// job of sc.
func (c *converter) emitWhenTests(sc *scope, w *pipeline.When) {
	if w == nil {
		return
	}
	for _, t := range c.whenTests[w] {
		if t.run != "" {
			c.emit(sc, &workflow.Step{ID: t.id, Name: t.name, Run: t.run, Env: t.env}, w.Range)
			continue
		}
		c.emitTest(sc, t.id, t.value, t.value.Range)
	}
}

// boolExpr is a reduced Groovy condition as a GitHub condition.
func (c *converter) boolExpr(b *pipeline.Cond) condition.Expr {
	switch b.Op {
	case pipeline.OpLit:
		if b.Lit.Kind == pipeline.Bool {
			return condition.Of(b.Lit.Str())
		}
		return condition.Of(exprString(b.Lit.Str()))
	case pipeline.OpRef:
		return condition.Of(c.truth(b.Ref))
	case pipeline.OpNot:
		return condition.Not(c.boolExpr(b.X))
	case pipeline.OpEq, pipeline.OpNe:
		if e, ok := buildResultTest(b); ok {
			return condition.Of(e)
		}
		return condition.Of(c.operandExpr(b.X) + " " + string(b.Op) + " " + c.operandExpr(b.Y))
	case pipeline.OpStartsWith, pipeline.OpEndsWith, pipeline.OpContains:
		return condition.Of(fmt.Sprintf("%s(%s, %s)", b.Op, c.operandExpr(b.X), c.operandExpr(b.Y)))
	case pipeline.OpOr:
		return condition.Or(c.boolExpr(b.X), c.boolExpr(b.Y))
	}
	return condition.And(c.boolExpr(b.X), c.boolExpr(b.Y))
}

// buildResultTest turns currentBuild.result == 'SUCCESS' and the like into
// status functions, which say the same of the steps run so far.
func buildResultTest(b *pipeline.Cond) (string, bool) {
	ref, lit := b.X, b.Y
	if lit.Op == pipeline.OpRef {
		ref, lit = lit, ref
	}
	if ref.Op != pipeline.OpRef || ref.Ref.Name != pipeline.BuildResult || lit.Op != pipeline.OpLit {
		return "", false
	}
	fn, ok := map[string]string{
		"SUCCESS":  "(success() && " + notFailed + " && " + notUnstable + ")",
		"FAILURE":  "(failure() || " + isFailed + ")",
		"UNSTABLE": "(success() && " + notFailed + " && " + isUnstable + ")",
		"ABORTED":  "cancelled()",
	}[lit.Lit.Str()]
	if !ok {
		return "", false
	}
	if b.Op == pipeline.OpNe {
		return "!" + fn, true
	}
	return fn, true
}

func (c *converter) operandExpr(b *pipeline.Cond) string {
	if b.Op == pipeline.OpRef && b.Ref.Scope == pipeline.RefEnv && c.params[b.Ref.Name] != nil {
		// The environment holds every parameter as a string.
		return "env." + b.Ref.Name
	}
	if b.Op == pipeline.OpRef {
		return c.varExpr(b.Ref.Name)
	}
	return condition.Operand(c.boolExpr(b))
}

func (c *converter) children(cond *pipeline.Condition) []condition.Expr {
	var out []condition.Expr
	for _, ch := range cond.Children {
		if e := c.condition(ch); e != nil {
			out = append(out, e)
		}
	}
	return out
}

func condNot(c *converter, cond *pipeline.Condition) (condition.Expr, Status, string) {
	ch := c.children(cond)
	if len(ch) != len(cond.Children) || len(ch) == 0 {
		return nil, Manual, "a condition inside not could not be converted"
	}
	return condition.Not(condition.And(ch...)), Converted, ""
}

func condAnyOf(c *converter, cond *pipeline.Condition) (condition.Expr, Status, string) {
	ch := c.children(cond)
	if len(ch) != len(cond.Children) || len(ch) == 0 {
		return nil, Manual, "a condition inside anyOf could not be converted"
	}
	return condition.Or(ch...), Converted, ""
}

func condAllOf(c *converter, cond *pipeline.Condition) (condition.Expr, Status, string) {
	ch := c.children(cond)
	if len(ch) == 0 {
		return nil, Manual, "no condition inside allOf could be converted"
	}
	return condition.And(ch...), Converted, ""
}

func condTriggeredBy(c *converter, cond *pipeline.Condition) (condition.Expr, Status, string) {
	cause := cond.Args.First("cause").Str()
	events := map[string]string{
		"TimerTrigger": "schedule", "TimerTriggerCause": "schedule",
		"UserIdCause": "workflow_dispatch", "BuildUpstreamCause": "workflow_run", "UpstreamCause": "workflow_run",
		"SCMTrigger": "push", "SCMTriggerCause": "push", "BranchIndexingCause": "push",
		"IssueCommentCause": "issue_comment", "GitHubPushCause": "push", "PullRequestCause": "pull_request",
	}
	ev, ok := events[cause]
	if !ok {
		return nil, Manual, fmt.Sprintf("cause %q has no matching GitHub event", cause)
	}
	return condition.Of(fmt.Sprintf("github.event_name == '%s'", ev)), Approximated, "causes become the event that started the run"
}

func condChangeset(c *converter, cond *pipeline.Condition) (condition.Expr, Status, string) {
	glob, ok := valueText(cond.Args.First("pattern"))
	if !ok || glob == "" || c.curWhen == nil {
		return nil, Manual, "path filters work per workflow (on.push.paths), not per job: split the job into its own workflow or test the paths in a step"
	}
	re := pattern.AntToERE(glob)
	if strings.ToUpper(cond.Args.Get("comparator").Str()) == "REGEXP" {
		ere, ok := pattern.JavaToERE(glob)
		if !ok {
			return nil, Manual, fmt.Sprintf("the pattern %q uses Java regular expression features bash has no equivalent for: test the paths in a step", glob)
		}
		re = "^(" + ere + ")$"
	}
	flags := "-Eq"
	if !cond.Args.Get("caseSensitive").Truthy() {
		flags = "-Eiq"
	}
	// The files the push or pull request changed, against the commit
	// before it; a first push has none, as a first Jenkins build has an
	// empty changeset.
	run := fmt.Sprintf(`value=false
if [ -n "$BASE_SHA" ] && [ "$BASE_SHA" != 0000000000000000000000000000000000000000 ]; then
  git fetch --no-tags --depth=1 origin "$BASE_SHA" 2>/dev/null || true
  if git diff --name-only "$BASE_SHA" HEAD | grep %s %s; then
    value=true
  fi
fi
echo "value=$value" >> "$GITHUB_OUTPUT"
`, flags, bash.Quote(re))
	id := c.addWhenTest(&whenTest{run: run, name: "Test the changed files against " + glob,
		env: []workflow.KV{{Key: "BASE_SHA", Value: "${{ github.event.pull_request.base.sha || github.event.before }}"}}})
	return condition.Of(fmt.Sprintf("steps.%s.outputs.value == 'true'", id)), Approximated, fmt.Sprintf("the changed files are tested by the step %q at the start of the job (a private repository needs the checkout's credentials to fetch the base commit); the job still starts, its steps are skipped", id)
}

func condChangelog(*converter, *pipeline.Condition) (condition.Expr, Status, string) {
	return nil, Manual, "test github.event.head_commit.message in a step"
}

// truth is Groovy truth of a reference as a GitHub condition: a boolean
// parameter is its value; strings, which every env value is (env.FLAG of
// a boolean parameter too), are true when not empty; a Groovy variable
// computed as a boolean holds 'true' or 'false'.
func (c *converter) truth(r *pipeline.Ref) string {
	if prm := c.params[r.Name]; prm != nil && r.Scope != pipeline.RefEnv && prm.Kind == "booleanParam" && c.fixedParams[r.Name] {
		// No input: the default, which env holds.
		return "env." + r.Name + " == 'true'"
	}
	if prm := c.params[r.Name]; prm != nil && r.Scope != pipeline.RefEnv && prm.Kind == "booleanParam" {
		input := fmt.Sprintf("format('{0}', inputs.%s) == 'true'", r.Name)
		if paramDefault(prm) == "true" {
			return fmt.Sprintf("(github.event_name != 'workflow_dispatch' || %s)", input)
		}
		return fmt.Sprintf("(github.event_name == 'workflow_dispatch' && %s)", input)
	}
	if c.params[r.Name] != nil && r.Scope == pipeline.RefEnv {
		// The environment holds every parameter as a string.
		return "env." + r.Name + " != ''"
	}
	if c.varTypes[r.Name] == compute.Bool {
		return c.varExpr(r.Name) + " == 'true'"
	}
	return c.varExpr(r.Name) + " != ''"
}
