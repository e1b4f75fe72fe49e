package github_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jenkins2actions/jenkins2actions/github"
	"github.com/jenkins2actions/jenkins2actions/github/githubtest"
)

func fakeClient(t *testing.T, f *githubtest.Fake, token string, clock *githubtest.Clock) *github.Client {
	t.Helper()
	c, err := github.New(github.Options{BaseURL: f.BaseURL(), Token: token, Sleep: clock.Sleep, Now: clock.Now, Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func isPost(suffix string) func(*http.Request) bool {
	return func(r *http.Request) bool {
		return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, suffix)
	}
}

// TestWritesRetried checks that writes lost on the way, or answered with a
// failure after GitHub made them, end in one branch and one pull request.
func TestWritesRetried(t *testing.T) {
	faults := map[string]githubtest.Fault{
		"blob dropped":                 {Match: isPost("/git/blobs"), Drop: true, Times: 1},
		"tree 502":                     {Match: isPost("/git/trees"), Status: http.StatusBadGateway, Times: 2},
		"commit slow":                  {Match: isPost("/git/commits"), Delay: time.Second, Times: 1},
		"ref made, answer lost":        {Match: isPost("/git/refs"), Drop: true, AfterApply: true, Times: 1},
		"pull made, 500":               {Match: isPost("/pulls"), Status: http.StatusInternalServerError, AfterApply: true, Times: 1},
		"secondary 403 on pull":        {Match: isPost("/pulls"), Secondary: true, RetryAfter: 5, Times: 1},
		"429 on ref":                   {Match: isPost("/git/refs"), Status: http.StatusTooManyRequests, RetryAfter: 3, Times: 1},
		"primary rate limit on commit": {Match: isPost("/git/commits"), Primary: true, RetryAfter: 30, Times: 1},
	}
	for name, flt := range faults {
		t.Run(name, func(t *testing.T) {
			f := githubtest.NewFake(t, "tok")
			clock := githubtest.NewClock()
			f.Now = clock.Now
			f.AddRepo("o/r", githubtest.RepoOptions{Files: map[string]string{"README.md": "x"}})
			f.Inject(flt)
			c := fakeClient(t, f, "tok", clock)
			ctx := context.Background()
			base, ok, err := c.BranchHead(ctx, "o", "r", "main")
			if err != nil || !ok {
				t.Fatalf("BranchHead = %v, %v", ok, err)
			}
			files := map[string][]byte{".github/workflows/ci.yml": []byte("on: push\n")}
			sha, err := c.Commit(ctx, "o", "r", base, "add ci", files)
			if err != nil {
				t.Fatal(err)
			}
			if err := c.SetBranch(ctx, "o", "r", "mig", sha, false); err != nil {
				t.Fatal(err)
			}
			p, err := c.CreatePull(ctx, "o", "r", "mig", "main", "title", "body")
			if err != nil {
				t.Fatal(err)
			}
			if pulls := f.Pulls("o/r"); len(pulls) != 1 || p.Number != pulls[0].Number {
				t.Errorf("pull requests %+v, created %+v", pulls, p)
			}
			got, _ := f.BranchFiles("o/r", "mig")
			if got[".github/workflows/ci.yml"] != "on: push\n" {
				t.Errorf("branch files %v", got)
			}
			head, _, _ := c.BranchHead(ctx, "o", "r", "mig")
			have, err := c.DirFiles(ctx, "o", "r", head.Tree, ".github/workflows")
			if err != nil || have["ci.yml"] != github.BlobSHA(files[".github/workflows/ci.yml"]) {
				t.Errorf("DirFiles = %v, %v; want the blob name computed locally", have, err)
			}
		})
	}
}

func TestRefusalReasons(t *testing.T) {
	tests := []struct {
		repo githubtest.RepoOptions
		want github.Reason
	}{
		{githubtest.RepoOptions{Archived: true}, github.Archived},
		{githubtest.RepoOptions{Permission: "read"}, github.NoPermission},
		{githubtest.RepoOptions{ProtectedBranches: []string{"mig"}}, github.ProtectedBranch},
	}
	for _, tt := range tests {
		f := githubtest.NewFake(t, "tok")
		tt.repo.Files = map[string]string{"README.md": "x"}
		f.AddRepo("o/r", tt.repo)
		c := fakeClient(t, f, "tok", githubtest.NewClock())
		ctx := context.Background()
		base, _, _ := c.BranchHead(ctx, "o", "r", "main")
		err := c.SetBranch(ctx, "o", "r", "mig", base.Commit, false)
		if got := github.ReasonOf(err); got != tt.want {
			t.Errorf("%+v: reason %q of %v, want %q", tt.repo, got, err, tt.want)
		}
		var e *github.Error
		if errors.As(err, &e) && (e.Reason.Hint() == "" || strings.Contains(e.Describe(), "*github")) {
			t.Errorf("Describe() = %q", e.Describe())
		}
	}
}

func TestBadCredentials(t *testing.T) {
	f := githubtest.NewFake(t, "tok")
	f.AddRepo("o/r", githubtest.RepoOptions{})
	_, err := fakeClient(t, f, "wrong", githubtest.NewClock()).Repository(context.Background(), "o", "r")
	if github.ReasonOf(err) != github.BadCredentials || !strings.Contains(err.Error(), "401") {
		t.Errorf("error %v, want bad credentials", err)
	}
}

func TestBlobSHA(t *testing.T) {
	// git hash-object of "hello\n".
	if got := github.BlobSHA([]byte("hello\n")); got != "ce013625030ba8dba906f756967f9e9ca394464a" {
		t.Errorf("BlobSHA = %s", got)
	}
}

func TestEnsureVariableAndEnvironment(t *testing.T) {
	f := githubtest.NewFake(t, "tok")
	f.AddRepo("o/r", githubtest.RepoOptions{Users: []string{"alice"}})
	c := fakeClient(t, f, "tok", githubtest.NewClock())
	ctx := context.Background()
	for i, want := range []bool{true, false} {
		wrote, err := c.EnsureVariable(ctx, "o", "r", "RUNS_ON", `["x"]`)
		if err != nil || wrote != want {
			t.Errorf("EnsureVariable #%d = %v, %v, want %v", i, wrote, err, want)
		}
		id, ok, err := c.UserID(ctx, "alice")
		if err != nil || !ok {
			t.Fatalf("UserID = %v, %v", ok, err)
		}
		wrote, err = c.EnsureEnvironment(ctx, "o", "r", "prod", []github.Reviewer{{Type: "User", ID: id}})
		if err != nil || wrote != want {
			t.Errorf("EnsureEnvironment #%d = %v, %v, want %v", i, wrote, err, want)
		}
	}
	if _, ok, err := c.UserID(ctx, "nobody"); ok || err != nil {
		t.Errorf("UserID(nobody) = %v, %v", ok, err)
	}
	if v := f.Variables("o/r"); v["RUNS_ON"] != `["x"]` {
		t.Errorf("variables %v", v)
	}
}
