package convert

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/bash"
	"github.com/jenkins2actions/jenkins2actions/compute"
	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
	"github.com/jenkins2actions/jenkins2actions/workflow"
	"github.com/jenkins2actions/jenkins2actions/workflow/condition"
)

// scope is what applies to the steps being converted: the block steps
// around them (dir, withEnv, withCredentials, timeout, retry) and the stage
// condition.
type scope struct {
	job   *jobBuilder
	stage string
	// dir is the working directory relative to the workspace; dirGone
	// is set once deleteDir deleted it, until a step recreates it.
	dir     string
	dirGone bool
	// started is the condition that the stage whose steps these are
	// started, for its post blocks.
	started condition.Expr
	// pathDirs go in front of PATH (withEnv PATH+NAME=dir), innermost
	// first.
	pathDirs []string
	env      []workflow.KV
	// cond must hold for the steps to run.
	cond    condition.Expr
	timeout int
	retries int
	// vars are variables bound by the enclosing block steps.
	vars []string
	// locals are the Groovy variables among them that env carries to the
	// steps; no tool sees them on Jenkins, so a step that does not read
	// one does not get it.
	locals []string
	// lists are Groovy list variables with literal elements, for loops.
	lists map[string]pipeline.Value
	// image is the Docker image scripts run in (docker.image().inside).
	image, imageArgs string
	// caught is set inside catchError and warnError.
	caught *caught
	// closure is the closure argument of the method being inlined.
	closure *closureArg
	// bindings are credential bindings kept in variables
	// (def c = string(credentialsId: ..., variable: ...)).
	bindings map[string]pipeline.Value
	// inCatch is set in the catch block of a try.
	inCatch bool
	// returnTo is the variable that takes the value of the inlined
	// method's return statements.
	returnTo string
	// unit is the block a return statement leaves: a script block, an
	// inlined method, a scripted pipeline.
	unit *returnUnit
}

// returnUnit is a block a return statement leaves. Once a return has been
// met, guard is the condition that skips the block's later steps when it
// ran.
type returnUnit struct {
	guard condition.Expr
}

func (sc *scope) child() *scope {
	n := *sc
	n.env = slices.Clip(n.env)
	n.vars = slices.Clip(n.vars)
	n.locals = slices.Clip(n.locals)
	n.pathDirs = slices.Clip(n.pathDirs)
	return &n
}

// emit adds a step to the job, with everything the scope says.
func (c *converter) emit(sc *scope, st *workflow.Step, src diag.Range) {
	st.Source = src
	if c.templates == 0 {
		// Whatever reached the script from the input, GitHub reads it
		// as text. A template's own expressions are vetted.
		st.Run = workflow.Script(st.Run)
	}
	// A step condition that calls a status function (always(),
	// failure()) keeps it, because without one GitHub adds success().
	cond := condition.And(condition.Of(st.If), sc.cond)
	if sc.unit != nil {
		cond = condition.And(cond, sc.unit.guard)
	}
	st.If = ifExpr(condition.String(cond))
	if len(sc.env) > 0 {
		env := slices.Clone(sc.env)
		for _, kv := range st.Env {
			env = setKV(env, kv)
		}
		st.Env = env
	}
	// NAME: ${{ env.NAME }} says nothing the environment does not.
	st.Env = slices.DeleteFunc(st.Env, func(kv workflow.KV) bool { return kv.Value == "${{ env."+kv.Key+" }}" })
	st.Env = inlineSiblings(st.Env)
	st.Env = slices.DeleteFunc(st.Env, func(kv workflow.KV) bool {
		return slices.Contains(sc.locals, kv.Key) && !stepReads(st, kv.Key)
	})
	if st.Generated {
		// The converter's own bash reads only what it names: no secret
		// it does not use.
		st.Env = slices.DeleteFunc(st.Env, func(kv workflow.KV) bool {
			return strings.Contains(kv.Value, "secrets.") && !readsVar(st.Run, kv.Key)
		})
	}
	if c.joinComputation(sc, st) {
		return
	}
	if sc.caught != nil {
		if st.Run != "" && (st.Shell == "" || st.Shell == "bash") {
			switch sc.caught.result {
			case "FAILURE":
				sc.job.caughtFailure = true
			case "UNSTABLE":
				sc.job.export(unstableVar)
			}
		} else if !sc.caught.scriptsOnly {
			st.ContinueOnError = true
		}
	}
	if st.Run != "" && len(sc.pathDirs) > 0 && (st.Shell == "" || st.Shell == "bash") {
		st.Env = setKV(st.Env, workflow.KV{Key: "J2A_PATH", Value: strings.Join(sc.pathDirs, ":")})
	}
	st.Run = wrapScript(sc, st)
	if st.Run != "" {
		if sc.dir != "" && st.WorkingDirectory == "" {
			st.WorkingDirectory = sc.dir
			if sc.dirGone {
				sc.dirGone = false
				c.emit(sc, &workflow.Step{Name: "Create the directory again", Run: `mkdir -p -- "$J2A_DIR"`, WorkingDirectory: ".",
					Env: []workflow.KV{{Key: "J2A_DIR", Value: sc.dir}}}, src)
			}
		}
		if sc.timeout > 0 && st.TimeoutMinutes == 0 {
			st.TimeoutMinutes = sc.timeout
		}
	}
	sc.job.job.Steps = append(sc.job.job.Steps, st)
}

// ifExpr writes a condition bare, as people do, except one that starts
// with ! which YAML and GitHub need wrapped.
func ifExpr(s string) string {
	if strings.HasPrefix(s, "!") {
		return "${{ " + s + " }}"
	}
	return s
}

// setKV sets an env entry. GitHub compares env names without case, so
// MODE replaces mode.
func setKV(kvs []workflow.KV, kv workflow.KV) []workflow.KV {
	for i := range kvs {
		if strings.EqualFold(kvs[i].Key, kv.Key) {
			kvs[i] = kv
			return kvs
		}
	}
	return append(kvs, kv)
}

// withoutKV returns a copy of kvs without the entry for key, compared as
// setKV compares. The copy matters: scopes share their env with the scopes
// they were made from.
func withoutKV(kvs []workflow.KV, key string) []workflow.KV {
	return slices.DeleteFunc(slices.Clone(kvs), func(kv workflow.KV) bool { return strings.EqualFold(kv.Key, key) })
}

// shellVar matches $NAME and ${NAME} in script text.
var shellVar = regexp.MustCompile(`\$\{?([A-Za-z_][A-Za-z0-9_]*)`)

// script turns a Jenkins string into script text for a run step. Groovy
// interpolation becomes shell variable references fed through env, so that
// no expression is ever pasted into a script. It returns the Groovy
// expressions it could not translate.
func (c *converter) script(sc *scope, v pipeline.Value) (string, []string) {
	return c.shellScript(sc, v, "")
}

// shellScript is script for a shell other than bash: cmd reads variables
// as %NAME%, PowerShell as $env:NAME, and Groovy interpolation becomes
// those.
func (c *converter) shellScript(sc *scope, v pipeline.Value, shell string) (string, []string) {
	var b strings.Builder
	var unresolved []string
	quotes := bash.NewScanner()
	for _, p := range v.Parts {
		if p.Ref == nil {
			quotes.Write(p.Lit)
			b.WriteString(p.Lit)
			continue
		}
		name, ok := c.refVar(sc, p.Ref)
		if !ok && !c.computedRef(sc, p.Ref, name) {
			unresolved = append(unresolved, p.Ref.Text)
		}
		var ref string
		switch shell {
		case "cmd":
			ref = "%" + name + "%"
		case "powershell", "pwsh":
			ref = "$env:" + name
		default:
			ref = bash.QuoteRef(quotes.State(), name)
		}
		quotes.Write(ref)
		b.WriteString(ref)
	}
	text := b.String()
	re := shellVar
	switch shell {
	case "cmd":
		re = cmdVar
	case "powershell", "pwsh":
		re = psVar
	}
	locals := scriptLocals(text)
	for _, m := range re.FindAllStringSubmatch(text, -1) {
		c.useVar(sc, m[1])
		if !locals[m[1]] {
			c.configVar(sc, m[1], v.Range)
		}
	}
	return text, unresolved
}

// cmdVar and psVar find the variables cmd and PowerShell scripts read.
var (
	cmdVar = regexp.MustCompile(`%([A-Za-z_][A-Za-z0-9_]*)%`)
	psVar  = regexp.MustCompile(`(?i)\$env:([A-Za-z_][A-Za-z0-9_]*)`)
)

// refVar returns the shell variable that stands for a Groovy reference,
// and whether the reference is one the workflow can provide.
func (c *converter) refVar(sc *scope, r *pipeline.Ref) (string, bool) {
	switch r.Scope {
	case pipeline.RefEnv, pipeline.RefParam:
		return r.Name, true
	case pipeline.RefVar:
		if c.knownVar(sc, r.Name) || c.bindingParam(r.Name, r.Range) {
			return r.Name, true
		}
		// A lowercase name is a Groovy variable; an uppercase one is most
		// likely an environment variable set outside the file.
		return r.Name, strings.ToUpper(r.Name) == r.Name
	}
	if name, ok := compute.Builtin(r.Text); ok {
		return name, true
	}
	return "GROOVY_" + strings.ToUpper(slug(r.Text, "_")), false
}

// bindingParam reports whether a bare lowercase name the Jenkinsfile
// reads but never assigns is a job parameter, and declares it as an input
// the first time. Groovy would fail on an unbound name, so such a name can
// only come from the build's binding, where Jenkins puts the parameters of
// the job's configuration. Uppercase names stay environment variables.
func (c *converter) bindingParam(name string, rng diag.Range) bool {
	if c.params[name] != nil {
		return true
	}
	if c.p.Bound == nil || c.p.Bound[name] > 0 || c.p.Methods[name] != nil || groovyGlobals[name] ||
		strings.ToUpper(name) == name || !validInputName.MatchString(name) {
		return false
	}
	c.parameter(&pipeline.Parameter{Kind: "binding", Name: name, Range: rng})
	return true
}

// groovyGlobals are the names a pipeline reads without defining them that
// are not parameters.
var groovyGlobals = map[string]bool{
	"env": true, "params": true, "currentBuild": true, "scm": true, "docker": true, "this": true, "it": true,
	"manager": true, "steps": true, "binding": true, "out": true, "pullRequest": true, "jenkins": true,
	"hudson": true, "java": true, "groovy": true, "org": true, "com": true, "net": true, "io": true,
	"null": true, "true": true, "false": true,
}

// knownVar reports whether name is defined for the scripts: an environment
// entry, a parameter, a Jenkins variable or a block-bound variable.
func (c *converter) knownVar(sc *scope, name string) bool {
	if _, ok := c.params[name]; ok {
		return true
	}
	if _, ok := jenkinsVars[name]; ok {
		return true
	}
	if slices.Contains(sc.vars, name) || c.setEnv[name] || c.globals[name] != nil {
		return true
	}
	if sc.job != nil && sc.job.matrix != nil && slices.ContainsFunc(sc.job.matrix.Axes, func(a *pipeline.Axis) bool { return a.Name == name }) {
		return true
	}
	for _, e := range c.p.Environment {
		if e.Name == name || e.Credential != nil && (name == e.Name+"_USR" || name == e.Name+"_PSW") {
			return true
		}
	}
	return false
}

// useVar feeds a Jenkins variable or parameter that a script uses through
// the job's env.
func (c *converter) useVar(sc *scope, name string) {
	if sc.job != nil {
		c.global(sc, name)
	}
	if expr, ok := jenkinsVars[name]; ok {
		sc.job.useVar(name, expr)
		return
	}
	if prm, ok := c.params[name]; ok && prm.Kind == "password" {
		sc.job.useVar(name, c.paramExpr(name))
	}
}

// exprValue renders a value for an env entry or an action input, where
// GitHub expressions are allowed: references become ${{ }} expressions.
// earlier holds the entries of the same env block, which GitHub does not let
// an entry refer to; their values are inlined.
func (c *converter) exprValue(v pipeline.Value, earlier []workflow.KV) string {
	if v.Kind != pipeline.String {
		return v.Str()
	}
	var b strings.Builder
	for _, p := range v.Parts {
		if p.Ref == nil {
			b.WriteString(workflow.Literal(p.Lit))
			continue
		}
		b.WriteString(c.refExpr(p.Ref, earlier))
	}
	return b.String()
}

func (c *converter) refExpr(r *pipeline.Ref, earlier []workflow.KV) string {
	name := r.Name
	if r.Scope == pipeline.RefExpr {
		name, _ = compute.Builtin(r.Text)
	}
	if c.params[name] != nil {
		return c.paramExpr(name)
	}
	for _, kv := range earlier {
		if kv.Key == name {
			return kv.Value
		}
	}
	if expr, ok := jenkinsVars[name]; ok {
		return expr
	}
	if name == "" {
		return "${{ env.GROOVY_" + strings.ToUpper(slug(r.Text, "_")) + " }}"
	}
	if c.globalConfigVar(name) {
		c.variable(name, globalReason, r.Range)
		return "${{ vars." + name + " }}"
	}
	return "${{ env." + name + " }}"
}

// envBlock converts an environment block into env entries; credentials
// become secrets.
func (c *converter) envBlock(j *jobBuilder, vars []*pipeline.EnvVar) []workflow.KV {
	var out []workflow.KV
	for _, e := range vars {
		if isPathVar(e.Name) {
			c.addPath(j, e)
			continue
		}
		if e.Credential != nil {
			out = append(out, c.credentialEnv(e.Credential, e.Name)...)
			continue
		}
		if computedValue(e.Value) {
			// computedEnv sets it where a scope can hold the step.
			continue
		}
		out = append(out, workflow.KV{Key: e.Name, Value: c.exprValue(e.Value, out)})
		c.record(directiveEnvironment, Converted, e.Range, "")
	}
	return out
}

// computedValue reports whether Groovy computes an environment value
// (method calls, operators) rather than interpolating a string.
func computedValue(v pipeline.Value) bool {
	return v.Kind != pipeline.String && !v.IsLiteral()
}

// computedEnv computes the environment entries Groovy computes in steps
// of the scope, through $GITHUB_ENV.
func (c *converter) computedEnv(sc *scope, vars []*pipeline.EnvVar) {
	for _, e := range vars {
		if e.Credential != nil || isPathVar(e.Name) || !computedValue(e.Value) {
			continue
		}
		if why := c.computeEnv(sc, e.Name, e.Value, e.Range); why != "" {
			c.manual(directiveEnvironment, e.Range, e.Name+" = "+e.Value.Text, "value computed by Groovy: %s (compute it in a step that appends to $GITHUB_ENV)", why)
			continue
		}
		c.setEnv[e.Name] = true
		c.record(directiveEnvironment, Approximated, e.Range, "computed in bash by the step \"Compute %s\" and kept in $GITHUB_ENV for the rest of the job: check the translation", e.Name)
	}
}

// secretName makes a GitHub secret name from a credentials id: upper snake
// case, not starting with a digit or GITHUB_.
func secretName(id string) string {
	s := strings.ToUpper(slug(id, "_"))
	if s == "" {
		s = "SECRET"
	}
	if s[0] >= '0' && s[0] <= '9' || strings.HasPrefix(s, "GITHUB_") {
		s = "J_" + s
	}
	return s
}

func (c *converter) secretFor(id string) string {
	if name, ok := c.cfg.Credentials[id]; ok {
		return name
	}
	return secretName(id)
}

func (c *converter) addSecret(name, id, kind string, rng diag.Range) {
	if _, ok := c.secrets[name]; ok {
		return
	}
	c.secrets[name] = &Secret{Name: name, CredentialID: id, Kind: kind, Source: rng}
}

func secretRef(name string) string { return fmt.Sprintf("${{ secrets.%s }}", name) }

// credentialConstructs are the credential kinds: the secrets each becomes.
func credentialConstructs() []*Construct {
	var ks []*Construct
	for _, k := range []struct {
		name    string
		status  Status
		summary string
	}{
		{"string", Converted, "the secret it names, in the env of the steps that use it"},
		{"usernamePassword", Converted, "two secrets, NAME_USR and NAME_PSW"},
		{"unknown", Converted, "credentials('id'): secret text, or a username and password when the scripts read _USR or _PSW"},
		{"file", Approximated, "a secret holding the file's content, written to $RUNNER_TEMP"},
		{"sshUserPrivateKey", Approximated, "a secret holding the key, written to $RUNNER_TEMP"},
	} {
		ks = append(ks, &Construct{Kind: KindCredential, Name: k.name, Status: k.status, Summary: k.summary})
	}
	return ks
}

// credentialEnv binds a credential to variables. credentials('id') in an
// environment block binds NAME to secret text, or NAME_USR and NAME_PSW
// (and NAME as user:password) to a username/password pair; the pipeline's
// own scripts tell which.
func (c *converter) credentialEnv(cr *pipeline.Credential, name string) []workflow.KV {
	base := c.secretFor(cr.ID)
	construct := constructFor(KindCredential, string(cr.Kind))
	switch cr.Kind {
	case pipeline.CredentialUnknown:
		if strings.Contains(c.credText, name+"_USR") || strings.Contains(c.credText, name+"_PSW") {
			c.addSecret(base+"_USR", cr.ID, "username", cr.Range)
			c.addSecret(base+"_PSW", cr.ID, "password", cr.Range)
			c.record(construct, Converted, cr.Range, "username/password credential %q becomes the secrets %s_USR and %s_PSW", cr.ID, base, base)
			return []workflow.KV{
				{Key: name, Value: secretRef(base+"_USR") + ":" + secretRef(base+"_PSW")},
				{Key: name + "_USR", Value: secretRef(base + "_USR")},
				{Key: name + "_PSW", Value: secretRef(base + "_PSW")},
			}
		}
		c.addSecret(base, cr.ID, "secret text", cr.Range)
		c.record(construct, Converted, cr.Range, "credential %q becomes the secret %s", cr.ID, base)
		return []workflow.KV{{Key: name, Value: secretRef(base)}}
	case pipeline.CredentialString:
		c.addSecret(base, cr.ID, "secret text", cr.Range)
		c.record(construct, Converted, cr.Range, "credential %q becomes the secret %s", cr.ID, base)
		return []workflow.KV{{Key: cr.Variable, Value: secretRef(base)}}
	case pipeline.CredentialUsernamePassword:
		c.addSecret(base+"_USR", cr.ID, "username", cr.Range)
		c.addSecret(base+"_PSW", cr.ID, "password", cr.Range)
		c.record(construct, Converted, cr.Range, "credential %q becomes the secrets %s_USR and %s_PSW", cr.ID, base, base)
		var out []workflow.KV
		if cr.UsernameVariable != "" {
			out = append(out, workflow.KV{Key: cr.UsernameVariable, Value: secretRef(base + "_USR")})
		}
		if cr.PasswordVariable != "" {
			out = append(out, workflow.KV{Key: cr.PasswordVariable, Value: secretRef(base + "_PSW")})
		}
		if cr.Variable != "" {
			out = append(out, workflow.KV{Key: cr.Variable, Value: secretRef(base+"_USR") + ":" + secretRef(base+"_PSW")})
		}
		return out
	}
	// Files and keys need to be written to disk first; the caller adds
	// that step. The secret holds the file's content.
	c.addSecret(base, cr.ID, string(cr.Kind), cr.Range)
	return nil
}

// finishSecrets copies the secrets and runners into the result, sorted.
func (c *converter) finishSecrets() {
	for _, s := range c.secrets {
		c.res.Secrets = append(c.res.Secrets, s)
	}
	slices.SortFunc(c.res.Secrets, func(a, b *Secret) int { return strings.Compare(a.Name, b.Name) })
	for _, r := range c.runners {
		c.res.Runners = append(c.res.Runners, r)
	}
	slices.SortFunc(c.res.Environments, func(a, b *Environment) int { return strings.Compare(a.Name, b.Name) })
	slices.SortFunc(c.res.Runners, func(a, b *Runner) int { return strings.Compare(a.Label, b.Label) })
}

// isPathVar reports whether an environment entry sets PATH, as PATH = "..."
// or Jenkins' PATH+NAME = "dir" prepend form.
func isPathVar(name string) bool { return name == "PATH" || strings.HasPrefix(name, "PATH+") }

// addPath turns an environment entry that extends PATH into a step that
// adds its directories to $GITHUB_PATH. Setting PATH in env would replace
// the runner's PATH, which the env context does not know.
func (c *converter) addPath(j *jobBuilder, e *pipeline.EnvVar) {
	var dirs []string
	for _, d := range splitPath(c.exprValue(e.Value, nil)) {
		if d = strings.TrimSpace(d); d != "" && !strings.Contains(d, "env.PATH") && d != "PATH=" {
			dirs = append(dirs, strings.TrimPrefix(d, "PATH="))
		}
	}
	if len(dirs) == 0 {
		c.record(directiveEnvironment, Converted, e.Range, "PATH is already the runner's")
		return
	}
	// One command for all: several appends to one file are what
	// shellcheck asks to group (SC2129).
	run := "printf '%s\\n'"
	var env []workflow.KV
	for i, d := range dirs {
		name := fmt.Sprintf("DIR_%d", i+1)
		env = append(env, workflow.KV{Key: name, Value: d})
		run += fmt.Sprintf(" \"$%s\"", name)
	}
	run += " >> \"$GITHUB_PATH\"\n"
	c.emit(c.jobScope(j), &workflow.Step{Name: "Add to PATH", Run: run, Env: env}, e.Range)
	c.record(directiveEnvironment, Approximated, e.Range, "the directories are added to $GITHUB_PATH for the rest of the job, in front of the runner's PATH")
}

// splitPath splits a PATH value at colons outside ${{ }} expressions.
func splitPath(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], "${{"):
			depth++
		case strings.HasPrefix(s[i:], "}}") && depth > 0:
			depth--
		case s[i] == ':' && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// inlineSiblings replaces, in env entries, the references to other entries
// of the same map by their values: GitHub evaluates every entry against
// the environment around the map, where they are not set yet.
func inlineSiblings(env []workflow.KV) []workflow.KV {
	for range len(env) {
		changed := false
		for i, kv := range env {
			for _, other := range env {
				ref := "${{ env." + other.Key + " }}"
				if other.Key != kv.Key && strings.Contains(kv.Value, ref) && !strings.Contains(other.Value, "${{ env."+kv.Key+" }}") {
					env[i].Value = strings.ReplaceAll(env[i].Value, ref, other.Value)
					changed = true
				}
			}
		}
		if !changed {
			break
		}
	}
	return env
}

// readsVar reports whether a bash script reads the variable name.
func readsVar(script, name string) bool {
	return strings.Contains(script, "$"+name) || strings.Contains(script, "${"+name)
}

// stepReads reports whether a step reads the variable name: its script, or
// an expression of its inputs or condition.
func stepReads(st *workflow.Step, name string) bool {
	if readsVar(st.Run, name) || strings.Contains(st.If, "env."+name) {
		return true
	}
	return slices.ContainsFunc(st.With, func(kv workflow.KV) bool { return strings.Contains(kv.Value, "env."+name) })
}

// wrapScript is a bash step's script as the scope runs it: caught (try,
// catchError, a parallel branch) and with the directories withEnv puts in
// front of PATH.
func wrapScript(sc *scope, st *workflow.Step) string {
	run := st.Run
	if run == "" || st.Shell != "" && st.Shell != "bash" {
		return run
	}
	if sc.caught != nil {
		run = caughtScript(run, sc.caught)
	}
	if len(sc.pathDirs) > 0 {
		run = "export PATH=\"$J2A_PATH:$PATH\"\n" + run
	}
	return run
}

// joinable is what joining a computation step to the next needs: its
// script before wrapScript, the line that sets its variable in the shell
// for the computations after it, and what must match for them to share a
// step.
type joinable struct {
	raw, assign string
	key         string
	caught      *caught
}

// joinComputation joins a computation to the one before it when they run
// in the same conditions, so that the computations of a stage read as one
// step: the earlier one's variable is set in the shell for the later one,
// since $GITHUB_ENV reaches only the steps after. It reports whether st
// was joined.
func (c *converter) joinComputation(sc *scope, st *workflow.Step) bool {
	j := sc.job
	assign, ok := j.assigns[st]
	if !ok || !st.Generated || st.ID != "" || st.Run == "" {
		return false
	}
	key := fmt.Sprintf("%s\x00%s\x00%s\x00%d\x00%s", st.If, sc.dir, st.WorkingDirectory, sc.timeout, strings.Join(sc.pathDirs, ":"))
	steps := j.job.Steps
	if n := len(steps); n > 0 {
		last := steps[n-1]
		if prev := j.joinable[last]; prev != nil && prev.assign != "" && prev.key == key && prev.caught == sc.caught && envFits(last.Env, st.Env) {
			prev.raw = strings.TrimRight(prev.raw, "\n") + "\n" + prev.assign + "\n" + st.Run
			prev.assign = assign
			for _, kv := range st.Env {
				last.Env = setKV(last.Env, kv)
			}
			last.Name += ", " + strings.TrimPrefix(st.Name, "Compute ")
			// The assignment joined here has not been through emit.
			last.Run = workflow.Script(prev.raw)
			last.Run = wrapScript(sc, last)
			return true
		}
	}
	if j.joinable == nil {
		j.joinable = map[*workflow.Step]*joinable{}
	}
	j.joinable[st] = &joinable{raw: st.Run, assign: assign, key: key, caught: sc.caught}
	return false
}

// envFits reports whether two steps' env entries agree where they meet.
func envFits(a, b []workflow.KV) bool {
	for _, kv := range b {
		if i := slices.IndexFunc(a, func(e workflow.KV) bool { return e.Key == kv.Key }); i >= 0 && a[i].Value != kv.Value {
			return false
		}
	}
	return true
}

// joinAssign marks st as a computation that may join the one before it,
// with the shell line that sets the variable it computes ("" for none: no
// later computation joins it).
func (j *jobBuilder) joinAssign(st *workflow.Step, assign string) {
	if j.assigns == nil {
		j.assigns = map[*workflow.Step]string{}
	}
	j.assigns[st] = assign
}

// uncaught is the scope without the catching of its try, catchError or
// parallel branch, for steps that only prepare (mkdir) or must fail the
// job (a manual item); the block's other conditions still apply.
func (sc *scope) uncaught() *scope {
	n := sc.child()
	n.caught = nil
	return n
}
