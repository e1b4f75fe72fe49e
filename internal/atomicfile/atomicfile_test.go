package atomicfile_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/internal/atomicfile"
)

// TestWrite creates the directory, writes the file readable by others
// (state files and workflows are shared), replaces it whole, and leaves no
// temporary file behind.
func TestWrite(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a", "b", "state.json")
	for _, content := range []string{"first", "second"} {
		if err := atomicfile.Write(p, []byte(content)); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(p)
		if err != nil || string(got) != content {
			t.Fatalf("read %q, %v; want %q", got, err, content)
		}
	}
	if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, %v; want 0644", fi.Mode().Perm(), err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(p)); len(entries) != 1 {
		t.Errorf("%d files in the directory, want only the written one", len(entries))
	}
}
