package convert

import (
	"fmt"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/pipeline"
	"github.com/jenkins2actions/jenkins2actions/workflow"
)

func init() {
	for _, sh := range []struct{ name, shell, summary string }{
		{"sh", "", "a run step (bash)"},
		{"bat", "cmd", "a run step with shell: cmd"},
		{"powershell", "powershell", "a run step with shell: powershell"},
		{"pwsh", "pwsh", "a run step with shell: pwsh"},
	} {
		register(&Construct{Kind: KindStep, Name: sh.name, Status: Converted, Summary: sh.summary,
			step: func(c *converter, sc *scope, s *pipeline.Step) { c.mapShell(sc, s, sh.shell) }})
	}
}

// mapShell converts a script step. Groovy interpolation becomes shell
// variables fed through env; retry wraps the script in a loop.
func (c *converter) mapShell(sc *scope, s *pipeline.Step, shell string) {
	construct := "step:" + s.Name
	v := s.Args.First("script")
	if v.Kind != pipeline.String {
		c.manual(construct, s.Range, s.Text, "the script is computed by Groovy: write it out in a run step")
		return
	}
	script, unresolved := c.script(sc, v)
	if strings.TrimSpace(script) == "" {
		c.record(construct, Converted, s.Range, "empty script dropped")
		return
	}
	script = dedent(script)
	if sc.retries > 1 {
		script = retryLoop(script, sc.retries, shell)
	}
	st := &workflow.Step{Name: stepName(s.Args.Get("label").Str(), script), Run: script, Shell: shell}
	c.emit(sc, st, s.Range)
	c.recordScript(construct, s, unresolved)
}

// retryLoop runs script up to n times, as Jenkins retry(n) does. Only shell
// scripts can be retried this way; other shells keep the script as is.
func retryLoop(script string, n int, shell string) string {
	if shell != "" {
		return script
	}
	var b strings.Builder
	fmt.Fprintf(&b, "for attempt in $(seq 1 %d); do\n", n)
	b.WriteString("  if (\n    set -e\n")
	for l := range strings.Lines(strings.TrimRight(script, "\n")) {
		b.WriteString("    " + l)
	}
	b.WriteString("\n  ); then break; fi\n")
	fmt.Fprintf(&b, "  if [ \"$attempt\" -eq %d ]; then exit 1; fi\n", n)
	b.WriteString("  echo \"attempt $attempt failed, retrying\"\ndone\n")
	return b.String()
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
