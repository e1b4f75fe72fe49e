package cmd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jenkins2actions/jenkins2actions/github/githubtest"
	"github.com/jenkins2actions/jenkins2actions/templates"
)

// Commits of the fake repositories, named by what they are.
const (
	shaCheckout701 = "3d3c42e5aac5ba805825da76410c181273ba90b1"
	shaCheckout702 = "1111111111111111111111111111111111111111"
	tagCheckout702 = "2222222222222222222222222222222222222222" // annotated tag object
	shaCheckout800 = "3333333333333333333333333333333333333333"
	shaCodeQL4362  = "8aad20d150bbac5944a9f9d289da16a4b0d87c1e"
	shaCodeQL4370  = "4444444444444444444444444444444444444444"
	shaDownload21  = "b6e2e70617bc3265edd6dab6c906732b2f1ae151"
	shaDownload22  = "5555555555555555555555555555555555555555"
	shaOld         = "6666666666666666666666666666666666666666"
	testToken      = "ghp_secretvalue123"
)

const testLock = "# a hand-written lock\n" +
	"actions/checkout v7.0.1 " + shaCheckout701 + "\n" +
	"github/codeql-action/init v4.36.2 " + shaCodeQL4362 + "\n" +
	"github/codeql-action/analyze v4.36.2 " + shaCodeQL4362 + "\n" +
	"dawidd6/action-download-artifact v21 " + shaDownload21 + "\n"

// checkoutTags are 150 tags, so that listing them takes two pages: a
// newer major, a pre-release, the floating major tag, and old releases.
func checkoutTags() []githubtest.Tag {
	tags := []githubtest.Tag{
		{Name: "v8.0.0", CommitSHA: shaCheckout800},
		{Name: "v8.0.0-beta.1", CommitSHA: shaOld},
		{Name: "v7.1.0-rc.1", CommitSHA: shaOld},
		{Name: "v7", CommitSHA: shaCheckout702},
		{Name: "v7.0.2", CommitSHA: shaCheckout702, TagSHA: tagCheckout702},
		{Name: "v7.0.1", CommitSHA: shaCheckout701},
	}
	for i := len(tags); i < 150; i++ {
		tags = append(tags, githubtest.Tag{Name: fmt.Sprintf("v6.%d.0", 150-i), CommitSHA: shaOld})
	}
	return tags
}

// stubGitHub registers what an update of testLock asks, with the trouble
// GitHub gives: a 502 before the codeql tags, a secondary rate limit
// before a ref, a primary one before the download-artifact tags.
func stubGitHub(srv *githubtest.Server, major bool) {
	page1 := url.Values{"per_page": {"100"}, "page": {"1"}}
	srv.StubTags("actions", "checkout", checkoutTags())
	if major {
		srv.StubResolve("actions", "checkout", githubtest.Tag{Name: "v8.0.0", CommitSHA: shaCheckout800})
	} else {
		srv.Register(http.MethodGet, "repos/actions/checkout/git/ref/tags/v7.0.2", nil, githubtest.SecondaryRateLimit(60))
		srv.StubResolve("actions", "checkout", githubtest.Tag{Name: "v7.0.2", CommitSHA: shaCheckout702, TagSHA: tagCheckout702})
	}
	srv.Register(http.MethodGet, "repos/dawidd6/action-download-artifact/tags", page1, srv.PrimaryRateLimit(90*time.Second))
	srv.StubTags("dawidd6", "action-download-artifact", []githubtest.Tag{
		{Name: "v22", CommitSHA: shaDownload22}, {Name: "v21", CommitSHA: shaDownload21},
	})
	// Every vN release of this action is a major of its own.
	if major {
		srv.StubResolve("dawidd6", "action-download-artifact", githubtest.Tag{Name: "v22", CommitSHA: shaDownload22})
	} else {
		srv.StubResolve("dawidd6", "action-download-artifact", githubtest.Tag{Name: "v21", CommitSHA: shaDownload21})
	}
	// Two actions live in github/codeql-action: one list, one resolve.
	srv.Register(http.MethodGet, "repos/github/codeql-action/tags", page1, githubtest.BadGateway())
	srv.StubTags("github", "codeql-action", []githubtest.Tag{
		{Name: "v4.37.0", CommitSHA: shaCodeQL4370}, {Name: "v4.36.2", CommitSHA: shaCodeQL4362}, {Name: "v3.29.0", CommitSHA: shaOld},
	})
	srv.StubResolve("github", "codeql-action", githubtest.Tag{Name: "v4.37.0", CommitSHA: shaCodeQL4370})
}

func pinsOptions(t *testing.T, srv *githubtest.Server, clock *githubtest.Clock, lock string) (*PinsUpdateOptions, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "actions.lock")
	if err := os.WriteFile(file, []byte(lock), 0o644); err != nil {
		t.Fatal(err)
	}
	s, out, errOut := streams()
	srv.Now = clock.Now
	return &PinsUpdateOptions{
		IO: s, LockFile: file, GitHubURL: srv.BaseURL(), Token: testToken,
		Sleep: clock.Sleep, Now: clock.Now,
	}, out, errOut
}

// wantLock is the lock FormatLock writes for rows of "action version sha".
func wantLock(t *testing.T, rows ...string) string {
	t.Helper()
	tsv := "action\tversion\tsha\n" + strings.ReplaceAll(strings.Join(rows, "\n"), " ", "\t") + "\n"
	b, err := templates.FormatLock(strings.NewReader(tsv))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestPinsUpdate(t *testing.T) {
	tests := []struct {
		name     string
		major    bool
		dryRun   bool
		wantLock []string // rows; nil means the file is unchanged
		wantOut  string
		wantErr  []string // lines standard error must have
		wait     []time.Duration
	}{
		{
			name: "newest release of the current major",
			wantLock: []string{
				"actions/checkout v7.0.2 " + shaCheckout702,
				"dawidd6/action-download-artifact v21 " + shaDownload21,
				"github/codeql-action/analyze v4.37.0 " + shaCodeQL4370,
				"github/codeql-action/init v4.37.0 " + shaCodeQL4370,
			},
			wantErr: []string{
				"actions/checkout: v8.0.0 is a newer major; kept v7 (--major moves to it)",
				"dawidd6/action-download-artifact: v22 is a newer major; kept v21 (--major moves to it)",
				"actions/checkout v7.0.1 -> v7.0.2",
				"waiting 1m0s (secondary rate limit)",
				"waiting 1m31s (rate limit)",
				"waiting 1s (server error 502)",
				"updated 3 of 4 pins in ",
			},
			wait: []time.Duration{60 * time.Second, 91 * time.Second, time.Second},
		},
		{
			name:  "major",
			major: true,
			wantLock: []string{
				"actions/checkout v8.0.0 " + shaCheckout800,
				"dawidd6/action-download-artifact v22 " + shaDownload22,
				"github/codeql-action/analyze v4.37.0 " + shaCodeQL4370,
				"github/codeql-action/init v4.37.0 " + shaCodeQL4370,
			},
			wantErr: []string{"actions/checkout v7.0.1 -> v8.0.0", "dawidd6/action-download-artifact v21 -> v22"},
			wait:    []time.Duration{91 * time.Second, time.Second},
		},
		{
			name:   "dry run",
			dryRun: true,
			wantOut: "actions/checkout v7.0.1 -> v7.0.2\n" +
				"github/codeql-action/analyze v4.36.2 -> v4.37.0\n" +
				"github/codeql-action/init v4.36.2 -> v4.37.0\n",
			wantErr: []string{"3 of 4 pins would change (dry run: "},
			wait:    []time.Duration{60 * time.Second, 91 * time.Second, time.Second},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := githubtest.NewServer(t)
			stubGitHub(srv, tt.major)
			clock := githubtest.NewClock()
			opts, out, errOut := pinsOptions(t, srv, clock, testLock)
			opts.Major, opts.DryRun = tt.major, tt.dryRun
			if err := runPinsUpdate(context.Background(), opts); err != nil {
				t.Fatalf("%v\nstderr:\n%s", err, errOut)
			}
			got, err := os.ReadFile(opts.LockFile)
			if err != nil {
				t.Fatal(err)
			}
			want := testLock
			if tt.wantLock != nil {
				want = wantLock(t, tt.wantLock...)
			}
			if string(got) != want {
				t.Errorf("lock:\n%s\nwant:\n%s", got, want)
			}
			if out.String() != tt.wantOut {
				t.Errorf("stdout:\n%s\nwant:\n%s", out, tt.wantOut)
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(errOut.String(), w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
			if strings.Contains(out.String()+errOut.String(), testToken) {
				t.Errorf("the token was printed")
			}
			for _, a := range srv.Auth {
				if a != "Bearer "+testToken {
					t.Errorf("Authorization = %q, want the token", a)
				}
			}
			if !githubtest.Jittered(clock.Waits, tt.wait) {
				t.Errorf("waits = %v, want %v", clock.Waits, tt.wait)
			}
		})
	}
}

func TestPinsUpdateFailures(t *testing.T) {
	const lock = "actions/checkout v7.0.1 " + shaCheckout701 + "\nnope/missing v1.0.0 " + shaOld + "\n"
	tests := []struct {
		name    string
		stub    func(srv *githubtest.Server)
		wantErr string
		problem bool // errProblems: done, with something for a person
		want    string
	}{
		{
			name: "unknown repository",
			stub: func(srv *githubtest.Server) {
				srv.StubTags("actions", "checkout", []githubtest.Tag{{Name: "v7.0.1", CommitSHA: shaCheckout701}})
				srv.StubResolve("actions", "checkout", githubtest.Tag{Name: "v7.0.1", CommitSHA: shaCheckout701})
				srv.Register(http.MethodGet, "repos/nope/missing/tags", url.Values{"per_page": {"100"}, "page": {"1"}},
					githubtest.NotFound("https://docs.github.com/rest/repos/repos#list-repository-tags"))
			},
			wantErr: `lock file not changed: action "nope/missing": list tags of nope/missing: not found (or not visible to the token)`,
			want:    lock,
		},
		{
			name: "moved tag keeps the reviewed commit",
			stub: func(srv *githubtest.Server) {
				srv.StubTags("actions", "checkout", []githubtest.Tag{{Name: "v7.0.1", CommitSHA: shaCheckout702}})
				srv.StubResolve("actions", "checkout", githubtest.Tag{Name: "v7.0.1", CommitSHA: shaCheckout702})
				srv.StubTags("nope", "missing", []githubtest.Tag{{Name: "v1.1.0", CommitSHA: shaDownload22}})
				srv.StubResolve("nope", "missing", githubtest.Tag{Name: "v1.1.0", CommitSHA: shaDownload22})
			},
			problem: true,
			want:    wantLock(t, "actions/checkout v7.0.1 "+shaCheckout701, "nope/missing v1.1.0 "+shaDownload22),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := githubtest.NewServer(t)
			tt.stub(srv)
			opts, _, errOut := pinsOptions(t, srv, githubtest.NewClock(), lock)
			err := runPinsUpdate(context.Background(), opts)
			switch {
			case tt.problem:
				if !errors.Is(err, errProblems) || !strings.Contains(errOut.String(), `tag "v7.0.1" now points to `+shaCheckout702) {
					t.Errorf("error = %v, stderr:\n%s", err, errOut)
				}
			case err == nil || err.Error() != tt.wantErr:
				t.Errorf("error = %v, want %q", err, tt.wantErr)
			}
			if got, _ := os.ReadFile(opts.LockFile); string(got) != tt.want {
				t.Errorf("lock:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestPinsUpdateFlags(t *testing.T) {
	t.Setenv("GITHUB_TOKEN", testToken)
	tests := []struct {
		args    []string
		want    PinsUpdateOptions
		wantErr string
	}{
		{args: []string{"update"}, want: PinsUpdateOptions{LockFile: "templates/actions.lock", Token: testToken}},
		{
			args: []string{"update", "--lock", "x.lock", "--github-url", "https://ghe.example.com", "--dry-run", "--major"},
			want: PinsUpdateOptions{LockFile: "x.lock", GitHubURL: "https://ghe.example.com", DryRun: true, Major: true, Token: testToken},
		},
		{args: []string{"update", "extra"}, wantErr: "unknown command"},
		{args: []string{"update", "--token", "x"}, wantErr: "unknown flag: --token"},
	}
	for _, tt := range tests {
		s, _, _ := streams()
		var got *PinsUpdateOptions
		cmd := NewCmdPins(s, func(o *PinsUpdateOptions) error { got = o; return nil })
		if !parseFlags(t, cmd, tt.args, tt.wantErr) {
			continue
		}
		got.IO = nil
		if fmt.Sprintf("%+v", *got) != fmt.Sprintf("%+v", tt.want) {
			t.Errorf("%v: got %+v, want %+v", tt.args, *got, tt.want)
		}
	}
}

func TestPinsUpdateBadLock(t *testing.T) {
	s, _, _ := streams()
	var ue *usageError
	if err := runPinsUpdate(context.Background(), &PinsUpdateOptions{IO: s, LockFile: filepath.Join(t.TempDir(), "none")}); !errors.As(err, &ue) {
		t.Errorf("missing lock: error %v, want a usage error", err)
	}
	file := filepath.Join(t.TempDir(), "actions.lock")
	if err := os.WriteFile(file, []byte("a/b v1 nothex\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := runPinsUpdate(context.Background(), &PinsUpdateOptions{IO: s, LockFile: file})
	if err == nil || !strings.Contains(err.Error(), `line 1: sha "nothex"`) {
		t.Errorf("bad lock: error %v", err)
	}
}

// Without a network, pins update says so once, not once per action.
func TestPinsUpdateOffline(t *testing.T) {
	const lock = "actions/checkout v7.0.1 " + shaCheckout701 + "\nactions/setup-go v6.0.0 " + shaOld + "\n"
	file := filepath.Join(t.TempDir(), "actions.lock")
	if err := os.WriteFile(file, []byte(lock), 0o644); err != nil {
		t.Fatal(err)
	}
	s, _, errOut := streams()
	offline := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
		return nil, &net.DNSError{Err: "no such host", Name: "api.github.com", IsNotFound: true}
	})}
	opts := &PinsUpdateOptions{IO: s, LockFile: file, Token: testToken, HTTPClient: offline}
	err := runPinsUpdate(context.Background(), opts)
	if err == nil || strings.Count(err.Error(), "no such host") != 1 || !strings.Contains(err.Error(), "cannot reach the GitHub API") {
		t.Errorf("error = %v, want one clear error", err)
	}
	if errOut.Len() > 0 {
		t.Errorf("stderr:\n%s", errOut)
	}
	if got, _ := os.ReadFile(file); string(got) != lock {
		t.Errorf("the lock file changed:\n%s", got)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
