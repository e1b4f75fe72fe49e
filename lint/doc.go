// Package lint checks GitHub Actions workflows: actionlint, run in-process,
// for correctness, and the project's practice rules for the way generated
// workflows should look.
//
// Findings in the workflow are diagnostics; a Go error means the linter
// itself could not run.
package lint
