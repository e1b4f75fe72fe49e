package github

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	gh "github.com/google/go-github/v60/github"
)

// ErrNotFound is wrapped by errors about a repository or tag that does not
// exist, or that the token may not read: GitHub answers 404 to both.
var ErrNotFound = errors.New("not found (or not visible to the token)")

// Reason says why GitHub refused a request, in terms a user can act on, so
// that a command can name it for one repository and go on with the others.
type Reason string

// The reasons GitHub refuses the requests of a migration.
const (
	BadCredentials  Reason = "bad credentials"
	NotFound        Reason = "not found"
	Archived        Reason = "archived"
	NoPermission    Reason = "no permission"
	ProtectedBranch Reason = "protected branch"
	NoWorkflowScope Reason = "missing workflow scope"
	RateLimited     Reason = "rate limited"
)

// Hint says what to do about a refusal for the reason r.
func (r Reason) Hint() string {
	switch r {
	case BadCredentials:
		return "set GITHUB_TOKEN to a valid token"
	case NotFound:
		return "check the repository's name and that the token can see it"
	case Archived:
		return "unarchive the repository, or leave its jobs out"
	case NoPermission:
		return "the token needs write access to the repository's contents and pull requests"
	case ProtectedBranch:
		return "a branch protection rule covers the branch: choose another with --branch"
	case NoWorkflowScope:
		return "give the token the workflow scope, or a GitHub App the workflows write permission"
	case RateLimited:
		return "run again later: the state file keeps what is done"
	}
	return ""
}

// Error is GitHub's refusal of a request: what was being done, the status
// and message GitHub gave, and the Reason when it is one a user can act on.
type Error struct {
	// Op says what was being done ("create branch of o/r").
	Op string
	// Status is the HTTP status, 0 for a rate limit given up on.
	Status int
	// Message is GitHub's own message.
	Message string
	// Reason classifies the refusal; "" when it is none of the known ones.
	Reason Reason
	text   string
	err    error
}

func (e *Error) Error() string { return e.Op + ": " + cmp.Or(e.text, e.Message) }
func (e *Error) Unwrap() error { return e.err }

// Describe is the refusal for a summary line: the reason, GitHub's
// message and what to do, without the operation.
func (e *Error) Describe() string {
	if e.Reason == "" {
		return e.Error()
	}
	msg := string(e.Reason)
	if e.Message != "" {
		msg += ": " + e.Message
	}
	if e.Status != 0 {
		msg += fmt.Sprintf(" (%d)", e.Status)
	}
	if h := e.Reason.Hint(); h != "" {
		msg += " (" + h + ")"
	}
	return msg
}

// apiError turns go-github's errors into Errors that say what was being
// done and, for rate limits, when to try again. Errors of the transport
// (a context ended, a connection lost) are wrapped as they are.
func apiError(what string, err error) error {
	var rle *gh.RateLimitError
	var abuse *gh.AbuseRateLimitError
	var er *gh.ErrorResponse
	e := &Error{Op: what}
	switch {
	case errors.As(err, &rle):
		e.Reason, e.Message = RateLimited, rle.Message
		e.text = "rate limit exceeded until " + rle.Rate.Reset.UTC().Format(time.RFC3339)
	case errors.As(err, &abuse):
		e.Reason, e.Message = RateLimited, abuse.Message
		e.text = "secondary rate limit: " + abuse.Message
	case errors.As(err, &er) && er.Response != nil:
		e.Status, e.Message = er.Response.StatusCode, errorMessage(er)
		e.Reason = classify(e.Status, e.Message)
		switch {
		case e.Status == http.StatusNotFound:
			e.text, e.err = ErrNotFound.Error(), ErrNotFound
		case e.Message != "":
			e.text = er.Response.Status + ": " + e.Message
		default:
			e.text = er.Response.Status
		}
	default:
		return fmt.Errorf("%s: %w", what, err)
	}
	return e
}

// errorMessage is GitHub's message with the details of its errors list,
// where 422s say what was wrong.
func errorMessage(er *gh.ErrorResponse) string {
	msg := er.Message
	for _, d := range er.Errors {
		if d.Message != "" && !strings.Contains(msg, d.Message) {
			msg += ": " + d.Message
		}
	}
	return msg
}

// classify reads the reason of a refusal from its status and GitHub's
// message; GitHub tells these cases apart only in words.
func classify(status int, msg string) Reason {
	m := strings.ToLower(msg)
	switch {
	case status == http.StatusUnauthorized:
		return BadCredentials
	case strings.Contains(m, "archived"):
		return Archived
	case strings.Contains(m, "protected branch") || strings.Contains(m, "branch protection") || strings.Contains(m, "repository rule") ||
		strings.Contains(m, "changes must be made through a pull request") || strings.Contains(m, "reference update failed"):
		return ProtectedBranch
	case strings.Contains(m, "workflow") && (strings.Contains(m, "scope") || strings.Contains(m, "permission")):
		return NoWorkflowScope
	case status == http.StatusNotFound:
		return NotFound
	case status == http.StatusForbidden:
		return NoPermission
	}
	return ""
}

// ReasonOf is the Reason of err when it is, or wraps, a refusal of GitHub;
// "" otherwise.
func ReasonOf(err error) Reason {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return ""
}
