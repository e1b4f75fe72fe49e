package githubtest

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// Fault is a failure the Fake answers instead of, or after, serving a
// request, so that a test can check how a client copes with GitHub on a
// bad day: server errors, rate limits, slow answers, lost connections,
// and writes that happened although the client saw them fail.
type Fault struct {
	// Match picks the requests the fault hits; nil hits every request. It
	// may read the body (the fake restores it) but must not call the
	// Fake's methods.
	Match func(r *http.Request) bool
	// Status is the answer's status: 500, 502 and 504 (an HTML page, as
	// GitHub's front end sends), 503, or 429 (a rate limit). With
	// Secondary or Primary it may be 429 instead of their 403.
	Status int
	// RetryAfter sets Retry-After, in seconds; with Primary it is when the
	// limit resets (60 when 0).
	RetryAfter int
	// Secondary answers GitHub's secondary rate limit: 403, a message
	// that says so, and Retry-After (60 when RetryAfter is 0).
	Secondary bool
	// Primary answers the primary rate limit: 403, X-RateLimit-Remaining:
	// 0 and X-RateLimit-Reset. go-github then refuses further requests by
	// itself until the reset, without sending them.
	Primary bool
	// Delay holds the answer back, or until the client gives up; alone,
	// it only slows the request down.
	Delay time.Duration
	// Drop closes the connection without an answer.
	Drop bool
	// AfterApply serves the request first, changing the fake's state,
	// and then fails (or drops) the answer: the write happened although
	// the client saw it fail.
	AfterApply bool
	// Times is how many requests the fault hits; 0 is all that match.
	Times int
}

// fails reports whether the fault answers with a failure rather than
// only slowing the request down.
func (flt *Fault) fails() bool {
	return flt.Drop || flt.Primary || flt.Secondary || flt.Status != 0
}

// injected is a Fault with the requests it has hit.
type injected struct {
	Fault
	hits int
}

// chaos is the random failure of FailRate.
type chaos struct {
	p   float64
	rng *rand.Rand
}

// Inject adds a fault. Faults are tried in the order they were injected;
// the first that matches and is not used up hits the request.
func (f *Fake) Inject(flt Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults = append(f.faults, &injected{Fault: flt})
}

// FailRate makes each request that no injected fault hits fail with
// probability p, drawn from a PCG source seeded with seed so that a
// failing run can be repeated: 500, 502, 503, 429 with Retry-After: 1, a
// secondary rate limit with Retry-After: 1, a dropped connection, and for
// writes the same failures after the write was applied. p of 0 stops it.
func (f *Fake) FailRate(p float64, seed uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.chaos = nil
	if p > 0 {
		f.chaos = &chaos{p: p, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	}
}

// chaosFaults are what FailRate chooses among; afterApply ones only for
// writes.
var chaosFaults = []Fault{
	{Status: http.StatusInternalServerError},
	{Status: http.StatusBadGateway},
	{Status: http.StatusServiceUnavailable},
	{Status: http.StatusTooManyRequests, RetryAfter: 1},
	{Secondary: true, RetryAfter: 1},
	{Drop: true},
}

var chaosAfterApply = []Fault{
	{Status: http.StatusBadGateway, AfterApply: true},
	{Status: http.StatusInternalServerError, AfterApply: true},
	{Drop: true, AfterApply: true},
}

// fault returns the fault that hits r, if any, counting the hit.
func (f *Fake) fault(r *http.Request) *Fault {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		r.Body.Close()
	}
	rewind := func() { r.Body = io.NopCloser(bytes.NewReader(body)) }
	defer rewind()

	f.mu.Lock()
	faults := slices.Clone(f.faults)
	f.mu.Unlock()
	for _, in := range faults {
		rewind()
		if in.Match != nil && !in.Match(r) {
			continue
		}
		f.mu.Lock()
		ok := in.Times == 0 || in.hits < in.Times
		if ok {
			in.hits++
		}
		f.mu.Unlock()
		if ok {
			flt := in.Fault
			return &flt
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.chaos == nil || f.chaos.rng.Float64() >= f.chaos.p {
		return nil
	}
	choices := chaosFaults
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		choices = append(slices.Clone(chaosFaults), chaosAfterApply...)
	}
	flt := choices[f.chaos.rng.IntN(len(choices))]
	return &flt
}

// fail answers r with the failure flt describes.
func (f *Fake) fail(w http.ResponseWriter, r *http.Request, flt *Fault) {
	h := w.Header()
	retry := func(def int) {
		h.Set("Retry-After", strconv.Itoa(cmp.Or(flt.RetryAfter, def)))
	}
	status := func(def int) int { return cmp.Or(flt.Status, def) }
	switch {
	case flt.Drop:
		hj, ok := w.(http.Hijacker)
		if !ok {
			panic(http.ErrAbortHandler)
		}
		conn, _, err := hj.Hijack()
		if err != nil {
			panic(err)
		}
		conn.Close()
	case flt.Primary:
		h.Set("X-RateLimit-Remaining", "0")
		h.Set("X-RateLimit-Used", strconv.Itoa(RateLimit))
		h.Set("X-RateLimit-Reset", strconv.FormatInt(f.Now().Add(time.Duration(cmp.Or(flt.RetryAfter, 60))*time.Second).Unix(), 10))
		writeError(w, status(http.StatusForbidden), "API rate limit exceeded for user ID 1.",
			"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits")
	case flt.Secondary || flt.Status == http.StatusTooManyRequests:
		if flt.Secondary || flt.RetryAfter > 0 {
			retry(60)
		}
		// The documentation URL ends as go-github expects of a secondary
		// limit (AbuseRateLimitError).
		writeError(w, status(http.StatusForbidden),
			"You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID FAKE.",
			"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits")
	case flt.Status == http.StatusBadGateway || flt.Status == http.StatusGatewayTimeout:
		h.Set("Content-Type", "text/html")
		w.WriteHeader(flt.Status)
		fmt.Fprintf(w, "<html><body><h1>%d %s</h1></body></html>\n", flt.Status, http.StatusText(flt.Status))
	default:
		if flt.RetryAfter > 0 {
			retry(0)
		}
		writeError(w, flt.Status, http.StatusText(flt.Status), "https://docs.github.com/rest")
	}
}
