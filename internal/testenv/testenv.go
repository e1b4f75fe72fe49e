// Package testenv lets tests that need something outside the repository
// (the shared corpus, the action pins) skip with a reason on a developer's
// machine and fail under CI=true, where a missing input is a broken run,
// not a reason to test less.
package testenv

import (
	"os"
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
