// Package engine composes the stages of a conversion: read (Jenkinsfile or
// config.xml) → convert → render → lint → report. Every caller that turns
// Jenkins input into a workflow goes through Convert, so that the command
// line, the audit, the docs and the tests see the same result.
package engine

import (
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/jenkins2actions/jenkins2actions/config"
	"github.com/jenkins2actions/jenkins2actions/convert"
	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/jenkins/jenkinsfile"
	"github.com/jenkins2actions/jenkins2actions/jenkins/jobxml"
	"github.com/jenkins2actions/jenkins2actions/lint"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
	"github.com/jenkins2actions/jenkins2actions/report"
	"github.com/jenkins2actions/jenkins2actions/workflow"
)

// Conversion is the outcome of converting one Jenkinsfile or config.xml,
// shared by convert (one file) and audit (many jobs).
type Conversion struct {
	Pipeline *pipeline.Pipeline
	// Result is nil when the input had errors: a pipeline read past
	// syntax errors is missing pieces, and a workflow written from it
	// would look complete and not be.
	Result *convert.Result
	// Workflow is the rendered workflow, and Target where it is to be
	// written ("-" for standard output); both unset without Result.
	Workflow []byte
	Target   string
	// Findings are the lint findings on Workflow.
	Findings diag.Diagnostics
	// Diagnostics are the reader's and the linter's, sorted.
	Diagnostics diag.Diagnostics
	Report      *report.Report
}

// Convert reads src, the content of file (a config.xml when its name
// says so, else a Jenkinsfile), as the pipeline name, converts it with
// copts (config and template catalog), renders, lints and checks the
// workflow. dir is the directory the workflow is to be written to, "-" for
// standard output; nothing is written here. The
// error is for the tool's own failures; problems in the input are in the
// report.
func Convert(file string, src []byte, name string, copts convert.Options, dir string) (*Conversion, error) {
	var sources jenkinsfile.Sources
	if !IsJobXML(file) {
		sources = Sources(file, copts.Config)
	}
	return ConvertWith(file, src, name, copts, dir, sources)
}

// ConvertWith converts as Convert does, with the loaded files and library
// variables of sources instead of those on disk.
func ConvertWith(file string, src []byte, name string, copts convert.Options, dir string, sources jenkinsfile.Sources) (*Conversion, error) {
	var p *pipeline.Pipeline
	var diags diag.Diagnostics
	if IsJobXML(file) {
		p, diags = jobxml.Read(file, src, name)
	} else {
		p, diags = jenkinsfile.ReadWith(file, src, name, sources)
	}
	c := &Conversion{Pipeline: p}
	if diags.HasErrors() {
		diags.Sort()
		c.Diagnostics = diags
		c.Report = report.New(file, string(p.Style), nil, diags)
		return c, nil
	}
	res, err := convert.Convert(p, copts)
	if err != nil {
		return nil, err
	}
	out, err := workflow.Render(res.Workflow)
	if err != nil {
		return nil, err
	}
	target := "-"
	if dir != "-" {
		target = filepath.Join(dir, res.FileName)
	}
	// shellcheck runs once per script, in a process of its own: too slow
	// for a self-check on every conversion. `lint` runs it.
	findings, err := lint.Workflow(target, out, lint.Options{Shellcheck: "-", RunnerLabels: RunnerLabels(copts.Config, res)})
	if err != nil {
		return nil, err
	}
	// The semantic checks catch what lint cannot see in one file: job
	// graph, artifacts and secrets against the report.
	findings = append(findings, convert.Check(res)...)
	diags = append(diags, findings...)
	diags.Sort()
	rep := report.New(file, string(p.Style), res, diags)
	rep.Workflow = target
	c.Result, c.Workflow, c.Target, c.Findings, c.Diagnostics, c.Report = res, out, target, findings, diags, rep
	return c, nil
}

// Sources are the files a Jenkinsfile's Groovy comes from besides itself:
// what `load` names, read from the repository the Jenkinsfile is in (the
// nearest directory up with a .git, else the Jenkinsfile's own), and the
// vars/*.groovy of the shared libraries the config has checkouts of.
// An empty file has none: a job of a Jenkins, not a checkout.
func Sources(file string, cfg *config.Config) jenkinsfile.Sources {
	if file == "" {
		return jenkinsfile.Sources{}
	}
	return SourcesIn(repositoryRoot(filepath.Dir(file)), cfg)
}

// SourcesIn are the sources of a Jenkinsfile in the repository checked out
// at root.
func SourcesIn(root string, cfg *config.Config) jenkinsfile.Sources {
	src := jenkinsfile.Sources{Load: func(rel string) (string, []byte, bool) {
		clean := path.Clean(strings.ReplaceAll(rel, "\\", "/"))
		if path.IsAbs(clean) || clean == "." || clean == ".." || strings.HasPrefix(clean, "../") {
			return "", nil, false // outside the repository
		}
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(clean)))
		// Named as the repository names it, as Jenkins and GitHub's
		// annotations do.
		return clean, b, err == nil
	}}
	if cfg == nil {
		return src
	}
	for _, k := range slices.Sorted(maps.Keys(cfg.Libraries)) {
		if dir := cfg.Libraries[k].Path; dir != "" {
			src.LibraryVars = append(src.LibraryVars, libraryVars(dir)...)
		}
	}
	return src
}

// readVars holds the vars/*.groovy files of each library checkout read so
// far: an audit converts thousands of jobs with one config, and each would
// read them again.
var readVars sync.Map // directory → []jenkinsfile.LibraryFile

// libraryVars returns the vars/*.groovy files of the library checked out
// at dir, read once per process.
func libraryVars(dir string) []jenkinsfile.LibraryFile {
	if files, ok := readVars.Load(dir); ok {
		return files.([]jenkinsfile.LibraryFile)
	}
	var files []jenkinsfile.LibraryFile
	vars, _ := filepath.Glob(filepath.Join(dir, "vars", "*.groovy"))
	for _, v := range vars {
		if b, err := os.ReadFile(v); err == nil {
			files = append(files, jenkinsfile.LibraryFile{Name: v, Src: b})
		}
	}
	stored, _ := readVars.LoadOrStore(dir, files)
	return stored.([]jenkinsfile.LibraryFile)
}

// repositoryRoot is the nearest directory from dir up that holds .git, or
// dir when there is none.
func repositoryRoot(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return dir
	}
	for d := abs; ; {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		up := filepath.Dir(d)
		if up == d {
			return dir
		}
		d = up
	}
}

// IsJobXML tells a job's config.xml from a Jenkinsfile by its name.
func IsJobXML(file string) bool { return strings.HasSuffix(strings.ToLower(file), ".xml") }

// RunnerLabels are the self-hosted runner labels a conversion uses: those
// the config maps Jenkins labels to and those of the runners to provide.
// The lint of the workflow knows them, as .github/actionlint.yaml would.
func RunnerLabels(cfg *config.Config, res *convert.Result) []string {
	var out []string
	add := func(labels []string) {
		if !slices.Contains(labels, "self-hosted") {
			return
		}
		for _, l := range labels {
			if l != "self-hosted" && !slices.Contains(out, l) {
				out = append(out, l)
			}
		}
	}
	if cfg != nil {
		for _, k := range slices.Sorted(maps.Keys(cfg.Labels)) {
			add(cfg.Labels[k])
		}
		add(cfg.DefaultRunner)
	}
	if res == nil {
		return out
	}
	for _, r := range res.Runners {
		add(r.RunsOn)
	}
	return out
}
