package render

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/graph/topo"

	"github.com/cascade-infra/cascade/model"
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
	idx := map[[2]int]*sectorEdge{}
	dependencies(m, func(a *model.Asset, _ *model.SupplyGroup, d *model.Dependency) {
		key := [2]int{d.On.Sector.Index, a.Sector.Index}
		e := idx[key]
		if e == nil {
			e = &sectorEdge{from: key[0], to: key[1]}
			idx[key] = e
		}
		if int(d.Kind) < len(e.byKind) {
			e.byKind[d.Kind]++
		}
	})
	out := make([]*sectorEdge, 0, len(idx))
	for i := range n {
		for j := range n {
			if e := idx[[2]int{i, j}]; e != nil {
				out = append(out, e)
			}
		}
	}
	return out
}

// sectorLoops returns, by sector index, the number of the dependency loop
// (strongly connected component of more than one sector) the sector belongs to,
// or -1. Loops are numbered by their lowest sector index, so the result does not
// depend on gonum's iteration order.
func sectorLoops(m *model.Model, edges []*sectorEdge) []int {
	g := simple.NewDirectedGraph()
	for _, s := range m.Sectors {
		g.AddNode(simple.Node(s.Index))
	}
	for _, e := range edges {
		if e.from != e.to {
			g.SetEdge(simple.Edge{F: simple.Node(e.from), T: simple.Node(e.to)})
		}
	}
	loop := make([]int, len(m.Sectors))
	for i := range loop {
		loop[i] = -1
	}
	for _, comp := range topo.TarjanSCC(g) {
		if len(comp) < 2 {
			continue
		}
		low := math.MaxInt
		for _, n := range comp {
			low = min(low, int(n.ID()))
		}
		for _, n := range comp {
			loop[n.ID()] = low
		}
	}
	return loop
}

// sectorsView draws one node per sector and one edge per pair of sectors with
// dependencies between them, labelled with their count and kinds; edges and
// sectors on a dependency loop between sectors are highlighted. With an Outcome
// the sectors are annotated with when they were first hit and failed.
func sectorsView(in *Input) (*Graph, error) {
	m := in.Model
	g := baseGraph("sectors", titleOf(in, "Sectors"))
	edges := sectorEdges(m)
	loops := sectorLoops(m, edges)
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
	for _, e := range edges {
		from, to := m.Sectors[e.from], m.Sectors[e.to]
		n := e.count()
		style, col := "solid", "#333333"
		if single, ok := singleKind(e); ok {
			style, col = kindStyle(single)
		}
		attrs := Attrs{
			"penwidth": Str(fmt.Sprintf("%.1f", 1+math.Log2(float64(n)))),
			"style":    Str(style),
			"color":    Str(col),
			"tooltip":  Str(fmt.Sprintf("%s of %s on %s: %s", plural(n, "dependency"), to.Name, from.Name, e.kinds())),
		}
		if len(edges) <= MaxEdgeLabels {
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
	l.note("mixed kinds: solid black; width grows with the count")
	if len(edges) <= MaxEdgeLabels {
		l.note("label: number of asset dependencies, by kind")
	} else {
		l.note(fmt.Sprintf("%d edges: counts by kind in the tooltips (SVG), not as labels", len(edges)))
	}
	l.note("arrows run from supplier sector to dependent sector")
	l.add(g)
	return g, nil
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
	case so.FailedAt != Never:
		return fmt.Sprintf("failed %s (%s down)", Tplus(so.FailedAt), percent(so.FailedFraction))
	case so.FirstImpact != Never:
		return fmt.Sprintf("hit %s, %s down, not failed", Tplus(so.FirstImpact), percent(so.FailedFraction))
	}
	return "no asset failed"
}
