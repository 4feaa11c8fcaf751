package montecarlo

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestWilson(t *testing.T) {
	// Reference values from the closed form (e.g. R: prop.test(correct=FALSE) / statsmodels
	// proportion_confint(method="wilson")).
	tests := []struct {
		k, n     int64
		lo, hi   float64
		tol      float64
		exactEnd bool
	}{
		{50, 100, 0.403831, 0.596169, 1e-6, false},
		{0, 10, 0, 0.277533, 1e-6, true},
		{10, 10, 0.722467, 1, 1e-6, true},
		{1, 1000, 0.000177, 0.0056425, 1e-6, false},
	}
	for _, tt := range tests {
		lo, hi := Wilson(tt.k, tt.n)
		if math.Abs(lo-tt.lo) > tt.tol || math.Abs(hi-tt.hi) > tt.tol {
			t.Errorf("Wilson(%d, %d) = [%.6f, %.6f], want [%.6f, %.6f]", tt.k, tt.n, lo, hi, tt.lo, tt.hi)
		}
	}
	if lo, hi := Wilson(0, 0); lo != 0 || hi != 1 {
		t.Errorf("Wilson(0, 0) = [%v, %v], want [0, 1]", lo, hi)
	}
}

func TestWilsonCoverage(t *testing.T) {
	// The 95% interval should contain the true p in roughly 95% of samples.
	r := rand.New(rand.NewPCG(1, 2))
	const p, n, reps = 0.2, 200, 4000
	in := 0
	for range reps {
		var k int64
		for range n {
			if r.Float64() < p {
				k++
			}
		}
		if lo, hi := Wilson(k, n); lo <= p && p <= hi {
			in++
		}
	}
	cov := float64(in) / reps
	if cov < 0.93 || cov > 0.97 {
		t.Errorf("coverage %.3f, want about 0.95", cov)
	}
}

func TestNearestRank(t *testing.T) {
	tests := []struct {
		pct  int
		n    int64
		want int64
	}{
		{50, 1, 1}, {50, 2, 1}, {50, 3, 2}, {90, 10, 9}, {99, 10, 10}, {99, 100, 99}, {100, 7, 7}, {1, 1000, 10},
	}
	for _, tt := range tests {
		if got := nearestRank(tt.pct, tt.n); got != tt.want {
			t.Errorf("nearestRank(%d, %d) = %d, want %d", tt.pct, tt.n, got, tt.want)
		}
	}
}

func TestU128(t *testing.T) {
	var s u128
	s = s.addU(math.MaxUint64)
	s = s.addU(2)
	if s != (u128{1, 1}) || s.String() != "18446744073709551617" {
		t.Fatalf("sum = %+v %s", s, s)
	}
	back, ok := parseU128(s.String())
	if !ok || back != s {
		t.Fatalf("parse(%s) = %+v, %v", s, back, ok)
	}
	if _, ok := parseU128("-1"); ok {
		t.Error("parsed a negative number")
	}
	if s.float() != 18446744073709551617.0 {
		t.Errorf("float = %v", s.float())
	}
}

func TestBucketKey(t *testing.T) {
	// Keys increase with values, every value lies in its bucket's range, and a bucket's
	// width is at most 1/2^histSubBits of its lower end.
	prev := int64(-1)
	vals := []int64{0, 1, 255, 256, 257, 511, 512, 1000, 604800, 1 << 40, math.MaxInt64}
	r := rand.New(rand.NewPCG(3, 4))
	for range 10000 {
		vals = append(vals, r.Int64N(1<<uint(r.IntN(62)+1)))
	}
	slices.Sort(vals)
	for _, v := range vals {
		k := bucketKey(v)
		if k < prev {
			t.Fatalf("bucketKey(%d) = %d < previous key %d", v, k, prev)
		}
		prev = k
		lo, hi := bucketRange(k)
		if v < lo || v > hi {
			t.Fatalf("value %d outside its bucket [%d, %d]", v, lo, hi)
		}
		if hi > lo && float64(hi-lo+1)/float64(lo) > 1.0/(1<<histSubBits)+1e-12 {
			t.Fatalf("bucket [%d, %d] too wide", lo, hi)
		}
	}
}

// histOf returns a histogram of vs added one by one.
func histOf(vs []int64) *timeHist {
	h := &timeHist{}
	for _, v := range vs {
		h.add(v)
	}
	return h
}

func TestHistExactPercentiles(t *testing.T) {
	vs := []int64{50, 10, 20, 30, 40, 10, 10, 60, 70, 80}
	h := histOf(vs)
	sorted := slices.Clone(vs)
	slices.Sort(sorted)
	for _, pct := range []int{1, 10, 50, 90, 99, 100} {
		got, ok := h.percentile(pct)
		want := sorted[nearestRank(pct, int64(len(sorted)))-1]
		if !ok || got != want {
			t.Errorf("p%d = %d, want %d", pct, got, want)
		}
	}
	if m, _ := h.max(); m != 80 {
		t.Errorf("max = %d", m)
	}
	if _, ok := (&timeHist{}).percentile(50); ok {
		t.Error("percentile of an empty histogram")
	}
}

func TestHistBucketedPercentiles(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var vs []int64
	for range 5000 {
		vs = append(vs, r.Int64N(1_000_000))
	}
	h := histOf(vs)
	if !h.bucketed {
		t.Fatal("5000 distinct values should be bucketed")
	}
	slices.Sort(vs)
	for _, pct := range []int{50, 90, 99} {
		got, _ := h.percentile(pct)
		want := vs[nearestRank(pct, int64(len(vs)))-1]
		if rel := math.Abs(float64(got-want)) / float64(want); rel > 1.0/(1<<(histSubBits+1))+1e-9 {
			t.Errorf("p%d = %d, want %d within %.4f (relative error %.5f)", pct, got, want, 1.0/(1<<(histSubBits+1)), rel)
		}
	}
}

// TestHistMergeOrderIndependent checks that splitting values into parts, histogramming
// each and merging in any order gives the histogram of all values, exact or bucketed.
func TestHistMergeOrderIndependent(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, distinct := range []int{3, histMaxExact, histMaxExact + 1, 500} {
		var vs []int64
		for range 2000 {
			vs = append(vs, int64(r.IntN(distinct))*97)
		}
		want := histOf(vs)
		for trial := range 20 {
			parts := r.IntN(6) + 1
			hs := make([]*timeHist, parts)
			for i := range hs {
				hs[i] = &timeHist{}
			}
			for _, v := range vs {
				hs[r.IntN(parts)].add(v)
			}
			r.Shuffle(len(hs), func(i, j int) { hs[i], hs[j] = hs[j], hs[i] })
			got := &timeHist{}
			for _, h := range hs {
				got.merge(h, &histScratch{})
			}
			if !got.equal(want) {
				t.Fatalf("distinct=%d trial %d: merged histogram differs (bucketed %v vs %v, %d vs %d keys)",
					distinct, trial, got.bucketed, want.bucketed, len(got.keys), len(want.keys))
			}
		}
	}
}

// TestTrialBufferMatchesAddTrial checks that buffering trials and folding them gives
// exactly the tally of adding them one by one, for exact and bucketed histograms.
func TestTrialBufferMatchesAddTrial(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	for _, spread := range []int64{2, 50, 5000} {
		for _, size := range []int{1, 3, 64} {
			want := NewTally(12, 3)
			got := NewTally(12, 3)
			buf := newTrialBuffer(12, 3, size)
			var o trialOutcome
			for range 500 {
				o.assets, o.assetTimes, o.sectors, o.sectorTimes = o.assets[:0], o.assetTimes[:0], o.sectors[:0], o.sectorTimes[:0]
				for a := range 12 {
					if r.IntN(2) == 0 {
						o.assets = append(o.assets, int32(a))
						o.assetTimes = append(o.assetTimes, r.Int64N(spread)*7)
					}
				}
				if r.IntN(2) == 0 {
					o.sectors = append(o.sectors, 1)
					o.sectorTimes = append(o.sectorTimes, r.Int64N(spread))
				}
				want.addTrial(&o)
				buf.add(&o, got)
			}
			buf.flush(got)
			if !got.Equal(want) {
				t.Fatalf("spread %d, buffer %d: buffered tally differs", spread, size)
			}
		}
	}
}

// TestBucketKeyWidth checks that bucket keys fit the 14 bits the tally assumes.
func TestBucketKeyWidth(t *testing.T) {
	if k := bucketKey(math.MaxInt64); k >= 1<<14 {
		t.Fatalf("largest bucket key %d does not fit 14 bits", k)
	}
}
