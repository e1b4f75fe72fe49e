package lint

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/diag"
)

// goodWorkflow is what a generated workflow looks like; it must stay clean
// with shellcheck on.
const goodWorkflow = `name: build
on:
  push:
    branches: [main]
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
      - name: Check out
        uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
        with:
          persist-credentials: false
      - name: Build
        env:
          BRANCH: ${{ github.ref_name }}
        run: |
          echo "building $BRANCH"
          ./gradlew --no-daemon build
`

type finding struct {
	line int
	code string
	// text is a substring of the message.
	text string
}

func TestWorkflow(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []finding
	}{
		{name: "good", src: goodWorkflow},
		{
			name: "undefined context",
			src:  "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ foo.bar }}\n",
			want: []finding{{6, "actionlint/expression", `undefined variable "foo"`}},
		},
		{
			name: "missing runs-on",
			src:  "on: push\njobs:\n  a:\n    steps:\n      - run: echo hi\n",
			want: []finding{{3, "actionlint/syntax-check", `"runs-on" section is missing in job "a"`}},
		},
		{
			name: "unknown needs",
			src:  "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: [nope]\n    steps:\n      - run: echo hi\n",
			want: []finding{{3, "actionlint/job-needs", `needs job "nope" which does not exist`}},
		},
		{
			name: "bad cron",
			src:  "on:\n  schedule:\n    - cron: '99 * * * *'\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n",
			want: []finding{{3, "actionlint/events", `invalid CRON format "99 * * * *"`}},
		},
		{
			name: "unknown permission scope",
			src:  "on: push\npermissions:\n  content: read\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n",
			want: []finding{{3, "actionlint/permissions", `unknown permission scope "content"`}},
		},
		{
			name: "untrusted input in run",
			src:  "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"${{ github.event.pull_request.title }}\"\n",
			want: []finding{{6, "actionlint/expression", `"github.event.pull_request.title" is potentially untrusted`}},
		},
		{
			name: "action without ref",
			src:  "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout\n",
			want: []finding{{6, "actionlint/action", "ref is missing"}},
		},
		{
			name: "several findings in order",
			src:  "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ foo }}\n  b:\n    runs-on: ubuntu-latest\n    needs: [nope]\n    steps:\n      - run: echo ${{ bar }}\n",
			want: []finding{
				{6, "actionlint/expression", `undefined variable "foo"`},
				{7, "actionlint/job-needs", `needs job "nope"`},
				{11, "actionlint/expression", `undefined variable "bar"`},
			},
		},
		{
			name: "not YAML",
			src:  "on: push\njobs: [\n",
			want: []finding{{2, "actionlint/syntax-check", "could not parse as YAML"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, err := Workflow("ci.yml", []byte(tt.src), Options{Shellcheck: "-"})
			if err != nil {
				t.Fatalf("Workflow: %v", err)
			}
			checkFindings(t, ds, tt.want)
		})
	}
}

// checkFindings compares actionlint's findings with want; the practice
// rules, which these small workflows break on purpose, are tested apart.
func checkFindings(t *testing.T, ds diag.Diagnostics, want []finding) {
	t.Helper()
	ds = slices.DeleteFunc(slices.Clone(ds), func(d *diag.Diagnostic) bool {
		return !strings.HasPrefix(d.Code, "actionlint/")
	})
	if len(ds) != len(want) {
		t.Fatalf("got %d findings, want %d:\n%v", len(ds), len(want), ds)
	}
	for i, d := range ds {
		w := want[i]
		if d.Severity != diag.Error || d.Code != w.code || d.Subject.Start.Line != w.line ||
			d.Subject.File != "ci.yml" || !strings.Contains(d.Message, w.text) {
			t.Errorf("finding %d = %s\nwant error at ci.yml:%d [%s] containing %q", i, d, w.line, w.code, w.text)
		}
	}
}

func TestWorkflowPositions(t *testing.T) {
	src := "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ foo.bar }}\n"
	ds, err := Workflow("ci.yml", []byte(src), Options{Shellcheck: "-", Disable: RuleIDs()})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 {
		t.Fatalf("got %v, want one finding", ds)
	}
	got := ds[0].Subject
	want := diag.Range{File: "ci.yml", Start: diag.Pos{Line: 6, Col: 23, Offset: strings.Index(src, "foo")}}
	if got != want {
		t.Errorf("subject = %+v, want %+v", got, want)
	}
	if s := ds[0].String(); !strings.HasPrefix(s, "ci.yml:6:23: ") {
		t.Errorf("String() = %q, want it to start with the position", s)
	}
}

const unquotedVar = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo $FOO\n"

func TestWorkflowShellcheck(t *testing.T) {
	path, err := exec.LookPath("shellcheck")
	if err != nil {
		t.Skip("shellcheck is not installed")
	}
	for _, sc := range []string{"", path} {
		t.Run(fmt.Sprintf("Shellcheck=%q", sc), func(t *testing.T) {
			ds, err := Workflow("ci.yml", []byte(unquotedVar), Options{Shellcheck: sc})
			if err != nil {
				t.Fatal(err)
			}
			checkFindings(t, ds, []finding{{6, "actionlint/shellcheck", "SC2086"}})
		})
	}
	t.Run("good workflow", func(t *testing.T) {
		ds, err := Workflow("ci.yml", []byte(goodWorkflow), Options{Shellcheck: path})
		if err != nil {
			t.Fatal(err)
		}
		checkFindings(t, ds, nil)
	})
}

func TestWorkflowShellcheckOff(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		path string // PATH for the test
	}{
		{name: "disabled", opts: Options{Shellcheck: "-"}},
		{name: "not on PATH", path: t.TempDir()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.path != "" {
				t.Setenv("PATH", tt.path)
			}
			ds, err := Workflow("ci.yml", []byte(unquotedVar), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			checkFindings(t, ds, nil)
		})
	}
}

func TestWorkflowShellcheckMissing(t *testing.T) {
	_, err := Workflow("ci.yml", []byte(goodWorkflow), Options{Shellcheck: "/nonexistent/shellcheck"})
	if err == nil || !strings.Contains(err.Error(), `shellcheck "/nonexistent/shellcheck"`) {
		t.Errorf("err = %v, want an error naming the missing shellcheck", err)
	}
}

// TestWorkflowConcurrent runs with -race in CI: several goroutines lint at
// once, with shellcheck when it is there, and each gets its own findings.
func TestWorkflowConcurrent(t *testing.T) {
	srcs := []string{
		goodWorkflow,
		"on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ foo.bar }}\n",
		unquotedVar,
		"on: push\njobs:\n  a:\n    steps:\n      - run: echo hi\n",
	}
	want := make([]string, len(srcs))
	for i, src := range srcs {
		ds, err := Workflow(fmt.Sprintf("w%d.yml", i), []byte(src), Options{})
		if err != nil {
			t.Fatal(err)
		}
		want[i] = fmt.Sprint(ds)
	}
	var wg sync.WaitGroup
	for n := range 8 * len(srcs) {
		i := n % len(srcs)
		wg.Go(func() {
			ds, err := Workflow(fmt.Sprintf("w%d.yml", i), []byte(srcs[i]), Options{})
			if err != nil {
				t.Error(err)
				return
			}
			if got := fmt.Sprint(ds); got != want[i] {
				t.Errorf("workflow %d: concurrent run gave\n%s\nwant\n%s", i, got, want[i])
			}
		})
	}
	wg.Wait()
}

func TestSubject(t *testing.T) {
	src := []byte("ab\ncdef\n\nxyz")
	tests := []struct {
		line, col int
		want      diag.Range
	}{
		{0, 0, diag.Range{File: "f"}},
		{1, 1, diag.Range{File: "f", Start: diag.Pos{Line: 1, Col: 1, Offset: 0}}},
		{2, 3, diag.Range{File: "f", Start: diag.Pos{Line: 2, Col: 3, Offset: 5}}},
		{2, 99, diag.Range{File: "f", Start: diag.Pos{Line: 2, Col: 99, Offset: 7}}},
		{4, 3, diag.Range{File: "f", Start: diag.Pos{Line: 4, Col: 3, Offset: 11}}},
		{9, 2, diag.Range{File: "f", Start: diag.Pos{Line: 9, Col: 2}}},
	}
	for _, tt := range tests {
		if got := subject("f", src, tt.line, tt.col); got != tt.want {
			t.Errorf("subject(%d, %d) = %+v, want %+v", tt.line, tt.col, got, tt.want)
		}
	}
}

// TestWorkflowRepositoryConfig checks that a workflow inside a repository
// is linted with that repository's .github/actionlint.yaml, as actionlint's
// own command does, and that one outside is not.
func TestWorkflowRepositoryConfig(t *testing.T) {
	repo := t.TempDir()
	files := map[string]string{
		".git":                     "gitdir: elsewhere\n",
		".github/actionlint.yaml":  "self-hosted-runner:\n  labels: [build-farm]\n",
		".github/workflows/ci.yml": selfHosted,
	}
	for name, content := range files {
		p := filepath.Join(repo, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		path string
		want []finding
	}{
		{name: "in the repository", path: filepath.Join(repo, ".github/workflows/ci.yml")},
		{
			name: "not on disk",
			path: "ci.yml",
			want: []finding{{4, "actionlint/runner-label", `label "build-farm" is unknown`}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, err := Workflow(tt.path, []byte(selfHosted), Options{Shellcheck: "-"})
			if err != nil {
				t.Fatal(err)
			}
			checkFindings(t, ds, tt.want)
		})
	}
}

const selfHosted = "on: push\njobs:\n  a:\n    runs-on: build-farm\n    steps:\n      - run: echo hi\n"
