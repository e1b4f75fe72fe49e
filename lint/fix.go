package lint

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/jenkins2actions/jenkins2actions/templates"
)

// FixOptions configures Fix.
type FixOptions struct {
	// Lock pins actions; actions it does not know are left as they are.
	Lock *templates.Lock
	// TimeoutMinutes is the timeout-minutes given to jobs without one;
	// 0 means 60.
	TimeoutMinutes int
	// Upgrade pins every action to its newest major instead of the major
	// the workflow names: a new major changes behaviour, so it is asked
	// for, never done in passing.
	Upgrade bool
	// Notes receives one line for each action moved to another major
	// and each action left unpinned, with why; nil discards them.
	Notes func(line int, msg string)
}

// edit replaces src[start:end] with text.
type edit struct {
	start, end int
	text       string
}

// Fix rewrites a workflow so that it passes actions-pinned (for actions in
// the lock file), permissions-present and timeout-minutes: it pins uses:
// refs to the lock's commit with the version as a comment, adds top-level
// "permissions: contents: read" when jobs run without permissions, and
// adds timeout-minutes to jobs without one. It edits the text in place,
// line by line, so comments and formatting survive; it returns src
// unchanged, with 0 fixes, when there is nothing it can fix or src is not
// a workflow it can read.
func Fix(src []byte, opts FixOptions) ([]byte, int) {
	w := parseWorkflow(src)
	if w == nil {
		return src, 0
	}
	timeout := opts.TimeoutMinutes
	if timeout <= 0 {
		timeout = 60
	}
	lines := lineStarts(src)
	var edits []edit
	notes := opts.Notes
	if notes == nil {
		notes = func(int, string) {}
	}
	pin := func(uses *yaml.Node) {
		if e, ok := pinEdit(src, lines, uses, opts, notes); ok {
			edits = append(edits, e)
		}
	}
	missingPermissions := false
	for _, j := range w.jobs {
		pin(j.uses)
		for _, s := range j.steps {
			pin(s.uses)
		}
		missingPermissions = missingPermissions || j.permissions == nil
		if j.timeout != nil || j.uses != nil || j.stepsKey == nil {
			continue
		}
		if at, indent, ok := lineOfKey(src, lines, j.stepsKey); ok {
			edits = append(edits, edit{start: at, end: at, text: fmt.Sprintf("%stimeout-minutes: %d\n", indent, timeout)})
		}
	}
	if w.permissions == nil && missingPermissions && w.jobsKey != nil {
		if at, indent, ok := lineOfKey(src, lines, w.jobsKey); ok {
			child := "  "
			if len(w.jobs) > 0 && w.jobs[0].key.Column > w.jobsKey.Column {
				child = strings.Repeat(" ", w.jobs[0].key.Column-w.jobsKey.Column)
			}
			edits = append(edits, edit{start: at, end: at, text: indent + "permissions:\n" + indent + child + "contents: read\n"})
		}
	}
	if len(edits) == 0 {
		return src, 0
	}
	// Apply from the end so that earlier offsets stay valid.
	slices.SortFunc(edits, func(a, b edit) int { return b.start - a.start })
	out := slices.Clone(src)
	for _, e := range edits {
		out = slices.Concat(out[:e.start], []byte(e.text), out[e.end:])
	}
	return out, len(edits)
}

// pinEdit replaces an unpinned uses: value that the lock knows with the
// commit of the newest release of the major it names, and adds the version
// comment when the line has none. With opts.Upgrade it takes the newest
// major instead, and says so.
func pinEdit(src []byte, lines []int, uses *yaml.Node, opts FixOptions, notes func(int, string)) (edit, bool) {
	u := scalar(uses)
	if u == "" || uses.Line > len(lines) {
		return edit{}, false
	}
	a := parseUses(u)
	if a.pinned() || a.docker || a.local {
		return edit{}, false
	}
	newest, ok := opts.Lock.Pin(a.action)
	if !ok {
		return edit{}, false
	}
	major := templates.MajorOf(a.ref)
	p, ok := opts.Lock.PinMajor(a.action, major)
	switch {
	case opts.Upgrade:
		p = newest
		if major != newest.Major() {
			notes(uses.Line, fmt.Sprintf("%s: %s -> %s (a new major version: read its release notes)", a.action, a.ref, newest.Version))
		}
	case major == "":
		notes(uses.Line, fmt.Sprintf("%s@%s names no major version: not pinned (pin it by hand, or --upgrade pins %s)", a.action, a.ref, newest.Version))
		return edit{}, false
	case !ok:
		notes(uses.Line, fmt.Sprintf("%s@%s: the lock has no release of %s, which is no longer supported: not pinned (--upgrade moves it to %s)", a.action, a.ref, major, newest.Version))
		return edit{}, false
	}
	start := lines[uses.Line-1] + uses.Column - 1
	n := len(u)
	if uses.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		n += 2
	}
	end := start + n
	if end > len(src) || !bytes.Contains(src[start:end], []byte(u)) {
		// The value is not written as parsed (escapes, a multi-line
		// scalar): leave it to a person.
		return edit{}, false
	}
	text := a.action + "@" + p.SHA
	rest := src[end:]
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i]
	}
	// The version goes first in the comment, where deprecated-action and
	// people look for it; a comment already there follows it.
	if rest = bytes.TrimSpace(rest); len(rest) == 0 || rest[0] == '#' {
		text += " # " + p.Version
	}
	return edit{start: start, end: end, text: text}, true
}

// lineOfKey returns where to insert a sibling before key, and the
// indentation to give it, when key is the first thing on its line (a
// block mapping). The place is above the comment lines just before the
// key, which are about the key.
func lineOfKey(src []byte, lines []int, key *yaml.Node) (at int, indent string, ok bool) {
	if key.Line > len(lines) {
		return 0, "", false
	}
	l := key.Line - 1
	pre := src[lines[l] : lines[l]+key.Column-1]
	if len(bytes.Trim(pre, " ")) != 0 {
		return 0, "", false
	}
	for l > 0 && bytes.HasPrefix(bytes.TrimLeft(src[lines[l-1]:lines[l]], " "), []byte("#")) {
		l--
	}
	return lines[l], string(pre), true
}

// lineStarts returns the offset of the start of each line.
func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' && i+1 < len(src) {
			starts = append(starts, i+1)
		}
	}
	return starts
}
