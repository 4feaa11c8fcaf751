package montecarlo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"path/filepath"
	"testing"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/cascade/internal/reference"

	"github.com/cascade-infra/cascade/cascade/shard"
	"github.com/cascade-infra/cascade/model"
)

// refRunners is a runnerFactory built on the test reference: every draw is made up
// front from a hash of (seed, trial, draw index), and the cascade is computed by refRun.
func refRunners(t testing.TB) runnerFactory {
	return func(m *model.Model, scs []*model.Scenario, horizon cascade.Horizon, seed uint64) (func() trialRunner, error) {
		return func() trialRunner { return &refRunner{t: t, m: m, scs: scs, horizon: horizon, seed: seed} }, nil
	}
}

type refRunner struct {
	t       testing.TB
	m       *model.Model
	scs     []*model.Scenario
	horizon cascade.Horizon
	seed    uint64
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

func (r *refRunner) trial(sc int, i int64, o *trialOutcome) {
	s := r.scs[sc]
	u := func(k int) float64 {
		return float64(splitmix(splitmix(splitmix(r.seed)^uint64(i))^uint64(k))>>11) / (1 << 53)
	}
	edges, hits := refEdges(r.m), refHits(s)
	live, hit := make([]bool, len(edges)), make([]bool, len(hits))
	for k, e := range edges {
		live[k] = e.dep.Probability > 0 && u(k) < e.dep.Probability
	}
	for k, h := range hits {
		hit[k] = h.ev.Probability > 0 && u(len(edges)+k) < h.ev.Probability
	}
	F, _ := refRun(r.t, r.m, s, live, hit)
	fillOutcome(o, r.m, F, r.horizon.Or(cascade.ScenarioHorizon(s)).Seconds())
}

// fillOutcome fills o from failure times F under horizon h.
func fillOutcome(o *trialOutcome, m *model.Model, F []int64, h int64) {
	o.assets, o.assetTimes, o.sectors, o.sectorTimes = o.assets[:0], o.assetTimes[:0], o.sectors[:0], o.sectorTimes[:0]
	for a, f := range F {
		if refFailed(f, h) {
			o.assets = append(o.assets, int32(a))
			o.assetTimes = append(o.assetTimes, f)
		}
	}
	for s, at := range refSectorFailedAt(m, F, h) {
		if at != refInf {
			o.sectors = append(o.sectors, int32(s))
			o.sectorTimes = append(o.sectorTimes, at)
		}
	}
	// Losses of permanent failures, summed in order of index (the weights are small
	// integers, so any order gives the same sums).
	o.lossMs = nil
	if h >= 0 {
		lw, tot := make([]float64, len(m.Sectors)), make([]float64, len(m.Sectors))
		for _, a := range m.Assets {
			tot[a.Sector.Index] += a.Weight
			if f := F[a.Index]; refFailed(f, h) {
				lw[a.Sector.Index] += a.Weight * float64(h-f)
			}
		}
		for s := range lw {
			o.lossMs = append(o.lossMs, lossMs(lw[s]/tot[s]))
		}
	}
}

// smallModel is a model with uncertain edges and hits, redundancy, backup, a cycle and
// a cyber path: 10 uncertain draws.
func smallModel() *model.Model {
	b := reference.NewBuilder().Sector("energy", 0.5).Sector("health", 0.55).Sector("telecom", 0.5)
	b.Asset("grid", "energy", 2).Asset("plant", "energy", 1).
		Asset("exchange", "telecom", 1).Asset("vendor", "telecom", 1).
		Asset("hospital", "health", 3).Asset("clinic", "health", 1).Asset("pumps", "health", 1)
	b.Dep("grid", "", "exchange", model.Cyber, 1800, 0.7)
	b.Dep("exchange", "power", "grid", model.Physical, 0, 1)
	b.Dep("exchange", "power", "plant", model.Physical, 0, 0.5)
	b.Requires("exchange", "power", 1, 4*3600)
	b.Dep("exchange", "", "vendor", model.Cyber, 600, 0.3)
	b.Dep("hospital", "power", "grid", model.Physical, 0, 0.9)
	b.Requires("hospital", "power", 1, 72*3600)
	b.Dep("hospital", "water", "pumps", model.Physical, 0, 1)
	b.Requires("hospital", "water", 1, 24*3600)
	b.Dep("pumps", "", "grid", model.Physical, 0, 0.8)
	b.Requires("pumps", "", 1, 12*3600)
	b.Dep("clinic", "", "plant", model.Physical, 3600, 0.5)
	b.Dep("clinic", "", "exchange", model.Logical, 60, 0.25)
	b.Requires("clinic", "", 1, 0)
	flood := b.Event("flood", model.PhysicalEvent, 0, 0.6, "grid")
	hack := b.Event("hack", model.CyberEvent, 7200, 0.5, "vendor")
	storm := b.Event("storm", model.PhysicalEvent, 100, 1, "plant")
	b.Scenario("mixed", 5*86400, flood, hack, storm)
	b.Scenario("flood_only", model.NoHorizon, b.Event("flood", model.PhysicalEvent, 0, 0.5, "grid"))
	return b.Build()
}

// checkAgainstExact checks every estimate of res against exact probabilities within
// 4.5 standard errors (a false alarm about once in 150,000 comparisons).
func checkAgainstExact(t *testing.T, m *model.Model, res *Result) {
	t.Helper()
	for si, name := range res.Run.Scenarios {
		sc := m.Scenario(name)
		h := res.Infos[si].Horizon
		pa, ps, pc := exactProbs(t, m, sc, h)
		tl := res.Tallies[si]
		n := float64(tl.trials)
		check := func(what string, k int64, p float64) {
			est := float64(k) / n
			sigma := math.Sqrt(p * (1 - p) / n)
			if math.Abs(est-p) > 4.5*sigma+1e-12 {
				t.Errorf("%s %s: estimated %.4f, exact %.4f (%.1f sigma)", name, what, est, p, math.Abs(est-p)/sigma)
			}
		}
		for a, p := range pa {
			check("asset "+m.Assets[a].Name, tl.assetFails[a], p)
		}
		for s, p := range ps {
			check("sector "+m.Sectors[s].Name, tl.sectorFails[s], p)
		}
		for c, p := range pc {
			check("failed count "+string(rune('0'+c)), tl.failedCount[c], p)
		}
	}
}

func TestBatchReferenceAgreesWithExact(t *testing.T) {
	m := smallModel()
	res, err := run(context.Background(), m, m.Scenarios, Options{Trials: 4000, Seed: 42}, refRunners(t))
	if err != nil {
		t.Fatal(err)
	}
	checkAgainstExact(t, m, res)
}

func reportJSON(t testing.TB, res *Result) []byte {
	reps, err := res.Reports()
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(reps)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBatchIndependentOfWorkersAndChunks(t *testing.T) {
	m := smallModel()
	var want []byte
	for _, o := range []Options{
		{Workers: 1}, {Workers: 2}, {Workers: 7}, {Workers: 3, ChunkSize: 1}, {Workers: 2, ChunkSize: 999},
	} {
		o.Trials, o.Seed = 500, 9
		res, err := run(context.Background(), m, m.Scenarios, o, refRunners(t))
		if err != nil {
			t.Fatal(err)
		}
		got := reportJSON(t, res)
		if want == nil {
			want = got
		} else if !bytes.Equal(got, want) {
			t.Fatalf("options %+v give a different result", o)
		}
	}
}

func TestBatchCheckpointResume(t *testing.T) {
	t.Run("append", testBatchCheckpointResume)
	t.Run("compact", func(t *testing.T) {
		// Compact after nearly every record.
		defer func(v int64) { compactMin = v }(compactMin)
		compactMin = 1
		testBatchCheckpointResume(t)
	})
}

func testBatchCheckpointResume(t *testing.T) {
	m := smallModel()
	opts := Options{Trials: 600, Seed: 3, Workers: 2, ChunkSize: 10}
	full, err := run(context.Background(), m, m.Scenarios, opts, refRunners(t))
	if err != nil {
		t.Fatal(err)
	}
	want := reportJSON(t, full)

	opts.Checkpoint = filepath.Join(t.TempDir(), "ck")
	for stopAt := int64(100); ; stopAt += 250 {
		ctx, cancel := context.WithCancel(context.Background())
		o := opts
		o.Progress = func(done, total int64) {
			if done >= stopAt {
				cancel()
			}
		}
		res, err := run(ctx, m, m.Scenarios, o, refRunners(t))
		cancel()
		var ie *shard.InterruptedError
		if errors.As(err, &ie) {
			if ie.Done < stopAt || ie.Done >= ie.Total || ie.Total != 1200 || ie.Unit != "trials" {
				t.Fatalf("interrupted at %d of %d %s, asked to stop at %d", ie.Done, ie.Total, ie.Unit, stopAt)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if got := reportJSON(t, res); !bytes.Equal(got, want) {
			t.Fatal("resumed result differs from an uninterrupted run")
		}
		if stopAt < 300 {
			t.Fatal("was never interrupted")
		}
		break
	}
	// A finished checkpoint reruns nothing and gives the same result.
	calls := 0
	o := opts
	o.Progress = func(done, total int64) {
		calls++
		if done != total {
			t.Errorf("finished checkpoint: progress %d of %d", done, total)
		}
	}
	res, err := run(context.Background(), m, m.Scenarios, o, refRunners(t))
	if err != nil || !bytes.Equal(reportJSON(t, res), want) || calls != 1 {
		t.Fatalf("rerun of a finished checkpoint: %v, %d progress calls", err, calls)
	}
	// Other arguments are refused.
	o.Seed = 4
	if _, err := run(context.Background(), m, m.Scenarios, o, refRunners(t)); !errors.Is(err, ErrCheckpointMismatch) {
		t.Fatalf("checkpoint of another seed: %v", err)
	}
}

func TestBatchShardsMerge(t *testing.T) {
	m := smallModel()
	opts := Options{Trials: 777, Seed: 5, Horizon: cascade.HorizonAt(86400), Workers: 2}
	full, err := run(context.Background(), m, m.Scenarios, opts, refRunners(t))
	if err != nil {
		t.Fatal(err)
	}
	var parts []*shard.Part
	var names []string
	for i := range 4 {
		o := opts
		o.Shard = shard.Shard{Index: i, Count: 4}
		res, err := run(context.Background(), m, m.Scenarios, o, refRunners(t))
		if err != nil {
			t.Fatal(err)
		}
		// Round trip through JSON, as part files do.
		b, _ := json.Marshal(mustPart(t, res))
		p, err := shard.ReadPart(bytes.NewReader(b), "part")
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, p)
		names = append(names, "part-"+string(rune('0'+i)))
	}
	merged, err := Merge([]*shard.Part{parts[2], parts[0], parts[3], parts[1]}, []string{names[2], names[0], names[3], names[1]})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(reportJSON(t, merged), reportJSON(t, full)) {
		t.Fatal("merged shards differ from the single run")
	}
	if _, err := Merge(parts[:3], names[:3]); err == nil || !contains(err.Error(), "missing shards: 3/4") {
		t.Errorf("missing shard: %v", err)
	}
	if _, err := Merge([]*shard.Part{parts[0], parts[1], parts[1], parts[2], parts[3]}, []string{"a", "b", "c", "d", "e"}); err == nil || !contains(err.Error(), "both shard 1/4") {
		t.Errorf("duplicate shard: %v", err)
	}
	o := opts
	o.Seed = 6
	o.Shard = shard.Shard{Index: 3, Count: 4}
	other, _ := run(context.Background(), m, m.Scenarios, o, refRunners(t))
	if _, err := Merge([]*shard.Part{parts[0], parts[1], parts[2], mustPart(t, other)}, names); err == nil || !contains(err.Error(), "different runs (seed 5, not 6)") {
		t.Errorf("part of another run: %v", err)
	}
}

func contains(s, sub string) bool { return bytes.Contains([]byte(s), []byte(sub)) }

func t0() context.Context { return context.Background() }

// mustPart returns the part file of res.
func mustPart(t testing.TB, res *Result) *shard.Part {
	t.Helper()
	p, err := res.Part()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestPlanLimits checks the planning arithmetic at the extremes: no overflow, no
// silent empty run, and refusals beyond the documented maxima.
func TestPlanLimits(t *testing.T) {
	const maxInt = 1<<63 - 1
	for _, tt := range []struct {
		trials, chunk int64
		ok            bool
	}{
		{1, 0, true}, {1000, maxInt, true}, {MaxTrials, 0, true}, {MaxTrials, maxInt, true},
		{MaxTrials + 1, 0, false}, {maxInt, 0, false}, {maxInt, maxInt, false},
		{MaxTrials, 1, false}, {MaxChunks, 1, true}, {MaxChunks + 1, 1, false}, {0, 0, false}, {10, -1, false},
	} {
		chunk, err := CheckPlan(tt.trials, tt.chunk)
		if (err == nil) != tt.ok {
			t.Errorf("CheckPlan(%d, %d) = %v, want ok %v", tt.trials, tt.chunk, err, tt.ok)
			continue
		}
		if err != nil {
			continue
		}
		p := chunkPlan{scenarios: 1, trials: tt.trials, chunkSize: chunk}
		n := p.numChunks()
		if n < 1 || n > MaxChunks {
			t.Errorf("trials %d chunk %d: %d chunks", tt.trials, chunk, n)
		}
		p.lo, p.hi = 0, n
		if got := p.shardTrials(); got != tt.trials {
			t.Errorf("trials %d chunk %d: the chunks cover %d trials", tt.trials, chunk, got)
		}
		if a, b := p.chunkTrials(n - 1); a < 0 || b != tt.trials || b <= a {
			t.Errorf("trials %d chunk %d: last chunk [%d, %d)", tt.trials, chunk, a, b)
		}
	}
}
