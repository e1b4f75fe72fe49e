// Package templates is the vetted catalog of step templates that converted
// workflows are built from.
//
// A template is a YAML file close to a composite action: metadata for people
// and docs (title, category, owner, security notes), declared inputs, the
// GITHUB_TOKEN permissions its steps need, the job settings they rely on
// (a deploy's environment and concurrency group), and the steps. Steps
// name actions without a ref; every action is pinned to a full commit SHA
// from one lock file, actions.lock, generated from action-pins.tsv, so that
// moving a pin is a one-line reviewed change that reaches every template.
//
// The built-in catalog is embedded in the binary; an organisation can add
// or replace templates with a directory of its own (LoadDir).
package templates

import (
	"bytes"
	"cmp"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/workflow"
)

//go:generate go run ../scripts/genpins ../../shared/data/action-pins.tsv ../../shared/data/action-pins-majors.tsv actions.lock

//go:embed actions.lock
var builtinLock []byte

//go:embed builtin/*.yml
var builtinFS embed.FS

// categories in the order catalogs list them: roughly the order of a job.
var categories = []string{"setup", "build", "test", "package", "deploy", "notify", "security", "utility"}

// Categories returns the template categories in listing order.
func Categories() []string { return slices.Clone(categories) }

// Input types: the kind of value an input takes. They document the input
// and check its default and example; rendered values are strings either
// way, as action inputs are.
const (
	TypeString  = "string"
	TypeBoolean = "boolean"
	TypeNumber  = "number"
)

// Input is one declared template input.
type Input struct {
	Name        string
	Description string
	// Type is TypeString, TypeBoolean or TypeNumber; TypeString when the
	// file gives none.
	Type string
	// Default is used when the caller gives no value. An optional input
	// without a default is empty, and a key whose whole value is that
	// input is left out of the rendered step.
	Default  string
	Required bool
	// Example is a realistic value for docs and tests; rendering never
	// uses it.
	Example string
}

// Template is one vetted template. Templates in a catalog are shared:
// treat them as read-only.
type Template struct {
	ID          string
	Title       string
	Category    string
	Description string
	// When says which Jenkins constructs the template stands for.
	When     string
	Owner    string
	Security string
	// Inputs are in file order.
	Inputs []Input
	// Permissions are the GITHUB_TOKEN scopes the steps need; empty, never
	// nil, when they need none.
	Permissions workflow.Permissions
	// Actions are the actions the steps use (owner/repo[/path], spelled
	// as in the lock), sorted.
	Actions []string
	// Job holds the job-level fields the steps rely on, with input
	// references still in them; JobSettings substitutes them.
	Job JobSettings
	// File is where the template was read from: builtin/<id>.yml for the
	// built-in ones.
	File string

	src   []byte
	steps []*rawStep
}

// Input returns the declared input called name.
func (t *Template) Input(name string) (Input, bool) {
	i := slices.IndexFunc(t.Inputs, func(in Input) bool { return in.Name == name })
	if i < 0 {
		return Input{}, false
	}
	return t.Inputs[i], true
}

// YAML returns the template's source, as its authors wrote it.
func (t *Template) YAML() []byte { return slices.Clone(t.src) }

// Catalog is a set of templates and the lock that pins their actions.
// A catalog does not change once loaded, so it is safe for concurrent use.
type Catalog struct {
	templates map[string]*Template
	lock      *Lock
}

var builtin = sync.OnceValues(loadBuiltin)

// Builtin returns the catalog embedded in the binary. It is parsed on the
// first call and shared afterwards.
func Builtin() (*Catalog, error) { return builtin() }

func loadBuiltin() (*Catalog, error) {
	lock, err := LoadLock(bytes.NewReader(builtinLock))
	if err != nil {
		return nil, fmt.Errorf("built-in actions.lock: %w", err)
	}
	c := &Catalog{templates: map[string]*Template{}, lock: lock}
	files, err := fs.Glob(builtinFS, "builtin/*.yml")
	if err != nil {
		return nil, fmt.Errorf("list built-in templates: %w", err)
	}
	var ds diag.Diagnostics
	for _, name := range files {
		src, err := builtinFS.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read built-in template: %w", err)
		}
		t, tds := parseTemplate(name, path.Base(name), src, lock)
		ds = append(ds, tds...)
		if t != nil {
			c.templates[t.ID] = t
		}
	}
	if len(ds) > 0 {
		return nil, ds
	}
	return c, nil
}

// LoadDir returns a catalog holding base's templates plus those of the
// *.yml and *.yaml files in dir, which replace base's templates of the same
// id. An actions.lock in dir adds pins to base's lock or replaces them, for
// base's templates too. base may be nil.
//
// Problems in the files come back as a diag.Diagnostics error, each with
// its file:line:col, all of them at once.
func LoadDir(dir string, base *Catalog) (*Catalog, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read template directory: %w", err)
	}
	lock := base.Lock()
	if lock == nil {
		lock = newLock(nil)
	}
	lockPath := filepath.Join(dir, "actions.lock")
	switch data, err := os.ReadFile(lockPath); {
	case err == nil:
		own, err := LoadLock(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", lockPath, err)
		}
		lock = lock.merge(own)
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("read template lock: %w", err)
	}

	c := &Catalog{templates: map[string]*Template{}, lock: lock}
	if base != nil {
		for id, t := range base.templates {
			c.templates[id] = t
		}
	}
	var ds diag.Diagnostics
	seen := map[string]string{}
	for _, e := range entries {
		ext := filepath.Ext(e.Name())
		if e.IsDir() || (ext != ".yml" && ext != ".yaml") {
			continue
		}
		file := filepath.Join(dir, e.Name())
		src, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("read template: %w", err)
		}
		t, tds := parseTemplate(file, e.Name(), src, lock)
		ds = append(ds, tds...)
		if t == nil {
			continue
		}
		if prev, ok := seen[t.ID]; ok {
			ds = ds.Errorf(diag.Range{File: file}, "template-duplicate", "template %q is also defined in %q", t.ID, prev)
			continue
		}
		seen[t.ID] = file
		c.templates[t.ID] = t
	}
	if len(ds) > 0 {
		ds.Sort()
		return nil, ds
	}
	return c, nil
}

// Get returns the template called id.
func (c *Catalog) Get(id string) (*Template, bool) {
	t, ok := c.templates[id]
	return t, ok
}

// List returns every template, by category (in Categories order), then id.
func (c *Catalog) List() []*Template {
	list := make([]*Template, 0, len(c.templates))
	for _, t := range c.templates {
		list = append(list, t)
	}
	slices.SortFunc(list, func(a, b *Template) int {
		return cmp.Or(
			cmp.Compare(slices.Index(categories, a.Category), slices.Index(categories, b.Category)),
			strings.Compare(a.ID, b.ID),
		)
	})
	return list
}

// Lock returns the lock that pins the catalog's actions.
func (c *Catalog) Lock() *Lock {
	if c == nil {
		return nil
	}
	return c.lock
}
