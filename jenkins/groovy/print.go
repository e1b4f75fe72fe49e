package groovy

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/diag"
)

// Dump renders a tree one node per line, children indented under their
// parent, each with its kind, its attributes and its range as
// line:col-line:col. The output is stable; golden tests compare it.
func Dump(n Node) string {
	d := &dumper{}
	d.node(0, "", n)
	return d.b.String()
}

type dumper struct {
	b strings.Builder
}

func (d *dumper) line(depth int, label, head string, r diag.Range) {
	for range depth {
		d.b.WriteString("  ")
	}
	if label != "" {
		d.b.WriteString(label)
		d.b.WriteString(": ")
	}
	d.b.WriteString(head)
	fmt.Fprintf(&d.b, " @%d:%d-%d:%d\n", r.Start.Line, r.Start.Col, r.End.Line, r.End.Col)
}

func (d *dumper) nilLine(depth int, label string) {
	d.b.WriteString(strings.Repeat("  ", depth) + label + ": nil\n")
}

func q(s string) string { return strconv.Quote(s) }

func flags(pairs ...any) string {
	var b strings.Builder
	for i := 0; i+1 < len(pairs); i += 2 {
		if on, _ := pairs[i+1].(bool); on {
			b.WriteString(" ")
			b.WriteString(pairs[i].(string))
		}
	}
	return b.String()
}

var stringKindNames = [...]string{
	SingleQuoted: "single", DoubleQuoted: "double", TripleSingleQuoted: "triple-single",
	TripleDoubleQuoted: "triple-double", Slashy: "slashy", DollarSlashy: "dollar-slashy",
}

func (k StringKind) name() string {
	if int(k) < len(stringKindNames) {
		return stringKindNames[k]
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

func (d *dumper) node(depth int, label string, n Node) {
	c := depth + 1
	switch n := n.(type) {
	case nil:
		d.nilLine(depth, label)
	case *File:
		d.line(depth, label, "File "+q(n.Name), n.Range)
		d.stmts(c, n.Stmts)

	case *Ident:
		d.line(depth, label, "Ident "+n.Name, n.Range)
	case *StringLit:
		if n.IsPlain() {
			d.line(depth, label, "String "+n.Kind.name()+" "+q(n.Value()), n.Range)
			return
		}
		d.line(depth, label, "String "+n.Kind.name(), n.Range)
		for _, p := range n.Parts {
			if p.Expr == nil {
				d.line(c, "", "Lit "+q(p.Lit), p.Range)
				continue
			}
			d.line(c, "", "Interp"+flags("braced", p.Braced), p.Range)
			d.node(c+1, "", p.Expr)
		}
	case *NumberLit:
		d.line(depth, label, "Number "+n.Text, n.Range)
	case *BoolLit:
		d.line(depth, label, "Bool "+strconv.FormatBool(n.Value), n.Range)
	case *NullLit:
		d.line(depth, label, "Null", n.Range)
	case *ListLit:
		d.line(depth, label, "List", n.Range)
		for _, e := range n.Elems {
			d.node(c, "", e)
		}
	case *MapLit:
		d.line(depth, label, "Map", n.Range)
		for _, e := range n.Entries {
			d.node(c, "", e)
		}
	case *MapEntry:
		d.line(depth, label, "Entry"+flags("spread", n.Key == nil), n.Range)
		if n.Key != nil {
			d.node(c, "Key", n.Key)
		}
		d.node(c, "Value", n.Value)
	case *Param:
		head := "Param " + n.Name
		if n.Type != "" {
			head += " type=" + n.Type
		}
		d.line(depth, label, head, n.Range)
		if n.Default != nil {
			d.node(c, "Default", n.Default)
		}
	case *ClosureExpr:
		d.line(depth, label, "Closure"+flags("explicit-params", n.ExplicitParams), n.Range)
		for _, p := range n.Params {
			d.node(c, "", p)
		}
		d.stmts(c, n.Body)
	case *Arg:
		head := "Arg"
		if n.Name != "" {
			head += " " + q(n.Name)
		}
		head += flags("spread", n.Spread)
		d.line(depth, label, head, n.Span())
		d.node(c, "", n.Value)
	case *CallExpr:
		head := "Call"
		if name := n.Name(); name != "" {
			head += " " + name
		}
		head += flags("parens", n.Parens)
		if n.TrailingClosures > 0 {
			head += fmt.Sprintf(" trailing=%d", n.TrailingClosures)
		}
		d.line(depth, label, head, n.Range)
		d.node(c, "Fun", n.Fun)
		for _, a := range n.Args {
			d.node(c, "", a)
		}
	case *PropertyExpr:
		d.line(depth, label, "Property "+n.Name+flags("safe", n.Safe, "spread", n.Spread), n.Range)
		d.node(c, "", n.X)
	case *IndexExpr:
		d.line(depth, label, "Index"+flags("safe", n.Safe), n.Range)
		d.node(c, "", n.X)
		d.node(c, "Index", n.Index)
	case *BinaryExpr:
		d.line(depth, label, "Binary "+n.Op, n.Range)
		d.node(c, "", n.X)
		d.node(c, "", n.Y)
	case *UnaryExpr:
		d.line(depth, label, "Unary "+n.Op+flags("postfix", n.Postfix), n.Range)
		d.node(c, "", n.X)
	case *TernaryExpr:
		d.line(depth, label, "Ternary", n.Range)
		d.node(c, "Cond", n.Cond)
		d.node(c, "Then", n.Then)
		d.node(c, "Else", n.Else)
	case *NewExpr:
		d.line(depth, label, "New "+n.Type, n.Range)
		for _, a := range n.Args {
			d.node(c, "", a)
		}
	case *CastExpr:
		d.line(depth, label, "Cast "+n.Type, n.Range)
		d.node(c, "", n.X)
	case *ParenExpr:
		d.line(depth, label, "Paren", n.Range)
		d.node(c, "", n.X)
	case *BadExpr:
		d.line(depth, label, "BadExpr", n.Range)
	case *Annotation:
		d.line(depth, label, "Annotation "+n.Name, n.Range)
		for _, a := range n.Args {
			d.node(c, "", a)
		}

	case *ExprStmt:
		d.line(depth, label, "ExprStmt", n.Span())
		d.node(c, "", n.X)
	case *DeclStmt:
		head := "Decl " + n.Type + " " + strings.Join(n.Names, ",")
		if len(n.Modifiers) > 0 {
			head += " mods=" + strings.Join(n.Modifiers, ",")
		}
		d.line(depth, label, head, n.Range)
		if n.Value != nil {
			d.node(c, "Value", n.Value)
		}
	case *BlockStmt:
		d.block(depth, label, n)
	case *IfStmt:
		d.line(depth, label, "If", n.Range)
		d.node(c, "Cond", n.Cond)
		d.node(c, "Then", n.Then)
		if n.Else != nil {
			d.node(c, "Else", n.Else)
		}
	case *ForStmt:
		if n.Iter != nil {
			head := "ForIn " + n.Var
			if n.VarType != "" {
				head += " type=" + n.VarType
			}
			d.line(depth, label, head, n.Range)
			d.node(c, "Iter", n.Iter)
		} else {
			d.line(depth, label, "For", n.Range)
			d.optStmt(c, "Init", n.Init)
			d.optExpr(c, "Cond", n.Cond)
			d.optExpr(c, "Post", n.Post)
		}
		d.node(c, "Body", n.Body)
	case *WhileStmt:
		d.line(depth, label, "While"+flags("do", n.Do), n.Range)
		d.node(c, "Cond", n.Cond)
		d.node(c, "Body", n.Body)
	case *TryStmt:
		d.line(depth, label, "Try", n.Range)
		d.block(c, "Body", n.Body)
		for _, cc := range n.Catches {
			d.node(c, "", cc)
		}
		if n.Finally != nil {
			d.block(c, "Finally", n.Finally)
		}
	case *CatchClause:
		d.line(depth, label, "Catch "+strings.Join(n.Types, "|")+" "+n.Name, n.Range)
		d.block(c, "Body", n.Body)
	case *SwitchStmt:
		d.line(depth, label, "Switch", n.Range)
		d.node(c, "X", n.X)
		for _, sc := range n.Cases {
			d.node(c, "", sc)
		}
	case *SwitchCase:
		d.line(depth, label, "Case"+flags("default", n.Default), n.Range)
		for _, v := range n.Values {
			d.node(c, "Value", v)
		}
		d.stmts(c, n.Body)
	case *ReturnStmt:
		d.line(depth, label, "Return", n.Range)
		d.optExpr(c, "", n.X)
	case *ThrowStmt:
		d.line(depth, label, "Throw", n.Range)
		d.node(c, "", n.X)
	case *BranchStmt:
		head := n.Keyword
		if n.Label != "" {
			head += " " + n.Label
		}
		d.line(depth, label, "Branch "+head, n.Range)
	case *AssertStmt:
		d.line(depth, label, "Assert", n.Range)
		d.node(c, "Cond", n.Cond)
		d.optExpr(c, "Message", n.Message)
	case *MethodDecl:
		head := "Method " + n.Name
		if n.ReturnType != "" {
			head += " returns=" + n.ReturnType
		}
		if len(n.Modifiers) > 0 {
			head += " mods=" + strings.Join(n.Modifiers, ",")
		}
		d.line(depth, label, head, n.Range)
		for _, p := range n.Params {
			d.node(c, "", p)
		}
		if n.Body != nil {
			d.block(c, "Body", n.Body)
		}
	case *ClassDecl:
		d.line(depth, label, "Class "+n.Keyword+" "+n.Name, n.Range)
		d.stmts(c, n.Body)
	case *ImportStmt:
		head := "Import " + n.Path + flags("static", n.Static)
		if n.Alias != "" {
			head += " as=" + n.Alias
		}
		d.line(depth, label, head, n.Range)
	case *AnnotatedStmt:
		d.line(depth, label, "Annotated", n.Range)
		for _, a := range n.Annotations {
			d.node(c, "", a)
		}
		d.optStmt(c, "Stmt", n.Stmt)
	case *LabeledStmt:
		d.line(depth, label, "Labeled "+n.Label, n.Range)
		d.optStmt(c, "", n.Stmt)
	case *BadStmt:
		d.line(depth, label, "BadStmt", n.Range)
	default:
		d.b.WriteString(strings.Repeat("  ", depth) + fmt.Sprintf("%T\n", n))
	}
}

// block prints a block, tolerating a nil one (a method without a body).
func (d *dumper) block(depth int, label string, b *BlockStmt) {
	if b == nil {
		d.nilLine(depth, label)
		return
	}
	d.line(depth, label, "Block", b.Range)
	d.stmts(depth+1, b.Stmts)
}

func (d *dumper) stmts(depth int, list []Stmt) {
	for _, s := range list {
		d.node(depth, "", s)
	}
}

func (d *dumper) optExpr(depth int, label string, x Expr) {
	if x != nil {
		d.node(depth, label, x)
	}
}

func (d *dumper) optStmt(depth int, label string, s Stmt) {
	if s != nil {
		d.node(depth, label, s)
	}
}
