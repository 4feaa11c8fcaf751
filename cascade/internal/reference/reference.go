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

// FC returns F (failure) and C (compromise) of every asset of m in scenario sc, in
// seconds (Inf for never), without a horizon: the greatest solution of the equations,
// reached by iterating them on every asset from "nothing fails" until nothing changes
// (the operator is monotone, so the iteration from above reaches the greatest fixed
// point, zero-delay cycles included).
func FC(m *model.Model, sc *model.Scenario, d Draws) (F, C []int64) {
	type edge struct {
		id    int32
		u     int
		kind  model.Kind
		delay int64
		p     float64
	}
	na := len(m.Assets)
	groups := make([][][]edge, na)
	var id int32
	for ai, a := range m.Assets {
		for _, g := range a.Groups {
			var es []edge
			for _, dep := range g.Dependencies {
				es = append(es, edge{id: id, u: dep.On.Index, kind: dep.Kind, delay: dep.Delay, p: dep.Probability})
				id++
			}
			groups[ai] = append(groups[ai], es)
		}
	}
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
				var arr []int64
				for _, e := range es {
					if !d.Live(e.id, e.p) {
						arr = append(arr, Inf)
						continue
					}
					arr = append(arr, Add(F[e.u], e.delay))
					if e.kind == model.Cyber {
						c = min(c, Add(C[e.u], e.delay))
					}
				}
				if len(arr) > 0 {
					slices.Sort(arr)
					f = min(f, Add(arr[len(arr)-m.Assets[a].Groups[gi].Requires], m.Assets[a].Groups[gi].Backup))
				}
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
