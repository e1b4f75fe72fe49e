package compute

import (
	"fmt"
	"slices"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/bash"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

// call computes the plain steps and methods that return values.
func (k *Program) call(s *pipeline.Step) Value {
	first := func() Value {
		v := s.Args.First("file")
		if v.Kind == pipeline.Absent {
			v = s.Args.First("")
		}
		return k.value(v)
	}
	switch s.Name {
	case "sh":
		script := s.Args.First("script")
		if script.Kind != pipeline.String {
			return k.failf("the script is computed by Groovy")
		}
		text, unresolved := k.r.Script(script)
		if len(unresolved) > 0 {
			return k.failf("the script uses the Groovy value ${%s}", unresolved[0])
		}
		text = strings.TrimRight(text, "\n")
		k.script = true
		if s.Args.Get("returnStatus").Truthy() {
			name := k.newVar()
			k.lines = append(k.lines, fmt.Sprintf("%s=0\n(\n%s\n) || %s=$?", name, text, name))
			return Value{Word: `"$` + name + `"`, Type: Number}
		}
		// The output as Jenkins returns it: $(...) would drop trailing
		// newlines, so a last character is added and taken off.
		name := k.assign("$(set -e\n" + text + "\nprintf x)")
		k.lines = append(k.lines, name+"=${"+name+"%x}")
		if s.Trimmed {
			k.lines = append(k.lines, name+"=${"+name+"#\"${"+name+"%%[![:space:]]*}\"}", name+"=${"+name+"%\"${"+name+"##*[![:space:]]}\"}")
		}
		return Value{Word: `"$` + name + `"`}
	case "fileExists":
		return Value{Word: "[ -e " + k.str(first()) + " ]", Type: Bool}
	case "readFile":
		return Value{Word: k.tmp("$(cat -- " + k.str(first()) + ")")}
	case "readJSON", "readYaml":
		tool := "jq -c ."
		if s.Name == "readYaml" {
			tool = "yq -o=json -I=0 ."
		}
		if t := s.Args.Get("text"); t.Kind != pipeline.Absent {
			return Value{Word: k.tmp(fmt.Sprintf("$(printf '%%s' %s | %s)", k.str(k.value(t)), tool)), Type: JSON, Doc: true}
		}
		return Value{Word: k.tmp(fmt.Sprintf("$(%s < %s)", tool, k.str(first()))), Type: JSON, Doc: true}
	case "readProperties":
		// key=value, key: value and key value lines, comments and blank
		// lines left out, as java.util.Properties reads them (without
		// line continuations); interpolate replaces ${key} by its value.
		prog := `[inputs | select(test("^\\s*([#!]|$)") | not) | capture("^\\s*(?<k>[^=:\\s]+)\\s*[=:\\s]\\s*(?<v>.*)$")] | map({(.k): .v}) | add // {}`
		if s.Args.Get("interpolate").Truthy() {
			prog += ` | . as $p | with_entries(.value |= gsub("\\$\\{(?<n>[^}]+)\\}"; $p[.n] // ""))`
		}
		src := "< " + k.str(first())
		if t := s.Args.Get("text"); t.Kind != pipeline.Absent {
			src = "<<< " + k.str(k.value(t))
		}
		return Value{Word: k.tmp(fmt.Sprintf("$(jq -Rnc %s %s)", bash.Quote(prog), src)), Type: JSON, Doc: true}
	case "findFiles":
		glob, ok := literalText(s.Args.Get("glob"))
		if !ok || glob == "" || strings.Trim(glob, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./*?-") != "" {
			return k.failf("findFiles with a computed or unusual glob")
		}
		// Ant's ** is bash's globstar; each match becomes {path, name}
		// as in Jenkins' FileWrapper.
		return Value{Word: k.tmp(fmt.Sprintf(`$(shopt -s globstar nullglob; for f in %s; do jq -nc --arg p "$f" '{path: $p, name: ($p | split("/") | last), directory: false}'; done | jq -sc .)`, glob)), Type: JSON, Doc: true}
	case "tool":
		return k.tool(s)
	case "isUnix":
		// isUnix() follows the runner, as it followed the agent.
		if k.r.Windows() {
			return Value{Word: "false", Type: Bool}
		}
		return Value{Word: "true", Type: Bool}
	case "pwd":
		return Value{Word: `"$PWD"`}
	}
	if m := k.r.Method(s.Name); m != nil && !k.inlining[s.Name] {
		return k.inline(m, s)
	}
	return k.failf("%s(...) is Groovy no shell step can compute", s.Name)
}

// toolCommands are the commands whose installation directory a tool step
// of each type returns, by the tool types of the tools directive.
var toolCommands = map[string]string{"maven": "mvn", "nodejs": "node", "gradle": "gradle", "go": "go", "python": "python3", "ant": "ant"}

// tool sets up the tool a tool step names, with the mapper of the tools
// directive, and returns its home: JAVA_HOME for a JDK, the directory above
// the command's bin directory for the others.
func (k *Program) tool(s *pipeline.Step) Value {
	name := k.value(s.Args.First("name"))
	lit := strings.Trim(name.Word, "'")
	if !k.ok() || strings.ContainsAny(lit, `"$'`) || lit == "" {
		return k.failf("the tool's name is computed")
	}
	typ := s.Args.Get("type").Str()
	if typ == "" {
		low := strings.ToLower(lit)
		for _, t := range []string{"jdk", "java", "maven", "mvn", "node", "gradle", "python", "ant", "go"} {
			if strings.Contains(low, t) {
				typ = map[string]string{"java": "jdk", "mvn": "maven", "node": "nodejs"}[t]
				if typ == "" {
					typ = t
				}
				break
			}
		}
	}
	if strings.HasPrefix(typ, "hudson.model.JDK") {
		typ = "jdk"
	}
	if typ == "" {
		// A name that says nothing of its type (MSBuild, sonar-scanner)
		// is no JDK either.
		return k.failf("the tool %s of an unknown type", lit)
	}
	if typ != "jdk" && toolCommands[typ] == "" || !k.r.Tool(typ, lit, s.Range) {
		return k.failf("the tool %s of an unknown type", lit)
	}
	if typ == "jdk" {
		return Value{Word: `"${JAVA_HOME}"`}
	}
	return Value{Word: k.tmp(fmt.Sprintf(`"$(dirname "$(dirname "$(command -v %s)")")"`, toolCommands[typ]))}
}

// inline computes a call of a Jenkinsfile method whose body returns one
// expression, with its arguments bound to its parameters.
func (k *Program) inline(m *pipeline.Method, s *pipeline.Step) Value {
	if !Pure(m) {
		return k.failf("the method %s does more than compute and return a value", m.Name)
	}
	last := len(m.Body) - 1
	locals := map[string]Value{}
	for i, p := range m.Params {
		switch {
		case i < len(s.Args.Positional):
			locals[p] = k.value(s.Args.Positional[i])
		case i < len(m.Defaults) && m.Defaults[i].Kind != pipeline.Absent:
			locals[p] = k.value(m.Defaults[i])
		default:
			locals[p] = Value{Word: "''"}
		}
	}
	saved := k.locals
	k.locals = locals
	if k.inlining == nil {
		k.inlining = map[string]bool{}
	}
	k.inlining[m.Name] = true
	for _, s := range m.Body[:last] {
		d := s.Stmt.(*pipeline.Def)
		locals[d.Name] = k.value(d.Value)
	}
	v := k.value(m.Body[last].Stmt.(*pipeline.Return).Value)
	delete(k.inlining, m.Name)
	k.locals = saved
	if k.ok() {
		k.inlined = append(k.inlined, m.Name)
	}
	return v
}

// Pure reports whether a method only defines values and returns one,
// which a program inlines whole.
func Pure(m *pipeline.Method) bool {
	last := len(m.Body) - 1
	if last < 0 {
		return false
	}
	_, returns := m.Body[last].Stmt.(*pipeline.Return)
	return returns && !slices.ContainsFunc(m.Body[:last], func(s *pipeline.Step) bool {
		_, def := s.Stmt.(*pipeline.Def)
		return !def
	})
}

// builtins are Groovy expressions with a Jenkins variable of the same
// meaning.
var builtins = map[string]string{
	"currentBuild.number":          "BUILD_NUMBER",
	"currentBuild.id":              "BUILD_ID",
	"currentBuild.displayName":     "BUILD_DISPLAY_NAME",
	"currentBuild.absoluteUrl":     "BUILD_URL",
	"currentBuild.projectName":     "JOB_BASE_NAME",
	"currentBuild.fullDisplayName": "BUILD_TAG",
	"env.WORKSPACE":                "WORKSPACE",
	"pwd()":                        "PWD",
}

// Builtin returns the Jenkins variable that holds what the Groovy
// expression text reads (currentBuild.number is BUILD_NUMBER).
func Builtin(text string) (string, bool) {
	name, ok := builtins[text]
	return name, ok
}

// literalText returns the literal text of v, and false when it
// interpolates anything.
func literalText(v pipeline.Value) (string, bool) {
	return v.Str(), v.IsLiteral()
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}
