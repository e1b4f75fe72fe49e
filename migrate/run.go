package migrate

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/jenkins2actions/jenkins2actions/github"
)

// Runner carries out a plan.
type Runner struct {
	// Client talks to GitHub; a dry run may go without one.
	Client  *github.Client
	Options Options
	State   *State
	// DryRun makes no write request: each repository with work to do is
	// Planned.
	DryRun bool
	// OnResult hears each repository's outcome as it is recorded.
	OnResult func(Result)
}

// Run migrates every repository of p, Options.Concurrency at a time, and
// returns their results by name. A repository that GitHub refuses fails
// with the reason and the others go on; the error is for what stops the
// whole run: a token GitHub rejects (found before any write), a state file
// that cannot be saved, or ctx ending (what was done is in the state).
func (r *Runner) Run(ctx context.Context, p *Plan) ([]Result, error) {
	if err := r.State.SetUnassigned(p.Unassigned); err != nil {
		return nil, err
	}
	var results []Result
	var pending []*Repo
	for _, repo := range p.Repos {
		d := Digest(repo, r.Options)
		if old, ok := r.State.Lookup(repo.Name); ok && old.Outcome.Done() && old.Digest == d {
			old.Recorded = true
			results = append(results, old)
			r.report(old)
			continue
		}
		pending = append(pending, repo)
	}
	if len(pending) == 0 {
		return results, nil
	}
	if !r.DryRun {
		if err := r.preflight(ctx, pending[0]); err != nil {
			return results, err
		}
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	work := make(chan *Repo)
	var (
		mu    sync.Mutex
		fatal error
		wg    sync.WaitGroup
	)
	stop := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if fatal == nil {
			fatal = err
		}
		cancel()
	}
	for range max(r.Options.Concurrency, 1) {
		wg.Go(func() {
			for repo := range work {
				res, err := r.sync(ctx, repo)
				if err != nil {
					stop(err)
					continue
				}
				if err := r.State.Record(res); err != nil {
					stop(err)
					continue
				}
				mu.Lock()
				results = append(results, res)
				mu.Unlock()
				r.report(res)
			}
		})
	}
feed:
	for _, repo := range pending {
		select {
		case work <- repo:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	slices.SortFunc(results, func(a, b Result) int { return strings.Compare(a.Repo, b.Repo) })
	if fatal == nil {
		// Only the caller's context ends this one without a fatal error.
		fatal = ctx.Err()
	}
	return results, fatal
}

func (r *Runner) report(res Result) {
	if r.OnResult != nil {
		r.OnResult(res)
	}
}

// preflight reads the first repository before anything is written, so
// that a token GitHub rejects stops the run with no write made.
func (r *Runner) preflight(ctx context.Context, repo *Repo) error {
	owner, name, err := ParseRepo(repo.Name)
	if err != nil {
		return nil // that repository fails on its own
	}
	if _, err := r.Client.Repository(ctx, owner, name); github.ReasonOf(err) == github.BadCredentials {
		return TokenError{err}
	} else if ctx.Err() != nil {
		return ctx.Err()
	}
	return nil
}

// TokenError is a token GitHub rejects: nothing can be done with it, on
// any repository.
type TokenError struct{ Err error }

func (e TokenError) Error() string {
	return "GitHub rejected the token (401 Bad credentials): set GITHUB_TOKEN to a valid token"
}
func (e TokenError) Unwrap() error { return e.Err }

// Digest is a hash of everything a run writes to repo with opts: a
// repository recorded done with the same digest needs no request.
func Digest(repo *Repo, opts Options) string {
	h := sha256.New()
	fmt.Fprintf(h, "branch %q\ntitle %q\nbody %q\nlabels %q\nprovision %t\n", opts.Branch, repo.Title, repo.Body, opts.Labels, opts.Provision)
	for _, f := range slices.Sorted(maps.Keys(repo.Files)) {
		fmt.Fprintf(h, "file %q %s\n", f, github.BlobSHA(repo.Files[f]))
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// sync brings one repository to the plan: a branch whose head holds the
// files, an open pull request from it with the plan's title and body, and
// with Provision the environments and variables. It writes only what
// differs. The error is for what stops the run; GitHub refusing this
// repository is its Failed result.
func (r *Runner) sync(ctx context.Context, repo *Repo) (Result, error) {
	res := Result{Repo: repo.Name, Branch: r.Options.Branch, Digest: Digest(repo, r.Options), Files: slices.Sorted(maps.Keys(repo.Files))}
	if len(repo.Files) == 0 {
		res.Outcome, res.Reason = Skipped, "no job of the repository converted"
		for _, j := range repo.Jobs {
			res.Reason += fmt.Sprintf("; %s: %s", j.Path, j.Skipped)
		}
		return res, nil
	}
	if r.DryRun {
		res.Outcome = Planned
		return res, nil
	}
	err := r.write(ctx, repo, &res)
	switch {
	case err == nil:
		return res, nil
	case ctx.Err() != nil:
		return res, ctx.Err()
	case github.ReasonOf(err) == github.BadCredentials:
		return res, TokenError{err}
	}
	res.Outcome, res.Reason = Failed, describe(err)
	return res, nil
}

// write does the requests of sync.
func (r *Runner) write(ctx context.Context, repo *Repo, res *Result) error {
	c := r.Client
	owner, name, err := ParseRepo(repo.Name)
	if err != nil {
		return err
	}
	info, err := c.Repository(ctx, owner, name)
	switch {
	case err != nil:
		return err
	case info.Archived:
		return refusal(github.Archived, "the repository is archived")
	case !info.CanPush:
		return refusal(github.NoPermission, "the token may read the repository but not push to it")
	case strings.EqualFold(info.DefaultBranch, r.Options.Branch):
		return fmt.Errorf("the migration branch %q is the default branch (choose another with --branch)", r.Options.Branch)
	}
	base, ok, err := c.BranchHead(ctx, owner, name, info.DefaultBranch)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("the default branch %q has no commit to branch from (push one first)", info.DefaultBranch)
	}
	onBase, err := r.dirFiles(ctx, owner, name, base, repo.Files)
	if err != nil {
		return err
	}
	if holds(onBase, repo.Files) {
		res.Outcome, res.Reason = Merged, "the default branch holds the workflows already"
		return nil
	}
	head, exists, err := c.BranchHead(ctx, owner, name, r.Options.Branch)
	if err != nil {
		return err
	}
	same := false
	if exists {
		onHead, err := r.dirFiles(ctx, owner, name, head, repo.Files)
		if err != nil {
			return err
		}
		same = holds(onHead, repo.Files) && !stale(onHead, onBase, repo.Files)
	}
	if !same {
		commit, err := c.Commit(ctx, owner, name, base, commitMessage(repo), repo.Files)
		if err != nil {
			return workflowScope(err)
		}
		if err := c.SetBranch(ctx, owner, name, r.Options.Branch, commit, exists); err != nil {
			return workflowScope(err)
		}
		res.Changed = true
	}
	pull, err := c.FindPull(ctx, owner, name, r.Options.Branch, info.DefaultBranch)
	switch {
	case err != nil:
		return err
	case pull == nil:
		if pull, err = c.CreatePull(ctx, owner, name, r.Options.Branch, info.DefaultBranch, repo.Title, repo.Body); err != nil {
			return err
		}
		res.Changed = true
	case pull.Title != repo.Title || pull.Body != repo.Body:
		if err := c.EditPull(ctx, owner, name, pull.Number, repo.Title, repo.Body); err != nil {
			return err
		}
		res.Changed = true
	}
	res.Pull, res.URL = pull.Number, pull.URL
	if len(r.Options.Labels) > 0 {
		n := len(pull.Labels)
		if err := c.AddLabels(ctx, owner, name, pull, r.Options.Labels); err != nil {
			return err
		}
		res.Changed = res.Changed || len(pull.Labels) > n
	}
	if r.Options.Provision {
		notes, changed, err := r.provision(ctx, owner, name, repo)
		if err != nil {
			return fmt.Errorf("pull request #%d is open, but provisioning failed: %s", pull.Number, describe(err))
		}
		res.Changed = res.Changed || changed
		res.Reason = strings.Join(notes, "; ")
	}
	res.Outcome = Open
	return nil
}

// dirFiles reads, in the tree of head, the directories files are in: each
// file's blob name by directory and name.
func (r *Runner) dirFiles(ctx context.Context, owner, name string, head github.Head, files map[string][]byte) (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	for p := range files {
		dir := path.Dir(p)
		if _, ok := out[dir]; ok {
			continue
		}
		have, err := r.Client.DirFiles(ctx, owner, name, head.Tree, dir)
		if err != nil {
			return nil, err
		}
		out[dir] = have
	}
	return out, nil
}

// holds tells whether a tree, read by dirFiles, has every file of files
// with the same content, compared by blob name without reading them.
func holds(tree map[string]map[string]string, files map[string][]byte) bool {
	for p, content := range files {
		if tree[path.Dir(p)][path.Base(p)] != github.BlobSHA(content) {
			return false
		}
	}
	return true
}

// stale tells whether the branch head has, in the directories of files, a
// file that is neither one of files nor on the default branch's base: a
// workflow of a job that has left Jenkins since the branch was written.
// The commit made instead starts from base again, without it.
func stale(head, base map[string]map[string]string, files map[string][]byte) bool {
	for dir, have := range head {
		for n := range have {
			if _, want := files[path.Join(dir, n)]; !want && base[dir][n] == "" {
				return true
			}
		}
	}
	return false
}

// workflowScope reads a 404 to a tree or ref that changes workflows, in a
// repository the token has just read, as what GitHub means by it: a token
// without the workflow scope, which GitHub does not name.
func workflowScope(err error) error {
	var e *github.Error
	if errors.As(err, &e) && e.Reason == github.NotFound {
		return &github.Error{Op: e.Op, Status: e.Status, Reason: github.NoWorkflowScope,
			Message: "GitHub answered 404 to a change of " + WorkflowDir + " in a repository the token can read"}
	}
	return err
}

// refusal is a refusal found before GitHub was asked to write.
func refusal(reason github.Reason, msg string) error {
	return &github.Error{Op: "migrate", Reason: reason, Message: msg}
}

// commitMessage says where the workflows came from.
func commitMessage(repo *Repo) string {
	var b strings.Builder
	b.WriteString(Title + "\n\nWorkflows converted from Jenkins by jenkins2actions:\n\n")
	for _, j := range repo.Jobs {
		if j.File != "" {
			fmt.Fprintf(&b, "- %s: %s\n", j.Path, j.File)
		}
	}
	return b.String()
}
