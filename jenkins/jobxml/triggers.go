package jobxml

import (
	"strings"

	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

// triggers reads a triggers list into the triggers of a pipeline's
// triggers block.
func (r *reader) triggers(ts *element) []*pipeline.Trigger {
	if ts == nil {
		return nil
	}
	var out []*pipeline.Trigger
	for _, t := range ts.Children {
		t.used = true
		if tr := r.trigger(t); tr != nil {
			out = append(out, tr)
		}
	}
	return out
}

func (r *reader) trigger(t *element) *pipeline.Trigger {
	spec := func(kind string) *pipeline.Trigger {
		s := strings.TrimSpace(t.raw("spec"))
		t.ignore("ignorePostCommitHooks")
		return &pipeline.Trigger{Kind: kind, Spec: s, Args: pipeline.Args{Positional: []pipeline.Value{str(s, t)}}, Range: t.Range}
	}
	switch t.class() {
	case "hudson.triggers.TimerTrigger":
		return spec("cron")
	case "hudson.triggers.SCMTrigger":
		return spec("pollSCM")
	case "jenkins.triggers.ReverseBuildTrigger":
		a := args(arg("upstreamProjects", str(t.text("upstreamProjects"), t)))
		if th := t.child("threshold"); th != nil {
			th.markAll()
			a.Named = append(a.Named, pipeline.Named{Name: "threshold", Value: str(th.text("name"), th)})
		}
		t.ignore("spec")
		return &pipeline.Trigger{Kind: "upstream", Args: a, Range: t.Range}
	case "com.cloudbees.jenkins.GitHubPushTrigger":
		t.ignore("spec")
		return &pipeline.Trigger{Kind: "githubPush", Range: t.Range}
	case "org.jenkinsci.plugins.ghprb.GhprbTrigger":
		return r.ghprb(t)
	case "com.cloudbees.hudson.plugins.folder.computed.PeriodicFolderTrigger":
		t.markAll()
		r.info(t, CodeNote, "branch indexing is not needed: push and pull_request events start the workflow")
		return nil
	}
	r.unknown(t, "trigger")
	return &pipeline.Trigger{Kind: t.class(), Range: t.Range}
}

// ghprb reads the GitHub pull request builder trigger into a trigger named
// ghprb whose arguments keep what decides which pull requests build. The
// lists of people (admins, whitelists) stay in Jenkins: GitHub decides who
// may run workflows by repository permissions.
func (r *reader) ghprb(t *element) *pipeline.Trigger {
	a := args(
		arg("triggerPhrase", str(t.text("triggerPhrase"), t)),
		arg("skipBuildPhrase", str(t.text("skipBuildPhrase"), t)),
		arg("includedRegions", str(t.text("includedRegions"), t)),
		arg("excludedRegions", str(t.text("excludedRegions"), t)))
	if t.flag("onlyTriggerPhrase") {
		a.Named = append(a.Named, pipeline.Named{Name: "onlyTriggerPhrase", Value: boolean(true, t)})
	}
	var branches []string
	for _, b := range t.kids("whiteListTargetBranches") {
		b.used = true
		if s := b.text("branch"); s != "" {
			branches = append(branches, s)
		}
	}
	if len(branches) > 0 {
		a.Named = append(a.Named, pipeline.Named{Name: "targetBranches", Value: strList(branches, t)})
	}
	t.markAll()
	r.info(t, CodeNote, "the pull request builder's admin and allow lists and its status messages are not carried over")
	return &pipeline.Trigger{Kind: "ghprb", Args: a, Range: t.Range}
}
