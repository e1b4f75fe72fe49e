package cmd

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/jenkins2actions/jenkins2actions/docsgen"
)

// DocsOptions are the inputs of `docs`.
type DocsOptions struct {
	IO *IOStreams
	// Root is the command tree the CLI reference describes.
	Root *cobra.Command

	OutDir       string
	TemplatesDir string
	PagesDir     string
	AuditDir     string
}

// NewCmdDocs builds `docs`. runF replaces the run function in tests of
// flag parsing.
func NewCmdDocs(s *IOStreams, runF func(*DocsOptions) error) *cobra.Command {
	opts := &DocsOptions{IO: s}
	cmd := &cobra.Command{
		Use:   "docs --out DIR",
		Short: "Generate the docs-as-code site",
		Long: "Write an MkDocs site (mkdocs.yml and docs/*.md) from the tool's own data: the template\n" +
			"catalog, the practice rules, the Jenkins support matrix with examples converted now,\n" +
			"migration status from an audit, this command reference, and hand-written pages.\n" +
			"Hand-written pages keep their directory in the nav, or take the place their front\n" +
			"matter names with nav: Section/Title. The output has no dates, so it can be committed.",
		Example: "  jenkins2actions docs --out site\n" +
			"  jenkins2actions docs --out site --templates ci-templates --pages sig-pages --audit audit\n" +
			"  mkdocs build --strict -f site/mkdocs.yml",
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			opts.Root = c.Root()
			if runF != nil {
				return runF(opts)
			}
			return runDocs(opts)
		},
	}
	cmd.Flags().StringVar(&opts.OutDir, "out", "", "write the site into `DIR` (required)")
	cmd.Flags().StringVar(&opts.TemplatesDir, "templates", "", "add templates from `DIR` to the built-in ones, replacing those of the same id")
	cmd.Flags().StringVar(&opts.PagesDir, "pages", "", "merge the hand-written pages of `DIR` into the site")
	cmd.Flags().StringVar(&opts.AuditDir, "audit", "", "add the migration status from the summary.json in `DIR`")
	return cmd
}

func runDocs(opts *DocsOptions) error {
	if opts.OutDir == "" {
		return usagef("--out is required")
	}
	for _, d := range []struct{ flag, dir string }{{"--pages", opts.PagesDir}, {"--audit", opts.AuditDir}} {
		if d.dir == "" {
			continue
		}
		if fi, err := os.Stat(d.dir); err != nil || !fi.IsDir() {
			return usagef("%s %q is not a directory", d.flag, d.dir)
		}
	}
	if opts.AuditDir != "" {
		if _, err := os.Stat(filepath.Join(opts.AuditDir, "summary.json")); err != nil {
			return usagef("--audit %q holds no summary.json (give the --out folder of a jenkins2actions audit)", opts.AuditDir)
		}
	}
	cat, err := (&TemplatesOptions{IO: opts.IO, TemplatesDir: opts.TemplatesDir}).catalog()
	if err != nil {
		return err
	}
	site, err := docsgen.Generate(docsgen.Options{
		Catalog:  cat,
		Command:  opts.Root,
		PagesDir: opts.PagesDir,
		AuditDir: opts.AuditDir,
	})
	if err != nil {
		return fmt.Errorf("generate docs: %w", err)
	}
	if err := site.Write(opts.OutDir); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.ErrOut, "wrote %d files to %s\n", len(site.Files()), opts.OutDir)
	return nil
}
