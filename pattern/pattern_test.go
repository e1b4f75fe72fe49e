package pattern_test

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/jenkins2actions/jenkins2actions/pattern"
)

// TestPatterns checks the Ant and Java patterns bash tests use: each must
// match the paths and names Jenkins matches, and no others.
func TestPatterns(t *testing.T) {
	tests := []struct {
		pattern, kind string
		match, miss   []string
	}{
		{"ci/openjdk25/**", "ant", []string{"ci/openjdk25/Dockerfile", "ci/openjdk25/a/b"}, []string{"ci/openjdk2/x", "xci/openjdk25/a"}},
		{"**/*.java", "ant", []string{"A.java", "src/main/A.java"}, []string{"A.javax", "src/A.kt"}},
		{"ci/pipeline.properties", "ant", []string{"ci/pipeline.properties"}, []string{"ci/pipelineXproperties", "ci/pipeline.properties.bak"}},
		{"src/?.c", "ant", []string{"src/a.c"}, []string{"src/ab.c", "src/a/b.c"}},
		{`main|(\d\.\d\.x)`, "java", []string{"main", "4.2.x"}, []string{"mainline", "4.x"}},
		{`v\d+.*`, "java", []string{"v1", "v12.3"}, []string{"x1", "v"}},
		{`[\w-]+`, "java", []string{"feature-1_a"}, []string{"a/b"}},
	}
	for _, tt := range tests {
		var ere string
		if tt.kind == "ant" {
			ere = pattern.AntToERE(tt.pattern)
		} else {
			e, ok := pattern.JavaToERE(tt.pattern)
			if !ok {
				t.Fatalf("%s: not translated", tt.pattern)
			}
			ere = "^(" + e + ")$"
		}
		// Go's regexp accepts the POSIX classes and groups used here.
		re, err := regexp.Compile(ere)
		if err != nil {
			t.Fatalf("%s -> %s: %v", tt.pattern, ere, err)
		}
		for _, m := range tt.match {
			if !re.MatchString(m) {
				t.Errorf("%s (%s) does not match %q", tt.pattern, ere, m)
			}
		}
		for _, m := range tt.miss {
			if re.MatchString(m) {
				t.Errorf("%s (%s) matches %q", tt.pattern, ere, m)
			}
		}
	}
}

// TestJavaToERERefuses checks that what ERE cannot express is refused,
// not translated into a pattern that matches other text.
func TestJavaToERERefuses(t *testing.T) {
	for _, re := range []string{`^(?i)main$`, `\bword\b`, `a.*?b`, `a++`, `(?=x)y`, `\p{Alpha}`, `[abc`, `\Qa.b\E`} {
		if ere, ok := pattern.JavaToERE(re); ok {
			t.Errorf("JavaToERE(%q) = %q, want a refusal", re, ere)
		}
	}
}

// FuzzJavaToERE checks that every translation is a regular expression
// bash, sed and awk can run: it must compile (Go's syntax accepts the
// POSIX classes and groups the translation writes).
func FuzzJavaToERE(f *testing.F) {
	for _, s := range []string{`main|(\d\.\d\.x)`, `v\d+.*`, `[\w-]+`, `^release/.*$`, `a(?:b|c)`, `[^]a]`, `\.`, `x{2,3}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, re string) {
		if !utf8.ValidString(re) {
			return // the readers reject files that are not UTF-8
		}
		ere, ok := pattern.JavaToERE(re)
		if !ok {
			return
		}
		if _, err := regexp.Compile(ere); err != nil {
			// Go rejects some patterns Java and ERE accept alike
			// (x{1001}, a bare {); the translation must not be the
			// cause.
			if _, javaErr := regexp.Compile(re); javaErr == nil {
				t.Errorf("JavaToERE(%q) = %q, which does not compile: %v", re, ere, err)
			}
		}
	})
}

// FuzzAntToERE checks that every Ant pattern becomes an anchored regular
// expression that compiles.
func FuzzAntToERE(f *testing.F) {
	for _, s := range []string{"**/*.java", "src/?.c", "a/**", "x[1]+(y).z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, glob string) {
		if !utf8.ValidString(glob) {
			return // the readers reject files that are not UTF-8
		}
		ere := pattern.AntToERE(glob)
		if _, err := regexp.Compile(ere); err != nil {
			t.Errorf("AntToERE(%q) = %q, which does not compile: %v", glob, ere, err)
		}
		if !strings.HasPrefix(ere, "^") || !strings.HasSuffix(ere, "$") {
			t.Errorf("AntToERE(%q) = %q is not anchored", glob, ere)
		}
	})
}
