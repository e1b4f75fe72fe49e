package cmd

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/jenkins2actions/jenkins2actions/config"
	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/internal/atomicfile"
	"github.com/jenkins2actions/jenkins2actions/lint"
	"github.com/jenkins2actions/jenkins2actions/templates"
)

// LintOptions are the inputs of `lint`.
type LintOptions struct {
	IO         *IOStreams
	Paths      []string
	Format     string
	Fix        bool
	Upgrade    bool
	ConfigFile string
	// OutTerminal is true when IO.Out is a terminal: text findings get
	// colour and a source snippet. Tests leave it false.
	OutTerminal bool
}

// NewCmdLint builds `lint`.
func NewCmdLint(s *IOStreams, runF func(*LintOptions) error) *cobra.Command {
	opts := &LintOptions{IO: s}
	cmd := &cobra.Command{
		Use:   "lint [PATH...]",
		Short: "Lint GitHub Actions workflows with actionlint and the practice rules",
		Long: "Lint workflow files, or the workflows in directories (default: .github/workflows),\n" +
			"with actionlint in-process (and shellcheck when it is on PATH) and the practice rules.\n" +
			"Rules are tuned in the lint: section of .jenkins2actions.yaml. --fix pins actions\n" +
			"from the lock file and adds missing permissions and timeouts.",
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if len(opts.Paths) == 0 {
				opts.Paths = []string{filepath.Join(".github", "workflows")}
			}
			if !slices.Contains([]string{"text", "json", "sarif"}, opts.Format) {
				return usagef("--format must be text, json or sarif, not %q", opts.Format)
			}
			opts.OutTerminal = isTerminal(opts.IO.Out)
			if runF != nil {
				return runF(opts)
			}
			return runLint(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Format, "format", "text", "output format: text, json or sarif")
	f.BoolVar(&opts.Fix, "fix", false, "pin actions within the major version each names, add permissions and timeouts, then lint the result")
	f.BoolVar(&opts.Upgrade, "upgrade", false, "with --fix, pin every action to its newest major version instead, listing each move")
	f.StringVar(&opts.ConfigFile, "config", "", "configuration `FILE` (default: .jenkins2actions.yaml found upwards from the first path)")
	return cmd
}

// isTerminal reports whether w is a character device, as a terminal is.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func runLint(opts *LintOptions) error {
	if opts.Upgrade && !opts.Fix {
		return usagef("--upgrade moves pins to new major versions and works with --fix")
	}
	files, err := workflowFiles(opts.Paths)
	if err != nil {
		return err
	}
	cfg, err := lintConfig(opts)
	if err != nil {
		return err
	}
	lopts := lint.Options{
		Disable:        cfg.Lint.Disable,
		AllowedActions: cfg.Lint.AllowedActions,
		DeployWords:    cfg.Lint.DeployWords,
	}
	var fix lint.FixOptions
	if opts.Fix {
		cat, err := templates.Builtin()
		if err != nil {
			return err
		}
		fix = lint.FixOptions{Lock: cat.Lock(), TimeoutMinutes: cfg.TimeoutMinutes, Upgrade: opts.Upgrade}
	}
	var all diag.Diagnostics
	sources := map[string][]byte{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		if opts.Fix {
			fix.Notes = func(line int, msg string) { fmt.Fprintf(opts.IO.ErrOut, "%s:%d: %s\n", f, line, msg) }
			fixed, n := lint.Fix(src, fix)
			if n > 0 {
				if err := atomicfile.Write(f, fixed); err != nil {
					return err
				}
				fmt.Fprintf(opts.IO.ErrOut, "%s: %d fixed\n", f, n)
				src = fixed
			}
		}
		sources[f] = src
		ds, err := lint.Workflow(f, src, lopts)
		if err != nil {
			return err
		}
		all = append(all, ds...)
	}
	all.Sort()
	switch opts.Format {
	case "json":
		if all == nil {
			all = diag.Diagnostics{}
		}
		enc := json.NewEncoder(opts.IO.Out)
		enc.SetIndent("", "  ")
		err = enc.Encode(all)
	case "sarif":
		wd, werr := os.Getwd()
		if werr != nil {
			return werr
		}
		err = lint.WriteSARIF(opts.IO.Out, all, lint.SARIFOptions{Version: version(), BaseDir: wd})
	default:
		err = writeFindings(opts.IO.Out, all, sources, opts.OutTerminal)
	}
	if err != nil {
		return err
	}
	if len(all) > 0 {
		return errProblems
	}
	return nil
}

// lintConfig loads --config, or the config found from the first path's
// directory, and checks that the rules it names exist.
func lintConfig(opts *LintOptions) (*config.Config, error) {
	var cfg *config.Config
	var err error
	if opts.ConfigFile != "" {
		cfg, err = config.Load(opts.ConfigFile)
	} else {
		dir := opts.Paths[0]
		if fi, serr := os.Stat(dir); serr != nil || !fi.IsDir() {
			dir = filepath.Dir(dir)
		}
		cfg, err = config.Find(dir)
	}
	if err != nil {
		return nil, err
	}
	ids := lint.RuleIDs()
	for _, id := range cfg.Lint.Disable {
		if !slices.Contains(ids, id) {
			return nil, fmt.Errorf("%s: lint.disable: unknown rule %q (rules: %s)", cfg.Path, id, strings.Join(ids, ", "))
		}
	}
	return cfg, nil
}

// ANSI colours, as actionlint uses them: position and rule dim, severity
// loud, caret green.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiGreen  = "\x1b[32m"
	ansiGray   = "\x1b[90m"
)

// writeFindings prints one "file:line:col: message [rule]" line per
// finding; on a terminal with colour and the source line under it with a
// caret at the column.
func writeFindings(w io.Writer, ds diag.Diagnostics, sources map[string][]byte, tty bool) error {
	var b bytes.Buffer
	for _, d := range ds {
		if !tty {
			b.WriteString(d.String() + "\n")
			continue
		}
		colour := ansiRed
		if d.Severity != diag.Error {
			colour = ansiYellow
		}
		msg := d.Message
		if d.Detail != "" {
			msg += " (" + d.Detail + ")"
		}
		fmt.Fprintf(&b, "%s%s%s: %s%s%s %s[%s]%s\n", ansiBold, d.Subject, ansiReset, colour, msg, ansiReset, ansiGray, d.Code, ansiReset)
		if line, ok := sourceLine(sources[d.Subject.File], d.Subject.Start.Line); ok {
			caret := strings.Repeat(" ", max(d.Subject.Start.Col-1, 0))
			fmt.Fprintf(&b, "%s%4d |%s %s\n     |  %s%s^%s\n", ansiGray, d.Subject.Start.Line, ansiReset, line, caret, ansiGreen, ansiReset)
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// sourceLine returns line n (1-based) of src, tabs kept so that the caret
// lines up when the terminal expands them alike.
func sourceLine(src []byte, n int) (string, bool) {
	if n <= 0 {
		return "", false
	}
	lines := strings.Split(string(src), "\n")
	if n > len(lines) {
		return "", false
	}
	return strings.TrimRight(lines[n-1], "\r"), true
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
