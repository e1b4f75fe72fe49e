package lint

import (
	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/workflow"
)

// ruleDeployProtection wants deploy jobs behind an environment (approvals,
// branch rules and secrets scoped to it) or at least in a concurrency
// group (two deploys never race); a deploy job with neither runs on every
// trigger, unchecked and in parallel. Jobs are recognised by a word of
// their id or name, so that "predeployment-check" is not one.
type ruleDeployProtection struct{ RuleBase }

func newRuleDeployProtection() rule {
	return &ruleDeployProtection{RuleBase{info: RuleInfo{
		ID:          "deploy-protection",
		Description: "deploy jobs (id or name with the word deploy, release or publish) have an environment or a concurrency group",
		Severity:    diag.Warning,
		Bad: `on: push
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
    environment: production
    steps:
      - run: ./deploy.sh
`,
		Settings: []Setting{{
			Key:         "deploy-words",
			Description: "words that mark a job id or name as a deploy (default: deploy, release, publish)",
		}},
	}}}
}

func (r *ruleDeployProtection) visitJob(w *workflowNode, j *jobNode) {
	if j.uses != nil || !r.isDeploy(j) {
		return
	}
	if j.environment != nil || j.concurrency != nil || w.concurrency != nil {
		return
	}
	r.report(j.key, "deploy job %q has neither an environment nor a concurrency group: add environment: for approvals and scoped secrets, or at least concurrency: so that deploys never overlap", j.id)
}

func (r *ruleDeployProtection) isDeploy(j *jobNode) bool {
	return workflow.IsDeployment(j.id+" "+j.name, r.opts.DeployWords)
}
