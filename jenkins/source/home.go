package source

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// Home reads the jobs of a JENKINS_HOME directory or backup: each
// jobs/<name>/config.xml, folders' own jobs/ inside them, and the branches/
// of multibranch projects.
type Home struct {
	// Dir is the JENKINS_HOME directory, the one that holds jobs/.
	Dir string
	// Builds makes Jobs read each job's builds/<n>/build.xml too, those
	// that started at or after Since.
	Builds bool
	Since  time.Time
}

// Jobs walks the jobs tree depth first, in name order, and sends each job
// with its config.xml. A folder is sent before its children.
func (h *Home) Jobs(ctx context.Context, out chan<- *Job) error {
	if err := h.Check(); err != nil {
		return err
	}
	return h.walk(ctx, out, filepath.Join(h.Dir, "jobs"), "")
}

// Check reports a Dir that is no JENKINS_HOME: one without jobs/.
func (h *Home) Check() error {
	if fi, err := os.Stat(filepath.Join(h.Dir, "jobs")); err != nil || !fi.IsDir() {
		return &InputError{fmt.Sprintf("%s: no jobs directory (give the JENKINS_HOME directory, the one that holds jobs/)", h.Dir)}
	}
	return nil
}

// Count counts the job directories with a config.xml, folders included,
// without reading them.
func (h *Home) Count() int {
	var count func(dir string) int
	count = func(dir string) int {
		names, _ := subdirs(dir)
		n := 0
		for _, name := range names {
			jobDir := filepath.Join(dir, name)
			if _, err := os.Stat(filepath.Join(jobDir, "config.xml")); err != nil {
				continue
			}
			n += 1 + count(filepath.Join(jobDir, "jobs"))
		}
		return n
	}
	return count(filepath.Join(h.Dir, "jobs"))
}

// walk sends the jobs of one jobs/ directory and recurses into folders.
func (h *Home) walk(ctx context.Context, out chan<- *Job, dir, parent string) error {
	names, err := subdirs(dir)
	if err != nil {
		return err
	}
	for _, name := range names {
		jobDir := filepath.Join(dir, name)
		file := filepath.Join(jobDir, "config.xml")
		rel, _ := filepath.Rel(h.Dir, file)
		j := &Job{Path: joinPath(parent, name), Format: FormatConfigXML, File: filepath.ToSlash(rel), Kind: KindJob}
		src, err := os.ReadFile(file)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			// Jenkins itself ignores a directory without config.xml.
			continue
		case err != nil:
			j.Err = err
		default:
			j.Content = src
			j.Class = rootElement(src)
			j.Kind = kindOf(j.Class)
		}
		if h.Builds && j.Err == nil && j.Kind == KindJob {
			j.Builds, j.Err = readBuilds(jobDir, h.Since)
		}
		if j.Kind == KindMultibranch {
			if j.Branches, err = subdirs(filepath.Join(jobDir, "branches")); err != nil && !errors.Is(err, fs.ErrNotExist) {
				j.Err = err
			}
			// The branches' builds are the project's: its one workflow
			// will run them all.
			for _, b := range j.Branches {
				if !h.Builds || j.Err != nil {
					break
				}
				bs, err := readBuilds(filepath.Join(jobDir, "branches", b), h.Since)
				j.Builds, j.Err = append(j.Builds, bs...), err
			}
		}
		if err := send(ctx, out, j); err != nil {
			return err
		}
		// Any job with a jobs/ directory holds jobs, whatever its class:
		// organisation folders and container types of other plugins too.
		sub := filepath.Join(jobDir, "jobs")
		if fi, err := os.Stat(sub); err == nil && fi.IsDir() {
			if err := h.walk(ctx, out, sub, j.Path); err != nil {
				return err
			}
		}
	}
	return nil
}

// subdirs lists the directories in dir, sorted.
func subdirs(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range ents {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names, nil
}
