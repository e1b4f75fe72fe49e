package docsgen

import (
	"slices"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/convert"
	"github.com/jenkins2actions/jenkins2actions/templates"
)

// TestExamples converts every snippet: each parses, converts and reports
// the construct it is meant to show, and names a registered construct.
func TestExamples(t *testing.T) {
	cat, err := templates.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, k := range convert.Constructs() {
		ids = append(ids, k.ID())
	}
	for id, snippet := range examples {
		t.Run(id, func(t *testing.T) {
			if !slices.Contains(ids, id) {
				t.Fatalf("%q is not a registered construct", id)
			}
			if _, err := runExample(cat, id, snippet); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestMissingExamples lists the constructs whose page entry has no
// example, so that the gap stays in view; it fails only if every
// construct of a kind lacks one, which means the table lost a kind.
func TestMissingExamples(t *testing.T) {
	have := map[convert.Kind]bool{}
	var missing []string
	for _, k := range convert.Constructs() {
		if _, ok := examples[k.ID()]; ok {
			have[k.Kind] = true
			continue
		}
		missing = append(missing, k.ID())
	}
	t.Logf("%d constructs without an example: %v", len(missing), missing)
	for _, k := range convert.Constructs() {
		if !have[k.Kind] {
			t.Errorf("no example for any construct of kind %q", k.Kind)
		}
	}
}
