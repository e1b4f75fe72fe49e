package pipelinetest

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

// A DumpOption changes what Dump prints.
type DumpOption func(*dumper)

// NoRanges leaves out every source range: for comparing a pipeline built
// by hand with one a reader made.
func NoRanges() DumpOption { return func(d *dumper) { d.ranges = false } }

// NoText leaves out the fields named Text (the source text the readers
// keep on steps, values, references and expressions), which builders
// cannot reproduce for blocks.
func NoText() DumpOption { return func(d *dumper) { d.text = false } }

// Source gives Dump the text of the pipeline's file: a multi-line Text
// field that is exactly the source under its node's range prints as
// "(source, N lines)" instead of once more in full, which would repeat
// the body of every block at each level of nesting.
func Source(src []byte) DumpOption { return func(d *dumper) { d.src = src } }

// Dump prints p as indented text, one exported field a line, for golden
// files and test failures: fields holding their zero value are left out,
// map entries are sorted, and a node's range follows its type as
// @line:col.
//
// Dump walks the model by reflection over exported fields, so that a new
// field or node type needs no change here. Only what would be unreadable
// otherwise is printed specially: ranges, values (by kind, a literal
// string as itself), nil pointers, empty slices and multi-line text.
// A node whose fields fit on one line prints as Type{Field: value, ...}.
func Dump(p *pipeline.Pipeline, opts ...DumpOption) string {
	d := &dumper{ranges: true, text: true}
	if p != nil {
		d.file = p.File
	}
	for _, o := range opts {
		o(d)
	}
	d.node(0, "", reflect.ValueOf(p))
	return d.b.String()
}

// width is the longest node printed on one line.
const width = 100

type dumper struct {
	b      strings.Builder
	ranges bool
	text   bool
	src    []byte
	// file is the pipeline's file: ranges in it print without its name.
	file string
}

var (
	rangeType = reflect.TypeFor[diag.Range]()
	posType   = reflect.TypeFor[diag.Pos]()
	valueType = reflect.TypeFor[pipeline.Value]()
	namedType = reflect.TypeFor[pipeline.Named]()
)

// kindNames name the value kinds, which are plain integers in the model.
var kindNames = map[pipeline.ValueKind]string{
	pipeline.Absent: "Absent", pipeline.String: "String", pipeline.Bool: "Bool",
	pipeline.Number: "Number", pipeline.List: "List", pipeline.Map: "Map",
	pipeline.ExprValue: "ExprValue", pipeline.Closure: "Closure", pipeline.Call: "Call",
}

// field is one field of a struct to print.
type field struct {
	name string
	v    reflect.Value
}

// node writes v after lead ("Name: " or "- ") at indent: on one line when
// it fits, else as a header line and its fields, two spaces further in.
func (d *dumper) node(indent int, lead string, v reflect.Value) {
	pad := strings.Repeat(" ", indent)
	if v.Type() == namedType {
		// A named argument or map entry reads as one: name: value.
		n := v.Interface().(pipeline.Named)
		if n.Name != "" {
			lead += key(reflect.ValueOf(n.Name)) + ": "
		}
		v = v.FieldByName("Value")
	}
	name := strings.TrimSuffix(lead, ": ")
	if s, ok := d.inline(v, name); ok && indent+len(lead)+len(s) <= width {
		d.b.WriteString(pad + lead + s + "\n")
		return
	}
	v = deref(v)
	switch v.Kind() {
	case reflect.Struct:
		head, at, fields := d.fields(v, name)
		d.b.WriteString(strings.TrimRight(pad+lead+strings.TrimSpace(head+at), " ") + "\n")
		for _, f := range fields {
			d.node(indent+2, f.name+": ", f.v)
		}
	case reflect.Slice, reflect.Array:
		d.b.WriteString(pad + strings.TrimSuffix(lead, " ") + "\n")
		for i := range v.Len() {
			d.node(indent+2, "- ", v.Index(i))
		}
	case reflect.Map:
		d.b.WriteString(pad + strings.TrimSuffix(lead, " ") + "\n")
		for _, k := range sortedKeys(v) {
			d.node(indent+2, key(k)+": ", v.MapIndex(k))
		}
	case reflect.String:
		if literalBlock(v.String()) {
			d.block(indent, lead, v.String())
			return
		}
		d.b.WriteString(pad + lead + quote(v.String()) + "\n")
	default:
		// Only a long scalar gets here.
		s, _ := d.inline(v, name)
		d.b.WriteString(pad + lead + s + "\n")
	}
}

// block writes multi-line text as a literal block, YAML's way: | when
// it ends with a newline (dropped), |- when it does not.
func (d *dumper) block(indent int, lead, s string) {
	pad := strings.Repeat(" ", indent)
	mark := "|-"
	if strings.HasSuffix(s, "\n") {
		mark, s = "|", s[:len(s)-1]
	}
	d.b.WriteString(pad + lead + mark + "\n")
	for _, l := range strings.Split(s, "\n") {
		if l == "" {
			d.b.WriteString("\n")
			continue
		}
		d.b.WriteString(pad + "  " + l + "\n")
	}
}

// inline returns v on one line, and false when v must be a block: it holds
// multi-line text, or is a node with fields too long for one line. A node
// in a field named as its type goes without the name (Agent: {Kind: any}).
func (d *dumper) inline(v reflect.Value, name string) (string, bool) {
	switch v.Type() {
	case namedType:
		n := v.Interface().(pipeline.Named)
		s, ok := d.inline(v.FieldByName("Value"), "")
		if n.Name == "" {
			return s, ok
		}
		return key(reflect.ValueOf(n.Name)) + ": " + s, ok
	case rangeType:
		return d.at(v.Interface().(diag.Range)), true
	case posType:
		p := v.Interface().(diag.Pos)
		return fmt.Sprintf("%d:%d", p.Line, p.Col), true
	}
	if s, ok := stringer(v); ok {
		return s, true
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return "nil", true
		}
		return d.inline(v.Elem(), name)
	case reflect.Struct:
		head, at, fields := d.fields(v, name)
		if len(fields) == 0 {
			return strings.TrimSpace(head + at), true
		}
		var parts []string
		for _, f := range fields {
			s, ok := d.inline(f.v, f.name)
			if !ok {
				return "", false
			}
			parts = append(parts, f.name+": "+s)
		}
		s := head + "{" + strings.Join(parts, ", ") + "}" + at
		if strings.Contains(head, " ") {
			// A value with its content in the header: String "x" {Text: ...}.
			s = head + " {" + strings.Join(parts, ", ") + "}" + at
		}
		return s, len(s) <= width
	case reflect.Slice, reflect.Array:
		var parts []string
		for i := range v.Len() {
			s, ok := d.inline(v.Index(i), "")
			if !ok {
				return "", false
			}
			parts = append(parts, s)
		}
		s := "[" + strings.Join(parts, ", ") + "]"
		return s, len(s) <= width
	case reflect.Map:
		var parts []string
		for _, k := range sortedKeys(v) {
			s, ok := d.inline(v.MapIndex(k), "")
			if !ok {
				return "", false
			}
			parts = append(parts, key(k)+": "+s)
		}
		s := "{" + strings.Join(parts, ", ") + "}"
		return s, len(s) <= width
	case reflect.String:
		s := v.String()
		if literalBlock(s) {
			return "", false
		}
		if v.Type() != reflect.TypeFor[string]() && bare.MatchString(s) {
			// A named string type (a kind, a style) is an enumeration.
			return s, true
		}
		return quote(s), true
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return "<" + v.Kind().String() + ">", true
	}
	return fmt.Sprint(v.Interface()), true
}

// fields returns a struct's header (its type, unless the field it is in
// has the same name), its range (" @line:col", or "") and the fields to
// print: those set, exported, and not its range.
func (d *dumper) fields(v reflect.Value, name string) (head, at string, fields []field) {
	t := v.Type()
	head = t.Name()
	skip := map[string]bool{}
	if t == valueType {
		head, skip = valueHead(v.Interface().(pipeline.Value))
	} else if head == name {
		head = ""
	}
	var rng *diag.Range
	for i := range t.NumField() {
		sf := t.Field(i)
		fv := v.Field(i)
		if !sf.IsExported() || skip[sf.Name] || isZero(fv) {
			continue
		}
		if sf.Name == "Range" && sf.Type == rangeType {
			r := fv.Interface().(diag.Range)
			rng = &r
			continue
		}
		if sf.Type == rangeType && !d.ranges {
			continue
		}
		if sf.Name == "Text" && sf.Type.Kind() == reflect.String {
			if !d.text {
				continue
			}
			if n, ok := d.fromSource(fv.String(), v); ok {
				fields = append(fields, field{sf.Name, reflect.ValueOf(rawText(fmt.Sprintf("(source, %d lines)", n)))})
				continue
			}
		}
		fields = append(fields, field{sf.Name, fv})
	}
	if rng != nil && d.ranges {
		at = " " + d.at(*rng)
	}
	return head, at, fields
}

// rawText prints as itself: a note in place of a field's value.
type rawText string

func (r rawText) String() string { return string(r) }

// fromSource reports whether text is multi-line and exactly the source
// under the range of the struct v, and how many lines it has.
func (d *dumper) fromSource(text string, v reflect.Value) (int, bool) {
	if d.src == nil || !strings.Contains(text, "\n") {
		return 0, false
	}
	f := v.FieldByName("Range")
	if !f.IsValid() || f.Type() != rangeType {
		return 0, false
	}
	r := f.Interface().(diag.Range)
	s, e := r.Start.Offset, r.End.Offset
	if r.File != d.file || s < 0 || e > len(d.src) || s >= e || string(d.src[s:e]) != text {
		return 0, false
	}
	return strings.Count(text, "\n") + 1, true
}

// valueHead names a value by its kind, with its content when it is a
// literal: "make" for a string without references, Number 3, Bool
// true. It returns the fields the header stands for.
func valueHead(v pipeline.Value) (string, map[string]bool) {
	name, ok := kindNames[v.Kind]
	if !ok {
		name = fmt.Sprintf("ValueKind(%d)", v.Kind)
	}
	skip := map[string]bool{"Kind": true}
	switch v.Kind {
	case pipeline.String:
		if v.IsLiteral() && !literalBlock(v.Str()) {
			skip["Parts"] = true
			return name + " " + quote(v.Str()), skip
		}
	case pipeline.Number:
		skip["Num"] = true
		return name + " " + v.Num, skip
	case pipeline.Bool:
		skip["Bool"] = true
		return name + " " + strconv.FormatBool(v.Bool), skip
	}
	return name, skip
}

// at prints a range by its start, with the file only when it is not the
// pipeline's.
func (d *dumper) at(r diag.Range) string {
	if !d.ranges {
		return ""
	}
	pos := fmt.Sprintf("%d:%d", r.Start.Line, r.Start.Col)
	if !r.Start.IsValid() {
		pos = "-"
	}
	if r.File != d.file && r.File != "" {
		return "@" + r.File + ":" + pos
	}
	return "@" + pos
}

// isZero reports whether a field holds nothing to print. Empty slices and
// maps count as nothing: the readers leave some nil and others empty.
func isZero(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Slice, reflect.Map:
		return v.Len() == 0
	}
	return v.IsZero()
}

// stringer returns the String() of a non-struct value that has one, such
// as a typed operator.
func stringer(v reflect.Value) (string, bool) {
	if v.Kind() == reflect.Struct || v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface || !v.CanInterface() {
		return "", false
	}
	if s, ok := v.Interface().(fmt.Stringer); ok {
		return s.String(), true
	}
	return "", false
}

func deref(v reflect.Value) reflect.Value {
	for (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && !v.IsNil() {
		v = v.Elem()
	}
	return v
}

func sortedKeys(m reflect.Value) []reflect.Value {
	keys := m.MapKeys()
	slices.SortFunc(keys, func(a, b reflect.Value) int {
		return strings.Compare(fmt.Sprint(a.Interface()), fmt.Sprint(b.Interface()))
	})
	return keys
}

// bare matches what prints without quotes: enumeration values and map
// keys that are names.
var bare = regexp.MustCompile(`^[A-Za-z_<][A-Za-z0-9_.:<>-]*$`)

func key(k reflect.Value) string {
	s := fmt.Sprint(k.Interface())
	if bare.MatchString(s) {
		return s
	}
	return quote(s)
}

// quote quotes a string, in backquotes when it holds double quotes and
// backquotes can hold it, so that Groovy source stays readable.
func quote(s string) string {
	if strings.Contains(s, `"`) && strconv.CanBackquote(s) {
		return "`" + s + "`"
	}
	return strconv.Quote(s)
}

// literalBlock reports whether s prints as a literal block: it has
// several lines, and nothing a block would hide (carriage returns,
// control characters, trailing blanks on a line).
func literalBlock(s string) bool {
	if !strings.Contains(s, "\n") {
		return false
	}
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimRight(l, " \t") != l {
			return false
		}
		for _, r := range l {
			if r != '\t' && !unicode.IsPrint(r) {
				return false
			}
		}
	}
	return true
}
