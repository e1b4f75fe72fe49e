package convert

import (
	"testing"
)

func TestDedent(t *testing.T) {
	tests := []struct{ in, want string }{
		{"make", "make"},
		{"\n    a\n      b\n    c\n", "a\n  b\nc\n"},
		{"\n\ta\n\n\tb", "a\n\nb"},
		{"a\n  b", "a\n  b"},
	}
	for _, tt := range tests {
		if got := dedent(tt.in); got != tt.want {
			t.Errorf("dedent(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSecretName(t *testing.T) {
	tests := map[string]string{
		"docker-hub":   "DOCKER_HUB",
		"github-token": "J_GITHUB_TOKEN",
		"1password":    "J_1PASSWORD",
		"a.b/c":        "A_B_C",
		"---":          "SECRET",
	}
	for in, want := range tests {
		if got := secretName(in); got != want {
			t.Errorf("secretName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGlobMatch(t *testing.T) {
	tests := []struct {
		pattern, want string
		ok            bool
	}{
		{"main", "github.ref_name == 'main'", true},
		{"release-*", "startsWith(github.ref_name, 'release-')", true},
		{"*-hotfix", "endsWith(github.ref_name, '-hotfix')", true},
		{"release/**", "startsWith(github.ref_name, 'release/')", true},
		{"a*b*c", "", false},
		{"v?", "", false},
		{"it's", "github.ref_name == 'it''s'", true},
	}
	for _, tt := range tests {
		got, ok := globMatch("github.ref_name", tt.pattern)
		if got != tt.want || ok != tt.ok {
			t.Errorf("globMatch(%q) = %q, %v; want %q, %v", tt.pattern, got, ok, tt.want, tt.ok)
		}
	}
}
