package lint

import (
	"github.com/jenkins2actions/jenkins2actions/diag"
	"go.yaml.in/yaml/v3"
)

// ruleActionsPinned wants every action and reusable workflow pinned to a
// full commit SHA: a tag or branch can be moved to other code after review.
type ruleActionsPinned struct{ RuleBase }

func newRuleActionsPinned() rule {
	return &ruleActionsPinned{RuleBase{info: RuleInfo{
		ID:          "actions-pinned",
		Description: "actions and reusable workflows are pinned to a full 40-hex commit SHA (local actions and docker images with a digest are fine)",
		Severity:    diag.Error,
		Bad: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
`,
		Good: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
`,
	}}}
}

func (r *ruleActionsPinned) visitJob(_ *workflowNode, j *jobNode) { r.check(j.uses) }

func (r *ruleActionsPinned) visitStep(_ *workflowNode, _ *jobNode, s *stepNode) { r.check(s.uses) }

func (r *ruleActionsPinned) check(uses *yaml.Node) {
	u := scalar(uses)
	if u == "" {
		return
	}
	a := parseUses(u)
	switch {
	case a.pinned():
	case a.docker:
		r.report(uses, "docker image %q is not pinned to a digest: use docker://IMAGE@sha256:...", u)
	default:
		r.report(uses, "%q is not pinned to a full commit SHA: use %s@<40-hex sha> # <version> (lint --fix pins vetted actions)", u, a.action)
	}
}
