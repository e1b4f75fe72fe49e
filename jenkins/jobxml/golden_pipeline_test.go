package jobxml

import (
	"path/filepath"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
	"github.com/jenkins2actions/jenkins2actions/pipeline/pipelinetest"
)

// TestGoldenPipeline reads each testdata/<case>/config.xml and compares
// the whole model, as pipelinetest.Dump prints it, and the diagnostics
// with want.pipeline beside it. The dumps of testdata/golden hold a
// summary line per node; these hold every field.
func TestGoldenPipeline(t *testing.T) {
	pipelinetest.Golden(t, filepath.Join("testdata", "*", "config.xml"), *update, func(t *testing.T, in string, src []byte) (*pipeline.Pipeline, diag.Diagnostics) {
		return Read("config.xml", src, filepath.Base(filepath.Dir(in)))
	})
}
