package convert

import (
	"slices"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/diag"

	"github.com/jenkins2actions/jenkins2actions/pipeline"
	"github.com/jenkins2actions/jenkins2actions/workflow"
	"github.com/jenkins2actions/jenkins2actions/workflow/condition"
)

var (
	directiveMatrix = &Construct{Kind: KindDirective, Name: "matrix", Status: Converted, Summary: "strategy.matrix with excludes; axis values reach the scripts as env"}
)

// matrixJob converts a matrix stage into one job with a matrix strategy.
func (c *converter) matrixJob(s *pipeline.Stage, pc planCtx) string {
	m := s.Matrix
	c.record(directiveMatrix, Converted, m.Range, "")
	pc = pc.child(s)
	if m.Agent != nil {
		pc.agent = m.Agent
	}
	pc.matrix = m
	j := c.newJob(s, pc, false)
	failFast := s.FailFast
	st := &workflow.Strategy{FailFast: &failFast}
	for _, ax := range m.Axes {
		st.Matrix = append(st.Matrix, workflow.MatrixAxis{Name: ax.Name, Values: ax.Values})
		j.useVar(ax.Name, "${{ matrix."+ax.Name+" }}")
	}
	for _, ex := range m.Excludes {
		st.Exclude = append(st.Exclude, c.excludeCombos(m, ex)...)
	}
	j.job.Strategy = st
	j.stages = append(j.stages, s.Name)
	j.job.Env = append(j.job.Env, c.envBlock(j, m.Environment)...)
	sc := c.jobScope(j)
	if m.When != nil {
		// Per cell: the condition may read the axis values, which the
		// job's env holds, so its steps test it.
		cond := c.when(m.When)
		c.emitWhenTests(sc, m.When)
		sc.cond = condition.And(sc.cond, cond)
	}
	if len(m.Options) > 0 {
		o := c.stageOptions(&pipeline.Stage{Options: m.Options})
		if o.timeout > 0 {
			sc.timeout = o.timeout
		}
		if o.retries > 0 {
			sc.retries = o.retries
		}
	}
	for _, child := range m.Stages {
		c.emitStage(j, child, sc, false)
	}
	c.post(sc, m.Post)
	c.post(sc, s.Post)
	return j.job.ID
}

// excludeCombos expands a Jenkins exclude (values or notValues per axis)
// into the cell combinations GitHub's exclude lists.
func (c *converter) excludeCombos(m *pipeline.Matrix, ex *pipeline.MatrixExclude) [][]workflow.KV {
	combos := [][]workflow.KV{nil}
	for _, ea := range ex.Axes {
		var all []string
		for _, ax := range m.Axes {
			if ax.Name == ea.Name {
				all = ax.Values
			}
		}
		vals := ea.Values
		if ea.NotValues {
			vals = nil
			for _, v := range all {
				if !slices.Contains(ea.Values, v) {
					vals = append(vals, v)
				}
			}
		}
		var next [][]workflow.KV
		for _, combo := range combos {
			for _, v := range vals {
				next = append(next, append(slices.Clone(combo), workflow.KV{Key: ea.Name, Value: v}))
			}
		}
		combos = next
	}
	c.record(directiveExclude, Converted, ex.Range, "")
	return combos
}

// axisRef returns the matrix axis a value names whole (label "${PLATFORM}",
// jdk "${JAVA_VERSION}"), or "".
func (c *converter) axisRef(j *jobBuilder, v pipeline.Value) string {
	if j.matrix == nil {
		return ""
	}
	name := ""
	switch {
	case v.Kind == pipeline.String && len(v.Parts) == 1 && v.Parts[0].Ref != nil:
		name = v.Parts[0].Ref.Name
	case v.Kind == pipeline.String && len(v.Parts) == 1:
		// A label read as a plain string: "${X}" or "$X".
		name = strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(v.Parts[0].Lit, "$"), "{"), "}")
	}
	for _, ax := range j.matrix.Axes {
		if ax.Name == name && name != "" {
			return name
		}
	}
	return ""
}

// axisKey derives a matrix value for each value of an axis (the runner of
// a label, the version in a tool name) and adds it to the matrix through
// include, which extends the cells with the same axis value. It returns the
// expression of the new key, or false when a value gives nothing.
func (c *converter) axisKey(j *jobBuilder, axis, key string, derive func(string) (string, bool)) (string, bool) {
	var ax *pipeline.Axis
	for _, a := range j.matrix.Axes {
		if a.Name == axis {
			ax = a
		}
	}
	derived := make([]string, len(ax.Values))
	for i, v := range ax.Values {
		d, ok := derive(v)
		if !ok {
			return "", false
		}
		derived[i] = d
	}
	for i, v := range ax.Values {
		j.include = append(j.include, []workflow.KV{{Key: axis, Value: v}, {Key: key, Value: derived[i]}})
	}
	return "${{ matrix." + key + " }}", true
}

// axisRunsOn sends each cell of a matrix to the runner of its label axis
// value, through the label map.
func (c *converter) axisRunsOn(j *jobBuilder, axis string, rng diag.Range) string {
	expr, _ := c.axisKey(j, axis, "runner", func(v string) (string, bool) {
		labels, known := c.labels(v)
		if !known {
			c.selfHosted(v, labels, "", rng)
		}
		return jsonList(labels), true
	})
	c.record(agentLabel, Converted, rng, "each cell runs on the runner its %s value maps to", axis)
	return "${{ fromJSON(" + strings.TrimSuffix(strings.TrimPrefix(expr, "${{ "), " }}") + ") }}"
}
