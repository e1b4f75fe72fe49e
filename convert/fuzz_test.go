package convert_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/convert"
	"github.com/jenkins2actions/jenkins2actions/jenkins/jenkinsfile"
	"github.com/jenkins2actions/jenkins2actions/workflow"
)

// FuzzConvert reads, converts and renders arbitrary Jenkinsfiles: whatever
// Groovy the reader accepts, the converter and the bash computations it
// builds must not panic, and the workflow must render.
func FuzzConvert(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/convert/*/Jenkinsfile")
	for _, s := range seeds {
		src, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte("node { def x = env.A ? env.B.split('-')[1] : readJSON(file: 'p.json').v; if (x ==~ /a\\d/) { sh \"echo ${x}\" } }"))
	f.Fuzz(func(t *testing.T, src []byte) {
		p, diags := jenkinsfile.Read("Jenkinsfile", src, "fuzz")
		if diags.HasErrors() {
			return
		}
		res, err := convert.Convert(p, convert.Options{})
		if err != nil {
			return
		}
		if _, err := workflow.Render(res.Workflow); err != nil {
			t.Fatalf("render: %v", err)
		}
	})
}
