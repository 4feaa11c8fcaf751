package rank

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sync/atomic"
	"testing"

	"github.com/cascade-infra/cascade/cascade/internal/reference"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/cascade/internal/netgen"
	"github.com/cascade-infra/cascade/model"
)

// closureWith returns a rank factory of the fast path that keeps frontiers of closures
// of at least minRoot assets, so that small models take the restart path too.
func closureWith(minRoot int) rankFactory {
	return func(m *model.Model, _ cascade.Horizon) (func() rankRunner, error) {
		return closureRankRunnersMin(m, minRoot)
	}
}

// TestRankClosureMatchesEngine checks the no-horizon fast path against the engine's
// worst-case runs on random models, for single assets and pairs, with and without
// restarts from roots (minRoot 1 makes every closure a root).
func TestRankClosureMatchesEngine(t *testing.T) {
	for seed := range uint64(40) {
		r := rand.New(rand.NewPCG(seed, 99))
		m := netgen.Random(r, netgen.RandomParams{Assets: 5 + r.IntN(40), Sectors: 1 + r.IntN(4), MaxDeps: 4, MaxGroups: 2,
			MaxDelay: 3600, ZeroDelay: 0.3, MaxBackup: 7200, Cyber: 0.3, Uncertain: 0.3, Never: 0.1, Events: 2})
		for _, k := range []int{1, 2} {
			for _, w := range []int{1, 3} {
				opts := Options{K: k, Workers: w}
				want, err := ranking(context.Background(), m, opts, engineRankRunners)
				if err != nil {
					t.Fatal(err)
				}
				for _, minRoot := range []int{minRoot, 1, 3} {
					got, err := ranking(context.Background(), m, opts, closureWith(minRoot))
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(got.Ranking, want.Ranking) {
						t.Fatalf("seed %d k=%d workers=%d minRoot=%d: closure ranking differs from the engine's\n got %v\nwant %v", seed, k, w, minRoot, got.Ranking, want.Ranking)
					}
				}
			}
		}
	}
}

// TestRankClosureRestarts checks the fast path against the engine on scale-free models
// large enough to have a giant common closure, where most searches restart from a
// root, with the default minRoot and every closure a root.
func TestRankClosureRestarts(t *testing.T) {
	for seed := range uint64(6) {
		r := rand.New(rand.NewPCG(seed, 7))
		m := netgen.Random(r, netgen.RandomParams{Assets: 300 + 100*int(seed), Sectors: 1 + r.IntN(4), MaxDeps: 2, MaxGroups: 1,
			Uncertain: 0.3, Never: 0.1, Events: 1})
		want, err := ranking(context.Background(), m, Options{K: 1, Workers: 2}, engineRankRunners)
		if err != nil {
			t.Fatal(err)
		}
		// One worker fills the shared memo in a fixed order, so whether a search
		// restarts is deterministic; with two it depends on the schedule.
		for _, minRoot := range []int{minRoot, 1} {
			for _, workers := range []int{1, 2} {
				var restarted atomic.Int64
				testRestart = func() { restarted.Add(1) }
				got, err := ranking(context.Background(), m, Options{K: 1, Workers: workers}, closureWith(minRoot))
				testRestart = nil
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got.Ranking, want.Ranking) {
					t.Fatalf("seed %d minRoot=%d workers=%d: closure ranking differs from the engine's", seed, minRoot, workers)
				}
				if workers == 1 && restarted.Load() == 0 {
					t.Errorf("seed %d minRoot=%d: no search restarted from a root", seed, minRoot)
				}
			}
		}
	}
}

// TestRankHandChecked ranks a small model whose cascades are worked out by hand.
func TestRankHandChecked(t *testing.T) {
	b := reference.NewBuilder().Sector("power", 0.5).Sector("water", 0.5).Sector("other", 1)
	b.Asset("a", "power", 1).Asset("e", "power", 1).Asset("b", "water", 1).Asset("c", "water", 1).Asset("f", "other", 1)
	b.Dep("b", "", "a", model.Physical, 0, 1)
	b.Dep("c", "", "b", model.Physical, 7200, 0.1) // uncertain: live in the worst case
	b.Dep("f", "", "a", model.Physical, 0, 1)
	b.Dep("f", "", "e", model.Physical, 0, 1)
	b.Requires("f", "", 1, 0) // f needs a or e
	m := b.Build()
	for _, tt := range []struct {
		h    int64
		k    int
		want string
	}{
		// a: a b c (power 1/2, water 2/2) = 3 assets, 2 sectors; b: b c; c; e: e (power); f.
		{-1, 1, "[{a 3 2} {b 2 1} {c 1 1} {e 1 1} {f 1 1}]"},
		// With a 1h horizon c (2h after b) survives.
		{3600, 1, "[{a 2 2} {b 1 1} {c 1 1} {e 1 1} {f 1 1}]"},
		{-1, 2, "[{a+e 5 3} {a+f 4 3} {a+b 3 2} {a+c 3 2} {b+e 3 2}]"},
	} {
		res, err := Run(context.Background(), m, Options{Horizon: horizonOf(tt.h), K: tt.k, Top: 5})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range res.Ranking {
			got = append(got, fmt.Sprintf("{%s %d %d}", e.Asset, e.FailedAssets, e.FailedSectors))
		}
		if s := fmt.Sprint(got); s != tt.want {
			t.Errorf("horizon %d k=%d:\n got %s\nwant %s", tt.h, tt.k, s, tt.want)
		}
	}
}

func TestPairAt(t *testing.T) {
	for _, n := range []int{2, 3, 7, 50} {
		i := int64(0)
		for a := 0; a < n; a++ {
			for b := a + 1; b < n; b++ {
				if x, y := pairAt(i, n); x != a || y != b {
					t.Fatalf("pairAt(%d, %d) = %d,%d; want %d,%d", i, n, x, y, a, b)
				}
				i++
			}
		}
	}
}

func TestRankCandidates(t *testing.T) {
	// 400 assets: 79,800 pairs > MaxExhaustivePairs, so pairs come from candidates.
	m := netgen.Bench(3, netgen.BenchParams{Assets: 400, Deps: 2, Sectors: 4, Seeds: 1})
	res, err := Run(context.Background(), m, Options{K: 2, Candidates: 12, Top: 3})
	if err != nil {
		t.Fatal(err)
	}
	if res.Mode != Candidates || res.Candidates != 12 || res.Evaluated != 66 || len(res.Ranking) != 3 {
		t.Fatalf("mode %s, %d candidates, %d evaluated, %d entries", res.Mode, res.Candidates, res.Evaluated, len(res.Ranking))
	}
	small, _ := Run(context.Background(), m, Options{K: 2, Candidates: 12, Workers: 1})
	if small.Evaluated != 66 || !reflect.DeepEqual(small.Ranking[:3], res.Ranking) {
		t.Fatal("candidate ranking depends on workers or --top")
	}
}

// horizonOf returns the horizon at h seconds, none for h < 0.
func horizonOf(h int64) cascade.Horizon {
	if h < 0 {
		return cascade.NoHorizon
	}
	return cascade.HorizonAt(h)
}
