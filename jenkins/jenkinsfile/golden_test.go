package jenkinsfile_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/jenkins/jenkinsfile"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
	"github.com/jenkins2actions/jenkins2actions/pipeline/pipelinetest"
)

var update = flag.Bool("update", false, "rewrite the want.pipeline golden files")

// TestGolden reads each testdata/<case>/Jenkinsfile and compares the dump
// of the pipeline and the diagnostics with want.pipeline beside it. The
// case's other files are what the Jenkinsfile loads (load 'x.groovy'),
// and its vars/*.groovy the steps of a shared library.
func TestGolden(t *testing.T) {
	pipelinetest.Golden(t, filepath.Join("testdata", "*", "Jenkinsfile"), *update, func(t *testing.T, in string, src []byte) (*pipeline.Pipeline, diag.Diagnostics) {
		dir := filepath.Dir(in)
		return jenkinsfile.ReadWith("Jenkinsfile", src, filepath.Base(dir), sources(t, dir))
	})
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
