package cmd

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestDocsFlags(t *testing.T) {
	tests := []struct {
		args    []string
		want    DocsOptions
		wantErr string
	}{
		{args: []string{"--out", "site"}, want: DocsOptions{OutDir: "site"}},
		{args: []string{"--out", "s", "--templates", "t", "--pages", "p", "--audit", "a"}, want: DocsOptions{OutDir: "s", TemplatesDir: "t", PagesDir: "p", AuditDir: "a"}},
		{args: []string{"extra"}, wantErr: "unknown command"},
		{args: []string{"--json"}, wantErr: "unknown flag: --json"},
	}
	for _, tt := range tests {
		s, _, _ := streams()
		var got *DocsOptions
		cmd := NewCmdDocs(s, func(o *DocsOptions) error { got = o; return nil })
		if !parseFlags(t, cmd, tt.args, tt.wantErr) {
			continue
		}
		got.IO, got.Root = nil, nil
		if *got != tt.want {
			t.Errorf("%v: got %+v, want %+v", tt.args, *got, tt.want)
		}
	}
}

func TestDocsUsage(t *testing.T) {
	tests := []struct {
		args []string
		want int
	}{
		{[]string{"docs"}, ExitUsage},
		{[]string{"docs", "--out", "x", "--audit", "no-such-dir"}, ExitUsage},
		{[]string{"docs", "--out", "x", "--pages", "no-such-dir"}, ExitUsage},
	}
	for _, tt := range tests {
		s, out, errOut := streams()
		if code := Main(tt.args, s); code != tt.want {
			t.Errorf("%v: exit %d, want %d:\n%s%s", tt.args, code, tt.want, out, errOut)
		}
	}
}

// TestOwnDocs regenerates this repository's docs and fails when the
// committed docs/ differs, both ways: a changed page, a missing one, or a
// stale one left behind.
func TestOwnDocs(t *testing.T) {
	const hint = "docs/ is stale: run `go run . docs --out docs`"
	dir := t.TempDir()
	s, out, errOut := streams()
	if code := Main([]string{"docs", "--out", dir}, s); code != ExitOK {
		t.Fatalf("exit %d:\n%s%s", code, out, errOut)
	}
	fresh, committed := readTree(t, dir), readTree(t, filepath.Join("..", "docs"))
	for name, data := range fresh {
		old, ok := committed[name]
		switch {
		case !ok:
			t.Errorf("%s is missing; %s", name, hint)
		case !bytes.Equal(old, data):
			t.Errorf("%s differs; %s", name, hint)
		}
	}
	for name := range committed {
		if _, ok := fresh[name]; !ok {
			t.Errorf("%s is no longer generated; delete it and %s", name, hint)
		}
	}
}

// readTree reads every file under dir by its slash path; a missing dir
// reads as empty, so that the first generation is reported file by file.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(file string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, file)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(file)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return files
}
