package migrate

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/convert"
)

// Title is the title of every migration pull request.
const Title = "Migrate Jenkins jobs to GitHub Actions"

// MaxBody is the longest pull request body GitHub takes, in characters.
const MaxBody = 65536

// Body is the pull request body of r: what each job became, then a
// checklist of what a person must do before merging (manual steps with
// their Jenkins file:line, secrets, variables, environments and runners to
// create), the triggers chosen and the shellcheck findings kept from
// Jenkins. The same plan gives the same body, so that a re-run finds
// nothing to update.
func Body(r *Repo) string {
	var b strings.Builder
	b.WriteString("This pull request adds the GitHub Actions workflows converted from the Jenkins jobs that build this " +
		"repository, by [jenkins2actions](https://github.com/jenkins2actions/jenkins2actions). " +
		"Check the boxes below as the steps are done, review the workflows, and merge; Jenkins goes on building until its jobs are switched off.\n\n")
	b.WriteString("| Jenkins job | workflow | converted | approximated | manual |\n| --- | --- | ---: | ---: | ---: |\n")
	for _, j := range r.Jobs {
		if j.File == "" {
			fmt.Fprintf(&b, "| %s | not converted: %s | | | |\n", code(j.Path), cell(j.Skipped))
			continue
		}
		s := j.Report.Summary
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %d |\n", code(j.Path), code(j.File), s.Converted, s.Approximated, s.Manual)
	}
	sections := []struct {
		title string
		lines []string
	}{
		{"Manual steps", manualSteps(r)},
		{"Secrets to create", secrets(r)},
		{"Variables to create", variables(r)},
		{"Environments to create", environments(r)},
		{"Runners to provide", runners(r)},
		{"Triggers", triggers(r)},
		{"Shellcheck findings kept from the Jenkins scripts", inherited(r)},
	}
	for _, s := range sections {
		if len(s.lines) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n### %s\n\n", s.title)
		for _, l := range s.lines {
			b.WriteString(l + "\n")
		}
	}
	return truncate(b.String())
}

// truncateNote ends a body cut to GitHub's limit.
const truncateNote = "\n\n**The checklist is cut here: GitHub takes at most 65,536 characters.** " +
	"`jenkins2actions convert --report-json` on each job gives its full report.\n"

// truncate cuts body at a line end so that it fits GitHub's limit with the
// note that says so.
func truncate(body string) string {
	if len(body) <= MaxBody {
		return body
	}
	cut := body[:MaxBody-len(truncateNote)]
	if i := strings.LastIndexByte(cut, '\n'); i > 0 {
		cut = cut[:i]
	}
	return cut + truncateNote
}

// code writes s as Markdown code; a backquote inside would end it.
func code(s string) string { return "`" + strings.ReplaceAll(s, "`", "'") + "`" }

// cell makes s safe in one table cell.
func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "\r", "").Replace(s)
}

// line makes s safe in one list item.
func line(s string) string { return strings.NewReplacer("\n", " ", "\r", "").Replace(s) }

func manualSteps(r *Repo) []string {
	var out []string
	for _, j := range r.Jobs {
		if j.Report == nil {
			continue
		}
		for _, it := range j.Report.Items {
			if it.Status == convert.Manual {
				out = append(out, fmt.Sprintf("- [ ] %s (%s) %s: %s", code(it.At), code(j.Path), code(it.Construct), line(it.Note)))
			}
		}
	}
	return out
}

// jobsOf names the jobs that need one thing, for a checklist line.
type jobsOf map[string][]string

func (m jobsOf) add(key, job string) {
	if !slices.Contains(m[key], job) {
		m[key] = append(m[key], job)
	}
}

func (m jobsOf) names(key string) string {
	var out []string
	for _, j := range m[key] {
		out = append(out, code(j))
	}
	return strings.Join(out, ", ")
}

func secrets(r *Repo) []string {
	what, used := map[string]string{}, jobsOf{}
	for _, j := range r.Jobs {
		if j.Report == nil {
			continue
		}
		for _, s := range j.Report.Secrets {
			if _, ok := what[s.Name]; !ok {
				what[s.Name] = s.Kind
				if s.CredentialID != "" {
					what[s.Name] = fmt.Sprintf("Jenkins credential %s, %s", code(s.CredentialID), s.Kind)
				}
			}
			used.add(s.Name, j.Path)
		}
	}
	var out []string
	for _, name := range slices.Sorted(maps.Keys(what)) {
		out = append(out, fmt.Sprintf("- [ ] %s (%s), used by %s", code(name), what[name], used.names(name)))
	}
	return out
}

func variables(r *Repo) []string {
	why, used := map[string]string{}, jobsOf{}
	defaults := Defaults(r)
	for _, j := range r.Jobs {
		if j.Report == nil {
			continue
		}
		for _, v := range j.Report.Variables {
			if _, ok := why[v.Name]; !ok {
				why[v.Name] = line(v.Reason)
			}
			used.add(v.Name, j.Path)
		}
	}
	var out []string
	for _, name := range slices.Sorted(maps.Keys(why)) {
		l := fmt.Sprintf("- [ ] %s: %s (%s)", code(name), why[name], used.names(name))
		if d, ok := defaults[name]; ok {
			l += fmt.Sprintf("; default %s", code(d))
		}
		out = append(out, l)
	}
	return out
}

func environments(r *Repo) []string {
	envs := Environments(r)
	var out []string
	for _, name := range slices.Sorted(maps.Keys(envs)) {
		l := "- [ ] " + code(name)
		if rs := envs[name]; len(rs) > 0 {
			var names []string
			for _, rv := range rs {
				names = append(names, code(rv))
			}
			l += ", required reviewers: " + strings.Join(names, ", ")
		}
		out = append(out, l)
	}
	return out
}

func runners(r *Repo) []string {
	seen := map[string]bool{}
	var out []string
	for _, j := range r.Jobs {
		if j.Report == nil {
			continue
		}
		for _, rn := range j.Report.Runners {
			if seen[rn.Label] {
				continue
			}
			seen[rn.Label] = true
			var labels []string
			for _, l := range rn.RunsOn {
				labels = append(labels, code(l))
			}
			out = append(out, fmt.Sprintf("- [ ] Jenkins label %s: a runner with the labels %s, or set %s to the labels of another",
				code(rn.Label), strings.Join(labels, ", "), code(rn.Variable)))
		}
	}
	return out
}

func triggers(r *Repo) []string {
	var out []string
	for _, j := range r.Jobs {
		if j.Report == nil {
			continue
		}
		for _, t := range j.Report.Triggers {
			out = append(out, fmt.Sprintf("- %s on %s: %s", code(j.File), code(t.Event), line(t.Reason)))
		}
	}
	return out
}

func inherited(r *Repo) []string {
	var out []string
	for _, j := range r.Jobs {
		if j.Report == nil {
			continue
		}
		for _, in := range j.Report.Inherited {
			out = append(out, fmt.Sprintf("- %s (%s): %s", code(in.Source.String()), code(j.Path), strings.Join(in.Codes, ", ")))
		}
	}
	return out
}

// Environments are the environments the workflows of r need, each with the
// Jenkins submitters to make required reviewers, sorted and once each.
func Environments(r *Repo) map[string][]string {
	envs := map[string][]string{}
	for _, j := range r.Jobs {
		if j.Report == nil {
			continue
		}
		for _, e := range j.Report.Environments {
			rs := envs[e.Name]
			for _, rv := range e.Reviewers {
				if !slices.Contains(rs, rv) {
					rs = append(rs, rv)
				}
			}
			slices.Sort(rs)
			envs[e.Name] = rs
		}
	}
	return envs
}

// Defaults are the variables of r whose value the conversion knows: each
// runner's variable, the JSON list of the labels its jobs ask for.
func Defaults(r *Repo) map[string]string {
	out := map[string]string{}
	for _, j := range r.Jobs {
		if j.Report == nil {
			continue
		}
		for _, rn := range j.Report.Runners {
			if rn.Variable == "" || len(rn.RunsOn) == 0 {
				continue
			}
			if _, ok := out[rn.Variable]; !ok {
				b, _ := json.Marshal(rn.RunsOn)
				out[rn.Variable] = string(b)
			}
		}
	}
	return out
}
