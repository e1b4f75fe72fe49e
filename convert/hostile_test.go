package convert_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

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

// hostileTemplate puts one string, @@, in every field of a pipeline that
// lands in the workflow's YAML: names, labels, defaults, descriptions,
// messages, paths, lock resources, credential ids, branch patterns.
const hostileTemplate = `pipeline {
  agent { label @@ }
  parameters {
    string(name: 'P', defaultValue: @@, description: @@)
    choice(name: 'C', choices: [@@, 'b'], description: @@)
    booleanParam(name: 'B', defaultValue: true, description: @@)
  }
  environment {
    E = @@
  }
  options { lock(@@) }
  stages {
    stage(@@) {
      steps {
        echo @@
        sh @@
        dir(@@) { sh 'make' }
        writeFile file: @@, text: @@
        stash name: @@, includes: @@
        unstash @@
        archiveArtifacts @@
        withCredentials([string(credentialsId: @@, variable: 'T')]) { sh 'make' }
        script {
          env.NOTE2 = @@
          def v = env.NOTE2.trim()
          sh "echo ${v}"
        }
        error @@
      }
      post { always { junit @@ } }
    }
    stage('Gate') {
      when { branch @@ }
      input { message @@; ok @@; submitter @@ }
      agent { label @@ }
      steps { sh 'make' }
    }
  }
}
`

// marker is in every fuzzed string: an expression that holds it outside
// a string literal came from the input.
const marker = "ZQJX"

// FuzzNoExpressionFromInput converts the hostile template with a fuzzed
// string in every field and fails when the string reaches an expression
// as anything but a quoted literal.
func FuzzNoExpressionFromInput(f *testing.F) {
	for _, s := range []string{"${{ secrets.GITHUB_TOKEN }}", "}} ${{ github.event.issue.title", "${{", "'", `\`, "a${{b}}c", "$", "${{ toJSON(github) }}'", "x\ny", "${ {", "$${{x}}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || strings.ContainsAny(s, "\x00\r") {
			return
		}
		s = marker + s + marker
		src := strings.ReplaceAll(hostileTemplate, "@@", groovyQuote(s))
		conv, err := engine.Convert("Jenkinsfile", []byte(src), "fuzz", convert.Options{}, "-")
		if err != nil {
			t.Fatal(err)
		}
		if conv.Result == nil {
			return // not Groovy after all: nothing is written
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(conv.Workflow, &doc); err != nil {
			t.Fatalf("the workflow is not YAML: %v\n%s", err, conv.Workflow)
		}
		var walk func(*yaml.Node)
		walk = func(n *yaml.Node) {
			if n.Kind == yaml.ScalarNode {
				for _, e := range expressions(n.Value) {
					if outside := unquoted(e); fromInput(outside) {
						t.Fatalf("input reached an expression: ${{%s}} in %q\n%s", e, n.Value, conv.Workflow)
					}
				}
			}
			for _, c := range n.Content {
				walk(c)
			}
		}
		walk(&doc)
	})
}

// fromInput reports whether the marker is in an expression's code other
// than as a name the converter made of the input (a secret, a variable or
// a job id: letters, digits, _ and - only, after secrets., vars., needs.
// or steps.), which cannot change what the expression does.
func fromInput(code string) bool {
	for i := strings.Index(code, marker); i >= 0; {
		start := i
		for start > 0 && isNameByte(code[start-1]) {
			start--
		}
		named := false
		for _, ctx := range []string{"secrets.", "vars.", "needs.", "steps."} {
			named = named || strings.HasSuffix(code[:start], ctx)
		}
		if !named {
			return true
		}
		next := strings.Index(code[i+len(marker):], marker)
		if next < 0 {
			return false
		}
		i += len(marker) + next
	}
	return false
}

func isNameByte(b byte) bool {
	return b == '_' || b == '-' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}

// groovyQuote writes s as a Groovy single-quoted string.
func groovyQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`, "\t", `\t`)
	return "'" + r.Replace(s) + "'"
}

// expressions returns the text inside each ${{ }} of s.
func expressions(s string) []string {
	var out []string
	for {
		i := strings.Index(s, "${{")
		if i < 0 {
			return out
		}
		rest := s[i+3:]
		// The expression ends at the first }} outside a string literal.
		inStr := false
		end := -1
		for j := 0; j < len(rest); j++ {
			switch {
			case rest[j] == '\'':
				if inStr && j+1 < len(rest) && rest[j+1] == '\'' {
					j++
					continue
				}
				inStr = !inStr
			case !inStr && strings.HasPrefix(rest[j:], "}}"):
				end = j
			}
			if end >= 0 {
				break
			}
		}
		if end < 0 {
			return append(out, rest)
		}
		out = append(out, rest[:end])
		s = rest[end+2:]
	}
}

// unquoted drops the string literals of an expression.
func unquoted(e string) string {
	var b strings.Builder
	inStr := false
	for j := 0; j < len(e); j++ {
		if e[j] == '\'' {
			if inStr && j+1 < len(e) && e[j+1] == '\'' {
				j++
				continue
			}
			inStr = !inStr
			continue
		}
		if !inStr {
			b.WriteByte(e[j])
		}
	}
	return b.String()
}
