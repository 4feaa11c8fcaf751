package montecarlo

import (
	"bytes"
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/cascade/internal/netgen"
	"github.com/cascade-infra/cascade/model"
)

// TestEngineTrialsMatchReference checks, trial by trial, that the batch's engine adapter
// reports what the reference computes from the same draws (EdgeDraw, HitDraw).
func TestEngineTrialsMatchReference(t *testing.T) {
	checkTrialsMatchReference(t, smallModel(), 300)
}

// TestEngineTrialsMatchReferenceRandom does the same on random models with cycles,
// zero delays, k-of-n groups, cyber edges and uncertain events.
func TestEngineTrialsMatchReferenceRandom(t *testing.T) {
	for seed := range uint64(30) {
		r := rand.New(rand.NewPCG(seed, 5))
		m := netgen.Random(r, netgen.RandomParams{Assets: 3 + r.IntN(25), Sectors: 1 + r.IntN(3), MaxDeps: 3, MaxGroups: 2,
			MaxDelay: 7200, ZeroDelay: 0.3, MaxBackup: 7200, Cyber: 0.3, Uncertain: 0.5, Never: 0.1, Events: 3,
			MaxAt: 3600, HorizonMax: 4 * 3600})
		checkTrialsMatchReference(t, m, 60)
	}
}

func checkTrialsMatchReference(t *testing.T, m *model.Model, trials int64) {
	t.Helper()
	for _, horizon := range []cascade.Horizon{{}, cascade.HorizonAt(3600)} {
		newRunner, err := engineRunners(m, m.Scenarios, horizon, 77)
		if err != nil {
			t.Fatal(err)
		}
		r := newRunner()
		edges := refEdges(m)
		for si, sc := range m.Scenarios {
			hits := refHits(sc)
			evIndex := map[*model.Event]int{}
			for i, e := range sc.Events {
				evIndex[e] = i
			}
			h := horizon.Or(cascade.ScenarioHorizon(sc)).Seconds()
			for i := range trials {
				live, hit := make([]bool, len(edges)), make([]bool, len(hits))
				for k, e := range edges {
					key := cascade.EdgeKey(e.dep.On.Name, m.Assets[e.asset].Name, m.Assets[e.asset].Groups[e.group].Name)
					live[k] = cascade.EdgeDraw(77, uint64(i), key) < e.dep.Probability
				}
				for k, x := range hits {
					hit[k] = cascade.HitDraw(77, uint64(i), cascade.HitKey(x.ev.Name, m.Assets[x.asset].Name)) < x.ev.Probability
				}
				F, _ := refRun(t, m, sc, live, hit)
				var want, got trialOutcome
				fillOutcome(&want, m, F, h)
				r.trial(si, i, &got)
				sortOutcome(&got)
				if !slices.Equal(got.assets, want.assets) || !slices.Equal(got.assetTimes, want.assetTimes) ||
					!slices.Equal(got.sectors, want.sectors) || !slices.Equal(got.sectorTimes, want.sectorTimes) {
					t.Fatalf("%s horizon %v trial %d:\nengine    %+v\nreference %+v", sc.Name, horizon, i, got, want)
				}
			}
		}
	}
}

// sortOutcome orders the failed assets by index, like fillOutcome.
func sortOutcome(o *trialOutcome) {
	o.sparse()
	idx := make([]int, len(o.assets))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return int(o.assets[a] - o.assets[b]) })
	as, ts := make([]int32, len(idx)), make([]int64, len(idx))
	for i, j := range idx {
		as[i], ts[i] = o.assets[j], o.assetTimes[j]
	}
	o.assets, o.assetTimes = as, ts
}

func TestBatchAgreesWithExact(t *testing.T) {
	m := smallModel()
	for _, h := range []cascade.Horizon{{}, cascade.HorizonAt(2 * 3600)} {
		res, err := Run(context.Background(), m, m.Scenarios, Options{Trials: 20000, Seed: 2024, Horizon: h})
		if err != nil {
			t.Fatal(err)
		}
		checkAgainstExact(t, m, res)
	}
}

func TestBatchWorkersByteIdentical(t *testing.T) {
	m := smallModel()
	var want []byte
	for _, w := range []int{1, 2, 5} {
		res, err := Run(context.Background(), m, m.Scenarios, Options{Trials: 3000, Seed: 1, Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		got := reportJSON(t, res)
		if want == nil {
			want = got
		} else if !bytes.Equal(got, want) {
			t.Fatalf("--workers %d differs from --workers 1", w)
		}
	}
}
