package lint

import (
	"strings"

	"github.com/jenkins2actions/jenkins2actions/diag"
)

// ruleContinueOnError flags continue-on-error: true, which turns a failed
// job or step green: the failure is only found by reading the log. An
// expression (for example for an experimental matrix leg) is a deliberate
// choice and is left alone, and so is a cleanup step, one that runs on
// always(), failure() or cancelled(): its failure must not change the
// outcome of the work before it.
type ruleContinueOnError struct{ RuleBase }

func newRuleContinueOnError() rule {
	return &ruleContinueOnError{RuleBase{info: RuleInfo{
		ID:          "continue-on-error",
		Description: "no job or step sets continue-on-error: true, which hides failures",
		Severity:    diag.Warning,
		Bad: `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: make test
        continue-on-error: true
`,
		Good: `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: make test
`,
	}}}
}

func (r *ruleContinueOnError) visitJob(_ *workflowNode, j *jobNode) {
	if isTrue(j.continueOnError) {
		r.report(j.continueOnError, "job %q always succeeds: continue-on-error hides its failures", j.id)
	}
}

func (r *ruleContinueOnError) visitStep(_ *workflowNode, _ *jobNode, s *stepNode) {
	if isTrue(s.continueOnError) && !cleanupStep(s) {
		r.report(s.continueOnError, "the step always succeeds: continue-on-error hides its failures; use if: failure() steps or fail the job")
	}
}

// cleanupStep reports whether a step runs after failures too, as the
// steps converted from a Jenkins post block do.
func cleanupStep(s *stepNode) bool {
	_, cond := mapGet(s.node, "if")
	c := scalar(cond)
	return strings.Contains(c, "always()") || strings.Contains(c, "failure()") || strings.Contains(c, "cancelled()")
}
