package groovy

import (
	"strings"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestDbgCorpus(t *testing.T) {
	files, _ := filepath.Glob("/work/shared/corpus/jenkinsfiles/*/Jenkinsfile")
	for _, f := range files {
		src, _ := os.ReadFile(f)
		_, ds := Parse(f, src)
		for _, d := range ds {
			fmt.Println(d.String())
		}
	}
}

func TestDbgOne(t *testing.T) {
	f := os.Getenv("F")
	if f == "" { t.Skip() }
	src, _ := os.ReadFile(f)
	file, ds := Parse(f, src)
	fmt.Print(Dump(file))
	for _, d := range ds {
		fmt.Println(d.String())
	}
}

func TestDbgSnip(t *testing.T) {
	s := os.Getenv("S")
	if s == "" { t.Skip() }
	file, ds := Parse("x.groovy", []byte(s))
	fmt.Println(short(file))
	if os.Getenv("D") != "" { fmt.Print(Dump(file)) }
	for _, d := range ds {
		fmt.Println(d.String())
	}
}

func TestDbgSnips(t *testing.T) {
	f := os.Getenv("SF")
	if f == "" { t.Skip() }
	data, _ := os.ReadFile(f)
	for _, s := range strings.Split(string(data), "\n----\n") {
		file, ds := Parse("x.groovy", []byte(s))
		fmt.Printf("%s\n  => %s\n", strings.TrimSpace(s), short(file))
		for _, d := range ds {
			fmt.Println("  !!", d.String())
		}
	}
}
