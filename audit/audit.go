// Package audit sums up the dry-run conversion of many Jenkins jobs: how
// many convert, which constructs and plugins stand in the way, and what a
// person must provide (secrets, runners, tools, environments). It writes
// the summary as Markdown for people, JSON for programs, a CSV with a row
// per job, and a config skeleton for the team to fill in.
package audit

import (
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/jenkins2actions/jenkins2actions/convert"
	"github.com/jenkins2actions/jenkins2actions/report"
)

// SchemaVersion is the version of summary.json's shape; it changes only
// when a field changes meaning or disappears.
const SchemaVersion = 1

// Status is how far a job converted.
type Status string

// The statuses, best first.
const (
	// Converted: no manual item and no error; the workflow is done.
	Converted Status = "converted"
	// Partial: a workflow was written, but some items are manual or the
	// workflow has lint findings.
	Partial Status = "partial"
	// Unsupported: nothing converted: a folder, or a job whose items are
	// all manual.
	Unsupported Status = "unsupported"
	// Failed: the job could not be read (fetch or syntax errors).
	Failed Status = "failed"
)

// statuses lists the statuses in the order summaries show them.
var statuses = []Status{Converted, Partial, Unsupported, Failed}

// Classify gives the status of a job from its migration report, by the
// rules of the Status constants.
func Classify(rep *report.Report) Status {
	switch {
	case rep.Workflow == "":
		return Failed
	case rep.Summary.Converted+rep.Summary.Approximated == 0:
		return Unsupported
	case rep.Summary.Manual > 0 || rep.Diagnostics.HasErrors():
		return Partial
	}
	return Converted
}

// Job is what the audit records of one job.
type Job struct {
	// Path is the job's full name, folder/sub/name.
	Path string
	// Type is the job type: freestyle, maven, matrix, pipeline,
	// multibranch, folder, jenkinsfile, or the class of an unknown type.
	Type   string
	Status Status
	// Reason says why a job failed or is unsupported, in a line.
	Reason string
	// Report is the migration report; nil for folders and jobs that
	// could not be fetched.
	Report *report.Report
	// Actions are the actions the workflow uses, as owner/repo@version.
	Actions []string
	// Branches is the number of branches of a multibranch project.
	Branches int
	// Repository is, for a job whose Jenkinsfile lives in its repository,
	// where: the repository's URL and the file's path in it.
	Repository string
}

// Folder returns the folder that holds the job, "" at the top level.
func (j *Job) Folder() string {
	if d := path.Dir(j.Path); d != "." {
		return d
	}
	return ""
}

// Summary adds up jobs. Add may be called from many goroutines; it keeps
// counts and one short row per job, never the reports themselves.
type Summary struct {
	mu         sync.Mutex
	source     string
	statuses   StatusCounts
	branches   int
	items      ItemCounts
	types      map[string]int
	folders    map[string]*FolderProgress
	constructs map[string]*ConstructCount
	blockers   map[string]int
	notes      map[string]string
	plugins    map[string]int
	secrets    map[[3]string]int
	runners    map[string]*runnerCount
	tools      map[string]int
	envs       map[string]int
	variables  map[string]int
	triggers   map[string]int
	rows       []Row
}

type runnerCount struct {
	runsOn []string
	jobs   int
}

// Row is a job's line of workflow_usage.csv.
type Row struct {
	Job, Type string
	Status    Status
	Actions   []string
	Secrets   []string
	Runners   []string
	// Reason is the audit.Job's, shown for failed jobs in summary.md.
	Reason string
	// Blockers are the constructs left manual in the job.
	Blockers []string
	// Repository is the audit.Job's.
	Repository string
}

// New starts a summary of the jobs of source (a JENKINS_HOME, URL or
// directory, as the user gave it).
func New(source string) *Summary {
	return &Summary{source: source, types: map[string]int{}, folders: map[string]*FolderProgress{},
		constructs: map[string]*ConstructCount{}, blockers: map[string]int{}, notes: map[string]string{}, plugins: map[string]int{},
		secrets: map[[3]string]int{}, runners: map[string]*runnerCount{}, tools: map[string]int{}, envs: map[string]int{}, variables: map[string]int{}, triggers: map[string]int{}}
}

// pluginRe finds the plugin an unknown element of config.xml belongs to,
// in the reader's message (`... (plugin "name@version")`).
var pluginRe = regexp.MustCompile(`\(plugin "([^"@]+)`)

// Add counts one job. Each construct, plugin, secret, label, tool and
// environment counts once per job however often the job uses it.
func (s *Summary) Add(j *Job) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.statuses.add(j.Status)
	s.branches += j.Branches
	s.types[j.Type]++
	f := s.folders[j.Folder()]
	if f == nil {
		f = &FolderProgress{Folder: j.Folder()}
		s.folders[j.Folder()] = f
	}
	f.add(j.Status)
	row := Row{Job: j.Path, Type: j.Type, Status: j.Status, Actions: j.Actions, Reason: j.Reason, Repository: j.Repository}
	if rep := j.Report; rep != nil {
		s.items.Converted += rep.Summary.Converted
		s.items.Approximated += rep.Summary.Approximated
		s.items.Manual += rep.Summary.Manual
		seen := map[string]bool{}
		for _, it := range rep.Items {
			key := it.Construct + "\x00" + string(it.Status)
			if seen[key] {
				continue
			}
			seen[key] = true
			c := s.constructs[it.Construct]
			if c == nil {
				c = &ConstructCount{Construct: it.Construct}
				s.constructs[it.Construct] = c
			}
			switch it.Status {
			case convert.Converted:
				c.Converted++
			case convert.Approximated:
				c.Approximated++
			case convert.Manual:
				c.Manual++
				s.blockers[it.Construct]++
				row.Blockers = append(row.Blockers, it.Construct)
				if n, ok := s.notes[it.Construct]; it.Note != "" && (!ok || it.Note < n) {
					s.notes[it.Construct] = it.Note
				}
			}
			if tool, ok := strings.CutPrefix(it.Construct, "tool:"); ok && !seen["tool:"+tool] {
				seen["tool:"+tool] = true
				s.tools[tool]++
			}
		}
		for _, d := range rep.Diagnostics {
			if m := pluginRe.FindStringSubmatch(d.Message); m != nil && !seen["plugin:"+m[1]] {
				seen["plugin:"+m[1]] = true
				s.plugins[m[1]]++
			}
		}
		for _, v := range rep.Variables {
			if !seen["variable:"+v.Name] {
				seen["variable:"+v.Name] = true
				s.variables[v.Name]++
			}
		}
		for _, t := range rep.Triggers {
			if !seen["trigger:"+t.Event] {
				seen["trigger:"+t.Event] = true
				s.triggers[t.Event]++
			}
		}
		for _, sec := range rep.Secrets {
			k := [3]string{sec.Name, sec.CredentialID, sec.Kind}
			if key := "secret:" + strings.Join(k[:], "\x00"); !seen[key] {
				seen[key] = true
				s.secrets[k]++
				row.Secrets = append(row.Secrets, sec.Name)
			}
		}
		for _, r := range rep.Runners {
			if seen["runner:"+r.Label] {
				continue
			}
			seen["runner:"+r.Label] = true
			rc := s.runners[r.Label]
			if rc == nil {
				rc = &runnerCount{runsOn: r.RunsOn}
				s.runners[r.Label] = rc
			}
			rc.jobs++
			row.Runners = append(row.Runners, r.Label)
		}
		for _, e := range rep.Environments {
			if !seen["env:"+e.Name] {
				seen["env:"+e.Name] = true
				s.envs[e.Name]++
			}
		}
	}
	sort.Strings(row.Secrets)
	sort.Strings(row.Runners)
	s.rows = append(s.rows, row)
}
