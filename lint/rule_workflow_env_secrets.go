package lint

import (
	"strings"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"go.yaml.in/yaml/v3"
)

// ruleWorkflowEnvSecrets keeps secrets out of workflow-level env, where
// every step of every job, including third-party actions, can read them.
type ruleWorkflowEnvSecrets struct{ RuleBase }

func newRuleWorkflowEnvSecrets() rule {
	return &ruleWorkflowEnvSecrets{RuleBase{info: RuleInfo{
		ID:          "workflow-env-secrets",
		Description: "no secrets in workflow-level env: give them to the steps that use them",
		Severity:    diag.Error,
		Bad: `on: push
env:
  TOKEN: ${{ secrets.DEPLOY_TOKEN }}
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: ./deploy.sh
`,
		Good: `on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: ./deploy.sh
        env:
          TOKEN: ${{ secrets.DEPLOY_TOKEN }}
`,
	}}}
}

func (r *ruleWorkflowEnvSecrets) visitWorkflow(w *workflowNode) {
	if w.env == nil || w.env.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(w.env.Content); i += 2 {
		k, v := w.env.Content[i], w.env.Content[i+1]
		if usesSecrets(v.Value) {
			r.report(v, "workflow-level env %q holds a secret that every step of every job can read: set it in the env of the step that needs it", k.Value)
		}
	}
}

// usesSecrets reports whether s has an expression reading a secret.
func usesSecrets(s string) bool {
	for _, e := range expressions(s) {
		if strings.Contains(e.text, "secrets.") || strings.Contains(e.text, "secrets[") {
			return true
		}
	}
	return false
}
