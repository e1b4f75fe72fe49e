package workflow

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Render writes the workflow as YAML with a fixed key order: the same model
// always gives the same bytes.
func Render(w *Workflow) ([]byte, error) {
	root := mapping()
	if len(w.Header) > 0 {
		root.HeadComment = strings.Join(w.Header, "\n")
	}
	addStr(root, "name", w.Name)
	add(root, "on", renderOn(&w.On))
	addPermissions(root, w.Permissions)
	addKVs(root, "env", w.Env)
	addConcurrency(root, w.Concurrency)
	jobs := mapping()
	for _, j := range w.Jobs {
		add(jobs, j.ID, renderJob(j))
	}
	add(root, "jobs", jobs)

	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}); err != nil {
		return nil, fmt.Errorf("render workflow %q: %w", w.Name, err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("render workflow %q: %w", w.Name, err)
	}
	return buf.Bytes(), nil
}

func renderOn(on *On) *yaml.Node {
	n := mapping()
	if on.Push != nil {
		add(n, "push", renderFilter(on.Push))
	}
	if on.PullRequest != nil {
		add(n, "pull_request", renderFilter(on.PullRequest))
	}
	if len(on.Schedule) > 0 {
		seq := sequence()
		for _, c := range on.Schedule {
			m := mapping()
			add(m, "cron", quoted(c))
			seq.Content = append(seq.Content, m)
		}
		add(n, "schedule", seq)
	}
	if on.WorkflowDispatch != nil {
		d := mapping()
		if len(on.WorkflowDispatch.Inputs) > 0 {
			inputs := mapping()
			for _, in := range on.WorkflowDispatch.Inputs {
				inputs.Content = append(inputs.Content, str(in.Name), renderInput(in))
			}
			add(d, "inputs", inputs)
		}
		add(n, "workflow_dispatch", d)
	}
	if r := on.WorkflowRun; r != nil {
		m := mapping()
		addStrs(m, "workflows", r.Workflows)
		addStrs(m, "types", r.Types)
		addStrs(m, "branches", r.Branches)
		add(n, "workflow_run", m)
	}
	return n
}

func renderFilter(p *Push) *yaml.Node {
	m := mapping()
	addStrs(m, "branches", p.Branches)
	addStrs(m, "tags", p.Tags)
	addStrs(m, "paths", p.Paths)
	return m
}

func renderInput(in *Input) *yaml.Node {
	m := mapping()
	addStr(m, "description", Literal(in.Description))
	if in.Required {
		add(m, "required", boolean(true))
	}
	typ := in.Type
	if typ == "" {
		typ = InputString
	}
	add(m, "type", str(string(typ)))
	if in.Default != "" {
		switch typ {
		case InputBoolean:
			add(m, "default", boolean(in.Default == "true"))
		default:
			add(m, "default", quoted(Literal(in.Default)))
		}
	}
	// Escaped like the default, which must be one of them.
	options := make([]string, len(in.Options))
	for i, o := range in.Options {
		options[i] = Literal(o)
	}
	addStrs(m, "options", options)
	return m
}

func renderJob(j *Job) *yaml.Node {
	m := mapping()
	addStr(m, "name", Literal(j.Name))
	addStrs(m, "needs", j.Needs)
	addStr(m, "if", j.If)
	switch len(j.RunsOn) {
	case 0:
	case 1:
		add(m, "runs-on", str(j.RunsOn[0]))
	default:
		add(m, "runs-on", flowStrs(j.RunsOn))
	}
	addStr(m, "environment", j.Environment)
	if j.Uses != "" {
		add(m, "uses", str(j.Uses))
		if len(j.With) > 0 {
			w := mapping()
			for _, kv := range j.With {
				add(w, kv.Key, withValue(kv.Value))
			}
			add(m, "with", w)
		}
		return m
	}
	addPermissions(m, j.Permissions)
	addConcurrency(m, j.Concurrency)
	if c := j.Container; c != nil {
		cm := mapping()
		addStr(cm, "image", c.Image)
		addStr(cm, "options", c.Options)
		if c.Username != "" || c.Password != "" {
			cred := mapping()
			addStr(cred, "username", c.Username)
			addStr(cred, "password", c.Password)
			add(cm, "credentials", cred)
		}
		add(m, "container", cm)
	}
	if len(j.Services) > 0 {
		sm := mapping()
		for _, svc := range j.Services {
			m := mapping()
			addStr(m, "image", svc.Image)
			addKVs(m, "env", svc.Env)
			add(sm, svc.Name, m)
		}
		add(m, "services", sm)
	}
	if s := j.Strategy; s != nil {
		sm := mapping()
		mx := mapping()
		for _, ax := range s.Matrix {
			add(mx, ax.Name, flowStrs(ax.Values))
		}
		addCells(mx, "exclude", s.Exclude)
		addCells(mx, "include", s.Include)
		add(sm, "matrix", mx)
		if s.FailFast != nil {
			add(sm, "fail-fast", boolean(*s.FailFast))
		}
		if s.MaxParallel > 0 {
			add(sm, "max-parallel", integer(s.MaxParallel))
		}
		add(m, "strategy", sm)
	}
	if j.TimeoutMinutes > 0 {
		add(m, "timeout-minutes", integer(j.TimeoutMinutes))
	}
	addKVs(m, "outputs", j.Outputs)
	addKVs(m, "env", j.Env)
	if j.WorkingDirectory != "" {
		run := mapping()
		addStr(run, "working-directory", j.WorkingDirectory)
		d := mapping()
		add(d, "run", run)
		add(m, "defaults", d)
	}
	steps := sequence()
	for _, s := range j.Steps {
		steps.Content = append(steps.Content, renderStep(s))
	}
	add(m, "steps", steps)
	return m
}

func renderStep(s *Step) *yaml.Node {
	m := mapping()
	if s.Comment != "" {
		lines := strings.Split(strings.TrimRight(s.Comment, "\n"), "\n")
		for i, l := range lines {
			lines[i] = strings.TrimRight("# "+l, " ")
		}
		m.HeadComment = strings.Join(lines, "\n")
	}
	addStr(m, "id", s.ID)
	addStr(m, "name", Literal(s.Name))
	addStr(m, "if", s.If)
	if s.Uses != "" {
		u := str(s.Uses)
		if s.UsesComment != "" {
			u.LineComment = s.UsesComment
		}
		add(m, "uses", u)
	}
	if len(s.With) > 0 {
		w := mapping()
		for _, kv := range s.With {
			add(w, kv.Key, withValue(kv.Value))
		}
		add(m, "with", w)
	}
	if s.Run != "" {
		add(m, "run", script(s.Run))
	}
	addStr(m, "shell", s.Shell)
	addStr(m, "working-directory", s.WorkingDirectory)
	addKVs(m, "env", s.Env)
	if s.ContinueOnError {
		add(m, "continue-on-error", boolean(true))
	}
	if s.TimeoutMinutes > 0 {
		add(m, "timeout-minutes", integer(s.TimeoutMinutes))
	}
	return m
}

// addCells writes matrix exclude or include entries.
func addCells(m *yaml.Node, key string, cells [][]KV) {
	if len(cells) == 0 {
		return
	}
	seq := sequence()
	for _, cell := range cells {
		cm := mapping()
		for _, kv := range cell {
			add(cm, kv.Key, quoted(kv.Value))
		}
		seq.Content = append(seq.Content, cm)
	}
	add(m, key, seq)
}

func addPermissions(m *yaml.Node, p Permissions) {
	if p == nil {
		return
	}
	pm := mapping()
	if len(p) == 0 {
		pm.Style = yaml.FlowStyle
	}
	for _, kv := range p {
		add(pm, kv.Key, str(kv.Value))
	}
	add(m, "permissions", pm)
}

func addConcurrency(m *yaml.Node, c *Concurrency) {
	if c == nil {
		return
	}
	cm := mapping()
	addStr(cm, "group", c.Group)
	if c.CancelIf != "" {
		addStr(cm, "cancel-in-progress", c.CancelIf)
	} else {
		add(cm, "cancel-in-progress", boolean(c.CancelInProgress))
	}
	add(m, "concurrency", cm)
}

func addKVs(m *yaml.Node, key string, kvs []KV) {
	if len(kvs) == 0 {
		return
	}
	em := mapping()
	for _, kv := range kvs {
		add(em, kv.Key, value(kv.Value))
	}
	add(m, key, em)
}

func addStrs(m *yaml.Node, key string, vals []string) {
	if len(vals) == 0 {
		return
	}
	seq := sequence()
	for _, v := range vals {
		seq.Content = append(seq.Content, quotedIfNeeded(v))
	}
	add(m, key, seq)
}

func addStr(m *yaml.Node, key, val string) {
	if val != "" {
		add(m, key, str(val))
	}
}

func add(m *yaml.Node, key string, val *yaml.Node) {
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, val)
}

func mapping() *yaml.Node  { return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"} }
func sequence() *yaml.Node { return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"} }

// str is a string scalar; the encoder quotes it when it would otherwise read
// back as another type. YAML 1.1 booleans (yes, on, ...) are quoted too,
// because some YAML readers still take them for booleans.
func str(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	switch strings.ToLower(s) {
	case "y", "n", "yes", "no", "on", "off":
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

func quoted(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Style: yaml.SingleQuotedStyle}
}

// quotedIfNeeded quotes glob patterns such as '*' and '**/x' that YAML would
// read as aliases.
func quotedIfNeeded(s string) *yaml.Node {
	if strings.ContainsAny(s, "*&!{}[]|>'\"%@`#,?:") {
		return quoted(s)
	}
	return str(s)
}

// script renders text that YAML would have to quote or escape (several
// lines, `: `, ` #`, quotes) as a literal block, so that shell scripts read
// as they were written.
func script(s string) *yaml.Node {
	n := str(s)
	if n.Style == 0 && needsBlock(s) {
		n.Style = yaml.LiteralStyle
	}
	return n
}

func needsBlock(s string) bool {
	if s == "" || strings.TrimSpace(s) != s {
		return strings.Contains(s, "\n")
	}
	return strings.Contains(s, "\n") ||
		strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.HasSuffix(s, ":") ||
		strings.ContainsRune("-?:,[]{}#&*!|>%@`'\"", rune(s[0]))
}

// withValue writes action inputs: booleans and numbers plain, as people
// write them, anything else like a script.
func withValue(s string) *yaml.Node {
	if s == "true" || s == "false" {
		return boolean(s == "true")
	}
	if _, err := strconv.Atoi(s); err == nil && (s == "0" || s[0] != '0') {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: s}
	}
	return value(s)
}

// value renders an env or input value: several lines as a literal block,
// one line that YAML would have to quote in single quotes, on its line.
func value(s string) *yaml.Node {
	if strings.Contains(s, "\n") {
		return script(s)
	}
	n := str(s)
	if n.Style == 0 && needsBlock(s) {
		n.Style = yaml.SingleQuotedStyle
	}
	return n
}

func boolean(b bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(b)}
}

func integer(i int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(i)}
}

func flowStrs(vals []string) *yaml.Node {
	seq := sequence()
	seq.Style = yaml.FlowStyle
	for _, v := range vals {
		seq.Content = append(seq.Content, quotedIfNeeded(v))
	}
	return seq
}

// Literal keeps GitHub from reading ${{ in text that is a name, a
// description or a default, never an expression: names come from the
// Jenkinsfile (stage names, labels), which whoever opens a pull request may
// write.
func Literal(s string) string {
	return strings.ReplaceAll(s, "${{", "${{ '${{' }}")
}

// Script keeps GitHub from reading ${{ in a run: script the converter
// wrote, where it never means an expression (values reach scripts through
// env). Text already escaped stays as it is: Script(Script(s)) is
// Script(s).
func Script(s string) string {
	return Literal(Unliteral(s))
}

// Unliteral undoes Literal.
func Unliteral(s string) string {
	return strings.ReplaceAll(s, "${{ '${{' }}", "${{")
}
