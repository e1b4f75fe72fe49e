package convert

import (
	"regexp"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

var (
	stepProperties = &Construct{Kind: KindStep, Name: "properties", Status: Converted,
		Summary: "parameters, pipelineTriggers and job options, as in declarative pipelines"}
)

func init() {
	stepProperties.step = mapProperties
}

// collectProperties reads the properties([...]) steps of a scripted or
// hybrid pipeline into the pipeline's parameters, triggers and options
// before any job is made: scripts anywhere may use the parameters.
func (c *converter) collectProperties() {
	// Lists of properties built in a variable, def props = [...] and
	// props << item, as properties(props) reads them.
	lists := map[string][]pipeline.Value{}
	var walk func(steps []*pipeline.Step, only string)
	walk = func(steps []*pipeline.Step, only string) {
		for _, s := range steps {
			switch st := s.Stmt.(type) {
			case *pipeline.If:
				if o := buildsOnly(st.Test.Text); o != "" {
					walk(st.Then, o)
					continue
				}
			case *pipeline.Def:
				if st.Value.Kind == pipeline.List {
					lists[st.Name] = append([]pipeline.Value{}, st.Value.List...)
				}
			case *pipeline.Append:
				if lists[st.Name] != nil {
					lists[st.Name] = append(lists[st.Name], st.Value)
				}
			}
			switch {
			case s.Name == "properties":
				if ref := refName(s.Args.First("")); lists[ref] != nil {
					c.propertyLists[ref] = true
					list := pipeline.Value{Kind: pipeline.List, List: lists[ref], Range: s.Range}
					s = &pipeline.Step{Name: s.Name, Args: pipeline.Args{Positional: []pipeline.Value{list}}, Range: s.Range, Text: s.Text}
				}
				c.readProperties(s, only)
			}
			for _, block := range s.Blocks() {
				walk(block, only)
			}
		}
	}
	walk(c.p.Prelude, "")
	pipeline.WalkStages(c.p.Stages, func(st *pipeline.Stage) { walk(st.Steps, "") })
}

// prTest and primaryTest find the conditions under which scripted
// pipelines set properties for pull requests or the primary branch only.
var (
	prTest      = regexp.MustCompile(`^!?\s*\(?\s*env\.CHANGE_ID\s*\)?$|BRANCH_NAME\.startsWith\(\s*['"]PR-`)
	primaryTest = regexp.MustCompile(`BRANCH_IS_PRIMARY|BRANCH_NAME\s*==\s*['"](main|master)['"]`)
)

// buildsOnly says which builds an if condition selects: "pull_request",
// "primary", or "" for a condition it does not read.
func buildsOnly(cond string) string {
	cond = strings.TrimSpace(cond)
	switch {
	case strings.HasPrefix(cond, "!"):
		return ""
	case prTest.MatchString(cond):
		return "pull_request"
	case primaryTest.MatchString(cond):
		return "primary"
	}
	return ""
}

// readProperties adds what a properties step declares to the pipeline.
func (c *converter) readProperties(s *pipeline.Step, only string) {
	for _, prop := range s.Args.First("").List {
		if prop.Kind != pipeline.Call {
			continue
		}
		call := prop.Call
		switch call.Name {
		case "parameters":
			list, computed := listParts(call.Args.First(""))
			for _, v := range computed {
				// parameters([...] + lib.more()): what Groovy adds is
				// not seen here.
				c.manual(registered(KindParameter, "computed"), v.Range, v.Text, "parameters computed by Groovy: add them as workflow_dispatch inputs by hand")
			}
			for _, d := range list {
				if d.Kind != pipeline.Call {
					c.manual(registered(KindParameter, "computed"), d.Range, d.Text, "a parameter computed by Groovy: add it as a workflow_dispatch input by hand")
					continue
				}
				a := d.Call.Args
				prm := &pipeline.Parameter{Kind: d.Call.Name, Name: a.Get("name").Str(), Default: a.Get("defaultValue"),
					Description: a.Get("description").Str(), Range: d.Range}
				if ch := a.Get("choices"); ch.Kind == pipeline.List {
					prm.Choices = ch.Strings()
				} else if ch.Kind == pipeline.String {
					prm.Choices = strings.Split(ch.Str(), "\n")
				}
				c.p.Parameters = append(c.p.Parameters, prm)
			}
		case "pipelineTriggers":
			for _, t := range call.Args.First("").List {
				if t.Kind != pipeline.Call {
					continue
				}
				tr := &pipeline.Trigger{Kind: t.Call.Name, Args: t.Call.Args, Range: t.Range}
				if tr.Kind == "cron" || tr.Kind == "pollSCM" {
					tr.Spec = t.Call.Args.First("spec").Str()
				}
				c.p.Triggers = append(c.p.Triggers, tr)
			}
		default:
			c.p.Options = append(c.p.Options, &pipeline.Option{Name: call.Name, Args: call.Args, Only: only, Range: prop.Range})
		}
	}
}

// mapProperties records the step; collectProperties did the work.
func mapProperties(c *converter, _ *scope, s *pipeline.Step) {
	if s.Args.First("").Kind != pipeline.List && !c.propertyLists[refName(s.Args.First(""))] {
		c.manual(stepProperties, s.Range, s.Text, "properties computed by Groovy: declare the inputs, triggers and options in the workflow")
		return
	}
	c.record(stepProperties, Converted, s.Range, "its parameters, triggers and options are converted with the pipeline's")
}

// refName is the variable a value names whole, or "".
func refName(v pipeline.Value) string {
	if r := v.Ref(); r != nil && r.Scope == pipeline.RefVar {
		return r.Name
	}
	return ""
}

// mapAppend handles list << item: items of a list of job properties were
// read with it; other lists are Groovy data.
func mapAppend(c *converter, sc *scope, s *pipeline.Step) {
	if c.propertyLists[s.Stmt.(*pipeline.Append).Name] {
		c.record(groovyAppend, Converted, s.Range, "a job property, converted where properties() reads the list")
		return
	}
	c.manual(groovyAppend, s.Range, s.Text, "a list Groovy builds: port what it is used for to the workflow")
}

// listParts splits a list value, or a sum of lists ([a] + [b] + f()), into
// its literal elements and the parts Groovy computes.
func listParts(v pipeline.Value) (list, computed []pipeline.Value) {
	var walk func(e *pipeline.Expr)
	walk = func(e *pipeline.Expr) {
		switch {
		case e == nil:
		case e.Op == pipeline.OpPlus:
			walk(e.X)
			walk(e.Y)
		case e.Op == pipeline.OpLeaf && e.Leaf != nil && e.Leaf.Kind == pipeline.List:
			list = append(list, e.Leaf.List...)
		case e.Op == pipeline.OpLeaf && e.Leaf != nil:
			computed = append(computed, *e.Leaf)
		default:
			computed = append(computed, pipeline.Value{Kind: pipeline.ExprValue, Expr: e, Text: e.Text, Range: e.Range})
		}
	}
	switch {
	case v.Kind == pipeline.List:
		return v.List, nil
	case v.Kind == pipeline.ExprValue && v.Expr != nil:
		walk(v.Expr)
		return list, computed
	case v.Kind == pipeline.Absent:
		return nil, nil
	}
	return nil, []pipeline.Value{v}
}
