package github

import (
	"context"
	"fmt"
	"slices"

	gh "github.com/google/go-github/v60/github"
)

// Pull is an open pull request.
type Pull struct {
	Number      int
	URL         string
	Title, Body string
	Labels      []string
}

// FindPull returns the open pull request from branch (of the repository
// itself) into base, nil when there is none.
func (c *Client) FindPull(ctx context.Context, owner, name, branch, base string) (*Pull, error) {
	what := fmt.Sprintf("find the pull request from %q in %s/%s", branch, owner, name)
	opt := &gh.PullRequestListOptions{State: "open", Head: owner + ":" + branch, Base: base, ListOptions: gh.ListOptions{PerPage: 100, Page: 1}}
	for {
		page, resp, err := c.gh.PullRequests.List(ctx, owner, name, opt)
		if err != nil {
			return nil, apiError(what, err)
		}
		for _, p := range page {
			// A server that ignores the head filter lists every pull
			// request; only the branch's own counts.
			if p.GetHead().GetRef() == branch {
				return pull(p), nil
			}
		}
		if resp.NextPage == 0 {
			return nil, nil
		}
		opt.Page = resp.NextPage
	}
}

func pull(p *gh.PullRequest) *Pull {
	out := &Pull{Number: p.GetNumber(), URL: p.GetHTMLURL(), Title: p.GetTitle(), Body: p.GetBody()}
	for _, l := range p.Labels {
		out.Labels = append(out.Labels, l.GetName())
	}
	return out
}

// CreatePull opens a pull request from branch into base. When one is open
// already (an earlier attempt whose answer was lost), it is found and
// returned instead.
func (c *Client) CreatePull(ctx context.Context, owner, name, branch, base, title, body string) (*Pull, error) {
	p, _, err := c.gh.PullRequests.Create(ctx, owner, name, &gh.NewPullRequest{
		Title: gh.String(title), Body: gh.String(body), Head: gh.String(branch), Base: gh.String(base), MaintainerCanModify: gh.Bool(true),
	})
	if err == nil {
		return pull(p), nil
	}
	if !isAlreadyExists(err) {
		return nil, apiError(fmt.Sprintf("open a pull request in %s/%s", owner, name), err)
	}
	found, ferr := c.FindPull(ctx, owner, name, branch, base)
	if ferr != nil || found == nil {
		return nil, apiError(fmt.Sprintf("open a pull request in %s/%s", owner, name), err)
	}
	return found, nil
}

// EditPull sets the title and body of pull request number.
func (c *Client) EditPull(ctx context.Context, owner, name string, number int, title, body string) error {
	_, _, err := c.gh.PullRequests.Edit(ctx, owner, name, number, &gh.PullRequest{Title: gh.String(title), Body: gh.String(body)})
	return wrapAPI(fmt.Sprintf("update pull request #%d of %s/%s", number, owner, name), err)
}

// AddLabels adds the labels p lacks; it writes nothing when it has them
// all.
func (c *Client) AddLabels(ctx context.Context, owner, name string, p *Pull, labels []string) error {
	var missing []string
	for _, l := range labels {
		if !slices.Contains(p.Labels, l) {
			missing = append(missing, l)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	_, _, err := c.gh.Issues.AddLabelsToIssue(ctx, owner, name, p.Number, missing)
	if err == nil {
		p.Labels = append(p.Labels, missing...)
	}
	return wrapAPI(fmt.Sprintf("label pull request #%d of %s/%s", p.Number, owner, name), err)
}
