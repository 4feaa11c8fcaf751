package cascade

import (
	"fmt"
	"runtime"
	"sync"
	"testing"

	"github.com/cascade-infra/cascade/cascade/internal/netgen"
	"github.com/cascade-infra/cascade/cascade/internal/testenv"
)

// benchNets caches generated networks across benchmarks: building a 1M-asset model
// takes seconds and is not what is measured.
var benchNets sync.Map // string → *benchNet

type benchNet struct {
	once sync.Once
	net  *Network
	sc   *Scenario
}

func getBenchNet(b *testing.B, name string, p netgen.BenchParams) (*Network, *Scenario) {
	v, _ := benchNets.LoadOrStore(name, new(benchNet))
	bn := v.(*benchNet)
	bn.once.Do(func() {
		m := netgen.Bench(1, p)
		net, err := Compile(m)
		if err != nil {
			b.Fatal(err)
		}
		sc, err := net.Scenario("worst")
		if err != nil {
			b.Fatal(err)
		}
		bn.net, bn.sc = net, sc
	})
	return bn.net, bn.sc
}

// BenchmarkRun measures one worst-case cascade (no horizon) over generated networks of
// about 4 dependencies per asset; edges/s counts the dependency edges the run examined.
func BenchmarkRun(b *testing.B) {
	for _, size := range []struct {
		name string
		n    int
	}{{"n=1e4", 10_000}, {"n=1e5", 100_000}, {"n=1e6", 1_000_000}} {
		b.Run(size.name, func(b *testing.B) {
			net, sc := getBenchNet(b, size.name, netgen.BenchParams{Assets: size.n, Deps: 4, Sectors: 16, Cyber: 0.1, Seeds: 10})
			r := new(Result)
			net.RunInto(r, sc, Options{}) // warm up the pool and the result
			runtime.GC()
			b.ReportAllocs()
			b.ResetTimer()
			var edges int64
			cpu0 := testenv.CPUTime()
			for b.Loop() {
				net.RunInto(r, sc, Options{})
				edges += r.EdgesScanned
			}
			cpu := testenv.CPUTime() - cpu0
			b.ReportMetric(float64(edges)/b.Elapsed().Seconds(), "edges/s")
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
			b.ReportMetric(float64(edges)/cpu.Seconds(), "cpu-edges/s")
			b.ReportMetric(float64(r.NumFailed()), "failed")
		})
	}
}

// BenchmarkRunParallel measures the 1M-asset worst case with the frontier settled by
// two workers when a round holds at least ParallelMin labels.
func BenchmarkRunParallel(b *testing.B) {
	net, sc := getBenchNet(b, "n=1e6", netgen.BenchParams{Assets: 1_000_000, Deps: 4, Sectors: 16, Cyber: 0.1, Seeds: 10})
	for _, pm := range []int{DefaultParallelMin, 256} {
		b.Run(fmt.Sprintf("n=1e6/workers=2/min=%d", pm), func(b *testing.B) {
			opts := Options{Workers: 2, ParallelMin: pm}
			r := new(Result)
			net.RunInto(r, sc, opts)
			runtime.GC()
			b.ResetTimer()
			var edges int64
			for b.Loop() {
				net.RunInto(r, sc, opts)
				edges += r.EdgesScanned
			}
			b.ReportMetric(float64(edges)/b.Elapsed().Seconds(), "edges/s")
		})
	}
}

// BenchmarkTrial measures Monte Carlo trials on a 10k-asset, 40k-dependency network in
// which 30% of the edges are uncertain (probability 0.5).
func BenchmarkTrial(b *testing.B) {
	net, sc := getBenchNet(b, "mc1e4", netgen.BenchParams{Assets: 10_000, Deps: 4, Sectors: 16, Cyber: 0.1, Uncertain: 0.3, Seeds: 10})
	r := new(Result)
	net.RunInto(r, sc, Options{MonteCarlo: true, Seed: 1})
	runtime.GC()
	b.ReportAllocs()
	b.ResetTimer()
	var edges, failed int64
	trial := uint64(0)
	cpu0 := testenv.CPUTime()
	for b.Loop() {
		trial++
		net.RunInto(r, sc, Options{MonteCarlo: true, Seed: 1, Trial: trial})
		edges += r.EdgesScanned
		failed += int64(r.NumFailed())
	}
	cpu := testenv.CPUTime() - cpu0
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "trials/s")
	b.ReportMetric(float64(b.N)/cpu.Seconds(), "cpu-trials/s")
	b.ReportMetric(float64(edges)/b.Elapsed().Seconds(), "edges/s")
	b.ReportMetric(float64(failed)/float64(b.N), "failed/trial")
}

// BenchmarkCompile measures building the network of a 100k-asset model.
func BenchmarkCompile(b *testing.B) {
	m := netgen.Bench(1, netgen.BenchParams{Assets: 100_000, Deps: 4, Sectors: 16, Cyber: 0.1, Seeds: 10})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compile(m); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFailureRows measures building the report rows of the 1M-asset worst case
// (FailureRows.Fill, a block of 1024 rows at a time, as the JSON writer builds them);
// ns/row and cpu-ns/row are the wall and CPU time per row.
func BenchmarkFailureRows(b *testing.B) {
	net, sc := getBenchNet(b, "n=1e6", netgen.BenchParams{Assets: 1_000_000, Deps: 4, Sectors: 16, Cyber: 0.1, Seeds: 10})
	r := net.Run(sc, Options{})
	_, rows := r.ReportRows()
	block := make([]FailureReport, 1024)
	b.ResetTimer()
	cpu0 := testenv.CPUTime()
	for b.Loop() {
		for lo := 0; lo < rows.Len(); lo += len(block) {
			rows.Fill(block[:min(len(block), rows.Len()-lo)], lo)
		}
	}
	cpu := testenv.CPUTime() - cpu0
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(rows.Len()), "ns/row")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/float64(rows.Len()), "cpu-ns/row")
}
