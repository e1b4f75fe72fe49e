package cmd

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jenkins2actions/jenkins2actions/audit"
	"github.com/jenkins2actions/jenkins2actions/convert"
	"github.com/jenkins2actions/jenkins2actions/jenkins/source"
	"github.com/jenkins2actions/jenkins2actions/jenkins/source/sourcetest"
	"github.com/jenkins2actions/jenkins2actions/report"
)

func TestAuditFlags(t *testing.T) {
	tests := []struct {
		args    []string
		want    AuditOptions
		wantErr string
	}{
		{args: []string{"--jenkins-home", "h", "--out", "a", "--concurrency", "3"},
			want: AuditOptions{JenkinsHome: "h", OutDir: "a", Concurrency: 3, Timeout: 30 * time.Second}},
		{args: []string{"--jenkins-url", "https://ci", "--out", "a", "--concurrency", "2", "--timeout", "5s", "--config", "c.yaml"},
			want: AuditOptions{JenkinsURL: "https://ci", OutDir: "a", Concurrency: 2, Timeout: 5 * time.Second, ConfigFile: "c.yaml"}},
		{args: []string{"--out", "a"}, wantErr: "give one of --jenkins-home, --jenkins-url and --dir"},
		{args: []string{"--dir", "d", "--jenkins-home", "h", "--out", "a"}, wantErr: "give one of"},
		{args: []string{"--dir", "d"}, wantErr: "--out is required"},
		{args: []string{"--dir", "d", "--out", "a", "--concurrency", "-1"}, wantErr: "--concurrency must be at least 1, not -1"},
	}
	for _, tt := range tests {
		s, _, _ := streams()
		var got *AuditOptions
		cmd := NewCmdAudit(s, func(o *AuditOptions) error { got = o; return nil })
		if !parseFlags(t, cmd, tt.args, tt.wantErr) {
			continue
		}
		got.IO, got.Getenv = nil, nil
		if !reflect.DeepEqual(*got, tt.want) {
			t.Errorf("%v: got %+v, want %+v", tt.args, *got, tt.want)
		}
	}
}

// corpusConfigs returns the corpus config.xml files, or skips the test.
func corpusConfigs(t *testing.T) []string {
	return sourcetest.CorpusConfigs(t, configsDir)
}

// corpusHome assembles a JENKINS_HOME from the corpus configs, with one
// branch under each multibranch project.
func corpusHome(t *testing.T) string {
	return sourcetest.CorpusHome(t, configsDir, "main")
}

// readSummary reads summary.json of an audit.
func readSummary(t *testing.T, out string) *audit.Document {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var d audit.Document
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatal(err)
	}
	return &d
}

// TestAuditCorpusHome audits the corpus JENKINS_HOME and checks that
// summary.json agrees with the per-job folders, recounted here from the
// files alone.
func TestAuditCorpusHome(t *testing.T) {
	configs := corpusConfigs(t)
	home := corpusHome(t)
	out := filepath.Join(t.TempDir(), "audit")
	s, _, errOut := streams()
	code := Main([]string{"audit", "--jenkins-home", home, "--out", out, "--concurrency", "4"}, s)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	d := readSummary(t, out)

	var want audit.StatusCounts
	var items report.Summary
	manualJobs := map[string]int{}
	secretJobs := map[string]int{}
	runnerJobs := map[string]int{}
	err := filepath.WalkDir(filepath.Join(out, "jobs"), func(path string, e fs.DirEntry, err error) error {
		if err != nil || !e.IsDir() || e.Name() == "jobs" {
			return err
		}
		if _, err := os.Stat(filepath.Join(path, "config.xml")); err != nil {
			return nil
		}
		data, err := os.ReadFile(filepath.Join(path, "report.json"))
		if os.IsNotExist(err) {
			// No report: a folder, which is not converted.
			want.Total++
			want.Unsupported++
			return nil
		}
		if err != nil {
			return err
		}
		var rep report.Report
		if err := json.Unmarshal(data, &rep); err != nil {
			return err
		}
		want.Total++
		switch {
		case rep.Workflow == "":
			want.Failed++
		case rep.Summary.Converted+rep.Summary.Approximated == 0:
			want.Unsupported++
		case rep.Summary.Manual > 0 || rep.Diagnostics.HasErrors():
			want.Partial++
		default:
			want.Converted++
			if _, err := os.Stat(filepath.Join(out, rep.Workflow)); err != nil {
				t.Errorf("%s: the workflow of a converted job is missing: %v", path, err)
			}
		}
		items.Converted += rep.Summary.Converted
		items.Approximated += rep.Summary.Approximated
		items.Manual += rep.Summary.Manual
		seen := map[string]bool{}
		for _, it := range rep.Items {
			if it.Status == convert.Manual && !seen[it.Construct] {
				seen[it.Construct] = true
				manualJobs[it.Construct]++
			}
		}
		for _, sc := range rep.Secrets {
			if k := sc.Name + "/" + sc.CredentialID + "/" + sc.Kind; !seen[k] {
				seen[k] = true
				secretJobs[k]++
			}
		}
		for _, r := range rep.Runners {
			runnerJobs[r.Label]++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if d.Jobs != want {
		t.Errorf("summary.json jobs = %+v, the per-job reports say %+v", d.Jobs, want)
	}
	if wantJobs := len(configs) + 3; d.Jobs.Total != wantJobs {
		t.Errorf("%d jobs audited, want %d (the corpus and three folders)", d.Jobs.Total, wantJobs)
	}
	if d.Items.Converted != items.Converted || d.Items.Approximated != items.Approximated || d.Items.Manual != items.Manual {
		t.Errorf("summary.json items = %+v, the per-job reports say %+v", d.Items, items)
	}
	gotBlockers := map[string]int{}
	for _, b := range d.Blockers {
		gotBlockers[b.Construct] = b.Jobs
	}
	if !reflect.DeepEqual(gotBlockers, manualJobs) {
		t.Errorf("blockers = %v, the per-job reports say %v", gotBlockers, manualJobs)
	}
	gotSecrets := map[string]int{}
	for _, sc := range d.Secrets {
		gotSecrets[sc.Name+"/"+sc.CredentialID+"/"+sc.Kind] = sc.Jobs
	}
	if !reflect.DeepEqual(gotSecrets, secretJobs) {
		t.Errorf("secrets = %v, the per-job reports say %v", gotSecrets, secretJobs)
	}
	gotRunners := map[string]int{}
	for _, r := range d.Runners {
		gotRunners[r.Label] = r.Jobs
	}
	if !reflect.DeepEqual(gotRunners, runnerJobs) {
		t.Errorf("runners = %v, the per-job reports say %v", gotRunners, runnerJobs)
	}
	folders := 0
	for _, f := range d.Folders {
		folders += f.Total
		if f.Total != f.Converted+f.Partial+f.Unsupported+f.Failed {
			t.Errorf("folder %q: %+v does not add up", f.Folder, f)
		}
	}
	if folders != d.Jobs.Total {
		t.Errorf("folders hold %d jobs, want %d", folders, d.Jobs.Total)
	}
	if d.Branches != 2 {
		t.Errorf("branches = %d, want 2 (one per multibranch project)", d.Branches)
	}

	f, err := os.Open(filepath.Join(out, "workflow_usage.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != d.Jobs.Total+1 || strings.Join(rows[0], ",") != "job,type,status,actions,secrets,runners" {
		t.Errorf("workflow_usage.csv has %d rows with header %v, want %d and job,type,status,actions,secrets,runners", len(rows), rows[0], d.Jobs.Total+1)
	}
	md, err := os.ReadFile(filepath.Join(out, "summary.md"))
	if err != nil {
		t.Fatal(err)
	}
	if line := fmt.Sprintf("| converted | %d |", d.Jobs.Converted); !strings.Contains(string(md), line) {
		t.Errorf("summary.md lacks %q", line)
	}

	// The skeleton, given back, maps every label: the runners are no
	// longer approximations that wait for a self-hosted runner.
	cfg := filepath.Join(out, ".jenkins2actions.yaml")
	if len(d.Runners) == 0 {
		t.Fatal("the corpus has no unmapped runner label: the re-run checks nothing")
	}
	s, _, errOut = streams()
	if code := Main([]string{"audit", "--jenkins-home", home, "--out", out, "--config", cfg}, s); code != ExitOK {
		t.Fatalf("re-run: exit %d: %s", code, errOut)
	}
	again := readSummary(t, out)
	if len(again.Runners) != 0 || again.Items.Approximated >= d.Items.Approximated || again.Items.Manual > d.Items.Manual {
		t.Errorf("with the skeleton: %d runners, %d approximated and %d manual items, want 0, fewer than %d and at most %d",
			len(again.Runners), again.Items.Approximated, again.Items.Manual, d.Items.Approximated, d.Items.Manual)
	}
}

func TestAuditDir(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"shop/Jenkinsfile":     simpleJenkinsfile,
		"team/api/Jenkinsfile": simpleJenkinsfile,
		"broken/Jenkinsfile":   "pipeline {\n  stages {\n",
	})
	out := t.TempDir()
	s, _, errOut := streams()
	// A job that cannot be read is counted, and the exit code says so.
	if code := Main([]string{"audit", "--dir", dir, "--out", out}, s); code != ExitProblems {
		t.Fatalf("exit %d, want %d: %s", code, ExitProblems, errOut)
	}
	d := readSummary(t, out)
	if want := (audit.StatusCounts{Total: 3, Partial: 2, Failed: 1}); d.Jobs != want {
		t.Errorf("jobs = %+v, want %+v", d.Jobs, want)
	}
	for _, f := range []string{"jobs/shop/Jenkinsfile", "jobs/shop/shop.yml", "jobs/shop/report.json", "jobs/team/jobs/api/api.yml", "jobs/broken/report.json"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	md, err := os.ReadFile(filepath.Join(out, "summary.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "| broken | broken/Jenkinsfile:") {
		t.Errorf("summary.md does not say why broken failed:\n%s", md)
	}
	// Off a terminal, each job's line says how far the audit is.
	if !strings.Contains(errOut.String(), "/3] failed      broken\n") {
		t.Errorf("no plain progress line for the failed job when not on a terminal:\n%s", errOut)
	}
}

// fakeJenkins answers like a Jenkins with CSRF protection: the jobs tree,
// config.xml per job, the crumb issuer, 401 without the right token.
func fakeJenkins(t *testing.T, configs map[string]string) *httptest.Server {
	t.Helper()
	tree := `{"_class":"hudson.model.Hudson","jobs":[
	  {"_class":"com.cloudbees.hudson.plugins.folder.Folder","name":"team a","url":"u","jobs":[
	    {"_class":"org.jenkinsci.plugins.workflow.job.WorkflowJob","name":"app","url":"u"},
	    {"_class":"org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject","name":"svc","url":"u","jobs":[
	      {"_class":"org.jenkinsci.plugins.workflow.job.WorkflowJob","name":"main","url":"u"}]}]},
	  {"_class":"hudson.model.FreeStyleProject","name":"legacy","url":"u"}]}`
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != "alice" || p != "t0k" {
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		path := strings.TrimSuffix(r.URL.EscapedPath(), "/")
		switch {
		case path == "/crumbIssuer/api/json":
			fmt.Fprint(w, `{"crumb":"c","crumbRequestField":"Jenkins-Crumb"}`)
		case r.Header.Get("Jenkins-Crumb") != "c":
			http.Error(w, "No valid crumb", http.StatusForbidden)
		case path == "/api/json":
			fmt.Fprint(w, tree)
		case configs[path] != "":
			fmt.Fprint(w, configs[path])
		default:
			http.Error(w, "<html>Not Found</html>", http.StatusNotFound)
		}
	}))
}

func TestAuditServer(t *testing.T) {
	read := func(name string) string {
		configs := corpusConfigs(t)
		data, err := os.ReadFile(filepath.Join(filepath.Dir(configs[0]), "..", name, "config.xml"))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	srv := fakeJenkins(t, map[string]string{
		"/job/team%20a/config.xml":                  read("labs-folder"),
		"/job/team%20a/job/app/config.xml":          read("labs-pipeline"),
		"/job/team%20a/job/svc/config.xml":          read("labs-multibranch"),
		"/job/legacy/config.xml":                    read("cromwell-freestyle"),
		"/job/team%20a/job/svc/job/main/config.xml": "branch jobs are not fetched",
	})
	defer srv.Close()
	env := map[string]string{"JENKINS_USER": "alice", "JENKINS_API_TOKEN": "t0k"}
	out := t.TempDir()
	s, _, errOut := streams()
	opts := &AuditOptions{IO: s, JenkinsURL: srv.URL, OutDir: out, Concurrency: 2, Timeout: 5 * time.Second,
		Getenv: func(k string) string { return env[k] }}
	if err := runAudit(opts); err != nil {
		t.Fatalf("%v: %s", err, errOut)
	}
	d := readSummary(t, out)
	types := map[string]int{}
	for _, jt := range d.JobTypes {
		types[jt.Type] = jt.Jobs
	}
	if want := map[string]int{"folder": 1, "pipeline": 1, "multibranch": 1, "freestyle": 1}; !reflect.DeepEqual(types, want) {
		t.Errorf("job types = %v, want %v", types, want)
	}
	if d.Jobs.Total != 4 || d.Jobs.Failed != 0 || d.Branches != 1 {
		t.Errorf("jobs = %+v, branches %d; want 4 jobs, none failed, 1 branch", d.Jobs, d.Branches)
	}
	if _, err := os.Stat(filepath.Join(out, "jobs", "team a", "jobs", "app", "report.json")); err != nil {
		t.Error(err)
	}

	// A wrong token stops the audit with a clear error, not an empty one.
	t.Setenv("JENKINS_USER", "alice")
	t.Setenv("JENKINS_API_TOKEN", "wrong")
	out = t.TempDir()
	s, _, errOut = streams()
	if code := Main([]string{"audit", "--jenkins-url", srv.URL, "--out", out}, s); code != ExitFailure {
		t.Errorf("exit %d with a wrong token, want %d", code, ExitFailure)
	}
	want := "401 Unauthorized from " + srv.URL + "/crumbIssuer/api/json: check JENKINS_USER and JENKINS_API_TOKEN"
	if !strings.Contains(errOut.String(), want) || strings.Contains(errOut.String(), "wrong") {
		t.Errorf("stderr = %q, want %q and no token", errOut, want)
	}
	if _, err := os.Stat(filepath.Join(out, "summary.json")); err == nil {
		t.Error("summary.json written after a failed listing")
	}
}

func TestAuditOutRefusesForeignDir(t *testing.T) {
	out := t.TempDir()
	if err := os.WriteFile(filepath.Join(out, "notes.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, _, errOut := streams()
	if code := Main([]string{"audit", "--dir", t.TempDir(), "--out", out}, s); code != ExitUsage {
		t.Errorf("exit %d, want %d", code, ExitUsage)
	}
	if want := "is not empty and holds no earlier audit (give a new or empty directory)"; !strings.Contains(errOut.String(), want) {
		t.Errorf("stderr = %q, want %q", errOut, want)
	}
}

func TestJobFolder(t *testing.T) {
	tests := []struct{ in, want string }{
		{"app", "jobs/app"},
		{"team a/svc", "jobs/team a/jobs/svc"},
		{"../x", "jobs/_/jobs/x"},
		{`a\b`, "jobs/_"},
	}
	for _, tt := range tests {
		if got := filepath.ToSlash(jobFolder(tt.in)); got != tt.want {
			t.Errorf("jobFolder(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRedactURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://ci.example.com", "https://ci.example.com"},
		{"https://me:secret@ci.example.com/jenkins", "https://ci.example.com/jenkins"},
		{"https://ci.example.com/a@b", "https://ci.example.com/a@b"},
	}
	for _, tt := range tests {
		if got := redactURL(tt.in); got != tt.want {
			t.Errorf("redactURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestForecastHandComputed checks forecast.json against figures worked
// out by hand for a JENKINS_HOME of three jobs:
//
//	a (label linux): 10:00 for 10m, 10:05 for 2m, 11:00 for 30s, 12:00 for 61s
//	b (label linux): 10:06 for 5m
//	c (no label):    10:10 for 1m, 10:20 still running (0s); 09:00 for 1m before --since
//
// All: 7 builds, 600+120+30+61+300+60+0 = 1171 s; durations sorted 0, 30,
// 60, 61, 120, 300, 600: median (rank ceil(3.5) = 4) 61 s, p90 (rank
// ceil(6.3) = 7) 600 s; billable 10+2+1+2+5+1+0 = 21 min; peak 3 at 10:06
// (a's two builds and b's), since c starts as a's first ends.
// linux: 5 builds, 1111 s, durations 30, 61, 120, 300, 600: median (rank 3)
// 120 s, p90 (rank 5) 600 s, 20 min, peak 3. (any): 2 builds, 60 s,
// median (rank 1) 0 s, p90 (rank 2) 60 s, 1 min, peak 1.
func TestForecastHandComputed(t *testing.T) {
	home := t.TempDir()
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	at := func(h, m int) time.Time { return day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute) }
	jobs := []struct {
		name, config string
		builds       []source.Build
	}{
		{"a", "<project><assignedNode>linux</assignedNode><builders/></project>", []source.Build{
			{Start: at(10, 0), Duration: 10 * time.Minute}, {Start: at(10, 5), Duration: 2 * time.Minute},
			{Start: at(11, 0), Duration: 30 * time.Second}, {Start: at(12, 0), Duration: 61 * time.Second}}},
		{"team/b", "<project><assignedNode>linux</assignedNode><builders/></project>", []source.Build{
			{Start: at(10, 6), Duration: 5 * time.Minute}}},
		{"c", "<project><builders/></project>", []source.Build{
			{Start: at(10, 10), Duration: time.Minute}, {Start: at(10, 20)}, {Start: at(9, 0), Duration: time.Minute}}},
	}
	write := func(p, content string) { sourcetest.WriteFile(t, p, content) }
	write(filepath.Join(home, "jobs", "team", "config.xml"), "<com.cloudbees.hudson.plugins.folder.Folder/>")
	for _, j := range jobs {
		dir := filepath.Join(home, "jobs", filepath.FromSlash(strings.ReplaceAll(j.name, "/", "/jobs/")))
		write(filepath.Join(dir, "config.xml"), "<?xml version='1.1' encoding='UTF-8'?>\n"+j.config)
		for i, b := range j.builds {
			write(filepath.Join(dir, "builds", fmt.Sprint(i+1), "build.xml"), fmt.Sprintf(
				"<?xml version='1.1' encoding='UTF-8'?>\n<build>\n  <timestamp>%d</timestamp>\n  <startTime>%d</startTime>\n  <duration>%d</duration>\n</build>\n",
				b.Start.UnixMilli()-100, b.Start.UnixMilli(), b.Duration.Milliseconds()))
		}
	}
	out := t.TempDir()
	s, _, errOut := streams()
	opts := &ForecastOptions{IO: s, JenkinsHome: home, OutDir: out, Since: "2026-03-02T09:30:00Z", Now: time.Now}
	if err := runForecast(opts); err != nil {
		t.Fatalf("%v: %s", err, errOut)
	}
	data, err := os.ReadFile(filepath.Join(out, "forecast.json"))
	if err != nil {
		t.Fatal(err)
	}
	var d audit.ForecastDocument
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatal(err)
	}
	want := audit.Stats{Builds: 7, TotalSeconds: 1171, MedianSeconds: 61, P90Seconds: 600, BillableMinutes: 21, PeakConcurrency: 3}
	if d.Total != want {
		t.Errorf("total = %+v, want %+v", d.Total, want)
	}
	wantLabels := []audit.LabelStats{
		{Label: "linux", Jobs: 2, Stats: audit.Stats{Builds: 5, TotalSeconds: 1111, MedianSeconds: 120, P90Seconds: 600, BillableMinutes: 20, PeakConcurrency: 3}},
		{Label: audit.AnyLabel, Jobs: 1, Stats: audit.Stats{Builds: 2, TotalSeconds: 60, MedianSeconds: 0, P90Seconds: 60, BillableMinutes: 1, PeakConcurrency: 1}},
	}
	if !reflect.DeepEqual(d.Labels, wantLabels) {
		t.Errorf("labels = %+v, want %+v", d.Labels, wantLabels)
	}
	if len(d.Jobs) != 3 || d.Jobs[0].Job != "a" || d.Jobs[1].Job != "team/b" {
		t.Errorf("jobs = %+v, want a, team/b, c by build time", d.Jobs)
	}
	md, err := os.ReadFile(filepath.Join(out, "forecast.md"))
	if err != nil {
		t.Fatal(err)
	}
	if line := "| `linux` | 2 | 5 | 0.3 h | 2m0s | 10m0s | 3 | 20 |"; !strings.Contains(string(md), line) {
		t.Errorf("forecast.md lacks %q:\n%s", line, md)
	}
}

func TestParseSince(t *testing.T) {
	now := time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Time
		err  bool
	}{
		{in: "2026-01-31", want: time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)},
		{in: "2026-03-01T08:00:00Z", want: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)},
		{in: "30d", want: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)},
		{in: "12h", want: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)},
		{in: "3w", err: true},
		{in: "-5d", err: true},
	}
	for _, tt := range tests {
		got, err := parseSince(tt.in, now)
		if (err != nil) != tt.err || !got.Equal(tt.want) {
			t.Errorf("parseSince(%q) = %v, %v; want %v (error %v)", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestForecastFlags(t *testing.T) {
	tests := []struct {
		args    []string
		want    ForecastOptions
		wantErr string
	}{
		{args: []string{"--jenkins-home", "h", "--out", "o"}, want: ForecastOptions{JenkinsHome: "h", OutDir: "o", Since: "30d"}},
		{args: []string{"--jenkins-home", "h", "--out", "o", "--since", "2026-01-01"}, want: ForecastOptions{JenkinsHome: "h", OutDir: "o", Since: "2026-01-01"}},
		{args: []string{"--jenkins-home", "h"}, wantErr: "--jenkins-home and --out are required"},
		{args: []string{"--jenkins-home", "h", "--out", "o", "--since", "soon"}, wantErr: `--since "soon" is neither`},
	}
	for _, tt := range tests {
		s, _, _ := streams()
		var got *ForecastOptions
		cmd := NewCmdForecast(s, func(o *ForecastOptions) error { got = o; return nil })
		if !parseFlags(t, cmd, tt.args, tt.wantErr) {
			continue
		}
		got.IO, got.Now = nil, nil
		if !reflect.DeepEqual(*got, tt.want) {
			t.Errorf("%v: got %+v, want %+v", tt.args, *got, tt.want)
		}
	}
}

// A Jenkinsfile of --dir loads its files from its own checkout, wherever
// the audit runs.
func TestAuditDirLoads(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"shop/.git/HEAD":       "ref: refs/heads/main\n",
		"shop/Jenkinsfile":     "node {\n  def ci = load 'ci/steps.groovy'\n  ci.build()\n}\n",
		"shop/ci/steps.groovy": "def build() {\n  sh 'make'\n}\nreturn this\n",
	})
	out := t.TempDir()
	s, _, errOut := streams()
	if code := Main([]string{"audit", "--dir", dir, "--out", out}, s); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rep, err := os.ReadFile(filepath.Join(out, "jobs", "shop", "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(rep), `"construct": "step:load",
      "status": "converted"`) {
		t.Errorf("the load was not read from the checkout:\n%s", rep)
	}
}
