package jobxml

import (
	"slices"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

// publishers reads the post-build actions into post blocks. Jenkins runs
// publishers whatever the build's result unless the publisher says
// otherwise, so most land in always.
func (r *reader) publishers(ps *element) {
	if ps == nil {
		return
	}
	for _, p := range ps.Children {
		p.used = true
		r.publisher(p)
	}
}

func (r *reader) publisher(p *element) {
	switch p.class() {
	case "hudson.tasks.junit.JUnitResultArchiver":
		r.addPost("always", p, newStep("junit", args(
			arg("testResults", str(p.text("testResults"), p)),
			arg("allowEmptyResults", boolean(p.flag("allowEmptyResults"), p))), p))
		p.ignore("keepLongStdio", "healthScaleFactor", "testDataPublishers", "skipPublishingChecks", "skipMarkingBuildUnstable",
			"keepProperties", "keepTestNames", "skipOldReports", "checksName", "stdioRetention")
	case "hudson.tasks.ArtifactArchiver":
		a := args(arg("artifacts", str(p.text("artifacts"), p)), arg("excludes", str(p.text("excludes"), p)))
		for _, f := range []string{"allowEmptyArchive", "fingerprint"} {
			if p.flag(f) {
				a.Named = append(a.Named, pipeline.Named{Name: f, Value: boolean(true, p)})
			}
		}
		cond := "always"
		if p.flag("onlyIfSuccessful") {
			cond = "success"
		}
		p.ignore("defaultExcludes", "caseSensitive", "followSymlinks", "latestOnly")
		r.addPost(cond, p, newStep("archiveArtifacts", a, p))
	case "hudson.tasks.Mailer":
		r.mailer(p)
	case "hudson.plugins.emailext.ExtendedEmailPublisher":
		r.emailext(p)
	case "hudson.tasks.BuildTrigger":
		cond := thresholdCondition(p.child("threshold").text("name"))
		p.child("threshold").markAll()
		for _, job := range splitComma(p.text("childProjects")) {
			r.addPost(cond, p, newStep("build", args(arg("job", str(job, p)), arg("wait", boolean(false, p)), arg("propagate", boolean(false, p))), p))
		}
	case "hudson.plugins.parameterizedtrigger.BuildTrigger":
		for _, cfg := range p.kids("configs") {
			cfg.used = true
			cond := triggerCondition(cfg.text("condition"))
			r.addPost(cond, cfg, r.triggerConfig(cfg, false)...)
		}
	case "hudson.plugins.git.GitPublisher":
		r.gitPublisher(p)
	case "htmlpublisher.HtmlPublisher":
		for _, t := range p.kids("reportTargets") {
			t.used = true
			var m []pipeline.Named
			for _, f := range []string{"reportName", "reportDir", "reportFiles", "reportTitles", "includes"} {
				if v := t.text(f); v != "" {
					m = append(m, pipeline.Named{Name: f, Value: str(v, t)})
				}
			}
			for _, f := range []string{"keepAll", "alwaysLinkToLastBuild", "allowMissing"} {
				if c := t.child(f); c != nil {
					m = append(m, pipeline.Named{Name: f, Value: boolean(r.isTrue(c), c)})
				}
			}
			t.ignore("escapeUnderscores", "wrapperName", "useWrapperFileDirectly", "numberOfWorkers")
			r.addPost("always", t, newStep("publishHTML", args(arg("target", mapValue(m, t))), t))
		}
	case "hudson.plugins.jacoco.JacocoPublisher":
		a := pipeline.Args{}
		for _, f := range []string{"execPattern", "classPattern", "sourcePattern", "inclusionPattern", "exclusionPattern"} {
			if v := p.text(f); v != "" {
				a.Named = append(a.Named, pipeline.Named{Name: f, Value: str(v, p)})
			}
		}
		// The coverage thresholds are many settings of one meaning: the
		// build's health. They are reported once, not one by one.
		p.markAll()
		r.info(p, CodeNote, "the coverage thresholds of JaCoCo are not carried over")
		r.addPost("always", p, newStep("jacoco", a, p))
	case "hudson.plugins.cobertura.CoberturaPublisher":
		a := args(arg("coberturaReportFile", str(p.text("coberturaReportFile"), p)))
		p.markAll()
		r.info(p, CodeNote, "the coverage targets of Cobertura are not carried over")
		r.addPost("always", p, newStep("cobertura", a, p))
	case "hudson.plugins.checkstyle.CheckStylePublisher", "hudson.plugins.pmd.PmdPublisher",
		"hudson.plugins.findbugs.FindBugsPublisher", "hudson.plugins.warnings.WarningsPublisher":
		r.legacyWarnings(p)
	case "io.jenkins.plugins.analysis.core.steps.IssuesRecorder":
		r.issuesRecorder(p)
	case "jenkins.plugins.slack.SlackNotifier":
		r.slack(p)
	case "hudson.plugins.ws__cleanup.WsCleanup":
		p.ignore("patterns", "deleteDirs", "skipWhenFailed", "cleanWhenSuccess", "cleanWhenUnstable", "cleanWhenFailure",
			"cleanWhenNotBuilt", "cleanWhenAborted", "notFailBuild", "cleanupMatrixParent", "externalDelete", "disableDeferredWipeout")
		r.addPost("cleanup", p, newStep("cleanWs", pipeline.Args{}, p))
	default:
		r.unknown(p, "publisher")
		r.addPost("always", p, r.opaque(p))
	}
}

// thresholdCondition maps the result threshold of a downstream trigger to
// the post condition under which it fires.
func thresholdCondition(name string) string {
	switch name {
	case "FAILURE":
		return "always"
	}
	// SUCCESS, and UNSTABLE (which GitHub cannot tell from success or
	// failure: a run that would have been unstable has failed).
	return "success"
}

// triggerCondition maps a parameterized-trigger condition to a post
// condition.
func triggerCondition(c string) string {
	switch c {
	case "ALWAYS", "FAILED_OR_BETTER":
		return "always"
	case "FAILED":
		return "failure"
	case "UNSTABLE":
		return "unstable"
	case "UNSTABLE_OR_WORSE":
		return "unsuccessful"
	}
	return "success"
}

// mailer reads the core mailer: it mails when a build fails or becomes
// unstable.
func (r *reader) mailer(p *element) {
	a := args(arg("to", str(strings.Join(strings.Fields(p.text("recipients")), ", "), p)))
	if p.flag("sendToIndividuals") {
		r.info(p.child("sendToIndividuals"), CodeNeedsPerson, "mail to the committers who broke the build is not carried over")
	}
	p.ignore("dontNotifyEveryUnstableBuild", "sendToIndividuals", "perModuleEmail")
	r.addPost("failure", p, newStep("mail", a, p))
}

// emailTriggers maps email-ext triggers to post conditions.
var emailTriggers = map[string]string{
	"AlwaysTrigger":         "always",
	"SuccessTrigger":        "success",
	"FailureTrigger":        "failure",
	"FirstFailureTrigger":   "failure",
	"SecondFailureTrigger":  "failure",
	"StillFailingTrigger":   "failure",
	"XNthFailureTrigger":    "failure",
	"UnstableTrigger":       "unstable",
	"FirstUnstableTrigger":  "unstable",
	"StillUnstableTrigger":  "unstable",
	"FixedTrigger":          "fixed",
	"FixedUnhealthyTrigger": "fixed",
	"RegressionTrigger":     "regression",
	"AbortedTrigger":        "aborted",
}

// emailext reads an email-ext publisher: one emailext step per post
// condition its triggers name.
func (r *reader) emailext(p *element) {
	a := args(
		arg("to", str(p.text("recipientList"), p)),
		arg("subject", str(p.text("defaultSubject"), p)),
		arg("body", str(p.raw("defaultContent"), p)),
		arg("mimeType", str(strings.TrimPrefix(p.text("contentType"), "default"), p)),
		arg("replyTo", str(strings.TrimPrefix(p.text("replyTo"), "$DEFAULT_REPLYTO"), p)),
		arg("from", str(p.text("from"), p)),
		arg("attachmentsPattern", str(p.text("attachmentsPattern"), p)))
	if p.flag("attachBuildLog") {
		a.Named = append(a.Named, pipeline.Named{Name: "attachLog", Value: boolean(true, p)})
	}
	for _, s := range []string{"presendScript", "postsendScript"} {
		if c := p.child(s); c != nil && strings.TrimSpace(c.Text) != "" {
			r.warn(c, CodeNeedsPerson, "the email-ext %s is Groovy: port it by hand", s)
		}
	}
	p.ignore("compressBuildLog", "saveOutput", "disabled", "classpath", "matrixTriggerMode", "throttlingEnabled")
	var conds []string
	for _, t := range p.kids("configuredTriggers") {
		t.markAll()
		cond, ok := emailTriggers[shortClass(t.class())]
		if !ok {
			r.warn(t, CodeUnknownElement, "unknown email-ext trigger %q: send the mail from a step with the matching if:", t.class())
			continue
		}
		if !slices.Contains(conds, cond) {
			conds = append(conds, cond)
			r.addPost(cond, t, newStep("emailext", a, p))
		}
	}
	if len(conds) == 0 {
		r.info(p, CodeNote, "the email-ext publisher has no trigger and sends no mail")
	}
}

// gitPublisher reads the Git publisher into a gitPush step: pushing back
// needs a token with write access, which a person must grant.
func (r *reader) gitPublisher(p *element) {
	var branches, tags []pipeline.Value
	for _, b := range p.kids("branchesToPush") {
		b.used = true
		branches = append(branches, str(b.text("targetRepoName")+"/"+b.text("branchName"), b))
	}
	for _, t := range p.kids("tagsToPush") {
		t.used = true
		tags = append(tags, str(t.text("targetRepoName")+"/"+t.text("tagName"), t))
		t.ignore("tagMessage", "createTag", "updateTag")
	}
	a := pipeline.Args{}
	if p.flag("pushMerge") {
		a.Named = append(a.Named, pipeline.Named{Name: "pushMerge", Value: boolean(true, p)})
	}
	if p.flag("forcePush") {
		a.Named = append(a.Named, pipeline.Named{Name: "force", Value: boolean(true, p)})
	}
	if len(branches) > 0 {
		a.Named = append(a.Named, pipeline.Named{Name: "branches", Value: list(branches, p)})
	}
	if len(tags) > 0 {
		a.Named = append(a.Named, pipeline.Named{Name: "tags", Value: list(tags, p)})
	}
	if n := p.child("notesToPush"); n != nil && len(n.Children) > 0 {
		n.markAll()
		r.warn(n, CodeNeedsPerson, "git notes pushed by the Git publisher are not carried over")
	}
	cond := "always"
	if p.flag("pushOnlyIfSuccess") {
		cond = "success"
	}
	p.ignore("configVersion", "notesToPush")
	r.addPost(cond, p, newStep("gitPush", a, p))
}

// legacyWarnings reads the static analysis publishers that warnings-ng
// replaced into the recordIssues step that replaces them.
func (r *reader) legacyWarnings(p *element) {
	tool := map[string]string{
		"CheckStylePublisher": "checkStyle",
		"PmdPublisher":        "pmdParser",
		"FindBugsPublisher":   "spotBugs",
		"WarningsPublisher":   "",
	}[shortClass(p.class())]
	var tools []pipeline.Value
	if tool != "" {
		tools = append(tools, call(tool, args(arg("pattern", str(p.text("pattern"), p))), p))
	} else {
		for _, c := range p.kids("consoleParsers") {
			tools = append(tools, call(lowerFirst(strings.ReplaceAll(c.text("parserName"), " ", "")), pipeline.Args{}, c))
		}
		for _, c := range p.kids("parserConfigurations") {
			tools = append(tools, call(lowerFirst(strings.ReplaceAll(c.text("parserName"), " ", "")), args(arg("pattern", str(c.text("pattern"), c))), c))
		}
	}
	p.markAll()
	r.info(p, CodeNote, "health and threshold settings of %q are not carried over", shortClass(p.class()))
	r.addPost("always", p, newStep("recordIssues", args(arg("tools", list(tools, p))), p))
}

// issuesRecorder reads a warnings-ng recorder: each analysis tool becomes
// the tool symbol of recordIssues.
func (r *reader) issuesRecorder(p *element) {
	var tools []pipeline.Value
	for _, t := range p.kids("analysisTools") {
		t.used = true
		tools = append(tools, call(lowerFirst(shortClass(t.class())), args(
			arg("pattern", str(t.text("pattern"), t)), arg("id", str(t.text("id"), t)), arg("name", str(t.text("name"), t))), t))
		t.ignore("reportEncoding", "skipSymbolicLinks")
	}
	p.markAll()
	r.info(p, CodeNote, "quality gates and filters of recordIssues are not carried over")
	r.addPost("always", p, newStep("recordIssues", args(arg("tools", list(tools, p))), p))
}

// slackConditions maps the Slack notifier's switches to post conditions.
var slackConditions = []struct{ flag, cond string }{
	{"notifySuccess", "success"},
	{"notifyFailure", "failure"},
	{"notifyRepeatedFailure", "failure"},
	{"notifyUnstable", "unstable"},
	{"notifyAborted", "aborted"},
	{"notifyBackToNormal", "fixed"},
}

// slack reads the Slack notifier into slackSend steps. A token written in
// the job is never copied: the step names the credential when there is
// one.
func (r *reader) slack(p *element) {
	a := args(arg("channel", str(firstNonEmpty(p.text("room"), p.text("channel")), p)),
		arg("teamDomain", str(firstNonEmpty(p.text("teamDomain"), p.text("slackTeamDomain")), p)),
		arg("tokenCredentialId", str(firstNonEmpty(p.text("tokenCredentialId"), p.text("authTokenCredentialId")), p)),
		arg("baseUrl", str(p.text("baseUrl"), p)),
		arg("message", str(p.text("customMessage"), p)))
	for _, tok := range []string{"authToken", "token"} {
		if c := p.child(tok); c != nil && strings.TrimSpace(c.Text) != "" {
			r.warn(c, CodeSecret, "the Slack token written in the job is not copied: store it as a secret")
		}
	}
	var conds []string
	for _, sc := range slackConditions {
		if p.flag(sc.flag) && !slices.Contains(conds, sc.cond) {
			conds = append(conds, sc.cond)
			r.addPost(sc.cond, p, newStep("slackSend", a, p))
		}
	}
	if p.flag("startNotification") {
		r.info(p.child("startNotification"), CodeNeedsPerson, "the Slack start notification is not carried over: add a slackSend step at the start")
	}
	p.markAll()
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
