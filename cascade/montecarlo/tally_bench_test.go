package montecarlo

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/cascade/internal/netgen"
	"github.com/cascade-infra/cascade/cascade/internal/testenv"
)

// BenchmarkTally measures the aggregation alone, as the batch driver does it: one op
// adds one trial in which 10,000 assets fail at random times (whole minutes up to a
// week, so the histograms are bucketed: the worst case) to a worker's trial buffer;
// every 256 trials the chunk's tally is folded, merged into the totals and reset.
// Generating the times is included (~20 µs per op).
func BenchmarkTally(b *testing.B) {
	const assets, chunk = 10_000, 256
	r := rand.New(rand.NewPCG(1, 2))
	o := trialOutcome{failure: make([]int64, assets)}
	for _, size := range []int{64, trialBufferTrials(assets)} {
		b.Run(fmt.Sprintf("buffer=%d", size), func(b *testing.B) {
			b.ReportAllocs()
			totals, t := NewTally(assets, 1), NewTally(assets, 1)
			buf := newTrialBuffer(assets, 1, size)
			x := r.Uint64() | 1
			n := 0
			cpu0 := testenv.CPUTime()
			for b.Loop() {
				for a := range o.failure {
					x ^= x << 13
					x ^= x >> 7
					x ^= x << 17
					o.failure[a] = 60 * int64(x%(7*24*60))
				}
				buf.add(&o, t)
				if n++; n == chunk {
					buf.flush(t)
					totals.Merge(t)
					t.Reset()
					n = 0
				}
			}
			b.ReportMetric(float64((testenv.CPUTime()-cpu0).Nanoseconds())/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkTallyModel is BenchmarkTally with the outcomes of 256 engine trials of the
// 10k-asset benchmark model, replayed in a loop (their generation is not timed): the
// realistic mix of exact and bucketed histograms.
func BenchmarkTallyModel(b *testing.B) {
	m := netgen.Bench10k()
	factory, err := engineRunners(m, m.Scenarios, cascade.Horizon{}, 1)
	if err != nil {
		b.Fatal(err)
	}
	r := factory()
	const chunk = 256
	outs := make([]trialOutcome, chunk)
	for i := range outs {
		var o trialOutcome
		r.trial(0, int64(i), &o)
		outs[i] = trialOutcome{failure: append([]int64(nil), o.failure...),
			sectors: append([]int32(nil), o.sectors...), sectorTimes: append([]int64(nil), o.sectorTimes...)}
	}
	assets, sectors := len(m.Assets), len(m.Sectors)
	b.ReportAllocs()
	totals, t := NewTally(assets, sectors), NewTally(assets, sectors)
	buf := newTrialBuffer(assets, sectors, trialBufferTrials(assets))
	n := 0
	cpu0 := testenv.CPUTime()
	for b.Loop() {
		buf.add(&outs[n], t)
		if n++; n == chunk {
			buf.flush(t)
			totals.Merge(t)
			t.Reset()
			n = 0
		}
	}
	b.ReportMetric(float64((testenv.CPUTime()-cpu0).Nanoseconds())/float64(b.N), "cpu-ns/op")
}
