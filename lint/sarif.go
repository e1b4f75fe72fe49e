package lint

import (
	"encoding/json"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/jenkins2actions/jenkins2actions/diag"
)

// SARIFOptions configures WriteSARIF.
type SARIFOptions struct {
	// Version is the tool version reported.
	Version string
	// BaseDir is the directory artifact URIs are relative to (the
	// repository root for GitHub code scanning); "" keeps paths as given.
	BaseDir string
}

// informationURI is where people read about the tool and its rules.
const informationURI = "https://github.com/jenkins2actions/jenkins2actions"

// WriteSARIF writes the diagnostics as a SARIF 2.1.0 log that GitHub code
// scanning accepts: one run, every practice rule and each actionlint kind
// found described under tool.driver.rules, and one result per finding
// with a relative artifact URI and a 1-based region.
func WriteSARIF(w io.Writer, ds diag.Diagnostics, opts SARIFOptions) error {
	run := sarif.NewRunWithInformationURI("jenkins2actions", informationURI)
	version := opts.Version
	run.Tool.Driver.Version = &version
	index := map[string]int{}
	addRule := func(id, desc string, sev diag.Severity) {
		rd := sarif.NewReportingDescriptor()
		rd.ID = &id
		text := desc
		rd.ShortDescription = sarif.NewMultiformatMessageString()
		rd.ShortDescription.Text = &text
		cfg := sarif.NewReportingConfiguration()
		cfg.Level = level(sev)
		rd.DefaultConfiguration = cfg
		index[id] = len(run.Tool.Driver.Rules)
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, rd)
	}
	for _, r := range Rules() {
		addRule(r.ID, r.Description, r.Severity)
	}
	var kinds []string
	for _, d := range ds {
		if _, ok := index[d.Code]; !ok && !slices.Contains(kinds, d.Code) {
			kinds = append(kinds, d.Code)
		}
	}
	slices.Sort(kinds)
	for _, k := range kinds {
		addRule(k, "actionlint check "+strings.TrimPrefix(k, "actionlint/"), diag.Error)
	}
	for _, d := range ds {
		res := sarif.NewResult()
		id, msg := d.Code, d.Message
		if d.Detail != "" {
			msg += " (" + d.Detail + ")"
		}
		res.RuleID = &id
		res.RuleIndex = index[id]
		res.Level = level(d.Severity)
		// The constructors fill in the arrays the schema requires.
		res.Message = sarif.NewMessage()
		res.Message.Text = &msg
		uri := artifactURI(d.Subject.File, opts.BaseDir)
		region := sarif.NewRegion()
		line, col := max(d.Subject.Start.Line, 1), max(d.Subject.Start.Col, 1)
		region.StartLine, region.StartColumn = &line, &col
		loc := sarif.NewLocation()
		loc.PhysicalLocation = sarif.NewPhysicalLocation()
		loc.PhysicalLocation.ArtifactLocation = sarif.NewArtifactLocation()
		loc.PhysicalLocation.ArtifactLocation.URI = &uri
		loc.PhysicalLocation.Region = region
		res.Locations = []*sarif.Location{loc}
		run.AddResult(res)
	}
	report := sarif.NewReport()
	report.AddRun(run)
	// go-sarif writes -1 for every number it was not given (rank, id,
	// index, byteOffset, charOffset); SARIF says "unknown" by leaving the
	// property out.
	b, err := json.Marshal(report)
	if err != nil {
		return err
	}
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		return err
	}
	dropUnset(doc)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// dropUnset removes every number -1 from a decoded JSON document.
func dropUnset(v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if n, ok := x.(float64); ok && n == -1 {
				delete(v, k)
				continue
			}
			dropUnset(x)
		}
	case []any:
		for _, x := range v {
			dropUnset(x)
		}
	}
}

func level(s diag.Severity) string {
	switch s {
	case diag.Error:
		return sarif.LevelError
	case diag.Warning:
		return sarif.LevelWarning
	}
	return sarif.LevelNote
}

// artifactURI makes path relative to base with forward slashes, as code
// scanning wants; a path outside base stays as it is.
func artifactURI(path, base string) string {
	if base != "" {
		if abs, err := filepath.Abs(path); err == nil {
			if rel, err := filepath.Rel(base, abs); err == nil && !strings.HasPrefix(rel, "..") {
				path = rel
			}
		}
	}
	return filepath.ToSlash(path)
}
