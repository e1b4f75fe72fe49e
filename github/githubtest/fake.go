package githubtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Fake is a stateful fake of the GitHub REST API: repositories with real
// git objects, refs, pull requests, labels, environments and variables,
// changed by the requests it serves. Where Server answers what a test
// scripted, Fake answers what GitHub would, so that a client can be run
// end to end, twice, or killed half way and run again.
//
// Every request is served under a lock, so the fake is safe for concurrent
// clients and its answers depend only on the order of the requests.
type Fake struct {
	*httptest.Server
	// Now is the fake's clock, for rate-limit reset times and the dates of
	// commits made without one; set it to a fixed clock for commit SHAs that
	// do not change between runs.
	Now func() time.Time
	// OnRequest, when set, hears of every request (n counts from 1) before
	// it is served, so that a test can, say, cancel the client's context
	// after n requests to simulate a run that is killed.
	OnRequest func(n int, r *http.Request)

	t     testing.TB
	token string
	mux   *http.ServeMux

	mu       sync.Mutex
	repos    map[string]*fakeRepo // by lower-case "owner/name"
	users    map[string]int64     // login → id
	teams    map[string]int64     // "org/slug" → id
	nextID   int64
	requests []string
	writes   int
	used     int
	faults   []*injected
	chaos    *chaos
}

// NewFake starts a fake GitHub that is closed when the test ends. token is
// the only token it accepts ("Authorization: token X" or "Bearer X"); any
// other, or none, gets a 401 as from GitHub.
func NewFake(t testing.TB, token string) *Fake {
	f := &Fake{
		Now:    time.Now,
		t:      t,
		token:  token,
		repos:  map[string]*fakeRepo{},
		users:  map[string]int64{},
		teams:  map[string]int64{},
		nextID: 1000,
	}
	f.mux = http.NewServeMux()
	f.routes()
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(func() {
		f.Close()
		f.mu.Lock()
		defer f.mu.Unlock()
		// A fault that never hit leaves its test proving nothing.
		for _, in := range f.faults {
			if in.hits == 0 {
				t.Errorf("githubtest: an injected fault (status %d, secondary %v, primary %v, drop %v) hit no request", in.Status, in.Secondary, in.Primary, in.Drop)
			}
		}
	})
	return f
}

// BaseURL is the API base to give go-github's WithEnterpriseURLs, with
// the trailing slash it insists on.
func (f *Fake) BaseURL() string { return f.URL + APIPrefix + "/" }

// RepoOptions describe a repository given to AddRepo: its content and the
// ways GitHub refuses writes to it.
type RepoOptions struct {
	// DefaultBranch is the branch the files are committed to; "" is "main".
	DefaultBranch string
	// Files are path → content of the default branch's only commit.
	Files map[string]string
	// Archived makes every write answer 403 "Repository was archived so
	// is read-only.".
	Archived bool
	// Permission is the token's role on the repository: "admin" (the
	// default), "write" or "read". It shows in the repository's
	// permissions; read refuses writes, write refuses admin-only ones
	// (environments).
	Permission string
	// ProtectedBranches refuse ref updates and deletions.
	ProtectedBranches []string
	// NoWorkflowScope makes the token one without the workflow scope:
	// trees and refs that add, change or remove a file under
	// .github/workflows/ answer 404, as GitHub does.
	NoWorkflowScope bool
	// Users and Teams (team slugs of the repository's owner) exist, with
	// ids, for environment reviewers.
	Users, Teams []string
}

// AddRepo creates the repository fullName ("owner/name") with one commit
// holding o.Files on its default branch. Adding a repository again
// replaces it.
func (f *Fake) AddRepo(fullName string, o RepoOptions) {
	owner, name, ok := strings.Cut(fullName, "/")
	if !ok || owner == "" || name == "" || strings.Contains(name, "/") {
		f.t.Fatalf("githubtest: repository %q is not owner/name", fullName)
	}
	if o.DefaultBranch == "" {
		o.DefaultBranch = "main"
	}
	if o.Permission == "" {
		o.Permission = "admin"
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextID++
	repo := newFakeRepo(owner, name, f.nextID, o)
	for _, u := range o.Users {
		if _, ok := f.users[strings.ToLower(u)]; !ok {
			f.nextID++
			f.users[strings.ToLower(u)] = f.nextID
		}
	}
	for _, s := range o.Teams {
		key := strings.ToLower(owner + "/" + s)
		if _, ok := f.teams[key]; !ok {
			f.nextID++
			f.teams[key] = f.nextID
		}
	}
	tree := repo.writeTree(filesToTree(repo, o.Files))
	sha := repo.writeCommit(commitObject{
		tree:      tree,
		message:   "Initial commit\n",
		author:    signature{"Octocat", "octocat@github.com", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
		committer: signature{"GitHub", "noreply@github.com", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
	})
	repo.refs["refs/heads/"+o.DefaultBranch] = sha
	f.repos[strings.ToLower(fullName)] = repo
}

// Push commits files (path → content) and removes the paths in deleted on
// top of branch, creating the branch from the default branch when it is
// missing, as someone else pushing would. It returns the commit's SHA.
func (f *Fake) Push(fullName, branch string, files map[string]string, deleted ...string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	repo := f.repos[strings.ToLower(fullName)]
	if repo == nil {
		f.t.Fatalf("githubtest: no repository %q", fullName)
	}
	parent, ok := repo.refs["refs/heads/"+branch]
	if !ok {
		parent = repo.refs["refs/heads/"+repo.opts.DefaultBranch]
	}
	root := repo.loadTree(repo.objects[parent].commit.tree)
	for p, c := range files {
		root.set(strings.Split(p, "/"), &treeNode{mode: modeFile, sha: repo.writeBlob([]byte(c))})
	}
	for _, p := range deleted {
		root.set(strings.Split(p, "/"), nil)
	}
	when := f.Now().UTC().Truncate(time.Second)
	sha := repo.writeCommit(commitObject{
		tree:      repo.writeTree(root),
		parents:   []string{parent},
		message:   "Push to " + branch + "\n",
		author:    signature{"Octocat", "octocat@github.com", when},
		committer: signature{"Octocat", "octocat@github.com", when},
	})
	repo.setRef("refs/heads/"+branch, sha)
	return sha
}

// BranchFiles returns the files (path → content) of branch's head commit,
// and false when the repository or the branch does not exist.
func (f *Fake) BranchFiles(fullName, branch string) (map[string]string, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	repo := f.repos[strings.ToLower(fullName)]
	if repo == nil {
		return nil, false
	}
	sha, ok := repo.refs["refs/heads/"+branch]
	if !ok {
		return nil, false
	}
	files := map[string]string{}
	repo.walk(repo.objects[sha].commit.tree, "", func(path string, e treeEntry) {
		if e.typ == "blob" {
			files[path] = string(repo.objects[e.sha].data)
		}
	})
	return files, true
}

// Branches returns the repository's branch names, sorted.
func (f *Fake) Branches(fullName string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	repo := f.repos[strings.ToLower(fullName)]
	if repo == nil {
		return nil
	}
	var names []string
	for ref := range repo.refs {
		if b, ok := strings.CutPrefix(ref, "refs/heads/"); ok {
			names = append(names, b)
		}
	}
	sort.Strings(names)
	return names
}

// FakePull is a pull request as a test checks it.
type FakePull struct {
	Number                         int
	Title, Body, Head, Base, State string
	Draft                          bool
	Labels                         []string
}

// Pulls returns the repository's pull requests by number.
func (f *Fake) Pulls(fullName string) []FakePull {
	f.mu.Lock()
	defer f.mu.Unlock()
	repo := f.repos[strings.ToLower(fullName)]
	if repo == nil {
		return nil
	}
	var out []FakePull
	for _, p := range repo.pulls {
		out = append(out, FakePull{
			Number: p.number, Title: p.title, Body: p.body, Head: p.head, Base: p.base,
			State: p.state, Draft: p.draft, Labels: slices.Clone(p.labels),
		})
	}
	return out
}

// Environments returns the repository's environments, each with its
// required reviewers (user logins and team slugs), sorted.
func (f *Fake) Environments(fullName string) map[string][]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	repo := f.repos[strings.ToLower(fullName)]
	if repo == nil {
		return nil
	}
	out := map[string][]string{}
	for name, env := range repo.envs {
		var rs []string
		for _, r := range env.reviewers {
			rs = append(rs, r.name)
		}
		sort.Strings(rs)
		out[name] = rs
	}
	return out
}

// Variables returns the repository's Actions variables, name → value.
func (f *Fake) Variables(fullName string) map[string]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	repo := f.repos[strings.ToLower(fullName)]
	if repo == nil {
		return nil
	}
	out := map[string]string{}
	for name, v := range repo.vars {
		out[name] = v.value
	}
	return out
}

// Writes counts the requests that could change something (any method but
// GET and HEAD), failed ones included, so that a test can check that a
// dry run or a second run wrote nothing.
func (f *Fake) Writes() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.writes
}

// Requests returns "METHOD /path?query" of every request in order, the
// path without APIPrefix ("GET /repos/o/r/git/ref/heads/main").
func (f *Fake) Requests() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.requests)
}

// serve checks the token, applies faults and answers, under the lock.
func (f *Fake) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.used++
	n := f.used
	f.requests = append(f.requests, r.Method+" "+strings.TrimPrefix(r.URL.RequestURI(), APIPrefix))
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		f.writes++
	}
	f.mu.Unlock()
	if f.OnRequest != nil {
		f.OnRequest(n, r)
	}
	f.setHeaders(w, n)
	if !f.authorized(r) {
		msg := "Bad credentials"
		if r.Header.Get("Authorization") == "" {
			msg = "Requires authentication"
		}
		writeError(w, http.StatusUnauthorized, msg, "https://docs.github.com/rest")
		return
	}
	flt := f.fault(r)
	if flt == nil {
		f.locked(w, r)
		return
	}
	if flt.Delay > 0 {
		select {
		case <-time.After(flt.Delay):
		case <-r.Context().Done():
			return
		}
	}
	switch {
	case !flt.fails():
		f.locked(w, r)
	case flt.AfterApply:
		f.locked(httptest.NewRecorder(), r)
		f.fail(w, r, flt)
	default:
		f.fail(w, r, flt)
	}
}

func (f *Fake) locked(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.mux.ServeHTTP(w, r)
}

func (f *Fake) authorized(r *http.Request) bool {
	h := r.Header.Get("Authorization")
	for _, scheme := range []string{"token ", "Bearer ", "bearer "} {
		if tok, ok := strings.CutPrefix(h, scheme); ok {
			return tok == f.token
		}
	}
	return false
}

// setHeaders sets what every GitHub answer carries: the media type and
// the primary rate limit of the core resource.
func (f *Fake) setHeaders(w http.ResponseWriter, used int) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-GitHub-Media-Type", "github.v3; format=json")
	h.Set("X-GitHub-Api-Version-Selected", "2022-11-28")
	h.Set("X-GitHub-Request-Id", fmt.Sprintf("FAKE:%04d", used))
	h.Set("X-RateLimit-Limit", strconv.Itoa(RateLimit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(max(RateLimit-used, 1)))
	h.Set("X-RateLimit-Used", strconv.Itoa(used))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(f.Now().Add(time.Hour).Unix(), 10))
	h.Set("X-RateLimit-Resource", "core")
}

// routes registers the endpoints; anything else fails the test.
func (f *Fake) routes() {
	handle := func(pattern string, h func(w http.ResponseWriter, r *http.Request)) {
		method, path, _ := strings.Cut(pattern, " ")
		f.mux.HandleFunc(method+" "+APIPrefix+path, h)
	}
	handle("GET /rate_limit", f.rateLimit)
	handle("GET /users/{login}", f.getUser)
	handle("GET /orgs/{org}/teams/{slug}", f.getTeam)
	f.repoRoutes(handle)
	f.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		f.t.Errorf("githubtest: the fake has no endpoint for %s %s", r.Method, r.URL.RequestURI())
		writeError(w, http.StatusNotFound, "Not Found", "https://docs.github.com/rest")
	})
}

// repoHandler is an endpoint of one repository.
type repoHandler func(w http.ResponseWriter, r *http.Request, repo *fakeRepo)

func (f *Fake) repoRoutes(handle func(string, func(http.ResponseWriter, *http.Request))) {
	for pattern, h := range map[string]repoHandler{
		"GET /repos/{owner}/{repo}":                             f.getRepo,
		"GET /repos/{owner}/{repo}/git/ref/{ref...}":            f.getRef,
		"GET /repos/{owner}/{repo}/git/matching-refs/{ref...}":  f.matchingRefs,
		"POST /repos/{owner}/{repo}/git/refs":                   f.createRef,
		"PATCH /repos/{owner}/{repo}/git/refs/{ref...}":         f.updateRef,
		"DELETE /repos/{owner}/{repo}/git/refs/{ref...}":        f.deleteRef,
		"POST /repos/{owner}/{repo}/git/blobs":                  f.createBlob,
		"GET /repos/{owner}/{repo}/git/blobs/{sha}":             f.getBlob,
		"POST /repos/{owner}/{repo}/git/trees":                  f.createTree,
		"GET /repos/{owner}/{repo}/git/trees/{sha}":             f.getTree,
		"POST /repos/{owner}/{repo}/git/commits":                f.createCommit,
		"GET /repos/{owner}/{repo}/git/commits/{sha}":           f.getCommit,
		"GET /repos/{owner}/{repo}/contents/{path...}":          f.getContents,
		"GET /repos/{owner}/{repo}/branches/{branch...}":        f.getBranch,
		"GET /repos/{owner}/{repo}/pulls":                       f.listPulls,
		"POST /repos/{owner}/{repo}/pulls":                      f.createPull,
		"GET /repos/{owner}/{repo}/pulls/{number}":              f.getPull,
		"PATCH /repos/{owner}/{repo}/pulls/{number}":            f.updatePull,
		"POST /repos/{owner}/{repo}/issues/{number}/labels":     f.addLabels,
		"GET /repos/{owner}/{repo}/environments":                f.listEnvironments,
		"GET /repos/{owner}/{repo}/environments/{name}":         f.getEnvironment,
		"PUT /repos/{owner}/{repo}/environments/{name}":         f.putEnvironment,
		"GET /repos/{owner}/{repo}/actions/variables":           f.listVariables,
		"GET /repos/{owner}/{repo}/actions/variables/{name}":    f.getVariable,
		"POST /repos/{owner}/{repo}/actions/variables":          f.createVariable,
		"PATCH /repos/{owner}/{repo}/actions/variables/{name}":  f.updateVariable,
		"DELETE /repos/{owner}/{repo}/actions/variables/{name}": f.deleteVariable,
	} {
		handle(pattern, func(w http.ResponseWriter, r *http.Request) {
			repo := f.repos[strings.ToLower(r.PathValue("owner")+"/"+r.PathValue("repo"))]
			if repo == nil {
				writeError(w, http.StatusNotFound, "Not Found", "https://docs.github.com/rest/repos/repos#get-a-repository")
				return
			}
			h(w, r, repo)
		})
	}
}

// writeJSON answers status and v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		panic(err)
	}
}

// writeError answers GitHub's error body.
func writeError(w http.ResponseWriter, status int, message, docs string) {
	writeJSON(w, status, map[string]any{
		"message":           message,
		"documentation_url": docs,
		"status":            strconv.Itoa(status),
	})
}

// validationFailed answers the 422 GitHub gives for a request it
// understood and refused, with the errors that say why.
func validationFailed(w http.ResponseWriter, docs string, errs ...map[string]string) {
	writeJSON(w, http.StatusUnprocessableEntity, map[string]any{
		"message":           "Validation Failed",
		"errors":            errs,
		"documentation_url": docs,
		"status":            "422",
	})
}

// decode reads the request's JSON body into v, answering 400 as GitHub
// does when it is not JSON.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		writeError(w, http.StatusBadRequest, "Problems parsing JSON", "https://docs.github.com/rest")
		return false
	}
	return true
}

// paginate returns the page of items the request asks for (per_page, 30
// by default and maxPer at most; page from 1) and sets the Link header
// GitHub sends between pages.
func paginate[T any](w http.ResponseWriter, r *http.Request, base string, items []T, maxPer int) []T {
	q := r.URL.Query()
	per, _ := strconv.Atoi(q.Get("per_page"))
	if per <= 0 {
		per = 30
	}
	per = min(per, maxPer)
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	pages := max((len(items)+per-1)/per, 1)
	link := func(p int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(p))
		q.Set("per_page", strconv.Itoa(per))
		return (&url.URL{Path: r.URL.Path, RawQuery: q.Encode()}).String()
	}
	var rel []string
	if page > 1 {
		rel = append(rel, fmt.Sprintf("<%s%s>; rel=\"prev\"", base, link(page-1)))
	}
	if page < pages {
		rel = append(rel, fmt.Sprintf("<%s%s>; rel=\"next\"", base, link(page+1)), fmt.Sprintf("<%s%s>; rel=\"last\"", base, link(pages)))
	}
	if page > 1 {
		rel = append(rel, fmt.Sprintf("<%s%s>; rel=\"first\"", base, link(1)))
	}
	if len(rel) > 0 {
		w.Header().Set("Link", strings.Join(rel, ", "))
	}
	lo := min((page-1)*per, len(items))
	return items[lo:min(lo+per, len(items))]
}

func (f *Fake) apiURL(path string) string { return f.URL + APIPrefix + "/" + path }

func (f *Fake) rateLimit(w http.ResponseWriter, _ *http.Request) {
	reset := f.Now().Add(time.Hour).Unix()
	rate := func(limit, used int) map[string]any {
		return map[string]any{"limit": limit, "used": used, "remaining": limit - used, "reset": reset}
	}
	core := rate(RateLimit, min(f.used, RateLimit-1))
	writeJSON(w, http.StatusOK, map[string]any{
		"resources": map[string]any{
			"core":    core,
			"search":  rate(30, 0),
			"graphql": rate(5000, 0),
		},
		"rate": core,
	})
}

func (f *Fake) getUser(w http.ResponseWriter, r *http.Request) {
	login := r.PathValue("login")
	id, ok := f.users[strings.ToLower(login)]
	if !ok {
		writeError(w, http.StatusNotFound, "Not Found", "https://docs.github.com/rest/users/users#get-a-user")
		return
	}
	writeJSON(w, http.StatusOK, f.user(login, id))
}

func (f *Fake) user(login string, id int64) map[string]any {
	return map[string]any{
		"login":    login,
		"id":       id,
		"node_id":  fmt.Sprintf("U_%d", id),
		"type":     "User",
		"url":      f.apiURL("users/" + login),
		"html_url": f.URL + "/" + login,
	}
}

func (f *Fake) getTeam(w http.ResponseWriter, r *http.Request) {
	org, slug := r.PathValue("org"), r.PathValue("slug")
	id, ok := f.teams[strings.ToLower(org+"/"+slug)]
	if !ok {
		writeError(w, http.StatusNotFound, "Not Found", "https://docs.github.com/rest/teams/teams#get-a-team-by-name")
		return
	}
	writeJSON(w, http.StatusOK, f.team(org, slug, id))
}

func (f *Fake) team(org, slug string, id int64) map[string]any {
	return map[string]any{
		"id":       id,
		"node_id":  fmt.Sprintf("T_%d", id),
		"name":     slug,
		"slug":     slug,
		"privacy":  "closed",
		"url":      f.apiURL("orgs/" + org + "/teams/" + slug),
		"html_url": f.URL + "/orgs/" + org + "/teams/" + slug,
	}
}

func (f *Fake) getRepo(w http.ResponseWriter, _ *http.Request, repo *fakeRepo) {
	writeJSON(w, http.StatusOK, f.repoJSON(repo))
}

func (f *Fake) repoJSON(repo *fakeRepo) map[string]any {
	full := repo.owner + "/" + repo.name
	p := repo.opts.Permission
	return map[string]any{
		"id":             repo.id,
		"node_id":        fmt.Sprintf("R_%d", repo.id),
		"name":           repo.name,
		"full_name":      full,
		"owner":          map[string]any{"login": repo.owner, "id": 1, "type": "Organization"},
		"private":        false,
		"visibility":     "public",
		"html_url":       f.URL + "/" + full,
		"url":            f.apiURL("repos/" + full),
		"clone_url":      f.URL + "/" + full + ".git",
		"default_branch": repo.opts.DefaultBranch,
		"archived":       repo.opts.Archived,
		"disabled":       false,
		"fork":           false,
		"permissions": map[string]bool{
			"admin":    p == "admin",
			"maintain": p == "admin",
			"push":     p == "admin" || p == "write",
			"triage":   p == "admin" || p == "write",
			"pull":     true,
		},
	}
}

// Where GitHub documents the refusals below.
const (
	docsArchived  = "https://docs.github.com/repositories/archiving-a-github-repository/archiving-repositories"
	docsProtected = "https://docs.github.com/articles/about-protected-branches"
)

// canWrite answers and returns false when GitHub would refuse a write to
// repo: 403 for an archived repository (the message GitHub gives for any
// write to one) or for a token that may only read (the message a GitHub
// App or fine-grained token gets; a classic token may get 404 instead,
// see docs.github.com/rest/using-the-rest-api/troubleshooting-the-rest-api).
// admin marks endpoints that need the admin role, which a writer is
// refused with "Must have admin rights to Repository.".
func canWrite(w http.ResponseWriter, repo *fakeRepo, docs string, admin bool) bool {
	switch {
	case repo.opts.Archived:
		writeError(w, http.StatusForbidden, "Repository was archived so is read-only.", docsArchived)
	case repo.opts.Permission == "read":
		writeError(w, http.StatusForbidden, "Resource not accessible by integration", docs)
	case admin && repo.opts.Permission != "admin":
		writeError(w, http.StatusForbidden, "Must have admin rights to Repository.", docs)
	default:
		return true
	}
	return false
}
