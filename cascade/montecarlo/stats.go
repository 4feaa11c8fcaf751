package montecarlo

import (
	"math"
	"math/big"
	"math/bits"
)

// wilsonZ is the standard normal quantile for a two-sided 95% interval.
const wilsonZ = 1.959963984540054

// Wilson returns the 95% Wilson score interval [low, high] (fractions 0–1) for a
// proportion of successes out of n trials. With n = 0 it returns [0, 1].
func Wilson(successes, n int64) (low, high float64) {
	if n <= 0 {
		return 0, 1
	}
	nf := float64(n)
	p := float64(successes) / nf
	z2 := wilsonZ * wilsonZ
	den := 1 + z2/nf
	center := (p + z2/(2*nf)) / den
	half := wilsonZ / den * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	low, high = center-half, center+half
	// Exact bounds at the edges; clamp rounding noise elsewhere.
	if successes == 0 {
		low = 0
	}
	if successes == n {
		high = 1
	}
	return max(low, 0), min(high, 1)
}

// FewEvents is the number of events below which an estimate is flagged as resting on
// too few events: a proportion with fewer than FewEvents failures (or fewer than
// FewEvents non-failures) among its trials, other than none at all.
const FewEvents = 10

// fewEvents reports whether a proportion of k out of n rests on too few events: 0 < k <
// FewEvents or 0 < n-k < FewEvents. With k = 0 or k = n the Wilson interval already says
// how little is known.
func fewEvents(k, n int64) bool {
	return (k > 0 && k < FewEvents) || (n-k > 0 && n-k < FewEvents)
}

// nearestRank returns the 1-based rank of the pct-th percentile (0 < pct <= 100) of
// n sorted values by the nearest-rank method: ceil(pct/100 * n), at least 1.
func nearestRank(pct int, n int64) int64 {
	// ceil(pct*n/100) in integers; pct*n cannot overflow for n < 2^56.
	hi, lo := bits.Mul64(uint64(pct), uint64(n))
	q, r := bits.Div64(hi, lo, 100)
	if r != 0 {
		q++
	}
	return max(int64(q), 1)
}

// u128 is an unsigned 128-bit integer, used for exact sums of failure times in seconds:
// integer sums are the same in any order, so aggregates merge exactly.
type u128 struct{ hi, lo uint64 }

// add returns s + v; it wraps silently beyond 2^128, which sums of int64 counts over
// fewer than 2^64 trials cannot reach.
func (s u128) add(v u128) u128 {
	lo, c := bits.Add64(s.lo, v.lo, 0)
	hi, _ := bits.Add64(s.hi, v.hi, c)
	return u128{hi, lo}
}

// sub returns s - v; it wraps below 0, which callers rule out.
func (s u128) sub(v u128) u128 {
	lo, b := bits.Sub64(s.lo, v.lo, 0)
	hi, _ := bits.Sub64(s.hi, v.hi, b)
	return u128{hi, lo}
}

// big returns s as a big.Int.
func (s u128) big() *big.Int {
	b := new(big.Int).SetUint64(s.hi)
	b.Lsh(b, 64)
	return b.Or(b, new(big.Int).SetUint64(s.lo))
}

// addU returns s + v.
func (s u128) addU(v uint64) u128 {
	lo, c := bits.Add64(s.lo, v, 0)
	return u128{s.hi + c, lo}
}

// float returns s as the nearest float64.
func (s u128) float() float64 {
	return float64(s.hi)*0x1p64 + float64(s.lo)
}

// String returns s in decimal.
func (s u128) String() string { return s.big().String() }

// parseU128 parses a decimal string written by u128.String.
func parseU128(str string) (u128, bool) {
	b, ok := new(big.Int).SetString(str, 10)
	if !ok || b.Sign() < 0 || b.BitLen() > 128 {
		return u128{}, false
	}
	lo := new(big.Int).And(b, new(big.Int).SetUint64(math.MaxUint64)).Uint64()
	hi := new(big.Int).Rsh(b, 64).Uint64()
	return u128{hi, lo}, true
}
