package convert

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/bash"
	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
	"github.com/jenkins2actions/jenkins2actions/workflow"
	"github.com/jenkins2actions/jenkins2actions/workflow/condition"
)

var (
	directiveInput = &Construct{Kind: KindDirective, Name: "input", Status: Approximated,
		Summary: "the stage's job waits on a GitHub environment whose required reviewers approve it"}
	stepInput = &Construct{Kind: KindStep, Name: "input", Status: Approximated,
		Summary: "the job splits: the steps after the input run in a job that needs the first part and waits in an environment with reviewers"}
	stepBuild = &Construct{Kind: KindStep, Name: "build", Status: Approximated,
		Summary: "gh workflow run of the downstream workflow, with its parameters as inputs"}
)

func init() {
	stepInput.step = mapInput
	stepBuild.step = mapBuild
}

// approval gates a stage's job behind a GitHub environment: the job waits
// until a required reviewer approves, as Jenkins' input waited for a
// submitter.
func (c *converter) approval(j *jobBuilder, s *pipeline.Stage) {
	in := s.Input
	note := c.environment(j, in.Args, s.Name, in.Range)
	c.record(directiveInput, Approximated, in.Range, "%s", note)
}

// environment gates job j behind a GitHub environment named after the
// input's id (or fallback), with the input's submitters as the reviewers
// to set up, and returns the note that says so.
func (c *converter) environment(j *jobBuilder, args pipeline.Args, fallback string, src diag.Range) string {
	name := args.Get("id").Str()
	if name == "" {
		name = fallback
	}
	env := slug(name, "-")
	if env == "" {
		env = "approval"
	}
	j.job.Environment = env
	var reviewers []string
	for _, r := range strings.Split(args.Get("submitter").Str(), ",") {
		if r = strings.TrimSpace(r); r != "" {
			reviewers = append(reviewers, r)
		}
	}
	c.res.Environments = append(c.res.Environments, &Environment{Name: env, Reviewers: reviewers, Source: src})
	note := fmt.Sprintf("create the environment %q with required reviewers", env)
	if len(reviewers) > 0 {
		note += " (Jenkins submitters: " + strings.Join(reviewers, ", ") + ")"
	}
	if args.Has("parameters") {
		note += "; the input's parameters are not asked for: add them as workflow_dispatch inputs"
	}
	return note
}

// mapInput splits the job at an input step: the steps before it stay in
// a job of their own, and the job's ID, with the steps after the input,
// moves to a new job that needs it and waits for approval in an
// environment. Later jobs keep needing the ID, so they wait for the
// approved part.
func mapInput(c *converter, sc *scope, s *pipeline.Step) {
	j := sc.job
	if len(c.inlining) > 0 || !condition.Equal(sc.cond, j.stepCond) || j.matrix != nil {
		c.manual(stepInput, s.Range, s.Text, "an approval inside a method, a condition or a matrix: split the job by hand and gate the second part with an environment")
		return
	}
	before := *j
	beforeJob := j.job
	before.job = beforeJob
	id := beforeJob.ID
	beforeJob.ID = c.jobID(id + "-before-approval")
	after := &workflow.Job{
		ID: id, Name: j.job.Name, Needs: []string{beforeJob.ID}, If: beforeJob.If,
		RunsOn: beforeJob.RunsOn, Container: beforeJob.Container, Services: beforeJob.Services,
		Strategy: beforeJob.Strategy, TimeoutMinutes: beforeJob.TimeoutMinutes,
		Env: slices.Clone(beforeJob.Env), Concurrency: beforeJob.Concurrency, WorkingDirectory: beforeJob.WorkingDirectory,
		Source: s.Range,
	}
	j.job = after
	j.vars = maps.Clone(j.vars)
	j.varOrder = slices.Clone(j.varOrder)
	j.exports = slices.Clone(j.exports)
	j.previousRun, j.computed, j.tools = false, nil, nil
	i := slices.Index(c.wf.Jobs, beforeJob)
	c.wf.Jobs = slices.Insert(c.wf.Jobs, i+1, after)
	k := slices.Index(c.builders, j)
	c.builders[k] = &before
	c.builders = slices.Insert(c.builders, k+1, j)
	note := c.environment(j, s.Args, "approval", s.Range)
	if before.checkedOut {
		// The same Jenkins workspace goes on after the approval.
		j.from = c.builders[k]
		c.takeWorkspace(j, c.jobScope(j))
	}
	if msg := s.Args.First("message").Str(); msg != "" {
		c.emit(c.jobScope(j), &workflow.Step{Name: "Approved", Run: "echo " + bash.Word("approved: "+firstLine(msg))}, s.Range)
	}
	c.record(stepInput, Approximated, s.Range, "the steps after the input run in the job %q after approval, on a new runner, with the workspace files and the env.X values of the steps before it; processes they started and Groovy variables they computed are not carried; %s", id, note)
}

// mapBuild starts the workflow that stands for a downstream Jenkins job.
func mapBuild(c *converter, sc *scope, s *pipeline.Step) {
	job, ok := valueText(s.Args.First("job"))
	if !ok || job == "" {
		c.manual(stepBuild, s.Range, s.Text, "job name computed by Groovy: start its workflow with gh workflow run")
		return
	}
	var cmd strings.Builder
	fmt.Fprintf(&cmd, "gh workflow run %s", bash.Quote(WorkflowFileName(lastSegment(job))))
	env := []workflow.KV{{Key: "GH_TOKEN", Value: "${{ github.token }}"}}
	for i, p := range s.Args.Get("parameters").List {
		if p.Kind != pipeline.Call {
			c.manual(stepBuild, s.Range, s.Text, "parameters computed by Groovy: pass them as -f name=value")
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
	c.record(stepBuild, Approximated, s.Range, "%s", note)
}

// lastSegment is the job's name without its folders.
func lastSegment(job string) string {
	job = strings.TrimSuffix(job, "/")
	if i := strings.LastIndex(job, "/"); i >= 0 {
		return job[i+1:]
	}
	return job
}
