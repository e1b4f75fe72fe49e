package convert

import (
	"fmt"
	"slices"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/bash"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
	"github.com/jenkins2actions/jenkins2actions/workflow"
	"github.com/jenkins2actions/jenkins2actions/workflow/condition"
)

// jobOptions are the `options` that shape a job.
type jobOptions struct {
	pipelineLevel bool
	timeout       int
	retries       int
	// retry is a stage's retry option, recorded where the stage is
	// converted: whether it retries the stage as a whole depends on its
	// steps.
	retry        *pipeline.Option
	skipCheckout bool
}

// merged returns o overridden by the stage-level options in s.
func (o *jobOptions) merged(s *jobOptions) *jobOptions {
	m := *o
	m.pipelineLevel = false
	if s.timeout > 0 {
		m.timeout = s.timeout
	}
	if s.retries > 0 {
		m.retries = s.retries
	}
	m.skipCheckout = m.skipCheckout || s.skipCheckout
	return &m
}

// jobBuilder collects a job while its stages are converted.
type jobBuilder struct {
	job *workflow.Job
	// vars are the Jenkins variables the job's scripts use, mapped to the
	// expressions that feed them through the job's env.
	vars     map[string]string
	varOrder []string
	stages   []string
	perms    workflow.Permissions
	retries  int
	// checkedOut is true once the job has checked out the repository,
	// and checkoutAt the number of steps the job had then.
	checkedOut bool
	checkoutAt int
	// cache is the dependency cache setup-java should keep (maven or "").
	cache string
	// stepCond is a condition of the whole job that only steps can test.
	stepCond condition.Expr
	// setupSteps counts the steps newJob added before the stages' own.
	setupSteps int
	// tools are the installations tool steps have set up in the job.
	tools map[string]bool
	// computed are the variables defined outside the pipeline block that
	// the job has computed.
	computed map[string]bool
	// nodeSet is true once a scripted node() chose the runner.
	nodeSet bool
	// previousRun is true once the job looks up the previous run.
	previousRun bool
	// caughtFailure is true when a catchError may have marked the build
	// failed: a last step fails the job.
	caughtFailure bool
	// defaultRunner is true when no agent label chose the runner.
	defaultRunner bool
	winSteps      []winStep
	// from is the earlier job of the same Jenkins workspace whose files
	// this one took over; workspaceArtifact names the artifact this job
	// leaves its own files in for a later one.
	from              *jobBuilder
	workspaceArtifact string
	// stageEnv are the env entries of the environment directives the job
	// was made with.
	stageEnv []workflow.KV
	// manualSteps counts the steps that stand for work left to a person.
	manualSteps int
	// assigns are the shell lines that set the variable a computation step
	// computes, and joinable the computation steps the next one may join.
	assigns  map[*workflow.Step]string
	joinable map[*workflow.Step]*joinable
	// exports are the env variables (env.X) the job sets or passes on,
	// which later jobs read from its outputs.
	exports []string
	// matrix is the matrix of the job's stage, and include the values
	// derived from its axes (runners, tool versions).
	matrix  *pipeline.Matrix
	include [][]workflow.KV
}

// useVar feeds a Jenkins variable to the job's scripts through env.
func (j *jobBuilder) useVar(name, expr string) {
	if _, ok := j.vars[name]; ok {
		return
	}
	j.vars[name] = expr
	j.varOrder = append(j.varOrder, name)
}

// planCtx is what a stage inherits from the stages around it.
type planCtx struct {
	agent   *pipeline.Agent
	opts    *jobOptions
	needs   []string
	parents []*pipeline.Stage
	// matrix is set for the job of a matrix stage.
	matrix *pipeline.Matrix
	// from is the earlier job of the same Jenkins workspace whose files
	// the new job takes over instead of checking out.
	from *jobBuilder
}

func (pc planCtx) child(s *pipeline.Stage) planCtx {
	pc.parents = append(pc.parents[:len(pc.parents):len(pc.parents)], s)
	if s.Agent != nil {
		pc.agent = s.Agent
	}
	return pc
}

// disabledStage accounts for a stage that never runs: its scripts are
// reported, not converted.
func (c *converter) disabledStage(s *pipeline.Stage) {
	c.record(directiveStage, Approximated, s.Range, "the stage never runs (its when condition is always false) and is left out")
	var steps func(ss []*pipeline.Step)
	steps = func(ss []*pipeline.Step) {
		for _, st := range ss {
			if pipeline.IsScriptStep(st.Name) {
				c.manual(constructFor(KindStep, st.Name), st.Range, st.Text, "left out with its stage, which never runs")
			}
			for _, block := range st.Blocks() {
				steps(block)
			}
		}
	}
	pipeline.WalkStages([]*pipeline.Stage{s}, func(st *pipeline.Stage) {
		steps(st.Steps)
		for _, pb := range st.Post {
			steps(pb.Steps)
		}
	})
}

// stageHeader records the directives of a stage that only groups other
// stages into jobs.
func (c *converter) stageHeader(s *pipeline.Stage) {
	c.record(directiveStage, Converted, s.Range, "")
}

// stagePostGroup reports the post block of a stage whose sub-stages became
// separate jobs.
func (c *converter) stagePostGroup(s *pipeline.Stage) {
	for _, pb := range s.Post {
		c.manual(constructFor(KindPost, pb.Condition), pb.Range, "", "post of a stage whose sub-stages run as separate jobs: add a job that needs them and runs these steps")
		for _, st := range pb.Steps {
			c.manual(constructFor(KindStep, st.Name), st.Range, st.Text, "step of a group stage's post block")
		}
	}
}

// newJob starts a job for stage s. own is true when the stage has a job of
// its own (its when, environment and options then apply to the whole job).
func (c *converter) newJob(s *pipeline.Stage, pc planCtx, own bool) *jobBuilder {
	j := &jobBuilder{
		job:  &workflow.Job{ID: c.jobID(s.Name), Needs: slices.Clone(pc.needs), Source: s.Range},
		vars: map[string]string{},
		from: pc.from,
	}
	if pc.from != nil && !slices.Contains(j.job.Needs, pc.from.job.ID) {
		j.job.Needs = append(j.job.Needs, pc.from.job.ID)
	}
	c.wf.Jobs = append(c.wf.Jobs, j.job)
	c.builders = append(c.builders, j)
	j.matrix = pc.matrix
	agent := pc.agent
	if own && s.Agent != nil {
		agent = s.Agent
	}
	c.applyAgent(j, agent)

	opts := pc.opts
	for _, p := range pc.parents {
		opts = opts.merged(c.stageOptions(p))
	}
	if own {
		opts = opts.merged(c.stageOptions(s))
	}
	j.job.TimeoutMinutes = opts.timeout
	j.retries = opts.retries
	if j.job.TimeoutMinutes == 0 {
		j.job.TimeoutMinutes = c.cfg.TimeoutMinutes
	}

	// The when blocks of the stages around the job, and of its own.
	var whens []*pipeline.When
	for _, p := range pc.parents {
		if p.When != nil {
			whens = append(whens, p.When)
		}
	}
	if own && s.When != nil {
		whens = append(whens, s.When)
	}
	var conds []condition.Expr
	for _, w := range whens {
		conds = append(conds, c.when(w))
	}
	// Job conditions cannot read env, runner or steps.
	if cond := condition.And(conds...); cond != nil {
		stepOnly := condition.Reads(cond, "env", "runner", "steps")
		switch {
		case stepOnly && own && s.Input != nil:
			// An approval must not be asked for when the stage does
			// not run: a job before it tests the condition.
			gate := c.gateJob(j, s, pc, whens, cond)
			j.job.Needs = append(j.job.Needs, gate)
			j.job.If = fmt.Sprintf("needs.%s.outputs.run == 'true'", gate)
			c.conditional(j.job.ID)
			whens = nil
		case stepOnly:
			// Every step tests it instead.
			j.stepCond = cond
		default:
			j.job.If = cond.String()
			c.conditional(j.job.ID)
		}
	}
	if c.upstream && len(pc.needs) == 0 {
		j.job.If = condition.String(condition.And(condition.Of("github.event_name != 'workflow_run' || github.event.workflow_run.conclusion == 'success'"), condition.Of(j.job.If)))
	}
	if c.needsGuard(pc.needs) {
		j.job.If = condition.String(condition.And(condition.Of("!cancelled() && !failure()"), condition.Of(j.job.If)))
	}

	// The steps that test the when conditions come first, after the
	// checkout they may need, and run whatever they say.
	if slices.ContainsFunc(whens, func(w *pipeline.When) bool { return len(c.whenTests[w]) > 0 }) {
		first := &scope{job: j, retries: j.retries}
		if !opts.skipCheckout {
			c.checkout(j, first)
		}
		for _, w := range whens {
			c.emitWhenTests(first, w)
		}
	}

	// Pipeline-level credentials are visible to every stage in Jenkins.
	for _, e := range c.p.Environment {
		if e.Credential != nil {
			j.job.Env = append(j.job.Env, c.credentialEnv(e.Credential, e.Name)...)
		}
	}
	for _, p := range pc.parents {
		j.job.Env = append(j.job.Env, c.envBlock(j, p.Environment)...)
	}
	if own {
		j.job.Env = append(j.job.Env, c.envBlock(j, s.Environment)...)
	}
	j.stageEnv = slices.Clone(j.job.Env)

	sc := c.jobScope(j)
	switch {
	case j.from != nil:
		c.takeWorkspace(j, sc)
	case !opts.skipCheckout && !j.checkedOut:
		c.checkout(j, sc)
	}
	tools := c.p.Tools
	for _, p := range pc.parents {
		tools = append(tools[:len(tools):len(tools)], p.Tools...)
	}
	if own {
		tools = append(tools[:len(tools):len(tools)], s.Tools...)
	}
	if pc.matrix != nil {
		tools = append(tools[:len(tools):len(tools)], pc.matrix.Tools...)
	}
	for _, t := range tools {
		if t.Type == "maven" {
			j.cache = "maven"
		}
	}
	for _, t := range tools {
		c.mapTool(j, t)
	}
	for _, e := range c.p.Environment {
		if isPathVar(e.Name) {
			c.addPath(j, e)
		}
	}
	for _, p := range pc.parents {
		c.computedEnv(sc, p.Environment)
	}
	if own {
		c.computedEnv(sc, s.Environment)
	}
	j.setupSteps = len(j.job.Steps)
	return j
}

// stageOptions reads and records a stage's options, once per stage however
// many jobs the stage's options shape.
func (c *converter) stageOptions(s *pipeline.Stage) *jobOptions {
	if o, ok := c.stageOpts[s]; ok {
		return o
	}
	o := &jobOptions{}
	for _, opt := range s.Options {
		c.option(opt, o)
	}
	c.stageOpts[s] = o
	return o
}

// jobScope is the scope of steps at the top of job j.
func (c *converter) jobScope(j *jobBuilder) *scope {
	return &scope{job: j, retries: j.retries, cond: j.stepCond}
}

// emitStage converts a stage's content into job j. own is true when the job
// is the stage's own: its when, environment, tools and options were applied
// to the job already.
func (c *converter) emitStage(j *jobBuilder, s *pipeline.Stage, sc *scope, own bool) {
	if !own && s.When != nil && condition.IsFalse(c.when(s.When)) {
		c.disabledStage(s)
		return
	}
	c.record(directiveStage, Converted, s.Range, "")
	j.stages = append(j.stages, s.Name)
	sc = sc.child()
	sc.stage = s.Name
	// A scripted pipeline is one stage: a return leaves it.
	sc.unit = &returnUnit{}
	if c.skipAfterUnstable {
		// Whether the build was unstable when the stage started, which
		// the stage's own unstable steps do not change.
		c.emit(sc, &workflow.Step{Name: "Skip " + s.Name + " once the build is unstable", If: isUnstable,
			Run: "echo \"J2A_SKIP_STAGES=true\" >> \"$GITHUB_ENV\""}, s.Range)
		sc.cond = condition.And(sc.cond, condition.Of("env.J2A_SKIP_STAGES != 'true'"))
	}
	if !own {
		sc = c.stageScope(j, s, sc)
	}
	if len(s.Post) > 0 && !own && (len(j.stages) > 1 || len(j.job.Steps) > j.setupSteps) {
		// A stage's post runs only when the stage ran: a step at its
		// start says whether it did. The job's first stage runs with
		// the job.
		id := j.stepID("stage-start")
		c.emit(sc, &workflow.Step{ID: id, Name: "Start " + s.Name, Run: "echo " + bash.Word("stage "+s.Name)}, s.Range)
		sc.started = condition.Of(fmt.Sprintf("steps.%s.outcome == 'success'", id))
	}
	if s.Input != nil {
		if own {
			c.approval(j, s)
		} else {
			c.manual(directiveInput, s.Input.Range, s.Input.Text, "approval gates need a GitHub environment with required reviewers")
		}
	}
	body := func(sc *scope) {
		c.steps(sc, s.Steps)
		for _, child := range s.Stages {
			c.emitStage(j, child, sc, false)
		}
	}
	switch o := c.stageOptions(s); {
	case o.retry != nil && !own:
		sc.retries = 0
		if c.retryBlock(sc, o.retries, body) {
			c.record(optionRetry, Converted, o.retry.Range, "the stage's scripts are retried together")
		} else {
			c.record(optionRetry, Approximated, o.retry.Range, "each script of the stage is retried up to %d times on its own; Jenkins retried the whole stage", o.retries)
		}
	case o.retry != nil:
		c.record(optionRetry, Approximated, o.retry.Range, "each script of the stage is retried up to %d times on its own; Jenkins retried the whole stage", o.retries)
		body(sc)
	default:
		body(sc)
	}
	if len(s.Parallel) > 0 {
		c.record(directiveParallel, Approximated, s.Range, "the branches run one after another in the job; on Jenkins they ran at the same time in one workspace")
		c.serialBranches(j, s, sc)
	}
	c.post(sc, s.Post)
}

// serialBranches converts the branches of a parallel stage one after
// another into job j. Without failFast a failing branch does not stop the
// others, as on Jenkins: each branch's scripts are caught, the rest of a
// failed branch is skipped, and a step after the branches fails the job.
func (c *converter) serialBranches(j *jobBuilder, s *pipeline.Stage, sc *scope) {
	if s.FailFast {
		for _, b := range s.Parallel {
			c.emitStage(j, b, sc, false)
		}
		return
	}
	c.caughtBlocks++
	failed := fmt.Sprintf("J2A_PARALLEL_%d_FAILED", c.caughtBlocks)
	for _, b := range s.Parallel {
		c.caughtBlocks++
		bs := sc.child()
		bs.caught = &caught{result: "SUCCESS", flag: fmt.Sprintf("J2A_CAUGHT_%d", c.caughtBlocks), also: failed, scriptsOnly: true}
		bs.cond = condition.And(sc.cond, condition.Of(fmt.Sprintf("env.%s != 'true'", bs.caught.flag)))
		c.emitStage(j, b, bs, false)
	}
	c.emit(sc, &workflow.Step{Name: "Fail if a branch of " + s.Name + " failed", If: fmt.Sprintf("env.%s == 'true'", failed),
		Run: "echo '::error::a parallel branch failed'\nexit 1"}, s.Range)
}

// stageScope is the scope of a stage's steps in a job shared with other
// stages: its when, environment, tools and options apply to its steps.
func (c *converter) stageScope(j *jobBuilder, s *pipeline.Stage, sc *scope) *scope {
	sc = sc.child()
	if s.When != nil {
		cond := c.when(s.When)
		c.emitWhenTests(sc, s.When)
		sc.cond = condition.And(sc.cond, cond)
	}
	sc.env = append(sc.env, c.envBlock(j, s.Environment)...)
	c.computedEnv(sc, s.Environment)
	for _, t := range s.Tools {
		c.mapTool(j, t)
	}
	o := c.stageOptions(s)
	if o.timeout > 0 {
		sc.timeout = o.timeout
	}
	return sc
}

// finishJob completes a job: its name, the Jenkins variables its scripts
// use, and the permissions its templates need.
func (c *converter) finishJob(j *jobBuilder) {
	if j.job.Strategy != nil {
		// Keys derived from axis values (a runner, a tool version) are
		// added while the job's stages convert, after the strategy.
		j.job.Strategy.Include = j.include
	}
	nothingConverted := j.manualSteps > 0 && j.manualSteps == len(j.job.Steps)-j.setupSteps
	if j.caughtFailure {
		j.job.Steps = append(j.job.Steps, &workflow.Step{Name: "Fail for errors caught earlier", If: "env.J2A_CAUGHT_FAILURE == 'true'",
			Run: "echo '::error::a step inside catchError failed'\nexit 1"})
	}
	c.placeWindows(j)
	dropScriptNames(j.job.Steps)
	hoistEnv(j)
	c.saveWorkspace(j)
	c.exportEnv(j)
	j.job.Name = strings.Join(j.stages, " + ")
	if nothingConverted {
		// Nothing of the job's own work converted: say so where the run
		// shows it.
		j.job.Name = "NOT CONVERTED: " + j.job.Name
	}
	c.protectDeployment(j)
	if j.job.Name == j.job.ID {
		// GitHub shows the id.
		j.job.Name = ""
	}
	j.job.If = ifExpr(j.job.If)
	// Later entries win, as in Jenkins, where a stage's environment
	// overrides the pipeline's.
	var env []workflow.KV
	for _, kv := range j.job.Env {
		env = setKV(env, kv)
	}
	j.job.Env = env
	for _, name := range j.varOrder {
		if !slices.ContainsFunc(j.job.Env, func(kv workflow.KV) bool { return strings.EqualFold(kv.Key, name) }) {
			j.job.Env = append(j.job.Env, workflow.KV{Key: name, Value: j.vars[name]})
		}
	}
	// Job permissions replace the workflow's, so they repeat contents: read.
	if slices.ContainsFunc(j.perms, func(kv workflow.KV) bool { return kv.Key != "contents" || kv.Value != workflow.Read }) {
		j.job.Permissions = workflow.Permissions{}.Set("contents", workflow.Read)
		for _, kv := range j.perms {
			j.job.Permissions = j.job.Permissions.Set(kv.Key, kv.Value)
		}
	}
	if len(j.job.Steps) == 0 {
		j.job.Steps = append(j.job.Steps, &workflow.Step{Name: "Nothing to do", Run: "echo 'this stage has no steps'"})
	}
}

// protectDeployment keeps deployment jobs from overlapping: a job whose id
// or name says deploy, release or publish gets a concurrency group of its
// own unless it has an environment or the workflow a group.
func (c *converter) protectDeployment(j *jobBuilder) {
	if !workflow.IsDeployment(j.job.ID+" "+j.job.Name, c.cfg.Lint.DeployWords) ||
		j.job.Environment != "" || j.job.Concurrency != nil || c.wf.Concurrency != nil {
		return
	}
	j.job.Concurrency = &workflow.Concurrency{Group: "${{ github.workflow }}-" + j.job.ID}
	c.record(directiveDeployment, Approximated, j.job.Source, "the deployment job %q gets a concurrency group so that two runs never deploy at once; consider an environment with reviewers", j.job.ID)
}

// hoistEnv moves env entries that every step of the job after its setup
// (checkout, tools) carries into the job's env, where a stage's
// environment block reads best when the stage has the job to itself.
func hoistEnv(j *jobBuilder) {
	steps := j.job.Steps[min(j.setupSteps, len(j.job.Steps)):]
	if len(steps) == 0 {
		return
	}
	for _, kv := range slices.Clone(steps[0].Env) {
		common := true
		for _, st := range steps[1:] {
			if !slices.Contains(st.Env, kv) {
				common = false
				break
			}
		}
		if !common || slices.ContainsFunc(j.job.Env, func(e workflow.KV) bool { return e.Key == kv.Key }) {
			continue
		}
		j.job.Env = append(j.job.Env, kv)
		for _, st := range steps {
			st.Env = slices.DeleteFunc(st.Env, func(e workflow.KV) bool { return e == kv })
		}
	}
}

// emptyJob gives a pipeline without stages (a library one-liner whose steps
// are all manual) one job, so that the workflow is valid.
func (c *converter) emptyJob(po *jobOptions) {
	s := &pipeline.Stage{Name: c.p.Name, Range: c.p.Range}
	j := c.newJob(s, planCtx{agent: c.p.Agent, opts: po}, false)
	j.stages = append(j.stages, "build")
}

// conditional marks a job that may be skipped.
func (c *converter) conditional(id string) { c.condJobs[id] = true }

// needsGuard reports whether a job needs a job that may be skipped: GitHub
// skips a job whose needs were skipped unless its if says otherwise.
func (c *converter) needsGuard(needs []string) bool {
	for _, n := range needs {
		if c.condJobs[n] {
			return true
		}
	}
	return false
}
