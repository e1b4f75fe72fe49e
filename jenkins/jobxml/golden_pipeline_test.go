package jobxml

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/pipeline/pipelinetest"
)

// TestGoldenPipeline reads each testdata/<case>/config.xml and compares
// the whole model, as pipelinetest.Dump prints it, and the diagnostics
// with want.pipeline beside it. The dumps of testdata/golden hold a
// summary line per node; these hold every field.
func TestGoldenPipeline(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("testdata", "*", "config.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(inputs) == 0 {
		t.Fatal("no golden cases")
	}
	for _, in := range inputs {
		dir := filepath.Dir(in)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			p, ds := Read("config.xml", src, filepath.Base(dir))
			var b strings.Builder
			b.WriteString(pipelinetest.Dump(p, pipelinetest.Source(src)))
			if len(ds) > 0 {
				b.WriteString("\ndiagnostics:\n")
				for _, d := range ds {
					b.WriteString("  " + d.String() + "\n")
				}
			}
			checkGolden(t, filepath.Join(dir, "want.pipeline"), b.String())
		})
	}
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
		t.Fatalf("%v (run go test ./jenkins/jobxml -run TestGolden -update)", err)
	}
	if d := pipelinetest.Diff(string(want), got); d != "" {
		t.Errorf("the pipeline differs from %s (run go test ./jenkins/jobxml -run TestGolden -update and review the diff):\n%s", path, d)
	}
}
