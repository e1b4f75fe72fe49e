// Package workflow is the typed model of a GitHub Actions workflow and its
// YAML rendering.
//
// The model holds only what jenkins2actions generates; ordered slices stand
// in for YAML mappings so that rendering never depends on map order. Every
// job and step records the Jenkins source range it was generated from.
package workflow

import "github.com/jenkins2actions/jenkins2actions/diag"

// Workflow is one workflow file.
type Workflow struct {
	// Header is a comment written above the workflow, one line per element.
	Header      []string
	Name        string
	On          On
	Permissions Permissions
	Env         []KV
	Concurrency *Concurrency
	Jobs        []*Job
}

// KV is one entry of an ordered string mapping (env, with, inputs).
type KV struct {
	Key   string
	Value string
}

// On holds the events that trigger the workflow. Nil fields are absent.
type On struct {
	Push             *Push
	PullRequest      *Push
	Schedule         []string
	WorkflowDispatch *Dispatch
	WorkflowRun      *WorkflowRun
}

// Push filters a push or pull_request event.
type Push struct {
	Branches []string
	Tags     []string
	Paths    []string
}

// Dispatch is the workflow_dispatch event with its inputs.
type Dispatch struct {
	Inputs []*Input
}

// InputType is the type of a workflow_dispatch input.
type InputType string

// The input types GitHub supports.
const (
	InputString  InputType = "string"
	InputBoolean InputType = "boolean"
	InputChoice  InputType = "choice"
	InputNumber  InputType = "number"
)

// Input is one workflow_dispatch input.
type Input struct {
	Name        string
	Description string
	Type        InputType
	Required    bool
	Default     string
	Options     []string
}

// WorkflowRun is the workflow_run event.
type WorkflowRun struct {
	Workflows []string
	Types     []string
	Branches  []string
}

// Permission levels.
const (
	Read  = "read"
	Write = "write"
	None  = "none"
)

// Permissions maps GITHUB_TOKEN scopes to levels. An empty, non-nil value
// renders as `{}` (no permission at all); nil renders nothing.
type Permissions []KV

// Set raises scope to level (write beats read beats none) and returns the
// updated permissions.
func (p Permissions) Set(scope, level string) Permissions {
	rank := map[string]int{None: 0, Read: 1, Write: 2}
	for i := range p {
		if p[i].Key == scope {
			if rank[level] > rank[p[i].Value] {
				p[i].Value = level
			}
			return p
		}
	}
	if p == nil {
		p = Permissions{}
	}
	return append(p, KV{scope, level})
}

// Concurrency is a concurrency group.
type Concurrency struct {
	Group            string
	CancelInProgress bool
	// CancelIf, when set, is the expression cancel-in-progress takes
	// instead of CancelInProgress.
	CancelIf string
}

// Job is one job.
type Job struct {
	ID          string
	Name        string
	Needs       []string
	If          string
	RunsOn      []string
	Environment string
	Permissions Permissions
	Concurrency *Concurrency
	Container   *Container
	// Services are sidecar containers, by name.
	Services []*Service
	Strategy *Strategy
	// TimeoutMinutes is always set on generated jobs.
	TimeoutMinutes int
	// Outputs are the values later jobs read as needs.<id>.outputs.
	Outputs []KV
	Env     []KV
	// Uses calls a reusable workflow instead of running steps; With are
	// its inputs.
	Uses string
	With []KV
	// WorkingDirectory is the default working directory of run steps.
	WorkingDirectory string
	Steps            []*Step
	// Source is the Jenkins node the job was generated from.
	Source diag.Range
}

// Container runs a job's steps in a Docker container.
type Container struct {
	Image string
	// Options are extra `docker create` options.
	Options  string
	Username string
	Password string
}

// Service is a service container of a job.
type Service struct {
	Name  string
	Image string
	Env   []KV
}

// Strategy is a job's matrix strategy.
type Strategy struct {
	Matrix  []MatrixAxis
	Exclude [][]KV
	// Include adds keys to the cells whose axis values match.
	Include     [][]KV
	FailFast    *bool
	MaxParallel int
}

// MatrixAxis is one matrix dimension.
type MatrixAxis struct {
	Name   string
	Values []string
}

// Step is one job step: either Uses or Run is set.
type Step struct {
	ID   string
	Name string
	If   string
	// Uses is the action reference, pinned: owner/repo@<sha>.
	Uses string
	// UsesComment is the version the pin stands for (v4.2.2); it is
	// written as a comment after Uses.
	UsesComment      string
	With             []KV
	Run              string
	Shell            string
	WorkingDirectory string
	Env              []KV
	ContinueOnError  bool
	TimeoutMinutes   int
	// Comment is written above the step, one comment line a line.
	Comment string
	// Generated is set on a run step whose script is the converter's own
	// (a computation, a test), not a script of the Jenkinsfile.
	Generated bool
	// Source is the Jenkins node the step was generated from.
	Source diag.Range
}
