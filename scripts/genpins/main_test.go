package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/templates"
)

func TestRun(t *testing.T) {
	const good = "action\tversion\tsha\nactions/checkout\tv7.0.1\t3d3c42e5aac5ba805825da76410c181273ba90b1\n"
	const old = "# the lock before the run\n"
	tests := []struct {
		name     string
		args     func(dir string) []string
		tsv      string
		wantCode int
		wantErr  string // substring of stderr
		wantLock string // "" means the lock keeps its old content
	}{
		{
			name:     "writes the lock",
			tsv:      good,
			wantLock: templates.LockHeader,
		},
		{
			name:     "bad sha writes nothing",
			tsv:      "action\tversion\tsha\nactions/checkout\tv7.0.1\tXYZ\n",
			wantCode: 1,
			wantErr:  `line 2: sha "XYZ" of "actions/checkout" is not 40 lowercase hex digits`,
		},
		{
			name: "missing input",
			args: func(dir string) []string {
				return []string{filepath.Join(dir, "nope.tsv"), filepath.Join(dir, "actions.lock")}
			},
			wantCode: 1,
			wantErr:  "nope.tsv",
		},
		{
			name:     "usage",
			args:     func(string) []string { return []string{"only-one"} },
			wantCode: 2,
			wantErr:  "usage: genpins",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			in, out := filepath.Join(dir, "pins.tsv"), filepath.Join(dir, "actions.lock")
			if err := os.WriteFile(in, []byte(tt.tsv), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(out, []byte(old), 0o644); err != nil {
				t.Fatal(err)
			}
			args := []string{in, out}
			if tt.args != nil {
				args = tt.args(dir)
			}
			var stderr bytes.Buffer
			if code := run(args, &stderr); code != tt.wantCode {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, tt.wantCode, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.wantErr) {
				t.Errorf("stderr:\n%s\nwant it to contain %q", stderr.String(), tt.wantErr)
			}
			got, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tt.wantLock == "" && string(got) != old:
				t.Errorf("lock was rewritten:\n%s", got)
			case tt.wantLock != "" && !strings.HasPrefix(string(got), tt.wantLock):
				t.Errorf("lock:\n%s\nwant it to start with %q", got, tt.wantLock)
			}
		})
	}
}
