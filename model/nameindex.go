package model

import "hash/maphash"

// nameIndex maps the names of the imported assets to their index, in the order
// they were added. It is an open-addressing hash table (linear probing, at
// most half full) made for the millions of lookups of a large import, one or
// two per dependency row, which in a Go map mostly miss the cache two or three
// times each: a slot of 16 bytes holds the first 8 bytes of its name, its
// length and 16 bits of its hash, so that a lookup of a name of up to 8 bytes
// reads one slot and nothing else, and a longer name is compared whole only
// when head, length and tag all match.
//
// A nameIndex is safe for concurrent lookups once no more names are added.
type nameIndex struct {
	seed  maphash.Seed
	names []string   // by index
	slots []nameSlot // a power of two of them, or none
}

// nameSlot is one slot of a nameIndex.
type nameSlot struct {
	head uint64 // the name's first 8 bytes, little-endian, zero-padded
	idx  int32  // index of the name + 1; 0 in an empty slot
	tag  uint16 // the top 16 bits of the name's hash
	n    uint16 // the name's length, 0xFFFF for 0xFFFF bytes or more
}

// nameHead returns the first 8 bytes of s, little-endian, zero-padded.
func nameHead(s string) uint64 {
	if len(s) >= 8 {
		_ = s[7]
		return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
	}
	var h uint64
	for i := len(s) - 1; i >= 0; i-- {
		h = h<<8 | uint64(s[i])
	}
	return h
}

// key returns what the slot of s holds, its hash and its first slot position.
func (x *nameIndex) key(s string) (slot nameSlot, h uint64) {
	h = maphash.String(x.seed, s)
	return nameSlot{head: nameHead(s), tag: uint16(h >> 48), n: uint16(min(len(s), 0xFFFF))}, h
}

// reserve makes room for n more names without growing.
func (x *nameIndex) reserve(n int) {
	if len(x.slots) == 0 {
		x.seed = maphash.MakeSeed()
	}
	size := max(8, len(x.slots))
	for size < 2*(len(x.names)+n) {
		size *= 2
	}
	if size == len(x.slots) {
		return
	}
	x.slots = make([]nameSlot, size)
	for i, s := range x.names {
		x.place(s, int32(i))
	}
	x.names = growCap(x.names, n)
}

// place puts name i, s, in its slot.
func (x *nameIndex) place(s string, i int32) {
	k, h := x.key(s)
	k.idx = i + 1
	mask := uint64(len(x.slots) - 1)
	p := h & mask
	for x.slots[p].idx != 0 {
		p = (p + 1) & mask
	}
	x.slots[p] = k
}

// add adds s, which the index does not hold, and returns its index.
func (x *nameIndex) add(s string) int32 {
	if 2*(len(x.names)+1) > len(x.slots) {
		x.reserve(max(1, len(x.names)))
	}
	i := int32(len(x.names))
	x.names = append(x.names, s)
	x.place(s, i)
	return i
}

// lookup returns the index of s and whether the index holds it.
func (x *nameIndex) lookup(s string) (int32, bool) {
	if len(x.slots) == 0 {
		return 0, false
	}
	k, h := x.key(s)
	mask := uint64(len(x.slots) - 1)
	for p := h & mask; ; p = (p + 1) & mask {
		sl := &x.slots[p]
		if sl.idx == 0 {
			return 0, false
		}
		// Equal heads and lengths of at most 8 bytes are equal names.
		if sl.head == k.head && sl.tag == k.tag && sl.n == k.n && (len(s) <= 8 || x.names[sl.idx-1] == s) {
			return sl.idx - 1, true
		}
	}
}

// count returns the number of names in the index.
func (x *nameIndex) count() int { return len(x.names) }

// touchBatch is the most names touch reads the slots of at once.
const touchBatch = 32

// touch reads the first slot of each of names, at most touchBatch of them, and
// returns a value made of them (for the caller to keep, so that the reads are
// not dropped). It hashes all the names first and then reads the slots in a
// tight loop, so that their cache misses overlap and the lookups that follow
// find the slots in the cache: a prefetch.
func (x *nameIndex) touch(names []string) int32 {
	if len(x.slots) == 0 {
		return 0
	}
	var pos [touchBatch]uint64
	names = names[:min(len(names), touchBatch)]
	mask := uint64(len(x.slots) - 1)
	for i, s := range names {
		pos[i] = maphash.String(x.seed, s) & mask
	}
	var sum int32
	for _, p := range pos[:len(names)] {
		sum += x.slots[p].idx
	}
	return sum
}
