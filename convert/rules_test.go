package convert

import (
	"slices"
	"testing"
)

func TestWindowsLabel(t *testing.T) {
	for _, tc := range []struct {
		label string
		want  bool
	}{
		{"windows-latest", true},
		{"win64", true},
		{"windows-2019", true},
		{`${{ fromJSON(vars.RUNS_ON_WIN64 || '["self-hosted","win64"]') }}`, true},
		{"Win", true},
		{"darwin", false},
		{"ubuntu-latest", false},
		{"winery", false},
		{"self-hosted", false},
	} {
		if got := windowsLabel.MatchString(tc.label); got != tc.want {
			t.Errorf("windowsLabel(%q) = %v, want %v", tc.label, got, tc.want)
		}
	}
}

func TestJavaDistribution(t *testing.T) {
	for _, tc := range []struct {
		dist, version, want string
		ok                  bool
	}{
		{"temurin", "8", "temurin", true},
		{"temurin", "1.8", "temurin", true},
		{"temurin", "11", "temurin", true},
		{"temurin", "12", "zulu", false},
		{"temurin", "15", "zulu", false},
		{"temurin", "17", "temurin", true},
		{"temurin", "21.0.2", "temurin", true},
		{"temurin", "7", "zulu", false},
		{"corretto", "12", "corretto", true},
	} {
		got, ok := javaDistribution(tc.dist, tc.version)
		if got != tc.want || ok != tc.ok {
			t.Errorf("javaDistribution(%q, %q) = %q, %v; want %q, %v", tc.dist, tc.version, got, ok, tc.want, tc.ok)
		}
	}
}

func TestConcurrencyFor(t *testing.T) {
	for _, tc := range []struct {
		name     string
		rules    map[string]bool
		group    string
		cancel   bool
		cancelIf string
	}{
		{"every build", map[string]bool{"": false}, "${{ github.workflow }}-${{ github.ref }}", false, ""},
		{"every build, abort", map[string]bool{"": true}, "${{ github.workflow }}-${{ github.ref }}", true, ""},
		{"pull requests abort", map[string]bool{"pull_request": true},
			"${{ github.workflow }}-${{ ((github.event_name == 'pull_request')) && github.ref || github.run_id }}", false,
			"${{ (github.event_name == 'pull_request') }}"},
		{"primary queues, pull requests abort", map[string]bool{"primary": false, "pull_request": true},
			"${{ github.workflow }}-${{ ((github.event_name == 'pull_request') || (github.event_name != 'pull_request' && github.ref_name == github.event.repository.default_branch)) && github.ref || github.run_id }}", false,
			"${{ (github.event_name == 'pull_request') }}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := concurrencyFor(tc.rules)
			if got.Group != tc.group || got.CancelInProgress != tc.cancel || got.CancelIf != tc.cancelIf {
				t.Errorf("got %+v, want group %q cancel %v cancelIf %q", got, tc.group, tc.cancel, tc.cancelIf)
			}
		})
	}
}

func TestPushBranches(t *testing.T) {
	for _, tc := range []struct {
		specs []string
		want  []string
	}{
		{[]string{"*/develop"}, []string{"develop"}},
		{[]string{"origin/main", "refs/heads/release-*"}, []string{"main", "release-*"}},
		{[]string{"**"}, nil},
		{[]string{"*/main", "${BRANCH}"}, nil},
		{nil, nil},
	} {
		if got := pushBranches(tc.specs); !slices.Equal(got, tc.want) {
			t.Errorf("pushBranches(%q) = %q, want %q", tc.specs, got, tc.want)
		}
	}
}
