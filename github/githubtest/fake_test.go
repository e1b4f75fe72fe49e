package githubtest

import (
	"context"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	gh "github.com/google/go-github/v60/github"
	"github.com/jenkins2actions/jenkins2actions/internal/testenv"
)

const fakeToken = "ghp_fake"

func newFakeClient(t *testing.T, f *Fake, token string) *gh.Client {
	t.Helper()
	c, err := gh.NewClient(nil).WithAuthToken(token).WithEnterpriseURLs(f.BaseURL(), f.BaseURL())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// gitBlobSHA is git hash-object's SHA, computed apart from the fake.
func gitBlobSHA(content string) string {
	sum := sha1.Sum([]byte(fmt.Sprintf("blob %d\x00%s", len(content), content)))
	return hex.EncodeToString(sum[:])
}

// statusOf is the HTTP status of a go-github error, 0 when there is none.
func statusOf(err error) int {
	var er *gh.ErrorResponse
	if errors.As(err, &er) {
		return er.Response.StatusCode
	}
	return 0
}

// messageOf is the message of a go-github error.
func messageOf(err error) string {
	var er *gh.ErrorResponse
	if errors.As(err, &er) {
		return er.Message
	}
	return ""
}

// commitFiles makes a commit of files on top of branch through the Git
// Data API and points newBranch at it, as the migrate command does.
func commitFiles(ctx context.Context, c *gh.Client, owner, repo, branch, newBranch string, files map[string]string) (string, error) {
	ref, _, err := c.Git.GetRef(ctx, owner, repo, "heads/"+branch)
	if err != nil {
		return "", err
	}
	base, _, err := c.Git.GetCommit(ctx, owner, repo, ref.GetObject().GetSHA())
	if err != nil {
		return "", err
	}
	var entries []*gh.TreeEntry
	for _, p := range slices.Sorted(func(yield func(string) bool) {
		for p := range files {
			if !yield(p) {
				return
			}
		}
	}) {
		blob, _, err := c.Git.CreateBlob(ctx, owner, repo, &gh.Blob{
			Content: gh.String(base64.StdEncoding.EncodeToString([]byte(files[p]))), Encoding: gh.String("base64"),
		})
		if err != nil {
			return "", err
		}
		entries = append(entries, &gh.TreeEntry{Path: gh.String(p), Mode: gh.String("100644"), Type: gh.String("blob"), SHA: blob.SHA})
	}
	tree, _, err := c.Git.CreateTree(ctx, owner, repo, base.GetTree().GetSHA(), entries)
	if err != nil {
		return "", err
	}
	commit, _, err := c.Git.CreateCommit(ctx, owner, repo, &gh.Commit{
		Message: gh.String("Migrate to GitHub Actions"), Tree: tree, Parents: []*gh.Commit{{SHA: base.SHA}},
	}, nil)
	if err != nil {
		return "", err
	}
	_, _, err = c.Git.CreateRef(ctx, owner, repo, &gh.Reference{Ref: gh.String("refs/heads/" + newBranch), Object: &gh.GitObject{SHA: commit.SHA}})
	return commit.GetSHA(), err
}

func TestFakeBranchCommitAndPull(t *testing.T) {
	ctx := context.Background()
	f := NewFake(t, fakeToken)
	f.AddRepo("acme/app", RepoOptions{Files: map[string]string{"Jenkinsfile": "pipeline {}\n", "src/main.go": "package main\n"}})
	c := newFakeClient(t, f, fakeToken)

	files := map[string]string{".github/workflows/ci.yml": "on: push\n", "MIGRATION.md": "# Report\n"}
	sha, err := commitFiles(ctx, c, "acme", "app", "main", "j2a/migrate", files)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := f.BranchFiles("acme/app", "j2a/migrate")
	want := map[string]string{
		"Jenkinsfile": "pipeline {}\n", "src/main.go": "package main\n",
		".github/workflows/ci.yml": "on: push\n", "MIGRATION.md": "# Report\n",
	}
	if !ok || !reflect.DeepEqual(got, want) {
		t.Errorf("branch files = %v, %v; want %v", got, ok, want)
	}
	if b := f.Branches("acme/app"); !slices.Equal(b, []string{"j2a/migrate", "main"}) {
		t.Errorf("branches = %v", b)
	}

	pr, _, err := c.PullRequests.Create(ctx, "acme", "app", &gh.NewPullRequest{
		Title: gh.String("Migrate"), Head: gh.String("acme:j2a/migrate"), Base: gh.String("main"), Body: gh.String("- [ ] check"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if pr.GetNumber() != 1 || pr.GetHead().GetSHA() != sha || pr.GetHead().GetRef() != "j2a/migrate" ||
		pr.GetBase().GetRef() != "main" || pr.GetHTMLURL() != f.URL+"/acme/app/pull/1" || pr.GetState() != "open" {
		t.Errorf("pull request = %v", pr)
	}
	labels, _, err := c.Issues.AddLabelsToIssue(ctx, "acme", "app", 1, []string{"migration", "ci"})
	if err != nil || len(labels) != 2 || labels[0].GetName() != "migration" {
		t.Errorf("labels = %v, %v", labels, err)
	}
	wantPull := FakePull{Number: 1, Title: "Migrate", Body: "- [ ] check", Head: "j2a/migrate", Base: "main", State: "open", Labels: []string{"migration", "ci"}}
	if p := f.Pulls("acme/app"); len(p) != 1 || !reflect.DeepEqual(p[0], wantPull) {
		t.Errorf("pulls = %+v", p)
	}

	file, _, _, err := c.Repositories.GetContents(ctx, "acme", "app", ".github/workflows/ci.yml", &gh.RepositoryContentGetOptions{Ref: "j2a/migrate"})
	if err != nil {
		t.Fatal(err)
	}
	if content, _ := file.GetContent(); content != "on: push\n" || file.GetSHA() != gitBlobSHA("on: push\n") {
		t.Errorf("contents = %q %s", content, file.GetSHA())
	}
	if _, _, _, err := c.Repositories.GetContents(ctx, "acme", "app", ".github/workflows/ci.yml", nil); statusOf(err) != 404 {
		t.Errorf("contents on main: %v, want 404", err)
	}
	_, dir, _, err := c.Repositories.GetContents(ctx, "acme", "app", "src", nil)
	if err != nil || len(dir) != 1 || dir[0].GetPath() != "src/main.go" || dir[0].GetType() != "file" {
		t.Errorf("directory = %v, %v", dir, err)
	}
	tree, _, err := c.Git.GetTree(ctx, "acme", "app", sha, true)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, e := range tree.Entries {
		paths = append(paths, e.GetType()+" "+e.GetPath())
	}
	wantPaths := []string{"tree .github", "tree .github/workflows", "blob .github/workflows/ci.yml", "blob Jenkinsfile", "blob MIGRATION.md", "tree src", "blob src/main.go"}
	if !slices.Equal(paths, wantPaths) {
		t.Errorf("recursive tree = %q\nwant %q", paths, wantPaths)
	}
	branch, _, err := c.Repositories.GetBranch(ctx, "acme", "app", "j2a/migrate", 0)
	if err != nil || branch.GetCommit().GetSHA() != sha || branch.GetProtected() {
		t.Errorf("branch = %v, %v", branch, err)
	}
}

// TestFakeGitSHAs checks the fake's object SHAs against git's: blobs
// against SHA-1 computed here, trees against git itself when installed.
func TestFakeGitSHAs(t *testing.T) {
	ctx := context.Background()
	f := NewFake(t, fakeToken)
	files := map[string]string{"a.txt": "hello\n", "dir/b.txt": "", "dir/sub/c.txt": "ü\x00binary", "dir.txt": "x"}
	f.AddRepo("acme/app", RepoOptions{Files: files})
	c := newFakeClient(t, f, fakeToken)
	for _, content := range []string{"", "hello\n", "ü\x00binary", strings.Repeat("line\n", 1000)} {
		for _, enc := range []string{"utf-8", "base64"} {
			body := content
			if enc == "base64" {
				body = base64.StdEncoding.EncodeToString([]byte(content))
			} else if strings.ContainsRune(content, 0) {
				continue
			}
			blob, _, err := c.Git.CreateBlob(ctx, "acme", "app", &gh.Blob{Content: gh.String(body), Encoding: gh.String(enc)})
			if err != nil {
				t.Fatal(err)
			}
			if want := gitBlobSHA(content); blob.GetSHA() != want {
				t.Errorf("blob %q (%s) sha = %s, want %s", content, enc, blob.GetSHA(), want)
			}
			raw, _, err := c.Git.GetBlobRaw(ctx, "acme", "app", blob.GetSHA())
			if err != nil || string(raw) != content {
				t.Errorf("raw blob = %q, %v", raw, err)
			}
		}
	}

	testenv.Tools(t, "git")
	git := "git"
	dir := t.TempDir()
	for p, content := range files {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, p), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("sh", "-c", git+" init -q && "+git+" add -A && "+git+" write-tree")
	cmd.Dir = dir // never the package directory, which is inside the project's repository
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git: %v\n%s", err, out)
	}
	ref, _, err := c.Git.GetRef(ctx, "acme", "app", "heads/main")
	if err != nil {
		t.Fatal(err)
	}
	commit, _, err := c.Git.GetCommit(ctx, "acme", "app", ref.GetObject().GetSHA())
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.TrimSpace(string(out)); commit.GetTree().GetSHA() != want {
		t.Errorf("tree sha = %s, git write-tree says %s", commit.GetTree().GetSHA(), want)
	}
}

func TestFakePullRefusals(t *testing.T) {
	ctx := context.Background()
	f := NewFake(t, fakeToken)
	f.AddRepo("acme/app", RepoOptions{})
	f.Push("acme/app", "feature", map[string]string{"x": "1"})
	c := newFakeClient(t, f, fakeToken)
	main, _, err := c.Git.GetRef(ctx, "acme", "app", "heads/main")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Git.CreateRef(ctx, "acme", "app", &gh.Reference{Ref: gh.String("refs/heads/same"), Object: main.Object}); err != nil {
		t.Fatal(err)
	}
	newPull := func(head string) *gh.NewPullRequest {
		return &gh.NewPullRequest{Title: gh.String("t"), Head: gh.String(head), Base: gh.String("main")}
	}
	if _, _, err := c.PullRequests.Create(ctx, "acme", "app", newPull("acme:feature")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		head, want string
	}{
		{"acme:feature", "A pull request already exists for acme:feature."},
		{"feature", "A pull request already exists for acme:feature."},
		{"acme:same", "No commits between main and same"},
	} {
		_, _, err := c.PullRequests.Create(ctx, "acme", "app", newPull(tc.head))
		var er *gh.ErrorResponse
		if !errors.As(err, &er) || er.Response.StatusCode != 422 || er.Message != "Validation Failed" ||
			len(er.Errors) != 1 || er.Errors[0].Message != tc.want || er.Errors[0].Code != "custom" {
			t.Errorf("head %s: %v, want 422 %q", tc.head, err, tc.want)
		}
	}
	if _, _, err := c.PullRequests.Create(ctx, "acme", "app", newPull("acme:missing")); statusOf(err) != 422 {
		t.Errorf("missing head: %v", err)
	}
	pr, _, err := c.PullRequests.Edit(ctx, "acme", "app", 1, &gh.PullRequest{State: gh.String("closed"), Title: gh.String("t2")})
	if err != nil || pr.GetState() != "closed" || pr.GetTitle() != "t2" {
		t.Errorf("edit = %v, %v", pr, err)
	}
	if _, _, err := c.PullRequests.Create(ctx, "acme", "app", newPull("acme:feature")); err != nil {
		t.Errorf("a closed pull request should not block a new one: %v", err)
	}
}

func TestFakePagination(t *testing.T) {
	ctx := context.Background()
	f := NewFake(t, fakeToken)
	f.AddRepo("acme/app", RepoOptions{})
	c := newFakeClient(t, f, fakeToken)
	for i := range 5 {
		b := fmt.Sprintf("b%d", i)
		f.Push("acme/app", b, map[string]string{b: b})
		if _, _, err := c.PullRequests.Create(ctx, "acme", "app", &gh.NewPullRequest{Title: gh.String(b), Head: gh.String(b), Base: gh.String("main")}); err != nil {
			t.Fatal(err)
		}
	}
	opts := &gh.PullRequestListOptions{State: "all", ListOptions: gh.ListOptions{PerPage: 2}}
	var titles []string
	var pages int
	for {
		prs, resp, err := c.PullRequests.List(ctx, "acme", "app", opts)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if pages == 1 && (resp.LastPage != 3 || resp.NextPage != 2 || !strings.Contains(resp.Header.Get("Link"), `rel="next"`)) {
			t.Errorf("first page: last %d next %d link %q", resp.LastPage, resp.NextPage, resp.Header.Get("Link"))
		}
		for _, p := range prs {
			titles = append(titles, p.GetTitle())
		}
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	if want := []string{"b4", "b3", "b2", "b1", "b0"}; pages != 3 || !slices.Equal(titles, want) {
		t.Errorf("%d pages of %v, want 3 of %v", pages, titles, want)
	}
	prs, _, err := c.PullRequests.List(ctx, "acme", "app", &gh.PullRequestListOptions{Head: "acme:b2"})
	if err != nil || len(prs) != 1 || prs[0].GetTitle() != "b2" {
		t.Errorf("by head = %v, %v", prs, err)
	}
	prs, _, err = c.PullRequests.List(ctx, "acme", "app", &gh.PullRequestListOptions{Head: "other:b2"})
	if err != nil || len(prs) != 0 {
		t.Errorf("by another owner's head = %v, %v", prs, err)
	}
}

func TestFakeEnvironmentsAndVariables(t *testing.T) {
	ctx := context.Background()
	f := NewFake(t, fakeToken)
	f.AddRepo("acme/app", RepoOptions{Users: []string{"alice"}, Teams: []string{"ops"}})
	c := newFakeClient(t, f, fakeToken)
	user, _, err := c.Users.Get(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	team, _, err := c.Teams.GetTeamBySlug(ctx, "acme", "ops")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Users.Get(ctx, "mallory"); statusOf(err) != 404 {
		t.Errorf("unknown user: %v", err)
	}
	env, _, err := c.Repositories.CreateUpdateEnvironment(ctx, "acme", "app", "production", &gh.CreateUpdateEnvironment{
		Reviewers: []*gh.EnvReviewers{{Type: gh.String("User"), ID: user.ID}, {Type: gh.String("Team"), ID: team.ID}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(env.ProtectionRules) != 1 || len(env.ProtectionRules[0].Reviewers) != 2 {
		t.Errorf("environment = %v", env)
	} else if u, ok := env.ProtectionRules[0].Reviewers[0].Reviewer.(*gh.User); !ok || u.GetLogin() != "alice" {
		t.Errorf("first reviewer = %#v", env.ProtectionRules[0].Reviewers[0].Reviewer)
	}
	if got := f.Environments("acme/app"); !reflect.DeepEqual(got, map[string][]string{"production": {"alice", "ops"}}) {
		t.Errorf("environments = %v", got)
	}
	list, _, err := c.Repositories.ListEnvironments(ctx, "acme", "app", nil)
	if err != nil || list.GetTotalCount() != 1 || list.Environments[0].GetName() != "production" {
		t.Errorf("list = %v, %v", list, err)
	}

	if _, err := c.Actions.CreateRepoVariable(ctx, "acme", "app", &gh.ActionsVariable{Name: "region", Value: "eu"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Actions.CreateRepoVariable(ctx, "acme", "app", &gh.ActionsVariable{Name: "REGION", Value: "us"}); statusOf(err) != 409 {
		t.Errorf("second create: %v, want 409", err)
	}
	if _, err := c.Actions.UpdateRepoVariable(ctx, "acme", "app", &gh.ActionsVariable{Name: "REGION", Value: "us"}); err != nil {
		t.Fatal(err)
	}
	vars, _, err := c.Actions.ListRepoVariables(ctx, "acme", "app", nil)
	if err != nil || vars.TotalCount != 1 || vars.Variables[0].Value != "us" {
		t.Errorf("variables = %v, %v", vars, err)
	}
	if got := f.Variables("acme/app"); !reflect.DeepEqual(got, map[string]string{"REGION": "us"}) {
		t.Errorf("Variables = %v", got)
	}
}

func TestFakeRefusals(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name         string
		opts         RepoOptions
		write        func(c *gh.Client) error
		status       int
		message      string
		branchExists bool
	}{
		{
			name: "archived", opts: RepoOptions{Archived: true},
			write: func(c *gh.Client) error {
				_, _, err := c.Git.CreateBlob(ctx, "acme", "app", &gh.Blob{Content: gh.String("x")})
				return err
			},
			status: 403, message: "Repository was archived so is read-only.",
		},
		{
			name: "read only", opts: RepoOptions{Permission: "read"},
			write: func(c *gh.Client) error {
				_, err := commitFiles(ctx, c, "acme", "app", "main", "new", map[string]string{"a": "b"})
				return err
			},
			status: 403, message: "Resource not accessible by integration",
		},
		{
			name: "environments need admin", opts: RepoOptions{Permission: "write"},
			write: func(c *gh.Client) error {
				_, _, err := c.Repositories.CreateUpdateEnvironment(ctx, "acme", "app", "prod", &gh.CreateUpdateEnvironment{})
				return err
			},
			status: 403, message: "Must have admin rights to Repository.",
		},
		{
			name: "no workflow scope", opts: RepoOptions{NoWorkflowScope: true},
			write: func(c *gh.Client) error {
				_, err := commitFiles(ctx, c, "acme", "app", "main", "new", map[string]string{".github/workflows/ci.yml": "on: push\n"})
				return err
			},
			status: 404, message: "Not Found",
		},
		{
			name: "no workflow scope, other files", opts: RepoOptions{NoWorkflowScope: true, Files: map[string]string{".github/workflows/old.yml": "x"}},
			write: func(c *gh.Client) error {
				_, err := commitFiles(ctx, c, "acme", "app", "main", "new", map[string]string{"README.md": "x"})
				return err
			},
			branchExists: true,
		},
		{
			name: "protected branch", opts: RepoOptions{ProtectedBranches: []string{"main"}},
			write: func(c *gh.Client) error {
				sha, err := commitFiles(ctx, c, "acme", "app", "main", "new", map[string]string{"a": "b"})
				if err != nil {
					return err
				}
				_, _, err = c.Git.UpdateRef(ctx, "acme", "app", &gh.Reference{Ref: gh.String("heads/main"), Object: &gh.GitObject{SHA: &sha}}, false)
				return err
			},
			status: 422, message: "Changes must be made through a pull request.", branchExists: true,
		},
		{
			name: "not a fast forward",
			write: func(c *gh.Client) error {
				sha, err := commitFiles(ctx, c, "acme", "app", "main", "new", map[string]string{"a": "b"})
				if err != nil {
					return err
				}
				if _, err := commitFiles(ctx, c, "acme", "app", "main", "other", map[string]string{"a": "c"}); err != nil {
					return err
				}
				_, _, err = c.Git.UpdateRef(ctx, "acme", "app", &gh.Reference{Ref: gh.String("heads/other"), Object: &gh.GitObject{SHA: &sha}}, false)
				return err
			},
			status: 422, message: "Update is not a fast forward", branchExists: true,
		},
		{
			name: "ref exists",
			write: func(c *gh.Client) error {
				if _, err := commitFiles(ctx, c, "acme", "app", "main", "new", map[string]string{"a": "b"}); err != nil {
					return err
				}
				_, err := commitFiles(ctx, c, "acme", "app", "main", "new", map[string]string{"a": "c"})
				return err
			},
			status: 422, message: "Reference already exists", branchExists: true,
		},
		{
			name:   "bad token", // write is nil: a wrong token reads nothing either
			status: 401, message: "Bad credentials",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := NewFake(t, fakeToken)
			f.AddRepo("acme/app", tc.opts)
			c := newFakeClient(t, f, fakeToken)
			if tc.write == nil {
				c = newFakeClient(t, f, "ghp_wrong")
				_, _, err := c.Repositories.Get(ctx, "acme", "app")
				if statusOf(err) != tc.status || messageOf(err) != tc.message {
					t.Errorf("got %v, want %d %q", err, tc.status, tc.message)
				}
				return
			}
			err := tc.write(c)
			if statusOf(err) != tc.status || messageOf(err) != tc.message {
				t.Errorf("got %v, want %d %q", err, tc.status, tc.message)
			}
			if _, ok := f.BranchFiles("acme/app", "new"); ok != tc.branchExists {
				t.Errorf("branch new exists: %v, want %v", ok, tc.branchExists)
			}
		})
	}
}
