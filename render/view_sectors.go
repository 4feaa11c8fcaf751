package render

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/iterator"
	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/graph/topo"
)

// sectorEdge aggregates the dependencies from assets of one sector to assets of
// another (or the same).
type sectorEdge struct {
	from, to int
	byKind   [4]int // count per model.Kind
}

func (e *sectorEdge) count() int {
	return e.byKind[0] + e.byKind[1] + e.byKind[2] + e.byKind[3]
}

// kinds writes the counts per kind: "2 physical, 1 cyber".
func (e *sectorEdge) kinds() string {
	var parts []string
	for k, n := range e.byKind {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, model.Kind(k)))
		}
	}
	return strings.Join(parts, ", ")
}

// sectorEdges returns the aggregated dependencies between sectors, ordered by
// supplier sector then dependent sector.
func sectorEdges(m *model.Model) []*sectorEdge {
	n := len(m.Sectors)
	// A dense n×n index up to 2,048 sectors (16 MB), a map beyond: the index
	// is the hot loop of the view on models of 100,000 assets.
	var dense []int32
	var sparse map[int]int32
	if n <= 2048 {
		dense = make([]int32, n*n)
	} else {
		sparse = map[int]int32{}
	}
	var agg []sectorEdge
	dependencies(m, func(a *model.Asset, _ *model.SupplyGroup, d *model.Dependency) {
		key := d.On.Sector.Index*n + a.Sector.Index
		var i int32
		if dense != nil {
			i = dense[key]
		} else {
			i = sparse[key]
		}
		if i == 0 {
			agg = append(agg, sectorEdge{from: d.On.Sector.Index, to: a.Sector.Index})
			i = int32(len(agg))
			if dense != nil {
				dense[key] = i
			} else {
				sparse[key] = i
			}
		}
		if int(d.Kind) < len(agg[i-1].byKind) {
			agg[i-1].byKind[d.Kind]++
		}
	})
	out := make([]*sectorEdge, 0, len(agg))
	if dense != nil {
		for _, i := range dense { // in order of supplier then dependent
			if i > 0 {
				out = append(out, &agg[i-1])
			}
		}
		return out
	}
	for i := range agg {
		out = append(out, &agg[i])
	}
	slices.SortFunc(out, func(a, b *sectorEdge) int {
		return cmp.Or(cmp.Compare(a.from, b.from), cmp.Compare(a.to, b.to))
	})
	return out
}

// sectorLoops returns, by sector index, the number of the dependency loop
// (strongly connected component of more than one sector) the sector belongs to,
// or -1. Loops are numbered by their lowest sector index, so the result does not
// depend on the order of the search.
func sectorLoops(m *model.Model, edges []*sectorEdge) []int {
	n := len(m.Sectors)
	adj := make([][]int, n)
	for _, e := range edges {
		if e.from != e.to {
			adj[e.from] = append(adj[e.from], e.to)
		}
	}
	loop := make([]int, n)
	for i := range loop {
		loop[i] = -1
	}
	for _, comp := range sccs(adj) {
		if len(comp) < 2 {
			continue
		}
		low := slices.Min(comp)
		for _, s := range comp {
			loop[s] = low
		}
	}
	return loop
}

// sccs returns the strongly connected components of the directed graph with
// adjacency lists adj, by gonum's topo.TarjanSCC over adjGraph: a sectors graph may
// have hundreds of thousands of edges, which take gonum's map-based simple graph
// about 0.3 s to build and adjGraph about 20 ms.
func sccs(adj [][]int) [][]int {
	g := adjGraph{nodes: make([]graph.Node, len(adj)), from: make([][]graph.Node, len(adj))}
	for i := range adj {
		g.nodes[i] = simple.Node(i)
	}
	for i, ws := range adj {
		g.from[i] = make([]graph.Node, len(ws))
		for j, w := range ws {
			g.from[i][j] = g.nodes[w]
		}
	}
	var out [][]int
	for _, c := range topo.TarjanSCC(g) {
		comp := make([]int, len(c))
		for i, v := range c {
			comp[i] = int(v.ID())
		}
		out = append(out, comp)
	}
	return out
}

// adjGraph is a read-only graph.Directed over adjacency lists; node i has ID i.
// To and the edge queries scan the lists: TarjanSCC uses only Nodes and From.
type adjGraph struct {
	nodes []graph.Node
	from  [][]graph.Node
}

func (g adjGraph) Node(id int64) graph.Node {
	if id < 0 || id >= int64(len(g.nodes)) {
		return nil
	}
	return g.nodes[id]
}

func (g adjGraph) Nodes() graph.Nodes { return iterator.NewOrderedNodes(g.nodes) }

func (g adjGraph) From(id int64) graph.Nodes {
	if g.Node(id) == nil {
		return graph.Empty
	}
	return iterator.NewOrderedNodes(g.from[id])
}

func (g adjGraph) To(id int64) graph.Nodes {
	var to []graph.Node
	for u := range g.from {
		if g.HasEdgeFromTo(int64(u), id) {
			to = append(to, g.nodes[u])
		}
	}
	return iterator.NewOrderedNodes(to)
}

func (g adjGraph) HasEdgeFromTo(u, v int64) bool {
	if g.Node(u) == nil {
		return false
	}
	for _, w := range g.from[u] {
		if w.ID() == v {
			return true
		}
	}
	return false
}

func (g adjGraph) HasEdgeBetween(x, y int64) bool {
	return g.HasEdgeFromTo(x, y) || g.HasEdgeFromTo(y, x)
}

func (g adjGraph) Edge(u, v int64) graph.Edge {
	if !g.HasEdgeFromTo(u, v) {
		return nil
	}
	return simple.Edge{F: g.nodes[u], T: g.nodes[v]}
}

// sectorsSize counts what the sectors view draws: sectors, and lines between them.
func sectorsSize(in *Input) (nodes, edges int) {
	return len(in.Model.Sectors), len(newSectorLinks(in).lines)
}

// sectorsView draws one node per sector and one edge per pair of sectors with
// dependencies between them, labelled with their count and kinds; edges and
// sectors on a dependency loop between sectors are highlighted. With an Outcome
// the sectors are annotated with when they were first hit and failed. Beyond
// Input.MaxEdges links (DefaultMaxEdges), only a selection is drawn
// (selectLinks), and the title and legend say so.
func sectorsView(in *Input) (*Graph, error) {
	m := in.Model
	title := titleOf(in, "Sectors")
	sl := newSectorLinks(in)
	loops := sl.loops
	g := baseGraph("sectors", title)
	if sl.pruned() {
		g.Attrs["label"] = HTML("<b>" + Text(title) + "</b><br/>" + Text(fmt.Sprintf("%s of %s links between sectors shown, the strongest (--all-edges draws all)",
			thousands(sl.shown), thousands(len(sl.edges)))))
	}
	counts := make([]int, len(m.Sectors))
	for _, a := range m.Assets {
		counts[a.Sector.Index]++
	}
	var outs []SectorOutcome
	if in.Outcome != nil {
		outs = in.Outcome.SectorOutcomes(m)
	}
	for _, s := range m.Sectors {
		details := []string{
			plural(counts[s.Index], "asset") + ", fails at " + percent(s.Threshold),
		}
		if outs != nil {
			details = append(details, sectorFate(outs[s.Index]))
		}
		attrs := Attrs{
			"label":     HTML(lines(sectorLabel(s), details...)),
			"fillcolor": Str(tint(s.Color, 0.55)),
			"color":     Str(color(s.Color)),
			"tooltip":   Str(s.Label + " (" + s.Name + ")"),
		}
		if loops[s.Index] >= 0 {
			attrs["color"] = Str(cascadeColor)
			attrs["penwidth"] = Str("3")
		}
		g.AddNode(s.Name, attrs)
	}
	labelled := sl.shown <= MaxEdgeLabels
	// Without labels, line widths run from 1 to 5 between the weakest and
	// the strongest line drawn (with counts in the thousands, 1+log2(count)
	// would draw every line of a large model as a thick band).
	width := func(n int) float64 { return 1 + math.Log2(float64(n)) }
	if !labelled {
		g.Attrs["size"] = Str(SectorsSize)
		lo, hi := math.MaxInt, 1
		for _, line := range sl.lines {
			lo, hi = min(lo, line.count()), max(hi, line.count())
		}
		if hi > lo {
			width = func(n int) float64 { return 1 + 4*math.Log(float64(n)/float64(lo))/math.Log(float64(hi)/float64(lo)) }
		} else {
			width = func(int) float64 { return 2 }
		}
	}
	merged := false
	for _, line := range sl.lines {
		e := line.e
		from, to := m.Sectors[e.from], m.Sectors[e.to]
		n := line.count()
		style, col := "solid", "#333333"
		single, ok := singleKind(e)
		tooltip := linkTooltip(m, e)
		if line.rev != nil {
			merged = true
			if rs, rok := singleKind(line.rev); !rok || rs != single {
				ok = false
			}
			tooltip += "; " + linkTooltip(m, line.rev)
		}
		if line.hidden != nil {
			tooltip += "; not drawn: " + linkTooltip(m, line.hidden)
		}
		if ok {
			style, col = kindStyle(single)
		}
		attrs := Attrs{
			"penwidth": Str(fmt.Sprintf("%.1f", width(n))),
			"style":    Str(style),
			"color":    Str(col),
			"tooltip":  Str(tooltip),
		}
		if line.rev != nil {
			attrs["dir"] = Str("both")
		}
		if labelled {
			attrs["label"] = Str(fmt.Sprintf("%d: %s", n, e.kinds()))
		}
		if e.from != e.to && loops[e.from] >= 0 && loops[e.from] == loops[e.to] {
			attrs["color"] = Str(cascadeColor)
		}
		g.AddEdge(from.Name, to.Name, attrs)
	}
	var l legend
	l.swatch("#ffffff", cascadeColor, "sector on a dependency loop between sectors", true)
	l.line("solid", cascadeColor, "2", "dependencies along a loop")
	l.kinds("all of kind ")
	if labelled {
		l.note("mixed kinds: solid black; width grows with the count")
	} else {
		l.note("mixed kinds: solid black; width grows with the count (log scale, thinnest to thickest drawn)")
	}
	if labelled {
		l.note("label: number of asset dependencies, by kind")
	} else {
		l.note(fmt.Sprintf("%d edges: counts by kind in the tooltips (SVG), not as labels", len(sl.lines)))
	}
	l.note("arrows run from supplier sector to dependent sector")
	if merged {
		l.note("double-headed: dependencies both ways, drawn as one line")
	}
	if sl.pruned() {
		l.note(fmt.Sprintf("%s of %s links shown: each sector's strongest link in and out,", thousands(sl.shown), thousands(len(sl.edges))))
		l.note("enough of each loop to close it, then the strongest by count;")
		l.note("--max-edges N draws up to N links, --all-edges all of them")
	}
	l.add(g)
	return g, nil
}

// linkTooltip describes an aggregated link: "3 dependencies of water on
// energy: 2 physical, 1 cyber".
func linkTooltip(m *model.Model, e *sectorEdge) string {
	return fmt.Sprintf("%s of %s on %s: %s", plural(e.count(), "dependency"), m.Sectors[e.to].Name, m.Sectors[e.from].Name, e.kinds())
}

// thousands writes n with a comma between groups of three digits: 19,873.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// singleKind returns the kind of an aggregated edge whose dependencies are all
// of one kind.
func singleKind(e *sectorEdge) (model.Kind, bool) {
	found := -1
	for k, n := range e.byKind {
		if n == 0 {
			continue
		}
		if found >= 0 {
			return 0, false
		}
		found = k
	}
	return model.Kind(found), found >= 0
}

// sectorFate describes a sector's outcome in a run.
func sectorFate(so SectorOutcome) string {
	switch {
	case so.FailedAt != cascade.Never:
		return fmt.Sprintf("failed %s (%s down)", Tplus(so.FailedAt), percent(so.FailedFraction))
	case so.FirstImpact != cascade.Never:
		return fmt.Sprintf("hit %s, %s down, not failed", Tplus(so.FirstImpact), percent(so.FailedFraction))
	}
	return "no asset failed"
}
