package groovy

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/internal/testenv"

	"github.com/jenkins2actions/jenkins2actions/diag"
)

// parseOK parses src and fails the test on any diagnostic or bad range.
func parseOK(t *testing.T, src string) *File {
	t.Helper()
	f, ds := Parse("test.groovy", []byte(src))
	for _, d := range ds {
		t.Errorf("unexpected diagnostic: %s", d)
	}
	checkTree(t, f, ds)
	return f
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		// Command expressions.
		{"command", `sh 'make'`, `(cmd sh "make")`},
		{"command gstring", `echo "x ${y}"`, `(cmd echo (gstr "x " ${y}))`},
		{"command named", `junit allowEmptyResults: true, testResults: '*.xml'`, `(cmd junit allowEmptyResults:true testResults:"*.xml")`},
		{"command script", `sh script: 'x', returnStdout: true`, `(cmd sh script:"x" returnStdout:true)`},
		{"command values", `values 'a', 'b'`, `(cmd values "a" "b")`},
		{"command ident arg", `jdk params.jdkVersion`, `(cmd jdk (. params jdkVersion))`},
		{"command bool", `failFast true`, `(cmd failFast true)`},
		{"command new", `echo new Date()`, `(cmd echo (new Date))`},
		{"command not", `foo !bar`, `(cmd foo (! bar))`},
		{"command keyword key", `foo default: 1`, `(cmd foo default:1)`},
		{"command call arg", `buildDiscarder logRotator(numToKeepStr: '5')`, `(cmd buildDiscarder (call logRotator numToKeepStr:"5"))`},
		{"command decl", `def v = tool 'nodejs'`, `(decl def v = (cmd tool "nodejs"))`},
		{"command assign", `x = readProperties file: 'a'`, `(= x (cmd readProperties file:"a"))`},
		{"command decl named", `def rc = sh returnStatus: true, script: 'ls'`, `(decl def rc = (cmd sh returnStatus:true script:"ls"))`},
		{"command method", `foo.bar 'x'`, `(cmd (. foo bar) "x")`},
		{"command input", `input message: 'x', ok: 'y'`, `(cmd input message:"x" ok:"y")`},
		{"command string keys", `parallel 'a': { sh 'x' }, 'b': { sh 'y' }`, `(cmd parallel a:{(cmd sh "x")} b:{(cmd sh "y")})`},
		{"command closure arg", `foo bar { }`, `(cmd foo (cmd bar {}))`},
		{"no command minus", `a -1`, `(- a 1)`},
		{"no command index", `a [1]`, `(idx a 1)`},
		{"no command in", `x in list`, `(in x list)`},
		{"command no newline", "foo\n'x'", `foo "x"`},

		// Calls.
		{"call named mixed", `f(a: 1, 'pos', b: 2)`, `(call f a:1 "pos" b:2)`},
		{"call keyword keys", `f(default: 1, in: 2, 'x': 3, 4: 5)`, `(call f default:1 in:2 x:3 4:5)`},
		{"call spread", `f(*args, *: m)`, `(call f *args *m)`},
		{"call trailing", `stage('x') { }`, `(call stage "x" {})`},
		{"call only closure", `node { }`, `(cmd node {})`},
		{"call two closures", `f(a) { } { }`, `(call f a {} {})`},
		{"call dollar key", `checkout([$class: 'GitSCM'])`, `(call checkout [$class:"GitSCM"])`},
		{"call call", `f(a)(b)`, `(call (call f a) b)`},
		{"call trailing comma", `f(1, 2,)`, `(call f 1 2)`},
		{"closure next line", "foo()\n{ bar() }", `(call foo {(call bar)})`},
		{"closure next line in parens", "f(g()\n{ })", ``},

		// Closures.
		{"closure arrow", `c = { -> x }`, `(= c {-> x})`},
		{"closure params", `c = { a, b -> a + b }`, `(= c {a b -> (+ a b)})`},
		{"closure typed params", `c = { String a, int b = 2 -> }`, `(= c {String a int b=2 ->})`},
		{"closure generic param", `c = { Map<String, String> m -> m }`, `(= c {Map<String, String> m -> m})`},
		{"closure it", `c = { it }`, `(= c {it})`},
		{"closure stmt start", `{ a -> a }`, `{a -> a}`},
		{"block stmt", `{ a() }`, ``},
		{"labelled block", `L: { a() }`, `(label L {(call a)})`},

		// Literals.
		{"empty map", `m = [:]`, `(= m [:])`},
		{"map keys", `m = [a: 1, 'b': 2, (k): 3, *: o]`, `(= m [a:1 "b":2 (paren k):3 *:o])`},
		{"map keyword keys", `m = [default: 1, in: 2, class: 3]`, `(= m [default:1 in:2 class:3])`},
		{"list", `l = [1, 'a', [2], *xs,]`, `(= l [1 "a" [2] (* xs)])`},
		{"ranges", `r = [1..10, 0..<n]`, `(= r [(.. 1 10) (..< 0 n)])`},
		{"numbers", `n = [10L, 1.5G, 1_000, 0xFF, 1e10, 3.14d, 0b101]`, `(= n [10L 1.5G 1_000 0xFF 1e10 3.14d 0b101])`},
		{"booleans", `b = [true, false, null]`, `(= b [true false null])`},

		// Navigation.
		{"safe spread attr", `x?.y*.z.@w`, `(. (*. (?. x y) z) w)`},
		{"leading dot", "a.b\n  .c()\n  ?.d", `(?. (call (. (. a b) c)) d)`},
		{"leading dot comment", "a\n  // c\n  .b()", `(call (. a b))`},
		{"chain after closure", `list.findAll { it }.each { println it }`, `(cmd (. (cmd (. list findAll) {it}) each) {(cmd println it)})`},
		{"chain inject", `x.collect{ it }.inject([:]) { acc, v -> acc }`, `(call (. (cmd (. x collect) {it}) inject) [:] {acc v -> acc})`},
		{"list receiver", `['a','b'].each { }`, `(cmd (. ["a" "b"] each) {})`},
		{"closure appended to a string", `foo 'a' { x } + 1`, `(cmd foo (+ (cmd "a" {x}) 1))`},
		{"closure appended to a number", `v = 1 { x }`, `(= v (cmd 1 {x}))`},
		{"chain to a constant", `foo a null`, `(. (cmd foo a) null)`},
		{"chain with a signed argument", `foo a b -1`, `(cmd (. (cmd foo a) b) (- 1))`},
		{"dynamic member", `a.(b)`, `(. a (b))`},
		{"closure after a dot", `a.{ x }`, `(cmd (. a with) {x})`},
		{"closure with a parameter in a string", `s = "${w -> w << 'x'}"`, `(= s (gstr ${{w -> (<< w "x")}}))`},
		{"closure called as a command", `{ a -> a } x`, `(cmd {a -> a} x)`},
		{"closure as a chain link", `foo a instanceof File { x } + 1`, `(cmd (. (cmd foo (instanceof a File)) { x }) (+ 1))`},
		{"prefix increment in a chain", "foo a b ++\nc", `(cmd (. (cmd foo a) b) (++ c))`},
		{"paren receiver", `(a ?: '').split(';')`, `(call (. (paren (?: a "")) split) ";")`},
		{"index", `a = b[0][1].c[2]`, `(= a (idx (. (idx (idx b 0) 1) c) 2))`},
		{"safe index", `a = b?[2]`, ``},
		{"keyword members", `[x.class, params.default, it.in]`, `[(. x class) (. params default) (. it in)]`},
		{"string member", `x.'a-b'`, `(. x a-b)`},

		// Declarations and assignments.
		{"typed decl", `String x = 'a'`, `(decl String x = "a")`},
		{"generic decl", `Map<String, List<String>> m = [:]`, `(decl Map<String, List<String>> m = [:])`},
		{"generic decl >>>", `Map<String, Map<String, List<String>>> m = x >>> 1`, `(decl Map<String, Map<String, List<String>>> m = (>>> x 1))`},
		{"generic wildcard", `List<? extends Number>[] l`, `(decl List<? extends Number>[] l)`},
		{"tuple decl", `def (a, b) = it`, `(decl def a,b = it)`},
		{"multi decl", `def a, b`, `(decl def a,b)`},
		{"multi init decl", `def a = 1, b = 2`, `(decl def a = 1) (decl def b = 2)`},
		{"final decl", `final x = 1`, `(decl final def x = 1)`},
		{"array decl", `String[] a = []`, `(decl String[] a = [])`},
		{"lower type decl", `foo bar = 1`, `(decl foo bar = 1)`},
		{"qualified decl", `java.util.List l = []`, `(decl java.util.List l = [])`},
		{"var decl", `var x = 1`, `(decl def x = 1)`},
		{"assign property", `env.FOO = 'x'`, `(= (. env FOO) "x")`},
		{"assign this", `this.x = 1`, `(= (. this x) 1)`},
		{"assign index", `m['k'] = v`, `(= (idx m "k") v)`},
		{"compound", `x += 2; y -= 3; z <<= 1`, `(+= x 2) (-= y 3) (<<= z 1)`},
		{"elvis assignment", `y ?= 3`, ``},
		{"chained assign", `a = b = c`, `(= a (= b c))`},

		// Operators.
		{"ternary", `a = x ? y : z`, `(= a (? x y z))`},
		{"nested ternary", `a = x ? y : z ? u : v`, `(= a (? x y (? z u v)))`},
		{"elvis", `a = x ?: y ?: z`, `(= a (?: x (?: y z)))`},
		{"match", `a = s ==~ /^\d+$/`, `(= a (==~ s "^\\d+$"))`},
		{"find", `a = s =~ /x/`, `(= a (=~ s "x"))`},
		{"not in", `a = x !in l`, ``},
		{"equality chained", `a = x == y == z`, `(= a (== (== x y) z))`},
		{"instanceof", `a = x instanceof java.lang.String`, `(= a (instanceof x java.lang.String))`},
		{"not instanceof", `a = x !instanceof String`, ``},
		{"as array", `a = x as Object[]`, `(= a (as x Object[]))`},
		{"as generic", `a = x as List<String>`, `(= a (as x List<String>))`},
		{"cast", `a = (String) x`, `(= a (as x String))`},
		{"paren not cast", `a = (x) - 1`, `(= a (- (paren x) 1))`},
		{"new", `a = new Foo(1, b: 2)`, `(= a (new Foo 1 b:2))`},
		{"new array", `a = new Foo[3]`, `(= a (new Foo[] 3))`},
		{"new chain", `a = new Date().format('x')`, `(= a (call (. (new Date) format) "x"))`},
		{"new diamond", `a = new HashMap<>()`, `(= a (new HashMap<>))`},
		{"new nested generics", `a = new HashMap<String, List<String>>()`, `(= a (new HashMap<String, List<String>>))`},
		{"method pointer", `a = this.&foo`, `(= a (.& this foo))`},
		{"method reference", `a = String::valueOf`, ``},
		{"unary", `a = [!x, -x, ++x, ~x, x++, x--]`, `(= a [(! x) (- x) (++ x) (~ x) (post++ x) (post-- x)])`},
		{"power", `a = -2 ** 3 ** 2`, `(= a (- (** 2 (** 3 2))))`},
		{"precedence", `a = b || c && d | e ^ f & g == h < i << j + k * l`, `(= a (|| b (&& c (| d (^ e (& f (== g (< h (<< i (+ j (* k l)))))))))))`},
		{"not binds tight", `a = !x.y()`, `(= a (! (call (. x y))))`},
		{"division", `a = b / c / 2`, `(= a (/ (/ b c) 2))`},
		{"regex args", `a = x.split(/,/)`, `(= a (call (. x split) ","))`},
		{"continued operators", "if (a\n  && b\n  || c) {}", `(if (|| (&& a b) c) {})`},
		{"continued ternary", "a = c\n  ? 1\n  : 2", `(= a (? c 1 2))`},
		{"continued elvis", "a = x\n  ?: y", `(= a (?: x y))`},
		{"trailing operator", "a = b +\n  c", `(= a (+ b c))`},

		// Strings.
		{"escapes", `s = "t\tn\nq\"d\$x\\"`, `(= s "t\tn\nq\"d$x\\")`},
		{"single escapes", `s = 'it\'s \u0041\101'`, `(= s "it's AA")`},
		{"line continuation", "s = \"a \\\nb\"", `(= s "a b")`},
		{"dotted interpolation", `s = "$a$b $c.d.e() \$ x"`, `(= s (gstr $a $b " " $(. (. c d) e) "() $ x"))`},
		{"lone dollar", `s = "a $ b"`, ``},
		{"nested strings", `s = "${tool "jdk"} ${foo('a')} ${m["k"]}"`, `(= s (gstr ${(cmd tool "jdk")} " " ${(call foo "a")} " " ${(idx m "k")}))`},
		{"nested braces", `s = "${[a: 1].collect { k, v -> "$k" }}"`, `(= s (gstr ${(cmd (. [a:1] collect) {k v -> (gstr $k)})}))`},
		{"lazy interpolation", `s = "${-> x}"`, `(= s (gstr ${{-> x}}))`},
		{"empty interpolation", `s = "${}"`, `(= s (gstr ${null}))`},
		{"triple double", "s = \"\"\"\n  a ${b}\n\"\"\".stripIndent()", `(= s (call (. (gstr "\n  a " ${b} "\n") stripIndent)))`},
		{"triple single", "s = '''a\n$b'''", `(= s "a\n$b")`},
		{"slashy", `s = /a\/b\d$/`, `(= s "a/b\\d$")`},
		{"slashy interpolation", `s = /a${b}c/`, `(= s (gstr "a" ${b} "c"))`},
		{"dollar slashy", `s = $/a/b\d$$ $/ ${c}/$`, `(= s (gstr "a/b\\d$ / " ${c}))`},
		{"empty strings", `s = ['', "", '''''', """"""]`, `(= s ["" "" "" ""])`},

		// Control flow.
		{"if else", `if (a) b() else if (c) d() else { e() }`, `(if a (call b) else (if c (call d) else {(call e)}))`},
		{"if newlines", "if (a)\n  b()\nelse\n  c()", `(if a (call b) else (call c))`},
		{"if return", "if (x) return\nfoo()", `(if x (return)) (call foo)`},
		{"if semicolon else", `if (a) b(); else c()`, `(if a (call b) else (call c))`},
		{"for in", `for (x in xs) { }`, `(for x in xs {})`},
		{"for def in", `for (def x in y) println x`, `(for x in y (cmd println x))`},
		{"for colon", `for (String x : xs) {}`, `(for String x in xs {})`},
		{"for classic", `for (int i = 0; i < 10; i++) {}`, `(for (decl int i = 0) (< i 10) (post++ i) {})`},
		{"for empty", `for (;;) { break }`, `(for nil nil nil {(break)})`},
		{"while", `while (x) { x-- }`, `(while x {(post-- x)})`},
		{"do while", "do {\n  x++\n} while (x < 10)", ``},
		{"try", `try { a() } catch (A | B e) { b() } finally { c() }`, `(try {(call a)} (catch A|B e {(call b)}) finally {(call c)})`},
		{"try newlines", "try {\n}\ncatch (e) {\n}\nfinally\n{\n}", `(try {} (catch  e {}) finally {})`},
		{"try qualified", `try {} catch (hudson.AbortException e) {}`, `(try {} (catch hudson.AbortException e {}))`},
		{"switch", "switch (x) {\n case 'a':\n case 'b':\n  foo()\n  break\n case ~/re/: bar()\n default:\n  baz()\n}",
			`(switch x (case "a" "b": (call foo) (break)) (case (~ "re"): (call bar)) (case default: (call baz)))`},
		{"switch closure case", "switch (x) { case { it > 1 }: a() }", `(switch x (case {(> it 1)}: (call a)))`},
		{"return", "return\nreturn x", `(return) (return x)`},
		{"branch", "break\ncontinue outer", `(break) (continue outer)`},
		{"throw", `throw new Exception("x")`, `(throw (new Exception "x"))`},
		{"assert", "assert x : 'msg'\nassert y, 'm'", `(assert x "msg") (assert y "m")`},
		{"label", `outer: for (a in b) { continue outer }`, `(label outer (for a in b {(continue outer)}))`},
		{"synchronized", `synchronized (lock) { x++ }`, `(call synchronized lock {(post++ x)})`},
		{"semicolons", `a(); b();; c()`, `(call a) (call b) (call c)`},

		// Methods and classes.
		{"method", `def name(a, b = 1) { }`, `(method def name(a, b=1) {})`},
		{"void method", `void name(String a) {}`, `(method void name(String a) {})`},
		{"modifiers method", `private static String f() { 'x' }`, `(method private static String f() {"x"})`},
		{"varargs", `def g(String... a) {}`, `(method def g(String... a) {})`},
		{"generic params", `def h(Map<String, String> m, List<String>[] l) {}`, `(method def h(Map<String, String> m, List<String>[] l) {})`},
		{"method body next line", "def f()\n{\n}", `(method def f() {})`},
		{"method throws", `def f() throws IOException, Exception {}`, `(method def f() {})`},
		{"noncps", "@NonCPS\ndef f() {}", `(annotated @NonCPS (method def f() {}))`},
		{"class", "class Foo extends Bar implements Baz<T> {\n String name\n Foo(String n) { this.name = n }\n String toString() { name }\n}",
			`(class Foo (decl String name) (method Foo(String n) {(= (. this name) n)}) (method String toString() {name}))`},
		{"class field lowercase type", "class Foo { def steps; steps x }", `(class Foo (decl def steps) (decl steps x))`},
		{"enum", `enum Color { RED, GREEN, BLUE }`, `(enum Color RED GREEN BLUE)`},
		{"enum args", "enum P {\n A(1), B(2)\n final int v\n P(int v) { this.v = v }\n}", `(enum P (call A 1) (call B 2) (decl final int v) (method P(int v) {(= (. this v) v)}))`},
		{"interface", `interface I { String foo() }`, `(interface I (method String foo() nil))`},
		{"static init", "static {\n x = 1\n}", `{(= x 1)}`},
		{"anonymous class", `r = new Runnable() { void run() {} }`, `(= r (new Runnable))`},

		// Annotations and imports.
		{"library", `@Library('lib@ref') _`, `(annotated @Library("lib@ref") _)`},
		{"library list", `@Library(['a', 'b']) _`, `(annotated @Library(["a" "b"]) _)`},
		{"library named", `@Library(value="x", changelog=false) _`, `(annotated @Library(value:"x" changelog:false) _)`},
		{"library then pipeline", "@Library('x') _\npipeline {\n  agent any\n}", `(annotated @Library("x") _) (cmd pipeline {(cmd agent any)})`},
		{"library import", "@Library('x')\nimport foo.Bar", `(annotated @Library("x") (import foo.Bar))`},
		{"library call", "@Library('x')\nfoo()", ``},
		{"grapes", "@Grapes([@Grab('a:b:1'), @Grab(group='c', module='d')])\nimport x.Y", `(annotated @Grapes([@Grab("a:b:1") @Grab(group:"c" module:"d")]) (import x.Y))`},
		{"field", "@groovy.transform.Field\ndef x = 1", `(annotated @groovy.transform.Field (decl def x = 1))`},
		{"imports", "import a.b.C\nimport a.b.*\nimport static a.b.C.m\nimport x.Y as Z;", `(import a.b.C) (import a.b.*) (import static a.b.C.m) (import x.Y as Z)`},

		// Layout.
		{"shebang", "#!/usr/bin/env groovy\nfoo()", `(call foo)`},
		{"crlf", "a = b\r\n  .c()\r\nfoo 'x'\r\n", `(= a (call (. b c))) (cmd foo "x")`},
		{"bom", "\uFEFFfoo()", `(call foo)`},
		{"block comment newline", "a() /*\n*/ b()", `(call a) (call b)`},
		{"line continuation code", "a = 1 + \\\n 2", `(= a (+ 1 2))`},
		{"unicode ident", `def café = 'ü'`, `(decl def café = "ü")`},
		{"statements after pipeline", "pipeline {\n}\ndef f() {}\nf()", `(cmd pipeline {}) (method def f() {}) (call f)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, ds := Parse("test.groovy", []byte(tt.src))
			checkTree(t, f, ds)
			if tt.want == "" {
				if len(ds) == 0 {
					t.Errorf("want a diagnostic, got none; tree: %s", short(f))
				}
				return
			}
			for _, d := range ds {
				t.Errorf("unexpected diagnostic: %s", d)
			}
			if got := short(f); got != tt.want {
				t.Errorf("\nsrc:  %s\ngot:  %s\nwant: %s", tt.src, got, tt.want)
			}
		})
	}
}

func TestPositions(t *testing.T) {
	src := "@Library('x') _\npipeline {\n  stage('é') {\n    sh \"echo ${env.A}\"\n  }\n}\n"
	f := parseOK(t, src)
	if len(f.Stmts) != 2 {
		t.Fatalf("got %d statements, want 2", len(f.Stmts))
	}
	var sh *CallExpr
	Walk(f, func(n Node) bool {
		if c, ok := n.(*CallExpr); ok && c.Name() == "sh" {
			sh = c
		}
		return true
	})
	if sh == nil {
		t.Fatal("no sh call")
	}
	checkRange(t, f, "sh call", sh.Range, 4, 5, `sh "echo ${env.A}"`)
	str := sh.Args[0].Value.(*StringLit)
	checkRange(t, f, "string", str.Range, 4, 8, `"echo ${env.A}"`)
	checkRange(t, f, "literal part", str.Parts[0].Range, 4, 9, `echo `)
	checkRange(t, f, "interpolation", str.Parts[1].Range, 4, 14, `${env.A}`)
	checkRange(t, f, "interpolated expr", str.Parts[1].Expr.Span(), 4, 16, `env.A`)
	prop := str.Parts[1].Expr.(*PropertyExpr)
	checkRange(t, f, "property name", prop.NameSpan, 4, 20, `A`)

	ann := f.Stmts[0].(*AnnotatedStmt)
	checkRange(t, f, "annotated", ann.Range, 1, 1, `@Library('x') _`)
	checkRange(t, f, "annotation", ann.Annotations[0].Range, 1, 1, `@Library('x')`)
	pipe := f.Stmts[1].(*ExprStmt).X.(*CallExpr)
	checkRange(t, f, "pipeline", pipe.Range, 2, 1, "pipeline {\n  stage('é') {\n    sh \"echo ${env.A}\"\n  }\n}")
	stage := pipe.Block().Body[0].(*ExprStmt).X.(*CallExpr)
	// Columns count bytes: é is two.
	checkRange(t, f, "stage closure", stage.Block().Range, 3, 15, "{\n    sh \"echo ${env.A}\"\n  }")
	checkRange(t, f, "file", f.Range, 1, 1, src)
	if f.Range.End.Line != 7 || f.Range.End.Col != 1 {
		t.Errorf("file end = %d:%d, want 7:1", f.Range.End.Line, f.Range.End.Col)
	}

	f = parseOK(t, "def m = [a: 1]\nm.b = x as Map<String, List<String>>\n")
	decl := f.Stmts[0].(*DeclStmt)
	checkRange(t, f, "decl", decl.Range, 1, 1, `def m = [a: 1]`)
	entry := decl.Value.(*MapLit).Entries[0]
	checkRange(t, f, "entry", entry.Range, 1, 10, `a: 1`)
	cast := f.Stmts[1].(*ExprStmt).X.(*BinaryExpr).Y.(*CastExpr)
	checkRange(t, f, "cast of split >>", cast.Range, 2, 7, `x as Map<String, List<String>>`)
}

func checkRange(t *testing.T, f *File, what string, r diag.Range, line, col int, text string) {
	t.Helper()
	if r.Start.Line != line || r.Start.Col != col {
		t.Errorf("%s starts at %d:%d, want %d:%d", what, r.Start.Line, r.Start.Col, line, col)
	}
	if got := f.Text(r); got != text {
		t.Errorf("%s covers %q, want %q", what, got, text)
	}
	if r.File != f.Name {
		t.Errorf("%s has file %q, want %q", what, r.File, f.Name)
	}
}

func TestErrorRecovery(t *testing.T) {
	tests := []struct {
		name string
		src  string
		diag string // line:col: message of the first diagnostic
		want string // the tree, with BADSTMT for skipped statements
	}{
		{"missing paren", "foo(a b)\nbar()", `1:7: expected ")" after arguments, found "b"`, `BADSTMT (call bar)`},
		{"brace in args", "foo(a {\n}\nbar()", ``, ``},
		{"dangling operator", "node {\n  sh 'x' +\n}\necho 'after'", `3:1: expected expression, found "}"`, `(cmd node {BADSTMT}) (cmd echo "after")`},
		{"unclosed list", "def x = [1, 2\necho 'y'", `2:1: expected "]" after list elements, found "echo"`, `BADSTMT (cmd echo "y")`},
		{"stray paren in block", "stage('a') {\n  steps {\n    sh 'ok'\n    ) bad\n    sh 'ok2'\n  }\n}",
			`4:5: expected expression, found ")"`, `(call stage "a" {(cmd steps {(cmd sh "ok") BADSTMT (cmd sh "ok2")})})`},
		{"stray brace", "}\nfoo()", `1:1: unexpected "}"`, `BADSTMT (call foo)`},
		{"two values", "x = 1 == 2 3\ny = 3", `1:12: expected end of statement, found "3"`, `BADSTMT (= y 3)`},
		{"stray else", "else { }\nz()", `1:1: unexpected "else"`, `BADSTMT (call z)`},
		{"half a declaration", "Foo bar { }\nz()", `1:5: Foo bar reads as the declaration of bar, which cannot be followed by "{" (end the statement after the name, or give it a value with =)`, `BADSTMT (call z)`},
		{"string after a qualified type", "env.NODE_ENV 'test'\nz()", `1:14: env.NODE_ENV followed by a string: Groovy reads a capitalised name here as a type (write env.NODE_ENV('...') or env.NODE_ENV = '...')`, `BADSTMT (call z)`},
		{"assignment after a chain", "foo(a) b = 1\nz()", `1:10: expected end of statement, found "="`, `BADSTMT (call z)`},
		{"ternary without colon", "a ? b\nc()", `1:6: expected ":" in conditional expression, found newline`, `BADSTMT (call c)`},
		{"unterminated string", "\"abc\nfoo()", `1:1: unterminated string literal`, `BADSTMT (call foo)`},
		{"unterminated triple", "'''abc", `1:1: unterminated string literal`, `BADSTMT`},
		{"unterminated comment", "foo()\n/* abc", `2:1: unterminated block comment`, `(call foo)`},
		{"bad character", "x = # 1\ny = 2", `1:5: unexpected character '#'`, `BADSTMT (= y 2)`},
		{"eof in call", "foo(", `1:5: expected ")" after arguments, found end of file`, `BADSTMT`},
		{"eof in closure", "node {\n  sh 'x'", `2:9: expected "}" to close the closure opened at 1:6, found end of file`, `BADSTMT`},
		{"def alone", "def", `1:4: expected name in declaration, found end of file`, `BADSTMT`},
		{"switch without case", "switch (x) { foo() }\nbar()", `1:14: expected "case" or "default", found "foo"`, `(switch x) (call bar)`},
		{"mixed map", "m = [a: 1, 2]\nok()", `1:12: expected map entry, found list element`, `BADSTMT (call ok)`},
		{"bad for", "for (x y) {}\nok()", `1:8: expected ";" after for loop initialiser, found "y"`, `BADSTMT (call ok)`},
		{"bad catch", "try {} catch () {}\nok()", `1:15: expected type, found ")"`, `BADSTMT (call ok)`},
		{"error in interpolation", "echo \"${a +}\"\nok()", `1:12: expected expression, found end of file`, `(cmd echo (gstr ${{BADSTMT}})) (call ok)`},
		{"error inside nested closure", "a {\n  b {\n    c(\n  }\n  d()\n}\ne()", `4:3: expected ")" to close the arguments opened at 3:6, found "}"`, `(cmd a {(cmd b {BADSTMT}) (call d)}) (call e)`},
		{"method without body", "def f()\nok()", `1:8: expected "{" before method body, found newline`, ``},
		{"garbage", ") ] } , : ?\nok()", `1:1: expected expression, found ")"`, ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, ds := Parse("test.groovy", []byte(tt.src))
			checkTree(t, f, ds)
			if len(ds) == 0 {
				t.Fatalf("no diagnostic; tree: %s", short(f))
			}
			for _, d := range ds {
				if d.Code != codeSyntax {
					t.Errorf("diagnostic %s has code %q", d, d.Code)
				}
			}
			if tt.diag != "" {
				d := ds[0]
				got := fmt.Sprintf("%d:%d: %s", d.Subject.Start.Line, d.Subject.Start.Col, d.Message)
				if got != tt.diag {
					t.Errorf("diagnostic:\ngot:  %s\nwant: %s", got, tt.diag)
				}
			}
			if tt.want != "" {
				if got := short(f); got != tt.want {
					t.Errorf("tree:\ngot:  %s\nwant: %s", got, tt.want)
				}
			}
		})
	}
}

// checkTree checks what every parse must guarantee: diagnostics point into
// the file, and every node's range is inside the source with line and column
// agreeing with the offset.
func checkTree(t testing.TB, f *File, ds diag.Diagnostics) {
	t.Helper()
	lines := lineStarts(f.Src)
	check := func(what string, r diag.Range) {
		t.Helper()
		if r.File != f.Name {
			t.Errorf("%s: file %q, want %q", what, r.File, f.Name)
		}
		if !r.Start.IsValid() || r.Start.Offset > r.End.Offset || r.End.Offset > len(f.Src) || r.Start.Offset < 0 {
			t.Errorf("%s: bad range %+v (source length %d)", what, r, len(f.Src))
			return
		}
		for _, p := range []diag.Pos{r.Start, r.End} {
			if want := posAt(lines, p.Offset); p != want {
				t.Errorf("%s: position %+v, want %+v", what, p, want)
			}
		}
	}
	for _, d := range ds {
		check("diagnostic "+d.Message, d.Subject)
	}
	Walk(f, func(n Node) bool {
		check(fmt.Sprintf("%T", n), n.Span())
		switch n := n.(type) {
		case *StringLit:
			for _, p := range n.Parts {
				check("string part", p.Range)
			}
		case *PropertyExpr:
			check("property name", n.NameSpan)
		case *Arg:
			if n.Name != "" {
				check("argument name", n.NameRange)
			}
		case *ExprStmt:
			if n.X == nil {
				t.Errorf("ExprStmt without expression")
				return false
			}
		}
		return true
	})
}

func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

func posAt(starts []int, off int) diag.Pos {
	lo, hi := 0, len(starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if starts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return diag.Pos{Line: lo + 1, Col: off - starts[lo] + 1, Offset: off}
}

const corpusDir = "../../../shared/corpus/jenkinsfiles"

var (
	// stepCall crudely finds sh, bat and powershell steps in source text:
	// the name, not after a dot, followed by an argument.
	stepCall     = regexp.MustCompile(`(?m)(?:^|[\s({;,=:\[!])(sh|bat|powershell)\s*(?:\(|'|"|\$/|[A-Za-z]\w*\s*:)`)
	lineComment  = regexp.MustCompile(`(?m)^\s*//.*$`)
	blockComment = regexp.MustCompile(`(?m)^\s*/\*[\s\S]*?\*/`)
)

func TestCorpus(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(corpusDir, "*", "Jenkinsfile"))
	if err != nil || len(files) == 0 {
		testenv.Missing(t, corpusDir, "the parser is checked on the real Jenkinsfiles there")
	}
	total := 0
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(filepath.Dir(name)), func(t *testing.T) {
			f, ds := Parse(name, src)
			for _, d := range ds {
				t.Errorf("%s", d)
			}
			checkTree(t, f, ds)

			text := blockComment.ReplaceAllString(string(src), "")
			text = lineComment.ReplaceAllString(text, "")
			want := len(stepCall.FindAllString(text, -1))
			got := 0
			Walk(f, func(n Node) bool {
				if c, ok := n.(*CallExpr); ok {
					if id, ok := c.Fun.(*Ident); ok && (id.Name == "sh" || id.Name == "bat" || id.Name == "powershell") {
						got++
					}
				}
				return true
			})
			if got != want {
				t.Errorf("found %d sh/bat/powershell calls in the tree, %d in the text", got, want)
			}
			total += got
		})
	}
	if len(files) >= 40 && total < 100 {
		t.Errorf("only %d shell steps in the whole corpus; the count check is not biting", total)
	}
}

func TestWalk(t *testing.T) {
	src := `@Library('x') _
import a.B
class C { def f(p = 1) { try { } catch (E e) { } finally { } } }
enum E { A }
def g(int a) {
  switch (a) { case 1: return "${a}"; default: throw new X(a) }
}
for (int i = 0; i < 2; i++) { while (i) { break } }
for (x in [1, 2]) { continue }
lbl: assert m[0] ? n?.o : p ?: q, 'msg'
def (u, v) = [k: (String) w, *: z] as Map
f(*l, n: { -> it }) { y -> -y++ }
if (a instanceof B) { } else { this.&h }
x = (true) ?: null
`
	f := parseOK(t, src)
	kinds := map[string]int{}
	Walk(f, func(n Node) bool {
		kinds[strings.TrimPrefix(fmt.Sprintf("%T", n), "*groovy.")]++
		return true
	})
	for _, k := range []string{
		"File", "AnnotatedStmt", "Annotation", "Arg", "ImportStmt", "ClassDecl", "MethodDecl",
		"Param", "TryStmt", "CatchClause", "BlockStmt", "SwitchStmt", "SwitchCase", "ReturnStmt",
		"StringLit", "ThrowStmt", "NewExpr", "ForStmt", "WhileStmt", "BranchStmt", "ListLit",
		"LabeledStmt", "AssertStmt", "IndexExpr", "TernaryExpr", "PropertyExpr", "BinaryExpr",
		"DeclStmt", "MapLit", "MapEntry", "CastExpr", "CallExpr", "ClosureExpr", "UnaryExpr",
		"IfStmt", "Ident", "NumberLit", "ExprStmt", "ParenExpr", "BoolLit", "NullLit",
	} {
		if kinds[k] == 0 {
			t.Errorf("Walk never visited a %s", k)
		}
	}
	// The interpolated `a` in "${a}" is reached through its string.
	found := false
	Walk(f, func(n Node) bool {
		if s, ok := n.(*StringLit); ok && !s.IsPlain() {
			Walk(s, func(m Node) bool {
				if id, ok := m.(*Ident); ok && id.Name == "a" {
					found = true
				}
				return true
			})
		}
		return true
	})
	if !found {
		t.Error("Walk did not reach the interpolated expression")
	}
	// Returning false skips children.
	n := 0
	Walk(f, func(Node) bool { n++; return false })
	if n != 1 {
		t.Errorf("Walk visited %d nodes after fn returned false at the root", n)
	}
}

func TestParseNeverPanics(t *testing.T) {
	// Every prefix of a realistic file is a truncated input: unclosed
	// strings, brackets and blocks at every point.
	src, err := os.ReadFile(filepath.Join("testdata", "bench", "Jenkinsfile"))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i <= len(src); i += 7 {
		f, ds := Parse("prefix.groovy", src[:i])
		checkTree(t, f, ds)
		for _, d := range ds {
			if d.Code != codeSyntax {
				t.Fatalf("prefix %d: %s", i, d)
			}
		}
	}
}

func TestDeepNesting(t *testing.T) {
	tests := []struct {
		name, src, msg string
	}{
		{"parens", strings.Repeat("(", 100000), "code nested too deeply"},
		{"closures", strings.Repeat("f {", 50000), "code nested too deeply"},
		{"ifs", strings.Repeat("if (a) ", 50000), "code nested too deeply"},
		{"generics", "List" + strings.Repeat("<List", 50000) + strings.Repeat(">", 50000) + " x", "code nested too deeply"},
		{"interpolations", strings.Repeat(`"${`, 50000), "string interpolations nested too deeply"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, ds := Parse("deep.groovy", []byte(tt.src))
			checkTree(t, f, ds)
			found := false
			for _, d := range ds {
				found = found || d.Message == tt.msg
			}
			if !found {
				t.Errorf("no %q diagnostic in %v", tt.msg, ds)
			}
		})
	}
	// Nesting as deep as real pipelines get is fine.
	parseOK(t, strings.Repeat("stage('x') {\n", 60)+strings.Repeat("}\n", 60))
}

// TestIsAssign checks that comparisons ending in = are not assignments.
func TestIsAssign(t *testing.T) {
	for op, want := range map[string]bool{"=": true, "+=": true, "<<=": true, "?=": true, "==": false, "!=": false, "<=": false, ">=": false, "===": false, "!==": false, "+": false} {
		if got := (&BinaryExpr{Op: op}).IsAssign(); got != want {
			t.Errorf("%q: IsAssign = %v, want %v", op, got, want)
		}
	}
}

// TestCompareOnce checks that what Groovy 2.4 does not chain is rejected
// with the message that says why, not by some other error.
func TestCompareOnce(t *testing.T) {
	for _, src := range []string{`a = x < y < z`, `a = x in y in z`, `a = x as A as B`, `a = x instanceof B % c`} {
		_, ds := Parse("test.groovy", []byte(src))
		if len(ds) == 0 || !strings.Contains(ds[0].Message, "after a comparison, in, instanceof or as") {
			t.Errorf("%s: diagnostics %v, want one about comparing once", src, ds)
		}
	}
}
