package docsgen

import (
	"fmt"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/lint"
)

// rulePages writes an overview and a page per practice rule, in the
// registry's order.
func rulePages(b *builder, _ Options) error {
	rules := lint.Rules()
	var ov page
	ov.h1(sectionRules)
	ov.para("`lint` checks every workflow with actionlint and these practice rules. " +
		"A rule is turned off by naming it in the config's `lint.disable` list.")
	var rows [][]string
	for _, r := range rules {
		rows = append(rows, []string{fmt.Sprintf("[%s](%s.md)", r.ID, r.ID), r.Severity.String(), cell(r.Description)})
	}
	ov.table([]string{"rule", "severity", "what it wants"}, rows)
	if err := b.add([]string{sectionRules}, "Overview", "rules/index.md", ov.bytes()); err != nil {
		return err
	}
	for _, r := range rules {
		var p page
		p.h1(r.ID)
		p.para(text(r.Description) + ".")
		p.para("Severity: **" + r.Severity.String() + "**.")
		p.h2("Settings")
		if len(r.Settings) == 0 {
			p.para("None.")
		} else {
			var rows [][]string
			for _, s := range r.Settings {
				rows = append(rows, []string{codeCell("lint." + s.Key), cell(s.Description)})
			}
			p.table([]string{"key", "what it does"}, rows)
		}
		if r.Config != "" {
			p.para("The examples assume this section in `.jenkins2actions.yaml`:")
			p.code("yaml", "lint:\n"+indent(r.Config, "  "))
		}
		p.h2("Flagged")
		p.code("yaml", r.Bad)
		p.h2("Fixed")
		p.code("yaml", r.Good)
		if err := b.add([]string{sectionRules}, r.ID, "rules/"+r.ID+".md", p.bytes()); err != nil {
			return err
		}
	}
	return nil
}

// indent puts prefix before every non-empty line of s.
func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n") + "\n"
}
