package lint

import "github.com/jenkins2actions/jenkins2actions/diag"

// rulePermissionsPresent wants the GITHUB_TOKEN's permissions written down:
// without them a job gets the repository's default, which is often
// read-write on everything.
type rulePermissionsPresent struct{ RuleBase }

func newRulePermissionsPresent() rule {
	return &rulePermissionsPresent{RuleBase{info: RuleInfo{
		ID:          "permissions-present",
		Description: "permissions are set at the top level or on every job",
		Severity:    diag.Error,
		Bad: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make
`,
		Good: `on: push
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make
`,
	}}}
}

func (r *rulePermissionsPresent) visitJob(w *workflowNode, j *jobNode) {
	if w.permissions != nil || j.permissions != nil {
		return
	}
	r.report(j.key, "job %q has no permissions and the workflow sets none: add top-level \"permissions: contents: read\" and grant more on the jobs that need it", j.id)
}
