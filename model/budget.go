package model

import (
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"sync"
	"sync/atomic"
	"weak"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// The evaluation budget (docs/language.md, "Limits of evaluation"). Expressions can grow
// without bound — nested for expressions, format widths, locals that double a
// value level by level — so every load evaluates its expressions within a
// budget: no value may be larger than MaxValueSize, no number outside the range
// of a 64-bit float, and the load's expressions together may do at most
// MaxEvalWork units of work. Going over is an error diagnostic, "Value too
// large", at the expression that went over, within a second or two.
const (
	// MaxValueSize is the largest size of any value: the bytes of its strings
	// plus ElementSize for each element, attribute, number, bool or null in it.
	MaxValueSize = 16 << 20
	// ElementSize is what each element of a value counts towards its size.
	ElementSize = 32
	// MaxEvalWork is the work the expressions of one load may do in all, in
	// units: a byte of text or ElementSize per element that a function, a
	// template or a for expression produces, and IterationWork for each element
	// a for expression visits.
	MaxEvalWork = 1 << 29
	// IterationWork is what one element of a for expression costs: about a
	// microsecond and a half of evaluation, against a fraction of a nanosecond
	// for a byte of text.
	IterationWork = 1024
	// visitWork is what looking at one element of a function's argument costs.
	visitWork = 64
	// maxNumberExp is the largest binary exponent of a number in an expression:
	// numbers are less than 1e10000 in magnitude (and more than 1e-10000, or
	// zero), so that writing one out takes at most 10,000 digits.
	maxNumberExp = 33219
)

// budget is the work left for one load's expressions; it is shared by the
// goroutines that evaluate them.
type budget struct {
	work atomic.Int64
}

func newBudget() *budget { return &budget{} }

func (b *budget) exhausted() bool { return b.work.Load() > MaxEvalWork }

// charge spends n units of work, or fails once the budget is spent.
func (b *budget) charge(n int64) error {
	if b.work.Add(n) > MaxEvalWork {
		return errWork
	}
	return nil
}

// tooLarge is the error of a value over a limit; its text is the diagnostic's
// detail.
type tooLarge struct{ detail string }

func (e *tooLarge) Error() string { return e.detail }

var (
	errSize = &tooLarge{fmt.Sprintf("The value would be larger than %d MiB (the bytes of its strings and %d for each element), the most a value of the model may be: an expression that grows a value without bound is refused rather than run out of memory.", MaxValueSize>>20, ElementSize)}
	errWork = &tooLarge{fmt.Sprintf("The model's expressions together would do more work than the evaluation budget allows (about %d elements of for expressions, or %d MiB of text made by functions and templates, in all): an expression that grows without bound is refused rather than run for ever.", MaxEvalWork/IterationWork, MaxEvalWork>>20)}
	errNum  = &tooLarge{"A number in an expression is less than 1e10000 in magnitude (and more than 1e-10000, or zero); writing this one out would take too long."}
)

func tooLargeDiag(err *tooLarge, rng hcl.Range) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Value too large", Detail: err.detail, Subject: rng.Ptr()}
}

// numberOK reports whether a known number is within the range of maxNumberExp
// (or is an infinity).
func numberOK(v cty.Value) bool {
	f := v.AsBigFloat()
	if f.IsInf() || f.Sign() == 0 {
		return true
	}
	e := f.MantExp(nil)
	return e <= maxNumberExp && e >= -maxNumberExp
}

// valueSize measures v, stopping once it is over limit: the bytes of its
// strings plus ElementSize for each element. An out-of-range number is
// errNum. visited counts the elements looked at.
func valueSize(v cty.Value, limit int64, visited *int64) (int64, error) {
	return measure(v, limit, visited, true)
}

// measure is valueSize, checking numbers or not.
func measure(v cty.Value, limit int64, visited *int64, numbers bool) (int64, error) {
	*visited++
	v, _ = v.Unmark()
	if v.IsNull() || !v.IsKnown() {
		return ElementSize, nil
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return ElementSize + int64(len(v.AsString())), nil
	case ty == cty.Number:
		if numbers && !numberOK(v) {
			return 0, errNum
		}
		return ElementSize, nil
	case ty.IsPrimitiveType() || ty.IsCapsuleType():
		return ElementSize, nil
	}
	keyed := ty.IsMapType() || ty.IsObjectType()
	size := int64(ElementSize)
	for it := v.ElementIterator(); it.Next(); {
		k, e := it.Element()
		if keyed {
			size += int64(len(k.AsString()))
		}
		n, err := measure(e, limit-size, visited, numbers)
		if err != nil {
			return 0, err
		}
		size += n
		if size > limit {
			return size, nil
		}
	}
	return size, nil
}

// checkValue fails when v is over MaxValueSize or holds an out-of-range number.
func checkValue(v cty.Value) error { return checkSize(v, true) }

// checkSize is checkValue, checking numbers or not.
func checkSize(v cty.Value, numbers bool) error {
	var visited int64
	n, err := measure(v, MaxValueSize, &visited, numbers)
	if err != nil {
		return err
	}
	if n > MaxValueSize {
		return errSize
	}
	return nil
}

// produced measures a value that an expression made, charges its size to the
// budget and fails when it is too large or the budget is spent.
func (b *budget) produced(v cty.Value) (int64, error) {
	var visited int64
	n, err := valueSize(v, MaxValueSize, &visited)
	if err != nil {
		return 0, err
	}
	if cerr := b.charge(n); cerr != nil {
		return n, cerr
	}
	if n > MaxValueSize {
		return n, errSize
	}
	return n, nil
}

// budgets maps each evaluation context made by evalContext to its load's
// budget, for as long as the context lives.
var budgets sync.Map // weak.Pointer[hcl.EvalContext] → *budget

func registerBudget(ctx *hcl.EvalContext, b *budget) {
	key := weak.Make(ctx)
	budgets.Store(key, b)
	runtime.AddCleanup(ctx, func(k weak.Pointer[hcl.EvalContext]) { budgets.Delete(k) }, key)
}

func budgetOf(ctx *hcl.EvalContext) *budget {
	if ctx != nil {
		if b, ok := budgets.Load(weak.Make(ctx)); ok {
			return b.(*budget)
		}
	}
	return newBudget() // an expression evaluated on its own: a budget of its own
}

// evalExpr evaluates expr within the budget of ctx's load (a fresh one for a
// context evalContext did not make, or none). The value is cty.DynamicVal, with
// an error diagnostic "Value too large", when it went over a limit.
func evalExpr(expr hcl.Expression, ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	return evalBudget(expr, ctx, budgetOf(ctx))
}

func evalBudget(expr hcl.Expression, ctx *hcl.EvalContext, b *budget) (cty.Value, hcl.Diagnostics) {
	v, diags, numbers := budgeted(expr, ctx, b)
	if !diags.HasErrors() {
		if err := checkSize(v, numbers); err != nil {
			var tl *tooLarge
			errors.As(err, &tl)
			return cty.DynamicVal, append(diags, tooLargeDiag(tl, expr.Range()))
		}
	}
	return v, diags
}

// budgeted evaluates expr within b, without the final check of its value's
// size; numbers is false when the value's numbers need no check (a plain
// expression's literals were checked when it was parsed).
func budgeted(expr hcl.Expression, ctx *hcl.EvalContext, b *budget) (v cty.Value, diags hcl.Diagnostics, numbers bool) {
	se, ok := expr.(hclsyntax.Expression)
	if !ok {
		if ctx != nil && isJSON(expr) {
			v, diags = evalJSON(expr, ctx, b)
			return v, diags, true
		}
		v, diags = expr.Value(ctx)
		return v, diags, true
	}
	if plain(se, 0) {
		// Its literal numbers are checked, and the values of variables and
		// locals were when they were made.
		v, diags = se.Value(ctx)
		return v, diags, false
	}
	var ev *evaluation
	if needsBudget(se) {
		ev = &evaluation{b: b, orig: map[hcl.Expression]hcl.Expression{}}
		expr = ev.instrument(se)
	}
	v, diags = expr.Value(ctx)
	return v, fixBudgetDiags(diags, ev), true
}

// jsonPkg is the package of the JSON syntax's expressions.
const jsonPkg = "github.com/hashicorp/hcl/v2/json"

// isJSON reports whether expr is an expression of the JSON syntax (.hcl.json).
func isJSON(expr hcl.Expression) bool {
	t := reflect.TypeOf(expr)
	return t != nil && t.Kind() == reflect.Pointer && t.Elem().PkgPath() == jsonPkg
}

// evalJSON evaluates an expression of the JSON syntax as the syntax does — a
// string is a template of the native syntax, an object's keys are templates
// too, arrays are tuples — but each template within the budget, as an
// expression of the native syntax is: the JSON syntax would evaluate the
// templates it parses with no bound on their for expressions.
func evalJSON(expr hcl.Expression, ctx *hcl.EvalContext, b *budget) (cty.Value, hcl.Diagnostics) {
	if m, ok := expr.(interface{ ExprMap() []hcl.KeyValuePair }); ok {
		if pairs := m.ExprMap(); pairs != nil {
			return evalJSONObject(expr, pairs, ctx, b)
		}
	}
	if l, ok := expr.(interface{ ExprList() []hcl.Expression }); ok {
		if elems := l.ExprList(); elems != nil {
			var diags hcl.Diagnostics
			vals := make([]cty.Value, 0, len(elems))
			for _, e := range elems {
				v, d := evalJSON(e, ctx, b)
				vals = append(vals, v)
				diags = append(diags, d...)
			}
			return cty.TupleVal(vals), diags
		}
	}
	// Without a context the syntax gives a string verbatim, and a number,
	// bool or null as it is.
	lit, _ := expr.Value(nil)
	if lit.Type() != cty.String || !lit.IsKnown() || lit.IsNull() {
		return expr.Value(ctx)
	}
	rng := expr.Range()
	// At the position the JSON syntax gives its templates: after the opening
	// quote (escapes removed from the string shift later columns, as there).
	tmpl, diags := hclsyntax.ParseTemplate([]byte(lit.AsString()), rng.Filename,
		hcl.Pos{Line: rng.Start.Line, Column: rng.Start.Column + 1, Byte: rng.Start.Byte + 1})
	if diags.HasErrors() {
		return cty.DynamicVal, diags
	}
	v, vdiags, _ := budgeted(tmpl, ctx, b)
	return v, append(diags, vdiags...)
}

// evalJSONObject is evalJSON of an object, with the JSON syntax's diagnostics
// for keys that are not strings, null, unknown or given twice.
func evalJSONObject(expr hcl.Expression, pairs []hcl.KeyValuePair, ctx *hcl.EvalContext, b *budget) (cty.Value, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	attrs := map[string]cty.Value{}
	ranges := map[string]hcl.Range{}
	known := true
	for _, p := range pairs {
		name, ndiags := evalJSON(p.Key, ctx, b)
		val, vdiags := evalJSON(p.Value, ctx, b)
		diags = append(append(diags, ndiags...), vdiags...)
		nameRange := p.Key.Range()
		bad := func(detail string, e hcl.Expression) {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid object key expression",
				Detail: detail, Subject: nameRange.Ptr(), Expression: e, EvalContext: ctx})
		}
		name, err := convert.Convert(name, cty.String)
		switch {
		case err != nil:
			bad(fmt.Sprintf("Cannot use this expression as an object key: %s.", err), p.Value)
			continue
		case name.IsNull():
			bad("Cannot use null value as an object key.", p.Value)
			continue
		case !name.IsKnown():
			known = false
			continue
		}
		key, _ := name.Unmark()
		s := key.AsString()
		if at, dup := ranges[s]; dup {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate object attribute",
				Detail:  fmt.Sprintf("An attribute named %q was already defined at %s.", s, at),
				Subject: nameRange.Ptr(), Expression: expr, EvalContext: ctx})
			continue
		}
		attrs[s], ranges[s] = val, nameRange
	}
	if !known {
		return cty.DynamicVal, diags
	}
	return cty.ObjectVal(attrs), diags
}

// fixBudgetDiags rewrites the diagnostics of budgeted functions that went over
// ("Error in function call") as "Value too large", keeps one of them, and gives
// diagnostics about the instrumented copy of an expression its original.
func fixBudgetDiags(diags hcl.Diagnostics, ev *evaluation) hcl.Diagnostics {
	if len(diags) == 0 {
		return diags
	}
	out := diags[:0:0]
	seen := false
	for _, d := range diags {
		var tl *tooLarge
		if x, ok := hcl.DiagnosticExtra[hclsyntax.FunctionCallDiagExtra](d); ok && errors.As(x.FunctionCallError(), &tl) {
			nd := *d
			nd.Summary, nd.Detail, nd.Extra = "Value too large", tl.detail, nil
			d = &nd
		}
		if d.Summary == "Value too large" {
			if seen {
				continue
			}
			seen = true
		}
		if ev != nil && d.Expression != nil {
			if o, ok := ev.orig[d.Expression]; ok {
				nd := *d
				nd.Expression = o
				d = &nd
			}
		}
		out = append(out, d)
	}
	return out
}

// needsBudget reports whether evaluating e can make anything larger than its
// text: a for expression, a template or an operator. Function calls are
// budgeted by the functions themselves (budgetFunctions).
func needsBudget(e hclsyntax.Expression) bool {
	if plain(e, 0) {
		return false
	}
	found := false
	hclsyntax.VisitAll(e, func(n hclsyntax.Node) hcl.Diagnostics {
		if found {
			return nil
		}
		switch n := n.(type) {
		case *hclsyntax.ForExpr, *hclsyntax.TemplateJoinExpr, *hclsyntax.BinaryOpExpr, *hclsyntax.UnaryOpExpr:
			found = true
		case *hclsyntax.TemplateExpr:
			found = len(n.Parts) > 1 || (len(n.Parts) == 1 && !isLiteral(n.Parts[0]))
		case *hclsyntax.LiteralValueExpr:
			found = n.Val.Type() == cty.Number && n.Val.IsKnown() && !n.Val.IsNull() && !numberOK(n.Val)
		}
		return nil
	})
	return found
}

// plain reports, without allocating, whether e is of the shapes most
// attributes have — a traversal, a literal, a literal string, a list or object
// of those — which evaluate to no more than their text.
func plain(e hclsyntax.Expression, depth int) bool {
	if depth > 4 {
		return false
	}
	switch e := e.(type) {
	case *hclsyntax.ScopeTraversalExpr:
		return true
	case *hclsyntax.LiteralValueExpr:
		return e.Val.Type() != cty.Number || !e.Val.IsKnown() || e.Val.IsNull() || numberOK(e.Val)
	case *hclsyntax.TemplateExpr:
		return len(e.Parts) == 1 && isLiteral(e.Parts[0])
	case *hclsyntax.TupleConsExpr:
		for _, x := range e.Exprs {
			if !plain(x, depth+1) {
				return false
			}
		}
		return true
	case *hclsyntax.ObjectConsExpr:
		for _, it := range e.Items {
			k, ok := it.KeyExpr.(*hclsyntax.ObjectConsKeyExpr)
			if !ok || !plain(k.Wrapped, depth+1) || !plain(it.ValueExpr, depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

func isLiteral(e hclsyntax.Expression) bool {
	_, ok := e.(*hclsyntax.LiteralValueExpr)
	return ok
}

// evaluation is one budgeted evaluation of an expression: the instrumented copy
// of its syntax tree and, for diagnostics, the original of each copied node.
type evaluation struct {
	b        *budget
	orig     map[hcl.Expression]hcl.Expression
	reported bool // a "Value too large" is among the diagnostics already
}

// fail returns the diagnostic of going over a limit at rng, once per
// evaluation: later failures make unknown values quietly.
func (ev *evaluation) fail(err error, rng hcl.Range) hcl.Diagnostics {
	if ev.reported {
		return nil
	}
	ev.reported = true
	var tl *tooLarge
	if !errors.As(err, &tl) {
		tl = &tooLarge{err.Error()}
	}
	return hcl.Diagnostics{tooLargeDiag(tl, rng)}
}

// instrument copies the syntax tree of e, with a check of the budget around
// each element of a for expression, each part of a template, the list a
// template directive joins, and each operator's result.
func (ev *evaluation) instrument(e hclsyntax.Expression) hclsyntax.Expression {
	if e == nil {
		return nil
	}
	var out hclsyntax.Expression
	switch e := e.(type) {
	case *hclsyntax.ForExpr:
		c := *e
		f := &forNode{ev: ev, rng: e.Range()}
		c.CollExpr = &collNode{Expression: ev.instrument(e.CollExpr), f: f}
		if e.KeyExpr != nil {
			c.KeyExpr = &elemNode{Expression: ev.instrument(e.KeyExpr), f: f}
		}
		c.ValExpr = &elemNode{Expression: ev.instrument(e.ValExpr), f: f, iteration: true}
		if e.CondExpr != nil {
			c.CondExpr = &condNode{Expression: ev.instrument(e.CondExpr), f: f}
		}
		f.Expression = &c
		ev.orig[&c] = e
		ev.orig[c.CollExpr] = e.CollExpr
		ev.orig[c.ValExpr] = e.ValExpr
		if e.KeyExpr != nil {
			ev.orig[c.KeyExpr] = e.KeyExpr
		}
		if e.CondExpr != nil {
			ev.orig[c.CondExpr] = e.CondExpr
		}
		out = f
	case *hclsyntax.TemplateExpr:
		c := *e
		t := &templateNode{ev: ev}
		c.Parts = make([]hclsyntax.Expression, len(e.Parts))
		for i, p := range e.Parts {
			c.Parts[i] = &partNode{Expression: ev.instrument(p), t: t}
			ev.orig[c.Parts[i]] = p
		}
		t.Expression = &c
		ev.orig[&c] = e
		out = t
	case *hclsyntax.TemplateWrapExpr:
		c := *e
		c.Wrapped = ev.instrument(e.Wrapped)
		out = &c
	case *hclsyntax.TemplateJoinExpr:
		c := *e
		c.Tuple = &measureNode{Expression: ev.instrument(e.Tuple), ev: ev}
		ev.orig[c.Tuple] = e.Tuple
		out = &c
	case *hclsyntax.BinaryOpExpr:
		c := *e
		c.LHS, c.RHS = ev.instrument(e.LHS), ev.instrument(e.RHS)
		ev.orig[&c] = e
		out = &numberNode{Expression: &c, ev: ev}
	case *hclsyntax.UnaryOpExpr:
		c := *e
		c.Val = ev.instrument(e.Val)
		ev.orig[&c] = e
		out = &numberNode{Expression: &c, ev: ev}
	case *hclsyntax.LiteralValueExpr:
		if e.Val.Type() == cty.Number && e.Val.IsKnown() && !e.Val.IsNull() && !numberOK(e.Val) {
			out = &numberNode{Expression: e, ev: ev}
		} else {
			return e
		}
	case *hclsyntax.ConditionalExpr:
		c := *e
		c.Condition, c.TrueResult, c.FalseResult = ev.instrument(e.Condition), ev.instrument(e.TrueResult), ev.instrument(e.FalseResult)
		out = &c
	case *hclsyntax.FunctionCallExpr:
		c := *e
		c.Args = make([]hclsyntax.Expression, len(e.Args))
		for i, a := range e.Args {
			c.Args[i] = ev.instrument(a)
		}
		out = &c
	case *hclsyntax.IndexExpr:
		c := *e
		c.Collection, c.Key = ev.instrument(e.Collection), ev.instrument(e.Key)
		out = &c
	case *hclsyntax.RelativeTraversalExpr:
		c := *e
		c.Source = ev.instrument(e.Source)
		out = &c
	case *hclsyntax.SplatExpr:
		c := *e
		c.Source, c.Each = ev.instrument(e.Source), ev.instrument(e.Each)
		out = &c
	case *hclsyntax.TupleConsExpr:
		c := *e
		c.Exprs = make([]hclsyntax.Expression, len(e.Exprs))
		for i, x := range e.Exprs {
			c.Exprs[i] = ev.instrument(x)
		}
		out = &c
	case *hclsyntax.ObjectConsExpr:
		c := *e
		c.Items = make([]hclsyntax.ObjectConsItem, len(e.Items))
		for i, it := range e.Items {
			c.Items[i] = hclsyntax.ObjectConsItem{KeyExpr: ev.instrument(it.KeyExpr), ValueExpr: ev.instrument(it.ValueExpr)}
		}
		out = &c
	case *hclsyntax.ObjectConsKeyExpr:
		c := *e
		c.Wrapped = ev.instrument(e.Wrapped)
		out = &c
	case *hclsyntax.ParenthesesExpr:
		c := *e
		c.Expression = ev.instrument(e.Expression)
		out = &c
	default: // traversals, anonymous symbols, syntax errors: nothing to copy
		return e
	}
	ev.orig[out] = e
	return out
}

// forNode is a for expression: it counts the size of what it makes.
type forNode struct {
	hclsyntax.Expression
	ev   *evaluation
	rng  hcl.Range
	size int64 // of the elements made so far in this evaluation
}

func (f *forNode) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	if f.ev.b.exhausted() {
		return cty.DynamicVal, f.ev.fail(errWork, f.rng)
	}
	outer := f.size // a for expression within its own element, through a function: keep the count
	f.size = 0
	v, diags := f.Expression.Value(ctx)
	f.size = outer
	return v, diags
}

// collNode is the collection of a for expression: its elements are paid for
// before any is visited.
type collNode struct {
	hclsyntax.Expression
	f *forNode
}

func (c *collNode) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	v, diags := c.Expression.Value(ctx)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || !v.CanIterateElements() {
		return v, diags
	}
	uv, _ := v.Unmark()
	if err := c.f.ev.b.charge(int64(uv.LengthInt()) * IterationWork); err != nil {
		return cty.DynamicVal, append(diags, c.f.ev.fail(err, c.Range())...)
	}
	return v, diags
}

// elemNode is the key or value of each element of a for expression.
type elemNode struct {
	hclsyntax.Expression
	f         *forNode
	iteration bool
}

func (e *elemNode) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	ev := e.f.ev
	if ev.b.exhausted() || ev.reported {
		return cty.DynamicVal, ev.fail(errWork, e.f.rng)
	}
	v, diags := e.Expression.Value(ctx)
	if diags.HasErrors() {
		return v, diags
	}
	n, err := ev.b.produced(v)
	if err == nil {
		e.f.size += n
		if e.f.size > MaxValueSize {
			err = errSize
		}
	}
	if err != nil {
		return cty.DynamicVal, append(diags, ev.fail(err, e.f.rng)...)
	}
	return v, diags
}

// condNode is the condition of a for expression.
type condNode struct {
	hclsyntax.Expression
	f *forNode
}

func (c *condNode) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	if c.f.ev.b.exhausted() || c.f.ev.reported {
		return cty.UnknownVal(cty.Bool), c.f.ev.fail(errWork, c.f.rng)
	}
	return c.Expression.Value(ctx)
}

// templateNode is a template: it counts the size of its parts.
type templateNode struct {
	hclsyntax.Expression
	ev   *evaluation
	size int64
}

func (t *templateNode) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	outer := t.size
	t.size = 0
	v, diags := t.Expression.Value(ctx)
	t.size = outer
	return v, diags
}

// partNode is a part of a template.
type partNode struct {
	hclsyntax.Expression
	t *templateNode
}

func (p *partNode) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	ev := p.t.ev
	v, diags := p.Expression.Value(ctx)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() {
		return v, diags
	}
	uv, _ := v.Unmark()
	var err error
	switch uv.Type() {
	case cty.String:
		n := int64(len(uv.AsString()))
		p.t.size += n
		if err = ev.b.charge(n); err == nil && p.t.size > MaxValueSize {
			err = errSize
		}
	case cty.Number:
		if !numberOK(uv) {
			err = errNum
		}
	}
	if err != nil {
		return cty.DynamicVal, append(diags, ev.fail(err, p.t.Range())...)
	}
	return v, diags
}

// measureNode checks the size of the list a template directive joins.
type measureNode struct {
	hclsyntax.Expression
	ev *evaluation
}

func (m *measureNode) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	v, diags := m.Expression.Value(ctx)
	if diags.HasErrors() {
		return v, diags
	}
	if _, err := m.ev.b.produced(v); err != nil {
		return cty.DynamicVal, append(diags, m.ev.fail(err, m.Range())...)
	}
	return v, diags
}

// numberNode checks that an operator's result, or a literal, is a number in
// range.
type numberNode struct {
	hclsyntax.Expression
	ev *evaluation
}

func (n *numberNode) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	v, diags := n.Expression.Value(ctx)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() {
		return v, diags
	}
	if uv, _ := v.Unmark(); uv.Type() == cty.Number && !numberOK(uv) {
		return cty.DynamicVal, append(diags, n.ev.fail(errNum, n.Range())...)
	}
	return v, diags
}

// unifyWork is what converting a tuple or an object of n elements to a list,
// set or map costs per n²: go-cty unifies the elements' types by comparing
// every pair (about 12 ns a pair here), whatever the types are.
const unifyWork = 4

// convertWithin is convert.Convert within b. A tuple of elements of one
// primitive type becomes a list or set directly, in one pass, as
// convert.Convert would make it; any other conversion of a tuple or object to a
// collection is paid for first (unifyWork per pair of elements), and is an
// errWork instead when b has not enough left. b may be nil: no charge.
func convertWithin(v cty.Value, ty cty.Type, b *budget) (cty.Value, error) {
	if c, ok := convertTuple(v, ty); ok {
		return c, nil
	}
	if b != nil {
		if err := b.charge(conversionWork(v, ty)); err != nil {
			return cty.DynamicVal, err
		}
	}
	return convert.Convert(v, ty)
}

// convertTuple converts an unmarked tuple whose elements are all of one
// primitive type to a list or set of a primitive type (or of any type), as
// convert.Convert does, without comparing every pair of element types.
func convertTuple(v cty.Value, ty cty.Type) (cty.Value, bool) {
	if !ty.IsListType() && !ty.IsSetType() || !v.Type().IsTupleType() || !v.IsKnown() || v.IsNull() || v.IsMarked() {
		return cty.NilVal, false
	}
	etys := v.Type().TupleElementTypes()
	if len(etys) == 0 || !etys[0].IsPrimitiveType() {
		return cty.NilVal, false
	}
	e := ty.ElementType()
	if e != cty.DynamicPseudoType && !e.IsPrimitiveType() {
		return cty.NilVal, false
	}
	for _, t := range etys[1:] {
		if !t.Equals(etys[0]) {
			return cty.NilVal, false
		}
	}
	elems := v.AsValueSlice()
	for i, x := range elems {
		if x.IsMarked() {
			return cty.NilVal, false
		}
		if e != cty.DynamicPseudoType && !e.Equals(etys[0]) {
			// Each element converts alone (a number to a string, say); one
			// that cannot leaves the error to convert.Convert.
			c, err := convert.Convert(x, e)
			if err != nil {
				return cty.NilVal, false
			}
			elems[i] = c
		}
	}
	if ty.IsListType() {
		return cty.ListVal(elems), true
	}
	return cty.SetVal(elems), true
}

// conversionWork is the work of converting v to ty with convert.Convert: the
// square of the length of each tuple or object that becomes a collection, times
// unifyWork; more than MaxEvalWork once it is over.
func conversionWork(v cty.Value, ty cty.Type) int64 {
	v, _ = v.Unmark()
	if ty == cty.DynamicPseudoType || !v.IsKnown() || v.IsNull() {
		return 0
	}
	vt := v.Type()
	if !vt.IsTupleType() && !vt.IsObjectType() {
		return 0 // lists, sets and maps are typed already: one pass
	}
	n := int64(v.LengthInt())
	var work int64
	if ty.IsCollectionType() {
		if n > 1<<20 {
			return MaxEvalWork + 1
		}
		work = n * n * unifyWork
	}
	i := 0
	for it := v.ElementIterator(); it.Next() && work <= MaxEvalWork; i++ {
		k, e := it.Element()
		var ety cty.Type
		switch {
		case ty.IsCollectionType():
			ety = ty.ElementType()
		case ty.IsTupleType() && vt.IsTupleType() && i < len(ty.TupleElementTypes()):
			ety = ty.TupleElementTypes()[i]
		case ty.IsObjectType() && vt.IsObjectType() && ty.HasAttribute(k.AsString()):
			ety = ty.AttributeType(k.AsString())
		default:
			continue
		}
		work += conversionWork(e, ety)
	}
	return work
}
