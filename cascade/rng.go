package cascade

// Counter-based random draws for Monte Carlo trials. Every draw is a pure function of
// (seed, trial, key): the SplitMix64 finalizer applied to a per-trial base plus the key,
// where the key is a hash of the names of what the draw is about (see EdgeKey). Edge
// draws and hit draws use separate bases.

import "math"

const (
	golden   = 0x9e3779b97f4a7c15
	edgeSalt = 0x5851f42d4c957f2d
	hitSalt  = 0x14057b7ef767814f
)

// mix64 is the SplitMix64 finalizer: a bijection of uint64 with good avalanche.
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// trialBases returns the edge and hit stream bases of trial index under seed.
func trialBases(seed, trial uint64) (edge, hit uint64) {
	b := mix64(mix64(seed+golden) ^ mix64(trial^edgeSalt))
	return mix64(b ^ edgeSalt), mix64(b ^ hitSalt)
}

// unit turns 64 random bits into a uniform float64 in [0,1).
func unit(h uint64) float64 { return float64(h>>11) * 0x1p-53 }

// Stable keys. Draws are keyed by names, never by positions: an edge's by the names
// of its supplier, its dependent and its supply group, a hit's by the names of its
// event and its asset. Adding, removing or reordering other blocks of a model changes
// no draw, so two variants of a model draw the same numbers for what they share
// (common random numbers, as compare needs).

// nameHash is a well-mixed 64-bit hash of a name: FNV-1a, then the SplitMix64
// finalizer.
func nameHash(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	return mix64(h)
}

// edgeKey combines the name hashes of an edge's supplier, dependent and group.
func edgeKey(supplier, dependent, group uint64) uint64 {
	return mix64(supplier ^ mix64(dependent+group*golden))
}

// hitKey combines the name hashes of an event and an asset.
func hitKey(event, asset uint64) uint64 { return mix64(event + asset*golden) }

// EdgeKey returns the key of the random draws of the edge from supplier to dependent in
// its supply group (named "" for the asset's own group).
func EdgeKey(supplier, dependent, group string) uint64 {
	return edgeKey(nameHash(supplier), nameHash(dependent), nameHash(group))
}

// HitKey returns the key of the random draws of the hit of event on asset.
func HitKey(event, asset string) uint64 { return hitKey(nameHash(event), nameHash(asset)) }

// EdgeDraw returns the uniform number in [0,1) that decides whether the edge of the
// given key (EdgeKey) is live in trial `trial` under seed: it is live iff EdgeDraw <
// probability (so probability 1 is always live and 0 never). It is exported so tests
// and tools can reproduce a trial.
func EdgeDraw(seed, trial, key uint64) float64 {
	eb, _ := trialBases(seed, trial)
	return unit(mix64(eb + key))
}

// HitDraw returns the uniform number in [0,1) that decides whether the hit of the given
// key (HitKey) happens in trial `trial` under seed: hit iff HitDraw < the event's
// probability.
func HitDraw(seed, trial, key uint64) float64 {
	_, hb := trialBases(seed, trial)
	return unit(mix64(hb + key))
}

// draws holds one run's liveness rule.
type draws struct {
	mc       bool
	edgeBase uint64
	hitBase  uint64
}

// live reports whether an edge with the given flags, key and probability is live:
// liveAt with the threshold of p, so that deriving causes after a run draws exactly as
// the run did.
func (d *draws) live(flags uint8, key uint64, p float64) bool {
	return d.liveAt(flags, key, liveThreshold(p))
}

// liveThreshold returns the integer form of probability p in [0,1] for liveAt: for
// every 64-bit h, unit(h) < p exactly when h>>11 < liveThreshold(p).
//
// Why it is exact: x = h>>11 is an integer below 2^53, so float64(x) and x*2^-53 are
// exact, and unit(h) < p is the real inequality x < p*2^53. Scaling p by 2^53 is exact
// too (a power of two, no overflow for p <= 1, and a subnormal p only gains exponent),
// and for an integer x, x < y holds exactly when x < ceil(y). The result is at most 2^53.
func liveThreshold(p float64) uint64 {
	if !(p > 0) {
		return 0
	}
	return uint64(math.Ceil(p * 0x1p53))
}

// liveAt is live with the probability given as its liveThreshold: the same answer as
// live(flags, key, p) for thr = liveThreshold(p), without a float conversion.
func (d *draws) liveAt(flags uint8, key uint64, thr uint64) bool {
	if flags&flagAlways != 0 {
		return true
	}
	if flags&flagMaybe == 0 {
		return false
	}
	if !d.mc {
		return true
	}
	return mix64(d.edgeBase+key)>>11 < thr
}

// hit reports whether the hit of the given key (hitKey) happens, its event having
// probability p.
func (d *draws) hit(key uint64, p float64) bool {
	if p >= 1 {
		return true
	}
	if !(p > 0) {
		return false
	}
	if !d.mc {
		return true
	}
	return unit(mix64(d.hitBase+key)) < p
}
