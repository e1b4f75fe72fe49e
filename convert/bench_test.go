package convert_test

import (
	"os"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/convert"
	"github.com/jenkins2actions/jenkins2actions/jenkins/jenkinsfile"
	"github.com/jenkins2actions/jenkins2actions/workflow"
)

// benchFile is a 215-line declarative Jenkinsfile shared with the parser's
// benchmark.
const benchFile = "../jenkins/groovy/testdata/bench/Jenkinsfile"

// BenchmarkConvert measures what convert does for one file apart from
// linting and I/O: parse, read, convert, render.
func BenchmarkConvert(b *testing.B) {
	src, err := os.ReadFile(benchFile)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		p, diags := jenkinsfile.Read("Jenkinsfile", src, "bench")
		if diags.HasErrors() {
			b.Fatal(diags)
		}
		res, err := convert.Convert(p, convert.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := workflow.Render(res.Workflow); err != nil {
			b.Fatal(err)
		}
	}
}
