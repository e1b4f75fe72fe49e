package lint

import (
	"path"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"go.yaml.in/yaml/v3"
)

// ruleActionsAllowed enforces the organisation's list of allowed actions,
// as GitHub's own policy does: owner/repo globs such as "actions/*".
// With no list, every action is allowed.
type ruleActionsAllowed struct{ RuleBase }

func newRuleActionsAllowed() rule {
	return &ruleActionsAllowed{RuleBase{info: RuleInfo{
		ID:          "actions-allowed",
		Description: "every action and reusable workflow is in the organisation's allowed list",
		Severity:    diag.Error,
		Bad: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: someone/untrusted-action@0123456789abcdef0123456789abcdef01234567
`,
		Good: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
`,
		Config: "allowed-actions: [\"actions/*\"]\n",
		Settings: []Setting{{
			Key:         "allowed-actions",
			Description: "globs of allowed actions (owner/*, owner/repo, owner/repo/path); empty allows all",
		}},
	}}}
}

func (r *ruleActionsAllowed) visitJob(_ *workflowNode, j *jobNode) { r.check(j.uses) }

func (r *ruleActionsAllowed) visitStep(_ *workflowNode, _ *jobNode, s *stepNode) { r.check(s.uses) }

func (r *ruleActionsAllowed) check(uses *yaml.Node) {
	u := scalar(uses)
	if u == "" || len(r.opts.AllowedActions) == 0 {
		return
	}
	a := parseUses(u)
	if a.local || a.docker || allowed(a, r.opts.AllowedActions) {
		return
	}
	r.report(uses, "action %q is not in the allowed actions list (%s)", a.action, strings.Join(r.opts.AllowedActions, ", "))
}

// allowed matches the action against the globs without case, as GitHub
// does. A glob matches the whole owner/repo/path or, so that "actions/*"
// covers actions/cache/restore too, the owner/repo part alone.
func allowed(a actionRef, globs []string) bool {
	full, repo := strings.ToLower(a.action), strings.ToLower(a.repo())
	for _, g := range globs {
		g = strings.ToLower(strings.TrimSpace(g))
		g, _, _ = strings.Cut(g, "@")
		if ok, _ := path.Match(g, full); ok {
			return true
		}
		if ok, _ := path.Match(g, repo); ok {
			return true
		}
	}
	return false
}
