package bash

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

func TestShellcheckDirective(t *testing.T) {
	tests := []struct{ script, want string }{
		{"make", ""},
		{`echo "$HOME"`, ""},
		{`echo $HOME`, "SC2086"},
		{`echo ${HOME}/x`, "SC2086"},
		{`rm $(ls)`, "SC2046"},
		{"echo `date`", "SC2006,SC2046"},
		{"echo \"`date`\"", "SC2006"},
		{`echo '$HOME'`, "SC2016"},
		{"echo 'run `kubectl proxy`'", "SC2016"},
		{`echo 'a' # $HOME in a comment`, ""},
		{`echo a#$HOME`, "SC2086"},
		{`echo \$HOME`, ""},
		{"echo 'it''s' \"$A\" $B", "SC2086"},
		{"ls *.txt", "SC2035"},
		{"ls './*.txt' a*", ""},
		{"fgrep x f | egrep y", "SC2196,SC2197"},
		{"if [ ! -z \"$A\" ]; then true; fi", "SC2236"},
		{"cd build\nmake", "SC2164"},
		{"cd build || exit 1", ""},
		{"cat f | grep x", "SC2002"},
		{"echo a >> f\necho b >> f", "SC2129"},
		// Seen in Jenkinsfiles the converter had not met.
		{"pip install --user .[all]", "SC2102"},
		{`echo "${arr[0]}"`, ""},
		{"oc get builds x -o template --template={{.status.phase}}", "SC1083"},
		{`echo {\"name\" : \"x\"} > meta.json`, "SC1083"},
		{"{ make; } > log", ""},
		{"export VERSION=`cat VERSION`", "SC2006,SC2046,SC2155"},
		{`export PATH="${PATH}":$(go env GOPATH)/bin`, "SC2046,SC2155"},
		{"find . -name '*.py' | xargs dirname", "SC2038"},
		{"[ -z x ] && exit 999 || exit 0", "SC2015,SC2242"},
		{"source $ENV_FILE", "SC1090,SC2086"},
		{`eval "echo "$(<tpl.json)"" > out.json`, "SC2005,SC2027,SC2046"},
		{`echo "a "$B" c"`, "SC2027,SC2086"},
		{"apt-get update && apt-get install -y gcc || true", "SC2015"},
		{"TEST_CATEGORY=unit && rake spec", "SC2034"},
		{"X=1 && echo \"$X\"", ""},
		{`./publish.sh "${flags}" --pr "${pr}"`, ""},
	}
	for _, tt := range tests {
		got := Directive(tt.script)
		want := ""
		if tt.want != "" {
			want = "# shellcheck disable=" + tt.want + " # as written in the Jenkinsfile\n"
		}
		if got != want {
			t.Errorf("Directive(%q) = %q, want %q", tt.script, got, want)
		}
	}
}

func TestQuoteRef(t *testing.T) {
	tests := []struct {
		before string
		want   string
	}{
		{"echo ", `echo "${X}"`},
		{`echo "a `, `echo "a ${X}`},
		{`echo 'a `, `echo 'a '"${X}"'`},
		{`echo 'a' `, `echo 'a' "${X}"`},
		{`echo \'`, `echo \'"${X}"`},
	}
	for _, tt := range tests {
		s := NewScanner()
		s.Write(tt.before)
		if got := tt.before + QuoteRef(s.State(), "X"); got != tt.want {
			t.Errorf("after %q: got %q, want %q", tt.before, got, tt.want)
		}
	}
}

// Quote and Word must give bash the string back as it was; Word must
// give shellcheck nothing to say about the quoting.
func TestShellQuote(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash not found")
	}
	shellcheck, _ := exec.LookPath("shellcheck")
	if shellcheck == "" && os.Getenv("CI") == "true" {
		t.Fatal("shellcheck is not installed (CI=true)")
	}
	for _, s := range []string{"", "plain", "it's", `C:\dir\`, `a\'b`, `\\`, `'`, `'\'`, "two\nlines", `$HOME "x"`, "${A}`b` \\$", "cost: $5 $"} {
		for name, quote := range map[string]func(string) string{"Quote": Quote, "DoubleQuote": DoubleQuote} {
			if out, err := exec.Command(bash, "-c", "printf '%s' "+quote(s)).Output(); err != nil || string(out) != s {
				t.Errorf("%s(%q) = %s: bash printed %q (%v)", name, s, quote(s), out, err)
			}
		}
		word := Word(s)
		script := "printf '%s' " + word + "\n"
		out, err := exec.Command(bash, "-c", script).Output()
		if err != nil || string(out) != s {
			t.Errorf("Word(%q) = %s: bash printed %q (%v)", s, word, out, err)
		}
		if shellcheck == "" {
			continue
		}
		cmd := exec.Command(shellcheck, "-s", "bash", "-")
		cmd.Stdin = strings.NewReader(script)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("Word(%q) = %s: shellcheck: %s", s, word, out)
		}
	}
}
