package workflow

import (
	"bytes"

	"go.yaml.in/yaml/v3"

	"github.com/jenkins2actions/jenkins2actions/diag"
)

// Span says which lines of a rendered workflow a Jenkins construct
// produced: a job's lines, or a step's within them.
type Span struct {
	// StartLine and EndLine are 1-based and inclusive.
	StartLine, EndLine int
	Source             diag.Range
}

// SourceMap returns the spans of w's jobs and steps in out, its rendering,
// steps after the job that holds them, so that the last span holding a
// line is the narrowest. A finding on the YAML can then name the Jenkins
// file:line that produced it.
func SourceMap(w *Workflow, out []byte) []Span {
	var doc yaml.Node
	if yaml.Unmarshal(out, &doc) != nil || len(doc.Content) == 0 {
		return nil
	}
	jobs := mapValue(doc.Content[0], "jobs")
	if jobs == nil {
		return nil
	}
	total := bytes.Count(out, []byte("\n")) + 1
	var spans []Span
	for i, j := range w.Jobs {
		if 2*i+1 >= len(jobs.Content) {
			break
		}
		key, node := jobs.Content[2*i], jobs.Content[2*i+1]
		end := total
		if 2*i+2 < len(jobs.Content) {
			end = jobs.Content[2*i+2].Line - 1
		}
		spans = append(spans, Span{StartLine: key.Line, EndLine: end, Source: j.Source})
		steps := mapValue(node, "steps")
		if steps == nil {
			continue
		}
		for k, s := range j.Steps {
			if k >= len(steps.Content) {
				break
			}
			stepEnd := end
			if k+1 < len(steps.Content) {
				stepEnd = steps.Content[k+1].Line - 1
			}
			spans = append(spans, Span{StartLine: steps.Content[k].Line, EndLine: stepEnd, Source: s.Source})
		}
	}
	return spans
}

// At returns the Jenkins range that produced line, or a zero range.
func At(spans []Span, line int) diag.Range {
	var r diag.Range
	for _, s := range spans {
		if s.StartLine <= line && line <= s.EndLine && s.Source.Start.IsValid() {
			r = s.Source
		}
	}
	return r
}

func mapValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}
