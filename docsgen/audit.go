package docsgen

import (
	"cmp"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/audit"
)

// AuditSummary is what the migration status page reads: the audit's
// summary.json, in the audit package's own type, so that the page and the
// file never disagree.
type AuditSummary = audit.Document

// ReadAuditSummary reads dir/summary.json.
func ReadAuditSummary(dir string) (*AuditSummary, error) {
	file := filepath.Join(dir, "summary.json")
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("read audit summary: %w (run audit first)", err)
	}
	var s AuditSummary
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("read audit summary %q: %w", file, err)
	}
	if s.SchemaVersion != 1 {
		return nil, fmt.Errorf("read audit summary %q: schemaVersion %d, want 1", file, s.SchemaVersion)
	}
	return &s, nil
}

// topBlockers is how many blockers the chart shows; the table shows all.
const topBlockers = 8

func auditPages(b *builder, opts Options) error {
	s, err := ReadAuditSummary(opts.AuditDir)
	if err != nil {
		return err
	}
	return b.add([]string{sectionStatus}, "Overview", "status/index.md", auditPage(s))
}

func auditPage(s *AuditSummary) []byte {
	var p page
	p.h1(sectionStatus)
	if s.Source != "" {
		p.para("From an audit of " + codeCell(s.Source) + ".")
	}
	j := s.Jobs
	p.para(fmt.Sprintf("%d jobs: %d converted, %d partly converted (manual steps left), %d unsupported, %d failed.",
		j.Total, j.Converted, j.Partial, j.Unsupported, j.Failed))
	p.raw(barChart("Jobs by outcome", []bar{
		{"converted", j.Converted}, {"partial", j.Partial}, {"unsupported", j.Unsupported}, {"failed", j.Failed},
	}))

	p.h2("Progress by folder")
	if len(s.Folders) == 0 {
		p.para("No folders.")
	} else {
		var rows [][]string
		for _, f := range s.Folders {
			name := f.Folder
			if name == "" {
				name = "(top level)"
			}
			rows = append(rows, []string{cell(name), fmt.Sprint(f.Total), fmt.Sprint(f.Converted), fmt.Sprint(f.Partial),
				fmt.Sprint(f.Unsupported), fmt.Sprint(f.Failed), percent(f.Converted, f.Total)})
		}
		p.table([]string{"folder", "jobs", "converted", "partial", "unsupported", "failed", "done"}, rows)
	}

	p.h2("Blockers")
	if len(s.Blockers) == 0 {
		p.para("Nothing holds jobs back.")
	} else {
		blockers := rankBlockers(s.Blockers)
		p.para("Constructs that need a person, by the number of jobs they hold back:")
		var parts []bar
		for i, bl := range blockers {
			if i == topBlockers {
				break
			}
			parts = append(parts, bar{bl.Construct, bl.Jobs})
		}
		p.raw(barChart("Jobs held back, top blockers", parts))
		var rows [][]string
		for i, bl := range blockers {
			rows = append(rows, []string{fmt.Sprint(i + 1), codeCell(bl.Construct), fmt.Sprint(bl.Jobs), cell(bl.Note)})
		}
		p.table([]string{"rank", "construct", "jobs", "what to do"}, rows)
	}

	p.h2("Secrets to create")
	if len(s.Secrets) == 0 {
		p.para("None.")
	} else {
		var rows [][]string
		for _, sec := range s.Secrets {
			rows = append(rows, []string{codeCell(sec.Name), codeCell(sec.CredentialID), fmt.Sprint(sec.Jobs)})
		}
		p.table([]string{"secret", "Jenkins credential", "jobs"}, rows)
	}

	p.h2("Runners to provide")
	if len(s.Runners) == 0 {
		p.para("None: every job runs on GitHub-hosted runners.")
	} else {
		var rows [][]string
		for _, r := range s.Runners {
			rows = append(rows, []string{codeCell(r.Label), codeCell(strings.Join(r.RunsOn, ", ")), fmt.Sprint(r.Jobs)})
		}
		p.table([]string{"Jenkins label", "runs-on", "jobs"}, rows)
	}
	return p.bytes()
}

// rankBlockers sorts blockers by jobs, most first, then by construct, so
// that ties do not depend on the audit's order.
func rankBlockers(in []audit.Blocker) []audit.Blocker {
	out := slices.Clone(in)
	slices.SortStableFunc(out, func(a, b audit.Blocker) int {
		return cmp.Or(cmp.Compare(b.Jobs, a.Jobs), cmp.Compare(a.Construct, b.Construct))
	})
	return out
}

// bar is one labelled count of a chart.
type bar struct {
	label string
	n     int
}

// barChart draws bars as an SVG image inlined in the page: the site needs
// no script and no network to show it (the docs are read offline and in
// Backstage TechDocs). Bars of zero are drawn, so that a reader sees the
// status is there and empty.
func barChart(title string, bars []bar) string {
	const labelW, barW, rowH, pad = 260, 320, 26, 8
	most := 1
	for _, b := range bars {
		most = max(most, b.n)
	}
	h := pad*2 + rowH*(len(bars)+1)
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="14">`,
		labelW+barW+80, h, labelW+barW+80, h)
	fmt.Fprintf(&sb, `<title>%s</title><text x="%d" y="%d" font-weight="bold">%s</text>`, html.EscapeString(title), pad, pad+16, html.EscapeString(title))
	for i, b := range bars {
		y := pad + rowH*(i+1)
		w := b.n * barW / most
		fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="end">%s</text>`, labelW-pad, y+16, html.EscapeString(b.label))
		fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="%d" height="%d" fill="#4051b5"/>`, labelW, y+4, w, rowH-8)
		fmt.Fprintf(&sb, `<text x="%d" y="%d">%d</text>`, labelW+w+pad, y+16, b.n)
	}
	sb.WriteString("</svg>")
	return sb.String()
}

// percent is n of total as a whole percentage, rounded down so that 100%
// means done.
func percent(n, total int) string {
	if total == 0 {
		return "-"
	}
	return fmt.Sprintf("%d%%", n*100/total)
}
