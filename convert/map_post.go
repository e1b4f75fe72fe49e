package convert

import (
	"github.com/jenkins2actions/jenkins2actions/workflow/condition"

	"slices"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/diag"

	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

// postConditions maps post conditions to the status functions of a step
// inside the job (stage post) and to a test of the needed jobs' results
// (pipeline post in its own job).
var postConditions = map[string]struct {
	step, needs string
	status      Status
	note        string
}{
	"always":       {"always()", "always()", Converted, ""},
	"success":      {"success() && " + notFailed + " && " + notUnstable, "!contains(needs.*.result, 'failure') && !contains(needs.*.result, 'cancelled') && " + notUnstable, Converted, ""},
	"failure":      {"failure() || " + isFailed, "contains(needs.*.result, 'failure')", Converted, ""},
	"unstable":     {"success() && " + notFailed + " && " + isUnstable, "!contains(needs.*.result, 'failure') && !cancelled() && " + isUnstable, Converted, ""},
	"aborted":      {"cancelled()", "cancelled()", Converted, ""},
	"unsuccessful": {"failure() || cancelled() || " + isFailed + " || " + isUnstable, "contains(needs.*.result, 'failure') || cancelled() || " + isUnstable, Converted, ""},
	"cleanup":      {"always()", "always()", Converted, ""},
	// The previous run's result comes from the previous-run template.
	"fixed": {"success() && " + previousFailed, "!contains(needs.*.result, 'failure') && !cancelled() && " + previousFailed,
		Approximated, "a step looks up the previous run of the workflow on the branch"},
	"regression": {"failure() && " + previousSucceeded, "contains(needs.*.result, 'failure') && " + previousSucceeded,
		Approximated, "a step looks up the previous run of the workflow on the branch"},
	"changed": {"(success() && " + previousFailed + ") || (failure() && " + previousSucceeded + ")",
		"(!contains(needs.*.result, 'failure') && " + previousFailed + ") || (contains(needs.*.result, 'failure') && " + previousSucceeded + ")",
		Approximated, "a step looks up the previous run of the workflow on the branch; a change between success and failure counts"},
}

// The result a build has without having stopped: catchError, warnError,
// unstable and currentBuild.result set these (markResult).
const (
	isFailed    = "env." + failedVar + " == 'true'"
	notFailed   = "env." + failedVar + " != 'true'"
	isUnstable  = "env." + unstableVar + " == 'true'"
	notUnstable = "env." + unstableVar + " != 'true'"
)

const (
	previousFailed    = "steps.previous-run.outputs.conclusion == 'failure'"
	previousSucceeded = "steps.previous-run.outputs.conclusion == 'success'"
)

// previousRun adds the step that looks up the previous run's result, once
// per job, before the post steps that need it.
func (c *converter) previousRun(sc *scope, src diag.Range) {
	if sc.job.previousRun {
		return
	}
	sc.job.previousRun = true
	bare := sc.child()
	bare.cond = nil
	c.template(bare, "previous-run", nil, src)
}

// postConstructs are the post conditions.
func postConstructs() []*Construct {
	var ks []*Construct
	for name, pc := range postConditions {
		ks = append(ks, &Construct{Kind: KindPost, Name: name, Status: pc.status, Summary: "steps with if: " + pc.step})
	}
	return ks
}

// post converts a stage's post block into steps at the end of its job.
// cleanup runs last, as in Jenkins.
func (c *converter) post(sc *scope, blocks []*pipeline.PostBlock) {
	for _, pb := range sortedPost(blocks) {
		pc, ok := postConditions[pb.Condition]
		if !ok {
			c.manualPost(pb)
			continue
		}
		c.record(constructFor(KindPost, pb.Condition), pc.status, pb.Range, "%s", pc.note)
		if strings.Contains(pc.step, "previous-run") {
			c.previousRun(sc, pb.Range)
		}
		inner := sc.child()
		// The stage condition still applies: a post block of a skipped
		// stage does not run, nor one of a stage an earlier failure
		// skipped.
		inner.cond = condition.And(condition.Of(pc.step), sc.cond, sc.started)
		c.steps(inner, pb.Steps)
	}
}

func (c *converter) manualPost(pb *pipeline.PostBlock) {
	note := "needs the previous run's result: look it up with the GitHub API in a final job"
	if lookup(KindPost, pb.Condition) == nil {
		note = "unknown post condition"
	}
	c.manual(constructFor(KindPost, pb.Condition), pb.Range, "", "%s", note)
	for _, s := range pb.Steps {
		c.manual(stepConstruct(s), s.Range, s.Text, "step of a post %s block", pb.Condition)
		if _, ok := s.Stmt.(*pipeline.Groovy); ok {
			c.nestedShells(s)
		}
	}
}

// postOrder is the order Jenkins runs post conditions in: by the ordinal
// of their BuildCondition extension (pipeline-model-definition), whatever
// the order they are written in.
var postOrder = []string{"always", "changed", "fixed", "regression", "aborted", "failure", "success", "unsuccessful", "unstable", "notBuilt", "cleanup"}

func sortedPost(blocks []*pipeline.PostBlock) []*pipeline.PostBlock {
	out := slices.Clone(blocks)
	rank := func(b *pipeline.PostBlock) int {
		if i := slices.Index(postOrder, b.Condition); i >= 0 {
			return i
		}
		return len(postOrder)
	}
	slices.SortStableFunc(out, func(a, b *pipeline.PostBlock) int { return rank(a) - rank(b) })
	return out
}

// pipelinePost converts the pipeline's post block. With one job its steps
// end that job, where the workspace is; with several they form a final job
// that needs all others and tests their results.
func (c *converter) pipelinePost(po *jobOptions) {
	if len(c.p.Post) == 0 {
		return
	}
	if len(c.builders) == 1 {
		j := c.builders[0]
		c.post(c.jobScope(j), c.p.Post)
		return
	}
	var needs []string
	for _, job := range c.wf.Jobs {
		needs = append(needs, job.ID)
	}
	s := &pipeline.Stage{Name: "post", Range: c.p.Post[0].Range}
	j := c.newJob(s, planCtx{agent: c.p.Agent, opts: po}, false)
	j.job.Needs = needs
	j.job.If = "always()"
	j.stages = append(j.stages, "post")
	for _, pb := range sortedPost(c.p.Post) {
		pc, ok := postConditions[pb.Condition]
		if !ok {
			c.manualPost(pb)
			continue
		}
		note := pc.note
		if note == "" {
			note = "runs in a final job that needs all others; files of other jobs are not in its workspace"
		}
		c.record(constructFor(KindPost, pb.Condition), Approximated, pb.Range, "%s", note)
		sc := c.jobScope(j)
		if strings.Contains(pc.needs, "previous-run") {
			c.previousRun(sc, pb.Range)
		}
		sc.cond = condition.Of(pc.needs)
		if pc.needs == "always()" {
			sc.cond = nil
		}
		c.steps(sc, pb.Steps)
	}
}
