package convert

import (
	"fmt"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/pipeline"
	"github.com/jenkins2actions/jenkins2actions/workflow"
)

// optionTarget is the job options an option shapes: the pipeline's (every
// job) or one stage's.
type optionTarget = *jobOptions

var (
	optionTimeout                 = &Construct{Kind: KindOption, Name: "timeout", Status: Converted, Summary: "timeout-minutes on the job(s)"}
	optionSkipStagesAfterUnstable = &Construct{Kind: KindOption, Name: "skipStagesAfterUnstable", Status: Converted, Summary: "each stage starts with a step that skips its steps once the build is unstable"}
	optionRetry                   = &Construct{Kind: KindOption, Name: "retry", Status: Approximated, Summary: "a retry loop around each script"}
	optionDisableConcurrentBuilds = &Construct{Kind: KindOption, Name: "disableConcurrentBuilds", Status: Converted, Summary: "a concurrency group per workflow and ref"}
	optionSkipDefaultCheckout     = &Construct{Kind: KindOption, Name: "skipDefaultCheckout", Status: Converted, Summary: "no checkout step"}
)

func init() {
	optionTimeout.option = optTimeout
	optionSkipStagesAfterUnstable.option = optSkipAfterUnstable
	optionRetry.option = optRetry
	optionDisableConcurrentBuilds.option = optConcurrency
	optionSkipDefaultCheckout.option = optSkipCheckout
}

// noteOptions are options that need nothing but a note in the report, or
// a person.
func noteOptions() []*Construct {
	var ks []*Construct
	notes := map[string]struct {
		status Status
		note   string
	}{
		"timestamps":              {Converted, "GitHub logs always have timestamps"},
		"ansiColor":               {Converted, "GitHub logs render ANSI colours"},
		"buildDiscarder":          {Approximated, "run and artifact retention is a repository setting (Settings > Actions > General)"},
		"durabilityHint":          {Converted, "GitHub Actions has no durability setting; nothing to do"},
		"quietPeriod":             {Approximated, "GitHub starts runs at once; there is no quiet period"},
		"parallelsAlwaysFailFast": {Approximated, "parallel jobs cannot stop each other; a failure fails the run"},
		"preserveStashes":         {Approximated, "stashes become artifacts kept for one day"},
		"disableResume":           {Converted, "GitHub runs never resume after a restart"},
		"disableRestartFromStage": {Converted, "GitHub re-runs failed jobs, not stages: nothing to turn off"},
		"checkoutToSubdirectory":  {Manual, "set the checkout template's path input"},
		"newContainerPerStage":    {Approximated, "each job that is a stage gets its own container"},
		"overrideIndexTriggers":   {Approximated, "branch indexing does not exist; push and pull_request events start the workflow"},
		"rateLimitBuilds":         {Manual, "GitHub has no rate limit for runs: use a concurrency group"},
		"copyArtifactPermission":  {Approximated, "artifacts are readable by anyone who can read the repository"},
		"lock":                    {Manual, "lockable resources: use a concurrency group"},
		"throttle":                {Approximated, "throttling across jobs becomes a concurrency group by hand; one run at a time per ref is the usual need"},
		"checkoutRetryCount":      {Approximated, "actions/checkout retries its fetches by itself"},
	}
	for name, n := range notes {
		k := &Construct{Kind: KindOption, Name: name, Status: n.status, Summary: n.note}
		k.option = func(c *converter, o *pipeline.Option, _ optionTarget) {
			if n.status == Manual {
				c.manual(k, o.Range, "", "%s", n.note)
				return
			}
			c.record(k, n.status, o.Range, "%s", n.note)
		}
		ks = append(ks, k)
	}
	return ks
}

// option maps one option through the registry.
func (c *converter) option(o *pipeline.Option, t optionTarget) {
	if k := lookup(KindOption, o.Name); k != nil {
		k.option(c, o, t)
		return
	}
	c.manual(constructFor(KindOption, o.Name), o.Range, "", "unknown option %q", o.Name)
}

func optSkipAfterUnstable(c *converter, o *pipeline.Option, _ optionTarget) {
	c.skipAfterUnstable = true
	c.record(optionSkipStagesAfterUnstable, Converted, o.Range, "")
}

func optTimeout(c *converter, o *pipeline.Option, t optionTarget) {
	m, ok := duration(o.Args, "MINUTES")
	if !ok {
		c.manual(optionTimeout, o.Range, "", "timeout computed by Groovy: set timeout-minutes by hand")
		return
	}
	t.timeout = m
	if t.pipelineLevel {
		c.record(optionTimeout, Approximated, o.Range, "every job gets timeout-minutes: %d; Jenkins limited the whole pipeline", m)
		return
	}
	c.record(optionTimeout, Converted, o.Range, "")
}

func optRetry(c *converter, o *pipeline.Option, t optionTarget) {
	var n int
	if _, err := fmt.Sscanf(o.Args.First("count").Str(), "%d", &n); err != nil || n < 1 {
		c.manual(optionRetry, o.Range, "", "retry count computed by Groovy")
		return
	}
	t.retries = n
	if !t.pipelineLevel {
		t.retry = o
		return
	}
	c.record(optionRetry, Approximated, o.Range, "each script is retried up to %d times on its own; Jenkins retried the whole pipeline", n)
}

// optConcurrency keeps builds of one branch from overlapping, as
// disableConcurrentBuilds does per branch of a multibranch project; with
// abortPrevious a new build cancels the running one. A scripted pipeline
// may set it for pull requests or the primary branch only.
func optConcurrency(c *converter, o *pipeline.Option, t optionTarget) {
	if !t.pipelineLevel {
		c.record(optionDisableConcurrentBuilds, Approximated, o.Range, "stage-level: the whole workflow gets the concurrency group")
	} else {
		c.record(optionDisableConcurrentBuilds, Converted, o.Range, "")
	}
	c.concurrency[o.Only] = o.Args.Get("abortPrevious").Truthy()
	c.wf.Concurrency = concurrencyFor(c.concurrency)
}

// buildsOf are the GitHub conditions for the builds an option applies to.
var buildsOf = map[string]string{
	"pull_request": "github.event_name == 'pull_request'",
	"primary":      "github.event_name != 'pull_request' && github.ref_name == github.event.repository.default_branch",
}

// concurrencyFor makes the concurrency of the rules, by the builds they
// apply to ("" all, "pull_request", "primary"), each saying whether a new
// run cancels the running one. Builds no rule applies to run in a group
// of their own.
func concurrencyFor(rules map[string]bool) *workflow.Concurrency {
	group := "${{ github.workflow }}-${{ github.ref }}"
	if _, all := rules[""]; !all {
		var conds []string
		for _, only := range []string{"pull_request", "primary"} {
			if _, ok := rules[only]; ok {
				conds = append(conds, buildsOf[only])
			}
		}
		group = "${{ github.workflow }}-${{ ((" + strings.Join(conds, ") || (") + ")) && github.ref || github.run_id }}"
	}
	var cancel []string
	for _, only := range []string{"", "pull_request", "primary"} {
		if abort, ok := rules[only]; ok && abort {
			if only == "" {
				return &workflow.Concurrency{Group: group, CancelInProgress: true}
			}
			cancel = append(cancel, "("+buildsOf[only]+")")
		}
	}
	if len(cancel) == 0 {
		return &workflow.Concurrency{Group: group}
	}
	return &workflow.Concurrency{Group: group, CancelIf: "${{ " + strings.Join(cancel, " || ") + " }}"}
}

func optSkipCheckout(c *converter, o *pipeline.Option, t optionTarget) {
	if v := o.Args.First("value"); v.Kind != pipeline.Absent && !v.Truthy() {
		c.record(optionSkipDefaultCheckout, Converted, o.Range, "")
		return
	}
	t.skipCheckout = true
	c.record(optionSkipDefaultCheckout, Converted, o.Range, "")
}
