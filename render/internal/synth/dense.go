package synth

import (
	"fmt"
	"math/rand/v2"

	"github.com/cascade-infra/cascade/model"
)

// Dense returns a model of n assets spread uniformly over the given number of
// sectors, each asset depending on deps assets drawn uniformly from the whole
// model (kinds uniform, no delays): the worst case of the sectors view, in
// which almost every pair of sectors is linked both ways (500 sectors and
// 100,000 assets with 4 dependencies each give about 199,000 links between
// sectors, all one loop). The same arguments always give the same model.
func Dense(n, sectors, deps int, seed uint64) *model.Model {
	r := rand.New(rand.NewPCG(seed, 3))
	m := &model.Model{}
	colors := []string{"#f4a261", "#2a9d8f", "#457b9d", "#e63946", "#8ab17d", "#e9c46a", "#264653", "#9d4edd"}
	for i := range sectors {
		m.Sectors = append(m.Sectors, &model.Sector{Name: fmt.Sprintf("s%03d", i), Label: fmt.Sprintf("Sector %d", i),
			Color: colors[i%len(colors)], Threshold: 0.5, Index: i})
	}
	for i := range n {
		m.Assets = append(m.Assets, &model.Asset{Name: fmt.Sprintf("a%06d", i), Label: fmt.Sprintf("Asset %d", i),
			Sector: m.Sectors[i%sectors], Weight: 1, Index: i,
			Groups: []*model.SupplyGroup{{RequiresMode: "all"}}})
	}
	for i, a := range m.Assets {
		g := a.Groups[0]
		seen := map[int]bool{i: true}
		for range deps {
			j := r.IntN(n)
			if seen[j] {
				continue
			}
			seen[j] = true
			g.Dependencies = append(g.Dependencies, &model.Dependency{On: m.Assets[j], Kind: model.Kind(r.IntN(4)), Probability: 1})
		}
		g.Requires = len(g.Dependencies)
	}
	return m
}
