package githubtest

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"time"
)

// fakeRepo is one repository of the Fake: a git object store, its refs
// and what GitHub keeps beside them.
type fakeRepo struct {
	owner, name string
	id          int64
	opts        RepoOptions
	objects     map[string]*object // by SHA-1
	refs        map[string]string  // "refs/heads/main" → SHA-1
	pulls       []*pull
	labels      []string // the repository's labels, in creation order
	envs        map[string]*environment
	vars        map[string]*variable
}

func newFakeRepo(owner, name string, id int64, o RepoOptions) *fakeRepo {
	return &fakeRepo{
		owner: owner, name: name, id: id, opts: o,
		objects: map[string]*object{},
		refs:    map[string]string{},
		envs:    map[string]*environment{},
		vars:    map[string]*variable{},
	}
}

// object is a git object: a blob (data), a tree (entries) or a commit.
type object struct {
	typ     string
	data    []byte
	entries []treeEntry
	commit  *commitObject
}

// treeEntry is one line of a git tree.
type treeEntry struct{ name, mode, typ, sha string }

type commitObject struct {
	tree              string
	parents           []string
	message           string
	author, committer signature
}

type signature struct {
	name, email string
	date        time.Time
}

// The modes a tree entry may have, as the API spells them.
const (
	modeFile      = "100644"
	modeExec      = "100755"
	modeSymlink   = "120000"
	modeTree      = "040000"
	modeSubmodule = "160000"
)

// typeOfMode is the object type each mode points to.
var typeOfMode = map[string]string{
	modeFile: "blob", modeExec: "blob", modeSymlink: "blob", modeTree: "tree", modeSubmodule: "commit",
}

// store keeps an object under git's SHA-1 of "<type> <size>\x00<body>",
// so that blob SHAs are those of git hash-object and a client may compare
// them with hashes of local files.
func (repo *fakeRepo) store(o *object, body []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "%s %d\x00", o.typ, len(body))
	h.Write(body)
	sha := hex.EncodeToString(h.Sum(nil))
	if _, ok := repo.objects[sha]; !ok {
		repo.objects[sha] = o
	}
	return sha
}

func (repo *fakeRepo) writeBlob(data []byte) string {
	return repo.store(&object{typ: "blob", data: data}, data)
}

func (repo *fakeRepo) writeCommit(c commitObject) string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "tree %s\n", c.tree)
	for _, p := range c.parents {
		fmt.Fprintf(&b, "parent %s\n", p)
	}
	sig := func(s signature) string {
		return fmt.Sprintf("%s <%s> %d +0000", s.name, s.email, s.date.Unix())
	}
	fmt.Fprintf(&b, "author %s\ncommitter %s\n\n%s", sig(c.author), sig(c.committer), c.message)
	return repo.store(&object{typ: "commit", commit: &c}, b.Bytes())
}

// treeNode is a tree being built: a leaf (mode and sha) or, when
// children is not nil, a directory.
type treeNode struct {
	mode, sha string
	children  map[string]*treeNode
}

func newDir() *treeNode { return &treeNode{mode: modeTree, children: map[string]*treeNode{}} }

// loadTree reads the tree sha into a node that can be changed.
func (repo *fakeRepo) loadTree(sha string) *treeNode {
	n := newDir()
	for _, e := range repo.objects[sha].entries {
		if e.typ == "tree" {
			n.children[e.name] = repo.loadTree(e.sha)
		} else {
			n.children[e.name] = &treeNode{mode: e.mode, sha: e.sha}
		}
	}
	return n
}

// set puts leaf at path, making the directories on the way (replacing a
// file in the way, as git does); a nil leaf removes the path, and the
// directories it leaves empty.
func (n *treeNode) set(path []string, leaf *treeNode) {
	name := path[0]
	if len(path) == 1 {
		if leaf == nil {
			delete(n.children, name)
		} else {
			n.children[name] = leaf
		}
		return
	}
	child := n.children[name]
	if child == nil || child.children == nil {
		if leaf == nil {
			return
		}
		child = newDir()
		n.children[name] = child
	}
	child.set(path[1:], leaf)
	if len(child.children) == 0 {
		delete(n.children, name)
	}
}

// writeTree stores n and its directories and returns its SHA-1, computed
// as git does: entries sorted by name, a directory's name as if it ended
// in a slash, "<mode> <name>\x00<20-byte sha>" each.
func (repo *fakeRepo) writeTree(n *treeNode) string {
	var entries []treeEntry
	for name, c := range n.children {
		if c.children != nil {
			entries = append(entries, treeEntry{name: name, mode: modeTree, typ: "tree", sha: repo.writeTree(c)})
		} else {
			entries = append(entries, treeEntry{name: name, mode: c.mode, typ: typeOfMode[c.mode], sha: c.sha})
		}
	}
	key := func(e treeEntry) string {
		if e.typ == "tree" {
			return e.name + "/"
		}
		return e.name
	}
	sort.Slice(entries, func(i, j int) bool { return key(entries[i]) < key(entries[j]) })
	var b bytes.Buffer
	for _, e := range entries {
		raw, _ := hex.DecodeString(e.sha)
		fmt.Fprintf(&b, "%s %s\x00", strings.TrimPrefix(e.mode, "0"), e.name)
		b.Write(raw)
	}
	return repo.store(&object{typ: "tree", entries: entries}, b.Bytes())
}

// filesToTree builds a tree of files (path → content).
func filesToTree(repo *fakeRepo, files map[string]string) *treeNode {
	root := newDir()
	for p, c := range files {
		root.set(strings.Split(p, "/"), &treeNode{mode: modeFile, sha: repo.writeBlob([]byte(c))})
	}
	return root
}

// walk calls fn for every entry under the tree sha, depth first in tree
// order, with the entry's path from the root.
func (repo *fakeRepo) walk(sha, prefix string, fn func(path string, e treeEntry)) {
	for _, e := range repo.objects[sha].entries {
		fn(prefix+e.name, e)
		if e.typ == "tree" {
			repo.walk(e.sha, prefix+e.name+"/", fn)
		}
	}
}

// lookup finds the entry at path in the tree sha.
func (repo *fakeRepo) lookup(sha, path string) (treeEntry, bool) {
	e := treeEntry{typ: "tree", mode: modeTree, sha: sha}
	if path == "" {
		return e, true
	}
	for _, name := range strings.Split(path, "/") {
		if e.typ != "tree" {
			return treeEntry{}, false
		}
		found := false
		for _, c := range repo.objects[e.sha].entries {
			if c.name == name {
				e, found = c, true
				break
			}
		}
		if !found {
			return treeEntry{}, false
		}
	}
	return e, true
}

// isType reports whether sha is an object of type typ.
func (repo *fakeRepo) isType(sha, typ string) bool {
	o, ok := repo.objects[sha]
	return ok && o.typ == typ
}

// resolve finds the commit a ref names: a branch, a tag, a full ref or a
// commit SHA, as GitHub's ?ref= parameters accept.
func (repo *fakeRepo) resolve(ref string) (string, bool) {
	for _, name := range []string{"refs/heads/" + ref, "refs/tags/" + ref, "refs/" + ref, ref} {
		if sha, ok := repo.refs[name]; ok {
			return sha, true
		}
	}
	if repo.isType(ref, "commit") {
		return ref, true
	}
	return "", false
}

// isAncestor reports whether commit anc is desc or one of its ancestors.
func (repo *fakeRepo) isAncestor(anc, desc string) bool {
	seen := map[string]bool{}
	queue := []string{desc}
	for len(queue) > 0 {
		sha := queue[0]
		queue = queue[1:]
		if sha == anc {
			return true
		}
		if seen[sha] || !repo.isType(sha, "commit") {
			continue
		}
		seen[sha] = true
		queue = append(queue, repo.objects[sha].commit.parents...)
	}
	return false
}

// setRef moves a ref, and with a branch the head of its pull requests.
func (repo *fakeRepo) setRef(name, sha string) {
	repo.refs[name] = sha
	if branch, ok := strings.CutPrefix(name, "refs/heads/"); ok {
		for _, p := range repo.pulls {
			if p.head == branch && p.state == "open" {
				p.headSHA = sha
			}
		}
	}
}

// workflowsOf returns the SHA of the .github/workflows tree of the commit
// (or tree) sha, "" when there is none.
func (repo *fakeRepo) workflowsOf(sha string) string {
	if repo.isType(sha, "commit") {
		sha = repo.objects[sha].commit.tree
	}
	if !repo.isType(sha, "tree") {
		return ""
	}
	e, ok := repo.lookup(sha, ".github/workflows")
	if !ok {
		return ""
	}
	return e.sha
}

// branchBase is what a new ref at commit sha is compared with for
// workflow changes: the nearest first-parent ancestor that is the head of
// a branch, as only the commits no branch has yet are new to GitHub.
func (repo *fakeRepo) branchBase(sha string) string {
	heads := map[string]bool{}
	for name, s := range repo.refs {
		if strings.HasPrefix(name, "refs/heads/") {
			heads[s] = true
		}
	}
	for repo.isType(sha, "commit") {
		if heads[sha] {
			return sha
		}
		parents := repo.objects[sha].commit.parents
		if len(parents) == 0 {
			break
		}
		sha = parents[0]
	}
	return ""
}

func (repo *fakeRepo) protected(ref string) bool {
	branch, ok := strings.CutPrefix(ref, "refs/heads/")
	if !ok {
		return false
	}
	for _, b := range repo.opts.ProtectedBranches {
		if b == branch {
			return true
		}
	}
	return false
}
