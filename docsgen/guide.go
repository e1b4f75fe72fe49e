package docsgen

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/config"
	"github.com/jenkins2actions/jenkins2actions/report"
)

const sectionGuide = "Guide"

// guidePages writes the pages a new user reads first: getting started,
// the configuration file (from config.Keys) and the migration report, with
// its JSON Schema generated from the report's Go types.
func guidePages(b *builder, _ Options) error {
	if err := b.add([]string{sectionGuide}, "Getting started", "guide/getting-started.md", gettingStartedPage()); err != nil {
		return err
	}
	if err := b.add([]string{sectionGuide}, "Configuration file", "guide/configuration.md", configPage()); err != nil {
		return err
	}
	schema, err := ReportSchema()
	if err != nil {
		return err
	}
	b.site.files[docsDir+"/guide/report.schema.json"] = schema
	return b.add([]string{sectionGuide}, "Migration report", "guide/report.md", reportPage())
}

func gettingStartedPage() []byte {
	var p page
	p.h1("Getting started")
	p.para("Convert one repository: run the tool in a checkout with a `Jenkinsfile`. It writes " +
		"`.github/workflows/<name>.yml` and prints what still needs a person, each with `file:line:col`.")
	p.code("sh", "jenkins2actions convert .\njenkins2actions lint .github/workflows")
	p.para("Steps left to a person become failing steps in the workflow, quoting the Jenkins source, so that " +
		"an incomplete workflow never passes. `--report-json report.json` writes the whole account; " +
		"[the report](report.md) explains it.")
	p.para("Map Jenkins agent labels, credentials and shared-library steps in `.jenkins2actions.yaml` " +
		"at the top of the repository; [the configuration file](configuration.md) lists every key.")
	p.para("Audit a Jenkins before a bulk migration, from a `JENKINS_HOME` backup, a server or a directory of checkouts:")
	p.code("sh", "jenkins2actions audit --jenkins-home /var/lib/jenkins --out audit\njenkins2actions docs --out site --audit audit")
	p.para("Exit codes: 0 done, 1 done with problems printed, 2 a mistake in the command line, " +
		"a config file or a path (nothing written), 3 the tool itself failed.")
	return p.bytes()
}

func configPage() []byte {
	var p page
	p.h1("Configuration file")
	p.para("`.jenkins2actions.yaml`, in the repository or a directory above it (or given with `--config`), " +
		"tells the converter what Jenkins names become on GitHub. Every key is optional. A mistake is " +
		"reported at its line and column, with the nearest key for a typo, and stops the tool with exit code 2.")
	for _, k := range config.Keys() {
		p.h2(k.Path)
		p.para("Takes: " + text(k.Type) + ".")
		p.para(k.Doc)
		p.code("yaml", k.Example)
	}
	return p.bytes()
}

func reportPage() []byte {
	var p page
	p.h1("Migration report")
	p.para("`convert --report-json FILE` and each job of an audit write this report. Its shape is " +
		"described by [report.schema.json](report.schema.json) (JSON Schema 2020-12), generated from the " +
		"tool's own types; `schemaVersion` changes only when a field changes meaning or disappears.")
	p.para("`items` has one entry per Jenkins construct met: `converted` when the workflow does the same, " +
		"`approximated` with a note saying what differs, `manual` with what a person must do. `secrets`, " +
		"`variables`, `runners` and `environments` are what to create on GitHub; `triggers` the events the " +
		"workflow runs on and why; `inherited` the shellcheck findings of the Jenkinsfile's own scripts, " +
		"which the workflow keeps as written.")
	return p.bytes()
}

// ReportSchema is the JSON Schema of the migration report, derived from
// report.Report: objects with their JSON properties, arrays and scalars.
func ReportSchema() ([]byte, error) {
	s := schemaOf(reflect.TypeOf(report.Report{}), map[reflect.Type]bool{})
	s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	s["title"] = "jenkins2actions migration report"
	b, err := json.MarshalIndent(s, "", "  ")
	return append(b, '\n'), err
}

func schemaOf(t reflect.Type, seen map[reflect.Type]bool) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct && marshalsAsText(t) {
		return map[string]any{"type": "string"} // Severity, Status
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Uint, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem(), seen)}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem(), seen)}
	case reflect.Struct:
		if seen[t] {
			return map[string]any{"type": "object"}
		}
		seen[t] = true
		defer delete(seen, t)
		props := map[string]any{}
		var required []string
		addFields(t, props, &required, seen)
		s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
		if len(required) > 0 {
			s["required"] = required
		}
		return s
	}
	return map[string]any{}
}

// marshalsAsText reports whether values of t encode as JSON strings of
// their own making.
func marshalsAsText(t reflect.Type) bool {
	v := reflect.New(t).Interface()
	_, js := v.(json.Marshaler)
	_, txt := v.(encoding.TextMarshaler)
	return js || txt
}

// addFields adds t's JSON properties, embedded structs' included.
func addFields(t reflect.Type, props map[string]any, required *[]string, seen map[reflect.Type]bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if f.Anonymous && name == "" {
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			addFields(ft, props, required, seen)
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = schemaOf(f.Type, seen)
		if !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") {
			*required = append(*required, name)
		}
	}
}
