package lint

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/jenkins2actions/jenkins2actions/diag"
)

// TestSARIFSchema validates the SARIF output against the official SARIF
// 2.1.0 JSON schema, which go-sarif embeds (OASIS errata01, draft-04) and
// checks with Report.Validate. Validate works on go-sarif's structs, so
// the test first shows that the output survives decoding into them
// unchanged: what is validated is exactly what was written.
func TestSARIFSchema(t *testing.T) {
	base, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	var ds diag.Diagnostics
	for _, f := range []string{"actions-pinned-bad.yml", "untrusted-input-actionlint.yml", "continue-on-error-bad.yml"} {
		p := filepath.Join("testdata", "rules", f)
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		found, err := Workflow(p, src, Options{Shellcheck: "-"})
		if err != nil {
			t.Fatal(err)
		}
		ds = append(ds, found...)
	}
	ds = append(ds, &diag.Diagnostic{Severity: diag.Info, Code: "actionlint/x", Message: "no position", Detail: "a hint"})
	for _, tt := range []struct {
		name string
		ds   diag.Diagnostics
	}{{"findings", ds}, {"none", nil}} {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteSARIF(&buf, tt.ds, SARIFOptions{Version: "v1.2.3", BaseDir: base}); err != nil {
				t.Fatal(err)
			}
			report, err := sarif.FromBytes(buf.Bytes(), sarif.WithStrictValidation())
			if err != nil {
				t.Fatal(err)
			}
			// go-sarif's placeholders for unknown numbers stay out.
			if bytes.Contains(buf.Bytes(), []byte("-1")) {
				t.Errorf("output holds a -1 placeholder:\n%s", buf.Bytes())
			}
			if err := report.Validate(); err != nil {
				t.Fatalf("output is not valid SARIF 2.1.0: %v\n%s", err, buf.Bytes())
			}
			run := report.Runs[0]
			if *run.Tool.Driver.Name != "jenkins2actions" || *run.Tool.Driver.Version != "v1.2.3" {
				t.Errorf("driver = %s %s", *run.Tool.Driver.Name, *run.Tool.Driver.Version)
			}
			if len(run.Results) != len(tt.ds) {
				t.Fatalf("%d results, want %d", len(run.Results), len(tt.ds))
			}
			for i, r := range run.Results {
				d := tt.ds[i]
				rule := run.Tool.Driver.Rules[r.RuleIndex]
				loc := r.Locations[0].PhysicalLocation
				if *r.RuleID != d.Code || *rule.ID != d.Code || r.Level != level(d.Severity) {
					t.Errorf("result %d: rule %s (index → %s), level %s; want %s, %s", i, *r.RuleID, *rule.ID, r.Level, d.Code, level(d.Severity))
				}
				if d.Subject.File != "" && (*loc.ArtifactLocation.URI != filepath.ToSlash(d.Subject.File) || *loc.Region.StartLine != d.Subject.Start.Line) {
					t.Errorf("result %d at %s:%d, want %s", i, *loc.ArtifactLocation.URI, *loc.Region.StartLine, d.Subject)
				}
			}
		})
	}
}
