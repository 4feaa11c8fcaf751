package montecarlo_test

import (
	"context"
	"fmt"

	"github.com/cascade-infra/cascade/cascade/internal/netgen"
	"github.com/cascade-infra/cascade/cascade/montecarlo"
	"github.com/cascade-infra/cascade/model"
)

// batchExampleModel: a substation feeds a hospital over a line that fails with probability
// 0.5; a flood hits the substation with probability 0.8.
func batchExampleModel() *model.Model {
	b := netgen.New()
	energy, health := b.Sector("energy", 0.5), b.Sector("health", 0.5)
	sub := b.Asset("substation", energy, 1)
	hosp := b.Asset("hospital", health, 1)
	b.Dep(b.Own(hosp, "all", 0, 3600), sub, model.Physical, 600, 0.5)
	sc := b.Scenario("flood", model.NoHorizon)
	b.Event(sc, "flood", model.PhysicalEvent, 0, 0.8, sub)
	return b.Model()
}

func ExampleRun() {
	m := batchExampleModel()
	res, err := montecarlo.Run(context.Background(), m, m.Scenarios, montecarlo.Options{Trials: 100000, Seed: 1})
	if err != nil {
		panic(err)
	}
	reps, _ := res.Reports()
	for _, a := range reps[0].Assets {
		// Exact: substation 0.8, hospital 0.8 × 0.5 = 0.4, failing 10 min + 1 h after.
		fmt.Printf("%s p_fail≈%.2f p50=%ds\n", a.Asset, a.PFail, *a.P50FailS)
	}
	// Output:
	// hospital p_fail≈0.40 p50=4200s
	// substation p_fail≈0.80 p50=0s
}

func ExampleWilson() {
	lo, hi := montecarlo.Wilson(40, 100)
	fmt.Printf("[%.3f, %.3f]\n", lo, hi)
	// Output: [0.309, 0.498]
}
