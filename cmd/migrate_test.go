package cmd

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jenkins2actions/jenkins2actions/github/githubtest"
	"github.com/jenkins2actions/jenkins2actions/jenkins/source/sourcetest"
	"github.com/jenkins2actions/jenkins2actions/migrate"
)

const migrateToken = "ghp_migrate-test-token"

func TestMigrateFlags(t *testing.T) {
	tests := []struct {
		args    []string
		want    MigrateOptions
		wantErr string
	}{
		{args: []string{"--repo", "acme/app"}, want: MigrateOptions{Path: ".", Repo: "acme/app", Branch: defaultBranch, Concurrency: 4}},
		{args: []string{"ci/Jenkinsfile", "--repo", "acme/app", "--branch", "ci/gha", "--dry-run", "--label", "ci,migration"},
			want: MigrateOptions{Path: "ci/Jenkinsfile", Repo: "acme/app", Branch: "ci/gha", DryRun: true, Concurrency: 4, Labels: []string{"ci", "migration"}}},
		{args: []string{"--jenkins-home", "h", "--shard", "2/3", "--state", "s.json", "--concurrency", "8", "--provision", "--repo-map", "m.yaml", "--github-url", "https://ghe.example.com"},
			want: MigrateOptions{Path: ".", JenkinsHome: "h", Shard: "2/3", StateFile: "s.json", Concurrency: 8, Provision: true, RepoMap: "m.yaml", GitHubURL: "https://ghe.example.com", Branch: defaultBranch}},
		{args: []string{"--merge-state", "a.json", "b.json", "--out", "sum.md"},
			want: MigrateOptions{MergeState: true, StateFiles: []string{"a.json", "b.json"}, Out: "sum.md", Branch: defaultBranch, Concurrency: 4}},
		{args: nil, wantErr: "give --repo OWNER/NAME"},
		{args: []string{"--jenkins-home", "h", "--audit", "a"}, wantErr: "give one of"},
		{args: []string{"--jenkins-home", "h", "--repo", "acme/app"}, wantErr: "PATH and --repo are for one repository"},
		{args: []string{"--repo", "acme"}, wantErr: "OWNER/NAME"},
		{args: []string{"--repo", "acme/app", "--shard", "3/2"}, wantErr: "--shard"},
		{args: []string{"--repo", "acme/app", "--concurrency", "0"}, wantErr: "--concurrency"},
		{args: []string{"--repo", "acme/app", "--branch", "a..b"}, wantErr: "--branch"},
		{args: []string{"--repo", "acme/app", "--github-url", "ghe.example.com"}, wantErr: "not an http(s) URL"},
		{args: []string{"--repo", "acme/app", "--out", "x"}, wantErr: "--out is for --merge-state"},
		{args: []string{"--merge-state"}, wantErr: "needs the state files"},
		{args: []string{"a", "b", "--repo", "acme/app"}, wantErr: "give one PATH"},
	}
	for _, tt := range tests {
		s, _, _ := streams()
		var got *MigrateOptions
		cmd := NewCmdMigrate(s, func(o *MigrateOptions) error { got = o; return nil })
		if !parseFlags(t, cmd, tt.args, tt.wantErr) {
			continue
		}
		got.IO, got.Getenv, got.Timeout = nil, nil, 0
		if got.Path != tt.want.Path || got.Repo != tt.want.Repo || got.JenkinsHome != tt.want.JenkinsHome || got.Branch != tt.want.Branch ||
			got.DryRun != tt.want.DryRun || got.Shard != tt.want.Shard || got.StateFile != tt.want.StateFile || got.Concurrency != tt.want.Concurrency ||
			got.Provision != tt.want.Provision || got.RepoMap != tt.want.RepoMap || got.GitHubURL != tt.want.GitHubURL ||
			got.MergeState != tt.want.MergeState || got.Out != tt.want.Out || !slices.Equal(got.StateFiles, tt.want.StateFiles) || !slices.Equal(got.Labels, tt.want.Labels) {
			t.Errorf("%v: options %+v, want %+v", tt.args, *got, tt.want)
		}
	}
}

// migrateHome writes a JENKINS_HOME from ../migrate/testdata with git URLs
// on host, and its repository map.
func migrateHome(t *testing.T, host string) (home, repoMap string) {
	t.Helper()
	home = t.TempDir()
	root := filepath.Join("..", "migrate", "testdata", "home")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		sourcetest.WriteFile(t, filepath.Join(home, rel), strings.ReplaceAll(string(b), "{{HOST}}", host))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return home, filepath.Join("..", "migrate", "testdata", "repo-map.yaml")
}

func migrateFake(t *testing.T) *githubtest.Fake {
	t.Helper()
	f := githubtest.NewFake(t, migrateToken)
	jf, err := os.ReadFile(filepath.Join("..", "migrate", "testdata", "svc.Jenkinsfile"))
	if err != nil {
		t.Fatal(err)
	}
	f.AddRepo("acme/app", githubtest.RepoOptions{Files: map[string]string{"README.md": "app"}})
	f.AddRepo("acme/svc", githubtest.RepoOptions{Files: map[string]string{"ci/Jenkinsfile": string(jf)}})
	f.AddRepo("acme/lib", githubtest.RepoOptions{Files: map[string]string{"README.md": "lib"}})
	return f
}

// runMain runs the command line with GITHUB_TOKEN set to token and checks
// that the token shows nowhere in the output.
func runMain(t *testing.T, token string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	t.Setenv("GITHUB_TOKEN", token)
	t.Setenv("GH_TOKEN", "")
	s, out, errOut := streams()
	code = Main(args, s)
	if token != "" && (strings.Contains(out.String(), token) || strings.Contains(errOut.String(), token)) {
		t.Errorf("%v: the token was printed", args)
	}
	return code, out.String(), errOut.String()
}

func TestMigrateJenkinsHomeCommand(t *testing.T) {
	f := migrateFake(t)
	home, repoMap := migrateHome(t, "127.0.0.1")
	state := filepath.Join(t.TempDir(), "state.json")
	args := []string{"migrate", "--jenkins-home", home, "--github-url", f.BaseURL(), "--repo-map", repoMap, "--state", state}

	code, out, errOut := runMain(t, migrateToken, append(args, "--dry-run")...)
	if code != ExitOK || f.Writes() != 0 {
		t.Fatalf("dry run: exit %d, %d writes\n%s\n%s", code, f.Writes(), out, errOut)
	}
	for _, want := range []string{`acme/svc: "Migrate Jenkins jobs to GitHub Actions"`, ".github/workflows/team-c-build.yml (team-c/build)", "planned  acme/app", "skipped  job legacy"} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run output lacks %q:\n%s", want, out)
		}
	}

	code, out, errOut = runMain(t, migrateToken, args...)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, repo := range []string{"acme/app", "acme/lib", "acme/svc"} {
		if pulls := f.Pulls(repo); len(pulls) != 1 || pulls[0].State != "open" {
			t.Errorf("%s: pull requests %+v", repo, pulls)
		}
		if !strings.Contains(out, "open     "+repo+" http") {
			t.Errorf("output lacks %s open:\n%s", repo, out)
		}
	}
	if !strings.Contains(errOut, "3 repositories: 3 open; 1 job with no repository") {
		t.Errorf("stderr:\n%s", errOut)
	}

	writes := f.Writes()
	if code, out, errOut = runMain(t, migrateToken, args...); code != ExitOK || f.Writes() != writes {
		t.Errorf("second run: exit %d, %d writes\n%s\n%s", code, f.Writes()-writes, out, errOut)
	}

	sum := filepath.Join(t.TempDir(), "summary.md")
	if code, _, errOut := runMain(t, "", "migrate", "--merge-state", state, "--out", sum); code != ExitOK {
		t.Errorf("merge-state: exit %d: %s", code, errOut)
	}
	if b, _ := os.ReadFile(sum); !strings.Contains(string(b), "| open | 3 |") {
		t.Errorf("summary:\n%s", b)
	}
}

func TestMigrateWrongToken(t *testing.T) {
	f := migrateFake(t)
	home, repoMap := migrateHome(t, "127.0.0.1")
	code, out, errOut := runMain(t, "wrong-token", "migrate", "--jenkins-home", home, "--github-url", f.BaseURL(), "--repo-map", repoMap)
	if code != ExitFailure || f.Writes() != 0 {
		t.Errorf("exit %d with %d writes, want 3 and none\n%s\n%s", code, f.Writes(), out, errOut)
	}
	if !strings.Contains(errOut, "GitHub rejected the token (401 Bad credentials): set GITHUB_TOKEN to a valid token") {
		t.Errorf("stderr:\n%s", errOut)
	}
}

func TestMigrateNoToken(t *testing.T) {
	code, _, errOut := runMain(t, "", "migrate", "--repo", "acme/app", writeRepo(t, simpleJenkinsfile))
	if code != ExitUsage || !strings.Contains(errOut, "set GITHUB_TOKEN") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

func TestMigrateOneRepository(t *testing.T) {
	f := migrateFake(t)
	f.AddRepo("acme/old", githubtest.RepoOptions{Archived: true, Files: map[string]string{"README.md": "x"}})
	dir := writeRepo(t, simpleJenkinsfile)
	code, out, errOut := runMain(t, migrateToken, "migrate", dir, "--repo", "acme/app", "--github-url", f.BaseURL(), "--label", "ci")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	files, _ := f.BranchFiles("acme/app", defaultBranch)
	if _, ok := files[".github/workflows/shop.yml"]; !ok {
		t.Errorf("branch files %v", files)
	}
	pulls := f.Pulls("acme/app")
	if len(pulls) != 1 || !slices.Equal(pulls[0].Labels, []string{"ci"}) || !strings.Contains(pulls[0].Body, "`Jenkinsfile:7:17`") {
		t.Errorf("pull requests %+v", pulls)
	}

	code, out, _ = runMain(t, migrateToken, "migrate", dir, "--repo", "acme/old", "--github-url", f.BaseURL())
	if code != ExitProblems || !strings.Contains(out, "failed   acme/old archived") {
		t.Errorf("archived: exit %d\n%s", code, out)
	}
}

// TestAuditReadsJenkinsfilesFromGitHub checks that audit --github-url
// converts the Jenkinsfile a job takes from its repository.
func TestAuditReadsJenkinsfilesFromGitHub(t *testing.T) {
	f := migrateFake(t)
	home, _ := migrateHome(t, "127.0.0.1")
	out := filepath.Join(t.TempDir(), "audit")
	code, _, errOut := runMain(t, migrateToken, "audit", "--jenkins-home", home, "--out", out, "--github-url", f.BaseURL())
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	wf, err := os.ReadFile(filepath.Join(out, "jobs", "team-b", "jobs", "svc", "svc.yml"))
	if err != nil || !strings.Contains(string(wf), "./gradlew build") {
		t.Errorf("the Jenkinsfile of acme/svc was not converted: %v\n%s", err, wf)
	}
	if f.Writes() != 0 {
		t.Errorf("the audit wrote to GitHub")
	}
	if code, _, errOut := runMain(t, "wrong", "audit", "--jenkins-home", home, "--out", out, "--github-url", f.BaseURL()); code != ExitFailure || !strings.Contains(errOut, "GitHub rejected the token") {
		t.Errorf("a wrong token: exit %d: %s", code, errOut)
	}
}

func TestMigrateProgressOnATerminal(t *testing.T) {
	s, _, errOut := streams()
	s.ErrTerminal = true
	p := newMigrateProgress(s)
	p.start(3)
	p.done(migrate.Result{Repo: "acme/a", Outcome: migrate.Open})
	p.wait(42*time.Second, "secondary rate limit")
	p.wait(time.Second, "server error 502")
	p.done(migrate.Result{Repo: "acme/b", Outcome: migrate.Failed})
	p.finish()
	for _, want := range []string{"\r\x1b[K", "1 done, 0 failed or skipped, 2 remaining; waiting 42s (secondary rate limit)", "2 of 3 repositories: 1 done, 1 failed or skipped, 1 remaining\n"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("progress lacks %q:\n%q", want, errOut)
		}
	}
	if strings.Contains(errOut.String(), "server error") {
		t.Errorf("a server error retry was shown: %q", errOut)
	}
}
