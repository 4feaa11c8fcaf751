package model

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// The model is decoded in stages, as Terraform decodes a module:
//
//  1. collect: each file's top-level blocks are checked against fileSchema and
//     their bodies against the schema of their kind; names are recorded per
//     kind and duplicates reported. Attribute values stay hcl.Expression.
//  2. evaluate variables and locals, in dependency order, into an EvalContext.
//  3. build: objects are created for every name, sorted, and then each decl's
//     content is decoded into its object, references resolved by name.
//  4. derive: event selections, then warnings.
//
// Stage 3 works on hcl.BodyContent (attributes and nested blocks) and not on
// files, so objects that come from elsewhere (rows of a CSV file, later) can
// be decoded the same way from synthetic attributes.

// Block kinds of a model file.
const (
	kindSector       = "sector"
	kindOrganization = "organization"
	kindAsset        = "asset"
	kindScenario     = "scenario"
	kindVariable     = "variable"
	kindLocals       = "locals"
)

// refKinds are the kinds that references can name, with the article used in
// messages.
var refKinds = map[string]string{
	kindSector:       "a sector",
	kindOrganization: "an organization",
	kindAsset:        "an asset",
	kindScenario:     "a scenario",
}

var fileSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{
		{Type: kindSector, LabelNames: []string{"name"}},
		{Type: kindOrganization, LabelNames: []string{"name"}},
		{Type: kindAsset, LabelNames: []string{"name"}},
		{Type: kindScenario, LabelNames: []string{"name"}},
		{Type: kindVariable, LabelNames: []string{"name"}},
		{Type: kindLocals},
		{Type: kindImport},
		{Type: kindMitigation, LabelNames: []string{"name"}},
		{Type: kindChannel, LabelNames: []string{"name"}},
	},
}

var sectorSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "label"}, {Name: "color"}, {Name: "threshold"}},
}

var organizationSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "label"}, {Name: "country"}, {Name: "kind"}, {Name: "shares_with"}, {Name: "crews"}, {Name: "detect"}, {Name: "respond"}},
}

// groupAttributes are the attributes of a supply group, shared by asset and needs.
var groupAttributes = []hcl.AttributeSchema{{Name: "requires"}, {Name: "backup"}, {Name: "depends_on"}}

var assetSchema = &hcl.BodySchema{
	Attributes: append([]hcl.AttributeSchema{
		{Name: "sector", Required: true},
		{Name: "label"}, {Name: "operator"}, {Name: "country"}, {Name: "region"},
		{Name: "location"}, {Name: "tags"}, {Name: "weight"},
		{Name: "repair"}, {Name: "recover"}, {Name: "restart"}, {Name: "priority"},
	}, groupAttributes...),
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "dependency"},
		{Type: "needs", LabelNames: []string{"name"}},
	},
}

var needsSchema = &hcl.BodySchema{
	Attributes: groupAttributes,
	Blocks:     []hcl.BlockHeaderSchema{{Type: "dependency"}},
}

var dependencySchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "on", Required: true}, {Name: "kind"}, {Name: "delay"}, {Name: "probability"}},
}

var scenarioSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "label"}, {Name: "horizon"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "event", LabelNames: []string{"name"}}},
}

var eventSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "kind"}, {Name: "at"}, {Name: "targets"}, {Name: "probability"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "select"}},
}

var selectSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "sector"}, {Name: "region"}, {Name: "country"},
		{Name: "operator"}, {Name: "tags"}, {Name: "within"},
	},
}

var variableSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "type"}, {Name: "default"}, {Name: "description"}},
}

var kindSchemas = map[string]*hcl.BodySchema{
	kindSector:       sectorSchema,
	kindOrganization: organizationSchema,
	kindAsset:        assetSchema,
	kindScenario:     scenarioSchema,
	kindVariable:     variableSchema,
	kindChannel:      channelSchema,
}

// decl is one named declaration before it is built into an object.
type decl struct {
	kind      string
	name      string
	nameRange hcl.Range
	declRange hcl.Range
	content   *hcl.BodyContent
}

// decls holds the declarations of a model by kind, in file and source order.
type decls struct {
	byKind map[string][]*decl
	byName map[string]map[string]*decl
	locals []*hcl.Attribute
	// imports are the import blocks (docs/import.md), in file and source order.
	imports []*hcl.Block
	// mitigations by name, and in file and source order.
	mitigations     map[string]*mitigationDecl
	mitigationOrder []*mitigationDecl
	// deferred are the files whose asset blocks are parsed and built in pieces
	// in stage 3 (loadpieces.go); their decls have no content.
	deferred []*pieceFile
}

// collect is stage 1: it checks every file's structure and records its
// declarations.
func collect(files []*hcl.File) (*decls, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	d := &decls{byKind: map[string][]*decl{}, byName: map[string]map[string]*decl{}, mitigations: map[string]*mitigationDecl{}}
	localsSeen := map[string]*hcl.Attribute{}
	for _, f := range files {
		content, cdiags := f.Body.Content(fileSchema)
		diags = append(diags, cdiags...)
		if content == nil {
			continue
		}
		for _, blk := range content.Blocks {
			if blk.Type == kindLocals {
				attrs, adiags := blk.Body.JustAttributes()
				diags = append(diags, adiags...)
				for _, a := range sortedAttributes(attrs) {
					if prev, ok := localsSeen[a.Name]; ok {
						diags = append(diags, &hcl.Diagnostic{
							Severity: hcl.DiagError,
							Summary:  "Duplicate local value",
							Detail:   fmt.Sprintf("A local value named %q was already declared at %s. Local value names must be unique in a model.", a.Name, rangeString(prev.NameRange)),
							Subject:  a.NameRange.Ptr(),
						})
						continue
					}
					localsSeen[a.Name] = a
					d.locals = append(d.locals, a)
				}
				continue
			}
			if blk.Type == kindImport {
				d.imports = append(d.imports, blk)
				continue
			}
			if blk.Type == kindMitigation {
				diags = append(diags, d.collectMitigation(blk)...)
				continue
			}
			name := blk.Labels[0]
			dc := &decl{kind: blk.Type, name: name, nameRange: blk.LabelRanges[0], declRange: blk.DefRange}
			if !hclsyntax.ValidIdentifier(name) {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Invalid name",
					Detail:   fmt.Sprintf("%q is not a valid %s name: a name starts with a letter or underscore and holds only letters, digits, underscores and dashes, so that it can be referred to as %s.NAME.", name, blk.Type, refRoot(blk.Type)),
					Subject:  dc.nameRange.Ptr(),
				})
			}
			c, cdiags := blk.Body.Content(kindSchemas[blk.Type])
			diags = append(diags, cdiags...)
			if c == nil {
				c = &hcl.BodyContent{Attributes: hcl.Attributes{}}
			}
			dc.content = c
			names := d.byName[blk.Type]
			if names == nil {
				names = map[string]*decl{}
				d.byName[blk.Type] = names
			}
			if prev, ok := names[name]; ok {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  fmt.Sprintf("Duplicate %s %q", blk.Type, name),
					Detail:   fmt.Sprintf("%s named %q was already declared at %s. Names must be unique among the %ss of a model, across all its files.", capitalize(article(blk.Type)), name, rangeString(prev.declRange), blk.Type),
					Subject:  dc.declRange.Ptr(),
				})
				continue
			}
			names[name] = dc
			d.byKind[blk.Type] = append(d.byKind[blk.Type], dc)
		}
	}
	for _, ds := range d.byKind {
		slices.SortFunc(ds, func(a, b *decl) int { return strings.Compare(a.name, b.name) })
	}
	return d, diags
}

// refRoot is how references to a kind start: var for variables.
func refRoot(kind string) string {
	if kind == kindVariable {
		return "var"
	}
	return kind
}

func article(kind string) string {
	if a, ok := refKinds[kind]; ok {
		return a
	}
	return "a " + kind
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// rangeString is "file:line" for messages that cite another declaration.
func rangeString(r hcl.Range) string {
	return fmt.Sprintf("%s:%d", r.Filename, r.Start.Line)
}

// sortedAttributes returns attrs in source order.
func sortedAttributes(attrs hcl.Attributes) []*hcl.Attribute {
	out := make([]*hcl.Attribute, 0, len(attrs))
	for _, a := range attrs {
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b *hcl.Attribute) int { return compareRanges(a.Range, b.Range) })
	return out
}

// compareRanges orders ranges by file name, then start.
func compareRanges(a, b hcl.Range) int {
	if c := strings.Compare(a.Filename, b.Filename); c != 0 {
		return c
	}
	return a.Start.Byte - b.Start.Byte
}

// decode runs stages 1 to 4.
func decode(files []*hcl.File, opts Options, p *Parser) (*Model, hcl.Diagnostics) {
	m, diags, _ := decodeWith(files, nil, opts, p)
	return m, diags
}

// decodeWith runs stages 1 to 4 on files and, when deferred is not empty, the
// asset blocks of deferred decoded in pieces. ok is false when the pieces cannot
// be trusted (loadpieces.go): something was to be reported before stage 4, or a
// piece did not parse as scanned; the model and diagnostics are then to be
// thrown away.
func decodeWith(files []*hcl.File, deferred []*pieceFile, opts Options, p *Parser) (m *Model, diags hcl.Diagnostics, ok bool) {
	d, diags := collect(files)
	if len(deferred) > 0 && (len(diags) > 0 || !d.addDeferred(deferred)) {
		return nil, nil, false
	}
	diags = append(diags, d.applyMitigations(opts.Mitigations)...)
	ctx, ediags := evalContext(d, opts, p)
	diags = append(diags, ediags...)
	im, imported, idiags := readImports(d.imports, ctx, opts.FS, p, d.hclAsset)
	diags = append(diags, idiags...)
	if len(deferred) > 0 && len(diags) > 0 {
		return nil, nil, false
	}
	b := newBuilder(d, ctx)
	b.addImported(im, imported)
	if !b.build() {
		return nil, nil, false
	}
	for _, md := range d.mitigationOrder {
		b.m.Mitigations = append(b.m.Mitigations, md.m)
	}
	slices.SortFunc(b.m.Mitigations, func(x, y *Mitigation) int { return strings.Compare(x.Name, y.Name) })
	diags = append(diags, b.diags...)
	if len(deferred) > 0 && len(diags) > 0 {
		return nil, nil, false
	}
	if diags.HasErrors() {
		return nil, diags, true
	}
	selectAssets(b.m)
	diags = append(diags, warnings(b.m)...)
	return b.m, diags, true
}
