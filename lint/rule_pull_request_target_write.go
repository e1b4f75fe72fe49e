package lint

import (
	"github.com/jenkins2actions/jenkins2actions/diag"
	"go.yaml.in/yaml/v3"
)

// rulePullRequestTargetWrite flags write permissions in workflows run by
// pull_request_target: anyone can open a pull request, so a mistake in such
// a workflow is a write token in a stranger's hands. Label and comment
// bots need a narrow write (pull-requests, issues); contents, actions,
// packages and the blanket write-all give away the repository.
type rulePullRequestTargetWrite struct{ RuleBase }

// prBotScopes are the write scopes a pull_request_target workflow may
// reasonably hold: they let it label and comment, not change code.
var prBotScopes = map[string]bool{"pull-requests": true, "issues": true, "checks": true, "statuses": true}

func newRulePullRequestTargetWrite() rule {
	return &rulePullRequestTargetWrite{RuleBase{info: RuleInfo{
		ID:          "pull-request-target-write",
		Description: "a pull_request_target workflow gets no write access to code, packages or actions",
		Severity:    diag.Error,
		Bad: `on: pull_request_target
permissions:
  contents: write
  pull-requests: write
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - run: gh pr edit "$PR" --add-label triage
`,
		Good: `on: pull_request_target
permissions:
  contents: read
  pull-requests: write
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - run: gh pr edit "$PR" --add-label triage
`,
	}}}
}

func (r *rulePullRequestTargetWrite) visitWorkflow(w *workflowNode) {
	if _, ok := w.events["pull_request_target"]; ok {
		r.check(w.permissions)
	}
}

func (r *rulePullRequestTargetWrite) visitJob(w *workflowNode, j *jobNode) {
	if _, ok := w.events["pull_request_target"]; ok {
		r.check(j.permissions)
	}
}

func (r *rulePullRequestTargetWrite) check(p *yaml.Node) {
	if p == nil {
		return
	}
	if scalar(p) == "write-all" {
		r.report(p, "pull_request_target runs for anyone's pull request: \"write-all\" hands them the repository")
		return
	}
	if p.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(p.Content); i += 2 {
		k, v := p.Content[i], p.Content[i+1]
		if v.Value == "write" && !prBotScopes[k.Value] {
			r.report(k, "pull_request_target runs for anyone's pull request: %q write is too much for it", k.Value)
		}
	}
}
