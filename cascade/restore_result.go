package cascade

import (
	"cmp"
	"math"
	"slices"
)

// A run on a network with restoration (some asset has repair or recover) and a horizon
// resolves every second with the restoration engine (restore_run.go) and presents the
// outcome as a Result: Failure is each asset's first failure, Compromise its first
// compromise, the sectors' FailedAt the first second their down fraction reaches the
// threshold; the methods below add when things come back and how much service was
// lost. A run without restoration gives the same methods their values for permanent
// failures (docs/semantics.md, "Restoration").

// restoreFits reports whether the restoration engine can run n with horizon h.
func (n *Network) restoreFits(h int64) bool {
	return h != Never && h < Never/2 && len(n.weight) < 1<<30 && n.NumEdges() < 1<<30 && n.rest.maxDelay <= math.MaxUint32
}

// runRestoration runs sc on n with restoration into r, which reset has prepared.
func (n *Network) runRestoration(r *Result, sc *Scenario) {
	if r.tl == nil {
		r.tl = new(Timeline)
	}
	tl := r.tl
	rn := n.restoreData()
	tl.net, tl.sc, tl.Horizon, tl.draws = n, sc, r.horizon, r.draws
	n.restore(tl, rn, sc, r.horizon, &tl.draws)
	r.restored = true
	copy(r.Failure, tl.Failure)
	for _, a := range tl.st.orderC { // reset set every other to Never
		r.Compromise[a] = tl.Compromise[a]
	}
	r.alertState.copyFrom(&tl.alertState)
	// The failures in the order of their first down flips, one round each, so that a
	// cause only names suppliers that went down earlier (see restoreCause).
	r.order = append(r.order, tl.st.firsts...) // reset left both empty
	r.roundsF = resize(r.roundsF, len(tl.st.firsts))
	for i := range r.roundsF {
		r.roundsF[i] = int32(i)
	}
	r.orderC = append(r.orderC, tl.st.orderC...)
	r.roundsC = append(r.roundsC, tl.st.roundsC...)
	for s := range r.Sectors {
		ts := &tl.Sectors[s]
		r.Sectors[s] = SectorResult{FirstImpact: ts.FirstImpact, FailedAt: ts.FailedAt, FailedFraction: ts.FailedFraction}
	}
	// FailedWeight in order of (first failure, index), like the fast path's sums; any
	// order gives the same bits when sums of weights are exact (sorting the failures
	// was a sixth of a batch trial on the 10k benchmark model): the summary's sums in
	// index order then are those sums.
	if n.exactSums {
		st := &tl.st
		for s := range r.Sectors {
			r.sectorCount[s] = st.failedN[s]
			r.Sectors[s].FailedWeight = st.failedW[s]
		}
		return
	}
	for _, a := range r.timeOrder() {
		s := n.sector[a]
		r.sectorCount[s]++
		r.Sectors[s].FailedWeight += n.weight[a]
	}
}

// Restoration reports whether the run resolved restoration: its network has repair or
// recover and the run a horizon. Without it every failure is permanent.
func (r *Result) Restoration() bool { return r.restored }

// Restored returns, for an asset that failed and works at the horizon, the first second
// of its working stretch that contains the horizon; Never for an asset down at the
// horizon or that never failed (so always Never without restoration).
func (r *Result) Restored(a int32) int64 {
	if !r.restored {
		return Never
	}
	return r.tl.Restored[a]
}

// DownAtHorizon reports whether asset a is down at the horizon (for a run without a
// horizon, whether it failed).
func (r *Result) DownAtHorizon(a int32) bool {
	if r.restored {
		// Restored is Never for an asset down at H, or never down (these 8-byte
		// arrays are likelier in cache than the run's per-asset records)
		return r.Failure[a] != Never && r.tl.Restored[a] == Never
	}
	return r.Failure[a] != Never
}

// DownTime returns the seconds asset a is down within [0, H): the horizon minus its
// failure for a permanent failure (0 for a failure at H), Never for a run without a
// horizon.
func (r *Result) DownTime(a int32) int64 {
	switch {
	case r.restored:
		return r.tl.Down[a]
	case r.horizon == Never:
		return Never
	case r.Failure[a] == Never:
		return 0
	}
	return r.horizon - r.Failure[a]
}

// Outages returns the number of separate down stretches of asset a that start at or
// before the horizon (0 or 1 without restoration).
func (r *Result) Outages(a int32) int32 {
	if r.restored {
		return r.tl.Outages[a]
	}
	if r.Failure[a] != Never {
		return 1
	}
	return 0
}

// HorizonDown is what a run with restoration finds down within [0, H] and at H, as
// lists for a Monte Carlo tally (a trial then needs no pass of its own over the
// failures). The slices belong to the Result and are overwritten by its next run.
type HorizonDown struct {
	// Down lists the failed assets that were down for at least one second within
	// [0, H), by index, and DownS[i] those seconds of Down[i] (DownTime).
	Down  []int32
	DownS []int64
	// AtH lists the assets down at the horizon, by index (DownAtHorizon).
	AtH []int32
	// Sectors lists the sectors whose down fraction at the horizon reaches their
	// threshold, by index: the weight of AtH's assets of the sector, summed in order
	// of first failure (Order), as ReachesThreshold judges it.
	Sectors []int32
}

// HorizonDown returns what the run finds down; the zero HorizonDown without
// restoration.
func (r *Result) HorizonDown() HorizonDown {
	if !r.restored {
		return HorizonDown{}
	}
	st := &r.tl.st
	return HorizonDown{Down: st.downA, DownS: st.downS, AtH: st.downH, Sectors: st.secsH}
}

// SectorRestoration is what a run says about a sector's service at and up to the
// horizon.
type SectorRestoration struct {
	// DownFraction is the weight of its assets down at the horizon over its total
	// weight, 0–1.
	DownFraction float64
	// RestoredAt is, for a sector that reached its threshold and is below it at the
	// horizon, the first second of its final stretch below the threshold; else Never.
	RestoredAt int64
	// Loss is the integral over [0, H) of its down fraction, in seconds: the seconds of
	// the whole sector's service lost. It is 0 for a run without a horizon.
	Loss float64
}

// SectorRestoration returns sector s's service at and up to the horizon.
func (r *Result) SectorRestoration(s int32) SectorRestoration {
	if r.restored {
		ts := &r.tl.Sectors[s]
		return SectorRestoration{DownFraction: ts.DownFraction, RestoredAt: ts.RestoredAt, Loss: ts.Loss}
	}
	return SectorRestoration{DownFraction: r.Sectors[s].FailedFraction, RestoredAt: Never, Loss: r.permanentLosses()[s]}
}

// permanentLosses returns each sector's Loss for a run without restoration: the
// weight of each failure times the seconds from it to the horizon, over the sector's
// total, summed in order of (failure, index) so that the bits do not depend on the
// order of settling. It computes them once per run.
func (r *Result) permanentLosses() []float64 {
	r.lossOnce.Do(func() {
		n := r.net
		r.loss = resize(r.loss, len(r.Sectors))
		clear(r.loss)
		if r.horizon == Never {
			return
		}
		// in order of (time, index) even when sums of weights are exact: these
		// products of weights and times need not be
		for _, a := range r.timeOrder() {
			if f := r.Failure[a]; f < r.horizon {
				r.loss[n.sector[a]] += n.weight[a] * float64(r.horizon-f)
			}
		}
		for s := range r.loss {
			if n.sTotal[s] > 0 {
				r.loss[s] /= n.sTotal[s]
			}
		}
	})
	return r.loss
}

// ServiceLoss returns the sum of every sector's Loss, in seconds (0 without a horizon).
func (r *Result) ServiceLoss() float64 {
	var l float64
	for s := range r.Sectors {
		l += r.SectorRestoration(int32(s)).Loss
	}
	return l
}

// Repairs returns the repair jobs of the run's assets whose operator has crews
// (Timeline.Repairs); nil without restoration.
func (r *Result) Repairs() []Repair {
	if !r.restored {
		return nil
	}
	return r.tl.Repairs
}

// WhyDown says why asset a is down at the horizon (Timeline.Why); the zero Why for an
// asset working at the horizon or a run without restoration.
func (r *Result) WhyDown(a int32) Why {
	if !r.restored {
		return Why{}
	}
	return r.tl.Why(a)
}

// Timeline returns the restoration engine's outcome of the run, nil without
// restoration. It belongs to the Result.
func (r *Result) Timeline() *Timeline {
	if !r.restored {
		return nil
	}
	return r.tl
}

// flipIndex returns, per asset, the positions of its flips in the run's flip log,
// computing them once.
func (r *Result) flipIndex() (start, pos []int32) {
	r.flipOnce.Do(func() {
		flips := r.tl.st.flips
		na := len(r.Failure)
		r.flipStart = resize(r.flipStart, na+1)
		clear(r.flipStart)
		for _, f := range flips {
			r.flipStart[f.a+1]++
		}
		for a := range na {
			r.flipStart[a+1] += r.flipStart[a]
		}
		r.flipPos = resize(r.flipPos, len(flips))
		next := slices.Clone(r.flipStart[:na])
		for i, f := range flips {
			r.flipPos[next[f.a]] = int32(i)
			next[f.a]++
		}
	})
	return r.flipStart, r.flipPos
}

// downAt reports whether asset u is down at second x as seen by a change at flip
// position before (-1: after all of second x): the state after its last flip at or
// before x, leaving out flips at x at or after position before.
func (r *Result) downAt(u int32, x int64, before int32) bool {
	if x < 0 {
		return false
	}
	start, pos := r.flipIndex()
	flips := r.tl.st.flips
	down := false
	for _, p := range pos[start[u]:start[u+1]] {
		f := flips[p]
		if f.t > x || (f.t == x && before >= 0 && p >= before) {
			break
		}
		down = !f.up
	}
	return down
}

// firstDownFlip returns the position of a's first down flip in the flip log.
func (r *Result) firstDownFlip(a int32) int32 {
	start, pos := r.flipIndex()
	for _, p := range pos[start[a]:start[a+1]] {
		if !r.tl.st.flips[p].up {
			return p
		}
	}
	return -1
}

// restoreCause returns the supply cause of a's first failure in a restoration run: a
// group unsupplied at that second whose reservoir is empty. The asset was working on
// every earlier second, so the reservoir held backup minus the group's unsupplied
// seconds before. LostAt is the start of the group's unsupplied stretch that reaches
// the failure, and Lost the live edges through which it sees its suppliers down then,
// by (the second the supplier went down plus the delay, edge id). Suppliers are
// preferred that went down earlier than a (in the run's log of changes); a cause
// through later ones, which only a loop of zero-delay dependencies can give, is
// accepted when there is no other.
func (r *Result) restoreCause(a int32) Cause {
	t := r.Failure[a]
	me := r.firstDownFlip(a)
	for _, before := range []int32{me, -1} {
		for g := r.net.groupStart[a]; g < r.net.groupStart[a+1]; g++ {
			if c, ok := r.restoreGroupCause(g, t, before); ok {
				return c
			}
		}
	}
	return noCause()
}

// restoreGroupCause tests whether group g, unsupplied at t as seen before flip
// position before, has used up its backup by then.
func (r *Result) restoreGroupCause(g int32, t int64, before int32) (Cause, bool) {
	n := r.net
	need := n.gK[g]
	total := n.edgeStart[g+1] - n.edgeStart[g]
	var lost []arrival
	for e := n.edgeStart[g]; e < n.edgeStart[g+1]; e++ {
		if !r.draws.live(n.eFlags[e], n.eKey[e], n.eProb[e]) {
			continue
		}
		d := n.eDelay[e]
		b := int32(-1)
		if d == 0 {
			b = before
		}
		if r.downAt(n.eSrc[e], t-d, b) {
			lost = append(lost, arrival{r.downSince(n.eSrc[e], t-d) + d, e})
		}
	}
	if total-int32(len(lost)) >= need || len(lost) == 0 {
		return Cause{}, false
	}
	// The unsupplied seconds of g before t, by a sweep over its suppliers' down
	// stretches as its edges deliver them.
	type change struct {
		t    int64
		down int32 // +1 a supplier is seen down from t, -1 up again
	}
	var ch []change
	start, pos := r.flipIndex()
	flips := r.tl.st.flips
	for e := n.edgeStart[g]; e < n.edgeStart[g+1]; e++ {
		if !r.draws.live(n.eFlags[e], n.eKey[e], n.eProb[e]) {
			continue
		}
		d, u := n.eDelay[e], n.eSrc[e]
		for _, p := range pos[start[u]:start[u+1]] {
			f := flips[p]
			if f.t+d >= t {
				break
			}
			if f.up {
				ch = append(ch, change{f.t + d, -1})
			} else {
				ch = append(ch, change{f.t + d, 1})
			}
		}
	}
	slices.SortFunc(ch, func(x, y change) int { return cmp.Compare(x.t, y.t) })
	var unsup, down, prev int64
	sup, since := true, t
	for i := 0; i < len(ch); {
		at := ch[i].t
		if !sup {
			unsup += at - prev
		}
		for i < len(ch) && ch[i].t == at {
			down += int64(ch[i].down)
			i++
		}
		prev = at
		now := total-int32(down) >= need
		if sup && !now {
			since = at
		}
		sup = now
	}
	if !sup {
		unsup += t - prev
	} else {
		since = t // the group loses its supply at t itself
	}
	if unsup < n.groups[g].backup {
		return Cause{}, false
	}
	slices.SortFunc(lost, func(x, y arrival) int {
		if c := cmp.Compare(x.t, y.t); c != 0 {
			return c
		}
		return cmp.Compare(x.e, y.e)
	})
	c := noCause()
	c.Kind, c.Group, c.LostAt = CauseSupply, g, since
	for _, x := range lost {
		c.Lost = append(c.Lost, x.e)
	}
	c.Edge = c.Lost[len(c.Lost)-1]
	return c, true
}

// downSince returns the start of the down stretch of u that contains second x.
func (r *Result) downSince(u int32, x int64) int64 {
	start, pos := r.flipIndex()
	flips := r.tl.st.flips
	s := int64(0)
	for _, p := range pos[start[u]:start[u+1]] {
		f := flips[p]
		if f.t > x {
			break
		}
		if !f.up {
			s = f.t
		}
	}
	return s
}

// WaitLoop returns a loop of assets down at the horizon that wait for each other
// through supply alone — a black-start deadlock — that runs through a, starting with a:
// each asset's next is a supplier it waits for (WhyDown), and the last waits for a. It
// is nil when a is not on such a loop (or the run has no restoration). Only assets that
// nothing else keeps down (no damage, no compromise, not restarting) are followed.
func (r *Result) WaitLoop(a int32) []int32 {
	if !r.restored || !r.DownAtHorizon(a) {
		return nil
	}
	waits := func(x int32) []int32 {
		w := r.WhyDown(x)
		if w.Damaged || w.Compromised || w.Restarting {
			return nil
		}
		var out []int32
		for _, sup := range w.Suppliers {
			out = append(out, sup...)
		}
		return out
	}
	// Depth-first search for a path back to a; seen keeps it linear in the assets.
	seen := map[int32]bool{a: true}
	var path []int32
	var dfs func(x int32) bool
	dfs = func(x int32) bool {
		path = append(path, x)
		for _, u := range waits(x) {
			if u == a {
				return true
			}
			if !seen[u] {
				seen[u] = true
				if dfs(u) {
					return true
				}
			}
		}
		path = path[:len(path)-1]
		return false
	}
	if dfs(a) {
		return path
	}
	return nil
}
