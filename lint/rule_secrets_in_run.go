package lint

import (
	"strings"

	"github.com/jenkins2actions/jenkins2actions/diag"
)

// ruleSecretsInRun keeps secrets out of script text: an expression is
// pasted into the script before the shell runs, so the secret lands in
// the script file and the process list, and quotes in it break the
// script. Through env: the shell reads it as a variable.
type ruleSecretsInRun struct{ RuleBase }

func newRuleSecretsInRun() rule {
	return &ruleSecretsInRun{RuleBase{info: RuleInfo{
		ID:          "secrets-in-run",
		Description: "secrets reach run: scripts through env:, not through ${{ }} in the script",
		Severity:    diag.Warning,
		Bad: `on: push
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - run: npm publish --token "${{ secrets.NPM_TOKEN }}"
`,
		Good: `on: push
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - run: npm publish --token "$NPM_TOKEN"
        env:
          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}
`,
	}}}
}

func (r *ruleSecretsInRun) visitStep(_ *workflowNode, _ *jobNode, s *stepNode) {
	if s.run == nil {
		return
	}
	for _, e := range expressions(s.run.Value) {
		if strings.Contains(e.text, "secrets.") || strings.Contains(e.text, "secrets[") {
			line, col := r.scalarPos(s.run, e.offset)
			r.reportAt(line, col, "secret %q is pasted into the script: pass it through the step's env: and use the variable", strings.TrimSpace(e.text))
		}
	}
}
