// Command jenkins2actions converts Jenkins pipelines to GitHub Actions
// workflows.
package main

import (
	"os"

	"github.com/jenkins2actions/jenkins2actions/cmd"
)

func main() {
	os.Exit(cmd.Main(os.Args[1:], cmd.System()))
}
