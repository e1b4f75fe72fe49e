package convert

import (
	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/workflow"
)

// Status is the outcome of converting one construct.
type Status string

// The statuses, best first.
const (
	// Converted: the workflow does what Jenkins did.
	Converted Status = "converted"
	// Approximated: the workflow does nearly what Jenkins did; Note says
	// what differs.
	Approximated Status = "approximated"
	// Manual: a person must finish the job; Note says what to do.
	Manual Status = "manual"
)

// Item is the account of one construct of the input.
type Item struct {
	// Construct names what was converted: "step:sh", "option:timeout",
	// "agent:docker", ... (Kind:Name of the registry).
	Construct string     `json:"construct"`
	Status    Status     `json:"status"`
	Note      string     `json:"note,omitempty"`
	Source    diag.Range `json:"source"`
	// Text quotes the source of manual items.
	Text string `json:"text,omitempty"`
	// Calls are all the places an unmapped step is called, when the item
	// stands for several.
	Calls []diag.Range `json:"calls,omitempty"`
	// placed is set once the workflow has a step that stands for the
	// item and fails until a person ports it.
	placed bool
}

// Secret is a GitHub secret the workflow needs.
type Secret struct {
	Name         string     `json:"name"`
	CredentialID string     `json:"credentialId"`
	Kind         string     `json:"kind"`
	Source       diag.Range `json:"source"`
}

// Runner is a runner label the workflow needs that GitHub does not host.
type Runner struct {
	Label string `json:"label"`
	// RunsOn are the self-hosted runner labels the job asks for.
	RunsOn []string `json:"runsOn"`
	// Variable is the repository or organisation variable that, set to a
	// JSON list of labels, sends the job to other runners.
	Variable string     `json:"variable"`
	Source   diag.Range `json:"source"`
}

// Result is the outcome of converting one pipeline.
type Result struct {
	Workflow *workflow.Workflow `json:"-"`
	// FileName is the workflow's file name under .github/workflows.
	FileName string    `json:"workflow"`
	Items    []*Item   `json:"items"`
	Secrets  []*Secret `json:"secrets"`
	Runners  []*Runner `json:"runners"`
	// Environments are the GitHub environments to create.
	Environments []*Environment `json:"environments"`
	// Triggers are the events the workflow runs on, each with why.
	Triggers []*Trigger `json:"triggers"`
	// Variables are the repository or organisation variables to create.
	Variables []*Variable `json:"variables"`
	// Inherited are the shellcheck findings of the Jenkinsfile's own
	// scripts, copied as written: each script carries a directive for
	// them, and the report names them so that they stay visible.
	Inherited []*Inherited `json:"inherited"`
}

// Inherited is what shellcheck finds in one script copied from the
// Jenkinsfile: findings of the pipeline's author, not of the converter.
type Inherited struct {
	Source diag.Range `json:"source"`
	// Codes are the shellcheck codes (SC2086, ...).
	Codes []string `json:"codes"`
}

// Environment is a GitHub environment the workflow deploys to or waits on.
type Environment struct {
	Name string `json:"name"`
	// Reviewers are the Jenkins users or groups allowed to approve (the
	// input's submitter), to be made required reviewers.
	Reviewers []string   `json:"reviewers,omitempty"`
	Source    diag.Range `json:"source"`
}
