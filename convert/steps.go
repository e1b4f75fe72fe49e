package convert

import (
	"fmt"
	"slices"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/bash"
	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
	"github.com/jenkins2actions/jenkins2actions/workflow"
	"github.com/jenkins2actions/jenkins2actions/workflow/condition"
)

// steps converts a list of steps in scope sc.
func (c *converter) steps(sc *scope, steps []*pipeline.Step) {
	for _, s := range steps {
		// A definition changes what the statements after it see.
		if _, def := s.Stmt.(*pipeline.Def); def {
			sc = c.define(sc, s)
			continue
		}
		c.step(sc, s)
	}
}

func (c *converter) step(sc *scope, s *pipeline.Step) {
	defer c.placeManual(sc, len(c.res.Items))
	if cl := sc.closure; cl != nil && (s.Name == cl.name || s.Name == cl.name+".call") {
		*cl.used = true
		c.record(groovyMethod, Converted, s.Range, "the closure passed to the method runs here")
		inner := *cl.scope
		inner.unit = &returnUnit{}
		inner.cond = condition.And(cl.scope.cond, sc.cond)
		inner.dir = sc.dir
		inner.env = slices.Clone(sc.env)
		for _, kv := range cl.scope.env {
			inner.env = setKV(inner.env, kv)
		}
		c.steps(&inner, cl.steps)
		return
	}
	if len(s.Body) > 0 && s.Stmt == nil {
		// The body of a block step is a closure: a return in it leaves
		// the closure only.
		sc = sc.child()
		sc.unit = &returnUnit{}
	}
	switch st := s.Stmt.(type) {
	case nil:
	case *pipeline.SyntaxError:
		c.syntaxError(s, st)
		return
	case *pipeline.Groovy:
		c.manual(groovyCode, s.Range, s.Text, "Groovy code: port what it does to a run step or to workflow expressions")
		c.nestedShells(s)
		return
	default:
		stmtConstruct(st).step(c, sc, s)
		return
	}
	if k := lookup(KindStep, s.Name); k != nil {
		k.step(c, sc, s)
		return
	}
	if strings.HasSuffix(s.Name, ".printStackTrace") {
		c.record(groovyPrintStackTrace, Converted, s.Range, "the log of the failed step shows the error already")
		return
	}
	c.unknownStep(sc, s)
}

// syntaxError records a statement that does not parse as work for a
// person, with the parser's message.
func (c *converter) syntaxError(s *pipeline.Step, e *pipeline.SyntaxError) {
	c.manual(groovySyntax, s.Range, s.Text, "this statement does not parse: "+e.Message+"; fix it and convert again")
}

// placeManual adds, for every manual item recorded since the report had
// before items, a step that fails the job until a person ports what the
// item stands for: a workflow missing work must never pass. The step quotes
// the Jenkins source above it and names its file:line in the error.
func (c *converter) placeManual(sc *scope, before int) {
	for _, it := range c.res.Items[before:] {
		if it.Status != Manual || it.placed {
			continue
		}
		it.placed = true
		// Not caught: work left to a person fails the job, whatever
		// block it is in.
		c.emit(sc.uncaught(), c.placeholder(it), it.Source)
		sc.job.manualSteps++
	}
}

// placeholder is the step that stands for a manual item: it fails with
// an error annotation at the item's Jenkins position (warns with
// manual-steps: warn), the Jenkins source quoted above it.
func (c *converter) placeholder(it *Item) *workflow.Step {
	at := fmt.Sprintf("%s:%d:%d", displayFile(it.Source.File), it.Source.Start.Line, it.Source.Start.Col)
	kind, msg := "error", "not converted: "+it.Note+" (port it by hand, then delete this step)"
	run := "; exit 1"
	if c.cfg.ManualSteps == "warn" {
		kind, run = "warning", ""
	}
	annot := fmt.Sprintf("::%s file=%s,line=%d,col=%d::%s", kind, displayFile(it.Source.File), it.Source.Start.Line, it.Source.Start.Col, msg)
	return &workflow.Step{
		Name:    "Port by hand: " + it.Construct + " at " + at,
		Run:     `echo "$J2A_MESSAGE"` + run,
		Env:     []workflow.KV{{Key: "J2A_MESSAGE", Value: workflow.Literal(annot)}},
		Comment: at + "\n" + quoteLines(it.Text, 6),
		Source:  it.Source,
	}
}

// quoteLines keeps the first n lines of a quoted source: a block step's
// steps are converted on their own, its head says what it was.
func quoteLines(text string, n int) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if len(lines) <= n {
		return strings.Join(lines, "\n")
	}
	return strings.Join(lines[:n], "\n") + fmt.Sprintf("\n... (%d more lines)", len(lines)-n)
}

// placePrelude puts the steps that stand for the manual items of the
// Groovy before the pipeline block at the start of every job that needs
// none: on Jenkins that code ran before any stage.
func (c *converter) placePrelude(items []*Item) {
	for _, j := range c.builders {
		if len(j.job.Needs) > 0 {
			continue
		}
		var steps []*workflow.Step
		for _, it := range items {
			it.placed = true
			steps = append(steps, c.placeholder(it))
			j.manualSteps++
		}
		j.job.Steps = slices.Insert(j.job.Steps, min(j.setupSteps, len(j.job.Steps)), steps...)
	}
}

// unknownStep converts a step no mapper translates: through the library
// map, or reported once per name with its inner steps converted in place.
func (c *converter) unknownStep(sc *scope, s *pipeline.Step) {
	if !c.libraryStep(sc, s) {
		c.inner(sc, s)
	}
}

// inner converts the steps inside a step the converter cannot translate:
// its block and the closures among its arguments (the branches of a
// scripted parallel). They run in sequence, in place of the step, so that
// no script is lost.
func (c *converter) inner(sc *scope, s *pipeline.Step) {
	walk := func(v pipeline.Value) {
		pipeline.VisitValue(v, func(steps []*pipeline.Step) { c.steps(sc, steps) }, func(call *pipeline.Step) { c.inner(sc, call) })
	}
	for _, n := range s.Args.Named {
		walk(n.Value)
	}
	for _, v := range s.Args.Positional {
		walk(v)
	}
	c.steps(sc, s.Body)
}

// template renders a vetted template into the job.
var (
	directiveTemplate = &Construct{Kind: KindDirective, Name: "template", Status: Manual,
		Summary: "a catalog template a construct needs is missing or does not render: the construct is left to a person, the rest converts"}
)

func (c *converter) template(sc *scope, id string, inputs map[string]string, src diag.Range) []*workflow.Step {
	// A broken or missing template (an organisation's catalog may have
	// one) costs the construct that needs it, at its place, not the
	// conversion or a whole audit.
	t, ok := c.cat.Get(id)
	if !ok {
		c.manual(directiveTemplate, src, "", "the template %q is missing from the catalog: add it, or write the steps by hand", id)
		return nil
	}
	steps, err := c.cat.Steps(id, inputs)
	if err != nil {
		c.manual(directiveTemplate, src, "", "the template %q does not render: %v (fix the template)", id, err)
		return nil
	}
	for _, kv := range t.Permissions {
		sc.job.perms = sc.job.perms.Set(kv.Key, kv.Value)
	}
	c.templates++
	for _, st := range steps {
		c.emit(sc, st, src)
	}
	c.templates--
	return steps
}

func (c *converter) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

// stepName names a generated step after the Jenkins step's label or its
// first line of script.
func stepName(label, script string) string {
	if label != "" {
		return label
	}
	line := strings.TrimSpace(script)
	for l := range strings.Lines(script) {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "#") {
			line = l
			break
		}
	}
	return line
}

// dropScriptNames leaves unnamed the run steps named after their script's
// first line, which GitHub shows as the step's name by itself.
func dropScriptNames(steps []*workflow.Step) {
	for _, st := range steps {
		if st.Run == "" || st.Name == "" {
			continue
		}
		if first, _, _ := strings.Cut(st.Run, "\n"); workflow.Unliteral(strings.TrimSpace(first)) == st.Name {
			st.Name = ""
		}
	}
}

// shellWord quotes a string value as one shell word: literal text in single
// quotes, references as "${NAME}".
func (c *converter) shellWord(sc *scope, v pipeline.Value) (string, []string) {
	var b strings.Builder
	var unresolved []string
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			b.WriteString(bash.Word(lit.String()))
			lit.Reset()
		}
	}
	for _, p := range v.Parts {
		if p.Ref == nil {
			lit.WriteString(p.Lit)
			continue
		}
		flush()
		name, ok := c.refVar(sc, p.Ref)
		if !ok && !c.computedRef(sc, p.Ref, name) {
			unresolved = append(unresolved, p.Ref.Text)
		}
		c.useVar(sc, name)
		b.WriteString(`"${` + name + `}"`)
	}
	flush()
	if b.Len() == 0 {
		return "''", unresolved
	}
	return b.String(), unresolved
}

// recordScript records a script step, manual when it interpolates Groovy
// the workflow cannot compute.
func (c *converter) recordScript(construct *Construct, s *pipeline.Step, unresolved []string) *Item {
	if len(unresolved) == 0 {
		return c.record(construct, Converted, s.Range, "")
	}
	vars := make([]string, len(unresolved))
	for i, u := range unresolved {
		vars[i] = "${" + u + "}"
	}
	return c.manual(construct, s.Range, s.Text, "the script uses the Groovy value %s: compute it in an earlier step and pass it through env", strings.Join(vars, ", "))
}

// valueText returns the literal text of v, and false when it interpolates
// anything.
func valueText(v pipeline.Value) (string, bool) {
	return v.Str(), v.IsLiteral()
}

// splitList splits a Jenkins comma-separated pattern list.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// joinPath places a pattern under the scope's directory.
func joinPath(dir, p string) string {
	if dir == "" || strings.HasPrefix(p, "/") {
		return p
	}
	return strings.TrimSuffix(dir, "/") + "/" + p
}

// duration reads Jenkins time and unit arguments as minutes, rounding up.
func duration(args pipeline.Args, defUnit string) (int, bool) {
	v := args.First("time")
	var n int
	if _, err := fmt.Sscanf(v.Str(), "%d", &n); err != nil || n <= 0 {
		return 0, false
	}
	unit := strings.ToUpper(args.Get("unit").Str())
	unit = strings.TrimPrefix(unit, "TIMEUNIT.")
	if unit == "" {
		unit = defUnit
	}
	switch unit {
	case "NANOSECONDS", "MICROSECONDS", "MILLISECONDS":
		return 1, true
	case "SECONDS":
		return (n + 59) / 60, true
	case "MINUTES":
		return n, true
	case "HOURS":
		return n * 60, true
	case "DAYS":
		return n * 60 * 24, true
	}
	return 0, false
}
