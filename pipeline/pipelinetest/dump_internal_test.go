package pipelinetest

import (
	"reflect"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

// op and the statement types below stand for model types Dump has never
// seen: a typed operator with a String method, statements behind an
// interface, a map of them.
type op int

func (o op) String() string { return [...]string{"==", "&&"}[o] }

type stmt interface{ isStmt() }

type ifStmt struct {
	Cond  *pipeline.Cond
	Op    op
	Then  []stmt
	Else  []stmt
	Range diag.Range
}

type callStmt struct {
	Step  *pipeline.Step
	Range diag.Range
}

func (*ifStmt) isStmt()   {}
func (*callStmt) isStmt() {}

type script struct {
	Stmts   []stmt
	ByName  map[string]stmt
	Missing stmt
}

// TestDumpNewTypes shows that Dump follows types it has no case for:
// the concrete type behind an interface, a Stringer, a map by its sorted
// keys, nil as nil in a list and as nothing in a field.
func TestDumpNewTypes(t *testing.T) {
	at := func(line int) diag.Range { return diag.Range{File: "Jenkinsfile", Start: diag.Pos{Line: line, Col: 1}} }
	call := &callStmt{Step: Sh("make"), Range: at(2)}
	s := script{
		Stmts: []stmt{
			&ifStmt{Op: 1, Then: []stmt{call}, Range: at(1)},
			nil,
		},
		ByName: map[string]stmt{"b": call, "a": &callStmt{Range: at(3)}},
	}
	d := &dumper{ranges: true, text: true, file: "Jenkinsfile"}
	d.node(0, "", reflect.ValueOf(s))
	want := `script
  Stmts:
    - ifStmt @1:1
      Op: &&
      Then:
        - callStmt @2:1
          Step:
            Name: "sh"
            Args: {Positional: [String "make" {Text: "'make'"}]}
            Text: "sh 'make'"
    - nil
  ByName:
    a: callStmt @3:1
    b: callStmt @2:1
      Step: {Name: "sh", Args: {Positional: [String "make" {Text: "'make'"}]}, Text: "sh 'make'"}
`
	if got := d.b.String(); got != want {
		t.Errorf("dump differs:\n%s", Diff(want, got))
	}
}

// TestDiff checks the hunks of the golden tests' diff.
func TestDiff(t *testing.T) {
	tests := []struct{ name, want, got, diff string }{
		{"equal", "a\nb\n", "a\nb\n", ""},
		{"changed line", "a\nb\nc\n", "a\nB\nc\n", "--- want\n+++ got\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"},
		{"added at the end", "a\n", "a\nb\n", "--- want\n+++ got\n@@ -1,1 +1,2 @@\n a\n+b\n"},
		{"two hunks", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", "0\n2\n3\n4\n5\n6\n7\n8\n9\n11\n",
			"--- want\n+++ got\n@@ -1,4 +1,4 @@\n-1\n+0\n 2\n 3\n 4\n@@ -7,4 +7,4 @@\n 7\n 8\n 9\n-10\n+11\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Diff(tt.want, tt.got); got != tt.diff {
				t.Errorf("diff\n%s\nwant\n%s", got, tt.diff)
			}
		})
	}
}
