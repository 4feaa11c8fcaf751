package cascade

import "math"

// The run over time, for pictures: each asset's down stretches and each sector's down
// fraction as a step series, read from the restoration engine's log of changes (or, for
// a run without restoration, from the permanent failures). docs/semantics.md,
// "Restoration", defines the states.

// Stretch is a half-open interval [Start, End) of seconds during which an asset is
// down.
type Stretch struct {
	// Start is the first second the asset is down.
	Start int64
	// End is the first second it works again, or Never when it is still down at the
	// horizon (for a run without restoration: always Never).
	End int64
}

// DownStretches returns the down stretches of asset a in time order: with restoration
// one per outage (Outages(a) of them, the last ending Never when a is down at the
// horizon), without it one [Failure[a], Never) for a failed asset; nil for an asset
// that never failed. The slice is new.
func (r *Result) DownStretches(a int32) []Stretch {
	if !r.restored {
		if f := r.Failure[a]; f != Never {
			return []Stretch{{Start: f, End: Never}}
		}
		return nil
	}
	start, pos := r.flipIndex()
	flips := r.tl.st.flips
	var out []Stretch
	for _, p := range pos[start[a]:start[a+1]] {
		f := flips[p]
		if f.up {
			out[len(out)-1].End = f.t
		} else {
			out = append(out, Stretch{Start: f.t, End: Never})
		}
	}
	return out
}

// SectorStep is a point at which a sector's down fraction changes.
type SectorStep struct {
	// T is the second from which Fraction holds.
	T int64
	// Fraction is the weight of the sector's assets down from T on over its total
	// weight, 0–1 (exactly 0 when none is down, exactly 1 when all are).
	Fraction float64
}

// SectorDownSeries returns the down fraction of sector s over the run as steps in time
// order, one per second at which one of its assets goes down or comes back; before the
// first step it is 0. With
// restoration the fraction falls again as assets come back, so the last step holds at
// the horizon (its Fraction is SectorRestoration(s).DownFraction, up to rounding) and
// the area under the steps over [0, H) is the sector's Loss. Without restoration it is
// the failed fraction, rising at each distinct failure time (the weights summed in
// order of failure, then asset index). A sector without weight or without failures has
// no steps. The slice is new.
func (r *Result) SectorDownSeries(s int32) []SectorStep {
	n := r.net
	total, count := n.sTotal[s], n.sCount[s]
	if total <= 0 {
		return nil
	}
	var out []SectorStep
	var w float64
	var down int32
	step := func(t int64) {
		f := math.Min(math.Max(w/total, 0), 1)
		switch down {
		case 0:
			f = 0
		case count:
			f = 1
		}
		if k := len(out); k > 0 && out[k-1].T == t {
			out[k-1].Fraction = f
		} else {
			out = append(out, SectorStep{T: t, Fraction: f})
		}
	}
	if !r.restored {
		for _, a := range r.timeOrder() {
			if n.sector[a] != s {
				continue
			}
			w += n.weight[a]
			down++
			step(r.Failure[a])
		}
		return out
	}
	for _, f := range r.tl.st.flips {
		if n.sector[f.a] != s {
			continue
		}
		if f.up {
			w -= n.weight[f.a]
			down--
		} else {
			w += n.weight[f.a]
			down++
		}
		step(f.t)
	}
	return out
}
