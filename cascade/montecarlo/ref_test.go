package montecarlo

import (
	"sort"
	"testing"

	"github.com/cascade-infra/cascade/cascade/internal/reference"
	"github.com/cascade-infra/cascade/model"
)

// The reference of the batch tests: cascade/internal/reference computes F and C for a
// given choice of live edges and hits, so tests can enumerate every combination of the
// random draws and compute exact probabilities.

const refInf = reference.Inf

// refEdge is a dependency in the reference's order: assets by index, groups, then
// dependencies in order.
type refEdge struct {
	asset, group int
	dep          *model.Dependency
}

func refEdges(m *model.Model) []refEdge {
	var es []refEdge
	for _, a := range m.Assets {
		for gi, g := range a.Groups {
			for _, d := range g.Dependencies {
				es = append(es, refEdge{a.Index, gi, d})
			}
		}
	}
	return es
}

// refHit is an (event, asset) pair of a scenario.
type refHit struct {
	ev    *model.Event
	asset int
}

func refHits(sc *model.Scenario) []refHit {
	var hs []refHit
	for _, e := range sc.Events {
		for _, a := range e.Assets {
			hs = append(hs, refHit{e, a.Index})
		}
	}
	return hs
}

// refRun returns F and C of every asset (refInf for never) given live[e] for every
// edge of refEdges and hit[h] for every hit of refHits.
func refRun(t testing.TB, m *model.Model, sc *model.Scenario, live, hit []bool) (F, C []int64) {
	t.Helper()
	hitIndex := map[[2]int]int{}
	evIndex := map[*model.Event]int{}
	for i, e := range sc.Events {
		evIndex[e] = i
	}
	for i, h := range refHits(sc) {
		hitIndex[[2]int{evIndex[h.ev], h.asset}] = i
	}
	return reference.FC(m, sc, reference.Draws{
		Live: func(id int32, _ float64) bool { return live[id] },
		Hit:  func(ev int, a int32, _ float64) bool { return hit[hitIndex[[2]int{ev, int(a)}]] },
	})
}

// refFailed reports whether a failure time counts within horizon h (-1: none).
func refFailed(f, h int64) bool { return f != refInf && (h < 0 || f <= h) }

// refSectorFailedAt returns each sector's failed_at (refInf when it does not fail).
func refSectorFailedAt(m *model.Model, F []int64, h int64) []int64 {
	out := make([]int64, len(m.Sectors))
	for _, s := range m.Sectors {
		out[s.Index] = refInf
		var total float64
		type ft struct {
			t int64
			w float64
		}
		var fs []ft
		for _, a := range m.Assets {
			if a.Sector != s {
				continue
			}
			total += a.Weight
			if refFailed(F[a.Index], h) {
				fs = append(fs, ft{F[a.Index], a.Weight})
			}
		}
		sort.Slice(fs, func(i, j int) bool { return fs[i].t < fs[j].t })
		var w float64
		for i, x := range fs {
			w += x.w
			if (i+1 == len(fs) || fs[i+1].t != x.t) && total > 0 && w >= s.Threshold*total {
				out[s.Index] = x.t
				break
			}
		}
	}
	return out
}

// exactProbs enumerates every combination of the uncertain draws (edges and hits with
// 0 < p < 1; certain ones are fixed) and returns the exact probability that each asset
// and each sector fails, and the exact distribution of the number of failed assets.
func exactProbs(t testing.TB, m *model.Model, sc *model.Scenario, h int64) (pa, ps, pcount []float64) {
	edges, hits := refEdges(m), refHits(sc)
	type draw struct {
		p    float64
		flag *bool
	}
	live, hit := make([]bool, len(edges)), make([]bool, len(hits))
	var draws []draw
	for i, e := range edges {
		live[i] = e.dep.Probability >= 1
		if p := e.dep.Probability; p > 0 && p < 1 {
			draws = append(draws, draw{p, &live[i]})
		}
	}
	for i, x := range hits {
		hit[i] = x.ev.Probability >= 1
		if p := x.ev.Probability; p > 0 && p < 1 {
			draws = append(draws, draw{p, &hit[i]})
		}
	}
	if len(draws) > 16 {
		t.Fatalf("%d uncertain draws: too many to enumerate", len(draws))
	}
	pa, ps, pcount = make([]float64, len(m.Assets)), make([]float64, len(m.Sectors)), make([]float64, len(m.Assets)+1)
	for mask := 0; mask < 1<<len(draws); mask++ {
		w := 1.0
		for i, d := range draws {
			on := mask>>i&1 == 1
			*d.flag = on
			if on {
				w *= d.p
			} else {
				w *= 1 - d.p
			}
		}
		F, _ := refRun(t, m, sc, live, hit)
		n := 0
		for a, f := range F {
			if refFailed(f, h) {
				pa[a] += w
				n++
			}
		}
		pcount[n] += w
		for s, at := range refSectorFailedAt(m, F, h) {
			if at != refInf {
				ps[s] += w
			}
		}
	}
	return pa, ps, pcount
}
