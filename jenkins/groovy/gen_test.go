package groovy

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// progGen writes random Groovy 2.4 programs from a grammar of the
// language's syntax: the inputs of the differential test against the Groovy
// compiler. Every choice comes from one seeded source, so a failing program
// is reproduced by its seed. The grammar aims at valid programs; where it
// strays, Groovy rejects the program and the parser must reject it too.
type progGen struct {
	r *rand.Rand
	b strings.Builder
	// indent is the current statement indentation.
	indent int
	// loops and labels say whether break/continue, and which labels, are
	// in scope.
	loops  int
	labels []string
}

func genProgram(seed uint64) string {
	g := &progGen{r: rand.New(rand.NewPCG(seed, 0x6a32))}
	g.header()
	n := 3 + g.r.IntN(8)
	for range n {
		g.topLevel()
	}
	return g.b.String()
}

// comma separates elements, sometimes breaking the line after it or
// putting a comment there, as long argument lists do.
func (g *progGen) comma() string {
	switch g.r.IntN(12) {
	case 0:
		return ",\n" + strings.Repeat("    ", g.indent+1)
	case 1:
		return ", /* note */ "
	case 2:
		return ", // note\n" + strings.Repeat("    ", g.indent+1)
	}
	return ", "
}

// blockEnd closes a block before else, catch or finally: on the same line
// or, Allman style, with the keyword on the next.
func (g *progGen) blockEnd(next string) {
	if g.chance(4) {
		g.line("}")
		g.line("%s", next)
		return
	}
	g.line("} %s", next)
}

func (g *progGen) join(elems []string) string {
	var b strings.Builder
	for i, e := range elems {
		if i > 0 {
			b.WriteString(g.comma())
		}
		b.WriteString(e)
	}
	return b.String()
}

func (g *progGen) pick(options ...string) string { return options[g.r.IntN(len(options))] }
func (g *progGen) chance(n int) bool             { return g.r.IntN(n) == 0 }

func (g *progGen) line(format string, args ...any) {
	g.b.WriteString(strings.Repeat("    ", g.indent))
	fmt.Fprintf(&g.b, format, args...)
	g.b.WriteString("\n")
}

var (
	genNames   = []string{"a", "b", "items", "config", "result", "value", "name", "x", "y", "env", "params", "steps", "it", "count"}
	genMethods = []string{"size", "toString", "collect", "each", "find", "get", "call", "trim", "split", "join", "put", "add", "contains"}
	genClasses = []string{"String", "Integer", "List", "Map", "Object", "File", "Date", "BigDecimal", "StringBuilder", "java.util.ArrayList", "groovy.json.JsonSlurper"}
)

func (g *progGen) name() string   { return g.pick(genNames...) }
func (g *progGen) method() string { return g.pick(genMethods...) }

// typ is a type as a declaration, cast or generic argument writes it.
func (g *progGen) typ(depth int) string {
	switch g.r.IntN(9) {
	case 0:
		return g.pick("int", "long", "boolean", "double", "char", "byte", "short", "float")
	case 1:
		return g.pick("String", "Integer", "Object") + "[]"
	case 2:
		if depth > 0 {
			return "List<" + g.typ(depth-1) + ">"
		}
	case 3:
		if depth > 0 {
			return "Map<String, " + g.typ(depth-1) + ">"
		}
	case 4:
		return "List<?>"
	case 5:
		return "Map<String, ? extends Number>"
	case 6:
		return "int[][]"
	}
	return g.pick(genClasses...)
}

// classType is a type without primitives, for new, instanceof and casts of
// arbitrary expressions.
func (g *progGen) classType() string { return g.pick(genClasses...) }

func (g *progGen) header() {
	if g.chance(3) {
		g.line("@Library(%s) _", g.pick("'shared@main'", "['a@1', 'b']", "\"lib@${'x'}\""))
	}
	if g.chance(2) {
		g.line("package org.example.gen")
	}
	for range g.r.IntN(4) {
		switch g.r.IntN(6) {
		case 0:
			g.line("import java.util.concurrent.TimeUnit")
		case 1:
			g.line("import groovy.json.*")
		case 2:
			g.line("import static java.lang.Math.max")
		case 3:
			g.line("import static java.lang.Math.*")
		case 4:
			g.line("import java.util.List as JList")
		case 5:
			g.line("import groovy.transform.Field")
		}
	}
}

func (g *progGen) topLevel() {
	switch g.r.IntN(12) {
	case 0:
		g.classDecl()
	case 1:
		g.enumDecl()
	case 2, 3:
		g.methodDecl()
	case 4:
		g.line("@Field %s %s = %s", g.pick("def", "String", "int", "List<String>"), g.name()+"Field", g.expr(2))
	default:
		g.stmt(3)
	}
}

func (g *progGen) annotation() string {
	switch g.r.IntN(5) {
	case 0:
		return "@Deprecated"
	case 1:
		return "@SuppressWarnings(['unchecked', 'rawtypes'])"
	case 2:
		return "@SuppressWarnings('unused')"
	case 3:
		return "@groovy.transform.CompileStatic"
	}
	return "@groovy.transform.ToString(includeNames = true, excludes = ['b'])"
}

func (g *progGen) params(closure bool) string {
	n := g.r.IntN(4)
	var ps []string
	for i := range n {
		p := fmt.Sprintf("p%d", i)
		switch g.r.IntN(5) {
		case 0:
			p = g.typ(1) + " " + p
		case 1:
			if !closure || i == n-1 {
				p += " = " + g.expr(1)
			}
		case 2:
			if i == n-1 {
				p = g.pick("String", "Object", "int") + "... " + p
			}
		case 3:
			p = "final " + p
		}
		ps = append(ps, p)
	}
	return strings.Join(ps, ", ")
}

func (g *progGen) methodDecl() {
	if g.chance(3) {
		g.line("%s", g.annotation())
	}
	mods := g.pick("", "static ", "private ", "public static ", "protected ")
	ret := g.pick("def", "void", "String", "int", "List<String>", "Map<String, Object>", "def <T> T")
	if mods != "" && ret == "def" && g.chance(2) {
		ret = ""
	}
	throws := ""
	if g.chance(5) {
		throws = " throws IOException, InterruptedException"
	}
	g.line("%s%s m%d(%s)%s {", mods, strings.TrimSpace(ret+" "), g.r.IntN(100), g.params(false), throws)
	g.body(2)
	g.line("}")
}

func (g *progGen) classDecl() {
	if g.chance(3) {
		g.line("%s", g.annotation())
	}
	kind := g.pick("class", "class", "abstract class", "interface", "final class")
	ext := g.pick("", " extends Base", " implements Serializable", " extends Base implements Runnable, Serializable", "<T extends Comparable<T>>")
	if kind == "interface" {
		ext = g.pick("", " extends Serializable")
	}
	name := fmt.Sprintf("C%d", g.r.IntN(40))
	g.line("%s %s%s {", kind, name, ext)
	g.indent++
	for range 1 + g.r.IntN(4) {
		switch g.r.IntN(5) {
		case 0:
			if kind == "interface" {
				g.line("%s m%d(%s)", g.pick("void", "String", "def"), g.r.IntN(100), g.params(false))
				continue
			}
			g.line("%s %s", g.pick("private String", "static final int", "def", "protected List<String>", "public Map<String, Integer>"), g.pick("f1", "f2", "f3 = 1", "f4 = [:]", "f5 = 'x'"))
		case 1:
			if kind == "interface" {
				continue
			}
			g.line("%s(%s) {", name, g.params(false))
			g.body(1)
			g.line("}")
		case 2:
			if kind == "interface" {
				continue
			}
			g.methodDecl()
		case 3:
			if kind == "interface" {
				continue
			}
			g.line("static {")
			g.body(1)
			g.line("}")
		default:
			g.line("%s f%d", g.pick("String", "def", "int[]", "List<Map<String, Object>>"), g.r.IntN(100))
		}
	}
	g.indent--
	g.line("}")
}

func (g *progGen) enumDecl() {
	enum := fmt.Sprintf("E%d", g.r.IntN(40))
	g.line("enum %s {", enum)
	g.indent++
	if g.chance(2) {
		g.line("RED, GREEN, BLUE%s", g.pick("", ","))
		g.indent--
		g.line("}")
		return
	}
	g.line("SMALL(1), LARGE(%s)", g.number())
	g.line("final int size")
	g.line("%s(int size) { this.size = size }", enum)
	g.indent--
	g.line("}")
}

func (g *progGen) body(depth int) {
	g.indent++
	for range g.r.IntN(4) {
		g.stmt(depth)
	}
	g.indent--
}

func (g *progGen) stmt(depth int) {
	if depth <= 0 {
		g.line("%s", g.simpleStmt())
		return
	}
	switch g.r.IntN(16) {
	case 0:
		if g.chance(5) {
			g.line("if (%s)", g.expr(2))
			g.line("{")
		} else {
			g.line("if (%s) {", g.expr(2))
		}
		g.body(depth - 1)
		switch g.r.IntN(3) {
		case 0:
			g.blockEnd(fmt.Sprintf("else if (%s) {", g.expr(1)))
			g.body(depth - 1)
			g.blockEnd("else {")
			g.body(depth - 1)
		case 1:
			g.blockEnd("else {")
			g.body(depth - 1)
		}
		g.line("}")
	case 1:
		g.loop(depth, fmt.Sprintf("while (%s) {", g.expr(2)))
	case 2:
		g.loop(depth, g.pick(
			"for (int i = 0; i < 10; i++) {",
			"for (i = 0, j = 1; i < j; i++, j--) {",
			"for (;;) {",
			"for (def e : "+g.expr(1)+") {",
			"for (String s in "+g.expr(1)+") {",
			"for (e in "+g.expr(1)+") {",
		))
	case 3:
		g.switchStmt(depth)
	case 4:
		g.tryStmt(depth)
	case 5:
		label := g.pick("outer", "inner", "retry")
		g.labels = append(g.labels, label)
		g.loop(depth, label+": for (e in "+g.expr(1)+") {")
		g.labels = g.labels[:len(g.labels)-1]
	case 6:
		call := fmt.Sprintf("%s(%s)", g.pick("node", "stage", "dir", "withEnv", "timeout"), g.args(1))
		if g.chance(4) {
			// Allman style: the closure opens the next line and is still
			// the call's argument.
			g.line("%s", call)
			g.line("{")
		} else {
			g.line("%s {", call)
		}
		g.body(depth - 1)
		g.line("}")
	case 7:
		g.line("%s {", g.pick("pipeline", "script", "steps", "parallel a: { echo 'a' }, b:"))
		g.body(depth - 1)
		g.line("}")
	case 8:
		g.line("synchronized (%s) {", g.name())
		g.body(depth - 1)
		g.line("}")
	default:
		g.line("%s", g.simpleStmt())
	}
}

func (g *progGen) loop(depth int, head string) {
	g.line("%s", head)
	g.loops++
	g.body(depth - 1)
	g.loops--
	g.line("}")
}

func (g *progGen) switchStmt(depth int) {
	g.line("switch (%s) {", g.expr(1))
	g.indent++
	for range 1 + g.r.IntN(3) {
		g.line("case %s:", g.pick(g.number(), g.str(), "[1, 2]", "~/re.*/", "String", "{ it > 2 }", "1..5"))
		g.loops++
		g.body(depth - 1)
		g.loops--
		if g.chance(2) {
			g.line("    break")
		}
	}
	if g.chance(2) {
		g.line("default:")
		g.body(depth - 1)
	}
	g.indent--
	g.line("}")
}

func (g *progGen) tryStmt(depth int) {
	g.line("try {")
	g.body(depth - 1)
	hasCatch := false
	for range g.r.IntN(3) {
		hasCatch = true
		g.blockEnd(fmt.Sprintf("catch (%s e) {", g.pick("Exception", "IOException | InterruptedException", "final Exception", "any", "org.jenkinsci.plugins.workflow.steps.FlowInterruptedException")))
		g.body(depth - 1)
	}
	if !hasCatch || g.chance(2) {
		g.blockEnd("finally {")
		g.body(depth - 1)
	}
	g.line("}")
}

func (g *progGen) simpleStmt() string {
	switch g.r.IntN(24) {
	case 0:
		return "def " + g.name() + " = " + g.expr(3)
	case 1:
		return g.typ(2) + " " + g.name() + " = " + g.expr(2)
	case 2:
		return g.pick("def (a, b) = ", "def (int a, String b) = ", "(a, b) = ", "def (a, b, c) = ") + g.expr(2)
	case 3:
		return g.lvalue() + " " + g.pick("=", "+=", "-=", "*=", "/=", "%=", "**=", "<<=", ">>=", "&=", "|=", "^=", "?=") + " " + g.expr(2)
	case 4:
		return g.commandExpr()
	case 5:
		return g.name() + g.pick("++", "--")
	case 6:
		return "return" + g.pick("", " "+g.expr(2))
	case 7:
		if g.loops > 0 {
			kw := g.pick("break", "continue")
			if len(g.labels) > 0 && g.chance(2) {
				kw += " " + g.labels[g.r.IntN(len(g.labels))]
			}
			return kw
		}
		return "throw new " + g.pick("Exception", "IllegalStateException") + "(" + g.str() + ")"
	case 8:
		return "assert " + g.expr(2) + g.pick("", " : "+g.str())
	case 9:
		return "final " + g.name() + " = " + g.expr(2)
	case 10:
		return "throw " + g.expr(1)
	case 11:
		return g.pick("sh", "echo", "error", "bat") + " " + g.str()
	case 12:
		return g.pick("sh", "def out = sh") + "(" + g.pick("script: 'git rev-parse HEAD', , returnStdout: true", "'make',", "script: 'x', returnStdout: true,") + ")"
	case 13:
		return "input message: " + g.str() + ", ok " + g.str()
	case 15:
		// A method chain continued on the lines below.
		in := "\n" + strings.Repeat("    ", g.indent+1)
		return g.name() + in + g.pick(".", "?.", "*.") + g.method() + "()" + in + "." + g.method() + " { " + g.name() + " }" + in + ".join(',')"
	case 16:
		return "def " + g.name() + " = 1, " + g.name() + "2 = " + g.expr(1) + g.pick("", ";")
	case 14:
		return g.name() + "[" + g.expr(1) + "] = (" + g.pick("Set", "List", "String[]", "Map<String, Object>") + ")" + g.pick("[]", "[:]", "null", g.name())
	}
	return g.expr(3)
}

func (g *progGen) lvalue() string {
	switch g.r.IntN(4) {
	case 0:
		return g.name() + "." + g.name()
	case 1:
		return g.name() + "[" + g.expr(1) + "]"
	case 2:
		return g.name() + ".@" + g.name()
	}
	return g.name()
}

// commandExpr is a call without parentheses: `foo a, b`, a named-argument
// step, or a command chain `a b c d`.
func (g *progGen) commandExpr() string {
	switch g.r.IntN(6) {
	case 0:
		// In a chain a method name may be a constant, and an argument
		// may start with a sign.
		return g.name() + " " + g.name() + " " + g.pick(g.name(), g.name(), "true", "null", g.str()) + " " + g.pick(g.cmdArg(), g.cmdArg(), "-1", "+"+g.name(), "--"+g.name())
	case 1:
		return "sh script: " + g.str() + ", returnStdout: " + g.pick("true", "false")
	case 2:
		return g.name() + "." + g.method() + " " + g.cmdArg() + ", " + g.cmdArg()
	case 3:
		return g.pick("stage", "node", "timeout") + " " + g.cmdArg() + g.pick("", ", { echo 'x' }")
	case 4:
		// A closure after an argument on its line is the argument's
		// (Groovy appends it to any primary), so an operator may follow;
		// after a type (x instanceof T, x as T) it is a link of a chain,
		// which takes an argument (+ 1) but no operator (== 'x').
		return g.pick("stage", "dir", "echo") + " " + g.pick(g.cmdArg(), g.str(), g.number(), g.name()+" instanceof "+g.classType()) + " " + g.closure(1) + g.pick("", " + 1", " == 'x'", ".size()")
	}
	return g.pick("echo", "println", "print") + " " + g.cmdArg()
}

// cmdArg is the first argument of a command expression: one that cannot
// read as an index, a call or a binary operator on the command's name.
func (g *progGen) cmdArg() string {
	switch g.r.IntN(5) {
	case 0:
		return g.str()
	case 1:
		return g.number()
	case 2:
		return g.name() + ": " + g.expr(1)
	case 3:
		return "new " + g.classType() + "()"
	}
	return g.name()
}

func (g *progGen) args(depth int) string {
	n := g.r.IntN(4)
	var as []string
	for range n {
		switch g.r.IntN(6) {
		case 0:
			as = append(as, g.name()+": "+g.expr(depth))
		case 1:
			as = append(as, "*"+g.name())
		case 2:
			as = append(as, "("+g.expr(depth)+"): "+g.expr(depth))
		default:
			as = append(as, g.expr(depth))
		}
	}
	s := g.join(as)
	if n > 0 && g.chance(8) {
		s += ","
	}
	return s
}

func (g *progGen) number() string {
	return g.pick("0", "42", "1_000_000", "0x1F", "0xFFL", "077", "0b1010", "1L", "2l", "3G", "1.5", "1.5f", "2.0d", "1e10", "1.5e-3", "2.5G", "10i", "3.14D", ".5", "1_0.2_5")
}

func (g *progGen) str() string {
	switch g.r.IntN(9) {
	case 0:
		return `"plain"`
	case 1:
		return `"interp ${` + g.name() + `} and $` + g.name() + `.` + g.name() + `"`
	case 2:
		return `"lazy ${-> ` + g.name() + `}"`
	case 3:
		return "'''multi\nline $not ${interpolated}'''"
	case 4:
		return "\"\"\"multi ${" + g.name() + "}\nline\"\"\""
	case 5:
		return `/slashy \d+ ${` + g.name() + `}/`
	case 6:
		return "$/dollar /slashy $$ $" + g.name() + "/$"
	case 7:
		return `"escapes \t\n\\ \$ \u00e9 \" '"`
	}
	return `'single \' quoted'`
}

// primary is an expression that binds tighter than any operator.
func (g *progGen) primary(depth int) string {
	switch g.r.IntN(16) {
	case 0:
		return g.number()
	case 1:
		return g.str()
	case 2:
		return g.pick("true", "false", "null", "this")
	case 3:
		return "[" + g.list(depth) + "]"
	case 4:
		return g.mapLit(depth)
	case 5:
		if depth > 0 {
			return "(" + g.expr(depth-1) + ")"
		}
	case 6:
		return g.name() + "(" + g.args(depth-1) + ")"
	case 7:
		return g.closure(depth)
	case 8:
		return "new " + g.classType() + g.pick("()", "("+g.args(depth-1)+")", "[3]", "[2][3]", "[] {1, 2}")
	case 9:
		return g.name() + g.pick("."+g.method()+"()", "?."+g.method()+"()", "*."+g.method()+"()", ".&"+g.method(), "."+g.name(), "?."+g.name(), "*."+g.name(), ".'quoted name'", ".\"${"+g.name()+"}\"", ".@"+g.name(), "[0]", "[1..2]", "[-1]", "[0, 2]")
	case 10:
		return g.name() + "." + g.method() + "(" + g.args(depth-1) + ") " + g.closure(depth)
	case 11:
		return g.name() + " { " + g.name() + " }"
	case 12:
		return "~/" + g.pick("a+b", "[0-9]*", `\w+`) + "/"
	case 13:
		return g.classType() + "." + g.pick("class", "valueOf(1)", "name")
	}
	return g.name()
}

func (g *progGen) list(depth int) string {
	var es []string
	for range g.r.IntN(4) {
		if g.chance(5) {
			es = append(es, "*"+g.name())
			continue
		}
		es = append(es, g.expr(depth-1))
	}
	s := g.join(es)
	if len(es) > 0 && g.chance(5) {
		s += ","
	}
	return s
}

func (g *progGen) mapLit(depth int) string {
	n := g.r.IntN(4)
	if n == 0 {
		return "[:]"
	}
	var es []string
	for range n {
		var k string
		switch g.r.IntN(6) {
		case 0:
			k = "(" + g.expr(depth-1) + ")"
		case 1:
			k = g.str()
		case 2:
			k = g.pick("1", "2.5", "true")
		case 3:
			es = append(es, "*:"+g.name())
			continue
		default:
			k = g.name()
		}
		es = append(es, k+": "+g.expr(depth-1))
	}
	s := g.join(es)
	if g.chance(5) {
		s += ","
	}
	return "[" + s + "]"
}

func (g *progGen) closure(depth int) string {
	head := g.pick("", "-> ", "a -> ", "a, b -> ", "String s, int n = 1 -> ", "Map m -> ", "def x, y -> ")
	if head == "" && g.chance(2) {
		head = "p -> "
	}
	if depth <= 0 {
		return "{ " + head + g.name() + " }"
	}
	return "{ " + head + g.expr(depth-1) + "; " + g.simpleStmt() + " }"
}

// expr is an expression of at most depth levels of operators.
func (g *progGen) expr(depth int) string {
	if depth <= 0 {
		return g.primary(0)
	}
	sub := func() string {
		e := g.expr(depth - 1)
		if g.chance(2) {
			return e
		}
		return "(" + e + ")"
	}
	switch g.r.IntN(14) {
	case 0, 1:
		op := g.pick("+", "-", "*", "/", "%", "**", "&&", "||", "==", "!=", "<", "<=", ">", ">=", "<=>", "&", "|", "^", "<<", ">>", ">>>", "=~", "==~", "in")
		// An operator may end a line; the expression goes on below.
		return g.operand(depth) + " " + op + g.pick(" ", " ", " ", "\n"+strings.Repeat("    ", g.indent+1)) + g.operand(depth)
	case 2:
		return g.operand(depth) + " ? " + g.operand(depth) + " : " + g.operand(depth)
	case 3:
		return g.operand(depth) + " ?: " + g.operand(depth)
	case 4:
		return g.pick("!", "-", "~", "+", "++", "--") + g.primary(depth-1)
	case 5:
		return "(" + g.typ(1) + ") " + g.primary(depth-1)
	case 6:
		return g.operand(depth) + " as " + g.typ(1)
	case 7:
		return g.operand(depth) + " instanceof " + g.classType()
	case 8:
		return "(" + g.primary(0) + g.pick("..", "..<") + g.primary(0) + ")"
	case 9:
		return sub() + " ? " + sub() + " : " + sub()
	}
	return g.primary(depth)
}

// operand is an operand of a binary operator, parenthesised unless it is a
// primary: Groovy 2.4 does not chain every operator (`a < b < c` is an
// error), and precedence itself is tested by the parser's own tests.
func (g *progGen) operand(depth int) string {
	if g.chance(2) {
		return g.primary(depth - 1)
	}
	return "(" + g.expr(depth-1) + ")"
}

// mutate returns src with one to three random edits of the kinds a hand
// makes: a line deleted, duplicated or moved, a bracket, quote or
// separator deleted, a token inserted. Most mutants are no Groovy; the
// parser must reject exactly those Groovy rejects.
func mutate(src string, seed uint64) string {
	r := rand.New(rand.NewPCG(seed, 0x6d75))
	lines := strings.Split(src, "\n")
	for range 1 + r.IntN(3) {
		i := r.IntN(len(lines))
		switch r.IntN(5) {
		case 0:
			lines = append(lines[:i], lines[i+1:]...)
		case 1:
			lines = append(lines[:i+1], lines[i:]...)
		case 2:
			var at []int
			for j, c := range lines[i] {
				if strings.ContainsRune("{}()[],:'\"=.$", c) {
					at = append(at, j)
				}
			}
			if len(at) > 0 {
				j := at[r.IntN(len(at))]
				lines[i] = lines[i][:j] + lines[i][j+1:]
			}
		case 3:
			ins := []string{"(", ")", "{", "}", ",", ".", `"`, "'", " x ", "=", "->", "$", "\n", "?", "[", "]", ":", " as ", " in "}
			j := r.IntN(len(lines[i]) + 1)
			lines[i] = lines[i][:j] + ins[r.IntN(len(ins))] + lines[i][j:]
		default:
			j := r.IntN(len(lines))
			lines[i], lines[j] = lines[j], lines[i]
		}
		if len(lines) == 0 {
			lines = []string{""}
		}
	}
	return strings.Join(lines, "\n")
}
