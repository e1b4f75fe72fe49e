package convert

import (
	"regexp"
	"slices"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
	"github.com/jenkins2actions/jenkins2actions/workflow"
)

// Variable is a repository or organisation variable the workflow reads:
// a value Jenkins' global configuration provided, or one that chooses a
// runner.
type Variable struct {
	Name   string     `json:"name"`
	Reason string     `json:"reason"`
	Source diag.Range `json:"source"`
}

// otherVars are variables a script may read that neither the Jenkinsfile
// nor Jenkins' global configuration sets: the system's, the tools', the
// runner's, and Jenkins built-ins with no GitHub equivalent.
var otherVars = map[string]bool{
	"PATH": true, "HOME": true, "USER": true, "PWD": true, "OLDPWD": true, "SHELL": true, "HOSTNAME": true,
	"LANG": true, "LC_ALL": true, "TERM": true, "TMPDIR": true, "TMP": true, "TEMP": true, "UID": true,
	"IFS": true, "RANDOM": true, "SECONDS": true, "LINENO": true, "BASH_SOURCE": true, "PPID": true,
	"OSTYPE": true, "DISPLAY": true, "EDITOR": true, "LOGNAME": true, "CI": true, "SSH_AUTH_SOCK": true,
	"SSH_AGENT_PID": true, "JAVA_HOME": true, "JAVA_OPTS": true, "JDK_HOME": true, "M2_HOME": true,
	"MAVEN_HOME": true, "MAVEN_OPTS": true, "GRADLE_HOME": true, "GRADLE_OPTS": true, "GRADLE_USER_HOME": true,
	"NODE_HOME": true, "NVM_DIR": true, "GOPATH": true, "GOROOT": true, "GOFLAGS": true, "GOOS": true,
	"GOARCH": true, "PYTHONPATH": true, "VIRTUAL_ENV": true, "ANDROID_HOME": true, "ANDROID_SDK_ROOT": true,
	"DOCKER_HOST": true, "DOCKER_CONFIG": true, "KUBECONFIG": true, "HTTP_PROXY": true, "HTTPS_PROXY": true,
	"NO_PROXY": true, "GIT_PREVIOUS_SUCCESSFUL_COMMIT": true, "GIT_COMMITTER_NAME": true,
	"GIT_COMMITTER_EMAIL": true, "GIT_AUTHOR_NAME": true, "GIT_AUTHOR_EMAIL": true, "JENKINS_HOME": true,
	"HUDSON_HOME": true, "STAGE_NAME": true, "BRANCH_IS_PRIMARY": true, "CHANGE_FORK": true,
	"CHANGE_AUTHOR_EMAIL": true, "CHANGE_AUTHOR_DISPLAY_NAME": true, "CHANGE_TARGET_BRANCH": true,
	"TAG_TIMESTAMP": true, "TAG_UNIXTIME": true, "TAG_DATE": true, "RUN_ARTIFACTS_DISPLAY_URL": true,
	"RUN_CHANGES_DISPLAY_URL": true, "RUN_TESTS_DISPLAY_URL": true, "HUDSON_SERVER_COOKIE": true,
	"JENKINS_SERVER_COOKIE": true, "HUDSON_COOKIE": true,
}

// upperName is the usual form of an environment variable's name; other
// names in scripts are the scripts' own variables.
var upperName = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)

// scriptLocal finds the variables a script sets itself: NAME=, export or
// local NAME, for NAME in, read NAME.
var scriptLocal = regexp.MustCompile(`(?:^|[\s;&|(])(?:(?:export|local|readonly|declare(?:\s+-\w+)*)\s+)?([A-Za-z_]\w*)\+?=|\bfor\s+([A-Za-z_]\w*)\s+in\b|\bread\s+(?:-\w+\s+)*([A-Za-z_]\w*)`)

// scriptLocals returns the variables a script sets itself.
func scriptLocals(script string) map[string]bool {
	out := map[string]bool{}
	for _, m := range scriptLocal.FindAllStringSubmatch(script, -1) {
		for _, n := range m[1:] {
			if n != "" {
				out[n] = true
			}
		}
	}
	return out
}

// configVar feeds a variable a script reads, that the Jenkinsfile never
// sets and that is no Jenkins built-in, from the repository or
// organisation variable of the same name: on Jenkins it came from the
// global configuration (Manage Jenkins > System > Global properties).
func (c *converter) configVar(sc *scope, name string, src diag.Range) {
	if sc.job == nil || !c.globalConfigVar(name) || c.knownVar(sc, name) ||
		slices.ContainsFunc(sc.env, func(kv workflow.KV) bool { return kv.Key == name }) {
		return
	}
	sc.job.useVar(name, "${{ vars."+name+" }}")
	c.variable(name, globalReason, src)
}

const globalReason = "read by the scripts and set nowhere in the Jenkinsfile: it came from Jenkins' global configuration"

// globalConfigVar reports whether name, read somewhere, is a variable of
// Jenkins' global configuration: an environment variable's name that the
// pipeline never sets and that is no built-in of Jenkins, the system or
// the runner.
func (c *converter) globalConfigVar(name string) bool {
	if !upperName.MatchString(name) || otherVars[name] || c.defined[name] || c.params[name] != nil || c.setEnv[name] || c.globals[name] != nil {
		return false
	}
	if _, ok := jenkinsVars[name]; ok {
		return false
	}
	for _, p := range []string{"GITHUB_", "RUNNER_", "J2A_", "GROOVY_", "ACTIONS_"} {
		if strings.HasPrefix(name, p) {
			return false
		}
	}
	return true
}

// variable lists a variable to create, once.
func (c *converter) variable(name, reason string, src diag.Range) {
	if slices.ContainsFunc(c.res.Variables, func(v *Variable) bool { return v.Name == name }) {
		return
	}
	c.res.Variables = append(c.res.Variables, &Variable{Name: name, Reason: reason, Source: src})
}

// varsRef finds the variables a workflow reads.
var varsRef = regexp.MustCompile(`\bvars\.([A-Za-z_][A-Za-z0-9_]*)`)

// listVariables adds the variables the workflow reads that no mapper
// listed (runner variables, variables of templates), so that the report
// names every variable to create.
func (c *converter) listVariables() {
	yml, err := workflow.Render(c.wf)
	if err != nil {
		c.fail(err)
		return
	}
	for _, m := range varsRef.FindAllStringSubmatch(string(yml), -1) {
		reason := "read by the workflow"
		if strings.HasPrefix(m[1], "RUNS_ON_") {
			reason = "a JSON list of runner labels for the jobs that ask for it; unset, they ask for the self-hosted runner listed under runners"
		}
		c.variable(m[1], reason, c.p.Range)
	}
	slices.SortStableFunc(c.res.Variables, func(a, b *Variable) int { return strings.Compare(a.Name, b.Name) })
}

// collectDefined finds every name the pipeline sets somewhere, whatever
// the order the converter meets them in: environment directives,
// parameters, matrix axes, env.X and Groovy assignments, loop variables,
// withEnv entries and the variables credential bindings set.
func (c *converter) collectDefined() {
	c.defined = map[string]bool{}
	add := func(name string) {
		if name != "" {
			c.defined[name] = true
		}
	}
	for _, prm := range c.p.Parameters {
		add(prm.Name)
	}
	envs := func(vars []*pipeline.EnvVar) {
		for _, e := range vars {
			add(e.Name)
			add(e.Name + "_USR")
			add(e.Name + "_PSW")
		}
	}
	envs(c.p.Environment)
	var steps func(ss []*pipeline.Step)
	value := func(v pipeline.Value) {
		pipeline.VisitValue(v, steps, func(call *pipeline.Step) { steps([]*pipeline.Step{call}) })
	}
	steps = func(ss []*pipeline.Step) {
		for _, s := range ss {
			switch st := s.Stmt.(type) {
			case *pipeline.Def:
				add(st.Name)
			case *pipeline.EnvSet:
				add(st.Name)
			case *pipeline.For:
				add(st.Var)
				add(st.ValueVar)
			}
			switch s.Name {
			case "withEnv":
				for _, e := range s.Args.First("overrides").List {
					if key, _, ok := splitAssignment(e); ok {
						add(key)
					}
				}
			}
			for _, n := range s.Args.Named {
				// usernameVariable, passwordVariable, variable,
				// keyFileVariable, ...: what a credential binding sets.
				if strings.HasSuffix(strings.ToLower(n.Name), "variable") {
					add(n.Value.Str())
				}
			}
			for _, v := range s.Values() {
				value(v)
			}
			for _, block := range s.Blocks() {
				steps(block)
			}
		}
	}
	steps(c.p.Prelude)
	for _, m := range c.p.Methods {
		steps(m.Body)
		for _, p := range m.Params {
			add(p)
		}
	}
	pipeline.WalkStages(c.p.Stages, func(s *pipeline.Stage) {
		envs(s.Environment)
		steps(s.Steps)
		for _, pb := range s.Post {
			steps(pb.Steps)
		}
		if m := s.Matrix; m != nil {
			envs(m.Environment)
			for _, ax := range m.Axes {
				add(ax.Name)
			}
		}
	})
	for _, pb := range c.p.Post {
		steps(pb.Steps)
	}
}
