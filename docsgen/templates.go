package docsgen

import (
	"fmt"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/templates"
)

// categoryTitles name the catalog's categories in the nav; a category an
// organisation's templates bring that is not here is shown as written.
var categoryTitles = map[string]string{
	"setup": "Setup", "build": "Build", "test": "Test", "package": "Package",
	"deploy": "Deploy", "notify": "Notify", "security": "Security", "utility": "Utility",
}

func categoryTitle(c string) string {
	if t, ok := categoryTitles[c]; ok {
		return t
	}
	return c
}

// templatePages writes an overview, a page per category and a page per
// template, in catalog order (category, then id), under tools/: MkDocs
// leaves a top-level templates/ folder out of the site, taking it for
// theme overrides.
func templatePages(b *builder, opts Options) error {
	c := opts.Catalog
	list := c.List()
	var cats []string
	byCat := map[string][]*templates.Template{}
	for _, t := range list {
		if _, seen := byCat[t.Category]; !seen {
			cats = append(cats, t.Category)
		}
		byCat[t.Category] = append(byCat[t.Category], t)
	}

	var ov page
	ov.h1(sectionTemplates)
	ov.para(fmt.Sprintf("Converted workflows are built only from these %d vetted templates. Every action they use "+
		"is pinned to a full commit SHA from one lock file, with its version as a comment.", len(list)))
	var rows [][]string
	for _, t := range list {
		rows = append(rows, []string{
			fmt.Sprintf("[%s](%s.md)", t.ID, t.ID),
			fmt.Sprintf("[%s](categories/%s.md)", cell(categoryTitle(t.Category)), t.Category),
			cell(t.Title),
		})
	}
	ov.table([]string{"template", "category", "title"}, rows)
	if err := b.add([]string{sectionTemplates}, "Overview", "tools/index.md", ov.bytes()); err != nil {
		return err
	}

	for _, cat := range cats {
		section := []string{sectionTemplates, categoryTitle(cat)}
		var cp page
		cp.h1(categoryTitle(cat) + " templates")
		var rows [][]string
		for _, t := range byCat[cat] {
			rows = append(rows, []string{fmt.Sprintf("[%s](../%s.md)", t.ID, t.ID), cell(t.Title), cell(t.When)})
		}
		cp.table([]string{"template", "title", "use it for"}, rows)
		if err := b.add(section, "About", "tools/categories/"+cat+".md", cp.bytes()); err != nil {
			return err
		}
		for _, t := range byCat[cat] {
			body, err := templatePage(c, t)
			if err != nil {
				return err
			}
			if err := b.add(section, t.Title, "tools/"+t.ID+".md", body); err != nil {
				return err
			}
		}
	}
	return nil
}

func templatePage(c *templates.Catalog, t *templates.Template) ([]byte, error) {
	var p page
	p.h1(t.Title)
	meta := fmt.Sprintf("Template `%s` in [%s](categories/%s.md)", t.ID, text(categoryTitle(t.Category)), t.Category)
	if t.Owner != "" {
		meta += ", owned by " + text(t.Owner)
	}
	p.para(meta + ".")
	p.para(text(t.Description))
	if t.When != "" {
		p.h2("When to use it")
		p.para(text(t.When))
	}

	p.h2("Inputs")
	if len(t.Inputs) == 0 {
		p.para("None.")
	} else {
		var rows [][]string
		for _, in := range t.Inputs {
			req := "no"
			if in.Required {
				req = "yes"
			}
			rows = append(rows, []string{codeCell(in.Name), in.Type, req, codeCell(in.Default), codeCell(in.Example), cell(in.Description)})
		}
		p.table([]string{"name", "type", "required", "default", "example", "description"}, rows)
	}

	p.h2("Permissions and job settings")
	if len(t.Permissions) == 0 {
		p.para("The steps need no `GITHUB_TOKEN` permissions.")
	} else {
		var ps []string
		for _, perm := range t.Permissions {
			ps = append(ps, "`"+perm.Key+": "+perm.Value+"`")
		}
		p.para("`GITHUB_TOKEN` permissions the steps need: " + strings.Join(ps, ", ") + ".")
	}
	if t.Job.Environment != "" {
		p.para("The job runs in the environment `" + t.Job.Environment + "`.")
	}
	if cc := t.Job.Concurrency; cc != nil {
		p.para(fmt.Sprintf("Runs are serialised by the concurrency group `%s` (cancel-in-progress: %t).", cc.Group, cc.CancelInProgress))
	}

	p.h2("Pinned actions")
	if len(t.Actions) == 0 {
		p.para("None: the template runs scripts only.")
	} else {
		var rows [][]string
		for _, a := range t.Actions {
			pin, ok := c.Lock().Pin(a)
			if !ok {
				return nil, fmt.Errorf("template %q: action %q is not pinned", t.ID, a)
			}
			rows = append(rows, []string{codeCell(pin.Action), pin.Version, codeCell(pin.SHA)})
		}
		p.table([]string{"action", "version", "commit"}, rows)
	}

	if t.Security != "" {
		p.admonition("warning", "Security", t.Security)
	}

	p.h2("Example")
	p.para("The template rendered with its inputs' examples, in the smallest workflow the converter would write around it:")
	src, err := c.ExampleWorkflow(t.ID, t.SampleInputs(true))
	if err != nil {
		return nil, err
	}
	p.code("yaml", string(src))
	return p.bytes(), nil
}
