package docsgen

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/config"
	"github.com/jenkins2actions/jenkins2actions/migrate"
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
	if err := b.add([]string{sectionGuide}, "Migration report", "guide/report.md", reportPage()); err != nil {
		return err
	}
	state, err := StateSchema()
	if err != nil {
		return err
	}
	b.site.files[docsDir+"/guide/migrate-state.schema.json"] = state
	return b.add([]string{sectionGuide}, "Pull requests at scale", "guide/migrate.md", migratePage())
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

func migratePage() []byte {
	var p page
	p.h1("Pull requests at scale")
	p.para("`migrate` opens, on each repository Jenkins builds, one pull request with the converted workflows " +
		"of every job of that repository, and writes only what differs from what GitHub holds: a second run " +
		"over the same Jenkins makes no write at all. The token comes from `GITHUB_TOKEN` or `GH_TOKEN`.")
	p.para("A platform team's migration, step by step:")
	p.code("sh", strings.Join([]string{
		"# 1. What there is, and what is left to a person",
		"jenkins2actions audit --jenkins-home /var/lib/jenkins --out audit",
		"# 2. Name the repositories of jobs whose git URL is not on GitHub (folder/job: owner/name)",
		"$EDITOR repos.yaml",
		"# 3. The plan: repositories, files and pull request titles, no write",
		"jenkins2actions migrate --jenkins-home /var/lib/jenkins --repo-map repos.yaml --dry-run",
		"# 4. The pull requests; run again after an interruption, or after changing a job",
		"GITHUB_TOKEN=... jenkins2actions migrate --jenkins-home /var/lib/jenkins --repo-map repos.yaml --state migrate.json",
	}, "\n"))
	p.para("One repository, from its checkout:")
	p.code("sh", "GITHUB_TOKEN=... jenkins2actions migrate --repo my-org/shop")
	p.para("Beyond one machine, `--shard i/n` takes the repositories whose name hashes to `i` of `n`, so that " +
		"shards `1/n` to `n/n` cover every repository exactly once, and `migrate --merge-state A B ...` sums up " +
		"their state files. The reusable workflow `.github/workflows/migrate.yml` of this project runs a " +
		"shard per matrix job and merges the states into the run's summary.")
	p.para("Exit codes: 0 every pull request is open; 1 some repository was skipped or failed, each named with " +
		"the reason (archived, no permission to push, a protected branch, a token without the `workflow` scope); " +
		"2 a mistake in the command line; 3 the tool failed, or GitHub rejected the token, before any write.")
	p.para("`--state FILE` is JSON shaped as [migrate-state.schema.json](migrate-state.schema.json) describes, " +
		"generated from the tool's own types: per repository its outcome (`open`, `merged`, `planned`, " +
		"`skipped`, `failed`), the reason, the pull request, and a digest of what was written; a repository " +
		"done with the same digest gets no request on the next run.")
	return p.bytes()
}

// StateSchema is the JSON Schema of migrate's state file, derived from
// migrate.State.
func StateSchema() ([]byte, error) {
	return schemaDoc(reflect.TypeOf(migrate.State{}), "jenkins2actions migrate state")
}

// ReportSchema is the JSON Schema of the migration report, derived from
// report.Report: objects with their JSON properties, arrays and scalars.
func ReportSchema() ([]byte, error) {
	return schemaDoc(reflect.TypeOf(report.Report{}), "jenkins2actions migration report")
}

// schemaDoc is the JSON Schema document of t, with its title.
func schemaDoc(t reflect.Type, title string) ([]byte, error) {
	s := schemaOf(t, map[reflect.Type]bool{})
	s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	s["title"] = title
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
