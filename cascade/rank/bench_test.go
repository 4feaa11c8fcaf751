package rank

import (
	"context"
	"fmt"
	"testing"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/cascade/internal/netgen"
	"github.com/cascade-infra/cascade/cascade/internal/testenv"
)

// BenchmarkRank measures ranking every asset of the 10k-asset model (one op is the
// whole ranking).
func BenchmarkRank(b *testing.B) {
	m := netgen.Bench10k()
	for _, w := range []int{1, 2} {
		b.Run(fmt.Sprintf("n=1e4/workers=%d", w), func(b *testing.B) {
			b.ReportAllocs()
			cpu0 := testenv.CPUTime()
			for b.Loop() {
				if _, err := Run(context.Background(), m, Options{K: 1, Workers: w}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(m.Assets))*float64(b.N)/b.Elapsed().Seconds(), "assets/s")
			b.ReportMetric((testenv.CPUTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}

// BenchmarkRankHorizon ranks the 10k-asset model with a one-day horizon, which takes the
// engine path (times matter) instead of the closure search.
func BenchmarkRankHorizon(b *testing.B) {
	m := netgen.Bench10k()
	b.Run("n=1e4/workers=2", func(b *testing.B) {
		cpu0 := testenv.CPUTime()
		for b.Loop() {
			if _, err := Run(context.Background(), m, Options{Horizon: cascade.HorizonAt(86400), K: 1, Workers: 2}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(m.Assets))*float64(b.N)/b.Elapsed().Seconds(), "assets/s")
		b.ReportMetric((testenv.CPUTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
	})
}
