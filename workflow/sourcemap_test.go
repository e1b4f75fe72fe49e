package workflow

import (
	"strings"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/diag"
)

// Each line of a rendered job or step maps to the Jenkins range that
// produced it, the step's before the job's.
func TestSourceMap(t *testing.T) {
	at := func(line int) diag.Range {
		return diag.Range{File: "Jenkinsfile", Start: diag.Pos{Line: line, Col: 1}}
	}
	w := &Workflow{Name: "w", Jobs: []*Job{
		{ID: "build", RunsOn: []string{"ubuntu-latest"}, Source: at(3), Steps: []*Step{
			{Run: "make", Source: at(4)},
			{Name: "Test", Run: "make test\nmake check", Source: at(5)},
		}},
		{ID: "deploy", RunsOn: []string{"ubuntu-latest"}, Source: at(9), Steps: []*Step{{Run: "make deploy", Source: at(10)}}},
	}}
	out, err := Render(w)
	if err != nil {
		t.Fatal(err)
	}
	spans := SourceMap(w, out)
	lines := strings.Split(string(out), "\n")
	want := map[string]int{"build:": 3, "- run: make": 4, "make check": 5, "deploy:": 9, "- run: make deploy": 10}
	for text, src := range want {
		found := false
		for i, l := range lines {
			if strings.TrimLeft(l, " ") == text {
				found = true
				if got := At(spans, i+1); got.Start.Line != src {
					t.Errorf("line %d %q maps to %v, want Jenkinsfile:%d", i+1, text, got, src)
				}
			}
		}
		if !found {
			t.Errorf("no line %q in\n%s", text, out)
		}
	}
}
