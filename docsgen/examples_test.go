package docsgen

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/convert"
	"github.com/jenkins2actions/jenkins2actions/engine"
	"github.com/jenkins2actions/jenkins2actions/templates"
)

// TestExamples converts every snippet: each parses, converts and reports
// the construct it is meant to show, and names a registered construct.
func TestExamples(t *testing.T) {
	cat, err := templates.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, k := range convert.Constructs() {
		ids = append(ids, k.ID())
	}
	for id, snippet := range examples {
		t.Run(id, func(t *testing.T) {
			if !slices.Contains(ids, id) {
				t.Fatalf("%q is not a registered construct", id)
			}
			if _, err := runExample(cat, id, snippet); err != nil {
				t.Error(err)
			}
		})
	}
}

// noExample are the constructs that cannot have an example, each with
// the reason and, for one that only a job's config.xml has, the golden
// case of the converter (testdata/convert/<case> in package convert) that
// shows it instead. Examples are Jenkinsfiles (runExample reads them with
// jenkinsfile.Read), so a construct the converter only meets in a
// config.xml, or never reports under its own id, has none.
var noExample = map[string]struct{ why, golden string }{
	// Only an organisation's broken catalog produces it; the built-in
	// catalog is checked to render. engine's tests convert with a broken
	// one.
	"directive:template": {"a broken organisation catalog only", ""},
	// The GitHub pull request builder is configured in the job's
	// config.xml; a Jenkinsfile can only name it as [$class: 'GhprbTrigger']
	// in properties, which the converter does not read as this trigger.
	"trigger:ghprb": {"config.xml only (GhprbTrigger)", "xml-ghprb"},
	// Pull request discovery is a trait of a multibranch job's branch
	// source in its config.xml; Jenkinsfiles have no such trigger.
	"trigger:githubPullRequest": {"config.xml only (multibranch branch source)", "xml-multibranch"},
	// The SCM checkout retry count is a freestyle job setting in
	// config.xml (scmCheckoutRetryCount); Jenkinsfiles have no such option.
	"option:checkoutRetryCount": {"config.xml only (scmCheckoutRetryCount)", "xml-ghprb"},
	// A pipeline job whose Jenkinsfile lives in the repository, and a
	// Git publisher, exist only in config.xml.
	"step:jenkinsfileFromSCM": {"config.xml only (CpsScmFlowDefinition, multibranch)", "xml-multibranch"},
	"step:gitPush":            {"config.xml only (GitPublisher)", "xml-fs-everything"},
	// The guard is added only where the configuration's labels: map sends
	// a job to self-hosted runners; examples use the default configuration.
	"agent:self-hosted": {"a labels: map to self-hosted runners in the configuration", ""},
}

// TestMissingExamples fails for every construct whose page entry has no
// example, unless noExample says why it cannot have one; a construct
// exempt for being config.xml only must be reported by the converter's
// golden case that noExample names, so that every construct but one is
// converted by a test that shows its output.
func TestMissingExamples(t *testing.T) {
	registered := map[string]bool{}
	for _, k := range convert.Constructs() {
		id := k.ID()
		registered[id] = true
		_, have := examples[id]
		ex, exempt := noExample[id]
		switch {
		case have && exempt:
			t.Errorf("%s has an example but is exempt (%s): drop it from noExample", id, ex.why)
		case !have && !exempt:
			t.Errorf("%s has no example: add one to examples", id)
		}
	}
	for id, ex := range noExample {
		if !registered[id] {
			t.Errorf("%s in noExample is not a registered construct", id)
		}
		if ex.golden != "" && !goldenReports(t, ex.golden, id) {
			t.Errorf("%s: the golden case %s does not report it", id, ex.golden)
		}
	}
}

// goldenReports converts the config.xml of a golden case of package
// convert and reports whether its account names the construct id.
func goldenReports(t *testing.T, golden, id string) bool {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "convert", "testdata", "convert", golden, "config.xml"))
	if err != nil {
		t.Fatal(err)
	}
	conv, err := engine.Convert("config.xml", src, golden, convert.Options{}, "-")
	if err != nil {
		t.Fatal(err)
	}
	if conv.Result == nil {
		t.Fatalf("%s: %v", golden, conv.Diagnostics)
	}
	return slices.ContainsFunc(conv.Result.Items, func(it *convert.Item) bool { return it.Construct == id })
}
