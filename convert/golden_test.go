package convert_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/convert"
	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/engine"
	"github.com/jenkins2actions/jenkins2actions/lint"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestGolden converts each testdata/convert/<case>/Jenkinsfile (or
// config.xml) and compares
// the workflow with want.yml and the account of every construct with
// want.diag. Every want.yml must itself lint clean.
func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "convert", "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatal("no golden cases")
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			yml, account := convertCase(t, dir)
			check(t, filepath.Join(dir, "want.yml"), yml)
			check(t, filepath.Join(dir, "want.diag"), account)
			if len(yml) > 0 {
				findings, err := lint.Workflow(filepath.Join(dir, "want.yml"), yml, lint.Options{})
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range findings {
					t.Errorf("lint: %s", f)
				}
			}
		})
	}
}

// convertCase converts one case, a Jenkinsfile or a job's config.xml; a case
// whose input has syntax errors has no workflow, only diagnostics.
func convertCase(t *testing.T, dir string) (yml, account []byte) {
	t.Helper()
	file := "Jenkinsfile"
	if _, err := os.Stat(filepath.Join(dir, "config.xml")); err == nil {
		file = "config.xml"
	}
	src, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	conv, err := engine.Convert(file, src, filepath.Base(dir), convert.Options{}, "-")
	if err != nil {
		t.Fatal(err)
	}
	// The account holds the reader's diagnostics; findings on the
	// output fail the test.
	var b bytes.Buffer
	for _, d := range conv.Diagnostics {
		if !slices.Contains(conv.Findings, d) {
			fmt.Fprintln(&b, d)
		}
	}
	for _, d := range conv.Findings {
		t.Errorf("finding: %s", d)
	}
	if conv.Result == nil {
		return nil, b.Bytes()
	}
	res, yml := conv.Result, conv.Workflow
	for _, it := range res.Items {
		line := fmt.Sprintf("%s: %s: %s", rangeString(it.Source), it.Status, it.Construct)
		if it.Note != "" {
			line += ": " + it.Note
		}
		fmt.Fprintln(&b, line)
	}
	for _, s := range res.Secrets {
		fmt.Fprintf(&b, "secret %s from %q (%s)\n", s.Name, s.CredentialID, s.Kind)
	}
	for _, r := range res.Runners {
		fmt.Fprintf(&b, "runner %q: %s\n", r.Label, strings.Join(r.RunsOn, ", "))
	}
	return yml, b.Bytes()
}

func rangeString(r diag.Range) string {
	return fmt.Sprintf("%d:%d", r.Start.Line, r.Start.Col)
}

func check(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if len(got) == 0 {
			os.Remove(path)
			return
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the conversion (run go test ./convert -update and review the diff)\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
