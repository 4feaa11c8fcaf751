package rank_test

import (
	"context"
	"fmt"

	"github.com/cascade-infra/cascade/cascade/internal/netgen"
	"github.com/cascade-infra/cascade/cascade/rank"
	"github.com/cascade-infra/cascade/model"
)

// A substation feeds a hospital; each one's sole failure is ranked by what it brings down.
func ExampleRun() {
	b := netgen.New()
	energy, health := b.Sector("energy", 0.5), b.Sector("health", 0.5)
	sub := b.Asset("substation", energy, 1)
	hosp := b.Asset("hospital", health, 1)
	b.Dep(b.Own(hosp, "all", 0, 3600), sub, model.Physical, 600, 0.5)
	m := b.Model()
	res, err := rank.Run(context.Background(), m, rank.Options{K: 1})
	if err != nil {
		panic(err)
	}
	for _, e := range res.Ranking {
		fmt.Println(e.Asset, e.FailedAssets, e.FailedSectors)
	}
	// Output:
	// substation 2 2
	// hospital 1 1
}
