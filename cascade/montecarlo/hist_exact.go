package montecarlo

import (
	"slices"
)

// Exact histograms: adding a chunk's values to a histogram that counts every distinct
// value, and merging histograms.

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
