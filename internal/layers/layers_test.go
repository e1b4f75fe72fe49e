// Package layers holds the test of the import layering: parse → model →
// map → render → lint → report, each package importing only the layers
// below it, so that the flow stays visible in the folder layout.
package layers

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/jenkins2actions/jenkins2actions/"

// allowed lists, for each package, the packages of this module its
// non-test files may import. A package missing here may import nothing of
// the module: a new one must say where it stands.
var allowed = map[string][]string{
	"diag":                      {},
	"bash":                      {},
	"config":                    {},
	"github":                    {},
	"internal/testenv":          {},
	"internal/atomicfile":       {},
	"jenkins/cron":              {},
	"pattern":                   {},
	"jenkins/source":            {},
	"jenkins/groovy":            {"diag"},
	"pipeline":                  {"diag"},
	"pipeline/pipelinetest":     {"diag", "pipeline"},
	"jenkins/jenkinsfile":       {"diag", "jenkins/groovy", "pipeline"},
	"jenkins/jobxml":            {"diag", "jenkins/jenkinsfile", "pipeline"},
	"workflow":                  {"diag"},
	"workflow/condition":        {},
	"compute":                   {"bash", "diag", "pattern", "pipeline", "workflow"},
	"templates":                 {"diag", "workflow"},
	"convert":                   {"bash", "compute", "config", "diag", "jenkins/cron", "pattern", "pipeline", "templates", "workflow", "workflow/condition"},
	"lint":                      {"diag", "templates", "workflow"},
	"report":                    {"convert", "diag"},
	"engine":                    {"config", "convert", "diag", "jenkins/jenkinsfile", "jenkins/jobxml", "lint", "pipeline", "report", "workflow"},
	"audit":                     {"convert", "report"},
	"migrate":                   {"internal/atomicfile", "convert", "diag", "engine", "github", "jenkins/jenkinsfile", "jenkins/jobxml", "jenkins/source", "report"},
	"docsgen":                   {"audit", "config", "convert", "engine", "jenkins/jenkinsfile", "lint", "migrate", "report", "templates"},
	"cmd":                       {"internal/atomicfile", "audit", "config", "convert", "diag", "docsgen", "engine", "github", "jenkins/jobxml", "jenkins/source", "lint", "migrate", "report", "templates", "workflow"},
	"scripts/genpins":           {"templates"},
	"jenkins/source/sourcetest": {},
	"github/githubtest":         {},
	"behaviour":                 {},
	"internal/layers":           {},
	"":                          {"cmd"},
}

func TestImportLayers(t *testing.T) {
	root := filepath.Join("..", "..")
	imports := map[string]map[string]bool{}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); p != root && (strings.HasPrefix(n, ".") || n == "docs" || n == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(p))
		pkg := filepath.ToSlash(rel)
		if pkg == "." {
			pkg = ""
		}
		if imports[pkg] == nil {
			imports[pkg] = map[string]bool{}
		}
		for _, imp := range f.Imports {
			if path := strings.Trim(imp.Path.Value, `"`); strings.HasPrefix(path, module) {
				imports[pkg][strings.TrimPrefix(path, module)] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(imports) < 15 {
		t.Fatalf("found only %d packages", len(imports))
	}
	for pkg, deps := range imports {
		ok, known := allowed[pkg]
		if !known {
			t.Errorf("package %q is not in the layering: add it to allowed", pkg)
			continue
		}
		for dep := range deps {
			if !slices.Contains(ok, dep) {
				t.Errorf("%q imports %q, which its layer may not", pkg, dep)
			}
		}
	}
}
