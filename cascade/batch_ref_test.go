package cascade

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"testing"

	"github.com/cascade-infra/cascade/model"
)

// A tiny, slow, obviously-correct reference of SPEC section 2 for tests: it computes F
// and C by iterating the equations down from "never" (their greatest solution) for a
// given choice of live edges and hits, so tests can enumerate every combination of the
// random draws and compute exact probabilities.

const refInf = math.MaxInt64

func satAdd(a, b int64) int64 {
	if a == refInf || b == refInf || a > refInf-b {
		return refInf
	}
	return a + b
}

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
	n := len(m.Assets)
	ephys, ecyber := make([]int64, n), make([]int64, n)
	for i := range n {
		ephys[i], ecyber[i] = refInf, refInf
	}
	for i, h := range refHits(sc) {
		if !hit[i] {
			continue
		}
		if h.ev.Kind == model.CyberEvent {
			ecyber[h.asset] = min(ecyber[h.asset], h.ev.At)
		} else {
			ephys[h.asset] = min(ephys[h.asset], h.ev.At)
		}
	}
	edges := refEdges(m)
	F, C = make([]int64, n), make([]int64, n)
	for i := range n {
		F[i], C[i] = refInf, refInf
	}
	for iter := 0; ; iter++ {
		if iter > 100*n+100 {
			t.Fatal("reference did not converge")
		}
		changed := false
		for _, a := range m.Assets {
			c := ecyber[a.Index]
			ei := 0
			for i := range edges {
				if edges[i].asset == a.Index {
					ei = i
					break
				}
			}
			f := ephys[a.Index]
			k := ei
			for _, g := range a.Groups {
				var arr []int64
				for _, d := range g.Dependencies {
					if live[k] {
						arr = append(arr, satAdd(F[d.On.Index], d.Delay))
						if d.Kind == model.Cyber {
							c = min(c, satAdd(C[d.On.Index], d.Delay))
						}
					} else {
						arr = append(arr, refInf)
					}
					k++
				}
				if len(arr) > 0 {
					slices.Sort(arr)
					u := arr[len(arr)-g.Requires]
					f = min(f, satAdd(u, g.Backup))
				}
			}
			f = min(f, c)
			if f != F[a.Index] || c != C[a.Index] {
				F[a.Index], C[a.Index] = f, c
				changed = true
			}
		}
		if !changed {
			return F, C
		}
	}
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

// modelBuilder assembles a model.Model in Go for tests, without the HCL loader.
type modelBuilder struct {
	m       *model.Model
	sectors map[string]*model.Sector
	assets  map[string]*model.Asset
}

func newModelBuilder() *modelBuilder {
	return &modelBuilder{m: &model.Model{}, sectors: map[string]*model.Sector{}, assets: map[string]*model.Asset{}}
}

func (b *modelBuilder) sector(name string, threshold float64) *modelBuilder {
	s := &model.Sector{Name: name, Label: name, Threshold: threshold}
	b.sectors[name] = s
	b.m.Sectors = append(b.m.Sectors, s)
	return b
}

// asset adds an asset with an empty unnamed group.
func (b *modelBuilder) asset(name, sector string, weight float64) *modelBuilder {
	s := b.sectors[sector]
	if s == nil {
		panic("no sector " + sector)
	}
	a := &model.Asset{Name: name, Label: name, Sector: s, Weight: weight,
		Groups: []*model.SupplyGroup{{Name: "", Requires: 0, RequiresMode: "all"}}}
	b.assets[name] = a
	b.m.Assets = append(b.m.Assets, a)
	return b
}

// dep adds a dependency of asset on supplier to group group ("" for the unnamed one,
// created if missing).
func (b *modelBuilder) dep(asset, group, on string, kind model.Kind, delay int64, p float64) *modelBuilder {
	a, s := b.assets[asset], b.assets[on]
	if a == nil || s == nil {
		panic(fmt.Sprintf("no asset %s or %s", asset, on))
	}
	var g *model.SupplyGroup
	for _, x := range a.Groups {
		if x.Name == group {
			g = x
		}
	}
	if g == nil {
		g = &model.SupplyGroup{Name: group, RequiresMode: "all"}
		a.Groups = append(a.Groups, g)
	}
	g.Dependencies = append(g.Dependencies, &model.Dependency{On: s, Kind: kind, Delay: delay, Probability: p})
	if g.RequiresMode == "all" {
		g.Requires = len(g.Dependencies)
	}
	return b
}

// requires sets a group's k ("any" is 1).
func (b *modelBuilder) requires(asset, group string, k int, backup int64) *modelBuilder {
	for _, g := range b.assets[asset].Groups {
		if g.Name == group {
			g.Requires, g.RequiresMode, g.Backup = k, "k", backup
		}
	}
	return b
}

func (b *modelBuilder) scenario(name string, horizon int64, events ...*model.Event) *modelBuilder {
	b.m.Scenarios = append(b.m.Scenarios, &model.Scenario{Name: name, Label: name, Horizon: horizon, Events: events})
	return b
}

func (b *modelBuilder) event(name string, kind model.EventKind, at int64, p float64, assets ...string) *model.Event {
	e := &model.Event{Name: name, Kind: kind, At: at, Probability: p}
	for _, n := range assets {
		e.Assets = append(e.Assets, b.assets[n])
	}
	slices.SortFunc(e.Assets, func(x, y *model.Asset) int { return cmpStr(x.Name, y.Name) })
	return e
}

func cmpStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// build sorts and indexes everything like the loader does.
func (b *modelBuilder) build() *model.Model {
	m := b.m
	slices.SortFunc(m.Sectors, func(x, y *model.Sector) int { return cmpStr(x.Name, y.Name) })
	slices.SortFunc(m.Assets, func(x, y *model.Asset) int { return cmpStr(x.Name, y.Name) })
	slices.SortFunc(m.Scenarios, func(x, y *model.Scenario) int { return cmpStr(x.Name, y.Name) })
	for i, s := range m.Sectors {
		s.Index = i
	}
	for i, a := range m.Assets {
		a.Index = i
	}
	for i, s := range m.Scenarios {
		s.Index = i
		for _, e := range s.Events {
			slices.SortFunc(e.Assets, func(x, y *model.Asset) int { return x.Index - y.Index })
		}
	}
	return m
}
