// Tests of the exact shortcuts the hot paths take: integer liveness thresholds in the
// engine and the fused radix sort of the batch aggregation.

package cascade

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestLiveThresholdExact checks that the integer threshold of the hot loop decides
// liveness exactly as the float comparison unit(h) < p does, at the edges of every
// threshold and for random draws and probabilities.
func TestLiveThresholdExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	probs := []float64{0, math.SmallestNonzeroFloat64, 0x1p-60, 0x1p-53, 0x1p-52, 1e-9, 0.1, 0.25, 1.0 / 3, 0.5,
		0.7, math.Nextafter(1, 0), 1}
	for range 2000 {
		probs = append(probs, rng.Float64())
	}
	for _, p := range probs {
		thr := liveThreshold(p)
		check := func(x uint64) {
			if x >= 1<<53 {
				return
			}
			h := x<<11 | rng.Uint64()&(1<<11-1)
			if got, want := h>>11 < thr, unit(h) < p; got != want {
				t.Fatalf("p=%v x=%d: threshold says %v, float says %v", p, x, got, want)
			}
		}
		for _, x := range []uint64{0, 1, thr - 2, thr - 1, thr, thr + 1, 1<<53 - 1} {
			check(x)
		}
		for range 50 {
			check(rng.Uint64() >> 11)
		}
	}
}

// TestRadixSortNarrowAndWide checks radixSort where passes are skipped (keys close
// together, so their high digits agree) and at widths above the fused-count limit.
func TestRadixSortNarrowAndWide(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, width := range []int{1, 7, 8, 14, 21, 22, 28, 29, 35, 50, 62} {
		for _, spread := range []int64{1, 2, 100, 1 << 7, 1 << 14, 1 << 62} {
			for _, n := range []int{2, 3, 64, 209, 300} {
				ks := make([]int64, n)
				base := rng.Int64N(int64(1) << width)
				for i := range ks {
					v := base + rng.Int64N(min(spread, int64(1)<<width))
					ks[i] = v & (int64(1)<<width - 1)
				}
				want := slices.Clone(ks)
				slices.Sort(want)
				radixSort(ks, nil, width)
				if !slices.Equal(ks, want) {
					t.Fatalf("width %d, spread %d, n=%d: radix sort wrong", width, spread, n)
				}
			}
		}
	}
}
