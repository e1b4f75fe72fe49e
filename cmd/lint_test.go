package cmd

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/jenkins/source/sourcetest"
)

// unpinned breaks actions-pinned (line 6), permissions-present and
// timeout-minutes (line 3).
const unpinned = `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
`

func writeWorkflow(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	sourcetest.WriteFile(t, p, content)
	return p
}

func TestLintFlags(t *testing.T) {
	tests := []struct {
		args    []string
		want    LintOptions
		wantErr string
	}{
		{args: nil, want: LintOptions{Paths: []string{filepath.Join(".github", "workflows")}, Format: "text"}},
		{args: []string{"a.yml", "--format", "sarif", "--fix", "--config", "c.yaml"},
			want: LintOptions{Paths: []string{"a.yml"}, Format: "sarif", Fix: true, ConfigFile: "c.yaml"}},
		{args: []string{"--format", "xml"}, wantErr: "--format must be text, json or sarif"},
	}
	for _, tt := range tests {
		s, _, _ := streams()
		var got *LintOptions
		cmd := NewCmdLint(s, func(o *LintOptions) error { got = o; return nil })
		if !parseFlags(t, cmd, tt.args, tt.wantErr) {
			continue
		}
		got.IO = nil
		if strings.Join(got.Paths, ",") != strings.Join(tt.want.Paths, ",") || got.Format != tt.want.Format ||
			got.Fix != tt.want.Fix || got.ConfigFile != tt.want.ConfigFile || got.OutTerminal {
			t.Errorf("%v: got %+v, want %+v", tt.args, *got, tt.want)
		}
	}
}

func TestLintText(t *testing.T) {
	dir := t.TempDir()
	p := writeWorkflow(t, dir, "ci.yml", unpinned)
	s, out, _ := streams()
	if code := Main([]string{"lint", p}, s); code != ExitProblems {
		t.Fatalf("exit %d, want %d", code, ExitProblems)
	}
	want := []string{
		p + `:3:3: job "build" has no permissions`,
		p + `:3:3: job "build" has no timeout-minutes`,
		p + `:6:15: "actions/checkout@v4" is not pinned to a full commit SHA`,
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(want), out)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) || !strings.HasSuffix(lines[i], "]") {
			t.Errorf("line %d = %q, want it to start with %q and end with the rule", i, lines[i], w)
		}
	}
}

func TestWriteFindingsTerminal(t *testing.T) {
	src := []byte("on: push\njobs:\n  a:\n")
	ds := diag.Diagnostics{
		{Severity: diag.Warning, Code: "r", Message: "m", Subject: diag.Range{File: "f.yml", Start: diag.Pos{Line: 3, Col: 3}}},
		{Severity: diag.Error, Code: "q", Message: "n", Subject: diag.Range{File: "g.yml"}},
	}
	var b bytes.Buffer
	if err := writeFindings(&b, ds, map[string][]byte{"f.yml": src}, true); err != nil {
		t.Fatal(err)
	}
	want := "\x1b[1mf.yml:3:3\x1b[0m: \x1b[33mm\x1b[0m \x1b[90m[r]\x1b[0m\n" +
		"\x1b[90m   3 |\x1b[0m   a:\n" +
		"     |    \x1b[32m^\x1b[0m\n" +
		"\x1b[1mg.yml\x1b[0m: \x1b[31mn\x1b[0m \x1b[90m[q]\x1b[0m\n"
	if b.String() != want {
		t.Errorf("got\n%q\nwant\n%q", b.String(), want)
	}
}

func TestLintConfig(t *testing.T) {
	tests := []struct {
		name    string
		config  string
		want    []string // rule codes found, in order
		wantErr string
	}{
		{name: "defaults", want: []string{"permissions-present", "timeout-minutes", "actions-pinned"}},
		{name: "disabled", config: "lint:\n  disable: [timeout-minutes, actions-pinned]\n", want: []string{"permissions-present"}},
		{name: "allowed actions", config: "lint:\n  disable: [permissions-present, timeout-minutes]\n  allowed-actions: [docker/*]\n",
			want: []string{"actions-allowed", "actions-pinned"}},
		{name: "unknown rule", config: "lint:\n  disable: [no-such-rule]\n", wantErr: `unknown rule "no-such-rule"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.config != "" {
				writeWorkflow(t, dir, ".jenkins2actions.yaml", tt.config)
			}
			p := writeWorkflow(t, dir, ".github/workflows/ci.yml", unpinned)
			s, out, errOut := streams()
			code := Main([]string{"lint", "--format", "json", p}, s)
			if tt.wantErr != "" {
				if code != ExitFailure || !strings.Contains(errOut.String(), tt.wantErr) {
					t.Errorf("exit %d, stderr %q; want failure with %q", code, errOut, tt.wantErr)
				}
				return
			}
			var ds diag.Diagnostics
			if err := json.Unmarshal(out.Bytes(), &ds); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range ds {
				got = append(got, d.Code)
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("codes %v, want %v", got, tt.want)
			}
		})
	}
}

func TestLintSARIF(t *testing.T) {
	dir := t.TempDir()
	p := writeWorkflow(t, dir, "ci.yml", unpinned)
	s, out, _ := streams()
	if code := Main([]string{"lint", "--format", "sarif", p}, s); code != ExitProblems {
		t.Fatalf("exit %d", code)
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(out.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || len(log.Runs[0].Results) != 3 {
		t.Errorf("unexpected SARIF:\n%s", out)
	}
}

// TestLintFix fixes a workflow on disk: the file is rewritten and passes
// the pinning, permissions and timeout rules, so lint exits clean.
func TestLintFix(t *testing.T) {
	dir := t.TempDir()
	writeWorkflow(t, dir, ".jenkins2actions.yaml", "timeout-minutes: 15\n")
	p := writeWorkflow(t, dir, "ci.yml", unpinned)
	s, out, errOut := streams()
	if code := Main([]string{"lint", "--fix", p}, s); code != ExitOK {
		t.Fatalf("exit %d:\n%s%s", code, out, errOut)
	}
	if !strings.Contains(errOut.String(), "ci.yml: 3 fixed") {
		t.Errorf("stderr %q, want the count of fixes", errOut)
	}
	got, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	// checkout@v4 stays on v4: a new major changes behaviour.
	for _, w := range []string{"permissions:\n  contents: read\njobs:", "    timeout-minutes: 15\n    steps:", "actions/checkout@11d5960a326750d5838078e36cf38b85af677262 # v4.4.0"} {
		if !strings.Contains(string(got), w) {
			t.Errorf("fixed file lacks %q:\n%s", w, got)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("temporary files left behind: %v", entries)
	}

	// --upgrade is what moves it to the newest major, and it says so.
	p = writeWorkflow(t, dir, "ci.yml", unpinned)
	s, out, errOut = streams()
	if code := Main([]string{"lint", "--fix", "--upgrade", p}, s); code != ExitOK {
		t.Fatalf("exit %d:\n%s%s", code, out, errOut)
	}
	if got, _ := os.ReadFile(p); !strings.Contains(string(got), "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1") {
		t.Errorf("--upgrade did not reach v7:\n%s", got)
	}
	if !strings.Contains(errOut.String(), "ci.yml:6: actions/checkout: v4 -> v7.0.1") {
		t.Errorf("stderr %q, want the move listed", errOut)
	}
	s, _, _ = streams()
	if code := Main([]string{"lint", "--upgrade", p}, s); code != ExitUsage {
		t.Errorf("--upgrade without --fix: exit %d, want %d", code, ExitUsage)
	}
}
