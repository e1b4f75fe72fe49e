package lint

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/templates"
)

var update = flag.Bool("update", false, "rewrite golden files")

func builtinLock(t *testing.T) *templates.Lock {
	t.Helper()
	c, err := templates.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return c.Lock()
}

// TestFixGolden fixes a hand-written workflow and compares the text, so
// that a reviewer sees that only the fixed lines change.
func TestFixGolden(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "fix", "in.yml"))
	if err != nil {
		t.Fatal(err)
	}
	got, n := Fix(src, FixOptions{Lock: builtinLock(t), TimeoutMinutes: 30})
	if n != 6 {
		t.Errorf("Fix made %d fixes, want 6 (3 pins, 2 timeouts, permissions)", n)
	}
	wantPath := filepath.Join("testdata", "fix", "want.yml")
	if *update {
		if err := os.WriteFile(wantPath, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(wantPath)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("Fix gave\n%s\nwant\n%s", got, want)
	}
	again, n := Fix(got, FixOptions{Lock: builtinLock(t)})
	if n != 0 || string(again) != string(got) {
		t.Errorf("a second Fix changed %d things", n)
	}
}

// TestFixFixtures fixes every rule fixture: the result must pass the
// permissions and timeout rules, and pinning for every action the lock
// knows, without new actionlint findings.
func TestFixFixtures(t *testing.T) {
	lock := builtinLock(t)
	files, _ := filepath.Glob(filepath.Join("testdata", "rules", "*.yml"))
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			before, err := Workflow(f, src, Options{Shellcheck: "-"})
			if err != nil {
				t.Fatal(err)
			}
			fixed, _ := Fix(src, FixOptions{Lock: lock})
			after, err := Workflow(f, fixed, Options{Shellcheck: "-"})
			if err != nil {
				t.Fatal(err)
			}
			if got, was := count(after, "actionlint/"), count(before, "actionlint/"); got > was {
				t.Errorf("fix added actionlint findings (%d, was %d):\n%s", got, was, fixed)
			}
			for _, d := range after {
				if d.Code == "permissions-present" || d.Code == "timeout-minutes" {
					t.Errorf("after fix: %s", d)
				}
			}
			w := parseWorkflow(fixed)
			for _, j := range w.jobs {
				uses := []*yaml.Node{j.uses}
				for _, s := range j.steps {
					uses = append(uses, s.uses)
				}
				for _, u := range uses {
					a := parseUses(scalar(u))
					// A ref that names a major the lock holds is pinned
					// within it; one that names none is left to a person.
					_, known := lock.PinMajor(a.action, templates.MajorOf(a.ref))
					if known && !a.pinned() {
						t.Errorf("after fix: %q at line %d is not pinned", u.Value, u.Line)
					}
				}
			}
		})
	}
}

func count(ds diag.Diagnostics, prefix string) int {
	n := 0
	for _, d := range ds {
		if strings.HasPrefix(d.Code, prefix) {
			n++
		}
	}
	return n
}

// --fix pins within the major the workflow names and says what it left;
// only --upgrade moves to a new major, and it lists each move.
func TestFixMajors(t *testing.T) {
	lock := builtinLock(t)
	src := []byte("on: push\npermissions:\n  contents: read\njobs:\n  a:\n    runs-on: ubuntu-latest\n    timeout-minutes: 5\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-go@main\n      - uses: actions/checkout@v1\n")
	v4, ok := lock.PinMajor("actions/checkout", "v4")
	if !ok {
		t.Fatal("the lock has no actions/checkout v4")
	}
	newest, _ := lock.Pin("actions/checkout")
	tests := []struct {
		name    string
		upgrade bool
		want    []string
		notes   []string
	}{
		{"within the major", false, []string{"actions/checkout@" + v4.SHA + " # " + v4.Version, "actions/setup-go@main", "actions/checkout@v1"},
			[]string{"10: actions/setup-go@main names no major version", "11: actions/checkout@v1: the lock has no release of v1"}},
		{"upgrade", true, []string{"actions/checkout@" + newest.SHA + " # " + newest.Version},
			[]string{"9: actions/checkout: v4 -> " + newest.Version + " (a new major version"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var notes []string
			got, _ := Fix(src, FixOptions{Lock: lock, Upgrade: tt.upgrade, Notes: func(line int, msg string) {
				notes = append(notes, fmt.Sprintf("%d: %s", line, msg))
			}})
			for _, w := range tt.want {
				if !strings.Contains(string(got), w) {
					t.Errorf("fixed workflow lacks %q:\n%s", w, got)
				}
			}
			for _, w := range tt.notes {
				if !slices.ContainsFunc(notes, func(n string) bool { return strings.HasPrefix(n, w) }) {
					t.Errorf("notes %q lack %q", notes, w)
				}
			}
		})
	}
}
