// Package report writes the account of a conversion: what became of every
// construct, what a person still has to do, the secrets and runners to
// provide.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/convert"
	"github.com/jenkins2actions/jenkins2actions/diag"
)

// SchemaVersion is the version of the JSON report's shape; it changes only
// when a field changes meaning or disappears.
const SchemaVersion = 1

// Report is the migration report of one pipeline.
type Report struct {
	SchemaVersion int    `json:"schemaVersion"`
	Source        string `json:"source"`
	Style         string `json:"style"`
	// Workflow is the path the workflow was written to ("-" for stdout, ""
	// when none was written).
	Workflow string            `json:"workflow,omitempty"`
	Summary  Summary           `json:"summary"`
	Items    []Item            `json:"items"`
	Secrets  []*convert.Secret `json:"secrets"`
	Runners  []*convert.Runner `json:"runners"`
	// Environments are the GitHub environments to create (approvals).
	Environments []*convert.Environment `json:"environments"`
	// Triggers are the events the workflow runs on, each with why.
	Triggers []*convert.Trigger `json:"triggers"`
	// Variables are the repository or organisation variables to create.
	Variables []*convert.Variable `json:"variables"`
	// Inherited are the shellcheck findings of the Jenkinsfile's own
	// scripts, which the workflow keeps as written.
	Inherited []*convert.Inherited `json:"inherited"`
	// Diagnostics are problems found in the input (syntax errors,
	// unknown directives) and lint findings in the output.
	Diagnostics diag.Diagnostics `json:"diagnostics"`
}

// Summary counts items by status.
type Summary struct {
	Converted    int `json:"converted"`
	Approximated int `json:"approximated"`
	Manual       int `json:"manual"`
}

// Item is a convert.Item with its position written out.
type Item struct {
	*convert.Item
	// At is file:line:col of the construct.
	At string `json:"at"`
}

// New builds the report of a conversion. res may be nil when the input
// could not be converted at all.
func New(source, style string, res *convert.Result, diags diag.Diagnostics) *Report {
	r := &Report{SchemaVersion: SchemaVersion, Source: source, Style: style, Diagnostics: diags,
		Items: []Item{}, Secrets: []*convert.Secret{}, Runners: []*convert.Runner{}, Environments: []*convert.Environment{}, Triggers: []*convert.Trigger{}, Variables: []*convert.Variable{}, Inherited: []*convert.Inherited{}}
	if r.Diagnostics == nil {
		r.Diagnostics = diag.Diagnostics{}
	}
	if res == nil {
		return r
	}
	for _, it := range res.Items {
		r.Items = append(r.Items, Item{Item: it, At: it.Source.String()})
		switch it.Status {
		case convert.Converted:
			r.Summary.Converted++
		case convert.Approximated:
			r.Summary.Approximated++
		case convert.Manual:
			r.Summary.Manual++
		}
	}
	r.Secrets = append(r.Secrets, res.Secrets...)
	r.Runners = append(r.Runners, res.Runners...)
	r.Environments = append(r.Environments, res.Environments...)
	r.Triggers = append(r.Triggers, res.Triggers...)
	r.Variables = append(r.Variables, res.Variables...)
	r.Inherited = append(r.Inherited, res.Inherited...)
	return r
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteText writes the short account a person reads after convert: the
// counts, then every manual task with its position, the secrets and the
// runners.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	if r.Workflow != "" && r.Workflow != "-" {
		fmt.Fprintf(&b, "wrote %s\n", r.Workflow)
	}
	fmt.Fprintf(&b, "%s: %d converted, %d approximated, %d manual\n", r.Source, r.Summary.Converted, r.Summary.Approximated, r.Summary.Manual)
	for _, d := range r.Diagnostics {
		fmt.Fprintf(&b, "%s\n", d)
	}
	var manual []Item
	for _, it := range r.Items {
		if it.Status == convert.Manual {
			manual = append(manual, it)
		}
	}
	if len(manual) > 0 {
		fmt.Fprintf(&b, "\nstill to do by hand:\n")
		for _, it := range manual {
			fmt.Fprintf(&b, "  %s: %s: %s\n", it.At, it.Construct, it.Note)
		}
	}
	if len(r.Secrets) > 0 {
		fmt.Fprintf(&b, "\nsecrets to create:\n")
		for _, s := range r.Secrets {
			if s.CredentialID == "" {
				fmt.Fprintf(&b, "  %s (%s)\n", s.Name, s.Kind)
			} else {
				fmt.Fprintf(&b, "  %s (Jenkins credential %q, %s)\n", s.Name, s.CredentialID, s.Kind)
			}
		}
	}
	if len(r.Variables) > 0 {
		fmt.Fprintf(&b, "\nvariables to create:\n")
		for _, v := range r.Variables {
			fmt.Fprintf(&b, "  %s: %s\n", v.Name, v.Reason)
		}
	}
	if len(r.Environments) > 0 {
		fmt.Fprintf(&b, "\nenvironments to create:\n")
		for _, e := range r.Environments {
			fmt.Fprintf(&b, "  %s", e.Name)
			if len(e.Reviewers) > 0 {
				fmt.Fprintf(&b, " (required reviewers: %s)", strings.Join(e.Reviewers, ", "))
			}
			b.WriteString("\n")
		}
	}
	if len(r.Runners) > 0 {
		fmt.Fprintf(&b, "\nrunners to provide:\n")
		for _, rn := range r.Runners {
			fmt.Fprintf(&b, "  %q: runs-on [%s]\n", rn.Label, strings.Join(rn.RunsOn, ", "))
		}
	}
	if len(r.Inherited) > 0 {
		fmt.Fprintf(&b, "\nshellcheck findings inherited from the Jenkinsfile's scripts (kept as written, each silenced by a directive):\n")
		for _, in := range r.Inherited {
			fmt.Fprintf(&b, "  %s: %s\n", in.Source.String(), strings.Join(in.Codes, ", "))
		}
	}
	if len(r.Triggers) > 0 {
		fmt.Fprintf(&b, "\nruns on:\n")
		for _, t := range r.Triggers {
			fmt.Fprintf(&b, "  %s: %s\n", t.Event, t.Reason)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
