package convert

import (
	"github.com/jenkins2actions/jenkins2actions/workflow/condition"

	"cmp"
	"fmt"
	"slices"

	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

// Kind groups constructs by where they appear in a pipeline.
type Kind string

// The construct kinds.
const (
	KindAgent      Kind = "agent"
	KindDirective  Kind = "directive"
	KindOption     Kind = "option"
	KindTrigger    Kind = "trigger"
	KindParameter  Kind = "parameter"
	KindCredential Kind = "credential"
	KindTool       Kind = "tool"
	KindCondition  Kind = "when"
	KindPost       Kind = "post"
	KindStep       Kind = "step"
	// KindLibrary is a shared-library step the configuration maps
	// (libraries:); such constructs are the user's, never registered.
	KindLibrary Kind = "library"
)

// Construct is one Jenkins construct the converter knows, with the function
// that maps it. The registry of constructs is the single source of truth for
// what is supported: reports and the docs' support matrix are made from it.
type Construct struct {
	Kind Kind
	Name string
	// Status is the best outcome the mapper can reach.
	Status Status
	// Summary says in one line what the construct becomes.
	Summary string

	// Exactly one of these is set, matching Kind.
	step      func(c *converter, sc *scope, s *pipeline.Step)
	option    func(c *converter, o *pipeline.Option, target optionTarget)
	trigger   func(c *converter, t *pipeline.Trigger)
	condition func(c *converter, cond *pipeline.Condition) (expr condition.Expr, status Status, note string)
	tool      func(c *converter, j *jobBuilder, t *pipeline.Tool)
}

// ID is "kind:name", the form used in reports.
func (k *Construct) ID() string { return string(k.Kind) + ":" + k.Name }

var registry = map[string]*Construct{}

// The registry, in one list as actionlint lists its rules: every construct
// the converter knows, by the file that maps it. A construct is a value
// that record takes, so that only names from the input no mapper knows (an
// unknown step, a library step) are reported outside the support matrix;
// its mapper is bound in the init of that file.
func init() {
	register(
		// agent.go
		agentAny,
		agentNone,
		agentLabel,
		agentNode,
		agentDocker,
		agentDockerfile,
		agentKubernetes,
		agentSelfHosted,

		// map_agents.go
		stepSSHAgent,
		stepConfigFileProvider,

		// map_blocks.go
		stepDir,
		stepWithEnv,
		stepWithCredentials,
		stepTimeout,
		stepRetry,
		stepScript,

		// map_groovy.go
		groovyCode,
		groovySyntax,
		groovyPrintStackTrace,
		groovyIf,
		groovyTry,
		groovyFor,
		groovyDef,
		groovyEnv,
		groovyResult,
		groovyDescription,
		groovyThrow,
		groovyMethod,
		groovyAppend,
		groovyDeclare,
		groovyBranch,
		groovyReturn,

		// map_notify.go
		stepMail,
		stepEmailext,
		stepSlackSend,
		stepPullRequestComment,
		stepPublishChecks,
		stepWrap,
		stepStep,

		// map_options.go
		optionTimeout,
		optionSkipStagesAfterUnstable,
		optionRetry,
		optionDisableConcurrentBuilds,
		optionSkipDefaultCheckout,

		// map_scripted.go
		stepNode,
		stepStage,
		stepParallel,
		stepTimestamps,
		stepAnsiColor,
		stepContainer,
		stepPodTemplate,
		stepWs,
		stepCatchError,
		stepWarnError,
		stepWithDockerContainer,
		stepDockerImageInside,
		stepDockerWithRegistry,
		stepLock,

		// map_steps.go
		stepEcho,
		stepSleep,
		stepError,
		stepDeleteDir,
		stepCleanWs,
		stepCheckout,
		stepGit,
		stepArchiveArtifacts,
		stepArchive,
		stepPrint,
		stepPrintln,
		stepJunit,
		stepStash,
		stepUnstash,
		stepWriteFile,
		stepLoad,

		// map_tools.go
		toolJDK,
		toolMaven,
		toolAnt,
		toolGradle,
		toolNodeJS,
		toolGo,
		toolPython,
		toolDotnetSDK,

		// map_triggers.go
		triggerCron,
		triggerPollSCM,
		triggerGitHubPush,
		triggerGitHubPullRequest,
		triggerGhprb,
		triggerUpstream,

		// map_when.go
		whenBranch,
		whenTag,
		whenBuildingTag,
		whenChangeRequest,
		whenEnvironment,
		whenExpression,
		whenNot,
		whenAnyOf,
		whenAllOf,
		whenTriggeredBy,
		whenEquals,
		whenChangeset,
		whenChangelog,

		// plan.go
		directiveStage,
		directiveParallel,
		directiveFailFast,
		directiveEnvironment,
		directiveExclude,
		directiveDeployment,
		directiveGroovy,
		directiveImport,
		directiveBeforeAgent,
		directiveLibrary,
		// map_input.go
		directiveInput,
		stepInput,
		stepBuild,
		// map_properties.go
		stepProperties,
		// map_scripted.go
		stepUnstable,
		// matrix.go
		directiveMatrix,
		// steps.go
		directiveTemplate,
		// triggers.go
		directiveTriggers,
		// workspace.go
		directiveWorkspace,
	)
	register(paramConstructs()...)
	register(credentialConstructs()...)
	register(postConstructs()...)
	register(shellConstructs()...)
	register(manualSteps()...)
	register(noteOptions()...)
}

func register(cs ...*Construct) {
	for _, k := range cs {
		if _, dup := registry[k.ID()]; dup {
			panic(fmt.Sprintf("convert: construct %q registered twice", k.ID()))
		}
		registry[k.ID()] = k
	}
}

func lookup(kind Kind, name string) *Construct { return registry[string(kind)+":"+name] }

// constructFor returns the registered construct kind:name, or, for a name
// no mapper knows (an unknown step, a library step of the configuration),
// a construct outside the registry that reports keep under its own name.
func constructFor(kind Kind, name string) *Construct {
	if k := lookup(kind, name); k != nil {
		return k
	}
	return &Construct{Kind: kind, Name: name, Status: Manual}
}

// registered returns the construct kind:name of a family registered from
// a table, and panics when there is none: a name the converter writes
// itself must be in the registry, which the tests then show.
func registered(kind Kind, name string) *Construct {
	k := lookup(kind, name)
	if k == nil {
		panic(fmt.Sprintf("convert: construct %s:%s is not registered", kind, name))
	}
	return k
}

// Constructs lists every registered construct, sorted by kind and name.
func Constructs() []*Construct {
	out := make([]*Construct, 0, len(registry))
	for _, k := range registry {
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b *Construct) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Name, b.Name))
	})
	return out
}
