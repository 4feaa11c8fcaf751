package cascade

import "math/bits"

// item is a queued label: key is a time in seconds, val an asset index times two plus
// one for a compromise label (zero for a failure label).
type item struct {
	key uint64
	val uint32
}

// radixHeap is a monotone priority queue for non-negative integer keys: every pushed key
// must be >= the last popped key, which label-setting guarantees (delays and backups are
// non-negative). Bucket i holds the keys whose highest bit differing from the last
// popped key is bit i-1; bucket 0 holds keys equal to it. Push is O(1) and pop amortised
// O(log C). The buckets keep their capacity between runs, so a warmed-up heap does not
// allocate.
type radixHeap struct {
	last    uint64
	size    int
	buckets [65][]item
}

func (h *radixHeap) reset() {
	h.last = 0
	h.size = 0
	for i := range h.buckets {
		h.buckets[i] = h.buckets[i][:0]
	}
}

func (h *radixHeap) push(key uint64, val uint32) {
	b := bits.Len64(key ^ h.last)
	h.buckets[b] = append(h.buckets[b], item{key, val})
	h.size++
}

// popMin removes every item with the smallest key, appends them to buf and returns
// it; the heap must not be empty.
func (h *radixHeap) popMin(buf []item) []item {
	h.settle()
	buf = append(buf, h.buckets[0]...)
	h.size -= len(h.buckets[0])
	h.buckets[0] = h.buckets[0][:0]
	return buf
}

// settle makes bucket 0 hold the smallest key, redistributing the first non-empty
// bucket when it is empty.
func (h *radixHeap) settle() {
	if len(h.buckets[0]) == 0 {
		i := 1
		for len(h.buckets[i]) == 0 {
			i++
		}
		bkt := h.buckets[i]
		// The builtin min compiles to a conditional move: no unpredictable branch.
		lo := bkt[0].key
		for _, x := range bkt[1:] {
			lo = min(lo, x.key)
		}
		h.last = lo
		for _, x := range bkt {
			b := bits.Len64(x.key ^ lo)
			h.buckets[b] = append(h.buckets[b], x)
		}
		h.buckets[i] = bkt[:0]
	}
}
