package cmd

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/internal/testenv"

	"go.yaml.in/yaml/v3"

	"github.com/jenkins2actions/jenkins2actions/lint"
	"github.com/jenkins2actions/jenkins2actions/report"
)

// corpusDir holds real Jenkinsfiles from public projects, configsDir real
// job config.xml files; CI has them beside the repository.
const (
	corpusDir  = "../../shared/corpus/jenkinsfiles"
	configsDir = "../../shared/corpus/configs"
)

// TestCorpus converts every Jenkinsfile of the corpus the way a user would
// and checks what the issue promises: no failure, a lint-clean workflow
// with permissions, pinned actions and timeouts, and every script either
// in a run step or reported as manual with its line.
func TestCorpus(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*", "Jenkinsfile"))
	if len(files) == 0 {
		testenv.Missing(t, corpusDir, "the corpus test converts the real Jenkinsfiles there")
	}
	testCorpus(t, files, true)
}

// TestCorpusConfigs converts every job config.xml of the corpus.
func TestCorpusConfigs(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(configsDir, "*", "config.xml"))
	if len(files) == 0 {
		testenv.Missing(t, configsDir, "the corpus test converts the real config.xml files there")
	}
	testCorpus(t, files, false)
}

// testCorpus converts each file as a user would; scripts are checked line
// by line in Jenkinsfiles only.
func testCorpus(t *testing.T, files []string, scripts bool) {
	var sum report.Summary
	failedParse := 0
	for _, f := range files {
		name := filepath.Base(filepath.Dir(f))
		if !scripts {
			name = "config-" + name
		}
		t.Run(name, func(t *testing.T) {
			out := t.TempDir()
			rep := filepath.Join(out, "report.json")
			var stderr bytes.Buffer
			opts := &ConvertOptions{IO: &IOStreams{Out: &bytes.Buffer{}, ErrOut: &stderr}, Path: f, OutDir: out, ReportJSON: rep, Format: "text"}
			err := runConvert(opts)
			if err != nil && !errors.Is(err, errProblems) {
				t.Fatalf("convert failed: %v\n%s", err, stderr.String())
			}
			var r report.Report
			data, rerr := os.ReadFile(rep)
			if rerr != nil {
				t.Fatalf("no report: %v\n%s", rerr, stderr.String())
			}
			if err := json.Unmarshal(data, &r); err != nil {
				t.Fatal(err)
			}
			if r.Diagnostics.HasErrors() && r.Workflow == "" {
				failedParse++
				t.Errorf("not converted:\n%s", stderr.String())
				return
			}
			sum.Converted += r.Summary.Converted
			sum.Approximated += r.Summary.Approximated
			sum.Manual += r.Summary.Manual
			yml, err := os.ReadFile(r.Workflow)
			if err != nil {
				t.Fatal(err)
			}
			findings, err := lint.Workflow(r.Workflow, yml, lint.Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range findings {
				t.Errorf("lint: %s", d)
			}
			for _, d := range r.Diagnostics {
				if strings.HasPrefix(d.Code, "check-") {
					t.Errorf("semantic check: %s", d)
				}
			}
			checkSecure(t, yml)
			if scripts {
				src, _ := os.ReadFile(f)
				checkScripts(t, string(src), r)
			}
		})
	}
	total := sum.Converted + sum.Approximated + sum.Manual
	if total > 0 {
		t.Logf("corpus: %d files, %d not converted; constructs: %d converted, %d approximated, %d manual (%.1f%% converted or approximated)",
			len(files), failedParse, sum.Converted, sum.Approximated, sum.Manual, 100*float64(sum.Converted+sum.Approximated)/float64(total))
	}
}

var pinned = regexp.MustCompile(`^[\w.-]+/[\w./-]+@[0-9a-f]{40}$`)

// checkSecure checks the security promises on a generated workflow.
func checkSecure(t *testing.T, yml []byte) {
	t.Helper()
	var wf struct {
		Permissions any `yaml:"permissions"`
		Jobs        map[string]struct {
			Timeout int `yaml:"timeout-minutes"`
			Steps   []struct {
				Uses string `yaml:"uses"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(yml, &wf); err != nil {
		t.Fatal(err)
	}
	if wf.Permissions == nil {
		t.Error("no top-level permissions")
	}
	for id, j := range wf.Jobs {
		if j.Timeout <= 0 {
			t.Errorf("job %s has no timeout-minutes", id)
		}
		for _, s := range j.Steps {
			if s.Uses != "" && !pinned.MatchString(s.Uses) {
				t.Errorf("job %s: %q is not pinned to a commit SHA", id, s.Uses)
			}
		}
	}
}

// shellCall finds script steps in Jenkinsfile text, roughly.
var shellCall = regexp.MustCompile(`(?m)\b(sh|bat|powershell|pwsh)\s*[\('"]|\b(sh|bat|powershell|pwsh)\s+(script|label|returnStdout|returnStatus)\s*:`)

// checkScripts checks that every line with a script step is covered by a
// script item of the report, converted or manual.
func checkScripts(t *testing.T, src string, r report.Report) {
	t.Helper()
	lines := map[int]bool{}
	for _, it := range r.Items {
		switch it.Construct {
		case "step:sh", "step:bat", "step:powershell", "step:pwsh":
			for l := it.Source.Start.Line; l <= max(it.Source.End.Line, it.Source.Start.Line); l++ {
				lines[l] = true
			}
		}
	}
	inComment := false
	for i, line := range strings.Split(src, "\n") {
		// Block comments that start a line hold commented-out pipeline
		// code; a /* inside a glob string does not start one.
		trimmed := strings.TrimSpace(line)
		if inComment || strings.HasPrefix(trimmed, "/*") {
			inComment = !strings.Contains(trimmed, "*/")
			continue
		}
		code, _, _ := strings.Cut(line, "//")
		if shellCall.MatchString(code) && !lines[i+1] {
			t.Errorf("line %d: script step neither converted nor reported: %s", i+1, strings.TrimSpace(line))
		}
	}
}
