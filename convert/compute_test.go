package convert_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/convert"
	"github.com/jenkins2actions/jenkins2actions/jenkins/jenkinsfile"
	"github.com/jenkins2actions/jenkins2actions/workflow"
)

// TestComputeRuns converts Groovy values into bash and runs the bash: the
// value it writes to $GITHUB_ENV must be the one Groovy computes.
func TestComputeRuns(t *testing.T) {
	for _, tool := range []string{"bash", "jq", "awk"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
	tests := []struct {
		name, groovy string
		env          map[string]string
		files        map[string]string
		want         string
	}{
		{"ternary", `env.BRANCH_NAME == 'main' ? 'prod' : "dev-${env.BRANCH_NAME}"`, map[string]string{"BRANCH_NAME": "feature"}, nil, "dev-feature"},
		{"ternary true", `env.BRANCH_NAME == 'main' ? 'prod' : 'dev'`, map[string]string{"BRANCH_NAME": "main"}, nil, "prod"},
		{"elvis", `env.MAVEN_OPTS ?: '-Xmx1g'`, nil, nil, "-Xmx1g"},
		{"elvis set", `env.MAVEN_OPTS ?: '-Xmx1g'`, map[string]string{"MAVEN_OPTS": "-Xmx2g"}, nil, "-Xmx2g"},
		{"replace", `env.BRANCH_NAME.replace('PR-', '')`, map[string]string{"BRANCH_NAME": "PR-42"}, nil, "42"},
		{"split index", `env.AGENT.split('-')[1]`, map[string]string{"AGENT": "ubuntu-22.04-arm"}, nil, "22.04"},
		{"split size", `env.CMD.split(' ').size()`, map[string]string{"CMD": "a b c"}, nil, "3"},
		{"last", `env.CMD.tokenize(' ').last()`, map[string]string{"CMD": "a  b c"}, nil, "c"},
		{"trim upper", `"  ${env.X} ".trim().toUpperCase()`, map[string]string{"X": "a b"}, nil, "A B"},
		{"arithmetic", `((10.5 * 1024 - 512) / 1536) as Integer`, nil, nil, "6"},
		{"parseInt", `Integer.parseInt(env.SLEEP) * 3`, map[string]string{"SLEEP": "20"}, nil, "60"},
		{"regex", `env.BRANCH_NAME ==~ /^\d+(\.\d+)*$/ ? 'release' : 'other'`, map[string]string{"BRANCH_NAME": "1.2.3"}, nil, "release"},
		{"regex no", `env.BRANCH_NAME ==~ /^\d+(\.\d+)*$/ ? 'release' : 'other'`, map[string]string{"BRANCH_NAME": "1.2.x"}, nil, "other"},
		{"and or not", `(env.A == 'x' || env.B) && !env.C`, map[string]string{"A": "y", "B": "true"}, nil, "true"},
		{"false param", `params.DRY_RUN ? '--dry-run' : ''`, map[string]string{"DRY_RUN": "false"}, nil, ""},
		{"startsWith", `env.TAG.startsWith('v') ? env.TAG.substring(1) : env.TAG`, map[string]string{"TAG": "v1.4"}, nil, "1.4"},
		{"readJSON", `readJSON(file: 'package.json').version`, nil, map[string]string{"package.json": `{"name": "x", "version": "1.2.0"}`}, "1.2.0"},
		{"readJSON nested", `readJSON(file: 'p.json').a.b[1]`, nil, map[string]string{"p.json": `{"a": {"b": ["x", "y's"]}}`}, "y's"},
		{"map", `['SUCCESS': 'good', 'FAILURE': 'danger'][env.RESULT]`, map[string]string{"RESULT": "FAILURE"}, nil, "danger"},
		{"fileExists", `fileExists('a.txt') && !fileExists('b.txt')`, nil, map[string]string{"a.txt": ""}, "true"},
		{"readFile", `readFile('VERSION').trim()`, nil, map[string]string{"VERSION": "3.1\n"}, "3.1"},
		{"readProperties", `readProperties(file: 'p.properties')['a.b']`, nil, map[string]string{"p.properties": "# c\na.b = 1\nc: x\n"}, "1"},
		{"readProperties interpolate", `readProperties(interpolate: true, file: 'p.properties')['image']`, nil, map[string]string{"p.properties": "tag=25\nimage=temurin:${tag}\n"}, "temurin:25"},
		{"sh keeps newlines", `sh(script: 'printf "a\\n\\n"', returnStdout: true).length()`, nil, nil, "3"},
		{"in list", `env.ARCH in ['amd64', 'arm64']`, map[string]string{"ARCH": "arm64"}, nil, "true"},
		{"join", `['a', env.X, 'c'].join(', ')`, map[string]string{"X": "%s"}, nil, "a, %s, c"},
		{"quotes", `"it's \"${env.X}\" ".trim()`, map[string]string{"X": "$(date)"}, nil, `it's "$(date)"`},
		{"shell", `sh(script: 'echo "  out  "', returnStdout: true).trim().toLowerCase()`, nil, nil, "out"},
		{"method", `label(env.ARCH)`, map[string]string{"ARCH": "arm64"}, nil, "linux-arm64"},
		{"replaceAll", `env.V.replaceAll(/-SNAPSHOT$/, '')`, map[string]string{"V": "1.0-SNAPSHOT"}, nil, "1.0"},
		{"equals", `env.X.equals('a') ? 1 : 2`, map[string]string{"X": "a"}, nil, "1"},
		{"lastIndexOf", `env.P.substring(0, env.P.lastIndexOf('/'))`, map[string]string{"P": "a/b/c.yaml"}, nil, "a/b"},
		{"indexOf missing", `env.P.indexOf('x')`, map[string]string{"P": "abc"}, nil, "-1"},
		{"method with locals", `allowed(env.WHO)`, map[string]string{"WHO": "bob"}, nil, "true"},
		{"computed keys", `["${env.D}/a.zip": 'a', 'b': 2]["${env.D}/a.zip"]`, map[string]string{"D": "out"}, nil, "a"},
		{"tool", `"${tool('jdk17')}/bin/java"`, map[string]string{"JAVA_HOME": "/opt/jdk"}, nil, "/opt/jdk/bin/java"},
		{"result constant", `hudson.model.Result.SUCCESS.toString()`, nil, nil, "SUCCESS"},
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
			dir := t.TempDir()
			for name, content := range tt.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			envFile := filepath.Join(dir, "github_env")
			cmd := exec.Command("bash", "-e", "-c", run)
			cmd.Dir = dir
			cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "GITHUB_ENV=" + envFile}
			for k, v := range tt.env {
				cmd.Env = append(cmd.Env, k+"="+v)
			}
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("bash: %v\n%s\nscript:\n%s", err, out, run)
			}
			got, err := os.ReadFile(envFile)
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
