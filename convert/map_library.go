package convert

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/config"
	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
	"github.com/jenkins2actions/jenkins2actions/workflow"
)

// libraryStep converts a step that is not Jenkins' own: a shared-library
// step mapped in the config, or one to report. Unmapped steps are reported
// once per name with every call site, so that a platform team sees which
// library steps hold most pipelines back. It reports whether the step is
// done with.
func (c *converter) libraryStep(sc *scope, s *pipeline.Step) bool {
	m, ok := c.cfg.Libraries[s.Name]
	if !ok || m.Path != "" {
		c.unmapped[s.Name] = append(c.unmapped[s.Name], s)
		return false
	}
	with := c.libraryInputs(s, m)
	switch {
	case m.Template != "":
		c.template(sc, m.Template, with, s.Range)
	case m.Action != "":
		st := &workflow.Step{Name: s.Name, Uses: m.Action}
		for _, k := range slices.Sorted(maps.Keys(with)) {
			st.With = append(st.With, workflow.KV{Key: k, Value: with[k]})
		}
		c.emit(sc, st, s.Range)
	default:
		c.manual(constructFor(KindLibrary, s.Name), s.Range, s.Text, "the step is mapped to the reusable workflow %s, which can only replace a whole pipeline", m.Workflow)
		return true
	}
	c.record(constructFor(KindLibrary, s.Name), Converted, s.Range, "mapped in the configuration")
	c.steps(sc, s.Body)
	return true
}

// libraryInputs are the with: inputs of a mapped library step: its named
// arguments, then the fixed ones of the mapping.
func (c *converter) libraryInputs(s *pipeline.Step, m config.LibraryStep) map[string]string {
	with := map[string]string{}
	for _, n := range s.Args.Named {
		if n.Value.Kind == pipeline.List {
			with[n.Name] = strings.Join(n.Value.Strings(), "\n")
			continue
		}
		with[n.Name] = c.exprValue(n.Value, nil)
	}
	maps.Copy(with, m.With)
	for _, v := range m.With {
		for _, ref := range secretUse.FindAllStringSubmatch(v, -1) {
			c.addSecret(ref[1], "", "named in the library map", s.Range)
		}
	}
	return with
}

// libraryWorkflow turns a pipeline that is nothing but one mapped library
// step (buildPlugin(...)) into a job that calls the reusable workflow.
func (c *converter) libraryWorkflow() bool {
	if c.p.Style != pipeline.StyleLibrary || len(c.p.Stages) != 1 || len(c.p.Stages[0].Steps) != 1 {
		return false
	}
	s := c.p.Stages[0].Steps[0]
	m, ok := c.cfg.Libraries[s.Name]
	if !ok || m.Workflow == "" {
		return false
	}
	job := &workflow.Job{ID: c.jobID(s.Name), Name: s.Name, Uses: m.Workflow, Source: s.Range}
	with := c.libraryInputs(s, m)
	for _, k := range slices.Sorted(maps.Keys(with)) {
		job.With = append(job.With, workflow.KV{Key: k, Value: with[k]})
	}
	c.wf.Jobs = append(c.wf.Jobs, job)
	c.record(constructFor(KindLibrary, s.Name), Converted, s.Range, "the pipeline calls the reusable workflow %s", m.Workflow)
	return true
}

// reportUnmapped reports each unknown step name once, with its call sites.
func (c *converter) reportUnmapped() {
	for _, name := range slices.Sorted(maps.Keys(c.unmapped)) {
		calls := c.unmapped[name]
		var at []string
		for _, s := range calls {
			at = append(at, fmt.Sprintf("%d:%d", s.Range.Start.Line, s.Range.Start.Col))
		}
		what := fmt.Sprintf("unknown step %q: find the action or command that does the same", name)
		if len(c.p.Libraries) > 0 {
			what = fmt.Sprintf("step %q is not a Jenkins step; if it comes from a shared library, map it under libraries: in .jenkins2actions.yaml to a reusable workflow, an action or a template", name)
		}
		if len(calls) > 1 {
			what += fmt.Sprintf(" (called %d times, at %s)", len(calls), strings.Join(at, ", "))
		}
		it := c.manual(constructFor(KindStep, name), calls[0].Range, calls[0].Text, "%s", what)
		it.Calls = ranges(calls)
	}
}

func ranges(steps []*pipeline.Step) []diag.Range {
	out := make([]diag.Range, len(steps))
	for i, s := range steps {
		out[i] = s.Range
	}
	return out
}
