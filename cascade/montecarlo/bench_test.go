package montecarlo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/cascade/internal/netgen"
	"github.com/cascade-infra/cascade/cascade/internal/testenv"
	"github.com/cascade-infra/cascade/model"
)

// BenchmarkBatch measures Monte Carlo trials per second on the 10k-asset model, with the
// aggregation (tally, chunk merge) included and the network compiled once outside the
// timing. One op is one trial.
func BenchmarkBatch(b *testing.B) {
	m := netgen.Bench10k()
	factory, err := engineRunners(m, m.Scenarios, cascade.Horizon{}, 1)
	if err != nil {
		b.Fatal(err)
	}
	pre := func(*model.Model, []*model.Scenario, cascade.Horizon, uint64) (func() trialRunner, error) {
		return factory, nil
	}
	for _, w := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) {
			b.ReportAllocs()
			start, cpu0 := time.Now(), testenv.CPUTime()
			res, err := run(context.Background(), m, m.Scenarios,
				Options{Trials: int64(b.N), Seed: 1, Workers: w}, pre)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "trials/s")
			b.ReportMetric(float64(b.N)/(testenv.CPUTime()-cpu0).Seconds(), "trials/cpu-s")
			b.ReportMetric(float64(res.Tallies[0].failedCountSum())/float64(b.N), "failed/trial")
		})
	}
}

// BenchmarkBatchHorizon is BenchmarkBatch with a 7-day horizon (no restoration): each
// trial also reads its sectors' losses.
func BenchmarkBatchHorizon(b *testing.B) {
	m := netgen.Bench10k()
	h := cascade.HorizonAt(7 * 86400)
	factory, err := engineRunners(m, m.Scenarios, h, 1)
	if err != nil {
		b.Fatal(err)
	}
	pre := func(*model.Model, []*model.Scenario, cascade.Horizon, uint64) (func() trialRunner, error) {
		return factory, nil
	}
	for _, w := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) {
			start, cpu0 := time.Now(), testenv.CPUTime()
			if _, err := run(context.Background(), m, m.Scenarios, Options{Trials: int64(b.N), Seed: 1, Workers: w, Horizon: h}, pre); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "trials/s")
			b.ReportMetric(float64(b.N)/(testenv.CPUTime()-cpu0).Seconds(), "trials/cpu-s")
		})
	}
}

// restorationBench10k is Bench10k with restoration, as cascade's BenchmarkRestore
// builds it: every asset has a repair of 1h to 2d, 40 organizations of 4 crews operate
// them, a third of the assets need 0 to 30 minutes to restart, and the horizon is 7
// days.
func restorationBench10k() *model.Model {
	m := netgen.Bench10k()
	rng := rand.New(rand.NewPCG(7, 8))
	m.Organizations = nil
	for i := range 40 {
		m.Organizations = append(m.Organizations, &model.Organization{Name: netgen.Name("o", i), Index: i, Crews: 4})
	}
	for i, a := range m.Assets {
		a.Operator = m.Organizations[i%40]
		a.Repair = 3600 + rng.Int64N(47*3600)
		if i%3 == 0 {
			a.Restart = 60 * rng.Int64N(31)
		}
	}
	m.Scenarios[0].Horizon = 7 * 86400
	return m
}

// BenchmarkBatchRestoration is BenchmarkBatch on restorationBench10k: trials with the
// restoration engine and the batch's restoration counts (target: 1,000 trials/s with 2
// workers, bench/RESULTS.md).
func BenchmarkBatchRestoration(b *testing.B) {
	m := restorationBench10k()
	factory, err := engineRunners(m, m.Scenarios, cascade.Horizon{}, 1)
	if err != nil {
		b.Fatal(err)
	}
	pre := func(*model.Model, []*model.Scenario, cascade.Horizon, uint64) (func() trialRunner, error) {
		return factory, nil
	}
	for _, w := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) {
			b.ReportAllocs()
			start, cpu0 := time.Now(), testenv.CPUTime()
			res, err := run(context.Background(), m, m.Scenarios,
				Options{Trials: int64(b.N), Seed: 1, Workers: w}, pre)
			if err != nil {
				b.Fatal(err)
			}
			if !res.Tallies[0].restored {
				b.Fatal("the trials ran without restoration")
			}
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "trials/s")
			b.ReportMetric(float64(b.N)/(testenv.CPUTime()-cpu0).Seconds(), "trials/cpu-s")
			b.ReportMetric(float64(res.Tallies[0].failedCountSum())/float64(b.N), "failed/trial")
		})
	}
}

// BenchmarkBatchModel is BenchmarkBatch on the model in the directory named by
// $CASCADE_BENCH_MODEL, for instance bench/gen's (bench/batch.sh writes one to
// bench/out/batch-m10000), with each scenario's own horizon; it is skipped without
// the variable. One op is one trial of the model's first scenario.
func BenchmarkBatchModel(b *testing.B) {
	dir := os.Getenv("CASCADE_BENCH_MODEL")
	if dir == "" {
		b.Skip("CASCADE_BENCH_MODEL is not set")
	}
	m, diags := model.Load(dir, model.Options{})
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	scs := m.Scenarios[:1]
	factory, err := engineRunners(m, scs, cascade.Horizon{}, 1)
	if err != nil {
		b.Fatal(err)
	}
	pre := func(*model.Model, []*model.Scenario, cascade.Horizon, uint64) (func() trialRunner, error) {
		return factory, nil
	}
	for _, w := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) {
			start, cpu0 := time.Now(), testenv.CPUTime()
			res, err := run(context.Background(), m, scs, Options{Trials: int64(b.N), Seed: 1, Workers: w}, pre)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "trials/s")
			b.ReportMetric(float64(b.N)/(testenv.CPUTime()-cpu0).Seconds(), "trials/cpu-s")
			b.ReportMetric(float64(res.Tallies[0].failedCountSum())/float64(b.N), "failed/trial")
		})
	}
}

// BenchmarkBatchEngineOnly runs the same trials as BenchmarkBatch/workers=1 without
// the aggregation, to show what the engine alone costs per trial.
func BenchmarkBatchEngineOnly(b *testing.B) {
	m := netgen.Bench10k()
	factory, err := engineRunners(m, m.Scenarios, cascade.Horizon{}, 1)
	if err != nil {
		b.Fatal(err)
	}
	r := factory()
	var o trialOutcome
	b.ReportAllocs()
	i := int64(0)
	cpu0 := testenv.CPUTime()
	for b.Loop() {
		r.trial(0, i, &o)
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "trials/s")
	b.ReportMetric(float64(b.N)/(testenv.CPUTime()-cpu0).Seconds(), "trials/cpu-s")
}

// BenchmarkCompareModel is a paired comparison (Compare) of the model in the directory
// named by $CASCADE_BENCH_MODEL with its first two mitigations (bench/gen
// --mitigations writes two; bench/whatif.sh runs it), in its first scenario; it is
// skipped without the variable. One op is one paired trial of the three models.
func BenchmarkCompareModel(b *testing.B) {
	dir := os.Getenv("CASCADE_BENCH_MODEL")
	if dir == "" {
		b.Skip("CASCADE_BENCH_MODEL is not set")
	}
	base, diags := model.Load(dir, model.Options{})
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	if len(base.Mitigations) < 2 {
		b.Skip("the model has fewer than two mitigations")
	}
	models := []*model.Model{base}
	for _, mit := range base.Mitigations[:2] {
		m, diags := model.Load(dir, model.Options{Mitigations: []string{mit.Name}})
		if diags.HasErrors() {
			b.Fatal(diags)
		}
		models = append(models, m)
	}
	runtime.GC()
	for _, w := range []int{1, 2} {
		// delta=off runs every variant whole, as before cascade.Delta.
		for _, delta := range []bool{true, false} {
			b.Run(fmt.Sprintf("workers=%d/delta=%s", w, map[bool]string{true: "on", false: "off"}[delta]), func(b *testing.B) {
				useDelta = delta
				defer func() { useDelta = true }()
				start, cpu0 := time.Now(), testenv.CPUTime()
				if _, err := Compare(context.Background(), models, base.Scenarios[0].Name, Options{Trials: int64(max(b.N, 2)), Seed: 1, Workers: w}); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "trials/s")
				b.ReportMetric(float64(b.N)/(testenv.CPUTime()-cpu0).Seconds(), "trials/cpu-s")
			})
		}
	}
}
