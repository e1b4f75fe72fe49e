package jenkinsfile

import (
	"strings"

	"github.com/jenkins2actions/jenkins2actions/jenkins/groovy"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

// declarative reads a `pipeline { }` block.
func (r *reader) declarative(p *pipeline.Pipeline, c *groovy.CallExpr) {
	p.Range = c.Range
	for _, d := range r.blockCalls(c, "pipeline") {
		switch d.Name() {
		case "agent":
			p.Agent = r.agent(d)
		case "environment":
			p.Environment = r.environment(d)
		case "options":
			p.Options = r.options(d)
		case "parameters":
			p.Parameters = r.parameters(d)
		case "triggers":
			p.Triggers = r.triggers(d)
		case "tools":
			p.Tools = r.tools(d)
		case "stages":
			p.Stages = r.stages(d)
		case "post":
			p.Post = r.post(d)
		case "libraries":
			for _, l := range r.blockCalls(d, "libraries") {
				if id, _ := r.stringArg(l, "identifier"); id != "" {
					p.Libraries = append(p.Libraries, libraryRef(id, l.Range))
				}
			}
		default:
			r.warn(d, "unknown-directive", "unknown pipeline directive %q", d.Name())
		}
	}
}

func (r *reader) agent(c *groovy.CallExpr) *pipeline.Agent {
	a := &pipeline.Agent{Kind: pipeline.AgentUnknown, Range: c.Range}
	if b := c.Block(); b != nil {
		for _, d := range r.blockCalls(c, "agent") {
			r.agentKind(a, d)
		}
		return a
	}
	args := r.args(c)
	if len(args.Positional) == 1 {
		switch name := identName(c.Args[0].Value); name {
		case "any", "none":
			a.Kind = pipeline.AgentKind(name)
			return a
		}
	}
	// agent label: 'x' and agent { label 'x' } mean the same.
	if l := args.Get("label"); l.Kind != pipeline.Absent {
		a.Kind, a.Label = pipeline.AgentLabel, l.Str()
		return a
	}
	a.Options = args
	r.warn(c, "unknown-agent", "unrecognised agent %q", r.file.Text(c.Range))
	return a
}

// agentKind reads one entry of an agent block: label, node, docker,
// dockerfile, kubernetes.
func (r *reader) agentKind(a *pipeline.Agent, d *groovy.CallExpr) {
	args := r.args(d)
	a.Options = args
	switch d.Name() {
	case "label":
		a.Kind, a.Label = pipeline.AgentLabel, args.First("label").Str()
	case "node":
		a.Kind = pipeline.AgentNode
		r.agentFields(a, d, args)
	case "docker":
		a.Kind = pipeline.AgentDocker
		r.agentFields(a, d, args)
		if a.Image == "" {
			a.Image = args.First("image").Str()
		}
	case "dockerfile":
		a.Kind = pipeline.AgentDockerfile
		r.agentFields(a, d, args)
	case "kubernetes":
		a.Kind = pipeline.AgentKubernetes
		r.agentFields(a, d, args)
	default:
		r.warn(d, "unknown-agent", "unknown agent type %q", d.Name())
	}
}

// agentFields reads the settings of a node/docker/dockerfile/kubernetes
// agent, given either as a block (docker { image 'x' }) or as named
// arguments (docker image: 'x').
func (r *reader) agentFields(a *pipeline.Agent, d *groovy.CallExpr, args pipeline.Args) {
	set := func(name string, v pipeline.Value) {
		s := v.Str()
		switch name {
		case "label":
			a.Label = s
		case "customWorkspace":
			a.CustomWorkspace = s
		case "image":
			a.Image = s
		case "args":
			a.Args = s
		case "registryUrl":
			a.RegistryURL = s
		case "registryCredentialsId":
			a.RegistryCredentialsID = s
		case "reuseNode":
			a.ReuseNode = v.Truthy()
		case "filename":
			a.Filename = s
		case "dir":
			a.Dir = s
		case "additionalBuildArgs":
			a.BuildArgs = s
		case "yaml":
			a.YAML = s
		case "yamlFile":
			a.YAMLFile = s
		case "defaultContainer":
			a.DefaultContainer = s
		default:
			a.Options.Named = append(a.Options.Named, pipeline.Named{Name: name, Value: v})
		}
	}
	a.Options = pipeline.Args{}
	for _, n := range args.Named {
		set(n.Name, n.Value)
	}
	if d.TrailingClosures == 0 {
		if a.Kind == pipeline.AgentDockerfile && len(args.Positional) == 1 {
			// dockerfile true: the Dockerfile at the root.
			return
		}
		if a.Kind == pipeline.AgentDocker && len(args.Positional) == 1 {
			a.Image = args.Positional[0].Str()
		}
		return
	}
	for _, s := range d.Block().Body {
		sc := callStmt(s)
		if sc == nil {
			r.unexpected(s, "unexpected statement in agent %q", d.Name())
			continue
		}
		set(sc.Name(), r.args(sc).First(sc.Name()))
	}
}

func (r *reader) environment(c *groovy.CallExpr) []*pipeline.EnvVar {
	b := c.Block()
	if b == nil {
		r.warn(c, "malformed-directive", "environment takes a block { NAME = value }")
		return nil
	}
	var out []*pipeline.EnvVar
	for _, s := range b.Body {
		es, ok := s.(*groovy.ExprStmt)
		var asg *groovy.BinaryExpr
		if ok {
			asg, _ = es.X.(*groovy.BinaryExpr)
		}
		if asg == nil || asg.Op != "=" || identName(asg.X) == "" {
			r.unexpected(s, "expected NAME = value in environment")
			continue
		}
		ev := &pipeline.EnvVar{Name: identName(asg.X), Range: asg.Range}
		if call, ok := asg.Y.(*groovy.CallExpr); ok && call.Name() == "credentials" && call.Receiver() == nil {
			id, _ := r.stringArg(call, "id")
			ev.Credential = &pipeline.Credential{ID: id, Kind: pipeline.CredentialUnknown, Variable: ev.Name, Range: call.Range}
		} else {
			ev.Value = r.value(asg.Y)
		}
		out = append(out, ev)
	}
	return out
}

func (r *reader) options(c *groovy.CallExpr) []*pipeline.Option {
	var out []*pipeline.Option
	for _, o := range r.blockCalls(c, "options") {
		out = append(out, &pipeline.Option{Name: o.Name(), Args: r.args(o), Range: o.Range})
	}
	return out
}

func (r *reader) parameters(c *groovy.CallExpr) []*pipeline.Parameter {
	var out []*pipeline.Parameter
	for _, d := range r.blockCalls(c, "parameters") {
		args := r.args(d)
		p := &pipeline.Parameter{
			Kind:        d.Name(),
			Name:        args.Get("name").Str(),
			Default:     args.Get("defaultValue"),
			Description: args.Get("description").Str(),
			Range:       d.Range,
		}
		if ch := args.Get("choices"); ch.Kind == pipeline.List {
			p.Choices = ch.Strings()
		} else if ch.Kind == pipeline.String {
			// choice(choices: 'a\nb') is the older newline-separated form.
			p.Choices = strings.Split(ch.Str(), "\n")
		}
		out = append(out, p)
	}
	return out
}

func (r *reader) triggers(c *groovy.CallExpr) []*pipeline.Trigger {
	var out []*pipeline.Trigger
	for _, d := range r.blockCalls(c, "triggers") {
		args := r.args(d)
		t := &pipeline.Trigger{Kind: d.Name(), Args: args, Range: d.Range}
		switch t.Kind {
		case "cron", "pollSCM":
			t.Spec = args.First("spec").Str()
		}
		out = append(out, t)
	}
	return out
}

func (r *reader) tools(c *groovy.CallExpr) []*pipeline.Tool {
	var out []*pipeline.Tool
	for _, d := range r.blockCalls(c, "tools") {
		out = append(out, &pipeline.Tool{Type: d.Name(), Name: r.args(d).First("name"), Range: d.Range})
	}
	return out
}

func (r *reader) stages(c *groovy.CallExpr) []*pipeline.Stage {
	var out []*pipeline.Stage
	for _, d := range r.blockCalls(c, c.Name()) {
		if d.Name() != "stage" {
			r.warn(d, "unexpected-statement", "expected stage('name') { ... } in %s, found %q", c.Name(), d.Name())
			continue
		}
		out = append(out, r.stage(d))
	}
	return out
}

func (r *reader) stage(c *groovy.CallExpr) *pipeline.Stage {
	name, _ := r.stringArg(c, "name")
	st := &pipeline.Stage{Name: name, Range: c.Range}
	for _, d := range r.blockCalls(c, "stage") {
		switch d.Name() {
		case "agent":
			st.Agent = r.agent(d)
		case "environment":
			st.Environment = r.environment(d)
		case "tools":
			st.Tools = r.tools(d)
		case "options":
			st.Options = r.options(d)
		case "when":
			st.When = r.when(d)
		case "input":
			st.Input = r.inputDirective(d)
		case "steps":
			if b := d.Block(); b != nil {
				st.Steps = r.steps(b.Body)
			}
		case "stages":
			st.Stages = r.stages(d)
		case "parallel":
			st.Parallel = r.stages(d)
		case "matrix":
			st.Matrix = r.matrix(d)
		case "failFast":
			st.FailFast = r.args(d).First("").Truthy()
		case "post":
			st.Post = r.post(d)
		default:
			r.warn(d, "unknown-directive", "unknown stage directive %q", d.Name())
		}
	}
	return st
}

// inputDirective reads a stage-level input { message ...; ok ... } as an
// input step with named arguments.
func (r *reader) inputDirective(c *groovy.CallExpr) *pipeline.Step {
	st := &pipeline.Step{Name: "input", Text: r.file.Text(c.Range), Range: c.Range, Args: r.args(c)}
	if c.Block() != nil {
		for _, d := range r.blockCalls(c, "input") {
			if d.Name() == "parameters" {
				st.Args.Named = append(st.Args.Named, pipeline.Named{Name: "parameters", Value: pipeline.Value{
					Kind: pipeline.Closure, Steps: r.steps(d.Block().Body), Text: r.file.Text(d.Range), Range: d.Range}})
				continue
			}
			st.Args.Named = append(st.Args.Named, pipeline.Named{Name: d.Name(), Value: r.args(d).First(d.Name())})
		}
	}
	return st
}

func (r *reader) when(c *groovy.CallExpr) *pipeline.When {
	w := &pipeline.When{Range: c.Range}
	for _, d := range r.blockCalls(c, "when") {
		switch d.Name() {
		case "beforeAgent":
			w.BeforeAgent = r.args(d).First("").Truthy()
		case "beforeInput":
			w.BeforeInput = r.args(d).First("").Truthy()
		case "beforeOptions":
			w.BeforeOptions = r.args(d).First("").Truthy()
		default:
			w.Conditions = append(w.Conditions, r.condition(d))
		}
	}
	return w
}

func (r *reader) condition(c *groovy.CallExpr) *pipeline.Condition {
	cond := &pipeline.Condition{Kind: c.Name(), Range: c.Range}
	switch cond.Kind {
	case "not", "anyOf", "allOf":
		for _, d := range r.blockCalls(c, cond.Kind) {
			cond.Children = append(cond.Children, r.condition(d))
		}
	case "expression":
		if b := c.Block(); b != nil {
			cond.Expr = pipeline.Value{Kind: pipeline.ExprValue, Text: r.file.Text(b.Range), Range: b.Range}
			// A closure whose body is one expression (or return of one) is the
			// condition itself.
			if e := closureResult(b); e != nil {
				cond.Expr = r.exprValue(e)
				cond.Cond = r.cond(e)
			}
		}
	default:
		cond.Args = r.args(c)
	}
	return cond
}

// closureResult returns the expression a one-statement closure evaluates to.
func closureResult(b *groovy.ClosureExpr) groovy.Expr {
	if len(b.Body) != 1 {
		return nil
	}
	switch s := b.Body[0].(type) {
	case *groovy.ExprStmt:
		return s.X
	case *groovy.ReturnStmt:
		return s.X
	}
	return nil
}

func (r *reader) post(c *groovy.CallExpr) []*pipeline.PostBlock {
	var out []*pipeline.PostBlock
	for _, d := range r.blockCalls(c, "post") {
		pb := &pipeline.PostBlock{Condition: d.Name(), Range: d.Range}
		if b := d.Block(); b != nil {
			pb.Steps = r.steps(b.Body)
		}
		out = append(out, pb)
	}
	return out
}

func (r *reader) matrix(c *groovy.CallExpr) *pipeline.Matrix {
	m := &pipeline.Matrix{Range: c.Range}
	for _, d := range r.blockCalls(c, "matrix") {
		switch d.Name() {
		case "axes":
			for _, ax := range r.blockCalls(d, "axes") {
				m.Axes = append(m.Axes, r.axis(ax))
			}
		case "excludes":
			for _, ex := range r.blockCalls(d, "excludes") {
				e := &pipeline.MatrixExclude{Range: ex.Range}
				for _, ax := range r.blockCalls(ex, "exclude") {
					a := r.axis(ax)
					e.Axes = append(e.Axes, &pipeline.ExcludeAxis{Name: a.Name, Values: a.Values, Range: a.Range, NotValues: r.notValues(ax)})
				}
				m.Excludes = append(m.Excludes, e)
			}
		case "agent":
			m.Agent = r.agent(d)
		case "tools":
			m.Tools = r.tools(d)
		case "environment":
			m.Environment = r.environment(d)
		case "when":
			m.When = r.when(d)
		case "options":
			m.Options = r.options(d)
		case "stages":
			m.Stages = r.stages(d)
		case "post":
			m.Post = r.post(d)
		default:
			r.warn(d, "unknown-directive", "unknown matrix directive %q", d.Name())
		}
	}
	return m
}

func (r *reader) axis(c *groovy.CallExpr) *pipeline.Axis {
	a := &pipeline.Axis{Range: c.Range}
	for _, d := range r.blockCalls(c, "axis") {
		args := r.args(d)
		switch d.Name() {
		case "name":
			a.Name = args.First("").Str()
		case "values", "notValues":
			for _, v := range args.Positional {
				a.Values = append(a.Values, v.Strings()...)
			}
		}
	}
	return a
}

func (r *reader) notValues(c *groovy.CallExpr) bool {
	for _, d := range r.blockCalls(c, "axis") {
		if d.Name() == "notValues" {
			return true
		}
	}
	return false
}
