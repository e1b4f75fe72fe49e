package githubtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Documentation pages of the endpoints below, for error bodies.
const (
	docsPulls     = "https://docs.github.com/rest/pulls/pulls"
	docsLabels    = "https://docs.github.com/rest/issues/labels#add-labels-to-an-issue"
	docsEnvs      = "https://docs.github.com/rest/deployments/environments"
	docsVariables = "https://docs.github.com/rest/actions/variables"
)

type pull struct {
	number                         int
	title, body, head, base, state string
	draft                          bool
	headSHA                        string
	labels                         []string
	created, updated               time.Time
	closed                         *time.Time
}

type environment struct {
	id               int64
	waitTimer        int
	reviewers        []reviewer
	created, updated time.Time
}

type reviewer struct {
	typ  string // User or Team
	id   int64
	name string // login or team slug
}

type variable struct {
	name, value      string
	created, updated time.Time
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func (f *Fake) labelJSON(repo *fakeRepo, name string) map[string]any {
	id := slices.Index(repo.labels, name) + 1
	return map[string]any{
		"id": repo.id*1000 + int64(id), "node_id": fmt.Sprintf("LA_%d_%d", repo.id, id),
		"url":  f.repoURL(repo, "labels/"+name),
		"name": name, "color": "ededed", "default": false, "description": nil,
	}
}

func (f *Fake) pullJSON(repo *fakeRepo, p *pull) map[string]any {
	n := strconv.Itoa(p.number)
	labels := []map[string]any{}
	for _, l := range p.labels {
		labels = append(labels, f.labelJSON(repo, l))
	}
	user := map[string]any{"login": "octocat", "id": 1, "type": "User"}
	branch := func(ref, sha string) map[string]any {
		return map[string]any{"label": repo.owner + ":" + ref, "ref": ref, "sha": sha, "repo": f.repoJSON(repo), "user": user}
	}
	var closed any
	if p.closed != nil {
		closed = stamp(*p.closed)
	}
	return map[string]any{
		"id": repo.id*100000 + int64(p.number), "node_id": fmt.Sprintf("PR_%d_%d", repo.id, p.number),
		"number": p.number, "state": p.state, "locked": false,
		"title": p.title, "body": p.body, "draft": p.draft,
		"merged": false, "merged_at": nil, "closed_at": closed,
		"created_at": stamp(p.created), "updated_at": stamp(p.updated),
		"url":       f.repoURL(repo, "pulls/"+n),
		"issue_url": f.repoURL(repo, "issues/"+n),
		"html_url":  f.htmlURL(repo, "pull/"+n),
		"diff_url":  f.htmlURL(repo, "pull/"+n+".diff"),
		"user":      user,
		"labels":    labels,
		"head":      branch(p.head, p.headSHA),
		"base":      branch(p.base, repo.refs["refs/heads/"+p.base]),
	}
}

// findPull returns the pull request the path's {number} names.
func findPull(repo *fakeRepo, r *http.Request) *pull {
	n, _ := strconv.Atoi(r.PathValue("number"))
	for _, p := range repo.pulls {
		if p.number == n {
			return p
		}
	}
	return nil
}

// listPulls filters as GitHub does: state (open by default, or closed or
// all), head as "owner:branch" (a head without the owner is ignored, as
// GitHub ignores it) and base; newest first unless direction=asc.
func (f *Fake) listPulls(w http.ResponseWriter, r *http.Request, repo *fakeRepo) {
	q := r.URL.Query()
	state := q.Get("state")
	if state == "" {
		state = "open"
	}
	owner, head, byHead := strings.Cut(q.Get("head"), ":")
	var out []*pull
	for _, p := range repo.pulls {
		if (state == "all" || p.state == state) &&
			(!byHead || (strings.EqualFold(owner, repo.owner) && p.head == head)) &&
			(q.Get("base") == "" || p.base == q.Get("base")) {
			out = append(out, p)
		}
	}
	if q.Get("direction") != "asc" {
		slices.Reverse(out)
	}
	list := []map[string]any{}
	for _, p := range paginate(w, r, f.URL, out, 100) {
		list = append(list, f.pullJSON(repo, p))
	}
	writeJSON(w, http.StatusOK, list)
}

func (f *Fake) getPull(w http.ResponseWriter, r *http.Request, repo *fakeRepo) {
	p := findPull(repo, r)
	if p == nil {
		writeError(w, http.StatusNotFound, "Not Found", docsPulls+"#get-a-pull-request")
		return
	}
	writeJSON(w, http.StatusOK, f.pullJSON(repo, p))
}

func (f *Fake) createPull(w http.ResponseWriter, r *http.Request, repo *fakeRepo) {
	var body struct {
		Title, Head, Base, Body string
		Draft                   bool
	}
	docs := docsPulls + "#create-a-pull-request"
	if !decode(w, r, &body) || !canWrite(w, repo, docs, false) {
		return
	}
	field := func(name, code string) map[string]string {
		return map[string]string{"resource": "PullRequest", "field": name, "code": code}
	}
	custom := func(msg string) map[string]string {
		return map[string]string{"resource": "PullRequest", "code": "custom", "message": msg}
	}
	head := body.Head
	if owner, branch, ok := strings.Cut(head, ":"); ok {
		if !strings.EqualFold(owner, repo.owner) {
			validationFailed(w, docs, field("head", "invalid"))
			return
		}
		head = branch
	}
	headSHA, headOK := repo.refs["refs/heads/"+head]
	baseSHA, baseOK := repo.refs["refs/heads/"+body.Base]
	switch {
	case body.Title == "":
		validationFailed(w, docs, field("title", "missing_field"))
		return
	case !baseOK:
		validationFailed(w, docs, field("base", "invalid"))
		return
	case !headOK:
		validationFailed(w, docs, field("head", "invalid"))
		return
	}
	for _, p := range repo.pulls {
		if p.state == "open" && p.head == head && p.base == body.Base {
			validationFailed(w, docs, custom(fmt.Sprintf("A pull request already exists for %s:%s.", repo.owner, head)))
			return
		}
	}
	if repo.isAncestor(headSHA, baseSHA) {
		validationFailed(w, docs, custom(fmt.Sprintf("No commits between %s and %s", body.Base, head)))
		return
	}
	now := f.Now()
	p := &pull{
		number: len(repo.pulls) + 1, title: body.Title, body: body.Body, head: head, base: body.Base,
		state: "open", draft: body.Draft, headSHA: headSHA, created: now, updated: now,
	}
	repo.pulls = append(repo.pulls, p)
	w.Header().Set("Location", f.repoURL(repo, "pulls/"+strconv.Itoa(p.number)))
	writeJSON(w, http.StatusCreated, f.pullJSON(repo, p))
}

func (f *Fake) updatePull(w http.ResponseWriter, r *http.Request, repo *fakeRepo) {
	var body struct {
		Title, Body, State, Base *string
	}
	docs := docsPulls + "#update-a-pull-request"
	if !decode(w, r, &body) || !canWrite(w, repo, docs, false) {
		return
	}
	p := findPull(repo, r)
	if p == nil {
		writeError(w, http.StatusNotFound, "Not Found", docs)
		return
	}
	if body.State != nil && *body.State != "open" && *body.State != "closed" {
		validationFailed(w, docs, map[string]string{"resource": "PullRequest", "field": "state", "code": "invalid"})
		return
	}
	if body.Base != nil {
		if _, ok := repo.refs["refs/heads/"+*body.Base]; !ok {
			validationFailed(w, docs, map[string]string{"resource": "PullRequest", "field": "base", "code": "invalid"})
			return
		}
		p.base = *body.Base
	}
	if body.Title != nil {
		p.title = *body.Title
	}
	if body.Body != nil {
		p.body = *body.Body
	}
	now := f.Now()
	if body.State != nil && *body.State != p.state {
		p.state = *body.State
		p.closed = nil
		if p.state == "closed" {
			p.closed = &now
		} else if sha, ok := repo.refs["refs/heads/"+p.head]; ok {
			p.headSHA = sha
		}
	}
	p.updated = now
	writeJSON(w, http.StatusOK, f.pullJSON(repo, p))
}

// addLabels takes the body in each form GitHub does ({"labels": [...]}
// or a bare list, of names or of {"name": ...}) and creates the labels
// the repository does not have yet.
func (f *Fake) addLabels(w http.ResponseWriter, r *http.Request, repo *fakeRepo) {
	var raw json.RawMessage
	if !decode(w, r, &raw) || !canWrite(w, repo, docsLabels, false) {
		return
	}
	var wrapped struct{ Labels json.RawMessage }
	if json.Unmarshal(raw, &wrapped) == nil && wrapped.Labels != nil {
		raw = wrapped.Labels
	}
	var names []string
	if json.Unmarshal(raw, &names) != nil {
		var objs []struct{ Name string }
		if err := json.Unmarshal(raw, &objs); err != nil {
			writeError(w, http.StatusUnprocessableEntity, "Invalid request.\n\nlabels must be a list of names.", docsLabels)
			return
		}
		for _, o := range objs {
			names = append(names, o.Name)
		}
	}
	p := findPull(repo, r)
	if p == nil {
		writeError(w, http.StatusNotFound, "Not Found", docsLabels)
		return
	}
	for _, n := range names {
		if !slices.Contains(repo.labels, n) {
			repo.labels = append(repo.labels, n)
		}
		if !slices.Contains(p.labels, n) {
			p.labels = append(p.labels, n)
		}
	}
	out := []map[string]any{}
	for _, l := range p.labels {
		out = append(out, f.labelJSON(repo, l))
	}
	writeJSON(w, http.StatusOK, out)
}

func (f *Fake) envJSON(repo *fakeRepo, name string) map[string]any {
	env := repo.envs[name]
	rules := []map[string]any{}
	if len(env.reviewers) > 0 {
		rs := []map[string]any{}
		for _, rv := range env.reviewers {
			who := f.user(rv.name, rv.id)
			if rv.typ == "Team" {
				who = f.team(repo.owner, rv.name, rv.id)
			}
			rs = append(rs, map[string]any{"type": rv.typ, "reviewer": who})
		}
		rules = append(rules, map[string]any{
			"id": env.id*10 + 1, "node_id": fmt.Sprintf("GA_%d_1", env.id),
			"type": "required_reviewers", "prevent_self_review": false, "reviewers": rs,
		})
	}
	if env.waitTimer > 0 {
		rules = append(rules, map[string]any{
			"id": env.id*10 + 2, "node_id": fmt.Sprintf("GA_%d_2", env.id), "type": "wait_timer", "wait_timer": env.waitTimer,
		})
	}
	return map[string]any{
		"id": env.id, "node_id": fmt.Sprintf("EN_%d", env.id), "name": name,
		"url":        f.repoURL(repo, "environments/"+name),
		"html_url":   f.htmlURL(repo, "deployments/activity_log?environments_filter="+name),
		"created_at": stamp(env.created), "updated_at": stamp(env.updated),
		"can_admins_bypass":        true,
		"protection_rules":         rules,
		"deployment_branch_policy": nil,
	}
}

func (f *Fake) listEnvironments(w http.ResponseWriter, r *http.Request, repo *fakeRepo) {
	var names []string
	for name := range repo.envs {
		names = append(names, name)
	}
	sort.Strings(names)
	list := []map[string]any{}
	for _, n := range paginate(w, r, f.URL, names, 100) {
		list = append(list, f.envJSON(repo, n))
	}
	writeJSON(w, http.StatusOK, map[string]any{"total_count": len(names), "environments": list})
}

func (f *Fake) getEnvironment(w http.ResponseWriter, r *http.Request, repo *fakeRepo) {
	name := r.PathValue("name")
	if repo.envs[name] == nil {
		writeError(w, http.StatusNotFound, "Not Found", docsEnvs+"#get-an-environment")
		return
	}
	writeJSON(w, http.StatusOK, f.envJSON(repo, name))
}

// putEnvironment creates or replaces an environment; it needs the admin
// role, and reviewers must be users or teams that exist (six at most).
func (f *Fake) putEnvironment(w http.ResponseWriter, r *http.Request, repo *fakeRepo) {
	var body struct {
		WaitTimer *int `json:"wait_timer"`
		Reviewers []struct {
			Type string `json:"type"`
			ID   int64  `json:"id"`
		} `json:"reviewers"`
	}
	docs := docsEnvs + "#create-or-update-an-environment"
	if !decode(w, r, &body) || !canWrite(w, repo, docs, true) {
		return
	}
	if len(body.Reviewers) > 6 {
		writeError(w, http.StatusUnprocessableEntity, "Invalid request.\n\nOnly 6 reviewers are allowed.", docs)
		return
	}
	var rs []reviewer
	for _, rv := range body.Reviewers {
		name, ok := f.byID(repo, rv.Type, rv.ID)
		if !ok {
			writeError(w, http.StatusUnprocessableEntity, fmt.Sprintf("Invalid request.\n\nNo %s with id %d.", strings.ToLower(rv.Type), rv.ID), docs)
			return
		}
		rs = append(rs, reviewer{typ: rv.Type, id: rv.ID, name: name})
	}
	name := r.PathValue("name")
	now := f.Now()
	env := repo.envs[name]
	if env == nil {
		f.nextID++
		env = &environment{id: f.nextID, created: now}
		repo.envs[name] = env
	}
	env.reviewers, env.updated = rs, now
	if body.WaitTimer != nil {
		env.waitTimer = *body.WaitTimer
	}
	writeJSON(w, http.StatusOK, f.envJSON(repo, name))
}

// byID finds the login of a user, or the slug of one of the repository
// owner's teams, by id.
func (f *Fake) byID(repo *fakeRepo, typ string, id int64) (string, bool) {
	switch typ {
	case "User":
		for _, u := range repo.opts.Users {
			if f.users[strings.ToLower(u)] == id {
				return u, true
			}
		}
	case "Team":
		for _, s := range repo.opts.Teams {
			if f.teams[strings.ToLower(repo.owner+"/"+s)] == id {
				return s, true
			}
		}
	}
	return "", false
}

func variableJSON(v *variable) map[string]string {
	return map[string]string{"name": v.name, "value": v.value, "created_at": stamp(v.created), "updated_at": stamp(v.updated)}
}

// listVariables pages by 30 at most, the limit GitHub documents for it.
func (f *Fake) listVariables(w http.ResponseWriter, r *http.Request, repo *fakeRepo) {
	var names []string
	for name := range repo.vars {
		names = append(names, name)
	}
	sort.Strings(names)
	list := []map[string]string{}
	for _, n := range paginate(w, r, f.URL, names, 30) {
		list = append(list, variableJSON(repo.vars[n]))
	}
	writeJSON(w, http.StatusOK, map[string]any{"total_count": len(names), "variables": list})
}

func (f *Fake) getVariable(w http.ResponseWriter, r *http.Request, repo *fakeRepo) {
	v := repo.vars[strings.ToUpper(r.PathValue("name"))]
	if v == nil {
		writeError(w, http.StatusNotFound, "Not Found", docsVariables+"#get-a-repository-variable")
		return
	}
	writeJSON(w, http.StatusOK, variableJSON(v))
}

// variableName is what GitHub allows as a variable's name, which it keeps
// in upper case.
var variableName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func (f *Fake) createVariable(w http.ResponseWriter, r *http.Request, repo *fakeRepo) {
	var body struct{ Name, Value string }
	docs := docsVariables + "#create-a-repository-variable"
	if !decode(w, r, &body) || !canWrite(w, repo, docs, false) {
		return
	}
	name := strings.ToUpper(body.Name)
	switch {
	case !variableName.MatchString(body.Name) || strings.HasPrefix(name, "GITHUB_"):
		writeError(w, http.StatusUnprocessableEntity, "Invalid request.\n\nInvalid name.", docs)
	case repo.vars[name] != nil:
		writeError(w, http.StatusConflict, "Already exists - Variable already exists", docs)
	default:
		now := f.Now()
		repo.vars[name] = &variable{name: name, value: body.Value, created: now, updated: now}
		writeJSON(w, http.StatusCreated, map[string]any{})
	}
}

func (f *Fake) updateVariable(w http.ResponseWriter, r *http.Request, repo *fakeRepo) {
	var body struct{ Name, Value *string }
	docs := docsVariables + "#update-a-repository-variable"
	if !decode(w, r, &body) || !canWrite(w, repo, docs, false) {
		return
	}
	old := strings.ToUpper(r.PathValue("name"))
	v := repo.vars[old]
	if v == nil {
		writeError(w, http.StatusNotFound, "Not Found", docs)
		return
	}
	if body.Name != nil && strings.ToUpper(*body.Name) != old {
		if !variableName.MatchString(*body.Name) {
			writeError(w, http.StatusUnprocessableEntity, "Invalid request.\n\nInvalid name.", docs)
			return
		}
		delete(repo.vars, old)
		v.name = strings.ToUpper(*body.Name)
		repo.vars[v.name] = v
	}
	if body.Value != nil {
		v.value = *body.Value
	}
	v.updated = f.Now()
	w.WriteHeader(http.StatusNoContent)
}

func (f *Fake) deleteVariable(w http.ResponseWriter, r *http.Request, repo *fakeRepo) {
	docs := docsVariables + "#delete-a-repository-variable"
	if !canWrite(w, repo, docs, false) {
		return
	}
	name := strings.ToUpper(r.PathValue("name"))
	if repo.vars[name] == nil {
		writeError(w, http.StatusNotFound, "Not Found", docs)
		return
	}
	delete(repo.vars, name)
	w.WriteHeader(http.StatusNoContent)
}
