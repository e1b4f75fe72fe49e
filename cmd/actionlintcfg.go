package cmd

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/jenkins2actions/jenkins2actions/internal/atomicfile"
	"go.yaml.in/yaml/v3"
)

// addRunnerLabels makes the .github/actionlint.yaml beside workflowDir
// know labels as self-hosted runner labels, as actionlint's own command
// reads them: the file is created, or the labels added to the ones it
// lists, everything else in it kept. It reports whether it changed the
// file.
func addRunnerLabels(workflowDir string, labels []string) (string, bool, error) {
	dir := filepath.Dir(workflowDir)
	path := filepath.Join(dir, "actionlint.yaml")
	// actionlint reads actionlint.yml too: add to the one there is.
	if _, err := os.Stat(path); err != nil {
		if _, err := os.Stat(filepath.Join(dir, "actionlint.yml")); err == nil {
			path = filepath.Join(dir, "actionlint.yml")
		}
	}
	var doc yaml.Node
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return path, false, err
	default:
		if err := yaml.Unmarshal(data, &doc); err != nil {
			return path, false, usagef("%s: %v (fix it, then convert again)", path, err)
		}
	}
	if len(doc.Content) == 0 {
		doc = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode}}}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return path, false, usagef("%s: not a map of actionlint settings (fix it, then convert again)", path)
	}
	runner := mapValue(root, "self-hosted-runner", yaml.MappingNode)
	list := mapValue(runner, "labels", yaml.SequenceNode)
	if runner == nil || list == nil {
		return path, false, usagef("%s: self-hosted-runner.labels is not a list (fix it, then convert again)", path)
	}
	changed := false
	for _, l := range labels {
		if !slices.ContainsFunc(list.Content, func(n *yaml.Node) bool { return n.Value == l }) {
			list.Content = append(list.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: l})
			changed = true
		}
	}
	if !changed {
		return path, false, nil
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return path, false, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return path, false, err
	}
	return path, true, atomicfile.Write(path, buf.Bytes())
}

// mapValue returns the value of key in the mapping m, added with the given
// kind when m lacks it, or nil when it is of another kind.
func mapValue(m *yaml.Node, key string, kind yaml.Kind) *yaml.Node {
	if m == nil {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			if v := m.Content[i+1]; v.Kind == kind {
				return v
			} else if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
				v.Kind, v.Tag, v.Value = kind, "", ""
				return v
			}
			return nil
		}
	}
	v := &yaml.Node{Kind: kind}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, v)
	return v
}
