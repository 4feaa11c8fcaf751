package cascade

import (
	"math"
	"slices"

	"github.com/cascade-infra/cascade/model"
)

// Options controls one run. The zero value is a deterministic worst-case run with the
// scenario's own horizon.
type Options struct {
	// Horizon replaces the scenario's horizon; the zero value keeps it.
	Horizon Horizon

	// MonteCarlo makes the run one Monte Carlo trial: each edge is live with its
	// probability and each selected asset is hit with its event's probability, drawn
	// from a counter-based generator keyed by (Seed, Trial, edge) and (Seed, Trial,
	// event, asset). Without it every edge and hit with probability > 0 counts (the
	// worst case).
	MonteCarlo bool
	// Seed is the Monte Carlo seed.
	Seed uint64
	// Trial is the Monte Carlo trial index.
	Trial uint64

	// Workers > 1 settles each round of at least ParallelMin labels (one time step's
	// frontier) with that many goroutines. The result is identical to the sequential
	// one (except the order of equal-time assets in Result.Order); it pays off only for
	// very large single cascades. 0 or 1 runs sequentially.
	Workers int
	// ParallelMin is the smallest round settled in parallel; 0 means DefaultParallelMin.
	ParallelMin int
}

// scratch is the per-run working memory that a Result does not need afterwards.
type scratch struct {
	q   radixHeap
	cur []item      // the round being settled
	par *parScratch // the parallel phases' memory, once Workers > 1 was used
	// settle's and relax's per-batch buffers, kept here so that a round does not
	// clear them: the current labels' values and their assets' hot data, the
	// candidate edges (out positions), relax's improvements.
	hots   [popBatch]assetHot
	labels [popBatch]uint32
	cand   [candBatch]int32
	pend   [candBatch]item
	// slots holds, per group with m > 1 from its slot on, its count of missing
	// arrivals, its backup and its earliest arrivals (see lostLast), side by side so
	// that one cache line serves them.
	slots []int64
}

func newScratch(n *Network) *scratch {
	return &scratch{slots: slices.Clone(n.slotInit)}
}

// Run computes the cascade of sc on the network and returns a new Result. It is safe to
// call concurrently; its working memory comes from a pool. sc must be valid (see
// Network.Check); asset indices out of range panic.
func (n *Network) Run(sc *Scenario, opts Options) *Result {
	r := new(Result)
	s := n.pool.Get().(*scratch)
	n.runWith(r, s, sc, opts)
	n.pool.Put(s)
	return r
}

// RunScenario compiles m and its scenario sc and runs it with opts: Compile,
// Network.CompileScenario and Network.Run in one call, for a caller that runs one
// scenario once. The Result's Network and Scenario give the compiled forms.
func RunScenario(m *model.Model, sc *model.Scenario, opts Options) (*Result, error) {
	net, err := Compile(m)
	if err != nil {
		return nil, err
	}
	csc, err := net.CompileScenario(sc)
	if err != nil {
		return nil, err
	}
	return net.Run(csc, opts), nil
}

// RunInto computes the cascade of sc into r, reusing r's memory, including working memory
// that r keeps for the network: after the first run on a network, RunInto allocates
// nothing (a parallel round, Workers > 1, starts goroutines). r must not be in use by another goroutine; any number of RunInto calls with
// distinct Results may run concurrently on one Network.
func (n *Network) RunInto(r *Result, sc *Scenario, opts Options) {
	if r.scr == nil || r.scrNet != n {
		r.scr, r.scrNet = newScratch(n), n
	}
	n.runWith(r, r.scr, sc, opts)
}

func (n *Network) runWith(r *Result, s *scratch, sc *Scenario, opts Options) {
	r.reset(n, sc, opts)
	if n.rest.has && n.restoreFits(r.horizon) {
		n.runRestoration(r, sc)
		return
	}
	for _, g := range n.multis {
		s.slots[g.slot+slotMissing] = int64(g.m)
		s.slots[g.slot+slotFirst] = g.init2
	}
	s.q.reset()
	n.run(r, s, opts)
	r.finish()
}

// popBatch is how many labels the sequential loop prepares at once.
const popBatch = 32

// candBatch is how many candidate edges settle collects before it applies them.
const candBatch = 256

// DefaultParallelMin is the smallest round that Options.Workers > 1 settles in parallel.
const DefaultParallelMin = 4096

// run is the label-setting loop. It settles labels time by time and, within one time t,
// round by round: round 0 holds the labels of key t present when t is reached; the
// labels of key t that a round pushes (through zero delays and backups) form the next
// round. Which assets settle in which round does not depend on the order within a
// round, so the rounds serve as the canonical "settled before" that causes need, and a
// round may be settled in any order or in parallel.
func (n *Network) run(r *Result, s *scratch, opts Options) {
	lim := r.limit()
	F, C := r.Failure, r.Compromise
	q := &s.q
	dr := &r.draws
	prot := n.HasProtection()

	// Seed with the events that happen within the horizon.
	for ei := range r.sc.Events {
		ev := &r.sc.Events[ei]
		if ev.At > lim || !(ev.Probability > 0) {
			continue
		}
		t := ev.At
		var evHash uint64 // only a trial's uncertain hits draw
		if dr.mc && ev.Probability < 1 {
			evHash = nameHash(ev.Name)
		}
		for _, a := range ev.Assets {
			if !dr.hit(hitKey(evHash, n.aHash[a]), ev.Probability) {
				continue
			}
			cyber := ev.Kind == model.CyberEvent
			if cyber && t < C[a] {
				C[a] = t
				q.push(uint64(t), compromiseLabel(a))
			}
			// With protection a cyber hit is an attempt: the asset fails when its
			// compromise settles (settle).
			if t < F[a] && !(cyber && prot) {
				F[a] = t
				q.push(uint64(t), failLabel(a))
			}
		}
	}

	parMin := opts.ParallelMin
	if parMin <= 0 {
		parMin = DefaultParallelMin
	}
	var scanned int64
	cur := s.cur[:0]
	for q.size > 0 {
		// A round pushes the labels of its own time t into the heap's bucket of
		// the last popped key, so the next pop returns them as the next round.
		cur = q.popMin(cur[:0])
		t := int64(cur[0].key)
		r.roundsF = append(r.roundsF, int32(len(r.order)))
		r.roundsC = append(r.roundsC, int32(len(r.orderC)))
		if opts.Workers > 1 && len(cur) >= parMin && !prot {
			n.settleParallel(r, s, cur, t, lim, opts.Workers, &scanned)
		} else {
			n.settle(r, s, cur, t, lim, &scanned)
		}
	}
	s.cur = cur
	r.EdgesScanned = scanned
	if n.al != nil {
		n.finishAlerts(r, prot)
	}
}

// finishAlerts completes the alerts of a run: with protection, the blocked assets,
// whose Compromise held their attempt during the run, are not compromised; without,
// the detections, alerts and protections come from the compromises.
func (n *Network) finishAlerts(r *Result, prot bool) {
	if prot {
		for _, a := range r.blocked {
			r.Compromise[a] = Never
		}
		return
	}
	for _, a := range r.orderC {
		if o := n.al.op[a]; o >= 0 {
			r.compromised(o, r.Compromise[a])
		}
	}
}

// settle settles one round of labels of key t sequentially; the labels it pushes go to
// the heap (those of key t form the next round).
func (n *Network) settle(r *Result, s *scratch, cur []item, t, lim int64, scanned *int64) {
	F, C := r.Failure, r.Compromise
	q := &s.q
	dr := &r.draws
	cyb, hot := n.cyberOut, n.hot
	out := n.out
	exact := n.exactSums
	cybThr := n.cyberThr
	mc := dr.mc
	eb := dr.edgeBase
	prot := n.HasProtection()
	// Below lim-maxW no edge can arrive after lim (nor overflow), so the filter can
	// leave out the horizon test.
	mode := 2*b2i(mc) + b2i(t > lim-n.maxW)
	var nscan int64
	hots, labels, cand := &s.hots, &s.labels, s.cand[:]
	k := 0 // cand[:k] are the batch's candidate edges
	for len(cur) > 0 {
		// First keep, for a batch, the labels that are current, with their assets'
		// out lists, without branches, so that the cache misses overlap.
		batch := cur[:min(popBatch, len(cur))]
		cur = cur[len(batch):]
		nv := 0
		for _, x := range batch {
			a := labelAsset(x.val)
			// Labels are pushed only on strict improvement, so a label is current
			// exactly when it equals F (or C); once settled, it cannot drop below.
			// Compromise labels are rare: reading C only for them (a branch that
			// predicts well) saves a cache miss per label.
			now := F[a]
			if isCompromise(x.val) {
				now = C[a]
			}
			labels[nv] = x.val
			hots[nv] = hot[a]
			nv += b2i(now == t)
		}
		for bi, v := range labels[:nv] {
			a := labelAsset(v)
			h := &hots[bi]
			if !isCompromise(v) {
				r.order = append(r.order, a)
				if exact {
					r.addFailure(h.sector, h.weight, t)
				}
				nscan += int64(h.outHi - h.outLo)
				// Filter the asset's edges without branches into the batch's
				// candidates: the edges that reach a dependent that has not failed by
				// t, are live in this run and arrive within lim (dead edges,
				// out[outLive:outHi], are never read). mode is the same for the
				// whole round, so its branch predicts well; the candidates of the
				// whole batch then take the branchy path in relax.
				for lo, end := h.outLo, h.outLive; lo < end; {
					if k == len(cand) {
						n.relax(r, s, cand[:k], t, lim)
						k = 0
					}
					e := lo + min(end-lo, int32(len(cand)-k))
					switch mode {
					case 3: // a trial, with horizon tests
						for j := lo; j < e; j++ {
							oe := &out[j]
							cand[k] = j
							k += b2i(mix64(eb+oe.key)>>11 < oe.thr) & b2i(F[oe.dst] > t) & b2i(oe.w <= lim-t)
						}
					case 2: // a trial
						for j := lo; j < e; j++ {
							oe := &out[j]
							cand[k] = j
							k += b2i(mix64(eb+oe.key)>>11 < oe.thr) & b2i(F[oe.dst] > t)
						}
					case 1: // deterministic, with horizon tests
						for j := lo; j < e; j++ {
							oe := &out[j]
							cand[k] = j
							k += b2i(F[oe.dst] > t) & b2i(oe.w <= lim-t)
						}
					default:
						for j := lo; j < e; j++ {
							cand[k] = j
							k += b2i(F[out[j].dst] > t)
						}
					}
					lo = e
				}
				continue
			}
			if prot {
				// C[a] is the attempt x(a): blocked by a protection by now, or the
				// compromise, detected by its operator and failing the asset.
				if r.blocks(a, t) {
					continue
				}
				if o := n.al.op[a]; o >= 0 {
					r.compromised(o, t)
				}
				if t < F[a] {
					F[a] = t
					q.push(uint64(t), failLabel(a))
				}
			}
			r.orderC = append(r.orderC, a)
			lo, hi := h.cyberLo, h.cyberHi
			nscan += int64(hi - lo)
			for i := lo; i < hi; i++ {
				ce := &cyb[i]
				w := ce.dst
				if C[w] <= t {
					continue
				}
				if ce.flags&flagAlways == 0 && !dr.liveAt(ce.flags, ce.key, cybThr[i]) {
					continue
				}
				if ce.delay > lim-t {
					continue
				}
				c := t + ce.delay
				if c < C[w] {
					C[w] = c
					q.push(uint64(c), compromiseLabel(w))
					if c < F[w] && !prot {
						F[w] = c
						q.push(uint64(c), failLabel(w))
					}
				}
			}
		}
		n.relax(r, s, cand[:k], t, lim)
		k = 0
	}
	*scanned += nscan
}

// relax applies the candidate edges cand (out positions) of assets that failed at t:
// each arrives at its dependent, through its group's slots when the group has m > 1,
// and every earlier failure time found is queued.
func (n *Network) relax(r *Result, s *scratch, cand []int32, t, lim int64) {
	F, out, slots, q := r.Failure, n.out, s.slots, &s.q
	// First the edges of groups lost at their first arrival, without branches: the
	// improvements go to pend, then to the heap. Then the arrivals at larger groups.
	pend := s.pend[:len(cand)]
	np, nm := 0, 0
	for _, i := range cand {
		oe := &out[i]
		w := oe.dst
		f := t + oe.w
		if oe.multi >= 0 {
			f = Never // a conditional move: arrivals at larger groups come below
		}
		old := F[w]
		F[w] = min(old, f)
		pend[np] = item{uint64(f), uint32(w) << 1}
		np += b2i(f < old)
		cand[nm] = i // cand[:nm] is already read
		nm += b2i(oe.multi >= 0)
	}
	for _, x := range pend[:np] {
		q.push(x.key, x.val)
	}
	for _, i := range cand[:nm] {
		oe := &out[i]
		w := oe.dst
		slot, lost := unpackMulti(oe.multi)
		f, ok := arrive(slots, slot, lost, t+oe.w, lim)
		if ok && f < F[w] {
			F[w] = f
			q.push(uint64(f), failLabel(w))
		}
	}
}

// b2i is 1 for true and 0 for false; the compiler turns it into a flag-setting
// instruction (SETcc), so combining conditions with b2i and & needs no branch.
func b2i(b bool) int {
	var i int
	if b {
		i = 1
	}
	return i
}

// arrive records an arrival at time f (seconds) at the group with m > 1 whose slots
// start at g and which is lost as lost says (see lostLast). It returns the time the
// asset then fails through this group (loss plus backup) and true, or false when the
// group is not lost, the arrival changes nothing, or the failure is beyond lim.
func arrive(slots []int64, g int32, lost uint8, f, lim int64) (int64, bool) {
	s := slots[g : g+4]
	var u int64 // the loss
	switch rem := s[slotMissing]; lost {
	case lostLast:
		u = max(s[slotFirst], f)
		s[slotFirst] = u
		s[slotMissing] = rem - 1
		if rem != 1 {
			return 0, false
		}
	case lostSecond:
		a := s[slotFirst]
		if rem == 2 {
			s[slotMissing], s[slotFirst] = 1, f
			return 0, false
		}
		if rem == 0 && f >= s[slotSecond] {
			return 0, false
		}
		u = max(a, f)
		s[slotMissing], s[slotFirst], s[slotSecond] = 0, min(a, f), u
	default:
		var ok bool
		if u, ok = arriveMth(slots[g:], f); !ok {
			return 0, false
		}
	}
	if b := s[slotBackup]; b <= lim-u {
		return u + b, true
	}
	return 0, false
}

// arriveMth records an arrival at f at a lostMth group whose slots are s, keeping the m
// earliest arrivals in a max-heap, and returns the group's loss (its m-th earliest
// arrival) and true when the group is lost and the arrival changed it.
func arriveMth(s []int64, f int64) (int64, bool) {
	rem, m := s[slotMissing], s[slotFirst]
	hs := s[slotHeap : slotHeap+m]
	if rem > 0 {
		hs[m-rem] = f
		s[slotMissing] = rem - 1
		if rem > 1 {
			return 0, false
		}
		heapify(hs)
	} else {
		if f >= hs[0] {
			return 0, false
		}
		hs[0] = f
		siftDown(hs, 0)
	}
	return hs[0], true
}

// heapify makes hs a max-heap.
func heapify(hs []int64) {
	for i := len(hs)/2 - 1; i >= 0; i-- {
		siftDown(hs, i)
	}
}

// siftDown restores the max-heap property below i.
func siftDown(hs []int64, i int) {
	n := len(hs)
	x := hs[i]
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && hs[c+1] > hs[c] {
			c++
		}
		if hs[c] <= x {
			break
		}
		hs[i] = hs[c]
		i = c
	}
	hs[i] = x
}

// limit returns the largest time the run may settle, in seconds.
func (r *Result) limit() int64 {
	if r.horizon == Never {
		return Never - 1
	}
	return r.horizon
}

// finish completes the sector summaries. With exact sums the loop has already added
// every failure as it settled; otherwise the failures are added here in order of
// (time, index) (timeOrder; the settling order itself defines the causes' ranks).
func (r *Result) finish() {
	n := r.net
	if !n.exactSums {
		o, F := r.timeOrder(), r.Failure
		for _, a := range o {
			r.addFailure(n.sector[a], n.weight[a], F[a])
		}
	}
	for s := range r.Sectors {
		sr := &r.Sectors[s]
		switch {
		case r.sectorCount[s] == n.sCount[s] && r.sectorCount[s] > 0:
			sr.FailedFraction = 1
		case n.sTotal[s] > 0:
			sr.FailedFraction = math.Min(1, sr.FailedWeight/n.sTotal[s])
		}
	}
}

// addFailure adds an asset of sector s with weight w failing at t to the summaries;
// failures must come in order of time.
func (r *Result) addFailure(s int32, w float64, t int64) {
	sr := &r.Sectors[s]
	if sr.FirstImpact == Never {
		sr.FirstImpact = t
	}
	sr.FailedWeight += w
	r.sectorCount[s]++
	if sr.FailedAt == Never && r.net.ReachesThreshold(s, sr.FailedWeight, r.sectorCount[s]) {
		sr.FailedAt = t
	}
}

// thresholdTolerance is the relative slack allowed when comparing a sector's failed
// weight with its threshold, so that rounding in the sum of float weights does not
// decide whether a sector fails.
const thresholdTolerance = 1e-9

// SectorFails reports whether a sector fails when failed of its count assets, of
// summed weight w, have failed, its threshold being threshold (a fraction 0–1) of its
// total weight total: when w is at least threshold × total × (1 − 1e-9), the slack
// absorbing rounding in sums of weights, or when every asset failed. It is the rule by
// which a run sets SectorResult.FailedAt, for callers that sum weights themselves.
func SectorFails(threshold, total, w float64, failed, count int) bool {
	return failed == count || w >= sectorNeed(threshold, total)
}

// sectorNeed returns the failed weight at which a sector of the given threshold and
// total weight fails (unless all its assets fail first).
func sectorNeed(threshold, total float64) float64 {
	return threshold * total * (1 - thresholdTolerance)
}

// ReachesThreshold reports whether a failed weight w, over failed of its assets, reaches
// sector s's threshold: whether w is at least threshold × total weight × (1 − 1e-9),
// the slack absorbing rounding in sums of weights, or every asset of s failed. It is
// the rule by which a run's SectorResult.FailedAt is set.
func (n *Network) ReachesThreshold(s int32, w float64, failed int32) bool {
	if failed == n.sCount[s] {
		return true
	}
	return w >= n.sNeed[s]
}
