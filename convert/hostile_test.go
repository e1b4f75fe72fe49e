package convert_test

import (
	"strings"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/convert"
	"github.com/jenkins2actions/jenkins2actions/engine"
)

// TestNoExpressionFromInput converts a Jenkinsfile whose names, defaults,
// descriptions, messages and paths hold GitHub expressions: none may reach
// the workflow as an expression, or whoever writes the Jenkinsfile (or a
// pull request's title) would run code with the workflow's token.
func TestNoExpressionFromInput(t *testing.T) {
	src := []byte(`pipeline {
  agent any
  options { skipStagesAfterUnstable() }
  parameters {
    string(name: 'TARGET', defaultValue: '${{ secrets.GITHUB_TOKEN }}', description: '${{ github.event.pull_request.title }}')
  }
  environment {
    NOTE = '${{ github.event.pull_request.body }}'
  }
  stages {
    stage('${{ github.event.pull_request.title }}') {
      steps {
        echo '${{ github.event.issue.title }}'
        dir('${{ github.head_ref }}') {
          sh 'make'
        }
        unstable('${{ github.event.comment.body }}')
      }
      post {
        always { sh 'echo done' }
      }
    }
    stage('Next') {
      input { message '${{ github.event.review.body }}' }
      steps { sh 'make deploy' }
    }
  }
}
`)
	conv, err := engine.Convert("Jenkinsfile", src, "hostile", convert.Options{}, "-")
	if err != nil {
		t.Fatal(err)
	}
	if conv.Result == nil {
		t.Fatalf("not converted: %v", conv.Diagnostics)
	}
	yml := string(conv.Workflow)
	for _, ctx := range []string{"secrets.GITHUB_TOKEN", "github.event.pull_request.title", "github.event.pull_request.body",
		"github.event.issue.title", "github.head_ref", "github.event.comment.body", "github.event.review.body"} {
		if strings.Contains(yml, "${{ "+ctx) {
			t.Errorf("the input's %s reached the workflow as an expression", ctx)
		}
	}
	for _, f := range conv.Findings {
		// The escapes must themselves be valid: no expression that
		// does not parse.
		if strings.HasPrefix(f.Code, "actionlint/") {
			t.Errorf("finding: %s", f)
		}
	}
	if t.Failed() {
		t.Logf("workflow:\n%s", yml)
	}
}
