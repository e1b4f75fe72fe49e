package lint

import (
	"strings"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/workflow"
	"go.yaml.in/yaml/v3"
)

// ruleSelfHostedPullRequest flags self-hosted runners in workflows that
// pull requests trigger: in a public repository a fork's pull request
// runs its own code there, and a self-hosted machine keeps what it leaves
// behind for the next job.
type ruleSelfHostedPullRequest struct{ RuleBase }

func newRuleSelfHostedPullRequest() rule {
	return &ruleSelfHostedPullRequest{RuleBase{info: RuleInfo{
		ID:          "self-hosted-pull-request",
		Description: "jobs of workflows triggered by pull_request do not run on self-hosted runners",
		Severity:    diag.Warning,
		Bad: `on: pull_request
jobs:
  test:
    runs-on: [self-hosted, linux]
    steps:
      - run: make test
`,
		Good: `on: pull_request
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: make test
`,
	}}}
}

func (r *ruleSelfHostedPullRequest) visitJob(w *workflowNode, j *jobNode) {
	_, pr := w.events["pull_request"]
	_, prt := w.events["pull_request_target"]
	if (!pr && !prt) || !runsOnSelfHosted(j.runsOn) {
		return
	}
	if _, cond := mapGet(j.node, "if"); pr && !prt && cond != nil && strings.Contains(cond.Value, workflow.SameRepositoryPullRequest) {
		return // fork pull requests do not reach the runner
	}
	r.report(j.runsOn, "job %q runs pull request code on a self-hosted runner: a fork's pull request can take over the machine; use a GitHub-hosted or ephemeral runner, or keep forks off the job with if: %s", j.id, workflow.SameRepositoryPullRequest)
}

// runsOnSelfHosted reports whether runs-on names the self-hosted label, in any
// of its forms.
func runsOnSelfHosted(n *yaml.Node) bool {
	if n == nil {
		return false
	}
	switch n.Kind {
	case yaml.ScalarNode:
		return strings.EqualFold(n.Value, "self-hosted")
	case yaml.SequenceNode:
		for _, c := range n.Content {
			if runsOnSelfHosted(c) {
				return true
			}
		}
	case yaml.MappingNode:
		_, labels := mapGet(n, "labels")
		return runsOnSelfHosted(labels)
	}
	return false
}
