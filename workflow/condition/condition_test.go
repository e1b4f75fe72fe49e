package condition_test

import (
	"testing"

	"github.com/jenkins2actions/jenkins2actions/workflow/condition"
)

func of(texts ...string) []condition.Expr {
	var out []condition.Expr
	for _, t := range texts {
		out = append(out, condition.Of(t))
	}
	return out
}

// TestAnd joins conditions, wrapping those with a top-level ||:
// parentheses and bars inside string literals do not count.
func TestAnd(t *testing.T) {
	tests := []struct {
		in   []string
		want string
	}{
		{[]string{"a == 'x'", "b"}, "a == 'x' && b"},
		{[]string{"a || b", "c"}, "(a || b) && c"},
		{[]string{"(a || b)", "c"}, "(a || b) && c"},
		{[]string{"(a) || (b)", "c"}, "((a) || (b)) && c"},
		{[]string{"x == ')' || y", "z"}, "(x == ')' || y) && z"},
		{[]string{"x == '||'", "z"}, "x == '||' && z"},
		{[]string{"x == 'it''s (' && y", "z"}, "x == 'it''s (' && y && z"},
		{[]string{"", "always()", "failure()"}, "failure()"},
		{[]string{"always()", "env.MSG == 'failure()'"}, "always() && env.MSG == 'failure()'"},
		{[]string{"always()"}, "always()"},
		{[]string{"${{ github.ref == 'refs/heads/main' }}", "b"}, "github.ref == 'refs/heads/main' && b"},
		{[]string{"", ""}, ""},
	}
	for _, tt := range tests {
		if got := condition.String(condition.And(of(tt.in...)...)); got != tt.want {
			t.Errorf("And(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestTree combines conditions as values: the parentheses come from the
// tree, not from reading the text again.
func TestTree(t *testing.T) {
	a, b, c := condition.Of("a == 'x'"), condition.Of("b"), condition.Of("c()")
	tests := []struct {
		name string
		e    condition.Expr
		want string
	}{
		{"or in and", condition.And(condition.Or(a, b), c), "(a == 'x' || b) && c()"},
		{"and in or", condition.Or(condition.And(a, b), c), "(a == 'x' && b) || c()"},
		{"nested ands flatten", condition.And(a, condition.And(b, c)), "a == 'x' && b && c()"},
		{"nested ors flatten", condition.Or(a, condition.Or(b, c)), "a == 'x' || b || c()"},
		{"not of a call", condition.Not(c), "!c()"},
		{"not of a comparison", condition.Not(a), "!(a == 'x')"},
		{"not of an and", condition.Not(condition.And(a, b)), "!(a == 'x' && b)"},
		{"not of a parenthesised leaf", condition.Not(condition.Of("(a || b)")), "!(a || b)"},
		{"not of a comparison of a group", condition.Not(condition.Of("(a || b) == 'main'")), "!((a || b) == 'main')"},
		{"or with no condition holds always", condition.Or(a, nil), ""},
		{"not of no condition", condition.Not(nil), "false"},
		{"an and of one", condition.And(nil, a, nil), "a == 'x'"},
	}
	for _, tt := range tests {
		if got := condition.String(tt.e); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestReads finds the contexts a condition reads by parsing it: a
// literal that mentions a context does not count.
func TestReads(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"env.DEPLOY == 'true'", true},
		{"steps.when-1.outputs.value == 'true'", true},
		{"github.ref == 'refs/heads/env.x'", false},
		{"contains(github.event.head_commit.message, 'runner.os')", false},
		{"startsWith(github.ref, 'refs/tags/') && runner.os == 'Linux'", true},
		{"inputs.ENV == 'prod'", false},
	}
	for _, tt := range tests {
		if got := condition.Reads(condition.Of(tt.text), "env", "runner", "steps"); got != tt.want {
			t.Errorf("Reads(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
	if condition.Reads(nil, "env") {
		t.Error("no condition reads nothing")
	}
}

func TestParen(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a || b", "(a || b)"},
		{"(a || b)", "(a || b)"},
		{"(a) || (b)", "((a) || (b))"},
		{"(x == ')') || y", "((x == ')') || y)"},
	}
	for _, tt := range tests {
		if got := condition.Paren(tt.in); got != tt.want {
			t.Errorf("Paren(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
