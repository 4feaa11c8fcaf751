package rank

import (
	"context"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/cascade/internal/netgen"
	"github.com/cascade-infra/cascade/model"
)

// pruneModels are random models for the pruning tests: small dense ones with groups of
// every kind, and larger sparse ones with a common closure and many small ones.
func pruneModels() []*model.Model {
	var ms []*model.Model
	for seed := range uint64(12) {
		r := rand.New(rand.NewPCG(seed, 11))
		ms = append(ms, netgen.Random(r, netgen.RandomParams{Assets: 5 + r.IntN(40), Sectors: 1 + r.IntN(4), MaxDeps: 4, MaxGroups: 2,
			MaxDelay: 3600, ZeroDelay: 0.3, MaxBackup: 7200, Cyber: 0.3, Uncertain: 0.3, Never: 0.1, Events: 2}))
	}
	for seed := range uint64(4) {
		r := rand.New(rand.NewPCG(seed, 7))
		ms = append(ms, netgen.Random(r, netgen.RandomParams{Assets: 150 + 50*int(seed), Sectors: 1 + r.IntN(4), MaxDeps: 2, MaxGroups: 1,
			Uncertain: 0.3, Never: 0.1, Events: 1}))
	}
	return ms
}

// TestPairBoundHolds checks the bound against the engine's worst case for every pair
// of the test models, with roots of every size, with and without the exact search and
// the roots' intersections: coarse ≥ bound ≥ the pair's failed assets, and the bound is
// exact when the smaller closure is searched.
func TestPairBoundHolds(t *testing.T) {
	type variant struct {
		exactSide int32
		inter     bool
	}
	tight := map[variant]int{}
	pairs := 0
	for mi, m := range pruneModels() {
		net, err := cascade.Compile(m)
		if err != nil {
			t.Fatal(err)
		}
		newEngine, err := engineRankRunners(m, cascade.NoHorizon)
		if err != nil {
			t.Fatal(err)
		}
		e := newEngine()
		var want []int32 // by pair, a < b in order
		for a := range int32(len(m.Assets)) {
			for b := a + 1; b < int32(len(m.Assets)); b++ {
				got, _ := e.run([]int32{a, b})
				want = append(want, int32(got))
			}
		}
		for _, minRoot := range []int{1, 3, 10, minRoot} {
			c := newClosureNet(net)
			c.minRoot = minRoot
			shared := newSharedMemo(c.n)
			r := newClosureRunner(c, shared)
			sizes := make([]int32, c.n)
			for a := range int32(c.n) {
				fa, _ := r.run([]int32{a})
				sizes[a] = int32(fa)
			}
			for _, v := range []variant{{maxExactSide, true}, {0, true}, {0, false}} {
				pb := newPairBound(c, shared, sizes)
				pb.exactSide = v.exactSide
				if !v.inter {
					pb.inter = nil
				}
				w := newBoundScratch(c)
				i := 0
				for a := range int32(c.n) {
					for b := a + 1; b < int32(c.n); b++ {
						got := want[i]
						i++
						bound, coarse := pb.bound(w, a, b), pb.coarse(a, b)
						if got > bound || bound > coarse {
							t.Fatalf("model %d minRoot %d %+v: pair %d+%d fails %d assets, bound %d, coarse bound %d", mi, minRoot, v, a, b, got, bound, coarse)
						}
						if min(sizes[a], sizes[b]) <= v.exactSide && got != bound {
							t.Fatalf("model %d minRoot %d %+v: pair %d+%d fails %d assets, exact bound %d", mi, minRoot, v, a, b, got, bound)
						}
						if got == bound {
							tight[v]++
						}
						if v.exactSide == 0 && v.inter {
							pairs++
						}
					}
				}
			}
		}
	}
	for v, k := range tight {
		t.Logf("%+v: bound tight for %d of %d pairs", v, k, pairs)
	}
	if tight[variant{0, false}] == pairs {
		t.Error("the bound without the exact search is always tight: the tests do not reach tests 1 and 2")
	}
}

// TestRankPrunedMatchesExhaustive checks that a pruned ranking's top N are those of the
// exhaustive ranking, and that it counts what it skipped.
func TestRankPrunedMatchesExhaustive(t *testing.T) {
	skipped := int64(0)
	for mi, m := range pruneModels() {
		n := len(m.Assets)
		all, err := Run(context.Background(), m, Options{K: 2, Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		if all.Mode != Exhaustive {
			t.Fatalf("model %d: mode %s", mi, all.Mode)
		}
		for _, top := range []int{1, 3, 10, 2000} {
			var pruned int64
			for _, w := range []int{1, 3} {
				got, err := Run(context.Background(), m, Options{K: 2, Top: top, Prune: true, Workers: w})
				if err != nil {
					t.Fatal(err)
				}
				want := all.Ranking[:min(top, len(all.Ranking))]
				if !reflect.DeepEqual(got.Ranking, want) {
					t.Fatalf("model %d top %d workers %d: pruned ranking differs from the exhaustive one\n got %v\nwant %v", mi, top, w, got.Ranking, want)
				}
				total := int64(n) * int64(n-1) / 2
				if got.Mode != Pruned || got.Pruned == nil || int64(got.Evaluated)+*got.Pruned != total {
					t.Fatalf("model %d top %d: mode %s, %d evaluated + %v pruned, want %d pairs", mi, top, got.Mode, got.Evaluated, got.Pruned, total)
				}
				skipped += *got.Pruned
				if w == 1 {
					pruned = *got.Pruned
				} else if *got.Pruned != pruned {
					t.Fatalf("model %d top %d: %d pairs pruned with 1 worker, %d with %d", mi, top, pruned, *got.Pruned, w)
				}
			}
		}
	}
	if skipped == 0 {
		t.Error("the bound never skipped a pair")
	}
}

// TestRankPrunedOptions checks the options pruning refuses.
func TestRankPrunedOptions(t *testing.T) {
	m := pruneModels()[0]
	for _, opts := range []Options{
		{K: 1, Top: 3, Prune: true},
		{K: 2, Prune: true},
		{K: 2, Top: 3, Prune: true, Horizon: cascade.HorizonAt(3600)},
	} {
		if _, err := Run(context.Background(), m, opts); err == nil {
			t.Errorf("%+v: no error", opts)
		}
	}
}
