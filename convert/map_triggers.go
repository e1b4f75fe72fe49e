package convert

import (
	"strings"

	"github.com/jenkins2actions/jenkins2actions/jenkins/cron"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
	"github.com/jenkins2actions/jenkins2actions/workflow"
)

var (
	triggerCron              = &Construct{Kind: KindTrigger, Name: "cron", Status: Converted, Summary: "on.schedule, with H replaced as Jenkins hashes it"}
	triggerPollSCM           = &Construct{Kind: KindTrigger, Name: "pollSCM", Status: Converted, Summary: "on.push: GitHub tells the workflow about changes"}
	triggerGitHubPush        = &Construct{Kind: KindTrigger, Name: "githubPush", Status: Converted, Summary: "on.push"}
	triggerGitHubPullRequest = &Construct{Kind: KindTrigger, Name: "githubPullRequest", Status: Converted, Summary: "on.pull_request"}
	triggerGhprb             = &Construct{Kind: KindTrigger, Name: "ghprb", Status: Approximated, Summary: "on.pull_request for the target branches; trigger phrases need an issue_comment workflow"}
	triggerUpstream          = &Construct{Kind: KindTrigger, Name: "upstream", Status: Approximated, Summary: "on.workflow_run of the upstream workflows"}
)

func init() {
	triggerCron.trigger = trigCron
	triggerPollSCM.trigger = trigPoll
	triggerGitHubPush.trigger = trigPoll
	triggerGitHubPullRequest.trigger = trigPullRequest
	triggerGhprb.trigger = trigPullRequest
	triggerUpstream.trigger = trigUpstream
}

func trigCron(c *converter, t *pipeline.Trigger) {
	spec := t.Spec
	var notes []string
	if primary, ok := c.primaryOnlySpec(t.Args.First("spec")); ok {
		spec = primary
		notes = append(notes, "the schedule was only set on the primary branch: GitHub runs schedules on the default branch only")
	}
	if spec == "" {
		c.manual(triggerCron, t.Range, "", "cron spec computed by Groovy")
		return
	}
	specs, cronNotes := cron.Translate(spec, c.p.Name)
	notes = append(notes, cronNotes...)
	if len(specs) == 0 {
		c.manual(triggerCron, t.Range, "", "cron spec %q: %s", t.Spec, strings.Join(notes, "; "))
		return
	}
	c.wf.On.Schedule = append(c.wf.On.Schedule, specs...)
	if len(notes) > 0 {
		c.record(triggerCron, Approximated, t.Range, "%s", strings.Join(notes, "; "))
		return
	}
	c.record(triggerCron, Converted, t.Range, "")
}

// primaryOnlySpec reads the common "cron only on the primary branch"
// forms: cron(env.BRANCH_IS_PRIMARY ? 'spec' : ”), the same with
// env.BRANCH_NAME == 'main' or 'master', directly or through a variable
// defined outside the pipeline block.
func (c *converter) primaryOnlySpec(v pipeline.Value) (string, bool) {
	e := v.Expr
	if ref := v.Ref(); ref != nil {
		e = ref.Expr
		if ref.Scope == pipeline.RefVar {
			for _, s := range c.p.Prelude {
				if d, ok := s.Stmt.(*pipeline.Def); ok && d.Name == ref.Name {
					e = d.Value.Expr
				}
			}
		}
	}
	if e == nil || e.Op != pipeline.OpTernary || e.Y == nil || e.Z == nil || e.Y.Op != pipeline.OpLeaf || e.Z.Op != pipeline.OpLeaf || !e.Y.Leaf.IsLiteral() || e.Z.Leaf.Str() != "" || !isPrimaryTest(e.X) {
		return "", false
	}
	return e.Y.Leaf.Str(), true
}

// isPrimaryTest reports whether e tests that the build is on the primary
// branch.
func isPrimaryTest(e *pipeline.Expr) bool {
	envRef := func(e *pipeline.Expr, name string) bool {
		r := e.Ref()
		return r != nil && r.Scope == pipeline.RefEnv && r.Name == name
	}
	switch {
	case e == nil:
		return false
	case envRef(e, "BRANCH_IS_PRIMARY"):
		return true
	case e.Op == pipeline.OpEq && envRef(e.X, "BRANCH_NAME") && e.Y != nil && e.Y.Op == pipeline.OpLeaf:
		b := e.Y.Leaf.Str()
		return b == "main" || b == "master"
	}
	return false
}

func trigPoll(c *converter, t *pipeline.Trigger) {
	c.polled = c.polled || t.Kind == "pollSCM"
	if c.wf.On.Push == nil {
		c.wf.On.Push = &workflow.Push{}
	}
	c.record(constructFor(KindTrigger, t.Kind), Converted, t.Range, "pushes start the workflow; no polling needed")
}

// trigPullRequest starts the workflow on pull requests, for the target
// branches the pull request builder watched.
func trigPullRequest(c *converter, t *pipeline.Trigger) {
	if c.wf.On.PullRequest == nil {
		c.wf.On.PullRequest = &workflow.Push{}
	}
	c.wf.On.PullRequest.Branches = append(c.wf.On.PullRequest.Branches, t.Args.Get("targetBranches").Strings()...)
	var notes []string
	if t.Args.Get("triggerPhrase").Str() != "" || t.Args.Get("onlyTriggerPhrase").Truthy() {
		notes = append(notes, "builds started by a comment phrase need a workflow on issue_comment")
	}
	if t.Args.Get("includedRegions").Str() != "" || t.Args.Get("excludedRegions").Str() != "" {
		notes = append(notes, "included and excluded regions become on.pull_request.paths by hand")
	}
	if len(notes) > 0 {
		c.record(constructFor(KindTrigger, t.Kind), Approximated, t.Range, "%s", strings.Join(notes, "; "))
		return
	}
	c.record(constructFor(KindTrigger, t.Kind), Converted, t.Range, "")
}

func trigUpstream(c *converter, t *pipeline.Trigger) {
	names := splitList(t.Args.First("upstreamProjects").Str())
	if len(names) == 0 {
		c.manual(triggerUpstream, t.Range, "", "upstream projects computed by Groovy")
		return
	}
	if c.wf.On.WorkflowRun == nil {
		c.wf.On.WorkflowRun = &workflow.WorkflowRun{Types: []string{"completed"}}
	}
	c.wf.On.WorkflowRun.Workflows = append(c.wf.On.WorkflowRun.Workflows, names...)
	c.upstream = true
	c.record(triggerUpstream, Approximated, t.Range, "the upstream jobs must be workflows named %s in this repository; jobs run only when the upstream run succeeded", strings.Join(names, ", "))
}
