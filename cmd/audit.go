package cmd

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/jenkins2actions/jenkins2actions/audit"
	"github.com/jenkins2actions/jenkins2actions/config"
	"github.com/jenkins2actions/jenkins2actions/convert"
	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/engine"
	"github.com/jenkins2actions/jenkins2actions/github"
	"github.com/jenkins2actions/jenkins2actions/internal/atomicfile"
	"github.com/jenkins2actions/jenkins2actions/jenkins/jobxml"
	"github.com/jenkins2actions/jenkins2actions/jenkins/source"
	"github.com/jenkins2actions/jenkins2actions/migrate"
	"github.com/jenkins2actions/jenkins2actions/workflow"
)

// AuditOptions are the inputs of `audit`.
type AuditOptions struct {
	IO *IOStreams

	JenkinsHome string
	JenkinsURL  string
	Dir         string
	OutDir      string
	Concurrency int
	ConfigFile  string
	Timeout     time.Duration
	// GitHubURL, when set, makes the audit read the Jenkinsfiles that jobs
	// take from their GitHub repositories through that API, with the
	// token of GITHUB_TOKEN or GH_TOKEN.
	GitHubURL string
	// Getenv reads JENKINS_USER, JENKINS_API_TOKEN and the GitHub token
	// (os.Getenv; tests replace it).
	Getenv func(string) string
}

// NewCmdAudit builds `audit`. runF replaces the run function in tests of
// flag parsing.
func NewCmdAudit(s *IOStreams, runF func(*AuditOptions) error) *cobra.Command {
	opts := &AuditOptions{IO: s, Getenv: os.Getenv}
	cmd := &cobra.Command{
		Use:   "audit (--jenkins-home DIR | --jenkins-url URL | --dir DIR) --out DIR",
		Short: "Dry-run the conversion of every job of a Jenkins and sum up what is left to do",
		Long: "Convert every job of a JENKINS_HOME directory, a live Jenkins (token from JENKINS_USER\n" +
			"and JENKINS_API_TOKEN) or a directory of repositories with Jenkinsfiles, and write into\n" +
			"--out: summary.md, summary.json, workflow_usage.csv, a folder per job (workflow, report,\n" +
			"original configuration) and a .jenkins2actions.yaml skeleton to fill in and give back\n" +
			"with --config.",
		Example: "  jenkins2actions audit --jenkins-home /var/lib/jenkins --out audit\n" +
			"  JENKINS_USER=me JENKINS_API_TOKEN=... jenkins2actions audit --jenkins-url https://ci.example.com --out audit\n" +
			"  jenkins2actions audit --dir ~/src --out audit --config audit/.jenkins2actions.yaml",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			n := 0
			for _, v := range []string{opts.JenkinsHome, opts.JenkinsURL, opts.Dir} {
				if v != "" {
					n++
				}
			}
			if n != 1 {
				return usagef("give one of --jenkins-home, --jenkins-url and --dir")
			}
			if opts.OutDir == "" {
				return usagef("--out is required (the directory to write the audit into)")
			}
			if opts.Concurrency == 0 {
				opts.Concurrency = runtime.NumCPU()
			}
			if opts.Concurrency < 1 {
				return usagef("--concurrency must be at least 1, not %d", opts.Concurrency)
			}
			if _, err := migrate.Host(opts.GitHubURL); err != nil {
				return usagef("%v", err)
			}
			if runF != nil {
				return runF(opts)
			}
			return runAudit(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.JenkinsHome, "jenkins-home", "", "audit the jobs of the JENKINS_HOME `DIR` (or a backup of it)")
	f.StringVar(&opts.JenkinsURL, "jenkins-url", "", "audit the jobs of the Jenkins at `URL`")
	f.StringVar(&opts.Dir, "dir", "", "audit every Jenkinsfile under `DIR`")
	f.StringVar(&opts.OutDir, "out", "", "write the audit into `DIR`")
	// The default is resolved at run time so that the help text, and the
	// CLI reference generated from it, is the same on every machine.
	f.IntVar(&opts.Concurrency, "concurrency", 0, "jobs converted (and config.xml files fetched) at once (default: the number of CPUs)")
	f.StringVar(&opts.ConfigFile, "config", "", "configuration `FILE` (default: none, the built-in maps)")
	f.DurationVar(&opts.Timeout, "timeout", 30*time.Second, "time limit of each request to Jenkins")
	f.StringVar(&opts.GitHubURL, "github-url", "", "read the Jenkinsfiles jobs take from their repositories through the GitHub API at `URL` (https://api.github.com, or a GitHub Enterprise Server; token from GITHUB_TOKEN)")
	return cmd
}

// repoReader reads the Jenkinsfiles that jobs take from their GitHub
// repositories, for an audit given --github-url.
type repoReader struct {
	client *github.Client
	host   string
}

// newRepoReader is the reader --github-url asks for, nil without it.
func newRepoReader(opts *AuditOptions) (*repoReader, error) {
	if opts.GitHubURL == "" {
		return nil, nil
	}
	host, _ := migrate.Host(opts.GitHubURL)
	token := cmp.Or(opts.Getenv("GITHUB_TOKEN"), opts.Getenv("GH_TOKEN"))
	c, err := github.New(github.Options{BaseURL: opts.GitHubURL, Token: token})
	if err != nil {
		return nil, usagef("%v", err)
	}
	return &repoReader{client: c, host: host}, nil
}

// convertFromRepo converts the Jenkinsfile of a job whose pipeline is in
// its GitHub repository, in place of c; c itself, and the reason, when
// there is none to read.
func (r *repoReader) convertFromRepo(ctx context.Context, c *engine.Conversion, name string, copts convert.Options, dir string) (*engine.Conversion, string, error) {
	scmURL, script, ok := migrate.FromSCM(c)
	if r == nil || !ok {
		return c, "", nil
	}
	repo, ok := migrate.RepoFromURL(scmURL, r.host)
	if !ok {
		return c, "", nil
	}
	fc, reason, err := migrate.ConvertFromRepo(ctx, r.client, repo, script, name, copts, dir)
	if github.ReasonOf(err) == github.BadCredentials {
		return nil, "", migrate.TokenError{Err: err}
	}
	if err != nil || fc == nil {
		return c, reason, err
	}
	return fc, "", nil
}

func runAudit(opts *AuditOptions) error {
	cfg := config.Default()
	if opts.ConfigFile != "" {
		var err error
		if cfg, err = config.Load(opts.ConfigFile); err != nil {
			return err
		}
	}
	cat, err := loadCatalog(opts.IO, cfg.Templates)
	if err != nil {
		return err
	}
	src, label := auditSource(opts)
	// A wrong --jenkins-home or --dir is said before anything is written.
	if c, ok := src.(source.Checker); ok {
		if err := c.Check(); err != nil {
			return err
		}
	}
	if err := prepareOut(opts.OutDir); err != nil {
		return err
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	jobs := make(chan *source.Job, opts.Concurrency)
	var srcErr error
	go func() {
		srcErr = src.Jobs(ctx, jobs)
		close(jobs)
	}()

	sum := audit.New(label)
	prog := newProgress(opts.IO)
	if c, ok := src.(source.Counter); ok {
		prog.total = c.Count()
	}
	copts := convert.Options{Config: cfg, Catalog: cat}
	gh, err := newRepoReader(opts)
	if err != nil {
		return err
	}
	var (
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
	)
	for range opts.Concurrency {
		wg.Go(func() {
			for j := range jobs {
				aj, err := auditJob(ctx, j, copts, opts.OutDir, gh)
				if err != nil {
					once.Do(func() { firstErr = fmt.Errorf("%s: %w", j.Path, err); cancel() })
					continue
				}
				sum.Add(aj)
				prog.done(aj)
			}
		})
	}
	wg.Wait()
	prog.finish()
	if firstErr != nil {
		return firstErr
	}
	if srcErr != nil {
		return srcErr
	}

	d := sum.Document()
	for _, w := range []struct {
		name  string
		write func(io.Writer) error
	}{
		{"summary.md", sum.WriteMarkdown},
		{"summary.json", sum.WriteJSON},
		{"workflow_usage.csv", sum.WriteCSV},
		{config.FileName, sum.WriteConfig},
	} {
		var buf bytes.Buffer
		if err := w.write(&buf); err != nil {
			return err
		}
		if err := atomicfile.Write(filepath.Join(opts.OutDir, w.name), buf.Bytes()); err != nil {
			return err
		}
	}
	fmt.Fprintf(opts.IO.ErrOut, "%d jobs in %s: %d converted, %d partial, %d unsupported, %d failed\nwrote %s\n",
		d.Jobs.Total, prog.elapsed().Round(time.Millisecond), d.Jobs.Converted, d.Jobs.Partial, d.Jobs.Unsupported, d.Jobs.Failed,
		filepath.Join(opts.OutDir, "summary.md"))
	if d.Jobs.Failed > 0 {
		return errProblems
	}
	return nil
}

// auditSource returns the source the flags name and how summaries name it.
func auditSource(opts *AuditOptions) (source.Source, string) {
	switch {
	case opts.JenkinsHome != "":
		return &source.Home{Dir: opts.JenkinsHome}, opts.JenkinsHome
	case opts.JenkinsURL != "":
		return &source.Server{URL: opts.JenkinsURL, User: opts.Getenv("JENKINS_USER"), Token: opts.Getenv("JENKINS_API_TOKEN"),
			Concurrency: opts.Concurrency, Timeout: opts.Timeout}, redactURL(opts.JenkinsURL)
	}
	// The output may lie inside the scanned tree, and so may earlier
	// audits: neither holds a repository.
	return &source.Repos{Dir: opts.Dir, Skip: []string{opts.OutDir}}, opts.Dir
}

// redactURL drops user information from a URL given on the command line,
// so that a password in it never reaches the summary.
func redactURL(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		if at := strings.LastIndex(u[i+3:], "@"); at >= 0 && !strings.Contains(u[i+3:i+3+at], "/") {
			return u[:i+3] + u[i+3+at+1:]
		}
	}
	return u
}

// jobsDir is the directory of --out that holds a folder per job.
const jobsDir = "jobs"

// prepareOut makes the output directory ready: new or empty, or an
// earlier audit's, whose job folders are removed so that jobs gone since
// do not linger. Any other directory is refused, since its files would be
// mixed with the audit's.
func prepareOut(dir string) error {
	ents, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return os.MkdirAll(dir, 0o755)
	case err != nil:
		return err
	case len(ents) == 0:
		return nil
	}
	if _, err := os.Stat(filepath.Join(dir, "summary.json")); err != nil {
		return usagef("%s is not empty and holds no earlier audit (give a new or empty directory)", dir)
	}
	return os.RemoveAll(filepath.Join(dir, jobsDir))
}

// jobTypes names the job classes of the Jenkins API as the config.xml
// reader names job types, for jobs that could not be read.
var jobTypes = map[string]string{
	"hudson.model.FreeStyleProject":                                         "freestyle",
	"hudson.maven.MavenModuleSet":                                           "maven",
	"hudson.matrix.MatrixProject":                                           "matrix",
	"org.jenkinsci.plugins.workflow.job.WorkflowJob":                        "pipeline",
	"org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject": "multibranch",
	"com.cloudbees.hudson.plugins.folder.Folder":                            "folder",
	"jenkins.branch.OrganizationFolder":                                     "folder",
}

// auditJob converts one job and writes its folder: the original
// configuration, and the workflow and report when there are any. With gh,
// a job whose Jenkinsfile is in its GitHub repository is converted from
// that Jenkinsfile. The error is for the tool's own failures; a job that
// cannot be read is counted as failed.
func auditJob(ctx context.Context, j *source.Job, copts convert.Options, out string, gh *repoReader) (*audit.Job, error) {
	rel := jobFolder(j.Path)
	dir := filepath.Join(out, rel)
	aj := &audit.Job{Path: j.Path, Branches: len(j.Branches), Type: jobTypes[j.Class]}
	if aj.Type == "" {
		aj.Type = j.Class
	}
	if j.Format == source.FormatJenkinsfile {
		aj.Type = "jenkinsfile"
	}
	if j.Err != nil {
		aj.Status, aj.Reason = audit.Failed, j.Err.Error()
		return aj, atomicfile.Write(filepath.Join(dir, "error.txt"), []byte(aj.Reason+"\n"))
	}
	if err := atomicfile.Write(filepath.Join(dir, string(j.Format)), j.Content); err != nil {
		return nil, err
	}
	if j.Kind == source.KindFolder {
		aj.Type, aj.Status, aj.Reason = "folder", audit.Unsupported, "a folder holds jobs and builds nothing"
		return aj, nil
	}
	// What a Jenkinsfile loads is read from its own checkout; a job of a
	// Jenkins has none.
	c, err := engine.ConvertWith(j.File, j.Content, path.Base(j.Path), copts, filepath.ToSlash(rel), engine.Sources(j.Checkout, copts.Config))
	if err != nil {
		return nil, err
	}
	if c.Pipeline.Job != nil && c.Pipeline.Job.Type != "" {
		aj.Type = c.Pipeline.Job.Type
	}
	c, unread, err := gh.convertFromRepo(ctx, c, path.Base(j.Path), copts, filepath.ToSlash(rel))
	if err != nil {
		return nil, err
	}
	if scmURL, script, ok := migrate.FromSCM(c); ok {
		repo := cmp.Or(scmURL, "(no repository in the job)")
		aj.Repository = repo + " " + script
		if unread != "" {
			aj.Repository += " (" + unread + ")"
		}
	}
	aj.Report, aj.Status = c.Report, audit.Classify(c.Report)
	if aj.Status == audit.Failed {
		for _, d := range c.Diagnostics {
			if d.Severity == diag.Error {
				aj.Reason = d.String()
				break
			}
		}
	}
	if c.Result != nil {
		aj.Actions = actionsUsed(c.Result.Workflow)
		if err := atomicfile.Write(filepath.Join(out, c.Target), c.Workflow); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if err := c.Report.WriteJSON(&buf); err != nil {
		return nil, err
	}
	return aj, atomicfile.Write(filepath.Join(dir, "report.json"), buf.Bytes())
}

// jobFolder is the folder of a job under --out, laid out as JENKINS_HOME
// lays out jobs (jobs/a/jobs/b), so that a folder's files and its jobs'
// folders never share a name. A name that would climb out is replaced.
func jobFolder(jobPath string) string {
	parts := []string{jobsDir}
	for i, seg := range strings.Split(jobPath, "/") {
		if seg == "" || seg == "." || seg == ".." || strings.ContainsRune(seg, '\\') {
			seg = "_"
		}
		if i > 0 {
			parts = append(parts, jobsDir)
		}
		parts = append(parts, seg)
	}
	return filepath.Join(parts...)
}

// actionsUsed lists the actions a workflow uses as owner/repo@version,
// sorted and once each.
func actionsUsed(w *workflow.Workflow) []string {
	seen := map[string]bool{}
	var out []string
	for _, j := range w.Jobs {
		for _, s := range j.Steps {
			if s.Uses == "" {
				continue
			}
			a := s.Uses
			if s.UsesComment != "" {
				a = strings.SplitN(a, "@", 2)[0] + "@" + s.UsesComment
			}
			if !seen[a] {
				seen[a] = true
				out = append(out, a)
			}
		}
	}
	sort.Strings(out)
	return out
}

// progress shows the audit going on: on a terminal, one line redrawn with
// a bar of the statuses so far; elsewhere, a plain line per job.
type progress struct {
	io     *IOStreams
	start  time.Time
	mu     sync.Mutex
	counts map[audit.Status]int
	n      int
	// total is the number of jobs to read, 0 when the source cannot tell.
	total   int
	lastOut time.Time
}

func newProgress(s *IOStreams) *progress {
	return &progress{io: s, start: time.Now(), counts: map[audit.Status]int{}}
}

func (p *progress) elapsed() time.Duration { return time.Since(p.start) }

// barWidth is the width of the terminal bar in cells.
const barWidth = 30

// barCells draws each status in the bar.
var barCells = map[audit.Status]string{audit.Converted: "█", audit.Partial: "▓", audit.Unsupported: "░", audit.Failed: "×"}

func (p *progress) done(j *audit.Job) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	p.counts[j.Status]++
	if !p.io.ErrTerminal {
		if p.total > 0 {
			fmt.Fprintf(p.io.ErrOut, "[%d/%d] ", p.n, p.total)
		}
		fmt.Fprintf(p.io.ErrOut, "%-11s %s\n", j.Status, j.Path)
		return
	}
	// Redrawing costs more than converting a small job: a few times a
	// second is enough for the eye.
	if now := time.Now(); now.Sub(p.lastOut) >= 100*time.Millisecond {
		p.lastOut = now
		p.draw()
	}
}

func (p *progress) draw() {
	var bar strings.Builder
	cells := 0
	for _, st := range []audit.Status{audit.Converted, audit.Partial, audit.Unsupported, audit.Failed} {
		w := p.counts[st] * barWidth / p.n
		bar.WriteString(strings.Repeat(barCells[st], w))
		cells += w
	}
	bar.WriteString(strings.Repeat(" ", barWidth-cells))
	rate := float64(p.n) / time.Since(p.start).Seconds()
	done := fmt.Sprintf("%d jobs", p.n)
	if p.total >= p.n && rate > 0 {
		left := time.Duration(float64(p.total-p.n) / rate * float64(time.Second)).Round(time.Second)
		done = fmt.Sprintf("%d of %d jobs, %s left", p.n, p.total, left)
	}
	fmt.Fprintf(p.io.ErrOut, "\r\x1b[K[%s] %s (%.0f/s): %d converted, %d partial, %d unsupported, %d failed",
		bar.String(), done, rate, p.counts[audit.Converted], p.counts[audit.Partial], p.counts[audit.Unsupported], p.counts[audit.Failed])
}

// finish draws the last state and ends the terminal line.
func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.io.ErrTerminal && p.n > 0 {
		p.draw()
		fmt.Fprintln(p.io.ErrOut)
	}
}

// jobLabel is the Jenkins label a job runs on, as its config.xml says
// (assignedNode, or the agent of an inline pipeline); "" when any agent
// will do or the pipeline lives in a repository.
func jobLabel(j *source.Job) string {
	p, _ := jobxml.Read(j.File, j.Content, path.Base(j.Path))
	if p.Agent == nil {
		return ""
	}
	return p.Agent.Label
}
