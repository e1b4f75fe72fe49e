package convert

import (
	"fmt"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/pipeline"
	"github.com/jenkins2actions/jenkins2actions/workflow"
)

func init() {
	register(&Construct{Kind: KindDirective, Name: "input", Status: Approximated,
		Summary: "the stage's job waits on a GitHub environment whose required reviewers approve it"})
}

// approval gates a stage's job behind a GitHub environment: the job waits
// until a required reviewer approves, as Jenkins' input waited for a
// submitter.
func (c *converter) approval(j *jobBuilder, s *pipeline.Stage) {
	in := s.Input
	name := in.Args.Get("id").Str()
	if name == "" {
		name = s.Name
	}
	env := slug(name, "-")
	if env == "" {
		env = "approval"
	}
	j.job.Environment = env
	var reviewers []string
	for _, r := range strings.Split(in.Args.Get("submitter").Str(), ",") {
		if r = strings.TrimSpace(r); r != "" {
			reviewers = append(reviewers, r)
		}
	}
	c.res.Environments = append(c.res.Environments, &Environment{Name: env, Reviewers: reviewers, Source: in.Range})
	note := fmt.Sprintf("create the environment %q with required reviewers", env)
	if len(reviewers) > 0 {
		note += " (Jenkins submitters: " + strings.Join(reviewers, ", ") + ")"
	}
	if in.Args.Has("parameters") {
		note += "; the input's parameters are not asked for: add them as workflow_dispatch inputs"
	}
	c.record("directive:input", Approximated, in.Range, "%s", note)
}

func init() {
	register(&Construct{Kind: KindStep, Name: "build", Status: Approximated,
		Summary: "gh workflow run of the downstream workflow, with its parameters as inputs", step: mapBuild})
}

// mapBuild starts the workflow that stands for a downstream Jenkins job.
func mapBuild(c *converter, sc *scope, s *pipeline.Step) {
	job, ok := valueText(s.Args.First("job"))
	if !ok || job == "" {
		c.manual("step:build", s.Range, s.Text, "job name computed by Groovy: start its workflow with gh workflow run")
		return
	}
	var cmd strings.Builder
	fmt.Fprintf(&cmd, "gh workflow run %s", shellQuote(WorkflowFileName(lastSegment(job))))
	env := []workflow.KV{{Key: "GH_TOKEN", Value: "${{ github.token }}"}}
	for i, p := range s.Args.Get("parameters").List {
		if p.Kind != pipeline.Call {
			c.manual("step:build", s.Range, s.Text, "parameters computed by Groovy: pass them as -f name=value")
			return
		}
		name := p.Call.Args.Get("name").Str()
		val := fmt.Sprintf("INPUT_%d", i+1)
		env = append(env, workflow.KV{Key: val, Value: c.exprValue(p.Call.Args.Get("value"), nil)})
		fmt.Fprintf(&cmd, " -f %s=\"$%s\"", name, val)
	}
	sc.job.perms = sc.job.perms.Set("actions", workflow.Write)
	c.emit(sc, &workflow.Step{Name: "Start " + job, Run: cmd.String(), Env: env}, s.Range)
	note := fmt.Sprintf("the job %q must be the workflow %s in this repository", job, WorkflowFileName(lastSegment(job)))
	if v := s.Args.Get("wait"); v.Kind == pipeline.Absent || v.Truthy() {
		note += "; the step does not wait for it to finish as Jenkins did"
	}
	c.record("step:build", Approximated, s.Range, "%s", note)
}

// lastSegment is the job's name without its folders.
func lastSegment(job string) string {
	job = strings.TrimSuffix(job, "/")
	if i := strings.LastIndex(job, "/"); i >= 0 {
		return job[i+1:]
	}
	return job
}
