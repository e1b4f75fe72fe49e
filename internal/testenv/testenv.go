// Package testenv lets tests that need something outside the repository
// (the shared corpus, the action pins) skip with a reason on a developer's
// machine and fail under CI=true, where a missing input is a broken run,
// not a reason to test less.
package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Missing skips t, or fails it under CI=true, saying what is missing and
// why it is needed.
func Missing(t testing.TB, what, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is missing (CI=true): %s", what, why)
	}
	t.Skipf("%s is missing: %s; skipped", what, why)
}

// Tools skips t, or fails it under CI=true, unless every command is on
// PATH.
func Tools(t testing.TB, commands ...string) {
	t.Helper()
	for _, c := range commands {
		if _, err := exec.LookPath(c); err != nil {
			Missing(t, c, "the test runs it")
		}
	}
}

// Bash runs script with bash -e in a new directory that holds files
// (name → content), with PATH and env as its only environment, and returns
// the directory and what the script printed. A failing script fails t.
func Bash(t testing.TB, script string, env, files map[string]string) (dir string, stdout []byte) {
	t.Helper()
	dir = t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("bash", "-e", "-c", script)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("bash: %v\nscript:\n%s", err, script)
	}
	return dir, out
}
