package workflow

import (
	"strings"
	"unicode"
)

// DefaultDeployWords are the words that mark a job as a deployment.
var DefaultDeployWords = []string{"deploy", "release", "publish"}

// SameRepositoryPullRequest is the job condition that keeps pull requests
// from forks off a job: they would run their own code on the job's
// runner. Other events pass.
const SameRepositoryPullRequest = "github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository"

// IsDeployment reports whether a job id or name marks a deployment: one
// of its words (split at anything but letters and digits) is one of words,
// or of DefaultDeployWords when words is empty. Whole words only, so that
// "predeployment-check" is not one. The converter protects such jobs and
// the lint rule deploy-protection checks them by the same test.
func IsDeployment(idOrName string, words []string) bool {
	if len(words) == 0 {
		words = DefaultDeployWords
	}
	for _, w := range strings.FieldsFunc(idOrName, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		for _, d := range words {
			if strings.EqualFold(w, d) {
				return true
			}
		}
	}
	return false
}
