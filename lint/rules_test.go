package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/jenkins2actions/jenkins2actions/diag"
)

// exampleOptions reads a RuleInfo.Config snippet into Options.
func exampleOptions(t *testing.T, config string) Options {
	t.Helper()
	var c struct {
		AllowedActions []string `yaml:"allowed-actions"`
		DeployWords    []string `yaml:"deploy-words"`
	}
	if err := yaml.Unmarshal([]byte(config), &c); err != nil {
		t.Fatalf("config %q: %v", config, err)
	}
	return Options{Shellcheck: "-", AllowedActions: c.AllowedActions, DeployWords: c.DeployWords}
}

// codes returns the lines at which rule id reported, in order.
func linesOf(ds diag.Diagnostics, id string) []int {
	var lines []int
	for _, d := range ds {
		if d.Code == id {
			lines = append(lines, d.Subject.Start.Line)
		}
	}
	return lines
}

// TestRuleExamples checks the examples the docs show: each rule flags its
// bad example and passes its good one, and both are valid workflows as far
// as actionlint is concerned.
func TestRuleExamples(t *testing.T) {
	infos := Rules()
	if len(infos) < 15 {
		t.Errorf("%d rules, want at least 15", len(infos))
	}
	idRE := regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)
	seen := map[string]bool{}
	for _, info := range infos {
		t.Run(info.ID, func(t *testing.T) {
			switch {
			case !idRE.MatchString(info.ID):
				t.Errorf("id %q is not kebab-case", info.ID)
			case seen[info.ID]:
				t.Errorf("id %q registered twice", info.ID)
			case info.Description == "" || strings.Contains(info.Description, "\n") || strings.HasSuffix(info.Description, "."):
				t.Errorf("description %q is not one line without a trailing period", info.Description)
			}
			seen[info.ID] = true
			opts := exampleOptions(t, info.Config)
			for _, ex := range []struct {
				name, src string
				flagged   bool
			}{{"bad", info.Bad, true}, {"good", info.Good, false}} {
				ds, err := Workflow("ex.yml", []byte(ex.src), opts)
				if err != nil {
					t.Fatal(err)
				}
				if got := len(linesOf(ds, info.ID)) > 0; got != ex.flagged {
					t.Errorf("%s example: flagged = %v, want %v:\n%v", ex.name, got, ex.flagged, ds)
				}
				for _, d := range ds {
					if strings.HasPrefix(d.Code, "actionlint/") {
						t.Errorf("%s example: actionlint finds %s", ex.name, d)
					}
					if d.Code == info.ID && d.Severity != info.Severity {
						t.Errorf("%s example: severity %v, want %v", ex.name, d.Severity, info.Severity)
					}
				}
			}
		})
	}
}

// TestRuleFixtures lints the fixtures under testdata/rules: each names the
// lines at which one rule must report, in a "# want: rule-id line..."
// header (no lines: the rule must pass), and the fixture's options in
// "# options:" lines (a lint: config snippet).
func TestRuleFixtures(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "rules", "*.yml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	flagged, passed := map[string]bool{}, map[string]bool{}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			id, want, config := fixtureHeader(t, string(src))
			ds, err := Workflow(filepath.Base(f), src, exampleOptions(t, config))
			if err != nil {
				t.Fatal(err)
			}
			if got := linesOf(ds, id); !slices.Equal(got, want) {
				t.Errorf("%s reported at lines %v, want %v:\n%v", id, got, want, ds)
			}
			if len(want) > 0 {
				flagged[id] = true
			} else {
				passed[id] = true
			}
		})
	}
	for _, id := range RuleIDs() {
		if !flagged[id] || !passed[id] {
			t.Errorf("rule %s: want a fixture it flags and one it passes (flags: %v, passes: %v)", id, flagged[id], passed[id])
		}
	}
}

func fixtureHeader(t *testing.T, src string) (id string, lines []int, config string) {
	t.Helper()
	for _, l := range strings.Split(src, "\n") {
		if rest, ok := strings.CutPrefix(l, "# options: "); ok {
			config += rest + "\n"
		}
		rest, ok := strings.CutPrefix(l, "# want: ")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		id = f[0]
		for _, n := range f[1:] {
			var line int
			if _, err := fmt.Sscan(n, &line); err != nil {
				t.Fatalf("bad want line %q", l)
			}
			lines = append(lines, line)
		}
	}
	if id == "" {
		t.Fatal("fixture has no \"# want: rule-id line...\" header")
	}
	return id, lines, config
}
