package convert

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/bash"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
	"github.com/jenkins2actions/jenkins2actions/workflow"
)

// shellConstructs are the script steps, each a run step in its shell.
func shellConstructs() []*Construct {
	var ks []*Construct
	for _, sh := range []struct{ name, shell, summary string }{
		{"sh", "", "a run step (bash)"},
		{"bat", "cmd", "a run step with shell: cmd"},
		{"powershell", "powershell", "a run step with shell: powershell"},
		{"pwsh", "pwsh", "a run step with shell: pwsh"},
	} {
		ks = append(ks, &Construct{Kind: KindStep, Name: sh.name, Status: Converted, Summary: sh.summary,
			step: func(c *converter, sc *scope, s *pipeline.Step) { c.mapShell(sc, s, sh.shell) }})
	}
	return ks
}

// mapShell converts a script step. Groovy interpolation becomes shell
// variables fed through env; retry wraps the script in a loop.
func (c *converter) mapShell(sc *scope, s *pipeline.Step, shell string) {
	construct := constructFor(KindStep, s.Name)
	v := s.Args.First("script")
	if v.Kind != pipeline.String {
		c.manual(construct, s.Range, s.Text, "the script is computed by Groovy: write it out in a run step")
		return
	}
	before := len(sc.job.varOrder)
	script, unresolved := c.shellScript(sc, v, shell)
	if len(unresolved) > 0 {
		// A script that would run with a value missing is not run: the
		// step that stands for it fails instead, quoting it, and the job
		// needs none of the variables the script would have read.
		for _, name := range sc.job.varOrder[before:] {
			delete(sc.job.vars, name)
		}
		sc.job.varOrder = sc.job.varOrder[:before]
		c.recordScript(construct, s, unresolved)
		return
	}
	if strings.TrimSpace(script) == "" {
		c.record(construct, Converted, s.Range, "empty script dropped")
		return
	}
	script = dedent(script)
	name := stepName(s.Args.Get("label").Str(), script)
	directive := ""
	if shell == "" {
		directive = c.directive(script, s.Range)
	}
	if sc.image != "" && shell == "" {
		script = dockerRun(sc.image, sc.imageArgs, script)
		directive = bash.Directive(script)
	}
	if sc.retries > 1 {
		script = retryLoop(script, sc.retries, shell)
	}
	st := &workflow.Step{Name: name, Run: withDirective(directive, script), Shell: shell}
	c.emit(sc, st, s.Range)
	it := c.recordScript(construct, s, unresolved)
	if shell == "cmd" || shell == "powershell" {
		sc.job.winSteps = append(sc.job.winSteps, winStep{st, it})
	}
}

// winStep is a step that needs Windows, with its report item.
type winStep struct {
	step *workflow.Step
	item *Item
}

// placeWindows settles where a job with Windows-only steps (bat,
// powershell) runs. A job on the default runner moves to Windows, and its
// bash steps say so; on a runner chosen by label the steps adapt or are
// reported.
func (c *converter) placeWindows(j *jobBuilder) {
	windows := j.windows()
	if len(j.winSteps) > 0 && !windows && j.defaultRunner && j.job.Container == nil {
		j.job.RunsOn = []string{"windows-latest"}
		windows = true
		for _, w := range j.winSteps {
			w.item.Status = Approximated
			w.item.Note = "the job runs on windows-latest because of its Windows steps"
		}
	}
	if windows {
		for _, st := range j.job.Steps {
			if st.Run != "" && st.Shell == "" {
				st.Shell = "bash"
			}
		}
		return
	}
	for _, w := range j.winSteps {
		w.item.Status = Approximated
		if w.step.Shell == "powershell" {
			w.step.Shell = "pwsh"
			w.item.Note = "Windows PowerShell is not on this job's runner: the script runs in PowerShell Core (pwsh)"
			continue
		}
		w.item.Status = Manual
		w.item.Note = "a bat step on a runner that is not Windows: give the job a Windows runner or port the script to bash"
		w.item.Text = w.step.Run
		j.job.Steps = slices.DeleteFunc(j.job.Steps, func(s *workflow.Step) bool { return s == w.step })
	}
}

// retryLoop runs script up to n times, as Jenkins retry(n) does. Only shell
// scripts can be retried this way; other shells keep the script as is. The
// script keeps its indentation so that heredocs still end.
func retryLoop(script string, n int, shell string) string {
	if shell != "" {
		return script
	}
	var b strings.Builder
	fmt.Fprintf(&b, "for attempt in $(seq 1 %d); do\n", n)
	b.WriteString(statusOf(script))
	fmt.Fprintf(&b, "if [ \"$status\" -eq 0 ]; then break; elif [ \"$attempt\" -eq %d ]; then exit \"$status\"; fi; echo \"attempt $attempt failed, retrying\"\ndone\n", n)
	return b.String()
}

// statusOf runs script in a subshell with errexit and leaves its exit
// status in $status. The subshell must not be an if or || operand: bash
// ignores set -e there, even inside the subshell.
func statusOf(script string) string {
	return "set +e; (set -e\n" + strings.TrimRight(script, "\n") + "\n); status=$?; set -e\n"
}

// caughtScript runs script so that a failure does not stop the job, as the
// Jenkins step that caught it (try, catchError, warnError, a parallel
// branch): it leaves a warning and sets the block's flag and the result
// variable the block asks for.
func caughtScript(script string, ct *caught) string {
	flags := []string{ct.flag}
	if ct.also != "" {
		flags = append(flags, ct.also)
	}
	switch ct.result {
	case "FAILURE":
		flags = append(flags, failedVar)
	case "UNSTABLE":
		flags = append(flags, unstableVar)
	}
	return strings.TrimSuffix(statusOf(script), "\n") + fmt.Sprintf("; if [ \"$status\" -ne 0 ]; then echo \"::warning::the step failed with status $status; the job goes on, as on Jenkins\"; printf '%%s=true\\n' %s >> \"$GITHUB_ENV\"; fi\n", strings.Join(flags, " "))
}

// withDirective puts a shellcheck directive in front of a script. actionlint
// runs shellcheck on "set -e" plus the script, so a directive covers only
// the command after it: a script of several commands goes in a { } group,
// which runs in the same shell and changes nothing else.
func withDirective(directive, script string) string {
	if directive == "" {
		return script
	}
	// A directive covers the one command after it: several commands,
	// on several lines or joined on one, go in a group it covers.
	commands := 0
	for l := range strings.Lines(script) {
		if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "#") {
			commands++
			if strings.ContainsAny(t, ";|&") {
				commands++
			}
		}
	}
	if commands <= 1 {
		return directive + script
	}
	return directive + "{\n" + strings.TrimRight(script, "\n") + "\n}\n"
}

// dedent removes the indentation common to all lines of a triple-quoted
// script, and its leading blank lines, as Groovy's stripIndent() would; the
// shell does not care, people reading the workflow do.
func dedent(s string) string {
	lines := strings.Split(s, "\n")
	for len(lines) > 1 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	prefix := ""
	first := true
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		ind := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		if first {
			prefix, first = ind, false
			continue
		}
		for !strings.HasPrefix(l, prefix) {
			prefix = prefix[:len(prefix)-1]
		}
	}
	if prefix == "" {
		return strings.Join(lines, "\n")
	}
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, prefix)
		if strings.TrimSpace(lines[i]) == "" {
			lines[i] = ""
		}
	}
	return strings.Join(lines, "\n")
}

// windowsLabel finds a Windows runner label in runs-on: windows-latest, or
// the labels of a self-hosted Windows agent (win64, windows-2019).
var windowsLabel = regexp.MustCompile(`(?i)(^|[^a-z])win(dows)?([^a-z]|$)|(?i)(^|[^a-z])win\d`)

// windows reports whether the job runs on Windows, as its runs-on says.
func (j *jobBuilder) windows() bool {
	return slices.ContainsFunc(j.job.RunsOn, windowsLabel.MatchString)
}
