package model

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/cascade-infra/cascade/internal/regular"
)

// variable is a declared variable with its type and, once set, its value.
type variable struct {
	decl  *decl
	typ   cty.Type
	value cty.Value // cty.NilVal until set
	// broken is set when the type or default is wrong (and reported).
	broken bool
}

// evalContext is stage 2: it sets the variables from their defaults, the var
// files and opts.Vars, evaluates the locals in dependency order and returns
// the context that every attribute of the model is evaluated in.
func evalContext(d *decls, opts Options, p *Parser) (*hcl.EvalContext, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	// One budget for every expression of the load (budget.go).
	b := newBudget()
	funcs := budgetFunctions(b)
	funcCtx := &hcl.EvalContext{Functions: funcs}
	vars := map[string]*variable{}
	var names []string
	for _, dc := range d.byKind[kindVariable] {
		v := &variable{decl: dc, typ: cty.DynamicPseudoType}
		if a := dc.content.Attributes["type"]; a != nil {
			ty, tdiags := typeexpr.TypeConstraint(a.Expr)
			diags = append(diags, tdiags...)
			if !tdiags.HasErrors() {
				v.typ = ty
			} else {
				v.broken = true
			}
		}
		if a := dc.content.Attributes["description"]; a != nil {
			val, vdiags := evalBudget(a.Expr, nil, b)
			diags = append(diags, vdiags...)
			if !vdiags.HasErrors() && (val.IsNull() || !val.IsKnown() || val.Type() != cty.String) {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Invalid variable description",
					Detail:   "A description is a literal string.",
					Subject:  a.Expr.Range().Ptr(),
				})
			}
		}
		if a := dc.content.Attributes["default"]; a != nil {
			val, vdiags := evalBudget(a.Expr, funcCtx, b)
			diags = append(diags, vdiags...)
			if vdiags.HasErrors() {
				v.broken = true
			} else {
				cv, err := convertWithin(val, v.typ, b)
				if err != nil {
					diags = append(diags, &hcl.Diagnostic{
						Severity: hcl.DiagError,
						Summary:  "Invalid default value for variable",
						Detail:   fmt.Sprintf("The default of variable %q does not fit its type %s: %s.", dc.name, typeexpr.TypeString(v.typ), err),
						Subject:  a.Expr.Range().Ptr(),
					})
					v.broken = true
				} else {
					v.value = cv
				}
			}
		}
		vars[dc.name] = v
		names = append(names, dc.name)
	}

	for _, file := range opts.VarFiles {
		diags = append(diags, applyVarFile(file, vars, p)...)
	}
	for _, name := range slices.Sorted(mapKeys(opts.Vars)) {
		raw := opts.Vars[name]
		v := vars[name]
		if v == nil {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Value for undeclared variable",
				Detail:   fmt.Sprintf("A value was given for variable %q with --var, but the model declares no such variable.%s", name, didYouMean(name, names)),
			})
			continue
		}
		val, err := varValue(raw, v.typ)
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Invalid value for variable",
				Detail:   fmt.Sprintf("The value %q given with --var for variable %q does not fit its type %s: %s.", raw, name, typeexpr.TypeString(v.typ), err),
				Subject:  v.decl.nameRange.Ptr(),
			})
			v.broken = true // given, wrongly: not also "no value"
			continue
		}
		v.value = val
	}

	varVals := map[string]cty.Value{}
	for _, name := range names {
		v := vars[name]
		if v.value == cty.NilVal && v.broken {
			varVals[name] = cty.DynamicVal
			continue
		}
		if v.value == cty.NilVal {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "No value for required variable",
				Detail:   fmt.Sprintf("Variable %q has no default and was not given a value. Set it with --var %s=VALUE or in a --var-file, or give it a default.", name, name),
				Subject:  v.decl.declRange.Ptr(),
			})
			varVals[name] = cty.DynamicVal
			continue
		}
		varVals[name] = v.value
	}
	varObj := cty.ObjectVal(varVals)
	localVals, ldiags := evalLocals(d.locals, varObj, funcs, b)
	diags = append(diags, ldiags...)
	ctx := &hcl.EvalContext{
		Variables: map[string]cty.Value{"var": varObj, "local": cty.ObjectVal(localVals)},
		Functions: funcs,
	}
	registerBudget(ctx, b)
	return ctx, diags
}

func mapKeys[M ~map[K]V, K comparable, V any](m M) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// varValue reads a --var value: taken as written for primitive types, read as
// an HCL expression for others when it is one, and converted to ty.
func varValue(raw string, ty cty.Type) (cty.Value, error) {
	val := cty.StringVal(raw)
	if !ty.IsPrimitiveType() {
		src := []byte(raw)
		if checkText(src, "--var") == nil && checkNesting(src, "--var") == nil {
			expr, pdiags := hclsyntax.ParseExpression(src, "--var", hcl.InitialPos)
			if !pdiags.HasErrors() {
				if v, vdiags := evalBudget(expr, nil, newBudget()); !vdiags.HasErrors() && v.IsWhollyKnown() {
					val = v
				}
			}
		}
	}
	cv, err := convertWithin(val, ty, newBudget())
	if err == nil {
		err = checkValue(cv) // a number beyond a float's range
	}
	return cv, err
}

// applyVarFile sets variables from a file of attributes.
func applyVarFile(name string, vars map[string]*variable, p *Parser) hcl.Diagnostics {
	src, err := regular.ReadFile(name, MaxFileSize)
	if errors.Is(err, regular.ErrTooLarge) {
		return hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Variables file too large",
			Detail:   err.Error() + ".",
		}}
	}
	if err != nil {
		return hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Cannot read variables file",
			Detail:   readDetail(name, err),
		}}
	}
	f, diags := parseSource(src, name)
	p.p.AddFile(name, f)
	if diags.HasErrors() {
		return diags
	}
	attrs, adiags := f.Body.JustAttributes()
	diags = append(diags, adiags...)
	var names []string
	for n := range vars {
		names = append(names, n)
	}
	slices.Sort(names)
	hint := boundedDidYouMean(names)
	for _, a := range sortedAttributes(attrs) {
		v := vars[a.Name]
		if v == nil {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagWarning,
				Summary:  "Value for undeclared variable",
				Detail:   fmt.Sprintf("The model declares no variable %q; this value is ignored.%s", a.Name, hint(a.Name)),
				Subject:  a.NameRange.Ptr(),
			})
			continue
		}
		val, vdiags := evalBudget(a.Expr, nil, newBudget())
		diags = append(diags, vdiags...)
		if vdiags.HasErrors() {
			continue
		}
		cv, err := convertWithin(val, v.typ, newBudget())
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Invalid value for variable",
				Detail:   fmt.Sprintf("The value for variable %q does not fit its type %s: %s.", a.Name, typeexpr.TypeString(v.typ), err),
				Subject:  a.Expr.Range().Ptr(),
			})
			continue
		}
		v.value = cv
	}
	return diags
}

// evalLocals evaluates locals in dependency order. A local in a cycle, or
// whose evaluation fails, is unknown, so that its uses add no further errors.
func evalLocals(locals []*hcl.Attribute, varObj cty.Value, funcs map[string]function.Function, b *budget) (map[string]cty.Value, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	byName := map[string]*hcl.Attribute{}
	var names []string
	for _, a := range locals {
		byName[a.Name] = a
		names = append(names, a.Name)
	}
	slices.Sort(names)

	deps := map[string][]string{}
	bad := map[string]bool{} // refers to an undeclared local
	hint := boundedDidYouMean(names)
	for _, name := range names {
		a := byName[name]
		seen := map[string]bool{}
		for _, tr := range a.Expr.Variables() {
			if tr.RootName() != "local" || len(tr) < 2 {
				continue
			}
			step, ok := tr[1].(hcl.TraverseAttr)
			if !ok {
				continue
			}
			if byName[step.Name] == nil {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Reference to undeclared local value",
					Detail:   fmt.Sprintf("No local value named %q is declared.%s", step.Name, hint(step.Name)),
					Subject:  tr.SourceRange().Ptr(),
				})
				bad[name] = true
				continue
			}
			if !seen[step.Name] {
				seen[step.Name] = true
				deps[name] = append(deps[name], step.Name)
			}
		}
		slices.Sort(deps[name])
	}

	// Depth-first topological order; a back edge is a cycle.
	const (
		white = iota
		grey
		black
	)
	state := map[string]int{}
	vals := map[string]cty.Value{}
	var stack []string
	var visit func(name string)
	visit = func(name string) {
		state[name] = grey
		stack = append(stack, name)
		for _, dep := range deps[name] {
			switch state[dep] {
			case white:
				visit(dep)
			case grey:
				i := slices.Index(stack, dep)
				cycle := append(slices.Clone(stack[i:]), dep)
				for j := range cycle {
					cycle[j] = "local." + cycle[j]
				}
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Circular reference between local values",
					Detail:   fmt.Sprintf("The local values refer to each other in a circle: %s. Break the circle by giving one of them a value that does not depend on the others.", strings.Join(cycle, " → ")),
					Subject:  byName[dep].NameRange.Ptr(),
				})
				for _, n := range stack[i:] {
					vals[n] = cty.DynamicVal
				}
			}
		}
		stack = stack[:len(stack)-1]
		state[name] = black
		if _, done := vals[name]; done {
			return
		}
		if bad[name] {
			vals[name] = cty.DynamicVal
			return
		}
		a := byName[name]
		scope := map[string]cty.Value{}
		for _, dep := range deps[name] {
			v, ok := vals[dep]
			if !ok || !v.IsWhollyKnown() {
				vals[name] = cty.DynamicVal
				return
			}
			scope[dep] = v
		}
		ctx := &hcl.EvalContext{
			Variables: map[string]cty.Value{"var": varObj, "local": cty.ObjectVal(scope)},
			Functions: funcs,
		}
		v, vdiags := evalBudget(a.Expr, ctx, b)
		diags = append(diags, vdiags...)
		if vdiags.HasErrors() {
			v = cty.DynamicVal
		}
		vals[name] = v
	}
	for _, name := range names {
		if state[name] == white {
			visit(name)
		}
	}
	return vals, diags
}

// boundedDidYouMean returns didYouMean among candidates for the first
// maxSuggestions names it is asked about, and "" after them: a flood of
// unknown names costs no more than that many searches.
func boundedDidYouMean(candidates []string) func(name string) string {
	n := 0
	return func(name string) string {
		if n >= maxSuggestions {
			return ""
		}
		n++
		return didYouMean(name, candidates)
	}
}

// didYouMean suggests the candidate closest to name, if one is close enough,
// as a sentence to append to a detail.
func didYouMean(name string, candidates []string) string {
	if s := Suggest(name, candidates); s != "" {
		return fmt.Sprintf(" Did you mean %q?", s)
	}
	return ""
}

// Suggest returns the candidate closest to name within an edit distance of 2,
// or "" (the first of the closest, in the candidates' order). A candidate
// whose length differs by more than 2 is skipped unread, and the distance to
// the others stops as soon as it is over 2, so that a search among 100,000
// names takes a few milliseconds.
func Suggest(name string, candidates []string) string {
	best, bestDist := "", 3
	a := []rune(name)
	var prev, cur []int
	var b []rune
	for _, c := range candidates {
		if d := len(c) - len(name); d > 2*utf8.UTFMax || d < -2*utf8.UTFMax {
			continue // too long or short in bytes to be within 2 runes
		}
		b = append(b[:0], []rune(c)...)
		if d := len(b) - len(a); d > 2 || d < -2 {
			continue
		}
		if d := boundedDistance(a, b, bestDist-1, &prev, &cur); d < bestDist {
			best, bestDist = c, d
			if d == 0 {
				break
			}
		}
	}
	return best
}

// boundedDistance is the Levenshtein distance of a and b when it is at most
// limit, and limit+1 otherwise; prev and cur are the rows, reused.
func boundedDistance(a, b []rune, limit int, prev, cur *[]int) int {
	if len(*prev) < len(b)+1 {
		*prev, *cur = make([]int, len(b)+1), make([]int, len(b)+1)
	}
	p, c := (*prev)[:len(b)+1], (*cur)[:len(b)+1]
	for j := range p {
		p[j] = j
	}
	for i := 1; i <= len(a); i++ {
		c[0] = i
		rowMin := c[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			c[j] = min(p[j]+1, c[j-1]+1, p[j-1]+cost)
			rowMin = min(rowMin, c[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		p, c = c, p
	}
	return min(p[len(b)], limit+1)
}
