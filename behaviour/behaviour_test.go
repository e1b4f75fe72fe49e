package behaviour_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/jenkins2actions/jenkins2actions/config"
	"github.com/jenkins2actions/jenkins2actions/convert"
	"github.com/jenkins2actions/jenkins2actions/engine"
	"github.com/jenkins2actions/jenkins2actions/lint"
)

func TestMain(m *testing.M) {
	if action := os.Getenv("J2A_STANDIN"); action != "" {
		os.Exit(standIn(action))
	}
	os.Exit(m.Run())
}

// behaviourCase is one testdata/<case>/case.yaml beside its Jenkinsfile.
type behaviourCase struct {
	// About names the Jenkins rule the case pins and where it comes from.
	About string `yaml:"about"`
	// Files are committed to the repository beside the Jenkinsfile.
	Files map[string]string `yaml:"files"`
	// Config is a .jenkins2actions.yaml for the conversion.
	Config string `yaml:"config"`
	Runs   []run  `yaml:"runs"`
	// Gap says what the workflow still does differently. A case with a
	// gap must fail: when it passes, the gap is closed and the field goes.
	Gap string `yaml:"gap"`
}

// run is one event Jenkins would have built the pipeline for.
type run struct {
	Event   string            `yaml:"event"`
	Branch  string            `yaml:"branch"`
	Inputs  map[string]string `yaml:"inputs"`
	Vars    map[string]string `yaml:"vars"`
	Secrets map[string]string `yaml:"secrets"`
	// Result is the Jenkins build result: SUCCESS, UNSTABLE, FAILURE, or
	// NOT_BUILT when Jenkins would not have built on this event.
	Result    string `yaml:"result"`
	Unordered bool   `yaml:"unordered"`
	Trace     string `yaml:"trace"`
}

// TestBehaviour converts each case's Jenkinsfile, runs the workflow with
// act for each of the case's events and compares the trace its scripts
// wrote with the one Jenkins would have written.
func TestBehaviour(t *testing.T) {
	act := findAct(t)
	dirs, err := filepath.Glob(filepath.Join("testdata", "*", "case.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatal("no behaviour cases")
	}
	for _, f := range dirs {
		dir := filepath.Dir(f)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			bc := readCase(t, f)
			failures := runCase(t, act, dir, bc)
			switch {
			case bc.Gap == "":
				for _, msg := range failures {
					t.Error(msg)
				}
			case len(failures) == 0:
				t.Errorf("the workflow now behaves as Jenkins did: the gap %q is closed, remove it from case.yaml", bc.Gap)
			default:
				t.Logf("known gap: %s", bc.Gap)
			}
		})
	}
}

// findAct returns the act binary; without it the tests skip, except on CI,
// where a missing oracle is a failure.
func findAct(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("act"); err == nil {
		return p
	}
	if home, err := os.UserHomeDir(); err == nil {
		if p := filepath.Join(home, "go", "bin", "act"); isFile(p) {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("act is not installed (go install github.com/nektos/act@v0.2.89)")
	}
	t.Skip("act is not installed (go install github.com/nektos/act@v0.2.89); behaviour tests skipped")
	return ""
}

func isFile(p string) bool {
	info, err := os.Stat(p)
	return err == nil && !info.IsDir()
}

func readCase(t *testing.T, path string) *behaviourCase {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var bc behaviourCase
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&bc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if bc.About == "" || len(bc.Runs) == 0 {
		t.Fatalf("%s: a case needs about and runs", path)
	}
	for i, r := range bc.Runs {
		switch r.Event {
		case "push", "pull_request", "workflow_dispatch":
		default:
			t.Fatalf("%s: run %d: unknown event %q", path, i+1, r.Event)
		}
		switch r.Result {
		case "SUCCESS", "UNSTABLE", "FAILURE", "NOT_BUILT":
		default:
			t.Fatalf("%s: run %d: result %q is none of SUCCESS, UNSTABLE, FAILURE, NOT_BUILT", path, i+1, r.Result)
		}
	}
	return &bc
}

// runCase converts the case and runs it for every event; it returns what
// differed from Jenkins.
func runCase(t *testing.T, act, dir string, bc *behaviourCase) []string {
	src, err := os.ReadFile(filepath.Join(dir, "Jenkinsfile"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	if bc.Config != "" {
		path := filepath.Join(t.TempDir(), ".jenkins2actions.yaml")
		if err := os.WriteFile(path, []byte(bc.Config), 0o644); err != nil {
			t.Fatal(err)
		}
		if cfg, err = config.Load(path); err != nil {
			t.Fatal(err)
		}
	}
	// The case's directory is the repository: what the Jenkinsfile loads
	// is read from there.
	conv, err := engine.ConvertWith("Jenkinsfile", src, "behaviour", convert.Options{Config: cfg}, ".github/workflows", engine.SourcesIn(dir, cfg))
	if err != nil {
		t.Fatal(err)
	}
	if conv.Result == nil {
		t.Fatalf("the Jenkinsfile does not convert: %v", conv.Diagnostics)
	}
	for _, f := range conv.Findings {
		t.Errorf("lint: %s", f)
	}
	// The conversion lints without shellcheck, for speed; the scripts the
	// converter writes must pass it too.
	findings, err := lint.Workflow(conv.Target, conv.Workflow, lint.Options{RunnerLabels: engine.RunnerLabels(cfg, conv.Result)})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		t.Errorf("lint with shellcheck: %s", f)
	}
	var failures []string
	for i, r := range bc.Runs {
		name := fmt.Sprintf("run %d (%s %s)", i+1, r.Event, r.Branch)
		if r.Result == "NOT_BUILT" {
			if triggered(t, conv.Workflow, r.Event) {
				failures = append(failures, fmt.Sprintf("%s: the workflow runs on %s, where Jenkins would not have built\n--- workflow\n%s", name, r.Event, conv.Workflow))
			}
			continue
		}
		got, ok, log := runEvent(t, act, bc, conv.Workflow, r)
		var diffs []string
		if want := traceLines(r.Trace, r.Unordered); !slices.Equal(got, want) {
			diffs = append(diffs, fmt.Sprintf("trace differs\n--- got\n%s\n--- want (Jenkins)\n%s", strings.Join(got, "\n"), strings.Join(want, "\n")))
		}
		if failed := r.Result == "FAILURE"; ok == failed {
			diffs = append(diffs, fmt.Sprintf("the run succeeded=%v, Jenkins' result is %s", ok, r.Result))
		}
		if len(diffs) > 0 {
			failures = append(failures, fmt.Sprintf("%s: %s\n--- workflow\n%s\n--- act\n%s", name, strings.Join(diffs, "\n"), conv.Workflow, tail(log, 4000)))
		}
	}
	return failures
}

// traceLines splits a trace into lines, sorted when Jenkins gives them no
// order.
func traceLines(s string, unordered bool) []string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) == 1 && lines[0] == "" {
		lines = nil
	}
	if unordered {
		slices.Sort(lines)
	}
	return lines
}

// runEvent runs the workflow with act for one event in a repository of its
// own and returns the trace, whether the run succeeded, and act's log.
func runEvent(t *testing.T, act string, bc *behaviourCase, wf []byte, r run) (trace []string, ok bool, log string) {
	t.Helper()
	tmp := t.TempDir()
	repo := filepath.Join(tmp, "repo")
	branch := r.Branch
	if branch == "" {
		branch = "main"
	}
	files := map[string]string{".github/workflows/behaviour.yml": string(wf)}
	maps.Copy(files, bc.Files)
	makeRepo(t, repo, branch, files)

	tracePath := filepath.Join(tmp, "trace")
	event := filepath.Join(tmp, "event.json")
	writeJSON(t, event, eventPayload(r, branch))
	args := []string{r.Event, "-e", event, "--pull=false", "--no-cache-server",
		"--action-cache-path", filepath.Join(tmp, "act"),
		"--env", "TRACE=" + tracePath, "--var", "TRACE=" + tracePath,
		"--env", "J2A_ARTIFACTS=" + filepath.Join(tmp, "artifacts"),
	}
	for _, label := range []string{"ubuntu-latest", "self-hosted", "linux", "windows-latest", "macos-latest"} {
		args = append(args, "-P", label+"=-self-hosted")
	}
	for _, k := range slices.Sorted(maps.Keys(r.Inputs)) {
		args = append(args, "--input", k+"="+r.Inputs[k])
	}
	for _, k := range slices.Sorted(maps.Keys(r.Vars)) {
		args = append(args, "--var", k+"="+r.Vars[k])
	}
	for _, k := range slices.Sorted(maps.Keys(r.Secrets)) {
		args = append(args, "-s", k+"="+r.Secrets[k])
	}
	args = append(args, standIns(t, tmp, wf)...)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, act, args...)
	cmd.Dir = repo
	cmd.Env = append(os.Environ(), "J2A_STANDIN_BIN="+testBinary(t))
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("act did not finish in time:\n%s", tail(string(out), 4000))
	}
	b, rerr := os.ReadFile(tracePath)
	if rerr != nil && !os.IsNotExist(rerr) {
		t.Fatal(rerr)
	}
	return traceLines(string(b), r.Unordered), err == nil, string(out)
}

// eventPayload is the webhook payload GitHub would send for the run.
func eventPayload(r run, branch string) map[string]any {
	repo := map[string]any{"name": "behaviour", "full_name": "acme/behaviour", "default_branch": "main"}
	switch r.Event {
	case "pull_request":
		return map[string]any{
			"action": "opened", "number": 7, "repository": repo,
			"pull_request": map[string]any{
				"number": 7,
				"head":   map[string]any{"ref": branch, "repo": map[string]any{"full_name": "fork/behaviour"}},
				"base":   map[string]any{"ref": "main", "repo": repo},
			},
		}
	case "workflow_dispatch":
		inputs := map[string]any{}
		for k, v := range r.Inputs {
			inputs[k] = v
		}
		return map[string]any{"ref": "refs/heads/" + branch, "inputs": inputs, "repository": repo}
	default:
		return map[string]any{"ref": "refs/heads/" + branch, "repository": repo}
	}
}

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// makeRepo creates a git repository on branch holding files, committed: act
// reads the commit and ref from it and copies it for actions/checkout.
func makeRepo(t *testing.T, dir, branch string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		mode := os.FileMode(0o644)
		if strings.HasPrefix(content, "#!") {
			mode = 0o755
		}
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{
		{"init", "-q", "-b", branch},
		{"add", "-A"},
		{"-c", "user.name=behaviour", "-c", "user.email=behaviour@example.com", "commit", "-q", "-m", "behaviour case"},
	} {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

var usesRe = regexp.MustCompile(`(?m)^\s*(?:-\s+)?uses:\s*([\w.-]+/[\w.-]+)(/[^@\s]*)?@([\w.-]+)`)

// standIns writes a composite stand-in for every action the workflow uses
// but checkout (which act copies from the local repository) and returns
// the act flags that put them in place. Each stand-in declares the inputs
// the workflow gives the action and hands them to the test binary.
func standIns(t *testing.T, tmp string, wf []byte) []string {
	t.Helper()
	inputs := map[string][]string{}
	var refs []string
	lines := strings.Split(string(wf), "\n")
	for i, line := range lines {
		m := usesRe.FindStringSubmatch(line)
		if m == nil || m[1] == "actions/checkout" {
			continue
		}
		ref := m[1] + m[2] + "@" + m[3]
		if !slices.Contains(refs, ref) {
			refs = append(refs, ref)
		}
		inputs[ref] = append(inputs[ref], withKeys(lines[i+1:])...)
	}
	var args []string
	for n, ref := range refs {
		dir := filepath.Join(tmp, "standins", fmt.Sprint(n))
		action, _, _ := strings.Cut(ref, "@")
		var b strings.Builder
		fmt.Fprintf(&b, "name: stand-in for %s\ninputs:\n", action)
		keys := slices.Compact(slices.Sorted(slices.Values(inputs[ref])))
		if len(keys) == 0 {
			b.WriteString("  unused: {required: false}\n")
		}
		for _, k := range keys {
			fmt.Fprintf(&b, "  %s: {required: false}\n", k)
		}
		b.WriteString("runs:\n  using: composite\n  steps:\n    - shell: bash\n      run: '\"$J2A_STANDIN_BIN\"'\n      env:\n")
		fmt.Fprintf(&b, "        J2A_STANDIN: %s\n", action)
		for _, k := range keys {
			fmt.Fprintf(&b, "        J2A_IN_%s: ${{ inputs.%s }}\n", inputVar(k), k)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "action.yml"), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, "--local-repository", ref+"="+dir)
	}
	return args
}

// withKeys returns the keys of the with: block that follows a uses: line.
func withKeys(rest []string) []string {
	var keys []string
	in := false
	indent := -1
	for _, l := range rest {
		trimmed := strings.TrimSpace(l)
		if trimmed == "" {
			continue
		}
		ind := len(l) - len(strings.TrimLeft(l, " "))
		if !in {
			if trimmed == "with:" {
				in = true
				continue
			}
			if strings.HasPrefix(trimmed, "- ") || strings.HasPrefix(trimmed, "uses:") {
				return nil
			}
			continue
		}
		if indent < 0 {
			indent = ind
		}
		if ind < indent {
			break
		}
		if ind == indent {
			if k, _, ok := strings.Cut(trimmed, ":"); ok {
				keys = append(keys, k)
			}
		}
	}
	return keys
}

// testBinary is this test binary, which serves as every stand-in.
func testBinary(t *testing.T) string {
	t.Helper()
	p, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// triggered reports whether the workflow runs on event.
func triggered(t *testing.T, wf []byte, event string) bool {
	t.Helper()
	var doc struct {
		On map[string]any `yaml:"on"`
	}
	if err := yaml.Unmarshal(wf, &doc); err != nil {
		t.Fatal(err)
	}
	_, ok := doc.On[event]
	return ok
}
