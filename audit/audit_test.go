package audit

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/config"
	"github.com/jenkins2actions/jenkins2actions/convert"
	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/report"
)

// rep builds a report with items of the given statuses.
func rep(workflow string, items ...*convert.Item) *report.Report {
	r := report.New("Jenkinsfile", "declarative", &convert.Result{Items: items}, nil)
	r.Workflow = workflow
	return r
}

func item(construct string, st convert.Status) *convert.Item {
	return &convert.Item{Construct: construct, Status: st, Note: "do " + construct}
}

func TestClassify(t *testing.T) {
	withError := rep("w.yml", item("step:sh", convert.Converted))
	withError.Diagnostics = diag.Diagnostics{{Severity: diag.Error, Code: "actionlint/expression", Message: "x"}}
	tests := []struct {
		name string
		rep  *report.Report
		want Status
	}{
		{"all converted", rep("w.yml", item("step:sh", convert.Converted), item("option:retry", convert.Approximated)), Converted},
		{"a manual item", rep("w.yml", item("step:sh", convert.Converted), item("step:mail", convert.Manual)), Partial},
		{"a lint error", withError, Partial},
		{"only manual", rep("w.yml", item("step:mail", convert.Manual)), Unsupported},
		{"nothing at all", rep("w.yml"), Unsupported},
		{"not read", rep(""), Failed},
	}
	for _, tt := range tests {
		if got := Classify(tt.rep); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// sample is a summary of four jobs in two folders.
func sample() *Summary {
	s := New("/var/lib/jenkins")
	a := rep("jobs/a/a.yml", item("step:sh", convert.Converted), item("step:mail", convert.Manual), item("step:mail", convert.Manual))
	a.Secrets = []*convert.Secret{{Name: "DOCKER_HUB_USR", CredentialID: "docker-hub", Kind: "username"}, {Name: "DOCKER_HUB_PSW", CredentialID: "docker-hub", Kind: "password"}}
	a.Runners = []*convert.Runner{{Label: "gpu && linux", RunsOn: []string{"self-hosted", "gpu", "linux"}}}
	b := rep("jobs/team/jobs/b/b.yml", item("step:sh", convert.Converted), item("tool:jdk", convert.Converted))
	b.Secrets = []*convert.Secret{{Name: "DEPLOY_KEY", CredentialID: "deploy-key", Kind: "secret text"}, {Name: "PASS", CredentialID: "PASS", Kind: "password parameter"}}
	b.Environments = []*convert.Environment{{Name: "production"}}
	b.Diagnostics = diag.Diagnostics{{Severity: diag.Warning, Code: "unknown-element", Message: `unknown builder "x.Y" (plugin "job-dsl@1.87")`}}
	s.Add(&Job{Path: "a", Type: "pipeline", Status: Classify(a), Report: a, Actions: []string{"actions/checkout@v4.2.2"}})
	s.Add(&Job{Path: "team/b", Type: "freestyle", Status: Classify(b), Report: b})
	s.Add(&Job{Path: "team", Type: "folder", Status: Unsupported, Reason: "a folder"})
	s.Add(&Job{Path: "team/c", Type: "pipeline", Status: Failed, Reason: "404", Branches: 3})
	return s
}

// sampleRepos adds a job whose Jenkinsfile is in its repository.
func sampleRepos() *Summary {
	s := sample()
	d := rep("jobs/d/d.yml", item("step:jenkinsfileFromSCM", convert.Manual))
	s.Add(&Job{Path: "d", Type: "pipeline", Status: Classify(d), Report: d, Repository: "https://github.com/acme/d.git ci/Jenkinsfile"})
	return s
}

func TestDocument(t *testing.T) {
	d := sample().Document()
	if want := (StatusCounts{Total: 4, Converted: 1, Partial: 1, Unsupported: 1, Failed: 1}); d.Jobs != want {
		t.Errorf("jobs = %+v, want %+v", d.Jobs, want)
	}
	if want := (ItemCounts{Converted: 3, Manual: 2}); d.Items != want {
		t.Errorf("items = %+v, want %+v", d.Items, want)
	}
	// step:mail twice in one job is one job.
	if len(d.Blockers) != 1 || d.Blockers[0] != (Blocker{Construct: "step:mail", Jobs: 1, Note: "do step:mail"}) {
		t.Errorf("blockers = %+v", d.Blockers)
	}
	if len(d.Folders) != 2 || d.Folders[0].Folder != "" || d.Folders[1].Folder != "team" || d.Folders[1].Total != 2 {
		t.Errorf("folders = %+v", d.Folders)
	}
	if len(d.Plugins) != 1 || d.Plugins[0] != (NameCount{"job-dsl", 1}) {
		t.Errorf("plugins = %+v", d.Plugins)
	}
	if len(d.Tools) != 1 || d.Tools[0].Name != "jdk" || len(d.Environments) != 1 || d.Branches != 3 {
		t.Errorf("tools %+v, environments %+v, branches %d", d.Tools, d.Environments, d.Branches)
	}
}

func TestWriteConfig(t *testing.T) {
	var buf bytes.Buffer
	if err := sample().WriteConfig(&buf); err != nil {
		t.Fatal(err)
	}
	got := buf.String()
	body := got[strings.Index(got, "labels:"):]
	want := `labels:
  "gpu && linux": ["self-hosted", "gpu", "linux"]  # 1 job
credentials:
  "deploy-key": "DEPLOY_KEY"  # 1 job
  "docker-hub": "DOCKER_HUB"  # 1 job
`
	if body != want {
		t.Errorf("skeleton:\n%s\nwant:\n%s", body, want)
	}
	// The skeleton must load as a config and map what it lists.
	path := t.TempDir() + "/" + config.FileName
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Credentials["docker-hub"] != "DOCKER_HUB" || len(cfg.Labels["gpu && linux"]) != 3 {
		t.Errorf("loaded %+v", cfg)
	}
}

func TestWriteCSVAndMarkdown(t *testing.T) {
	s := sample()
	var csv, md bytes.Buffer
	if err := s.WriteCSV(&csv); err != nil {
		t.Fatal(err)
	}
	wantCSV := `job,type,status,actions,secrets,runners
a,pipeline,partial,actions/checkout@v4.2.2,DOCKER_HUB_PSW DOCKER_HUB_USR,gpu && linux
team,folder,unsupported,,,
team/b,freestyle,converted,,DEPLOY_KEY PASS,
team/c,pipeline,failed,,,
`
	if csv.String() != wantCSV {
		t.Errorf("csv:\n%s\nwant:\n%s", csv.String(), wantCSV)
	}
	if err := s.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| converted | 1 | 25.0% |", "| **total** | **4** | |", "| team | 2 | 1 | 0 | 0 | 1 |",
		"| `step:mail` | 1 |", "| `gpu && linux` | `[self-hosted, gpu, linux]` | 1 |", "| `production` | 1 |", "3 branches", "| team/c | 404 |",
		// The jobs by name: ready, and blocked with what blocks them.
		"## Jobs ready to merge\n\nConverted with nothing left to a person: open their pull requests first.\n\n- `team/b`\n",
		"| job | blockers |\n| --- | --- |\n| a | `step:mail` |\n"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("summary.md lacks %q:\n%s", want, md.String())
		}
	}
	md.Reset()
	if err := sampleRepos().WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	if want := "| d | https://github.com/acme/d.git | `ci/Jenkinsfile` |"; !strings.Contains(md.String(), want) {
		t.Errorf("summary.md lacks %q:\n%s", want, md.String())
	}
}
