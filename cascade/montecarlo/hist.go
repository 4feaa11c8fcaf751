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

// addValues counts the values vs (each below 2^32), in any order.
//
// vocab is as for addExact. wide says that vs likely holds more than histMaxExact
// distinct values: then they are counted by bucket first, and only if that shows
// at most histMaxExact buckets exactly.
func (h *timeHist) addValues(vs []uint32, vocab []uint32, wide bool, s *histScratch) {
	if len(vs) == 0 {
		return
	}
	d := s.dense()
	if !h.bucketed && wide && len(vs) > histMaxExact {
		// More distinct buckets than histMaxExact means more distinct values.
		d.addValues(vs)
		if d.distinct() <= histMaxExact {
			d.reset()
			h.addExact(vs, vocab, s)
			return
		}
		h.bucketize()
		h.addDense(d, s)
		return
	}
	if !h.bucketed {
		h.addExact(vs, vocab, s)
		return
	}
	d.addValues(vs)
	h.addDense(d, s)
}

// exactSlots is the size of exactTable, a power of two well above histMaxExact.
const exactSlots = 512

// exactTable is an open-addressing hash table of the values of an exact histogram, to
// count values without sorting them. A slot holds gen<<32 | value when in use in the
// current generation, so emptying the table is one increment of gen.
type exactTable struct {
	gen  uint64 // the current generation, shifted left by 32
	slot [exactSlots]uint64
	ref  [exactSlots]int32 // >= 0: index in the histogram; < 0: -1-index in news
	news []uint64          // values not in the histogram: value<<32 | count
	more []uint64          // unsorted part of news, while splitting it
}

func exactSlot(v uint32) uint32 { return (v * 0x9E3779B1) >> (32 - 9) }

// find returns the slot of v: the one holding it and true, or the empty one where it
// would go and false.
func (t *exactTable) find(v uint32) (uint32, bool) {
	want := t.gen | uint64(v)
	x := exactSlot(v)
	for e := t.slot[x]; e != want && e >= t.gen; e = t.slot[x] {
		x = (x + 1) % exactSlots
	}
	return x, t.slot[x] == want
}

// insert adds v, known to be absent, with reference r.
func (t *exactTable) insert(v uint32, r int32) {
	x := exactSlot(v)
	for t.slot[x] >= t.gen {
		x = (x + 1) % exactSlots
	}
	t.slot[x], t.ref[x] = t.gen|uint64(v), r
}

// addExact counts the values vs into the exact histogram h, bucketizing it when they
// make it hold more than histMaxExact distinct values.
//
// vocab, sorted and without duplicates, lists values likely to occur (those of h in
// an earlier chunk): when h is empty they are entered in the table up front so that
// they need not be sorted. Only values counted end up in h.
func (h *timeHist) addExact(vs []uint32, vocab []uint32, s *histScratch) {
	if s.ex == nil {
		s.ex = new(exactTable)
	}
	t := s.ex
	if t.gen += 1 << 32; t.gen == 0 {
		clear(t.slot[:])
		t.gen = 1 << 32
	}
	gen := t.gen
	news := t.news[:0]
	if len(h.keys) > 0 {
		vocab = nil
		for i, k := range h.keys {
			if uint64(k) < noTime { // else no value of vs equals it
				t.insert(uint32(k), int32(i))
			}
		}
	} else {
		for _, v := range vocab {
			t.insert(v, -1-int32(len(news)))
			news = append(news, uint64(v)<<32)
		}
	}
	// While the table holds at most histMaxExact values, no value can be one too many.
	i := 0
	for ; i < len(vs); i++ {
		v := vs[i]
		x, found := t.find(v)
		if found {
			if r := t.ref[x]; r >= 0 {
				h.counts[r]++
			} else {
				news[-1-r]++
			}
			continue
		}
		if len(h.keys)+len(news) == histMaxExact {
			break
		}
		t.slot[x], t.ref[x] = gen|uint64(v), -1-int32(len(news))
		news = append(news, uint64(v)<<32|1)
	}
	var rest []uint32
	if i < len(vs) {
		// Count distinct values from here on: some in the table may not occur.
		seen := len(h.keys)
		for _, x := range news {
			if x&(1<<32-1) != 0 {
				seen++
			}
		}
		for ; i < len(vs); i++ {
			v := vs[i]
			x, found := t.find(v)
			if found {
				if r := t.ref[x]; r >= 0 {
					h.counts[r]++
				} else {
					if news[-1-r]&(1<<32-1) == 0 {
						if seen == histMaxExact {
							rest = vs[i:] // v is one distinct value too many
							break
						}
						seen++
					}
					news[-1-r]++
				}
				continue
			}
			if seen == histMaxExact {
				rest = vs[i:]
				break
			}
			seen++
			t.slot[x], t.ref[x] = gen|uint64(v), -1-int32(len(news))
			news = append(news, uint64(v)<<32|1)
		}
	}
	t.news = news
	h.last = 0
	if rest != nil {
		// h ends up bucketed: count the values new to h in dense counts with the rest.
		h.bucketize()
		d := s.dense()
		for _, x := range news {
			if c := int64(x & (1<<32 - 1)); c > 0 {
				d.add(bucketKey32(uint32(x>>32)), c)
			}
		}
		d.addValues(rest)
		h.addDense(d, s)
		return
	}
	if len(news) > 0 {
		// Merge in the values new to h, sorted; a count fits the low 32 bits (at most
		// len(vs)). The vocabulary part of news is sorted already; the rest is not.
		nv := len(vocab)
		more := append(t.more[:0], news[nv:]...)
		sortSmall(more)
		t.more = more
		keys, counts := s.okeys[:0], s.ocounts[:0]
		empty := len(h.keys) == 0
		if empty {
			keys, counts = h.keys[:0], h.counts[:0] // build h in place
		}
		i, j := 0, 0
		for i < nv || j < len(more) {
			var x uint64
			if j == len(more) || i < nv && news[i] < more[j] {
				x = news[i]
				i++
			} else {
				x = more[j]
				j++
			}
			if c := int64(x & (1<<32 - 1)); c > 0 {
				keys, counts = append(keys, int64(x>>32)), append(counts, c)
			}
		}
		if empty {
			h.keys, h.counts = keys, counts
			return
		}
		s.okeys, s.ocounts = keys, counts
		h.mergeExact(keys, counts, s)
	}
}

// sortSmall sorts xs, usually a few values, by insertion.
func sortSmall(xs []uint64) {
	if len(xs) > 32 {
		slices.Sort(xs)
		return
	}
	for i := 1; i < len(xs); i++ {
		x, j := xs[i], i
		for ; j > 0 && xs[j-1] > x; j-- {
			xs[j] = xs[j-1]
		}
		xs[j] = x
	}
}

// mergeCounts merges two sorted key lists with their counts (adding the counts of equal
// keys) into s.keys and s.counts and returns them.
func mergeCounts(akeys, acounts, bkeys, bcounts []int64, s *histScratch) (keys, counts []int64) {
	keys, counts = s.keys[:0], s.counts[:0]
	i, j := 0, 0
	for i < len(akeys) || j < len(bkeys) {
		switch {
		case j == len(bkeys) || i < len(akeys) && akeys[i] < bkeys[j]:
			keys, counts = append(keys, akeys[i]), append(counts, acounts[i])
			i++
		case i == len(akeys) || bkeys[j] < akeys[i]:
			keys, counts = append(keys, bkeys[j]), append(counts, bcounts[j])
			j++
		default:
			keys, counts = append(keys, akeys[i]), append(counts, acounts[i]+bcounts[j])
			i++
			j++
		}
	}
	s.keys, s.counts = keys, counts
	return keys, counts
}

// mergeExact adds the sorted exact values keys with their counts to the exact histogram
// h, which stays exact (at most histMaxExact values in all); keys are not in s.keys.
func (h *timeHist) mergeExact(okeys, ocounts []int64, s *histScratch) {
	keys, counts := mergeCounts(h.keys, h.counts, okeys, ocounts, s)
	h.keys, h.counts = append(h.keys[:0], keys...), append(h.counts[:0], counts...)
}

// mergeSorted counts the values vs, sorted ascending, each >= 0.
func (h *timeHist) mergeSorted(vs []int64, s *histScratch) {
	if len(vs) == 0 {
		return
	}
	// Run-length encode vs: as bucket keys when h is bucketed, else as exact values.
	keys, counts := s.okeys[:0], s.ocounts[:0]
	for _, v := range vs {
		if h.bucketed {
			v = bucketKey(v)
		}
		if n := len(keys); n > 0 && keys[n-1] == v {
			counts[n-1]++
			continue
		}
		keys, counts = append(keys, v), append(counts, 1)
	}
	s.okeys, s.ocounts = keys, counts
	h.mergeLists(keys, counts, h.bucketed, s)
}

// mergeLists adds the sorted keys with their counts to h. bucketed says whether keys are
// bucket keys or exact values.
func (h *timeHist) mergeLists(okeys, ocounts []int64, bucketed bool, s *histScratch) {
	if len(okeys) == 0 {
		return
	}
	if bucketed && !h.bucketed {
		h.bucketize()
	}
	if h.bucketed && !bucketed {
		// Convert the other side to bucket keys (monotone, so still sorted), coalescing.
		// okeys belongs to another histogram here, never to s.
		keys, counts := s.okeys[:0], s.ocounts[:0]
		for i, v := range okeys {
			k, c := bucketKey(v), ocounts[i]
			if n := len(keys); n > 0 && keys[n-1] == k {
				counts[n-1] += c
				continue
			}
			keys, counts = append(keys, k), append(counts, c)
		}
		s.okeys, s.ocounts = keys, counts
		okeys, ocounts = keys, counts
	}
	// Few keys into a long histogram: binary search each (from the previous position);
	// when all but a few are present, add in place and insert the missing ones.
	if len(okeys)*8 < len(h.keys) {
		missing, lo := 0, 0
		for _, k := range okeys {
			i, found := slices.BinarySearch(h.keys[lo:], k)
			if !found {
				missing++
				if missing > 2 {
					break
				}
			}
			lo += i
		}
		if missing <= 2 {
			lo = 0
			for j, k := range okeys {
				i, found := slices.BinarySearch(h.keys[lo:], k)
				i += lo
				if found {
					h.counts[i] += ocounts[j]
				} else {
					h.keys = slices.Insert(h.keys, i, k)
					h.counts = slices.Insert(h.counts, i, ocounts[j])
				}
				lo = i + 1
			}
			h.last = 0
			if !h.bucketed && len(h.keys) > histMaxExact {
				h.bucketize()
			}
			return
		}
	}
	// Fast path: every key of the other side is already present.
	i := 0
	present := true
	for _, k := range okeys {
		for i < len(h.keys) && h.keys[i] < k {
			i++
		}
		if i == len(h.keys) || h.keys[i] != k {
			present = false
			break
		}
	}
	if present {
		i = 0
		for j, k := range okeys {
			for h.keys[i] != k {
				i++
			}
			h.counts[i] += ocounts[j]
		}
		return
	}
	// Merge the sorted lists into scratch, then copy back.
	keys, counts := mergeCounts(h.keys, h.counts, okeys, ocounts, s)
	h.keys, h.counts, h.last = append(h.keys[:0], keys...), append(h.counts[:0], counts...), 0
	if !h.bucketed && len(h.keys) > histMaxExact {
		h.bucketize()
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
