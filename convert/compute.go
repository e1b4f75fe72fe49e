package convert

import (
	"fmt"
	"regexp"

	"github.com/jenkins2actions/jenkins2actions/compute"
	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
	"github.com/jenkins2actions/jenkins2actions/workflow"
	"github.com/jenkins2actions/jenkins2actions/workflow/condition"
)

// resolver tells the compiler of Groovy values what the workflow has
// where a program runs: the scope's variables and the job's runner and
// tools.
type resolver struct {
	c  *converter
	sc *scope
}

func (r resolver) Use(name string) { r.c.useVar(r.sc, name) }

func (r resolver) List(name string) (pipeline.Value, bool) {
	l, ok := r.sc.lists[name]
	return l, ok
}

func (r resolver) Type(name string) (compute.Type, bool) {
	t, ok := r.c.varTypes[name]
	return t, ok
}

func (r resolver) Var(ref *pipeline.Ref) (string, bool) { return r.c.refVar(r.sc, ref) }

func (r resolver) Known(ref *pipeline.Ref, stringMethod bool) bool {
	if _, ok := r.sc.lists[ref.Name]; ok || r.c.knownVar(r.sc, ref.Name) || r.c.params[ref.Name] != nil {
		return true
	}
	return stringMethod && r.c.bindingParam(ref.Name, ref.Range)
}

func (r resolver) Script(v pipeline.Value) (string, []string) {
	text, unresolved := r.c.script(r.sc, v)
	return dedent(text), unresolved
}

func (r resolver) Windows() bool { return r.sc.job.windows() }

func (r resolver) Tool(typ, name string, at diag.Range) bool {
	if lookup(KindTool, typ) == nil {
		return false
	}
	j := r.sc.job
	if j.tools == nil {
		j.tools = map[string]bool{}
	}
	if !j.tools[name] {
		j.tools[name] = true
		r.c.mapTool(j, &pipeline.Tool{Type: typ, Name: pipeline.StringValue(name, at), Range: at})
	}
	return true
}

func (r resolver) Method(name string) *pipeline.Method {
	if r.c.inlining[name] {
		return nil
	}
	return r.c.p.Methods[name]
}

func (r resolver) PreviousRun(at diag.Range) { r.c.previousRun(r.sc, at) }

// compile compiles v into a program for a step of sc. The methods the
// program inlines count as called when it can be computed.
func (c *converter) compile(sc *scope, v pipeline.Value) (*compute.Program, compute.Value) {
	k := compute.New(resolver{c, sc})
	x := k.Value(v)
	if k.Why() == "" {
		for _, m := range k.Inlined() {
			c.called[m] = true
		}
	}
	return k, x
}

// program finishes a program with lines, and the shellcheck directives a
// copied script needs.
func (c *converter) program(k *compute.Program, src diag.Range, lines ...string) string {
	run := k.Bash(lines...)
	if k.RunsScript() {
		return withDirective(c.directive(run, src), run)
	}
	return run
}

// uncomputable tells why bash cannot compute v, trying it in a scratch job
// for conversions that decide before the job that computes v exists.
func (c *converter) uncomputable(v pipeline.Value) string {
	k, _ := c.compile(&scope{job: &jobBuilder{job: &workflow.Job{}, vars: map[string]string{}}}, v)
	return k.Why()
}

// computeEnv computes v in a run step that writes it to $GITHUB_ENV as
// name, for the steps after it in the job. It returns why bash cannot
// compute v, or "" once the step is in.
func (c *converter) computeEnv(sc *scope, name string, v pipeline.Value, src diag.Range) string {
	k, r := c.compile(sc, v)
	out, value := k.Print(r)
	if k.Why() != "" {
		return k.Why()
	}
	run := c.program(k, src, fmt.Sprintf(`{ echo '%s<<J2A_EOF'; %s; echo 'J2A_EOF'; } >> "$GITHUB_ENV"`, name, out))
	st := &workflow.Step{Name: "Compute " + name, Run: run, Env: k.Env(), Generated: !k.RunsScript()}
	if shellName.MatchString(name) && !otherVars[name] {
		sc.job.joinAssign(st, fmt.Sprintf("%s=%s; export %s", name, value, name))
	}
	c.emit(sc, st, src)
	c.varTypes[name] = r.Type
	return ""
}

// computeStep makes a step named name that computes v in bash and runs
// the command cmd makes of the word that holds it. It returns why bash
// cannot compute v instead when it cannot.
func (c *converter) computeStep(sc *scope, name string, v pipeline.Value, cmd func(word string) string) (*workflow.Step, string) {
	k, x := c.compile(sc, v)
	word := k.String(x)
	if k.Why() != "" {
		return nil, k.Why()
	}
	st := &workflow.Step{Name: name, Run: c.program(k, v.Range, cmd(word)), Env: k.Env(), Generated: !k.RunsScript()}
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
	k, x := c.compile(sc, v)
	test := k.Test(x)
	if k.Why() != "" {
		return k.Why()
	}
	run := c.program(k, src, "value=false", "if "+test+"; then", "  value=true", "fi", `echo "value=$value" >> "$GITHUB_OUTPUT"`)
	c.emit(sc, &workflow.Step{ID: id, Name: "Test " + firstLine(v.Text), Run: run, Env: k.Env(), Generated: !k.RunsScript()}, src)
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
	gs.cond = condition.And(condition.Always, gs.cond)
	c.computeEnv(gs, name, v.Stmt.(*pipeline.Def).Value, v.Range)
}

// shellName is a name a bash variable can have and a script may set.
var shellName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
