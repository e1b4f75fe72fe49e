package convert_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/convert"
	"github.com/jenkins2actions/jenkins2actions/engine"
	"github.com/jenkins2actions/jenkins2actions/internal/testenv"
)

// TestRecordedAreRegistered converts every golden and behaviour case and
// the corpus, and checks that each construct the report names is in the
// registry, which the support matrix is made from. The exceptions are
// names no mapper knows, reported manual under their own name, and the
// configuration's library steps, which are the user's.
func TestRecordedAreRegistered(t *testing.T) {
	registered := map[string]bool{}
	for _, k := range convert.Constructs() {
		registered[k.ID()] = true
	}
	var files []string
	corpus, _ := filepath.Glob("../../shared/corpus/*/*/*")
	if len(corpus) == 0 {
		testenv.Missing(t, "../../shared/corpus", "the registry test converts the real Jenkinsfiles and config.xml files there")
	}
	for _, pattern := range []string{"testdata/convert/*/Jenkinsfile", "testdata/convert/*/config.xml", "../behaviour/testdata/*/Jenkinsfile", "../../shared/corpus/jenkinsfiles/*/Jenkinsfile", "../../shared/corpus/configs/*/config.xml"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 100 {
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
			// Names from the input (a step, an option, a tool no mapper
			// knows) are reported manual under their own name; groovy and
			// directive constructs have only the converter's own names.
			kind, _, _ := strings.Cut(it.Construct, ":")
			fromInput := kind != string(convert.KindGroovy) && kind != string(convert.KindDirective)
			if registered[it.Construct] || it.Status == convert.Manual && fromInput || kind == string(convert.KindLibrary) {
				continue
			}
			t.Errorf("%s: %s is recorded but not registered", f, it.Construct)
		}
	}
}
