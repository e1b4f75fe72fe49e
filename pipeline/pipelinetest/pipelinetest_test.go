package pipelinetest_test

import (
	"strings"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/jenkins/jenkinsfile"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
	pt "github.com/jenkins2actions/jenkins2actions/pipeline/pipelinetest"
)

// TestDump prints a built pipeline: numbered ranges, values by kind with
// their Groovy text, one-line nodes in braces, and the fields left out
// that hold nothing.
func TestDump(t *testing.T) {
	p := pt.Pipeline(
		pt.Agent("any"),
		pt.Credentials("TOKEN", "api-token"),
		pt.Stages(
			pt.Stage("Build", pt.Steps(
				pt.Sh("make"),
				pt.Step("dir", "sub", pt.Sh("make test")),
				pt.Step("echo", pt.GString("on ${env.BRANCH_NAME} by $USER")),
			)),
		),
		pt.Post("always", pt.Step("junit", pt.Arg("testResults", pt.Str("*.xml")), pt.Arg("allowEmptyResults", pt.Bool(true)))),
	)
	want := `Pipeline @1:1
  Name: "test"
  File: "Jenkinsfile"
  Style: declarative
  Agent: {Kind: any} @2:1
  Environment:
    - EnvVar @3:1
      Name: "TOKEN"
      Credential: {ID: "api-token", Kind: unknown, Variable: "TOKEN"} @4:1
  Stages:
    - Stage @5:1
      Name: "Build"
      Steps:
        - Step @6:1
          Name: "sh"
          Args: {Positional: [String "make" {Text: "'make'"} @7:1]}
          Text: "sh 'make'"
        - Step @8:1
          Name: "dir"
          Args: {Positional: [String "sub" {Text: "'sub'"} @9:1]}
          Body:
            - Step @10:1
              Name: "sh"
              Args: {Positional: [String "make test" {Text: "'make test'"} @11:1]}
              Text: "sh 'make test'"
          Text: "dir('sub') { ... }"
        - Step @12:1
          Name: "echo"
          Args:
            Positional:
              - String @13:1
                Parts:
                  - Part{Lit: "on "}
                  - Part{Ref: {Scope: env, Name: "BRANCH_NAME", Text: "env.BRANCH_NAME"} @14:1}
                  - Part{Lit: " by "}
                  - Part{Ref: {Scope: var, Name: "USER", Text: "USER"} @15:1}
                Text: ` + "`" + `"on ${env.BRANCH_NAME} by $USER"` + "`" + `
          Text: ` + "`" + `echo "on ${env.BRANCH_NAME} by $USER"` + "`" + `
  Post:
    - PostBlock @16:1
      Condition: "always"
      Steps:
        - Step @17:1
          Name: "junit"
          Args:
            Named:
              - testResults: String "*.xml" {Text: "'*.xml'"} @18:1
              - allowEmptyResults: Bool true {Text: "true"} @19:1
          Text: "junit testResults: '*.xml', allowEmptyResults: true"
`
	if got := pt.Dump(p); got != want {
		t.Errorf("dump differs:\n%s", pt.Diff(want, got))
	}
}

// TestDumpOptions leaves out ranges and text, and prints multi-line text
// as a block, or as a mention of the source when it is the source.
func TestDumpOptions(t *testing.T) {
	src := "node {\n  sh '''\n    make\n'''\n}\n"
	p, diags := jenkinsfile.Read("Jenkinsfile", []byte(src), "opts")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	p.Bound = nil
	tests := []struct {
		name string
		opts []pt.DumpOption
		want string
	}{
		{"without ranges and text", []pt.DumpOption{pt.NoRanges(), pt.NoText()}, `Pipeline
  Name: "opts"
  File: "Jenkinsfile"
  Style: scripted
  Stages:
    - Stage
      Name: "opts"
      Steps:
        - Step
          Name: "node"
          Body:
            - Step
              Name: "sh"
              Args:
                Positional:
                  - String
                    Parts:
                      - Part
                        Lit: |

                              make
`},
		{"with the source", []pt.DumpOption{pt.Source([]byte(src))}, `Pipeline @1:1
  Name: "opts"
  File: "Jenkinsfile"
  Style: scripted
  Stages:
    - Stage @1:1
      Name: "opts"
      Steps:
        - Step @1:1
          Name: "node"
          Body:
            - Step @2:3
              Name: "sh"
              Args:
                Positional:
                  - String @2:6
                    Parts:
                      - Part
                        Lit: |

                              make
                    Text: (source, 3 lines)
              Text: (source, 3 lines)
          Text: (source, 5 lines)
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pt.Dump(p, tt.opts...); got != tt.want {
				t.Errorf("dump differs:\n%s", pt.Diff(tt.want, got))
			}
		})
	}
}

// TestBuildersMatchReader builds by hand what a Jenkinsfile says and
// compares the two without ranges and source text: the builders make
// the model the reader makes, so that tests of later stages see what
// real input gives them.
func TestBuildersMatchReader(t *testing.T) {
	tests := []struct {
		name, src string
		built     *pipeline.Pipeline
	}{
		{"declarative directives", `pipeline {
    agent any
    environment {
        A = 'x'
        T = credentials('tok')
    }
    options { timeout(time: 1, unit: 'HOURS') }
    parameters { string(name: 'TARGET', defaultValue: 'staging') }
    triggers { cron('H 2 * * *') }
    tools { maven 'M3' }
    stages {
        stage('Build') {
            steps { sh 'make' }
        }
    }
    post { always { echo 'done' } }
}`, pt.Pipeline(
			pt.Agent("any"),
			pt.Env("A", "x"),
			pt.Credentials("T", "tok"),
			pt.Opt("timeout", pt.Arg("time", pt.Num(1)), pt.Arg("unit", pt.Str("HOURS"))),
			pt.Param("string", "TARGET", pt.Str("staging")),
			pt.Trigger("cron", "H 2 * * *"),
			pt.Tool("maven", "M3"),
			pt.Stages(pt.Stage("Build", pt.Steps(pt.Sh("make")))),
			pt.Post("always", pt.Step("echo", "done")),
		)},
		{"stages", `pipeline {
    agent none
    stages {
        stage('Tests') {
            failFast true
            parallel {
                stage('Unit') { agent label: 'linux'; steps { sh 'unit' } }
                stage('Lint') { steps { sh 'lint' } }
            }
        }
        stage('Group') {
            stages { stage('Inner') { steps { sh 'inner' } } }
        }
        stage('Deploy') {
            when { branch 'main' }
            input message: 'Go?'
            steps { sh 'deploy' }
            post { failure { echo 'failed' } }
        }
    }
}`, pt.Pipeline(
			pt.Agent("none"),
			pt.Stages(
				pt.Stage("Tests", pt.FailFast(), pt.Parallel(
					pt.Stage("Unit", pt.Agent("linux"), pt.Steps(pt.Sh("unit"))),
					pt.Stage("Lint", pt.Steps(pt.Sh("lint"))),
				)),
				pt.Stage("Group", pt.Stages(pt.Stage("Inner", pt.Steps(pt.Sh("inner"))))),
				pt.Stage("Deploy",
					pt.When(pt.Condition("branch", "main")),
					pt.Input("Go?"),
					pt.Steps(pt.Sh("deploy")),
					pt.Post("failure", pt.Step("echo", "failed")),
				),
			),
		)},
		{"matrix", `pipeline {
    agent any
    stages {
        stage('Matrix') {
            matrix {
                axes {
                    axis {
                        name 'OS'
                        values 'linux', 'windows'
                    }
                }
                excludes {
                    exclude {
                        axis {
                            name 'OS'
                            values 'windows'
                        }
                    }
                }
                stages { stage('Test') { steps { sh "./test ${OS}" } } }
            }
        }
    }
}`, pt.Pipeline(
			pt.Agent("any"),
			pt.Stages(pt.Stage("Matrix", pt.Matrix(
				pt.Axis("OS", "linux", "windows"),
				pt.Exclude("OS", "windows"),
				pt.Stages(pt.Stage("Test", pt.Steps(pt.Step("sh", pt.GString("./test ${OS}"))))),
			))),
		)},
		{"scripted", `node('linux') {
    withCredentials([string(credentialsId: 'c', variable: 'V')]) {
        sh "echo $V ${env.A} ${params.P}"
    }
    deploy('prod')
}
def deploy(target) {
    sh "deploy ${target}"
}`, pt.Pipeline(
			pt.Scripted(pt.Step("node", "linux",
				pt.Step("withCredentials",
					pt.List(pt.Call("string", pt.Arg("credentialsId", pt.Str("c")), pt.Arg("variable", pt.Str("V")))),
					pt.Step("sh", pt.GString("echo $V ${env.A} ${params.P}"))),
				pt.MethodCall("deploy", "prod"),
			)),
			pt.Method("deploy", []string{"target"}, pt.Step("sh", pt.GString("deploy ${target}"))),
		)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			read, diags := jenkinsfile.Read("Jenkinsfile", []byte(tt.src), "test")
			if len(diags) > 0 {
				t.Fatal(diags)
			}
			// Bound is the reader's count of the names the file binds,
			// which no builder counts.
			read.Bound = nil
			want := pt.Dump(read, pt.NoRanges(), pt.NoText())
			if got := pt.Dump(tt.built, pt.NoRanges(), pt.NoText()); got != want {
				t.Errorf("built pipeline differs from the read one:\n%s", pt.Diff(want, got))
			}
		})
	}
}

// TestNumber checks that every node of a built pipeline has a place of
// its own, in tree order, and that a range set by hand stays.
func TestNumber(t *testing.T) {
	mine := diag.Range{File: "other", Start: diag.Pos{Line: 40, Col: 7}}
	sh := pt.Sh("make")
	sh.Range = mine
	p := pt.Pipeline(pt.Stages(pt.Stage("A", pt.Steps(pt.Sh("a"), sh))))
	seen := map[diag.Range]bool{}
	var last int
	for _, r := range []diag.Range{p.Range, p.Stages[0].Range, p.Stages[0].Steps[0].Range, p.Stages[0].Steps[0].Args.Positional[0].Range} {
		if seen[r] || r.File != "Jenkinsfile" || r.Start.Line <= last {
			t.Errorf("range %v: not a new place after line %d", r, last)
		}
		seen[r], last = true, r.Start.Line
	}
	if got := p.Stages[0].Steps[1].Range; got != mine {
		t.Errorf("a range set by hand became %v", got)
	}
}

// TestMisuse checks that a part with no place in its node panics with
// what went wrong.
func TestMisuse(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "When does not apply to a pipeline") {
			t.Errorf("recovered %v", r)
		}
	}()
	pt.Pipeline(pt.When(pt.Condition("branch", "main")))
}

// TestValues checks the values builders make, by their Groovy text and
// what the reader would classify them as.
func TestValues(t *testing.T) {
	tests := []struct {
		v    pipeline.Value
		text string
		str  string
	}{
		{pt.Str("it's"), `'it\'s'`, "it's"},
		{pt.GString("a $b.c ${env.D}$"), `"a $b.c ${env.D}$"`, "a ${b.c} ${env.D}$"},
		{pt.GString("${unclosed"), `"${unclosed"`, "${unclosed"},
		{pt.GString("cost: $5"), `"cost: $5"`, "cost: ${5}"},
		{pt.Ref("params.X"), "params.X", "${params.X}"},
		{pt.Num(3), "3", "3"},
		{pt.Bool(false), "false", "false"},
		{pt.List(pt.Str("a"), pt.Num(1)), "['a', 1]", ""},
		{pt.Map(), "[:]", ""},
		{pt.Map(pt.Arg("a", pt.Str("x"))), "[a: 'x']", ""},
		{pt.Call("string", pt.Arg("variable", pt.Str("V"))), "string(variable: 'V')", ""},
		{pt.Closure(pt.Sh("x")), "{ ... }", ""},
		{pt.Groovy("a.b()"), "a.b()", ""},
	}
	for _, tt := range tests {
		if tt.v.Text != tt.text || tt.v.Str() != tt.str {
			t.Errorf("value %s (%q), want %s (%q)", tt.v.Text, tt.v.Str(), tt.text, tt.str)
		}
	}
	if r := pt.GString("$b.c").Parts[0].Ref; r.Scope != pipeline.RefExpr || r.Text != "b.c" {
		t.Errorf("$b.c is %+v, want an expression", r)
	}
	if r := pt.GString("${env.D}").Parts[0].Ref; r.Scope != pipeline.RefEnv || r.Name != "D" {
		t.Errorf("${env.D} is %+v, want env D", r)
	}
}
