package github_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jenkins2actions/jenkins2actions/github"
	"github.com/jenkins2actions/jenkins2actions/github/githubtest"
)

const (
	commitA = "3d3c42e5aac5ba805825da76410c181273ba90b1"
	commitB = "b6effb05e454b25005698d916606bdc6ffcbf961"
	tagObj  = "0123456789abcdef0123456789abcdef01234567"
)

func newClient(t *testing.T, srv *githubtest.Server, clock *githubtest.Clock, maxWait time.Duration) *github.Client {
	t.Helper()
	c, err := github.New(github.Options{
		BaseURL: srv.BaseURL(),
		Token:   "test-token",
		Sleep:   clock.Sleep,
		Now:     clock.Now,
		MaxWait: maxWait,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestTagsPaginated(t *testing.T) {
	srv := githubtest.NewServer(t)
	var tags []githubtest.Tag
	for i := range 150 {
		tags = append(tags, githubtest.Tag{Name: fmt.Sprintf("v1.%d.0", 149-i), CommitSHA: commitA})
	}
	srv.StubTags("actions", "checkout", tags)
	clock := githubtest.NewClock()
	got, err := newClient(t, srv, clock, 0).Tags(context.Background(), "actions", "checkout")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 150 || got[0].Name != "v1.149.0" || got[149].Name != "v1.0.0" || got[0].CommitSHA != commitA {
		t.Errorf("got %d tags, first %+v", len(got), got[0])
	}
	for _, a := range srv.Auth {
		if a != "Bearer test-token" {
			t.Errorf("Authorization = %q, want the token as a bearer token", a)
		}
	}
}

func TestResolveTag(t *testing.T) {
	tests := []struct {
		name string
		tag  githubtest.Tag
	}{
		{name: "lightweight", tag: githubtest.Tag{Name: "v7.0.1", CommitSHA: commitA}},
		{name: "annotated", tag: githubtest.Tag{Name: "v7.0.1", CommitSHA: commitB, TagSHA: tagObj}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := githubtest.NewServer(t)
			srv.StubResolve("actions", "checkout", tt.tag)
			got, err := newClient(t, srv, githubtest.NewClock(), 0).ResolveTag(context.Background(), "actions", "checkout", tt.tag.Name)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.tag.CommitSHA {
				t.Errorf("ResolveTag = %s, want the commit %s", got, tt.tag.CommitSHA)
			}
		})
	}
}

func TestResolveTagNotCommit(t *testing.T) {
	srv := githubtest.NewServer(t)
	srv.Register(http.MethodGet, "repos/o/r/git/ref/tags/v1", nil, githubtest.JSON(http.StatusOK, map[string]any{
		"ref": "refs/tags/v1", "object": map[string]string{"type": "tree", "sha": commitA},
	}))
	_, err := newClient(t, srv, githubtest.NewClock(), 0).ResolveTag(context.Background(), "o", "r", "v1")
	if err == nil || !strings.Contains(err.Error(), `points to a "tree" object, not a commit`) {
		t.Errorf("error = %v", err)
	}
}

func TestRetries(t *testing.T) {
	tags := []githubtest.Tag{{Name: "v1.0.0", CommitSHA: commitA}}
	page1 := map[string][]string{"per_page": {"100"}, "page": {"1"}}
	tests := []struct {
		name string
		// first answers the request before the stubbed success, if any.
		first     func(srv *githubtest.Server) []http.HandlerFunc
		success   bool
		maxWait   time.Duration
		wantWaits []time.Duration
		wantErr   string
	}{
		{
			name: "secondary rate limit waits Retry-After",
			first: func(*githubtest.Server) []http.HandlerFunc {
				return []http.HandlerFunc{githubtest.SecondaryRateLimit(60)}
			},
			success:   true,
			wantWaits: []time.Duration{60 * time.Second},
		},
		{
			name: "primary rate limit waits for the reset",
			first: func(srv *githubtest.Server) []http.HandlerFunc {
				return []http.HandlerFunc{srv.PrimaryRateLimit(30 * time.Second)}
			},
			success:   true,
			wantWaits: []time.Duration{31 * time.Second},
		},
		{
			name: "429 without headers waits a minute",
			first: func(*githubtest.Server) []http.HandlerFunc {
				return []http.HandlerFunc{githubtest.JSON(http.StatusTooManyRequests, map[string]string{"message": "slow down"})}
			},
			success:   true,
			wantWaits: []time.Duration{time.Minute},
		},
		{
			name:      "502 then success",
			first:     func(*githubtest.Server) []http.HandlerFunc { return []http.HandlerFunc{githubtest.BadGateway()} },
			success:   true,
			wantWaits: []time.Duration{time.Second},
		},
		{
			name: "5xx retried a bounded number of times",
			first: func(*githubtest.Server) []http.HandlerFunc {
				return slices.Repeat([]http.HandlerFunc{githubtest.BadGateway()}, github.DefaultMaxRetries+1)
			},
			wantWaits: []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second},
			wantErr:   "list tags of o/r: 502 Bad Gateway",
		},
		{
			name: "a reset beyond the longest wait fails",
			first: func(srv *githubtest.Server) []http.HandlerFunc {
				return []http.HandlerFunc{srv.PrimaryRateLimit(2 * time.Hour)}
			},
			maxWait: time.Hour,
			wantErr: "list tags of o/r: rate limit exceeded until 2026-07-01T14:00:00Z",
		},
		{
			name: "403 without rate-limit headers is final",
			first: func(*githubtest.Server) []http.HandlerFunc {
				return []http.HandlerFunc{githubtest.JSON(http.StatusForbidden, map[string]string{"message": "Resource not accessible by integration"})}
			},
			wantErr: "list tags of o/r: 403 Forbidden: Resource not accessible by integration",
		},
		{
			name: "404",
			first: func(*githubtest.Server) []http.HandlerFunc {
				return []http.HandlerFunc{githubtest.NotFound("https://docs.github.com/rest")}
			},
			wantErr: "list tags of o/r: not found (or not visible to the token)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := githubtest.NewServer(t)
			clock := githubtest.NewClock()
			srv.Now = clock.Now
			for _, h := range tt.first(srv) {
				srv.Register(http.MethodGet, "repos/o/r/tags", page1, h)
			}
			if tt.success {
				srv.StubTags("o", "r", tags)
			}
			got, err := newClient(t, srv, clock, tt.maxWait).Tags(context.Background(), "o", "r")
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Errorf("error = %v, want %q", err, tt.wantErr)
				}
			} else if err != nil || len(got) != 1 {
				t.Errorf("Tags = %v, %v", got, err)
			}
			if !githubtest.Jittered(clock.Waits, tt.wantWaits) {
				t.Errorf("waits = %v, want %v", clock.Waits, tt.wantWaits)
			}
		})
	}
}

func TestNotFoundIs(t *testing.T) {
	srv := githubtest.NewServer(t)
	srv.Register(http.MethodGet, "repos/o/gone/git/ref/tags/v1", nil, githubtest.NotFound("https://docs.github.com/rest/git/refs#get-a-reference"))
	_, err := newClient(t, srv, githubtest.NewClock(), 0).ResolveTag(context.Background(), "o", "gone", "v1")
	if !errors.Is(err, github.ErrNotFound) {
		t.Errorf("error = %v, want ErrNotFound", err)
	}
}

func TestSleepHonoursContext(t *testing.T) {
	srv := githubtest.NewServer(t)
	srv.Register(http.MethodGet, "repos/o/r/tags", nil, githubtest.SecondaryRateLimit(600))
	c, err := github.New(github.Options{BaseURL: srv.BaseURL()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := c.Tags(ctx, "o", "r"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error = %v, want the context's deadline", err)
	}
}

// TestLastRequestOfTheLimit waits for the reset after an answer that
// spent the primary rate limit: go-github would refuse the next request
// without sending it.
func TestLastRequestOfTheLimit(t *testing.T) {
	var served int
	reset := time.Now().Add(30 * time.Second).Unix()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served++
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-RateLimit-Limit", "5000")
		w.Header().Set("X-RateLimit-Remaining", map[bool]string{true: "0", false: "4999"}[served == 1])
		w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(reset, 10))
		fmt.Fprint(w, `[]`)
	}))
	defer srv.Close()
	var waits []time.Duration
	c, err := github.New(github.Options{BaseURL: srv.URL + "/api/v3/", Token: "t", Now: time.Now,
		Sleep: func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := c.Tags(context.Background(), "o", "r"); err != nil {
			t.Fatal(err)
		}
	}
	if served != 2 {
		t.Errorf("GitHub served %d requests, want 2", served)
	}
	if len(waits) != 1 || waits[0] < 29*time.Second || waits[0] > 32*time.Second {
		t.Errorf("waits %v, want one of about 31s", waits)
	}
}
