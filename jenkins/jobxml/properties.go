package jobxml

import (
	"strings"

	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

// uiProperties are job properties that only change Jenkins' own pages or
// bookkeeping; they are read as understood and noted once.
var uiProperties = map[string]string{
	"com.sonyericsson.jenkins.plugins.bfa.model.ScannerJobProperty":                                       "build failure analysis",
	"com.sonyericsson.rebuild.RebuildSettings":                                                            "the rebuild button",
	"de.pellepelster.jenkins.walldisplay.WallDisplayJobProperty":                                          "the wall display",
	"hudson.plugins.jira.JiraProjectProperty":                                                             "the Jira site link",
	"org.jenkinsci.plugins.pipeline.modeldefinition.config.FolderConfig":                                  "the declarative Docker label default",
	"io.jenkins.blueocean.rest.impl.pipeline.credential.BlueOceanCredentialsProvider_-FolderPropertyImpl": "Blue Ocean's credential domain",
	"jenkins.model.BuildDiscarderProperty_-DescriptorImpl":                                                "build discarding defaults",
}

// properties reads the job properties.
func (r *reader) properties(ps *element) {
	if ps == nil {
		return
	}
	for _, pr := range ps.Children {
		pr.used = true
		r.property(pr)
	}
}

func (r *reader) property(pr *element) {
	if what, ok := uiProperties[pr.class()]; ok {
		pr.markAll()
		r.info(pr, CodeNote, "%q only concerns %s in Jenkins", shortClass(pr.class()), what)
		return
	}
	switch pr.class() {
	case "hudson.model.ParametersDefinitionProperty":
		for _, d := range pr.kids("parameterDefinitions") {
			d.used = true
			r.parameter(d)
		}
	case "jenkins.model.BuildDiscarderProperty":
		r.buildDiscarder(pr.child("strategy"), pr)
	case "org.jenkinsci.plugins.workflow.job.properties.DisableConcurrentBuildsJobProperty":
		a := pipeline.Args{}
		if pr.flag("abortPrevious") {
			a.Named = append(a.Named, pipeline.Named{Name: "abortPrevious", Value: boolean(true, pr)})
		}
		r.option("disableConcurrentBuilds", a, pr)
	case "org.jenkinsci.plugins.workflow.job.properties.DisableResumeJobProperty":
		r.option("disableResume", pipeline.Args{}, pr)
	case "org.jenkinsci.plugins.workflow.job.properties.DurabilityHintJobProperty":
		r.option("durabilityHint", pipeline.Args{Positional: []pipeline.Value{str(pr.text("hint"), pr)}}, pr)
	case "org.jenkinsci.plugins.workflow.job.properties.PipelineTriggersJobProperty":
		r.p.Triggers = append(r.p.Triggers, r.triggers(pr.child("triggers"))...)
	case "hudson.plugins.throttleconcurrents.ThrottleJobProperty":
		r.throttle(pr)
	case "org.jenkins.plugins.lockableresources.RequiredResourcesProperty":
		a := args(arg("resource", str(pr.text("resourceNames"), pr)),
			arg("label", str(pr.text("labelName"), pr)),
			arg("quantity", str(strings.TrimPrefix(pr.text("resourceNumber"), "0"), pr)),
			arg("variable", str(pr.text("resourceNamesVar"), pr)))
		if s := pr.child("resourceMatchScript"); s != nil && strings.TrimSpace(s.raw("script")) != "" {
			r.warn(s, CodeNeedsPerson, "the Groovy script that picks lockable resources needs a person")
		}
		pr.ignore("resourceMatchScript")
		if len(a.Named) > 0 {
			r.option("lock", a, pr)
		}
	case "com.coravy.hudson.plugins.github.GithubProjectProperty":
		url := pr.text("projectUrl")
		pr.ignore("displayName")
		r.info(pr, CodeNote, "the GitHub project link %q is ignored: the workflow lives in the repository itself", url)
	case "EnvInjectJobProperty":
		r.envInject(pr.child("info"))
		pr.ignore("on", "keepJenkinsSystemVariables", "keepBuildVariables", "overrideBuildParameters", "contributors")
	case "com.cloudbees.hudson.plugins.folder.properties.FolderCredentialsProvider_-FolderCredentialsProperty":
		r.folderCredentials(pr)
	case "org.jenkinsci.plugins.workflow.libs.FolderLibraries":
		for _, l := range pr.kids("libraries") {
			l.used = true
			r.p.Libraries = append(r.p.Libraries, &pipeline.Library{Name: l.text("name"), Ref: l.text("defaultVersion"), Range: l.Range})
			l.ignore("retriever", "implicit", "allowVersionOverride", "includeInChangesets", "cachingConfiguration")
		}
	default:
		r.unknown(pr, "job property")
	}
}

// parameterKinds maps parameter definition classes to the parameter steps
// of a Jenkinsfile.
var parameterKinds = map[string]string{
	"StringParameterDefinition":      "string",
	"BooleanParameterDefinition":     "booleanParam",
	"ChoiceParameterDefinition":      "choice",
	"TextParameterDefinition":        "text",
	"PasswordParameterDefinition":    "password",
	"FileParameterDefinition":        "file",
	"RunParameterDefinition":         "run",
	"CredentialsParameterDefinition": "credentials",
	"GitParameterDefinition":         "gitParameter",
	"LabelParameterDefinition":       "label",
	"NodeParameterDefinition":        "node",
}

// parameter reads one parameter definition. A password's default is
// encrypted and never copied.
func (r *reader) parameter(d *element) {
	kind, ok := parameterKinds[shortClass(d.class())]
	if !ok {
		kind = d.class()
		r.warn(d, CodeUnknownElement, "unknown parameter type %q: it becomes a string parameter", d.class())
	}
	prm := &pipeline.Parameter{Kind: kind, Name: d.text("name"), Description: strings.TrimSpace(d.raw("description")), Range: d.Range}
	switch kind {
	case "password", "credentials":
		if def := d.child("defaultValue"); def != nil && strings.TrimSpace(def.Text) != "" {
			r.info(def, CodeSecret, "the default of the password parameter %q is not copied", prm.Name)
		}
		d.ignore("defaultValue", "defaultValueAsSecret", "credentialType", "required")
	case "booleanParam":
		if def := d.child("defaultValue"); def != nil {
			prm.Default = boolean(r.isTrue(def), def)
		}
	case "choice":
		for _, c := range findAll(d.child("choices"), "string") {
			prm.Choices = append(prm.Choices, c.Text)
		}
		if ch := d.child("choices"); ch != nil {
			ch.markAll()
			if len(prm.Choices) == 0 {
				prm.Choices = strings.Split(strings.TrimSpace(ch.Text), "\n")
			}
		}
	case "run":
		if p := d.text("projectName"); p != "" {
			prm.Choices = nil
			prm.Default = str(p, d)
		}
		d.ignore("filter")
	default:
		if def := d.child("defaultValue"); def != nil {
			if encrypted(def.Text) {
				r.warn(def, CodeSecret, "the encrypted default of %q is not copied", prm.Name)
			} else {
				prm.Default = str(def.Text, def)
			}
		}
	}
	// Node and label parameters choose where the build runs; the rest of
	// their settings only shape that choice.
	d.ignore("trim", "uuid", "allNodesMatchingLabel", "triggerIfResult", "nodeEligibility", "allowedSlaves", "defaultSlaves", "allowMultiNodeSelection", "triggerConcurrentBuilds", "ignoreOfflineNodes")
	if !ok {
		d.markAll()
	}
	r.p.Parameters = append(r.p.Parameters, prm)
}

// buildDiscarder reads a log rotator (the strategy of the build discarder
// property, or the older logRotator element) into the buildDiscarder
// option with a logRotator call, leaving out the -1s that mean "keep".
func (r *reader) buildDiscarder(strategy, at *element) {
	if strategy == nil {
		return
	}
	strategy.used = true
	a := pipeline.Args{}
	for _, f := range []string{"daysToKeep", "numToKeep", "artifactDaysToKeep", "artifactNumToKeep"} {
		if v := strategy.text(f); v != "" && v != "-1" {
			a.Named = append(a.Named, pipeline.Named{Name: f + "Str", Value: str(v, strategy.child(f))})
		}
	}
	if len(a.Named) == 0 {
		return
	}
	r.option("buildDiscarder", pipeline.Args{Positional: []pipeline.Value{call("logRotator", a, strategy)}}, at)
}

// throttle reads throttle-concurrents into the throttle option.
func (r *reader) throttle(pr *element) {
	if e := pr.child("throttleEnabled"); e != nil && !r.isTrue(e) {
		pr.markAll()
		r.info(pr, CodeNote, "throttling is configured but disabled")
		return
	}
	var cats []string
	for _, c := range pr.kids("categories") {
		c.used = true
		cats = append(cats, strings.TrimSpace(c.Text))
	}
	a := pipeline.Args{Positional: []pipeline.Value{strList(cats, pr)}}
	for _, f := range []string{"maxConcurrentPerNode", "maxConcurrentTotal"} {
		if v := pr.text(f); v != "" && v != "0" {
			a.Named = append(a.Named, pipeline.Named{Name: f, Value: number(v, pr.child(f))})
		}
	}
	pr.ignore("throttleOption", "limitOneJobWithMatchingParams", "paramsToUseForLimit", "configVersion", "matrixOptions")
	r.option("throttle", a, pr)
}

// folderCredentials reports the credentials a folder stores. Their
// secrets are encrypted and never copied; each needs a GitHub secret.
func (r *reader) folderCredentials(pr *element) {
	for _, id := range findAll(pr, "id") {
		r.warn(id, CodeSecret, "the folder credential %q is not copied: create a GitHub secret for it", strings.TrimSpace(id.Text))
	}
	pr.markAll()
}
