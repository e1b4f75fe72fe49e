// Package cmd is the jenkins2actions command tree. Each verb has an Options
// struct and a run function that tests call directly with buffers for
// streams; only main calls os.Exit.
package cmd

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/jenkins2actions/jenkins2actions/config"
	"github.com/jenkins2actions/jenkins2actions/jenkins/source"
)

// Exit codes, as in actionlint: problems found apart from bad usage apart
// from the tool's own failure.
const (
	ExitOK       = 0
	ExitProblems = 1
	ExitUsage    = 2
	ExitFailure  = 3
)

// IOStreams are the streams a command reads and writes.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// ErrTerminal is true when ErrOut is a terminal (progress and colour).
	ErrTerminal bool
}

// System returns the process's streams.
func System() *IOStreams {
	tty := false
	if fi, err := os.Stderr.Stat(); err == nil {
		tty = fi.Mode()&os.ModeCharDevice != 0
	}
	return &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr, ErrTerminal: tty}
}

// errProblems means the command did its work but found problems it has
// already printed (lint findings, manual tasks under --strict).
var errProblems = errors.New("problems found")

// usageError is a mistake in the command line.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// NewRootCmd builds the command tree.
func NewRootCmd(s *IOStreams) *cobra.Command {
	root := &cobra.Command{
		Use:   "jenkins2actions",
		Short: "Convert Jenkins pipelines to GitHub Actions workflows",
		Long: "jenkins2actions converts Jenkinsfiles to GitHub Actions workflows built from vetted\n" +
			"templates, lints them, and reports what still needs a person.\n\n" +
			"Exit codes:\n" +
			"  0  done, nothing to report\n" +
			"  1  done, with problems printed (lint findings, syntax errors, manual work under --strict)\n" +
			"  2  a mistake in the command line, a config file or a path given (nothing was written)\n" +
			"  3  the tool itself failed",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(s.Out)
	root.SetErr(s.ErrOut)
	root.SetIn(s.In)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err} })
	root.AddCommand(
		NewCmdConvert(s, nil),
		NewCmdLint(s, nil),
		NewCmdVersion(s),
		NewCmdTemplates(s, nil),
		NewCmdPins(s, nil),
		NewCmdAudit(s, nil), NewCmdForecast(s, nil),
		NewCmdMigrate(s, nil),
		NewCmdDocs(s, nil),
	)
	return root
}

// Main runs the command line args and returns the exit code.
func Main(args []string, s *IOStreams) int {
	root := NewRootCmd(s)
	root.SetArgs(args)
	err := root.Execute()
	var ue *usageError
	var ce *config.Error
	var ie *source.InputError
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, errProblems):
		return ExitProblems
	case errors.As(err, &ue) || errors.As(err, &ce) || errors.As(err, &ie) || isCobraUsage(err):
		// A config file's mistakes, and a source named wrong, are the
		// user's, like the flags'.
		fmt.Fprintf(s.ErrOut, "jenkins2actions: %v\n", err)
		return ExitUsage
	}
	fmt.Fprintf(s.ErrOut, "jenkins2actions: %v\n", err)
	return ExitFailure
}

// isCobraUsage recognises cobra's own argument errors, which it returns as
// plain errors.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "accepts ", "requires at least", "unknown flag", "unknown shorthand flag", "invalid argument"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}
