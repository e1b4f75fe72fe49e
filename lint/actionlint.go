package lint

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"github.com/rhysd/actionlint"

	"github.com/jenkins2actions/jenkins2actions/diag"
)

// Options configures Workflow.
type Options struct {
	// Shellcheck is the shellcheck executable; "" means look it up on PATH,
	// "-" disables it.
	Shellcheck string

	// Disable lists practice rule ids not to run; every rule runs by
	// default.
	Disable []string
	// AllowedActions are globs of the actions workflows may use
	// (owner/*, owner/repo, owner/repo/path); empty allows every action.
	AllowedActions []string
	// DeployWords mark a job as a deploy by its id or name; empty means
	// deploy, release and publish.
	DeployWords []string
	// RunnerLabels are the labels of self-hosted runners that exist (as
	// actionlint.yaml's self-hosted-runner labels): runs-on may name them.
	RunnerLabels []string
}

// Workflow lints one workflow file's content with actionlint and then the
// practice rules; path is used in positions. Each actionlint finding
// becomes an error diagnostic with code "actionlint/<kind>"; a practice
// rule finding has the rule's id as its code and the rule's severity. When path names an existing file inside a
// repository, actionlint also reads that repository's
// .github/actionlint.yaml and local actions, as its command does.
//
// Shellcheck runs on run: scripts when it is found; when Options.Shellcheck
// is empty and shellcheck is not on PATH the check is skipped. Pyflakes
// never runs. Workflow is safe to call from several goroutines.
func Workflow(path string, src []byte, opts Options) (diag.Diagnostics, error) {
	shellcheck, err := findShellcheck(opts.Shellcheck)
	if err != nil {
		return nil, err
	}
	// A Linter caches the projects it has seen and is not safe for
	// concurrent use, so each call gets its own; creating one is cheap.
	// The default colour option leaves fatih/color's global alone, which
	// the "never" option would write to.
	lo := &actionlint.LinterOptions{Shellcheck: shellcheck}
	if len(opts.RunnerLabels) > 0 {
		// actionlint takes its configuration from a file only.
		cfg, err := runnerLabelsConfig(opts.RunnerLabels)
		if err != nil {
			return nil, err
		}
		defer os.Remove(cfg)
		lo.ConfigFile = cfg
	}
	l, err := actionlint.NewLinter(io.Discard, lo)
	if err != nil {
		return nil, fmt.Errorf("actionlint: %w", err)
	}
	errs, err := l.Lint(path, src, nil)
	if err != nil {
		return nil, fmt.Errorf("actionlint %q: %w", path, err)
	}
	var ds diag.Diagnostics
	for _, e := range errs {
		ds = append(ds, &diag.Diagnostic{
			Severity: diag.Error,
			Code:     "actionlint/" + e.Kind,
			Message:  e.Message,
			Subject:  subject(path, src, e.Line, e.Column),
		})
	}
	ds = append(ds, dropSeen(runRules(path, src, &opts), ds)...)
	ds.Sort()
	return ds, nil
}

// findShellcheck resolves Options.Shellcheck to the executable to run, or ""
// to run none. A shellcheck the caller named explicitly must exist.
func findShellcheck(name string) (string, error) {
	switch name {
	case "-":
		return "", nil
	case "":
		p, err := exec.LookPath("shellcheck")
		if err != nil {
			return "", nil
		}
		return p, nil
	}
	p, err := exec.LookPath(name)
	if err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return "", fmt.Errorf("shellcheck %q not found", name)
		}
		return "", fmt.Errorf("shellcheck %q: %w", name, err)
	}
	return p, nil
}

// subject turns actionlint's position into a range. actionlint adds byte
// offsets inside a string to the column of the string's start, which YAML
// counts in characters; before a value there is rarely anything but ASCII,
// so the column is taken as a byte column, as diag wants.
func subject(path string, src []byte, line, col int) diag.Range {
	r := diag.Range{File: path}
	if line <= 0 {
		return r
	}
	col = max(col, 1)
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			// Past the end: keep actionlint's numbers, with no offset.
			r.Start = diag.Pos{Line: line, Col: col}
			return r
		}
		off += i + 1
	}
	end := len(src)
	if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
		end = off + i
	}
	r.Start = diag.Pos{Line: line, Col: col, Offset: min(off+col-1, end)}
	return r
}

// dropSeen removes rule findings at a place where actionlint already
// reported something, so that one problem is not reported twice.
func dropSeen(rules, actionlint diag.Diagnostics) diag.Diagnostics {
	seen := map[diag.Pos]bool{}
	for _, d := range actionlint {
		seen[d.Subject.Start] = true
	}
	out := rules[:0]
	for _, d := range rules {
		if !seen[d.Subject.Start] {
			out = append(out, d)
		}
	}
	return out
}

// runnerLabelsConfig writes an actionlint configuration that knows the
// self-hosted runner labels and returns its path.
func runnerLabelsConfig(labels []string) (string, error) {
	f, err := os.CreateTemp("", "actionlint-*.yaml")
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString("self-hosted-runner:\n  labels:\n")
	for _, l := range labels {
		fmt.Fprintf(&b, "    - %s\n", strconv.Quote(l))
	}
	if _, err := f.WriteString(b.String()); err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), f.Close()
}
