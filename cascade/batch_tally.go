package cascade

import (
	"fmt"
	"math/bits"
	"slices"
)

// Tally holds the exact integer counts of a set of Monte Carlo trials of one scenario:
// how many trials each asset and sector failed in, the sums and histograms of their
// failure times, and how many trials had each number of failed assets. Integer counts
// do not depend on the order in which trials are added or tallies merged, so a batch
// gives the same Tally for any number of workers, shards or resumptions; floating point
// appears only in the Report computed from it.
type Tally struct {
	trials      int64
	assetFails  []int64
	assetTime   []timeStats
	sectorFails []int64
	sectorTime  []timeStats
	failedCount []int64 // failedCount[c]: trials in which exactly c assets failed

	scratch histScratch // for merging histograms without allocating
}

// timeStats is the exact sum and histogram of failure times in seconds.
type timeStats struct {
	sum  u128
	hist timeHist
}

func (t *timeStats) add(v int64) {
	t.sum = t.sum.addU(uint64(v))
	t.hist.add(v)
}

func (t *timeStats) merge(o *timeStats, s *histScratch) {
	t.sum = t.sum.add(o.sum)
	t.hist.merge(&o.hist, s)
}

func (t *timeStats) reset() {
	t.sum = u128{}
	t.hist.reset()
}

// NewTally returns an empty tally for a model of assets assets and sectors sectors.
func NewTally(assets, sectors int) *Tally {
	return &Tally{
		assetFails:  make([]int64, assets),
		assetTime:   make([]timeStats, assets),
		sectorFails: make([]int64, sectors),
		sectorTime:  make([]timeStats, sectors),
		failedCount: make([]int64, assets+1),
	}
}

// Trials returns the number of trials counted.
func (t *Tally) Trials() int64 { return t.trials }

// Assets returns the number of assets of the model the tally counts.
func (t *Tally) Assets() int { return len(t.assetFails) }

// Sectors returns the number of sectors of the model the tally counts.
func (t *Tally) Sectors() int { return len(t.sectorFails) }

// AssetFailures returns the number of trials in which asset a (its model index) failed.
func (t *Tally) AssetFailures(a int) int64 { return t.assetFails[a] }

// SectorFailures returns the number of trials in which sector s (its model index) failed.
func (t *Tally) SectorFailures(s int) int64 { return t.sectorFails[s] }

// Reset empties t and keeps its memory.
func (t *Tally) Reset() {
	t.trials = 0
	clear(t.assetFails)
	clear(t.sectorFails)
	clear(t.failedCount)
	for i := range t.assetTime {
		t.assetTime[i].reset()
	}
	for i := range t.sectorTime {
		t.sectorTime[i].reset()
	}
}

// trialOutcome is what one trial contributes: the failed assets with their failure
// times and the failed sectors with their failed_at times, in seconds.
type trialOutcome struct {
	assets      []int32 // indices of failed assets
	assetTimes  []int64 // assetTimes[i]: failure time of assets[i]
	sectors     []int32 // indices of failed sectors
	sectorTimes []int64
}

// addTrial counts one trial.
func (t *Tally) addTrial(o *trialOutcome) {
	t.trials++
	for i, a := range o.assets {
		t.assetFails[a]++
		t.assetTime[a].add(o.assetTimes[i])
	}
	for i, s := range o.sectors {
		t.sectorFails[s]++
		t.sectorTime[s].add(o.sectorTimes[i])
	}
	t.failedCount[len(o.assets)]++
}

// Merge adds the counts of o to t. Both must count the same model.
func (t *Tally) Merge(o *Tally) error {
	if len(t.assetFails) != len(o.assetFails) || len(t.sectorFails) != len(o.sectorFails) {
		return fmt.Errorf("cannot merge tallies of different models: %d assets/%d sectors and %d/%d",
			len(t.assetFails), len(t.sectorFails), len(o.assetFails), len(o.sectorFails))
	}
	t.trials += o.trials
	for i, n := range o.assetFails {
		if n == 0 {
			continue
		}
		t.assetFails[i] += n
		t.assetTime[i].merge(&o.assetTime[i], &t.scratch)
	}
	for i, n := range o.sectorFails {
		if n == 0 {
			continue
		}
		t.sectorFails[i] += n
		t.sectorTime[i].merge(&o.sectorTime[i], &t.scratch)
	}
	for i, n := range o.failedCount {
		t.failedCount[i] += n
	}
	return nil
}

// Equal reports whether t and o hold the same counts.
func (t *Tally) Equal(o *Tally) bool {
	if t.trials != o.trials || !slices.Equal(t.assetFails, o.assetFails) ||
		!slices.Equal(t.sectorFails, o.sectorFails) || !slices.Equal(t.failedCount, o.failedCount) {
		return false
	}
	eq := func(a, b []timeStats) bool {
		for i := range a {
			if a[i].sum != b[i].sum || !a[i].hist.equal(&b[i].hist) {
				return false
			}
		}
		return true
	}
	return eq(t.assetTime, o.assetTime) && eq(t.sectorTime, o.sectorTime)
}

// failedCountSum returns the total number of asset failures over all trials.
func (t *Tally) failedCountSum() int64 {
	var s int64
	for c, n := range t.failedCount {
		s += int64(c) * n
	}
	return s
}

// trialBuffer collects the raw failure times of up to size trials and then folds them
// into a tally with one sort and one histogram merge per asset, which costs much less
// than updating a histogram for every failure. The result is the same as addTrial's.
type trialBuffer struct {
	size       int     // trials per fold
	n          int     // trials buffered
	assetVals  []int64 // asset a's times are assetVals[a*size : a*size+assetN[a]]
	assetN     []int32
	touchedA   []int32 // assets with assetN > 0
	sectorVals []int64
	sectorN    []int32
	touchedS   []int32
	tmp        []int64 // radix sort buffer
}

func newTrialBuffer(assets, sectors, size int) *trialBuffer {
	return &trialBuffer{size: size,
		assetVals: make([]int64, assets*size), assetN: make([]int32, assets),
		sectorVals: make([]int64, sectors*size), sectorN: make([]int32, sectors)}
}

// add counts one trial into t, buffering its failure times.
func (b *trialBuffer) add(o *trialOutcome, t *Tally) {
	t.trials++
	t.failedCount[len(o.assets)]++
	for i, a := range o.assets {
		n := b.assetN[a]
		if n == 0 {
			b.touchedA = append(b.touchedA, a)
		}
		b.assetVals[int(a)*b.size+int(n)] = o.assetTimes[i]
		b.assetN[a] = n + 1
	}
	for i, s := range o.sectors {
		n := b.sectorN[s]
		if n == 0 {
			b.touchedS = append(b.touchedS, s)
		}
		b.sectorVals[int(s)*b.size+int(n)] = o.sectorTimes[i]
		b.sectorN[s] = n + 1
	}
	b.n++
	if b.n == b.size {
		b.flush(t)
	}
}

// flush folds the buffered failure times into t.
func (b *trialBuffer) flush(t *Tally) {
	fold := func(touched []int32, vals []int64, ns []int32, fails []int64, times []timeStats) {
		for _, x := range touched {
			n := ns[x]
			vs := vals[int(x)*b.size : int(x)*b.size+int(n)]
			fails[x] += int64(n)
			ts := &times[x]
			for _, v := range vs {
				ts.sum = ts.sum.addU(uint64(v))
			}
			if ts.hist.bucketed {
				// Bucket keys are small (< 2^14): a radix sort beats comparisons.
				for i, v := range vs {
					vs[i] = bucketKey(v)
				}
				b.tmp = radixSort(vs, b.tmp, 14)
				ts.hist.mergeLists(rle(vs, &t.scratch), t.scratch.ocounts, true, &t.scratch)
			} else {
				var hi int64
				for _, v := range vs {
					hi |= v
				}
				if w := bits.Len64(uint64(hi)); w <= 28 && len(vs) > 32 {
					b.tmp = radixSort(vs, b.tmp, w)
				} else {
					slices.Sort(vs)
				}
				ts.hist.mergeSorted(vs, &t.scratch)
			}
			ns[x] = 0
		}
	}
	fold(b.touchedA, b.assetVals, b.assetN, t.assetFails, t.assetTime)
	fold(b.touchedS, b.sectorVals, b.sectorN, t.sectorFails, t.sectorTime)
	b.touchedA, b.touchedS, b.n = b.touchedA[:0], b.touchedS[:0], 0
}

// radixSort sorts non-negative values below 2^width in place with 7-bit counting
// passes, using tmp (grown as needed) and returning it.
//
// For width <= 28 (the failure-time buffers: at most four passes) it counts the digits
// of every pass in one read of the keys, and skips a pass whose digit is the same for
// every key (common for the high digits of times that lie close together): such a pass
// would leave the order unchanged, since each pass is stable.
func radixSort(ks, tmp []int64, width int) []int64 {
	if len(ks) < 2 {
		return tmp
	}
	if cap(tmp) < len(ks) {
		tmp = make([]int64, len(ks))
	}
	tmp = tmp[:len(ks)]
	if width > 4*7 {
		return radixSortWide(ks, tmp, width)
	}
	passes := (width + 6) / 7
	var count [4][128]int32
	for _, k := range ks {
		// Digits above width are 0 and their counts go unused.
		count[0][k&127]++
		count[1][(k>>7)&127]++
		count[2][(k>>14)&127]++
		count[3][(k>>21)&127]++
	}
	src, dst := ks, tmp
	for p := range passes {
		shift := 7 * p
		c := &count[p]
		if c[(src[0]>>shift)&127] == int32(len(src)) {
			continue // one digit for all keys: the pass changes nothing
		}
		// Exclusive prefix sums: c[d] becomes the first position of digit d.
		var sum int32
		for d := range c {
			sum, c[d] = sum+c[d], sum
		}
		for _, k := range src {
			d := (k >> shift) & 127
			dst[c[d]] = k
			c[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &ks[0] {
		copy(ks, src) // an odd number of passes left the result in tmp
	}
	return tmp
}

// radixSortWide is radixSort for width > 28, one counting pass per 7-bit digit; tmp has
// the length of ks.
func radixSortWide(ks, tmp []int64, width int) []int64 {
	var count [129]int
	src, dst := ks, tmp
	for shift := 0; shift < width; shift += 7 {
		count = [129]int{}
		for _, k := range src {
			count[(k>>shift)&127+1]++
		}
		for i := 1; i < 129; i++ {
			count[i] += count[i-1]
		}
		for _, k := range src {
			d := (k >> shift) & 127
			dst[count[d]] = k
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &ks[0] {
		copy(ks, src) // an odd number of passes left the result in tmp
	}
	return tmp
}

// rle run-length encodes sorted keys into s.okeys and s.ocounts and returns s.okeys.
func rle(ks []int64, s *histScratch) []int64 {
	keys, counts := s.okeys[:0], s.ocounts[:0]
	for _, k := range ks {
		if n := len(keys); n > 0 && keys[n-1] == k {
			counts[n-1]++
			continue
		}
		keys, counts = append(keys, k), append(counts, 1)
	}
	s.okeys, s.ocounts = keys, counts
	return keys
}
