package cascade

import (
	"math"
	"math/bits"
	"slices"

	"github.com/cascade-infra/cascade/model"
)

// noCW is restoreState.cwSince of an asset that could not work on the last resolved
// second; beforeZero that of an asset that could work on every second so far (seconds
// before 0 count as could-work).
const (
	noCW       int64 = math.MaxInt64
	beforeZero int64 = math.MinInt64 / 2
)

// restoreState is a run's state: the resolved state of the last processed second, and
// what the next seconds need of the past. Each asset's and each group's state is one
// struct, so that a delivery or a can-work test touches few cache lines.
type restoreState struct {
	as []aState // per asset
	gs []gState // per group
	gc []gCount // per group: what deliveries update, apart for a small footprint
	// damage stretches per asset: dStart/dEnd[dFirst[a]:dFirst[a+1]], sorted, disjoint
	dFirst       []int32
	dStart, dEnd []int64
	// failed has bit a set when asset a has failed in this run
	failed []uint64
	// comp is C(a) per asset, or Never, and compEnd the end of its compromise,
	// C(a) + recover(a) or Never (set for the compromised assets, orderC)
	comp, compEnd []int64
	// flips logs every change of an asset's resolved state, in time order (for Why),
	// and firsts the failed assets in the order of their first down flips (the
	// second that sets an asset's bit in failed appends it, and its time to
	// Timeline.Failure)
	flips  []flip
	firsts []int32
	// What the summary at H finds, for a Monte Carlo tally (Result.HorizonDown): the
	// failed assets down for some second within [0, H) with those seconds, and the
	// assets down at H, both by index; and the sectors whose down fraction at H
	// reaches their threshold.
	downA []int32
	downS []int64
	downH []int32
	secsH []int32
	// orderC lists the compromised assets as restoreCompromise settled them, in rounds
	// starting at roundsC: a round's compromises come from earlier rounds' (for causes)
	orderC, roundsC []int32
	// compTL lists the assets whose Timeline.Compromise the last summary set
	compTL []int32

	smark []uint32 // per sector: epoch of the second that touched it
	// epoch counts the resolved seconds across runs, so that the marks of a run's
	// assets and groups are below those of the next run: a run starts at epoch0,
	// which marks the records it set up before its first second (that second's epoch
	// is epoch0+1). A record with a mark below epoch0 is left from an earlier run
	// and stands for its initial state (aState.fresh, gState.fresh), which its first
	// touch restores: records are reset as the run reaches them, not by a copy.
	epoch, epoch0 uint32
	// dirtyNet is the network of the records in as and gs
	dirtyNet *Network

	cands, work, grps, secs []int32
	dl                      []uint32 // a second's deliveries: group<<1 | up

	sDownW     []float64
	sDownN     []int32
	failedW    []float64 // per sector, the failed weight and count at H (the summary's)
	failedN    []int32
	lossW      []float64
	sReach     []bool
	belowSince []int64

	q   radixHeap
	cur []item

	hits []hitRec
	ivs  []ivRec

	// the crews' scratch (runCrews): per asset 1 + its job's index, the jobs, the queue
	// and the running jobs' ends; the assets still waiting for a crew at H
	jobOf    []int32
	jobs     []crewJob
	crewQ    []queued
	crewEnds []endItem
	waiting  []int32

	// The damage of the last run, which depends only on the network, the horizon and
	// the physical hits in the order drawn: a run with the same (a Monte Carlo trial
	// whose hits all have probability 1, or another run of one scenario) reuses
	// dFirst, dStart, dEnd, waiting and these repairs.
	dmgNet     *Network
	dmgH       int64
	dmgHits    []hitRec
	dmgRepairs []Repair
}

// aState is an asset's state in a run, what the run finds of it (the Timeline's
// per-asset fields, copied there at the end), and what the run reads of the asset's
// network, in one 64-byte record: touching an asset reads one cache line. Its first
// failure is its first down flip (st.failed, st.flips), its compromise in st.comp.
type aState struct {
	cwSince int64 // start of the current could-work stretch, or noCW
	// since is the start of the current down stretch, or of the current working
	// stretch after a failure (the restored second)
	since   int64
	down    int64 // seconds down before the current down stretch
	outages int32
	mark    uint32
	dCur    int32 // its first damage stretch not yet over, counted from dFirst[a]

	outLo, zeroEnd int32 // its out edges in out from outLo, the zero-delay ones first
	gLo, gHi       int32 // its groups
	sector         int32

	working bool
	prev    bool // working on the previous second (valid when marked this second)
	damaged bool // as of the last second it was touched
	cw      bool // a down asset: can work, as the up phase last found
	comp    bool // compromised at some second of the run (st.comp, st.compEnd)
	dmg     bool // damaged at some second of the run (damage stretches in st.dFirst)
	restart bool // it has a restart time (restoreNet.restart)
	delayed bool // it has out edges with a delay: out[zeroEnd:outStart[a+1]]
}

// gState is a supply group's state in a run, with what the run reads of the group's
// network (its asset and backup).
type gState struct {
	res, resT  int64 // reservoir (seconds) at the start of second resT
	unsupSince int64 // start of the current unsupplied stretch
	backup     int64 // the group's backup, seconds
	asset      int32
	mark       uint32
	drain      bool // draining since resT (unsupplied and the asset working)
	prevSup    bool // supplied on the last resolved second
}

// fresh sets the fields of a group's record that a run changes to their values before
// the run (those of restoreNet.gs0). A group the run has not touched is supplied (its
// count starts at its number of suppliers, at least k): only OnBackup and Why read an
// unsupplied group's record, and only the run's own records.
func (g *gState) fresh() {
	g.res, g.resT, g.unsupSince, g.drain, g.prevSup = g.backup, 0, Never, false, true
}

// gCount is the part of a group's state that every delivery reads and writes.
type gCount struct {
	cnt, k int32 // suppliers seen up, suppliers needed
}

// supplied reports whether the group sees at least k suppliers up.
func (c gCount) supplied() bool { return c.cnt >= c.k }

type flip struct {
	t  int64
	a  int32
	up bool
}

type hitRec struct {
	t int64
	a int32
}

type ivRec struct {
	a    int32
	s, e int64
}

// Queue items of the run: a touched asset (a<<2|1), or a delivery of the out edges of
// one supplier with one delay starting at out position p, carrying a change to up
// (p<<2|2) or to down (p<<2).
const (
	itemTouch = 1
	itemUp    = 2
)

// reservoirAt returns group g's reservoir at the start of second t >= resT, seconds.
func (g *gState) reservoirAt(t int64) int64 {
	r := g.res
	if g.drain {
		r -= t - g.resT
	}
	return r
}

// damagedAt reports whether a is damaged at t, advancing its cursor; t must not
// decrease between calls for one asset.
func (st *restoreState) damagedAt(a int32, t int64) bool {
	x := &st.as[a]
	lo := st.dFirst[a]
	c, end := lo+x.dCur, st.dFirst[a+1]
	for c < end && st.dEnd[c] <= t {
		c++
	}
	x.dCur = c - lo
	return c < end && st.dStart[c] <= t
}

// compromisedAt reports whether asset a is compromised at t.
func (st *restoreState) compromisedAt(a int32, t int64) bool {
	return st.comp[a] <= t && t < st.compEnd[a]
}

func (st *restoreState) reset(n *Network, rn *restoreNet) {
	na, ng, ns := n.NumAssets(), n.NumGroups(), n.NumSectors()
	// The records need no reset (epoch0): on the 10k benchmark model their copy was a
	// third of a trial's last-level cache misses.
	if st.dirtyNet != n || len(st.as) != na || len(st.gs) != ng {
		st.as, st.gs = resize(st.as, na), resize(st.gs, ng)
		copy(st.as, rn.as0)
		copy(st.gs, rn.gs0)
		st.dirtyNet = n
	}
	if st.epoch >= math.MaxUint32-1 { // the run's epochs would wrap: forget all marks
		for i := range st.as {
			st.as[i].mark = 0
		}
		for i := range st.gs {
			st.gs[i].mark = 0
		}
		st.epoch = 0
	}
	st.epoch0 = st.epoch + 1
	st.epoch = st.epoch0
	// the last run's compromised assets are the only ones with a C(a)
	// (restoreCompromise)
	if len(st.comp) != na {
		st.comp = fill(st.comp, na, Never)
		st.compEnd = resize(st.compEnd, na)
	} else {
		for _, a := range st.orderC {
			st.comp[a] = Never
		}
	}
	st.orderC = st.orderC[:0]
	st.gc = resize(st.gc, ng)
	copy(st.gc, rn.gc0)
	st.flips, st.firsts = st.flips[:0], st.firsts[:0]
	st.failed = resize(st.failed, (na+63)/64)
	clear(st.failed)
	st.smark = resize(st.smark, ns)
	st.sDownW = resize(st.sDownW, ns)
	st.sDownN = resize(st.sDownN, ns)
	st.sReach = resize(st.sReach, ns)
	st.belowSince = resize(st.belowSince, ns)
	for s := range ns {
		st.smark[s], st.sDownW[s], st.sDownN[s], st.sReach[s], st.belowSince[s] = 0, 0, 0, false, Never
	}
	st.q.reset()
}

// fresh sets the fields of an asset's record that a run changes to their values before
// the run (those of restoreNet.as0).
func (x *aState) fresh() {
	x.cwSince, x.since, x.down, x.outages, x.dCur = beforeZero, Never, 0, 0, 0
	x.working, x.damaged, x.cw, x.comp, x.dmg = true, false, false, false, false
}

// use returns asset a's record for the run, setting it up if the run has not yet
// (restoreState.epoch0), without touching the asset.
func (st *restoreState) use(a int32) *aState {
	x := &st.as[a]
	if x.mark < st.epoch0 {
		x.fresh()
		x.mark = st.epoch0
	}
	return x
}

// asset returns asset a's state in the run: its state before the run when the run has
// not reached it.
func (st *restoreState) asset(a int32) aState {
	x := st.as[a]
	if x.mark < st.epoch0 {
		x.fresh()
	}
	return x
}

// restore is the run: damage from the hits and crews, compromise, then the seconds.
func (n *Network) restore(tl *Timeline, rn *restoreNet, sc *Scenario, h int64, dr *draws) {
	st := &tl.st
	na := n.NumAssets()
	// the last summary's compromised assets are the only ones with a time: reset those
	if len(tl.Compromise) != na {
		tl.Compromise = fill(tl.Compromise, na, Never)
	} else {
		for _, a := range st.compTL {
			tl.Compromise[a] = Never
		}
	}
	st.compTL = st.compTL[:0]
	st.reset(n, rn)
	ns := n.NumSectors()
	tl.Sectors = resize(tl.Sectors, ns)
	for s := range ns {
		tl.Sectors[s] = SectorTimeline{FirstImpact: Never, FailedAt: Never, RestoredAt: Never}
	}
	tl.Events = 0
	tl.Failure = resize(tl.Failure, na)
	fillNever(tl.Failure) // the seconds set the failures (restoreSecond)

	n.restoreDamage(tl, rn, sc, h, dr)
	tl.resetAlerts(n.al, h)
	n.restoreCompromise(st, &tl.alertState, sc, h, dr)
	q := &st.q
	q.reset()
	for k, iv := range st.ivs {
		st.use(iv.a).dmg = true
		q.push(uint64(st.dStart[k]), uint32(iv.a)<<2|itemTouch)
		if e := st.dEnd[k]; e <= h {
			q.push(uint64(e), uint32(iv.a)<<2|itemTouch)
		}
	}
	for _, a := range st.orderC {
		c := st.comp[a]
		st.use(a).comp = true
		q.push(uint64(c), uint32(a)<<2|itemTouch)
		st.compEnd[a] = Never
		if r := rn.recover[a]; r > 0 {
			st.compEnd[a] = c + r
			if r <= h-c {
				q.push(uint64(c+r), uint32(a)<<2|itemTouch)
			}
		}
	}

	for q.size > 0 {
		st.cur = q.popMin(st.cur[:0])
		t := int64(st.cur[0].key)
		tl.Events += int64(len(st.cur))
		n.restoreSecond(tl, rn, st, st.cur, t, h, dr)
	}
	n.restoreSummary(tl, st, h)
}

// restoreSummary fills the Timeline's per-asset and per-sector summaries at h (the
// seconds have set Failure). Only the assets that failed (st.failed) differ from an
// asset that was never down, so only they are visited, in index order as the sums
// need; the same pass lists what a Monte Carlo tally reads (st.downA, downS, downH,
// secsH).
func (n *Network) restoreSummary(tl *Timeline, st *restoreState, h int64) {
	na, ns := n.NumAssets(), n.NumSectors()
	// copies, which stream, in place of loops that store each value
	tl.Restored = resize(tl.Restored, na)
	fillNever(tl.Restored)
	tl.Down = resize(tl.Down, na)
	clear(tl.Down)
	tl.Outages = resize(tl.Outages, na)
	clear(tl.Outages)
	// Compromise is Never but for the last run's compromised assets (restore)
	for _, a := range st.orderC {
		tl.Compromise[a] = st.comp[a]
	}
	st.compTL = append(st.compTL, st.orderC...)
	for s := range ns {
		sr := &tl.Sectors[s]
		if n.sTotal[s] > 0 {
			sr.DownFraction = st.sDownW[s] / n.sTotal[s]
			if st.sDownN[s] == n.sCount[s] {
				sr.DownFraction = 1
			}
		}
		if sr.FailedAt != Never && !st.sReach[s] {
			sr.RestoredAt = st.belowSince[s]
		}
	}
	st.failedW, st.failedN, st.lossW = resize(st.failedW, ns), resize(st.failedN, ns), resize(st.lossW, ns)
	failedW, failedN, lossW := st.failedW, st.failedN, st.lossW
	clear(failedW)
	clear(failedN)
	clear(lossW)
	downA, downS, downH := st.downA[:0], st.downS[:0], st.downH[:0]
	for w, word := range st.failed {
		for word != 0 {
			a := int32(w<<6 + bits.TrailingZeros64(word))
			word &= word - 1
			x := &st.as[a]
			if x.working {
				tl.Restored[a] = x.since
			} else {
				x.down += h - x.since
				downH = append(downH, a)
			}
			tl.Down[a], tl.Outages[a] = x.down, x.outages
			if x.down > 0 {
				downA = append(downA, a)
				downS = append(downS, x.down)
			}
			s, wt := x.sector, n.weight[a]
			failedW[s] += wt
			failedN[s]++
			lossW[s] += wt * float64(x.down)
		}
	}
	st.downA, st.downS, st.downH = downA, downS, downH
	for s := range ns {
		sr := &tl.Sectors[s]
		if n.sTotal[s] > 0 {
			sr.FailedFraction = math.Min(1, failedW[s]/n.sTotal[s])
			if failedN[s] == n.sCount[s] {
				sr.FailedFraction = 1
			}
			sr.Loss = lossW[s] / n.sTotal[s]
		}
	}
	// after the sums above: it reuses their scratch, which runRestoration reads only
	// when sums are exact, and then sectorsDownAtH leaves it alone
	n.sectorsDownAtH(st)
}

// nevers is a block of Never for fillNever: small enough to stay in the L1 cache.
var nevers = func() *[1024]int64 {
	var b [1024]int64
	for i := range b {
		b[i] = Never
	}
	return &b
}()

// fillNever sets every element of s to Never with copies of a block, which stream,
// where a loop stores one value at a time (fill: 4.6 instructions per element).
func fillNever(s []int64) {
	for len(s) > 0 {
		s = s[copy(s, nevers[:]):]
	}
}

// fill returns s resized to n elements, each v.
func fill[T any](s []T, n int, v T) []T {
	s = resize(s, n)
	for i := range s {
		s[i] = v
	}
	return s
}

// sectorsDownAtH lists in st.secsH the sectors whose down fraction at H reaches their
// threshold, the weight down at H summed in order of first failure (st.firsts), as a
// batch has always counted them. When sums of weights are exact in any order, that sum
// is the run's own down weight at H (st.sDownW), and whether it reaches the threshold
// is the run's st.sReach, with no pass over the failures.
func (n *Network) sectorsDownAtH(st *restoreState) {
	secs := st.secsH[:0]
	ns := n.NumSectors()
	if n.exactSums {
		for s := range int32(ns) {
			if st.sReach[s] {
				secs = append(secs, s)
			}
		}
		st.secsH = secs
		return
	}
	w, cnt := st.failedW, st.failedN // their sums are done
	clear(w)
	clear(cnt)
	for _, a := range st.firsts {
		if !st.as[a].working {
			s := n.sector[a]
			w[s] += n.weight[a]
			cnt[s]++
		}
	}
	for s := range int32(ns) {
		if cnt[s] > 0 && n.ReachesThreshold(s, w[s], cnt[s]) {
			secs = append(secs, s)
		}
	}
	st.secsH = secs
}

// touch marks asset a as touched by the current second, remembering its previous state.
func (st *restoreState) touch(a int32) {
	x := &st.as[a]
	if x.mark != st.epoch {
		if x.mark < st.epoch0 {
			x.fresh()
		}
		x.mark = st.epoch
		x.prev = x.working
		st.cands = append(st.cands, a)
	}
}

// canWork reports whether asset a can work at t on the current state.
func (st *restoreState) canWork(rn *restoreNet, a int32, t int64) bool {
	x := &st.as[a]
	if x.damaged || x.comp && st.compromisedAt(a, t) {
		return false
	}
	for i, c := range st.gc[x.gLo:x.gHi] {
		if !c.supplied() && st.gs[int(x.gLo)+i].reservoirAt(t) <= 0 {
			return false
		}
	}
	return true
}

// live reports whether out edge e carries changes in this run.
func (rn *restoreNet) live(e *rEdge, dr *draws) bool {
	if e.draw < 0 || !dr.mc {
		return true
	}
	d := &rn.draw[e.draw]
	return mix64(dr.edgeBase+d.key)>>11 < d.thr
}

// restoreSecond resolves second t, given the items queued for it.
func (n *Network) restoreSecond(tl *Timeline, rn *restoreNet, st *restoreState, items []item, t, h int64, dr *draws) {
	st.epoch++
	if st.epoch == 0 { // wrapped: the run's records keep mark 1 = epoch0, the others 0
		for i := range st.as {
			x := &st.as[i]
			x.mark = uint32(b2i(x.mark >= st.epoch0))
		}
		for i := range st.gs {
			x := &st.gs[i]
			x.mark = uint32(b2i(x.mark >= st.epoch0))
		}
		clear(st.smark)
		st.epoch, st.epoch0 = 2, 1
	}
	st.cands, st.grps, st.secs = st.cands[:0], st.grps[:0], st.secs[:0]
	out := rn.out
	// What happens at t: touched assets, and the delay lines' deliveries. The
	// deliveries are gathered first and applied in a second loop, so that the cache
	// misses of independent edges and groups overlap.
	dl := st.dl[:0]
	for _, it := range items {
		if it.val&itemTouch != 0 {
			st.touch(int32(it.val >> 2))
			continue
		}
		p := int32(it.val >> 2)
		up := uint32(it.val & itemUp)
		e := &out[p]
		next, last := e.runEnd, false
		if next < 0 {
			next, last = ^next, true
		}
		for q := p; q < next; q++ {
			if e := &out[q]; rn.live(e, dr) {
				dl = append(dl, uint32(e.grp)<<1|up>>1)
			}
		}
		// the next delay of the same change
		if !last {
			if s, d := t-int64(e.delay), int64(out[next].delay); d <= h-s {
				st.q.push(uint64(s+d), up|uint32(next)<<2)
			}
		}
	}
	// Apply the counts without branches, keeping the groups that cross k (see
	// deliver), then touch those.
	gs, gc := st.gs, st.gc
	nc := 0
	for _, x := range dl {
		g := &gc[x>>1]
		up := int32(x & 1)
		old := g.cnt
		g.cnt = old + 2*up - 1
		dl[nc] = x >> 1
		nc += b2i(old+up == g.k)
	}
	for _, gi := range dl[:nc] {
		st.touchGroup(int32(gi))
		st.touch(gs[gi].asset)
	}
	st.dl = dl
	if len(st.cands) == 0 {
		// Nothing crossed a group's k and nothing was touched (on the 10k benchmark
		// model, 44% of the seconds): no asset, group or sector can change, since only
		// touchGroup and touch (both via the candidates) list them.
		return
	}
	for _, a := range st.cands {
		// only the assets with damage read their stretches (most touched assets have
		// none: a cache miss saved on each)
		if x := &st.as[a]; x.dmg {
			x.damaged = st.damagedAt(a, t)
		}
	}
	// Down phase.
	st.work = append(st.work[:0], st.cands...)
	for len(st.work) > 0 {
		a := st.work[len(st.work)-1]
		st.work = st.work[:len(st.work)-1]
		if !st.as[a].working || st.canWork(rn, a, t) {
			continue
		}
		st.as[a].working = false
		for p, end := st.as[a].outLo, st.as[a].zeroEnd; p < end; p++ {
			if !rn.live(&out[p], dr) {
				continue
			}
			w := st.deliver(out[p].grp, false)
			if w >= 0 && st.as[w].working {
				st.work = append(st.work, w)
			}
		}
	}
	// Up phase. An asset that stopped in the down phase is not tested again unless an
	// up delivery touches it: it stopped because it could not work, and the rest of the
	// down phase only made its inputs worse.
	st.work = st.work[:0]
	for _, a := range st.cands {
		switch x := &st.as[a]; {
		case x.working:
		case x.prev:
			x.cw = false
		default:
			st.work = append(st.work, a)
		}
	}
	for len(st.work) > 0 {
		a := st.work[len(st.work)-1]
		st.work = st.work[:len(st.work)-1]
		x := &st.as[a]
		if x.working {
			continue
		}
		x.cw = st.canWork(rn, a, t)
		if !x.cw {
			continue
		}
		if r := rn.restart[a]; x.restart && (x.cwSince == noCW || x.cwSince > t-r) {
			continue
		}
		x.working = true
		for p, end := st.as[a].outLo, st.as[a].zeroEnd; p < end; p++ {
			if !rn.live(&out[p], dr) {
				continue
			}
			w := st.deliver(out[p].grp, true)
			if w >= 0 && !st.as[w].working {
				st.work = append(st.work, w)
			}
		}
	}
	// The resolved state of t: record the changes and schedule what they cause.
	for _, a := range st.cands {
		x := &st.as[a]
		now := x.working
		if now != x.prev {
			st.flips = append(st.flips, flip{t, a, now})
			s := x.sector
			if st.smark[s] != st.epoch {
				st.smark[s] = st.epoch
				st.secs = append(st.secs, s)
			}
			var dir uint32
			if !now {
				if w, bit := a>>6, uint64(1)<<(a&63); st.failed[w]&bit == 0 {
					st.failed[w] |= bit
					tl.Failure[a] = t
					st.firsts = append(st.firsts, a)
					if sr := &tl.Sectors[s]; sr.FirstImpact == Never {
						sr.FirstImpact = t
					}
				}
				x.outages++
				x.since = t
				st.sDownW[s] += n.weight[a]
				st.sDownN[s]++
			} else {
				x.down += t - x.since
				x.since = t
				st.sDownW[s] -= n.weight[a]
				st.sDownN[s]--
				dir = itemUp
			}
			if p := x.zeroEnd; x.delayed && int64(out[p].delay) <= h-t {
				st.q.push(uint64(t+int64(out[p].delay)), uint32(p)<<2|dir)
			}
			for g := x.gLo; g < x.gHi; g++ {
				st.touchGroup(g)
			}
		}
		// A down asset's last can-work test in the up phase still holds: in that
		// phase its inputs only improve, and each improvement tests it again.
		cw := now || x.cw
		switch {
		case !cw:
			x.cwSince = noCW
		case x.cwSince == noCW:
			x.cwSince = t
			if !now && x.restart && rn.restart[a] <= h-t {
				r := rn.restart[a]
				st.q.push(uint64(t+r), uint32(a)<<2|itemTouch)
			}
		}
	}
	for _, gi := range st.grps {
		g := &st.gs[gi]
		r := g.reservoirAt(t)
		sup := st.gc[gi].supplied()
		drain := !sup && st.as[g.asset].working
		if drain && !g.drain && r > 0 && r <= h-t {
			st.q.push(uint64(t+r), uint32(g.asset)<<2|itemTouch)
		}
		g.res, g.resT, g.drain = r, t, drain
		if sup != g.prevSup {
			if !sup {
				g.unsupSince = t
			}
			g.prevSup = sup
		}
	}
	for _, s := range st.secs {
		reach := st.sDownN[s] > 0 && n.ReachesThreshold(s, st.sDownW[s], st.sDownN[s])
		sr := &tl.Sectors[s]
		if reach && sr.FailedAt == Never {
			sr.FailedAt = t
		}
		if reach != st.sReach[s] {
			if !reach {
				st.belowSince[s] = t
			}
			st.sReach[s] = reach
		}
	}
}

func (st *restoreState) touchGroup(g int32) {
	x := &st.gs[g]
	if x.mark != st.epoch {
		if x.mark < st.epoch0 {
			x.fresh()
		}
		x.mark = st.epoch
		st.grps = append(st.grps, g)
	}
}

// deliver changes what group g sees of one supplier (to up or down). Only a change
// that crosses k — the group becomes supplied or unsupplied — can change what its asset
// can do, so only then are the group and the asset touched; deliver returns the asset
// then, else -1.
func (st *restoreState) deliver(g int32, up bool) int32 {
	c := &st.gc[g]
	var crossed bool
	if up {
		c.cnt++
		crossed = c.cnt == c.k
	} else {
		crossed = c.cnt == c.k
		c.cnt--
	}
	if !crossed {
		return -1
	}
	st.touchGroup(g)
	a := st.gs[g].asset
	st.touch(a)
	return a
}

// restoreCompromise computes C(a) for every asset (Never beyond h): the earliest cyber
// hit or arrival along live cyber edges, whatever the assets' working state, unless its
// operator's protection came first; and the detections, alerts and protections into al.
func (n *Network) restoreCompromise(st *restoreState, al *alertState, sc *Scenario, h int64, dr *draws) {
	prot := n.HasProtection()
	q := &st.q
	q.reset()
	comp := st.comp // x(a) until it settles
	for ei := range sc.Events {
		ev := &sc.Events[ei]
		if ev.Kind != model.CyberEvent || ev.At > h || !(ev.Probability > 0) {
			continue
		}
		evHash := nameHash(ev.Name)
		for _, a := range ev.Assets {
			if ev.At < comp[a] && dr.hit(hitKey(evHash, n.aHash[a]), ev.Probability) {
				comp[a] = ev.At
				q.push(uint64(ev.At), uint32(a))
			}
		}
	}
	st.orderC, st.roundsC = st.orderC[:0], st.roundsC[:0]
	for q.size > 0 {
		st.cur = q.popMin(st.cur[:0])
		t := int64(st.cur[0].key)
		st.roundsC = append(st.roundsC, int32(len(st.orderC)))
		for _, it := range st.cur {
			a := int32(it.val)
			if comp[a] != t {
				continue
			}
			if n.al != nil {
				// comp holds the attempt x(a) until it settles here
				if prot && al.blocks(a, t) {
					continue
				}
				if o := n.al.op[a]; o >= 0 {
					al.compromised(o, t)
				}
			}
			st.orderC = append(st.orderC, a)
			hot := n.hot[a]
			for i := hot.cyberLo; i < hot.cyberHi; i++ {
				ce := &n.cyberOut[i]
				if ce.delay > h-t || t+ce.delay >= comp[ce.dst] {
					continue
				}
				if !dr.liveAt(ce.flags, ce.key, n.cyberThr[i]) {
					continue
				}
				comp[ce.dst] = t + ce.delay
				q.push(uint64(t+ce.delay), uint32(ce.dst))
			}
		}
	}
	for _, a := range al.blocked {
		comp[a] = Never
	}
}

// restoreDamage turns the physical hits within h into damage stretches per asset, running
// the crews' queues of the organizations that have crews, and fills tl.Repairs.
func (n *Network) restoreDamage(tl *Timeline, rn *restoreNet, sc *Scenario, h int64, dr *draws) {
	st := &tl.st
	hits := st.hits[:0]
	for ei := range sc.Events {
		ev := &sc.Events[ei]
		if ev.Kind != model.PhysicalEvent || ev.At > h || !(ev.Probability > 0) {
			continue
		}
		evHash := nameHash(ev.Name)
		for _, a := range ev.Assets {
			if dr.hit(hitKey(evHash, n.aHash[a]), ev.Probability) {
				hits = append(hits, hitRec{ev.At, a})
			}
		}
	}
	na := n.NumAssets()
	if st.dmgNet == n && st.dmgH == h && slices.Equal(hits, st.dmgHits) {
		st.hits = hits
		tl.Repairs = append(tl.Repairs[:0], st.dmgRepairs...)
		return
	}
	st.dmgNet, st.dmgH, st.dmgHits = n, h, append(st.dmgHits[:0], hits...)
	st.jobOf = resize(st.jobOf, na)
	st.waiting = st.waiting[:0]
	// by (crew organization, asset or time, ...): unlimited assets by (asset, time),
	// crewed ones by (organization, time, asset)
	key := func(x hitRec) int32 { return rn.crewOrg[x.a] }
	slices.SortFunc(hits, func(x, y hitRec) int {
		ox, oy := key(x), key(y)
		if ox != oy {
			return int(ox) - int(oy)
		}
		if ox < 0 {
			if x.a != y.a {
				return int(x.a) - int(y.a)
			}
			return cmpInt64(x.t, y.t)
		}
		if x.t != y.t {
			return cmpInt64(x.t, y.t)
		}
		return int(x.a) - int(y.a)
	})
	hits = slices.Compact(hits)
	st.hits = hits
	ivs := st.ivs[:0]
	tl.Repairs = tl.Repairs[:0]
	i := 0
	for i < len(hits) && rn.crewOrg[hits[i].a] < 0 {
		a := hits[i].a
		rep := rn.repair[a]
		if rep == 0 {
			ivs = append(ivs, ivRec{a, hits[i].t, Never})
			for i < len(hits) && hits[i].a == a {
				i++
			}
			continue
		}
		s, e := hits[i].t, AddTime(hits[i].t, rep)
		for i++; i < len(hits) && hits[i].a == a; i++ {
			if hits[i].t <= e {
				e = max(e, AddTime(hits[i].t, rep))
				continue
			}
			ivs = append(ivs, ivRec{a, s, e})
			s, e = hits[i].t, AddTime(hits[i].t, rep)
		}
		ivs = append(ivs, ivRec{a, s, e})
	}
	for i < len(hits) {
		o := rn.crewOrg[hits[i].a]
		j := i
		for j < len(hits) && rn.crewOrg[hits[j].a] == o {
			j++
		}
		ivs = runCrews(rn, st, hits[i:j], int(rn.crews[o]), o, h, ivs, &tl.Repairs)
		i = j
	}
	// per asset, in order
	slices.SortFunc(ivs, func(x, y ivRec) int {
		if x.a != y.a {
			return int(x.a) - int(y.a)
		}
		return cmpInt64(x.s, y.s)
	})
	st.ivs = ivs
	st.dFirst = resize(st.dFirst, na+1)
	clear(st.dFirst)
	st.dStart = resize(st.dStart, len(ivs))
	st.dEnd = resize(st.dEnd, len(ivs))
	for k, iv := range ivs {
		st.dFirst[iv.a+1]++
		st.dStart[k], st.dEnd[k] = iv.s, iv.e
	}
	for a := range na {
		st.dFirst[a+1] += st.dFirst[a]
	}
	rs := tl.Repairs
	slices.SortStableFunc(rs, func(x, y Repair) int {
		xw, yw := x.Start == Never, y.Start == Never
		switch {
		case xw != yw:
			if xw {
				return 1
			}
			return -1
		case !xw:
			if x.Start != y.Start {
				return cmpInt64(x.Start, y.Start)
			}
		default:
			if x.Damaged != y.Damaged {
				return cmpInt64(x.Damaged, y.Damaged)
			}
		}
		return int(x.Asset) - int(y.Asset)
	})
	st.dmgRepairs = append(st.dmgRepairs[:0], rs...)
}

func cmpInt64(x, y int64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}
