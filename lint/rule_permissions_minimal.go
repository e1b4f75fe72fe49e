package lint

import (
	"github.com/jenkins2actions/jenkins2actions/diag"
	"go.yaml.in/yaml/v3"
)

// rulePermissionsMinimal keeps the token least-privileged in a way that
// is easy to check and to explain: no blanket read-all or write-all, and
// write scopes only on the jobs that need them, never for the whole
// workflow, where every job (and every action it runs) would get them. A
// workflow of one job may grant at the top: there it is the same thing.
type rulePermissionsMinimal struct{ RuleBase }

func newRulePermissionsMinimal() rule {
	return &rulePermissionsMinimal{RuleBase{info: RuleInfo{
		ID:          "permissions-minimal",
		Description: "no read-all or write-all, and in a workflow of several jobs write scopes granted per job rather than to all",
		Severity:    diag.Error,
		Bad: `on: push
permissions:
  contents: write
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make
  release:
    runs-on: ubuntu-latest
    steps:
      - run: gh release create v1
`,
		Good: `on: push
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make
  release:
    runs-on: ubuntu-latest
    permissions:
      contents: write
    steps:
      - run: gh release create v1
`,
	}}}
}

func (r *rulePermissionsMinimal) visitWorkflow(w *workflowNode) {
	r.check(w.permissions, len(w.jobs) > 1)
}

func (r *rulePermissionsMinimal) visitJob(_ *workflowNode, j *jobNode) {
	r.check(j.permissions, false)
}

// check flags blanket grants in p and, when perJob is set, any write.
func (r *rulePermissionsMinimal) check(p *yaml.Node, perJob bool) {
	if p == nil {
		return
	}
	if p.Kind == yaml.ScalarNode {
		switch p.Value {
		case "write-all":
			r.report(p, "\"permissions: write-all\" grants every scope: list the scopes the job needs instead")
		case "read-all":
			r.report(p, "\"permissions: read-all\" grants read on every scope: list the scopes the job needs instead (usually \"contents: read\")")
		}
		return
	}
	if !perJob || p.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(p.Content); i += 2 {
		k, v := p.Content[i], p.Content[i+1]
		if v.Value == "write" {
			r.report(k, "workflow-level permission %q is write for every job: grant it on the jobs that need it", k.Value)
		}
	}
}
