package convert

import (
	"fmt"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/bash"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
	"github.com/jenkins2actions/jenkins2actions/workflow"
)

// Block steps that put credentials or files in place for the steps inside
// them. On GitHub what they set up lasts for the rest of the job.

var (
	stepSSHAgent           = &Construct{Kind: KindStep, Name: "sshagent", Status: Approximated, Summary: "ssh-agent started in a run step with the keys from secrets, for the rest of the job"}
	stepConfigFileProvider = &Construct{Kind: KindStep, Name: "configFileProvider", Status: Approximated, Summary: "each managed file comes from a secret, written to $RUNNER_TEMP"}
)

func init() {
	stepSSHAgent.step = mapSSHAgent
	stepConfigFileProvider.step = mapConfigFiles
}

func mapSSHAgent(c *converter, sc *scope, s *pipeline.Step) {
	ids := s.Args.First("credentials")
	if ids.Kind != pipeline.List {
		ids.List = []pipeline.Value{ids}
	}
	var names []string
	for _, v := range ids.List {
		if id, ok := valueText(v); ok && v.Kind == pipeline.String && id != "" {
			name := c.secretFor(id)
			c.addSecret(name, id, "SSH private key", s.Range)
			names = append(names, name)
		}
	}
	if len(names) == 0 || len(names) != len(ids.List) {
		c.manual(stepSSHAgent, s.Range, s.Text, "credentials computed by Groovy: load the keys with ssh-add in a run step")
		c.steps(sc, s.Body)
		return
	}
	var run strings.Builder
	run.WriteString("eval \"$(ssh-agent -s)\"\n")
	var env []workflow.KV
	for i, name := range names {
		v := fmt.Sprintf("SSH_KEY_%d", i+1)
		env = append(env, workflow.KV{Key: v, Value: secretRef(name)})
		fmt.Fprintf(&run, "printf '%%s\\n' \"$%s\" | ssh-add -\n", v)
	}
	run.WriteString("{\n  echo \"SSH_AUTH_SOCK=$SSH_AUTH_SOCK\"\n  echo \"SSH_AGENT_PID=$SSH_AGENT_PID\"\n} >> \"$GITHUB_ENV\"\n")
	bare := sc.child()
	bare.env = nil
	c.emit(bare, &workflow.Step{Name: "Start ssh-agent", Run: run.String(), Env: env}, s.Range)
	c.record(stepSSHAgent, Approximated, s.Range, "the keys come from the secrets %s and stay loaded for the rest of the job", strings.Join(names, ", "))
	c.steps(sc, s.Body)
}

func mapConfigFiles(c *converter, sc *scope, s *pipeline.Step) {
	files := s.Args.First("managedFiles")
	if files.Kind == pipeline.Call {
		files = pipeline.Value{Kind: pipeline.List, List: []pipeline.Value{files}}
	}
	inner := sc.child()
	var notes []string
	for _, f := range files.List {
		if f.Kind != pipeline.Call || f.Call.Name != "configFile" {
			c.manual(stepConfigFileProvider, f.Range, f.Text, "a managed file computed by Groovy: write it from a secret in a run step")
			continue
		}
		id, ok := valueText(f.Call.Args.Get("fileId"))
		variable, ok2 := valueText(f.Call.Args.Get("variable"))
		tv := f.Call.Args.Get("targetLocation")
		target, ok3 := valueText(tv)
		ok3 = ok3 || tv.Kind == pipeline.Absent
		if !ok || !ok2 || !ok3 || id == "" || variable == "" && target == "" {
			c.manual(stepConfigFileProvider, f.Range, f.Text, "a managed file computed by Groovy or without a variable: write it from a secret in a run step")
			continue
		}
		if variable == "" {
			variable = "CONFIG_FILE_" + strings.ToUpper(slug(id, "_"))
		}
		c.addSecret(c.secretFor(id), id, "managed config file", f.Range)
		cr := &pipeline.Credential{ID: id, Kind: pipeline.CredentialFile, Variable: variable, Range: f.Range}
		c.secretFile(inner, cr)
		if target != "" {
			run := fmt.Sprintf("cp \"$%s\" %s\n", variable, bash.Quote(target))
			c.emit(inner, &workflow.Step{Name: "Copy " + target, Run: run}, f.Range)
		}
		inner.vars = append(inner.vars, variable)
		notes = append(notes, c.secretFor(id))
	}
	if len(notes) > 0 {
		c.record(stepConfigFileProvider, Approximated, s.Range, "the managed files come from the secrets %s", strings.Join(notes, ", "))
	}
	c.steps(inner, s.Body)
}
