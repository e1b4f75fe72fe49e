package cmd

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/jenkins2actions/jenkins2actions/config"
	"github.com/jenkins2actions/jenkins2actions/convert"
	"github.com/jenkins2actions/jenkins2actions/engine"
	"github.com/jenkins2actions/jenkins2actions/github"
	"github.com/jenkins2actions/jenkins2actions/internal/atomicfile"
	"github.com/jenkins2actions/jenkins2actions/jenkins/source"
	"github.com/jenkins2actions/jenkins2actions/migrate"
)

// MigrateOptions are the inputs of `migrate`.
type MigrateOptions struct {
	IO *IOStreams

	Path        string
	Repo        string
	JenkinsHome string
	JenkinsURL  string
	AuditDir    string
	RepoMap     string
	GitHubURL   string
	Branch      string
	DryRun      bool
	Shard       string
	StateFile   string
	Concurrency int
	ConfigFile  string
	Provision   bool
	Labels      []string
	Timeout     time.Duration
	// MergeState merges the state files in StateFiles into a summary
	// written to Out (standard output when empty).
	MergeState bool
	StateFiles []string
	Out        string

	// Getenv reads GITHUB_TOKEN, GH_TOKEN and the Jenkins credentials
	// (os.Getenv; tests replace it). The token never comes from a flag, so
	// that it stays out of shell history and process lists.
	Getenv func(string) string
	// HTTPClient, Sleep and Now stand in for the network and the clock in
	// tests; nil means the real ones.
	HTTPClient *http.Client
	Sleep      func(ctx context.Context, d time.Duration) error
	Now        func() time.Time
}

// defaultBranch is the migration's branch when --branch is not given.
const defaultBranch = "jenkins2actions/migrate"

// NewCmdMigrate builds `migrate`. runF replaces the run function in tests
// of flag parsing.
func NewCmdMigrate(s *IOStreams, runF func(*MigrateOptions) error) *cobra.Command {
	opts := &MigrateOptions{IO: s, Getenv: os.Getenv}
	cmd := &cobra.Command{
		Use:   "migrate [PATH] --repo OWNER/NAME | migrate (--jenkins-home DIR | --jenkins-url URL | --audit DIR)",
		Short: "Open a pull request with the converted workflows on every repository Jenkins builds",
		Long: "Convert the Jenkinsfile or config.xml at PATH (default: the current directory) and open a\n" +
			"pull request with its workflow on --repo; or convert every job of a JENKINS_HOME, a live\n" +
			"Jenkins or an earlier audit's --out, and open one pull request on each repository the jobs\n" +
			"build (from the job's git URL on the GitHub host, or from --repo-map). Each pull request\n" +
			"adds the workflows in one commit on --branch and lists in its body what is left to do.\n\n" +
			"The token comes from GITHUB_TOKEN (or GH_TOKEN). A run writes only what differs from\n" +
			"what GitHub holds, so that running again is safe; --state FILE records each repository's\n" +
			"outcome, so that an interrupted run goes on where it stopped. --dry-run writes nothing\n" +
			"and prints the plan. --merge-state FILE... sums up the state files of a sharded run.\n\n" +
			"Exit codes: 0 every pull request is open; 1 some repositories were skipped or failed\n" +
			"(each named with the reason); 2 a mistake in the command line; 3 the tool failed or\n" +
			"GitHub rejected the token.",
		Example: "  GITHUB_TOKEN=... jenkins2actions migrate --repo my-org/shop\n" +
			"  GITHUB_TOKEN=... jenkins2actions migrate --jenkins-home /var/lib/jenkins --state migrate.json\n" +
			"  jenkins2actions migrate --jenkins-home /var/lib/jenkins --repo-map repos.yaml --dry-run\n" +
			"  jenkins2actions migrate --merge-state state-1.json state-2.json --out summary.md",
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkMigrate(opts, args); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			if opts.MergeState {
				return runMergeState(opts)
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
			defer stop()
			return runMigrate(ctx, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Repo, "repo", "", "open the pull request on `OWNER/NAME` (with PATH)")
	f.StringVar(&opts.JenkinsHome, "jenkins-home", "", "migrate every job of the JENKINS_HOME `DIR` (or a backup of it)")
	f.StringVar(&opts.JenkinsURL, "jenkins-url", "", "migrate every job of the Jenkins at `URL` (JENKINS_USER, JENKINS_API_TOKEN)")
	f.StringVar(&opts.AuditDir, "audit", "", "migrate every job of an earlier audit's --out `DIR`")
	f.StringVar(&opts.RepoMap, "repo-map", "", "YAML `FILE` mapping Jenkins job full names to OWNER/NAME (wins over the jobs' git URLs)")
	f.StringVar(&opts.GitHubURL, "github-url", "", "GitHub Enterprise Server `URL` (default: github.com)")
	f.StringVar(&opts.Branch, "branch", defaultBranch, "the migration's branch `NAME` in every repository")
	f.BoolVar(&opts.DryRun, "dry-run", false, "make no write request; print the repositories, files and pull request titles")
	f.StringVar(&opts.Shard, "shard", "", "migrate only shard `i/n` of the repositories (by a hash of their names)")
	f.StringVar(&opts.StateFile, "state", "", "record each repository's outcome in `FILE` and skip those done with the same content")
	f.IntVar(&opts.Concurrency, "concurrency", 4, "repositories migrated (and jobs converted) at once")
	f.StringVar(&opts.ConfigFile, "config", "", "configuration `FILE` (default: .jenkins2actions.yaml found upwards from PATH; none for a Jenkins)")
	f.BoolVar(&opts.Provision, "provision", false, "also create the environments (with required reviewers) and the variables with known defaults")
	f.StringSliceVar(&opts.Labels, "label", nil, "add the label `NAME` to each pull request (repeatable)")
	f.DurationVar(&opts.Timeout, "timeout", 30*time.Second, "time limit of each request to Jenkins")
	f.BoolVar(&opts.MergeState, "merge-state", false, "merge the state FILEs given as arguments into one summary (Markdown)")
	f.StringVar(&opts.Out, "out", "", "write the --merge-state summary to `FILE` instead of standard output")
	return cmd
}

// checkMigrate checks the command line before anything is read.
func checkMigrate(opts *MigrateOptions, args []string) error {
	jenkins := 0
	for _, v := range []string{opts.JenkinsHome, opts.JenkinsURL, opts.AuditDir} {
		if v != "" {
			jenkins++
		}
	}
	if opts.MergeState {
		if len(args) == 0 {
			return usagef("--merge-state needs the state files to merge as arguments")
		}
		if jenkins > 0 || opts.Repo != "" {
			return usagef("--merge-state only merges state files; run it apart from a migration")
		}
		opts.StateFiles = args
		return nil
	}
	switch {
	case opts.Out != "":
		return usagef("--out is for --merge-state; a migration records its outcomes with --state FILE")
	case len(args) > 1:
		return usagef("give one PATH (a Jenkinsfile, a config.xml or a directory), not %d", len(args))
	case jenkins > 1:
		return usagef("give one of --jenkins-home, --jenkins-url and --audit")
	case jenkins == 1 && (opts.Repo != "" || len(args) == 1):
		return usagef("PATH and --repo are for one repository; --jenkins-home, --jenkins-url and --audit find the repositories of their jobs (map them with --repo-map)")
	case jenkins == 0 && opts.Repo == "":
		return usagef("give --repo OWNER/NAME for the Jenkinsfile at PATH, or --jenkins-home, --jenkins-url or --audit for every job of a Jenkins")
	case opts.Concurrency < 1:
		return usagef("--concurrency must be at least 1, not %d", opts.Concurrency)
	case opts.Branch == "" || strings.ContainsAny(opts.Branch, " ~^:?*[\\") || strings.Contains(opts.Branch, "..") ||
		strings.HasPrefix(opts.Branch, "/") || strings.HasSuffix(opts.Branch, "/") || strings.HasSuffix(opts.Branch, ".lock"):
		return usagef("--branch %q is not a branch name git allows", opts.Branch)
	}
	if opts.Repo != "" {
		if _, _, err := migrate.ParseRepo(opts.Repo); err != nil {
			return usagef("--repo: %v", err)
		}
	}
	if opts.Shard != "" {
		if _, err := migrate.ParseShard(opts.Shard); err != nil {
			return usagef("%v", err)
		}
	}
	if _, err := migrate.Host(opts.GitHubURL); err != nil {
		return usagef("%v", err)
	}
	opts.Path = "."
	if len(args) == 1 {
		opts.Path = args[0]
	}
	return nil
}

// token is the GitHub token from the environment.
func (opts *MigrateOptions) token() string {
	if t := opts.Getenv("GITHUB_TOKEN"); t != "" {
		return t
	}
	return opts.Getenv("GH_TOKEN")
}

func runMigrate(ctx context.Context, opts *MigrateOptions) error {
	token := opts.token()
	if token == "" && !opts.DryRun {
		return usagef("no token: set GITHUB_TOKEN (or GH_TOKEN) to a token that may push branches and open pull requests (or try --dry-run)")
	}
	mopts, src, err := migrateInputs(opts)
	if err != nil {
		return err
	}
	if c, ok := src.(source.Checker); ok {
		if err := c.Check(); err != nil {
			return err
		}
	}
	state, err := migrate.LoadState(opts.StateFile)
	if err != nil {
		return usagef("%v", err)
	}
	prog := newMigrateProgress(opts.IO)
	var client *github.Client
	if token != "" {
		client, err = github.New(github.Options{BaseURL: opts.GitHubURL, Token: token, HTTPClient: opts.HTTPClient,
			Sleep: opts.Sleep, Now: opts.Now, OnWait: prog.wait})
		if err != nil {
			return usagef("%v", err)
		}
	}
	plan, err := migrate.Build(ctx, src, mopts, client)
	if github.ReasonOf(err) == github.BadCredentials {
		return migrate.TokenError{Err: err}
	}
	if err != nil {
		return err
	}
	if opts.DryRun {
		writePlan(opts.IO.Out, plan)
	}
	prog.start(len(plan.Repos))
	r := &migrate.Runner{Client: client, Options: mopts, State: state, DryRun: opts.DryRun, OnResult: prog.done}
	results, runErr := r.Run(ctx, plan)
	prog.finish()
	writeResults(opts.IO.Out, results, plan, opts.DryRun)
	writeTally(opts.IO.ErrOut, results, plan, opts.StateFile)
	if runErr != nil {
		if errors.Is(runErr, context.Canceled) {
			return fmt.Errorf("interrupted: run the same command again to go on where it stopped%s", stateHint(opts.StateFile))
		}
		return runErr
	}
	if slices.ContainsFunc(results, func(r migrate.Result) bool { return r.Outcome == migrate.Failed || r.Outcome == migrate.Skipped }) {
		return errProblems
	}
	return nil
}

func stateHint(file string) string {
	if file == "" {
		return " (with --state FILE, it skips the repositories done)"
	}
	return ""
}

// migrateInputs resolves the options of the migration and the source of
// its jobs.
func migrateInputs(opts *MigrateOptions) (migrate.Options, source.Source, error) {
	host, _ := migrate.Host(opts.GitHubURL)
	shard, _ := migrate.ParseShard(cmp.Or(opts.Shard, "1/1"))
	mopts := migrate.Options{Host: host, Repo: opts.Repo, Branch: opts.Branch, Labels: opts.Labels, Shard: shard,
		Concurrency: opts.Concurrency, Provision: opts.Provision}
	if opts.RepoMap != "" {
		m, err := migrate.LoadRepoMap(opts.RepoMap)
		if err != nil {
			return mopts, nil, err
		}
		mopts.RepoMap = m
	}
	var src source.Source
	root := ""
	switch {
	case opts.JenkinsHome != "":
		src = &source.Home{Dir: opts.JenkinsHome}
	case opts.AuditDir != "":
		// An audit lays its job folders out as JENKINS_HOME does, each
		// with the job's original config.xml.
		src = &source.Home{Dir: opts.AuditDir}
	case opts.JenkinsURL != "":
		src = &source.Server{URL: opts.JenkinsURL, User: opts.Getenv("JENKINS_USER"), Token: opts.Getenv("JENKINS_API_TOKEN"),
			Concurrency: opts.Concurrency, Timeout: opts.Timeout}
	default:
		file, r, err := locateJenkinsfile(opts.Path)
		if err != nil {
			return mopts, nil, err
		}
		if src, err = fileJob(file, r); err != nil {
			return mopts, nil, err
		}
		root = r
	}
	cfg := config.Default()
	if opts.ConfigFile != "" || root != "" {
		var err error
		if cfg, err = loadConfig(opts.ConfigFile, root); err != nil {
			return mopts, nil, err
		}
	}
	cat, err := loadCatalog(opts.IO, cfg.Templates)
	if err != nil {
		return mopts, nil, err
	}
	mopts.Convert = convert.Options{Config: cfg, Catalog: cat}
	return mopts, src, nil
}

// fileJob is the one job of the one-repository use: the file at file in
// the repository checked out at root, named as convert names it.
func fileJob(file, root string) (source.Source, error) {
	content, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	j := &source.Job{Path: filepath.Base(abs), Kind: source.KindJob, Format: source.FormatJenkinsfile, Content: content, Checkout: file}
	// Reports name the file as the repository does.
	if rel, err := filepath.Rel(root, file); err == nil && !strings.HasPrefix(rel, "..") {
		j.File = filepath.ToSlash(rel)
	} else {
		j.File = filepath.Base(file)
	}
	if engine.IsJobXML(file) {
		j.Path, j.Format, j.Checkout = jobName(file), source.FormatConfigXML, ""
	}
	return source.List{j}, nil
}

// writePlan prints what a dry run would do: per repository, the pull
// request's title and the files with their jobs.
func writePlan(w io.Writer, p *migrate.Plan) {
	for _, r := range p.Repos {
		fmt.Fprintf(w, "%s: %q\n", r.Name, r.Title)
		for _, j := range r.Jobs {
			if j.File != "" {
				fmt.Fprintf(w, "  %s (%s)\n", j.File, j.Path)
			} else {
				fmt.Fprintf(w, "  no workflow for %s: %s\n", j.Path, j.Skipped)
			}
		}
	}
}

// writeResults prints each repository's outcome and the jobs with no
// repository, one line each.
func writeResults(w io.Writer, results []migrate.Result, p *migrate.Plan, dryRun bool) {
	for _, r := range results {
		what := r.Reason
		switch {
		case r.Outcome.Done() && r.URL != "":
			what = r.URL
			if r.Reason != "" {
				what += " (" + r.Reason + ")"
			}
		case r.Outcome == migrate.Planned:
			what = fmt.Sprintf("%s on %s", plural(len(r.Files), "file"), r.Branch)
		}
		if r.Recorded && !dryRun {
			what += " (done in an earlier run)"
		}
		fmt.Fprintf(w, "%-8s %s %s\n", r.Outcome, r.Repo, what)
	}
	for _, j := range p.Unassigned {
		fmt.Fprintf(w, "%-8s job %s: %s\n", migrate.Skipped, j.Path, j.Skipped)
	}
}

// plural counts n things.
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

// writeTally sums the run up on stderr.
func writeTally(w io.Writer, results []migrate.Result, p *migrate.Plan, stateFile string) {
	counts := map[migrate.Outcome]int{}
	for _, r := range results {
		counts[r.Outcome]++
	}
	var parts []string
	for _, o := range []migrate.Outcome{migrate.Open, migrate.Merged, migrate.Planned, migrate.Skipped, migrate.Failed} {
		if counts[o] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[o], o))
		}
	}
	fmt.Fprintf(w, "%d repositories", len(p.Repos))
	if len(parts) > 0 {
		fmt.Fprintf(w, ": %s", strings.Join(parts, ", "))
	}
	if left := len(p.Repos) - len(results); left > 0 {
		fmt.Fprintf(w, ", %d not reached", left)
	}
	if p.Elsewhere > 0 {
		fmt.Fprintf(w, " (%d more in other shards)", p.Elsewhere)
	}
	if len(p.Unassigned) > 0 {
		fmt.Fprintf(w, "; %s with no repository", plural(len(p.Unassigned), "job"))
	}
	if stateFile != "" {
		fmt.Fprintf(w, "; state in %s", stateFile)
	}
	fmt.Fprintln(w)
}

func runMergeState(opts *MigrateOptions) error {
	s, err := migrate.MergeStates(opts.StateFiles)
	if err != nil {
		return usagef("%v", err)
	}
	if opts.Out == "" {
		if err := s.WriteMarkdown(opts.IO.Out); err != nil {
			return err
		}
	} else {
		var b strings.Builder
		if err := s.WriteMarkdown(&b); err != nil {
			return err
		}
		if err := atomicfile.Write(opts.Out, []byte(b.String())); err != nil {
			return err
		}
	}
	if s.Problems() {
		return errProblems
	}
	return nil
}
