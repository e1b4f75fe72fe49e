package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/convert"
	"github.com/jenkins2actions/jenkins2actions/diag"
)

func sampleResult() *convert.Result {
	at := func(line int) diag.Range { return diag.Range{File: "Jenkinsfile", Start: diag.Pos{Line: line, Col: 5}} }
	return &convert.Result{
		Items: []*convert.Item{
			{Construct: "step:sh", Status: convert.Converted, Source: at(3)},
			{Construct: "option:retry", Status: convert.Approximated, Note: "per script", Source: at(2)},
			{Construct: "step:mail", Status: convert.Manual, Note: "use an action", Source: at(7), Text: "mail to: 'x'"},
		},
		Secrets:      []*convert.Secret{{Name: "TOKEN", CredentialID: "token", Kind: "secret text", Source: at(4)}},
		Runners:      []*convert.Runner{{Label: "gpu", RunsOn: []string{"self-hosted", "gpu"}, Variable: "RUNS_ON_GPU", Source: at(1)}},
		Environments: []*convert.Environment{{Name: "production", Reviewers: []string{"ops"}, Source: at(9)}},
	}
}

func TestText(t *testing.T) {
	r := New("Jenkinsfile", "declarative", sampleResult(), nil)
	r.Workflow = ".github/workflows/x.yml"
	var b bytes.Buffer
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"wrote .github/workflows/x.yml\n",
		"Jenkinsfile: 1 converted, 1 approximated, 1 manual\n",
		"  Jenkinsfile:7:5: step:mail: use an action\n",
		"  TOKEN (Jenkins credential \"token\", secret text)\n",
		"  \"gpu\": runs-on [self-hosted, gpu]",
		"  production (required reviewers: ops)\n",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, b.String())
		}
	}
	if strings.Contains(b.String(), "option:retry") {
		t.Error("approximated items belong in the JSON report, not the short text")
	}
}

func TestJSON(t *testing.T) {
	r := New("Jenkinsfile", "declarative", sampleResult(), diag.Diagnostics{}.Warnf(diag.Range{File: "Jenkinsfile"}, "unknown-directive", "x"))
	var b bytes.Buffer
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if back["schemaVersion"].(float64) != SchemaVersion {
		t.Error("schemaVersion missing")
	}
	items := back["items"].([]any)
	first := items[2].(map[string]any)
	if first["at"] != "Jenkinsfile:7:5" || first["status"] != "manual" || first["text"] != "mail to: 'x'" {
		t.Errorf("item %v", first)
	}
	if s := back["summary"].(map[string]any); s["manual"].(float64) != 1 {
		t.Errorf("summary %v", s)
	}
	if d := back["diagnostics"].([]any)[0].(map[string]any); d["severity"] != "warning" {
		t.Errorf("diagnostic %v", d)
	}
	empty := New("Jenkinsfile", "declarative", nil, nil)
	b.Reset()
	empty.WriteJSON(&b)
	if !strings.Contains(b.String(), `"items": []`) || !strings.Contains(b.String(), `"diagnostics": []`) || !strings.Contains(b.String(), `"inherited": []`) {
		t.Errorf("empty lists must be [] for consumers:\n%s", b.String())
	}
	if strings.Contains(b.String(), `"workflow"`) {
		t.Errorf("no workflow was written, so the field is absent, as the README says:\n%s", b.String())
	}
}
