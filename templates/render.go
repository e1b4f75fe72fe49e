package templates

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/workflow"
)

// Steps renders template id with inputs into fresh steps that the caller
// may change. Every ${{ inputs.NAME }} in the step fields becomes the input's
// value, verbatim: a value that must not reach a shell unquoted belongs in
// an env: value, which the template author chose when writing the template.
// A with: or env: entry, or a field, whose whole value is an input left
// empty is dropped, so that the action's own default applies. Other
// expressions (secrets, github, matrix, env) are kept for GitHub to evaluate.
//
// Unknown input names and missing required inputs are errors, all of them
// reported at once.
func (c *Catalog) Steps(id string, inputs map[string]string) ([]*workflow.Step, error) {
	t, ok := c.Get(id)
	if !ok {
		return nil, fmt.Errorf("unknown template %q", id)
	}
	values, err := t.values(inputs)
	if err != nil {
		return nil, err
	}
	steps := make([]*workflow.Step, 0, len(t.steps))
	for i, rs := range t.steps {
		s := &workflow.Step{
			ID:               rs.id,
			Name:             substitute(rs.name, values),
			If:               substitute(rs.ifCond, values),
			With:             substituteKVs(rs.with, values),
			Run:              substitute(rs.run, values),
			Shell:            substitute(rs.shell, values),
			WorkingDirectory: substitute(rs.workingDir, values),
			Env:              substituteKVs(rs.env, values),
			ContinueOnError:  rs.continueOnError,
			TimeoutMinutes:   rs.timeoutMinutes,
		}
		if rs.uses != "" {
			// Parsing checked the action against the catalog's lock, so a
			// miss here is a bug, not a user error.
			pin, ok := c.lock.Pin(rs.uses)
			if !ok {
				return nil, fmt.Errorf("template %q: action %q is not pinned", id, rs.uses)
			}
			s.Uses, s.UsesComment = pin.Ref(), pin.Version
		}
		if rs.run != "" && strings.TrimSpace(s.Run) == "" {
			return nil, fmt.Errorf("template %q: step %d has an empty run script once inputs are substituted", id, i+1)
		}
		steps = append(steps, s)
	}
	return steps, nil
}

// values returns the final value of every declared input.
func (t *Template) values(given map[string]string) (map[string]string, error) {
	var errs []error
	names := make([]string, 0, len(given))
	for name := range given {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if _, ok := t.Input(name); !ok {
			errs = append(errs, fmt.Errorf("template %q has no input %q", t.ID, name))
		}
	}
	values := make(map[string]string, len(t.Inputs))
	for _, in := range t.Inputs {
		v, ok := given[in.Name]
		if !ok {
			v = in.Default
		}
		if in.Required && v == "" {
			errs = append(errs, fmt.Errorf("template %q needs input %q (%s)", t.ID, in.Name, in.Description))
		}
		values[in.Name] = v
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return values, nil
}

// substitute replaces input references in one pass, so that a value that
// itself looks like ${{ inputs.X }} is never expanded again.
func substitute(s string, values map[string]string) string {
	return inputRefRE.ReplaceAllStringFunc(s, func(ref string) string {
		return values[inputRefRE.FindStringSubmatch(ref)[1]]
	})
}

func substituteKVs(kvs []workflow.KV, values map[string]string) []workflow.KV {
	var out []workflow.KV
	for _, kv := range kvs {
		v := substitute(kv.Value, values)
		if v == "" && kv.Value != "" && wholeInputRef(kv.Value) {
			continue
		}
		out = append(out, workflow.KV{Key: kv.Key, Value: v})
	}
	return out
}

// wholeInputRef reports whether s is one input reference and nothing else.
func wholeInputRef(s string) bool {
	loc := inputRefRE.FindStringIndex(strings.TrimSpace(s))
	return loc != nil && loc[0] == 0 && loc[1] == len(strings.TrimSpace(s))
}

// JobSettings are job-level fields that a template's steps depend on and
// that steps cannot carry: a deploy must run in a GitHub environment, so
// that its protection rules (required reviewers, wait timers, branch
// policies) gate it as Jenkins' input step did.
type JobSettings struct {
	// Environment is the name of the job's environment; empty for none.
	Environment string
	// Concurrency serialises runs of the job; nil for none.
	Concurrency *workflow.Concurrency
}

// IsZero reports whether the settings ask for nothing.
func (s JobSettings) IsZero() bool { return s.Environment == "" && s.Concurrency == nil }

// Apply sets the fields on j that j leaves empty, so that what the
// converter already decided for the job wins.
func (s JobSettings) Apply(j *workflow.Job) {
	if j.Environment == "" {
		j.Environment = s.Environment
	}
	if j.Concurrency == nil && s.Concurrency != nil {
		c := *s.Concurrency
		j.Concurrency = &c
	}
}

// JobSettings renders the job-level fields of template id with inputs,
// which are checked as Steps checks them. A template without job fields
// gives zero settings.
func (c *Catalog) JobSettings(id string, inputs map[string]string) (JobSettings, error) {
	t, ok := c.Get(id)
	if !ok {
		return JobSettings{}, fmt.Errorf("unknown template %q", id)
	}
	values, err := t.values(inputs)
	if err != nil {
		return JobSettings{}, err
	}
	s := JobSettings{Environment: substitute(t.Job.Environment, values)}
	if cc := t.Job.Concurrency; cc != nil {
		s.Concurrency = &workflow.Concurrency{Group: substitute(cc.Group, values), CancelInProgress: cc.CancelInProgress}
	}
	return s, nil
}

// SampleInputs are the values a template is rendered with to be shown or
// checked: every input's example when all is set, else only the required
// ones (so that the action defaults are exercised too).
func (t *Template) SampleInputs(all bool) map[string]string {
	in := map[string]string{}
	for _, i := range t.Inputs {
		if i.Example != "" && (all || i.Required) {
			in[i.Name] = i.Example
		}
	}
	return in
}

// ExampleWorkflow renders template id into the smallest workflow the
// converter would write around it: contents: read for the workflow, one
// job with a timeout, the template's job settings and the permissions it
// needs (job permissions replace the workflow's, so they repeat contents:
// read). templates show, templates validate and the docs use it.
func (c *Catalog) ExampleWorkflow(id string, inputs map[string]string) ([]byte, error) {
	t, ok := c.Get(id)
	if !ok {
		return nil, fmt.Errorf("no template %q", id)
	}
	steps, err := c.Steps(id, inputs)
	if err != nil {
		return nil, err
	}
	settings, err := c.JobSettings(id, inputs)
	if err != nil {
		return nil, err
	}
	job := &workflow.Job{ID: "example", RunsOn: []string{"ubuntu-latest"}, TimeoutMinutes: 30, Steps: steps}
	if len(t.Permissions) > 0 {
		job.Permissions = workflow.Permissions{}.Set("contents", workflow.Read)
		for _, p := range t.Permissions {
			job.Permissions = job.Permissions.Set(p.Key, p.Value)
		}
	}
	settings.Apply(job)
	return workflow.Render(&workflow.Workflow{
		Name:        t.Title,
		On:          workflow.On{Push: &workflow.Push{Branches: []string{"main"}}},
		Permissions: workflow.Permissions{}.Set("contents", workflow.Read),
		Jobs:        []*workflow.Job{job},
	})
}
