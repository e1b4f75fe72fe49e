package convert

import (
	"github.com/jenkins2actions/jenkins2actions/workflow/condition"

	"slices"

	"github.com/jenkins2actions/jenkins2actions/pipeline"
	"github.com/jenkins2actions/jenkins2actions/workflow"
)

var (
	directiveStage       = &Construct{Kind: KindDirective, Name: "stage", Status: Converted, Summary: "steps of the job of its Jenkins workspace, or a job of its own with its agent"}
	directiveParallel    = &Construct{Kind: KindDirective, Name: "parallel", Status: Approximated, Summary: "branches on the pipeline's agent run one after another in its job; branches with agents of their own are jobs that run at the same time"}
	directiveFailFast    = &Construct{Kind: KindDirective, Name: "failFast", Status: Approximated, Summary: "a failed branch fails the run; jobs cannot stop their siblings"}
	directiveEnvironment = &Construct{Kind: KindDirective, Name: "environment", Status: Converted, Summary: "env of the workflow, job or steps; values Groovy computes are computed in bash"}
	directiveExclude     = &Construct{Kind: KindDirective, Name: "exclude", Status: Converted, Summary: "strategy.matrix.exclude"}
	directiveDeployment  = &Construct{Kind: KindDirective, Name: "deployment", Status: Approximated, Summary: "a deploy job gets a concurrency group so that two runs never deploy at once"}
	directiveGroovy      = &Construct{Kind: KindDirective, Name: "groovy", Status: Approximated, Summary: "Groovy before the pipeline block: definitions computed in the jobs that read them"}
	directiveImport      = &Construct{Kind: KindDirective, Name: "import", Status: Converted, Summary: "nothing: imports serve Groovy code only"}
	directiveBeforeAgent = &Construct{Kind: KindDirective, Name: "beforeAgent", Status: Converted, Summary: "when's beforeAgent, beforeInput and beforeOptions: GitHub tests job conditions before it starts a runner or asks for approval"}
	directiveLibrary     = &Construct{Kind: KindDirective, Name: "library", Status: Manual, Summary: "shared libraries: map their steps in the libraries: section of .jenkins2actions.yaml"}
)

// The job planner: which stages share a job (one Jenkins workspace, one
// job), which need one of their own, and in what order the jobs need each
// other. workspace.go carries files and values across the jobs it makes.

// planJobs turns the stage tree into jobs: one Jenkins workspace, one job.
// Stages on the pipeline's agent (nested and parallel ones without an
// agent of their own included) are steps of one job, in Jenkins order; a
// stage with its own agent, a matrix or an approval is a job of its own
// that needs the jobs before it.
func (c *converter) planJobs(po *jobOptions) {
	ln := &lane{}
	c.planStages(c.p.Stages, planCtx{agent: c.p.Agent, opts: po}, ln)
	ln.flush()
}

// lane is the job that holds the workspace of the pipeline's agent while
// stages are planned, and the jobs the next job needs.
type lane struct {
	// ws is the job the stages on the agent run in; nil until one does,
	// and after a job of another agent, which the next stages wait for.
	ws *jobBuilder
	// parents are the stages around ws whose when, environment and
	// options newJob applied to the whole job.
	parents []*pipeline.Stage
	// tails are the jobs the next job needs.
	tails []string
	// last is the previous job of the agent's workspace, whose files the
	// next one takes over.
	last *jobBuilder
}

// flush ends the workspace job: the next stage on the agent waits for the
// jobs before it in a job of its own.
func (ln *lane) flush() {
	if ln.ws != nil {
		ln.last = ln.ws
		ln.ws = nil
	}
}

// planStages places stages in jobs along the lane.
func (c *converter) planStages(stages []*pipeline.Stage, pc planCtx, ln *lane) {
	for _, s := range stages {
		if s.When != nil && condition.IsFalse(c.when(s.When)) {
			c.disabledStage(s)
			continue
		}
		if shareable(s) {
			c.onAgent(s, pc, ln)
			continue
		}
		switch {
		case s.Matrix != nil:
			c.stageHeader(s)
			ln.flush()
			pc.needs = ln.tails
			ln.tails = []string{c.matrixJob(s, pc)}
		case s.Agent == nil && s.Input != nil && shareable(&pipeline.Stage{Stages: s.Stages, Parallel: s.Parallel}):
			// An approval on the pipeline's agent: GitHub asks for it
			// before a job starts, so the workspace goes on in a new
			// job that later stages on the agent share.
			ln.flush()
			pc.needs, pc.from = ln.tails, ln.last
			j := c.newJob(s, pc, true)
			c.emitStage(j, s, c.jobScope(j), true)
			ln.ws, ln.parents, ln.tails = j, pc.parents, []string{j.job.ID}
			if s.When != nil {
				// Its when is the job's: later stages go on in a job of
				// their own.
				ln.flush()
			}
		case ownJob(s):
			ln.flush()
			pc.needs = ln.tails
			j := c.newJob(s, pc, true)
			c.emitStage(j, s, c.jobScope(j), true)
			ln.tails = []string{j.job.ID}
		case len(s.Parallel) > 0:
			c.planParallel(s, pc, ln)
		default:
			// A group whose sub-stages are not all on the agent.
			c.stageHeader(s)
			c.planStages(s.Stages, pc.child(s), ln)
			c.stagePostGroup(s)
		}
	}
}

// onAgent converts a stage that runs on the pipeline's agent into the
// workspace job, starting one when there is none or when the stages around
// it differ from those the job was made for.
func (c *converter) onAgent(s *pipeline.Stage, pc planCtx, ln *lane) {
	if ln.ws != nil && !isPrefix(ln.parents, pc.parents) {
		ln.flush()
	}
	if ln.ws == nil {
		pc.needs, pc.from = ln.tails, ln.last
		ln.ws = c.newJob(s, pc, false)
		ln.parents = pc.parents
		ln.tails = []string{ln.ws.job.ID}
	}
	sc := c.jobScope(ln.ws)
	for _, p := range pc.parents[len(ln.parents):] {
		sc = c.stageScope(ln.ws, p, sc)
	}
	c.emitStage(ln.ws, s, sc, false)
}

// planParallel places the branches of a parallel stage: those on the
// agent run one after another in the workspace job, the others in jobs of
// their own beside it.
func (c *converter) planParallel(s *pipeline.Stage, pc planCtx, ln *lane) {
	c.stageHeader(s)
	if s.FailFast {
		c.record(directiveFailFast, Approximated, s.Range, "jobs cannot stop their siblings; a failed job fails the run and skips the jobs that need it")
	}
	cpc := pc.child(s)
	before := ln.tails
	var tails []string
	onAgent := 0
	for _, b := range s.Parallel {
		if shareable(b) {
			onAgent++
			continue
		}
		bl := &lane{tails: before}
		c.planStages([]*pipeline.Stage{b}, cpc, bl)
		tails = append(tails, bl.tails...)
	}
	if onAgent > 0 {
		c.record(directiveParallel, Approximated, s.Range, "the branches on the pipeline's agent run one after another in its job; on Jenkins they ran at the same time in one workspace")
		for _, b := range s.Parallel {
			if shareable(b) {
				c.onAgent(b, cpc, ln)
			}
		}
		tails = append(ln.tails, tails...)
	} else {
		c.record(directiveParallel, Converted, s.Range, "parallel stages with agents of their own become jobs that run at the same time")
	}
	c.stagePostGroup(s)
	ln.flush()
	ln.tails = tails
}

// shareable reports whether a stage and everything in it run on the agent
// of the stages around it.
func shareable(s *pipeline.Stage) bool {
	if ownJob(s) || s.Matrix != nil {
		return false
	}
	for _, list := range [][]*pipeline.Stage{s.Stages, s.Parallel} {
		for _, child := range list {
			if !shareable(child) {
				return false
			}
		}
	}
	return true
}

// ownJob reports whether a stage needs a job of its own: another agent
// (a fresh workspace on Jenkins, or a container, which GitHub sets per
// job) or an approval, which GitHub asks for before a job starts.
func ownJob(s *pipeline.Stage) bool {
	return s.Input != nil || s.Agent != nil
}

func isPrefix(prefix, list []*pipeline.Stage) bool {
	return len(prefix) <= len(list) && slices.Equal(prefix, list[:len(prefix)])
}

// gateJob adds, before job j, a job that tests the when conditions of an
// approval stage that only steps can test, and returns its ID: its output
// run is true when the stage runs. GitHub asks for an approval before a
// job starts, so the job's own steps could not test them in time.
func (c *converter) gateJob(j *jobBuilder, s *pipeline.Stage, pc planCtx, whens []*pipeline.When, cond condition.Expr) string {
	g := &jobBuilder{
		job: &workflow.Job{ID: c.jobID("approval-gate"), Name: "Decide whether to ask for approval", Needs: slices.Clone(pc.needs),
			RunsOn: c.cfg.DefaultRunner, TimeoutMinutes: 10, Source: s.Range},
		vars: map[string]string{},
	}
	if c.needsGuard(pc.needs) {
		g.job.If = "!cancelled() && !failure()"
	}
	i := slices.Index(c.wf.Jobs, j.job)
	c.wf.Jobs = slices.Insert(c.wf.Jobs, i, g.job)
	k := slices.Index(c.builders, j)
	c.builders = slices.Insert(c.builders, k, g)
	sc := c.jobScope(g)
	if slices.ContainsFunc(whens, func(w *pipeline.When) bool { return len(c.whenTests[w]) > 0 }) {
		c.checkout(g, sc)
		for _, w := range whens {
			c.emitWhenTests(sc, w)
		}
	}
	g.setupSteps = len(g.job.Steps)
	c.emit(sc, &workflow.Step{ID: "when", Name: "Test the conditions of " + s.Name, If: cond.String(), Run: `echo "run=true" >> "$GITHUB_OUTPUT"`}, s.Range)
	g.job.Outputs = []workflow.KV{{Key: "run", Value: "${{ steps.when.outputs.run }}"}}
	g.stages = []string{"Decide whether to ask for approval"}
	return g.job.ID
}
