package convert

import (
	"fmt"
	"slices"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/bash"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
	"github.com/jenkins2actions/jenkins2actions/workflow"
)

var (
	stepDir             = &Construct{Kind: KindStep, Name: "dir", Status: Converted, Summary: "working-directory on the steps inside"}
	stepWithEnv         = &Construct{Kind: KindStep, Name: "withEnv", Status: Converted, Summary: "env on the steps inside"}
	stepWithCredentials = &Construct{Kind: KindStep, Name: "withCredentials", Status: Converted, Summary: "secrets in the env of the steps inside"}
	stepTimeout         = &Construct{Kind: KindStep, Name: "timeout", Status: Converted, Summary: "timeout-minutes on the steps inside"}
	stepRetry           = &Construct{Kind: KindStep, Name: "retry", Status: Converted, Summary: "a retry loop around each script inside"}
	stepScript          = &Construct{Kind: KindStep, Name: "script", Status: Converted, Summary: "its steps, one by one; other Groovy is reported"}
)

func init() {
	stepDir.step = mapDir
	stepWithEnv.step = mapWithEnv
	stepWithCredentials.step = mapWithCredentials
	stepTimeout.step = mapTimeout
	stepRetry.step = mapRetry
	stepScript.step = mapScript
}

func mapDir(c *converter, sc *scope, s *pipeline.Step) {
	v := s.Args.First("path")
	inner := sc.child()
	switch {
	case v.Kind != pipeline.String || slices.ContainsFunc(v.Parts, func(p pipeline.Part) bool { return p.Ref != nil && p.Ref.Scope == pipeline.RefExpr }):
		c.manual(constructFor(KindStep, s.Name), s.Range, s.Text, "directory computed by Groovy: set working-directory by hand")
	default:
		// Variables in the path become expressions, which
		// working-directory and action inputs accept.
		rel := c.exprValue(v, nil)
		inner.dir = joinPath(sc.dir, rel)
		c.record(constructFor(KindStep, s.Name), Converted, s.Range, "")
		// Jenkins creates the directory; working-directory must exist.
		mk := &workflow.Step{Name: "Create the directory", Run: `mkdir -p -- "$J2A_DIR"`, Env: []workflow.KV{{Key: "J2A_DIR", Value: rel}}}
		if !strings.Contains(rel, "${{") {
			mk = &workflow.Step{Name: "Create " + inner.dir, Run: "mkdir -p -- " + bash.Quote(rel)}
		}
		c.emit(sc.uncaught(), mk, s.Range)
	}
	c.steps(inner, s.Body)
}

func mapWithEnv(c *converter, sc *scope, s *pipeline.Step) {
	inner := sc.child()
	list := s.Args.First("overrides")
	if list.Kind != pipeline.List {
		c.manual(stepWithEnv, s.Range, s.Text, "environment list computed by Groovy: set env by hand")
		c.steps(inner, s.Body)
		return
	}
	status, note := Converted, ""
	for _, e := range list.List {
		key, val, ok := splitAssignment(e)
		if !ok {
			// An entry Groovy computes, such as a method that returns
			// "JAVA_HOME=...": a step computes it into $GITHUB_ENV, where
			// it stays for the rest of the job.
			st, why := c.computeStep(inner, "Set "+firstLine(e.Text), e, func(word string) string {
				return fmt.Sprintf(`entry=%s
case $entry in
  *=*) ;;
  *) echo "::error::not NAME=value: $entry"; exit 1 ;;
esac
{
  echo "${entry%%%%=*}<<J2A_EOF"
  printf '%%s\n' "${entry#*=}"
  echo 'J2A_EOF'
} >> "$GITHUB_ENV"`, word)
			})
			if why != "" {
				c.manual(stepWithEnv, e.Range, e.Text, "entry is not NAME=value: %s", why)
				continue
			}
			c.emit(inner, st, e.Range)
			status, note = Approximated, "entries computed by Groovy are set in $GITHUB_ENV, for the rest of the job"
			continue
		}
		if prefix, ok := strings.CutPrefix(key, "PATH+"); ok && prefix != "" {
			// PATH+NAME=dir puts dir in front of PATH.
			inner.pathDirs = append([]string{c.exprValue(val, inner.env)}, inner.pathDirs...)
			continue
		}
		inner.env = setKV(inner.env, workflow.KV{Key: key, Value: c.exprValue(val, inner.env)})
		inner.vars = append(inner.vars, key)
	}
	c.record(stepWithEnv, status, s.Range, "%s", note)
	c.steps(inner, s.Body)
}

// splitAssignment splits a "NAME=value" string value at its first '='.
func splitAssignment(v pipeline.Value) (string, pipeline.Value, bool) {
	if v.Kind != pipeline.String || len(v.Parts) == 0 || v.Parts[0].Ref != nil {
		return "", v, false
	}
	key, rest, ok := strings.Cut(v.Parts[0].Lit, "=")
	if !ok || key == "" {
		return "", v, false
	}
	val := v
	val.Parts = append([]pipeline.Part{{Lit: rest}}, v.Parts[1:]...)
	return key, val, true
}

func mapWithCredentials(c *converter, sc *scope, s *pipeline.Step) {
	inner := sc.child()
	list := s.Args.First("bindings")
	if list.Kind == pipeline.Call {
		list = pipeline.Value{Kind: pipeline.List, List: []pipeline.Value{list}}
	}
	if list.Kind != pipeline.List {
		c.manual(stepWithCredentials, s.Range, s.Text, "bindings computed by Groovy: bind the secrets in env by hand")
		c.steps(inner, s.Body)
		return
	}
	for _, b := range list.List {
		if b.Kind == pipeline.String && len(b.Parts) == 1 && b.Parts[0].Ref != nil {
			if bound, ok := sc.bindings[b.Parts[0].Ref.Name]; ok {
				b = bound
			}
		}
		cr := credentialBinding(b)
		if cr == nil {
			c.manual(stepWithCredentials, b.Range, b.Text, "unknown credential binding: bind the secret in env by hand")
			continue
		}
		inner.env = append(inner.env, c.credentialEnv(cr, cr.Variable)...)
		for _, v := range []string{cr.Variable, cr.UsernameVariable, cr.PasswordVariable, cr.PassphraseVariable} {
			if v != "" {
				inner.vars = append(inner.vars, v)
			}
		}
		if cr.Kind == pipeline.CredentialFile || cr.Kind == pipeline.CredentialSSHKey {
			c.secretFile(inner, cr)
		}
	}
	c.record(stepWithCredentials, Converted, s.Range, "")
	c.steps(inner, s.Body)
}

// credentialBinding reads one binding of withCredentials.
func credentialBinding(b pipeline.Value) *pipeline.Credential {
	if b.Kind == pipeline.Map {
		// The old [$class: 'UsernamePasswordMultiBinding', ...] form.
		class := map[string]string{
			"StringBinding": "string", "UsernamePasswordMultiBinding": "usernamePassword",
			"UsernamePasswordBinding": "usernameColonPassword", "FileBinding": "file",
			"SSHUserPrivateKeyBinding": "sshUserPrivateKey",
		}[pipeline.Args{Named: b.Map}.Get("$class").Str()]
		if class == "" {
			return nil
		}
		b = pipeline.Value{Kind: pipeline.Call, Call: &pipeline.Step{Name: class, Args: pipeline.Args{Named: b.Map}, Range: b.Range}, Range: b.Range, Text: b.Text}
	}
	if b.Kind != pipeline.Call {
		return nil
	}
	a := b.Call.Args
	cr := &pipeline.Credential{ID: a.Get("credentialsId").Str(), Range: b.Range}
	if cr.ID == "" {
		return nil
	}
	switch b.Call.Name {
	case "string":
		cr.Kind, cr.Variable = pipeline.CredentialString, a.Get("variable").Str()
	case "usernamePassword":
		cr.Kind = pipeline.CredentialUsernamePassword
		cr.UsernameVariable, cr.PasswordVariable = a.Get("usernameVariable").Str(), a.Get("passwordVariable").Str()
	case "usernameColonPassword":
		cr.Kind, cr.Variable = pipeline.CredentialUsernamePassword, a.Get("variable").Str()
	case "file":
		cr.Kind, cr.Variable = pipeline.CredentialFile, a.Get("variable").Str()
	case "sshUserPrivateKey":
		cr.Kind, cr.Variable = pipeline.CredentialSSHKey, a.Get("keyFileVariable").Str()
		cr.UsernameVariable, cr.PassphraseVariable = a.Get("usernameVariable").Str(), a.Get("passphraseVariable").Str()
	default:
		return nil
	}
	return cr
}

// secretFile writes a file or key credential to a file in the runner's
// temporary directory and points the binding's variable at it.
func (c *converter) secretFile(sc *scope, cr *pipeline.Credential) {
	name := c.secretFor(cr.ID)
	kind := "file"
	if cr.Kind == pipeline.CredentialSSHKey {
		kind = "SSH private key"
	}
	c.record(constructFor(KindCredential, string(cr.Kind)), Approximated, cr.Range,
		"the secret %s holds the %s's content; a step writes it to $RUNNER_TEMP and sets %s to its path for the rest of the job", name, kind, cr.Variable)
	script := fmt.Sprintf("umask 077\nprintf '%%s\\n' \"$SECRET_CONTENT\" > \"$RUNNER_TEMP/%s\"\necho \"%s=$RUNNER_TEMP/%s\" >> \"$GITHUB_ENV\"\n",
		strings.ToLower(name), cr.Variable, strings.ToLower(name))
	st := &workflow.Step{Name: "Write " + cr.Variable, Run: script, Env: []workflow.KV{{Key: "SECRET_CONTENT", Value: secretRef(name)}}}
	if cr.UsernameVariable != "" {
		c.addSecret(name+"_USR", cr.ID, "username", cr.Range)
		sc.env = append(sc.env, workflow.KV{Key: cr.UsernameVariable, Value: secretRef(name + "_USR")})
	}
	if cr.PassphraseVariable != "" {
		c.addSecret(name+"_PASSPHRASE", cr.ID, "passphrase", cr.Range)
		sc.env = append(sc.env, workflow.KV{Key: cr.PassphraseVariable, Value: secretRef(name + "_PASSPHRASE")})
	}
	// The write step needs no other variable of the scope.
	bare := sc.child()
	bare.env = nil
	c.emit(bare, st, cr.Range)
}

func mapTimeout(c *converter, sc *scope, s *pipeline.Step) {
	inner := sc.child()
	if m, ok := duration(s.Args, "MINUTES"); ok {
		inner.timeout = m
		c.record(stepTimeout, Converted, s.Range, "each step inside gets timeout-minutes: %d", m)
	} else {
		c.manual(stepTimeout, s.Range, s.Text, "timeout computed by Groovy: set timeout-minutes by hand")
	}
	c.steps(inner, s.Body)
}

func mapRetry(c *converter, sc *scope, s *pipeline.Step) {
	inner := sc.child()
	if s.Args.Has("conditions") {
		// retry(conditions: [agent(), ...]) retries when the agent is
		// lost, never when a script fails.
		inner.retries = 0
		c.record(stepRetry, Approximated, s.Range, "Jenkins retried only when the agent was lost (conditions); a failing script is not retried, and a lost runner fails the job: re-run it")
		c.steps(inner, s.Body)
		return
	}
	var n int
	if _, err := fmt.Sscanf(s.Args.First("count").Str(), "%d", &n); err != nil || n < 1 {
		c.manual(stepRetry, s.Range, s.Text, "retry count computed by Groovy: wrap the scripts in a retry loop by hand")
	} else {
		inner.retries = 0
		if c.retryBlock(inner, n, func(sc *scope) { c.steps(sc, s.Body) }) {
			c.record(stepRetry, Converted, s.Range, "")
		} else {
			c.record(stepRetry, Approximated, s.Range, "each script inside is retried up to %d times on its own, not the block as a whole", n)
		}
		return
	}
	c.steps(inner, s.Body)
}

// retryBlock converts a block that Jenkins retries as a whole up to n
// times. When the block becomes scripts alone (same directory, no
// conditions or outputs), they are joined into one step whose script
// retries them together, each still in a shell of its own; otherwise each
// script is retried on its own. It reports whether the block was retried
// as a whole.
func (c *converter) retryBlock(sc *scope, n int, body func(sc *scope)) bool {
	j := sc.job
	start := len(j.job.Steps)
	body(sc)
	steps := j.job.Steps[start:]
	if merged := joinScripts(steps); merged != nil && len(steps) > 0 {
		merged.Run = retryLoop(merged.Run, n, "")
		j.job.Steps = append(j.job.Steps[:start], merged)
		return true
	}
	for _, st := range steps {
		if st.Run != "" && (st.Shell == "" || st.Shell == "bash") {
			st.Run = retryLoop(st.Run, n, "")
		}
	}
	return false
}

// joinScripts joins bash run steps into one whose script runs each in a
// subshell, or returns nil when the steps differ in anything but their
// scripts and env.
func joinScripts(steps []*workflow.Step) *workflow.Step {
	if len(steps) == 0 {
		return nil
	}
	first := steps[0]
	out := &workflow.Step{Name: first.Name, If: first.If, WorkingDirectory: first.WorkingDirectory, Source: first.Source}
	var b strings.Builder
	for _, st := range steps {
		if st.Run == "" || st.Shell != "" && st.Shell != "bash" || st.ID != "" || st.ContinueOnError ||
			st.If != first.If || st.WorkingDirectory != first.WorkingDirectory || st.TimeoutMinutes != first.TimeoutMinutes {
			return nil
		}
		for _, kv := range st.Env {
			if i := slices.IndexFunc(out.Env, func(e workflow.KV) bool { return e.Key == kv.Key }); i >= 0 {
				if out.Env[i].Value != kv.Value {
					return nil
				}
				continue
			}
			out.Env = append(out.Env, kv)
		}
		b.WriteString("(\n" + strings.TrimRight(st.Run, "\n") + "\n)\n")
	}
	if len(steps) > 1 {
		out.Name = first.Name + " and the rest of the retried block"
	}
	out.TimeoutMinutes = first.TimeoutMinutes
	out.Run = b.String()
	return out
}

func mapScript(c *converter, sc *scope, s *pipeline.Step) {
	c.record(stepScript, Converted, s.Range, "")
	inner := sc.child()
	inner.unit = &returnUnit{}
	c.steps(inner, s.Body)
}
