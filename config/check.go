package config

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Error is a mistake in a config file, at its place.
type Error struct {
	Path      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.Path, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Col, e.Msg)
}

// decode reads data into out, a pointer to a struct with yaml tags,
// checking every key and value against the struct first, so that a mistake
// is reported at its line with what the key takes.
func decode(path string, data []byte, out any) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line := 0
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		if _, scanErr := fmt.Sscanf(msg, "line %d:", &line); scanErr == nil {
			msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
		}
		return &Error{Path: path, Line: line, Col: 1, Msg: msg + " (the file is not YAML)"}
	}
	if len(doc.Content) == 0 {
		return nil // an empty file
	}
	if err := check(path, "", doc.Content[0], reflect.TypeOf(out).Elem()); err != nil {
		return err
	}
	return doc.Content[0].Decode(out)
}

// check reports the first key n does not have a place for in t, or the
// first value of the wrong shape.
func check(path, key string, n *yaml.Node, t reflect.Type) error {
	wrong := func(what string) error {
		name := key
		if name == "" {
			name = "the file"
		}
		return &Error{Path: path, Line: n.Line, Col: n.Column, Msg: fmt.Sprintf("%s takes %s", name, what)}
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return wrong("a map of keys (see the README for the config keys)")
		}
		fields := map[string]reflect.Type{}
		var names []string
		for i := range t.NumField() {
			tag := yamlKey(t.Field(i))
			if tag == "" || tag == "-" {
				continue
			}
			fields[tag] = t.Field(i).Type
			names = append(names, tag)
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			ft, ok := fields[k.Value]
			if !ok {
				msg := fmt.Sprintf("unknown key %q", k.Value)
				if near := nearest(k.Value, names); near != "" {
					msg += fmt.Sprintf(" (did you mean %s?)", near)
				} else {
					msg += fmt.Sprintf(" (the keys here are %s)", strings.Join(names, ", "))
				}
				return &Error{Path: path, Line: k.Line, Col: k.Column, Msg: msg}
			}
			if err := check(path, join(key, k.Value), v, ft); err != nil {
				return err
			}
		}
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			return wrong("a map")
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if err := check(path, join(key, n.Content[i].Value), n.Content[i+1], t.Elem()); err != nil {
				return err
			}
		}
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return wrong(fmt.Sprintf("a list (write [%s])", n.Value))
		}
		for _, e := range n.Content {
			if err := check(path, key, e, t.Elem()); err != nil {
				return err
			}
		}
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			return wrong("one value")
		}
	case reflect.Int:
		var x int
		if n.Kind != yaml.ScalarNode || n.Decode(&x) != nil {
			return wrong("a whole number")
		}
	case reflect.Bool:
		var x bool
		if n.Kind != yaml.ScalarNode || n.Decode(&x) != nil {
			return wrong("true or false")
		}
	}
	return nil
}

func join(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// nearest returns the name closest to s in edit distance, when it is close
// enough to be a typo.
func nearest(s string, names []string) string {
	best, bestD := "", len(s)/2+2
	for _, n := range slices.Sorted(slices.Values(names)) {
		if d := distance(s, n); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
