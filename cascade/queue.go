package cascade

import (
	"math"
	"math/bits"
)

// item is a queued label: key is a time in seconds, val the label (see failLabel).
type item struct {
	key uint64
	val uint32
}

// A label packs an asset index and what the label is about in 32 bits: the index times
// two, plus one for a compromise (none for a failure), so that a heap item is 16 bytes.
func failLabel(a int32) uint32       { return uint32(a) << 1 }
func compromiseLabel(a int32) uint32 { return uint32(a)<<1 | 1 }
func labelAsset(v uint32) int32      { return int32(v >> 1) }
func isCompromise(v uint32) bool     { return v&1 != 0 }

// radixHeap is a monotone priority queue for non-negative integer keys: every pushed key
// must be >= the last popped key, which label-setting guarantees (delays and backups are
// non-negative). Bucket i holds the keys whose highest bit differing from the last
// popped key is bit i-1; bucket 0 holds keys equal to it. Push is O(1) and pop amortised
// O(log C). A bit mask of the non-empty buckets and the smallest key of each bucket,
// both kept without branches on every add, find the next bucket and its minimum without
// a scan. The buckets keep their capacity between runs, so a warmed-up heap does not
// allocate.
type radixHeap struct {
	last uint64
	size int
	// full has bit i set when bucket i >= 1 is not empty (bit 0 is meaningless), and
	// mins[i] is the smallest key in bucket i >= 1, or MaxUint64 when it is empty.
	full    uint64
	mins    [65]uint64
	buckets [65][]item
}

func (h *radixHeap) reset() {
	h.last = 0
	h.size = 0
	h.full = 0
	for i := range h.buckets {
		h.buckets[i] = h.buckets[i][:0]
		h.mins[i] = math.MaxUint64
	}
}

func (h *radixHeap) push(key uint64, val uint32) {
	h.add(bits.Len64(key^h.last), item{key, val})
	h.size++
}

// add appends x to bucket b, keeping full and mins without a branch.
func (h *radixHeap) add(b int, x item) {
	h.full |= 1 << (b & 63) // bucket 64 would set bit 0: keys are below 2^63
	h.mins[b] = min(h.mins[b], x.key)
	h.buckets[b] = append(h.buckets[b], x)
}

// popMin removes every item with the smallest key and returns them; the heap must not
// be empty. Instead of copying them, it trades its bucket for buf, whose memory it
// keeps for later items (buf's contents are dropped): the returned slice stays valid
// until the next popMin with it.
func (h *radixHeap) popMin(buf []item) []item {
	h.settle()
	b := h.buckets[0]
	h.size -= len(b)
	h.buckets[0] = buf[:0]
	return b
}

// settle makes bucket 0 hold the smallest key, redistributing the first non-empty
// bucket when it is empty. Every key of that bucket differs from the new last key
// (its minimum) only below the bucket's bit, so each lands in a lower bucket.
func (h *radixHeap) settle() {
	if len(h.buckets[0]) == 0 {
		i := 64
		if f := h.full &^ 1; f != 0 {
			i = bits.TrailingZeros64(f)
		}
		bkt := h.buckets[i]
		lo := h.mins[i]
		h.last = lo
		h.mins[i] = math.MaxUint64
		// as add, with the mask in a register
		full := h.full &^ (1 << i)
		for _, x := range bkt {
			b := bits.Len64(x.key ^ lo)
			full |= 1 << (b & 63)
			h.mins[b] = min(h.mins[b], x.key)
			h.buckets[b] = append(h.buckets[b], x)
		}
		h.full = full
		h.buckets[i] = bkt[:0]
	}
}
