package lint

import (
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The practice rules see a workflow as this light model over the YAML
// tree: only the keys they read, each kept as its node so that findings
// carry the node's position. actionlint checks the structure; the model
// tolerates anything and leaves a key nil when it is absent or malformed.

// workflowNode is the top-level mapping of a workflow file.
type workflowNode struct {
	root *yaml.Node
	// events maps each trigger named under on: to its value node, which
	// is nil when on: is a string or a sequence.
	events      map[string]*yaml.Node
	permissions *yaml.Node // value of permissions:, or nil
	env         *yaml.Node
	concurrency *yaml.Node
	jobsKey     *yaml.Node
	jobs        []*jobNode
}

// jobNode is one job under jobs:.
type jobNode struct {
	id              string
	key             *yaml.Node // the job id scalar, where job findings point
	node            *yaml.Node // the job's mapping
	name            string
	runsOn          *yaml.Node
	permissions     *yaml.Node
	environment     *yaml.Node
	concurrency     *yaml.Node
	timeout         *yaml.Node
	continueOnError *yaml.Node
	uses            *yaml.Node // a reusable workflow call
	secrets         *yaml.Node
	env             *yaml.Node
	stepsKey        *yaml.Node
	steps           []*stepNode
}

// stepNode is one step of a job.
type stepNode struct {
	node            *yaml.Node
	uses            *yaml.Node
	run             *yaml.Node
	with            *yaml.Node
	env             *yaml.Node
	continueOnError *yaml.Node
}

// parseWorkflow reads the model from src; it returns nil when src is not
// a YAML mapping, which actionlint reports.
func parseWorkflow(src []byte) *workflowNode {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil || len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil
	}
	w := &workflowNode{root: root, events: map[string]*yaml.Node{}}
	if _, on := mapGet(root, "on"); on != nil {
		switch on.Kind {
		case yaml.ScalarNode:
			w.events[on.Value] = nil
		case yaml.SequenceNode:
			for _, e := range on.Content {
				w.events[e.Value] = nil
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(on.Content); i += 2 {
				w.events[on.Content[i].Value] = on.Content[i+1]
			}
		}
	}
	_, w.permissions = mapGet(root, "permissions")
	_, w.env = mapGet(root, "env")
	_, w.concurrency = mapGet(root, "concurrency")
	var jobs *yaml.Node
	w.jobsKey, jobs = mapGet(root, "jobs")
	if jobs == nil || jobs.Kind != yaml.MappingNode {
		return w
	}
	for i := 0; i+1 < len(jobs.Content); i += 2 {
		k, v := jobs.Content[i], jobs.Content[i+1]
		if v.Kind != yaml.MappingNode {
			continue
		}
		j := &jobNode{id: k.Value, key: k, node: v}
		if _, n := mapGet(v, "name"); n != nil {
			j.name = n.Value
		}
		_, j.runsOn = mapGet(v, "runs-on")
		_, j.permissions = mapGet(v, "permissions")
		_, j.environment = mapGet(v, "environment")
		_, j.concurrency = mapGet(v, "concurrency")
		_, j.timeout = mapGet(v, "timeout-minutes")
		_, j.continueOnError = mapGet(v, "continue-on-error")
		_, j.uses = mapGet(v, "uses")
		_, j.secrets = mapGet(v, "secrets")
		_, j.env = mapGet(v, "env")
		var steps *yaml.Node
		j.stepsKey, steps = mapGet(v, "steps")
		if steps != nil && steps.Kind == yaml.SequenceNode {
			for _, s := range steps.Content {
				if s.Kind != yaml.MappingNode {
					continue
				}
				st := &stepNode{node: s}
				_, st.uses = mapGet(s, "uses")
				_, st.run = mapGet(s, "run")
				_, st.with = mapGet(s, "with")
				_, st.env = mapGet(s, "env")
				_, st.continueOnError = mapGet(s, "continue-on-error")
				j.steps = append(j.steps, st)
			}
		}
		w.jobs = append(w.jobs, j)
	}
	return w
}

// mapGet returns the key and value nodes of key in mapping m, or nils.
func mapGet(m *yaml.Node, key string) (k, v *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

// scalar returns the value of a scalar node, "" for anything else.
func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

// isTrue reports whether n is the literal true, not an expression.
func isTrue(n *yaml.Node) bool {
	return n != nil && n.Kind == yaml.ScalarNode && n.Tag == "!!bool" && strings.EqualFold(n.Value, "true")
}

// actionRef is a parsed uses: value.
type actionRef struct {
	// action is owner/repo[/path]; "" for local and docker actions.
	action string
	ref    string
	local  bool // ./path
	docker bool // docker://image
}

func parseUses(s string) actionRef {
	switch {
	case strings.HasPrefix(s, "./"):
		return actionRef{local: true}
	case strings.HasPrefix(s, "docker://"):
		return actionRef{docker: true, ref: strings.TrimPrefix(s, "docker://")}
	}
	action, ref, _ := strings.Cut(s, "@")
	return actionRef{action: action, ref: ref}
}

// repo is the owner/repo part of the action, the unit GitHub's allowed
// actions policy and the deprecation table speak of.
func (a actionRef) repo() string {
	parts := strings.SplitN(a.action, "/", 3)
	if len(parts) < 2 {
		return a.action
	}
	return parts[0] + "/" + parts[1]
}

var fullSHA = regexp.MustCompile(`^[0-9a-f]{40}$`)

// pinned reports whether the ref names one immutable thing: a full commit
// SHA, or for a docker image a sha256 digest.
func (a actionRef) pinned() bool {
	switch {
	case a.local:
		return true
	case a.docker:
		return strings.Contains(a.ref, "@sha256:")
	}
	return fullSHA.MatchString(a.ref)
}

// stepUses returns the parsed uses: of a step, and false for run steps.
func stepUses(s *stepNode) (actionRef, bool) {
	u := scalar(s.uses)
	if u == "" {
		return actionRef{}, false
	}
	return parseUses(u), true
}

// withValue returns the value node of input name under a step's with:.
func withValue(s *stepNode, name string) *yaml.Node {
	_, v := mapGet(s.with, name)
	return v
}

// isAction reports whether a step uses owner/repo (ignoring case and ref).
func isAction(s *stepNode, repo string) bool {
	a, ok := stepUses(s)
	return ok && strings.EqualFold(a.repo(), repo)
}
