package engine_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/config"
	"github.com/jenkins2actions/jenkins2actions/convert"
	"github.com/jenkins2actions/jenkins2actions/engine"
	"github.com/jenkins2actions/jenkins2actions/templates"
)

// A label the config maps to a self-hosted runner, or one the conversion
// asks a runner for, is a runner that exists: the lint of the workflow
// must not call it unknown.
func TestSelfHostedLabelsAreKnown(t *testing.T) {
	src := []byte(`pipeline {
  agent { label 'maven && jdk17' }
  stages {
    stage('Build') { steps { sh 'mvn -v' } }
    stage('GPU') {
      agent { label 'gpu' }
      steps { sh 'nvidia-smi' }
    }
  }
}
`)
	cfg := config.Default()
	cfg.Labels["maven && jdk17"] = []string{"self-hosted", "linux", "maven"}
	conv, err := engine.Convert("Jenkinsfile", src, "labels", convert.Options{Config: cfg}, "-")
	if err != nil {
		t.Fatal(err)
	}
	if conv.Result == nil {
		t.Fatalf("not converted: %v", conv.Diagnostics)
	}
	for _, f := range conv.Findings {
		if strings.Contains(f.Code, "runner-label") {
			t.Errorf("finding on a known label: %s", f)
		}
	}
	if got := engine.RunnerLabels(cfg, conv.Result); !equal(got, []string{"linux", "maven", "gpu"}) {
		t.Errorf("runner labels %q", got)
	}
}

func equal(a, b []string) bool { return strings.Join(a, ",") == strings.Join(b, ",") }

// A statement that does not parse costs that statement, not the file: it
// becomes a manual item at its exact place and the rest converts. A file
// the parser cannot follow to its end yields no workflow.
func TestSyntaxErrorRecovery(t *testing.T) {
	tests := []struct {
		name string
		src  string
		// manualAt is the line:col of the one manual item, "" when no
		// workflow is to be written.
		manualAt string
	}{
		{"one bad statement in a stage", "pipeline {\n  agent any\n  stages {\n    stage('A') {\n      steps {\n        sh 'make'\n        script { x = [1,,] }\n        sh 'make test'\n      }\n    }\n  }\n}\n", "7:18"},
		{"one bad statement in scripted code", "node {\n  sh 'make'\n  def m = cfg?['k']\n  sh 'make test'\n}\n", "3:3"},
		{"a bad environment entry", "pipeline {\n  agent any\n  environment {\n    A = 'a'\n    B = \"$\"\n  }\n  stages { stage('A') { steps { sh 'make' } } }\n}\n", "5:5"},
		{"unclosed bracket", "pipeline {\n  agent any\n  stages {\n    stage('A' {\n      steps { sh 'make' }\n    }\n  }\n}\n", ""},
		{"unterminated string", "node {\n  sh '''make\n}\n", ""},
		{"not Groovy", "<html><body>404</body></html>\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conv, err := engine.Convert("Jenkinsfile", []byte(tt.src), "recovery", convert.Options{Config: config.Default()}, "-")
			if err != nil {
				t.Fatal(err)
			}
			if tt.manualAt == "" {
				if conv.Result != nil || !conv.Diagnostics.HasErrors() {
					t.Fatalf("want no workflow and an error, got %v", conv.Diagnostics)
				}
				return
			}
			if conv.Result == nil {
				t.Fatalf("no workflow: %v", conv.Diagnostics)
			}
			var manual []string
			for _, it := range conv.Result.Items {
				if it.Status == convert.Manual {
					manual = append(manual, fmt.Sprintf("%s@%d:%d", it.Construct, it.Source.Start.Line, it.Source.Start.Col))
				}
			}
			if want := []string{"groovy:syntax@" + tt.manualAt}; !slices.Equal(manual, want) {
				t.Errorf("manual items %v, want %v", manual, want)
			}
			if !strings.Contains(string(conv.Workflow), "make") {
				t.Errorf("the statements around the bad one are missing:\n%s", conv.Workflow)
			}
		})
	}
}

// The steps a shared library checked out on disk defines in vars/*.groovy
// are converted like methods of the Jenkinsfile; a load of a file the
// repository lacks is left to a person, at its line.
func TestLibraryVarsAndMissingLoad(t *testing.T) {
	repo, lib := t.TempDir(), t.TempDir()
	write := func(p, s string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(repo, ".git", "HEAD"), "ref: refs/heads/main\n")
	write(filepath.Join(lib, "vars", "deployTo.groovy"), "def call(String target) {\n  sh \"./deploy.sh ${target}\"\n}\n\ndef rollback() {\n  sh './rollback.sh'\n}\n")
	src := "@Library('ops') _\nnode {\n  deployTo('staging')\n  deployTo.rollback()\n  load 'ci/missing.groovy'\n}\n"
	jf := filepath.Join(repo, "Jenkinsfile")
	write(jf, src)
	cfg := config.Default()
	cfg.Libraries = map[string]config.LibraryStep{"ops": {Path: lib}}
	conv, err := engine.Convert(jf, []byte(src), "lib", convert.Options{Config: cfg}, "-")
	if err != nil {
		t.Fatal(err)
	}
	if conv.Result == nil {
		t.Fatalf("not converted: %v", conv.Diagnostics)
	}
	for _, want := range []string{`./deploy.sh "${target}"`, "./rollback.sh"} {
		if !strings.Contains(string(conv.Workflow), want) {
			t.Errorf("the workflow lacks %s:\n%s", want, conv.Workflow)
		}
	}
	var manual []string
	for _, it := range conv.Result.Items {
		if it.Status == convert.Manual {
			manual = append(manual, fmt.Sprintf("%s@%d", it.Construct, it.Source.Start.Line))
		}
	}
	if want := []string{"step:load@5"}; !slices.Equal(manual, want) {
		t.Errorf("manual items %v, want %v", manual, want)
	}
}

// What shellcheck would say of a script copied from the Jenkinsfile is the
// author's: the report names it, with the line, apart from the
// converter's own code, which has no finding.
func TestInheritedFindings(t *testing.T) {
	src := "pipeline {\n  agent any\n  stages {\n    stage('A') {\n      steps {\n        sh 'make'\n        sh 'echo $HOME/x'\n      }\n    }\n  }\n}\n"
	conv, err := engine.Convert("Jenkinsfile", []byte(src), "inherited", convert.Options{Config: config.Default()}, "-")
	if err != nil {
		t.Fatal(err)
	}
	if conv.Result == nil {
		t.Fatalf("not converted: %v", conv.Diagnostics)
	}
	var got []string
	for _, in := range conv.Report.Inherited {
		got = append(got, fmt.Sprintf("%d:%s", in.Source.Start.Line, strings.Join(in.Codes, ",")))
	}
	if want := []string{"7:SC2086"}; !slices.Equal(got, want) {
		t.Errorf("inherited %v, want %v", got, want)
	}
}

// A template of an organisation's catalog that does not render costs the
// construct that needs it, at its place; the rest converts.
func TestBrokenTemplate(t *testing.T) {
	dir := t.TempDir()
	broken, err := os.ReadFile(filepath.Join("..", "templates", "builtin", "junit-report.yml"))
	if err != nil {
		t.Fatal(err)
	}
	// An input the converter never passes, required.
	text := strings.Replace(string(broken), "inputs:\n", "inputs:\n  team: {description: owning team, required: true, example: core}\n", 1)
	text = strings.Replace(text, "check_name: ${{ inputs.check_name }}", "check_name: ${{ inputs.check_name }}-${{ inputs.team }}", 1)
	if err := os.WriteFile(filepath.Join(dir, "junit-report.yml"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	base, err := templates.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := templates.LoadDir(dir, base)
	if err != nil {
		t.Fatal(err)
	}
	src := "pipeline {\n  agent any\n  stages {\n    stage('a') {\n      steps {\n        sh 'make test'\n        junit 'out/*.xml'\n      }\n    }\n  }\n}\n"
	conv, err := engine.Convert("Jenkinsfile", []byte(src), "broken", convert.Options{Config: config.Default(), Catalog: cat}, "-")
	if err != nil {
		t.Fatalf("a broken template stopped the conversion: %v", err)
	}
	if conv.Result == nil {
		t.Fatalf("not converted: %v", conv.Diagnostics)
	}
	var manual []string
	for _, it := range conv.Result.Items {
		if it.Status == convert.Manual {
			manual = append(manual, fmt.Sprintf("%s@%d", it.Construct, it.Source.Start.Line))
		}
	}
	if want := []string{"directive:template@7"}; !slices.Equal(manual, want) {
		t.Errorf("manual items %v, want %v", manual, want)
	}
	if !strings.Contains(string(conv.Workflow), "make test") {
		t.Errorf("the rest is missing:\n%s", conv.Workflow)
	}
}
