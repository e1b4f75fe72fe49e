// Package github is a small client of the GitHub REST API on go-github:
// the calls jenkins2actions needs (tags of a repository, a tag resolved to
// its commit; for migrate, repositories, the Git database, pull requests,
// environments and variables), with GitHub's rate-limit rules applied to
// every request.
//
// GitHub asks clients to wait, not to hammer: on a primary rate limit (403
// or 429 with X-RateLimit-Remaining: 0) until X-RateLimit-Reset, on a
// secondary one for Retry-After seconds (a minute when a 429 or a 403
// "secondary rate limit" says nothing). The client does so, within bounds
// (an answer that spends the last request of the limit waits for the reset
// too, as go-github would refuse to send the next one), and retries server errors (500, 502, 503, 504), dropped connections and
// attempts slower than Options.Timeout a few times with a growing pause and
// jitter. Writes are retried too: every write this package makes is safe to
// repeat (Git objects are addressed by content, and a ref or pull request
// that a lost answer had already created is found and updated). Waiting goes
// through Options.Sleep and Options.Now so that tests run without waiting.
package github

import (
	"bytes"
	"cmp"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	gh "github.com/google/go-github/v60/github"
)

// Defaults of the retry bounds.
const (
	DefaultMaxRetries = 4
	DefaultMaxWait    = 15 * time.Minute
	// DefaultTimeout bounds one attempt of a request until its answer's
	// headers arrive.
	DefaultTimeout = time.Minute
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
	// Timeout bounds one attempt until the answer's headers arrive; a
	// slower attempt is given up and retried. 0 means DefaultTimeout.
	Timeout time.Duration
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
		timeout:    cmp.Or(opts.Timeout, DefaultTimeout),
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

// retryTransport retries the requests that GitHub asks to retry later and
// those lost on the way. It works below go-github so that the library only
// ever sees the final answer and its rate bookkeeping stays right.
type retryTransport struct {
	base       http.RoundTripper
	maxRetries int
	maxWait    time.Duration
	timeout    time.Duration
	sleep      func(ctx context.Context, d time.Duration) error
	now        func() time.Time
	onWait     func(d time.Duration, reason string)
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	// A body that cannot be read again cannot be replayed; go-github's
	// bodies always can.
	replayable := req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
	for attempt := 0; ; attempt++ {
		try, err := t.attemptRequest(req, attempt)
		if err != nil {
			return nil, err
		}
		resp, err := t.send(try)
		var wait time.Duration
		var reason string
		switch {
		case err != nil && (req.Context().Err() != nil || permanent(err)):
			return nil, err
		case err != nil:
			// A dropped connection or a slow answer: GitHub may or may not
			// have acted, and repeating is safe.
			wait, reason = backoff(attempt), "network error"
		default:
			wait, reason = t.retryAfter(resp, attempt)
		}
		if reason == "" && err == nil {
			t.waitOutExhausted(req.Context(), resp)
			return resp, nil
		}
		if reason == "" || !replayable || attempt >= t.maxRetries || wait > t.maxWait {
			return resp, err
		}
		if resp != nil {
			// The body must be read to the end for the connection to be reused.
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		if t.onWait != nil {
			t.onWait(wait, reason)
		}
		if err := t.sleep(req.Context(), wait); err != nil {
			return nil, err
		}
	}
}

// waitOutExhausted waits, before handing back an answer that spent the
// last request of the primary rate limit, until the limit resets: go-github
// refuses to send anything more before then, without asking GitHub, and a
// migration would fail its next repositories instead of waiting. A reset
// further away than MaxWait is left to the caller.
func (t *retryTransport) waitOutExhausted(ctx context.Context, resp *http.Response) {
	if resp.StatusCode >= 400 || resp.Header.Get("X-RateLimit-Remaining") != "0" {
		return
	}
	reset, err := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64)
	if err != nil {
		return
	}
	wait := time.Unix(reset, 0).Sub(t.now()) + time.Second
	if wait <= 0 || wait > t.maxWait {
		return
	}
	if t.onWait != nil {
		t.onWait(wait, "rate limit")
	}
	if t.sleep(ctx, wait) != nil {
		return // an ended context ends the next request too
	}
	// The figures are out of date now that the limit has reset; left in,
	// they would still stop go-github.
	for _, h := range []string{"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Used", "X-RateLimit-Reset", "X-RateLimit-Resource"} {
		resp.Header.Del(h)
	}
}

// permanent tells the network errors that the same request would meet
// again: a host that does not exist, a certificate that is not trusted.
func permanent(err error) bool {
	var dns *net.DNSError
	var cert *tls.CertificateVerificationError
	var unknown x509.UnknownAuthorityError
	var host x509.HostnameError
	return errors.As(err, &dns) && dns.IsNotFound || errors.As(err, &cert) || errors.As(err, &unknown) || errors.As(err, &host)
}

// attemptRequest is req for the given attempt, with a fresh body after the
// first.
func (t *retryTransport) attemptRequest(req *http.Request, attempt int) (*http.Request, error) {
	if attempt == 0 || req.GetBody == nil {
		return req, nil
	}
	body, err := req.GetBody()
	if err != nil {
		return nil, err
	}
	try := req.Clone(req.Context())
	try.Body = body
	return try, nil
}

// send makes one attempt, given up when its answer's headers take longer
// than the timeout. The answer's body is read under the same deadline's
// context, released when the body is closed.
func (t *retryTransport) send(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithCancel(req.Context())
	timer := time.AfterFunc(t.timeout, cancel)
	resp, err := t.base.RoundTrip(req.WithContext(ctx))
	if !timer.Stop() {
		cancel()
		if err == nil {
			resp.Body.Close()
		}
		return nil, fmt.Errorf("%s %s: no answer within %s", req.Method, req.URL.Path, t.timeout)
	}
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelBody{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// cancelBody releases an attempt's context once its body is closed.
type cancelBody struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// backoff is the pause before retry attempt+1 of a failure that named no
// time: doubling from a second, with up to half of it again at random, so
// that many clients failing together do not come back together.
func backoff(attempt int) time.Duration {
	d := time.Duration(1<<attempt) * time.Second
	return d + rand.N(d/2+1)
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
	case code == http.StatusTooManyRequests || code == http.StatusForbidden && secondaryMessage(resp):
		return secondaryDefault, "secondary rate limit"
	case code == http.StatusInternalServerError || code == http.StatusBadGateway ||
		code == http.StatusServiceUnavailable || code == http.StatusGatewayTimeout:
		// Transient failures of GitHub's front end; 501 and the like are not.
		return backoff(attempt), fmt.Sprintf("server error %d", code)
	}
	return 0, ""
}

// maxPeek bounds what is read of a 403's body to tell a secondary rate
// limit from a refusal; GitHub's error bodies are far smaller.
const maxPeek = 64 << 10

// secondaryMessage tells a 403 that is a secondary rate limit without
// Retry-After by its message, leaving the body readable for go-github.
func secondaryMessage(resp *http.Response) bool {
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxPeek))
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(b), resp.Body), resp.Body}
	return err == nil && strings.Contains(strings.ToLower(string(b)), "secondary rate limit")
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
