// Command genpins writes the template lock file from action-pins.tsv (the
// newest release of each action) and action-pins-majors.tsv (the newest
// release of each recent major).
//
// Usage (from templates/, through go generate):
//
//	go run ../scripts/genpins ../../shared/data/action-pins.tsv ../../shared/data/action-pins-majors.tsv actions.lock
//
// It refuses bad rows (SHA not 40 lowercase hex, duplicate action, ...) and
// then writes nothing, so that a broken TSV never reaches the lock.
package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/templates"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

func run(args []string, stderr io.Writer) int {
	if len(args) < 2 {
		fmt.Fprintln(stderr, "usage: genpins ACTION-PINS.TSV [ACTION-PINS-MAJORS.TSV] OUTPUT.LOCK")
		return 2
	}
	ins, out := args[:len(args)-1], args[len(args)-1]
	var readers []io.Reader
	for _, in := range ins {
		f, err := os.Open(in)
		if err != nil {
			fmt.Fprintf(stderr, "genpins: %v\n", err)
			return 1
		}
		defer f.Close()
		readers = append(readers, f)
	}
	lock, err := templates.FormatLock(readers...)
	if err != nil {
		fmt.Fprintf(stderr, "genpins: %s:\n%v\n", strings.Join(ins, ", "), err)
		return 1
	}
	// Leave an unchanged lock untouched so that its modification time
	// does not make build tools think it changed.
	if old, err := os.ReadFile(out); err == nil && bytes.Equal(old, lock) {
		return 0
	}
	if err := os.WriteFile(out, lock, 0o644); err != nil {
		fmt.Fprintf(stderr, "genpins: %v\n", err)
		return 1
	}
	return 0
}
