package lint

import (
	"strings"

	"github.com/jenkins2actions/jenkins2actions/diag"
)

// ruleWorkflowRunArtifacts flags artifacts of another run unpacked into the
// workspace of a workflow_run workflow. The triggering run may come from a
// fork's pull request, so its artifacts are untrusted, while this workflow
// has the base repository's token and secrets: a planted file in the
// workspace (a script, a config, a package.json) gets run with them.
// Unpacked under runner.temp and read as data, they are harmless.
type ruleWorkflowRunArtifacts struct{ RuleBase }

func newRuleWorkflowRunArtifacts() rule {
	return &ruleWorkflowRunArtifacts{RuleBase{info: RuleInfo{
		ID:          "workflow-run-artifacts",
		Description: "a workflow_run workflow unpacks the triggering run's artifacts under runner.temp, not into the workspace",
		Severity:    diag.Warning,
		Bad: `on:
  workflow_run:
    workflows: [ci]
    types: [completed]
jobs:
  comment:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@v4
        with:
          name: results
          run-id: ${{ github.event.workflow_run.id }}
          github-token: ${{ github.token }}
`,
		Good: `on:
  workflow_run:
    workflows: [ci]
    types: [completed]
jobs:
  comment:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@v4
        with:
          name: results
          run-id: ${{ github.event.workflow_run.id }}
          github-token: ${{ github.token }}
          path: ${{ runner.temp }}/results
`,
	}}}
}

func (r *ruleWorkflowRunArtifacts) visitStep(w *workflowNode, _ *jobNode, s *stepNode) {
	if _, ok := w.events["workflow_run"]; !ok {
		return
	}
	switch {
	case isAction(s, "actions/download-artifact") && withValue(s, "run-id") != nil:
	case isAction(s, "dawidd6/action-download-artifact"):
	default:
		return
	}
	if p := withValue(s, "path"); p != nil && strings.Contains(p.Value, "runner.temp") {
		return
	}
	r.report(s.uses, "artifacts of the triggering run are untrusted and this step unpacks them into the workspace: set path: ${{ runner.temp }}/<dir> and treat the files as data")
}
