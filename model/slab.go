package model

import "unsafe"

// AssetSlab is where most of a model's assets lie when a run of them, in index order,
// is one array, as Load (CSV imports, beside a few HCL assets) and the load cache's
// decoder make them: then the index of an asset a dependency points to follows from
// its address, without a load from the asset (a cache miss per dependency on a large
// model, the largest cost of walking or compiling one).
type AssetSlab struct {
	base  uintptr // the address of asset lo
	lo, n int     // the assets lo..lo+n-1 of the model; n = 0 for none
}

// SlabOf returns the longest run of m's assets that is one array in index order, or
// an empty one (every Index false) when m has no assets.
func SlabOf(m *Model) AssetSlab {
	size := unsafe.Sizeof(Asset{})
	var best, cur AssetSlab
	for i, a := range m.Assets {
		p := uintptr(unsafe.Pointer(a))
		if a == nil {
			cur = AssetSlab{}
			continue
		}
		if cur.n == 0 || p != cur.base+uintptr(cur.n)*size {
			cur = AssetSlab{base: p, lo: i}
		}
		cur.n++
		if cur.n > best.n {
			best = cur
		}
	}
	return best
}

// Len returns the number of assets of the slab, 0 for none.
func (s AssetSlab) Len() int { return s.n }

// Index returns the index of a in the model and true when a is one of the slab's
// assets, or false (nil, or another asset: then the caller checks it the long way).
func (s AssetSlab) Index(a *Asset) (int, bool) {
	off := uintptr(unsafe.Pointer(a)) - s.base
	size := unsafe.Sizeof(Asset{})
	if a == nil || off%size != 0 || off/size >= uintptr(s.n) {
		return 0, false
	}
	return s.lo + int(off/size), true
}

// indexIn returns a's index: from its address when it lies in slab, else a.Index.
func indexIn(slab AssetSlab, a *Asset) int {
	if i, ok := slab.Index(a); ok {
		return i
	}
	return a.Index
}
