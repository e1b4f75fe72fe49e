package lint

import "github.com/jenkins2actions/jenkins2actions/diag"

// ruleTimeoutMinutes wants a timeout on every job: the default is six
// hours, which a hung build spends in full. A job calling a reusable
// workflow cannot set one; the called workflow's jobs do.
type ruleTimeoutMinutes struct{ RuleBase }

func newRuleTimeoutMinutes() rule {
	return &ruleTimeoutMinutes{RuleBase{info: RuleInfo{
		ID:          "timeout-minutes",
		Description: "every job sets timeout-minutes (jobs calling a reusable workflow are exempt)",
		Severity:    diag.Error,
		Bad: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make
`,
		Good: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
      - run: make
`,
	}}}
}

func (r *ruleTimeoutMinutes) visitJob(_ *workflowNode, j *jobNode) {
	if j.timeout != nil || j.uses != nil {
		return
	}
	r.report(j.key, "job %q has no timeout-minutes: it can run for 6 hours when it hangs", j.id)
}
