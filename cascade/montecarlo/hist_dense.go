package montecarlo

import (
	"math/bits"
	"slices"
)

// Dense counts: the per-bucket counts a chunk of trials adds to a bucketed histogram.

// maxBucketKey bounds the bucket keys: bucketKey(math.MaxInt64) < maxBucketKey.
const maxBucketKey = 1 << 13

// denseCounts counts values by bucket key in a dense array, for adding many values to
// a bucketed histogram without sorting them: a bitmap marks the keys counted. Between
// uses every count and bit is zero.
type denseCounts struct {
	cnt    [maxBucketKey]int64
	bits   [maxBucketKey / 64]uint64
	lo, hi int64 // smallest and largest key counted
	n      int64 // total counted
}

// bucketKey32 is bucketKey for a value below 2^32.
func bucketKey32(v uint32) int64 {
	if v < 1<<(histSubBits+1) {
		return int64(v)
	}
	shift := bits.Len32(v) - 1 - histSubBits
	return int64(shift)<<histSubBits + int64(v>>uint(shift))
}

// span widens the range of keys counted to [lo, hi].
func (d *denseCounts) span(lo, hi int64) {
	if d.n == 0 {
		d.lo, d.hi = lo, hi
		return
	}
	d.lo, d.hi = min(d.lo, lo), max(d.hi, hi)
}

// add counts c > 0 values of bucket key k.
func (d *denseCounts) add(k, c int64) {
	d.span(k, k)
	d.cnt[k] += c
	d.bits[k>>6] |= 1 << uint(k&63)
	d.n += c
}

// addValues counts the values vs.
func (d *denseCounts) addValues(vs []uint32) {
	if len(vs) == 0 {
		return
	}
	lo, hi := vs[0], vs[0]
	for _, v := range vs {
		lo, hi = min(lo, v), max(hi, v)
		k := bucketKey32(v)
		d.cnt[k]++
		d.bits[k>>6] |= 1 << uint(k&63)
	}
	d.span(bucketKey32(lo), bucketKey32(hi))
	d.n += int64(len(vs))
}

// addList counts the sorted bucket keys ks (at least one) with their counts (> 0).
func (d *denseCounts) addList(ks, cs []int64) {
	var n int64
	for i, k := range ks {
		d.cnt[k] += cs[i]
		d.bits[k>>6] |= 1 << uint(k&63)
		n += cs[i]
	}
	d.span(ks[0], ks[len(ks)-1])
	d.n += n
}

// reset zeroes what d counted.
func (d *denseCounts) reset() {
	clear(d.cnt[d.lo : d.hi+1])
	clear(d.bits[d.lo>>6 : d.hi>>6+1])
	d.n = 0
}

// distinct returns the number of keys counted.
func (d *denseCounts) distinct() int {
	n := 0
	for _, w := range d.bits[d.lo>>6 : d.hi>>6+1] {
		n += bits.OnesCount64(w)
	}
	return n
}

// addDense adds the counts of d to the bucketed histogram h and clears d.
func (h *timeHist) addDense(d *denseCounts, s *histScratch) {
	h.last = 0
	// Add in place the counts of the keys h already has.
	i, _ := slices.BinarySearch(h.keys, d.lo)
	var got int64
	matched := 0
	for ; i < len(h.keys); i++ {
		k := h.keys[i]
		if k > d.hi {
			break
		}
		c := d.cnt[k] // often 0: adding it beats a mispredicted branch
		h.counts[i] += c
		d.cnt[k] = 0
		got += c
		matched += int(uint64(-c) >> 63) // 1 if c > 0
	}
	wlo, whi := d.lo>>6, d.hi>>6
	d.n -= got
	if d.n == 0 {
		clear(d.bits[wlo : whi+1])
		return
	}
	// Insert the new keys (those still counted), merging from the back in place.
	extra := d.distinct() - matched
	n := len(h.keys)
	h.keys, h.counts = slices.Grow(h.keys, extra)[:n+extra], slices.Grow(h.counts, extra)[:n+extra]
	keys, counts := h.keys, h.counts
	j, w := n-1, n+extra-1 // read and write positions
	for x := whi; x >= wlo && j < w; x-- {
		word := d.bits[x]
		for word != 0 {
			b := 63 - bits.LeadingZeros64(word)
			word &^= 1 << uint(b)
			k := x<<6 + int64(b)
			c := d.cnt[k]
			if c == 0 {
				continue // a key of h, added above
			}
			d.cnt[k] = 0
			for j >= 0 && keys[j] > k {
				keys[w], counts[w] = keys[j], counts[j]
				w--
				j--
			}
			keys[w], counts[w] = k, c
			w--
		}
	}
	clear(d.bits[wlo : whi+1])
	d.n = 0
}
