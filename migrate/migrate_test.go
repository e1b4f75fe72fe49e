package migrate_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jenkins2actions/jenkins2actions/config"
	"github.com/jenkins2actions/jenkins2actions/convert"
	"github.com/jenkins2actions/jenkins2actions/github"
	"github.com/jenkins2actions/jenkins2actions/github/githubtest"
	"github.com/jenkins2actions/jenkins2actions/jenkins/source"
	"github.com/jenkins2actions/jenkins2actions/lint"
	"github.com/jenkins2actions/jenkins2actions/migrate"
	"github.com/jenkins2actions/jenkins2actions/templates"
)

const token = "ghp_test-token-never-printed"

// jenkinsHome copies testdata/home into a temporary JENKINS_HOME whose git
// URLs point at host.
func jenkinsHome(t *testing.T, host string) string {
	t.Helper()
	dir := t.TempDir()
	err := filepath.WalkDir("testdata/home", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("testdata/home", p)
		out := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, []byte(strings.ReplaceAll(string(b), "{{HOST}}", host)), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// fakeGitHub is a fake holding the repositories of testdata/home.
func fakeGitHub(t *testing.T) *githubtest.Fake {
	t.Helper()
	f := githubtest.NewFake(t, token)
	jf, err := os.ReadFile("testdata/svc.Jenkinsfile")
	if err != nil {
		t.Fatal(err)
	}
	f.AddRepo("acme/app", githubtest.RepoOptions{Files: map[string]string{"README.md": "app\n"}})
	f.AddRepo("acme/svc", githubtest.RepoOptions{Files: map[string]string{"ci/Jenkinsfile": string(jf)}})
	f.AddRepo("acme/lib", githubtest.RepoOptions{DefaultBranch: "trunk", Files: map[string]string{"README.md": "lib\n"}})
	return f
}

// clock is a fake clock whose sleeps return at once and are recorded.
type clock struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (c *clock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.waits = append(c.waits, d)
	c.mu.Unlock()
	return ctx.Err()
}

func newClient(t *testing.T, f *githubtest.Fake, tok string, c *clock) *github.Client {
	t.Helper()
	if c == nil {
		c = &clock{}
	}
	cl, err := github.New(github.Options{BaseURL: f.BaseURL(), Token: tok, Sleep: c.Sleep, Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return cl
}

func options(t *testing.T, f *githubtest.Fake) migrate.Options {
	t.Helper()
	cat, err := templates.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	host, err := migrate.Host(f.BaseURL())
	if err != nil {
		t.Fatal(err)
	}
	return migrate.Options{
		Convert: convert.Options{Config: config.Default(), Catalog: cat},
		Host:    host,
		RepoMap: map[string]string{"team-a/app": "acme/app"},
		Branch:  "jenkins2actions/migrate", Concurrency: 4,
	}
}

// migrateOnce plans src and runs the plan.
func migrateOnce(ctx context.Context, t *testing.T, src source.Source, opts migrate.Options, client *github.Client, state *migrate.State, dryRun bool) (*migrate.Plan, []migrate.Result, error) {
	t.Helper()
	plan, err := migrate.Build(ctx, src, opts, client)
	if err != nil {
		return nil, nil, err
	}
	r := &migrate.Runner{Client: client, Options: opts, State: state, DryRun: dryRun}
	res, err := r.Run(ctx, plan)
	return plan, res, err
}

func newState(t *testing.T, path string) *migrate.State {
	t.Helper()
	s, err := migrate.LoadState(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func outcomes(res []migrate.Result) map[string]migrate.Outcome {
	out := map[string]migrate.Outcome{}
	for _, r := range res {
		out[r.Repo] = r.Outcome
	}
	return out
}

// checkOnePull checks that repo has the migration branch besides its
// default one and exactly one pull request, open, from it.
func checkOnePull(t *testing.T, f *githubtest.Fake, repo, base string) {
	t.Helper()
	if got := f.Branches(repo); !slices.Equal(got, []string{"jenkins2actions/migrate", base}) && !slices.Equal(got, []string{base, "jenkins2actions/migrate"}) {
		t.Errorf("%s: branches %v, want %s and the migration's", repo, got, base)
	}
	pulls := f.Pulls(repo)
	if len(pulls) != 1 || pulls[0].State != "open" || pulls[0].Head != "jenkins2actions/migrate" || pulls[0].Base != base {
		t.Errorf("%s: pull requests %+v, want one open from the migration branch into %s", repo, pulls, base)
	}
}

func TestMigrateJenkinsHome(t *testing.T) {
	f := fakeGitHub(t)
	opts := options(t, f)
	home := jenkinsHome(t, "127.0.0.1")
	client := newClient(t, f, token, nil)
	statePath := filepath.Join(t.TempDir(), "state.json")
	ctx := context.Background()

	plan, res, err := migrateOnce(ctx, t, &source.Home{Dir: home}, opts, client, newState(t, statePath), false)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]migrate.Outcome{"acme/app": migrate.Open, "acme/lib": migrate.Open, "acme/svc": migrate.Open}
	if got := outcomes(res); !mapsEqual(got, want) {
		t.Fatalf("outcomes %v, want %v (%+v)", got, want, res)
	}
	if len(plan.Unassigned) != 1 || plan.Unassigned[0].Path != "legacy" || !strings.Contains(plan.Unassigned[0].Skipped, "gitlab.example.com") {
		t.Errorf("unassigned %+v, want the legacy job on gitlab", plan.Unassigned)
	}
	wantFiles := map[string][]string{
		"acme/app": {".github/workflows/app.yml", ".github/workflows/nightly.yml"},
		"acme/lib": {".github/workflows/build.yml", ".github/workflows/team-c-build.yml"},
		"acme/svc": {".github/workflows/svc.yml"},
	}
	for repo, files := range wantFiles {
		base := "main"
		if repo == "acme/lib" {
			base = "trunk"
		}
		checkOnePull(t, f, repo, base)
		got, ok := f.BranchFiles(repo, "jenkins2actions/migrate")
		if !ok {
			t.Fatalf("%s: no migration branch", repo)
		}
		for _, file := range files {
			content, ok := got[file]
			if !ok {
				t.Errorf("%s: branch lacks %s (has %v)", repo, file, keys(got))
				continue
			}
			ds, err := lint.Workflow(file, []byte(content), lint.Options{Shellcheck: "-"})
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range ds {
				t.Errorf("%s: %s", repo, d)
			}
		}
	}
	svc := f.Pulls("acme/svc")[0]
	for _, want := range []string{"`SONAR_TOKEN`", "ci/Jenkinsfile:", "step:acmeNotify", "### Manual steps", "### Secrets to create"} {
		if !strings.Contains(svc.Body, want) {
			t.Errorf("acme/svc pull request body lacks %q:\n%s", want, svc.Body)
		}
	}
	if svc.Title != migrate.Title {
		t.Errorf("title %q", svc.Title)
	}

	// A second run over the same input, without the state file, reads and
	// writes nothing.
	writes := f.Writes()
	_, res, err = migrateOnce(ctx, t, &source.Home{Dir: home}, opts, client, newState(t, ""), false)
	if err != nil {
		t.Fatal(err)
	}
	if f.Writes() != writes {
		t.Errorf("the second run wrote %d requests: %v", f.Writes()-writes, writeRequests(f.Requests()))
	}
	if got := outcomes(res); !mapsEqual(got, want) {
		t.Errorf("second run: outcomes %v", got)
	}
	for repo := range wantFiles {
		if n := len(f.Pulls(repo)); n != 1 {
			t.Errorf("%s: %d pull requests after the second run", repo, n)
		}
	}

	// With the state file, the repositories done are not even read.
	requests := len(f.Requests())
	_, res, err = migrateOnce(ctx, t, &source.Home{Dir: home}, opts, client, newState(t, statePath), false)
	if err != nil {
		t.Fatal(err)
	}
	// Reading acme/svc's Jenkinsfile is the only request.
	if got := f.Requests()[requests:]; len(got) != 1 || !strings.Contains(got[0], "/contents/ci/Jenkinsfile") {
		t.Errorf("a run after a recorded one made requests %v", got)
	}
	for _, r := range res {
		if !r.Recorded {
			t.Errorf("%s: not taken from the state file", r.Repo)
		}
	}
}

func mapsEqual[K comparable, V comparable](a, b map[K]V) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func writeRequests(reqs []string) []string {
	var out []string
	for _, r := range reqs {
		if !strings.HasPrefix(r, "GET ") {
			out = append(out, r)
		}
	}
	return out
}

// migrated is the fixture's JENKINS_HOME migrated once, and a run of the
// migration again over it.
func migrated(t *testing.T) (f *githubtest.Fake, home string, again func()) {
	t.Helper()
	f = fakeGitHub(t)
	opts := options(t, f)
	home = jenkinsHome(t, "127.0.0.1")
	client := newClient(t, f, token, nil)
	again = func() {
		t.Helper()
		if _, _, err := migrateOnce(context.Background(), t, &source.Home{Dir: home}, opts, client, newState(t, ""), false); err != nil {
			t.Fatal(err)
		}
	}
	again()
	return f, home, again
}

func TestMigrateUpdatesWhatChanged(t *testing.T) {
	f, home, again := migrated(t)
	// A job changes: its repository gets a new commit on the same branch
	// and the same pull request; the others are left alone.
	p := filepath.Join(home, "jobs", "team-a", "jobs", "nightly", "config.xml")
	b, _ := os.ReadFile(p)
	if err := os.WriteFile(p, []byte(strings.Replace(string(b), "make nightly", "make nightly-all", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	before := len(f.Requests())
	again()
	for _, r := range writeRequests(f.Requests()[before:]) {
		if !strings.Contains(r, "/repos/acme/app/") {
			t.Errorf("wrote to another repository: %s", r)
		}
	}
	files, _ := f.BranchFiles("acme/app", "jenkins2actions/migrate")
	if !strings.Contains(files[".github/workflows/nightly.yml"], "make nightly-all") {
		t.Errorf("the branch was not updated:\n%s", files[".github/workflows/nightly.yml"])
	}
	checkOnePull(t, f, "acme/app", "main")
}

// TestRemovedJobLeavesTheBranch drops from the migration branch the
// workflow of a job that left Jenkins, though the other files are as they
// were.
func TestRemovedJobLeavesTheBranch(t *testing.T) {
	f, home, again := migrated(t)
	const stale = ".github/workflows/nightly.yml"
	if files, _ := f.BranchFiles("acme/app", "jenkins2actions/migrate"); files[stale] == "" || len(files) < 2 {
		t.Fatalf("the fixture's acme/app has no second workflow beside %s: %v", stale, keys(files))
	}
	if err := os.RemoveAll(filepath.Join(home, "jobs", "team-a", "jobs", "nightly")); err != nil {
		t.Fatal(err)
	}
	again()
	files, _ := f.BranchFiles("acme/app", "jenkins2actions/migrate")
	if _, ok := files[stale]; ok {
		t.Errorf("%s is still on the branch: %v", stale, keys(files))
	}
	checkOnePull(t, f, "acme/app", "main")
	// And once the branch is right, a run writes nothing.
	writes := f.Writes()
	again()
	if f.Writes() != writes {
		t.Errorf("a run over an unchanged Jenkins wrote %v", writeRequests(f.Requests()))
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	f := fakeGitHub(t)
	opts := options(t, f)
	home := jenkinsHome(t, "127.0.0.1")
	plan, res, err := migrateOnce(context.Background(), t, &source.Home{Dir: home}, opts, newClient(t, f, token, nil), newState(t, ""), true)
	if err != nil {
		t.Fatal(err)
	}
	if f.Writes() != 0 {
		t.Errorf("a dry run wrote: %v", writeRequests(f.Requests()))
	}
	if len(plan.Repos) != 3 || len(res) != 3 {
		t.Fatalf("plan of %d repositories, %d results", len(plan.Repos), len(res))
	}
	for _, r := range res {
		if r.Outcome != migrate.Planned || len(r.Files) == 0 {
			t.Errorf("%s: %s with files %v, want planned", r.Repo, r.Outcome, r.Files)
		}
	}
	// Without a token, the plan is made from the conversions alone.
	before := len(f.Requests())
	plan, _, err = migrateOnce(context.Background(), t, &source.Home{Dir: home}, opts, nil, newState(t, ""), true)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(f.Requests()) - before; n != 0 {
		t.Errorf("a dry run without a client made %d requests", n)
	}
	for _, r := range plan.Repos {
		if r.Name == "acme/svc" && (len(r.Files) != 0 || !strings.Contains(r.Jobs[0].Skipped, "GITHUB_TOKEN")) {
			t.Errorf("acme/svc without a token: %+v", r.Jobs[0])
		}
	}
}

func TestShardsCoverEveryRepositoryOnce(t *testing.T) {
	f := fakeGitHub(t)
	opts := options(t, f)
	var jobs []*source.Job
	opts.RepoMap = map[string]string{}
	for i := range 50 {
		name := fmt.Sprintf("job-%d", i)
		jobs = append(jobs, &source.Job{Path: name, Kind: source.KindJob, Format: source.FormatJenkinsfile, File: "Jenkinsfile",
			Content: []byte("pipeline { agent any; stages { stage('b') { steps { sh 'make' } } } }")})
		opts.RepoMap[name] = fmt.Sprintf("acme/Repo-%d", i%37)
	}
	seen := map[string]int{}
	for i := 1; i <= 2; i++ {
		opts.Shard = migrate.Shard{I: i, N: 2}
		plan, err := migrate.Build(context.Background(), source.List(jobs), opts, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(plan.Repos) == 0 || len(plan.Repos)+plan.Elsewhere != 37 {
			t.Errorf("shard %d/2: %d repositories and %d elsewhere, want 37 in all", i, len(plan.Repos), plan.Elsewhere)
		}
		for _, r := range plan.Repos {
			seen[r.Name]++
		}
	}
	if len(seen) != 37 {
		t.Errorf("the shards cover %d repositories, want 37", len(seen))
	}
	for repo, n := range seen {
		if n != 1 {
			t.Errorf("%s is in %d shards", repo, n)
		}
	}
}

func TestSecondaryRateLimitIsWaitedOut(t *testing.T) {
	f := fakeGitHub(t)
	f.Inject(githubtest.Fault{Secondary: true, RetryAfter: 42, Times: 1,
		Match: func(r *http.Request) bool {
			return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/pulls")
		}})
	c := &clock{}
	_, res, err := migrateOnce(context.Background(), t, &source.Home{Dir: jenkinsHome(t, "127.0.0.1")}, options(t, f), newClient(t, f, token, c), newState(t, ""), false)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Outcome != migrate.Open {
			t.Errorf("%s: %s (%s)", r.Repo, r.Outcome, r.Reason)
		}
	}
	if !slices.Contains(c.waits, 42*time.Second) {
		t.Errorf("waits %v, want the 42s of Retry-After", c.waits)
	}
}

func TestWrongTokenStopsBeforeAnyWrite(t *testing.T) {
	f := fakeGitHub(t)
	opts := options(t, f)
	opts.RepoMap = map[string]string{"one": "acme/app"}
	jobs := source.List{{Path: "one", Kind: source.KindJob, Format: source.FormatJenkinsfile, File: "Jenkinsfile",
		Content: []byte("pipeline { agent any; stages { stage('b') { steps { sh 'make' } } } }")}}
	_, _, err := migrateOnce(context.Background(), t, jobs, opts, newClient(t, f, "wrong", nil), newState(t, ""), false)
	var te migrate.TokenError
	if !errors.As(err, &te) || !strings.Contains(err.Error(), "401 Bad credentials") {
		t.Errorf("error %v, want the token rejected", err)
	}
	if f.Writes() != 0 {
		t.Errorf("wrote %v with a wrong token", writeRequests(f.Requests()))
	}
}

func TestRefusalsFailTheirRepositoryOnly(t *testing.T) {
	f := githubtest.NewFake(t, token)
	opts := options(t, f)
	opts.RepoMap = map[string]string{}
	repos := map[string]githubtest.RepoOptions{
		"acme/ok":        {},
		"acme/archived":  {Archived: true},
		"acme/readonly":  {Permission: "read"},
		"acme/protected": {ProtectedBranches: []string{"jenkins2actions/migrate"}},
		"acme/noscope":   {NoWorkflowScope: true},
	}
	var jobs source.List
	for name, o := range repos {
		o.Files = map[string]string{"README.md": name}
		f.AddRepo(name, o)
		job := strings.TrimPrefix(name, "acme/")
		opts.RepoMap[job] = name
		jobs = append(jobs, &source.Job{Path: job, Kind: source.KindJob, Format: source.FormatJenkinsfile, File: "Jenkinsfile",
			Content: []byte("pipeline { agent any; stages { stage('b') { steps { sh 'make' } } } }")})
	}
	_, res, err := migrateOnce(context.Background(), t, jobs, opts, newClient(t, f, token, nil), newState(t, ""), false)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"acme/ok":        "",
		"acme/archived":  "archived",
		"acme/readonly":  "no permission",
		"acme/protected": "protected branch",
		"acme/noscope":   "missing workflow scope",
	}
	for _, r := range res {
		w := want[r.Repo]
		switch {
		case w == "" && r.Outcome != migrate.Open:
			t.Errorf("%s: %s (%s), want open", r.Repo, r.Outcome, r.Reason)
		case w != "" && (r.Outcome != migrate.Failed || !strings.HasPrefix(r.Reason, w)):
			t.Errorf("%s: %s (%s), want failed: %s", r.Repo, r.Outcome, r.Reason, w)
		case strings.Contains(r.Reason, "*github.") || strings.Contains(r.Reason, "migrate."):
			t.Errorf("%s: a Go type in the reason %q", r.Repo, r.Reason)
		}
	}
	if len(res) != len(want) {
		t.Errorf("%d results, want %d", len(res), len(want))
	}
}

func TestProvision(t *testing.T) {
	f := githubtest.NewFake(t, token)
	f.AddRepo("acme/deploy", githubtest.RepoOptions{Files: map[string]string{"README.md": "x"}, Users: []string{"alice"}, Teams: []string{"release"}})
	opts := options(t, f)
	opts.Provision = true
	opts.RepoMap = map[string]string{"deploy": "acme/deploy"}
	jobs := source.List{{Path: "deploy", Kind: source.KindJob, Format: source.FormatJenkinsfile, File: "Jenkinsfile", Content: []byte(`pipeline {
  agent { label 'gpu' }
  stages {
    stage('Deploy') {
      input { message 'Ship?'; submitter 'alice,release,nobody' }
      steps { sh 'make deploy' }
    }
  }
}`)}}
	client := newClient(t, f, token, nil)
	_, res, err := migrateOnce(context.Background(), t, jobs, opts, client, newState(t, ""), false)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 || res[0].Outcome != migrate.Open || !strings.Contains(res[0].Reason, "nobody") {
		t.Fatalf("results %+v, want open with the unknown reviewer named", res)
	}
	envs := f.Environments("acme/deploy")
	if len(envs) != 1 {
		t.Fatalf("environments %v, want one", envs)
	}
	for name, rs := range envs {
		if !slices.Equal(rs, []string{"alice", "release"}) {
			t.Errorf("environment %s: reviewers %v, want alice and the release team", name, rs)
		}
	}
	if v := f.Variables("acme/deploy"); v["RUNS_ON_GPU"] != `["self-hosted","gpu"]` {
		t.Errorf("variables %v", v)
	}
	writes := f.Writes()
	if _, _, err := migrateOnce(context.Background(), t, jobs, opts, client, newState(t, ""), false); err != nil {
		t.Fatal(err)
	}
	if f.Writes() != writes {
		t.Errorf("provisioning again wrote %v", writeRequests(f.Requests()))
	}
}

// manyRepos is a fake with n repositories and a job for each.
func manyRepos(t *testing.T, n int) (*githubtest.Fake, migrate.Options, source.List) {
	f := githubtest.NewFake(t, token)
	opts := options(t, f)
	opts.RepoMap = map[string]string{}
	opts.Concurrency = 8
	var jobs source.List
	for i := range n {
		repo := fmt.Sprintf("org/repo-%03d", i)
		f.AddRepo(repo, githubtest.RepoOptions{Files: map[string]string{"README.md": repo}})
		job := fmt.Sprintf("job-%03d", i)
		opts.RepoMap[job] = repo
		jobs = append(jobs, &source.Job{Path: job, Kind: source.KindJob, Format: source.FormatJenkinsfile, File: "Jenkinsfile",
			Content: fmt.Appendf(nil, "pipeline { agent any; stages { stage('b') { steps { sh 'make %d' } } } }", i)})
	}
	return f, opts, jobs
}

// finalState is each repository's branches, pull requests and migration
// branch files, for comparing runs.
func finalState(f *githubtest.Fake, n int) string {
	var b strings.Builder
	for i := range n {
		repo := fmt.Sprintf("org/repo-%03d", i)
		files, _ := f.BranchFiles(repo, "jenkins2actions/migrate")
		fmt.Fprintf(&b, "%s %v %v\n", repo, f.Branches(repo), keys(files))
		for _, p := range f.Pulls(repo) {
			fmt.Fprintf(&b, "  #%d %s %s->%s %q\n", p.Number, p.State, p.Head, p.Base, p.Title)
		}
		for _, k := range keys(files) {
			fmt.Fprintf(&b, "  %s %s\n", k, github.BlobSHA([]byte(files[k])))
		}
	}
	return b.String()
}

func TestManyRepositoriesThroughFailures(t *testing.T) {
	const n = 200
	f, opts, jobs := manyRepos(t, n)
	f.FailRate(0.10, 7)
	statePath := filepath.Join(t.TempDir(), "state.json")
	client := newClient(t, f, token, nil)
	var res []migrate.Result
	for run := 1; ; run++ {
		var err error
		_, res, err = migrateOnce(context.Background(), t, jobs, opts, client, newState(t, statePath), false)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(res, func(r migrate.Result) bool { return !r.Outcome.Done() }) {
			break
		}
		if run == 5 {
			t.Fatalf("repositories still not done after %d runs: %+v", run, res)
		}
	}
	if len(res) != n {
		t.Fatalf("%d results, want %d", len(res), n)
	}
	for i := range n {
		checkOnePull(t, f, fmt.Sprintf("org/repo-%03d", i), "main")
	}
}

func TestKilledRunGoesOn(t *testing.T) {
	const n = 30
	// The state an uninterrupted run ends in.
	ref, opts, jobs := manyRepos(t, n)
	if _, _, err := migrateOnce(context.Background(), t, jobs, opts, newClient(t, ref, token, nil), newState(t, ""), false); err != nil {
		t.Fatal(err)
	}
	want := finalState(ref, n)

	// Seeded, so that a failing trial comes back the same.
	rng := rand.New(rand.NewPCG(0x6b696c6c, 1))
	for trial := range 5 {
		f, opts, jobs := manyRepos(t, n)
		f.FailRate(0.05, uint64(trial))
		statePath := filepath.Join(t.TempDir(), "state.json")
		client := newClient(t, f, token, nil)
		ctx, cancel := context.WithCancel(context.Background())
		// Before the last request of an uninterrupted run, so that every
		// trial is killed.
		killAt := 1 + rng.IntN(len(ref.Requests())-1)
		f.OnRequest = func(i int, _ *http.Request) {
			if i == killAt {
				cancel()
			}
		}
		_, _, err := migrateOnce(ctx, t, jobs, opts, client, newState(t, statePath), false)
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("trial %d: killed after %d requests, the run returned %v, not the cancellation", trial, killAt, err)
		}
		for run := 1; ; run++ {
			_, res, err := migrateOnce(context.Background(), t, jobs, opts, client, newState(t, statePath), false)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(res, func(r migrate.Result) bool { return !r.Outcome.Done() }) {
				break
			}
			if run == 5 {
				t.Fatalf("trial %d: not done after %d runs", trial, run)
			}
		}
		if got := finalState(f, n); got != want {
			t.Errorf("trial %d (killed after %d requests): final state differs from an uninterrupted run:\n%s\nwant:\n%s", trial, killAt, got, want)
		}
	}
}
