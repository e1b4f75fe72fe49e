package jobxml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jenkins2actions/jenkins2actions/diag"
)

// element is one XML element with its source range. The reader marks the
// elements it interprets as used, so that whatever is left unused can be
// reported instead of dropped.
type element struct {
	Name     string
	Attrs    []xml.Attr
	Text     string
	Children []*element
	Range    diag.Range
	// contentStart and contentEnd are the byte offsets of the element's
	// content (between its tags) in the source, for mapping the positions
	// of an inline script back into the file.
	contentStart, contentEnd int
	used                     bool
}

// attr returns the value of the attribute name, or "".
func (e *element) attr(name string) string {
	if e == nil {
		return ""
	}
	for _, a := range e.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// class is the Java class of an element: its class attribute when it has
// one (<scm class="hudson.plugins.git.GitSCM">), its name otherwise.
func (e *element) class() string {
	if c := e.attr("class"); c != "" {
		return c
	}
	return e.Name
}

// child returns the first child named name and marks it used; nil when
// there is none. It is safe on a nil element.
func (e *element) child(name string) *element {
	if e == nil {
		return nil
	}
	for _, c := range e.Children {
		if c.Name == name {
			c.used = true
			return c
		}
	}
	return nil
}

// kids returns the children of a child element, marking it used; nil when
// it is missing.
func (e *element) kids(name string) []*element {
	if c := e.child(name); c != nil {
		return c.Children
	}
	return nil
}

// text returns the text of the child name with surrounding space removed.
func (e *element) text(name string) string {
	c := e.child(name)
	if c == nil {
		return ""
	}
	return strings.TrimSpace(c.Text)
}

// raw returns the text of the child name as written (scripts keep their
// whitespace).
func (e *element) raw(name string) string {
	c := e.child(name)
	if c == nil {
		return ""
	}
	return c.Text
}

// flag reads the child name as a Jenkins boolean.
func (e *element) flag(name string) bool { return e.text(name) == "true" }

// ignore marks children as understood, with everything inside them:
// settings that have no meaning in GitHub Actions (UI options, health
// scales) and so need no report.
func (e *element) ignore(names ...string) {
	for _, c := range e.Children {
		if slices.Contains(names, c.Name) {
			c.markAll()
		}
	}
}

// markAll marks e and everything inside it used, for elements reported as a
// whole.
func (e *element) markAll() {
	if e == nil {
		return
	}
	e.used = true
	for _, c := range e.Children {
		c.markAll()
	}
}

// plugin returns the plugin attribute (name@version) of the element.
func (e *element) plugin() string { return e.attr("plugin") }

// parseTree reads src into an element tree. It accepts the XML 1.1
// declaration Jenkins writes and the control-character references XML 1.1
// allows, both of which encoding/xml rejects, without moving any byte so
// that positions stay those of the file.
func parseTree(filename string, src []byte) (*element, diag.Diagnostics) {
	fixed, entities := prepare(src)
	lines := newLineIndex(src)
	d := xml.NewDecoder(bytes.NewReader(fixed))
	d.Strict = true
	d.Entity = entities
	d.CharsetReader = charsetReader

	var root *element
	var stack []*element
	for {
		start := d.InputOffset()
		tok, err := d.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			at := lines.pos(int(d.InputOffset()))
			var se *xml.SyntaxError
			msg := err.Error()
			if errors.As(err, &se) {
				msg = se.Msg
			}
			// The elements left open end where the file stops making sense.
			for _, e := range stack {
				e.Range.End = at
			}
			var ds diag.Diagnostics
			return root, ds.Errorf(diag.Range{File: filename, Start: at, End: at}, CodeXMLSyntax, "malformed XML: %s", strings.TrimPrefix(msg, "xml: "))
		}
		end := int(d.InputOffset())
		switch t := tok.(type) {
		case xml.StartElement:
			e := &element{Name: t.Name.Local, Attrs: t.Copy().Attr, contentStart: end}
			if len(entities) > 0 {
				for i := range e.Attrs {
					e.Attrs[i].Value = restoreControls(e.Attrs[i].Value)
				}
			}
			e.Range = diag.Range{File: filename, Start: lines.pos(int(start))}
			if len(stack) == 0 {
				if root != nil {
					var ds diag.Diagnostics
					return root, ds.Errorf(e.Range, CodeXMLSyntax, "malformed XML: a second root element %q", e.Name)
				}
				root = e
			} else {
				p := stack[len(stack)-1]
				p.Children = append(p.Children, e)
			}
			stack = append(stack, e)
		case xml.EndElement:
			e := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			e.contentEnd = int(start)
			if e.contentEnd < e.contentStart {
				// A self-closing tag has no content.
				e.contentEnd = e.contentStart
			}
			e.Range.End = lines.pos(end)
		case xml.CharData:
			if len(stack) > 0 {
				s := string(t)
				if len(entities) > 0 {
					s = restoreControls(s)
				}
				stack[len(stack)-1].Text += s
			}
		}
	}
	if root == nil {
		at := lines.pos(0)
		var ds diag.Diagnostics
		return nil, ds.Errorf(diag.Range{File: filename, Start: at, End: at}, CodeXMLSyntax, "no XML element in the file")
	}
	return root, nil
}

// prepare rewrites, in place and at the same length, what encoding/xml
// refuses in Jenkins' XML 1.1: the version in the declaration, and
// character references to control characters (&#x1b; in a description
// that captured coloured output), which become entities of the same length
// (&_x1b;) that the decoder resolves through its Entity map.
func prepare(src []byte) ([]byte, map[string]string) {
	out := bytes.Clone(src)
	if bytes.HasPrefix(out, []byte("<?xml")) {
		if end := bytes.Index(out, []byte("?>")); end > 0 {
			decl := out[:end]
			for _, v := range []string{`version='1.1'`, `version="1.1"`} {
				if i := bytes.Index(decl, []byte(v)); i >= 0 {
					decl[i+len(v)-2] = '0'
				}
			}
		}
	}
	entities := map[string]string{}
	for i := 0; i < len(out); i++ {
		switch {
		case bytes.HasPrefix(out[i:], []byte("<![CDATA[")):
			i = skipPast(out, i, "]]>")
		case bytes.HasPrefix(out[i:], []byte("<!--")):
			i = skipPast(out, i, "-->")
		case out[i] == '&' && i+2 < len(out) && out[i+1] == '#':
			semi := bytes.IndexByte(out[i:min(len(out), i+12)], ';')
			if semi < 0 {
				continue
			}
			ref := string(out[i+2 : i+semi])
			r, ok := charRef(ref)
			if !ok || validXMLChar(r) {
				continue
			}
			out[i+1] = '_'
			entities["_"+ref] = string(controlBase + r)
		}
	}
	return out, entities
}

func skipPast(b []byte, i int, end string) int {
	j := bytes.Index(b[i:], []byte(end))
	if j < 0 {
		return len(b)
	}
	return i + j + len(end) - 1
}

// controlBase is where prepare parks control characters in the private
// use area while the decoder, which rejects them even from entities, reads
// the text; restoreControls puts them back.
const controlBase = 0xF700

func restoreControls(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= controlBase && r < controlBase+0x20 {
			return r - controlBase
		}
		return r
	}, s)
}

// charRef decodes the number of a character reference (27 or x1b).
func charRef(s string) (rune, bool) {
	base := 10
	if strings.HasPrefix(s, "x") || strings.HasPrefix(s, "X") {
		s, base = s[1:], 16
	}
	n, err := strconv.ParseUint(s, base, 32)
	if err != nil || s == "" {
		return 0, false
	}
	return rune(n), true
}

// validXMLChar is the character range of XML 1.0, which encoding/xml
// enforces.
func validXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// charsetReader accepts the encodings Jenkins and hand-made files declare.
// Latin-1 is widened to UTF-8; positions in such files are counted in the
// widened text.
func charsetReader(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(label) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return in, nil
	case "iso-8859-1", "latin1", "latin-1", "iso8859-1":
		b, err := io.ReadAll(in)
		if err != nil {
			return nil, err
		}
		out := make([]byte, 0, len(b))
		for _, c := range b {
			out = utf8.AppendRune(out, rune(c))
		}
		return bytes.NewReader(out), nil
	}
	return nil, fmt.Errorf("unsupported encoding %q", label)
}

// lineIndex turns byte offsets into line and column positions.
type lineIndex struct {
	starts []int
	size   int
}

func newLineIndex(src []byte) *lineIndex {
	li := &lineIndex{starts: []int{0}, size: len(src)}
	for i, c := range src {
		if c == '\n' {
			li.starts = append(li.starts, i+1)
		}
	}
	return li
}

func (li *lineIndex) pos(off int) diag.Pos {
	off = max(0, min(off, li.size))
	lo, hi := 0, len(li.starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if li.starts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return diag.Pos{Line: lo + 1, Col: off - li.starts[lo] + 1, Offset: off}
}
