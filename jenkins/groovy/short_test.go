package groovy

import (
	"strconv"
	"strings"
)

// short renders a tree as a compact S-expression without positions, for
// table tests that care about shape only.
func short(n Node) string {
	var b strings.Builder
	shortTo(&b, n)
	return b.String()
}

func shortList[T Node](b *strings.Builder, list []T) {
	for i, x := range list {
		if i > 0 {
			b.WriteByte(' ')
		}
		shortTo(b, x)
	}
}

func shortTo(b *strings.Builder, n Node) {
	w := b.WriteString
	switch n := n.(type) {
	case nil:
		w("nil")
	case *File:
		shortList(b, n.Stmts)
	case *Ident:
		w(n.Name)
	case *StringLit:
		if n.IsPlain() {
			w(strconv.Quote(n.Value()))
			return
		}
		w("(gstr")
		for _, p := range n.Parts {
			w(" ")
			if p.Expr == nil {
				w(strconv.Quote(p.Lit))
			} else {
				if p.Braced {
					w("${")
				} else {
					w("$")
				}
				shortTo(b, p.Expr)
				if p.Braced {
					w("}")
				}
			}
		}
		w(")")
	case *NumberLit:
		w(n.Text)
	case *BoolLit:
		w(strconv.FormatBool(n.Value))
	case *NullLit:
		w("null")
	case *ListLit:
		w("[")
		shortList(b, n.Elems)
		w("]")
	case *MapLit:
		if len(n.Entries) == 0 {
			w("[:]")
			return
		}
		w("[")
		shortList(b, n.Entries)
		w("]")
	case *MapEntry:
		if n.Key == nil {
			w("*")
		} else {
			shortTo(b, n.Key)
		}
		w(":")
		shortTo(b, n.Value)
	case *Param:
		if n.Type != "" {
			w(n.Type + " ")
		}
		w(n.Name)
		if n.Default != nil {
			w("=")
			shortTo(b, n.Default)
		}
	case *ClosureExpr:
		w("{")
		if n.ExplicitParams {
			shortList(b, n.Params)
			if len(n.Params) > 0 {
				w(" ")
			}
			w("->")
			if len(n.Body) > 0 {
				w(" ")
			}
		}
		shortList(b, n.Body)
		w("}")
	case *Arg:
		if n.Spread {
			w("*")
		}
		if n.Name != "" {
			w(n.Name + ":")
		}
		shortTo(b, n.Value)
	case *CallExpr:
		if n.Parens {
			w("(call ")
		} else {
			w("(cmd ")
		}
		shortTo(b, n.Fun)
		for _, a := range n.Args {
			w(" ")
			shortTo(b, a)
		}
		w(")")
	case *PropertyExpr:
		op := "."
		if n.Safe {
			op = "?."
		} else if n.Spread {
			op = "*."
		}
		w("(" + op + " ")
		shortTo(b, n.X)
		w(" " + n.Name + ")")
	case *IndexExpr:
		if n.Safe {
			w("(?idx ")
		} else {
			w("(idx ")
		}
		shortTo(b, n.X)
		w(" ")
		shortTo(b, n.Index)
		w(")")
	case *BinaryExpr:
		w("(" + n.Op + " ")
		shortTo(b, n.X)
		w(" ")
		shortTo(b, n.Y)
		w(")")
	case *UnaryExpr:
		if n.Postfix {
			w("(post" + n.Op + " ")
		} else {
			w("(" + n.Op + " ")
		}
		shortTo(b, n.X)
		w(")")
	case *TernaryExpr:
		w("(? ")
		shortList(b, []Expr{n.Cond, n.Then, n.Else})
		w(")")
	case *NewExpr:
		w("(new " + n.Type)
		for _, a := range n.Args {
			w(" ")
			shortTo(b, a)
		}
		w(")")
	case *CastExpr:
		w("(as ")
		shortTo(b, n.X)
		w(" " + n.Type + ")")
	case *ParenExpr:
		w("(paren ")
		shortTo(b, n.X)
		w(")")
	case *BadExpr:
		w("BAD")
	case *Annotation:
		w("@" + n.Name)
		if len(n.Args) > 0 {
			w("(")
			shortList(b, n.Args)
			w(")")
		}
	case *ExprStmt:
		shortTo(b, n.X)
	case *DeclStmt:
		w("(decl ")
		if len(n.Modifiers) > 0 {
			w(strings.Join(n.Modifiers, " ") + " ")
		}
		w(n.Type + " " + strings.Join(n.Names, ","))
		if n.Value != nil {
			w(" = ")
			shortTo(b, n.Value)
		}
		w(")")
	case *BlockStmt:
		if n == nil {
			w("nil")
			return
		}
		w("{")
		shortList(b, n.Stmts)
		w("}")
	case *IfStmt:
		w("(if ")
		shortTo(b, n.Cond)
		w(" ")
		shortTo(b, n.Then)
		if n.Else != nil {
			w(" else ")
			shortTo(b, n.Else)
		}
		w(")")
	case *ForStmt:
		if n.Iter != nil {
			w("(for ")
			if n.VarType != "" {
				w(n.VarType + " ")
			}
			w(n.Var + " in ")
			shortTo(b, n.Iter)
		} else {
			w("(for ")
			shortList(b, []Node{n.Init, n.Cond, n.Post})
		}
		w(" ")
		shortTo(b, n.Body)
		w(")")
	case *WhileStmt:
		if n.Do {
			w("(do ")
		} else {
			w("(while ")
		}
		shortTo(b, n.Cond)
		w(" ")
		shortTo(b, n.Body)
		w(")")
	case *TryStmt:
		w("(try ")
		shortTo(b, n.Body)
		for _, c := range n.Catches {
			w(" ")
			shortTo(b, c)
		}
		if n.Finally != nil {
			w(" finally ")
			shortTo(b, n.Finally)
		}
		w(")")
	case *CatchClause:
		w("(catch " + strings.Join(n.Types, "|") + " " + n.Name + " ")
		shortTo(b, n.Body)
		w(")")
	case *SwitchStmt:
		w("(switch ")
		shortTo(b, n.X)
		for _, c := range n.Cases {
			w(" ")
			shortTo(b, c)
		}
		w(")")
	case *SwitchCase:
		w("(case")
		if n.Default {
			w(" default")
		}
		for _, v := range n.Values {
			w(" ")
			shortTo(b, v)
		}
		w(":")
		for _, s := range n.Body {
			w(" ")
			shortTo(b, s)
		}
		w(")")
	case *ReturnStmt:
		w("(return")
		if n.X != nil {
			w(" ")
			shortTo(b, n.X)
		}
		w(")")
	case *ThrowStmt:
		w("(throw ")
		shortTo(b, n.X)
		w(")")
	case *BranchStmt:
		w("(" + n.Keyword)
		if n.Label != "" {
			w(" " + n.Label)
		}
		w(")")
	case *AssertStmt:
		w("(assert ")
		shortTo(b, n.Cond)
		if n.Message != nil {
			w(" ")
			shortTo(b, n.Message)
		}
		w(")")
	case *MethodDecl:
		w("(method ")
		if len(n.Modifiers) > 0 {
			w(strings.Join(n.Modifiers, " ") + " ")
		}
		if n.ReturnType != "" {
			w(n.ReturnType + " ")
		}
		w(n.Name + "(")
		for i, p := range n.Params {
			if i > 0 {
				w(", ")
			}
			shortTo(b, p)
		}
		w(") ")
		shortTo(b, n.Body)
		w(")")
	case *ClassDecl:
		w("(" + n.Keyword + " " + n.Name + " ")
		shortList(b, n.Body)
		w(")")
	case *ImportStmt:
		w("(import ")
		if n.Static {
			w("static ")
		}
		w(n.Path)
		if n.Alias != "" {
			w(" as " + n.Alias)
		}
		w(")")
	case *AnnotatedStmt:
		w("(annotated")
		for _, a := range n.Annotations {
			w(" ")
			shortTo(b, a)
		}
		w(" ")
		shortTo(b, n.Stmt)
		w(")")
	case *LabeledStmt:
		w("(label " + n.Label + " ")
		shortTo(b, n.Stmt)
		w(")")
	case *BadStmt:
		w("BADSTMT")
	default:
		w("?")
	}
}
