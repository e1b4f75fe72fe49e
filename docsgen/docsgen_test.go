package docsgen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/jenkins2actions/jenkins2actions/convert"
	"github.com/jenkins2actions/jenkins2actions/engine"
	"github.com/jenkins2actions/jenkins2actions/internal/testenv"
	"github.com/jenkins2actions/jenkins2actions/migrate"
	"github.com/jenkins2actions/jenkins2actions/templates"
)

// navPageRE is a page entry of mkdocs.yml's nav.
var navPageRE = regexp.MustCompile(`(?m)^\s*- "[^"]*": (\S+\.md)$`)

func testCommand() *cobra.Command {
	root := &cobra.Command{Use: "tool", Short: "A tool"}
	sub := &cobra.Command{Use: "run <file>", Short: "Run a file", Long: "Run a file to .github/<name>.yml.", RunE: func(*cobra.Command, []string) error { return nil }}
	sub.Flags().String("out", "", "write into `DIR`")
	root.AddCommand(sub)
	return root
}

func orgCatalog(t *testing.T) *templates.Catalog {
	t.Helper()
	base, err := templates.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	c, err := templates.LoadDir("testdata/templates", base)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestGenerate generates sites from each set of sources and checks the
// pages each source brings, that every nav entry is a page and every page
// is in the nav, and that a second generation is byte for byte the same.
func TestGenerate(t *testing.T) {
	tests := []struct {
		name  string
		opts  func(t *testing.T) Options
		files map[string][]string // file -> substrings it must hold
		none  []string            // files it must not have
	}{
		{
			name: "built-in",
			opts: func(*testing.T) Options { return Options{} },
			files: map[string][]string{
				"mkdocs.yml":                     {"theme:\n  name: material", "pymdownx.superfences", `"Supported tools":`},
				"docs/tools/checkout.md":         {"# Check out the repository", "| `actions/checkout` | v", "!!! warning"},
				"docs/tools/categories/setup.md": {"[setup-java](../setup-java.md)"},
				"docs/rules/timeout-minutes.md":  {"Severity: **error**", "## Flagged", "timeout-minutes: 30"},
				"docs/jenkins/index.md":          {"`step:sh`", "| [`step:sh`](step.md) | converted |"},
				"docs/jenkins/step.md":           {"## sh", "```groovy", "run: make"},
			},
			none: []string{"docs/status/index.md", "docs/cli/index.md"},
		},
		{
			name: "organisation templates",
			opts: func(t *testing.T) Options { return Options{Catalog: orgCatalog(t)} },
			files: map[string][]string{
				"docs/tools/octo-notify.md": {"# Notify the Octo status board", "owned by octo-platform", "BOARD: payments"},
				"docs/tools/checkout.md":    {"# Check out with full history (Octo)"},
			},
		},
		{
			name: "audit",
			opts: func(*testing.T) Options { return Options{AuditDir: "testdata/audit"} },
			files: map[string][]string{
				"docs/status/index.md": {
					// Charts are inline SVG: no script, no network.
					"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"", "<title>Jobs by outcome</title>", ">converted</text>", ">6</text>",
					"| (top level) | 2 | 2 | 0 | 0 | 0 | 100% |",
					"| 1 | `agent:kubernetes` | 3 |", "| 2 | `job:freestyle-matrix` | 2 |",
					"| `DOCKER_HUB` | `docker-hub` | 5 |", "| `gpu` | `self-hosted, gpu` | 2 |",
				},
				"mkdocs.yml": {`"Migration status":`, "font: false"},
			},
		},
		{
			name: "cli",
			opts: func(*testing.T) Options { return Options{Command: testCommand()} },
			files: map[string][]string{
				"docs/cli/index.md": {"# tool", "[run](run.md)", "[completion](completion.md)"},
				"docs/cli/run.md":   {"# tool run", "Run a file to .github/&lt;name&gt;.yml.", "| `--out` | `DIR` |  | write into DIR |"},
			},
		},
		{
			name: "hand-written pages",
			opts: func(*testing.T) Options { return Options{PagesDir: "testdata/pages"} },
			files: map[string][]string{
				"docs/roadmap/index.md": {"# Roadmap"},
				"docs/practices.md":     {"nav: Practice rules/Our review checklist"},
				"mkdocs.yml":            {"\"Our review checklist\": practices.md", "  - \"roadmap\":\n      - \"Roadmap\": roadmap/index.md"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site, err := Generate(tt.opts(t))
			if err != nil {
				t.Fatal(err)
			}
			for name, wants := range tt.files {
				got, ok := site.File(name)
				if !ok {
					t.Errorf("no %s", name)
					continue
				}
				for _, w := range wants {
					if !strings.Contains(string(got), w) {
						t.Errorf("%s does not contain %q", name, w)
					}
				}
			}
			for _, name := range tt.none {
				if _, ok := site.File(name); ok {
					t.Errorf("unexpected %s", name)
				}
			}
			checkNav(t, site)
			again, err := Generate(tt.opts(t))
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range site.Files() {
				a, _ := site.File(name)
				b, _ := again.File(name)
				if !bytes.Equal(a, b) {
					t.Errorf("%s differs between two generations", name)
				}
			}
		})
	}
}

// checkNav checks that the nav and the Markdown pages match one to one,
// which mkdocs build --strict checks too, where mkdocs is installed.
func checkNav(t *testing.T, site *Site) {
	t.Helper()
	mk, _ := site.File("mkdocs.yml")
	inNav := map[string]bool{}
	for _, m := range navPageRE.FindAllStringSubmatch(string(mk), -1) {
		if _, ok := site.File("docs/" + m[1]); !ok {
			t.Errorf("nav names %s, which is not generated", m[1])
		}
		inNav[m[1]] = true
	}
	for _, name := range site.Files() {
		rel, ok := strings.CutPrefix(name, "docs/")
		if ok && strings.HasSuffix(rel, ".md") && !inNav[rel] {
			t.Errorf("%s is not in the nav", rel)
		}
	}
}

// TestExamplesFollowTheConverter shows that the support matrix is made by
// running the converter: the organisation's checkout template, which the
// converter uses, changes the step:checkout example.
func TestExamplesFollowTheConverter(t *testing.T) {
	builtin, err := Generate(Options{})
	if err != nil {
		t.Fatal(err)
	}
	org, err := Generate(Options{Catalog: orgCatalog(t)})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := builtin.File("docs/jenkins/step.md")
	b, _ := org.File("docs/jenkins/step.md")
	if bytes.Equal(a, b) {
		t.Fatal("docs/jenkins/step.md is the same with another checkout template")
	}
}

// TestGenerateErrors checks the sources Generate refuses.
func TestGenerateErrors(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"missing audit", Options{AuditDir: "testdata/nothing"}, "run audit first"},
		{"page replacing a generated one", Options{PagesDir: "testdata/badpages"}, "would replace a generated page"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Generate(tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

// The published schema describes what the tool writes: real reports of
// the corpus, of a syntax error and of a config.xml validate against it.
func TestReportSchema(t *testing.T) {
	raw, err := ReportSchema()
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(raw, &schema); err != nil {
		t.Fatal(err)
	}
	inputs := map[string][]byte{
		"syntax-error/Jenkinsfile": []byte("pipeline {\n  stages {\n"),
		"Jenkinsfile":              []byte("pipeline {\n  agent { label 'gpu' }\n  environment { T = credentials('tok') }\n  stages { stage('a') { steps { sh 'echo $HOME'; mail to: 'x', subject: 'y', body: 'z' } } }\n}\n"),
	}
	files, _ := filepath.Glob("../../shared/corpus/jenkinsfiles/*/Jenkinsfile")
	if len(files) == 0 {
		testenv.Missing(t, "../../shared/corpus", "real reports are checked against the schema")
	}
	files = append(files, "../jenkins/jobxml/testdata/golden/flow-cdata.xml")
	for _, f := range files {
		if src, err := os.ReadFile(f); err == nil {
			inputs[f] = src
		}
	}
	if validate(schema, map[string]any{"schemaVersion": 1.0, "bogus": true}, "$") == nil {
		t.Fatal("the validator accepts a field the schema lacks")
	}
	for name, src := range inputs {
		conv, err := engine.Convert(name, src, "schema", convert.Options{}, "-")
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := conv.Report.WriteJSON(&buf); err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		if err := validate(schema, doc, "$"); err != nil {
			t.Errorf("%s: the report does not match the schema: %v", name, err)
		}
	}
}

// validate checks v against the subset of JSON Schema ReportSchema
// writes: type, properties, required, additionalProperties and items.
func validate(s map[string]any, v any, at string) error {
	switch s["type"] {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: want an object, got %T", at, v)
		}
		props, _ := s["properties"].(map[string]any)
		for _, r := range asList(s["required"]) {
			if _, ok := m[r.(string)]; !ok {
				return fmt.Errorf("%s: %q is required", at, r)
			}
		}
		for k, x := range m {
			switch ps, ok := props[k].(map[string]any); {
			case ok:
				if err := validate(ps, x, at+"."+k); err != nil {
					return err
				}
			case s["additionalProperties"] == false:
				return fmt.Errorf("%s: %q is not in the schema", at, k)
			default:
				if as, ok := s["additionalProperties"].(map[string]any); ok {
					if err := validate(as, x, at+"."+k); err != nil {
						return err
					}
				}
			}
		}
	case "array":
		if v == nil {
			return nil // a nil slice
		}
		l, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%s: want an array, got %T", at, v)
		}
		for i, x := range l {
			if err := validate(s["items"].(map[string]any), x, fmt.Sprintf("%s[%d]", at, i)); err != nil {
				return err
			}
		}
	case "string":
		if _, ok := v.(string); !ok {
			return fmt.Errorf("%s: want a string, got %T", at, v)
		}
	case "integer", "number":
		if _, ok := v.(float64); !ok {
			return fmt.Errorf("%s: want a number, got %T", at, v)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("%s: want a boolean, got %T", at, v)
		}
	}
	return nil
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// The published state schema describes the state file migrate saves.
func TestStateSchema(t *testing.T) {
	raw, err := StateSchema()
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(raw, &schema); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "state.json")
	st, err := migrate.LoadState(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetUnassigned([]*migrate.Job{{Path: "folder/job", Skipped: "no repository: the job names no git URL"}}); err != nil {
		t.Fatal(err)
	}
	for _, r := range []migrate.Result{
		{Repo: "acme/shop", Outcome: migrate.Open, Pull: 7, URL: "https://github.com/acme/shop/pull/7", Branch: "jenkins2actions/migrate", Digest: "abc", Files: []string{".github/workflows/shop.yml"}},
		{Repo: "acme/old", Outcome: migrate.Failed, Reason: "archived"},
	} {
		if err := st.Record(r); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if err := validate(schema, doc, "$"); err != nil {
		t.Errorf("the state file does not match the schema: %v\n%s", err, b)
	}
}
