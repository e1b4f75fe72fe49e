// Package pipelinetest builds pipeline models by hand and prints them, so
// that the stages after the readers can be tested without a Jenkinsfile
// and the readers against golden dumps, as hcl's hcltest does for HCL.
//
// Builders make nodes with zero ranges; Pipeline gives every node a
// position of its own, one line each in tree order, as a reader would.
// Values take Groovy source text the way a Jenkinsfile would spell them
// ('make' for Str("make")), so that what the converter quotes reads right.
package pipelinetest

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

// A Part sets one part of a pipeline, a stage or a matrix. Pipeline, Stage
// and Matrix apply their parts in order; a part that has no place in its
// node (When on a pipeline) panics, as any misuse of a test helper.
type Part func(t *target)

// target is the node a Part applies to: exactly one field is set.
type target struct {
	p *pipeline.Pipeline
	s *pipeline.Stage
	m *pipeline.Matrix
}

func (t *target) misuse(part string) {
	node := "pipeline"
	switch {
	case t.s != nil:
		node = "stage"
	case t.m != nil:
		node = "matrix"
	}
	panic(fmt.Sprintf("pipelinetest: %s does not apply to a %s", part, node))
}

// Pipeline makes a declarative pipeline named "test" read from
// "Jenkinsfile", with its parts, and numbers its nodes.
func Pipeline(parts ...Part) *pipeline.Pipeline {
	p := &pipeline.Pipeline{Name: "test", File: "Jenkinsfile", Style: pipeline.StyleDeclarative}
	t := &target{p: p}
	for _, part := range parts {
		part(t)
	}
	if p.Style == pipeline.StyleScripted && len(p.Stages) == 1 && p.Stages[0].Name == "" {
		// The reader names the stage of a scripted pipeline after it.
		p.Stages[0].Name = p.Name
	}
	Number(p)
	return p
}

// Name names the pipeline.
func Name(name string) Part {
	return func(t *target) {
		if t.p == nil {
			t.misuse("Name")
		}
		t.p.Name = name
	}
}

// Scripted makes the pipeline a scripted one whose steps are these, as the
// reader holds one: a single stage, named after the pipeline.
func Scripted(steps ...*pipeline.Step) Part {
	return func(t *target) {
		if t.p == nil {
			t.misuse("Scripted")
		}
		t.p.Style = pipeline.StyleScripted
		t.p.Stages = []*pipeline.Stage{{Steps: steps}}
	}
}

// Stage makes a stage with its parts.
func Stage(name string, parts ...Part) *pipeline.Stage {
	s := &pipeline.Stage{Name: name}
	t := &target{s: s}
	for _, part := range parts {
		part(t)
	}
	return s
}

// Steps are a stage's steps.
func Steps(steps ...*pipeline.Step) Part {
	return func(t *target) {
		if t.s == nil {
			t.misuse("Steps")
		}
		t.s.Steps = append(t.s.Steps, steps...)
	}
}

// Stages are the stages of a pipeline, the nested stages of a stage, or
// the stages of a matrix cell.
func Stages(stages ...*pipeline.Stage) Part {
	return func(t *target) {
		switch {
		case t.p != nil:
			t.p.Stages = append(t.p.Stages, stages...)
		case t.s != nil:
			t.s.Stages = append(t.s.Stages, stages...)
		default:
			t.m.Stages = append(t.m.Stages, stages...)
		}
	}
}

// Parallel are a stage's parallel branches.
func Parallel(branches ...*pipeline.Stage) Part {
	return func(t *target) {
		if t.s == nil {
			t.misuse("Parallel")
		}
		t.s.Parallel = append(t.s.Parallel, branches...)
	}
}

// FailFast sets a parallel stage's failFast.
func FailFast() Part {
	return func(t *target) {
		if t.s == nil {
			t.misuse("FailFast")
		}
		t.s.FailFast = true
	}
}

// Agent sets the agent: "any" and "none" are those kinds, anything else
// a label.
func Agent(label string) Part {
	a := &pipeline.Agent{Kind: pipeline.AgentLabel, Label: label}
	if label == "any" || label == "none" {
		a = &pipeline.Agent{Kind: pipeline.AgentKind(label)}
	}
	return setAgent(a)
}

// Docker sets a docker agent running image.
func Docker(image string) Part {
	return setAgent(&pipeline.Agent{Kind: pipeline.AgentDocker, Image: image})
}

func setAgent(a *pipeline.Agent) Part {
	return func(t *target) {
		switch {
		case t.p != nil:
			t.p.Agent = a
		case t.s != nil:
			t.s.Agent = a
		default:
			t.m.Agent = a
		}
	}
}

// Env sets an environment variable to a literal string.
func Env(name, value string) Part { return EnvValue(name, Str(value)) }

// EnvValue sets an environment variable to any value.
func EnvValue(name string, v pipeline.Value) Part {
	return addEnv(&pipeline.EnvVar{Name: name, Value: v})
}

// Credentials sets an environment variable to credentials('id').
func Credentials(name, id string) Part {
	return addEnv(&pipeline.EnvVar{Name: name, Credential: &pipeline.Credential{ID: id, Kind: pipeline.CredentialUnknown, Variable: name}})
}

func addEnv(e *pipeline.EnvVar) Part {
	return func(t *target) {
		switch {
		case t.p != nil:
			t.p.Environment = append(t.p.Environment, e)
		case t.s != nil:
			t.s.Environment = append(t.s.Environment, e)
		default:
			t.m.Environment = append(t.m.Environment, e)
		}
	}
}

// Opt adds an entry of an options block; args are as Step's.
func Opt(name string, args ...any) Part {
	o := &pipeline.Option{Name: name, Args: Step(name, args...).Args}
	return func(t *target) {
		switch {
		case t.p != nil:
			t.p.Options = append(t.p.Options, o)
		case t.s != nil:
			t.s.Options = append(t.s.Options, o)
		default:
			t.m.Options = append(t.m.Options, o)
		}
	}
}

// Tool adds an entry of a tools block: the tool type and installation.
func Tool(typ, name string) Part {
	tool := &pipeline.Tool{Type: typ, Name: Str(name)}
	return func(t *target) {
		switch {
		case t.p != nil:
			t.p.Tools = append(t.p.Tools, tool)
		case t.s != nil:
			t.s.Tools = append(t.s.Tools, tool)
		default:
			t.m.Tools = append(t.m.Tools, tool)
		}
	}
}

// Param adds a build parameter of a kind (string, booleanParam, choice,
// ...) with its default value.
func Param(kind, name string, def pipeline.Value) Part {
	return func(t *target) {
		if t.p == nil {
			t.misuse("Param")
		}
		t.p.Parameters = append(t.p.Parameters, &pipeline.Parameter{Kind: kind, Name: name, Default: def})
	}
}

// Trigger adds an entry of a triggers block; args are as Step's. The spec
// of cron and pollSCM is their first argument, as the reader takes it.
func Trigger(kind string, args ...any) Part {
	tr := &pipeline.Trigger{Kind: kind, Args: Step(kind, args...).Args}
	if kind == "cron" || kind == "pollSCM" {
		tr.Spec = tr.Args.First("spec").Str()
	}
	return func(t *target) {
		if t.p == nil {
			t.misuse("Trigger")
		}
		t.p.Triggers = append(t.p.Triggers, tr)
	}
}

// Library adds a shared library at a version ("" for the default).
func Library(name, ref string) Part {
	return func(t *target) {
		if t.p == nil {
			t.misuse("Library")
		}
		t.p.Libraries = append(t.p.Libraries, &pipeline.Library{Name: name, Ref: ref})
	}
}

// Method defines a method of the Jenkinsfile, which MethodCall calls.
func Method(name string, params []string, body ...*pipeline.Step) Part {
	m := &pipeline.Method{Name: name, Params: params, Defaults: make([]pipeline.Value, len(params)), Body: body}
	return func(t *target) {
		if t.p == nil {
			t.misuse("Method")
		}
		if t.p.Methods == nil {
			t.p.Methods = map[string]*pipeline.Method{}
		}
		t.p.Methods[name] = m
	}
}

// When adds conditions to a stage's or a matrix's when block.
func When(conds ...*pipeline.Condition) Part {
	return func(t *target) {
		var w **pipeline.When
		switch {
		case t.s != nil:
			w = &t.s.When
		case t.m != nil:
			w = &t.m.When
		default:
			t.misuse("When")
		}
		if *w == nil {
			*w = &pipeline.When{}
		}
		(*w).Conditions = append((*w).Conditions, conds...)
	}
}

// Input makes a stage wait for approval: input { message ... }.
func Input(message string) Part {
	return func(t *target) {
		if t.s == nil {
			t.misuse("Input")
		}
		t.s.Input = Step("input", Arg("message", Str(message)))
	}
}

// Post adds a post block of a condition (always, success, failure, ...).
func Post(condition string, steps ...*pipeline.Step) Part {
	pb := &pipeline.PostBlock{Condition: condition, Steps: steps}
	return func(t *target) {
		switch {
		case t.p != nil:
			t.p.Post = append(t.p.Post, pb)
		case t.s != nil:
			t.s.Post = append(t.s.Post, pb)
		default:
			t.m.Post = append(t.m.Post, pb)
		}
	}
}

// Matrix makes a stage a matrix with its parts: Axis, Exclude, and what a
// stage takes (Agent, Env, When, Stages, Post, ...).
func Matrix(parts ...Part) Part {
	m := &pipeline.Matrix{}
	mt := &target{m: m}
	for _, part := range parts {
		part(mt)
	}
	return func(t *target) {
		if t.s == nil {
			t.misuse("Matrix")
		}
		t.s.Matrix = m
	}
}

// Axis adds a matrix axis.
func Axis(name string, values ...string) Part {
	return func(t *target) {
		if t.m == nil {
			t.misuse("Axis")
		}
		t.m.Axes = append(t.m.Axes, &pipeline.Axis{Name: name, Values: values})
	}
}

// Exclude adds a matrix exclude of one axis' values.
func Exclude(axis string, values ...string) Part {
	return func(t *target) {
		if t.m == nil {
			t.misuse("Exclude")
		}
		t.m.Excludes = append(t.m.Excludes, &pipeline.MatrixExclude{Axes: []*pipeline.ExcludeAxis{{Name: axis, Values: values}}})
	}
}

// Sh makes the step sh 'script'.
func Sh(script string) *pipeline.Step { return Step("sh", Str(script)) }

// Step makes a step call. Each argument is, by its type:
//   - a pipeline.Value: the next positional argument (a string is Str),
//   - a pipeline.Named (see Arg): a named argument,
//   - a *pipeline.Step or []*pipeline.Step: the step's body.
//
// Its text is the call as Groovy's command syntax writes it: sh 'make'.
func Step(name string, args ...any) *pipeline.Step {
	st := &pipeline.Step{Name: name}
	for _, a := range args {
		switch x := a.(type) {
		case string:
			st.Args.Positional = append(st.Args.Positional, Str(x))
		case pipeline.Value:
			st.Args.Positional = append(st.Args.Positional, x)
		case pipeline.Named:
			st.Args.Named = append(st.Args.Named, x)
		case *pipeline.Step:
			st.Body = append(st.Body, x)
		case []*pipeline.Step:
			st.Body = append(st.Body, x...)
		default:
			panic(fmt.Sprintf("pipelinetest: Step(%q) argument of type %T", name, a))
		}
	}
	st.Text = callText(name, st.Args, len(st.Body) > 0)
	return st
}

// MethodCall calls a method the pipeline defines (see Method), as the
// reader marks such calls.
func MethodCall(name string, args ...any) *pipeline.Step {
	st := Step(name, args...)
	st.Name, st.Stmt = "", &pipeline.MethodCall{Name: name}
	return st
}

// callText writes a call as a Jenkinsfile would: name 'a', b: 'c' with
// arguments, name() without, and { ... } for a body.
func callText(name string, a pipeline.Args, body bool) string {
	var parts []string
	for _, v := range a.Positional {
		parts = append(parts, v.Text)
	}
	for _, n := range a.Named {
		parts = append(parts, n.Name+": "+n.Value.Text)
	}
	s := name + "(" + strings.Join(parts, ", ") + ")"
	if len(parts) > 0 && !body {
		s = name + " " + strings.Join(parts, ", ")
	}
	if body {
		s += " { ... }"
	}
	return s
}

// Condition makes a when condition of a kind (branch, tag, environment,
// not, anyOf, ...). Arguments are as Step's; a *pipeline.Condition is a
// nested condition of not, anyOf and allOf.
func Condition(kind string, args ...any) *pipeline.Condition {
	c := &pipeline.Condition{Kind: kind}
	var rest []any
	for _, a := range args {
		if child, ok := a.(*pipeline.Condition); ok {
			c.Children = append(c.Children, child)
			continue
		}
		rest = append(rest, a)
	}
	c.Args = Step(kind, rest...).Args
	return c
}

// Expression makes an expression { } condition whose Groovy the reader
// could not reduce: only its text.
func Expression(groovy string) *pipeline.Condition {
	return &pipeline.Condition{Kind: "expression", Expr: Groovy(groovy)}
}

// Number gives every node of p without a range its own, one line each
// in tree order, in p's file: the converter tells nodes apart by where
// they come from, as it does for what a reader made.
func Number(p *pipeline.Pipeline) {
	line := 0
	seen := map[uintptr]bool{}
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if v.IsNil() || seen[v.Pointer()] {
				return
			}
			seen[v.Pointer()] = true
			walk(v.Elem())
		case reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Struct:
			if v.Type() == rangeType {
				if v.IsZero() && v.CanSet() {
					line++
					v.Set(reflect.ValueOf(diag.Range{File: p.File, Start: diag.Pos{Line: line, Col: 1}, End: diag.Pos{Line: line, Col: 2}}))
				}
				return
			}
			if v.IsZero() {
				// Nothing is there (an absent value): nothing to place.
				return
			}
			// The range first: a node's line comes before its children's.
			if f := v.FieldByName("Range"); f.IsValid() {
				walk(f)
			}
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() && v.Type().Field(i).Name != "Range" {
					walk(v.Field(i))
				}
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Map:
			for _, k := range sortedKeys(v) {
				walk(v.MapIndex(k))
			}
		}
	}
	walk(reflect.ValueOf(p))
}
