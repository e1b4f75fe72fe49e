package convert_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/convert"
	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

// The planner's rules, on pipelines built by hand: which stages share a
// job, which need one of their own, and what each job needs.

var line int

// at gives every node its own position, as the reader would.
func at() diag.Range {
	line++
	return diag.Range{File: "Jenkinsfile", Start: diag.Pos{Line: line, Col: 1}, End: diag.Pos{Line: line, Col: 2}}
}

func sh(script string) *pipeline.Step {
	return &pipeline.Step{Name: "sh", Args: pipeline.Args{Positional: []pipeline.Value{pipeline.StringValue(script, at())}}, Text: "sh '" + script + "'", Range: at()}
}

func stage(name string, steps ...*pipeline.Step) *pipeline.Stage {
	return &pipeline.Stage{Name: name, Steps: steps, Range: at()}
}

func onLabel(s *pipeline.Stage, label string) *pipeline.Stage {
	s.Agent = &pipeline.Agent{Kind: pipeline.AgentLabel, Label: label, Range: at()}
	return s
}

func parallel(name string, branches ...*pipeline.Stage) *pipeline.Stage {
	return &pipeline.Stage{Name: name, Parallel: branches, Range: at()}
}

func group(name string, stages ...*pipeline.Stage) *pipeline.Stage {
	return &pipeline.Stage{Name: name, Stages: stages, Range: at()}
}

func withInput(s *pipeline.Stage) *pipeline.Stage {
	s.Input = &pipeline.Step{Name: "input", Args: pipeline.Args{Named: []pipeline.Named{{Name: "message", Value: pipeline.StringValue("Go?", at())}}}, Range: at()}
	return s
}

// plan converts stages on an agent any pipeline and returns its jobs as
// "id: stage names <- needs".
func plan(t *testing.T, stages ...*pipeline.Stage) []string {
	t.Helper()
	p := &pipeline.Pipeline{Name: "plan", File: "Jenkinsfile", Style: pipeline.StyleDeclarative,
		Agent: &pipeline.Agent{Kind: pipeline.AgentAny, Range: at()}, Stages: stages, Range: at()}
	res, err := convert.Convert(p, convert.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, j := range res.Workflow.Jobs {
		out = append(out, fmt.Sprintf("%s: %s <- %s", j.ID, j.Name, strings.Join(j.Needs, ",")))
	}
	return out
}

func TestPlan(t *testing.T) {
	for _, tc := range []struct {
		name   string
		stages []*pipeline.Stage
		want   []string
	}{
		{"stages on the agent share a job",
			[]*pipeline.Stage{stage("A", sh("a")), stage("B", sh("b")), stage("C", sh("c"))},
			[]string{"a: A + B + C <- "}},
		{"parallel branches on the agent run in the job",
			[]*pipeline.Stage{stage("A", sh("a")), parallel("P", stage("X", sh("x")), stage("Y", sh("y"))), stage("B", sh("b"))},
			[]string{"a: A + P + X + Y + B <- "}},
		{"nested stages on the agent run in the job",
			[]*pipeline.Stage{group("G", stage("X", sh("x")), stage("Y", sh("y"))), stage("B", sh("b"))},
			[]string{"g: G + X + Y + B <- "}},
		{"a stage with its own agent is a job; the agent's stages go on after it",
			[]*pipeline.Stage{stage("A", sh("a")), onLabel(stage("L", sh("l")), "linux"), stage("B", sh("b"))},
			[]string{"a: A <- ", "l: L <- a", "b: B <- l,a"}},
		{"a branch with its own agent runs beside the agent's branches",
			[]*pipeline.Stage{stage("A", sh("a")), parallel("P", stage("X", sh("x")), onLabel(stage("Y", sh("y")), "linux")), stage("B", sh("b"))},
			[]string{"a: A + X <- ", "y: Y <- a", "b: B <- a,y"}},
		{"an approval splits the job and the agent's stages go on in it",
			[]*pipeline.Stage{stage("A", sh("a")), withInput(stage("Deploy", sh("d"))), stage("B", sh("b"))},
			[]string{"a: A <- ", "deploy: Deploy + B <- a"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := plan(t, tc.stages...); !slices.Equal(got, tc.want) {
				t.Errorf("jobs\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
		})
	}
}
