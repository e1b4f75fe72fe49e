// Package pipeline is the neutral model of a Jenkins pipeline: what a job
// does, independent of whether it was read from a Jenkinsfile or a
// config.xml, and of what it will become.
//
// The model knows neither Groovy nor GitHub Actions. Every node keeps the
// source range it was read from so that later stages can say where a
// construct came from. Groovy statements the readers could read are typed
// (see [Stmt]); anything they could not interpret stays in the model as a
// [Groovy] statement with its source text and the scripts inside it, so that
// nothing is dropped in silence.
package pipeline

import "github.com/jenkins2actions/jenkins2actions/diag"

// Style says how the pipeline was written.
type Style string

// The pipeline styles.
const (
	StyleDeclarative Style = "declarative"
	StyleScripted    Style = "scripted"
	// StyleLibrary is a Jenkinsfile that only calls shared-library steps.
	StyleLibrary Style = "library"
	// StyleFreestyle and the other job types come from config.xml.
	StyleFreestyle Style = "freestyle"
)

// Pipeline is one Jenkins pipeline or job.
type Pipeline struct {
	// Name is the job name: the repository or folder name for a
	// Jenkinsfile, the job path for a config.xml.
	Name  string
	File  string
	Style Style

	Agent       *Agent
	Environment []*EnvVar
	Parameters  []*Parameter
	Triggers    []*Trigger
	Options     []*Option
	Tools       []*Tool
	Libraries   []*Library
	Stages      []*Stage
	Post        []*PostBlock

	// Bound counts the places the file gives each name a value
	// (declarations, assignments, parameters, loop variables); nil when
	// unknown.
	Bound map[string]int
	// Prelude holds top-level statements outside the pipeline block (helper
	// methods, variables, properties(...)) in source order.
	Prelude []*Step

	// Methods are the methods the Jenkinsfile defines, by name.
	Methods map[string]*Method

	// Job is set when the pipeline was read from a job's config.xml.
	Job *JobInfo

	Range diag.Range
}

// AgentKind says where a pipeline or stage runs.
type AgentKind string

// The agent kinds of declarative pipelines.
const (
	AgentAny        AgentKind = "any"
	AgentNone       AgentKind = "none"
	AgentLabel      AgentKind = "label"
	AgentNode       AgentKind = "node"
	AgentDocker     AgentKind = "docker"
	AgentDockerfile AgentKind = "dockerfile"
	AgentKubernetes AgentKind = "kubernetes"
	AgentUnknown    AgentKind = "unknown"
)

// Agent is an `agent` directive or a scripted `node(label)`.
type Agent struct {
	Kind AgentKind
	// Label is the label or label expression (label, node, docker, dockerfile
	// and kubernetes agents may carry one).
	Label           string
	CustomWorkspace string

	// Docker and dockerfile agents.
	Image                 string
	Args                  string
	RegistryURL           string
	RegistryCredentialsID string
	ReuseNode             bool
	Filename              string // dockerfile
	Dir                   string // dockerfile
	BuildArgs             string // dockerfile additionalBuildArgs

	// Kubernetes agents.
	YAML             string
	YAMLFile         string
	DefaultContainer string

	// Args holds every argument as written, for the converter to report
	// what it does not use.
	Options Args
	Range   diag.Range
}

// EnvVar is one environment entry. Exactly one of Value and Credential is
// set.
type EnvVar struct {
	Name       string
	Value      Value
	Credential *Credential
	Range      diag.Range
}

// CredentialKind is the type of a Jenkins credential.
type CredentialKind string

// The credential kinds that bindings and credentials() produce.
const (
	// CredentialUnknown is credentials('id') in an environment block, whose
	// kind Jenkins decides at run time: secret text, username/password (with
	// _USR and _PSW variables) or a file.
	CredentialUnknown          CredentialKind = "unknown"
	CredentialString           CredentialKind = "string"
	CredentialUsernamePassword CredentialKind = "usernamePassword"
	CredentialFile             CredentialKind = "file"
	CredentialSSHKey           CredentialKind = "sshUserPrivateKey"
	CredentialCertificate      CredentialKind = "certificate"
	CredentialOther            CredentialKind = "other"
)

// Credential is a reference to a Jenkins credential by id and the variables
// it binds.
type Credential struct {
	ID   string
	Kind CredentialKind
	// Variable is the variable bound to the secret (string, file, key
	// file); UsernameVariable and PasswordVariable those of a username and
	// password pair.
	Variable           string
	UsernameVariable   string
	PasswordVariable   string
	PassphraseVariable string
	Range              diag.Range
}

// Parameter is a build parameter.
type Parameter struct {
	// Kind is the Jenkins parameter step: string, booleanParam, choice,
	// text, password, or any other name (reported by the converter).
	Kind        string
	Name        string
	Default     Value
	Description string
	Choices     []string
	Range       diag.Range
}

// Trigger is one entry of a `triggers` block.
type Trigger struct {
	// Kind is cron, pollSCM, upstream, githubPush, or another trigger name.
	Kind  string
	Spec  string // cron and pollSCM schedule text
	Args  Args
	Range diag.Range
}

// Option is one entry of an `options` block (timeout, retry,
// disableConcurrentBuilds, buildDiscarder, timestamps, ...), kept by name
// for the converter's option mappers.
type Option struct {
	Name string
	Args Args
	// Only is set for an option a scripted pipeline sets for some builds
	// only: "pull_request" (under if (env.CHANGE_ID)) or "primary" (under
	// if (env.BRANCH_IS_PRIMARY) or a test of the main branch).
	Only  string
	Range diag.Range
}

// Tool is one entry of a `tools` block: tool type and installation name.
type Tool struct {
	Type  string
	Name  Value
	Range diag.Range
}

// Library is a shared library the pipeline loads.
type Library struct {
	Name  string
	Ref   string
	Range diag.Range
}

// Stage is a declarative or scripted stage. At most one of Steps, Stages,
// Parallel and Matrix is set.
type Stage struct {
	Name        string
	Agent       *Agent
	Environment []*EnvVar
	Tools       []*Tool
	Options     []*Option
	When        *When
	Input       *Step

	Steps    []*Step
	Stages   []*Stage
	Parallel []*Stage
	FailFast bool
	Matrix   *Matrix

	Post  []*PostBlock
	Range diag.Range
}

// Matrix is a declarative matrix section.
type Matrix struct {
	Axes     []*Axis
	Excludes []*MatrixExclude
	Agent    *Agent
	// Environment, When and Options apply to every cell; When is tested
	// per cell, where the axis values are known.
	Environment []*EnvVar
	When        *When
	Options     []*Option
	Tools       []*Tool
	Stages      []*Stage
	Post        []*PostBlock
	Range       diag.Range
}

// Axis is a matrix axis.
type Axis struct {
	Name   string
	Values []string
	Range  diag.Range
}

// MatrixExclude is one exclude: all its axis conditions must hold.
type MatrixExclude struct {
	Axes  []*ExcludeAxis
	Range diag.Range
}

// ExcludeAxis is one condition of an exclude; NotValues inverts it.
type ExcludeAxis struct {
	Name      string
	Values    []string
	NotValues bool
	Range     diag.Range
}

// When is a stage's `when` block: all conditions must hold.
type When struct {
	Conditions    []*Condition
	BeforeAgent   bool
	BeforeInput   bool
	BeforeOptions bool
	Range         diag.Range
}

// Condition is one `when` condition. Kind is its name (branch, tag,
// buildingTag, changeRequest, environment, expression, not, anyOf, allOf,
// changelog, changeset, triggeredBy, equals, ...).
type Condition struct {
	Kind string
	Args Args
	// Children holds the nested conditions of not, anyOf and allOf.
	Children []*Condition
	// Expr is the Groovy expression of an `expression { }` condition, as an
	// ExprValue; Cond is set when it is a simple comparison.
	Expr  Value
	Cond  *Cond
	Range diag.Range
}

// PostBlock is one condition block of a `post` section: always, success,
// failure, unstable, aborted, changed, fixed, regression, unsuccessful,
// cleanup.
type PostBlock struct {
	Condition string
	Steps     []*Step
	Range     diag.Range
}

// IsScriptStep reports whether name is a step that runs a script (sh, bat,
// powershell, pwsh). Scripts are the one thing a conversion must never
// lose: readers dig them out of Groovy they cannot read otherwise, and
// converters report every one they do not translate.
func IsScriptStep(name string) bool {
	switch name {
	case "sh", "bat", "powershell", "pwsh":
		return true
	}
	return false
}

// Method is a method defined in a Jenkinsfile (`def name(a, b) { ... }`).
type Method struct {
	Name   string
	Params []string
	// Defaults are the parameters' default values, Absent where none.
	Defaults []Value
	Body     []*Step
	Range    diag.Range
}

// Step is one statement of a pipeline: a call of a step (`sh`, `junit`,
// `withCredentials { }`, ...) or, when Stmt is set, a Groovy statement the
// reader could read (an if, an assignment, ...). Block steps (dir,
// withEnv, timeout, script, ...) carry their content in Body.
type Step struct {
	// Name is the step's name; "" for a statement.
	Name string
	Args Args
	Body []*Step
	// Stmt is the statement, nil for a step call.
	Stmt Stmt
	// Trimmed is set on a script step whose output is trimmed
	// (sh(returnStdout: true, ...).trim()).
	Trimmed bool
	// Text is the step's source text, quoted in manual tasks.
	Text  string
	Range diag.Range
}

// BuildResult is the Ref name of the build's result (currentBuild.result
// and currentResult) in a reduced condition.
const BuildResult = "currentBuild.result"

// Cond is a boolean expression the reader could reduce to comparisons of
// environment variables, parameters and literals: the `expression { }`
// conditions and `if` tests that converters can translate. Op is one of
// "==", "!=", "&&", "||", "!", "startsWith", "endsWith", "contains" (string
// tests of X by Y), "ref" (a variable's truth) and "lit".
type Cond struct {
	Op   Op
	X, Y *Cond
	Ref  *Ref
	Lit  Value
}

// WalkStages calls fn for each stage of the tree, parents before their
// nested, parallel and matrix stages.
func WalkStages(stages []*Stage, fn func(*Stage)) {
	for _, s := range stages {
		fn(s)
		WalkStages(s.Stages, fn)
		WalkStages(s.Parallel, fn)
		if s.Matrix != nil {
			WalkStages(s.Matrix.Stages, fn)
		}
	}
}
