package migrate

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/jenkins2actions/jenkins2actions/internal/atomicfile"
)

// Outcome is what became of a repository.
type Outcome string

// The outcomes, from done to not done.
const (
	// Open: the pull request is open with the plan's files and body.
	Open Outcome = "open"
	// Merged: the default branch holds the plan's files already.
	Merged Outcome = "merged"
	// Planned: a dry run found work to do.
	Planned Outcome = "planned"
	// Skipped: nothing to do there (no job converted).
	Skipped Outcome = "skipped"
	// Failed: GitHub refused, or the run failed; Reason says why.
	Failed Outcome = "failed"
)

// Done tells whether o needs no further run.
func (o Outcome) Done() bool { return o == Open || o == Merged }

// Result is the outcome of one repository, as the state file records it.
type Result struct {
	Repo    string  `json:"-"`
	Outcome Outcome `json:"outcome"`
	Reason  string  `json:"reason,omitempty"`
	Pull    int     `json:"pull,omitempty"`
	URL     string  `json:"url,omitempty"`
	Branch  string  `json:"branch,omitempty"`
	// Digest is a hash of what the run wanted in the repository; a run
	// with the same digest has nothing to do where the outcome is done.
	Digest string   `json:"digest,omitempty"`
	Files  []string `json:"files,omitempty"`
	// Changed is set when this run wrote to the repository.
	Changed bool `json:"-"`
	// Recorded is set when the state file said the repository was done,
	// and no request was made.
	Recorded bool `json:"-"`
}

// StateVersion is the version of the state file's shape.
const StateVersion = 1

// State is the record of a migration: each repository's outcome, and the
// jobs that have no repository. It is saved after every repository, so
// that an interrupted run loses nothing done.
type State struct {
	Version      int                `json:"version"`
	Repositories map[string]*Result `json:"repositories"`
	// Unassigned are the jobs with no repository and why.
	Unassigned map[string]string `json:"unassigned,omitempty"`

	path string
	mu   sync.Mutex
}

// LoadState reads the state file at path; a missing file is an empty
// state. An empty path keeps the state in memory only.
func LoadState(path string) (*State, error) {
	s := &State{Version: StateVersion, Repositories: map[string]*Result{}, path: path}
	if path == "" {
		return s, nil
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, s); err != nil {
		return nil, fmt.Errorf("state file %s: %v (give another --state, or delete it to start over)", path, err)
	}
	if s.Version != StateVersion {
		return nil, fmt.Errorf("state file %s has version %d, this jenkins2actions reads %d (delete it to start over)", path, s.Version, StateVersion)
	}
	if s.Repositories == nil {
		s.Repositories = map[string]*Result{}
	}
	for name, r := range s.Repositories {
		r.Repo = name
	}
	return s, nil
}

// Lookup returns the recorded result of repo.
func (s *State) Lookup(repo string) (Result, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.Repositories[repo]
	if !ok {
		return Result{}, false
	}
	return *r, true
}

// Record stores r and saves the file.
func (s *State) Record(r Result) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Repositories[r.Repo] = &r
	return s.save()
}

// SetUnassigned records the jobs with no repository and saves the file.
func (s *State) SetUnassigned(jobs []*Job) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Unassigned = map[string]string{}
	for _, j := range jobs {
		s.Unassigned[j.Path] = j.Skipped
	}
	return s.save()
}

// save writes the file atomically: a run killed while saving leaves the
// previous state, never half of one.
func (s *State) save() error {
	if s.path == "" {
		return nil
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.Write(s.path, append(b, '\n'))
}

// rank orders outcomes for merging: a repository two state files name
// keeps its most finished outcome.
var rank = map[Outcome]int{Open: 5, Merged: 4, Planned: 3, Failed: 2, Skipped: 1}

// MergeStates merges the state files of the shards of one migration.
func MergeStates(paths []string) (*State, error) {
	out := &State{Version: StateVersion, Repositories: map[string]*Result{}, Unassigned: map[string]string{}}
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			return nil, fmt.Errorf("state file %s: %w", p, err)
		}
		s, err := LoadState(p)
		if err != nil {
			return nil, err
		}
		for name, r := range s.Repositories {
			if old, ok := out.Repositories[name]; !ok || rank[r.Outcome] > rank[old.Outcome] {
				out.Repositories[name] = r
			}
		}
		maps.Copy(out.Unassigned, s.Unassigned)
	}
	return out, nil
}

// Problems tells whether some repository is not done (skipped or failed)
// in s.
func (s *State) Problems() bool {
	for _, r := range s.Repositories {
		if r.Outcome == Failed || r.Outcome == Skipped {
			return true
		}
	}
	return false
}

// WriteMarkdown writes the summary of s: the outcomes counted, then every
// repository with its pull request or the reason it has none, and the jobs
// with no repository.
func (s *State) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	b.WriteString("# Migration to GitHub Actions\n\n| outcome | repositories |\n| --- | ---: |\n")
	counts := map[Outcome]int{}
	for _, r := range s.Repositories {
		counts[r.Outcome]++
	}
	for _, o := range []Outcome{Open, Merged, Planned, Skipped, Failed} {
		if counts[o] > 0 {
			fmt.Fprintf(&b, "| %s | %d |\n", o, counts[o])
		}
	}
	if len(s.Repositories) > 0 {
		b.WriteString("\n| repository | outcome | pull request or reason |\n| --- | --- | --- |\n")
		for _, name := range slices.Sorted(maps.Keys(s.Repositories)) {
			r := s.Repositories[name]
			what := cell(r.Reason)
			if r.URL != "" && r.Outcome.Done() {
				what = fmt.Sprintf("[#%d](%s)", r.Pull, r.URL)
			}
			fmt.Fprintf(&b, "| %s | %s | %s |\n", code(name), r.Outcome, what)
		}
	}
	if len(s.Unassigned) > 0 {
		b.WriteString("\n## Jobs with no repository\n\n")
		for _, job := range slices.Sorted(maps.Keys(s.Unassigned)) {
			fmt.Fprintf(&b, "- %s: %s\n", code(job), line(s.Unassigned[job]))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
