// Package reference is a deliberately naive implementation of cascade's propagation
// (docs/semantics.md, "The equations"), written on the model rather than on the
// compiled network, for the tests of the engine, the batch and the ranking to hold them
// against; and a Builder of small models by name.
package reference

import (
	"math"
	"slices"

	"github.com/cascade-infra/cascade/model"
)

// Inf is the time of something that never happens.
const Inf = math.MaxInt64

// Add returns a+b for non-negative times, Inf when either is Inf or the sum overflows.
func Add(a, b int64) int64 {
	if a == Inf || b == Inf || a > Inf-b {
		return Inf
	}
	return a + b
}

// Draws says which edges are live and which hits happen: live(id, p) for the edge of
// canonical id (assets by index, their groups, then dependencies, in model order) and
// probability p; hit(ev, a, p) for event index ev of the scenario, asset index a and
// the event's probability p.
type Draws struct {
	Live func(id int32, p float64) bool
	Hit  func(ev int, a int32, p float64) bool
}

// Edge is a dependency with its canonical id: assets by index, their groups, then
// dependencies, in model order.
type Edge struct {
	ID    int32
	From  int    // the supplier's index
	To    int    // the dependent's index
	Group string // the name of the dependent's group
	Kind  model.Kind
	Delay int64 // seconds
	P     float64
}

// Edges returns the edges of m by dependent asset and group: Edges(m)[a][g] are the
// edges of group g of asset a.
func Edges(m *model.Model) [][][]Edge {
	groups := make([][][]Edge, len(m.Assets))
	var id int32
	for ai, a := range m.Assets {
		for _, g := range a.Groups {
			var es []Edge
			for _, dep := range g.Dependencies {
				es = append(es, Edge{ID: id, From: dep.On.Index, To: ai, Group: g.Name, Kind: dep.Kind, Delay: dep.Delay, P: dep.Probability})
				id++
			}
			groups[ai] = append(groups[ai], es)
		}
	}
	return groups
}

// Loss returns U(g) for group g of asset a, whose edges are es, given the failure times
// F: the (n-k+1)-th smallest arrival F(u) + delay of its live edges (Inf for an edge
// that is not live, and for a group without edges).
func Loss(m *model.Model, a, g int, es []Edge, F []int64, d Draws) int64 {
	if len(es) == 0 {
		return Inf
	}
	arr := make([]int64, 0, len(es))
	for _, e := range es {
		if d.Live(e.ID, e.P) {
			arr = append(arr, Add(F[e.From], e.Delay))
		} else {
			arr = append(arr, Inf)
		}
	}
	slices.Sort(arr)
	return arr[len(es)-m.Assets[a].Groups[g].Requires]
}

// FC returns F (failure) and C (compromise) of every asset of m in scenario sc, in
// seconds (Inf for never), without a horizon: the greatest solution of the equations,
// reached by iterating them on every asset from "nothing fails" until nothing changes
// (the operator is monotone, so the iteration from above reaches the greatest fixed
// point, zero-delay cycles included).
func FC(m *model.Model, sc *model.Scenario, d Draws) (F, C []int64) {
	na := len(m.Assets)
	groups := Edges(m)
	ephys, ecyber := make([]int64, na), make([]int64, na)
	F, C = make([]int64, na), make([]int64, na)
	for i := range na {
		ephys[i], ecyber[i], F[i], C[i] = Inf, Inf, Inf, Inf
	}
	for ei, ev := range sc.Events {
		for _, a := range ev.Assets {
			if !d.Hit(ei, int32(a.Index), ev.Probability) {
				continue
			}
			if ev.Kind == model.CyberEvent {
				ecyber[a.Index] = min(ecyber[a.Index], ev.At)
			} else {
				ephys[a.Index] = min(ephys[a.Index], ev.At)
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for a := range na {
			c, f := ecyber[a], ephys[a]
			for gi, es := range groups[a] {
				for _, e := range es {
					if e.Kind == model.Cyber && d.Live(e.ID, e.P) {
						c = min(c, Add(C[e.From], e.Delay))
					}
				}
				f = min(f, Add(Loss(m, a, gi, es, F, d), m.Assets[a].Groups[gi].Backup))
			}
			f = min(f, c)
			if f != F[a] || c != C[a] {
				F[a], C[a] = f, c
				changed = true
			}
		}
	}
	return F, C
}
