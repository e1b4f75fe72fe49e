package source

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Repos reads the Jenkinsfiles of a directory of repositories: every file
// named Jenkinsfile under Dir, at any depth, each a job named after the
// directory that holds it.
type Repos struct {
	Dir string
	// Skip are directories not to read: the audit's own output.
	Skip []string
}

// skipDirs are directories that hold no repository's own Jenkinsfile.
var skipDirs = map[string]bool{".git": true, "node_modules": true, "vendor": true}

// Jobs walks Dir in lexical order and sends one job per Jenkinsfile.
func (r *Repos) Jobs(ctx context.Context, out chan<- *Job) error {
	if err := r.Check(); err != nil {
		return err
	}
	return r.walk(func(path string) error {
		rel, _ := filepath.Rel(r.Dir, path)
		rel = filepath.ToSlash(rel)
		name := strings.TrimSuffix(strings.TrimSuffix(rel, "Jenkinsfile"), "/")
		if name == "" {
			// A Jenkinsfile at the top is the directory's own.
			name = filepath.Base(absOrSelf(r.Dir))
		}
		j := &Job{Path: name, Kind: KindJob, Format: FormatJenkinsfile, File: rel, Checkout: path}
		j.Content, j.Err = os.ReadFile(path)
		return send(ctx, out, j)
	})
}

// Check reports a Dir that is no directory.
func (r *Repos) Check() error {
	if fi, err := os.Stat(r.Dir); err != nil || !fi.IsDir() {
		return &InputError{fmt.Sprintf("%s: not a directory (give the directory that holds the repositories)", r.Dir)}
	}
	return nil
}

// Count counts the Jenkinsfiles Jobs would send.
func (r *Repos) Count() int {
	n := 0
	r.walk(func(string) error { n++; return nil })
	return n
}

// walk calls fn with the path of each Jenkinsfile under Dir, in lexical
// order, skipping what holds no repository's own.
func (r *Repos) walk(fn func(path string) error) error {
	return filepath.WalkDir(r.Dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != r.Dir && (skipDirs[d.Name()] || r.skipped(path) || isAuditOutput(path)) {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Name() != "Jenkinsfile" {
			return nil
		}
		return fn(path)
	})
}

// skipped reports whether dir is one of r.Skip.
func (r *Repos) skipped(dir string) bool {
	abs := absOrSelf(dir)
	for _, s := range r.Skip {
		if absOrSelf(s) == abs {
			return true
		}
	}
	return false
}

// isAuditOutput reports whether dir holds what an audit writes: its
// summaries, and per-job folders that copy the Jenkinsfiles it read.
func isAuditOutput(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "summary.json"))
	return err == nil
}

// absOrSelf returns the absolute form of dir, or dir when it has none.
func absOrSelf(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		return abs
	}
	return dir
}
