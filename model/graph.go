package model

import (
	"slices"

	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/graph/topo"
)

// Graph returns the dependency graph of the model: one node per asset, with
// the asset's Index as node ID, and an edge from each supplier to each asset
// that depends on it. Each call builds a new graph.
func (m *Model) Graph() *simple.DirectedGraph {
	g := simple.NewDirectedGraph()
	for _, a := range m.Assets {
		g.AddNode(simple.Node(a.Index))
	}
	for _, a := range m.Assets {
		for _, grp := range a.Groups {
			for _, d := range grp.Dependencies {
				g.SetEdge(simple.Edge{F: simple.Node(d.On.Index), T: simple.Node(a.Index)})
			}
		}
	}
	return g
}

// Loop is an interdependency loop: a strongly connected component of the
// dependency graph with more than one asset, in which every asset depends,
// directly or through the others, on every other.
type Loop struct {
	Assets      []*Asset  // sorted by Index
	Sectors     []*Sector // the sectors of Assets, sorted by Index
	CrossSector bool      // the loop spans more than one sector
}

// Loops returns the model's interdependency loops, ordered by the Index of
// their first asset.
func (m *Model) Loops() []Loop {
	var loops []Loop
	for _, scc := range topo.TarjanSCC(m.Graph()) {
		if len(scc) < 2 {
			continue
		}
		l := Loop{Assets: make([]*Asset, len(scc))}
		for i, n := range scc {
			l.Assets[i] = m.Assets[n.ID()]
		}
		slices.SortFunc(l.Assets, func(p, q *Asset) int { return p.Index - q.Index })
		for _, a := range l.Assets {
			if !slices.Contains(l.Sectors, a.Sector) {
				l.Sectors = append(l.Sectors, a.Sector)
			}
		}
		slices.SortFunc(l.Sectors, func(p, q *Sector) int { return p.Index - q.Index })
		l.CrossSector = len(l.Sectors) > 1
		loops = append(loops, l)
	}
	slices.SortFunc(loops, func(p, q Loop) int { return p.Assets[0].Index - q.Assets[0].Index })
	return loops
}
