package jobxml

import (
	"fmt"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

// dump prints a pipeline and its diagnostics as stable text for golden
// files: one line per node with its position, values as Groovy text.
func dump(p *pipeline.Pipeline, ds diag.Diagnostics) string {
	var b strings.Builder
	w := func(depth int, format string, args ...any) {
		b.WriteString(strings.Repeat("  ", depth))
		fmt.Fprintf(&b, format, args...)
		b.WriteByte('\n')
	}
	at := func(r diag.Range) string {
		if !r.Start.IsValid() {
			return "@-"
		}
		return fmt.Sprintf("@%d:%d-%d:%d", r.Start.Line, r.Start.Col, r.End.Line, r.End.Col)
	}
	w(0, "pipeline %q style=%q %s", p.Name, p.Style, at(p.Range))
	if j := p.Job; j != nil {
		w(0, "job type=%q disabled=%t scriptPath=%q %s", j.Type, j.Disabled, j.ScriptPath, at(j.Range))
		if j.Description != "" {
			w(1, "description %q", j.Description)
		}
		for _, s := range j.SCMs {
			w(1, "scm %s url=%q branches=%q credentials=%q submodules=%t dir=%q refspec=%q %s",
				s.Kind, s.URL, s.Branches, s.CredentialsID, s.Submodules, s.Dir, s.Refspec, at(s.Range))
		}
	}
	if a := p.Agent; a != nil {
		w(0, "agent %s label=%q workspace=%q %s", a.Kind, a.Label, a.CustomWorkspace, at(a.Range))
	}
	for _, e := range p.Environment {
		w(0, "env %s=%s %s", e.Name, e.Value.Text, at(e.Range))
	}
	for _, prm := range p.Parameters {
		w(0, "parameter %s name=%q default=%s choices=%q description=%q %s", prm.Kind, prm.Name, prm.Default.Text, prm.Choices, prm.Description, at(prm.Range))
	}
	for _, t := range p.Triggers {
		w(0, "trigger %s spec=%q (%s) %s", t.Kind, t.Spec, argsText(t.Args), at(t.Range))
	}
	for _, o := range p.Options {
		w(0, "option %s(%s) %s", o.Name, argsText(o.Args), at(o.Range))
	}
	for _, t := range p.Tools {
		w(0, "tool %s %s %s", t.Type, t.Name.Text, at(t.Range))
	}
	for _, l := range p.Libraries {
		w(0, "library %s@%s %s", l.Name, l.Ref, at(l.Range))
	}
	var steps func(depth int, ss []*pipeline.Step)
	steps = func(depth int, ss []*pipeline.Step) {
		for _, s := range ss {
			args := argsText(s.Args)
			if e, ok := s.Stmt.(*pipeline.SyntaxError); ok {
				args = fmt.Sprintf("message: %q", e.Message)
			}
			w(depth, "step %s(%s) %s", s.Kind(), strings.ReplaceAll(args, "\n", `\n`), at(s.Range))
			steps(depth+1, s.Body)
		}
	}
	post := func(depth int, pbs []*pipeline.PostBlock) {
		for _, pb := range pbs {
			w(depth, "post %s %s", pb.Condition, at(pb.Range))
			steps(depth+1, pb.Steps)
		}
	}
	var stages func(depth int, ss []*pipeline.Stage)
	stages = func(depth int, ss []*pipeline.Stage) {
		for _, s := range ss {
			w(depth, "stage %q %s", s.Name, at(s.Range))
			if s.Agent != nil {
				w(depth+1, "agent %s label=%q %s", s.Agent.Kind, s.Agent.Label, at(s.Agent.Range))
			}
			steps(depth+1, s.Steps)
			stages(depth+1, s.Stages)
			if m := s.Matrix; m != nil {
				w(depth+1, "matrix %s", at(m.Range))
				for _, ax := range m.Axes {
					w(depth+2, "axis %s=%q %s", ax.Name, ax.Values, at(ax.Range))
				}
				if m.Agent != nil {
					w(depth+2, "agent %s label=%q %s", m.Agent.Kind, m.Agent.Label, at(m.Agent.Range))
				}
				for _, t := range m.Tools {
					w(depth+2, "tool %s %s %s", t.Type, t.Name.Text, at(t.Range))
				}
				stages(depth+2, m.Stages)
				post(depth+2, m.Post)
			}
			post(depth+1, s.Post)
		}
	}
	stages(0, p.Stages)
	post(0, p.Post)
	for _, s := range p.Prelude {
		w(0, "prelude %s %s", s.Name, at(s.Range))
	}
	if len(ds) > 0 {
		w(0, "diagnostics")
		for _, d := range ds {
			w(1, "%d:%d %s: %s [%s]", d.Subject.Start.Line, d.Subject.Start.Col, d.Severity, d.Message, d.Code)
		}
	}
	return b.String()
}
