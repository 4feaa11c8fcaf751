// Tests of the exact shortcuts the hot paths take: integer liveness thresholds in the
// engine.

package cascade

import (
	"math"
	"math/rand/v2"
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
