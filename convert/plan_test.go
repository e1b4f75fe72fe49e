package convert_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/convert"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
	pt "github.com/jenkins2actions/jenkins2actions/pipeline/pipelinetest"
)

// The planner's rules, on pipelines built by hand: which stages share a
// job, which need one of their own, and what each job needs.

// stage is a stage running one script, with more parts.
func stage(name, script string, parts ...pt.Part) *pipeline.Stage {
	return pt.Stage(name, append(parts, pt.Steps(pt.Sh(script)))...)
}

// plan converts stages on an agent any pipeline and returns its jobs as
// "id: stage names <- needs".
func plan(t *testing.T, stages ...*pipeline.Stage) []string {
	t.Helper()
	p := pt.Pipeline(pt.Name("plan"), pt.Agent("any"), pt.Stages(stages...))
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
			[]*pipeline.Stage{stage("A", "a"), stage("B", "b"), stage("C", "c")},
			[]string{"a: A + B + C <- "}},
		{"parallel branches on the agent run in the job",
			[]*pipeline.Stage{stage("A", "a"), pt.Stage("P", pt.Parallel(stage("X", "x"), stage("Y", "y"))), stage("B", "b")},
			[]string{"a: A + P + X + Y + B <- "}},
		{"nested stages on the agent run in the job",
			[]*pipeline.Stage{pt.Stage("G", pt.Stages(stage("X", "x"), stage("Y", "y"))), stage("B", "b")},
			[]string{"g: G + X + Y + B <- "}},
		{"a stage with its own agent is a job; the agent's stages go on after it",
			[]*pipeline.Stage{stage("A", "a"), stage("L", "l", pt.Agent("linux")), stage("B", "b")},
			[]string{"a: A <- ", "l: L <- a", "b: B <- l,a"}},
		{"a branch with its own agent runs beside the agent's branches",
			[]*pipeline.Stage{stage("A", "a"), pt.Stage("P", pt.Parallel(stage("X", "x"), stage("Y", "y", pt.Agent("linux")))), stage("B", "b")},
			[]string{"a: A + X <- ", "y: Y <- a", "b: B <- a,y"}},
		{"an approval splits the job and the agent's stages go on in it",
			[]*pipeline.Stage{stage("A", "a"), stage("Deploy", "d", pt.Input("Go?")), stage("B", "b")},
			[]string{"a: A <- ", "deploy: Deploy + B <- a"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := plan(t, tc.stages...); !slices.Equal(got, tc.want) {
				t.Errorf("jobs\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
		})
	}
}
