package cmd

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/lint"
	"github.com/jenkins2actions/jenkins2actions/templates"
)

// TemplatesOptions are the inputs of `templates list`, `show` and
// `validate`.
type TemplatesOptions struct {
	IO *IOStreams
	// OutTerminal is true when Out is a terminal: list prints an aligned
	// table with a header instead of tab-separated rows.
	OutTerminal bool

	// TemplatesDir adds templates to the built-in ones, or replaces them.
	TemplatesDir string
	JSON         bool
	// ID is the template `show` prints; Dir the directory `validate` checks.
	ID  string
	Dir string
}

// NewCmdTemplates builds `templates` and its subcommands. runF replaces
// the run functions in tests of flag parsing; it gets the subcommand's
// name and options.
func NewCmdTemplates(s *IOStreams, runF func(sub string, opts *TemplatesOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "templates",
		Short: "Browse and check the vetted template catalog",
		Long: "The catalog of vetted templates that converted workflows are built from: the built-in\n" +
			"ones, plus or replaced by an organisation's own with --templates DIR.",
	}
	sub := func(use, short, long, example string, args cobra.PositionalArgs, set func(*TemplatesOptions, []string), run func(*TemplatesOptions) error) *cobra.Command {
		opts := &TemplatesOptions{IO: s, OutTerminal: isTerminal(s.Out)}
		c := &cobra.Command{
			Use: use, Short: short, Long: long, Example: example, Args: args,
			RunE: func(c *cobra.Command, args []string) error {
				set(opts, args)
				if runF != nil {
					return runF(c.Name(), opts)
				}
				return run(opts)
			},
		}
		c.Flags().StringVar(&opts.TemplatesDir, "templates", "", "add templates from `DIR` to the built-in ones, replacing those of the same id")
		if use == "list" {
			c.Flags().BoolVar(&opts.JSON, "json", false, "print the catalog as JSON")
		}
		return c
	}
	cmd.AddCommand(
		sub("list", "List the templates",
			"List the templates by category: a table on a terminal, tab-separated rows\n(id, category, title) otherwise, or JSON with --json.",
			"  jenkins2actions templates list\n  jenkins2actions templates list --templates ci-templates --json",
			cobra.NoArgs, func(*TemplatesOptions, []string) {}, runTemplatesList),
		sub("show ID", "Show one template",
			"Show a template's metadata, inputs and pinned actions, and the workflow it renders\nwith its inputs' examples.",
			"  jenkins2actions templates show checkout",
			cobra.ExactArgs(1), func(o *TemplatesOptions, args []string) { o.ID = args[0] }, runTemplatesShow),
		sub("validate DIR", "Check a directory of templates",
			"Parse every template in DIR, render it with its inputs' examples, lint the rendered\n"+
				"workflow and check that its actions are pinned. Problems are printed as\nfile:line:col: message [code], and the exit code is 1.",
			"  jenkins2actions templates validate ci-templates",
			cobra.ExactArgs(1), func(o *TemplatesOptions, args []string) { o.Dir = args[0] }, runTemplatesValidate),
	)
	return cmd
}

// catalog returns the built-in catalog, with --templates applied.
func (o *TemplatesOptions) catalog() (*templates.Catalog, error) {
	return loadCatalog(o.IO, o.TemplatesDir)
}

// loadCatalog returns the built-in catalog with the organisation's
// templates from dir laid over it ("" for none); problems in those
// templates are printed as file:line:col findings.
func loadCatalog(s *IOStreams, dir string) (*templates.Catalog, error) {
	c, err := templates.Builtin()
	if err != nil {
		return nil, err
	}
	if dir == "" {
		return c, nil
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return nil, usagef("templates directory %q is not a directory", dir)
	}
	c, err = templates.LoadDir(dir, c)
	var ds diag.Diagnostics
	if errors.As(err, &ds) {
		printDiags(s.ErrOut, ds)
		return nil, errProblems
	}
	return c, err
}

func printDiags(w io.Writer, ds diag.Diagnostics) {
	for _, d := range ds {
		fmt.Fprintln(w, d.String())
	}
}

// templateJSON is a template as list --json prints it.
type templateJSON struct {
	ID          string            `json:"id"`
	Title       string            `json:"title"`
	Category    string            `json:"category"`
	Description string            `json:"description"`
	When        string            `json:"when,omitempty"`
	Owner       string            `json:"owner,omitempty"`
	Security    string            `json:"security,omitempty"`
	File        string            `json:"file"`
	Inputs      []inputJSON       `json:"inputs"`
	Permissions map[string]string `json:"permissions"`
	Environment string            `json:"environment,omitempty"`
	Actions     []actionJSON      `json:"actions"`
}

type inputJSON struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Type        string `json:"type"`
	Required    bool   `json:"required"`
	Default     string `json:"default,omitempty"`
	Example     string `json:"example,omitempty"`
}

type actionJSON struct {
	Action  string `json:"action"`
	Version string `json:"version"`
	SHA     string `json:"sha"`
}

func toJSON(c *templates.Catalog, t *templates.Template) templateJSON {
	j := templateJSON{
		ID: t.ID, Title: t.Title, Category: t.Category, Description: t.Description, When: t.When,
		Owner: t.Owner, Security: t.Security, File: filepath.ToSlash(t.File),
		Inputs: []inputJSON{}, Permissions: map[string]string{}, Actions: []actionJSON{},
		Environment: t.Job.Environment,
	}
	for _, in := range t.Inputs {
		j.Inputs = append(j.Inputs, inputJSON{in.Name, in.Description, in.Type, in.Required, in.Default, in.Example})
	}
	for _, p := range t.Permissions {
		j.Permissions[p.Key] = p.Value
	}
	for _, a := range t.Actions {
		p, _ := c.Lock().Pin(a)
		j.Actions = append(j.Actions, actionJSON{p.Action, p.Version, p.SHA})
	}
	return j
}

func runTemplatesList(opts *TemplatesOptions) error {
	c, err := opts.catalog()
	if err != nil {
		return err
	}
	list := c.List()
	if opts.JSON {
		out := make([]templateJSON, 0, len(list))
		for _, t := range list {
			out = append(out, toJSON(c, t))
		}
		enc := json.NewEncoder(opts.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	if !opts.OutTerminal {
		// One record a line, no header, for cut and awk.
		for _, t := range list {
			if _, err := fmt.Fprintf(opts.IO.Out, "%s\t%s\t%s\n", t.ID, t.Category, t.Title); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(opts.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCATEGORY\tTITLE\tACTIONS")
	for _, t := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", t.ID, t.Category, t.Title, strings.Join(t.Actions, ", "))
	}
	return tw.Flush()
}

func runTemplatesShow(opts *TemplatesOptions) error {
	c, err := opts.catalog()
	if err != nil {
		return err
	}
	t, ok := c.Get(opts.ID)
	if !ok {
		return usagef("unknown template %q (templates list shows them)", opts.ID)
	}
	w := &errWriter{w: opts.IO.Out}
	w.printf("%s: %s\n", t.ID, t.Title)
	w.printf("category: %s\n", t.Category)
	if t.Owner != "" {
		w.printf("owner: %s\n", t.Owner)
	}
	w.printf("file: %s\n\n%s\n", filepath.ToSlash(t.File), t.Description)
	if t.When != "" {
		w.printf("\nWhen: %s\n", t.When)
	}
	if t.Security != "" {
		w.printf("\nSecurity: %s\n", t.Security)
	}
	perms := "none"
	if len(t.Permissions) > 0 {
		var ps []string
		for _, p := range t.Permissions {
			ps = append(ps, p.Key+": "+p.Value)
		}
		perms = strings.Join(ps, ", ")
	}
	w.printf("\nPermissions: %s\n", perms)
	if t.Job.Environment != "" {
		w.printf("Environment: %s\n", t.Job.Environment)
	}
	if c := t.Job.Concurrency; c != nil {
		w.printf("Concurrency: %s (cancel-in-progress: %t)\n", c.Group, c.CancelInProgress)
	}
	if len(t.Inputs) > 0 {
		w.printf("\nInputs:\n")
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "  NAME\tTYPE\tREQUIRED\tDEFAULT\tEXAMPLE\tDESCRIPTION")
		for _, in := range t.Inputs {
			fmt.Fprintf(tw, "  %s\t%s\t%t\t%s\t%s\t%s\n", in.Name, in.Type, in.Required, in.Default, in.Example, in.Description)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	w.printf("\nActions:\n")
	if len(t.Actions) == 0 {
		w.printf("  none\n")
	}
	for _, a := range t.Actions {
		p, _ := c.Lock().Pin(a)
		w.printf("  %s # %s\n", p.Ref(), p.Version)
	}
	src, err := c.ExampleWorkflow(t.ID, t.SampleInputs(true))
	if err != nil {
		return err
	}
	w.printf("\nExample (rendered with the inputs' examples):\n\n%s", src)
	return w.err
}

// errWriter keeps the first write error, so that a run of prints needs one
// check at the end.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *errWriter) printf(format string, args ...any) { fmt.Fprintf(e, format, args...) }

// pinnedUsesRE is a uses: line of a rendered workflow: an action pinned to
// a full commit, with the version it stands for as a comment.
var pinnedUsesRE = regexp.MustCompile(`^\s*(?:- )?uses: [^@\s]+@[0-9a-f]{40} # \S+$`)

func runTemplatesValidate(opts *TemplatesOptions) error {
	fi, err := os.Stat(opts.Dir)
	if errors.Is(err, fs.ErrNotExist) || err == nil && !fi.IsDir() {
		return usagef("%q is not a directory", opts.Dir)
	}
	if err != nil {
		return err
	}
	base, err := opts.catalog()
	if err != nil {
		return err
	}
	c, err := templates.LoadDir(opts.Dir, base)
	var ds diag.Diagnostics
	if errors.As(err, &ds) {
		printDiags(opts.IO.Out, ds)
		fmt.Fprintf(opts.IO.ErrOut, "%s: %d problems\n", opts.Dir, len(ds))
		return errProblems
	}
	if err != nil {
		return err
	}

	dir := filepath.Clean(opts.Dir)
	n := 0
	for _, t := range c.List() {
		if filepath.Dir(t.File) != dir {
			continue
		}
		n++
		for _, all := range []bool{true, false} {
			ds = append(ds, validateRendered(c, t, all)...)
		}
	}
	ds = dedupe(ds)
	ds.Sort()
	printDiags(opts.IO.Out, ds)
	if len(ds) > 0 {
		fmt.Fprintf(opts.IO.ErrOut, "%s: %d templates, %d problems\n", opts.Dir, n, len(ds))
		return errProblems
	}
	fmt.Fprintf(opts.IO.ErrOut, "%s: %d templates, all valid\n", opts.Dir, n)
	return nil
}

// validateRendered renders t with sample inputs and checks the result:
// it renders, actionlint finds nothing, and every action is pinned. The
// findings point into the rendered workflow, named after the template
// file with a #rendered suffix, since that is where actionlint looked.
func validateRendered(c *templates.Catalog, t *templates.Template, all bool) diag.Diagnostics {
	var ds diag.Diagnostics
	at := diag.Range{File: t.File}
	for _, in := range t.Inputs {
		if in.Required && in.Example == "" {
			return ds.Errorf(at, "template-example", "required input %q has no example to render the template with", in.Name)
		}
	}
	src, err := c.ExampleWorkflow(t.ID, t.SampleInputs(all))
	if err != nil {
		return ds.Errorf(at, "template-render", "%v", err)
	}
	path := t.File + "#rendered"
	found, err := lint.Workflow(path, src, lint.Options{})
	if err != nil {
		return ds.Errorf(at, "template-render", "lint: %v", err)
	}
	ds = append(ds, found...)
	for i, line := range strings.Split(string(src), "\n") {
		if strings.Contains(line, "uses: ") && !pinnedUsesRE.MatchString(line) {
			ds = ds.Errorf(diag.Range{File: path, Start: diag.Pos{Line: i + 1, Col: strings.Index(line, "uses: ") + 1}},
				"template-unpinned", "%q is not pinned to a full commit SHA with its version", strings.TrimSpace(line))
		}
	}
	return ds
}

// dedupe drops findings that rendering with all examples and with the
// required inputs only both produced.
func dedupe(ds diag.Diagnostics) diag.Diagnostics {
	seen := map[string]bool{}
	var out diag.Diagnostics
	for _, d := range ds {
		if k := d.String(); !seen[k] {
			seen[k] = true
			out = append(out, d)
		}
	}
	return out
}
