package audit

import (
	"cmp"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
)

// WriteJSON writes summary.json.
func (s *Summary) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s.Document())
}

// topN is how many blockers and plugins summary.md lists; summary.json
// has them all.
const topN = 20

// WriteMarkdown writes summary.md, the account a platform team reads.
func (s *Summary) WriteMarkdown(w io.Writer) error {
	d := s.Document()
	var b strings.Builder
	fmt.Fprintf(&b, "# Migration audit\n\nSource: `%s`\n\n", d.Source)
	fmt.Fprintf(&b, "## Pipelines\n\n| status | jobs | share |\n| --- | ---: | ---: |\n")
	for _, st := range statuses {
		n := d.Jobs.get(st)
		fmt.Fprintf(&b, "| %s | %d | %s |\n", st, n, percent(n, d.Jobs.Total))
	}
	fmt.Fprintf(&b, "| **total** | **%d** | |\n\n", d.Jobs.Total)
	b.WriteString("converted: no manual item and no error; partial: a workflow with manual items or lint findings; " +
		"unsupported: nothing converted (folders, jobs with manual items only); failed: the job could not be read.\n\n")
	fmt.Fprintf(&b, "Constructs: %d converted, %d approximated, %d manual.\n\n", d.Items.Converted, d.Items.Approximated, d.Items.Manual)

	b.WriteString("## Job types\n\n| type | jobs |\n| --- | ---: |\n")
	for _, t := range d.JobTypes {
		fmt.Fprintf(&b, "| %s | %d |\n", t.Type, t.Jobs)
	}

	if d.Branches > 0 {
		fmt.Fprintf(&b, "\nThe multibranch projects have %d branches between them, built by their project's workflow.\n", d.Branches)
	}
	b.WriteString("\n## Progress by folder\n\n| folder | jobs | converted | partial | unsupported | failed |\n| --- | ---: | ---: | ---: | ---: | ---: |\n")
	for _, f := range d.Folders {
		name := f.Folder
		if name == "" {
			name = "(top level)"
		}
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %d | %d |\n", cell(name), f.Total, f.Converted, f.Partial, f.Unsupported, f.Failed)
	}

	fmt.Fprintf(&b, "\n## Top unsupported constructs\n\nConstructs left to a person, by number of jobs.\n\n")
	if len(d.Blockers) == 0 {
		b.WriteString("None.\n")
	} else {
		b.WriteString("| construct | jobs |\n| --- | ---: |\n")
		for i, bl := range d.Blockers {
			if i == topN {
				fmt.Fprintf(&b, "\n%d more in summary.json.\n", len(d.Blockers)-topN)
				break
			}
			fmt.Fprintf(&b, "| `%s` | %d |\n", cell(bl.Construct), bl.Jobs)
		}
	}
	fmt.Fprintf(&b, "\n## Plugins not understood\n\nPlugins whose config.xml elements were not read, by number of jobs.\n\n")
	writeNames(&b, "plugin", d.Plugins)

	b.WriteString("\n## Constructs by status\n\nNumber of jobs where each construct converted, was approximated, or was left manual.\n\n")
	b.WriteString("| construct | converted | approximated | manual |\n| --- | ---: | ---: | ---: |\n")
	for _, c := range d.Constructs {
		fmt.Fprintf(&b, "| `%s` | %d | %d | %d |\n", cell(c.Construct), c.Converted, c.Approximated, c.Manual)
	}

	s.writeJobs(&b, d)
	s.writeFailed(&b)
	b.WriteString("\n## Manual tasks\n\n### Secrets to create\n\n")
	if len(d.Secrets) == 0 {
		b.WriteString("None.\n")
	} else {
		b.WriteString("| secret | Jenkins credential | kind | jobs |\n| --- | --- | --- | ---: |\n")
		for _, sc := range d.Secrets {
			fmt.Fprintf(&b, "| `%s` | `%s` | %s | %d |\n", cell(sc.Name), cell(sc.CredentialID), cell(sc.Kind), sc.Jobs)
		}
	}
	b.WriteString("\n### Runner labels to provide\n\nMap them in `.jenkins2actions.yaml` (a skeleton is beside this file) or provide self-hosted runners.\n\n")
	if len(d.Runners) == 0 {
		b.WriteString("None.\n")
	} else {
		b.WriteString("| Jenkins label | runs-on | jobs |\n| --- | --- | ---: |\n")
		for _, r := range d.Runners {
			fmt.Fprintf(&b, "| `%s` | `[%s]` | %d |\n", cell(r.Label), cell(strings.Join(r.RunsOn, ", ")), r.Jobs)
		}
	}
	b.WriteString("\n### Variables to create\n\nRepository or organisation variables the workflows read: values Jenkins' global configuration provided, and runner choices.\n\n")
	writeNames(&b, "variable", d.Variables)
	b.WriteString("\n### Tools\n\n")
	writeNames(&b, "tool", d.Tools)
	b.WriteString("\n### Environments to create\n\n")
	writeNames(&b, "environment", d.Environments)
	b.WriteString("\n## Triggers\n\nThe events the workflows run on; each report says why.\n\n")
	writeNames(&b, "event", d.Triggers)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeJobs names the jobs ready to merge, the blocked ones with what
// holds each back (the blockers that hold back most jobs first, as fixing
// them frees most), and the jobs whose Jenkinsfile is in a repository.
func (s *Summary) writeJobs(b *strings.Builder, d *Document) {
	rank := map[string]int{}
	for i, bl := range d.Blockers {
		rank[bl.Construct] = i
	}
	s.mu.Lock()
	var ready, blocked, inRepo []Row
	for _, r := range s.rows {
		switch {
		case r.Repository != "":
			inRepo = append(inRepo, r)
		case r.Status == Converted:
			ready = append(ready, r)
		case r.Status == Partial || r.Status == Unsupported && len(r.Blockers) > 0:
			blocked = append(blocked, r)
		}
	}
	s.mu.Unlock()
	byName := func(rows []Row) {
		sort.Slice(rows, func(i, k int) bool { return rows[i].Job < rows[k].Job })
	}
	byName(ready)
	byName(blocked)
	byName(inRepo)
	b.WriteString("\n## Jobs ready to merge\n\nConverted with nothing left to a person: open their pull requests first.\n\n")
	if len(ready) == 0 {
		b.WriteString("None.\n")
	}
	for i, r := range ready {
		if i == topN {
			fmt.Fprintf(b, "\n%d more in workflow_usage.csv (status converted).\n", len(ready)-topN)
			break
		}
		fmt.Fprintf(b, "- `%s`\n", cell(r.Job))
	}
	b.WriteString("\n## Blocked jobs\n\nWhat each job still needs from a person, the most common blocker first.\n\n")
	if len(blocked) == 0 {
		b.WriteString("None.\n")
	} else {
		b.WriteString("| job | blockers |\n| --- | --- |\n")
	}
	for i, r := range blocked {
		if i == topN {
			fmt.Fprintf(b, "\n%d more in the jobs' report.json files.\n", len(blocked)-topN)
			break
		}
		// Add counts each construct once per job: no duplicates here.
		bl := slices.SortedFunc(slices.Values(r.Blockers), func(x, y string) int { return cmp.Compare(rank[x], rank[y]) })
		names := make([]string, len(bl))
		for k, c := range bl {
			names[k] = "`" + cell(c) + "`"
		}
		if len(names) == 0 {
			names = []string{"lint findings (see its report.json)"}
		}
		fmt.Fprintf(b, "| %s | %s |\n", cell(r.Job), strings.Join(names, ", "))
	}
	if len(inRepo) > 0 {
		b.WriteString("\n## Jenkinsfiles in repositories\n\nThese jobs run the Jenkinsfile of their repository: convert each in a checkout of it (`jenkins2actions convert` there, or `audit --dir` over the checkouts).\n\n| job | repository | Jenkinsfile |\n| --- | --- | --- |\n")
		for _, r := range inRepo {
			repo, file, _ := strings.Cut(r.Repository, " ")
			fmt.Fprintf(b, "| %s | %s | `%s` |\n", cell(r.Job), cell(repo), cell(file))
		}
	}
}

// writeFailed lists the jobs that could not be read, with why, by name.
func (s *Summary) writeFailed(b *strings.Builder) {
	s.mu.Lock()
	var failed []Row
	for _, r := range s.rows {
		if r.Status == Failed {
			failed = append(failed, r)
		}
	}
	s.mu.Unlock()
	if len(failed) == 0 {
		return
	}
	sort.Slice(failed, func(i, k int) bool { return failed[i].Job < failed[k].Job })
	b.WriteString("\n## Jobs that could not be read\n\n| job | why |\n| --- | --- |\n")
	for i, r := range failed {
		if i == topN {
			fmt.Fprintf(b, "\n%d more in workflow_usage.csv (status failed).\n", len(failed)-topN)
			break
		}
		fmt.Fprintf(b, "| %s | %s |\n", cell(r.Job), cell(r.Reason))
	}
}

func writeNames(b *strings.Builder, what string, ns []NameCount) {
	if len(ns) == 0 {
		b.WriteString("None.\n")
		return
	}
	fmt.Fprintf(b, "| %s | jobs |\n| --- | ---: |\n", what)
	for i, n := range ns {
		if i == topN {
			fmt.Fprintf(b, "\n%d more in summary.json.\n", len(ns)-topN)
			return
		}
		fmt.Fprintf(b, "| `%s` | %d |\n", cell(n.Name), n.Jobs)
	}
}

// cell keeps a value from breaking a Markdown table.
func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// percent writes n/total as a percentage with one decimal.
func percent(n, total int) string {
	if total == 0 {
		return "0.0%"
	}
	return fmt.Sprintf("%.1f%%", float64(n)*100/float64(total))
}

// WriteCSV writes workflow_usage.csv: a row per job, by job name; lists
// in a cell are separated by spaces.
func (s *Summary) WriteCSV(w io.Writer) error {
	s.mu.Lock()
	rows := append([]Row(nil), s.rows...)
	s.mu.Unlock()
	sort.Slice(rows, func(i, k int) bool { return rows[i].Job < rows[k].Job })
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"job", "type", "status", "actions", "secrets", "runners"}); err != nil {
		return err
	}
	for _, r := range rows {
		rec := []string{r.Job, r.Type, string(r.Status), strings.Join(r.Actions, " "), strings.Join(r.Secrets, " "), strings.Join(r.Runners, " ")}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteConfig writes a .jenkins2actions.yaml skeleton with every runner
// label and credential id the audit met, each with the value the
// converter assumed, for the team to check and change. Given back with
// --config, a label listed here counts as mapped.
func (s *Summary) WriteConfig(w io.Writer) error {
	d := s.Document()
	var b strings.Builder
	b.WriteString("# .jenkins2actions.yaml written by `jenkins2actions audit`.\n" +
		"# Each entry holds what the converter assumed. Check it, change it where your\n" +
		"# runners or secrets differ, and run the audit again with --config this file:\n" +
		"# a label listed here is taken as mapped and no longer reported as manual.\n")
	b.WriteString("labels:")
	if len(d.Runners) == 0 {
		b.WriteString(" {}\n")
	} else {
		b.WriteString("\n")
		for _, r := range d.Runners {
			fmt.Fprintf(&b, "  %s: [%s]  # %s\n", yamlString(r.Label), joinYAML(r.RunsOn), jobsWord(r.Jobs))
		}
	}
	b.WriteString("credentials:")
	// The config maps a credential id to the base name of its secrets;
	// the converter adds _USR and _PSW (or _PASSPHRASE) to it for the
	// parts of a username/password or SSH key credential.
	type cred struct {
		name string
		jobs int
	}
	creds := map[string]cred{}
	for _, sc := range d.Secrets {
		if sc.Kind == "password parameter" || strings.Contains(sc.CredentialID, "${") {
			// Not a credential, or an id computed at build time: no
			// entry can map it.
			continue
		}
		name := sc.Name
		for kind, suffix := range map[string]string{"username": "_USR", "password": "_PSW", "passphrase": "_PASSPHRASE"} {
			if sc.Kind == kind {
				name = strings.TrimSuffix(name, suffix)
			}
		}
		c := creds[sc.CredentialID]
		creds[sc.CredentialID] = cred{name: name, jobs: max(c.jobs, sc.Jobs)}
	}
	if len(creds) == 0 {
		b.WriteString(" {}\n")
	} else {
		b.WriteString("\n")
		ids := make([]string, 0, len(creds))
		for id := range creds {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			fmt.Fprintf(&b, "  %s: %s  # %s\n", yamlString(id), yamlString(creds[id].name), jobsWord(creds[id].jobs))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func jobsWord(n int) string {
	if n == 1 {
		return "1 job"
	}
	return fmt.Sprintf("%d jobs", n)
}

func joinYAML(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = yamlString(s)
	}
	return strings.Join(q, ", ")
}

// yamlString quotes s as a YAML double-quoted scalar, which JSON string
// syntax is, so that labels like `linux && docker` or `!windows` stay
// strings.
func yamlString(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	// Encoding a string into a Builder cannot fail.
	_ = enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}
