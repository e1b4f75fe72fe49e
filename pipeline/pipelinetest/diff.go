package pipelinetest

import (
	"fmt"
	"strings"
)

// Diff returns the lines of want and got that differ, as a unified diff
// with three lines of context, or "" when they are equal: what a golden
// test prints, so that a reviewer sees the change and not two dumps.
func Diff(want, got string) string {
	if want == got {
		return ""
	}
	a, b := lines(want), lines(got)
	// The longest common subsequence, by dynamic programming: dumps are
	// hundreds of lines, not the thousands that would need Myers.
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type edit struct {
		op   byte // ' ', '-', '+'
		line string
		i, j int // lines before it in want and got
	}
	var edits []edit
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			edits = append(edits, edit{' ', a[i], i, j})
			i, j = i+1, j+1
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			// Lines of want go before the lines of got replacing them.
			edits = append(edits, edit{'-', a[i], i, j})
			i++
		default:
			edits = append(edits, edit{'+', b[j], i, j})
			j++
		}
	}
	const context = 3
	var out strings.Builder
	out.WriteString("--- want\n+++ got\n")
	for k := 0; k < len(edits); {
		if edits[k].op == ' ' {
			k++
			continue
		}
		// A hunk: the changes from k on, joined while the equal lines
		// between them are at most twice the context.
		start := max(0, k-context)
		end := k
		for end < len(edits) {
			if edits[end].op != ' ' {
				end++
				continue
			}
			n := end
			for n < len(edits) && edits[n].op == ' ' {
				n++
			}
			if n == len(edits) || n-end > 2*context {
				end = min(len(edits), end+context)
				break
			}
			end = n
		}
		var wantN, gotN int
		for _, e := range edits[start:end] {
			if e.op != '+' {
				wantN++
			}
			if e.op != '-' {
				gotN++
			}
		}
		fmt.Fprintf(&out, "@@ -%d,%d +%d,%d @@\n", edits[start].i+1, wantN, edits[start].j+1, gotN)
		for _, e := range edits[start:end] {
			out.WriteString(string(e.op) + e.line + "\n")
		}
		k = end
	}
	return out.String()
}

func lines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}
