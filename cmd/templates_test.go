package cmd

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/templates"
)

func TestTemplatesFlags(t *testing.T) {
	tests := []struct {
		args    []string
		wantSub string
		want    TemplatesOptions
		wantErr string
	}{
		{args: []string{"list"}, wantSub: "list"},
		{args: []string{"list", "--json", "--templates", "org"}, wantSub: "list", want: TemplatesOptions{JSON: true, TemplatesDir: "org"}},
		{args: []string{"show", "checkout"}, wantSub: "show", want: TemplatesOptions{ID: "checkout"}},
		{args: []string{"validate", "org", "--templates", "base"}, wantSub: "validate", want: TemplatesOptions{Dir: "org", TemplatesDir: "base"}},
		{args: []string{"show"}, wantErr: "accepts 1 arg"},
		{args: []string{"list", "extra"}, wantErr: "unknown command"},
		{args: []string{"show", "x", "--json"}, wantErr: "unknown flag: --json"},
	}
	for _, tt := range tests {
		s, _, _ := streams()
		var gotSub string
		var got *TemplatesOptions
		cmd := NewCmdTemplates(s, func(sub string, o *TemplatesOptions) error { gotSub, got = sub, o; return nil })
		if !parseFlags(t, cmd, tt.args, tt.wantErr) {
			continue
		}
		got.IO = nil
		if gotSub != tt.wantSub || *got != tt.want {
			t.Errorf("%v: got %s %+v, want %s %+v", tt.args, gotSub, *got, tt.wantSub, tt.want)
		}
	}
}

// writeFiles writes files, named by slash paths, into a new directory and
// returns it.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const orgCheckout = `id: checkout
title: Our checkout
category: setup
description: Checks out with LFS.
owner: platform
steps:
  - uses: actions/checkout
    with: {lfs: true, persist-credentials: false}
`

func TestTemplatesList(t *testing.T) {
	builtin, err := templates.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	n := len(builtin.List())
	org := writeFiles(t, map[string]string{"checkout.yml": orgCheckout})
	tests := []struct {
		name      string
		opts      TemplatesOptions
		wantFirst string // first line of the output
		wantLines int
	}{
		{name: "piped", wantFirst: "checkout\tsetup\tCheck out the repository", wantLines: n},
		{name: "terminal", opts: TemplatesOptions{OutTerminal: true}, wantFirst: "ID  ", wantLines: n + 1},
		{name: "override", opts: TemplatesOptions{TemplatesDir: org}, wantFirst: "checkout\tsetup\tOur checkout", wantLines: n},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, out, _ := streams()
			tt.opts.IO = s
			if err := runTemplatesList(&tt.opts); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
			if len(lines) != tt.wantLines || !strings.HasPrefix(lines[0], tt.wantFirst) {
				t.Errorf("%d lines, first %q; want %d, first %q", len(lines), lines[0], tt.wantLines, tt.wantFirst)
			}
			if tt.opts.OutTerminal && !strings.Contains(out.String(), "actions/checkout") {
				t.Errorf("table has no actions column:\n%s", out)
			}
		})
	}
}

func TestTemplatesListJSON(t *testing.T) {
	s, out, _ := streams()
	if err := runTemplatesList(&TemplatesOptions{IO: s, JSON: true}); err != nil {
		t.Fatal(err)
	}
	var list []templateJSON
	if err := json.Unmarshal(out.Bytes(), &list); err != nil {
		t.Fatalf("%v in:\n%s", err, out)
	}
	byID := map[string]templateJSON{}
	for _, tj := range list {
		byID[tj.ID] = tj
	}
	codeql := byID["codeql"]
	if codeql.Permissions["security-events"] != "write" || len(codeql.Actions) != 2 || len(codeql.Actions[0].SHA) != 40 {
		t.Errorf("codeql: %+v", codeql)
	}
	if byID["deploy-environment"].Environment != "${{ inputs.environment }}" {
		t.Errorf("deploy-environment has no environment: %+v", byID["deploy-environment"])
	}
	for _, in := range byID["checkout"].Inputs {
		if in.Type == "" {
			t.Errorf("checkout input %q has no type", in.Name)
		}
	}
}

func TestTemplatesShow(t *testing.T) {
	tests := []struct {
		id   string
		want []string
	}{
		{id: "checkout", want: []string{
			"checkout: Check out the repository\ncategory: setup\nowner: ci-sig\nfile: builtin/checkout.yml\n",
			"Permissions: contents: read\n",
			"  fetch-depth  number  false     1        0  ",
			"Actions:\n  actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1\n",
			"uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1",
			"persist-credentials: false",
		}},
		{id: "deploy-environment", want: []string{
			"Environment: ${{ inputs.environment }}\nConcurrency: deploy-${{ inputs.environment }} (cancel-in-progress: false)\n",
			"Actions:\n  none\n",
			"    environment: production\n",
			"      group: deploy-production\n",
			"run: ./deploy.sh",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			s, out, _ := streams()
			if err := runTemplatesShow(&TemplatesOptions{IO: s, ID: tt.id}); err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
	s, _, _ := streams()
	var ue *usageError
	if err := runTemplatesShow(&TemplatesOptions{IO: s, ID: "nope"}); !errors.As(err, &ue) || !strings.Contains(err.Error(), `unknown template "nope"`) {
		t.Errorf("unknown id: error %v, want a usage error", err)
	}
}

func TestTemplatesValidate(t *testing.T) {
	const head = "title: T\ncategory: build\ndescription: D.\n"
	tests := []struct {
		name    string
		files   map[string]string
		wantOut []string // findings, without the directory
		wantErr string   // last line of standard error
	}{
		{
			name: "valid",
			files: map[string]string{
				"checkout.yml": orgCheckout,
				"build.yaml": "id: build\n" + head + `inputs:
  target: {type: string, description: make target, required: true, example: all}
permissions: {checks: write}
steps:
  - name: Build
    env: {TARGET: "${{ inputs.target }}"}
    run: make "$TARGET"
`,
				"README.md": "not a template",
			},
			wantErr: "2 templates, all valid",
		},
		{
			name: "parse errors and unpinned actions",
			files: map[string]string{
				"bad.yml": "id: bad\n" + head + "steps:\n  - uses: example/unknown\n  - uses: actions/checkout@v4\n",
			},
			wantOut: []string{
				`bad.yml:6:11: action "example/unknown" is not in actions.lock [template-unpinned]`,
				`bad.yml:7:11: uses "actions/checkout@v4" has a ref; write "actions/checkout", the pin comes from actions.lock [template-invalid]`,
			},
			wantErr: "2 problems",
		},
		{
			name: "rendered workflow fails actionlint",
			files: map[string]string{
				"greet.yml": "id: greet\n" + head + "steps:\n  - run: echo \"${{ github.event.pull_request.title }}\"\n",
			},
			wantOut: []string{`greet.yml#rendered:`},
			wantErr: "1 templates, 1 problems",
		},
		{
			name: "required input without example",
			files: map[string]string{
				"ex.yml": "id: ex\n" + head + "inputs:\n  x: {description: X, required: true}\nsteps:\n  - run: echo ${{ inputs.x }}\n",
			},
			wantOut: []string{`ex.yml: required input "x" has no example to render the template with [template-example]`},
			wantErr: "1 templates, 1 problems",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, tt.files)
			s, out, errOut := streams()
			err := runTemplatesValidate(&TemplatesOptions{IO: s, Dir: dir})
			if (err != nil) != (tt.wantOut != nil) || err != nil && !errors.Is(err, errProblems) {
				t.Errorf("error = %v", err)
			}
			got := strings.ReplaceAll(out.String(), dir+string(filepath.Separator), "")
			for _, w := range tt.wantOut {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q:\n%s", w, got)
				}
			}
			if tt.wantOut == nil && got != "" {
				t.Errorf("findings in a valid directory:\n%s", got)
			}
			if !strings.HasSuffix(strings.TrimSpace(errOut.String()), tt.wantErr) {
				t.Errorf("stderr = %q, want it to end with %q", errOut, tt.wantErr)
			}
		})
	}
	s, _, _ := streams()
	var ue *usageError
	if err := runTemplatesValidate(&TemplatesOptions{IO: s, Dir: filepath.Join(t.TempDir(), "missing")}); !errors.As(err, &ue) {
		t.Errorf("missing directory: error %v, want a usage error", err)
	}
}

// TestTemplatesValidateUsesBase checks that --templates gives validate the
// organisation's lock, so that a team's templates may use its actions.
func TestTemplatesValidateUsesBase(t *testing.T) {
	const sha = "0123456789abcdef0123456789abcdef01234567"
	base := writeFiles(t, map[string]string{"actions.lock": "example-org/deploy v2.1.0 " + sha + "\n"})
	team := writeFiles(t, map[string]string{"ship.yml": `id: ship
title: Ship
category: deploy
description: Ships with the organisation's action.
steps:
  - uses: example-org/deploy
`})
	for _, tt := range []struct {
		base    string
		wantErr bool
	}{{"", true}, {base, false}} {
		s, out, _ := streams()
		err := runTemplatesValidate(&TemplatesOptions{IO: s, Dir: team, TemplatesDir: tt.base})
		if (err != nil) != tt.wantErr {
			t.Errorf("--templates %q: error %v\n%s", tt.base, err, out)
		}
	}
}
