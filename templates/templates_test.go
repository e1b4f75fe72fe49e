package templates

import (
	"bufio"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/workflow"
)

func builtinCatalog(t *testing.T) *Catalog {
	t.Helper()
	c, err := Builtin()
	if err != nil {
		t.Fatalf("Builtin: %v", err)
	}
	return c
}

// loadDir writes files into a fresh directory and loads it over the
// built-in catalog.
func loadDir(t *testing.T, files map[string]string) (*Catalog, error) {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return LoadDir(dir, builtinCatalog(t))
}

func TestBuiltin(t *testing.T) {
	c := builtinCatalog(t)
	if c2, _ := Builtin(); c2 != c {
		t.Errorf("Builtin returned a new catalog on the second call")
	}
	var ids []string
	for _, tmpl := range c.List() {
		ids = append(ids, tmpl.ID)
	}
	for _, id := range []string{
		"checkout", "setup-java", "setup-gradle", "setup-node", "setup-python", "setup-go", "setup-dotnet",
		"setup-ruby", "upload-artifact", "download-artifact", "junit-report", "docker-login",
		"docker-build-push", "slack-notify", "retry", "cache", "maven-build", "node-yarn", "node-pnpm",
		"python-poetry", "docker-login-ghcr", "docker-login-ecr", "aws-oidc", "azure-oidc", "gcp-oidc",
		"codecov", "github-release", "deploy-environment", "kubectl-deploy", "helm-deploy", "terraform",
		"sonar-scan", "codeql",
	} {
		if !slices.Contains(ids, id) {
			t.Errorf("built-in template %q is missing", id)
		}
	}
	for _, tmpl := range c.List() {
		// Built-ins are the examples SIG people copy: every field filled in.
		if tmpl.Owner == "" || tmpl.When == "" || tmpl.Security == "" {
			t.Errorf("%s: owner, when and security must all be set", tmpl.File)
		}
		if tmpl.File != "builtin/"+tmpl.ID+".yml" {
			t.Errorf("template %q: File = %q", tmpl.ID, tmpl.File)
		}
		// A template without actions is worth having for the job fields
		// it sets, as deploy-environment sets an environment, or for a
		// vetted script, as notify-email sends mail with curl.
		if len(tmpl.Actions) == 0 && tmpl.Job.IsZero() {
			steps, err := c.Steps(tmpl.ID, tmpl.SampleInputs(true))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(steps, func(s *workflow.Step) bool { return s.Run != "" }) {
				t.Errorf("template %q uses no action, sets no job field and runs no script", tmpl.ID)
			}
		}
		for _, in := range tmpl.Inputs {
			if in.Type == "" {
				t.Errorf("%s: input %q has no type", tmpl.File, in.Name)
			}
		}
		if tmpl.Permissions == nil {
			t.Errorf("template %q: Permissions is nil, want empty", tmpl.ID)
		}
	}
}

func TestList(t *testing.T) {
	list := builtinCatalog(t).List()
	for i := 1; i < len(list); i++ {
		a, b := list[i-1], list[i]
		ca, cb := slices.Index(categories, a.Category), slices.Index(categories, b.Category)
		if ca > cb || (ca == cb && a.ID >= b.ID) {
			t.Errorf("List: %s/%s before %s/%s", a.Category, a.ID, b.Category, b.ID)
		}
	}
}

// TestBuiltinInputsKnown checks every with: key of the built-in templates
// against the inputs action-pins.tsv records for that action's pinned
// release: actionlint cannot check inputs of SHA-pinned actions.
func TestBuiltinInputsKnown(t *testing.T) {
	f, err := os.Open(pinsTSV)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s is absent; cannot check action inputs", pinsTSV)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	notes := map[string][]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) == 7 {
			notes[actionKey(cols[0])] = strings.Split(cols[6], ", ")
		}
	}
	for _, tmpl := range builtinCatalog(t).List() {
		for _, s := range tmpl.steps {
			if s.uses == "" {
				continue
			}
			known, ok := notes[actionKey(s.uses)]
			if !ok {
				t.Errorf("%s: %q is not in %s", tmpl.File, s.uses, pinsTSV)
			}
			for _, kv := range s.with {
				if !slices.Contains(known, kv.Key) {
					t.Errorf("%s: %q has no input %q in its pinned release (known: %s)", tmpl.File, s.uses, kv.Key, strings.Join(known, ", "))
				}
			}
		}
	}
}

func TestCheckoutKeepsNoCredentials(t *testing.T) {
	steps, err := builtinCatalog(t).Steps("checkout", map[string]string{"fetch-depth": "0"})
	if err != nil {
		t.Fatal(err)
	}
	want := []*workflow.Step{{
		Name:        "Check out",
		Uses:        "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1",
		UsesComment: "v7.0.1",
		With:        []workflow.KV{{Key: "fetch-depth", Value: "0"}, {Key: "persist-credentials", Value: "false"}},
	}}
	if !reflect.DeepEqual(steps, want) {
		t.Errorf("checkout steps:\n%s\nwant:\n%s", dump(steps), dump(want))
	}
}

const demoTemplate = `id: demo
title: Demo
category: utility
description: Exercises substitution.
inputs:
  req: {description: a required input, required: true}
  opt: {description: an optional input without default}
  def: {description: an input with a default, default: "3"}
permissions: {contents: read}
steps:
  - name: Demo ${{ inputs.req }}
    if: ${{ inputs.opt }}
    uses: Actions/Cache
    with:
      whole: ${{ inputs.opt }}
      spaced: ${{inputs.opt}}
      part: prefix-${{ inputs.opt }}-suffix
      def: ${{ inputs.def }}
      secret: ${{ secrets.TOKEN }}
      literal: false
    env:
      REQ: ${{ inputs.req }}
      OPT: ${{ inputs.opt }}
  - run: echo "${{ inputs.req }}" ${{ github.sha }} ${{ github.event.inputs.x }}
    shell: bash
    working-directory: ${{ inputs.opt }}
    timeout-minutes: 5
    continue-on-error: true
`

func TestSteps(t *testing.T) {
	c, err := loadDir(t, map[string]string{"demo.yml": demoTemplate})
	if err != nil {
		t.Fatal(err)
	}
	const cacheRef = "actions/cache@27d5ce7f107fe9357f9df03efb73ab90386fccae"
	run := func(req, opt string) *workflow.Step {
		return &workflow.Step{
			Run:              `echo "` + req + `" ${{ github.sha }} ${{ github.event.inputs.x }}`,
			Shell:            "bash",
			WorkingDirectory: opt,
			TimeoutMinutes:   5,
			ContinueOnError:  true,
		}
	}
	tests := []struct {
		name   string
		inputs map[string]string
		want   []*workflow.Step
	}{
		{
			name:   "defaults, empty optional dropped",
			inputs: map[string]string{"req": "R"},
			want: []*workflow.Step{{
				Name: "Demo R", Uses: cacheRef, UsesComment: "v5.0.5",
				With: []workflow.KV{
					{Key: "part", Value: "prefix--suffix"}, {Key: "def", Value: "3"},
					{Key: "secret", Value: "${{ secrets.TOKEN }}"}, {Key: "literal", Value: "false"},
				},
				Env: []workflow.KV{{Key: "REQ", Value: "R"}},
			}, run("R", "")},
		},
		{
			name:   "all given, explicit empty drops the default",
			inputs: map[string]string{"req": "R", "opt": "O", "def": ""},
			want: []*workflow.Step{{
				Name: "Demo R", If: "O", Uses: cacheRef, UsesComment: "v5.0.5",
				With: []workflow.KV{
					{Key: "whole", Value: "O"}, {Key: "spaced", Value: "O"}, {Key: "part", Value: "prefix-O-suffix"},
					{Key: "secret", Value: "${{ secrets.TOKEN }}"}, {Key: "literal", Value: "false"},
				},
				Env: []workflow.KV{{Key: "REQ", Value: "R"}, {Key: "OPT", Value: "O"}},
			}, run("R", "O")},
		},
		{
			name:   "values are not expanded again",
			inputs: map[string]string{"req": "${{ inputs.opt }}", "opt": "${{ inputs.req }}"},
			want: []*workflow.Step{{
				Name: "Demo ${{ inputs.opt }}", If: "${{ inputs.req }}", Uses: cacheRef, UsesComment: "v5.0.5",
				With: []workflow.KV{
					{Key: "whole", Value: "${{ inputs.req }}"}, {Key: "spaced", Value: "${{ inputs.req }}"},
					{Key: "part", Value: "prefix-${{ inputs.req }}-suffix"}, {Key: "def", Value: "3"},
					{Key: "secret", Value: "${{ secrets.TOKEN }}"}, {Key: "literal", Value: "false"},
				},
				Env: []workflow.KV{{Key: "REQ", Value: "${{ inputs.opt }}"}, {Key: "OPT", Value: "${{ inputs.req }}"}},
			}, run("${{ inputs.opt }}", "${{ inputs.req }}")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.Steps("demo", tt.inputs)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got:\n%s\nwant:\n%s", dump(got), dump(tt.want))
			}
		})
	}
}

func TestStepsErrors(t *testing.T) {
	c, err := loadDir(t, map[string]string{"demo.yml": demoTemplate})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		id     string
		inputs map[string]string
		want   string
	}{
		{name: "unknown template", id: "nope", want: `unknown template "nope"`},
		{name: "missing required", id: "demo", want: `template "demo" needs input "req" (a required input)`},
		{name: "empty required", id: "demo", inputs: map[string]string{"req": ""}, want: `template "demo" needs input "req"`},
		{
			name: "every problem at once", id: "demo", inputs: map[string]string{"zz": "1", "aa": "2"},
			want: "template \"demo\" has no input \"aa\"\ntemplate \"demo\" has no input \"zz\"\ntemplate \"demo\" needs input \"req\" (a required input)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			steps, err := c.Steps(tt.id, tt.inputs)
			if err == nil {
				t.Fatalf("Steps succeeded: %s", dump(steps))
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error:\n%v\nwant it to contain:\n%s", err, tt.want)
			}
		})
	}
}

func TestJobSettings(t *testing.T) {
	c := builtinCatalog(t)
	tests := []struct {
		name    string
		id      string
		inputs  map[string]string
		want    JobSettings
		wantErr string
	}{
		{
			name:   "environment and concurrency",
			id:     "deploy-environment",
			inputs: map[string]string{"environment": "production", "command": "./deploy.sh"},
			want: JobSettings{
				Environment: "production",
				Concurrency: &workflow.Concurrency{Group: "deploy-production"},
			},
		},
		{name: "none", id: "checkout"},
		{name: "missing input", id: "deploy-environment", inputs: map[string]string{"command": "x"}, wantErr: `needs input "environment"`},
		{name: "unknown template", id: "nope", wantErr: `unknown template "nope"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.JobSettings(tt.id, tt.inputs)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestJobSettingsApply(t *testing.T) {
	s := JobSettings{Environment: "production", Concurrency: &workflow.Concurrency{Group: "deploy"}}
	kept := &workflow.Job{Environment: "staging", Concurrency: &workflow.Concurrency{Group: "mine"}}
	s.Apply(kept)
	if kept.Environment != "staging" || kept.Concurrency.Group != "mine" {
		t.Errorf("Apply replaced the job's own fields: %+v", kept)
	}
	empty := &workflow.Job{}
	s.Apply(empty)
	if empty.Environment != "production" || empty.Concurrency.Group != "deploy" {
		t.Errorf("Apply left fields empty: %+v", empty)
	}
	if empty.Concurrency == s.Concurrency {
		t.Errorf("Apply shared the template's concurrency value")
	}
}

func TestLoadDirOverrides(t *testing.T) {
	const orgSHA = "0123456789abcdef0123456789abcdef01234567"
	c, err := loadDir(t, map[string]string{
		"actions.lock": "# our own actions\nexample-org/deploy v2.1.0 " + orgSHA + "\n",
		"checkout.yml": `id: checkout
title: Our checkout
category: setup
description: Checks out with LFS.
steps:
  - uses: actions/checkout
    with: {lfs: true, persist-credentials: false}
`,
		"deploy.yaml": `id: deploy
title: Deploy
category: deploy
description: Deploys with the organisation's action.
inputs:
  env: {description: target environment, required: true}
permissions: {id-token: write, contents: read}
steps:
  - uses: example-org/deploy
    with: {environment: "${{ inputs.env }}"}
`,
		"README.md": "not a template",
	})
	if err != nil {
		t.Fatal(err)
	}
	if tmpl, _ := c.Get("checkout"); tmpl.Title != "Our checkout" || len(tmpl.Inputs) != 0 {
		t.Errorf("checkout was not replaced: %+v", tmpl)
	}
	if tmpl, _ := builtinCatalog(t).Get("checkout"); tmpl.Title == "Our checkout" {
		t.Errorf("LoadDir changed the base catalog")
	}
	if _, ok := c.Get("setup-java"); !ok {
		t.Errorf("built-in setup-java is missing from the loaded catalog")
	}
	tmpl, ok := c.Get("deploy")
	if !ok {
		t.Fatal("deploy template is missing")
	}
	wantPerms := workflow.Permissions{{Key: "id-token", Value: "write"}, {Key: "contents", Value: "read"}}
	if !reflect.DeepEqual(tmpl.Permissions, wantPerms) || !slices.Equal(tmpl.Actions, []string{"example-org/deploy"}) {
		t.Errorf("deploy: permissions %v, actions %v", tmpl.Permissions, tmpl.Actions)
	}
	steps, err := c.Steps("deploy", map[string]string{"env": "prod"})
	if err != nil {
		t.Fatal(err)
	}
	if s := steps[0]; s.Uses != "example-org/deploy@"+orgSHA || s.UsesComment != "v2.1.0" {
		t.Errorf("deploy step uses %q # %s", s.Uses, s.UsesComment)
	}
	if _, ok := c.Lock().Pin("actions/checkout"); !ok {
		t.Errorf("the directory's lock replaced the built-in pins instead of adding to them")
	}
	if _, ok := builtinCatalog(t).Lock().Pin("example-org/deploy"); ok {
		t.Errorf("LoadDir changed the base lock")
	}
}

func TestLoadDirErrors(t *testing.T) {
	const head = "title: T\ncategory: utility\ndescription: D.\n"
	tests := []struct {
		name string
		file string
		src  string
		want []string // diagnostics as text, without the directory
	}{
		{
			name: "YAML syntax",
			file: "bad.yml",
			src:  "id: bad\nsteps:\n  - run: [\n",
			want: []string{"bad.yml:3:1: did not find expected node content [template-syntax]"},
		},
		{
			name: "keys, id and metadata",
			file: "meta.yml",
			src:  "id: other\ncategory: misc\nauthor: me\ntitle: T\ntitle: U\nsteps:\n  - run: echo hi\n",
			want: []string{
				`meta.yml:1:1: id "other" does not match the file name "meta.yml" [template-invalid]`,
				`meta.yml:1:1: missing description [template-invalid]`,
				`meta.yml:2:11: unknown category "misc" (want one of setup, build, test, package, deploy, notify, security, utility) [template-invalid]`,
				`meta.yml:3:1: unknown key "author" [template-invalid]`,
				`meta.yml:5:1: duplicate key "title" [template-invalid]`,
			},
		},
		{
			name: "bad id",
			file: "Bad_ID.yml",
			src:  "id: Bad_ID\n" + head + "steps:\n  - run: echo hi\n",
			want: []string{`Bad_ID.yml:1:1: id "Bad_ID" is not lowercase kebab-case [template-invalid]`},
		},
		{
			name: "inputs",
			file: "ins.yml",
			src: "id: ins\n" + head + `inputs:
  a: {description: A, required: true, default: x}
  b: {required: yes}
  c: {description: C, kind: string}
  bad name: {description: X}
  d: {description: D, type: boolean, default: "yes", example: "${{ github.event_name == 'push' }}"}
  e: {description: E, type: number, example: "1.5x"}
  f: {description: F, type: list}
steps:
  - run: echo ${{ inputs.a }} ${{ inputs.b }} ${{ inputs.c }} ${{ inputs.bad name }} ${{ inputs.d }} ${{ inputs.e }} ${{ inputs.f }}
`,
			want: []string{
				`ins.yml:6:39: input "a" is required, so its default would never be used [template-invalid]`,
				`ins.yml:7:3: input "b" has no description [template-invalid]`,
				`ins.yml:7:17: expected true or false [template-invalid]`,
				`ins.yml:8:23: unknown input key "kind" (want description, type, required, default or example) [template-invalid]`,
				`ins.yml:9:3: input "bad name" is never used [template-invalid]`,
				`ins.yml:9:3: input name "bad name" has characters other than letters, digits, - and _ [template-invalid]`,
				`ins.yml:10:47: input "d": "yes" is not true or false [template-invalid]`,
				`ins.yml:11:46: input "e": "1.5x" is not a number [template-invalid]`,
				`ins.yml:12:29: input "f" has unknown type "list" (want string, boolean or number) [template-invalid]`,
				`ins.yml:14:10: run: only ${{ inputs.NAME }} on its own can be substituted, not "${{ inputs.bad name }}" [template-invalid]`,
			},
		},
		{
			name: "permissions",
			file: "perms.yml",
			src:  "id: perms\n" + head + "permissions: {contents: admin, secrets: read}\nsteps:\n  - run: echo hi\n",
			want: []string{
				`perms.yml:5:25: permission level "admin" of "contents" is not read, write or none [template-invalid]`,
				`perms.yml:5:32: unknown permission scope "secrets" [template-invalid]`,
			},
		},
		{
			name: "write-all",
			file: "all.yml",
			src:  "id: all\n" + head + "permissions: write-all\nsteps:\n  - run: echo hi\n",
			want: []string{`all.yml:5:14: permissions must list scopes, such as {contents: read}; read-all and write-all are too broad [template-invalid]`},
		},
		{
			name: "steps",
			file: "steps.yml",
			src: "id: steps\n" + head + `inputs:
  x: {description: X}
steps:
  - uses: actions/checkout@v4
  - uses: example/unknown
  - uses: ./local
  - uses: actions/cache
    run: echo both
  - name: nothing
  - uses: ${{ inputs.x }}
  - run: echo ${{ inputs.y }} ${{ inputs.x == 'a' }}
    with: {a: [1]}
    timeout-minutes: 0
    colour: red
`,
			want: []string{
				`steps.yml:6:3: input "x" is never used [template-invalid]`,
				`steps.yml:8:11: uses "actions/checkout@v4" has a ref; write "actions/checkout", the pin comes from actions.lock [template-invalid]`,
				`steps.yml:9:11: action "example/unknown" is not in actions.lock [template-unpinned]`,
				`steps.yml:10:11: uses "./local" is not owner/repo[/path]; local and docker actions cannot be pinned [template-invalid]`,
				`steps.yml:11:5: step has both uses and run [template-invalid]`,
				`steps.yml:13:5: step has neither uses nor run [template-invalid]`,
				`steps.yml:14:11: uses "${{ inputs.x }}" has an expression; a template names its actions literally so that they can be vetted [template-invalid]`,
				`steps.yml:15:10: run uses undeclared input "y" [template-invalid]`,
				`steps.yml:15:10: run: only ${{ inputs.NAME }} on its own can be substituted, not "${{ inputs.x == 'a' }}" [template-invalid]`,
				`steps.yml:16:15: expected a string [template-invalid]`,
				`steps.yml:17:22: timeout-minutes must be a positive whole number [template-invalid]`,
				`steps.yml:18:5: unknown step key "colour" [template-invalid]`,
			},
		},
		{
			name: "job",
			file: "job.yml",
			src: "id: job\n" + head + `inputs:
  env: {description: E}
job:
  environment: ${{ inputs.nope }}
  concurrency: {cancel-in-progress: maybe, queue: 1}
  runs-on: linux
steps:
  - run: echo ${{ inputs.env }}
`,
			want: []string{
				`job.yml:8:16: job.environment uses undeclared input "nope" [template-invalid]`,
				`job.yml:9:16: concurrency needs a group [template-invalid]`,
				`job.yml:9:37: expected true or false [template-invalid]`,
				`job.yml:9:44: unknown concurrency key "queue" (want group or cancel-in-progress) [template-invalid]`,
				`job.yml:10:3: unknown job key "runs-on" (want environment or concurrency) [template-invalid]`,
			},
		},
		{
			name: "empty",
			file: "empty.yml",
			src:  "",
			want: []string{`empty.yml: empty template [template-invalid]`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, tt.file), []byte(tt.src), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := LoadDir(dir, builtinCatalog(t))
			var ds diag.Diagnostics
			if !errors.As(err, &ds) {
				t.Fatalf("LoadDir error = %v, want diagnostics", err)
			}
			got := strings.ReplaceAll(ds.Error(), dir+string(filepath.Separator), "")
			if want := strings.Join(tt.want, "\n"); got != want {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestLoadDirDuplicateAndLock(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{
			name: "same id twice",
			files: map[string]string{
				"x.yml":  "id: x\ntitle: T\ncategory: utility\ndescription: D.\nsteps:\n  - run: echo a\n",
				"x.yaml": "id: x\ntitle: T\ncategory: utility\ndescription: D.\nsteps:\n  - run: echo b\n",
			},
			want: `x.yml: template "x" is also defined in`,
		},
		{
			name:  "bad lock",
			files: map[string]string{"actions.lock": "a/b v1 nothex\n"},
			want:  `actions.lock: line 1: sha "nothex" of "a/b" is not 40 lowercase hex digits`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadDir(t, tt.files)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("LoadDir error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
	if _, err := LoadDir(filepath.Join(t.TempDir(), "missing"), nil); err == nil {
		t.Errorf("LoadDir of a missing directory succeeded")
	}
}

func dump(steps []*workflow.Step) string {
	w := &workflow.Workflow{Jobs: []*workflow.Job{{ID: "j", Steps: steps}}}
	b, err := workflow.Render(w)
	if err != nil {
		return err.Error()
	}
	return string(b)
}
