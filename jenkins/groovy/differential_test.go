package groovy

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/internal/testenv"
)

// generatedPrograms is how many programs the grammar writes for the
// differential test, mutatedPrograms how many mutants of the corpus it
// makes.
const (
	generatedPrograms = 2000
	mutatedPrograms   = 1000
)

// TestDifferential parses the same inputs with Groovy 2.4, the version
// Jenkins runs, and with this parser, and fails on every file where one
// accepts what the other rejects: the corpus, every Jenkinsfile and Groovy
// file under the repository's testdata, and generated programs.
func TestDifferential(t *testing.T) {
	if testing.Short() {
		t.Skip("the differential test runs the Groovy compiler")
	}
	groovy, env := findGroovy(t)
	inputs, corpusFiles := differentialInputs(t)
	// J2A_GROOVY_KEEP keeps the generated programs, to read one that
	// disagrees.
	dir := os.Getenv("J2A_GROOVY_KEEP")
	if dir == "" {
		dir = t.TempDir()
	}
	write := func(name, src string) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, p)
	}
	for i := range generatedPrograms {
		write(fmt.Sprintf("gen-%04d.groovy", i), genProgram(uint64(i)))
	}
	corpus := inputs[:corpusFiles]
	for i := range mutatedPrograms {
		src, err := os.ReadFile(corpus[i%len(corpus)])
		if err != nil {
			t.Fatal(err)
		}
		write(fmt.Sprintf("mut-%04d.groovy", i), mutate(string(src), uint64(i)))
	}
	verdicts := runOracle(t, groovy, env, inputs)
	disagree := 0
	for _, in := range inputs {
		want, ok := verdicts[in]
		if !ok {
			t.Errorf("%s: Groovy gave no verdict", in)
			continue
		}
		if want == timeout {
			t.Logf("%s: Groovy did not finish parsing it; not compared", in)
			continue
		}
		src, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		_, ds := Parse(filepath.Base(in), src)
		got := ""
		if ds.HasErrors() {
			got = ds[0].String()
		}
		if (want == "") == (got == "") {
			continue
		}
		disagree++
		if disagree > 40 {
			continue
		}
		if want == "" {
			t.Errorf("%s: Groovy accepts it, the parser says %s\n%s", in, got, excerpt(src, ds[0].Subject.Start.Line))
		} else {
			t.Errorf("%s: Groovy rejects it (%s), the parser accepts it\n%s", in, want, excerpt(src, 0))
		}
	}
	if disagree > 0 {
		t.Errorf("%d of %d inputs disagree", disagree, len(inputs))
	}
}

// differentialInputs are the corpus Jenkinsfiles, then every Jenkinsfile
// and .groovy file in the repository but the generated docs; n counts the
// corpus files, or the repository's when the corpus is missing.
func differentialInputs(t *testing.T) (inputs []string, n int) {
	t.Helper()
	corpus, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "corpus", "jenkinsfiles", "*", "Jenkinsfile"))
	if len(corpus) == 0 && os.Getenv("CI") == "true" {
		// Elsewhere the generated programs are still compared.
		testenv.Missing(t, "../shared/corpus", "Groovy and the parser are compared on the real Jenkinsfiles there")
	}
	inputs = corpus
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "docs" || d.Name() == "oracle" || strings.HasPrefix(d.Name(), ".") && p != root {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Name() == "Jenkinsfile" || strings.HasSuffix(d.Name(), ".groovy") {
			inputs = append(inputs, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(inputs) < 50 {
		t.Fatalf("only %d inputs found", len(inputs))
	}
	if n = len(corpus); n == 0 {
		n = len(inputs)
	}
	return inputs, n
}

// findGroovy returns the groovy launcher and the environment to run it in:
// Debian's launcher needs JAVA_HOME, which a fresh machine may not set.
func findGroovy(t *testing.T) (string, []string) {
	t.Helper()
	groovy, err := exec.LookPath("groovy")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("groovy is not installed (apt-get install groovy)")
		}
		t.Skip("groovy is not installed (apt-get install groovy); differential test skipped")
	}
	env := os.Environ()
	if home := os.Getenv("JAVA_HOME"); home == "" || !isExecutable(filepath.Join(home, "bin", "java")) {
		jdks, _ := filepath.Glob("/usr/lib/jvm/*/bin/java")
		slices.Sort(jdks)
		if len(jdks) == 0 {
			t.Fatal("groovy needs a JDK: none found under /usr/lib/jvm")
		}
		env = append(env, "JAVA_HOME="+filepath.Dir(filepath.Dir(jdks[0])))
	}
	// @Grab would fetch dependencies at the conversion phase.
	env = append(env, "JAVA_OPTS=-Dgroovy.grape.enable=false")
	return groovy, env
}

func isExecutable(p string) bool {
	info, err := os.Stat(p)
	return err == nil && !info.IsDir() && info.Mode()&0o111 != 0
}

// timeout is the verdict on a file Groovy's parser did not finish: its
// ANTLR grammar backtracks exponentially on a few broken inputs.
const timeout = "timeout"

// runOracle parses every input in one Groovy process and returns, by path,
// "" for a file Groovy accepts, timeout, or its first error.
func runOracle(t *testing.T, groovy string, env, inputs []string) map[string]string {
	t.Helper()
	cmd := exec.Command(groovy, filepath.Join("oracle", "parse.groovy"))
	cmd.Env = env
	cmd.Stdin = strings.NewReader(strings.Join(inputs, "\n") + "\n")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("groovy oracle: %v\n%s", err, stderr.String())
	}
	verdicts := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		fields := strings.SplitN(sc.Text(), "\t", 4)
		switch {
		case len(fields) == 2 && fields[0] == "OK":
			verdicts[fields[1]] = ""
		case len(fields) == 2 && fields[0] == "TIMEOUT":
			verdicts[fields[1]] = timeout
		case len(fields) == 4 && fields[0] == "ERR":
			verdicts[fields[1]] = fields[2] + ": " + fields[3]
		default:
			t.Fatalf("groovy oracle: unexpected line %q", sc.Text())
		}
	}
	return verdicts
}

// excerpt shows the file around line (the whole of a short file when line
// is 0).
func excerpt(src []byte, line int) string {
	lines := strings.Split(string(src), "\n")
	from, to := 0, len(lines)
	if line > 0 {
		from, to = max(0, line-3), min(len(lines), line+2)
	} else if to > 40 {
		to = 40
	}
	var b strings.Builder
	for i := from; i < to; i++ {
		fmt.Fprintf(&b, "%4d| %s\n", i+1, lines[i])
	}
	return b.String()
}
