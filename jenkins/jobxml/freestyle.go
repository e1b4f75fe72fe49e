package jobxml

import (
	"fmt"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

// stageName names the one stage of a job made of build steps.
const stageName = "Build"

// freestyle reads a freestyle project: one stage of builders inside the
// build wrappers, publishers as post blocks.
func (r *reader) freestyle(root *element, typ string) {
	r.buildJob(root, typ)
	r.finish(root, r.builders(root.child("builders")))
}

// buildJob reads the settings freestyle, Maven and matrix jobs share.
func (r *reader) buildJob(root *element, typ string) {
	r.jobInfo(root, typ)
	r.properties(root.child("properties"))
	r.scm(root.child("scm"), true)
	r.agent(root)
	if jdk := root.child("jdk"); jdk != nil {
		r.tool("jdk", jdk.Text, jdk)
	}
	r.settings(root)
	if t := root.child("triggers"); t != nil {
		r.p.Triggers = append(r.p.Triggers, r.triggers(t)...)
	}
}

// finish wraps the steps in the build wrappers and places the stage and the
// publishers.
func (r *reader) finish(root *element, steps []*pipeline.Step) {
	steps = r.wrappers(root.child("buildWrappers"), steps)
	r.publishers(root.child("publishers"))
	r.p.Stages = []*pipeline.Stage{{Name: stageName, Steps: steps, Range: rangeOr(root.child("builders"), root)}}
	r.p.Post = r.post
}

func rangeOr(e, fallback *element) diag.Range {
	if e != nil {
		return e.Range
	}
	return fallback.Range
}

// agent reads where the job runs: assignedNode is a label expression;
// canRoam means any agent.
func (r *reader) agent(root *element) {
	node := root.child("assignedNode")
	roam := root.child("canRoam")
	switch {
	case node != nil && strings.TrimSpace(node.Text) != "" && (roam == nil || !r.isTrue(roam)):
		r.p.Agent = &pipeline.Agent{Kind: pipeline.AgentLabel, Label: strings.TrimSpace(node.Text), Range: node.Range}
	case roam != nil:
		r.p.Agent = &pipeline.Agent{Kind: pipeline.AgentAny, Range: roam.Range}
	}
	if ws := root.child("customWorkspace"); ws != nil && strings.TrimSpace(ws.Text) != "" {
		if r.p.Agent == nil {
			r.p.Agent = &pipeline.Agent{Kind: pipeline.AgentAny, Range: ws.Range}
		}
		r.p.Agent.CustomWorkspace = strings.TrimSpace(ws.Text)
	}
}

func (r *reader) isTrue(e *element) bool { return strings.TrimSpace(e.Text) == "true" }

// settings reads the job-level settings of build jobs.
func (r *reader) settings(root *element) {
	// Jenkins runs a build job's builds one at a time unless
	// concurrentBuild is set.
	if c := root.child("concurrentBuild"); c != nil && !r.isTrue(c) {
		r.option("disableConcurrentBuilds", pipeline.Args{}, c)
	}
	if q := root.child("quietPeriod"); q != nil {
		r.option("quietPeriod", pipeline.Args{Positional: []pipeline.Value{number(strings.TrimSpace(q.Text), q)}}, q)
	}
	if n := root.child("scmCheckoutRetryCount"); n != nil {
		r.option("checkoutRetryCount", pipeline.Args{Positional: []pipeline.Value{number(strings.TrimSpace(n.Text), n)}}, n)
	}
	for _, name := range []string{"blockBuildWhenDownstreamBuilding", "blockBuildWhenUpstreamBuilding"} {
		if b := root.child(name); b != nil && r.isTrue(b) {
			r.warn(b, CodeNeedsPerson, "%q has no GitHub equivalent: order the workflows with workflow_run or a shared concurrency group", name)
		}
	}
	if lr := root.child("logRotator"); lr != nil {
		r.buildDiscarder(lr, lr)
	}
	if t := root.child("authToken"); t != nil {
		r.warn(t, CodeSecret, "the remote build token is not copied: start the workflow with workflow_dispatch and a GitHub token")
	}
}

// maven reads a Maven project (maven2-moduleset): its goals become an mvn
// command between the pre- and post-build steps.
func (r *reader) maven(root *element) {
	r.buildJob(root, TypeMaven)
	steps := r.builders(root.child("prebuilders"))
	goals := root.child("goals")
	cmd := []string{"mvn"}
	if opts := root.child("mavenOpts"); opts != nil && strings.TrimSpace(opts.Text) != "" {
		r.p.Environment = append(r.p.Environment, &pipeline.EnvVar{Name: "MAVEN_OPTS", Value: str(strings.TrimSpace(opts.Text), opts), Range: opts.Range})
	}
	if pom := root.text("rootPOM"); pom != "" && pom != "pom.xml" {
		cmd = append(cmd, "-f", shellQuote(pom))
	}
	cmd = append(cmd, r.mavenSettings(root.child("settings"), "-s")...)
	cmd = append(cmd, r.mavenSettings(root.child("globalSettings"), "-gs")...)
	if g := strings.TrimSpace(textOf(goals)); g != "" {
		cmd = append(cmd, g)
	} else {
		cmd = append(cmd, "install")
	}
	anchor := goals
	if anchor == nil {
		anchor = root
	}
	steps = append(steps, newStep("sh", pipeline.Args{Positional: []pipeline.Value{str(strings.Join(cmd, " "), anchor)}}, anchor))
	if mv := root.child("mavenName"); mv != nil {
		r.tool("maven", mv.Text, mv)
	}
	post := root.child("postbuilders")
	if res := root.child("runPostStepsIfResult"); res != nil {
		res.markAll()
		if post != nil && len(post.Children) > 0 && res.text("name") != "FAILURE" {
			r.info(res, CodeNote, "post steps run only when the build result is %s or better: here they run after a successful mvn", res.text("name"))
		}
	}
	steps = append(steps, r.builders(post)...)
	// A Maven job records its modules' test reports by itself.
	r.addPost("always", root, newStep("junit", args(
		arg("testResults", str("**/target/surefire-reports/*.xml", root)),
		arg("allowEmptyResults", boolean(true, root))), root))
	if a := root.child("archivingDisabled"); a == nil || !r.isTrue(a) {
		r.info(a, CodeNote, "a Maven job archives its modules' artifacts: add archiveArtifacts for the ones still needed")
	}
	root.ignore("rootModule", "aggregatorStyleBuild", "incrementalBuild", "ignoreUpstremChanges", "ignoreUnsuccessfulUpstreams",
		"siteArchivingDisabled", "fingerprintingDisabled", "resolveDependencies", "processPlugins", "mavenValidationLevel",
		"runHeadless", "disableTriggerDownstreamProjects", "blockTriggerWhenBuilding", "settingConfigId", "globalSettingConfigId",
		"usePrivateRepository", "perModuleEmail", "localRepository", "archivingDisabled")
	if rep := root.child("reporters"); rep != nil {
		for _, c := range rep.Children {
			r.reporter(c)
		}
	}
	r.finish(root, steps)
}

// reporter reads a Maven job's reporter: the Maven mailer is the Mailer.
func (r *reader) reporter(e *element) {
	e.used = true
	if e.Name == "hudson.maven.reporters.MavenMailer" {
		r.mailer(e)
		return
	}
	r.unknown(e, "Maven reporter")
}

// mavenSettings reads a settings or globalSettings provider into the mvn
// option that selects the file.
func (r *reader) mavenSettings(e *element, flag string) []string {
	if e == nil {
		return nil
	}
	switch e.class() {
	case "jenkins.mvn.DefaultSettingsProvider", "jenkins.mvn.DefaultGlobalSettingsProvider":
		return nil
	case "jenkins.mvn.FilePathSettingsProvider", "jenkins.mvn.FilePathGlobalSettingsProvider":
		if p := e.text("path"); p != "" {
			return []string{flag, shellQuote(p)}
		}
		return nil
	}
	e.markAll()
	r.warn(e, CodeNeedsPerson, "the Maven settings come from %q: commit the settings file or write it from a secret before mvn runs", e.class())
	return nil
}

// matrix reads a matrix project: the builders run in a stage with a
// matrix of the job's axes. Label axes choose the agent.
func (r *reader) matrix(root *element) {
	r.buildJob(root, TypeMatrix)
	steps := r.builders(root.child("builders"))
	steps = r.wrappers(root.child("buildWrappers"), steps)
	r.publishers(root.child("publishers"))
	axes := root.child("axes")
	m := &pipeline.Matrix{Range: rangeOr(axes, root), Post: r.post}
	r.post = nil
	if axes != nil {
		for _, a := range axes.Children {
			a.used = true
			ax := &pipeline.Axis{Name: a.text("name"), Range: a.Range}
			if v := a.child("values"); v != nil {
				for _, s := range v.Children {
					s.used = true
					ax.Values = append(ax.Values, strings.TrimSpace(s.Text))
				}
			}
			switch shortClass(a.Name) {
			case "TextAxis", "LabelAxis", "JDKAxis", "LabelExpAxis":
			default:
				a.markAll()
				r.warn(a, CodeUnknownElement, "unknown matrix axis %q: its values were read as text", a.Name)
			}
			switch shortClass(a.Name) {
			case "LabelAxis", "LabelExpAxis":
				m.Agent = &pipeline.Agent{Kind: pipeline.AgentLabel, Label: "${" + ax.Name + "}", Range: a.Range}
			case "JDKAxis":
				m.Tools = append(m.Tools, &pipeline.Tool{Type: "jdk", Name: pipeline.Value{Kind: pipeline.String,
					Parts: []pipeline.Part{{Ref: &pipeline.Ref{Scope: pipeline.RefVar, Name: ax.Name, Text: ax.Name, Range: a.Range}}},
					Text:  `"${` + ax.Name + `}"`, Range: a.Range}, Range: a.Range})
			}
			m.Axes = append(m.Axes, ax)
		}
	}
	if f := root.child("combinationFilter"); f != nil && strings.TrimSpace(f.Text) != "" {
		r.warn(f, CodeNeedsPerson, "the combination filter %q is Groovy: turn it into matrix excludes by hand", strings.TrimSpace(f.Text))
	}
	if ex := root.child("executionStrategy"); ex != nil {
		ex.ignore("runSequentially")
		if ex.flag("runSequentially") {
			r.info(ex, CodeNote, "the cells ran one after another: set max-parallel: 1")
		}
		if f := ex.child("touchStoneCombinationFilter"); f != nil && strings.TrimSpace(f.Text) != "" {
			r.warn(f, CodeNeedsPerson, "touchstone builds have no GitHub equivalent: run the touchstone cell as a job the matrix needs")
		}
		ex.ignore("touchStoneResultCondition")
	}
	root.ignore("childCustomWorkspace")
	m.Stages = []*pipeline.Stage{{Name: stageName, Steps: steps, Range: rangeOr(root.child("builders"), root)}}
	r.p.Stages = []*pipeline.Stage{{Name: r.p.Name, Matrix: m, Range: root.Range}}
}

// shellQuote quotes a word for sh when it needs it.
func shellQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n'\"\\|&;<>()*?[]#~") {
		return s
	}
	return fmt.Sprintf("'%s'", strings.ReplaceAll(s, "'", `'\''`))
}
