package jenkinsfile

import (
	"strings"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

func TestReadStyleAndLibraries(t *testing.T) {
	tests := []struct {
		name, src string
		style     pipeline.Style
		libs      []string // name@ref
		stages    int
	}{
		{"library one-liner", "buildPlugin()\n", pipeline.StyleLibrary, nil, 1},
		{"annotation", "@Library('pipeline-lib@v2') _\nbuildPlugin(jdk: 17)\n", pipeline.StyleLibrary, []string{"pipeline-lib@v2"}, 1},
		{"annotation list", "@Library(['a', 'b@main']) _\npipeline { agent any\n stages { stage('x') { steps { sh 'make' } } } }\n", pipeline.StyleDeclarative, []string{"a@", "b@main"}, 1},
		{"library step", "library 'shared@1.0'\nnode { sh 'make' }\n", pipeline.StyleScripted, []string{"shared@1.0"}, 1},
		{"named annotation", "@Library(value='lib', changelog=false) _\nlibCall()\n", pipeline.StyleLibrary, []string{"lib@"}, 1},
		{"scripted", "node('linux') {\n  stage('Build') { sh 'make' }\n}\n", pipeline.StyleScripted, nil, 1},
		{"declarative", "pipeline {\n agent any\n stages {\n  stage('a') { steps { sh 'a' } }\n  stage('b') { steps { sh 'b' } }\n }\n}\n", pipeline.StyleDeclarative, nil, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, diags := Read("Jenkinsfile", []byte(tt.src), "job")
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			if p.Style != tt.style {
				t.Errorf("style %q, want %q", p.Style, tt.style)
			}
			var libs []string
			for _, l := range p.Libraries {
				libs = append(libs, l.Name+"@"+l.Ref)
			}
			if len(libs) != len(tt.libs) {
				t.Fatalf("libraries %q, want %q", libs, tt.libs)
			}
			for i := range libs {
				if libs[i] != tt.libs[i] {
					t.Errorf("libraries %q, want %q", libs, tt.libs)
				}
			}
			if len(p.Stages) != tt.stages {
				t.Errorf("%d stages, want %d", len(p.Stages), tt.stages)
			}
		})
	}
}

func TestReadDeclarativeDetails(t *testing.T) {
	src := `pipeline {
    agent { docker { image 'node:20'; args '-u root' } }
    environment { A = 'x'; T = credentials('tok') }
    parameters { choice(name: 'C', choices: 'a\nb', description: 'd') }
    triggers { cron('H 2 * * *') }
    stages {
        stage('S') {
            when { expression { env.A == 'x' } }
            steps { withCredentials([string(credentialsId: 'c', variable: 'V')]) { sh "echo $V ${env.A}" } }
        }
    }
    bogus { }
}
`
	p, diags := Read("Jenkinsfile", []byte(src), "job")
	if len(diags) != 1 || diags[0].Code != "unknown-directive" || diags[0].Subject.Start.Line != 12 {
		t.Errorf("diagnostics %v, want one unknown-directive at line 12", diags)
	}
	if a := p.Agent; a == nil || a.Kind != pipeline.AgentDocker || a.Image != "node:20" || a.Args != "-u root" {
		t.Errorf("agent %+v", p.Agent)
	}
	if len(p.Environment) != 2 || p.Environment[1].Credential == nil || p.Environment[1].Credential.ID != "tok" {
		t.Errorf("environment %+v", p.Environment)
	}
	if len(p.Parameters) != 1 || len(p.Parameters[0].Choices) != 2 {
		t.Errorf("parameters %+v", p.Parameters)
	}
	if len(p.Triggers) != 1 || p.Triggers[0].Spec != "H 2 * * *" {
		t.Errorf("triggers %+v", p.Triggers)
	}
	st := p.Stages[0]
	if st.When == nil || st.When.Conditions[0].Cond == nil || st.When.Conditions[0].Cond.Op != "==" {
		t.Errorf("when not reduced: %+v", st.When)
	}
	wc := st.Steps[0]
	if wc.Name != "withCredentials" || len(wc.Body) != 1 || wc.Body[0].Name != "sh" {
		t.Fatalf("withCredentials %+v", wc)
	}
	if b := wc.Args.First("").List[0]; b.Kind != pipeline.Call || b.Call.Name != "string" {
		t.Errorf("binding %+v", b)
	}
	parts := wc.Body[0].Args.First("script").Parts
	if len(parts) != 4 || parts[1].Ref.Scope != pipeline.RefVar || parts[3].Ref.Scope != pipeline.RefEnv {
		t.Errorf("script parts %+v", parts)
	}
}

// TestInvalidUTF8 checks that a file that is not UTF-8 is an error at the
// first bad byte, not a workflow that cannot be written; columns count
// bytes, as everywhere else.
func TestInvalidUTF8(t *testing.T) {
	for src, at := range map[string]string{
		"node {\n  sh 'caf\xe9'\n}\n":    "Jenkinsfile:2:10",
		"node {\n  sh '\u00e9\xe9'\n}\n": "Jenkinsfile:2:9",
	} {
		_, diags := Read("Jenkinsfile", []byte(src), "x")
		if !diags.HasErrors() {
			t.Fatalf("%q: no error", src)
		}
		if got := diags[0].String(); !strings.Contains(got, at+":") || !strings.Contains(got, "not UTF-8") {
			t.Errorf("%q: error = %q, want the position %s and the reason", src, got, at)
		}
	}
}
