package cascade

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkTally measures the aggregation alone, as the batch driver does it: one op
// adds one trial in which 10,000 assets fail at random times (whole minutes up to a
// week, so the histograms are bucketed: the worst case) to a worker's trial buffer;
// every 256 trials the chunk's tally is folded, merged into the totals and reset.
// Generating the times is included (~20 µs per op).
func BenchmarkTally(b *testing.B) {
	const assets, chunk = 10_000, 256
	r := rand.New(rand.NewPCG(1, 2))
	var o trialOutcome
	for a := range assets {
		o.assets = append(o.assets, int32(a))
		o.assetTimes = append(o.assetTimes, 0)
	}
	for _, size := range []int{64, trialBufferTrials(assets)} {
		b.Run(fmt.Sprintf("buffer=%d", size), func(b *testing.B) {
			b.ReportAllocs()
			totals, t := NewTally(assets, 1), NewTally(assets, 1)
			buf := newTrialBuffer(assets, 1, size)
			x := r.Uint64() | 1
			n := 0
			for b.Loop() {
				for a := range o.assetTimes {
					x ^= x << 13
					x ^= x >> 7
					x ^= x << 17
					o.assetTimes[a] = 60 * int64(x%(7*24*60))
				}
				buf.add(&o, t)
				if n++; n == chunk {
					buf.flush(t)
					totals.Merge(t)
					t.Reset()
					n = 0
				}
			}
		})
	}
}
