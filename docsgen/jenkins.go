package docsgen

import (
	"fmt"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/config"
	"github.com/jenkins2actions/jenkins2actions/convert"
	"github.com/jenkins2actions/jenkins2actions/engine"
	"github.com/jenkins2actions/jenkins2actions/templates"
)

// kindTitles name the construct kinds in the nav and on the pages.
var kindTitles = map[convert.Kind]string{
	convert.KindAgent:     "Agents",
	convert.KindDirective: "Directives",
	convert.KindGroovy:    "Groovy",
	convert.KindOption:    "Options",
	convert.KindTrigger:   "Triggers",
	convert.KindParameter: "Parameters",
	convert.KindTool:      "Tools",
	convert.KindCondition: "When conditions",
	convert.KindPost:      "Post conditions",
	convert.KindStep:      "Steps",
}

func kindTitle(k convert.Kind) string {
	if t, ok := kindTitles[k]; ok {
		return t
	}
	return string(k)
}

// jenkinsPages writes the support matrix (every registered construct with
// its status) and a page per kind, where each construct with an example
// snippet shows the snippet and what the converter makes of it now.
func jenkinsPages(b *builder, opts Options) error {
	all := convert.Constructs()
	var kinds []convert.Kind
	byKind := map[convert.Kind][]*convert.Construct{}
	for _, k := range all {
		if _, seen := byKind[k.Kind]; !seen {
			kinds = append(kinds, k.Kind)
		}
		byKind[k.Kind] = append(byKind[k.Kind], k)
	}

	var ov page
	ov.h1(sectionJenkins)
	ov.para(fmt.Sprintf("The converter knows %d Jenkins constructs. Each is **converted** (the workflow does what "+
		"Jenkins did), **approximated** (nearly, and the migration report says what differs) or **manual** "+
		"(a person finishes the job; the report says what to do and where). The status is the best outcome "+
		"the converter reaches; anything it does not know is reported as manual too.", len(all)))
	var rows [][]string
	for _, kind := range kinds {
		n := map[convert.Status]int{}
		for _, k := range byKind[kind] {
			n[k.Status]++
		}
		rows = append(rows, []string{
			fmt.Sprintf("[%s](%s.md)", kindTitle(kind), kind),
			fmt.Sprint(len(byKind[kind])), fmt.Sprint(n[convert.Converted]), fmt.Sprint(n[convert.Approximated]), fmt.Sprint(n[convert.Manual]),
		})
	}
	ov.table([]string{"kind", "constructs", "converted", "approximated", "manual"}, rows)
	ov.h2("Every construct")
	rows = nil
	for _, k := range all {
		rows = append(rows, []string{fmt.Sprintf("[%s](%s.md)", codeCell(k.ID()), k.Kind), string(k.Status), cell(k.Summary)})
	}
	ov.table([]string{"construct", "status", "becomes"}, rows)
	if err := b.add([]string{sectionJenkins}, "Support matrix", "jenkins/index.md", ov.bytes()); err != nil {
		return err
	}

	for _, kind := range kinds {
		var p page
		p.h1(kindTitle(kind))
		for _, k := range byKind[kind] {
			p.h2(k.Name)
			p.para(fmt.Sprintf("`%s` is **%s**: %s.", k.ID(), k.Status, text(k.Summary)))
			snippet, ok := examples[k.ID()]
			if !ok {
				continue
			}
			ex, err := runExample(opts.Catalog, k.ID(), snippet)
			if err != nil {
				return err
			}
			p.para("Jenkinsfile:")
			p.code("groovy", snippet)
			p.para("Workflow, as the converter writes it:")
			p.code("yaml", string(ex.workflow))
			if len(ex.notes) > 0 {
				p.para("Migration report:")
				p.sb.WriteString(strings.Join(ex.notes, "\n") + "\n\n")
			}
		}
		if err := b.add([]string{sectionJenkins}, kindTitle(kind), "jenkins/"+string(kind)+".md", p.bytes()); err != nil {
			return err
		}
	}
	return nil
}

// example is what the converter makes of a snippet.
type example struct {
	workflow []byte
	// notes are the report's lines for the construct shown, as Markdown
	// list items.
	notes []string
}

// runExample converts snippet with the default config and catalog c. A
// snippet that does not parse, or that never reaches the construct it is
// meant to show, is a bug in the table, so it is an error.
func runExample(c *templates.Catalog, id, snippet string) (*example, error) {
	// Examples read no file of the repository the docs are generated in.
	conv, err := engine.ConvertWith("Jenkinsfile", []byte(snippet), "example", convert.Options{Config: config.Default(), Catalog: c}, "-", exampleSources)
	if err != nil {
		return nil, fmt.Errorf("example for %q: %w", id, err)
	}
	if conv.Result == nil {
		return nil, fmt.Errorf("example for %q: %v", id, conv.Diagnostics)
	}
	res := conv.Result
	ex := &example{workflow: conv.Workflow}
	for _, it := range res.Items {
		if it.Construct != id {
			continue
		}
		line := fmt.Sprintf("- line %d: **%s**", it.Source.Start.Line, it.Status)
		if it.Note != "" {
			line += ": " + text(it.Note)
		}
		ex.notes = append(ex.notes, line)
	}
	if len(ex.notes) == 0 {
		return nil, fmt.Errorf("example for %q: the converter reports no %q item", id, id)
	}
	return ex, nil
}
