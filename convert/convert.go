// Package convert maps the neutral pipeline model to a GitHub Actions
// workflow.
//
// Each Jenkins construct has a mapper registered in one table (registry.go,
// map_*.go); every construct met is recorded in the result as converted,
// approximated (with a note) or manual (with a reason and its position), so
// that nothing is dropped in silence. Steps are built from the vetted
// templates only.
package convert

import (
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/compute"
	"github.com/jenkins2actions/jenkins2actions/config"
	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
	"github.com/jenkins2actions/jenkins2actions/templates"
	"github.com/jenkins2actions/jenkins2actions/workflow"
	"github.com/jenkins2actions/jenkins2actions/workflow/condition"
)

// Options are the converter's inputs besides the pipeline.
type Options struct {
	Config  *config.Config
	Catalog *templates.Catalog
}

// Convert maps p to a workflow. Problems in p are diagnostics and manual
// items; the error is for the tool's own failures (a broken template).
func Convert(p *pipeline.Pipeline, opts Options) (*Result, error) {
	if opts.Config == nil {
		opts.Config = config.Default()
	}
	if opts.Catalog == nil {
		cat, err := templates.Builtin()
		if err != nil {
			return nil, err
		}
		opts.Catalog = cat
	}
	c := &converter{
		p:       p,
		cfg:     opts.Config,
		cat:     opts.Catalog,
		res:     &Result{FileName: WorkflowFileName(p.Name)},
		jobIDs:  map[string]bool{},
		secrets: map[string]*Secret{},
		runners: map[string]*Runner{},
		params:  map[string]*pipeline.Parameter{},

		condJobs:      map[string]bool{},
		concurrency:   map[string]bool{},
		topLevel:      map[string]bool{},
		fixedParams:   map[string]bool{},
		reassigned:    map[string]bool{},
		seenAgents:    map[*pipeline.Agent]bool{},
		setEnv:        map[string]bool{},
		items:         map[itemKey]*Item{},
		called:        map[string]bool{},
		unmapped:      map[string][]*pipeline.Step{},
		inlining:      map[string]bool{},
		whens:         map[*pipeline.When]condition.Expr{},
		artifacts:     map[string]int{},
		stageOpts:     map[*pipeline.Stage]*jobOptions{},
		varTypes:      map[string]compute.Type{},
		globals:       map[string]*pipeline.Step{},
		whenTests:     map[*pipeline.When][]*whenTest{},
		branchMaps:    map[string]bool{},
		propertyLists: map[string]bool{},
	}
	if err := c.run(); err != nil {
		return nil, err
	}
	return c.res, nil
}

// WorkflowFileName makes a workflow file name from a job name.
func WorkflowFileName(name string) string {
	id := slug(name, "-")
	if id == "" {
		id = "ci"
	}
	return id + ".yml"
}

type converter struct {
	// templates counts the templates whose steps are being emitted: their
	// scripts are the catalog's, not the input's.
	templates int
	// fixedParams are the parameters past GitHub's input limit, which keep
	// their defaults.
	fixedParams map[string]bool
	// topLevel are the variables defined before the pipeline block;
	// reassigned those a stage assigned since.
	topLevel, reassigned map[string]bool
	// concurrency are the disableConcurrentBuilds rules met: by the
	// builds they apply to, whether a new build aborts the running one.
	concurrency map[string]bool
	// defined are the names the pipeline sets somewhere (collectDefined).
	defined map[string]bool
	// skipAfterUnstable is set by options { skipStagesAfterUnstable() }.
	skipAfterUnstable bool
	// polled is set by a pollSCM trigger.
	polled bool
	// caughtBlocks counts catchError and warnError blocks, which each
	// have a flag of their own.
	caughtBlocks int
	p            *pipeline.Pipeline
	cfg          *config.Config
	cat          *templates.Catalog
	res          *Result
	wf           *workflow.Workflow

	jobIDs map[string]bool
	// builders are the jobs in the order they were made; they are
	// finished once all steps are in.
	builders []*jobBuilder
	secrets  map[string]*Secret
	runners  map[string]*Runner
	params   map[string]*pipeline.Parameter
	// credText is all step text, searched for the _USR and _PSW forms of
	// credentials() variables.
	credText   string
	condJobs   map[string]bool
	seenAgents map[*pipeline.Agent]bool
	// items indexes the report's items by construct and place.
	items map[itemKey]*Item
	// setEnv are the variables every step may read: those scripted code
	// set with env.NAME = value, and literal definitions outside the
	// pipeline block, which are workflow env entries.
	setEnv map[string]bool
	// unmapped collects the calls of steps no mapper knows, by name.
	unmapped map[string][]*pipeline.Step
	// called and inlining track the Jenkinsfile's own methods.
	called, inlining map[string]bool
	whens            map[*pipeline.When]condition.Expr
	// upstream is true when workflow_run starts the workflow: jobs then
	// check the upstream run's conclusion.
	upstream  bool
	artifacts map[string]int
	stageOpts map[*pipeline.Stage]*jobOptions
	// varTypes are the types of the Groovy variables computed in bash
	// that are not strings.
	varTypes map[string]compute.Type
	// globals are the variables defined outside the pipeline block that
	// jobs compute when they read them.
	globals map[string]*pipeline.Step
	// propertyLists are the variables that hold the list properties()
	// reads.
	propertyLists map[string]bool
	// returns counts the return statements that guard later steps.
	returns int
	// branchMaps are the maps of closures for parallel() whose branches
	// ran where they were stored.
	branchMaps map[string]bool
	// whenTests are the when conditions that steps test, and curWhen the
	// when block being converted.
	whenTests     map[*pipeline.When][]*whenTest
	whenTestCount int
	curWhen       *pipeline.When
	// err is the first template failure; mappers keep going and run
	// returns it.
	err error
}

// record adds an item to the report.
//
// A construct converted more than once (a pipeline-level tool or
// credential set up in every job, a loop body unrolled, a method inlined at
// each call) is one item: the report accounts for the source, not for the
// output. The item keeps the worst status it was recorded with.
func (c *converter) record(k *Construct, status Status, rng diag.Range, note string, args ...any) *Item {
	if len(args) > 0 {
		note = fmt.Sprintf(note, args...)
	}
	key := itemKey{k.ID(), rng.File, rng.Start}
	if it, ok := c.items[key]; ok && rng.Start.IsValid() {
		if statusRank[status] > statusRank[it.Status] || status == it.Status && it.Note == "" {
			it.Status, it.Note = status, note
		}
		return it
	}
	it := &Item{Construct: k.ID(), Status: status, Note: note, Source: rng}
	c.res.Items = append(c.res.Items, it)
	c.items[key] = it
	return it
}

// itemKey identifies a construct in the source.
type itemKey struct {
	construct, file string
	start           diag.Pos
}

var statusRank = map[Status]int{Converted: 0, Approximated: 1, Manual: 2}

// manual records a manual item that quotes the source text.
func (c *converter) manual(k *Construct, rng diag.Range, text, note string, args ...any) *Item {
	it := c.record(k, Manual, rng, note, args...)
	it.Text = text
	return it
}

func (c *converter) run() error {
	p := c.p
	c.wf = &workflow.Workflow{
		Header: []string{
			fmt.Sprintf("Generated by jenkins2actions from %s: review the migration report before relying on it.", displayFile(p.File)),
		},
		Name:        p.Name,
		Permissions: workflow.Permissions{}.Set("contents", workflow.Read),
		On: workflow.On{
			Push:             &workflow.Push{},
			PullRequest:      &workflow.Push{},
			WorkflowDispatch: &workflow.Dispatch{},
		},
	}
	c.res.Workflow = c.wf
	c.credText = credentialScanText(p)
	c.collectDefined()
	// A job from config.xml builds on pushes and pull requests only when
	// one of its triggers says so; a Jenkinsfile in a repository builds on
	// every push and pull request, as multibranch projects do.
	if p.Job != nil {
		c.wf.On.Push, c.wf.On.PullRequest = nil, nil
	}

	for _, l := range p.Libraries {
		if dir := c.cfg.Libraries[l.Name].Path; dir != "" {
			c.record(directiveLibrary, Converted, l.Range, "shared library %q, read from the checkout at %s: the steps its vars define are converted where they are called", l.Name, dir)
			continue
		}
		c.record(directiveLibrary, Manual, l.Range, "shared library %q: map each of its steps the pipeline calls to a reusable workflow or composite action, or give its checkout as libraries: %s: path:", l.Name, l.Name)
	}
	c.collectProperties()
	for _, prm := range p.Parameters {
		c.parameter(prm)
	}
	for _, t := range p.Triggers {
		if k := lookup(KindTrigger, t.Kind); k != nil {
			k.trigger(c, t)
			continue
		}
		c.manual(constructFor(KindTrigger, t.Kind), t.Range, "", "unknown trigger %q: start the workflow from the matching GitHub event", t.Kind)
	}
	// Only declarative pipelines check out the repository by themselves.
	pipeOpts := &jobOptions{pipelineLevel: true, skipCheckout: p.Style != pipeline.StyleDeclarative}
	for _, o := range p.Options {
		c.option(o, pipeOpts)
	}
	for _, e := range p.Environment {
		if isPathVar(e.Name) {
			continue
		}
		if e.Credential == nil && computedValue(e.Value) {
			// Groovy computes it: each job that reads it computes it
			// in bash, as a top-level definition.
			c.globalDef(&pipeline.Step{Stmt: &pipeline.Def{Name: e.Name, Value: e.Value}, Range: e.Range, Text: e.Name + " = " + e.Value.Text})
			c.setEnv[e.Name] = true
			continue
		}
		if e.Credential == nil {
			c.wf.Env = append(c.wf.Env, workflow.KV{Key: e.Name, Value: c.exprValue(e.Value, c.wf.Env)})
			c.record(directiveEnvironment, Converted, e.Range, "")
		}
	}
	var preludeManual []*Item
	for _, s := range p.Prelude {
		before := len(c.res.Items)
		c.prelude(s)
		for _, it := range c.res.Items[before:] {
			if it.Status == Manual && it.Source.Start.IsValid() {
				preludeManual = append(preludeManual, it)
			}
		}
	}
	if p.Agent != nil {
		c.recordAgent(p.Agent)
	}

	if !c.libraryWorkflow() {
		c.planJobs(pipeOpts)
	}
	if len(c.wf.Jobs) == 0 {
		c.emptyJob(pipeOpts)
	}
	c.pipelinePost(pipeOpts)
	c.placePrelude(preludeManual)
	c.uncalledMethods()
	c.reportUnmapped()
	c.chooseTriggers()
	c.guardSelfHosted()
	c.wireEnv()
	for _, j := range c.builders {
		c.finishJob(j)
	}
	c.placeEnv()
	c.finishSecrets()
	c.listVariables()
	return c.err
}

func displayFile(f string) string {
	if f == "" {
		return "a Jenkins pipeline"
	}
	return path.Base(strings.ReplaceAll(f, "\\", "/"))
}

// credentialScanText is all step text of the pipeline, used to tell whether
// a credentials() variable is used as a username/password pair.
func credentialScanText(p *pipeline.Pipeline) string {
	var b strings.Builder
	steps := func(steps []*pipeline.Step) {
		for _, s := range steps {
			b.WriteString(s.Text)
			b.WriteByte('\n')
		}
	}
	post := func(blocks []*pipeline.PostBlock) {
		for _, pb := range blocks {
			steps(pb.Steps)
		}
	}
	env := func(vars []*pipeline.EnvVar) {
		for _, e := range vars {
			b.WriteString(e.Value.Text)
			b.WriteByte('\n')
		}
	}
	pipeline.WalkStages(p.Stages, func(s *pipeline.Stage) {
		steps(s.Steps)
		post(s.Post)
		env(s.Environment)
		if s.Matrix != nil {
			post(s.Matrix.Post)
		}
	})
	post(p.Post)
	env(p.Environment)
	steps(p.Prelude)
	return b.String()
}

// guardSelfHosted keeps pull requests from forks off the jobs that run on
// self-hosted runners: on GitHub a fork's pull request would run its own
// code on the organisation's machine. Jenkins' GitHub Branch Source trusts
// only contributors with write access by default, so same-repository pull
// requests still build.
func (c *converter) guardSelfHosted() {
	if c.wf.On.PullRequest == nil {
		return
	}
	for _, j := range c.wf.Jobs {
		if !slices.ContainsFunc(j.RunsOn, func(l string) bool { return strings.EqualFold(l, "self-hosted") }) {
			continue
		}
		if j.If == "" {
			j.If = workflow.SameRepositoryPullRequest
		} else {
			j.If = "(" + j.If + ") && (" + workflow.SameRepositoryPullRequest + ")"
		}
		c.record(agentSelfHosted, Approximated, j.Source, "pull requests from forks do not run on the self-hosted runner %s, where Jenkins could build them for trusted contributors", strings.Join(j.RunsOn, ", "))
	}
}

// prelude reports top-level Groovy of a declarative Jenkinsfile.
func (c *converter) prelude(s *pipeline.Step) {
	switch st := s.Stmt.(type) {
	case *pipeline.Groovy, *pipeline.Declare:
		if strings.HasPrefix(s.Text, "import ") {
			c.record(directiveImport, Converted, s.Range, "imports are only needed by Groovy code")
			return
		}
	case *pipeline.SyntaxError:
		c.syntaxError(s, st)
		return
	case *pipeline.Def:
		c.globalDef(s)
		return
	}
	switch _, declare := s.Stmt.(*pipeline.Declare); {
	case declare:
		c.record(directiveGroovy, Converted, s.Range, "a declaration without a value")
	case s.Name == "properties":
		mapProperties(c, nil, s)
	case s.Name == "node" && len(s.Args.Positional) == 0:
		// A node block before the pipeline that reads the repository
		// (def p = [:]; node { checkout scm; p = readProperties ... }):
		// its assignments define values the jobs compute, each in the
		// checkout it has.
		c.record(directiveGroovy, Approximated, s.Range, "a node block before the pipeline: its assignments are computed in each job that reads them, after the job's checkout")
		for _, st := range s.Body {
			_, def := st.Stmt.(*pipeline.Def)
			switch {
			case def:
				c.globalDef(st)
			case st.Name == "checkout" && st.Args.First("scm").Ref() != nil && st.Args.First("scm").Ref().Name == "scm":
				c.record(stepCheckout, Converted, st.Range, "every job checks out the repository")
			default:
				c.prelude(st)
			}
		}
	default:
		c.manual(directiveGroovy, s.Range, s.Text, "top-level Groovy outside the pipeline block: port what it computes to a step or an env value")
		c.nestedShells(s)
	}
}

// globalDef takes a variable defined outside the pipeline block: a literal
// becomes a workflow env entry, a computed value is computed by each job
// that reads it.
func (c *converter) globalDef(s *pipeline.Step) {
	d := s.Stmt.(*pipeline.Def)
	name, v := d.Name, d.Value
	c.topLevel[name] = true
	if v.Kind == pipeline.Absent {
		c.record(directiveGroovy, Converted, s.Range, "a declaration without a value")
		return
	}
	if v.IsLiteral() {
		c.wf.Env = setKV(c.wf.Env, workflow.KV{Key: name, Value: c.exprValue(v, nil)})
		c.setEnv[name] = true
		c.record(directiveGroovy, Converted, s.Range, "a workflow env entry")
		return
	}
	if why := c.uncomputable(v); why != "" {
		c.manual(directiveGroovy, s.Range, s.Text, "top-level Groovy outside the pipeline block: %s (port what it computes to a step or an env value)", why)
		c.nestedShells(s)
		return
	}
	c.globals[name] = s
	c.record(directiveGroovy, Approximated, s.Range, "computed in bash by the step \"Compute %s\" in each job that reads it: check the translation", name)
}

// nestedShells reports the scripts inside Groovy the converter could not
// translate, each with its own line, so that no script is lost.
func (c *converter) nestedShells(s *pipeline.Step) {
	const why = "script inside Groovy control flow: move it into a run step where the logic allows"
	if s.Stmt != nil {
		for _, block := range s.Blocks() {
			c.unconvertedBranch(block, why)
		}
		return
	}
	for _, n := range s.Body {
		c.manual(stepConstruct(n), n.Range, n.Text, why)
	}
}

// shells are the scripts dug out of a statement the reader could not read
// whole, or the body of a step.
func shells(s *pipeline.Step) []*pipeline.Step {
	switch st := s.Stmt.(type) {
	case *pipeline.Groovy:
		return st.Shells
	case *pipeline.Def:
		return st.Shells
	case *pipeline.EnvSet:
		return st.Shells
	case *pipeline.Return:
		return st.Shells
	}
	return s.Body
}

// paramConstructs are the parameter types: what each becomes.
func paramConstructs() []*Construct {
	var ks []*Construct
	for _, p := range []struct {
		name    string
		status  Status
		summary string
	}{
		{"string", Converted, "a workflow_dispatch string input, and an env variable with the default when not dispatched"},
		{"text", Converted, "a string input, as string"},
		{"booleanParam", Converted, "a boolean input, and an env variable"},
		{"choice", Converted, "a choice input whose first option is the default, and an env variable"},
		{"password", Approximated, "a secret to create, not an input"},
		{"file", Manual, "no workflow_dispatch form: take the file from an artifact, a release or a URL input"},
		{"stashedFile", Manual, "as file"},
		{"base64File", Manual, "as file"},
		{"binding", Approximated, "a name the Jenkinsfile reads but never assigns: a parameter of the job's configuration, a string input"},
		{"computed", Manual, "parameters Groovy computes (parameters([...] + more())): add them as inputs by hand"},
		{"other", Approximated, "a parameter of another plugin's type: a string input"},
	} {
		ks = append(ks, &Construct{Kind: KindParameter, Name: p.name, Status: p.status, Summary: p.summary})
	}
	return ks
}

// parameter maps a build parameter to a workflow_dispatch input.
func (c *converter) parameter(prm *pipeline.Parameter) {
	construct := constructFor(KindParameter, prm.Kind)
	if prm.Name == "" {
		c.manual(construct, prm.Range, "", "parameter without a literal name")
		return
	}
	c.params[prm.Name] = prm
	in := &workflow.Input{Name: prm.Name, Description: firstLine(prm.Description), Default: prm.Default.Str()}
	switch prm.Kind {
	case "string", "text":
		in.Type = workflow.InputString
		c.record(construct, Converted, prm.Range, "")
	case "booleanParam":
		in.Type = workflow.InputBoolean
		if in.Default == "" {
			in.Default = "false"
		}
		c.record(construct, Converted, prm.Range, "")
	case "choice":
		if len(prm.Choices) == 0 {
			in.Type = workflow.InputString
			c.record(construct, Approximated, prm.Range, "the choices are computed by Groovy: a string input stands for them")
			break
		}
		in.Type = workflow.InputChoice
		in.Options = prm.Choices
		in.Default = in.Options[0]
		c.record(construct, Converted, prm.Range, "")
	case "file", "stashedFile", "base64File":
		c.manual(construct, prm.Range, "", "file parameters have no workflow_dispatch form: take the file from an artifact, a release or a URL input")
		return
	case "binding":
		in.Type = workflow.InputString
		c.record(construct, Approximated, prm.Range, "%s is read but never assigned in the Jenkinsfile: a parameter of the job's configuration, which becomes a string input (empty on pushes)", prm.Name)
	case "password":
		c.addSecret(secretName(prm.Name), prm.Name, "password parameter", prm.Range)
		c.record(construct, Approximated, prm.Range, "password parameters become the secret %q, not an input", secretName(prm.Name))
		return
	default:
		in.Type = workflow.InputString
		construct = registered(KindParameter, "other")
		c.record(construct, Approximated, prm.Range, "parameter type %q becomes a string input", prm.Kind)
	}
	if in.Description == "" {
		in.Description = prm.Name
	}
	if !validInputName.MatchString(prm.Name) {
		c.manual(construct, prm.Range, "", "the parameter name %q is not a valid input name (letters, digits, - and _): rename it", prm.Name)
		return
	}
	if len(c.wf.On.WorkflowDispatch.Inputs) >= maxInputs {
		// GitHub takes 25 inputs: the parameters after them keep their
		// defaults.
		c.fixedParams[prm.Name] = true
		c.record(construct, Approximated, prm.Range, "GitHub allows %d workflow_dispatch inputs: %s keeps its default %q; edit the workflow's env to change it", maxInputs, prm.Name, paramDefault(prm))
	} else {
		c.wf.On.WorkflowDispatch.Inputs = append(c.wf.On.WorkflowDispatch.Inputs, in)
	}
	// Jenkins puts every parameter in the build's environment, where
	// scripts and the tools they call read it.
	c.wf.Env = append(c.wf.Env, workflow.KV{Key: prm.Name, Value: c.paramExpr(prm.Name)})
}

// paramExpr is the value of parameter name in any event: the input when the
// workflow was dispatched by hand, the Jenkins default otherwise (Jenkins
// also uses the defaults for builds it starts itself).
func (c *converter) paramExpr(name string) string {
	prm := c.params[name]
	if prm == nil {
		return fmt.Sprintf("${{ inputs.%s }}", name)
	}
	if prm.Kind == "password" {
		return fmt.Sprintf("${{ secrets.%s }}", secretName(name))
	}
	// Not dispatched: the Jenkins default, which Jenkins also uses for
	// the builds it starts itself. Dispatched: the input, even empty.
	def := paramDefault(prm)
	if c.fixedParams[name] {
		return workflow.Literal(def)
	}
	if def == "" {
		return fmt.Sprintf("${{ inputs.%s }}", name)
	}
	return fmt.Sprintf("${{ github.event_name != 'workflow_dispatch' && %s || inputs.%s }}", exprString(def), name)
}

// paramDefault is the value a parameter has in a build nobody started
// with parameters.
func paramDefault(prm *pipeline.Parameter) string {
	def := prm.Default.Str()
	if prm.Kind == "choice" && len(prm.Choices) > 0 {
		def = prm.Choices[0]
	}
	if prm.Kind == "booleanParam" && def == "" {
		def = "false"
	}
	return def
}

// exprString quotes s as a string literal of a GitHub expression.
//
// Text with ${{ or }} in it (a hostile default, say) becomes a JSON string
// whose braces and dollars are escapes: the workflow then holds no ${{ to
// read, and fromJSON gives the text back as a plain value.
func exprString(s string) string {
	if strings.Contains(s, "${{") || strings.Contains(s, "}}") {
		b, _ := json.Marshal(s)
		js := strings.NewReplacer("$", `\u0024`, "{", `\u007b`, "}", `\u007d`).Replace(string(b))
		return "fromJSON('" + strings.ReplaceAll(js, "'", "''") + "')"
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// validInputName is GitHub's rule for workflow_dispatch input ids.
var validInputName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// slug makes an identifier from a name: lowercase letters and digits joined
// by sep.
func slug(name, sep string) string {
	s := nonSlug.ReplaceAllString(strings.ToLower(name), sep)
	return strings.Trim(s, sep)
}

// jobID returns a unique job id for a stage name.
func (c *converter) jobID(name string) string {
	id := slug(name, "-")
	if id == "" {
		id = "job"
	}
	if id[0] >= '0' && id[0] <= '9' {
		id = "stage-" + id
	}
	base := id
	for i := 2; c.jobIDs[id]; i++ {
		id = fmt.Sprintf("%s-%d", base, i)
	}
	c.jobIDs[id] = true
	return id
}

// maxInputs is the number of inputs GitHub allows a workflow_dispatch.
const maxInputs = 25
