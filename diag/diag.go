// Package diag holds source positions and the diagnostics that every stage of
// jenkins2actions returns next to its partial result.
//
// Problems in the user's input are diagnostics, never Go errors: a stage keeps
// going after one and reports all of them at the end, each with the place in
// the source it is about.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Pos is a place in a source file. Line and Col are 1-based (Col counts
// bytes); Offset is the 0-based byte offset. The zero Pos means "unknown".
type Pos struct {
	Line   int `json:"line"`
	Col    int `json:"col"`
	Offset int `json:"offset"`
}

// IsValid reports whether p points at a real place.
func (p Pos) IsValid() bool { return p.Line > 0 }

// PosAfter returns the position just past the last byte of src, with the
// byte columns positions use everywhere.
func PosAfter(src string) Pos {
	line, lineStart := 1, 0
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			line++
			lineStart = i + 1
		}
	}
	return Pos{Line: line, Col: len(src) - lineStart + 1, Offset: len(src)}
}

// Range is a half-open span of a file, from Start to End.
type Range struct {
	File  string `json:"file,omitempty"`
	Start Pos    `json:"start"`
	End   Pos    `json:"end,omitzero"`
}

// String prints the range as file:line:col, the form editors jump to.
func (r Range) String() string {
	switch {
	case r.File == "" && !r.Start.IsValid():
		return "-"
	case !r.Start.IsValid():
		return r.File
	case r.File == "":
		return fmt.Sprintf("%d:%d", r.Start.Line, r.Start.Col)
	}
	return fmt.Sprintf("%s:%d:%d", r.File, r.Start.Line, r.Start.Col)
}

// Severity says how bad a diagnostic is.
type Severity int

// The severities, worst first so that sorting by severity puts errors on top.
const (
	Error Severity = iota
	Warning
	Info
)

var severityNames = [...]string{Error: "error", Warning: "warning", Info: "info"}

// String returns the lowercase name used in text and JSON output.
func (s Severity) String() string {
	if int(s) < len(severityNames) {
		return severityNames[s]
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// MarshalText makes severities read as words in JSON.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText is the inverse of MarshalText.
func (s *Severity) UnmarshalText(b []byte) error {
	for i, n := range severityNames {
		if n == string(b) {
			*s = Severity(i)
			return nil
		}
	}
	return fmt.Errorf("unknown severity %q", b)
}

// Diagnostic is one finding about the input: what is wrong, where, and what to
// do about it.
type Diagnostic struct {
	Severity Severity `json:"severity"`
	// Code is a short kebab-case identifier of the kind of finding
	// (syntax-error, unknown-step, ...), stable across releases.
	Code    string `json:"code"`
	Message string `json:"message"`
	// Detail is an optional hint: what to do, or more context.
	Detail  string `json:"detail,omitempty"`
	Subject Range  `json:"subject"`
}

// String formats d as "file:line:col: message (detail) [code]".
func (d *Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.Subject.String())
	b.WriteString(": ")
	if d.Severity != Error {
		b.WriteString(d.Severity.String())
		b.WriteString(": ")
	}
	b.WriteString(d.Message)
	if d.Detail != "" {
		b.WriteString(" (")
		b.WriteString(d.Detail)
		b.WriteString(")")
	}
	if d.Code != "" {
		b.WriteString(" [")
		b.WriteString(d.Code)
		b.WriteString("]")
	}
	return b.String()
}

// Diagnostics is a list of findings. It implements error so that a stage that
// cannot go on may return it as one.
type Diagnostics []*Diagnostic

// Errorf appends an error diagnostic and returns the extended list.
func (ds Diagnostics) Errorf(r Range, code, format string, args ...any) Diagnostics {
	return append(ds, &Diagnostic{Severity: Error, Code: code, Subject: r, Message: fmt.Sprintf(format, args...)})
}

// Warnf appends a warning diagnostic and returns the extended list.
func (ds Diagnostics) Warnf(r Range, code, format string, args ...any) Diagnostics {
	return append(ds, &Diagnostic{Severity: Warning, Code: code, Subject: r, Message: fmt.Sprintf(format, args...)})
}

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	return slices.ContainsFunc(ds, func(d *Diagnostic) bool { return d.Severity == Error })
}

// Error joins the diagnostics one per line.
func (ds Diagnostics) Error() string {
	lines := make([]string, len(ds))
	for i, d := range ds {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}

// Sort orders the diagnostics by file, position, then code, so that output
// never depends on the order in which stages found them.
func (ds Diagnostics) Sort() {
	slices.SortStableFunc(ds, func(a, b *Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Subject.File, b.Subject.File),
			cmp.Compare(a.Subject.Start.Line, b.Subject.Start.Line),
			cmp.Compare(a.Subject.Start.Col, b.Subject.Start.Col),
			cmp.Compare(a.Severity, b.Severity),
			cmp.Compare(a.Code, b.Code),
			cmp.Compare(a.Message, b.Message),
		)
	})
}
