package convert

import (
	"slices"

	"github.com/jenkins2actions/jenkins2actions/pipeline"
	"github.com/jenkins2actions/jenkins2actions/workflow"
)

func init() {
	register(&Construct{Kind: KindDirective, Name: "matrix", Status: Converted, Summary: "strategy.matrix with excludes; axis values reach the scripts as env"})
}

// matrixJob converts a matrix stage into one job with a matrix strategy.
func (c *converter) matrixJob(s *pipeline.Stage, pc planCtx) string {
	m := s.Matrix
	c.record("directive:matrix", Converted, m.Range, "")
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
	sc := c.jobScope(j)
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
	c.record("directive:exclude", Converted, ex.Range, "")
	return combos
}
