package model

import (
	"fmt"
	"slices"

	"github.com/hashicorp/hcl/v2"
)

// refItem is one resolved reference of a list.
type refItem struct {
	name string
	rng  hcl.Range
}

// refList resolves a static list of references to objects of kind want, such
// as depends_on = [asset.a, asset.b]. Bad elements are reported and left out.
func (b *builder) refList(a *hcl.Attribute, want string) []refItem {
	exprs, d := hcl.ExprList(a.Expr)
	if d.HasErrors() {
		b.errorAt(a.Expr.Range(), "Invalid reference list", fmt.Sprintf("%q takes a list of references to %ss, written literally, such as [%s.a, %s.b].", a.Name, want, want, want))
		return nil
	}
	var out []refItem
	for _, e := range exprs {
		if name, ok := b.ref(e, want); ok {
			out = append(out, refItem{name: name, rng: e.Range()})
		}
	}
	return out
}

// ref resolves a reference such as sector.energy to the name of a declared
// object of kind want. It reports references that are not static, name an
// unknown object, or name an object of another kind.
func (b *builder) ref(expr hcl.Expression, want string) (string, bool) {
	rng := expr.Range()
	example := fmt.Sprintf("%s.NAME", want)
	tr, d := hcl.AbsTraversalForExpr(expr)
	if d.HasErrors() {
		b.errorAt(rng, "Invalid reference", fmt.Sprintf("A reference to %s is expected here, written literally as %s; expressions, strings and variables cannot name objects.", article(want), example))
		return "", false
	}
	root := tr.RootName()
	if _, isKind := refKinds[root]; !isKind {
		kinds := make([]string, 0, len(refKinds))
		for k := range refKinds {
			kinds = append(kinds, k)
		}
		slices.Sort(kinds)
		hint := ""
		if s := Suggest(root, kinds); s != "" {
			hint = fmt.Sprintf(" Did you mean %s?", s)
		}
		b.errorAt(rng, "Invalid reference", fmt.Sprintf("A reference to %s is expected here, written %s; %q is not a kind of block.%s", article(want), example, root, hint))
		return "", false
	}
	if len(tr) < 2 {
		b.errorAt(rng, "Invalid reference", fmt.Sprintf("A reference needs a name after the kind: %s.", example))
		return "", false
	}
	step, ok := tr[1].(hcl.TraverseAttr)
	if !ok || len(tr) > 2 {
		b.errorAt(rng, "Invalid reference", fmt.Sprintf("A reference is a kind and a name only, such as %s, without indexes or further attributes.", example))
		return "", false
	}
	name := step.Name
	if root != want {
		b.errorAt(rng, "Wrong kind of reference", fmt.Sprintf("%s is expected here, but %s.%s refers to %s.", capitalize(article(want)), root, name, article(root)))
		return "", false
	}
	if _, ok := b.d.byName[want][name]; !ok && !(want == kindAsset && b.isImportedAsset(name)) {
		hint := ""
		if b.suggestions.Add(1) <= maxSuggestions {
			if s := Suggest(name, b.namesOf(want)); s != "" {
				hint = fmt.Sprintf(" Did you mean %s.%s?", want, s)
			}
		}
		b.errorAt(rng, fmt.Sprintf("Reference to undeclared %s", want), fmt.Sprintf("No %s named %q is declared in this model.%s", want, name, hint))
		return "", false
	}
	return name, true
}

// namesOf returns the declared names of a kind, sorted.
func (b *builder) namesOf(kind string) []string {
	ds := b.d.byKind[kind]
	names := make([]string, len(ds))
	for i, dc := range ds {
		names[i] = dc.name
	}
	return names
}
