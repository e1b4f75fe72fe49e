package lint

import (
	"fmt"
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/jenkins2actions/jenkins2actions/diag"
)

// RuleInfo describes a practice rule for people and tools: the docs
// generator writes a page from it and SARIF output lists it.
type RuleInfo struct {
	// ID is the kebab-case name findings carry as their code and that
	// the config's lint.disable list names.
	ID string
	// Description is one line saying what the rule wants.
	Description string
	// Severity is the severity of every finding of the rule.
	Severity diag.Severity
	// Bad is a workflow the rule flags; Good is the same workflow fixed.
	Bad, Good string
	// Config is the lint: section of the config file the examples assume,
	// in YAML, or "" for the defaults.
	Config string
	// Settings are the config keys (under lint:) that tune the rule.
	Settings []Setting
}

// Setting is one config key a rule reads.
type Setting struct {
	Key         string
	Description string
}

// RuleBase is embedded by every practice rule: it holds the rule's
// description and settings, gives no-op visitor hooks so that a rule
// implements only those it needs, and collects findings.
type RuleBase struct {
	info RuleInfo
	opts *Options
	file *source
	ds   diag.Diagnostics
}

// source is the file being linted, for turning node positions into ranges.
type source struct {
	path string
	src  []byte
}

func (r *RuleBase) base() *RuleBase { return r }

// visitWorkflow is called once, before the jobs.
func (r *RuleBase) visitWorkflow(*workflowNode) {}

// visitJob is called for each job, in file order, before its steps.
func (r *RuleBase) visitJob(*workflowNode, *jobNode) {}

// visitStep is called for each step of a job, in file order.
func (r *RuleBase) visitStep(*workflowNode, *jobNode, *stepNode) {}

// report adds a finding at n.
func (r *RuleBase) report(n *yaml.Node, format string, args ...any) {
	r.reportAt(n.Line, n.Column, format, args...)
}

// reportAt adds a finding at a line and character column.
func (r *RuleBase) reportAt(line, col int, format string, args ...any) {
	r.ds = append(r.ds, &diag.Diagnostic{
		Severity: r.info.Severity,
		Code:     r.info.ID,
		Message:  fmt.Sprintf(format, args...),
		Subject:  subject(r.file.path, r.file.src, line, col),
	})
}

// rule is what the pass drives; every rule embeds RuleBase.
type rule interface {
	base() *RuleBase
	visitWorkflow(w *workflowNode)
	visitJob(w *workflowNode, j *jobNode)
	visitStep(w *workflowNode, j *jobNode, s *stepNode)
}

// registry lists every practice rule, in the order the docs show them.
var registry = []func() rule{
	newRulePermissionsPresent,
	newRulePermissionsMinimal,
	newRuleActionsPinned,
	newRuleActionsAllowed,
	newRuleDeprecatedAction,
	newRuleTimeoutMinutes,
	newRuleWorkflowEnvSecrets,
	newRuleSecretsInRun,
	newRuleSecretsInherit,
	newRuleUntrustedInput,
	newRulePersistCredentials,
	newRulePullRequestTargetCheckout,
	newRulePullRequestTargetWrite,
	newRuleWorkflowRunArtifacts,
	newRuleSelfHostedPullRequest,
	newRuleContinueOnError,
	newRuleDeployProtection,
}

// Rules describes every practice rule, in registry order.
func Rules() []RuleInfo {
	infos := make([]RuleInfo, len(registry))
	for i, newRule := range registry {
		infos[i] = newRule().base().info
		infos[i].Settings = slices.Clone(infos[i].Settings)
	}
	return infos
}

// RuleIDs returns the ids of every practice rule, in registry order.
func RuleIDs() []string {
	ids := make([]string, len(registry))
	for i, newRule := range registry {
		ids[i] = newRule().base().info.ID
	}
	return ids
}

// activeRules builds the rules opts leaves on, bound to file.
func activeRules(opts *Options, file *source) []rule {
	var rules []rule
	for _, newRule := range registry {
		r := newRule()
		b := r.base()
		if slices.Contains(opts.Disable, b.info.ID) {
			continue
		}
		b.opts, b.file = opts, file
		rules = append(rules, r)
	}
	return rules
}
