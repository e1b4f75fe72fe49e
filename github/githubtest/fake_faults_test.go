package githubtest

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	gh "github.com/google/go-github/v60/github"
)

// TestFakeFaults observes each fault from the client's side.
func TestFakeFaults(t *testing.T) {
	isBlob := func(r *http.Request) bool { return strings.HasSuffix(r.URL.Path, "/git/blobs") }
	tests := []struct {
		name  string
		fault Fault
		check func(t *testing.T, err error, resp *gh.Response)
		// applied says whether the blob was stored although the request failed.
		applied bool
	}{
		{
			name: "500", fault: Fault{Status: 500},
			check: func(t *testing.T, err error, _ *gh.Response) {
				if statusOf(err) != 500 {
					t.Errorf("err = %v", err)
				}
			},
		},
		{
			name: "502 is HTML", fault: Fault{Status: 502},
			check: func(t *testing.T, err error, resp *gh.Response) {
				if statusOf(err) != 502 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
					t.Errorf("err = %v", err)
				}
			},
		},
		{
			name: "429 with Retry-After", fault: Fault{Status: 429, RetryAfter: 7},
			check: func(t *testing.T, err error, resp *gh.Response) {
				if statusOf(err) != 429 || resp.Header.Get("Retry-After") != "7" {
					t.Errorf("err = %v", err)
				}
			},
		},
		{
			name: "secondary rate limit", fault: Fault{Secondary: true, RetryAfter: 3},
			check: func(t *testing.T, err error, _ *gh.Response) {
				var ae *gh.AbuseRateLimitError
				if !errors.As(err, &ae) || ae.GetRetryAfter() != 3*time.Second || ae.Response.StatusCode != 403 {
					t.Errorf("err = %#v", err)
				}
			},
		},
		{
			name: "primary rate limit", fault: Fault{Primary: true, RetryAfter: 1},
			check: func(t *testing.T, err error, _ *gh.Response) {
				var re *gh.RateLimitError
				if !errors.As(err, &re) || re.Rate.Remaining != 0 || re.Response.StatusCode != 403 {
					t.Errorf("err = %#v", err)
				}
			},
		},
		{
			name: "dropped", fault: Fault{Drop: true},
			check: func(t *testing.T, err error, resp *gh.Response) {
				if err == nil || statusOf(err) != 0 {
					t.Errorf("err = %v", err)
				}
			},
		},
		{
			name: "slow", fault: Fault{Delay: time.Second},
			check: func(t *testing.T, err error, _ *gh.Response) {
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("err = %v", err)
				}
			},
		},
		{
			name: "502 after the write", fault: Fault{Status: 502, AfterApply: true}, applied: true,
			check: func(t *testing.T, err error, _ *gh.Response) {
				if statusOf(err) != 502 {
					t.Errorf("err = %v", err)
				}
			},
		},
		{
			name: "dropped after the write", fault: Fault{Drop: true, AfterApply: true}, applied: true,
			check: func(t *testing.T, err error, _ *gh.Response) {
				if err == nil || statusOf(err) != 0 {
					t.Errorf("err = %v", err)
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := NewFake(t, fakeToken)
			f.AddRepo("acme/app", RepoOptions{})
			c := newFakeClient(t, f, fakeToken)
			tc.fault.Match, tc.fault.Times = isBlob, 1
			f.Inject(tc.fault)
			ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			defer cancel()
			_, resp, err := c.Git.CreateBlob(ctx, "acme", "app", &gh.Blob{Content: gh.String("fault")})
			tc.check(t, err, resp)
			sha := gitBlobSHA("fault")
			_, _, getErr := c.Git.GetBlob(context.Background(), "acme", "app", sha)
			if applied := getErr == nil; applied != tc.applied {
				t.Errorf("blob stored: %v, want %v (%v)", applied, tc.applied, getErr)
			}
			if f.Writes() != 1 {
				t.Errorf("writes = %d, want 1", f.Writes())
			}
			if tc.fault.Primary || tc.fault.Secondary {
				return // go-github now refuses requests itself until the reset
			}
			// Times: 1, so the retry goes through.
			if _, _, err := c.Git.CreateBlob(context.Background(), "acme", "app", &gh.Blob{Content: gh.String("fault")}); err != nil {
				t.Errorf("second try: %v", err)
			}
		})
	}
}

// TestFakeFailRate checks that a seed repeats its failures and that some
// requests fail and some do not.
func TestFakeFailRate(t *testing.T) {
	run := func() []int {
		f := NewFake(t, fakeToken)
		f.AddRepo("acme/app", RepoOptions{})
		f.FailRate(0.5, 42)
		var statuses []int
		for range 40 {
			// A new client each time: go-github would refuse requests by
			// itself after a rate limit.
			c := newFakeClient(t, f, fakeToken)
			_, _, err := c.Repositories.Get(context.Background(), "acme", "app")
			var ae *gh.AbuseRateLimitError
			switch {
			case err == nil:
				statuses = append(statuses, 200)
			case errors.As(err, &ae):
				statuses = append(statuses, 403)
			case statusOf(err) != 0:
				statuses = append(statuses, statusOf(err))
			default:
				statuses = append(statuses, -1)
			}
		}
		return statuses
	}
	first, second := run(), run()
	if !equalInts(first, second) {
		t.Errorf("seed 42 gave %v, then %v", first, second)
	}
	count := map[int]int{}
	for _, s := range first {
		count[s]++
	}
	if count[200] == 0 || count[200] == len(first) || len(count) < 4 {
		t.Errorf("statuses = %v", count)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestFakeOnRequestAndUnknownEndpoint(t *testing.T) {
	r := &recorder{TB: t}
	f := NewFake(r, fakeToken)
	defer func() {
		for _, c := range r.cleanups {
			c()
		}
	}()
	f.AddRepo("acme/app", RepoOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	f.OnRequest = func(n int, _ *http.Request) {
		if n == 2 {
			cancel()
		}
	}
	c := newFakeClient(t, f, fakeToken)
	if _, _, err := c.Repositories.Get(ctx, "acme", "app"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Repositories.Get(ctx, "acme", "app"); !errors.Is(err, context.Canceled) {
		t.Errorf("second request: %v, want canceled", err)
	}
	if _, err := c.Repositories.Delete(context.Background(), "acme", "app"); statusOf(err) != 404 {
		t.Errorf("unimplemented endpoint: %v", err)
	}
	if _, _, err := c.Repositories.Get(context.Background(), "acme", "nope"); statusOf(err) != 404 {
		t.Errorf("unknown repository: %v", err)
	}
	want := "githubtest: the fake has no endpoint for DELETE /api/v3/repos/acme/app"
	if len(r.errs) != 1 || r.errs[0] != want {
		t.Errorf("test failures = %q, want %q", r.errs, want)
	}
	reqs := f.Requests()
	if len(reqs) != 4 || reqs[0] != "GET /repos/acme/app" || reqs[2] != "DELETE /repos/acme/app" || f.Writes() != 1 {
		t.Errorf("requests = %q, writes %d", reqs, f.Writes())
	}
}
