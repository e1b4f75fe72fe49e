package diag

import (
	"encoding/json"
	"testing"
)

func TestDiagnosticString(t *testing.T) {
	r := Range{File: "Jenkinsfile", Start: Pos{Line: 3, Col: 5}}
	tests := []struct {
		d    Diagnostic
		want string
	}{
		{Diagnostic{Severity: Error, Code: "syntax-error", Message: `expected ")"`, Subject: r}, `Jenkinsfile:3:5: expected ")" [syntax-error]`},
		{Diagnostic{Severity: Warning, Code: "unknown-directive", Message: "unknown directive", Detail: "remove it", Subject: r}, "Jenkinsfile:3:5: warning: unknown directive (remove it) [unknown-directive]"},
		{Diagnostic{Severity: Error, Message: "no position"}, "-: no position"},
		{Diagnostic{Severity: Error, Message: "file only", Subject: Range{File: "x.yml"}}, "x.yml: file only"},
	}
	for _, tt := range tests {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

func TestSortAndErrors(t *testing.T) {
	var ds Diagnostics
	ds = ds.Warnf(Range{File: "b", Start: Pos{Line: 1, Col: 1}}, "w", "later file")
	ds = ds.Errorf(Range{File: "a", Start: Pos{Line: 9, Col: 1}}, "e", "line %d", 9)
	ds = ds.Errorf(Range{File: "a", Start: Pos{Line: 2, Col: 7}}, "e", "line %d", 2)
	ds.Sort()
	if ds[0].Message != "line 2" || ds[1].Message != "line 9" || ds[2].Message != "later file" {
		t.Errorf("sorted wrong: %v", ds)
	}
	if !ds.HasErrors() || (Diagnostics{ds[2]}).HasErrors() {
		t.Error("HasErrors is wrong")
	}
}

func TestSeverityJSON(t *testing.T) {
	b, err := json.Marshal(&Diagnostic{Severity: Warning, Code: "c", Message: "m"})
	if err != nil {
		t.Fatal(err)
	}
	var back Diagnostic
	if err := json.Unmarshal(b, &back); err != nil || back.Severity != Warning {
		t.Errorf("round trip: %s %v %v", b, back.Severity, err)
	}
}
