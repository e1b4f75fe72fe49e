// Package config reads .jenkins2actions.yaml: the maps that tell the
// converter what Jenkins names (runner labels, credential ids, tools) become
// on GitHub. Every map has a default, so no file is needed to start.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// FileName is the name the config file is looked up by.
const FileName = ".jenkins2actions.yaml"

// Config is the converter's configuration.
type Config struct {
	// Labels maps a Jenkins agent label (or label expression, as written)
	// to a runs-on value (one label, or several for self-hosted runners).
	Labels map[string][]string `yaml:"labels"`
	// Credentials maps a Jenkins credentialsId to the GitHub secret name to
	// use (the default is the id in upper snake case).
	Credentials map[string]string `yaml:"credentials"`
	// DefaultRunner is runs-on for `agent any` and jobs without agent.
	DefaultRunner []string `yaml:"default-runner"`
	// TimeoutMinutes is the job timeout when Jenkins sets none.
	TimeoutMinutes int `yaml:"timeout-minutes"`
	// Triggers, when set, are the events every converted workflow runs
	// on (push, pull_request; workflow_dispatch and the pipeline's own
	// schedule stay), instead of those chosen from the pipeline.
	Triggers []string `yaml:"triggers"`
	// ManualSteps says what the step standing for a construct left to a
	// person does: "fail" (the default) fails the job, "warn" only warns.
	ManualSteps string `yaml:"manual-steps"`
	// JavaDistribution is the setup-java distribution for `tools { jdk }`.
	JavaDistribution string `yaml:"java-distribution"`
	// Libraries maps shared-library steps (buildPlugin, myDeploy) to what
	// replaces them on GitHub. An entry with a path is instead a shared
	// library checked out on disk, named as @Library names it: the steps
	// its vars/*.groovy define are read and converted like methods of the
	// Jenkinsfile.
	Libraries map[string]LibraryStep `yaml:"libraries"`
	// Templates is a directory of the organisation's templates, laid over
	// the built-in catalog; relative to the config file.
	Templates string `yaml:"templates"`
	// Lint holds the practice rule settings of `lint`.
	Lint Lint `yaml:"lint"`

	// Path is the file the config was read from, "" for the defaults.
	Path string `yaml:"-"`
}

// LibraryStep says what a shared-library step becomes: a reusable
// workflow (Workflow, for a pipeline that is only the step), a composite
// or other action (Action), or a template of the catalog (Template). The
// step's named arguments become the with: inputs.
type LibraryStep struct {
	Workflow string `yaml:"workflow"`
	Action   string `yaml:"action"`
	Template string `yaml:"template"`
	// Path is the directory of a checkout of the library, relative to
	// the config file.
	Path string `yaml:"path"`
	// With adds fixed inputs.
	With map[string]string `yaml:"with"`
}

// Lint is the lint: section: which practice rules run and how.
type Lint struct {
	// Disable lists rule ids not to run.
	Disable []string `yaml:"disable"`
	// AllowedActions are globs of the actions workflows may use
	// (owner/*, owner/repo, owner/repo/path); empty allows all.
	AllowedActions []string `yaml:"allowed-actions"`
	// DeployWords mark a job as a deploy by a word of its id or name
	// (default: deploy, release, publish).
	DeployWords []string `yaml:"deploy-words"`
}

// Default returns the built-in configuration.
func Default() *Config {
	return &Config{
		Labels: map[string][]string{
			"linux":    {"ubuntu-latest"},
			"ubuntu":   {"ubuntu-latest"},
			"docker":   {"ubuntu-latest"},
			"master":   {"ubuntu-latest"},
			"built-in": {"ubuntu-latest"},
			"windows":  {"windows-latest"},
			"macos":    {"macos-latest"},
			"mac":      {"macos-latest"},
			"osx":      {"macos-latest"},
		},
		Credentials:      map[string]string{},
		DefaultRunner:    []string{"ubuntu-latest"},
		TimeoutMinutes:   360,
		JavaDistribution: "temurin",
	}
}

// Load reads path and lays it over the defaults.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &Error{Path: path, Msg: fmt.Sprintf("cannot read the config file: %v (check the path given with --config)", err)}
	}
	c := Default()
	var file Config
	if err := decode(path, data, &file); err != nil {
		return nil, err
	}
	for k, v := range file.Labels {
		c.Labels[k] = v
	}
	for k, v := range file.Credentials {
		c.Credentials[k] = v
	}
	if len(file.Libraries) > 0 {
		c.Libraries = file.Libraries
		for k, l := range c.Libraries {
			if l.Path != "" && !filepath.IsAbs(l.Path) {
				l.Path = filepath.Join(filepath.Dir(path), l.Path)
				c.Libraries[k] = l
			}
		}
	}
	if len(file.DefaultRunner) > 0 {
		c.DefaultRunner = file.DefaultRunner
	}
	if file.TimeoutMinutes > 0 {
		c.TimeoutMinutes = file.TimeoutMinutes
	}
	for _, t := range file.Triggers {
		if t != "push" && t != "pull_request" {
			return nil, &Error{Path: path, Msg: fmt.Sprintf("triggers has %q; it takes push and pull_request", t)}
		}
	}
	if file.Triggers != nil {
		c.Triggers = file.Triggers
	}
	switch file.ManualSteps {
	case "", "fail", "warn":
		if file.ManualSteps != "" {
			c.ManualSteps = file.ManualSteps
		}
	default:
		return nil, &Error{Path: path, Msg: fmt.Sprintf("manual-steps is %q; it takes fail or warn", file.ManualSteps)}
	}
	if file.JavaDistribution != "" {
		c.JavaDistribution = file.JavaDistribution
	}
	if file.Templates != "" {
		c.Templates = file.Templates
		if !filepath.IsAbs(c.Templates) {
			c.Templates = filepath.Join(filepath.Dir(path), c.Templates)
		}
	}
	// Lists replace the defaults rather than add to them, so that a
	// repository can narrow what an organisation-wide default allows.
	if file.Lint.Disable != nil {
		c.Lint.Disable = file.Lint.Disable
	}
	if file.Lint.AllowedActions != nil {
		c.Lint.AllowedActions = file.Lint.AllowedActions
	}
	if file.Lint.DeployWords != nil {
		c.Lint.DeployWords = file.Lint.DeployWords
	}
	c.Path = path
	return c, nil
}

// Find looks for FileName in dir and its parents and loads the first one
// found; without one it returns the defaults.
func Find(dir string) (*Config, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	for {
		p := filepath.Join(dir, FileName)
		if _, err := os.Stat(p); err == nil {
			return Load(p)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return Default(), nil
		}
		dir = parent
	}
}
