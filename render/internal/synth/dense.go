package synth

import (
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
	m := skeleton(n, sectors, "a%06d", func(i int) int { return i % sectors })
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
