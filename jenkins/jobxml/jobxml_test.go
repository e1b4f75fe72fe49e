package jobxml

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/internal/testenv"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestGolden reads each testdata/golden/*.xml and compares the dump of the
// pipeline and diagnostics with the .golden file beside it.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/golden/*.xml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".xml"), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			p, ds := Read(filepath.Base(f), src, strings.TrimSuffix(filepath.Base(f), ".xml"))
			checkPositions(t, src, ds)
			got := dump(p, ds)
			want := strings.TrimSuffix(f, ".xml") + ".golden"
			if *update {
				if err := os.WriteFile(want, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			b, err := os.ReadFile(want)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if string(b) != got {
				t.Errorf("dump differs from %s (run go test -update and review the diff):\n%s", want, got)
			}
		})
	}
}

// checkPositions fails when a diagnostic has no position or one outside
// the file.
func checkPositions(t *testing.T, src []byte, ds diag.Diagnostics) {
	t.Helper()
	for _, d := range ds {
		s := d.Subject.Start
		if !s.IsValid() || s.Col < 1 || s.Offset < 0 || s.Offset > len(src) {
			t.Errorf("diagnostic without a valid position: %v", d)
		}
	}
}

// TestInlineScriptPositions checks that the steps of an inline pipeline
// script point at their text in the XML file, through entities, CDATA and
// CR LF line ends.
func TestInlineScriptPositions(t *testing.T) {
	tests := []struct {
		file string
		want []string // the source each step's range starts with
	}{
		{"flow-inline-crlf.xml", []string{"sh &quot;make &amp;&amp;", "sh &apos;x&apos;"}},
		{"flow-cdata.xml", []string{"node('docker')", "stage('Test')", "sh 'go test"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join("testdata/golden", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			p, _ := Read(tt.file, src, "x")
			var got []*pipeline.Step
			pipeline.WalkStages(p.Stages, func(s *pipeline.Stage) {
				var walk func(ss []*pipeline.Step)
				walk = func(ss []*pipeline.Step) {
					for _, st := range ss {
						got = append(got, st)
						walk(st.Body)
					}
				}
				walk(s.Steps)
			})
			if len(got) < len(tt.want) {
				t.Fatalf("found %d steps, want %d", len(got), len(tt.want))
			}
			for i, w := range tt.want {
				off := got[i].Range.Start.Offset
				if !strings.HasPrefix(string(src[off:]), w) {
					t.Errorf("step %d starts at %q, want %q", i, firstLine(string(src[off:])), w)
				}
				if got[i].Range.File != tt.file {
					t.Errorf("step %d file %q", i, got[i].Range.File)
				}
			}
		})
	}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// TestNoSecretsCopied checks that no encrypted value or plain token of the
// fixtures reaches the model.
func TestNoSecretsCopied(t *testing.T) {
	for _, f := range []string{"xml11-control-chars.xml", "flow-inline-crlf.xml", "jjb-fs-everything.xml"} {
		src, err := os.ReadFile(filepath.Join("testdata/golden", f))
		if err != nil {
			t.Fatal(err)
		}
		p, ds := Read(f, src, "x")
		out := dump(p, ds)
		for _, secret := range []string{"{AQAAABAAAA", "s3cr3t-token", "xoxb-plain-token", "hunter2"} {
			if strings.Contains(out, secret) {
				t.Errorf("%s: %q copied into the model:\n%s", f, secret, out)
			}
		}
	}
}

func TestPrepare(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{`<?xml version='1.1' encoding='UTF-8'?><a/>`, `<?xml version='1.0' encoding='UTF-8'?><a/>`},
		{`<?xml version="1.1"?><a/>`, `<?xml version="1.0"?><a/>`},
		{`<a>&#x1b;[0m &#27; &#65; &amp;</a>`, `<a>&_x1b;[0m &_27; &#65; &amp;</a>`},
		{`<a><![CDATA[&#x1b;]]><!-- &#1; --></a>`, `<a><![CDATA[&#x1b;]]><!-- &#1; --></a>`},
	}
	for _, tt := range tests {
		got, _ := prepare([]byte(tt.in))
		if string(got) != tt.want {
			t.Errorf("prepare(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestOffsetMap(t *testing.T) {
	raw := "a&amp;b\r\nc<![CDATA[d]]>e&#x20AC;f"
	decoded := "a&b\ncde€f"
	m := newOffsetMap([]byte(raw), 100)
	for d, want := range map[int]int{
		0:                                100,
		strings.Index(decoded, "b"):      100 + strings.Index(raw, "b"),
		strings.Index(decoded, "c"):      100 + strings.Index(raw, "c"),
		strings.Index(decoded, "d"):      100 + strings.Index(raw, "d"),
		strings.Index(decoded, "e"):      100 + strings.Index(raw, "e"),
		strings.Index(decoded, "f"):      100 + strings.Index(raw, "f"),
		len(decoded):                     100 + len(raw),
		strings.Index(decoded, "\n") + 0: 100 + strings.Index(raw, "\r"),
	} {
		if got := m.raw(d); got != want {
			t.Errorf("raw(%d) = %d, want %d", d, got, want)
		}
	}
}

// TestCorpus reads the real config.xml files of the shared corpus: no
// panic, no error, and every builder and publisher mapped or reported.
func TestCorpus(t *testing.T) {
	files, _ := filepath.Glob("../../../shared/corpus/configs/*/config.xml")
	if len(files) == 0 {
		testenv.Missing(t, "../../../shared/corpus/configs", "the reader is checked on the real config.xml files there")
	}
	for _, f := range files {
		t.Run(filepath.Base(filepath.Dir(f)), func(t *testing.T) {
			checkFile(t, f)
		})
	}
}

// TestJenkinsJobBuilder turns the YAML job definitions under testdata/jjb
// (and the corpus's, when present) into config.xml files with Jenkins Job
// Builder and reads each without an error.
func TestJenkinsJobBuilder(t *testing.T) {
	jjb, err := exec.LookPath("jenkins-jobs")
	if err != nil {
		t.Skip("jenkins-jobs not on PATH (apt-get install jenkins-job-builder); skipping")
	}
	dirs := []string{"testdata/jjb"}
	if _, err := os.Stat("../../../shared/corpus/jjb/jobs"); err == nil {
		dirs = append(dirs, "../../../shared/corpus/jjb/jobs")
	}
	for _, dir := range dirs {
		out := t.TempDir()
		cmd := exec.Command(jjb, "--log_level", "error", "test", "--config-xml", dir, "-o", out)
		cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("jenkins-jobs test %s: %v\n%s", dir, err, b)
		}
		var files []string
		err := filepath.WalkDir(out, func(path string, d os.DirEntry, err error) error {
			if err == nil && d.Name() == "config.xml" {
				files = append(files, path)
			}
			return err
		})
		if err != nil || len(files) == 0 {
			t.Fatalf("no config.xml generated from %s: %v", dir, err)
		}
		for _, f := range files {
			rel, _ := filepath.Rel(out, f)
			t.Run(filepath.ToSlash(filepath.Dir(rel)), func(t *testing.T) {
				checkFile(t, f)
			})
		}
	}
}

// containers are the lists whose every entry must be mapped to a step or
// reported.
var containers = map[string]bool{"builders": true, "publishers": true, "buildWrappers": true, "prebuilders": true, "postbuilders": true}

func checkFile(t *testing.T, f string) {
	t.Helper()
	src, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	p, ds := Read(f, src, filepath.Base(filepath.Dir(f)))
	if p == nil || p.Job == nil {
		t.Fatal("no pipeline or job info")
	}
	for _, d := range ds {
		if d.Severity == diag.Error {
			t.Errorf("error: %v", d)
		}
	}
	checkPositions(t, src, ds)
	root, _ := parseTree(f, src)
	if root == nil {
		return
	}
	steps := stepLines(p)
	reported := map[int]bool{}
	for _, d := range ds {
		reported[d.Subject.Start.Line] = true
	}
	for _, c := range root.Children {
		if !containers[c.Name] {
			continue
		}
		for _, e := range c.Children {
			if !coveredBetween(e, steps, reported) && !optionLike(p, e) {
				t.Errorf("%s %q at line %d is neither mapped nor reported", c.Name, e.Name, e.Range.Start.Line)
			}
		}
	}
}

// stepLines are the lines where model nodes start.
func stepLines(p *pipeline.Pipeline) map[int]bool {
	lines := map[int]bool{}
	var steps func(ss []*pipeline.Step)
	steps = func(ss []*pipeline.Step) {
		for _, s := range ss {
			lines[s.Range.Start.Line] = true
			steps(s.Body)
		}
	}
	post := func(pbs []*pipeline.PostBlock) {
		for _, pb := range pbs {
			steps(pb.Steps)
		}
	}
	pipeline.WalkStages(p.Stages, func(s *pipeline.Stage) {
		steps(s.Steps)
		post(s.Post)
		if s.Matrix != nil {
			post(s.Matrix.Post)
		}
	})
	post(p.Post)
	return lines
}

func coveredBetween(e *element, lines ...map[int]bool) bool {
	for l := e.Range.Start.Line; l <= e.Range.End.Line; l++ {
		for _, m := range lines {
			if m[l] {
				return true
			}
		}
	}
	return false
}

// optionLike reports whether a wrapper became an option of the pipeline.
func optionLike(p *pipeline.Pipeline, e *element) bool {
	for _, o := range p.Options {
		if o.Range.Start.Line >= e.Range.Start.Line && o.Range.Start.Line <= e.Range.End.Line {
			return true
		}
	}
	for _, v := range p.Environment {
		if v.Range.Start.Line >= e.Range.Start.Line && v.Range.Start.Line <= e.Range.End.Line {
			return true
		}
	}
	return false
}

// FuzzRead reads arbitrary bytes: no panic, and every diagnostic has a
// position inside the input.
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob("testdata/golden/*.xml")
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		p, ds := Read("config.xml", src, "fuzz")
		if p == nil {
			t.Fatal("nil pipeline")
		}
		checkPositions(t, src, ds)
	})
}

func TestExpanded(t *testing.T) {
	e := &element{}
	tests := []struct {
		in   string
		want []string // literal text, or $NAME for a reference
	}{
		{"*/main", []string{"*/main"}},
		{"${sha1}", []string{"$sha1"}},
		{"origin/$BRANCH-x", []string{"origin/", "$BRANCH", "-x"}},
		{"", []string{""}},
	}
	for _, tt := range tests {
		var got []string
		for _, p := range expanded(tt.in, e).Parts {
			if p.Ref != nil {
				got = append(got, "$"+p.Ref.Name)
				continue
			}
			got = append(got, p.Lit)
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("expanded(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestGitHubSourceURL finds the repository of a GitHub branch source on
// the host it names: a GitHub Enterprise Server's API URL, or the
// repositoryUrl newer versions of the plugin keep.
func TestGitHubSourceURL(t *testing.T) {
	tests := []struct{ repositoryURL, apiURI, want string }{
		{"", "", "https://github.com/acme/shop.git"},
		{"", "https://api.github.com", "https://github.com/acme/shop.git"},
		{"", "https://ghe.example.com/api/v3", "https://ghe.example.com/acme/shop.git"},
		{"https://ghe.example.com/acme/shop", "https://ghe.example.com/api/v3", "https://ghe.example.com/acme/shop.git"},
		{"https://github.com/acme/shop.git", "", "https://github.com/acme/shop.git"},
	}
	for _, tt := range tests {
		if got := gitHubSourceURL(tt.repositoryURL, tt.apiURI, "acme", "shop"); got != tt.want {
			t.Errorf("gitHubSourceURL(%q, %q) = %q, want %q", tt.repositoryURL, tt.apiURI, got, tt.want)
		}
	}
}
