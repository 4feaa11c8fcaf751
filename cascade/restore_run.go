package cascade

import (
	"math"
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
// what the next seconds need of the past.
type restoreState struct {
	working []bool // per asset
	damaged []bool // per asset, as of the last second it was touched
	waiting []bool // per asset: its damage still waits for a crew at H
	// damage stretches per asset: dStart/dEnd[dFirst[a]:dFirst[a+1]], sorted, disjoint;
	// dCur[a] is the first not yet over
	dFirst       []int32
	dStart, dEnd []int64
	dCur         []int32
	comp         []int64 // C(a), or Never

	cnt        []int32 // per group: suppliers seen up
	seen       []bool  // per out position: the dependent sees the supplier down
	res, resT  []int64 // per group: reservoir (seconds) at the start of second resT
	drain      []bool  // per group: draining since resT (unsupplied and the asset working)
	prevSup    []bool  // per group: supplied on the last resolved second
	unsupSince []int64 // per group: start of the current unsupplied stretch

	cwSince   []int64 // per asset: start of the current could-work stretch, or noCW
	downSince []int64 // per asset: start of the current down stretch

	mark  []uint32 // per asset: epoch of the second that touched it
	prev  []bool   // per asset: working on the previous second (valid when marked)
	gmark []uint32 // per group: epoch of the second that touched it
	smark []uint32 // per sector
	epoch uint32

	cands, work, grps, secs []int32

	sDownW     []float64
	sDownN     []int32
	sReach     []bool
	belowSince []int64

	q   radixHeap
	cur []item

	hits []hitRec
	ivs  []ivRec
}

type hitRec struct {
	t int64
	a int32
}

type ivRec struct {
	a    int32
	s, e int64
}

// reservoirAt returns group g's reservoir at the start of second t >= resT[g], seconds.
func (st *restoreState) reservoirAt(g int32, t int64) int64 {
	r := st.res[g]
	if st.drain[g] {
		r -= t - st.resT[g]
	}
	return r
}

// damagedAt reports whether a is damaged at t, advancing its cursor; t must not
// decrease between calls for one asset.
func (st *restoreState) damagedAt(a int32, t int64) bool {
	c, end := st.dCur[a], st.dFirst[a+1]
	for c < end && st.dEnd[c] <= t {
		c++
	}
	st.dCur[a] = c
	return c < end && st.dStart[c] <= t
}

func (st *restoreState) compromisedAt(rn *restoreNet, a int32, t int64) bool {
	c := st.comp[a]
	if c > t {
		return false
	}
	return rn.recover[a] == 0 || t-c < rn.recover[a]
}

func (st *restoreState) reset(n *Network, rn *restoreNet) {
	na, ng, ns, no := n.NumAssets(), n.NumGroups(), n.NumSectors(), len(rn.out)
	st.working = resize(st.working, na)
	st.damaged = resize(st.damaged, na)
	st.waiting = resize(st.waiting, na)
	st.dCur = resize(st.dCur, na)
	st.comp = resize(st.comp, na)
	st.cwSince = resize(st.cwSince, na)
	st.downSince = resize(st.downSince, na)
	st.mark = resize(st.mark, na)
	st.prev = resize(st.prev, na)
	for a := range na {
		st.working[a], st.damaged[a], st.waiting[a] = true, false, false
		st.comp[a], st.cwSince[a], st.downSince[a] = Never, beforeZero, Never
		st.mark[a] = 0
	}
	st.cnt = resize(st.cnt, ng)
	st.res = resize(st.res, ng)
	st.resT = resize(st.resT, ng)
	st.drain = resize(st.drain, ng)
	st.prevSup = resize(st.prevSup, ng)
	st.unsupSince = resize(st.unsupSince, ng)
	st.gmark = resize(st.gmark, ng)
	for g := range ng {
		st.cnt[g] = n.edgeStart[g+1] - n.edgeStart[g]
		st.res[g], st.resT[g], st.drain[g] = n.groups[g].backup, 0, false
		st.prevSup[g], st.unsupSince[g], st.gmark[g] = true, Never, 0
	}
	st.seen = resize(st.seen, no)
	clear(st.seen)
	st.smark = resize(st.smark, ns)
	st.sDownW = resize(st.sDownW, ns)
	st.sDownN = resize(st.sDownN, ns)
	st.sReach = resize(st.sReach, ns)
	st.belowSince = resize(st.belowSince, ns)
	for s := range ns {
		st.smark[s], st.sDownW[s], st.sDownN[s], st.sReach[s], st.belowSince[s] = 0, 0, 0, false, Never
	}
	st.epoch = 0
	st.q.reset()
}

// restore is the run: damage from the hits and crews, compromise, then the seconds.
func (n *Network) restore(tl *Timeline, rn *restoreNet, sc *Scenario, h int64, dr *draws) {
	st := &tl.st
	st.reset(n, rn)
	na, ns := n.NumAssets(), n.NumSectors()
	tl.Failure = resize(tl.Failure, na)
	tl.Restored = resize(tl.Restored, na)
	tl.Down = resize(tl.Down, na)
	tl.Outages = resize(tl.Outages, na)
	tl.Compromise = resize(tl.Compromise, na)
	for a := range na {
		tl.Failure[a], tl.Restored[a], tl.Down[a], tl.Outages[a], tl.Compromise[a] = Never, Never, 0, 0, Never
	}
	tl.Sectors = resize(tl.Sectors, ns)
	for s := range ns {
		tl.Sectors[s] = SectorTimeline{FirstImpact: Never, FailedAt: Never, RestoredAt: Never}
	}
	tl.Events = 0

	n.restoreDamage(tl, rn, sc, h, dr)
	n.restoreCompromise(st, sc, h, dr)
	q := &st.q
	q.reset()
	for a := range na {
		for i := st.dFirst[a]; i < st.dFirst[a+1]; i++ {
			q.push(uint64(st.dStart[i]), uint32(a)<<1|1)
			if e := st.dEnd[i]; e <= h {
				q.push(uint64(e), uint32(a)<<1|1)
			}
		}
		if c := st.comp[a]; c <= h {
			tl.Compromise[a] = c
			q.push(uint64(c), uint32(a)<<1|1)
			if r := rn.recover[a]; r > 0 && r <= h-c {
				q.push(uint64(c+r), uint32(a)<<1|1)
			}
		}
	}

	for q.size > 0 {
		st.cur = q.popMin(st.cur[:0])
		t := int64(st.cur[0].key)
		tl.Events += int64(len(st.cur))
		n.restoreSecond(tl, rn, st, st.cur, t, h, dr)
	}

	// summaries at H
	for a := range na {
		if !st.working[a] {
			tl.Down[a] += h - st.downSince[a]
		}
	}
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
	failedW := make([]float64, ns)
	failedN := make([]int32, ns)
	lossW := make([]float64, ns)
	for a := range na {
		s := n.sector[a]
		if tl.Failure[a] != Never {
			failedW[s] += n.weight[a]
			failedN[s]++
			lossW[s] += n.weight[a] * float64(tl.Down[a])
		}
	}
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
	tl.cnt = append(tl.cnt[:0], st.cnt...)
	tl.seen = append(tl.seen[:0], st.seen...)
}

// touch marks asset a as touched by second t (epoch), remembering its previous state.
func (st *restoreState) touch(a int32) {
	if st.mark[a] != st.epoch {
		st.mark[a] = st.epoch
		st.prev[a] = st.working[a]
		st.cands = append(st.cands, a)
	}
}

func (st *restoreState) touchGroup(g int32) {
	if st.gmark[g] != st.epoch {
		st.gmark[g] = st.epoch
		st.grps = append(st.grps, g)
	}
}

// canWork reports whether asset a can work at t on the current state.
func (n *Network) canWork(rn *restoreNet, st *restoreState, a int32, t int64) bool {
	if st.damaged[a] || st.compromisedAt(rn, a, t) {
		return false
	}
	for g := n.groupStart[a]; g < n.groupStart[a+1]; g++ {
		if st.cnt[g] < n.gK[g] && st.reservoirAt(g, t) <= 0 {
			return false
		}
	}
	return true
}

// live reports whether out position p carries changes in this run.
func (rn *restoreNet) live(dr *draws, p int32) bool {
	if !dr.mc {
		return true
	}
	t := rn.thr[p]
	if t >= 1<<53 {
		return true
	}
	return mix64(dr.edgeBase+uint64(rn.out[p].id)*golden)>>11 < t
}

// restoreSecond resolves second t, given the items queued for it.
func (n *Network) restoreSecond(tl *Timeline, rn *restoreNet, st *restoreState, items []item, t, h int64, dr *draws) {
	st.epoch++
	if st.epoch == 0 { // wrapped: forget all marks
		clear(st.mark)
		clear(st.gmark)
		clear(st.smark)
		st.epoch = 1
	}
	st.cands, st.grps, st.secs = st.cands[:0], st.grps[:0], st.secs[:0]
	// What happens at t: touched assets, and the delay lines' deliveries.
	for _, it := range items {
		if it.val&1 != 0 {
			st.touch(int32(it.val >> 1))
			continue
		}
		p := int32(it.val >> 1)
		d := rn.out[p].delay
		u := n.eSrc[rn.out[p].id]
		end := rn.outStart[u+1]
		for ; p < end && rn.out[p].delay == d; p++ {
			if rn.live(dr, p) {
				n.deliver(rn, st, p)
			}
		}
		// the next delay of the same change
		if p < end {
			if s := t - d; rn.out[p].delay <= h-s {
				st.q.push(uint64(s+rn.out[p].delay), uint32(p)<<1)
			}
		}
	}
	for _, a := range st.cands {
		st.damaged[a] = st.damagedAt(a, t)
	}
	// Down phase.
	st.work = append(st.work[:0], st.cands...)
	for len(st.work) > 0 {
		a := st.work[len(st.work)-1]
		st.work = st.work[:len(st.work)-1]
		if !st.working[a] || n.canWork(rn, st, a, t) {
			continue
		}
		st.working[a] = false
		for p := rn.outStart[a]; p < rn.zeroEnd[a]; p++ {
			if !rn.live(dr, p) {
				continue
			}
			w := n.deliver(rn, st, p)
			if st.working[w] {
				st.work = append(st.work, w)
			}
		}
	}
	// Up phase.
	st.work = append(st.work[:0], st.cands...)
	for len(st.work) > 0 {
		a := st.work[len(st.work)-1]
		st.work = st.work[:len(st.work)-1]
		if st.working[a] || !n.canWork(rn, st, a, t) {
			continue
		}
		if r := rn.restart[a]; r > 0 && (st.cwSince[a] == noCW || st.cwSince[a] > t-r) {
			continue
		}
		st.working[a] = true
		for p := rn.outStart[a]; p < rn.zeroEnd[a]; p++ {
			if !rn.live(dr, p) {
				continue
			}
			w := n.deliver(rn, st, p)
			if !st.working[w] {
				st.work = append(st.work, w)
			}
		}
	}
	// The resolved state of t: record the changes and schedule what they cause.
	for _, a := range st.cands {
		now := st.working[a]
		if now != st.prev[a] {
			s := n.sector[a]
			if st.smark[s] != st.epoch {
				st.smark[s] = st.epoch
				st.secs = append(st.secs, s)
			}
			if !now {
				if tl.Failure[a] == Never {
					tl.Failure[a] = t
					if sr := &tl.Sectors[s]; sr.FirstImpact == Never {
						sr.FirstImpact = t
					}
				}
				tl.Outages[a]++
				st.downSince[a] = t
				tl.Restored[a] = Never
				st.sDownW[s] += n.weight[a]
				st.sDownN[s]++
			} else {
				tl.Down[a] += t - st.downSince[a]
				tl.Restored[a] = t
				st.sDownW[s] -= n.weight[a]
				st.sDownN[s]--
			}
			if p := rn.zeroEnd[a]; p < rn.outStart[a+1] && rn.out[p].delay <= h-t {
				st.q.push(uint64(t+rn.out[p].delay), uint32(p)<<1)
			}
			for g := n.groupStart[a]; g < n.groupStart[a+1]; g++ {
				st.touchGroup(g)
			}
		}
		cw := now || n.canWork(rn, st, a, t)
		switch {
		case !cw:
			st.cwSince[a] = noCW
		case st.cwSince[a] == noCW:
			st.cwSince[a] = t
			if r := rn.restart[a]; !now && r > 0 && r <= h-t {
				st.q.push(uint64(t+r), uint32(a)<<1|1)
			}
		}
	}
	for _, g := range st.grps {
		r := st.reservoirAt(g, t)
		sup := st.cnt[g] >= n.gK[g]
		drain := !sup && st.working[n.gAsset[g]]
		if drain && !st.drain[g] && r > 0 && r <= h-t {
			st.q.push(uint64(t+r), uint32(n.gAsset[g])<<1|1)
		}
		st.res[g], st.resT[g], st.drain[g] = r, t, drain
		if sup != st.prevSup[g] {
			if !sup {
				st.unsupSince[g] = t
			}
			st.prevSup[g] = sup
		}
	}
	for _, s := range st.secs {
		reach := st.sDownN[s] > 0 && n.reaches(s, st.sDownW[s], st.sDownN[s])
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

// deliver flips what the dependent of out position p sees of its supplier and returns
// the dependent, touched.
func (n *Network) deliver(rn *restoreNet, st *restoreState, p int32) int32 {
	g := rn.out[p].grp
	if st.seen[p] {
		st.cnt[g]++
	} else {
		st.cnt[g]--
	}
	st.seen[p] = !st.seen[p]
	st.touchGroup(g)
	w := n.gAsset[g]
	st.touch(w)
	return w
}

// restoreCompromise computes C(a) for every asset (Never beyond h): the earliest cyber
// hit or arrival along live cyber edges, whatever the assets' working state.
func (n *Network) restoreCompromise(st *restoreState, sc *Scenario, h int64, dr *draws) {
	q := &st.q
	q.reset()
	C := st.comp
	for ei := range sc.Events {
		ev := &sc.Events[ei]
		if ev.Kind != model.CyberEvent || ev.At > h || !(ev.Probability > 0) {
			continue
		}
		for _, a := range ev.Assets {
			if ev.At < C[a] && dr.hit(ei, a, ev.Probability) {
				C[a] = ev.At
				q.push(uint64(ev.At), uint32(a))
			}
		}
	}
	for q.size > 0 {
		st.cur = q.popMin(st.cur[:0])
		t := int64(st.cur[0].key)
		for _, it := range st.cur {
			a := int32(it.val)
			if C[a] != t {
				continue
			}
			hot := n.hot[a]
			for i := hot.cyberLo; i < hot.cyberHi; i++ {
				ce := &n.cyberOut[i]
				if ce.delay > h-t || t+ce.delay >= C[ce.dst] {
					continue
				}
				if !dr.liveAt(ce.flags, ce.id, n.cyberThr[i]) {
					continue
				}
				C[ce.dst] = t + ce.delay
				q.push(uint64(t+ce.delay), uint32(ce.dst))
			}
		}
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
		for _, a := range ev.Assets {
			if dr.hit(ei, a, ev.Probability) {
				hits = append(hits, hitRec{ev.At, a})
			}
		}
	}
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
		s, e := hits[i].t, saturatingAdd(hits[i].t, rep)
		for i++; i < len(hits) && hits[i].a == a; i++ {
			if hits[i].t <= e {
				e = max(e, saturatingAdd(hits[i].t, rep))
				continue
			}
			ivs = append(ivs, ivRec{a, s, e})
			s, e = hits[i].t, saturatingAdd(hits[i].t, rep)
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
	na := n.NumAssets()
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
		st.dCur[a] = st.dFirst[a]
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
