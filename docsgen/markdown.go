package docsgen

import (
	"strings"
)

// page builds one Markdown page. Blocks are separated by one blank line.
type page struct {
	sb strings.Builder
}

func (p *page) line(s string) { p.sb.WriteString(s + "\n") }

func (p *page) blank() { p.sb.WriteString("\n") }

func (p *page) h1(s string) { p.line("# " + text(s)); p.blank() }

func (p *page) h2(s string) { p.gap(); p.line("## " + text(s)); p.blank() }

// gap ends the previous block with one blank line, whatever wrote it.
func (p *page) gap() {
	if !strings.HasSuffix(p.sb.String(), "\n\n") {
		p.blank()
	}
}

// para writes prose that is already Markdown (the caller's own text).
func (p *page) para(s string) { p.line(s); p.blank() }

// raw writes an HTML block, such as an inline SVG chart, as a paragraph.
func (p *page) raw(html string) { p.line(html); p.blank() }

// code writes a fenced code block; src is shown verbatim.
func (p *page) code(lang, src string) {
	p.line("```" + lang)
	p.sb.WriteString(strings.TrimRight(src, "\n") + "\n")
	p.line("```")
	p.blank()
}

// admonition writes an MkDocs admonition; other Markdown renderers show
// its first line as text and the body as an indented block.
func (p *page) admonition(kind, title, body string) {
	p.line("!!! " + kind + ` "` + title + `"`)
	p.blank()
	for _, l := range strings.Split(strings.TrimSpace(body), "\n") {
		if strings.TrimSpace(l) == "" {
			p.blank()
			continue
		}
		p.line("    " + text(l))
	}
	p.blank()
}

// table writes a table; cells are data, escaped with cell.
func (p *page) table(header []string, rows [][]string) {
	p.line("| " + strings.Join(header, " | ") + " |")
	p.line(strings.TrimSuffix(strings.Repeat("| --- ", len(header)), " ") + " |")
	for _, r := range rows {
		p.line("| " + strings.Join(r, " | ") + " |")
	}
	p.blank()
}

func (p *page) bytes() []byte {
	return []byte(strings.TrimRight(p.sb.String(), "\n") + "\n")
}

// text escapes data shown as prose: an angle bracket would start an HTML
// tag and swallow the text (".github/workflows/<name>.yml"). Code spans
// are left alone, since Markdown shows their content verbatim.
func text(s string) string {
	parts := strings.Split(s, "`")
	for i := 0; i < len(parts); i += 2 {
		parts[i] = strings.NewReplacer("<", "&lt;", ">", "&gt;").Replace(parts[i])
	}
	return strings.Join(parts, "`")
}

// cell escapes data for a table cell: one line, no column breaks.
func cell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.ReplaceAll(text(s), "|", `\|`)
}

// codeCell shows s as inline code in a table cell; empty stays empty.
func codeCell(s string) string {
	if s == "" {
		return ""
	}
	s = strings.Join(strings.Fields(s), " ")
	return "`" + strings.ReplaceAll(s, "|", `\|`) + "`"
}
