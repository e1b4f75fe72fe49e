package templates_test

import (
	"testing"

	"github.com/jenkins2actions/jenkins2actions/lint"
	"github.com/jenkins2actions/jenkins2actions/templates"
	"github.com/jenkins2actions/jenkins2actions/workflow"
)

// TestBuiltinLintClean renders every built-in template into the smallest
// workflow the converter would write, once with every input's example and
// once with only the required ones, and requires actionlint to find
// nothing. It lives in an external test package because lint comes after
// templates in the import order. Job settings (environment, concurrency)
// are applied as the converter applies them.
func TestBuiltinLintClean(t *testing.T) {
	c, err := templates.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, tmpl := range c.List() {
		for _, variant := range []string{"examples", "required only"} {
			t.Run(tmpl.ID+"/"+variant, func(t *testing.T) {
				t.Parallel()
				inputs := map[string]string{}
				for _, in := range tmpl.Inputs {
					switch {
					case in.Required && in.Example == "":
						t.Fatalf("required input %q has no example to test with", in.Name)
					case in.Required || (variant == "examples" && in.Example != ""):
						inputs[in.Name] = in.Example
					}
				}
				steps, err := c.Steps(tmpl.ID, inputs)
				if err != nil {
					t.Fatal(err)
				}
				settings, err := c.JobSettings(tmpl.ID, inputs)
				if err != nil {
					t.Fatal(err)
				}
				// As the converter does: contents: read for the workflow, and
				// the template's needs on the job, which repeats contents: read
				// because job permissions replace the workflow's.
				job := &workflow.Job{
					ID:             "job",
					RunsOn:         []string{"ubuntu-latest"},
					TimeoutMinutes: 30,
					Steps:          steps,
				}
				if len(tmpl.Permissions) > 0 {
					job.Permissions = workflow.Permissions{}.Set("contents", workflow.Read)
					for _, p := range tmpl.Permissions {
						job.Permissions = job.Permissions.Set(p.Key, p.Value)
					}
				}
				settings.Apply(job)
				w := &workflow.Workflow{
					Name:        tmpl.Title,
					On:          workflow.On{Push: &workflow.Push{Branches: []string{"main"}}},
					Permissions: workflow.Permissions{}.Set("contents", workflow.Read),
					Jobs:        []*workflow.Job{job},
				}
				src, err := workflow.Render(w)
				if err != nil {
					t.Fatal(err)
				}
				ds, err := lint.Workflow(tmpl.ID+".yml", src, lint.Options{})
				if err != nil {
					t.Fatal(err)
				}
				if len(ds) > 0 {
					t.Errorf("actionlint findings:\n%v\nin:\n%s", ds, src)
				}
			})
		}
	}
}
