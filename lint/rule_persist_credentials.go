package lint

import (
	"regexp"

	"github.com/jenkins2actions/jenkins2actions/diag"
)

// rulePersistCredentials wants actions/checkout told not to leave the
// token in .git/config, where every later step (and any artifact that
// uploads the workspace) can read it. A job that pushes needs it; the
// heuristic for that is a later run: step with "git push".
type rulePersistCredentials struct{ RuleBase }

var gitPush = regexp.MustCompile(`\bgit\s[^\n;&|]*\bpush\b`)

func newRulePersistCredentials() rule {
	return &rulePersistCredentials{RuleBase{info: RuleInfo{
		ID:          "persist-credentials",
		Description: "actions/checkout sets persist-credentials: false unless a later step of the job runs git push",
		Severity:    diag.Warning,
		Bad: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
      - run: make
`,
		Good: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
        with:
          persist-credentials: false
      - run: make
`,
	}}}
}

func (r *rulePersistCredentials) visitJob(_ *workflowNode, j *jobNode) {
	for i, s := range j.steps {
		if !isAction(s, "actions/checkout") {
			continue
		}
		if v := withValue(s, "persist-credentials"); v != nil && v.Value == "false" {
			continue
		}
		if pushesLater(j.steps[i+1:]) {
			continue
		}
		r.report(s.uses, "checkout leaves the token in .git/config for every later step: set \"persist-credentials: false\" (no later step runs git push)")
	}
}

func pushesLater(steps []*stepNode) bool {
	for _, s := range steps {
		if s.run != nil && gitPush.MatchString(s.run.Value) {
			return true
		}
	}
	return false
}
