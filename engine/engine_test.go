package engine_test

import (
	"strings"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/config"
	"github.com/jenkins2actions/jenkins2actions/convert"
	"github.com/jenkins2actions/jenkins2actions/engine"
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
