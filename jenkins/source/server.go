package source

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/bndr/gojenkins"
)

// Server reads the jobs of a live Jenkins through its REST API: one tree
// query lists every job, folders and multibranch projects included, then
// each job's config.xml is fetched, a few at a time. The listing (names
// and classes) is held in memory; the configs are streamed.
type Server struct {
	// URL is the Jenkins root URL.
	URL string
	// User and Token authenticate with an API token (HTTP basic auth);
	// both empty means anonymous.
	User, Token string
	// Concurrency bounds the config.xml requests in flight (default 4).
	Concurrency int
	// Timeout bounds each request, body included (default 30s). It is
	// the only bound there is: gojenkins does not pass a context on to
	// its requests.
	Timeout time.Duration
}

// treeDepth is how many levels of jobs one tree query asks for: enough for
// a folder in a folder holding a multibranch project and its branches.
// Deeper containers are listed by a query of their own.
const treeDepth = 5

// node is one job of the tree query's answer.
type node struct {
	Name  string `json:"name"`
	Class string `json:"_class"`
	// Jobs is nil when the query did not reach this deep, empty when the
	// container holds nothing.
	Jobs []*node `json:"jobs"`
}

// listed is a job found by the tree query, to fetch.
type listed struct {
	path     []string
	class    string
	branches []string
}

// Jobs lists the jobs and sends each with its config.xml. A failed
// config.xml is reported on its job; bad credentials, a missing permission
// or a URL that is not Jenkins stop the listing with an error.
func (s *Server) Jobs(ctx context.Context, out chan<- *Job) error {
	c := s.client()
	if err := c.fetchCrumb(ctx); err != nil {
		return err
	}
	var jobs []listed
	if err := c.list(ctx, nil, &jobs); err != nil {
		return err
	}
	n := s.Concurrency
	if n <= 0 {
		n = 4
	}
	todo := make(chan listed)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
	)
	fail := func(err error) {
		once.Do(func() { firstErr = err; cancel() })
	}
	for range n {
		wg.Go(func() {
			for l := range todo {
				j, err := c.job(ctx, l)
				if err != nil {
					fail(err)
					return
				}
				if err := send(ctx, out, j); err != nil {
					fail(err)
					return
				}
			}
		})
	}
feed:
	for _, l := range jobs {
		select {
		case todo <- l:
		case <-ctx.Done():
			break feed
		}
	}
	close(todo)
	wg.Wait()
	if firstErr == nil && ctx.Err() != nil {
		// The caller's context ended the listing.
		return ctx.Err()
	}
	return firstErr
}

// client holds one listing's connection.
type client struct {
	base string
	j    *gojenkins.Jenkins
	auth *crumbTransport
}

func (s *Server) client() *client {
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ct := &crumbTransport{next: http.DefaultTransport}
	hc := &http.Client{Timeout: timeout, Transport: ct}
	base := strings.TrimSuffix(s.URL, "/")
	var j *gojenkins.Jenkins
	if s.User != "" || s.Token != "" {
		j = gojenkins.CreateJenkins(hc, base, s.User, s.Token)
	} else {
		j = gojenkins.CreateJenkins(hc, base)
	}
	return &client{base: base, j: j, auth: ct}
}

// crumbTransport adds the CSRF crumb, once known, to every request.
type crumbTransport struct {
	next          http.RoundTripper
	field, crumb  string
	sessionCookie string
}

func (t *crumbTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.field == "" {
		return t.next.RoundTrip(req)
	}
	req = req.Clone(req.Context())
	req.Header.Set(t.field, t.crumb)
	if t.sessionCookie != "" {
		req.Header.Add("Cookie", t.sessionCookie)
	}
	return t.next.RoundTrip(req)
}

// fetchCrumb asks the crumb issuer for a CSRF crumb. Current Jenkins wants
// one only on POST, but servers set to check every request, and Jenkins
// versions whose crumbs belong to a session, refuse reads without it; a
// server without the issuer (404) does not check crumbs at all.
func (c *client) fetchCrumb(ctx context.Context) error {
	var crumb struct {
		Field string `json:"crumbRequestField"`
		Crumb string `json:"crumb"`
	}
	resp, err := c.j.Requester.GetJSON(ctx, "/crumbIssuer", &crumb, nil)
	if err != nil {
		return requestError(c.base+"/crumbIssuer/api/json", err)
	}
	switch {
	case resp.StatusCode == http.StatusNotFound:
		return nil
	case resp.StatusCode != http.StatusOK:
		return statusError(resp)
	}
	c.auth.field, c.auth.crumb = crumb.Field, crumb.Crumb
	if ck := resp.Header.Get("Set-Cookie"); ck != "" {
		c.auth.sessionCookie = strings.SplitN(ck, ";", 2)[0]
	}
	return nil
}

// list queries the jobs under the container at path (the root when nil)
// and appends them to jobs, depth first in name order.
func (c *client) list(ctx context.Context, path []string, jobs *[]listed) error {
	var root node
	endpoint := jobURLPath(path)
	resp, err := c.j.Requester.GetJSON(ctx, endpoint, &root, map[string]string{"tree": "_class," + treeQuery(treeDepth)})
	if err != nil {
		return requestError(c.base+endpoint+"/api/json", err)
	}
	if resp.StatusCode != http.StatusOK {
		return statusError(resp)
	}
	if root.Class == "" {
		// gojenkins ignores a body that is not JSON: a login page or a
		// proxy's answer looks like an empty Jenkins.
		return fmt.Errorf("%s is not the Jenkins API (give the Jenkins root URL, as in the browser)", displayURL(resp.Request.URL))
	}
	return c.collect(ctx, path, root.Jobs, jobs)
}

func (c *client) collect(ctx context.Context, parent []string, nodes []*node, jobs *[]listed) error {
	sort.Slice(nodes, func(i, k int) bool { return nodes[i].Name < nodes[k].Name })
	for _, n := range nodes {
		path := append(append([]string(nil), parent...), n.Name)
		l := listed{path: path, class: n.Class}
		kind := kindOf(n.Class)
		if kind == KindMultibranch {
			for _, b := range n.Jobs {
				l.branches = append(l.branches, b.Name)
			}
			sort.Strings(l.branches)
		}
		*jobs = append(*jobs, l)
		if kind != KindFolder {
			continue
		}
		if n.Jobs == nil {
			if err := c.list(ctx, path, jobs); err != nil {
				return err
			}
			continue
		}
		if err := c.collect(ctx, path, n.Jobs, jobs); err != nil {
			return err
		}
	}
	return nil
}

// job fetches the config.xml of a listed job. Only a request that stops
// the whole listing (bad credentials) is an error; others are the job's.
func (c *client) job(ctx context.Context, l listed) (*Job, error) {
	endpoint := jobURLPath(l.path) + "/config.xml"
	j := &Job{Path: strings.Join(l.path, "/"), Class: l.class, Kind: kindOf(l.class), Format: FormatConfigXML,
		File: endpoint, Branches: l.branches}
	var body string
	resp, err := c.j.Requester.GetXML(ctx, endpoint, &body, nil)
	switch {
	case err != nil:
		j.Err = requestError(c.base+endpoint, err)
	case resp.StatusCode == http.StatusUnauthorized:
		return nil, statusError(resp)
	case resp.StatusCode != http.StatusOK:
		// gojenkins hands back Jenkins' 404 page as the config.
		j.Err = statusError(resp)
	default:
		j.Content = []byte(body)
	}
	return j, nil
}

// jobURLPath is the URL path of a job: /job/<name> per level, each name
// escaped, since job names may hold spaces, '%' and '#'.
func jobURLPath(path []string) string {
	var b strings.Builder
	for _, p := range path {
		b.WriteString("/job/")
		b.WriteString(url.PathEscape(p))
	}
	return b.String()
}

// treeQuery is the tree parameter that lists depth levels of jobs.
func treeQuery(depth int) string {
	q := "jobs[name,_class]"
	for range depth - 1 {
		q = "jobs[name,_class," + q + "]"
	}
	return q
}

// statusError explains an unexpected HTTP status, with what to check.
func statusError(resp *http.Response) error {
	u := displayURL(resp.Request.URL)
	switch resp.StatusCode {
	case http.StatusUnauthorized:
		return fmt.Errorf("%s from %s: check JENKINS_USER and JENKINS_API_TOKEN", resp.Status, u)
	case http.StatusForbidden:
		return fmt.Errorf("%s from %s: the user needs the Overall/Read, Job/Read and Job/ExtendedRead permissions", resp.Status, u)
	case http.StatusNotFound:
		return fmt.Errorf("%s from %s: the job is gone, or the user may not see it", resp.Status, u)
	}
	return fmt.Errorf("%s from %s", resp.Status, u)
}

// requestError explains a request that got no answer.
func requestError(u string, err error) error {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return fmt.Errorf("%s: no answer in time (raise --timeout, or lower --concurrency if the server is overloaded)", redact(u))
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return fmt.Errorf("%s: %v", redact(u), err)
}

// displayURL writes u for a message: no query, no user information, and
// gojenkins' trailing slash taken off.
func displayURL(u *url.URL) string {
	v := *u
	v.User, v.RawQuery, v.Fragment = nil, "", ""
	return strings.TrimSuffix(v.String(), "/")
}

// redact takes the user information out of a URL given as text.
func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	return displayURL(u)
}
