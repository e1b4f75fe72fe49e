package workflow

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestRenderShape(t *testing.T) {
	ff := false
	w := &Workflow{
		Header: []string{"first", "second"},
		Name:   "CI",
		On: On{
			Push:             &Push{Branches: []string{"main", "release/*"}},
			Schedule:         []string{"0 3 * * *"},
			WorkflowDispatch: &Dispatch{Inputs: []*Input{{Name: "GO", Type: InputBoolean, Default: "true", Description: "yes"}, {Name: "V", Default: "1.0"}}},
		},
		Permissions: Permissions{}.Set("contents", Read),
		Jobs: []*Job{{
			ID: "build", Name: "Build", RunsOn: []string{"self-hosted", "gpu"}, TimeoutMinutes: 30,
			Env:      []KV{{"A", "true"}, {"B", "on"}},
			Strategy: &Strategy{Matrix: []MatrixAxis{{Name: "os", Values: []string{"a", "b"}}}, FailFast: &ff},
			Steps: []*Step{
				{Uses: "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1", UsesComment: "v7.0.1", With: []KV{{"persist-credentials", "false"}, {"fetch-depth", "0"}, {"path", "007"}}},
				{Name: "multi", Run: "make\nmake test\n"},
				{Run: "echo 'a: b'"},
				{Run: "make"},
				{If: "${{ !cancelled() }}", Run: "x"},
			},
		}},
	}
	out, err := Render(w)
	if err != nil {
		t.Fatal(err)
	}
	got := string(out)
	for _, want := range []string{
		"# first\n# second\nname: CI\non:\n",
		"      - 'release/*'\n",
		"    - cron: '0 3 * * *'\n",
		"        type: boolean\n        default: true\n",
		"        default: '1.0'\n",
		"permissions:\n  contents: read\n",
		"    runs-on: [self-hosted, gpu]\n",
		"      fail-fast: false\n",
		"      A: \"true\"\n      B: \"on\"\n",
		"      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1\n",
		"          persist-credentials: false\n          fetch-depth: 0\n          path: \"007\"\n",
		"        run: |\n          make\n          make test\n",
		"      - run: |-\n          echo 'a: b'\n",
		"      - run: make\n",
		"      - if: ${{ !cancelled() }}\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	// The output must read back as the same values.
	var back struct {
		Jobs map[string]struct {
			Env   map[string]string `yaml:"env"`
			Steps []struct {
				Run string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(out, &back); err != nil {
		t.Fatal(err)
	}
	j := back.Jobs["build"]
	if j.Env["B"] != "on" || j.Steps[2].Run != "echo 'a: b'" || j.Steps[1].Run != "make\nmake test\n" {
		t.Errorf("round trip lost values: %+v", j)
	}
}

func TestRenderIsStable(t *testing.T) {
	w := &Workflow{Name: "x", Permissions: Permissions{}, Jobs: []*Job{{ID: "b", RunsOn: []string{"ubuntu-latest"}, Steps: []*Step{{Run: "true"}}}}}
	a, _ := Render(w)
	b, _ := Render(w)
	if string(a) != string(b) {
		t.Error("two renders differ")
	}
	if !strings.Contains(string(a), "permissions: {}\n") {
		t.Errorf("empty permissions not rendered as {}:\n%s", a)
	}
}

func TestPermissionsSet(t *testing.T) {
	p := Permissions{}.Set("contents", Read).Set("checks", Write).Set("contents", None).Set("contents", Write)
	want := Permissions{{"contents", Write}, {"checks", Write}}
	if len(p) != 2 || p[0] != want[0] || p[1] != want[1] {
		t.Errorf("got %v, want %v", p, want)
	}
}
