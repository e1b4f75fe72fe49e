package compute_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/compute"
	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/internal/testenv"
	"github.com/jenkins2actions/jenkins2actions/jenkins/jenkinsfile"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

// fakeResolver is a workflow where every environment variable and
// parameter exists, the Groovy variables are those of vars, and the
// Jenkinsfile's methods are those of p.
type fakeResolver struct {
	p       *pipeline.Pipeline
	vars    map[string]compute.Type
	used    []string
	windows bool
	tools   []string
}

func (r *fakeResolver) Use(name string) { r.used = append(r.used, name) }
func (r *fakeResolver) List(string) (pipeline.Value, bool) {
	return pipeline.Value{}, false
}
func (r *fakeResolver) Type(name string) (compute.Type, bool) {
	t, ok := r.vars[name]
	return t, ok
}
func (r *fakeResolver) Var(ref *pipeline.Ref) (string, bool) {
	_, ok := r.vars[ref.Name]
	return ref.Name, ok || ref.Scope != pipeline.RefVar
}
func (r *fakeResolver) Known(ref *pipeline.Ref, _ bool) bool {
	_, ok := r.vars[ref.Name]
	return ok
}
func (r *fakeResolver) Script(v pipeline.Value) (string, []string) {
	var unresolved []string
	for _, p := range v.Parts {
		if p.Ref == nil || p.Ref.Scope != pipeline.RefVar {
			continue
		}
		if _, ok := r.vars[p.Ref.Name]; !ok {
			unresolved = append(unresolved, p.Ref.Name)
		}
	}
	return v.Str(), unresolved
}
func (r *fakeResolver) Windows() bool { return r.windows }
func (r *fakeResolver) Tool(typ, name string, _ diag.Range) bool {
	r.tools = append(r.tools, typ+":"+name)
	return typ != "dotnetsdk"
}
func (r *fakeResolver) Method(name string) *pipeline.Method { return r.p.Methods[name] }
func (r *fakeResolver) PreviousRun(diag.Range)              {}

// compile reads the Groovy expression groovy as the value of a def in
// a Jenkinsfile whose methods are methods, and compiles it.
func compile(t *testing.T, methods, groovy string, r *fakeResolver) (*compute.Program, compute.Value) {
	t.Helper()
	src := methods + "node {\n  def value = " + groovy + "\n}\n"
	p, diags := jenkinsfile.Read("Jenkinsfile", []byte(src), "compute")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var def *pipeline.Step
	var find func(steps []*pipeline.Step)
	find = func(steps []*pipeline.Step) {
		for _, s := range steps {
			if d, ok := s.Stmt.(*pipeline.Def); ok && d.Name == "value" {
				def = s
			}
			for _, block := range s.Blocks() {
				find(block)
			}
		}
	}
	pipeline.WalkStages(p.Stages, func(s *pipeline.Stage) { find(s.Steps) })
	if def == nil {
		t.Fatalf("no def in %s", src)
	}
	r.p = p
	k := compute.New(r)
	return k, k.Value(def.Stmt.(*pipeline.Def).Value)
}

const methods = "def label(arch) {\n  return \"linux-${arch}\"\n}\ndef allowed(name) {\n  def devs = ['alice', 'bob']\n  return devs.contains(name)\n}\n"

// TestProgramsRun compiles Groovy values into bash and runs the bash: the
// value it prints must be the one Groovy computes.
func TestProgramsRun(t *testing.T) {
	testenv.Tools(t, "bash", "jq", "awk")
	tests := []struct {
		name, groovy string
		env          map[string]string
		files        map[string]string
		want         string
	}{
		{"ternary", `env.BRANCH_NAME == 'main' ? 'prod' : "dev-${env.BRANCH_NAME}"`, map[string]string{"BRANCH_NAME": "feature"}, nil, "dev-feature"},
		{"ternary true", `env.BRANCH_NAME == 'main' ? 'prod' : 'dev'`, map[string]string{"BRANCH_NAME": "main"}, nil, "prod"},
		{"elvis", `env.MAVEN_OPTS ?: '-Xmx1g'`, nil, nil, "-Xmx1g"},
		{"elvis set", `env.MAVEN_OPTS ?: '-Xmx1g'`, map[string]string{"MAVEN_OPTS": "-Xmx2g"}, nil, "-Xmx2g"},
		{"replace", `env.BRANCH_NAME.replace('PR-', '')`, map[string]string{"BRANCH_NAME": "PR-42"}, nil, "42"},
		{"split index", `env.AGENT.split('-')[1]`, map[string]string{"AGENT": "ubuntu-22.04-arm"}, nil, "22.04"},
		{"split regex", `env.AGENT.split('[-.]+')[2]`, map[string]string{"AGENT": "ubuntu-22.04-arm"}, nil, "04"},
		{"split size", `env.CMD.split(' ').size()`, map[string]string{"CMD": "a b c"}, nil, "3"},
		{"last", `env.CMD.tokenize(' ').last()`, map[string]string{"CMD": "a  b c"}, nil, "c"},
		{"readLines first", `env.CMD.readLines().first()`, map[string]string{"CMD": "a\nb"}, nil, "a"},
		{"trim upper", `"  ${env.X} ".trim().toUpperCase()`, map[string]string{"X": "a b"}, nil, "A B"},
		{"lower", `env.X.toLowerCase()`, map[string]string{"X": "MiXed"}, nil, "mixed"},
		{"arithmetic", `((10.5 * 1024 - 512) / 1536) as Integer`, nil, nil, "6"},
		{"parseInt", `Integer.parseInt(env.SLEEP) * 3`, map[string]string{"SLEEP": "20"}, nil, "60"},
		{"toInteger", `env.N.toInteger() + 1`, map[string]string{"N": "41"}, nil, "42"},
		{"String.valueOf", `String.valueOf(env.N.length())`, map[string]string{"N": "abcd"}, nil, "4"},
		{"regex", `env.BRANCH_NAME ==~ /^\d+(\.\d+)*$/ ? 'release' : 'other'`, map[string]string{"BRANCH_NAME": "1.2.3"}, nil, "release"},
		{"regex no", `env.BRANCH_NAME ==~ /^\d+(\.\d+)*$/ ? 'release' : 'other'`, map[string]string{"BRANCH_NAME": "1.2.x"}, nil, "other"},
		{"matches", `env.V.matches('v[0-9]+') ? 'y' : 'n'`, map[string]string{"V": "v12"}, nil, "y"},
		{"and or not", `(env.A == 'x' || env.B) && !env.C`, map[string]string{"A": "y", "B": "true"}, nil, "true"},
		{"false param", `params.DRY_RUN ? '--dry-run' : ''`, map[string]string{"DRY_RUN": "false"}, nil, ""},
		{"startsWith", `env.TAG.startsWith('v') ? env.TAG.substring(1) : env.TAG`, map[string]string{"TAG": "v1.4"}, nil, "1.4"},
		{"endsWith", `env.F.endsWith('.zip')`, map[string]string{"F": "a.zip"}, nil, "true"},
		{"contains", `env.F.contains('b c')`, map[string]string{"F": "a b c"}, nil, "true"},
		{"equalsIgnoreCase", `env.F.equalsIgnoreCase('YES')`, map[string]string{"F": "yes"}, nil, "true"},
		{"isEmpty", `env.F.isEmpty()`, nil, nil, "true"},
		{"take", `env.SHA.take(7)`, map[string]string{"SHA": "0123456789abcdef"}, nil, "0123456"},
		{"readJSON", `readJSON(file: 'package.json').version`, nil, map[string]string{"package.json": `{"name": "x", "version": "1.2.0"}`}, "1.2.0"},
		{"readJSON nested", `readJSON(file: 'p.json').a.b[1]`, nil, map[string]string{"p.json": `{"a": {"b": ["x", "y's"]}}`}, "y's"},
		{"readJSON get default", `readJSON(file: 'p.json').get('missing', 'dflt')`, nil, map[string]string{"p.json": `{"a": 1}`}, "dflt"},
		{"readJSON containsKey", `readJSON(file: 'p.json').containsKey('a')`, nil, map[string]string{"p.json": `{"a": 1}`}, "true"},
		{"readJSON size", `readJSON(file: 'p.json').size()`, nil, map[string]string{"p.json": `{"a": 1, "b": 2}`}, "2"},
		{"readJSON string method", `readJSON(file: 'p.json').name.toUpperCase()`, nil, map[string]string{"p.json": `{"name": "x"}`}, "X"},
		{"map", `['SUCCESS': 'good', 'FAILURE': 'danger'][env.RESULT]`, map[string]string{"RESULT": "FAILURE"}, nil, "danger"},
		{"fileExists", `fileExists('a.txt') && !fileExists('b.txt')`, nil, map[string]string{"a.txt": ""}, "true"},
		{"readFile", `readFile('VERSION').trim()`, nil, map[string]string{"VERSION": "3.1\n"}, "3.1"},
		{"readProperties", `readProperties(file: 'p.properties')['a.b']`, nil, map[string]string{"p.properties": "# c\na.b = 1\nc: x\n"}, "1"},
		{"readProperties interpolate", `readProperties(interpolate: true, file: 'p.properties')['image']`, nil, map[string]string{"p.properties": "tag=25\nimage=temurin:${tag}\n"}, "temurin:25"},
		{"sh keeps newlines", `sh(script: 'printf "a\\n\\n"', returnStdout: true).length()`, nil, nil, "3"},
		{"sh status", `sh(script: 'exit 3', returnStatus: true)`, nil, nil, "3"},
		{"in list", `env.ARCH in ['amd64', 'arm64']`, map[string]string{"ARCH": "arm64"}, nil, "true"},
		{"list isEmpty", `[].isEmpty()`, nil, nil, "true"},
		{"join", `['a', env.X, 'c'].join(', ')`, map[string]string{"X": "%s"}, nil, "a, %s, c"},
		{"quotes", `"it's \"${env.X}\" ".trim()`, map[string]string{"X": "$(date)"}, nil, `it's "$(date)"`},
		{"shell", `sh(script: 'echo "  out  "', returnStdout: true).trim().toLowerCase()`, nil, nil, "out"},
		{"method", `label(env.ARCH)`, map[string]string{"ARCH": "arm64"}, nil, "linux-arm64"},
		{"replaceAll", `env.V.replaceAll(/-SNAPSHOT$/, '')`, map[string]string{"V": "1.0-SNAPSHOT"}, nil, "1.0"},
		{"replaceFirst group", `env.V.replaceFirst(/(\d+)\.(\d+)/, '$2.$1')`, map[string]string{"V": "1.2.3.4"}, nil, "2.1.3.4"},
		{"equals", `env.X.equals('a') ? 1 : 2`, map[string]string{"X": "a"}, nil, "1"},
		{"lastIndexOf", `env.P.substring(0, env.P.lastIndexOf('/'))`, map[string]string{"P": "a/b/c.yaml"}, nil, "a/b"},
		{"indexOf", `env.P.indexOf('/')`, map[string]string{"P": "ab/c/d"}, nil, "2"},
		{"indexOf missing", `env.P.indexOf('x')`, map[string]string{"P": "abc"}, nil, "-1"},
		{"method with locals", `allowed(env.WHO)`, map[string]string{"WHO": "bob"}, nil, "true"},
		{"computed keys", `["${env.D}/a.zip": 'a', 'b': 2]["${env.D}/a.zip"]`, map[string]string{"D": "out"}, nil, "a"},
		{"tool", `"${tool('jdk17')}/bin/java"`, map[string]string{"JAVA_HOME": "/opt/jdk"}, nil, "/opt/jdk/bin/java"},
		{"result constant", `hudson.model.Result.SUCCESS.toString()`, nil, nil, "SUCCESS"},
		{"builtin", `currentBuild.number`, map[string]string{"BUILD_NUMBER": "7"}, nil, "7"},
		{"isUnix", `isUnix()`, nil, nil, "true"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, v := compile(t, methods, tt.groovy, &fakeResolver{})
			if k.Why() != "" {
				t.Fatalf("not computed: %s", k.Why())
			}
			cmd, _ := k.Print(v)
			run := k.Bash(cmd)
			_, out := testenv.Bash(t, run, tt.env, tt.files)
			if got := strings.TrimSuffix(string(out), "\n"); got != tt.want {
				t.Errorf("printed %q, want %q\nscript:\n%s", got, tt.want, run)
			}
		})
	}
}

// TestProgramsRefuse checks that what bash cannot compute the way Groovy
// does fails the program with its reason instead of computing something
// else.
func TestProgramsRefuse(t *testing.T) {
	tests := []struct{ groovy, why string }{
		{`env.X ==~ /^(?i)main$/`, "Java regular expression"},
		{`env.X.split(/\b/)`, "split on a pattern"},
		{`env.X.replaceAll(env.Y, '')`, "replaceAll with a pattern bash cannot run"},
		{`utils.version()`, "the method version of the Groovy object utils"},
		{`undefined`, "the Groovy variable undefined"},
		{`env.X.padLeft(3)`, "the method padLeft"},
		{`['a'].collect { it }`, "the list method collect"},
		{`readJSON(file: 'p.json').get(env.K)`, "a computed key"},
		{`tool('MSBuild')`, "the tool MSBuild of an unknown type"},
		{`tool(name: 'dotnet', type: 'dotnetsdk')`, "the tool dotnet of an unknown type"},
		{`env.X as Map`, "the cast to Map"},
		{`sh(script: "echo ${x}", returnStdout: true)`, "the script uses the Groovy value ${x}"},
		{`findFiles(glob: "${env.D}/*.jar")`, "findFiles with a computed"},
	}
	for _, tt := range tests {
		t.Run(tt.groovy, func(t *testing.T) {
			k, _ := compile(t, "", tt.groovy, &fakeResolver{})
			if !strings.Contains(k.Why(), tt.why) {
				t.Errorf("Why() = %q, want it to say %q", k.Why(), tt.why)
			}
		})
	}
}

// TestResolverIsAsked checks what a program asks of the workflow around
// it: the variables it reads, the tools it sets up, the methods it
// inlines, the runner.
func TestResolverIsAsked(t *testing.T) {
	r := &fakeResolver{vars: map[string]compute.Type{"flag": compute.Bool}, windows: true}
	k, v := compile(t, methods, `flag && !isUnix() ? label(env.ARCH) + "${tool('maven3')}" : params.P`, r)
	if k.Why() != "" {
		t.Fatal(k.Why())
	}
	_ = k.String(v)
	for _, name := range []string{"flag", "ARCH", "P"} {
		if !slices.Contains(r.used, name) {
			t.Errorf("the program reads %s without saying so (said %v)", name, r.used)
		}
	}
	if !slices.Equal(r.tools, []string{"maven:maven3"}) {
		t.Errorf("tools set up = %v, want [maven:maven3]", r.tools)
	}
	if !slices.Equal(k.Inlined(), []string{"label"}) {
		t.Errorf("inlined = %v, want [label]", k.Inlined())
	}
	if !strings.Contains(k.Bash(), `[ "${flag}" = true ]`) {
		t.Errorf("a boolean variable is not tested as one:\n%s", k.Bash())
	}
}
