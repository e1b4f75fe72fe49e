package groovy

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse checks that no input makes the parser panic, that diagnostics
// point into the file and that every node lies within the source.
func FuzzParse(f *testing.F) {
	inputs, _ := filepath.Glob(filepath.Join("testdata", "parse", "*.groovy"))
	inputs = append(inputs, filepath.Join("testdata", "bench", "Jenkinsfile"))
	for _, in := range inputs {
		src, err := os.ReadFile(in)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		file, ds := Parse("fuzz.groovy", src)
		if file == nil {
			t.Fatal("nil file")
		}
		checkTree(t, file, ds)
		for _, d := range ds {
			if d.Code != codeSyntax {
				t.Errorf("diagnostic with code %q: %s", d.Code, d)
			}
		}
		_ = Dump(file)
	})
}
