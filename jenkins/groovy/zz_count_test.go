package groovy

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

var xStepRe = regexp.MustCompile(`(?m)(?:^|[\s({;,=:\[!])(sh|bat|powershell)\s*(?:\(|'|"|\$/|[A-Za-z]\w*\s*:)`)
var xLineComment = regexp.MustCompile(`(?m)^\s*//.*$`)
var xBlockComment = regexp.MustCompile(`(?m)^\s*/\*[\s\S]*?\*/`)

func TestDbgCount(t *testing.T) {
	files, _ := filepath.Glob("/work/shared/corpus/jenkinsfiles/*/Jenkinsfile")
	for _, f := range files {
		src, _ := os.ReadFile(f)
		text := xBlockComment.ReplaceAllString(string(src), "")
		text = xLineComment.ReplaceAllString(text, "")
		want := len(xStepRe.FindAllString(text, -1))
		file, _ := Parse(f, src)
		got := 0
		Walk(file, func(n Node) bool {
			if c, ok := n.(*CallExpr); ok {
				if id, ok := c.Fun.(*Ident); ok && (id.Name == "sh" || id.Name == "bat" || id.Name == "powershell") {
					got++
				}
			}
			return true
		})
		if got != want {
			fmt.Println(f, "regex", want, "tree", got)
		}
	}
}
