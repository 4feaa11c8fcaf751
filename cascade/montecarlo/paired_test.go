package montecarlo

import (
	"context"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/cascade/internal/netgen"
	"github.com/cascade-infra/cascade/cascade/internal/testenv"
	"github.com/cascade-infra/cascade/model"
)

// variantModel is smallModel with the hospital's grid feed made less likely to carry
// the grid's failure (a hardened feeder) and the pumps given a longer backup.
func variantModel() *model.Model {
	m := smallModel()
	h := m.Asset("hospital")
	h.Groups[1].Dependencies[0].Probability = 0.4
	m.Asset("pumps").Groups[0].Backup = 30 * 3600
	return m
}

// exactFailedMean is the exact expected number of failed assets of scenario sc of m.
func exactFailedMean(t *testing.T, m *model.Model, sc string, h int64) float64 {
	pa, _, _ := exactProbs(t, m, m.Scenario(sc), h)
	var s float64
	for _, p := range pa {
		s += p
	}
	return s
}

// TestCompareCoverage repeats a paired comparison of 500 trials with 1,000 seeds: its
// 95% interval on the difference of failed assets must cover the exact difference
// (by enumeration of every draw) in 93–97% of them.
func TestCompareCoverage(t *testing.T) {
	reps := 1000
	if testing.Short() || testenv.RaceEnabled {
		reps = 300
	}
	base, variant := smallModel(), variantModel()
	h := int64(5 * 86400)
	exact := exactFailedMean(t, variant, "mixed", h) - exactFailedMean(t, base, "mixed", h)
	if exact == 0 {
		t.Fatal("the variant changes nothing: the test would check nothing")
	}
	covered := 0
	for seed := range uint64(reps) {
		res, err := Compare(context.Background(), []*model.Model{base, variant}, "mixed", Options{Trials: 500, Seed: seed + 1, Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		if f := res.Variants[0].Failed; f.Low <= exact && exact <= f.High {
			covered++
		}
	}
	frac := float64(covered) / float64(reps)
	lo, hi := 0.93, 0.97
	if reps < 1000 {
		lo, hi = 0.91, 0.985 // fewer repetitions: a wider band for the same false-alarm rate
	}
	if frac < lo || frac > hi {
		t.Errorf("the interval covers the exact difference %.4f in %.1f%% of %d repetitions, want %g–%g%%", exact, 100*frac, reps, 100*lo, 100*hi)
	}
	t.Logf("exact difference %.4f covered in %.1f%% of %d repetitions", exact, 100*frac, reps)
}

// TestComparePairedTighter checks that common random numbers make the interval of the
// difference tighter than that of two independent runs, and that the result depends
// neither on the workers nor on the chunk size.
func TestComparePairedTighter(t *testing.T) {
	models := []*model.Model{smallModel(), variantModel(), smallModel()}
	var want *PairedResult
	for _, o := range []Options{{Workers: 1}, {Workers: 3, ChunkSize: 7}, {Workers: 2, ChunkSize: 1000}} {
		o.Trials, o.Seed = 4000, 5
		res, err := Compare(context.Background(), models, "mixed", o)
		if err != nil {
			t.Fatal(err)
		}
		if want == nil {
			want = res
		} else if !reflect.DeepEqual(res, want) {
			t.Fatalf("workers %d chunk %d: the result differs", o.Workers, o.ChunkSize)
		}
	}
	v := want.Variants[0]
	paired, unpaired := v.Failed.High-v.Failed.Low, v.UnpairedFailed.High-v.UnpairedFailed.Low
	if !(paired < 0.9*unpaired) {
		t.Errorf("paired interval %.4f not tighter than unpaired %.4f", paired, unpaired)
	}
	t.Logf("paired interval width %.4f, unpaired %.4f (%.1fx tighter)", paired, unpaired, unpaired/paired)
	// The baseline against itself: every difference is exactly 0.
	same := want.Variants[1]
	if same.Failed != (Interval{}) || same.Compromised != (Interval{}) || *same.Loss != (Interval{}) {
		t.Errorf("the baseline against itself: %+v", same)
	}
	for _, s := range same.Sectors {
		if s.PFail != (Interval{}) {
			t.Errorf("sector %s: %+v", s.Sector, s.PFail)
		}
	}
	if v.Loss == nil || v.Loss.Mean >= 0 {
		t.Errorf("a hardened feeder and longer backup should lose less service: %+v", v.Loss)
	}
}

// TestServiceLoss checks the loss of a hand-worked run: sector weights 2+1 (energy) and
// one failure at 0 and one at a day, over a horizon of two days.
func TestServiceLoss(t *testing.T) {
	m := smallModel()
	net, err := cascade.Compile(m)
	if err != nil {
		t.Fatal(err)
	}
	sc := &cascade.Scenario{Name: "x", Horizon: cascade.HorizonAt(2 * 86400), Events: []cascade.Event{
		{Name: "a", Kind: model.PhysicalEvent, At: 0, Probability: 1, Assets: []int32{int32(m.Asset("grid").Index)}},
		{Name: "b", Kind: model.PhysicalEvent, At: 86400, Probability: 1, Assets: []int32{int32(m.Asset("vendor").Index)}},
	}}
	r := net.Run(sc, cascade.Options{})
	// Everything that follows the grid: count every failure by hand from the run.
	var want float64
	for _, a := range r.Order() {
		s := m.Assets[a].Sector
		var total float64
		for _, x := range m.Assets {
			if x.Sector == s {
				total += x.Weight
			}
		}
		want += float64(2*86400-r.Failure[a]) * m.Assets[a].Weight / total
	}
	if got := r.ServiceLoss(); got != want || got == 0 {
		t.Errorf("ServiceLoss = %v, want %v", got, want)
	}
}

// TestCompareMeansAreBatches checks that each model's own means in a comparison are
// those of a batch of it with the same seed and trials (the same draws): the mean of
// failed assets, each sector's p_fail and its interval, and the service lost (the sum
// of the sectors' mean_loss_s).
func TestCompareMeansAreBatches(t *testing.T) {
	models := []*model.Model{smallModel(), variantModel()}
	const trials, seed = 3000, 11
	p, err := Compare(context.Background(), models, "mixed", Options{Trials: trials, Seed: seed, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	for k, m := range models {
		means := p.Baseline
		if k > 0 {
			means = p.Variants[k-1].Means
			if means.Failed.Mean != p.Variants[k-1].FailedMean {
				t.Errorf("variant: failed mean %v, failed_mean %v", means.Failed.Mean, p.Variants[k-1].FailedMean)
			}
		}
		res, err := Run(context.Background(), m, []*model.Scenario{m.Scenario("mixed")}, Options{Trials: trials, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		reps, err := res.Reports()
		if err != nil {
			t.Fatal(err)
		}
		rep := reps[0]
		if d := means.Failed.Mean - rep.FailedAssets.Mean; d > 1e-9 || d < -1e-9 {
			t.Errorf("model %d: failed mean %v, batch %v", k, means.Failed.Mean, rep.FailedAssets.Mean)
		}
		var loss float64
		for j, s := range rep.Sectors {
			got := means.Sectors[j]
			if got.Sector != s.Sector || got.PFail != s.PFail || got.CILow != s.CILow || got.CIHigh != s.CIHigh {
				t.Errorf("model %d sector %s: %+v, batch %+v", k, s.Sector, got, s.Estimate)
			}
			if s.MeanLossS != nil {
				loss += *s.MeanLossS
			}
		}
		if means.Loss == nil || rep.HorizonS == nil {
			t.Fatalf("model %d: no loss (horizon %v)", k, rep.HorizonS)
		}
		if d := means.Loss.Mean - loss; d > 1e-6 || d < -1e-6 || !(means.Loss.Low <= means.Loss.Mean && means.Loss.Mean <= means.Loss.High) {
			t.Errorf("model %d: loss %+v, batch's sectors sum to %v", k, *means.Loss, loss)
		}
	}
}

// TestCompareDeltaEqualsWholeRuns checks that a comparison whose variants are computed
// from the baseline's trials (cascade.Delta) gives exactly the result of one that runs
// every variant whole, on random models with two random mitigations each (with and
// without a horizon) and on the small model.
func TestCompareDeltaEqualsWholeRuns(t *testing.T) {
	compare := func(delta bool, models []*model.Model, sc string, o Options) *PairedResult {
		t.Helper()
		useDelta = delta
		defer func() { useDelta = true }()
		res, err := Compare(context.Background(), models, sc, o)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	rng := rand.New(rand.NewPCG(41, 42))
	fitted := 0
	for iter := range 300 {
		seed := rng.Uint64()
		random := func(k uint64) *model.Model {
			r := rand.New(rand.NewPCG(seed, 1))
			m := netgen.Random(r, netgen.SmallParams(r))
			if k > 0 {
				m = netgen.MutateSupply(rand.New(rand.NewPCG(seed, k+1)), m)
			}
			return m
		}
		models := []*model.Model{random(0), random(1), random(2)}
		nb, _ := cascade.Compile(models[0])
		nv, _ := cascade.Compile(models[1])
		sv, _ := nv.CompileScenario(models[1].Scenarios[0])
		if _, ok := cascade.NewDelta(nb, nv, sv); ok {
			fitted++
		}
		o := Options{Trials: 40, Seed: seed, Workers: 1 + iter%2}
		if iter%2 == 0 {
			o.Horizon = cascade.HorizonAt(int64(10 + rng.IntN(40)))
		}
		if got, want := compare(true, models, "s", o), compare(false, models, "s", o); !reflect.DeepEqual(got, want) {
			t.Fatalf("model %d: with deltas\n%+v\nwhole runs\n%+v", iter, got, want)
		}
	}
	if fitted < 50 {
		t.Fatalf("only %d of 300 variants fit a delta: the test checks too little", fitted)
	}
	models := []*model.Model{smallModel(), variantModel()}
	o := Options{Trials: 2000, Seed: 3, Horizon: cascade.HorizonAt(5 * 86400)}
	if got, want := compare(true, models, "mixed", o), compare(false, models, "mixed", o); !reflect.DeepEqual(got, want) {
		t.Fatalf("small model: with deltas\n%+v\nwhole runs\n%+v", got, want)
	}
}
