package jenkinsfile_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/jenkins/jenkinsfile"
	"github.com/jenkins2actions/jenkins2actions/pipeline/pipelinetest"
)

var update = flag.Bool("update", false, "rewrite the want.pipeline golden files")

// TestGolden reads each testdata/<case>/Jenkinsfile and compares the dump
// of the pipeline and the diagnostics with want.pipeline beside it. The
// case's other files are what the Jenkinsfile loads (load 'x.groovy'),
// and its vars/*.groovy the steps of a shared library.
func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "*", "Jenkinsfile"))
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatal("no golden cases")
	}
	for _, in := range dirs {
		dir := filepath.Dir(in)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			p, ds := jenkinsfile.ReadWith("Jenkinsfile", src, filepath.Base(dir), sources(t, dir))
			got := pipelinetest.Dump(p, pipelinetest.Source(src)) + diagnostics(ds)
			checkGolden(t, filepath.Join(dir, "want.pipeline"), got)
		})
	}
}

// sources gives the reader a case's loaded files and library steps.
func sources(t *testing.T, dir string) jenkinsfile.Sources {
	t.Helper()
	vars, err := filepath.Glob(filepath.Join(dir, "vars", "*.groovy"))
	if err != nil {
		t.Fatal(err)
	}
	var src jenkinsfile.Sources
	for _, v := range vars {
		b, err := os.ReadFile(v)
		if err != nil {
			t.Fatal(err)
		}
		src.LibraryVars = append(src.LibraryVars, jenkinsfile.LibraryFile{Name: "vars/" + filepath.Base(v), Src: b})
	}
	src.Load = func(rel string) (string, []byte, bool) {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		return rel, b, err == nil
	}
	return src
}

// diagnostics lists the reader's diagnostics after the dump.
func diagnostics(ds diag.Diagnostics) string {
	if len(ds) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\ndiagnostics:\n")
	for _, d := range ds {
		b.WriteString("  " + d.String() + "\n")
	}
	return b.String()
}

// checkGolden compares got with the golden file, or rewrites it under
// -update.
func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./jenkins/jenkinsfile -run TestGolden -update)", err)
	}
	if d := pipelinetest.Diff(string(want), got); d != "" {
		t.Errorf("the pipeline differs from %s (run go test ./jenkins/jenkinsfile -run TestGolden -update and review the diff):\n%s", path, d)
	}
}
