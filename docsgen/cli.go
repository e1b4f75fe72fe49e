package docsgen

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// cliPages writes a page per available command, from the root down, in
// cobra's order (sorted by name). Cobra's own doc generator would need a
// new module (go-md2man) for its man pages; the tree is simple to walk.
func cliPages(b *builder, opts Options) error {
	root := opts.Command
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	var walk func(c *cobra.Command) error
	walk = func(c *cobra.Command) error {
		title := strings.TrimPrefix(c.CommandPath(), root.Name()+" ")
		if c == root {
			title = "Overview"
		}
		if err := b.add([]string{sectionCLI}, title, cliPath(root, c), cliPage(root, c)); err != nil {
			return err
		}
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() {
				if err := walk(sub); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return walk(root)
}

// cliPath is the page of c: cli/index.md for the root, else the command
// path below the root joined with dashes (cli/templates-list.md).
func cliPath(root, c *cobra.Command) string {
	if c == root {
		return "cli/index.md"
	}
	rel := strings.TrimPrefix(c.CommandPath(), root.Name()+" ")
	return "cli/" + strings.ReplaceAll(rel, " ", "-") + ".md"
}

// cliLink is the link from the page of one command to that of another;
// all CLI pages sit in one folder.
func cliLink(root, c *cobra.Command) string {
	return strings.TrimPrefix(cliPath(root, c), "cli/")
}

func cliPage(root, c *cobra.Command) []byte {
	var p page
	p.h1(c.CommandPath())
	p.para(text(c.Short) + ".")
	if c.Long != "" && c.Long != c.Short {
		p.para(text(strings.Join(strings.Fields(c.Long), " ")))
	}
	if c.Runnable() {
		p.h2("Usage")
		p.code("text", c.UseLine())
	}
	if c.Example != "" {
		p.h2("Examples")
		p.code("sh", strings.Join(dedent(c.Example), "\n"))
	}
	if rows := flagRows(c.LocalFlags()); len(rows) > 0 {
		p.h2("Flags")
		p.table([]string{"flag", "value", "default", "description"}, rows)
	}
	if rows := flagRows(c.InheritedFlags()); len(rows) > 0 {
		p.h2("Global flags")
		p.table([]string{"flag", "value", "default", "description"}, rows)
	}
	var subs [][]string
	for _, sub := range c.Commands() {
		if sub.IsAvailableCommand() {
			subs = append(subs, []string{fmt.Sprintf("[%s](%s)", sub.Name(), cliLink(root, sub)), cell(sub.Short)})
		}
	}
	if len(subs) > 0 {
		p.h2("Commands")
		p.table([]string{"command", "what it does"}, subs)
	}
	if c != root && c.HasParent() {
		p.para(fmt.Sprintf("See also: [%s](%s).", c.Parent().CommandPath(), cliLink(root, c.Parent())))
	}
	return p.bytes()
}

// flagRows describes flags, sorted by name. The help flag is left out:
// cobra adds it only when a command runs, and every command has it.
func flagRows(fs *pflag.FlagSet) [][]string {
	var rows [][]string
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden || f.Name == "help" {
			return
		}
		name := "`--" + f.Name + "`"
		if f.Shorthand != "" {
			name = "`-" + f.Shorthand + "`, " + name
		}
		varName, usage := pflag.UnquoteUsage(f)
		def := f.DefValue
		switch def {
		case "", "false", "[]", "0":
			def = ""
		}
		rows = append(rows, []string{name, codeCell(varName), codeCell(def), cell(usage)})
	})
	return rows
}

// dedent removes the indentation common to cobra examples, which are
// written indented for the terminal.
func dedent(s string) []string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, "  ")
	}
	return lines
}
