package cmd

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/jenkins2actions/jenkins2actions/config"
	"github.com/jenkins2actions/jenkins2actions/convert"
	"github.com/jenkins2actions/jenkins2actions/engine"
	"github.com/jenkins2actions/jenkins2actions/internal/atomicfile"
	"github.com/jenkins2actions/jenkins2actions/report"
)

// ConvertOptions are the inputs of `convert`.
type ConvertOptions struct {
	IO *IOStreams

	Path       string
	OutDir     string
	Stdout     bool
	Force      bool
	Format     string
	ReportJSON string
	Strict     bool
	ConfigFile string
	Name       string
	// TemplatesDir adds the organisation's templates to the built-in ones.
	TemplatesDir string
}

// NewCmdConvert builds `convert`. runF replaces the run function in tests
// of flag parsing.
func NewCmdConvert(s *IOStreams, runF func(*ConvertOptions) error) *cobra.Command {
	opts := &ConvertOptions{IO: s}
	cmd := &cobra.Command{
		Use:   "convert [PATH]",
		Short: "Convert a Jenkinsfile or a job's config.xml to a GitHub Actions workflow",
		Long: "Convert a Jenkinsfile, the Jenkinsfile of a repository directory (default: the\n" +
			"current directory), or a Jenkins job's config.xml to .github/workflows/<name>.yml\n" +
			"under the repository root, and report every construct as converted, approximated\n" +
			"or manual.",
		Example: "  jenkins2actions convert\n  jenkins2actions convert path/to/Jenkinsfile --out /tmp/wf --report-json report.json\n  jenkins2actions convert --stdout",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Path = "."
			if len(args) == 1 {
				opts.Path = args[0]
			}
			if opts.Format != "text" && opts.Format != "json" {
				return usagef("--format must be text or json, not %q", opts.Format)
			}
			if opts.Stdout && opts.Format == "json" {
				return usagef("--stdout and --format json both write to standard output; use --report-json FILE")
			}
			if opts.Stdout && opts.OutDir != "" {
				return usagef("--stdout and --out exclude each other")
			}
			if runF != nil {
				return runF(opts)
			}
			return runConvert(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.OutDir, "out", "", "write the workflow into `DIR` instead of .github/workflows")
	f.BoolVar(&opts.Stdout, "stdout", false, "write the workflow to standard output")
	f.BoolVar(&opts.Force, "force", false, "overwrite an existing workflow file")
	f.StringVar(&opts.Format, "format", "text", "summary format: text (on standard error) or json (the report, on standard output)")
	f.StringVar(&opts.ReportJSON, "report-json", "", "write the full migration report to `FILE` as JSON")
	f.BoolVar(&opts.Strict, "strict", false, "exit with 1 when manual tasks remain")
	f.StringVar(&opts.ConfigFile, "config", "", "configuration `FILE` (default: .jenkins2actions.yaml found upwards from the repository)")
	f.StringVar(&opts.Name, "name", "", "workflow name (default: the repository directory's name)")
	f.StringVar(&opts.TemplatesDir, "templates", "", "add templates from `DIR` to the built-in ones (default: the config file's templates)")
	return cmd
}

func runConvert(opts *ConvertOptions) error {
	file, root, err := locateJenkinsfile(opts.Path)
	if err != nil {
		return err
	}
	name := opts.Name
	if name == "" {
		abs, err := filepath.Abs(root)
		if err != nil {
			return err
		}
		name = filepath.Base(abs)
	}
	cfg, err := loadConfig(opts.ConfigFile, root)
	if err != nil {
		return err
	}
	src, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	if engine.IsJobXML(file) && opts.Name == "" {
		name = jobName(file)
	}
	dir := "-"
	if !opts.Stdout {
		dir = opts.OutDir
		switch {
		case dir != "":
		case engine.IsJobXML(file):
			// A job's config.xml lives in a JENKINS_HOME, not in the
			// repository whose workflow it becomes: that is the one the
			// command runs in.
			wd, err := os.Getwd()
			if err != nil {
				return err
			}
			dir = filepath.Join(repoRoot(wd), ".github", "workflows")
		default:
			dir = filepath.Join(root, ".github", "workflows")
		}
	}
	tdir := opts.TemplatesDir
	if tdir == "" {
		tdir = cfg.Templates
	}
	cat, err := loadCatalog(opts.IO, tdir)
	if err != nil {
		return err
	}
	c, err := engine.Convert(file, src, name, convert.Options{Config: cfg, Catalog: cat}, dir)
	if err != nil {
		return err
	}
	rep, diags, findings, target, out := c.Report, c.Diagnostics, c.Findings, c.Target, c.Workflow
	if c.Result == nil {
		if err := writeReports(opts, rep); err != nil {
			return err
		}
		return errProblems
	}

	if opts.Stdout {
		if _, err := opts.IO.Out.Write(out); err != nil {
			return err
		}
	} else {
		if err := writeNew(target, out, opts.Force); err != nil {
			if errors.Is(err, fs.ErrExist) {
				fmt.Fprintf(opts.IO.ErrOut, "%s already exists (use --force to overwrite it)\n", target)
				return errProblems
			}
			return err
		}
		// actionlint, run on the repository, must know the self-hosted
		// runners the workflow asks for, as the conversion's own lint did.
		if labels := engine.RunnerLabels(cfg, c.Result); len(labels) > 0 && filepath.Base(dir) == "workflows" && filepath.Base(filepath.Dir(dir)) == ".github" {
			path, changed, err := addRunnerLabels(dir, labels)
			if err != nil {
				return err
			}
			if changed {
				fmt.Fprintf(opts.IO.ErrOut, "added the self-hosted runner labels %s to %s\n", strings.Join(labels, ", "), path)
			}
		}
	}
	if err := writeReports(opts, rep); err != nil {
		return err
	}
	if diags.HasErrors() || len(findings) > 0 || opts.Strict && rep.Summary.Manual > 0 {
		return errProblems
	}
	return nil
}

// writeReports writes the summary where the flags say.
func writeReports(opts *ConvertOptions, rep *report.Report) error {
	if opts.ReportJSON != "" {
		var buf bytes.Buffer
		if err := rep.WriteJSON(&buf); err != nil {
			return err
		}
		if err := atomicfile.Write(opts.ReportJSON, buf.Bytes()); err != nil {
			return err
		}
	}
	if opts.Format == "json" {
		return rep.WriteJSON(opts.IO.Out)
	}
	return rep.WriteText(opts.IO.ErrOut)
}

// jobName names a config.xml job after its directory, as JENKINS_HOME
// does (jobs/<name>/config.xml).
func jobName(file string) string {
	abs, err := filepath.Abs(file)
	if err != nil || filepath.Base(file) != "config.xml" {
		return strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	}
	return filepath.Base(filepath.Dir(abs))
}

// locateJenkinsfile resolves PATH to the Jenkinsfile and the repository
// root its workflow belongs to.
func locateJenkinsfile(path string) (file, root string, err error) {
	fi, err := os.Stat(path)
	if err != nil {
		return "", "", usagef("%v", err)
	}
	if fi.IsDir() {
		file = filepath.Join(path, "Jenkinsfile")
		if _, err := os.Stat(file); err != nil {
			return "", "", usagef("%s: no Jenkinsfile in this directory (give the file's path)", path)
		}
		return file, path, nil
	}
	return path, repoRoot(filepath.Dir(path)), nil
}

// repoRoot returns the closest directory at or above dir with a .git, or
// dir itself.
func repoRoot(dir string) string {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d || d == "." {
			return dir
		}
		d = parent
	}
}

func loadConfig(file, root string) (*config.Config, error) {
	if file != "" {
		return config.Load(file)
	}
	return config.Find(root)
}

// writeNew writes data to path atomically, refusing to replace an existing
// file unless force is set.
func writeNew(path string, data []byte, force bool) error {
	if !force {
		if _, err := os.Stat(path); err == nil {
			return fs.ErrExist
		}
	}
	return atomicfile.Write(path, data)
}
