package lint

import (
	"bytes"
	"strings"

	"go.yaml.in/yaml/v3"
)

// expr is one ${{ }} expression inside a string.
type expr struct {
	text   string // between ${{ and }}
	offset int    // byte offset of text in the string
}

// expressions finds the ${{ }} expressions in s. An unterminated one
// is left to actionlint.
func expressions(s string) []expr {
	var out []expr
	for off := 0; ; {
		i := strings.Index(s[off:], "${{")
		if i < 0 {
			return out
		}
		start := off + i + 3
		j := strings.Index(s[start:], "}}")
		if j < 0 {
			return out
		}
		out = append(out, expr{text: s[start : start+j], offset: start})
		off = start + j + 2
	}
}

// scalarPos turns a byte offset inside scalar n's value into a source line
// and column. Literal blocks (run: |) and single-line scalars map
// exactly, apart from escapes in quoted strings; for folded and multi-line
// flow scalars, whose lines the parser has joined, it gives the start.
func (r *RuleBase) scalarPos(n *yaml.Node, off int) (line, col int) {
	v := n.Value
	switch {
	case n.Style&yaml.LiteralStyle != 0:
		li := strings.Count(v[:off], "\n")
		lineStart := strings.LastIndexByte(v[:off], '\n') + 1
		text := v[lineStart:]
		if k := strings.IndexByte(text, '\n'); k >= 0 {
			text = text[:k]
		}
		line = n.Line + 1 + li
		return line, r.indent(line, text) + off - lineStart + 1
	case strings.Contains(v, "\n") || n.Style&yaml.FoldedStyle != 0:
		return n.Line, n.Column
	case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		return n.Line, n.Column + 1 + off
	}
	return n.Line, n.Column + off
}

// indent returns the width of the indentation before text on source line
// line of a literal block: the line is the indentation followed by text.
func (r *RuleBase) indent(line int, text string) int {
	src := r.file.src
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(src, '\n')
		if i < 0 {
			return 0
		}
		src = src[i+1:]
	}
	if i := bytes.IndexByte(src, '\n'); i >= 0 {
		src = src[:i]
	}
	src = bytes.TrimSuffix(src, []byte("\r"))
	if bytes.HasSuffix(src, []byte(text)) {
		return len(src) - len(text)
	}
	return len(src) - len(bytes.TrimLeft(src, " "))
}
