package jobxml

import (
	"strings"

	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

// builders reads a list of build steps.
func (r *reader) builders(bs *element) []*pipeline.Step {
	if bs == nil {
		return nil
	}
	var out []*pipeline.Step
	for _, b := range bs.Children {
		out = append(out, r.builder(b)...)
	}
	return out
}

// builder reads one build step. Conditional steps name the inner step's
// class in a class attribute, so the dispatch is on the class.
func (r *reader) builder(b *element) []*pipeline.Step {
	b.used = true
	script := func(name string) []*pipeline.Step {
		cmd := b.child("command")
		b.ignore("configuredLocalRules", "unstableReturn", "stopOnFailure", "useSandbox")
		if cmd == nil {
			cmd = b
		}
		return []*pipeline.Step{newStep(name, pipeline.Args{Positional: []pipeline.Value{str(cmd.Text, cmd)}}, b)}
	}
	switch b.class() {
	case "hudson.tasks.Shell":
		return script("sh")
	case "hudson.tasks.BatchFile":
		return script("bat")
	case "hudson.plugins.powershell.PowerShell":
		return script("powershell")
	case "hudson.tasks.Maven":
		return r.mavenBuilder(b)
	case "hudson.plugins.gradle.Gradle":
		return r.gradle(b)
	case "hudson.tasks.Ant":
		return r.ant(b)
	case "hudson.plugins.copyartifact.CopyArtifact":
		return []*pipeline.Step{r.copyArtifact(b)}
	case "org.jenkinsci.plugins.conditionalbuildstep.singlestep.SingleConditionalBuilder":
		r.condition(b.child("condition"))
		b.ignore("runner")
		inner := b.child("buildStep")
		if inner == nil {
			return nil
		}
		return r.builder(inner)
	case "org.jenkinsci.plugins.conditionalbuildstep.ConditionalBuilder":
		r.condition(b.child("runCondition"))
		b.ignore("runner")
		return r.builders(b.child("conditionalbuilders"))
	case "hudson.plugins.parameterizedtrigger.TriggerBuilder":
		var out []*pipeline.Step
		for _, cfg := range b.kids("configs") {
			cfg.used = true
			out = append(out, r.triggerConfig(cfg, cfg.child("block") != nil)...)
		}
		return out
	}
	r.unknown(b, "builder")
	return []*pipeline.Step{r.opaque(b)}
}

// condition reports the run condition of a conditional step, which the
// model cannot hold: its steps are kept and run unconditionally.
func (r *reader) condition(c *element) {
	if c == nil {
		return
	}
	c.markAll()
	if c.class() == "org.jenkins_ci.plugins.run_condition.core.AlwaysRun" {
		return
	}
	r.warn(c, CodeNeedsPerson, "the condition %q of a conditional step needs a person: the steps inside are kept and run unconditionally", shortClass(c.class()))
}

// properties reads KEY=VALUE lines, as Maven, Ant and trigger parameters
// hold them.
func properties(s string) [][2]string {
	var out [][2]string
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, _ := strings.Cut(line, "=")
		out = append(out, [2]string{strings.TrimSpace(k), strings.TrimSpace(v)})
	}
	return out
}

func defines(s string) []string {
	var out []string
	for _, kv := range properties(s) {
		out = append(out, shellQuote("-D"+kv[0]+"="+kv[1]))
	}
	return out
}

// mavenBuilder turns a Maven build step into an mvn command and the
// Maven installation into a tool.
func (r *reader) mavenBuilder(b *element) []*pipeline.Step {
	cmd := []string{"mvn"}
	if pom := b.text("pom"); pom != "" {
		cmd = append(cmd, "-f", shellQuote(pom))
	}
	cmd = append(cmd, r.mavenSettings(b.child("settings"), "-s")...)
	cmd = append(cmd, r.mavenSettings(b.child("globalSettings"), "-gs")...)
	cmd = append(cmd, defines(b.raw("properties"))...)
	cmd = append(cmd, b.text("targets"))
	line := strings.Join(cmd, " ")
	if opts := b.text("jvmOptions"); opts != "" {
		line = "MAVEN_OPTS=" + shellQuote(opts) + " " + line
	}
	if mv := b.child("mavenName"); mv != nil {
		r.tool("maven", mv.Text, mv)
	}
	b.ignore("usePrivateRepository", "injectBuildVariables")
	return []*pipeline.Step{newStep("sh", pipeline.Args{Positional: []pipeline.Value{str(strings.TrimSpace(line), b)}}, b)}
}

// gradle turns a Gradle build step into ./gradlew (or gradle with the
// Gradle installation as a tool).
func (r *reader) gradle(b *element) []*pipeline.Step {
	bin := "gradle"
	if b.flag("useWrapper") {
		bin = "./gradlew"
		if loc := b.text("wrapperLocation"); loc != "" {
			bin = strings.TrimSuffix(loc, "/") + "/gradlew"
		}
	} else if g := b.child("gradleName"); g != nil {
		r.tool("gradle", g.Text, g)
	}
	cmd := []string{bin}
	if dir := b.text("rootBuildScriptDir"); dir != "" {
		cmd = append(cmd, "-p", shellQuote(dir))
	}
	if f := b.text("buildFile"); f != "" && f != "build.gradle" {
		cmd = append(cmd, "-b", shellQuote(f))
	}
	if sw := b.text("switches"); sw != "" {
		cmd = append(cmd, strings.Join(strings.Fields(sw), " "))
	}
	if t := b.text("tasks"); t != "" {
		cmd = append(cmd, strings.Join(strings.Fields(t), " "))
	}
	cmd = append(cmd, defines(b.raw("systemProperties"))...)
	b.ignore("description", "makeExecutable", "fromRootBuildScriptDir", "useWorkspaceAsHome", "passAllAsSystemProperties", "passAllAsProjectProperties",
		"buildScanPublished", "gradleName", "projectProperties")
	return []*pipeline.Step{newStep("sh", pipeline.Args{Positional: []pipeline.Value{str(strings.Join(cmd, " "), b)}}, b)}
}

// ant turns an Ant build step into an ant command.
func (r *reader) ant(b *element) []*pipeline.Step {
	cmd := []string{"ant"}
	if f := b.text("buildFile"); f != "" {
		cmd = append(cmd, "-f", shellQuote(f))
	}
	cmd = append(cmd, defines(b.raw("properties"))...)
	if t := b.text("targets"); t != "" {
		cmd = append(cmd, strings.Join(strings.Fields(t), " "))
	}
	line := strings.Join(cmd, " ")
	if opts := b.text("antOpts"); opts != "" {
		line = "ANT_OPTS=" + shellQuote(opts) + " " + line
	}
	if a := b.child("antName"); a != nil {
		r.tool("ant", a.Text, a)
	}
	return []*pipeline.Step{newStep("sh", pipeline.Args{Positional: []pipeline.Value{str(line, b)}}, b)}
}

// copyArtifact reads a Copy Artifact build step into copyArtifacts.
func (r *reader) copyArtifact(b *element) *pipeline.Step {
	project := b.child("project")
	if project == nil {
		project = b.child("projectName")
	}
	a := args(arg("projectName", str(strings.TrimSpace(textOf(project)), b)),
		arg("filter", str(b.text("filter"), b)),
		arg("excludes", str(firstNonEmpty(b.text("excludes"), b.text("exclude")), b)),
		arg("target", str(b.text("target"), b)))
	for _, f := range []string{"flatten", "optional", "fingerprintArtifacts"} {
		if b.flag(f) {
			a.Named = append(a.Named, pipeline.Named{Name: f, Value: boolean(true, b)})
		}
	}
	if sel := b.child("selector"); sel != nil {
		a.Named = append(a.Named, pipeline.Named{Name: "selector", Value: r.selector(sel)})
	}
	b.ignore("doNotFingerprintArtifacts", "resultVariableSuffix", "parameters", "includeBuildNumberInTargetPath")
	return newStep("copyArtifacts", a, b)
}

func textOf(e *element) string {
	if e == nil {
		return ""
	}
	return e.Text
}

// selector reads which build Copy Artifact copies from, as the selector
// call a Jenkinsfile would write.
func (r *reader) selector(sel *element) pipeline.Value {
	sel.used = true
	switch shortClass(sel.class()) {
	case "StatusBuildSelector":
		sel.ignore("stable")
		return call("lastSuccessful", pipeline.Args{}, sel)
	case "LastCompletedBuildSelector":
		return call("lastCompleted", pipeline.Args{}, sel)
	case "TriggeredBuildSelector":
		sel.ignore("fallbackToLastSuccessful", "upstreamFilterStrategy", "allowUpstreamDependencies")
		return call("upstream", pipeline.Args{}, sel)
	case "SpecificBuildSelector":
		return call("specific", pipeline.Args{Positional: []pipeline.Value{str(sel.text("buildNumber"), sel)}}, sel)
	case "PermalinkBuildSelector":
		return call("permalink", pipeline.Args{Positional: []pipeline.Value{str(sel.text("id"), sel)}}, sel)
	case "SavedBuildSelector":
		return call("latestSavedBuild", pipeline.Args{}, sel)
	case "WorkspaceSelector":
		return call("workspace", pipeline.Args{}, sel)
	case "ParameterizedBuildSelector":
		return call("buildParameter", pipeline.Args{Positional: []pipeline.Value{str(sel.text("parameterName"), sel)}}, sel)
	}
	r.unknown(sel, "build selector")
	return call(lowerFirst(shortClass(sel.class())), pipeline.Args{}, sel)
}

// triggerConfig reads one parameterized-trigger configuration into build
// steps, one per project. wait is true for a blocking build step.
func (r *reader) triggerConfig(cfg *element, wait bool) []*pipeline.Step {
	var params []pipeline.Value
	for _, p := range cfg.kids("configs") {
		params = append(params, r.triggerParams(p)...)
	}
	cfg.ignore("block", "condition", "triggerWithNoParameters", "buildAllNodesWithLabel", "triggerFromChildProjects")
	var out []*pipeline.Step
	for _, job := range splitComma(cfg.text("projects")) {
		a := args(arg("job", str(job, cfg)), arg("wait", boolean(wait, cfg)))
		if !wait {
			a.Named = append(a.Named, pipeline.Named{Name: "propagate", Value: boolean(false, cfg)})
		}
		if len(params) > 0 {
			a.Named = append(a.Named, pipeline.Named{Name: "parameters", Value: list(params, cfg)})
		}
		out = append(out, newStep("build", a, cfg))
	}
	return out
}

// triggerParams reads the parameters a triggered build gets.
func (r *reader) triggerParams(p *element) []pipeline.Value {
	p.used = true
	switch shortClass(p.class()) {
	case "PredefinedBuildParameters":
		var out []pipeline.Value
		for _, kv := range properties(p.raw("properties")) {
			out = append(out, call("string", args(arg("name", str(kv[0], p)), pipeline.Named{Name: "value", Value: str(kv[1], p)}), p))
		}
		p.ignore("textParamValueOnNewLine")
		return out
	case "BooleanParameters":
		var out []pipeline.Value
		for _, c := range p.kids("configs") {
			c.used = true
			out = append(out, call("booleanParam", args(arg("name", str(c.text("name"), c)), arg("value", boolean(c.flag("value"), c))), c))
		}
		return out
	case "CurrentBuildParameters":
		r.info(p, CodeNeedsPerson, "the triggered build gets this build's parameters: list them in the build step's parameters")
		return nil
	}
	r.unknown(p, "trigger parameter")
	return nil
}
