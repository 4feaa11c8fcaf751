package montecarlo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/cascade/internal/netgen"
	"github.com/cascade-infra/cascade/cascade/shard"
	"github.com/cascade-infra/cascade/model"
)

// Batches of models with restoration (docs/batch.md, "Restoration"): the new fields
// against a naive per-trial computation, and their independence of workers, chunks,
// shards and resumption.

// addRestoration gives random assets of m repair, recover, restart and priority, and
// organizations with crews, as cascade's restoration tests do, and sets a horizon of
// 1..maxH seconds. Weights become 1 or 2, so that sums of weights (and of weights times
// seconds) are exact in any order and the naive sums below match the batch's bit for
// bit.
func addRestoration(rng *rand.Rand, m *model.Model, maxH int64) {
	no := 1 + rng.IntN(2)
	m.Organizations = nil
	for i := range no {
		o := &model.Organization{Name: fmt.Sprintf("o%d", i), Index: i}
		if rng.IntN(3) > 0 {
			o.Crews = 1 + rng.IntN(2)
		}
		m.Organizations = append(m.Organizations, o)
	}
	for _, a := range m.Assets {
		a.Weight = float64(1 + rng.IntN(2))
		if rng.IntN(3) > 0 {
			a.Operator = m.Organizations[rng.IntN(no)]
		}
		if rng.IntN(3) > 0 {
			a.Repair = 1 + rng.Int64N([]int64{3, 10, 40}[rng.IntN(3)])
		}
		if rng.IntN(3) > 0 {
			a.Recover = 1 + rng.Int64N(30)
		}
		if rng.IntN(2) > 0 {
			a.Restart = rng.Int64N(6)
		}
		a.Priority = float64(rng.IntN(3))
	}
	m.Scenarios[0].Horizon = 1 + rng.Int64N(maxH)
}

// restorationModel returns a random model with restoration, or without (but with a
// horizon and weights 1 or 2) when plain.
func restorationModel(rng *rand.Rand, p netgen.RandomParams, plain bool) *model.Model {
	m := netgen.Random(rng, p)
	addRestoration(rng, m, 150)
	if plain {
		for _, a := range m.Assets {
			a.Repair, a.Recover, a.Restart, a.Operator = 0, 0, 0, nil
		}
	}
	return m
}

// naiveService runs every trial with cascade.Network.Run and computes the report's
// new fields by hand, in the order of the model's indices.
func naiveService(t *testing.T, m *model.Model, trials int64, seed uint64) (pa, downA, ps, lossA, lossLo, lossHi []float64) {
	t.Helper()
	net, err := cascade.Compile(m)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := net.CompileScenario(m.Scenarios[0])
	if err != nil {
		t.Fatal(err)
	}
	na, ns := net.NumAssets(), net.NumSectors()
	downN, downS := make([]int64, na), make([]int64, na)
	sDown := make([]int64, ns)
	lossSum, lossSum2 := make([]*big.Int, ns), make([]*big.Int, ns)
	for s := range ns {
		lossSum[s], lossSum2[s] = new(big.Int), new(big.Int)
	}
	for i := range trials {
		r := net.Run(sc, cascade.Options{MonteCarlo: true, Seed: seed, Trial: uint64(i)})
		if r.Restoration() != net.HasRestoration() {
			t.Fatalf("trial %d: restoration %v on a network with restoration %v", i, r.Restoration(), net.HasRestoration())
		}
		w, c := make([]float64, ns), make([]int32, ns)
		for a := range int32(na) {
			downS[a] += r.DownTime(a)
			if r.DownAtHorizon(a) {
				downN[a]++
				w[net.AssetSector(a)] += net.AssetWeight(a)
				c[net.AssetSector(a)]++
			}
		}
		for s := range int32(ns) {
			if c[s] > 0 && net.ReachesThreshold(s, w[s], c[s]) {
				sDown[s]++
			}
			ms := new(big.Int).SetUint64(uint64(math.Round(r.SectorRestoration(s).Loss * 1000)))
			lossSum[s].Add(lossSum[s], ms)
			lossSum2[s].Add(lossSum2[s], ms.Mul(ms, ms))
		}
	}
	n := float64(trials)
	for a := range na {
		pa = append(pa, float64(downN[a])/n)
		downA = append(downA, float64(downS[a])/n)
	}
	for s := range ns {
		ps = append(ps, float64(sDown[s])/n)
		sum, _ := new(big.Float).SetInt(lossSum[s]).Float64()
		sum2, _ := new(big.Float).SetInt(lossSum2[s]).Float64()
		mean := sum / n / 1000
		sd := math.Sqrt(max(0, (sum2-sum*sum/n)/(n-1))) / 1000
		lossA = append(lossA, mean)
		lossLo = append(lossLo, mean-1.959963984540054*sd/math.Sqrt(n))
		lossHi = append(lossHi, mean+1.959963984540054*sd/math.Sqrt(n))
	}
	return
}

func TestBatchRestorationAgreesWithNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 7))
	models := 60
	if testing.Short() {
		models = 15
	}
	restored, back, lost, sectorsBack := 0, 0, 0, 0
	for k := range models {
		p := netgen.SmallParams(rng)
		m := restorationModel(rng, p, k%3 == 2)
		const trials = 200
		seed := uint64(k)
		res, err := Run(context.Background(), m, m.Scenarios, Options{Trials: trials, Seed: seed, Workers: 2, ChunkSize: 37})
		if err != nil {
			t.Fatal(err)
		}
		if res.Tallies[0].restored {
			restored++
		}
		reps, err := res.Reports()
		if err != nil {
			t.Fatal(err)
		}
		rep := reps[0]
		pa, downA, ps, lossA, lossLo, lossHi := naiveService(t, m, trials, seed)
		for a, e := range rep.Assets {
			if pa[a] < e.PFail {
				back++
			}
			if e.PDownAtHorizon == nil || *e.PDownAtHorizon != pa[a] || e.MeanDownS == nil || *e.MeanDownS != downA[a] {
				t.Fatalf("model %d, asset %s: p_down_at_horizon %v, mean_down_s %v; naive %v, %v",
					k, e.Asset, deref(e.PDownAtHorizon), deref(e.MeanDownS), pa[a], downA[a])
			}
		}
		near := func(x *float64, want float64) bool {
			return x != nil && math.Abs(*x-want) <= 1e-9*max(1, math.Abs(want))
		}
		for s, e := range rep.Sectors {
			if ps[s] < e.PFail {
				sectorsBack++
			}
			if lossHi[s] > lossLo[s] {
				lost++
			}
			if e.PDownAtHorizon == nil || *e.PDownAtHorizon != ps[s] || e.MeanLossS == nil || *e.MeanLossS != lossA[s] ||
				!near(e.MeanLossLowS, lossLo[s]) || !near(e.MeanLossHighS, lossHi[s]) {
				t.Fatalf("model %d, sector %s: p_down_at_horizon %v, mean_loss_s %v [%v, %v]; naive %v, %v [%v, %v]",
					k, e.Sector, deref(e.PDownAtHorizon), deref(e.MeanLossS), deref(e.MeanLossLowS), deref(e.MeanLossHighS),
					ps[s], lossA[s], lossLo[s], lossHi[s])
			}
		}
	}
	// The models exercise what restoration changes: assets and sectors back by the
	// horizon, losses that vary between trials.
	if restored < models/2 || back < models/2 || sectorsBack < max(1, models/10) || lost < models/2 {
		t.Errorf("%d of %d batches ran with restoration, %d assets and %d sectors came back, %d sectors had varying losses",
			restored, models, back, sectorsBack, lost)
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// TestBatchRestorationNullWithoutHorizon: without a horizon (only possible without
// restoration) the new fields are null.
func TestBatchRestorationNullWithoutHorizon(t *testing.T) {
	m := smallModel()
	res, err := Run(context.Background(), m, m.Scenarios, Options{Trials: 50, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	reps, err := res.Reports()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range reps[0].Assets {
		if e.PDownAtHorizon != nil || e.MeanDownS != nil {
			t.Errorf("asset %s: %v, %v without a horizon", e.Asset, e.PDownAtHorizon, e.MeanDownS)
		}
	}
	for _, e := range reps[0].Sectors {
		if e.PDownAtHorizon != nil || e.MeanLossS != nil || e.MeanLossLowS != nil || e.MeanLossHighS != nil {
			t.Errorf("sector %s: restoration fields without a horizon", e.Sector)
		}
	}
}

// bigRestorationModel is a random model of 80 assets with restoration on which most
// trials differ.
func bigRestorationModel() *model.Model {
	rng := rand.New(rand.NewPCG(5, 55))
	p := netgen.SmallParams(rng)
	p.Assets, p.Sectors, p.Events, p.MaxDelay, p.Uncertain = 80, 4, 4, 20, 0.5
	for {
		m := restorationModel(rng, p, false)
		net, err := cascade.Compile(m)
		if err == nil && net.HasRestoration() {
			return m
		}
	}
}

func TestBatchRestorationIndependentOfWorkersChunksShards(t *testing.T) {
	m := bigRestorationModel()
	const trials = 700
	full, err := Run(t0(), m, m.Scenarios, Options{Trials: trials, Seed: 9, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !full.Tallies[0].restored {
		t.Fatal("the batch did not run with restoration")
	}
	want := reportJSON(t, full)
	for _, o := range []Options{{Workers: 2}, {Workers: 5, ChunkSize: 1}, {Workers: 2, ChunkSize: 999}, {Workers: 3, ChunkSize: 13}} {
		o.Trials, o.Seed = trials, 9
		res, err := Run(t0(), m, m.Scenarios, o)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(reportJSON(t, res), want) || !res.Tallies[0].Equal(full.Tallies[0]) {
			t.Fatalf("options %+v give a different result", o)
		}
	}
	// Shards, through their part files' JSON, merged in any order.
	var parts []*shard.Part
	var names []string
	for i := range 3 {
		res, err := Run(t0(), m, m.Scenarios, Options{Trials: trials, Seed: 9, Workers: 2, Shard: shard.Shard{Index: i, Count: 3}})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(mustPart(t, res))
		p, err := shard.ReadPart(bytes.NewReader(b), "part")
		if err != nil {
			t.Fatal(err)
		}
		parts = append([]*shard.Part{p}, parts...)
		names = append([]string{fmt.Sprint("part-", i)}, names...)
	}
	merged, err := Merge(parts, names)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(reportJSON(t, merged), want) || !merged.Tallies[0].Equal(full.Tallies[0]) {
		t.Fatal("merged shards differ from the single run")
	}
}

func TestBatchRestorationCheckpointResume(t *testing.T) {
	m := bigRestorationModel()
	opts := Options{Trials: 600, Seed: 3, Workers: 2, ChunkSize: 10}
	full, err := Run(t0(), m, m.Scenarios, opts)
	if err != nil {
		t.Fatal(err)
	}
	want := reportJSON(t, full)
	defer func(v int64) { compactMin = v }(compactMin)
	compactMin = 1 // compact after nearly every record, so records are read back merged
	opts.Checkpoint = filepath.Join(t.TempDir(), "ck")
	interrupted := 0
	for stopAt := int64(100); ; stopAt += 150 {
		ctx, cancel := context.WithCancel(context.Background())
		o := opts
		o.Progress = func(done, total int64) {
			if done >= stopAt {
				cancel()
			}
		}
		res, err := Run(ctx, m, m.Scenarios, o)
		cancel()
		var ie *shard.InterruptedError
		if errors.As(err, &ie) {
			interrupted++
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(reportJSON(t, res), want) || !res.Tallies[0].Equal(full.Tallies[0]) {
			t.Fatal("resumed result differs from an uninterrupted run")
		}
		break
	}
	if interrupted == 0 {
		t.Fatal("was never interrupted")
	}
}
