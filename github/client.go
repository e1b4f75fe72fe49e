// Package github is a small client of the GitHub REST API on go-github:
// the calls jenkins2actions needs (tags of a repository, a tag resolved to
// its commit), with GitHub's rate-limit rules applied to every request.
//
// GitHub asks clients to wait, not to hammer: on a primary rate limit (403
// or 429 with X-RateLimit-Remaining: 0) until X-RateLimit-Reset, on a
// secondary one for Retry-After seconds (a minute when a 429 says nothing).
// The client does so, within bounds, and retries server errors (5xx) a few
// times with a growing pause (500, 502, 503, 504). Waiting goes through Options.Sleep and
// Options.Now so that tests run without waiting.
package github

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	gh "github.com/google/go-github/v60/github"
)

// Defaults of the retry bounds.
const (
	DefaultMaxRetries = 4
	DefaultMaxWait    = 15 * time.Minute
)

// Options configure a Client. The zero value talks to api.github.com
// without a token.
type Options struct {
	// BaseURL is a GitHub Enterprise Server URL (https://ghe.example.com);
	// empty means github.com. The /api/v3/ path is added when missing.
	BaseURL string
	// Token authenticates requests; empty sends none. It is never logged.
	Token string
	// HTTPClient sends the requests; nil uses a plain http.Client. Its
	// transport is wrapped, not changed.
	HTTPClient *http.Client
	// MaxRetries bounds the retries of one request, for rate limits and
	// server errors alike; 0 means DefaultMaxRetries.
	MaxRetries int
	// MaxWait bounds one wait; a rate limit that resets later than that
	// fails the request instead. 0 means DefaultMaxWait.
	MaxWait time.Duration
	// Sleep waits for d or until ctx ends; nil waits on a real timer.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock that rate-limit reset times are compared with; nil
	// is time.Now.
	Now func() time.Time
	// OnWait, when set, hears about every wait before it starts, so that a
	// command can tell the user why it is quiet.
	OnWait func(d time.Duration, reason string)
}

// Client calls the GitHub API.
type Client struct {
	gh *gh.Client
}

// New returns a client for opts.
func New(opts Options) (*Client, error) {
	base := http.DefaultTransport
	hc := &http.Client{}
	if opts.HTTPClient != nil {
		c := *opts.HTTPClient
		hc = &c
		if c.Transport != nil {
			base = c.Transport
		}
	}
	rt := &retryTransport{
		base:       base,
		maxRetries: cmp.Or(opts.MaxRetries, DefaultMaxRetries),
		maxWait:    cmp.Or(opts.MaxWait, DefaultMaxWait),
		sleep:      opts.Sleep,
		now:        opts.Now,
		onWait:     opts.OnWait,
	}
	if rt.sleep == nil {
		rt.sleep = sleep
	}
	if rt.now == nil {
		rt.now = time.Now
	}
	hc.Transport = rt
	c := gh.NewClient(hc)
	if opts.Token != "" {
		c = c.WithAuthToken(opts.Token)
	}
	if opts.BaseURL != "" {
		var err error
		if c, err = c.WithEnterpriseURLs(opts.BaseURL, opts.BaseURL); err != nil {
			return nil, fmt.Errorf("github url %q: %w", opts.BaseURL, err)
		}
	}
	return &Client{gh: c}, nil
}

// Tag is a tag of a repository as the tags list gives it.
type Tag struct {
	Name string
	// CommitSHA is the commit the tag points to, as the list reports it.
	CommitSHA string
}

// Tags returns every tag of owner/repo, newest first as GitHub lists them,
// following the pages of the list.
func (c *Client) Tags(ctx context.Context, owner, repo string) ([]Tag, error) {
	var tags []Tag
	opt := &gh.ListOptions{PerPage: 100, Page: 1}
	for {
		page, resp, err := c.gh.Repositories.ListTags(ctx, owner, repo, opt)
		if err != nil {
			return nil, apiError(fmt.Sprintf("list tags of %s/%s", owner, repo), err)
		}
		for _, t := range page {
			tags = append(tags, Tag{Name: t.GetName(), CommitSHA: t.GetCommit().GetSHA()})
		}
		if resp.NextPage == 0 {
			return tags, nil
		}
		opt.Page = resp.NextPage
	}
}

// maxTagDepth bounds a chain of tags pointing at tags; git allows it, real
// repositories never go past one.
const maxTagDepth = 5

// ResolveTag returns the commit SHA tag points to, peeling annotated tags
// through the Git database API (a tag object names the object it tags).
func (c *Client) ResolveTag(ctx context.Context, owner, repo, tag string) (string, error) {
	what := fmt.Sprintf("resolve tag %q of %s/%s", tag, owner, repo)
	ref, _, err := c.gh.Git.GetRef(ctx, owner, repo, "tags/"+tag)
	if err != nil {
		return "", apiError(what, err)
	}
	obj := ref.GetObject()
	for range maxTagDepth {
		switch obj.GetType() {
		case "commit":
			return obj.GetSHA(), nil
		case "tag":
			t, _, err := c.gh.Git.GetTag(ctx, owner, repo, obj.GetSHA())
			if err != nil {
				return "", apiError(what, err)
			}
			obj = t.GetObject()
		default:
			return "", fmt.Errorf("%s: it points to a %q object, not a commit", what, obj.GetType())
		}
	}
	return "", fmt.Errorf("%s: more than %d tags point at each other", what, maxTagDepth)
}

// ErrNotFound is wrapped by errors about a repository or tag that does not
// exist, or that the token may not read: GitHub answers 404 to both.
var ErrNotFound = errors.New("not found (or not visible to the token)")

// apiError turns go-github's errors into messages that say what was being
// done and, for rate limits, when to try again.
func apiError(what string, err error) error {
	var rle *gh.RateLimitError
	var abuse *gh.AbuseRateLimitError
	var er *gh.ErrorResponse
	switch {
	case errors.As(err, &rle):
		return fmt.Errorf("%s: rate limit exceeded until %s", what, rle.Rate.Reset.UTC().Format(time.RFC3339))
	case errors.As(err, &abuse):
		return fmt.Errorf("%s: secondary rate limit: %s", what, abuse.Message)
	case errors.As(err, &er) && er.Response != nil && er.Response.StatusCode == http.StatusNotFound:
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	case errors.As(err, &er) && er.Response != nil && er.Message != "":
		return fmt.Errorf("%s: %s: %s", what, er.Response.Status, er.Message)
	case errors.As(err, &er) && er.Response != nil:
		return fmt.Errorf("%s: %s", what, er.Response.Status)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// retryTransport retries GET requests that GitHub asks to retry later.
// It works below go-github so that the library only ever sees the final
// answer and its rate bookkeeping stays right.
type retryTransport struct {
	base       http.RoundTripper
	maxRetries int
	maxWait    time.Duration
	sleep      func(ctx context.Context, d time.Duration) error
	now        func() time.Time
	onWait     func(d time.Duration, reason string)
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	// Only requests without a body are replayed; the client makes no other.
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		return t.base.RoundTrip(req)
	}
	for attempt := 0; ; attempt++ {
		resp, err := t.base.RoundTrip(req)
		if err != nil {
			return nil, err
		}
		wait, reason := t.retryAfter(resp, attempt)
		if reason == "" || attempt >= t.maxRetries || wait > t.maxWait {
			return resp, nil
		}
		// The body must be read to the end for the connection to be reused.
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if t.onWait != nil {
			t.onWait(wait, reason)
		}
		if err := t.sleep(req.Context(), wait); err != nil {
			return nil, err
		}
	}
}

// secondaryDefault is how long GitHub asks clients to wait after a
// secondary rate limit that names no time.
const secondaryDefault = time.Minute

// retryAfter says how long to wait before retrying resp and why; an empty
// reason means resp is final.
func (t *retryTransport) retryAfter(resp *http.Response, attempt int) (time.Duration, string) {
	code := resp.StatusCode
	h := resp.Header
	switch {
	case (code == http.StatusForbidden || code == http.StatusTooManyRequests) && h.Get("X-RateLimit-Remaining") == "0":
		reset, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64)
		if err != nil {
			return secondaryDefault, "rate limit"
		}
		// A second more, so that the retry lands after the reset even when
		// the clocks differ a little.
		return max(time.Unix(reset, 0).Sub(t.now())+time.Second, time.Second), "rate limit"
	case (code == http.StatusForbidden || code == http.StatusTooManyRequests) && h.Get("Retry-After") != "":
		secs, err := strconv.Atoi(h.Get("Retry-After"))
		if err != nil || secs < 0 {
			return secondaryDefault, "secondary rate limit"
		}
		return time.Duration(secs) * time.Second, "secondary rate limit"
	case code == http.StatusTooManyRequests:
		return secondaryDefault, "secondary rate limit"
	case code == http.StatusInternalServerError || code == http.StatusBadGateway ||
		code == http.StatusServiceUnavailable || code == http.StatusGatewayTimeout:
		// Transient failures of GitHub's front end; 501 and the like are not.
		return time.Duration(1<<attempt) * time.Second, fmt.Sprintf("server error %d", code)
	}
	return 0, ""
}

func sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
