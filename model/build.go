package model

import (
	"fmt"
	"math"
	"math/big"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// Palette holds the colours given to sectors without a color attribute, by
// sector Index modulo its length.
var Palette = []string{
	"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
	"#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#17becf", "#bcbd22",
}

// Defaults of optional attributes.
const (
	DefaultThreshold   = 0.5 // fraction of a sector's weight
	DefaultWeight      = 1.0 // share of a sector
	DefaultProbability = 1.0 // of a dependency or an event
)

// OrganizationKinds are the allowed values of an organization's kind.
var OrganizationKinds = []string{"government", "operator", "isac", "cert", "military", "vendor"}

// EarthRadiusKm is the radius of the earth used for distances, in kilometres.
const EarthRadiusKm = 6371.0

var (
	colorPattern   = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
	countryPattern = regexp.MustCompile(`^[A-Z]{2}$`)
)

// maxSuggestions bounds how many unknown names get a "did you mean", which
// compares against every name of a kind.
const maxSuggestions = 200

// builder is stage 3: it builds the objects of a model from its decls.
type builder struct {
	d     *decls
	ctx   *hcl.EvalContext
	m     *Model
	diags hcl.Diagnostics

	sectors   map[string]*Sector
	orgs      map[string]*Organization
	assets    map[string]*Asset // HCL assets; see asset for imported ones
	scenarios map[string]*Scenario

	// hclAssets are the HCL assets in decl order; imp and impFiles the CSV
	// import (csvimport.go).
	hclAssets []*Asset
	imp       *csvImporter
	impFiles  []importFile

	suggestions *atomic.Int64 // did-you-mean searches so far, shared by forks
	// files shares file names among the spans the builder makes; each fork has its
	// own (span makes it).
	files fileNames
}

// span returns the span of r, sharing its file name with the builder's other spans.
func (b *builder) span(r hcl.Range) Span {
	if b.files == nil {
		b.files = fileNames{}
	}
	return b.files.span(r)
}

func newBuilder(d *decls, ctx *hcl.EvalContext) *builder {
	b := &builder{
		d: d, ctx: ctx, m: &Model{},
		sectors:     map[string]*Sector{},
		orgs:        map[string]*Organization{},
		assets:      map[string]*Asset{},
		scenarios:   map[string]*Scenario{},
		suggestions: new(atomic.Int64),
	}
	// Objects for every name first, so that references resolve in any order.
	for i, dc := range d.byKind[kindSector] {
		s := &Sector{Name: dc.name, Label: dc.name, Threshold: DefaultThreshold, Color: Palette[i%len(Palette)], Index: i, DeclRange: dc.declRange}
		b.m.Sectors = append(b.m.Sectors, s)
		b.sectors[dc.name] = s
	}
	for i, dc := range d.byKind[kindOrganization] {
		o := &Organization{Name: dc.name, Label: dc.name, Index: i, DeclRange: dc.declRange}
		b.m.Organizations = append(b.m.Organizations, o)
		b.orgs[dc.name] = o
	}
	for i, dc := range d.byKind[kindAsset] {
		a := &Asset{Name: dc.name, Label: dc.name, Weight: DefaultWeight, Index: i, DeclRange: b.span(dc.declRange)}
		b.m.Assets = append(b.m.Assets, a)
		b.assets[dc.name] = a
	}
	for i, dc := range d.byKind[kindChannel] {
		b.m.Channels = append(b.m.Channels, &Channel{Name: dc.name, Label: dc.name, Index: i, DeclRange: dc.declRange})
	}
	for i, dc := range d.byKind[kindScenario] {
		s := &Scenario{Name: dc.name, Label: dc.name, Horizon: NoHorizon, Index: i, DeclRange: dc.declRange}
		b.m.Scenarios = append(b.m.Scenarios, s)
		b.scenarios[dc.name] = s
	}
	return b
}

// build decodes every decl into its object. Organizations come before assets,
// whose country defaults to their operator's, and assets before scenarios,
// whose events select assets by their attributes. It reports false when assets
// decoded in pieces cannot be trusted (loadpieces.go).
func (b *builder) build() bool {
	for i, dc := range b.d.byKind[kindSector] {
		b.buildSector(b.m.Sectors[i], dc.content)
	}
	for i, dc := range b.d.byKind[kindOrganization] {
		b.buildOrganization(b.m.Organizations[i], dc.content)
	}
	b.buildImported()
	assets := b.d.byKind[kindAsset]
	if len(b.d.deferred) > 0 {
		if !b.buildPieces() {
			return false
		}
		b.parallel(len(assets), func(fb *builder, i int) {
			if assets[i].content != nil {
				fb.buildAsset(b.hclAssets[i], assets[i].content)
			}
		})
	} else {
		b.parallel(len(assets), func(fb *builder, i int) { fb.buildAsset(b.hclAssets[i], assets[i].content) })
	}
	for i, dc := range b.d.byKind[kindChannel] {
		b.buildChannel(b.m.Channels[i], dc.content)
	}
	for i, dc := range b.d.byKind[kindScenario] {
		b.buildScenario(b.m.Scenarios[i], dc.content)
	}
	return true
}

// parallel calls build(fork, i) for i in [0, n) on GOMAXPROCS goroutines,
// each with its own fork of b, and appends the diagnostics in the order of i.
// build may write only to the i-th object.
func (b *builder) parallel(n int, build func(fork *builder, i int)) {
	perItem := make([]hcl.Diagnostics, n)
	workers := min(runtime.GOMAXPROCS(0), (n+255)/256)
	if workers <= 1 {
		for i := range n {
			build(b, i)
		}
		return
	}
	chunk := (n + workers - 1) / workers
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			fork := *b
			fork.files = nil
			for i := w * chunk; i < min(n, (w+1)*chunk); i++ {
				fork.diags = nil
				build(&fork, i)
				perItem[i] = fork.diags
			}
		})
	}
	wg.Wait()
	for _, d := range perItem {
		b.diags = append(b.diags, d...)
	}
}

func (b *builder) buildSector(s *Sector, c *hcl.BodyContent) {
	if v, a := b.str(c.Attributes, "label"); a != nil {
		s.Label = v
	}
	if v, a := b.str(c.Attributes, "color"); a != nil {
		if colorPattern.MatchString(v) {
			s.Color = strings.ToLower(v)
		} else {
			b.attrError(a, "Invalid color", fmt.Sprintf("A color is written \"#rrggbb\" with six hexadecimal digits, such as \"#f4a261\"; got %q.", v))
		}
	}
	if v, a := b.num(c.Attributes, "threshold"); a != nil {
		if v > 0 && v <= 1 {
			s.Threshold = v
		} else {
			b.attrError(a, "Invalid threshold", fmt.Sprintf("A sector's threshold is the fraction of its weight that must fail for the sector to fail: more than 0 and at most 1. Got %s.", fmtNum(v)))
		}
	}
}

func (b *builder) buildOrganization(o *Organization, c *hcl.BodyContent) {
	if v, a := b.str(c.Attributes, "label"); a != nil {
		o.Label = v
	}
	if v, a := b.country(c.Attributes, "country"); a != nil {
		o.Country = v
	}
	if v, a := b.str(c.Attributes, "kind"); a != nil {
		if slices.Contains(OrganizationKinds, v) {
			o.Kind = v
		} else {
			b.attrError(a, "Invalid organization kind", fmt.Sprintf("An organization's kind is one of %s; got %q.%s", quoteList(OrganizationKinds), v, didYouMean(v, OrganizationKinds)))
		}
	}
	if a := c.Attributes["shares_with"]; a != nil {
		seen := map[*Organization]bool{}
		for _, e := range b.refList(a, kindOrganization) {
			other := b.orgs[e.name]
			switch {
			case other == o:
				b.errorAt(e.rng, "Channel to itself", fmt.Sprintf("Organization %q lists itself in shares_with; list the other organizations it shares information with.", o.Name))
			case seen[other]:
				b.errorAt(e.rng, "Duplicate channel", fmt.Sprintf("Organization %q lists %q twice in shares_with.", o.Name, other.Name))
			default:
				seen[other] = true
				o.SharesWith = append(o.SharesWith, other)
			}
		}
		slices.SortFunc(o.SharesWith, func(x, y *Organization) int { return x.Index - y.Index })
	}
	b.crews(o, c.Attributes["crews"])
	b.alerts(o, c.Attributes)
}

func (b *builder) buildAsset(x *Asset, c *hcl.BodyContent) {
	if a := c.Attributes["sector"]; a != nil {
		if name, ok := b.ref(a.Expr, kindSector); ok {
			x.Sector = b.sectors[name]
		}
	}
	if v, a := b.str(c.Attributes, "label"); a != nil {
		x.Label = v
	}
	if a := c.Attributes["operator"]; a != nil {
		if name, ok := b.ref(a.Expr, kindOrganization); ok {
			x.Operator = b.orgs[name]
			x.Country = x.Operator.Country
		}
	}
	if v, a := b.country(c.Attributes, "country"); a != nil {
		x.Country = v
	}
	if v, a := b.str(c.Attributes, "region"); a != nil {
		x.Region = v
	}
	if a := c.Attributes["location"]; a != nil {
		if f, ok := b.object(a, "lat", "lon"); ok {
			okLat := b.checkLat(a, "lat", f["lat"])
			okLon := b.checkLon(a, "lon", f["lon"])
			if okLat && okLon {
				x.Location = &Location{Lat: f["lat"], Lon: f["lon"]}
			}
		}
	}
	if v, a := b.strList(c.Attributes, "tags"); a != nil {
		x.Tags = dedupe(v)
	}
	if v, a := b.num(c.Attributes, "weight"); a != nil {
		if v > 0 {
			x.Weight = v
		} else {
			b.attrError(a, "Invalid weight", fmt.Sprintf("An asset's weight is its share of its sector and must be more than 0; got %s.", fmtNum(v)))
		}
	}

	b.restoration(x, c.Attributes)

	seen := map[*Asset]hcl.Range{}
	x.Groups = append(x.Groups, b.buildGroup(x, "", x.DeclRange.Range(), c, seen))
	names := map[string]hcl.Range{}
	for _, blk := range c.Blocks {
		if blk.Type != "needs" {
			continue
		}
		name := blk.Labels[0]
		if prev, ok := names[name]; ok {
			b.errorAt(blk.DefRange, "Duplicate supply group", fmt.Sprintf("Asset %q already has a needs %q block at %s; merge the two.", x.Name, name, rangeString(prev)))
			continue
		}
		names[name] = blk.DefRange
		nc, d := blk.Body.Content(needsSchema)
		b.diags = append(b.diags, d...)
		if nc == nil {
			continue
		}
		g := b.buildGroup(x, name, blk.DefRange, nc, seen)
		if len(g.Dependencies) == 0 && !hasDependencySyntax(nc) {
			b.errorAt(blk.DefRange, "Supply group without suppliers", fmt.Sprintf("The needs %q block of asset %q names no supplier. Add depends_on or dependency blocks, or remove the block.", name, x.Name))
		}
		x.Groups = append(x.Groups, g)
	}
}

// hasDependencySyntax reports whether a group names suppliers at all, valid or
// not, so that a group whose suppliers were all wrong gets no second error.
func hasDependencySyntax(c *hcl.BodyContent) bool {
	if a := c.Attributes["depends_on"]; a != nil {
		if l, d := hcl.ExprList(a.Expr); d.HasErrors() || len(l) > 0 {
			return true
		}
	}
	for _, blk := range c.Blocks {
		if blk.Type == "dependency" {
			return true
		}
	}
	return false
}

// buildGroup decodes a supply group: the asset's own (name "") or a needs
// block. seen holds the suppliers of the asset's groups decoded so far.
func (b *builder) buildGroup(x *Asset, name string, rng hcl.Range, c *hcl.BodyContent, seen map[*Asset]hcl.Range) *SupplyGroup {
	g := &SupplyGroup{Name: name, RequiresMode: "all", DeclRange: b.span(rng)}
	add := func(dep *Dependency, refRange hcl.Range) {
		switch prev, dup := seen[dep.On]; {
		case dep.On == x:
			b.errorAt(refRange, "Self-dependency", fmt.Sprintf("Asset %q cannot depend on itself.", x.Name))
		case dup:
			b.errorAt(refRange, "Duplicate supplier", fmt.Sprintf("Asset %q already names %q as a supplier at %s. An asset names each supplier once, in one supply group; use a probability or delay on that dependency instead.", x.Name, dep.On.Name, rangeString(prev)))
		default:
			seen[dep.On] = refRange
			g.Dependencies = append(g.Dependencies, dep)
		}
	}
	if a := c.Attributes["depends_on"]; a != nil {
		for _, e := range b.refList(a, kindAsset) {
			add(&Dependency{On: b.asset(e.name), Kind: Physical, Probability: DefaultProbability, DeclRange: b.span(e.rng)}, e.rng)
		}
	}
	for _, blk := range c.Blocks {
		if blk.Type != "dependency" {
			continue
		}
		dc, d := blk.Body.Content(dependencySchema)
		b.diags = append(b.diags, d...)
		if dc == nil {
			continue
		}
		if dep, refRange, ok := b.buildDependency(blk.DefRange, dc); ok {
			add(dep, refRange)
		}
	}
	slices.SortStableFunc(g.Dependencies, func(p, q *Dependency) int { return compareRanges(p.DeclRange.Range(), q.DeclRange.Range()) })

	n := len(g.Dependencies)
	g.Requires = n
	if a := c.Attributes["requires"]; a != nil {
		b.requires(g, x, a, n)
	}
	if v, a := b.duration(c.Attributes, "backup"); a != nil {
		g.Backup = v
	}
	return g
}

// requires decodes a group's requires attribute: "all", "any" or k.
func (b *builder) requires(g *SupplyGroup, x *Asset, a *hcl.Attribute, n int) {
	v, ok := b.eval(a)
	if !ok || v.IsNull() {
		return
	}
	if v.Type() == cty.String {
		switch s := v.AsString(); s {
		case "all":
			return
		case "any":
			g.RequiresMode, g.Requires = "any", min(1, n)
			return
		default:
			if _, err := convert.Convert(v, cty.Number); err != nil {
				b.attrError(a, "Invalid requires", fmt.Sprintf("requires is \"all\", \"any\" or a whole number of suppliers; got %q.", s))
				return
			}
		}
	}
	nv, err := convert.Convert(v, cty.Number)
	if err != nil {
		b.typeError(a, "\"all\", \"any\" or a whole number", v)
		return
	}
	bf := nv.AsBigFloat()
	k, acc := bf.Int64()
	if acc != big.Exact || !bf.IsInt() {
		b.attrError(a, "Invalid requires", fmt.Sprintf("requires = k needs a whole number of suppliers; got %s.", bf.Text('g', 10)))
		return
	}
	if k < 1 || k > int64(n) {
		if n == 0 && g.Name != "" {
			return // reported as a group without suppliers
		}
		what := fmt.Sprintf("asset %q has %d supplier(s) outside needs blocks", x.Name, n)
		if g.Name != "" {
			what = fmt.Sprintf("needs %q of asset %q has %d supplier(s)", g.Name, x.Name, n)
		}
		if n == 0 {
			b.attrError(a, "Invalid requires", fmt.Sprintf("requires = %d, but %s; remove requires or add suppliers.", k, what))
			return
		}
		b.attrError(a, "Invalid requires", fmt.Sprintf("requires = %d, but %s; k must be between 1 and %d.", k, what, n))
		return
	}
	g.RequiresMode, g.Requires = "k", int(k)
}

// buildDependency decodes a dependency block.
func (b *builder) buildDependency(rng hcl.Range, c *hcl.BodyContent) (*Dependency, hcl.Range, bool) {
	dep := &Dependency{Kind: Physical, Probability: DefaultProbability, DeclRange: b.span(rng)}
	a := c.Attributes["on"]
	if a == nil {
		return nil, rng, false // reported by the schema
	}
	name, ok := b.ref(a.Expr, kindAsset)
	if ok {
		dep.On = b.asset(name)
	}
	if v, ka := b.str(c.Attributes, "kind"); ka != nil {
		if k, kok := ParseKind(v); kok {
			dep.Kind = k
		} else {
			b.attrError(ka, "Invalid dependency kind", fmt.Sprintf("A dependency's kind is one of %s; got %q.%s", quoteList(kindNames[:]), v, didYouMean(v, kindNames[:])))
		}
	}
	if v, da := b.duration(c.Attributes, "delay"); da != nil {
		dep.Delay = v
	}
	if v, pa := b.probability(c.Attributes, "probability"); pa != nil {
		dep.Probability = v
	}
	return dep, a.Expr.Range(), ok
}

func (b *builder) buildScenario(s *Scenario, c *hcl.BodyContent) {
	if v, a := b.str(c.Attributes, "label"); a != nil {
		s.Label = v
	}
	if v, a := b.duration(c.Attributes, "horizon"); a != nil {
		s.Horizon = v
	}
	names := map[string]hcl.Range{}
	for _, blk := range c.Blocks {
		name := blk.Labels[0]
		if prev, ok := names[name]; ok {
			b.errorAt(blk.DefRange, "Duplicate event", fmt.Sprintf("Scenario %q already has an event %q at %s.", s.Name, name, rangeString(prev)))
			continue
		}
		names[name] = blk.DefRange
		if !hclsyntax.ValidIdentifier(name) {
			b.errorAt(blk.LabelRanges[0], "Invalid name", fmt.Sprintf("%q is not a valid event name: a name starts with a letter or underscore and holds only letters, digits, underscores and dashes.", name))
		}
		ec, d := blk.Body.Content(eventSchema)
		b.diags = append(b.diags, d...)
		if ec == nil {
			continue
		}
		if e := b.buildEvent(name, blk.DefRange, ec); e != nil {
			s.Events = append(s.Events, e)
		}
	}
	slices.SortFunc(s.Events, func(p, q *Event) int { return strings.Compare(p.Name, q.Name) })
}

func (b *builder) buildEvent(name string, rng hcl.Range, c *hcl.BodyContent) *Event {
	e := &Event{Name: name, Probability: DefaultProbability, DeclRange: rng}
	if v, a := b.str(c.Attributes, "kind"); a != nil {
		switch v {
		case "physical":
			e.Kind = PhysicalEvent
		case "cyber":
			e.Kind = CyberEvent
		default:
			b.attrError(a, "Invalid event kind", fmt.Sprintf("An event's kind is \"physical\" or \"cyber\"; got %q.%s", v, didYouMean(v, []string{"physical", "cyber"})))
		}
	}
	if v, a := b.duration(c.Attributes, "at"); a != nil {
		e.At = v
	}
	if v, a := b.probability(c.Attributes, "probability"); a != nil {
		e.Probability = v
	}
	targets := false
	if a := c.Attributes["targets"]; a != nil {
		list, d := hcl.ExprList(a.Expr)
		targets = d.HasErrors() || len(list) > 0
		for _, r := range b.refList(a, kindAsset) {
			e.Assets = append(e.Assets, b.asset(r.name))
		}
	}
	for i, blk := range c.Blocks {
		if i > 0 {
			b.errorAt(blk.DefRange, "Duplicate select block", fmt.Sprintf("Event %q has more than one select block; put every criterion in one (they must all hold), or use another event.", name))
			continue
		}
		sc, d := blk.Body.Content(selectSchema)
		b.diags = append(b.diags, d...)
		if sc != nil {
			e.Select = b.buildSelect(sc)
		}
	}
	if !targets && len(c.Blocks) == 0 {
		b.errorAt(rng, "Event without targets", fmt.Sprintf("Event %q hits no asset: give it targets = [asset.NAME, …], a select block, or both.", name))
	}
	return e
}

func (b *builder) buildSelect(c *hcl.BodyContent) *Select {
	s := &Select{}
	if a := c.Attributes["sector"]; a != nil {
		for _, r := range b.refList(a, kindSector) {
			s.Sectors = append(s.Sectors, b.sectors[r.name])
		}
	}
	if a := c.Attributes["operator"]; a != nil {
		for _, r := range b.refList(a, kindOrganization) {
			s.Operators = append(s.Operators, b.orgs[r.name])
		}
	}
	if v, a := b.strList(c.Attributes, "region"); a != nil {
		s.Regions = dedupe(v)
	}
	if v, a := b.strList(c.Attributes, "country"); a != nil {
		for _, cc := range v {
			if !countryPattern.MatchString(cc) {
				b.attrError(a, "Invalid country code", fmt.Sprintf("Country codes are ISO 3166-1 alpha-2, two upper-case letters such as \"JP\" or \"US\"; got %q.", cc))
			}
		}
		s.Countries = dedupe(v)
	}
	if v, a := b.strList(c.Attributes, "tags"); a != nil {
		s.Tags = dedupe(v)
	}
	if a := c.Attributes["within"]; a != nil {
		if f, ok := b.object(a, "lat", "lon", "radius_km"); ok {
			okLat := b.checkLat(a, "lat", f["lat"])
			okLon := b.checkLon(a, "lon", f["lon"])
			okR := true
			if r := f["radius_km"]; !(r > 0) {
				b.errorAt(keyRange(a.Expr, "radius_km"), "Invalid radius", fmt.Sprintf("radius_km is a distance in kilometres, more than 0; got %s.", fmtNum(r)))
				okR = false
			}
			if okLat && okLon && okR {
				s.Within = &Circle{Lat: f["lat"], Lon: f["lon"], RadiusKm: f["radius_km"]}
			}
		}
	}
	return s
}

func (b *builder) checkLat(a *hcl.Attribute, key string, v float64) bool {
	if v < -90 || v > 90 {
		b.errorAt(keyRange(a.Expr, key), "Invalid latitude", fmt.Sprintf("A latitude is in degrees between -90 and 90; got %s.", fmtNum(v)))
		return false
	}
	return true
}

func (b *builder) checkLon(a *hcl.Attribute, key string, v float64) bool {
	if v < -180 || v > 180 {
		b.errorAt(keyRange(a.Expr, key), "Invalid longitude", fmt.Sprintf("A longitude is in degrees between -180 and 180; got %s.", fmtNum(v)))
		return false
	}
	return true
}

// keyRange is the range of the value of key in an object constructor, or of
// the whole expression when that cannot be told.
func keyRange(expr hcl.Expression, key string) hcl.Range {
	if oc, ok := expr.(*hclsyntax.ObjectConsExpr); ok {
		for _, item := range oc.Items {
			if hcl.ExprAsKeyword(item.KeyExpr) == key {
				return item.ValueExpr.Range()
			}
			if v, d := item.KeyExpr.Value(nil); !d.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() && v.AsString() == key {
				return item.ValueExpr.Range()
			}
		}
	}
	return expr.Range()
}

func dedupe(xs []string) []string {
	var out []string
	seen := make(map[string]struct{}, len(xs))
	for _, x := range xs {
		if _, dup := seen[x]; !dup {
			seen[x] = struct{}{}
			out = append(out, x)
		}
	}
	return out
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, ", ")
}

func fmtNum(v float64) string {
	return fmt.Sprintf("%g", v)
}

// --- diagnostics and values ---

func (b *builder) errorAt(rng hcl.Range, summary, detail string) {
	b.diags = append(b.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: rng.Ptr()})
}

// attrError reports a bad value of attribute a at its expression.
func (b *builder) attrError(a *hcl.Attribute, summary, detail string) {
	b.diags = append(b.diags, &hcl.Diagnostic{
		Severity:    hcl.DiagError,
		Summary:     summary,
		Detail:      detail,
		Subject:     a.Expr.Range().Ptr(),
		Expression:  a.Expr,
		EvalContext: b.ctx,
	})
}

func (b *builder) typeError(a *hcl.Attribute, want string, v cty.Value) {
	b.attrError(a, "Incorrect attribute value type", fmt.Sprintf("Inappropriate value for attribute %q: %s is required, not %s.", a.Name, want, v.Type().FriendlyName()))
}

// eval evaluates a. ok is false when evaluation failed (and was reported) or
// the value is unknown because something it depends on failed.
func (b *builder) eval(a *hcl.Attribute) (cty.Value, bool) {
	v, d := evalExpr(a.Expr, b.ctx)
	b.diags = append(b.diags, d...)
	if d.HasErrors() || !v.IsWhollyKnown() {
		return v, false
	}
	return v, true
}

// typed evaluates attribute name of attrs and converts it to ty. The
// attribute is nil when absent, null or wrong (reported).
func (b *builder) typed(attrs hcl.Attributes, name string, ty cty.Type, want string) (cty.Value, *hcl.Attribute) {
	a := attrs[name]
	if a == nil {
		return cty.NilVal, nil
	}
	v, ok := b.eval(a)
	if !ok || v.IsNull() {
		return cty.NilVal, nil
	}
	// Within a budget of its own: go-cty converts a tuple of mixed types to a list
	// by comparing every pair of element types (minutes for a literal list of
	// 100,000 tags).
	cv, err := convertWithin(v, ty, newBudget())
	if tl, ok := err.(*tooLarge); ok {
		b.diags = append(b.diags, tooLargeDiag(tl, a.Expr.Range()))
		return cty.NilVal, nil
	}
	if err != nil || !cv.IsWhollyKnown() {
		b.typeError(a, want, v)
		return cty.NilVal, nil
	}
	if cv.IsNull() {
		return cty.NilVal, nil
	}
	return cv, a
}

func (b *builder) str(attrs hcl.Attributes, name string) (string, *hcl.Attribute) {
	v, a := b.typed(attrs, name, cty.String, "a string")
	if a == nil {
		return "", nil
	}
	return v.AsString(), a
}

func (b *builder) num(attrs hcl.Attributes, name string) (float64, *hcl.Attribute) {
	v, a := b.typed(attrs, name, cty.Number, "a number")
	if a == nil {
		return 0, nil
	}
	f, _ := v.AsBigFloat().Float64()
	if math.IsInf(f, 0) {
		b.attrError(a, "Number out of range", fmt.Sprintf("The value of %q is too large.", name))
		return 0, nil
	}
	return f, a
}

func (b *builder) strList(attrs hcl.Attributes, name string) ([]string, *hcl.Attribute) {
	v, a := b.typed(attrs, name, cty.List(cty.String), "a list of strings")
	if a == nil {
		return nil, nil
	}
	var out []string
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if e.IsNull() {
			b.attrError(a, "Invalid list element", fmt.Sprintf("The list %q holds a null element.", name))
			return nil, nil
		}
		out = append(out, e.AsString())
	}
	return out, a
}

func (b *builder) duration(attrs hcl.Attributes, name string) (int64, *hcl.Attribute) {
	s, a := b.str(attrs, name)
	if a == nil {
		return 0, nil
	}
	d, err := ParseDuration(s)
	if err != nil {
		b.attrError(a, "Invalid duration", durationDetail(err))
		return 0, nil
	}
	return d, a
}

func (b *builder) probability(attrs hcl.Attributes, name string) (float64, *hcl.Attribute) {
	v, a := b.num(attrs, name)
	if a == nil {
		return 0, nil
	}
	if v < 0 || v > 1 {
		b.attrError(a, "Invalid probability", fmt.Sprintf("A probability is between 0 and 1 inclusive; got %s.", fmtNum(v)))
		return 0, nil
	}
	return v, a
}

func (b *builder) country(attrs hcl.Attributes, name string) (string, *hcl.Attribute) {
	v, a := b.str(attrs, name)
	if a == nil {
		return "", nil
	}
	if !countryPattern.MatchString(v) {
		hint := ""
		if up := strings.ToUpper(v); countryPattern.MatchString(up) {
			hint = fmt.Sprintf(" Did you mean %q?", up)
		}
		b.attrError(a, "Invalid country code", fmt.Sprintf("Country codes are ISO 3166-1 alpha-2, two upper-case letters such as \"JP\" or \"US\"; got %q.%s", v, hint))
		return "", nil
	}
	return v, a
}

// object evaluates a to an object with exactly the given number attributes.
func (b *builder) object(a *hcl.Attribute, keys ...string) (map[string]float64, bool) {
	v, ok := b.eval(a)
	if !ok || v.IsNull() {
		return nil, false
	}
	want := fmt.Sprintf("an object { %s }", strings.Join(keys, ", "))
	if !v.Type().IsObjectType() && !v.Type().IsMapType() {
		b.typeError(a, want, v)
		return nil, false
	}
	out := map[string]float64{}
	good := true
	for it := v.ElementIterator(); it.Next(); {
		k, e := it.Element()
		key := k.AsString()
		if !slices.Contains(keys, key) {
			b.errorAt(keyRange(a.Expr, key), "Unsupported attribute", fmt.Sprintf("%q has no attribute %q; it takes %s.%s", a.Name, key, strings.Join(keys, ", "), didYouMean(key, keys)))
			good = false
			continue
		}
		n, err := convert.Convert(e, cty.Number)
		if err != nil || n.IsNull() {
			b.errorAt(keyRange(a.Expr, key), "Incorrect attribute value type", fmt.Sprintf("%s.%s must be a number.", a.Name, key))
			good = false
			continue
		}
		f, _ := n.AsBigFloat().Float64()
		if math.IsInf(f, 0) {
			b.errorAt(keyRange(a.Expr, key), "Number out of range", fmt.Sprintf("%s.%s is too large.", a.Name, key))
			good = false
			continue
		}
		out[key] = f
	}
	for _, k := range keys {
		if _, ok := out[k]; !ok && good {
			b.attrError(a, "Missing attribute", fmt.Sprintf("%q needs %s; %s is missing.", a.Name, strings.Join(keys, ", "), k))
			good = false
		}
	}
	return out, good
}
