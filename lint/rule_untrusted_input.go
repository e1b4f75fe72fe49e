package lint

import (
	"regexp"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"go.yaml.in/yaml/v3"
)

// ruleUntrustedInput finds values an outsider controls pasted into run:
// scripts, where they become shell code. actionlint already flags the
// best-known contexts (titles, bodies, head_ref, commit messages); this
// rule adds the ones it misses (workflow_run and check_suite branches and
// commits, committer names) and the indirection it cannot see: an env
// variable set from such a context and then expanded with ${{ env.X }},
// which is just as injectable as the context itself.
type ruleUntrustedInput struct{ RuleBase }

// extraUntrusted are the contexts that actionlint does not flag. "*" is
// any one property or index.
var extraUntrusted = []string{
	"github.event.workflow_run.head_branch",
	"github.event.workflow_run.display_title",
	"github.event.workflow_run.head_commit.message",
	"github.event.workflow_run.head_commit.author.name",
	"github.event.workflow_run.head_commit.author.email",
	"github.event.workflow_run.head_commit.committer.name",
	"github.event.workflow_run.head_commit.committer.email",
	"github.event.workflow_run.pull_requests.*.head.ref",
	"github.event.workflow_run.head_repository.description",
	"github.event.head_commit.committer.name",
	"github.event.head_commit.committer.email",
	"github.event.commits.*.committer.name",
	"github.event.commits.*.committer.email",
	"github.event.check_suite.head_branch",
	"github.event.check_run.check_suite.head_branch",
	"github.event.merge_group.head_commit.message",
	"github.event.pull_request.head.repo.description",
}

// actionlintUntrusted are the contexts actionlint flags in run: (its
// BuiltinUntrustedInputs); this rule reports them only when they reach the
// script through env.
var actionlintUntrusted = []string{
	"github.event.issue.title",
	"github.event.issue.body",
	"github.event.pull_request.title",
	"github.event.pull_request.body",
	"github.event.pull_request.head.ref",
	"github.event.pull_request.head.label",
	"github.event.pull_request.head.repo.default_branch",
	"github.event.comment.body",
	"github.event.review.body",
	"github.event.review_comment.body",
	"github.event.pages.*.page_name",
	"github.event.commits.*.message",
	"github.event.commits.*.author.email",
	"github.event.commits.*.author.name",
	"github.event.head_commit.message",
	"github.event.head_commit.author.email",
	"github.event.head_commit.author.name",
	"github.event.discussion.title",
	"github.event.discussion.body",
	"github.head_ref",
}

func newRuleUntrustedInput() rule {
	return &ruleUntrustedInput{RuleBase{info: RuleInfo{
		ID:          "untrusted-input",
		Description: "no attacker-controlled context (branch names, commit messages, ...) expanded inside run:, directly or through env",
		Severity:    diag.Error,
		Bad: `on:
  workflow_run:
    workflows: [ci]
    types: [completed]
jobs:
  report:
    runs-on: ubuntu-latest
    steps:
      - run: echo "built ${{ github.event.workflow_run.head_branch }}"
`,
		Good: `on:
  workflow_run:
    workflows: [ci]
    types: [completed]
jobs:
  report:
    runs-on: ubuntu-latest
    steps:
      - run: echo "built $BRANCH"
        env:
          BRANCH: ${{ github.event.workflow_run.head_branch }}
`,
	}}}
}

func (r *ruleUntrustedInput) visitStep(w *workflowNode, j *jobNode, s *stepNode) {
	if s.run == nil {
		return
	}
	var tainted map[string]string // env name → untrusted context it holds
	for _, e := range expressions(s.run.Value) {
		for _, ref := range contextRefs(e.text) {
			if p := matchContext(ref.path, extraUntrusted); p != "" {
				line, col := r.scalarPos(s.run, e.offset+ref.offset)
				r.reportAt(line, col, "%q is controlled by whoever pushed the branch or commit: pass it through env: and use the variable, quoted", ref.path)
				continue
			}
			if !strings.HasPrefix(ref.path, "env.") || strings.Count(ref.path, ".") != 1 {
				continue
			}
			name := strings.TrimSpace(ref.raw[strings.IndexByte(ref.raw, '.')+1:])
			if tainted == nil {
				tainted = taintedEnv(w.env, j.env, s.env)
			}
			if ctx, ok := tainted[strings.ToLower(name)]; ok {
				line, col := r.scalarPos(s.run, e.offset+ref.offset)
				r.reportAt(line, col, "env %q holds untrusted %q and ${{ }} pastes it into the script: use the shell variable \"$%s\" instead", name, ctx, name)
			}
		}
	}
}

// taintedEnv maps the env variables (lowercase, as expressions compare
// them) whose value reads an untrusted context to that context.
func taintedEnv(envs ...*yaml.Node) map[string]string {
	out := map[string]string{}
	for _, env := range envs {
		if env == nil || env.Kind != yaml.MappingNode {
			continue
		}
		for i := 0; i+1 < len(env.Content); i += 2 {
			for _, e := range expressions(env.Content[i+1].Value) {
				for _, ref := range contextRefs(e.text) {
					if p := matchContext(ref.path, extraUntrusted, actionlintUntrusted); p != "" {
						out[strings.ToLower(env.Content[i].Value)] = ref.path
					}
				}
			}
		}
	}
	return out
}

// contextRef is a property path read in an expression, normalised:
// lowercase, dots only, any index as "*".
type contextRef struct {
	path   string
	raw    string // as written
	offset int    // in the expression text
}

var (
	refRE   = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_-]*(?:\s*(?:\.\s*(?:[A-Za-z_][A-Za-z0-9_-]*|\*)|\[[^\]]*\]))*`)
	indexRE = regexp.MustCompile(`\s*\[\s*'([^']*)'\s*\]|\s*\[[^\]]*\]`)
)

// contextRefs finds the property paths read in an expression. Quoted
// string literals are skipped so that their words are not taken for
// contexts.
func contextRefs(text string) []contextRef {
	var out []contextRef
	masked := maskStrings(text)
	for _, m := range refRE.FindAllStringIndex(masked, -1) {
		raw := text[m[0]:m[1]]
		p := indexRE.ReplaceAllStringFunc(raw, func(ix string) string {
			if sub := indexRE.FindStringSubmatch(ix); sub[1] != "" {
				return "." + sub[1]
			}
			return ".*"
		})
		p = strings.ToLower(strings.Join(strings.Fields(p), ""))
		out = append(out, contextRef{path: p, raw: raw, offset: m[0]})
	}
	return out
}

// maskStrings blanks the insides of '...' literals outside of indexes,
// keeping offsets, so that refRE does not match words in them.
func maskStrings(text string) string {
	b := []byte(text)
	inStr, depth := false, 0
	for i, c := range b {
		switch {
		case c == '\'':
			inStr = !inStr
		case inStr && depth == 0:
			b[i] = ' '
		case c == '[':
			depth++
		case c == ']' && depth > 0:
			depth--
		}
	}
	return string(b)
}

// matchContext returns the pattern of the lists that path reads (the
// pattern itself or something inside it), or "".
func matchContext(path string, lists ...[]string) string {
	segs := strings.Split(path, ".")
	for _, list := range lists {
		for _, p := range list {
			ps := strings.Split(p, ".")
			if len(segs) < len(ps) {
				continue
			}
			ok := true
			for i, s := range ps {
				if s != "*" && segs[i] != "*" && s != segs[i] {
					ok = false
					break
				}
			}
			if ok {
				return p
			}
		}
	}
	return ""
}
