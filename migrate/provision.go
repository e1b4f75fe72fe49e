package migrate

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/github"
)

// maxReviewers is the most required reviewers GitHub takes on an
// environment.
const maxReviewers = 6

// provision creates the environments the workflows of repo wait on, with
// the Jenkins submitters that are GitHub users or teams as required
// reviewers, and the variables whose value the conversion knows. It writes
// only what is missing or different. notes name the reviewers not found;
// secrets are never created: the pull request lists them.
func (r *Runner) provision(ctx context.Context, owner, name string, repo *Repo) (notes []string, changed bool, err error) {
	envs := Environments(repo)
	for _, env := range slices.Sorted(maps.Keys(envs)) {
		var reviewers []github.Reviewer
		var unknown []string
		for _, who := range envs[env] {
			rv, ok, err := r.reviewer(ctx, owner, who)
			if err != nil {
				return nil, false, err
			}
			switch {
			case !ok:
				unknown = append(unknown, who)
			case len(reviewers) < maxReviewers:
				reviewers = append(reviewers, rv)
			default:
				unknown = append(unknown, who+" (past GitHub's 6 reviewers)")
			}
		}
		if len(unknown) > 0 {
			notes = append(notes, fmt.Sprintf("environment %s: no GitHub user or team for reviewers %s", env, strings.Join(unknown, ", ")))
		}
		wrote, err := r.Client.EnsureEnvironment(ctx, owner, name, env, reviewers)
		if err != nil {
			return nil, false, err
		}
		changed = changed || wrote
	}
	defaults := Defaults(repo)
	for _, v := range slices.Sorted(maps.Keys(defaults)) {
		wrote, err := r.Client.EnsureVariable(ctx, owner, name, v, defaults[v])
		if err != nil {
			return nil, false, err
		}
		changed = changed || wrote
	}
	return notes, changed, nil
}

// reviewer finds the GitHub user or team a Jenkins submitter names: org/team
// is a team; another name is a user, else a team of the repository's owner.
func (r *Runner) reviewer(ctx context.Context, owner, who string) (github.Reviewer, bool, error) {
	if org, slug, ok := strings.Cut(who, "/"); ok {
		id, ok, err := r.Client.TeamID(ctx, org, slug)
		return github.Reviewer{Type: "Team", ID: id}, ok, err
	}
	if id, ok, err := r.Client.UserID(ctx, who); err != nil || ok {
		return github.Reviewer{Type: "User", ID: id}, ok, err
	}
	id, ok, err := r.Client.TeamID(ctx, owner, who)
	return github.Reviewer{Type: "Team", ID: id}, ok, err
}
