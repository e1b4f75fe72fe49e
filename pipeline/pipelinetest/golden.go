package pipelinetest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

// Golden reads each input the glob names (testdata/*/Jenkinsfile) with
// read, and compares the Dump of the pipeline and its diagnostics with the
// want.pipeline file beside the input; with update it rewrites the file
// instead. Each input is a subtest named by its directory.
func Golden(t *testing.T, glob string, update bool, read func(t *testing.T, path string, src []byte) (*pipeline.Pipeline, diag.Diagnostics)) {
	t.Helper()
	inputs, err := filepath.Glob(glob)
	if err != nil {
		t.Fatal(err)
	}
	if len(inputs) == 0 {
		t.Fatalf("no golden cases match %s", glob)
	}
	for _, in := range inputs {
		dir := filepath.Dir(in)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			p, ds := read(t, in, src)
			got := Dump(p, Source(src)) + diagnostics(ds)
			path := filepath.Join(dir, "want.pipeline")
			if update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run the test with -update to write it)", err)
			}
			if d := Diff(string(want), got); d != "" {
				t.Errorf("the pipeline differs from %s (run the test with -update and review the diff):\n%s", path, d)
			}
		})
	}
}

// diagnostics lists a reader's diagnostics after the dump.
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
