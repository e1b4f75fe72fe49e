package jobxml

import (
	"strings"

	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

// scm reads a job's scm element into JobInfo.SCMs. A build job without an
// SCM checks nothing out, which the skipDefaultCheckout option tells the
// converter.
func (r *reader) scm(e *element, build bool) {
	if e == nil || e.class() == "hudson.scm.NullSCM" {
		e.markAll()
		if build {
			r.option("skipDefaultCheckout", pipeline.Args{Positional: []pipeline.Value{boolean(true, r.orRoot(e))}}, r.orRoot(e))
		}
		return
	}
	scms := r.readSCM(e)
	r.p.Job.SCMs = append(r.p.Job.SCMs, scms...)
	if build {
		for i, s := range scms {
			r.checkouts = append(r.checkouts, checkoutStep(s, i == 0))
		}
	}
}

// checkoutStep is the checkout a build job does before its builders. The
// first repository is the job's own, where the workflow will live:
// `checkout scm`. Others name their remote and branch, as checkout(scmGit(...))
// does in a Jenkinsfile.
func checkoutStep(s *pipeline.SCM, own bool) *pipeline.Step {
	e := &element{Range: s.Range}
	var what pipeline.Value
	if own {
		what = pipeline.Value{Kind: pipeline.String, Text: "scm", Range: s.Range,
			Parts: []pipeline.Part{{Ref: &pipeline.Ref{Scope: pipeline.RefVar, Name: "scm", Text: "scm", Range: s.Range}}}}
	} else {
		remote := []pipeline.Named{{Name: "url", Value: str(s.URL, e)}}
		if s.CredentialsID != "" {
			remote = append(remote, pipeline.Named{Name: "credentialsId", Value: str(s.CredentialsID, e)})
		}
		a := args(arg("userRemoteConfigs", list([]pipeline.Value{mapValue(remote, e)}, e)))
		var branches []pipeline.Value
		for _, b := range s.Branches {
			branches = append(branches, mapValue([]pipeline.Named{{Name: "name", Value: expanded(b, e)}}, e))
		}
		if len(branches) > 0 {
			a.Named = append(a.Named, pipeline.Named{Name: "branches", Value: list(branches, e)})
		}
		what = call("scmGit", a, e)
	}
	st := newStep("checkout", pipeline.Args{Positional: []pipeline.Value{what}}, e)
	if s.Dir != "" {
		return newStep("dir", pipeline.Args{Positional: []pipeline.Value{str(s.Dir, e)}}, e, st)
	}
	return st
}

func (r *reader) orRoot(e *element) *element {
	if e == nil {
		return r.root
	}
	return e
}

func (r *reader) readSCM(e *element) []*pipeline.SCM {
	e.used = true
	switch e.class() {
	case "hudson.plugins.git.GitSCM":
		return r.git(e)
	case "org.jenkinsci.plugins.multiplescms.MultiSCM":
		var out []*pipeline.SCM
		for _, s := range e.kids("scms") {
			out = append(out, r.readSCM(s)...)
		}
		return out
	case "hudson.scm.SubversionSCM":
		var out []*pipeline.SCM
		for _, l := range e.kids("locations") {
			l.used = true
			out = append(out, &pipeline.SCM{Kind: "svn", URL: l.text("remote"), CredentialsID: l.text("credentialsId"), Dir: strings.TrimPrefix(l.text("local"), "."), Range: l.Range})
			l.ignore("depthOption", "ignoreExternalsOption", "cancelProcessOnExternalsFail")
		}
		e.markAll()
		r.warn(e, CodeNeedsPerson, "a Subversion checkout: move the code to a GitHub repository or check it out with svn in a step")
		return out
	}
	r.unknown(e, "SCM")
	return []*pipeline.SCM{{Kind: shortClass(e.class()), Range: e.Range}}
}

// git reads a GitSCM: one SCM per remote, sharing the branches and
// extensions.
func (r *reader) git(e *element) []*pipeline.SCM {
	var branches []string
	for _, b := range e.kids("branches") {
		b.used = true
		if n := b.text("name"); n != "" {
			branches = append(branches, n)
		}
	}
	var submodules bool
	var dir string
	for _, x := range e.kids("extensions") {
		x.used = true
		switch shortClass(x.class()) {
		case "SubmoduleOption":
			submodules = !x.flag("disableSubmodules")
			x.ignore("recursiveSubmodules", "trackingSubmodules", "reference", "parentCredentials", "shallow", "depth", "timeout", "threads")
		case "RelativeTargetDirectory":
			dir = x.text("relativeTargetDir")
		case "CleanBeforeCheckout", "CleanCheckout", "WipeWorkspace", "LocalBranch", "PruneStaleBranch", "AuthorInChangelog":
			// A GitHub-hosted runner starts from a fresh clone: cleaning
			// and local branch names need nothing.
			x.markAll()
		case "PathRestriction":
			x.markAll()
			if inc, exc := x.text("includedRegions"), x.text("excludedRegions"); inc != "" || exc != "" {
				r.warn(x, CodeNeedsPerson, "path restrictions of the git checkout: set paths/paths-ignore on the push trigger")
			}
		default:
			x.markAll()
			r.info(x, CodeUnusedSetting, "git extension %q is not carried over", shortClass(x.class()))
		}
	}
	// Older git plugins, and Jenkins Job Builder, keep some extensions as
	// settings of the SCM itself.
	if e.flag("recursiveSubmodules") {
		submodules = true
	}
	e.ignore("configVersion", "doGenerateSubmoduleConfigurations", "submoduleCfg", "gitTool", "browser", "remotePoll",
		"reference", "gitConfigName", "gitConfigEmail", "disableSubmodules", "recursiveSubmodules", "skipTag", "pruneBranches",
		"wipeOutWorkspace", "authorOrCommitter", "clean", "useShallowClone", "ignoreNotifyCommit", "scmName", "localBranch",
		"buildChooser", "relativeTargetDir", "excludedRegions", "includedRegions", "excludedUsers", "excludedCommitMessages")
	var out []*pipeline.SCM
	for _, rc := range e.kids("userRemoteConfigs") {
		rc.used = true
		s := &pipeline.SCM{Kind: "git", URL: rc.text("url"), CredentialsID: rc.text("credentialsId"), Branches: branches,
			Submodules: submodules, Dir: dir, Refspec: rc.text("refspec"), Range: rc.Range}
		rc.ignore("name")
		out = append(out, s)
	}
	return out
}
