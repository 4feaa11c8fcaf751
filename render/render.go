// Package render draws cascade models and cascades as Graphviz DOT text.
//
// DOT is the canonical, deterministic artifact: every view is a function from a
// model (and, for the scenario views, an Outcome of a run) to a Graph, whose text
// is the same bytes for the same input. Turning DOT into SVG or PNG is the job of
// the separate package render/graphviz, used only by the companion binary
// cascade-graphviz: the Graphviz WebAssembly module costs every process that
// links it about 0.1–0.7 s of start-up, which the cascade binary must not pay.
// docs/render.md explains the design, the views and the size limits.
package render

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/cascade-infra/cascade/model"
)

// Input is what a view draws.
type Input struct {
	Model   *model.Model
	Outcome *Outcome // the run of a scenario; nil for the model views

	Asset *model.Asset // the asset of the explain view

	// Focus, when set, limits asset-level views to the assets within Depth
	// dependency hops of it, in either direction.
	Focus *model.Asset
	Depth int

	// AffectedOnly hides, in the impact view, assets the run left untouched.
	AffectedOnly bool

	// MaxEdges caps the links between sectors the sectors view draws: beyond
	// it, a selection (each sector's strongest link in and out, enough of each
	// loop to close it, then the strongest), said in the title and legend. 0
	// means DefaultMaxEdges, AllEdges (or any negative number) every link.
	MaxEdges int

	// links memoizes the sectors view's choice of links within one Draw, which
	// counts them (Size) before it draws them (Build).
	links *sectorLinks
}

// AllEdges as Input.MaxEdges draws every link between sectors.
const AllEdges = -1

// View is one kind of diagram. Adding a view means writing its Build function
// and listing it in Views.
type View struct {
	Name          string
	About         string // one line for --help
	NeedsScenario bool   // Build needs Input.Outcome
	NeedsAsset    bool   // Build needs Input.Asset
	AssetLevel    bool   // one node per asset: subject to the size limits
	Build         func(in *Input) (*Graph, error)
	// Size, when set, counts the nodes and edges Build will draw, for the size
	// limits; views without it count assets (AssetLevel) or sectors.
	Size func(in *Input) (nodes, edges int)
}

// Views returns every view, in the order of --help.
func Views() []View {
	return []View{
		{Name: "model", About: "assets clustered by sector, dependencies styled by kind", AssetLevel: true, Build: modelView},
		{Name: "sectors", About: "one node per sector, dependencies aggregated, loops highlighted", Build: sectorsView, Size: sectorsSize},
		{Name: "impact", About: "the model coloured by failure time in a scenario", NeedsScenario: true, AssetLevel: true, Build: impactView},
		{Name: "sequence", About: "sectors left to right in the order they fail", NeedsScenario: true, Build: sequenceView},
		{Name: "explain", About: "the causal chain that failed one asset (--asset)", NeedsScenario: true, NeedsAsset: true, AssetLevel: true, Build: explainView},
		{Name: "coordinate", About: "organizations, their channels and the coordination gaps of a cascade", NeedsScenario: true, Build: coordinateView, Size: coordinateSize},
	}
}

// ViewNames returns the names of the views, in the order of Views.
func ViewNames() []string {
	var names []string
	for _, v := range Views() {
		names = append(names, v.Name)
	}
	return names
}

// LookupView returns the view called name.
func LookupView(name string) (View, bool) {
	for _, v := range Views() {
		if v.Name == name {
			return v, true
		}
	}
	return View{}, false
}

// Options choose a diagram.
type Options struct {
	View   string // a name of Views; "" means "model", or "impact" with an Outcome
	Layout string // a name of Layouts; "" chooses by size (ChooseLayout)
	Force  bool   // draw even above the size limits
}

// Diagram is a drawn view: its DOT graph and the layout engine chosen for it.
// The layout is also written into the DOT text as the graph attribute "layout",
// so that any Graphviz reproduces the picture from the .dot file alone.
type Diagram struct {
	View   string
	Layout string
	Graph  *Graph
	Nodes  int // asset nodes (sector nodes for sector-level views) drawn: the measure of the size limits
	Edges  int // dependency edges (aggregated ones for sector-level views; lines for the sectors view) drawn
}

// ErrTooLarge is wrapped by the errors of Draw that refuse a diagram for its size.
var ErrTooLarge = errors.New("diagram too large")

// Draw builds the view opts.View of in, checks its size against the limits of
// its layout, and returns it.
func Draw(in *Input, opts Options) (*Diagram, error) {
	name := opts.View
	if name == "" {
		name = "model"
		if in.Outcome != nil {
			name = "impact"
		}
	}
	v, ok := LookupView(name)
	if !ok {
		return nil, fmt.Errorf("unknown view %q; views are %s", name, strings.Join(ViewNames(), ", "))
	}
	if v.NeedsScenario && in.Outcome == nil {
		return nil, fmt.Errorf("view %q needs a scenario (--scenario NAME)", name)
	}
	if v.NeedsAsset && in.Asset == nil {
		return nil, fmt.Errorf("view %q needs an asset (--asset NAME)", name)
	}
	if opts.Layout != "" && !slices.Contains(Layouts, opts.Layout) {
		return nil, fmt.Errorf("unknown layout %q; layouts are %s", opts.Layout, strings.Join(Layouts, ", "))
	}
	if in.Focus != nil && in.Depth < 0 {
		return nil, fmt.Errorf("--depth %d: want 0 or more", in.Depth)
	}
	// A copy, so that what Size works out for Build stays within this call.
	in = new(*in)
	in.links = nil
	// Count what would be drawn before building it, so that refusing a huge
	// model costs nothing.
	nodes, edges := countSize(in, v)
	// The sectors view caps its own links, so with the automatic layout it is
	// never refused: sectors cannot be left out, and the links drawn stay few
	// enough for sfdp (at most max(MaxEdges, 4 per sector)).
	bounded := v.Name == "sectors" && opts.Layout == "" && maxEdges(in) >= 0
	requested := opts.Layout
	if v.Name == "sectors" && requested == "" && edges > AutoDotMaxSectorEdges {
		requested = "sfdp"
	}
	layout, err := ChooseLayout(v, Size{Nodes: nodes, Edges: edges}, requested, opts.Force || bounded)
	if err != nil {
		return nil, err
	}
	g, err := v.Build(in)
	if err != nil {
		return nil, err
	}
	g.Attrs["layout"] = Str(layout)
	applyLayout(g, layout)
	return &Diagram{View: v.Name, Layout: layout, Graph: g, Nodes: nodes, Edges: edges}, nil
}

// countSize returns the nodes and edges view v will draw (assets and
// dependencies, or sectors and aggregated dependencies), without drawing it.
func countSize(in *Input, v View) (nodes, edges int) {
	m := in.Model
	if v.Size != nil {
		return v.Size(in)
	}
	if !v.AssetLevel {
		return len(m.Sectors), len(sectorEdges(m))
	}
	var keep []bool
	if v.Name == "explain" {
		keep = make([]bool, len(m.Assets))
		for _, a := range explainChain(in) {
			keep[a.Index] = true
		}
	} else {
		keep = keptAssets(in, v.Name == "impact" && in.AffectedOnly)
	}
	dependencies(m, func(a *model.Asset, _ *model.SupplyGroup, d *model.Dependency) {
		if keep[a.Index] && keep[d.On.Index] {
			edges++
		}
	})
	return countTrue(keep), edges
}

// keptAssets returns, by asset index, whether an asset-level view draws it: every
// asset, or those near the focus, and with affectedOnly only those the run touched.
func keptAssets(in *Input, affectedOnly bool) []bool {
	m := in.Model
	keep := make([]bool, len(m.Assets))
	if in.Focus != nil {
		for _, a := range neighbourhood(m, in.Focus, in.Depth) {
			keep[a.Index] = true
		}
	} else {
		for i := range keep {
			keep[i] = true
		}
	}
	if affectedOnly && in.Outcome != nil {
		for _, a := range m.Assets {
			if keep[a.Index] && !in.Outcome.affected(a) {
				keep[a.Index] = false
			}
		}
	}
	return keep
}

// neighbourhood returns the assets within depth hops of focus along dependency
// edges in either direction, focus first, then by distance and index.
func neighbourhood(m *model.Model, focus *model.Asset, depth int) []*model.Asset {
	adj := make([][]*model.Asset, len(m.Assets))
	dependencies(m, func(a *model.Asset, _ *model.SupplyGroup, d *model.Dependency) {
		adj[a.Index] = append(adj[a.Index], d.On)
		adj[d.On.Index] = append(adj[d.On.Index], a)
	})
	seen := make([]bool, len(m.Assets))
	seen[focus.Index] = true
	out := []*model.Asset{focus}
	frontier := []*model.Asset{focus}
	for range depth {
		var next []*model.Asset
		for _, a := range frontier {
			for _, b := range adj[a.Index] {
				if !seen[b.Index] {
					seen[b.Index] = true
					next = append(next, b)
				}
			}
		}
		slices.SortFunc(next, func(x, y *model.Asset) int { return x.Index - y.Index })
		out = append(out, next...)
		frontier = next
		if len(next) == 0 {
			break
		}
	}
	return out
}
