package groovy

// Walk visits n and everything under it in source order, parents before
// children. When fn returns false the children of that node are skipped.
//
// Besides expressions and statements, Walk visits the parts that are nodes
// of their own: *Arg, *MapEntry, *Param, *Annotation, *CatchClause and
// *SwitchCase. The expressions interpolated in strings are visited as
// children of their *StringLit.
func Walk(n Node, fn func(Node) bool) {
	if n == nil || !fn(n) {
		return
	}
	switch n := n.(type) {
	case *File:
		walkStmts(n.Stmts, fn)

	case *Ident, *NumberLit, *BoolLit, *NullLit, *BadExpr, *BadStmt,
		*BranchStmt, *ImportStmt:
	case *StringLit:
		for i := range n.Parts {
			walkExpr(n.Parts[i].Expr, fn)
		}
	case *ListLit:
		for _, e := range n.Elems {
			walkExpr(e, fn)
		}
	case *MapLit:
		for _, e := range n.Entries {
			if e != nil {
				Walk(e, fn)
			}
		}
	case *MapEntry:
		walkExpr(n.Key, fn)
		walkExpr(n.Value, fn)
	case *Param:
		walkExpr(n.Default, fn)
	case *ClosureExpr:
		walkParams(n.Params, fn)
		walkStmts(n.Body, fn)
	case *Arg:
		walkExpr(n.Value, fn)
	case *CallExpr:
		walkExpr(n.Fun, fn)
		walkArgs(n.Args, fn)
	case *PropertyExpr:
		walkExpr(n.X, fn)
	case *IndexExpr:
		walkExpr(n.X, fn)
		walkExpr(n.Index, fn)
	case *BinaryExpr:
		walkExpr(n.X, fn)
		walkExpr(n.Y, fn)
	case *UnaryExpr:
		walkExpr(n.X, fn)
	case *TernaryExpr:
		walkExpr(n.Cond, fn)
		walkExpr(n.Then, fn)
		walkExpr(n.Else, fn)
	case *NewExpr:
		walkArgs(n.Args, fn)
	case *CastExpr:
		walkExpr(n.X, fn)
	case *ParenExpr:
		walkExpr(n.X, fn)
	case *Annotation:
		walkArgs(n.Args, fn)

	case *ExprStmt:
		walkExpr(n.X, fn)
	case *DeclStmt:
		walkExpr(n.Value, fn)
	case *BlockStmt:
		walkStmts(n.Stmts, fn)
	case *IfStmt:
		walkExpr(n.Cond, fn)
		walkStmt(n.Then, fn)
		walkStmt(n.Else, fn)
	case *ForStmt:
		walkStmt(n.Init, fn)
		walkExpr(n.Cond, fn)
		walkExpr(n.Post, fn)
		walkExpr(n.Iter, fn)
		walkStmt(n.Body, fn)
	case *WhileStmt:
		if n.Do {
			walkStmt(n.Body, fn)
			walkExpr(n.Cond, fn)
		} else {
			walkExpr(n.Cond, fn)
			walkStmt(n.Body, fn)
		}
	case *TryStmt:
		walkBlock(n.Body, fn)
		for _, c := range n.Catches {
			if c != nil {
				Walk(c, fn)
			}
		}
		walkBlock(n.Finally, fn)
	case *CatchClause:
		walkBlock(n.Body, fn)
	case *SwitchStmt:
		walkExpr(n.X, fn)
		for _, c := range n.Cases {
			if c != nil {
				Walk(c, fn)
			}
		}
	case *SwitchCase:
		for _, v := range n.Values {
			walkExpr(v, fn)
		}
		walkStmts(n.Body, fn)
	case *ReturnStmt:
		walkExpr(n.X, fn)
	case *ThrowStmt:
		walkExpr(n.X, fn)
	case *AssertStmt:
		walkExpr(n.Cond, fn)
		walkExpr(n.Message, fn)
	case *MethodDecl:
		walkParams(n.Params, fn)
		walkBlock(n.Body, fn)
	case *ClassDecl:
		walkStmts(n.Body, fn)
	case *AnnotatedStmt:
		for _, a := range n.Annotations {
			if a != nil {
				Walk(a, fn)
			}
		}
		walkStmt(n.Stmt, fn)
	case *LabeledStmt:
		walkStmt(n.Stmt, fn)
	}
}

// The helpers below keep nil children out of Walk: a nil pointer in a
// non-nil interface would otherwise reach fn.

func walkExpr(x Expr, fn func(Node) bool) {
	if x != nil {
		Walk(x, fn)
	}
}

func walkStmt(s Stmt, fn func(Node) bool) {
	if s != nil {
		Walk(s, fn)
	}
}

func walkBlock(b *BlockStmt, fn func(Node) bool) {
	if b != nil {
		Walk(b, fn)
	}
}

func walkStmts(list []Stmt, fn func(Node) bool) {
	for _, s := range list {
		walkStmt(s, fn)
	}
}

func walkArgs(args []*Arg, fn func(Node) bool) {
	for _, a := range args {
		if a != nil && a.Value != nil {
			Walk(a, fn)
		}
	}
}

func walkParams(params []*Param, fn func(Node) bool) {
	for _, p := range params {
		if p != nil {
			Walk(p, fn)
		}
	}
}
