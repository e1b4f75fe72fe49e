package convert_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/convert"
	"github.com/jenkins2actions/jenkins2actions/engine"
)

// TestRecordedAreRegistered converts every golden and behaviour case and
// checks that each construct the report names is in the registry, which
// the support matrix is made from. Steps no mapper knows are the one
// exception: they are reported manual under their own name.
func TestRecordedAreRegistered(t *testing.T) {
	registered := map[string]bool{}
	for _, k := range convert.Constructs() {
		registered[k.ID()] = true
	}
	var files []string
	for _, pattern := range []string{"testdata/convert/*/Jenkinsfile", "testdata/convert/*/config.xml", "../behaviour/testdata/*/Jenkinsfile"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 50 {
		t.Fatalf("only %d inputs", len(files))
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		conv, err := engine.Convert(filepath.Base(f), src, "registered", convert.Options{}, "-")
		if err != nil {
			t.Fatal(err)
		}
		if conv.Result == nil {
			continue
		}
		for _, it := range conv.Result.Items {
			if registered[it.Construct] || strings.HasPrefix(it.Construct, "step:") && it.Status == convert.Manual {
				continue
			}
			t.Errorf("%s: %s is recorded but not registered", f, it.Construct)
		}
	}
}
