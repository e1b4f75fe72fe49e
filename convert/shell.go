package convert

import (
	"slices"

	"github.com/jenkins2actions/jenkins2actions/bash"
	"github.com/jenkins2actions/jenkins2actions/diag"
)

// directive returns the shellcheck directive script needs, and records
// the findings it silences as inherited from the Jenkinsfile at src.
func (c *converter) directive(script string, src diag.Range) string {
	codes := bash.Codes(script)
	if len(codes) == 0 {
		return ""
	}
	if !slices.ContainsFunc(c.res.Inherited, func(in *Inherited) bool { return in.Source == src }) {
		c.res.Inherited = append(c.res.Inherited, &Inherited{Source: src, Codes: codes})
	}
	return bash.DirectiveFor(codes)
}
