package source

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/jenkins/source/sourcetest"
)

// corpusConfigs is the corpus's configs folder, from this package.
var corpusConfigs = filepath.Join("..", "..", "..", "shared", "corpus", "configs")

// corpusHome assembles a JENKINS_HOME from the corpus, with two branches
// under each multibranch project.
func corpusHome(t *testing.T) string {
	return sourcetest.CorpusHome(t, corpusConfigs, "main", "PR-7")
}

func TestHomeJobs(t *testing.T) {
	home := corpusHome(t)
	jobs, err := collectJobs(t, &Home{Dir: home})
	// The count, for progress, is the number of jobs read, folders
	// included.
	if n := (&Home{Dir: home}).Count(); err == nil && n != len(jobs) {
		t.Errorf("Count() = %d, want %d", n, len(jobs))
	}
	if err != nil {
		t.Fatal(err)
	}
	configs := sourcetest.CorpusConfigs(t, corpusConfigs)
	// Every corpus config, plus the three folders the test made.
	if len(jobs) != len(configs)+3 {
		t.Errorf("%d jobs, want %d", len(jobs), len(configs)+3)
	}
	byPath := map[string]*Job{}
	for _, j := range jobs {
		byPath[j.Path] = j
		if j.Err != nil || len(j.Content) == 0 || j.Format != FormatConfigXML {
			t.Errorf("%s: err %v, %d bytes, format %q", j.Path, j.Err, len(j.Content), j.Format)
		}
	}
	tests := []struct {
		path     string
		kind     Kind
		branches []string
		file     string
	}{
		{path: "labs", kind: KindFolder, file: "jobs/labs/config.xml"},
		{path: "adop/platform", kind: KindFolder, file: "jobs/adop/jobs/platform/config.xml"},
		{path: "adop/platform/adop-load-platform", kind: KindJob, file: "jobs/adop/jobs/platform/jobs/adop-load-platform/config.xml"},
		{path: "labs/labs-multibranch", kind: KindMultibranch, branches: []string{"PR-7", "main"}, file: "jobs/labs/jobs/labs-multibranch/config.xml"},
		{path: "cromwell-freestyle", kind: KindJob, file: "jobs/cromwell-freestyle/config.xml"},
	}
	for _, tt := range tests {
		j := byPath[tt.path]
		if j == nil {
			t.Errorf("%s: not found", tt.path)
			continue
		}
		if j.Kind != tt.kind || !reflect.DeepEqual(j.Branches, tt.branches) || j.File != tt.file {
			t.Errorf("%s: kind %q branches %v file %q, want %q %v %q", tt.path, j.Kind, j.Branches, j.File, tt.kind, tt.branches, tt.file)
		}
	}
	if byPath["stray"] != nil {
		t.Errorf("a directory without config.xml was sent as a job")
	}
}

func TestHomeMissing(t *testing.T) {
	dir := t.TempDir()
	_, err := collectJobs(t, &Home{Dir: dir})
	if want := dir + ": no jobs directory (give the JENKINS_HOME directory, the one that holds jobs/)"; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
}

func TestRepos(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"shop/Jenkinsfile", "group/api/Jenkinsfile", "shop/.git/Jenkinsfile", "web/node_modules/x/Jenkinsfile", "notes/README",
		// The audit's own output, and an earlier audit's.
		"out/jobs/shop/Jenkinsfile", "old-audit/summary.json", "old-audit/jobs/shop/Jenkinsfile"} {
		sourcetest.WriteFile(t, filepath.Join(dir, filepath.FromSlash(f)), "pipeline {}\n")
	}
	jobs, err := collectJobs(t, &Repos{Dir: dir, Skip: []string{filepath.Join(dir, "out")}})
	if n := (&Repos{Dir: dir, Skip: []string{filepath.Join(dir, "out")}}).Count(); n != len(jobs) {
		t.Errorf("Count() = %d, want %d", n, len(jobs))
	}
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, j := range jobs {
		got = append(got, j.Path+"="+j.File)
		if j.Format != FormatJenkinsfile || string(j.Content) != "pipeline {}\n" {
			t.Errorf("%s: format %q content %q", j.Path, j.Format, j.Content)
		}
	}
	if want := []string{"group/api=group/api/Jenkinsfile", "shop=shop/Jenkinsfile"}; !reflect.DeepEqual(got, want) {
		t.Errorf("jobs = %v, want %v", got, want)
	}
}

func TestRootElement(t *testing.T) {
	tests := []struct{ src, want string }{
		{"<?xml version='1.1' encoding='UTF-8'?>\n<project>\n", "project"},
		{"<!-- generated -->\n<flow-definition plugin=\"workflow-job@2\">", "flow-definition"},
		{"<com.cloudbees.hudson.plugins.folder.Folder/>", classFolder},
		{"not xml", ""},
	}
	for _, tt := range tests {
		if got := rootElement([]byte(tt.src)); got != tt.want {
			t.Errorf("rootElement(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}
