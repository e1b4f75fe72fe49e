// Package githubtest fakes the GitHub REST API for tests, in two ways.
//
// Server answers registered stubs with the real API's paths, JSON shapes
// and headers (rate-limit headers, Link pagination), and fails the test
// when a request matches no stub or a stub is never used, as the GitHub
// CLI's httpmock registry does: for clients whose every request a test
// should spell out.
//
// Fake keeps state instead: repositories with real git objects (blob SHAs
// are git's), refs, pull requests, labels, environments and variables,
// changed by the requests it serves and refusing writes as GitHub does
// (archived repositories, read-only tokens, protected branches, tokens
// without the workflow scope). Faults inject server errors, rate limits,
// slow and dropped answers, and writes that succeed while the client
// sees a failure: for clients that must be idempotent and resumable, run
// end to end. A request to an endpoint it does not implement fails the
// test.
package githubtest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// APIPrefix is where GitHub Enterprise Server serves the REST API; the
// fake serves there so that clients are tested with WithEnterpriseURLs.
const APIPrefix = "/api/v3"

// RateLimit is the primary rate limit the fake reports, per hour.
const RateLimit = 5000

// Server is the fake API. Register stubs before the code under test runs.
type Server struct {
	*httptest.Server
	// Now is the server's clock for X-RateLimit-Reset; set it to the
	// test's fake clock.
	Now func() time.Time

	t     testing.TB
	mu    sync.Mutex
	stubs []*stub
	used  int // requests answered, for X-RateLimit-Remaining
	// Auth holds the Authorization header of every request, in order.
	Auth []string
}

type stub struct {
	method, path string
	query        url.Values
	respond      http.HandlerFunc
	matched      bool
}

// NewServer starts a fake server that is closed, and checked for unused
// stubs, when the test ends.
func NewServer(t testing.TB) *Server {
	s := &Server{t: t, Now: time.Now}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(func() {
		s.Close()
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, st := range s.stubs {
			if !st.matched {
				t.Errorf("githubtest: stub %s %s%s was never called", st.method, st.path, queryString(st.query))
			}
		}
	})
	return s
}

// BaseURL is the URL to give a client as a GitHub Enterprise Server URL.
func (s *Server) BaseURL() string { return s.URL }

// Register adds a stub for method and path (under APIPrefix, without a
// leading slash: "repos/o/r/tags"). query, when not nil, must match the
// request's query exactly. Each stub answers one request; stubs for the
// same request answer in the order they were registered.
func (s *Server) Register(method, path string, query url.Values, respond http.HandlerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stubs = append(s.stubs, &stub{method: method, path: APIPrefix + "/" + path, query: query, respond: respond})
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.Auth = append(s.Auth, r.Header.Get("Authorization"))
	var found *stub
	for _, st := range s.stubs {
		if !st.matched && st.method == r.Method && st.path == r.URL.Path && (st.query == nil || sameQuery(st.query, r.URL.Query())) {
			found = st
			st.matched = true
			break
		}
	}
	s.used++
	used := s.used
	s.mu.Unlock()

	if found == nil {
		s.t.Errorf("githubtest: no stub for %s %s", r.Method, r.URL.RequestURI())
		http.Error(w, "no stub", http.StatusNotImplemented)
		return
	}
	// Headers every API answer carries; a stub may override them.
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-GitHub-Media-Type", "github.v3; format=json")
	h.Set("X-RateLimit-Limit", strconv.Itoa(RateLimit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(max(RateLimit-used, 1)))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(s.Now().Add(time.Hour).Unix(), 10))
	h.Set("X-RateLimit-Used", strconv.Itoa(used))
	h.Set("X-RateLimit-Resource", "core")
	found.respond(w, r)
}

func sameQuery(want, got url.Values) bool {
	if len(want) != len(got) {
		return false
	}
	for k, v := range want {
		if strings.Join(got[k], ",") != strings.Join(v, ",") {
			return false
		}
	}
	return true
}

func queryString(q url.Values) string {
	if q == nil {
		return ""
	}
	return "?" + q.Encode()
}

// JSON answers with status and v as JSON.
func JSON(status int, v any) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(status)
		if err := json.NewEncoder(w).Encode(v); err != nil {
			panic(err)
		}
	}
}

// NotFound answers as GitHub does for a missing repository, ref or object,
// and for one the token may not see.
func NotFound(docs string) http.HandlerFunc {
	return JSON(http.StatusNotFound, map[string]string{
		"message":           "Not Found",
		"documentation_url": docs,
		"status":            "404",
	})
}

// BadGateway answers as GitHub's front end does when the API is briefly
// unavailable: an HTML page, not JSON.
func BadGateway() http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		fmt.Fprint(w, "<html><body><h1>502 Bad Gateway</h1></body></html>\n")
	}
}

// SecondaryRateLimit answers a 403 with Retry-After, as GitHub does when a
// client makes too many requests too quickly.
func SecondaryRateLimit(retryAfter int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
		JSON(http.StatusForbidden, map[string]string{
			"message":           "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
			"documentation_url": "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
		})(w, r)
	}
}

// PrimaryRateLimit answers a 403 with X-RateLimit-Remaining: 0 and a reset
// time reset from the server's clock.
func (s *Server) PrimaryRateLimit(reset time.Duration) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-RateLimit-Remaining", "0")
		h.Set("X-RateLimit-Used", strconv.Itoa(RateLimit))
		h.Set("X-RateLimit-Reset", strconv.FormatInt(s.Now().Add(reset).Unix(), 10))
		JSON(http.StatusForbidden, map[string]string{
			"message":           "API rate limit exceeded for user ID 1.",
			"documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits",
		})(w, r)
	}
}

// Tag is one tag of a fake repository. A tag with a TagSHA is annotated:
// its ref points to a tag object, which points to the commit.
type Tag struct {
	Name      string
	CommitSHA string
	TagSHA    string
}

// PerPage is the page size clients ask for and the fake pages by.
const PerPage = 100

// StubTags registers the pages of GET /repos/{owner}/{repo}/tags for
// tags, PerPage to a page, with Link headers between the pages.
func (s *Server) StubTags(owner, repo string, tags []Tag) {
	pages := max((len(tags)+PerPage-1)/PerPage, 1)
	path := fmt.Sprintf("repos/%s/%s/tags", owner, repo)
	for page := 1; page <= pages; page++ {
		items := []map[string]any{}
		for _, t := range tags[(page-1)*PerPage : min(page*PerPage, len(tags))] {
			items = append(items, map[string]any{
				"name":        t.Name,
				"zipball_url": s.apiURL(fmt.Sprintf("repos/%s/%s/zipball/refs/tags/%s", owner, repo, t.Name)),
				"tarball_url": s.apiURL(fmt.Sprintf("repos/%s/%s/tarball/refs/tags/%s", owner, repo, t.Name)),
				"commit": map[string]string{
					"sha": t.CommitSHA,
					"url": s.apiURL(fmt.Sprintf("repos/%s/%s/commits/%s", owner, repo, t.CommitSHA)),
				},
				"node_id": "REF_" + t.Name,
			})
		}
		link := s.links(path, page, pages)
		s.Register(http.MethodGet, path, pageQuery(page), func(w http.ResponseWriter, r *http.Request) {
			if link != "" {
				w.Header().Set("Link", link)
			}
			JSON(http.StatusOK, items)(w, r)
		})
	}
}

func pageQuery(page int) url.Values {
	return url.Values{"per_page": {strconv.Itoa(PerPage)}, "page": {strconv.Itoa(page)}}
}

// links builds the Link header GitHub sends with a page of a list.
func (s *Server) links(path string, page, pages int) string {
	u := func(p int) string { return s.apiURL(path) + "?" + pageQuery(p).Encode() }
	var rel []string
	if page > 1 {
		rel = append(rel, fmt.Sprintf("<%s>; rel=\"prev\"", u(page-1)))
	}
	if page < pages {
		rel = append(rel, fmt.Sprintf("<%s>; rel=\"next\"", u(page+1)), fmt.Sprintf("<%s>; rel=\"last\"", u(pages)))
	}
	if page > 1 {
		rel = append(rel, fmt.Sprintf("<%s>; rel=\"first\"", u(1)))
	}
	return strings.Join(rel, ", ")
}

// StubResolve registers what resolving t takes: GET
// /repos/{owner}/{repo}/git/ref/tags/{name}, and for an annotated tag GET
// /repos/{owner}/{repo}/git/tags/{sha} too.
func (s *Server) StubResolve(owner, repo string, t Tag) {
	objType, objSHA := "commit", t.CommitSHA
	if t.TagSHA != "" {
		objType, objSHA = "tag", t.TagSHA
	}
	s.Register(http.MethodGet, fmt.Sprintf("repos/%s/%s/git/ref/tags/%s", owner, repo, t.Name), nil,
		JSON(http.StatusOK, map[string]any{
			"ref":     "refs/tags/" + t.Name,
			"node_id": "REF_" + t.Name,
			"url":     s.apiURL(fmt.Sprintf("repos/%s/%s/git/refs/tags/%s", owner, repo, t.Name)),
			"object":  s.object(owner, repo, objType, objSHA),
		}))
	if t.TagSHA == "" {
		return
	}
	s.Register(http.MethodGet, fmt.Sprintf("repos/%s/%s/git/tags/%s", owner, repo, t.TagSHA), nil,
		JSON(http.StatusOK, map[string]any{
			"node_id": "TAG_" + t.Name,
			"tag":     t.Name,
			"sha":     t.TagSHA,
			"url":     s.apiURL(fmt.Sprintf("repos/%s/%s/git/tags/%s", owner, repo, t.TagSHA)),
			"message": t.Name + "\n",
			"tagger": map[string]string{
				"name":  "Release Bot",
				"email": "release@example.com",
				"date":  "2026-07-17T18:45:11Z",
			},
			"object": s.object(owner, repo, "commit", t.CommitSHA),
			"verification": map[string]any{
				"verified":  false,
				"reason":    "unsigned",
				"signature": nil,
				"payload":   nil,
			},
		}))
}

func (s *Server) object(owner, repo, typ, sha string) map[string]string {
	kind := "commits"
	if typ == "tag" {
		kind = "tags"
	}
	return map[string]string{
		"sha":  sha,
		"type": typ,
		"url":  s.apiURL(fmt.Sprintf("repos/%s/%s/git/%s/%s", owner, repo, kind, sha)),
	}
}

func (s *Server) apiURL(path string) string { return s.URL + APIPrefix + "/" + path }

// Clock is a fake clock whose Sleep returns at once and moves the time on.
type Clock struct {
	mu    sync.Mutex
	now   time.Time
	Waits []time.Duration
}

// NewClock returns a clock set to a fixed time.
func NewClock() *Clock {
	return &Clock{now: time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)}
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Sleep records d and moves the clock on by it.
func (c *Clock) Sleep(_ context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Waits = append(c.Waits, d)
	c.now = c.now.Add(d)
	return nil
}

// Jittered tells whether the waits a Clock saw are want, each lengthened
// by at most half of itself: the client adds jitter to its backoff after
// server errors, so that clients failing together do not retry together.
func Jittered(got, want []time.Duration) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] < want[i] || got[i] > want[i]+want[i]/2 {
			return false
		}
	}
	return true
}
