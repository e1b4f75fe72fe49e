package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/lint"
)

// LintOptions are the inputs of `lint`.
type LintOptions struct {
	IO     *IOStreams
	Paths  []string
	Format string
}

// NewCmdLint builds `lint`.
func NewCmdLint(s *IOStreams, runF func(*LintOptions) error) *cobra.Command {
	opts := &LintOptions{IO: s}
	cmd := &cobra.Command{
		Use:   "lint [PATH...]",
		Short: "Lint GitHub Actions workflows with actionlint",
		Long: "Lint workflow files, or the workflows in directories (default: .github/workflows),\n" +
			"with actionlint in-process (and shellcheck when it is on PATH).",
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if len(opts.Paths) == 0 {
				opts.Paths = []string{filepath.Join(".github", "workflows")}
			}
			if opts.Format != "text" && opts.Format != "json" {
				return usagef("--format must be text or json, not %q", opts.Format)
			}
			if runF != nil {
				return runF(opts)
			}
			return runLint(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "text", "output format: text or json")
	return cmd
}

func runLint(opts *LintOptions) error {
	files, err := workflowFiles(opts.Paths)
	if err != nil {
		return err
	}
	var all diag.Diagnostics
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		ds, err := lint.Workflow(f, src, lint.Options{})
		if err != nil {
			return err
		}
		all = append(all, ds...)
	}
	all.Sort()
	if opts.Format == "json" {
		if all == nil {
			all = diag.Diagnostics{}
		}
		enc := json.NewEncoder(opts.IO.Out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(all); err != nil {
			return err
		}
	} else {
		for _, d := range all {
			if _, err := opts.IO.Out.Write([]byte(d.String() + "\n")); err != nil {
				return err
			}
		}
	}
	if len(all) > 0 {
		return errProblems
	}
	return nil
}

// workflowFiles expands directories into their .yml and .yaml files.
func workflowFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, usagef("%v", err)
		}
		if !fi.IsDir() {
			out = append(out, p)
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if !e.IsDir() && (strings.HasSuffix(e.Name(), ".yml") || strings.HasSuffix(e.Name(), ".yaml")) {
				out = append(out, filepath.Join(p, e.Name()))
			}
		}
	}
	slices.Sort(out)
	return out, nil
}
