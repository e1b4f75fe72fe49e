package convert

import (
	"regexp"
	"slices"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/pipeline"
	"github.com/jenkins2actions/jenkins2actions/workflow"
)

// Trigger is an event the workflow runs on, and why it was chosen.
type Trigger struct {
	Event  string `json:"event"`
	Reason string `json:"reason"`
}

var (
	directiveTriggers = &Construct{Kind: KindDirective, Name: "triggers", Status: Approximated,
		Summary: "the events a Jenkinsfile without triggers runs on, chosen from what the pipeline does"}
)

// branchVars are the Jenkins variables that tell branches and pull
// requests apart: a pipeline that reads them expects to run on both.
var branchVars = regexp.MustCompile(`\b(BRANCH_NAME|BRANCH_IS_PRIMARY|CHANGE_[A-Z]+|GIT_BRANCH|TAG_NAME)\b`)

// chooseTriggers decides the events of a Jenkinsfile's workflow from
// evidence and says why in the report: a Jenkinsfile in a repository runs
// where a multibranch project would build it (push and pull request),
// unless it is started by hand on Jenkins (parameters or input and no
// branch logic, or only release and deploy stages), or polls its branches.
// A job's config.xml keeps the triggers it has.
func (c *converter) chooseTriggers() {
	on := &c.wf.On
	switch {
	case len(c.cfg.Triggers) > 0:
		on.Push, on.PullRequest = nil, nil
		for _, e := range c.cfg.Triggers {
			switch e {
			case "push":
				on.Push = &workflow.Push{}
			case "pull_request":
				on.PullRequest = &workflow.Push{}
			}
		}
		c.trigger(on, "the triggers of the configuration file")
		return
	case c.p.Job != nil:
		why := "the job's own trigger"
		if on.Push != nil && len(c.p.Job.SCMs) > 0 {
			if on.Push.Branches = pushBranches(c.p.Job.SCMs[0].Branches); len(on.Push.Branches) > 0 {
				why += ", on the branches its SCM builds"
			}
		}
		c.trigger(on, why)
		return
	}
	var why string
	switch {
	case c.polled:
		on.PullRequest = nil
		why = "pollSCM built the branch when it changed: pushes start the workflow; pull requests were not built"
	case c.branchLogic():
		why = "the pipeline tells branches and pull requests apart: it runs on both, as in a multibranch project"
	case c.startedByHand():
		on.Push, on.PullRequest = nil, nil
		why = "parameters or input and no branch or pull-request logic: the pipeline was started by hand (Build with Parameters), so it runs on workflow_dispatch only"
	case c.deployOnly():
		on.Push, on.PullRequest = nil, nil
		why = "every stage releases or deploys: the pipeline runs on workflow_dispatch only, never on a push or pull request"
	default:
		why = "no trigger in the Jenkinsfile: it runs on every push and pull request, as in a multibranch project"
	}
	c.record(directiveTriggers, Approximated, c.p.Range, "%s (set triggers: in .jenkins2actions.yaml to choose)", why)
	c.trigger(on, why)
}

// trigger lists the events of on in the report, each with why.
func (c *converter) trigger(on *workflow.On, why string) {
	add := func(event, reason string) {
		c.res.Triggers = append(c.res.Triggers, &Trigger{Event: event, Reason: reason})
	}
	if on.Push != nil {
		add("push", why)
	}
	if on.PullRequest != nil {
		add("pull_request", why)
	}
	if len(on.Schedule) > 0 {
		add("schedule", "the pipeline's cron trigger")
	}
	if on.WorkflowRun != nil {
		add("workflow_run", "the pipeline's upstream trigger")
	}
	if on.WorkflowDispatch != nil {
		reason := "to start the workflow by hand, as Build Now did"
		if len(on.WorkflowDispatch.Inputs) > 0 {
			reason = "to start the workflow by hand with the pipeline's parameters, as Build with Parameters did"
		}
		add("workflow_dispatch", reason)
	}
}

// branchLogic reports whether the pipeline reads the branch or the pull
// request it builds.
func (c *converter) branchLogic() bool {
	if branchVars.MatchString(c.credText) || c.methodText(branchVars) {
		return true
	}
	found := false
	var walk func(conds []*pipeline.Condition)
	walk = func(conds []*pipeline.Condition) {
		for _, cond := range conds {
			switch cond.Kind {
			case "branch", "changeRequest", "tag", "buildingTag":
				found = true
			case "expression":
				found = found || branchVars.MatchString(cond.Expr.Text)
			}
			walk(cond.Children)
		}
	}
	pipeline.WalkStages(c.p.Stages, func(s *pipeline.Stage) {
		if s.When != nil {
			walk(s.When.Conditions)
		}
	})
	return found
}

// methodText reports whether the text of a method the Jenkinsfile defines
// matches re.
func (c *converter) methodText(re *regexp.Regexp) bool {
	for _, m := range c.p.Methods {
		for _, s := range m.Body {
			if re.MatchString(s.Text) {
				return true
			}
		}
	}
	return false
}

var inputStep = regexp.MustCompile(`(^|[^\w.])input\s*[(\w'"]`)

// startedByHand reports whether the pipeline asks a person for values:
// parameters, or an input step or stage.
func (c *converter) startedByHand() bool {
	if len(c.p.Parameters) > 0 || inputStep.MatchString(c.credText) || c.methodText(inputStep) {
		return true
	}
	found := false
	pipeline.WalkStages(c.p.Stages, func(s *pipeline.Stage) { found = found || s.Input != nil })
	return found
}

// deployOnly reports whether every stage of the pipeline releases,
// deploys or publishes.
func (c *converter) deployOnly() bool {
	var names []string
	pipeline.WalkStages(c.p.Stages, func(s *pipeline.Stage) {
		if len(s.Stages) == 0 && len(s.Parallel) == 0 && s.Matrix == nil {
			names = append(names, s.Name)
		}
	})
	return len(names) > 0 && !slices.ContainsFunc(names, func(n string) bool {
		return !workflow.IsDeployment(strings.ToLower(n), c.cfg.Lint.DeployWords)
	})
}

// pushBranches turns the branch specifiers of a job's Git SCM (*/main,
// origin/release-*, refs/heads/dev) into push branch filters; nil when one
// of them builds every branch or is computed.
func pushBranches(specs []string) []string {
	var out []string
	for _, b := range specs {
		b = strings.TrimSpace(b)
		for _, p := range []string{"refs/heads/", "*/", "origin/", "refs/remotes/origin/"} {
			b = strings.TrimPrefix(b, p)
		}
		if b == "" || b == "*" || b == "**" || strings.Contains(b, "$") || strings.HasPrefix(b, ":") {
			return nil
		}
		if !slices.Contains(out, b) {
			out = append(out, b)
		}
	}
	return out
}
