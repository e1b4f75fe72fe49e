package lint

import (
	"strings"

	"github.com/jenkins2actions/jenkins2actions/diag"
)

// rulePullRequestTargetCheckout flags the "pwn request": pull_request_target
// runs with the base repository's token and secrets, so checking out the
// pull request's head there runs a stranger's code with them.
type rulePullRequestTargetCheckout struct{ RuleBase }

// headRefs are the ways a checkout names the pull request's code.
var headRefs = []string{
	"github.event.pull_request.head.sha",
	"github.event.pull_request.head.ref",
	"github.event.pull_request.head.repo.full_name",
	"github.head_ref",
	"refs/pull/",
	"github.event.number",
	"github.event.pull_request.number",
	"github.event.pull_request.merge_commit_sha",
}

func newRulePullRequestTargetCheckout() rule {
	return &rulePullRequestTargetCheckout{RuleBase{info: RuleInfo{
		ID:          "pull-request-target-checkout",
		Description: "a pull_request_target workflow does not check out the pull request's head",
		Severity:    diag.Error,
		Bad: `on: pull_request_target
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: make test
`,
		Good: `on: pull_request
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
      - run: make test
`,
	}}}
}

func (r *rulePullRequestTargetCheckout) visitStep(w *workflowNode, _ *jobNode, s *stepNode) {
	if _, ok := w.events["pull_request_target"]; !ok || !isAction(s, "actions/checkout") {
		return
	}
	for _, input := range []string{"ref", "repository"} {
		v := withValue(s, input)
		if v == nil {
			continue
		}
		for _, h := range headRefs {
			if strings.Contains(v.Value, h) {
				r.report(v, "pull_request_target checks out the pull request's code (%s) with the base repository's token and secrets: use pull_request, or keep this job free of secrets and write permissions", h)
				return
			}
		}
	}
}
