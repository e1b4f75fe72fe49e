package migrate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/convert"
	"github.com/jenkins2actions/jenkins2actions/report"
)

func TestRepoFromURL(t *testing.T) {
	tests := []struct {
		url, host, want string
	}{
		{"https://github.com/acme/app.git", "github.com", "acme/app"},
		{"https://github.com/acme/app", "github.com", "acme/app"},
		{"https://GitHub.com/acme/app/", "github.com", "acme/app"},
		{"https://user@github.com/acme/app.git", "github.com", "acme/app"},
		{"git@github.com:acme/app.git", "github.com", "acme/app"},
		{"git@github.com:/acme/app.git", "github.com", "acme/app"},
		{"ssh://git@github.com/acme/app.git", "github.com", "acme/app"},
		{"ssh://git@ghe.example.com:2222/acme/app", "ghe.example.com", "acme/app"},
		{"git://github.com/acme/app.git", "github.com", "acme/app"},
		{"https://ghe.example.com/acme/app.git", "github.com", ""},
		{"https://github.com/acme/app.git", "ghe.example.com", "acme/app"},
		{"http://127.0.0.1:8080/acme/app.git", "127.0.0.1", "acme/app"},
		{"https://gitlab.example.com/acme/app.git", "ghe.example.com", ""},
		{"https://gitlab.com/acme/app.git", "github.com", ""},
		{"https://github.com/acme/app/tree/main", "github.com", ""},
		{"https://github.com/acme", "github.com", ""},
		{"/srv/git/app.git", "github.com", ""},
		{"", "github.com", ""},
	}
	for _, tt := range tests {
		got, ok := RepoFromURL(tt.url, tt.host)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("RepoFromURL(%q, %q) = %q, %v, want %q", tt.url, tt.host, got, ok, tt.want)
		}
	}
}

func TestHost(t *testing.T) {
	for in, want := range map[string]string{
		"":                               "github.com",
		"https://api.github.com":         "github.com",
		"https://api.github.com/":        "github.com",
		"https://ghe.example.com":        "ghe.example.com",
		"https://GHE.example.com/api/v3": "ghe.example.com",
		"http://127.0.0.1:8080/api/v3/":  "127.0.0.1",
	} {
		if got, err := Host(in); err != nil || got != want {
			t.Errorf("Host(%q) = %q, %v, want %q", in, got, err, want)
		}
	}
	if _, err := Host("ghe.example.com"); err == nil {
		t.Error("a URL without a scheme was taken")
	}
}

func TestParseShard(t *testing.T) {
	if s, err := ParseShard("2/8"); err != nil || s != (Shard{2, 8}) {
		t.Errorf("ParseShard(2/8) = %v, %v", s, err)
	}
	for _, bad := range []string{"0/2", "3/2", "1", "a/b", "1/0", "-1/2"} {
		if _, err := ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q) took it", bad)
		}
	}
}

func TestParseRepo(t *testing.T) {
	for _, ok := range []string{"acme/app", "a/b.c", "a-b/c_d"} {
		if _, _, err := ParseRepo(ok); err != nil {
			t.Errorf("ParseRepo(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"acme", "acme/app/x", "/app", "acme/", "-a/b", "a/..", "a b/c"} {
		if _, _, err := ParseRepo(bad); err == nil {
			t.Errorf("ParseRepo(%q) took it", bad)
		}
	}
}

func TestLoadRepoMap(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	os.WriteFile(good, []byte("team/app: acme/app\n\"folder/with space\": acme/other\n"), 0o644)
	m, err := LoadRepoMap(good)
	if err != nil || m["team/app"] != "acme/app" || m["folder/with space"] != "acme/other" {
		t.Errorf("LoadRepoMap = %v, %v", m, err)
	}
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("team/app: not-a-repo\n"), 0o644)
	if _, err := LoadRepoMap(bad); err == nil || !strings.Contains(err.Error(), `job "team/app"`) {
		t.Errorf("a bad repository: %v", err)
	}
	if _, err := LoadRepoMap(filepath.Join(dir, "missing.yaml")); err == nil || !strings.Contains(err.Error(), "--repo-map") {
		t.Errorf("a missing map: %v", err)
	}
}

func TestGroupNamesFilesApart(t *testing.T) {
	jobs := []*Job{
		{Path: "b/build", Repo: "acme/x", File: ".github/workflows/build.yml", Workflow: []byte("b"), Report: &report.Report{}},
		{Path: "a/build", Repo: "acme/x", File: ".github/workflows/build.yml", Workflow: []byte("a"), Report: &report.Report{}},
		{Path: "a-build", Repo: "ACME/x", File: ".github/workflows/build.yml", Workflow: []byte("c"), Report: &report.Report{}},
		{Path: "gone", Skipped: "no repository"},
	}
	p := group(jobs)
	if len(p.Repos) != 1 || len(p.Unassigned) != 1 {
		t.Fatalf("plan %+v", p)
	}
	want := map[string]string{".github/workflows/build.yml": "c", ".github/workflows/a-build.yml": "a", ".github/workflows/b-build.yml": "b"}
	for f, c := range want {
		if string(p.Repos[0].Files[f]) != c {
			t.Errorf("%s = %q, want %q (files %v)", f, p.Repos[0].Files[f], c, p.Repos[0].Files)
		}
	}
}

func TestBodyTruncated(t *testing.T) {
	rep := &report.Report{}
	for i := range 3000 {
		rep.Items = append(rep.Items, report.Item{Item: &convert.Item{Construct: "step:x", Status: convert.Manual, Note: strings.Repeat("n", 20)}, At: "Jenkinsfile:" + string(rune('0'+i%10))})
	}
	b := Body(&Repo{Jobs: []*Job{{Path: "j", File: ".github/workflows/j.yml", Report: rep}}})
	if len(b) > MaxBody || !strings.HasSuffix(b, truncateNote) {
		t.Errorf("body of %d bytes, ending %q", len(b), b[max(len(b)-100, 0):])
	}
	if small := Body(&Repo{Jobs: []*Job{{Path: "j", Skipped: "a | b"}}}); !strings.Contains(small, `a \| b`) || strings.Contains(small, truncateNote) {
		t.Errorf("small body:\n%s", small)
	}
}

func TestMergeStates(t *testing.T) {
	dir := t.TempDir()
	a, _ := LoadState(filepath.Join(dir, "a.json"))
	a.Record(Result{Repo: "acme/x", Outcome: Open, Pull: 3, URL: "https://github.com/acme/x/pull/3"})
	a.Record(Result{Repo: "acme/y", Outcome: Failed, Reason: "archived: x"})
	a.SetUnassigned([]*Job{{Path: "legacy", Skipped: "no repository"}})
	b, _ := LoadState(filepath.Join(dir, "b.json"))
	b.Record(Result{Repo: "acme/z", Outcome: Merged})
	m, err := MergeStates([]string{filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Repositories) != 3 || !m.Problems() {
		t.Errorf("merged %v", m.Repositories)
	}
	var sb strings.Builder
	m.WriteMarkdown(&sb)
	for _, want := range []string{"| open | 1 |", "| failed | 1 |", "[#3](https://github.com/acme/x/pull/3)", "archived: x", "`legacy`: no repository"} {
		if !strings.Contains(sb.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, sb.String())
		}
	}
	if _, err := MergeStates([]string{filepath.Join(dir, "missing.json")}); err == nil {
		t.Error("a missing state file merged")
	}
	os.WriteFile(filepath.Join(dir, "bad.json"), []byte("{"), 0o644)
	if _, err := LoadState(filepath.Join(dir, "bad.json")); err == nil || !strings.Contains(err.Error(), "delete it to start over") {
		t.Errorf("a broken state file: %v", err)
	}
}
