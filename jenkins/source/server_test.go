package source

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const (
	classWorkflow  = "org.jenkinsci.plugins.workflow.job.WorkflowJob"
	classFreestyle = "hudson.model.FreeStyleProject"
)

// fakeJob is a job of the fake Jenkins.
type fakeJob struct {
	name, class string
	jobs        []*fakeJob
	// missing makes config.xml answer 404, as for a job deleted between
	// the listing and the fetch.
	missing bool
}

// fakeJenkins answers like a Jenkins with CSRF protection and API tokens:
// the jobs tree (to the depth the tree parameter asks), config.xml per job,
// the crumb issuer, 401 without the right token, 403 for a user without
// permission, Jenkins' 404 page.
type fakeJenkins struct {
	root   []*fakeJob
	user   string
	token  string
	delay  time.Duration
	forbid bool
	// inFlight and maxInFlight check the bound on concurrency.
	inFlight, maxInFlight atomic.Int32
}

const fakeCrumb = "c0ffee"

func (f *fakeJenkins) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if u, p, ok := r.BasicAuth(); !ok || u != f.user || p != f.token {
		w.Header().Set("WWW-Authenticate", `Basic realm="Jenkins"`)
		http.Error(w, "Unauthorized", http.StatusUnauthorized)
		return
	}
	if f.forbid {
		http.Error(w, "alice is missing the Overall/Read permission", http.StatusForbidden)
		return
	}
	if f.delay > 0 {
		select {
		case <-time.After(f.delay):
		case <-r.Context().Done():
			return
		}
	}
	// gojenkins adds a slash to every path; Jenkins accepts both.
	path := strings.TrimSuffix(r.URL.Path, "/")
	if path == "/crumbIssuer/api/json" {
		w.Header().Set("Set-Cookie", "JSESSIONID.1=abc; Path=/; HttpOnly")
		writeJSON(w, map[string]string{"_class": "hudson.security.csrf.DefaultCrumbIssuer", "crumb": fakeCrumb, "crumbRequestField": "Jenkins-Crumb"})
		return
	}
	if r.Header.Get("Jenkins-Crumb") != fakeCrumb {
		http.Error(w, "No valid crumb was included in the request", http.StatusForbidden)
		return
	}
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	var names []string
	for len(segs) >= 2 && segs[0] == "job" {
		names = append(names, segs[1])
		segs = segs[2:]
	}
	level, job := f.root, (*fakeJob)(nil)
	for _, n := range names {
		job = nil
		for _, c := range level {
			if c.name == n {
				job = c
			}
		}
		if job == nil {
			f.notFound(w)
			return
		}
		level = job.jobs
	}
	switch strings.Join(segs, "/") {
	case "api/json":
		class := "hudson.model.Hudson"
		if job != nil {
			class = job.class
		}
		depth := strings.Count(r.URL.Query().Get("tree"), "jobs[")
		writeJSON(w, map[string]any{"_class": class, "jobs": tree(level, depth)})
	case "config.xml":
		if job == nil || job.missing {
			f.notFound(w)
			return
		}
		n := f.inFlight.Add(1)
		defer f.inFlight.Add(-1)
		for m := f.maxInFlight.Load(); n > m && !f.maxInFlight.CompareAndSwap(m, n); m = f.maxInFlight.Load() {
		}
		time.Sleep(5 * time.Millisecond)
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprintf(w, "<?xml version='1.1' encoding='UTF-8'?>\n<%s><description>%s</description></%s>\n", job.class, strings.Join(names, "/"), job.class)
	default:
		f.notFound(w)
	}
}

func (f *fakeJenkins) notFound(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(http.StatusNotFound)
	fmt.Fprint(w, "<html><head><title>Error 404 Not Found</title></head><body><h2>HTTP ERROR 404 Not Found</h2></body></html>")
}

// tree renders jobs as the API does, depth levels deep; beyond, the jobs
// field is absent.
func tree(jobs []*fakeJob, depth int) []map[string]any {
	out := []map[string]any{}
	for _, j := range jobs {
		m := map[string]any{"_class": j.class, "name": j.name, "url": "http://jenkins/job/" + j.name + "/"}
		if (kindOf(j.class) != KindJob) && depth > 1 {
			m["jobs"] = tree(j.jobs, depth-1)
		}
		out = append(out, m)
	}
	return out
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	_ = json.NewEncoder(w).Encode(v)
}

// fakeTree has a name with a space, a folder deeper than one tree query
// reaches, and a multibranch project with branches.
func fakeTree() []*fakeJob {
	deep := &fakeJob{name: "leaf", class: classFreestyle}
	for i := 5; i >= 1; i-- {
		deep = &fakeJob{name: fmt.Sprintf("d%d", i), class: classFolder, jobs: []*fakeJob{deep}}
	}
	return []*fakeJob{
		{name: "legacy build", class: classFreestyle},
		{name: "team", class: classFolder, jobs: []*fakeJob{
			{name: "app", class: classWorkflow},
			{name: "svc", class: classMultibranch, jobs: []*fakeJob{
				{name: "main", class: classWorkflow}, {name: "PR-1", class: classWorkflow},
			}},
			{name: "gone", class: classWorkflow, missing: true},
		}},
		deep,
	}
}

func collectJobs(t *testing.T, src Source) ([]*Job, error) {
	t.Helper()
	out := make(chan *Job)
	errc := make(chan error, 1)
	go func() { errc <- src.Jobs(context.Background(), out); close(out) }()
	var jobs []*Job
	for j := range out {
		jobs = append(jobs, j)
	}
	sort.Slice(jobs, func(i, k int) bool { return jobs[i].Path < jobs[k].Path })
	return jobs, <-errc
}

func TestServerJobs(t *testing.T) {
	f := &fakeJenkins{root: fakeTree(), user: "alice", token: "t0k"}
	srv := httptest.NewServer(f)
	defer srv.Close()
	jobs, err := collectJobs(t, &Server{URL: srv.URL + "/", User: "alice", Token: "t0k", Concurrency: 2})
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Path     string
		Kind     Kind
		Branches []string
		Err      string
		Content  string
	}
	var got []row
	for _, j := range jobs {
		r := row{Path: j.Path, Kind: j.Kind, Branches: j.Branches}
		if j.Err != nil {
			r.Err = j.Err.Error()
		}
		if j.Content != nil {
			// The fake writes the job's path into the description: the
			// config came from the right, escaped URL.
			r.Content = string(j.Content[strings.Index(string(j.Content), "<description>"):])
			r.Content = strings.TrimSpace(strings.SplitAfter(r.Content, "</description>")[0])
		}
		got = append(got, r)
	}
	want := []row{
		{Path: "d1", Kind: KindFolder, Content: "<description>d1</description>"},
		{Path: "d1/d2", Kind: KindFolder, Content: "<description>d1/d2</description>"},
		{Path: "d1/d2/d3", Kind: KindFolder, Content: "<description>d1/d2/d3</description>"},
		{Path: "d1/d2/d3/d4", Kind: KindFolder, Content: "<description>d1/d2/d3/d4</description>"},
		{Path: "d1/d2/d3/d4/d5", Kind: KindFolder, Content: "<description>d1/d2/d3/d4/d5</description>"},
		{Path: "d1/d2/d3/d4/d5/leaf", Kind: KindJob, Content: "<description>d1/d2/d3/d4/d5/leaf</description>"},
		{Path: "legacy build", Kind: KindJob, Content: "<description>legacy build</description>"},
		{Path: "team", Kind: KindFolder, Content: "<description>team</description>"},
		{Path: "team/app", Kind: KindJob, Content: "<description>team/app</description>"},
		{Path: "team/gone", Kind: KindJob, Err: "404 Not Found from " + srv.URL + "/job/team/job/gone/config.xml: the job is gone, or the user may not see it"},
		{Path: "team/svc", Kind: KindMultibranch, Branches: []string{"PR-1", "main"}, Content: "<description>team/svc</description>"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("jobs:\n got %+v\nwant %+v", got, want)
	}
	if m := f.maxInFlight.Load(); m > 2 {
		t.Errorf("%d config.xml requests in flight, want at most 2", m)
	}
	for _, j := range jobs {
		if j.Path == "legacy build" && j.File != "/job/legacy%20build/config.xml" {
			t.Errorf("file of %q = %q, want each segment escaped", j.Path, j.File)
		}
	}
}

func TestServerErrors(t *testing.T) {
	tests := []struct {
		name    string
		f       *fakeJenkins
		token   string
		timeout time.Duration
		handler http.Handler
		want    string
	}{
		{name: "wrong token", f: &fakeJenkins{user: "alice", token: "t0k"}, token: "wrong",
			want: "401 Unauthorized from {url}/crumbIssuer/api/json: check JENKINS_USER and JENKINS_API_TOKEN"},
		{name: "no permission", f: &fakeJenkins{user: "alice", token: "t0k", forbid: true}, token: "t0k",
			want: "403 Forbidden from {url}/crumbIssuer/api/json: the user needs the Overall/Read, Job/Read and Job/ExtendedRead permissions"},
		{name: "slow", f: &fakeJenkins{user: "alice", token: "t0k", delay: 2 * time.Second}, token: "t0k", timeout: 100 * time.Millisecond,
			want: "{url}/crumbIssuer/api/json: no answer in time (raise --timeout, or lower --concurrency if the server is overloaded)"},
		{name: "not jenkins", token: "t0k", handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, "/crumbIssuer") {
				http.NotFound(w, r)
				return
			}
			fmt.Fprint(w, "<html>login</html>")
		}), want: "{url}/api/json is not the Jenkins API (give the Jenkins root URL, as in the browser)"},
		{name: "server error", token: "t0k", handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "boom", http.StatusBadGateway)
		}), want: "502 Bad Gateway from {url}/crumbIssuer/api/json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := tt.handler
			if h == nil {
				tt.f.root = fakeTree()
				h = tt.f
			}
			srv := httptest.NewServer(h)
			defer srv.Close()
			jobs, err := collectJobs(t, &Server{URL: srv.URL, User: "alice", Token: tt.token, Timeout: tt.timeout})
			want := strings.ReplaceAll(tt.want, "{url}", srv.URL)
			if err == nil || err.Error() != want {
				t.Fatalf("error = %v, want %q", err, want)
			}
			if len(jobs) != 0 {
				t.Errorf("%d jobs sent before the error, want none", len(jobs))
			}
			if strings.Contains(err.Error(), tt.token) {
				t.Errorf("error %q shows the token", err)
			}
		})
	}
}

func TestTreeQuery(t *testing.T) {
	if got, want := treeQuery(3), "jobs[name,_class,jobs[name,_class,jobs[name,_class]]]"; got != want {
		t.Errorf("treeQuery(3) = %q, want %q", got, want)
	}
}
