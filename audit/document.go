package audit

import (
	"sort"
)

// Document is summary.json. The README documents its fields.
type Document struct {
	SchemaVersion int `json:"schemaVersion"`
	// Source is what was audited: a JENKINS_HOME, a Jenkins URL or a
	// directory of repositories.
	Source string `json:"source"`
	// Jobs counts the jobs, in total and by status.
	Jobs StatusCounts `json:"jobs"`
	// Items counts the constructs met in all jobs by conversion status.
	Items ItemCounts `json:"items"`
	// Branches counts the branches of multibranch projects, which their
	// project's workflow builds.
	Branches int               `json:"branches"`
	JobTypes []TypeCount       `json:"jobTypes"`
	Folders  []*FolderProgress `json:"folders"`
	// Constructs counts, for each construct, the jobs where it converted,
	// was approximated, or was left manual.
	Constructs []*ConstructCount `json:"constructs"`
	// Blockers are the constructs left manual, by number of jobs.
	Blockers []Blocker `json:"blockers"`
	// Plugins are the plugins whose config.xml elements were not
	// understood, by number of jobs.
	Plugins      []NameCount   `json:"plugins"`
	Secrets      []SecretCount `json:"secrets"`
	Runners      []RunnerCount `json:"runners"`
	Tools        []NameCount   `json:"tools"`
	Environments []NameCount   `json:"environments"`
	// Variables are the repository or organisation variables the
	// workflows read, by number of jobs.
	Variables []NameCount `json:"variables"`
	// Triggers are the events the workflows run on, by number of jobs.
	Triggers []NameCount `json:"triggers"`
}

// ItemCounts counts construct items by conversion status.
type ItemCounts struct {
	Converted    int `json:"converted"`
	Approximated int `json:"approximated"`
	Manual       int `json:"manual"`
}

// StatusCounts counts jobs by Status. It is also the shape docsgen reads
// for the migration status page.
type StatusCounts struct {
	Total       int `json:"total"`
	Converted   int `json:"converted"`
	Partial     int `json:"partial"`
	Unsupported int `json:"unsupported"`
	Failed      int `json:"failed"`
}

func (c *StatusCounts) add(st Status) {
	c.Total++
	switch st {
	case Converted:
		c.Converted++
	case Partial:
		c.Partial++
	case Unsupported:
		c.Unsupported++
	case Failed:
		c.Failed++
	}
}

func (c StatusCounts) get(st Status) int {
	switch st {
	case Converted:
		return c.Converted
	case Partial:
		return c.Partial
	case Unsupported:
		return c.Unsupported
	}
	return c.Failed
}

// FolderProgress counts the jobs directly in one folder by status.
type FolderProgress struct {
	// Folder is the folder's full name, "" for the top level.
	Folder string `json:"folder"`
	StatusCounts
}

// TypeCount is the number of jobs of a type.
type TypeCount struct {
	Type string `json:"type"`
	Jobs int    `json:"jobs"`
}

// ConstructCount counts the jobs where a construct met each status.
type ConstructCount struct {
	Construct    string `json:"construct"`
	Converted    int    `json:"converted"`
	Approximated int    `json:"approximated"`
	Manual       int    `json:"manual"`
}

// Blocker is a construct left manual in Jobs jobs.
type Blocker struct {
	Construct string `json:"construct"`
	Jobs      int    `json:"jobs"`
	// Note is the converter's note on what to do (of the jobs' notes, the
	// first in sort order, so that the summary does not depend on the
	// order jobs finished in).
	Note string `json:"note,omitempty"`
}

// NameCount is a named thing (plugin, tool, environment) used by Jobs jobs.
type NameCount struct {
	Name string `json:"name"`
	Jobs int    `json:"jobs"`
}

// SecretCount is a GitHub secret to create and the number of jobs that
// need it.
type SecretCount struct {
	Name         string `json:"name"`
	CredentialID string `json:"credentialId"`
	// Kind is what the secret holds: secret text, username, password,
	// file, password parameter, ...
	Kind string `json:"kind"`
	Jobs int    `json:"jobs"`
}

// RunnerCount is a Jenkins label without a GitHub-hosted runner, the
// self-hosted labels it asks for, and the number of jobs that use it.
type RunnerCount struct {
	Label  string   `json:"label"`
	RunsOn []string `json:"runsOn"`
	Jobs   int      `json:"jobs"`
}

// Document returns the summary so far, every list in a stable order: by
// number of jobs, most first, then by name.
func (s *Summary) Document() *Document {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := &Document{SchemaVersion: SchemaVersion, Source: s.source,
		JobTypes: []TypeCount{}, Folders: []*FolderProgress{}, Constructs: []*ConstructCount{}, Blockers: []Blocker{},
		Plugins: []NameCount{}, Secrets: []SecretCount{}, Runners: []RunnerCount{}, Tools: []NameCount{}, Environments: []NameCount{}}
	d.Jobs, d.Items, d.Branches = s.statuses, s.items, s.branches
	for t, n := range s.types {
		d.JobTypes = append(d.JobTypes, TypeCount{t, n})
	}
	sort.Slice(d.JobTypes, func(i, k int) bool {
		return byJobs(d.JobTypes[i].Jobs, d.JobTypes[k].Jobs, d.JobTypes[i].Type, d.JobTypes[k].Type)
	})
	for _, f := range s.folders {
		c := *f
		d.Folders = append(d.Folders, &c)
	}
	sort.Slice(d.Folders, func(i, k int) bool { return d.Folders[i].Folder < d.Folders[k].Folder })
	for _, c := range s.constructs {
		cc := *c
		d.Constructs = append(d.Constructs, &cc)
	}
	sort.Slice(d.Constructs, func(i, k int) bool { return d.Constructs[i].Construct < d.Constructs[k].Construct })
	for c, n := range s.blockers {
		d.Blockers = append(d.Blockers, Blocker{Construct: c, Jobs: n, Note: s.notes[c]})
	}
	sort.Slice(d.Blockers, func(i, k int) bool {
		return byJobs(d.Blockers[i].Jobs, d.Blockers[k].Jobs, d.Blockers[i].Construct, d.Blockers[k].Construct)
	})
	for k, n := range s.secrets {
		d.Secrets = append(d.Secrets, SecretCount{Name: k[0], CredentialID: k[1], Kind: k[2], Jobs: n})
	}
	sort.Slice(d.Secrets, func(i, k int) bool {
		a, b := d.Secrets[i], d.Secrets[k]
		return byJobs(a.Jobs, b.Jobs, a.Name+"\x00"+a.CredentialID+"\x00"+a.Kind, b.Name+"\x00"+b.CredentialID+"\x00"+b.Kind)
	})
	for l, r := range s.runners {
		d.Runners = append(d.Runners, RunnerCount{Label: l, RunsOn: r.runsOn, Jobs: r.jobs})
	}
	sort.Slice(d.Runners, func(i, k int) bool {
		return byJobs(d.Runners[i].Jobs, d.Runners[k].Jobs, d.Runners[i].Label, d.Runners[k].Label)
	})
	d.Plugins, d.Tools, d.Environments = nameCounts(s.plugins), nameCounts(s.tools), nameCounts(s.envs)
	d.Variables, d.Triggers = nameCounts(s.variables), nameCounts(s.triggers)
	return d
}

// byJobs orders most jobs first, then by name.
func byJobs(a, b int, an, bn string) bool {
	if a != b {
		return a > b
	}
	return an < bn
}

func nameCounts(m map[string]int) []NameCount {
	out := []NameCount{}
	for n, c := range m {
		out = append(out, NameCount{n, c})
	}
	sort.Slice(out, func(i, k int) bool { return byJobs(out[i].Jobs, out[k].Jobs, out[i].Name, out[k].Name) })
	return out
}
