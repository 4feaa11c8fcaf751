package model

import (
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/graph/topo"
)

// TestLoopsMatchGonum holds the compact Tarjan of components against gonum's
// topo.TarjanSCC on Graph, on random dependency graphs from sparse to dense, with
// self-loops and parallel dependencies.
func TestLoopsMatchGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 400 {
		n := 1 + rng.IntN(40)
		m := &Model{}
		for i := range n {
			m.Assets = append(m.Assets, &Asset{Index: i})
		}
		edges := rng.IntN(3 * n)
		for range edges {
			a := m.Assets[rng.IntN(n)]
			if len(a.Groups) == 0 || rng.IntN(4) == 0 {
				a.Groups = append(a.Groups, &SupplyGroup{})
			}
			on := m.Assets[rng.IntN(n)]
			if on == a {
				continue // a model never has one (and simple.DirectedGraph refuses it)
			}
			g := a.Groups[rng.IntN(len(a.Groups))]
			g.Dependencies = append(g.Dependencies, &Dependency{On: on})
		}
		want := canonical(func(yield func([]int32)) {
			for _, scc := range topo.TarjanSCC(m.Graph()) {
				c := make([]int32, len(scc))
				for i, x := range scc {
					c[i] = int32(x.ID())
				}
				yield(c)
			}
		})
		got := canonical(func(yield func([]int32)) {
			for _, c := range m.components() {
				yield(slices.Clone(c))
			}
		})
		if !slices.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("trial %d (%d assets, %d dependencies): components %v, gonum %v", trial, n, edges, got, want)
		}
	}
}

// canonical returns the components sorted inside and among themselves.
func canonical(seq func(func([]int32))) [][]int32 {
	var out [][]int32
	seq(func(c []int32) {
		slices.Sort(c)
		out = append(out, c)
	})
	slices.SortFunc(out, func(a, b []int32) int { return int(a[0] - b[0]) })
	return out
}

// TestComponentsDeepChain: a chain of 200,000 assets in one loop neither
// recurses nor loses an asset.
func TestComponentsDeepChain(t *testing.T) {
	const n = 200_000
	m := &Model{}
	for i := range n {
		m.Assets = append(m.Assets, &Asset{Index: i})
	}
	for i, a := range m.Assets {
		a.Groups = []*SupplyGroup{{Dependencies: []*Dependency{{On: m.Assets[(i+1)%n]}}}}
	}
	comps := m.components()
	if len(comps) != 1 || len(comps[0]) != n {
		t.Fatalf("%d components, the first of %d assets; want 1 of %d", len(comps), len(comps[0]), n)
	}
}
