package cascade

import (
	"math/rand/v2"
	"testing"

	"github.com/cascade-infra/cascade/cascade/internal/netgen"
	"github.com/cascade-infra/cascade/model"
)

// TestDeltaEqualsRun checks Delta against full runs of the variant on thousands of
// random models and mitigations: worst case and Monte Carlo trials, horizons, zero
// delays and backups, k-of-n groups, cyber dependencies and events. Every asset's
// failure and compromise, the counts and whether each sector fails must be the full
// run's.
func TestDeltaEqualsRun(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	runs := 3000
	if testing.Short() {
		runs = 300
	}
	dirty, total := 0, 0
	for iter := range runs {
		seed := rng.Uint64()
		random := func() *model.Model {
			r := rand.New(rand.NewPCG(seed, 1))
			return netgen.Random(r, netgen.SmallParams(r))
		}
		base := random()
		variant := netgen.MutateSupply(rand.New(rand.NewPCG(seed, 2)), random())
		nb, err1 := Compile(base)
		nv, err2 := Compile(variant)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		sb, _ := nb.CompileScenario(base.Scenarios[0])
		sv, _ := nv.CompileScenario(variant.Scenarios[0])
		d, ok := NewDelta(nb, nv, sv)
		if !ok {
			continue // weights whose sums are not exact
		}
		var dr DeltaRun
		for trial := range uint64(6) {
			opts := Options{MonteCarlo: trial > 0, Seed: seed, Trial: trial}
			if trial == 5 {
				opts.Horizon = HorizonAt(int64(rng.IntN(20)))
			}
			rb, rv := nb.Run(sb, opts), nv.Run(sv, opts)
			d.Run(&dr, rb)
			got := map[int32]DeltaChange{}
			for _, c := range dr.Changes() {
				got[c.Asset] = c
			}
			for a := range int32(nb.NumAssets()) {
				f, c := rb.Failure[a], rb.Compromise[a]
				if x, ok := got[a]; ok {
					if x.BaseFailure != f || x.BaseCompromise != c {
						t.Fatalf("model %d trial %d: asset %s: change %+v from baseline %d, %d", iter, trial, nb.AssetName(a), x, f, c)
					}
					f, c = x.Failure, x.Compromise
				}
				if f != rv.Failure[a] || c != rv.Compromise[a] {
					t.Fatalf("model %d trial %d (%+v): asset %s: delta F=%d C=%d, run F=%d C=%d (baseline %d, %d; %d changed assets)\nbase:\n%s\nvariant:\n%s",
						iter, trial, opts, nb.AssetName(a), f, c, rv.Failure[a], rv.Compromise[a], rb.Failure[a], rb.Compromise[a], d.NumChanged(), engDumpModel(base), engDumpModel(variant))
				}
			}
			if dr.NumFailed() != rv.NumFailed() || dr.NumCompromised() != len(rv.CompromisedAssets()) {
				t.Fatalf("model %d trial %d: delta %d failed, %d compromised; run %d, %d", iter, trial, dr.NumFailed(), dr.NumCompromised(), rv.NumFailed(), len(rv.CompromisedAssets()))
			}
			for s := range int32(nv.NumSectors()) {
				if dr.SectorFailed(nv, s) != (rv.Sectors[s].FailedAt != Never) {
					t.Fatalf("model %d trial %d: sector %s: delta fails %v, run %+v", iter, trial, nv.SectorName(s), dr.SectorFailed(nv, s), rv.Sectors[s])
				}
			}
			dirty += len(dr.list)
			total += nb.NumAssets()
		}
	}
	if total == 0 || dirty == total {
		t.Fatalf("delta ran on %d of %d assets", dirty, total)
	}
	t.Logf("dirty assets: %d of %d (%.0f%%)", dirty, total, 100*float64(dirty)/float64(total))
}
