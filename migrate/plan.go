// Package migrate opens, on each GitHub repository that Jenkins jobs build,
// one pull request adding the workflows converted from those jobs, with the
// migration checklist as its body. A plan is built first (jobs → their
// repositories → conversions → files and body per repository), then run
// repository by repository, writing only what differs from what GitHub
// holds, and recording each outcome in a state file so that an interrupted
// run goes on where it stopped.
package migrate

import (
	"cmp"
	"context"
	"fmt"
	"hash/fnv"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/jenkins2actions/jenkins2actions/convert"
	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/engine"
	"github.com/jenkins2actions/jenkins2actions/github"
	"github.com/jenkins2actions/jenkins2actions/jenkins/source"
	"github.com/jenkins2actions/jenkins2actions/report"
)

// WorkflowDir is where the workflows go in a repository.
const WorkflowDir = ".github/workflows"

// Options configure a plan and its run.
type Options struct {
	Convert convert.Options
	// Host is the web host of repository URLs that name GitHub
	// repositories (see Host).
	Host string
	// RepoMap maps Jenkins job full names to owner/name; it wins over the
	// jobs' SCM URLs.
	RepoMap map[string]string
	// Repo, when set, is the repository of every job that RepoMap does not
	// name: the one-repository use.
	Repo string
	// Branch is the migration's branch in every repository.
	Branch string
	// Labels are added to every pull request.
	Labels []string
	Shard  Shard
	// Concurrency bounds the jobs converted and the repositories migrated
	// at once.
	Concurrency int
	// Provision creates the environments and variables the workflows need.
	Provision bool
}

// Job is one Jenkins job of a plan.
type Job struct {
	// Path is the job's full name.
	Path string
	// Repo is owner/name, "" when the job has none.
	Repo string
	// File is the workflow's path in the repository, "" when the job gives
	// none.
	File     string
	Workflow []byte
	Report   *report.Report
	// Skipped says why the job gives no workflow.
	Skipped string
}

// Repo is what a migration writes to one repository.
type Repo struct {
	// Name is owner/name.
	Name string
	// Jobs are the repository's jobs, by path.
	Jobs []*Job
	// Files are the workflow files by path.
	Files       map[string][]byte
	Title, Body string
}

// Plan is what a migration is to do.
type Plan struct {
	// Repos are the repositories of the shard, by name.
	Repos []*Repo
	// Unassigned are the jobs with no repository, by path.
	Unassigned []*Job
	// Elsewhere counts the repositories of other shards.
	Elsewhere int
}

// Shard is shard I of N (1-based); the zero value is the whole.
type Shard struct{ I, N int }

// ParseShard reads "i/n".
func ParseShard(s string) (Shard, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 1 || i > n {
		return Shard{}, fmt.Errorf("--shard %q is not i/n with 1 <= i <= n (e.g. 2/8)", s)
	}
	return Shard{I: i, N: n}, nil
}

// Has tells whether repo belongs to the shard: by a hash of its name, so
// that the same repositories fall in the same shard on every machine and
// every run, and shards 1..n cover each repository once.
func (s Shard) Has(repo string) bool {
	if s.N <= 1 {
		return true
	}
	h := fnv.New32a()
	h.Write([]byte(strings.ToLower(repo)))
	return int(h.Sum32()%uint32(s.N)) == s.I-1
}

// Build reads every job of src, finds its repository, converts it and
// groups the workflows by repository. client reads the Jenkinsfiles that
// jobs take from their repositories; nil leaves those jobs out with the
// reason. The error is for failures of the tool or of the source as a
// whole, or a token GitHub rejects; a job that cannot be converted is
// listed with why.
func Build(ctx context.Context, src source.Source, opts Options, client *github.Client) (*Plan, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan *source.Job, max(opts.Concurrency, 1))
	var srcErr error
	go func() {
		srcErr = src.Jobs(ctx, jobs)
		close(jobs)
	}()
	var (
		mu       sync.Mutex
		all      []*Job
		others   = map[string]bool{}
		firstErr error
		wg       sync.WaitGroup
	)
	for range max(opts.Concurrency, 1) {
		wg.Go(func() {
			for j := range jobs {
				pj, err := prepare(ctx, j, opts, client)
				mu.Lock()
				switch {
				case err != nil && firstErr == nil:
					firstErr = err
					cancel()
				case err != nil:
				case pj == nil:
				case pj.Repo != "" && !opts.Shard.Has(pj.Repo):
					others[strings.ToLower(pj.Repo)] = true
				default:
					all = append(all, pj)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if srcErr != nil {
		return nil, srcErr
	}
	p := group(all)
	p.Elsewhere = len(others)
	return p, nil
}

// prepare converts one job for the repository it belongs to; nil for what
// is no job (a folder).
func prepare(ctx context.Context, j *source.Job, opts Options, client *github.Client) (*Job, error) {
	if j.Kind == source.KindFolder {
		return nil, nil
	}
	pj := &Job{Path: j.Path, Repo: opts.RepoMap[j.Path]}
	if j.Err != nil {
		pj.Repo = cmp.Or(pj.Repo, opts.Repo)
		pj.Skipped = "could not be read: " + j.Err.Error()
		return pj, nil
	}
	name := path.Base(j.Path)
	c, err := engine.ConvertWith(j.File, j.Content, name, opts.Convert, WorkflowDir, engine.Sources(j.Checkout, opts.Convert.Config))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", j.Path, err)
	}
	scmURL, script, fromSCM := FromSCM(c)
	if pj.Repo == "" && opts.Repo != "" {
		pj.Repo = opts.Repo
	}
	if pj.Repo == "" {
		r, ok := RepoFromURL(scmURL, opts.Host)
		switch {
		case ok:
			pj.Repo = r
		case scmURL == "":
			pj.Skipped = "no repository: the job names no git URL (map it with --repo-map)"
			return pj, nil
		default:
			pj.Skipped = fmt.Sprintf("no repository: %s is not on %s (map it with --repo-map)", scmURL, opts.Host)
			return pj, nil
		}
	}
	if !opts.Shard.Has(pj.Repo) {
		return pj, nil // another shard reads and converts it
	}
	if fromSCM {
		if client == nil {
			pj.Skipped = fmt.Sprintf("the pipeline is %s in %s: set GITHUB_TOKEN to read it", script, pj.Repo)
			return pj, nil
		}
		if c, pj.Skipped, err = ConvertFromRepo(ctx, client, pj.Repo, script, name, opts.Convert, WorkflowDir); err != nil || c == nil {
			return pj, err
		}
	}
	if c.Result == nil {
		pj.Skipped = "not converted: " + firstError(c.Diagnostics)
		return pj, nil
	}
	pj.File, pj.Workflow, pj.Report = c.Target, c.Workflow, c.Report
	return pj, nil
}

// firstError is the first error among ds, for a one-line reason.
func firstError(ds diag.Diagnostics) string {
	for _, d := range ds {
		if d.Severity == diag.Error {
			return d.String()
		}
	}
	return "the input has errors"
}

// group gathers the jobs by repository and gives each workflow a file name
// of its own there: jobs of different folders often share a name, and one
// must not overwrite the other.
func group(jobs []*Job) *Plan {
	slices.SortFunc(jobs, func(a, b *Job) int { return strings.Compare(a.Path, b.Path) })
	p := &Plan{}
	byRepo := map[string]*Repo{}
	for _, j := range jobs {
		if j.Repo == "" {
			p.Unassigned = append(p.Unassigned, j)
			continue
		}
		key := strings.ToLower(j.Repo)
		r := byRepo[key]
		if r == nil {
			r = &Repo{Name: j.Repo, Files: map[string][]byte{}}
			byRepo[key] = r
		}
		r.Jobs = append(r.Jobs, j)
	}
	for _, key := range slices.Sorted(maps.Keys(byRepo)) {
		r := byRepo[key]
		for _, j := range r.Jobs {
			if j.File == "" {
				continue
			}
			j.File = uniqueFile(r.Files, j)
			r.Files[j.File] = j.Workflow
		}
		r.Title, r.Body = Title, Body(r)
		p.Repos = append(p.Repos, r)
	}
	return p
}

// uniqueFile is the path of j's workflow in a repository that already
// holds taken: the converter's name, else one made from the job's full
// name, else that with a number.
func uniqueFile(taken map[string][]byte, j *Job) string {
	if _, ok := taken[j.File]; !ok {
		return j.File
	}
	base := strings.TrimSuffix(convert.WorkflowFileName(strings.ReplaceAll(j.Path, "/", "-")), ".yml")
	for n := 1; ; n++ {
		name := base
		if n > 1 {
			name += "-" + strconv.Itoa(n)
		}
		f := path.Join(WorkflowDir, name+".yml")
		if _, ok := taken[f]; !ok {
			return f
		}
	}
}
