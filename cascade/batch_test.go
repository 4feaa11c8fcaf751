package cascade

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"path/filepath"
	"testing"

	"github.com/cascade-infra/cascade/model"
)

// refRunners is a runnerFactory built on the test reference: every draw is made up
// front from a hash of (seed, trial, draw index), and the cascade is computed by refRun.
func refRunners(t testing.TB) runnerFactory {
	return func(m *model.Model, scs []*model.Scenario, horizon int64, seed uint64) (func() trialRunner, error) {
		return func() trialRunner { return &refRunner{t: t, m: m, scs: scs, horizon: horizon, seed: seed} }, nil
	}
}

type refRunner struct {
	t       testing.TB
	m       *model.Model
	scs     []*model.Scenario
	horizon int64
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
	h := r.horizon
	if h < 0 {
		h = s.Horizon
	}
	fillOutcome(o, r.m, F, h)
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
}

// smallModel is a model with uncertain edges and hits, redundancy, backup, a cycle and
// a cyber path: 10 uncertain draws.
func smallModel() *model.Model {
	b := newModelBuilder().sector("energy", 0.5).sector("health", 0.55).sector("telecom", 0.5)
	b.asset("grid", "energy", 2).asset("plant", "energy", 1).
		asset("exchange", "telecom", 1).asset("vendor", "telecom", 1).
		asset("hospital", "health", 3).asset("clinic", "health", 1).asset("pumps", "health", 1)
	b.dep("grid", "", "exchange", model.Cyber, 1800, 0.7)
	b.dep("exchange", "power", "grid", model.Physical, 0, 1)
	b.dep("exchange", "power", "plant", model.Physical, 0, 0.5)
	b.requires("exchange", "power", 1, 4*3600)
	b.dep("exchange", "", "vendor", model.Cyber, 600, 0.3)
	b.dep("hospital", "power", "grid", model.Physical, 0, 0.9)
	b.requires("hospital", "power", 1, 72*3600)
	b.dep("hospital", "water", "pumps", model.Physical, 0, 1)
	b.requires("hospital", "water", 1, 24*3600)
	b.dep("pumps", "", "grid", model.Physical, 0, 0.8)
	b.requires("pumps", "", 1, 12*3600)
	b.dep("clinic", "", "plant", model.Physical, 3600, 0.5)
	b.dep("clinic", "", "exchange", model.Logical, 60, 0.25)
	b.requires("clinic", "", 1, 0)
	flood := b.event("flood", model.PhysicalEvent, 0, 0.6, "grid")
	hack := b.event("hack", model.CyberEvent, 7200, 0.5, "vendor")
	storm := b.event("storm", model.PhysicalEvent, 100, 1, "plant")
	b.scenario("mixed", 5*86400, flood, hack, storm)
	b.scenario("flood_only", model.NoHorizon, b.event("flood", model.PhysicalEvent, 0, 0.5, "grid"))
	return b.build()
}

// checkAgainstExact checks every estimate of res against exact probabilities within
// 4.5 standard errors (a false alarm about once in 150,000 comparisons).
func checkAgainstExact(t *testing.T, m *model.Model, res *BatchResult) {
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
	res, err := batch(context.Background(), m, m.Scenarios, BatchOptions{Trials: 4000, Seed: 42, Horizon: -1}, refRunners(t))
	if err != nil {
		t.Fatal(err)
	}
	checkAgainstExact(t, m, res)
}

func reportJSON(t testing.TB, res *BatchResult) []byte {
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
	for _, o := range []BatchOptions{
		{Workers: 1}, {Workers: 2}, {Workers: 7}, {Workers: 3, ChunkSize: 1}, {Workers: 2, ChunkSize: 999},
	} {
		o.Trials, o.Seed, o.Horizon = 500, 9, -1
		res, err := batch(context.Background(), m, m.Scenarios, o, refRunners(t))
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
	opts := BatchOptions{Trials: 600, Seed: 3, Horizon: -1, Workers: 2, ChunkSize: 10}
	full, err := batch(context.Background(), m, m.Scenarios, opts, refRunners(t))
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
		res, err := batch(ctx, m, m.Scenarios, o, refRunners(t))
		cancel()
		var ie *InterruptedError
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
	res, err := batch(context.Background(), m, m.Scenarios, o, refRunners(t))
	if err != nil || !bytes.Equal(reportJSON(t, res), want) || calls != 1 {
		t.Fatalf("rerun of a finished checkpoint: %v, %d progress calls", err, calls)
	}
	// Other arguments are refused.
	o.Seed = 4
	if _, err := batch(context.Background(), m, m.Scenarios, o, refRunners(t)); !errors.Is(err, ErrCheckpointMismatch) {
		t.Fatalf("checkpoint of another seed: %v", err)
	}
}

func TestBatchShardsMerge(t *testing.T) {
	m := smallModel()
	opts := BatchOptions{Trials: 777, Seed: 5, Horizon: 86400, Workers: 2}
	full, err := batch(context.Background(), m, m.Scenarios, opts, refRunners(t))
	if err != nil {
		t.Fatal(err)
	}
	var parts []*Part
	var names []string
	for i := range 4 {
		o := opts
		o.Shard = Shard{i, 4}
		res, err := batch(context.Background(), m, m.Scenarios, o, refRunners(t))
		if err != nil {
			t.Fatal(err)
		}
		// Round trip through JSON, as part files do.
		b, _ := json.Marshal(res.Part())
		p, err := ReadPart(bytes.NewReader(b), "part")
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, p)
		names = append(names, "part-"+string(rune('0'+i)))
	}
	merged, err := MergeParts([]*Part{parts[2], parts[0], parts[3], parts[1]}, []string{names[2], names[0], names[3], names[1]})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(reportJSON(t, merged.Batch), reportJSON(t, full)) {
		t.Fatal("merged shards differ from the single run")
	}
	if _, err := MergeParts(parts[:3], names[:3]); err == nil || !contains(err.Error(), "missing shards: 3/4") {
		t.Errorf("missing shard: %v", err)
	}
	if _, err := MergeParts([]*Part{parts[0], parts[1], parts[1], parts[2], parts[3]}, []string{"a", "b", "c", "d", "e"}); err == nil || !contains(err.Error(), "both shard 1/4") {
		t.Errorf("duplicate shard: %v", err)
	}
	o := opts
	o.Seed = 6
	o.Shard = Shard{3, 4}
	other, _ := batch(context.Background(), m, m.Scenarios, o, refRunners(t))
	if _, err := MergeParts([]*Part{parts[0], parts[1], parts[2], other.Part()}, names); err == nil || !contains(err.Error(), "different runs (--seed 5, not 6)") {
		t.Errorf("part of another run: %v", err)
	}
}

func contains(s, sub string) bool { return bytes.Contains([]byte(s), []byte(sub)) }

func t0() context.Context { return context.Background() }
