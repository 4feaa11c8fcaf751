package model

import (
	"slices"

	"gonum.org/v1/gonum/graph/simple"
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
//
// The components are those of topo.TarjanSCC on Graph (TestLoopsMatchGonum holds
// them against it), found on compact arrays: gonum's graph keeps maps per node,
// which took 9 s on a model of a million assets.
func (m *Model) Loops() []Loop {
	var loops []Loop
	for _, scc := range m.components() {
		if len(scc) < 2 {
			continue
		}
		l := Loop{Assets: make([]*Asset, len(scc))}
		for i, n := range scc {
			l.Assets[i] = m.Assets[n]
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

// components returns the strongly connected components of the dependency graph
// (supplier → dependent), each as asset indexes, by Tarjan's algorithm without
// recursion on the graph in compressed sparse rows.
func (m *Model) components() [][]int32 {
	n := len(m.Assets)
	start := make([]int32, n+1) // dependents of a: to[start[a]:start[a+1]]
	for _, a := range m.Assets {
		for _, g := range a.Groups {
			for _, d := range g.Dependencies {
				start[d.On.Index+1]++
			}
		}
	}
	for a := range n {
		start[a+1] += start[a]
	}
	to := make([]int32, start[n])
	pos := slices.Clone(start[:n])
	for _, a := range m.Assets {
		for _, g := range a.Groups {
			for _, d := range g.Dependencies {
				to[pos[d.On.Index]] = int32(a.Index)
				pos[d.On.Index]++
			}
		}
	}

	const unvisited = -1
	index := make([]int32, n) // visit order, or unvisited
	low := make([]int32, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i] = unvisited
	}
	next := pos // per node on the call stack: its next out edge (pos is free again)
	var (
		stack, call []int32
		comps       [][]int32
		counter     int32
	)
	for root := range int32(n) {
		if index[root] != unvisited {
			continue
		}
		call = append(call, root)
		index[root], low[root], next[root] = counter, counter, start[root]
		counter++
		stack = append(stack, root)
		onStack[root] = true
		for len(call) > 0 {
			v := call[len(call)-1]
			if e := next[v]; e < start[v+1] {
				next[v]++
				w := to[e]
				switch {
				case index[w] == unvisited:
					index[w], low[w], next[w] = counter, counter, start[w]
					counter++
					stack = append(stack, w)
					onStack[w] = true
					call = append(call, w)
				case onStack[w]:
					low[v] = min(low[v], index[w])
				}
				continue
			}
			call = call[:len(call)-1]
			if len(call) > 0 {
				u := call[len(call)-1]
				low[u] = min(low[u], low[v])
			}
			if low[v] == index[v] {
				i := len(stack) - 1
				for stack[i] != v {
					i--
				}
				comp := slices.Clone(stack[i:])
				for _, w := range comp {
					onStack[w] = false
				}
				stack = stack[:i]
				comps = append(comps, comp)
			}
		}
	}
	return comps
}
