package lint

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"go.yaml.in/yaml/v3"
)

// ruleDeprecatedAction flags action majors that GitHub has retired or that
// run on a removed Node.js, and actions that are archived. For a ref
// pinned to a SHA it reads the version from the "# vX" comment, which is
// the only place the major is written. actionlint reports old runtimes of
// popular actions referenced by tag; those findings win at the same place.
type ruleDeprecatedAction struct{ RuleBase }

// minMajor is the oldest supported major of each action: older ones run
// on Node 12 or 16, or use the retired artifact and cache services.
var minMajor = map[string]int{
	"actions/checkout":                      4,
	"actions/upload-artifact":               4,
	"actions/download-artifact":             4,
	"actions/cache":                         4,
	"actions/setup-node":                    4,
	"actions/setup-python":                  5,
	"actions/setup-java":                    4,
	"actions/setup-go":                      5,
	"actions/setup-dotnet":                  4,
	"actions/github-script":                 7,
	"actions/upload-pages-artifact":         3,
	"actions/deploy-pages":                  4,
	"github/codeql-action":                  3,
	"docker/login-action":                   3,
	"docker/build-push-action":              5,
	"docker/setup-buildx-action":            3,
	"docker/setup-qemu-action":              3,
	"docker/metadata-action":                5,
	"aws-actions/configure-aws-credentials": 4,
	"azure/login":                           2,
}

// retired actions are archived; the value says what to use instead.
var retired = map[string]string{
	"actions/create-release":       "softprops/action-gh-release",
	"actions/upload-release-asset": "softprops/action-gh-release",
	"actions/setup-ruby":           "ruby/setup-ruby",
	"gradle/gradle-build-action":   "gradle/actions/setup-gradle",
}

var majorRE = regexp.MustCompile(`^v?(\d+)(?:\.|$)`)

func newRuleDeprecatedAction() rule {
	return &ruleDeprecatedAction{RuleBase{info: RuleInfo{
		ID:          "deprecated-action",
		Description: "actions are on a supported major version and not archived",
		Severity:    diag.Error,
		Bad: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@f43a0e5ff2bd294095638e18286ca9a3d1956744 # v3.6.0
`,
		Good: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
`,
	}}}
}

func (r *ruleDeprecatedAction) visitStep(_ *workflowNode, _ *jobNode, s *stepNode) {
	a, ok := stepUses(s)
	if !ok || a.local || a.docker {
		return
	}
	repo := strings.ToLower(a.repo())
	if alt, ok := retired[repo]; ok {
		r.report(s.uses, "%s is archived and no longer maintained: use %s", a.repo(), alt)
		return
	}
	want, ok := minMajor[repo]
	if !ok {
		return
	}
	version := a.ref
	if fullSHA.MatchString(version) {
		version = versionComment(s.uses)
	}
	m := majorRE.FindStringSubmatch(version)
	if m == nil {
		return
	}
	if major, _ := strconv.Atoi(m[1]); major < want {
		r.report(s.uses, "%s v%d is deprecated or retired: use v%d or later", a.repo(), major, want)
	}
}

// versionComment returns the version a "# v4.1.1" comment after a pinned
// uses: names, or "".
func versionComment(uses *yaml.Node) string {
	c := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(uses.LineComment), "#"))
	f := strings.Fields(c)
	if len(f) == 0 {
		return ""
	}
	return f[0]
}
