// Package synth generates synthetic models for the render tests, benchmarks and
// size measurements: the same size and seed always give the same model.
package synth

import (
	"fmt"
	"math/rand/v2"

	"github.com/cascade-infra/cascade/model"
)

// Model returns a model of n assets in sectors of about 100 assets (at least 2
// sectors, at most 8 colours), each asset depending on up to two earlier assets
// and, one time in twenty, on a later one (making loops), with dependencies of
// all four kinds and delays of 0–2 hours. It has one scenario, "quake": a
// physical event on the first asset at time 0, horizon 7 days.
func Model(n int, seed uint64) *model.Model {
	r := rand.New(rand.NewPCG(seed, 1))
	ns := max(2, n/100)
	m := skeleton(n, ns, "a%05d", func(int) int { return r.IntN(ns) })
	for i, a := range m.Assets {
		if i == 0 {
			continue
		}
		g := a.Groups[0]
		seen := map[int]bool{}
		for range 2 {
			j := r.IntN(i)
			if r.IntN(20) == 0 && i+1 < n {
				j = i + 1 + r.IntN(n-i-1)
			}
			if seen[j] {
				continue
			}
			seen[j] = true
			g.Dependencies = append(g.Dependencies, &model.Dependency{On: m.Assets[j], Kind: model.Kind(r.IntN(4)),
				Delay: int64(r.IntN(3)) * 3600, Probability: 1})
		}
		g.Requires = len(g.Dependencies)
	}
	if n > 0 {
		m.Scenarios = []*model.Scenario{{Name: "quake", Label: "Synthetic quake", Horizon: 7 * 86400,
			Events: []*model.Event{{Name: "quake", Kind: model.PhysicalEvent, Probability: 1, Assets: []*model.Asset{m.Assets[0]}}}}}
	}
	return m
}

// skeleton returns a model of ns sectors (colours cycling through eight) and n
// assets named by nameFmt, asset i in sector sectorOf(i), each with one empty
// supply group that requires all.
func skeleton(n, ns int, nameFmt string, sectorOf func(i int) int) *model.Model {
	m := &model.Model{}
	colors := []string{"#f4a261", "#2a9d8f", "#457b9d", "#e63946", "#8ab17d", "#e9c46a", "#264653", "#9d4edd"}
	for i := range ns {
		m.Sectors = append(m.Sectors, &model.Sector{Name: fmt.Sprintf("s%03d", i), Label: fmt.Sprintf("Sector %d", i),
			Color: colors[i%len(colors)], Threshold: 0.5, Index: i})
	}
	for i := range n {
		m.Assets = append(m.Assets, &model.Asset{Name: fmt.Sprintf(nameFmt, i), Label: fmt.Sprintf("Asset %d", i),
			Sector: m.Sectors[sectorOf(i)], Weight: 1, Index: i,
			Groups: []*model.SupplyGroup{{RequiresMode: "all"}}})
	}
	return m
}
