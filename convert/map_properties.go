package convert

import (
	"strings"

	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

func init() {
	register(&Construct{Kind: KindStep, Name: "properties", Status: Converted,
		Summary: "parameters, pipelineTriggers and job options, as in declarative pipelines", step: mapProperties})
}

// collectProperties reads the properties([...]) steps of a scripted or
// hybrid pipeline into the pipeline's parameters, triggers and options
// before any job is made: scripts anywhere may use the parameters.
func (c *converter) collectProperties() {
	// Lists of properties built in a variable, def props = [...] and
	// props << item, as properties(props) reads them.
	lists := map[string][]pipeline.Value{}
	var walk func(steps []*pipeline.Step)
	walk = func(steps []*pipeline.Step) {
		for _, s := range steps {
			name, v := s.Args.Get("name").Str(), s.Args.Get("value")
			switch {
			case s.Name == pipeline.DefStep && v.Kind == pipeline.List:
				lists[name] = append([]pipeline.Value{}, v.List...)
			case s.Name == pipeline.AppendStep && lists[name] != nil:
				lists[name] = append(lists[name], v)
			case s.Name == "properties":
				if ref := refName(s.Args.First("")); lists[ref] != nil {
					c.propertyLists[ref] = true
					list := pipeline.Value{Kind: pipeline.List, List: lists[ref], Range: s.Range}
					s = &pipeline.Step{Name: s.Name, Args: pipeline.Args{Positional: []pipeline.Value{list}}, Range: s.Range, Text: s.Text}
				}
				c.readProperties(s)
			}
			walk(s.Body)
		}
	}
	walk(c.p.Prelude)
	pipeline.WalkStages(c.p.Stages, func(st *pipeline.Stage) { walk(st.Steps) })
}

// readProperties adds what a properties step declares to the pipeline.
func (c *converter) readProperties(s *pipeline.Step) {
	for _, prop := range s.Args.First("").List {
		if prop.Kind != pipeline.Call {
			continue
		}
		call := prop.Call
		switch call.Name {
		case "parameters":
			for _, d := range call.Args.First("").List {
				if d.Kind != pipeline.Call {
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
			c.p.Options = append(c.p.Options, &pipeline.Option{Name: call.Name, Args: call.Args, Range: prop.Range})
		}
	}
}

// mapProperties records the step; collectProperties did the work.
func mapProperties(c *converter, _ *scope, s *pipeline.Step) {
	if s.Args.First("").Kind != pipeline.List && !c.propertyLists[refName(s.Args.First(""))] {
		c.manual("step:properties", s.Range, s.Text, "properties computed by Groovy: declare the inputs, triggers and options in the workflow")
		return
	}
	c.record("step:properties", Converted, s.Range, "its parameters, triggers and options are converted with the pipeline's")
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
	if c.propertyLists[s.Args.Get("name").Str()] {
		c.record("groovy:append", Converted, s.Range, "a job property, converted where properties() reads the list")
		return
	}
	c.manual("groovy:append", s.Range, s.Text, "a list Groovy builds: port what it is used for to the workflow")
}
