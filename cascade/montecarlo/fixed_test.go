package montecarlo

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/cascade/internal/netgen"
)

// TestTrialNetworkSameTrials runs Monte Carlo trials of random models (uncertain edges
// and events, k-of-n groups, backups, cyber edges, zero delays, horizons) on the
// network and on its trialNetwork, and requires the same failure, compromise and
// sector times and sector weights in every trial. It also requires that the random
// models fix some assets, or it would test nothing.
func TestTrialNetworkSameTrials(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	fixedSeeds, droppedEdges := 0, 0
	for iter := range 300 {
		p := netgen.SmallParams(rng)
		p.Assets = 2 + rng.IntN(30)
		m := netgen.Random(rng, p)
		n, err := cascade.Compile(m)
		if err != nil {
			t.Fatal(err)
		}
		sc, err := n.CompileScenario(m.Scenarios[0])
		if err != nil {
			t.Fatal(err)
		}
		for _, horizon := range []cascade.Horizon{cascade.NoHorizon, cascade.HorizonAt(50)} {
			opts := cascade.Options{MonteCarlo: true, Seed: uint64(iter), Horizon: horizon}
			tn, tsc, _ := trialNetwork(n, sc, opts)
			if tn != n {
				for _, ev := range tsc.Events[len(sc.Events):] {
					fixedSeeds += len(ev.Assets)
				}
				droppedEdges += n.LiveEdges() - tn.LiveEdges()
			}
			if err := tn.Check(tsc); err != nil {
				t.Fatalf("model %d: trial scenario: %v", iter, err)
			}
			var want, got cascade.Result
			for trial := range uint64(40) {
				opts.Trial = trial
				n.RunInto(&want, sc, opts)
				tn.RunInto(&got, tsc, opts)
				if !slices.Equal(want.Failure, got.Failure) || !slices.Equal(want.Compromise, got.Compromise) ||
					!slices.Equal(want.Sectors, got.Sectors) {
					t.Fatalf("model %d horizon %v trial %d:\nfailure %v\n   want %v\ncompromise %v\n      want %v\nsectors %v\n   want %v",
						iter, horizon, trial, got.Failure, want.Failure, got.Compromise, want.Compromise, got.Sectors, want.Sectors)
				}
			}
		}
	}
	if fixedSeeds == 0 || droppedEdges == 0 {
		t.Fatalf("the random models fixed %d failures and dropped %d edges: the test checks nothing", fixedSeeds, droppedEdges)
	}
	t.Logf("%d fixed failures seeded, %d edges dropped", fixedSeeds, droppedEdges)
}
