package montecarlo

import (
	"math/bits"
	"slices"
)

// Failure-time histograms.
//
// A timeHist counts non-negative times in seconds. It counts every distinct value
// exactly while a histogram holds at most histMaxExact distinct values; beyond that it
// counts log-spaced buckets: values below 2^(histSubBits+1) keep their own bucket, larger
// ones share a bucket with the values having the same top histSubBits+1 bits, so a
// bucket's width is at most 1/2^histSubBits of its lower bound and a percentile read from
// its midpoint is within 1/2^(histSubBits+1) (0.39%) of the true value. Counts are exact
// integers either way.
//
// The representation depends only on the multiset of values added, never on the order of
// adds and merges: it is exact exactly when the union holds at most histMaxExact distinct
// values. So histograms of chunks merge into the same histogram in any order.

const (
	histMaxExact = 64 // distinct values kept exactly per histogram
	histSubBits  = 7  // log2 of the buckets per power of two once bucketed
)

// timeHist is a sparse histogram of times in seconds. The zero value is empty.
type timeHist struct {
	keys     []int64 // sorted: values when exact, bucket keys when bucketed
	counts   []int64 // counts[i] values fell on keys[i]
	bucketed bool
	last     int // index of the last key added, a cache for runs of equal values
}

// bucketKey returns the bucket of v >= 0; keys are increasing in v.
func bucketKey(v int64) int64 {
	u := uint64(v)
	if u < 1<<(histSubBits+1) {
		return v
	}
	shift := bits.Len64(u) - 1 - histSubBits // >= 1
	mant := u >> uint(shift)                 // in [2^histSubBits, 2^(histSubBits+1))
	return int64(shift)<<histSubBits + int64(mant)
}

// bucketRange returns the smallest and largest value of bucket key.
func bucketRange(key int64) (lo, hi int64) {
	if key < 1<<(histSubBits+1) {
		return key, key
	}
	shift := key>>histSubBits - 1
	mant := key - shift<<histSubBits
	lo = mant << uint(shift)
	hi = lo + (int64(1) << uint(shift)) - 1
	return lo, hi
}

// reset empties h and keeps its memory.
func (h *timeHist) reset() {
	h.keys, h.counts, h.bucketed, h.last = h.keys[:0], h.counts[:0], false, 0
}

// add counts one value v >= 0.
func (h *timeHist) add(v int64) { h.addN(v, 1) }

// addN counts n values v >= 0.
func (h *timeHist) addN(v, n int64) {
	k := v
	if h.bucketed {
		k = bucketKey(v)
	}
	if h.last < len(h.keys) && h.keys[h.last] == k {
		h.counts[h.last] += n
		return
	}
	i, found := slices.BinarySearch(h.keys, k)
	if found {
		h.counts[i] += n
		h.last = i
		return
	}
	h.keys = slices.Insert(h.keys, i, k)
	h.counts = slices.Insert(h.counts, i, n)
	h.last = i
	if !h.bucketed && len(h.keys) > histMaxExact {
		h.bucketize()
	}
}

// bucketize turns an exact histogram into a bucketed one.
func (h *timeHist) bucketize() {
	if h.bucketed {
		return
	}
	j := -1
	for i, v := range h.keys {
		k := bucketKey(v)
		if j >= 0 && h.keys[j] == k {
			h.counts[j] += h.counts[i]
			continue
		}
		j++
		h.keys[j], h.counts[j] = k, h.counts[i]
	}
	h.keys, h.counts = h.keys[:j+1], h.counts[:j+1]
	h.bucketed, h.last = true, 0
}

// histScratch is reusable memory for merging histograms without allocating.
type histScratch struct {
	keys, counts   []int64      // the merged lists
	okeys, ocounts []int64      // the other side, converted to bucket keys
	d              *denseCounts // for adding many values or keys to a bucketed histogram
	ex             *exactTable  // for adding values to an exact histogram
}

// dense returns s's dense bucket counts, allocating them on first use.
func (s *histScratch) dense() *denseCounts {
	if s.d == nil {
		s.d = new(denseCounts)
	}
	return s.d
}

// merge adds the counts of o to h; o is not changed. Copying into an empty h, adding
// counts key by key when both hold the same keys, and counting a long o into dense
// counts for a bucketed h are shortcuts to what mergeLists gives.
func (h *timeHist) merge(o *timeHist, s *histScratch) {
	switch {
	case len(o.keys) == 0:
	case len(h.keys) == 0 && !h.bucketed:
		h.keys, h.counts = append(h.keys[:0], o.keys...), append(h.counts[:0], o.counts...)
		h.bucketed, h.last = o.bucketed, 0
	case h.bucketed == o.bucketed && slices.Equal(h.keys, o.keys):
		for i, c := range o.counts {
			h.counts[i] += c
		}
	case h.bucketed && o.bucketed && len(o.keys) >= 16 && o.keys[len(o.keys)-1] < maxBucketKey:
		d := s.dense()
		d.addList(o.keys, o.counts)
		h.addDense(d, s)
	case h.bucketed && !o.bucketed && len(o.keys) >= 16:
		d := s.dense()
		for i, v := range o.keys {
			d.add(bucketKey(v), o.counts[i])
		}
		h.addDense(d, s)
	default:
		h.mergeLists(o.keys, o.counts, o.bucketed, s)
	}
}

// total returns the number of values counted.
func (h *timeHist) total() int64 {
	var n int64
	for _, c := range h.counts {
		n += c
	}
	return n
}

// percentile returns the pct-th percentile (nearest rank, 0 < pct <= 100) of the values
// counted, in seconds: exact when h is exact, else the midpoint of the bucket holding
// it. ok is false when h is empty.
func (h *timeHist) percentile(pct int) (v int64, ok bool) {
	n := h.total()
	if n == 0 {
		return 0, false
	}
	rank := nearestRank(pct, n)
	var seen int64
	for i, c := range h.counts {
		seen += c
		if seen >= rank {
			if !h.bucketed {
				return h.keys[i], true
			}
			lo, hi := bucketRange(h.keys[i])
			return lo + (hi-lo)/2, true
		}
	}
	panic("unreachable: rank beyond total")
}

// max returns the largest value counted (the upper end of its bucket when bucketed).
func (h *timeHist) max() (int64, bool) {
	if len(h.keys) == 0 {
		return 0, false
	}
	k := h.keys[len(h.keys)-1]
	if !h.bucketed {
		return k, true
	}
	_, hi := bucketRange(k)
	return hi, true
}

// equal reports whether h and o count the same values the same way.
func (h *timeHist) equal(o *timeHist) bool {
	return h.bucketed == o.bucketed && slices.Equal(h.keys, o.keys) && slices.Equal(h.counts, o.counts)
}
