package github

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"path"
	"slices"
	"strings"

	gh "github.com/google/go-github/v60/github"
)

// Repository is what a migration needs to know of a repository before it
// writes: where to branch from, and whether it may write at all.
type Repository struct {
	Owner, Name   string
	DefaultBranch string
	Archived      bool
	// CanPush is false when the token may read but not write.
	CanPush bool
}

// FullName is owner/name.
func (r *Repository) FullName() string { return r.Owner + "/" + r.Name }

// Repository reads owner/name.
func (c *Client) Repository(ctx context.Context, owner, name string) (*Repository, error) {
	r, _, err := c.gh.Repositories.Get(ctx, owner, name)
	if err != nil {
		return nil, apiError(fmt.Sprintf("read repository %s/%s", owner, name), err)
	}
	perms := r.GetPermissions()
	return &Repository{Owner: owner, Name: name, DefaultBranch: r.GetDefaultBranch(), Archived: r.GetArchived(),
		// A token that is not told its permissions (an installation token
		// on some servers) is left to find out at the first write.
		CanPush: perms == nil || perms["push"] || perms["admin"] || perms["maintain"]}, nil
}

// BlobSHA is the Git object name of a blob holding content, as Git and
// GitHub compute it: a file on a branch can be compared with content
// without reading it.
func BlobSHA(content []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(content))
	h.Write(content)
	return hex.EncodeToString(h.Sum(nil))
}

// Head is the commit a branch points to and that commit's tree.
type Head struct {
	Commit, Tree string
}

// BranchHead returns the head of branch, and false when there is no such
// branch.
func (c *Client) BranchHead(ctx context.Context, owner, name, branch string) (Head, bool, error) {
	what := fmt.Sprintf("read branch %q of %s/%s", branch, owner, name)
	ref, _, err := c.gh.Git.GetRef(ctx, owner, name, "heads/"+branch)
	if err != nil {
		if err := apiError(what, err); !errors.Is(err, ErrNotFound) {
			return Head{}, false, err
		}
		return Head{}, false, nil
	}
	commit, _, err := c.gh.Git.GetCommit(ctx, owner, name, ref.GetObject().GetSHA())
	if err != nil {
		return Head{}, false, apiError(what, err)
	}
	return Head{Commit: commit.GetSHA(), Tree: commit.GetTree().GetSHA()}, true, nil
}

// DirFiles returns the blobs directly in dir (a slash path) of the tree
// treeSHA, by name, with their object names; empty when dir is missing.
// It walks down one level at a time, since a recursive listing of a large
// repository is truncated.
func (c *Client) DirFiles(ctx context.Context, owner, name, treeSHA, dir string) (map[string]string, error) {
	what := fmt.Sprintf("read %s of %s/%s", dir, owner, name)
	sha := treeSHA
	for _, seg := range strings.Split(strings.Trim(dir, "/"), "/") {
		t, _, err := c.gh.Git.GetTree(ctx, owner, name, sha, false)
		if err != nil {
			return nil, apiError(what, err)
		}
		sha = ""
		for _, e := range t.Entries {
			if e.GetPath() == seg && e.GetType() == "tree" {
				sha = e.GetSHA()
			}
		}
		if sha == "" {
			return map[string]string{}, nil
		}
	}
	t, _, err := c.gh.Git.GetTree(ctx, owner, name, sha, false)
	if err != nil {
		return nil, apiError(what, err)
	}
	files := map[string]string{}
	for _, e := range t.Entries {
		if e.GetType() == "blob" {
			files[e.GetPath()] = e.GetSHA()
		}
	}
	return files, nil
}

// Commit writes files (path → content) as one commit on parent, whose tree
// is base with the files added or replaced, and returns the commit's name.
// Blobs and trees are addressed by content, so a retried request makes
// nothing twice.
func (c *Client) Commit(ctx context.Context, owner, name string, parent Head, message string, files map[string][]byte) (string, error) {
	what := fmt.Sprintf("commit to %s/%s", owner, name)
	var entries []*gh.TreeEntry
	for _, p := range slices.Sorted(maps.Keys(files)) {
		b, _, err := c.gh.Git.CreateBlob(ctx, owner, name, &gh.Blob{Content: gh.String(string(files[p])), Encoding: gh.String("utf-8")})
		if err != nil {
			return "", apiError(what, err)
		}
		entries = append(entries, &gh.TreeEntry{Path: gh.String(p), Mode: gh.String("100644"), Type: gh.String("blob"), SHA: b.SHA})
	}
	tree, _, err := c.gh.Git.CreateTree(ctx, owner, name, parent.Tree, entries)
	if err != nil {
		return "", apiError(what, err)
	}
	commit, _, err := c.gh.Git.CreateCommit(ctx, owner, name, &gh.Commit{
		Message: gh.String(message), Tree: &gh.Tree{SHA: tree.SHA}, Parents: []*gh.Commit{{SHA: gh.String(parent.Commit)}},
	}, nil)
	if err != nil {
		return "", apiError(what, err)
	}
	return commit.GetSHA(), nil
}

// SetBranch points branch at commit, creating it when exists is false and
// moving it (forced: the branch is the migration's own) otherwise. A branch
// created by an earlier attempt whose answer was lost is moved instead.
func (c *Client) SetBranch(ctx context.Context, owner, name, branch, commit string, exists bool) error {
	what := fmt.Sprintf("push branch %q of %s/%s", branch, owner, name)
	ref := &gh.Reference{Ref: gh.String("refs/heads/" + branch), Object: &gh.GitObject{SHA: gh.String(commit)}}
	if !exists {
		_, _, err := c.gh.Git.CreateRef(ctx, owner, name, ref)
		if err == nil || !isAlreadyExists(err) {
			return wrapAPI(what, err)
		}
	}
	_, _, err := c.gh.Git.UpdateRef(ctx, owner, name, ref, true)
	return wrapAPI(what, err)
}

// isAlreadyExists tells the 422 (or, for variables, 409) GitHub gives to
// a create whose object is already there.
func isAlreadyExists(err error) bool {
	var er *gh.ErrorResponse
	return errors.As(err, &er) && er.Response != nil &&
		(er.Response.StatusCode == http.StatusUnprocessableEntity || er.Response.StatusCode == http.StatusConflict) &&
		strings.Contains(strings.ToLower(errorMessage(er)), "already exists")
}

// FileContent reads the file at p on the default branch (ref "") or ref;
// false when there is none.
func (c *Client) FileContent(ctx context.Context, owner, name, p, ref string) ([]byte, bool, error) {
	what := fmt.Sprintf("read %s of %s/%s", p, owner, name)
	f, _, _, err := c.gh.Repositories.GetContents(ctx, owner, name, path.Clean(p), &gh.RepositoryContentGetOptions{Ref: ref})
	if err != nil {
		if err := apiError(what, err); !errors.Is(err, ErrNotFound) {
			return nil, false, err
		}
		return nil, false, nil
	}
	if f == nil {
		return nil, false, nil // a directory
	}
	s, err := f.GetContent()
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", what, err)
	}
	return []byte(s), true, nil
}

// wrapAPI is apiError for a call that may have succeeded.
func wrapAPI(what string, err error) error {
	if err == nil {
		return nil
	}
	return apiError(what, err)
}
