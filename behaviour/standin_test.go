package behaviour_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// The stand-ins replace actions that cannot be fetched here. act runs a
// composite action per stand-in whose one step calls this test binary with
// J2A_STANDIN set to the action it stands for and the action's inputs in
// J2A_IN_<NAME> variables; TestMain hands such a process to standIn.
//
// upload-artifact and download-artifact keep their real file-selection and
// root-directory rules, since a converted workflow moves files between
// jobs with them: a wrong root puts files where the next job does not look.

// standIn runs the stand-in for action and returns the exit code.
func standIn(action string) int {
	var err error
	switch action {
	case "actions/upload-artifact":
		err = uploadArtifact()
	case "actions/download-artifact":
		err = downloadArtifact()
	default:
		// Setup, cache and notification actions change nothing the
		// scripts of a behaviour case look at.
		fmt.Fprintf(os.Stderr, "stand-in for %s: nothing to do\n", action)
	}
	if err != nil {
		fmt.Printf("::error::%s: %v\n", action, err)
		return 1
	}
	return 0
}

// input returns the action input name, as the composite stand-in passed it.
func input(name string) string {
	return strings.TrimSpace(os.Getenv("J2A_IN_" + inputVar(name)))
}

// inputVar is the environment variable suffix an input travels in.
func inputVar(name string) string {
	return strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
}

// artifactDir is where the run's artifacts live, shared by its jobs.
func artifactDir(name string) string {
	return filepath.Join(os.Getenv("J2A_ARTIFACTS"), name)
}

func workspace() string { return os.Getenv("GITHUB_WORKSPACE") }

// uploadArtifact follows actions/upload-artifact v4: the path input holds
// patterns, one a line, "!" excluding; a directory means all the files
// under it; hidden files and directories are left out unless
// include-hidden-files is true; the files are stored relative to the
// least common ancestor of the search paths, and a lone file named
// without a pattern keeps only its name.
func uploadArtifact() error {
	name := input("name")
	if name == "" {
		name = "artifact"
	}
	if _, err := os.Stat(artifactDir(name)); err == nil && input("overwrite") != "true" {
		return fmt.Errorf("an artifact named %q exists already (409 Conflict)", name)
	}
	files, root, err := selectFiles(input("path"), input("include-hidden-files") == "true")
	if err != nil {
		return err
	}
	if len(files) == 0 {
		switch input("if-no-files-found") {
		case "error":
			return fmt.Errorf("no files were found with the provided path: %s", input("path"))
		case "ignore":
		default:
			fmt.Printf("::warning::No files were found with the provided path: %s. No artifacts will be uploaded.\n", input("path"))
		}
		return nil
	}
	for _, f := range files {
		rel, err := filepath.Rel(root, f)
		if err != nil {
			return err
		}
		if err := copyFile(f, filepath.Join(artifactDir(name), rel)); err != nil {
			return err
		}
	}
	return nil
}

// selectFiles returns the files the patterns select and the root they are
// stored relative to.
func selectFiles(paths string, hidden bool) (files []string, root string, err error) {
	var includes, excludes, searchPaths []string
	for line := range strings.SplitSeq(paths, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if rest, ok := strings.CutPrefix(line, "!"); ok {
			excludes = append(excludes, absPattern(rest))
			continue
		}
		p := absPattern(line)
		includes = append(includes, p)
		searchPaths = append(searchPaths, searchPath(p))
	}
	searchPaths = outermost(searchPaths)
	seen := map[string]bool{}
	for _, p := range includes {
		matched, err := match(p, searchPath(p), hidden)
		if err != nil {
			return nil, "", err
		}
		for _, f := range matched {
			if !seen[f] && !excluded(f, excludes) {
				seen[f] = true
				files = append(files, f)
			}
		}
	}
	slices.Sort(files)
	switch {
	case len(searchPaths) > 1:
		root = commonAncestor(searchPaths)
	case len(searchPaths) == 1 && len(files) == 1 && files[0] == searchPaths[0]:
		root = filepath.Dir(files[0])
	case len(searchPaths) == 1:
		root = searchPaths[0]
	}
	return files, root, nil
}

func absPattern(p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(workspace(), p)
}

// searchPath is the literal part of a pattern: its segments up to the
// first one with a glob character.
func searchPath(pattern string) string {
	segs := strings.Split(pattern, "/")
	for i, s := range segs {
		if strings.ContainsAny(s, "*?[{") {
			return strings.Join(segs[:i], "/")
		}
	}
	return pattern
}

// outermost drops the search paths inside another one, as @actions/glob
// does.
func outermost(paths []string) []string {
	var out []string
	for _, p := range paths {
		inside := slices.ContainsFunc(paths, func(q string) bool {
			return q != p && strings.HasPrefix(p, q+"/")
		})
		if !inside && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

func commonAncestor(paths []string) string {
	common := strings.Split(paths[0], "/")
	for _, p := range paths[1:] {
		segs := strings.Split(p, "/")
		n := 0
		for n < len(common) && n < len(segs) && common[n] == segs[n] {
			n++
		}
		common = common[:n]
	}
	return strings.Join(common, "/")
}

// match walks from the pattern's search path and returns the files the
// pattern matches, with every file under a matched directory.
func match(pattern, from string, hidden bool) ([]string, error) {
	var files []string
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if !hidden && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if matchesOrUnder(pattern, p) {
			files = append(files, p)
		}
		return nil
	})
	return files, err
}

// matchesOrUnder reports whether path matches pattern or lies in a
// directory that does.
func matchesOrUnder(pattern, path string) bool {
	for p := path; p != "/" && p != "."; p = filepath.Dir(p) {
		if ok, _ := doublestar.Match(pattern, p); ok {
			return true
		}
	}
	return false
}

func excluded(f string, excludes []string) bool {
	return slices.ContainsFunc(excludes, func(x string) bool { return matchesOrUnder(x, f) })
}

// downloadArtifact follows actions/download-artifact v4: a named artifact
// is extracted into path (the workspace by default); without a name every
// artifact goes into a directory of its own name under path, unless
// merge-multiple.
func downloadArtifact() error {
	dest := input("path")
	if dest == "" {
		dest = workspace()
	} else if !filepath.IsAbs(dest) {
		dest = filepath.Join(workspace(), dest)
	}
	if name := input("name"); name != "" {
		if _, err := os.Stat(artifactDir(name)); err != nil {
			return fmt.Errorf("unable to download artifact(s): artifact not found for name: %s", name)
		}
		return copyTree(artifactDir(name), dest)
	}
	entries, err := os.ReadDir(os.Getenv("J2A_ARTIFACTS"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for _, e := range entries {
		if pat := input("pattern"); pat != "" {
			if ok, _ := doublestar.Match(pat, e.Name()); !ok {
				continue
			}
		}
		to := filepath.Join(dest, e.Name())
		if input("merge-multiple") == "true" {
			to = dest
		}
		if err := copyTree(artifactDir(e.Name()), to); err != nil {
			return err
		}
	}
	return nil
}

func copyTree(from, to string) error {
	return filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(from, p)
		if err != nil {
			return err
		}
		return copyFile(p, filepath.Join(to, rel))
	})
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	info, err := os.Stat(from)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	return os.WriteFile(to, b, info.Mode().Perm())
}
