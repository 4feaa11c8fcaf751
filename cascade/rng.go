package cascade

// Counter-based random draws for Monte Carlo trials. Every draw is a pure function of
// (seed, trial, key): the SplitMix64 finalizer applied to a per-trial base plus the key
// times the golden-ratio increment, i.e. element `key` of the SplitMix64 stream whose
// state is the trial's base. Edge draws and hit draws use separate bases.

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

// EdgeDraw returns the uniform number in [0,1) that decides whether edge e is live in
// trial `trial` under seed: it is live iff EdgeDraw < probability (so probability 1 is
// always live and 0 never). It is exported so tests and tools can reproduce a trial.
func EdgeDraw(seed, trial uint64, e int32) float64 {
	eb, _ := trialBases(seed, trial)
	return unit(mix64(eb + uint64(e)*golden))
}

// HitDraw returns the uniform number in [0,1) that decides whether event ev (its index
// in the scenario) hits asset a in trial `trial` under seed: hit iff HitDraw < the
// event's probability.
func HitDraw(seed, trial uint64, ev int, a int32) float64 {
	_, hb := trialBases(seed, trial)
	return unit(mix64(hb + (uint64(ev)<<32|uint64(uint32(a)))*golden))
}

// draws holds one run's liveness rule.
type draws struct {
	mc       bool
	edgeBase uint64
	hitBase  uint64
}

// live reports whether an edge with the given flags, id and probability is live: liveAt
// with the threshold of p, so that deriving causes after a run draws exactly as the run did.
func (d *draws) live(flags uint8, id int32, p float64) bool {
	return d.liveAt(flags, id, liveThreshold(p))
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
// live(flags, id, p) for thr = liveThreshold(p), without a float conversion.
func (d *draws) liveAt(flags uint8, id int32, thr uint64) bool {
	if flags&flagAlways != 0 {
		return true
	}
	if flags&flagMaybe == 0 {
		return false
	}
	if !d.mc {
		return true
	}
	return mix64(d.edgeBase+uint64(id)*golden)>>11 < thr
}

// hit reports whether event ev with probability p hits asset a.
func (d *draws) hit(ev int, a int32, p float64) bool {
	if p >= 1 {
		return true
	}
	if !(p > 0) {
		return false
	}
	if !d.mc {
		return true
	}
	return unit(mix64(d.hitBase+(uint64(ev)<<32|uint64(uint32(a)))*golden)) < p
}
