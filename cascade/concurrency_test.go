package cascade

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"testing"

	"github.com/cascade-infra/cascade/cascade/internal/netgen"
	"github.com/cascade-infra/cascade/cascade/internal/testenv"
)

// engSnapshot is everything observable of a run, for equality checks.
type engSnapshot struct {
	F, C    []int64
	order   []int32
	sectors []SectorResult
	causes  []Cause
}

func engSnap(r *Result) engSnapshot {
	s := engSnapshot{
		F: slices.Clone(r.Failure), C: slices.Clone(r.Compromise),
		order: slices.Clone(r.Order()), sectors: slices.Clone(r.Sectors),
	}
	for _, a := range r.Order() {
		s.causes = append(s.causes, r.Cause(a))
	}
	return s
}

func (s engSnapshot) equal(o engSnapshot) bool {
	if !slices.Equal(s.F, o.F) || !slices.Equal(s.C, o.C) || !slices.Equal(s.order, o.order) || !slices.Equal(s.sectors, o.sectors) {
		return false
	}
	return slices.EqualFunc(s.causes, o.causes, func(x, y Cause) bool {
		return x.Kind == y.Kind && x.Event == y.Event && x.Edge == y.Edge && x.Group == y.Group && x.LostAt == y.LostAt && slices.Equal(x.Lost, y.Lost)
	})
}

// TestConcurrentRunsDeterministic runs many worst-case runs and trials at once on one
// network (run it with -race) and compares each with a sequential run, under
// GOMAXPROCS 1 and under the machine's count.
func TestConcurrentRunsDeterministic(t *testing.T) {
	m := netgen.Bench(7, netgen.BenchParams{Assets: 3000, Deps: 4, Sectors: 5, Cyber: 0.2, Uncertain: 0.3, Seeds: 3})
	net, err := Compile(m)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := net.Scenario("worst")
	if err != nil {
		t.Fatal(err)
	}
	optsOf := func(i int) Options {
		if i == 0 {
			return Options{}
		}
		return Options{MonteCarlo: true, Seed: 42, Trial: uint64(i)}
	}
	const runs = 24
	want := make([]engSnapshot, runs)
	for i := range runs {
		want[i] = engSnap(net.Run(sc, optsOf(i)))
	}
	if want[0].F[0] == Never && len(want[0].order) < 100 {
		t.Fatalf("the worst case reaches only %d assets; the test needs a big cascade", len(want[0].order))
	}
	for _, procs := range []int{1, runtime.NumCPU()} {
		old := runtime.GOMAXPROCS(procs)
		var wg sync.WaitGroup
		got := make([]engSnapshot, runs)
		for w := range 4 {
			wg.Go(func() {
				r := new(Result) // reused across runs: RunInto must reset it fully
				for i := w; i < runs; i += 4 {
					net.RunInto(r, sc, optsOf(i))
					got[i] = engSnap(r)
				}
			})
		}
		wg.Wait()
		runtime.GOMAXPROCS(old)
		for i := range runs {
			if !got[i].equal(want[i]) {
				t.Fatalf("GOMAXPROCS %d: run %d differs from the sequential run", procs, i)
			}
		}
	}
}

// TestTrialsDiffer makes sure that trials actually draw: different trial indices give
// different outcomes on uncertain edges, and the same index the same outcome.
func TestTrialsDiffer(t *testing.T) {
	m := netgen.Bench(9, netgen.BenchParams{Assets: 2000, Deps: 4, Sectors: 3, Uncertain: 0.5, Seeds: 5})
	net, _ := Compile(m)
	sc, _ := net.Scenario("worst")
	counts := map[int]bool{}
	for i := range 20 {
		r := net.Run(sc, Options{MonteCarlo: true, Seed: 1, Trial: uint64(i)})
		counts[r.NumFailed()] = true
		again := net.Run(sc, Options{MonteCarlo: true, Seed: 1, Trial: uint64(i)})
		if !slices.Equal(r.Failure, again.Failure) {
			t.Fatalf("trial %d is not reproducible", i)
		}
	}
	if len(counts) < 5 {
		t.Errorf("20 trials gave only %d distinct failure counts", len(counts))
	}
	worst := net.Run(sc, Options{})
	for i := range 20 {
		r := net.Run(sc, Options{MonteCarlo: true, Seed: 1, Trial: uint64(i)})
		for a, f := range r.Failure {
			if f < worst.Failure[a] {
				t.Fatalf("trial %d: asset %d fails at %d, before the worst case %d", i, a, f, worst.Failure[a])
			}
		}
	}
}

// TestDrawsUniform checks the counter-based draws: mean near 1/2 and edge and hit streams
// independent of each other.
func TestDrawsUniform(t *testing.T) {
	const n = 200000
	sum, below := 0.0, 0
	for e := range uint64(n) {
		u := EdgeDraw(3, 11, EdgeKey("a", "b", fmt.Sprint(e)))
		if u < 0 || u >= 1 {
			t.Fatalf("draw %v outside [0,1)", u)
		}
		sum += u
		if u < 0.1 {
			below++
		}
	}
	if mean := sum / n; mean < 0.497 || mean > 0.503 {
		t.Errorf("mean of edge draws %v", mean)
	}
	if f := float64(below) / n; f < 0.097 || f > 0.103 {
		t.Errorf("fraction below 0.1: %v", f)
	}
	if EdgeDraw(1, 2, 3) == EdgeDraw(1, 3, 3) || EdgeDraw(1, 2, 3) == EdgeDraw(2, 2, 3) || EdgeDraw(1, 2, 3) == HitDraw(1, 2, 3) {
		t.Error("draws do not depend on seed, trial and stream")
	}
}

// TestRunIntoAllocatesNothing checks zero allocations per run after warm-up, for the
// worst case and for trials.
func TestRunIntoAllocatesNothing(t *testing.T) {
	if testing.CoverMode() != "" || testenv.RaceEnabled {
		t.Skip("allocation counts are not meaningful under coverage or -race")
	}
	m := netgen.Bench(5, netgen.BenchParams{Assets: 5000, Deps: 4, Sectors: 4, Cyber: 0.2, Uncertain: 0.2, Seeds: 3})
	net, _ := Compile(m)
	sc, _ := net.Scenario("worst")
	r := new(Result)
	net.RunInto(r, sc, Options{})
	if a := testing.AllocsPerRun(20, func() { net.RunInto(r, sc, Options{}) }); a != 0 {
		t.Errorf("worst case: %v allocations per run", a)
	}
	trial := uint64(0)
	if a := testing.AllocsPerRun(20, func() {
		trial++
		net.RunInto(r, sc, Options{MonteCarlo: true, Seed: 1, Trial: trial})
	}); a != 0 {
		t.Errorf("trial: %v allocations per run", a)
	}
}

// TestRadixHeap pops random keys in order, with pushes interleaved the way the engine
// does them (never below the last popped key).
func TestRadixHeap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	var h radixHeap
	for round := range 3 {
		h.reset()
		var last uint64
		pushed, popped := 0, 0
		var buf []item
		var ref []uint64 // the keys queued
		for i := range 5000 {
			if h.size == 0 || rng.IntN(3) > 0 {
				k := last + uint64(rng.IntN([]int{1, 100, 1 << 40}[round]))
				h.push(k, uint32(i))
				ref = append(ref, k)
				pushed++
				continue
			}
			buf = h.popMin(buf[:0])
			popped += len(buf)
			for _, x := range buf {
				if x.key < last || x.key != buf[0].key {
					t.Fatalf("popped %d after %d", x.key, last)
				}
			}
			// Against a reference: the pop takes exactly the items of the smallest key.
			slices.Sort(ref)
			if ref[0] != buf[0].key || len(ref) > len(buf) && ref[len(buf)] == buf[0].key || ref[len(buf)-1] != buf[0].key {
				t.Fatalf("popped %d × %d; smallest keys queued %v", len(buf), buf[0].key, ref[:min(len(ref), len(buf)+1)])
			}
			ref = ref[len(buf):]
			last = buf[0].key
		}
		for first := true; h.size > 0; first = false {
			// Without pushes in between, each popMin takes every item of its key.
			buf = h.popMin(buf[:0])
			popped += len(buf)
			if buf[0].key < last || !first && buf[0].key == last {
				t.Fatalf("popped %d after %d", buf[0].key, last)
			}
			for _, x := range buf {
				if x.key != buf[0].key {
					t.Fatalf("one popMin returned keys %d and %d", buf[0].key, x.key)
				}
			}
			last = buf[0].key
		}
		if pushed != popped {
			t.Fatalf("pushed %d, popped %d", pushed, popped)
		}
	}
}

// engCanon is a run's result independent of the order of equal-time assets.
func engCanon(r *Result) engSnapshot {
	s := engSnapshot{F: slices.Clone(r.Failure), C: slices.Clone(r.Compromise), sectors: slices.Clone(r.Sectors)}
	for _, f := range r.Failures() {
		s.order = append(s.order, f.Asset)
		s.causes = append(s.causes, f.Cause)
	}
	for a := range int32(len(r.Failure)) {
		s.causes = append(s.causes, r.CompromiseCause(a))
	}
	return s
}

// TestParallelFrontierEqualsSequential forces every round through the parallel path
// and compares the results, causes included, with the sequential path.
func TestParallelFrontierEqualsSequential(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	check := func(net *Network, sc *Scenario, opts Options) {
		t.Helper()
		want := net.Run(sc, opts)
		for _, workers := range []int{2, 3, 4} {
			po := opts
			po.Workers, po.ParallelMin = workers, 1
			got := net.Run(sc, po)
			if !engCanon(got).equal(engCanon(want)) || got.EdgesScanned != want.EdgesScanned {
				t.Fatalf("workers %d, opts %+v: parallel result differs from the sequential one\n%s", workers, opts, engDumpModel(net.Model()))
			}
		}
	}
	for i := range 400 {
		m := netgen.Random(rng, netgen.SmallParams(rng))
		net, err := Compile(m)
		if err != nil {
			t.Fatal(err)
		}
		sc, _ := net.Scenario("s")
		check(net, sc, Options{})
		check(net, sc, Options{MonteCarlo: true, Seed: 5, Trial: uint64(i)})
	}
	m := netgen.Bench(3, netgen.BenchParams{Assets: 20000, Deps: 4, Sectors: 7, Cyber: 0.2, Uncertain: 0.2, Seeds: 50})
	net, err := Compile(m)
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := net.Scenario("worst")
	check(net, sc, Options{})
	check(net, sc, Options{MonteCarlo: true, Seed: 5, Trial: 1})
	old := runtime.GOMAXPROCS(1)
	check(net, sc, Options{})
	runtime.GOMAXPROCS(old)
}
