package model

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Mitigations (docs/language.md, "Mitigations"): a mitigation block is a named change to
// the model, an override of existing blocks, attribute by attribute, and an add block
// of new ones, the way Terraform's override files merge into the blocks they name.
// Mitigations are applied to the declarations between collecting and building, so that
// the changed model is built and checked like any model, and its diagnostics point at
// the attributes the mitigation wrote.

const kindMitigation = "mitigation"

// Mitigation is a mitigation block of the model: a named change that Options.Mitigations
// applies.
type Mitigation struct {
	Name      string
	Label     string // the name when not given
	DeclRange hcl.Range
}

var mitigationSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "label"}},
	Blocks: []hcl.BlockHeaderSchema{
		{Type: kindSector, LabelNames: []string{"name"}},
		{Type: kindOrganization, LabelNames: []string{"name"}},
		{Type: kindAsset, LabelNames: []string{"name"}},
		{Type: kindChannel, LabelNames: []string{"name"}},
		{Type: "add"},
	},
}

var addSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{
		{Type: kindSector, LabelNames: []string{"name"}},
		{Type: kindOrganization, LabelNames: []string{"name"}},
		{Type: kindAsset, LabelNames: []string{"name"}},
		{Type: kindChannel, LabelNames: []string{"name"}},
	},
}

// overrideSchemas are the schemas of override blocks: those of their kinds, with nothing
// required (an override gives only what it changes).
var overrideSchemas = map[string]*hcl.BodySchema{
	kindSector:       sectorSchema,
	kindOrganization: organizationSchema,
	kindAsset:        optional(assetSchema),
	kindChannel:      optional(channelSchema),
}

// optional returns s with no attribute required.
func optional(s *hcl.BodySchema) *hcl.BodySchema {
	o := &hcl.BodySchema{Blocks: s.Blocks}
	for _, a := range s.Attributes {
		a.Required = false
		o.Attributes = append(o.Attributes, a)
	}
	return o
}

// mitigationDecl is a collected mitigation: its overrides and added blocks, checked
// against their schemas, applied only when asked for.
type mitigationDecl struct {
	m         *Mitigation
	overrides []*decl // kind, name and content of each override, in source order
	adds      []*decl // the add block's declarations, in source order
}

// collectMitigation checks a mitigation block's structure and records it in d.
func (d *decls) collectMitigation(blk *hcl.Block) hcl.Diagnostics {
	name := blk.Labels[0]
	md := &mitigationDecl{m: &Mitigation{Name: name, Label: name, DeclRange: blk.DefRange}}
	var diags hcl.Diagnostics
	if !hclsyntax.ValidIdentifier(name) {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid name",
			Detail:   fmt.Sprintf("%q is not a valid mitigation name: a name starts with a letter or underscore and holds only letters, digits, underscores and dashes.", name),
			Subject:  blk.LabelRanges[0].Ptr(),
		})
	}
	if prev, ok := d.mitigations[name]; ok {
		return append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  fmt.Sprintf("Duplicate mitigation %q", name),
			Detail:   fmt.Sprintf("A mitigation named %q was already declared at %s. Names must be unique among the mitigations of a model, across all its files.", name, rangeString(prev.m.DeclRange)),
			Subject:  blk.DefRange.Ptr(),
		})
	}
	c, cdiags := blk.Body.Content(mitigationSchema)
	diags = append(diags, cdiags...)
	if c == nil {
		return diags
	}
	if a := c.Attributes["label"]; a != nil {
		v, vdiags := evalExpr(a.Expr, nil)
		diags = append(diags, vdiags...)
		if !vdiags.HasErrors() && v.Type().FriendlyName() == "string" && v.IsKnown() && !v.IsNull() {
			md.m.Label = v.AsString()
		} else if !vdiags.HasErrors() {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid label",
				Detail: "A mitigation's label is a string.", Subject: a.Expr.Range().Ptr()})
		}
	}
	seen := map[string]map[string]hcl.Range{}
	record := func(kind, name string, rng hcl.Range, what string) bool {
		if seen[kind] == nil {
			seen[kind] = map[string]hcl.Range{}
		}
		if prev, ok := seen[kind][name]; ok {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  fmt.Sprintf("Duplicate %s %q in mitigation", kind, name),
				Detail:   fmt.Sprintf("Mitigation %q already %s %s %q at %s; merge the two blocks.", md.m.Name, what, kind, name, rangeString(prev)),
				Subject:  rng.Ptr(),
			})
			return false
		}
		seen[kind][name] = rng
		return true
	}
	for _, b := range c.Blocks {
		if b.Type == "add" {
			ac, adiags := b.Body.Content(addSchema)
			diags = append(diags, adiags...)
			if ac == nil {
				continue
			}
			for _, nb := range ac.Blocks {
				bc, bdiags := nb.Body.Content(kindSchemas[nb.Type])
				diags = append(diags, bdiags...)
				if bc == nil {
					bc = &hcl.BodyContent{Attributes: hcl.Attributes{}}
				}
				if record(nb.Type, nb.Labels[0], nb.DefRange, "adds or overrides") {
					md.adds = append(md.adds, &decl{kind: nb.Type, name: nb.Labels[0], nameRange: nb.LabelRanges[0], declRange: nb.DefRange, content: bc})
				}
			}
			continue
		}
		oc, odiags := b.Body.Content(overrideSchemas[b.Type])
		diags = append(diags, odiags...)
		if oc == nil {
			continue
		}
		if record(b.Type, b.Labels[0], b.DefRange, "adds or overrides") {
			md.overrides = append(md.overrides, &decl{kind: b.Type, name: b.Labels[0], nameRange: b.LabelRanges[0], declRange: b.DefRange, content: oc})
		}
	}
	d.mitigations[name] = md
	d.mitigationOrder = append(d.mitigationOrder, md)
	return diags
}

// applyMitigations applies the named mitigations to d, in order, and reports unknown
// names, overrides of blocks that do not exist and additions of names that do.
func (d *decls) applyMitigations(names []string) hcl.Diagnostics {
	var diags hcl.Diagnostics
	suggestions := 0
	for _, name := range names {
		md := d.mitigations[name]
		if md == nil {
			known := make([]string, len(d.mitigationOrder))
			for i, x := range d.mitigationOrder {
				known[i] = x.m.Name
			}
			detail := "The model declares no mitigations."
			if len(known) > 0 {
				slices.Sort(known)
				detail = fmt.Sprintf("The model's mitigations are %s.%s", quoteList(known), didYouMean(name, known))
			}
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: fmt.Sprintf("No mitigation %q", name), Detail: detail})
			continue
		}
		for _, o := range md.overrides {
			base := d.byName[o.kind][o.name]
			if base == nil {
				hint := ""
				if suggestions < maxSuggestions { // a flood of unknown names: a bounded number of searches
					suggestions++
					hint = didYouMean(o.name, d.names(o.kind))
				}
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  fmt.Sprintf("Override of an unknown %s", o.kind),
					Detail:   fmt.Sprintf("Mitigation %q overrides %s %q, which the model does not declare.%s To add a new %s, put it in the mitigation's add block.", md.m.Name, o.kind, o.name, hint, o.kind),
					Subject:  o.nameRange.Ptr(),
				})
				continue
			}
			// Replace the decl, not its content in place: a Parser may load the model again.
			merged := *base
			merged.content = overrideContent(base.content, o.content)
			d.replace(&merged)
		}
		for _, a := range md.adds {
			if prev := d.byName[a.kind][a.name]; prev != nil {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  fmt.Sprintf("Addition of an existing %s", a.kind),
					Detail:   fmt.Sprintf("Mitigation %q adds %s %q, which is already declared at %s. To change it, override it outside the add block.", md.m.Name, a.kind, a.name, rangeString(prev.declRange)),
					Subject:  a.nameRange.Ptr(),
				})
				continue
			}
			d.add(a)
		}
	}
	return diags
}

// names returns the names of the declarations of kind.
func (d *decls) names(kind string) []string {
	out := make([]string, 0, len(d.byKind[kind]))
	for _, dc := range d.byKind[kind] {
		out = append(out, dc.name)
	}
	return out
}

// replace puts dc in the place of the declaration of its kind and name.
func (d *decls) replace(dc *decl) {
	d.byName[dc.kind][dc.name] = dc
	for i, x := range d.byKind[dc.kind] {
		if x.name == dc.name {
			d.byKind[dc.kind][i] = dc
		}
	}
}

// add adds a new declaration, keeping the kind's declarations sorted by name.
func (d *decls) add(dc *decl) {
	if d.byName[dc.kind] == nil {
		d.byName[dc.kind] = map[string]*decl{}
	}
	d.byName[dc.kind][dc.name] = dc
	ds := d.byKind[dc.kind]
	i, _ := slices.BinarySearchFunc(ds, dc.name, func(x *decl, name string) int { return strings.Compare(x.name, name) })
	d.byKind[dc.kind] = slices.Insert(ds, i, dc)
}

// overrideContent merges an override into the content of a block: each attribute it
// gives replaces the original's; a needs block merges into the group of that name (a
// new name adds a group); dependency blocks and depends_on given at the top of the
// override (or in a needs block) replace the suppliers of the unnamed group (or of that
// group). It returns new content and changes neither argument.
func overrideContent(base, over *hcl.BodyContent) *hcl.BodyContent {
	out := &hcl.BodyContent{Attributes: hcl.Attributes{}, MissingItemRange: base.MissingItemRange}
	replaceSuppliers := over.Attributes["depends_on"] != nil || slices.ContainsFunc(over.Blocks, isDependency)
	for name, a := range base.Attributes {
		if name == "depends_on" && replaceSuppliers {
			continue
		}
		out.Attributes[name] = a
	}
	for name, a := range over.Attributes {
		out.Attributes[name] = a
	}
	overNeeds := map[string]*hcl.Block{}
	for _, b := range over.Blocks {
		if b.Type == "needs" {
			overNeeds[b.Labels[0]] = b
		}
	}
	for _, b := range base.Blocks {
		switch {
		case isDependency(b) && replaceSuppliers:
			continue
		case b.Type == "needs" && overNeeds[b.Labels[0]] != nil:
			b = mergeNeeds(b, overNeeds[b.Labels[0]])
			delete(overNeeds, b.Labels[0])
		}
		out.Blocks = append(out.Blocks, b)
	}
	for _, b := range over.Blocks {
		if isDependency(b) || b.Type == "needs" && overNeeds[b.Labels[0]] != nil {
			out.Blocks = append(out.Blocks, b)
		}
	}
	return out
}

func isDependency(b *hcl.Block) bool { return b.Type == "dependency" }

// mergeNeeds returns the needs block base with the override over merged into it, by
// the rules of overrideContent. Blocks whose bodies do not decode are left to the
// builder, which reports their errors.
func mergeNeeds(base, over *hcl.Block) *hcl.Block {
	bc, d1 := base.Body.Content(needsSchema)
	oc, d2 := over.Body.Content(needsSchema)
	if d1.HasErrors() || d2.HasErrors() {
		return over
	}
	merged := *base
	merged.Body = contentBody{overrideContent(bc, oc)}
	return &merged
}

// contentBody is an hcl.Body of already decoded content, for merged blocks: the
// builder decodes a needs block's body with needsSchema, the schema the content was
// decoded with.
type contentBody struct{ c *hcl.BodyContent }

// Content returns the body's content.
func (b contentBody) Content(*hcl.BodySchema) (*hcl.BodyContent, hcl.Diagnostics) { return b.c, nil }

// PartialContent returns the body's content and nothing left over.
func (b contentBody) PartialContent(*hcl.BodySchema) (*hcl.BodyContent, hcl.Body, hcl.Diagnostics) {
	return b.c, contentBody{&hcl.BodyContent{Attributes: hcl.Attributes{}, MissingItemRange: b.c.MissingItemRange}}, nil
}

// JustAttributes returns the body's attributes.
func (b contentBody) JustAttributes() (hcl.Attributes, hcl.Diagnostics) { return b.c.Attributes, nil }

// MissingItemRange returns where the body's missing items would go.
func (b contentBody) MissingItemRange() hcl.Range { return b.c.MissingItemRange }
