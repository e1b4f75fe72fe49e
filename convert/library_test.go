package convert_test

import (
	"strings"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/config"
	"github.com/jenkins2actions/jenkins2actions/convert"
	"github.com/jenkins2actions/jenkins2actions/jenkins/jenkinsfile"
	"github.com/jenkins2actions/jenkins2actions/lint"
	"github.com/jenkins2actions/jenkins2actions/workflow"
)

// TestLibraryMap checks the shared-library map of the configuration:
// mapped steps become a reusable workflow call, an action or a template;
// unmapped ones are reported once per name with their call sites.
func TestLibraryMap(t *testing.T) {
	cfg := config.Default()
	cfg.Libraries = map[string]config.LibraryStep{
		"buildPlugin": {Workflow: "jenkins-infra/github-reusable-workflows/.github/workflows/maven-cd.yml@v1", With: map[string]string{"java": "21"}},
		"notifyTeam":  {Template: "slack-notify", With: map[string]string{"webhook": "${{ secrets.SLACK_WEBHOOK }}"}},
		"scan":        {Action: "my-org/scan-action@0123456789abcdef0123456789abcdef01234567"},
	}
	tests := []struct {
		name, src string
		want      []string // substrings of the workflow
		account   []string // substrings of the items
	}{
		{"whole pipeline", "@Library('pipeline-library') _\nbuildPlugin(useContainerAgent: true, platforms: ['linux', 'windows'])\n",
			[]string{"uses: jenkins-infra/github-reusable-workflows/.github/workflows/maven-cd.yml@v1", "java: 21", "useContainerAgent: true", "platforms: |"},
			[]string{"library:buildPlugin converted"}},
		{"steps", "@Library('lib') _\npipeline {\n agent any\n stages {\n  stage('a') { steps {\n   scan(level: 'high')\n   notifyTeam(text: 'done')\n   deployIt 'x'\n   deployIt 'y'\n  } }\n }\n}\n",
			[]string{"uses: my-org/scan-action@0123456789abcdef0123456789abcdef01234567", "level: high", "slackapi/slack-github-action@"},
			[]string{"library:scan converted", "library:notifyTeam converted", `step:deployIt manual step "deployIt" is not a Jenkins step`, "called 2 times, at 8:4, 9:4"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, diags := jenkinsfile.Read("Jenkinsfile", []byte(tt.src), "lib")
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			res, err := convert.Convert(p, convert.Options{Config: cfg})
			if err != nil {
				t.Fatal(err)
			}
			out, err := workflow.Render(res.Workflow)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("workflow lacks %q:\n%s", w, out)
				}
			}
			var items []string
			for _, it := range res.Items {
				items = append(items, it.Construct+" "+string(it.Status)+" "+it.Note)
			}
			all := strings.Join(items, "\n")
			for _, w := range tt.account {
				if !strings.Contains(all, w) {
					t.Errorf("items lack %q:\n%s", w, all)
				}
			}
			findings, err := lint.Workflow("lib.yml", out, lint.Options{Shellcheck: "-", Disable: []string{"actions-pinned"}})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range findings {
				t.Errorf("lint: %s", f)
			}
		})
	}
}
