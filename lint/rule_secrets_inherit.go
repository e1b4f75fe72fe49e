package lint

import "github.com/jenkins2actions/jenkins2actions/diag"

// ruleSecretsInherit flags "secrets: inherit", which hands every secret of
// the repository to the called workflow instead of the ones it declares.
type ruleSecretsInherit struct{ RuleBase }

func newRuleSecretsInherit() rule {
	return &ruleSecretsInherit{RuleBase{info: RuleInfo{
		ID:          "secrets-inherit",
		Description: "reusable workflow calls pass the secrets they need, not \"secrets: inherit\"",
		Severity:    diag.Warning,
		Bad: `on: push
jobs:
  deploy:
    uses: my-org/workflows/.github/workflows/deploy.yml@0123456789abcdef0123456789abcdef01234567
    secrets: inherit
`,
		Good: `on: push
jobs:
  deploy:
    uses: my-org/workflows/.github/workflows/deploy.yml@0123456789abcdef0123456789abcdef01234567
    secrets:
      DEPLOY_TOKEN: ${{ secrets.DEPLOY_TOKEN }}
`,
	}}}
}

func (r *ruleSecretsInherit) visitJob(_ *workflowNode, j *jobNode) {
	if scalar(j.secrets) == "inherit" {
		r.report(j.secrets, "job %q passes every secret to the called workflow: list the secrets it needs", j.id)
	}
}
