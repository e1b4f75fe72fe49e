package templates

import (
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/workflow"
)

// rawStep is a step as the template file writes it, before inputs are
// substituted and the action is pinned.
type rawStep struct {
	pos diag.Range
	// at holds where each field's value is (name, uses, with.KEY, env.KEY, ...).
	at              map[string]diag.Range
	id              string
	name            string
	ifCond          string
	uses            string
	with            []workflow.KV
	run             string
	shell           string
	workingDir      string
	env             []workflow.KV
	continueOnError bool
	timeoutMinutes  int
}

var (
	idRE        = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	inputNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)
	// inputRefRE is the one form of input reference a template may use.
	inputRefRE = regexp.MustCompile(`\$\{\{\s*inputs\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}`)
	// anyInputsRE finds the inputs context inside an expression, but not a
	// property such as github.event.inputs.
	anyInputsRE = regexp.MustCompile(`(^|[^A-Za-z0-9_.-])inputs\s*[.\[]`)
)

// scopes are the GITHUB_TOKEN permission scopes a template may ask for.
var scopes = []string{
	"actions", "attestations", "checks", "contents", "deployments", "discussions", "id-token",
	"issues", "models", "packages", "pages", "pull-requests", "repository-projects",
	"security-events", "statuses",
}

// parser collects every problem of one template file.
type parser struct {
	file string
	ds   diag.Diagnostics
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	p.ds = p.ds.Errorf(p.rng(n), "template-invalid", format, args...)
}

func (p *parser) rng(n *yaml.Node) diag.Range {
	r := diag.Range{File: p.file}
	if n != nil {
		r.Start = diag.Pos{Line: n.Line, Col: n.Column}
	}
	return r
}

// parseTemplate reads one template file; name is its base name, which must
// be the template id plus .yml or .yaml. Actions must be pinned in lock.
func parseTemplate(file, name string, src []byte, lock *Lock) (*Template, diag.Diagnostics) {
	p := &parser{file: file}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, p.ds.Errorf(yamlErrorRange(file, err), "template-syntax", "%s", yamlErrorMessage(err))
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, p.ds.Errorf(diag.Range{File: file}, "template-invalid", "empty template")
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		p.errorf(root, "a template is a mapping of keys such as id, title and steps")
		return nil, p.ds
	}

	t := &Template{File: file, src: src, Permissions: workflow.Permissions{}}
	var idNode, stepsNode *yaml.Node
	var inputPos []diag.Range
	jobAt := map[string]diag.Range{}
	p.mapping(root, func(key string, k, v *yaml.Node) {
		switch key {
		case "id":
			idNode, t.ID = k, p.str(v)
		case "title":
			t.Title = p.str(v)
		case "category":
			t.Category = p.str(v)
			if t.Category != "" && !slices.Contains(categories, t.Category) {
				p.errorf(v, "unknown category %q (want one of %s)", t.Category, strings.Join(categories, ", "))
			}
		case "description":
			t.Description = p.str(v)
		case "when":
			t.When = p.str(v)
		case "owner":
			t.Owner = p.str(v)
		case "security":
			t.Security = p.str(v)
		case "inputs":
			t.Inputs, inputPos = p.inputs(v)
		case "permissions":
			t.Permissions = p.permissions(v)
		case "job":
			t.Job = p.job(v, jobAt)
		case "steps":
			stepsNode = v
			t.steps = p.steps(v)
		default:
			p.errorf(k, "unknown key %q", key)
		}
	})

	stem := strings.TrimSuffix(name, path.Ext(name))
	switch {
	case idNode == nil:
		p.errorf(root, "missing id")
	case !idRE.MatchString(t.ID):
		p.errorf(idNode, "id %q is not lowercase kebab-case", t.ID)
	case t.ID != stem:
		p.errorf(idNode, "id %q does not match the file name %q", t.ID, name)
	}
	for _, f := range []struct{ name, val string }{{"title", t.Title}, {"category", t.Category}, {"description", t.Description}} {
		if f.val == "" {
			p.errorf(root, "missing %s", f.name)
		}
	}
	if stepsNode == nil {
		p.errorf(root, "missing steps")
	}

	used := map[string]bool{}
	actions := map[string]bool{}
	for _, s := range t.steps {
		p.checkStep(t, s, lock, used, actions)
	}
	jobFields := []field{{"job.environment", t.Job.Environment}}
	if c := t.Job.Concurrency; c != nil {
		jobFields = append(jobFields, field{"job.concurrency.group", c.Group})
	}
	p.checkRefs(t, jobFields, func(what string) diag.Range { return jobAt[what] }, used)
	for i, in := range t.Inputs {
		if !used[in.Name] {
			p.ds = p.ds.Errorf(inputPos[i], "template-invalid", "input %q is never used", in.Name)
		}
	}
	for a := range actions {
		t.Actions = append(t.Actions, a)
	}
	slices.SortFunc(t.Actions, compareActions)

	if len(p.ds) > 0 {
		return nil, p.ds
	}
	return t, nil
}

// mapping calls fn for each entry of a mapping node, in order, and reports
// duplicate keys, which YAML readers disagree about.
func (p *parser) mapping(n *yaml.Node, fn func(key string, k, v *yaml.Node)) {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "expected a mapping")
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			p.errorf(k, "expected a string key")
			continue
		}
		if seen[k.Value] {
			p.errorf(k, "duplicate key %q", k.Value)
			continue
		}
		seen[k.Value] = true
		fn(k.Value, k, v)
	}
}

func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// str returns a scalar's text. Numbers and booleans come back as written,
// because action inputs are strings anyway.
func (p *parser) str(n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode {
		p.errorf(n, "expected a string")
		return ""
	}
	if n.Tag == "!!null" {
		return ""
	}
	return n.Value
}

func (p *parser) boolean(n *yaml.Node) bool {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		p.errorf(n, "expected true or false")
		return false
	}
	b, _ := strconv.ParseBool(n.Value)
	return b
}

// inputs returns the declared inputs and where each is declared.
func (p *parser) inputs(n *yaml.Node) ([]Input, []diag.Range) {
	var ins []Input
	var at []diag.Range
	p.mapping(n, func(name string, k, v *yaml.Node) {
		if !inputNameRE.MatchString(name) {
			p.errorf(k, "input name %q has characters other than letters, digits, - and _", name)
		}
		in := Input{Name: name}
		var defNode, typeNode *yaml.Node
		var valueNodes []*yaml.Node // default and example, to check against the type
		p.mapping(v, func(key string, k, v *yaml.Node) {
			switch key {
			case "description":
				in.Description = p.str(v)
			case "type":
				typeNode, in.Type = v, p.str(v)
			case "required":
				in.Required = p.boolean(v)
			case "default":
				defNode, in.Default = k, p.str(v)
				valueNodes = append(valueNodes, v)
			case "example":
				in.Example = p.str(v)
				valueNodes = append(valueNodes, v)
			default:
				p.errorf(k, "unknown input key %q (want description, type, required, default or example)", key)
			}
		})
		switch in.Type {
		case "":
			in.Type = TypeString
		case TypeString, TypeBoolean, TypeNumber:
		default:
			p.errorf(typeNode, "input %q has unknown type %q (want string, boolean or number)", name, in.Type)
		}
		for _, v := range valueNodes {
			if msg := typeMismatch(in.Type, v.Value); msg != "" {
				p.errorf(v, "input %q: %q %s", name, v.Value, msg)
			}
		}
		if in.Description == "" {
			p.errorf(k, "input %q has no description", name)
		}
		if in.Required && defNode != nil {
			p.errorf(defNode, "input %q is required, so its default would never be used", name)
		}
		ins = append(ins, in)
		at = append(at, p.rng(k))
	})
	return ins, at
}

// typeMismatch says why val is not a value of type typ, or returns "".
// An expression is left to GitHub, which evaluates it at run time.
func typeMismatch(typ, val string) string {
	if val == "" || strings.Contains(val, "${{") {
		return ""
	}
	switch typ {
	case TypeBoolean:
		if val != "true" && val != "false" {
			return "is not true or false"
		}
	case TypeNumber:
		if _, err := strconv.ParseFloat(val, 64); err != nil {
			return "is not a number"
		}
	}
	return ""
}

// job reads the job-level settings and records where each value is in at,
// under job.FIELD.
func (p *parser) job(n *yaml.Node, at map[string]diag.Range) JobSettings {
	var s JobSettings
	p.mapping(n, func(key string, k, v *yaml.Node) {
		at["job."+key] = p.rng(v)
		switch key {
		case "environment":
			s.Environment = p.str(v)
		case "concurrency":
			c := &workflow.Concurrency{}
			p.mapping(v, func(key string, k, v *yaml.Node) {
				at["job.concurrency."+key] = p.rng(v)
				switch key {
				case "group":
					c.Group = p.str(v)
				case "cancel-in-progress":
					c.CancelInProgress = p.boolean(v)
				default:
					p.errorf(k, "unknown concurrency key %q (want group or cancel-in-progress)", key)
				}
			})
			if c.Group == "" {
				p.errorf(v, "concurrency needs a group")
			}
			s.Concurrency = c
		default:
			p.errorf(k, "unknown job key %q (want environment or concurrency)", key)
		}
	})
	return s
}

func (p *parser) permissions(n *yaml.Node) workflow.Permissions {
	perms := workflow.Permissions{}
	if n.Kind == yaml.ScalarNode {
		p.errorf(n, "permissions must list scopes, such as {contents: read}; read-all and write-all are too broad")
		return perms
	}
	p.mapping(n, func(scope string, k, v *yaml.Node) {
		level := p.str(v)
		switch {
		case !slices.Contains(scopes, scope):
			p.errorf(k, "unknown permission scope %q", scope)
		case level != workflow.Read && level != workflow.Write && level != workflow.None:
			p.errorf(v, "permission level %q of %q is not read, write or none", level, scope)
		default:
			perms = append(perms, workflow.KV{Key: scope, Value: level})
		}
	})
	return perms
}

func (p *parser) steps(n *yaml.Node) []*rawStep {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		p.errorf(n, "steps must be a non-empty list")
		return nil
	}
	var steps []*rawStep
	for _, sn := range n.Content {
		s := &rawStep{pos: p.rng(sn), at: map[string]diag.Range{}}
		p.mapping(sn, func(key string, k, v *yaml.Node) {
			s.at[key] = p.rng(v)
			switch key {
			case "id":
				s.id = p.str(v)
			case "name":
				s.name = p.str(v)
			case "if":
				s.ifCond = p.str(v)
			case "uses":
				s.uses = p.str(v)
			case "with":
				s.with = p.kvs(v, "with.", s.at)
			case "run":
				s.run = p.str(v)
			case "shell":
				s.shell = p.str(v)
			case "working-directory":
				s.workingDir = p.str(v)
			case "env":
				s.env = p.kvs(v, "env.", s.at)
			case "continue-on-error":
				s.continueOnError = p.boolean(v)
			case "timeout-minutes":
				m, err := strconv.Atoi(p.str(v))
				if err != nil || m <= 0 {
					p.errorf(v, "timeout-minutes must be a positive whole number")
				}
				s.timeoutMinutes = m
			default:
				p.errorf(k, "unknown step key %q", key)
			}
		})
		steps = append(steps, s)
	}
	return steps
}

// kvs reads a with: or env: mapping and records where each value is in at,
// under prefix+key.
func (p *parser) kvs(n *yaml.Node, prefix string, at map[string]diag.Range) []workflow.KV {
	var kvs []workflow.KV
	p.mapping(n, func(key string, _, v *yaml.Node) {
		at[prefix+key] = p.rng(v)
		kvs = append(kvs, workflow.KV{Key: key, Value: p.str(v)})
	})
	return kvs
}

// checkStep checks what can only be checked with the whole template at
// hand: the action is pinned, and every expression names declared inputs
// in the one form rendering substitutes.
func (p *parser) checkStep(t *Template, s *rawStep, lock *Lock, used, actions map[string]bool) {
	errorf := func(field, format string, args ...any) {
		r, ok := s.at[field]
		if !ok {
			r = s.pos
		}
		p.ds = p.ds.Errorf(r, "template-invalid", format, args...)
	}
	switch {
	case s.uses == "" && s.run == "":
		errorf("", "step has neither uses nor run")
	case s.uses != "" && s.run != "":
		errorf("", "step has both uses and run")
	case s.uses != "":
		switch {
		case strings.Contains(s.uses, "${{"):
			errorf("uses", "uses %q has an expression; a template names its actions literally so that they can be vetted", s.uses)
		case strings.Contains(s.uses, "@"):
			errorf("uses", "uses %q has a ref; write %q, the pin comes from actions.lock", s.uses, s.uses[:strings.Index(s.uses, "@")])
		case !actionRE.MatchString(s.uses):
			errorf("uses", "uses %q is not owner/repo[/path]; local and docker actions cannot be pinned", s.uses)
		default:
			pin, ok := lock.Pin(s.uses)
			if !ok {
				p.ds = p.ds.Errorf(s.at["uses"], "template-unpinned", "action %q is not in actions.lock", s.uses)
				break
			}
			actions[pin.Action] = true
		}
	}

	fields := []field{
		{"name", s.name}, {"if", s.ifCond}, {"run", s.run}, {"shell", s.shell}, {"working-directory", s.workingDir},
	}
	for _, kv := range s.with {
		fields = append(fields, field{"with." + kv.Key, kv.Value})
	}
	for _, kv := range s.env {
		fields = append(fields, field{"env." + kv.Key, kv.Value})
	}
	p.checkRefs(t, fields, func(what string) diag.Range {
		if r, ok := s.at[what]; ok {
			return r
		}
		return s.pos
	}, used)
}

// field is one value that may reference inputs, named as in messages.
type field struct{ what, val string }

// checkRefs checks that every expression in fields names declared inputs
// in the one form rendering substitutes, marking the inputs used; at says
// where a field is.
func (p *parser) checkRefs(t *Template, fields []field, at func(what string) diag.Range, used map[string]bool) {
	errorf := func(what, format string, args ...any) {
		p.ds = p.ds.Errorf(at(what), "template-invalid", format, args...)
	}
	for _, f := range fields {
		for _, m := range inputRefRE.FindAllStringSubmatch(f.val, -1) {
			if _, ok := t.Input(m[1]); !ok {
				errorf(f.what, "%s uses undeclared input %q", f.what, m[1])
			}
			used[m[1]] = true
		}
		for _, expr := range expressions(inputRefRE.ReplaceAllString(f.val, "")) {
			if anyInputsRE.MatchString(expr) {
				errorf(f.what, "%s: only ${{ inputs.NAME }} on its own can be substituted, not %q", f.what, "${{"+expr+"}}")
			}
		}
	}
}

// expressions returns the insides of the ${{ }} expressions in s.
func expressions(s string) []string {
	var out []string
	for {
		i := strings.Index(s, "${{")
		if i < 0 {
			return out
		}
		s = s[i+3:]
		j := strings.Index(s, "}}")
		if j < 0 {
			return append(out, s)
		}
		out = append(out, s[:j])
		s = s[j+2:]
	}
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): `)

// yamlErrorRange points at the line yaml.v3 names in its message. yaml.v3
// gives no column, so the range starts at the beginning of the line.
func yamlErrorRange(file string, err error) diag.Range {
	r := diag.Range{File: file}
	if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		r.Start = diag.Pos{Line: line, Col: 1}
	}
	return r
}

func yamlErrorMessage(err error) string {
	msg := yamlLineRE.ReplaceAllString(err.Error(), "")
	return strings.TrimPrefix(msg, "yaml: ")
}
