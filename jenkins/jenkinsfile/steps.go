package jenkinsfile

import (
	"github.com/jenkins2actions/jenkins2actions/jenkins/groovy"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

// steps reads a statement list into steps. A call of a named step becomes a
// Step, its trailing closure the step's body; any other statement becomes a
// Groovy step that keeps its text and the shell steps nested in it.
func (r *reader) steps(stmts []groovy.Stmt) []*pipeline.Step {
	var out []*pipeline.Step
	for _, s := range stmts {
		out = append(out, r.step(s))
	}
	return out
}

func (r *reader) step(s groovy.Stmt) *pipeline.Step {
	rng := s.Span()
	if c := callStmt(s); c != nil {
		if _, plain := c.Fun.(*groovy.Ident); plain {
			st := &pipeline.Step{Name: c.Name(), Args: r.args(c), Text: r.file.Text(rng), Range: rng}
			if c.TrailingClosures > 0 {
				st.Body = r.steps(c.Block().Body)
			}
			return st
		}
	}
	return &pipeline.Step{Name: pipeline.GroovyStep, Text: r.file.Text(rng), Range: rng, Body: r.nestedShells(s)}
}

// shellSteps are the steps that run scripts; they are the one thing a
// converter must never lose, so the reader digs them out of Groovy it cannot
// read otherwise.
var shellSteps = map[string]bool{"sh": true, "bat": true, "powershell": true, "pwsh": true}

// nestedShells returns the script steps called anywhere inside n, in source
// order.
func (r *reader) nestedShells(n groovy.Node) []*pipeline.Step {
	var out []*pipeline.Step
	groovy.Walk(n, func(n groovy.Node) bool {
		c, ok := n.(*groovy.CallExpr)
		if !ok {
			return true
		}
		if _, plain := c.Fun.(*groovy.Ident); plain && shellSteps[c.Name()] {
			out = append(out, &pipeline.Step{Name: c.Name(), Args: r.args(c), Text: r.file.Text(c.Range), Range: c.Range})
			return false
		}
		return true
	})
	return out
}

// KnownStep reports whether name is a step of Jenkins itself or of a widely
// installed plugin, as opposed to a shared-library step.
func KnownStep(name string) bool { return knownSteps[name] }

var knownSteps = func() map[string]bool {
	m := map[string]bool{}
	for _, s := range []string{
		"archiveArtifacts", "bat", "build", "catchError", "checkout", "cleanWs", "container",
		"copyArtifacts", "deleteDir", "dir", "docker", "echo", "emailext", "error", "fileExists",
		"git", "input", "isUnix", "junit", "library", "lock", "mail", "milestone", "node",
		"parallel", "podTemplate", "powershell", "properties", "publishHTML", "pwd", "pwsh",
		"readFile", "readJSON", "readProperties", "readYaml", "retry", "script", "sh",
		"slackSend", "sleep", "sshagent", "stage", "stash", "step", "timeout", "timestamps",
		"tool", "unstable", "unstash", "waitUntil", "warnError", "withCredentials",
		"withDockerContainer", "withDockerRegistry", "withEnv", "withMaven", "withSonarQubeEnv",
		"waitForQualityGate", "writeFile", "writeJSON", "writeYaml", "ws", "ansiColor",
		"httpRequest", "recordIssues", "jacoco", "cobertura", "publishChecks", "zip", "unzip",
	} {
		m[s] = true
	}
	return m
}()
