package github

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	gh "github.com/google/go-github/v60/github"
)

// Reviewer is a required reviewer of an environment: a user or a team.
type Reviewer struct {
	// Type is "User" or "Team", as the environments API names them.
	Type string
	ID   int64
}

// UserID returns the id of the user login; false when there is none.
func (c *Client) UserID(ctx context.Context, login string) (int64, bool, error) {
	u, _, err := c.gh.Users.Get(ctx, login)
	return found(u.GetID(), fmt.Sprintf("read user %q", login), err)
}

// TeamID returns the id of the team slug of org; false when there is none.
func (c *Client) TeamID(ctx context.Context, org, slug string) (int64, bool, error) {
	t, _, err := c.gh.Teams.GetTeamBySlug(ctx, org, slug)
	return found(t.GetID(), fmt.Sprintf("read team %s/%s", org, slug), err)
}

// found turns a 404 into false, for lookups where absence is an answer.
func found(id int64, what string, err error) (int64, bool, error) {
	if err == nil {
		return id, true, nil
	}
	if err := apiError(what, err); !errors.Is(err, ErrNotFound) {
		return 0, false, err
	}
	return 0, false, nil
}

// EnsureEnvironment creates the environment name with the required
// reviewers, or sets its reviewers when they differ; it writes nothing when
// the environment is as asked. It reports whether it wrote.
func (c *Client) EnsureEnvironment(ctx context.Context, owner, repo, name string, reviewers []Reviewer) (bool, error) {
	what := fmt.Sprintf("create environment %q of %s/%s", name, owner, repo)
	env, _, err := c.gh.Repositories.GetEnvironment(ctx, owner, repo, name)
	if err != nil {
		if err := apiError(what, err); !errors.Is(err, ErrNotFound) {
			return false, err
		}
	} else if slices.Equal(sortReviewers(envReviewers(env)), sortReviewers(slices.Clone(reviewers))) {
		return false, nil
	}
	req := &gh.CreateUpdateEnvironment{}
	for _, r := range reviewers {
		req.Reviewers = append(req.Reviewers, &gh.EnvReviewers{Type: gh.String(r.Type), ID: gh.Int64(r.ID)})
	}
	_, _, err = c.gh.Repositories.CreateUpdateEnvironment(ctx, owner, repo, name, req)
	return true, wrapAPI(what, err)
}

// sortReviewers sorts rs in place, for comparing sets of reviewers.
func sortReviewers(rs []Reviewer) []Reviewer {
	slices.SortFunc(rs, func(a, b Reviewer) int {
		return cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(a.ID, b.ID))
	})
	return rs
}

// envReviewers are the required reviewers of env.
func envReviewers(env *gh.Environment) []Reviewer {
	var out []Reviewer
	for _, rule := range env.ProtectionRules {
		for _, r := range rule.Reviewers {
			var id int64
			switch v := r.Reviewer.(type) {
			case *gh.User:
				id = v.GetID()
			case *gh.Team:
				id = v.GetID()
			}
			out = append(out, Reviewer{Type: r.GetType(), ID: id})
		}
	}
	return out
}

// EnsureVariable creates the repository variable name with value, or sets
// it when it differs; it writes nothing when the variable holds value. It
// reports whether it wrote.
func (c *Client) EnsureVariable(ctx context.Context, owner, repo, name, value string) (bool, error) {
	what := fmt.Sprintf("set variable %s of %s/%s", name, owner, repo)
	v, _, err := c.gh.Actions.GetRepoVariable(ctx, owner, repo, name)
	switch {
	case err == nil && v.Value == value:
		return false, nil
	case err == nil:
		_, err = c.gh.Actions.UpdateRepoVariable(ctx, owner, repo, &gh.ActionsVariable{Name: name, Value: value})
		return true, wrapAPI(what, err)
	}
	if err := apiError(what, err); !errors.Is(err, ErrNotFound) {
		return false, err
	}
	_, err = c.gh.Actions.CreateRepoVariable(ctx, owner, repo, &gh.ActionsVariable{Name: name, Value: value})
	if isAlreadyExists(err) {
		// Created by an attempt whose answer was lost.
		_, err = c.gh.Actions.UpdateRepoVariable(ctx, owner, repo, &gh.ActionsVariable{Name: name, Value: value})
	}
	return true, wrapAPI(what, err)
}
