package cascade

import (
	"slices"

	"github.com/cascade-infra/cascade/model"
)

// A variant of a model (a mitigation applied) usually changes the failure times of few
// assets in a trial: those downstream of a changed asset whose times actually move.
// Delta computes a variant's run from the baseline's run of the same trial, evaluating
// only the assets whose failure or compromise can differ (docs/semantics.md,
// "Mitigations and comparison"):
//
//   - The changed assets (those whose supply groups or dependencies differ) are dirty
//     from the start: their times are computed from their inputs.
//   - Every other asset keeps the baseline's times until one of its suppliers' times
//     differs. Lemma: an unchanged asset whose inputs agree with the baseline's before
//     time δ and whose baseline time is before δ has the baseline's time. So when a
//     supplier's time first differs, at τ = the earlier of its two times, a dependent
//     along a live edge of weight w becomes dirty only if its baseline time is at
//     least τ + w; its baseline times before τ are final.
//   - Dirty assets are settled time by time as the engine settles them. Within one
//     time t (zero delays), the failures at t are the least fixed point given the
//     clean assets' baseline times; when that makes an asset dirty whose baseline
//     time is t, the time t is settled again with it dirty.
//
// The result equals a full run of the variant (TestDeltaEqualsRun on random models and
// mitigations); it is used where a run has no restoration and no protection.

// Delta is a variant network compiled against its baseline: the same assets (by index,
// name, sector and weight) and scenario events, with the supply groups and dependencies
// of some assets changed. It is immutable and safe for concurrent use.
type Delta struct {
	n       *Network // the variant
	changed []int32  // the assets whose groups or dependencies differ from the baseline's
	in      []inEdge // per edge id of n (edges are by dependent): what eval reads
	// hits of the scenario per asset: hits[hitStart[a]:hitStart[a+1]]
	hitStart []int32
	hits     []deltaHit
	// the live out edges of weight 0 per asset, supply and cyber:
	// zero[zeroStart[a]:zeroStart[a+1]]
	zeroStart []int32
	zero      []zeroEdge
}

// inEdge is an edge as eval reads it, in one place.
type inEdge struct {
	key, thr uint64 // its draws' key and liveness threshold
	delay    int64
	src      int32
	flags    uint8
	cyber    bool
}

// zeroEdge is an out edge of weight 0 (no delay, and no backup when its group is lost
// at its first arrival): a dependent that may fail at the supplier's time.
type zeroEdge struct {
	key, thr uint64
	dst      int32
	flags    uint8
}

// deltaHit is one event's hit of an asset.
type deltaHit struct {
	at    int64
	p     float64
	key   uint64 // hitKey of the event's and the asset's names
	cyber bool
}

// NewDelta compiles variant, with its scenario sc, against base: it returns false when
// the variant cannot be run from the baseline's runs (other assets or sectors, other
// weights, restoration or protection in either, weights whose sums are not exact).
func NewDelta(base, variant *Network, sc *Scenario) (*Delta, bool) {
	if base.NumAssets() != variant.NumAssets() || base.NumSectors() != variant.NumSectors() ||
		base.HasRestoration() || variant.HasRestoration() || base.HasProtection() || variant.HasProtection() ||
		!base.exactSums || !variant.exactSums {
		return nil, false
	}
	for s := range base.sThreshold {
		if base.sThreshold[s] != variant.sThreshold[s] || base.sTotal[s] != variant.sTotal[s] || base.sCount[s] != variant.sCount[s] {
			return nil, false
		}
	}
	d := &Delta{n: variant, in: make([]inEdge, variant.NumEdges())}
	for e := range d.in {
		d.in[e] = inEdge{key: variant.eKey[e], thr: liveThreshold(variant.eProb[e]), delay: variant.eDelay[e],
			src: variant.eSrc[e], flags: variant.eFlags[e], cyber: variant.eKind[e] == model.Cyber}
	}
	for a := range int32(base.NumAssets()) {
		if base.assetNames[a] != variant.assetNames[a] || base.sector[a] != variant.sector[a] || base.weight[a] != variant.weight[a] {
			return nil, false
		}
		if !sameSupply(base, variant, a) {
			d.changed = append(d.changed, a)
		}
	}
	d.buildZero()
	d.hitStart = make([]int32, variant.NumAssets()+1)
	for _, ev := range sc.Events {
		for _, a := range ev.Assets {
			d.hitStart[a+1]++
		}
	}
	for a := range variant.NumAssets() {
		d.hitStart[a+1] += d.hitStart[a]
	}
	d.hits = make([]deltaHit, d.hitStart[variant.NumAssets()])
	next := slices.Clone(d.hitStart)
	for _, ev := range sc.Events {
		h := nameHash(ev.Name)
		for _, a := range ev.Assets {
			d.hits[next[a]] = deltaHit{at: ev.At, p: ev.Probability, key: hitKey(h, variant.aHash[a]), cyber: ev.Kind == model.CyberEvent}
			next[a]++
		}
	}
	return d, true
}

// buildZero lists each asset's out edges of weight 0.
func (d *Delta) buildZero() {
	n := d.n
	d.zeroStart = make([]int32, n.NumAssets()+1)
	for a := range n.hot {
		h := &n.hot[a]
		for j := h.outLo; j < h.outLive; j++ {
			if oe := &n.out[j]; oe.w == 0 {
				d.zero = append(d.zero, zeroEdge{key: oe.key, thr: oe.thr, dst: oe.dst, flags: flagMaybe})
			}
		}
		for i := h.cyberLo; i < h.cyberHi; i++ {
			if ce := &n.cyberOut[i]; ce.delay == 0 {
				d.zero = append(d.zero, zeroEdge{key: ce.key, thr: n.cyberThr[i], dst: ce.dst, flags: ce.flags})
			}
		}
		d.zeroStart[a+1] = int32(len(d.zero))
	}
}

// sameSupply reports whether asset a has the same supply groups and dependencies in n
// and v.
func sameSupply(n, v *Network, a int32) bool {
	g0, g1 := n.AssetGroups(a)
	h0, h1 := v.AssetGroups(a)
	if g1-g0 != h1-h0 {
		return false
	}
	for i := range g1 - g0 {
		g, h := g0+i, h0+i
		if n.groups[g].m != v.groups[h].m || n.groups[g].backup != v.groups[h].backup || n.gK[g] != v.gK[h] {
			return false
		}
		e0, e1 := n.GroupEdges(g)
		f0, f1 := v.GroupEdges(h)
		if e1-e0 != f1-f0 {
			return false
		}
		for j := range e1 - e0 {
			e, f := e0+j, f0+j
			if n.eSrc[e] != v.eSrc[f] || n.eDelay[e] != v.eDelay[f] || n.eProb[e] != v.eProb[f] || n.eKind[e] != v.eKind[f] || n.eKey[e] != v.eKey[f] {
				return false
			}
		}
	}
	return true
}

// NumChanged returns the number of assets whose supply groups or dependencies the
// variant changes.
func (d *Delta) NumChanged() int { return len(d.changed) }

// DeltaRun is the working memory and the outcome of a Delta run. The zero value is
// ready; it must not be used by two goroutines at once.
type DeltaRun struct {
	base  *Result
	lim   int64
	dirty []bool
	list  []int32 // the dirty assets
	fv    []int64 // the failure times known: the baseline's for a clean asset, for a dirty one its settled time or Never
	cv    []int64 // the compromise times, likewise
	setF  []bool
	setC  []bool
	heap  []deltaItem
	stamp []uint64 // the step in which an asset was last put in the step's work
	// closed is the step in which closeAt last looked at an asset's zero-weight edges
	closed []uint64
	step   uint64
	work   []int32
	at     []int32 // the assets settled in the current step
	atSet  []uint8 // what the current step set of each: 1 its failure, 2 its compromise
	q      []int32
	buf    []int64
	// notified: 1 when the dependents of a dirty asset were told that its failure
	// differs, 2 its compromise (once is enough: the first time is the earliest)
	notified []uint8
	// watchers: the dirty assets that read each asset's times, as linked lists:
	// watchHead[u] is the first node (-1: none), then per node the next one, the
	// dependent and the least time after the supplier's at which the edge can make it
	// fail (its delay, plus its group's backup unless it is a cyber edge).
	watchHead, watchNext, watchDst []int32
	watchW                         []int64
	watched                        []int32 // the assets with watchers

	failed, compromised int
	sectorW             []float64
	sectorN             []int32
	changes             []DeltaChange
}

// DeltaChange is an asset whose times differ between the baseline's run and the
// variant's, in seconds (Never: not within the horizon).
type DeltaChange struct {
	Asset                      int32
	BaseFailure, Failure       int64
	BaseCompromise, Compromise int64
}

type deltaItem struct {
	t int64
	a int32
}

// Run computes into dr the variant's run for the same trial (seed, trial, horizon) as
// base, a run of the baseline.
func (d *Delta) Run(dr *DeltaRun, base *Result) {
	n := d.n
	na := n.NumAssets()
	dr.base, dr.lim = base, base.limit()
	if len(dr.dirty) != na {
		dr.dirty, dr.fv, dr.cv = make([]bool, na), make([]int64, na), make([]int64, na)
		dr.setF, dr.setC, dr.stamp = make([]bool, na), make([]bool, na), make([]uint64, na)
		dr.notified, dr.watchHead, dr.closed = make([]uint8, na), make([]int32, na), make([]uint64, na)
		for i := range dr.watchHead {
			dr.watchHead[i] = -1
		}
	}
	for _, a := range dr.list {
		dr.dirty[a] = false
	}
	copy(dr.fv, base.Failure)
	copy(dr.cv, base.Compromise)
	for _, u := range dr.watched {
		dr.watchHead[u] = -1
	}
	dr.list, dr.heap = dr.list[:0], dr.heap[:0]
	dr.watched, dr.watchNext, dr.watchDst, dr.watchW = dr.watched[:0], dr.watchNext[:0], dr.watchDst[:0], dr.watchW[:0]
	for _, a := range d.changed {
		d.mark(dr, a, -1)
	}
	for len(dr.heap) > 0 {
		t := dr.heap[0].t
		dr.step++
		dr.work = dr.work[:0]
		for len(dr.heap) > 0 && dr.heap[0].t == t {
			a := dr.popItem().a
			if dr.stamp[a] != dr.step {
				dr.stamp[a] = dr.step
				dr.work = append(dr.work, a)
			}
		}
		d.settleStep(dr, t)
	}
	d.summarize(dr)
}

// mark makes asset a dirty at time t (-1 before the run): its times before t are the
// baseline's and final, the others are computed. The dirty dependents that read a's
// baseline times are evaluated again.
func (d *Delta) mark(dr *DeltaRun, a int32, t int64) {
	F, C := dr.base.Failure, dr.base.Compromise
	dr.dirty[a] = true
	dr.list = append(dr.list, a)
	dr.fv[a], dr.cv[a] = Never, Never
	dr.setF[a], dr.setC[a] = false, false
	dr.notified[a] = 0
	n := d.n
	for g := n.groupStart[a]; g < n.groupStart[a+1]; g++ {
		for e := n.edgeStart[g]; e < n.edgeStart[g+1]; e++ {
			u := n.eSrc[e]
			if dr.watchHead[u] < 0 {
				dr.watched = append(dr.watched, u)
			}
			w := n.eDelay[e]
			if n.eKind[e] != model.Cyber {
				w = AddTime(w, n.groups[g].backup)
			}
			dr.watchNext = append(dr.watchNext, dr.watchHead[u])
			dr.watchDst = append(dr.watchDst, a)
			dr.watchW = append(dr.watchW, w)
			dr.watchHead[u] = int32(len(dr.watchDst) - 1)
		}
	}
	if F[a] < t {
		dr.fv[a], dr.setF[a] = F[a], true
	}
	if C[a] < t {
		dr.cv[a], dr.setC[a] = C[a], true
	}
	for _, x := range [2]int64{F[a], C[a]} {
		if x != Never && x >= t {
			dr.push(x, a) // the baseline's time: where a difference shows when a fails later
		}
	}
	f, c := d.eval(dr, a)
	dr.pushNext(a, f, c, -1)
	// The dirty assets that read a's baseline times, evaluated at those times, find
	// their next times then.
}

// pushNext pushes the times f and c (from eval) at which dirty asset a may next fail
// or be compromised, those after t that are not settled.
func (dr *DeltaRun) pushNext(a int32, f, c, t int64) {
	if f != Never && f > t && !dr.setF[a] {
		dr.push(f, a)
	}
	if c != Never && c > t && c != f && !dr.setC[a] {
		dr.push(c, a)
	}
}

// scheduleWatchers pushes, for each dirty asset that reads u's times and is not
// settled, the least time at which u's settling at t can make it fail.
func (dr *DeltaRun) scheduleWatchers(u int32, t int64) {
	for i := dr.watchHead[u]; i >= 0; i = dr.watchNext[i] {
		if y := dr.watchDst[i]; !(dr.setF[y] && dr.setC[y]) {
			if x := AddTime(t, dr.watchW[i]); x != Never {
				dr.push(x, y)
			}
		}
	}
}

// eval returns the failure and compromise times of asset a that its hits and its
// suppliers' known times give in the variant (Never beyond the horizon), as the
// engine's rules give them.
func (d *Delta) eval(dr *DeltaRun, a int32) (f, c int64) {
	n, lim, draws := d.n, dr.lim, &dr.base.draws
	f, c = Never, Never
	for _, h := range d.hits[d.hitStart[a]:d.hitStart[a+1]] {
		if h.at > lim || !(h.p > 0) || !draws.hit(h.key, h.p) {
			continue
		}
		if h.cyber {
			c = min(c, h.at)
		}
		f = min(f, h.at)
	}
	for g := n.groupStart[a]; g < n.groupStart[a+1]; g++ {
		gi := n.groups[g]
		buf := dr.buf[:0]
		for e := n.edgeStart[g]; e < n.edgeStart[g+1]; e++ {
			ie := &d.in[e]
			if !draws.liveAt(ie.flags, ie.key, ie.thr) {
				continue
			}
			u := ie.src
			if ie.cyber {
				if cu := dr.cv[u]; cu != Never {
					if x := AddTime(cu, ie.delay); x <= lim {
						c = min(c, x)
					}
				}
			}
			if fu := dr.fv[u]; fu != Never {
				if x := AddTime(fu, ie.delay); x <= lim {
					buf = append(buf, x)
				}
			}
		}
		dr.buf = buf
		if gi.m == 0 || len(buf) < int(gi.m) {
			continue
		}
		var loss int64
		switch int(gi.m) {
		case 1:
			loss = slices.Min(buf)
		case len(buf):
			loss = slices.Max(buf)
		default:
			slices.Sort(buf)
			loss = buf[gi.m-1]
		}
		if x := AddTime(loss, gi.backup); x <= lim {
			f = min(f, x)
		}
	}
	return min(f, c), c
}

// forDependents calls fn for every dependent y of u along an edge that is live in the
// run: with the edge's weight (delay, plus the backup of a group lost at its first
// arrival) and false for a supply edge, with its delay and true for a cyber edge.
func (d *Delta) forDependents(dr *DeltaRun, u int32, fn func(y int32, w int64, cyber bool)) {
	n, draws := d.n, &dr.base.draws
	h := &n.hot[u]
	for j := h.outLo; j < h.outLive; j++ {
		oe := &n.out[j]
		if draws.liveAt(flagMaybe, oe.key, oe.thr) {
			fn(oe.dst, oe.w, false)
		}
	}
	for i := h.cyberLo; i < h.cyberHi; i++ {
		ce := &n.cyberOut[i]
		if draws.liveAt(ce.flags, ce.key, n.cyberThr[i]) {
			fn(ce.dst, ce.delay, true)
		}
	}
}

// settleStep settles the dirty assets that fail or are compromised at t, starting from
// dr.work, and makes dirty the dependents of the assets whose times differ at t.
func (d *Delta) settleStep(dr *DeltaRun, t int64) {
	F, C := dr.base.Failure, dr.base.Compromise
	for {
		dr.at, dr.atSet = dr.at[:0], dr.atSet[:0]
		q := append(dr.q[:0], dr.work...)
		restart := false
		for len(q) > 0 && !restart {
			a := q[len(q)-1]
			q = q[:len(q)-1]
			// A clean asset that fails or is compromised at t in the baseline behind
			// a zero-weight edge from a may owe that to a (a cycle at one time) when
			// a fails or is compromised at t in either run: it cannot be taken as
			// given, so it becomes dirty; if the step has settled anything already, it
			// settles t again.
			if (F[a] == t || C[a] == t) && d.closeAt(dr, a, t, &q) {
				restart = len(dr.at) > 0
			}
			if restart || dr.setF[a] && dr.setC[a] {
				continue
			}
			f, c := d.eval(dr, a)
			setC := !dr.setC[a] && c <= t
			setF := !dr.setF[a] && f <= t
			dr.pushNext(a, f, c, t)
			if !setC && !setF {
				continue
			}
			if setC {
				dr.cv[a], dr.setC[a] = c, true
			}
			if setF {
				dr.fv[a], dr.setF[a] = f, true
			}
			dr.at = append(dr.at, a)
			dr.atSet = append(dr.atSet, uint8(b2i(setF)|2*b2i(setC)))
			if d.closeAt(dr, a, t, &q) {
				restart = true
				continue
			}
			for i := dr.watchHead[a]; i >= 0; i = dr.watchNext[i] {
				if y := dr.watchDst[i]; dr.watchW[i] == 0 && !(dr.setF[y] && dr.setC[y]) {
					q = append(q, y)
				}
			}
		}
		dr.q = q
		if restart {
			d.unsettle(dr)
			continue
		}
		// The differences at t: an asset settled at t whose baseline time is not t,
		// or a baseline time t that the variant did not reach.
		redo := false
		notify := func(a int32) {
			dF := (dr.setF[a] && dr.fv[a] == t) != (F[a] == t) && dr.notified[a]&1 == 0
			dC := (dr.setC[a] && dr.cv[a] == t) != (C[a] == t) && dr.notified[a]&2 == 0
			if !dF && !dC {
				return
			}
			dr.notified[a] |= uint8(b2i(dF) | 2*b2i(dC))
			d.forDependents(dr, a, func(y int32, w int64, cyber bool) {
				if dr.dirty[y] || cyber && !dC || !cyber && !dF {
					return
				}
				at := AddTime(t, w)
				if F[y] >= at || cyber && C[y] >= at {
					d.mark(dr, y, t)
					if F[y] == t || C[y] == t {
						redo = true
						dr.work = append(dr.work, y)
					}
				}
			})
		}
		for _, a := range dr.work {
			notify(a)
		}
		for _, a := range dr.at {
			if dr.stamp[a] != dr.step {
				notify(a)
			}
		}
		if !redo {
			break
		}
		// A clean asset whose baseline time t the step read became dirty: settle t
		// again without it.
		d.unsettle(dr)
	}
	for _, a := range dr.at {
		dr.scheduleWatchers(a, t)
	}
}

// closeAt makes dirty, at time t, the clean dependents of a behind a live edge of
// weight 0 that fail or are compromised at t in the baseline, once per step for a, and
// puts them in the step's work and in q. It reports whether it made any dirty.
func (d *Delta) closeAt(dr *DeltaRun, a int32, t int64, q *[]int32) bool {
	if dr.closed[a] == dr.step {
		return false
	}
	dr.closed[a] = dr.step
	F, C, draws := dr.base.Failure, dr.base.Compromise, &dr.base.draws
	marked := false
	for _, z := range d.zero[d.zeroStart[a]:d.zeroStart[a+1]] {
		y := z.dst
		if !dr.dirty[y] && (F[y] == t || C[y] == t) && draws.liveAt(z.flags, z.key, z.thr) {
			d.mark(dr, y, t)
			dr.stamp[y] = dr.step
			dr.work = append(dr.work, y)
			*q = append(*q, y)
			marked = true
		}
	}
	return marked
}

// unsettle undoes what the current step settled, and puts the assets it settled
// in its work, to settle t again.
func (d *Delta) unsettle(dr *DeltaRun) {
	for i, a := range dr.at {
		if dr.atSet[i]&1 != 0 {
			dr.fv[a], dr.setF[a] = Never, false
		}
		if dr.atSet[i]&2 != 0 {
			dr.cv[a], dr.setC[a] = Never, false
		}
		if dr.stamp[a] != dr.step {
			dr.stamp[a] = dr.step
			dr.work = append(dr.work, a)
		}
	}
}

// summarize derives the variant's counts and sector sums from the baseline's and the
// dirty assets' times.
func (d *Delta) summarize(dr *DeltaRun) {
	n, b := d.n, dr.base
	dr.failed, dr.compromised = b.NumFailed(), len(b.orderC)
	ns := n.NumSectors()
	dr.sectorW, dr.sectorN = resize(dr.sectorW, ns), resize(dr.sectorN, ns)
	for s := range ns {
		dr.sectorW[s], dr.sectorN[s] = b.Sectors[s].FailedWeight, b.sectorCount[s]
	}
	dr.changes = dr.changes[:0]
	for _, a := range dr.list {
		fb, cb, f, c := b.Failure[a], b.Compromise[a], dr.fv[a], dr.cv[a]
		if f == fb && c == cb {
			continue
		}
		dr.changes = append(dr.changes, DeltaChange{Asset: a, BaseFailure: fb, Failure: f, BaseCompromise: cb, Compromise: c})
		s, w := n.sector[a], n.weight[a]
		if fb != Never {
			dr.failed--
			dr.sectorW[s] -= w
			dr.sectorN[s]--
		}
		if f != Never {
			dr.failed++
			dr.sectorW[s] += w
			dr.sectorN[s]++
		}
		dr.compromised += b2i(c != Never) - b2i(cb != Never)
	}
}

// NumFailed returns the number of assets that fail in the variant's run.
func (dr *DeltaRun) NumFailed() int { return dr.failed }

// NumCompromised returns the number of assets compromised in the variant's run.
func (dr *DeltaRun) NumCompromised() int { return dr.compromised }

// SectorFailed reports whether sector s fails in the variant's run.
func (dr *DeltaRun) SectorFailed(n *Network, s int32) bool {
	return dr.sectorN[s] > 0 && n.ReachesThreshold(s, dr.sectorW[s], dr.sectorN[s])
}

// Changes returns the assets whose times differ from the baseline's run, in no
// particular order. The slice belongs to dr.
func (dr *DeltaRun) Changes() []DeltaChange { return dr.changes }

func (dr *DeltaRun) push(t int64, a int32) {
	h := append(dr.heap, deltaItem{t, a})
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if h[p].t <= t {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = deltaItem{t, a}
	dr.heap = h
}

func (dr *DeltaRun) popItem() deltaItem {
	h := dr.heap
	top := h[0]
	last := h[len(h)-1]
	h = h[:len(h)-1]
	i := 0
	for {
		c := 2*i + 1
		if c >= len(h) {
			break
		}
		if c+1 < len(h) && h[c+1].t < h[c].t {
			c++
		}
		if h[c].t >= last.t {
			break
		}
		h[i] = h[c]
		i = c
	}
	if len(h) > 0 {
		h[i] = last
	}
	dr.heap = h
	return top
}
