package githubtest

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"path"
	"sort"
	"strings"
	"time"
)

// Documentation pages of the Git Data endpoints, for error bodies.
const (
	docsRefs     = "https://docs.github.com/rest/git/refs"
	docsBlobs    = "https://docs.github.com/rest/git/blobs"
	docsTrees    = "https://docs.github.com/rest/git/trees#create-a-tree"
	docsCommits  = "https://docs.github.com/rest/git/commits"
	docsContents = "https://docs.github.com/rest/repos/contents#get-repository-content"
	docsBranch   = "https://docs.github.com/rest/branches/branches#get-a-branch"
)

func (f *Fake) repoURL(repo *fakeRepo, rest string) string {
	return f.apiURL("repos/" + repo.owner + "/" + repo.name + "/" + rest)
}

func (f *Fake) htmlURL(repo *fakeRepo, rest string) string {
	return f.URL + "/" + repo.owner + "/" + repo.name + "/" + rest
}

func (f *Fake) refJSON(repo *fakeRepo, name string) map[string]any {
	sha := repo.refs[name]
	typ := repo.objects[sha].typ
	return map[string]any{
		"ref":     name,
		"node_id": "REF_" + name,
		"url":     f.repoURL(repo, "git/"+name),
		"object":  map[string]string{"type": typ, "sha": sha, "url": f.repoURL(repo, "git/"+typ+"s/"+sha)},
	}
}

func (f *Fake) getRef(w http.ResponseWriter, r *http.Request, repo *fakeRepo) {
	name := "refs/" + r.PathValue("ref")
	if _, ok := repo.refs[name]; !ok {
		writeError(w, http.StatusNotFound, "Not Found", docsRefs+"#get-a-reference")
		return
	}
	writeJSON(w, http.StatusOK, f.refJSON(repo, name))
}

func (f *Fake) matchingRefs(w http.ResponseWriter, r *http.Request, repo *fakeRepo) {
	prefix := "refs/" + r.PathValue("ref")
	var names []string
	for name := range repo.refs {
		if strings.HasPrefix(name, prefix) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	out := []map[string]any{}
	for _, name := range paginate(w, r, f.URL, names, 100) {
		out = append(out, f.refJSON(repo, name))
	}
	writeJSON(w, http.StatusOK, out)
}

// workflowScope answers 404 and returns false when a token without the
// workflow scope changes .github/workflows from base to next (commits or
// trees). GitHub answers so, with no word of the scope, both when a tree
// is created (gr2m/octokit-plugin-create-pull-request#104,
// wadackel/files-sync-action#201: "Not Found - .../git/trees#create-a-tree")
// and when a ref is pointed at such a commit (cli/cli#9773, where a
// release on such a commit got 404 until the token had the scope). A git
// push is refused with "refusing to allow a Personal Access Token to
// create or update workflow `...` without `workflow` scope" instead.
func workflowScope(w http.ResponseWriter, repo *fakeRepo, base, next, docs string) bool {
	if !repo.opts.NoWorkflowScope || repo.workflowsOf(base) == repo.workflowsOf(next) {
		return true
	}
	writeError(w, http.StatusNotFound, "Not Found", docs)
	return false
}

// refused answers a ref change GitHub's branch protection refuses. The
// REST API gives 422 with the protection's reason as the message (as
// googleapis/repo-automation-bots#5551 shows for a ref update: "Changes
// must be made through a pull request."); git push gives "GH006:
// Protected branch update failed".
func refused(w http.ResponseWriter) {
	writeError(w, http.StatusUnprocessableEntity, "Changes must be made through a pull request.", docsProtected)
}

func (f *Fake) createRef(w http.ResponseWriter, r *http.Request, repo *fakeRepo) {
	var body struct {
		Ref string `json:"ref"`
		SHA string `json:"sha"`
	}
	if !decode(w, r, &body) || !canWrite(w, repo, docsRefs+"#create-a-reference", false) {
		return
	}
	switch {
	case !strings.HasPrefix(body.Ref, "refs/") || strings.Count(body.Ref, "/") < 2:
		writeError(w, http.StatusUnprocessableEntity, "Reference name is invalid", docsRefs+"#create-a-reference")
	case repo.objects[body.SHA] == nil:
		writeError(w, http.StatusUnprocessableEntity, "Object does not exist", docsRefs+"#create-a-reference")
	case repo.refs[body.Ref] != "":
		writeError(w, http.StatusUnprocessableEntity, "Reference already exists", docsRefs+"#create-a-reference")
	case repo.protected(body.Ref):
		// A new ref a protection rule covers: actions/github-script#455.
		writeError(w, http.StatusUnprocessableEntity, "Reference update failed", docsRefs+"#create-a-reference")
	case workflowScope(w, repo, repo.branchBase(body.SHA), body.SHA, docsRefs+"#create-a-reference"):
		repo.setRef(body.Ref, body.SHA)
		w.Header().Set("Location", f.repoURL(repo, "git/"+body.Ref))
		writeJSON(w, http.StatusCreated, f.refJSON(repo, body.Ref))
	}
}

func (f *Fake) updateRef(w http.ResponseWriter, r *http.Request, repo *fakeRepo) {
	var body struct {
		SHA   string `json:"sha"`
		Force bool   `json:"force"`
	}
	name := "refs/" + r.PathValue("ref")
	if !decode(w, r, &body) || !canWrite(w, repo, docsRefs+"#update-a-reference", false) {
		return
	}
	old, exists := repo.refs[name]
	switch {
	case !exists:
		writeError(w, http.StatusUnprocessableEntity, "Reference does not exist", docsRefs+"#update-a-reference")
	case repo.objects[body.SHA] == nil:
		writeError(w, http.StatusUnprocessableEntity, "Object does not exist", docsRefs+"#update-a-reference")
	case repo.protected(name):
		refused(w)
	case !body.Force && !repo.isAncestor(old, body.SHA):
		writeError(w, http.StatusUnprocessableEntity, "Update is not a fast forward", docsRefs+"#update-a-reference")
	case workflowScope(w, repo, old, body.SHA, docsRefs+"#update-a-reference"):
		repo.setRef(name, body.SHA)
		writeJSON(w, http.StatusOK, f.refJSON(repo, name))
	}
}

func (f *Fake) deleteRef(w http.ResponseWriter, r *http.Request, repo *fakeRepo) {
	name := "refs/" + r.PathValue("ref")
	if !canWrite(w, repo, docsRefs+"#delete-a-reference", false) {
		return
	}
	switch {
	case repo.refs[name] == "":
		writeError(w, http.StatusUnprocessableEntity, "Reference does not exist", docsRefs+"#delete-a-reference")
	case repo.protected(name):
		refused(w)
	default:
		delete(repo.refs, name)
		w.WriteHeader(http.StatusNoContent)
	}
}

func (f *Fake) createBlob(w http.ResponseWriter, r *http.Request, repo *fakeRepo) {
	var body struct {
		Content  *string `json:"content"`
		Encoding string  `json:"encoding"`
	}
	if !decode(w, r, &body) || !canWrite(w, repo, docsBlobs+"#create-a-blob", false) {
		return
	}
	if body.Content == nil {
		writeError(w, http.StatusUnprocessableEntity, "Invalid request.\n\n\"content\" wasn't supplied.", docsBlobs+"#create-a-blob")
		return
	}
	data := []byte(*body.Content)
	switch strings.ToLower(body.Encoding) {
	case "", "utf-8", "utf8":
	case "base64":
		d, err := base64.StdEncoding.DecodeString(*body.Content)
		if err != nil {
			writeError(w, http.StatusUnprocessableEntity, "Invalid request.\n\nContent is not valid Base64.", docsBlobs+"#create-a-blob")
			return
		}
		data = d
	default:
		writeError(w, http.StatusUnprocessableEntity, fmt.Sprintf("Invalid request.\n\nencoding %q is not supported.", body.Encoding), docsBlobs+"#create-a-blob")
		return
	}
	sha := repo.writeBlob(data)
	w.Header().Set("Location", f.repoURL(repo, "git/blobs/"+sha))
	writeJSON(w, http.StatusCreated, map[string]string{"sha": sha, "url": f.repoURL(repo, "git/blobs/"+sha)})
}

// base64Lines encodes data as GitHub does in blobs and contents: base64
// with a newline after every 60 characters.
func base64Lines(data []byte) string {
	s := base64.StdEncoding.EncodeToString(data)
	var b strings.Builder
	for len(s) > 60 {
		b.WriteString(s[:60] + "\n")
		s = s[60:]
	}
	b.WriteString(s + "\n")
	return b.String()
}

func (f *Fake) getBlob(w http.ResponseWriter, r *http.Request, repo *fakeRepo) {
	sha := r.PathValue("sha")
	if !repo.isType(sha, "blob") {
		writeError(w, http.StatusNotFound, "Not Found", docsBlobs+"#get-a-blob")
		return
	}
	data := repo.objects[sha].data
	if strings.Contains(r.Header.Get("Accept"), "raw") {
		w.Header().Set("Content-Type", "application/vnd.github.raw")
		w.WriteHeader(http.StatusOK)
		w.Write(data)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"sha": sha, "node_id": "B_" + sha, "size": len(data), "url": f.repoURL(repo, "git/blobs/"+sha),
		"content": base64Lines(data), "encoding": "base64",
	})
}

func (f *Fake) treeJSON(repo *fakeRepo, sha string, recursive bool) map[string]any {
	entries := []map[string]any{}
	add := func(p string, e treeEntry) {
		m := map[string]any{"path": p, "mode": e.mode, "type": e.typ, "sha": e.sha, "url": f.repoURL(repo, "git/"+e.typ+"s/"+e.sha)}
		if e.typ == "blob" {
			m["size"] = len(repo.objects[e.sha].data)
		}
		if e.typ == "commit" {
			delete(m, "url")
		}
		entries = append(entries, m)
	}
	if recursive {
		repo.walk(sha, "", add)
	} else {
		for _, e := range repo.objects[sha].entries {
			add(e.name, e)
		}
	}
	return map[string]any{"sha": sha, "url": f.repoURL(repo, "git/trees/"+sha), "tree": entries, "truncated": false}
}

func (f *Fake) createTree(w http.ResponseWriter, r *http.Request, repo *fakeRepo) {
	var body struct {
		BaseTree string `json:"base_tree"`
		Tree     []struct {
			Path    string  `json:"path"`
			Mode    string  `json:"mode"`
			Type    string  `json:"type"`
			SHA     *string `json:"sha"`
			Content *string `json:"content"`
		} `json:"tree"`
	}
	if !decode(w, r, &body) || !canWrite(w, repo, docsTrees, false) {
		return
	}
	invalid := func(msg string) { writeError(w, http.StatusUnprocessableEntity, msg, docsTrees) }
	root := newDir()
	if body.BaseTree != "" {
		if !repo.isType(body.BaseTree, "tree") {
			invalid("base_tree is not a valid tree oid")
			return
		}
		root = repo.loadTree(body.BaseTree)
	}
	for _, e := range body.Tree {
		p := path.Clean(e.Path)
		if e.Path == "" || p != e.Path || strings.HasPrefix(p, "/") || strings.HasPrefix(p, "..") {
			invalid(fmt.Sprintf("tree.path %q contains a malformed path component", e.Path))
			return
		}
		typ, ok := typeOfMode[e.Mode]
		if !ok || (e.Type != "" && e.Type != typ) {
			invalid(fmt.Sprintf("tree.mode %q and tree.type %q do not match", e.Mode, e.Type))
			return
		}
		parts := strings.Split(p, "/")
		switch {
		case e.Content != nil && e.SHA != nil:
			invalid("Must supply either tree.sha or tree.content, not both")
			return
		case e.Content != nil:
			if typ != "blob" {
				invalid("tree.content is only valid for blobs")
				return
			}
			root.set(parts, &treeNode{mode: e.Mode, sha: repo.writeBlob([]byte(*e.Content))})
		case e.SHA == nil:
			root.set(parts, nil)
		case typ == "tree" && repo.isType(*e.SHA, "tree"):
			root.set(parts, repo.loadTree(*e.SHA))
		case typ == "commit" || repo.isType(*e.SHA, typ):
			root.set(parts, &treeNode{mode: e.Mode, sha: *e.SHA})
		default:
			invalid(fmt.Sprintf("tree.sha %s is not a valid %s", *e.SHA, typ))
			return
		}
	}
	sha := repo.writeTree(root)
	if !workflowScope(w, repo, body.BaseTree, sha, docsTrees) {
		return
	}
	w.Header().Set("Location", f.repoURL(repo, "git/trees/"+sha))
	writeJSON(w, http.StatusCreated, f.treeJSON(repo, sha, false))
}

func (f *Fake) getTree(w http.ResponseWriter, r *http.Request, repo *fakeRepo) {
	sha := r.PathValue("sha")
	if c, ok := repo.resolve(sha); ok {
		sha = repo.objects[c].commit.tree
	}
	if !repo.isType(sha, "tree") {
		writeError(w, http.StatusNotFound, "Not Found", "https://docs.github.com/rest/git/trees#get-a-tree")
		return
	}
	writeJSON(w, http.StatusOK, f.treeJSON(repo, sha, r.URL.Query().Has("recursive")))
}

func (f *Fake) commitJSON(repo *fakeRepo, sha string) map[string]any {
	c := repo.objects[sha].commit
	sig := func(s signature) map[string]string {
		return map[string]string{"name": s.name, "email": s.email, "date": s.date.UTC().Format(time.RFC3339)}
	}
	parents := []map[string]string{}
	for _, p := range c.parents {
		parents = append(parents, map[string]string{"sha": p, "url": f.repoURL(repo, "git/commits/"+p), "html_url": f.htmlURL(repo, "commit/"+p)})
	}
	return map[string]any{
		"sha": sha, "node_id": "C_" + sha,
		"url":       f.repoURL(repo, "git/commits/"+sha),
		"html_url":  f.htmlURL(repo, "commit/"+sha),
		"author":    sig(c.author),
		"committer": sig(c.committer),
		"message":   c.message,
		"tree":      map[string]string{"sha": c.tree, "url": f.repoURL(repo, "git/trees/"+c.tree)},
		"parents":   parents,
		"verification": map[string]any{
			"verified": false, "reason": "unsigned", "signature": nil, "payload": nil,
		},
	}
}

func (f *Fake) createCommit(w http.ResponseWriter, r *http.Request, repo *fakeRepo) {
	type sigJSON struct {
		Name  string     `json:"name"`
		Email string     `json:"email"`
		Date  *time.Time `json:"date"`
	}
	var body struct {
		Message   *string  `json:"message"`
		Tree      string   `json:"tree"`
		Parents   []string `json:"parents"`
		Author    *sigJSON `json:"author"`
		Committer *sigJSON `json:"committer"`
	}
	if !decode(w, r, &body) || !canWrite(w, repo, docsCommits+"#create-a-commit", false) {
		return
	}
	invalid := func(msg string) { writeError(w, http.StatusUnprocessableEntity, msg, docsCommits+"#create-a-commit") }
	if body.Message == nil {
		invalid("Invalid request.\n\n\"message\" wasn't supplied.")
		return
	}
	if !repo.isType(body.Tree, "tree") {
		invalid("Tree SHA does not exist")
		return
	}
	for _, p := range body.Parents {
		if !repo.isType(p, "commit") {
			invalid("Parent SHA does not exist or is not a commit object")
			return
		}
	}
	now := f.Now().UTC().Truncate(time.Second)
	sig := func(s *sigJSON, def signature) signature {
		if s == nil {
			return def
		}
		out := signature{s.Name, s.Email, now}
		if s.Date != nil {
			out.date = *s.Date
		}
		return out
	}
	author := sig(body.Author, signature{"Octocat", "octocat@github.com", now})
	sha := repo.writeCommit(commitObject{
		tree: body.Tree, parents: body.Parents, message: *body.Message,
		author: author, committer: sig(body.Committer, author),
	})
	w.Header().Set("Location", f.repoURL(repo, "git/commits/"+sha))
	writeJSON(w, http.StatusCreated, f.commitJSON(repo, sha))
}

func (f *Fake) getCommit(w http.ResponseWriter, r *http.Request, repo *fakeRepo) {
	sha := r.PathValue("sha")
	if !repo.isType(sha, "commit") {
		writeError(w, http.StatusNotFound, "Not Found", docsCommits+"#get-a-commit")
		return
	}
	writeJSON(w, http.StatusOK, f.commitJSON(repo, sha))
}

func (f *Fake) contentJSON(repo *fakeRepo, ref, p string, e treeEntry, withContent bool) map[string]any {
	typ := map[string]string{"blob": "file", "tree": "dir", "commit": "submodule"}[e.typ]
	if e.mode == modeSymlink {
		typ = "symlink"
	}
	m := map[string]any{
		"type": typ, "name": path.Base(p), "path": p, "sha": e.sha, "size": 0,
		"url":      f.repoURL(repo, "contents/"+p+"?ref="+ref),
		"git_url":  f.repoURL(repo, "git/"+e.typ+"s/"+e.sha),
		"html_url": f.htmlURL(repo, "blob/"+ref+"/"+p),
	}
	if e.typ == "blob" {
		data := repo.objects[e.sha].data
		m["size"] = len(data)
		m["download_url"] = f.URL + "/raw/" + repo.owner + "/" + repo.name + "/" + ref + "/" + p
		if withContent {
			m["content"], m["encoding"] = base64Lines(data), "base64"
		}
	}
	return m
}

func (f *Fake) getContents(w http.ResponseWriter, r *http.Request, repo *fakeRepo) {
	p := strings.Trim(r.PathValue("path"), "/")
	ref := r.URL.Query().Get("ref")
	if ref == "" {
		ref = repo.opts.DefaultBranch
	}
	commit, ok := repo.resolve(ref)
	if !ok {
		writeError(w, http.StatusNotFound, "No commit found for the ref "+ref, docsContents)
		return
	}
	e, ok := repo.lookup(repo.objects[commit].commit.tree, p)
	if !ok {
		writeError(w, http.StatusNotFound, "Not Found", docsContents)
		return
	}
	if e.typ != "tree" {
		writeJSON(w, http.StatusOK, f.contentJSON(repo, ref, p, e, true))
		return
	}
	list := []map[string]any{}
	for _, c := range repo.objects[e.sha].entries {
		list = append(list, f.contentJSON(repo, ref, strings.TrimPrefix(p+"/"+c.name, "/"), c, false))
	}
	writeJSON(w, http.StatusOK, list)
}

func (f *Fake) getBranch(w http.ResponseWriter, r *http.Request, repo *fakeRepo) {
	name := r.PathValue("branch")
	sha, ok := repo.refs["refs/heads/"+name]
	if !ok {
		writeError(w, http.StatusNotFound, "Branch not found", docsBranch)
		return
	}
	commit := f.commitJSON(repo, sha)
	writeJSON(w, http.StatusOK, map[string]any{
		"name": name,
		"commit": map[string]any{
			"sha": sha, "node_id": commit["node_id"], "url": f.repoURL(repo, "commits/"+sha),
			"html_url": commit["html_url"], "commit": commit, "parents": commit["parents"],
		},
		"protected":      repo.protected("refs/heads/" + name),
		"protection":     map[string]any{"enabled": repo.protected("refs/heads/" + name)},
		"protection_url": f.repoURL(repo, "branches/"+name+"/protection"),
		"_links":         map[string]string{"self": f.repoURL(repo, "branches/"+name), "html": f.htmlURL(repo, "tree/"+name)},
	})
}
