package convert_test

import (
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/convert"
	"github.com/jenkins2actions/jenkins2actions/internal/testenv"
	"github.com/jenkins2actions/jenkins2actions/jenkins/jenkinsfile"
	"github.com/jenkins2actions/jenkins2actions/workflow"
)

// TestComputeRuns converts Groovy values into bash and runs the bash: the
// value it writes to $GITHUB_ENV must be the one Groovy computes. The
// compiler has its own tests (package compute); these check how the
// converter wires it into a job.
func TestComputeRuns(t *testing.T) {
	testenv.Tools(t, "bash", "jq", "awk")
	tests := []struct {
		name, groovy string
		env          map[string]string
		files        map[string]string
		want         string
	}{
		// Each case goes through a part of the converter the compiler
		// asks: parameters, methods, tools, the runner, builtins.
		{"ternary", `env.BRANCH_NAME == 'main' ? 'prod' : "dev-${env.BRANCH_NAME}"`, map[string]string{"BRANCH_NAME": "feature"}, nil, "dev-feature"},
		{"false param", `params.DRY_RUN ? '--dry-run' : ''`, map[string]string{"DRY_RUN": "false"}, nil, ""},
		{"readJSON", `readJSON(file: 'package.json').version`, nil, map[string]string{"package.json": `{"name": "x", "version": "1.2.0"}`}, "1.2.0"},
		{"method", `label(env.ARCH)`, map[string]string{"ARCH": "arm64"}, nil, "linux-arm64"},
		{"method with locals", `allowed(env.WHO)`, map[string]string{"WHO": "bob"}, nil, "true"},
		{"tool", `"${tool('jdk17')}/bin/java"`, map[string]string{"JAVA_HOME": "/opt/jdk"}, nil, "/opt/jdk/bin/java"},
		{"builtin", `"${currentBuild.number}-${isUnix()}"`, map[string]string{"BUILD_NUMBER": "7"}, nil, "7-true"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "def label(arch) {\n  return \"linux-${arch}\"\n}\ndef allowed(name) {\n  def devs = ['alice', 'bob']\n  return devs.contains(name)\n}\nnode('linux') {\n  def value = " + tt.groovy + "\n  sh \"echo ${value}\"\n}\n"
			p, diags := jenkinsfile.Read("Jenkinsfile", []byte(src), "compute")
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			res, err := convert.Convert(p, convert.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var run string
			for _, j := range res.Workflow.Jobs {
				for _, s := range j.Steps {
					if s.Name == "Compute value" {
						run = s.Run
					}
				}
			}
			if run == "" {
				out, _ := workflow.Render(res.Workflow)
				for _, it := range res.Items {
					if it.Status == convert.Manual {
						t.Logf("%s: %s", it.Construct, it.Note)
					}
				}
				t.Fatalf("no step computes the value:\n%s", out)
			}
			env := map[string]string{"GITHUB_ENV": "github_env"}
			maps.Copy(env, tt.env)
			dir, _ := testenv.Bash(t, run, env, tt.files)
			got, err := os.ReadFile(filepath.Join(dir, "github_env"))
			if err != nil {
				t.Fatal(err)
			}
			want := "value<<J2A_EOF\n" + tt.want + "\nJ2A_EOF\n"
			if string(got) != want {
				t.Errorf("$GITHUB_ENV holds\n%s\nwant\n%s\nscript:\n%s", got, want, run)
			}
		})
	}
}

// TestJavaRegexFailsLoudly checks that patterns bash cannot run keep the
// value manual instead of computing something else.
func TestJavaRegexFailsLoudly(t *testing.T) {
	for _, re := range []string{`^(?i)main$`, `\bword\b`, `a.*?b`, `(?=x)y`} {
		src := "node {\n  def value = env.X ==~ /" + re + "/\n}\n"
		p, _ := jenkinsfile.Read("Jenkinsfile", []byte(src), "re")
		res, err := convert.Convert(p, convert.Options{})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, it := range res.Items {
			if it.Construct == "groovy:def" {
				found = true
				if it.Status != convert.Manual || !strings.Contains(it.Note, "Java regular expression") {
					t.Errorf("%s: %s %s, want manual for the pattern", re, it.Status, it.Note)
				}
			}
		}
		if !found {
			t.Errorf("%s: no item for the definition", re)
		}
	}
}
