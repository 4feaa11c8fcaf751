package cascade

import (
	"math"
	"slices"

	"github.com/cascade-infra/cascade/model"
)

// Options controls one run. The zero value is a deterministic worst-case run with the
// scenario's own horizon.
type Options struct {
	// SetHorizon makes Horizon replace the scenario's horizon.
	SetHorizon bool
	// Horizon is the horizon in seconds (>= 0), or NoHorizon (any negative value) to
	// run until nothing changes; used only when SetHorizon is true.
	Horizon int64

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
	q         radixHeap
	cur, next []item      // the round being settled and the labels of the next one
	par       *parScratch // the parallel phases' memory, once Workers > 1 was used
	// slots holds, per group with m > 1 from its slot on, the number of arrivals seen
	// and then a max-heap of the m smallest arrivals (seconds), side by side so that
	// one cache line serves both.
	slots []int64
}

func newScratch(n *Network) *scratch {
	return &scratch{slots: make([]int64, n.numSlots)}
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
	for i := range n.multis {
		s.slots[n.multis[i].slot] = 0
	}
	s.q.reset()
	n.run(r, s, opts)
	r.finish()
}

// popBatch is how many labels the sequential loop prepares at once.
const popBatch = 32

// prefetch is how many dependents' failure times the loop loads at once.
const prefetch = 8

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

	// Seed with the events that happen within the horizon.
	for ei := range r.sc.Events {
		ev := &r.sc.Events[ei]
		if ev.At > lim || !(ev.Probability > 0) {
			continue
		}
		t := ev.At
		for _, a := range ev.Assets {
			if !dr.hit(ei, a, ev.Probability) {
				continue
			}
			if ev.Kind == model.CyberEvent && t < C[a] {
				C[a] = t
				q.push(uint64(t), uint32(a)<<1|1)
			}
			if t < F[a] {
				F[a] = t
				q.push(uint64(t), uint32(a)<<1)
			}
		}
	}

	parMin := opts.ParallelMin
	if parMin <= 0 {
		parMin = DefaultParallelMin
	}
	var scanned int64
	cur, next := s.cur[:0], s.next[:0]
	for q.size > 0 || len(next) > 0 {
		var t int64
		if len(next) > 0 {
			cur, next = next, cur[:0]
			t = int64(cur[0].key)
		} else {
			cur = q.popMin(cur[:0])
			t = int64(cur[0].key)
		}
		r.roundsF = append(r.roundsF, int32(len(r.order)))
		r.roundsC = append(r.roundsC, int32(len(r.orderC)))
		if opts.Workers > 1 && len(cur) >= parMin {
			next = n.settleParallel(r, s, cur, next, t, lim, opts.Workers, &scanned)
		} else {
			next = n.settle(r, s, cur, next, t, lim, &scanned)
		}
	}
	s.cur, s.next = cur, next
	r.EdgesScanned = scanned
}

// settle settles one round of labels of key t sequentially, appending the labels of key
// t that it pushes to next, and returns next.
func (n *Network) settle(r *Result, s *scratch, cur, next []item, t, lim int64, scanned *int64) []item {
	F, C := r.Failure, r.Compromise
	q := &s.q
	dr := &r.draws
	out, cyb, hot := n.out, n.cyberOut, n.hot
	exact := n.exactSums
	multis := n.multis
	slots := s.slots
	outThr, cybThr := n.outThr, n.cyberThr
	var cand [prefetch]int32 // the edges of a batch that pass the filter
	var fw [prefetch]int64   // their dependents' failure times (deterministic runs)
	mc := dr.mc
	var nscan int64
	var hots [popBatch]assetHot
	var valid [popBatch]bool
	for len(cur) > 0 {
		// First load, for a batch, whether each label is current and its asset's out
		// lists, so that the cache misses overlap.
		batch := cur[:min(popBatch, len(cur))]
		cur = cur[len(batch):]
		for bi, x := range batch {
			a := x.val >> 1
			// Labels are pushed only on strict improvement, so a label is current
			// exactly when it equals F (or C); once settled, it cannot drop below.
			if x.val&1 == 0 {
				valid[bi] = F[a] == t
			} else {
				valid[bi] = C[a] == t
			}
			if valid[bi] {
				hots[bi] = hot[a]
			}
		}
		for bi, x := range batch {
			if !valid[bi] {
				continue
			}
			a := int32(x.val >> 1)
			if x.val&1 == 0 {
				r.order = append(r.order, a)
				h := &hots[bi]
				if exact {
					r.addFailure(h.sector, h.weight, t)
				}
				lo, hi := h.outLo, h.outHi
				nscan += int64(hi - lo)
				for base := lo; base < hi; base += prefetch {
					// Filter a batch of edges: which ones reach a dependent that
					// has not failed by t, are live in this run and arrive within
					// lim. Their indices go to cand; only those take the branchy
					// path below. (Which branch of mc runs is the same for the
					// whole run, so it predicts perfectly.)
					end := min(base+prefetch, hi)
					k := 0
					if mc {
						// In a trial, liveness is a coin flip per uncertain edge
						// and unpredictable, so evaluate every test without
						// branches and compact the survivors: an edge is live iff
						// its 53-bit draw is below its threshold (2^53 for an
						// always-live edge, 0 for a dead one), as liveAt decides.
						for j := base; j < end; j++ {
							oe := &out[j]
							live := b2i(mix64(dr.edgeBase+uint64(oe.id)*golden)>>11 < outThr[j])
							cand[k] = j
							k += b2i(F[oe.dst] > t) & live & b2i(oe.w <= lim-t)
						}
					} else {
						// In a deterministic run (nearly every edge live), load
						// the dependents' times first, without branches in
						// between, so that their cache misses overlap; this
						// measured faster on networks beyond the caches.
						for j := base; j < end; j++ {
							fw[j-base] = F[out[j].dst]
						}
						for j := base; j < end; j++ {
							oe := &out[j]
							if fw[j-base] > t && oe.flags&flagMaybe != 0 && oe.w <= lim-t {
								cand[k] = j
								k++
							}
						}
					}
					for _, i := range cand[:k] {
						oe := &out[i]
						w := oe.dst
						f := t + oe.w
						if oe.multi >= 0 {
							var ok bool
							if f, ok = arrive(&multis[oe.multi], slots, f, lim); !ok {
								continue
							}
						}
						if f < F[w] {
							F[w] = f
							if f == t {
								next = append(next, item{uint64(f), uint32(w) << 1})
							} else {
								q.push(uint64(f), uint32(w)<<1)
							}
						}
					}
				}
			} else {
				r.orderC = append(r.orderC, a)
				lo, hi := hots[bi].cyberLo, hots[bi].cyberHi
				nscan += int64(hi - lo)
				for i := lo; i < hi; i++ {
					ce := &cyb[i]
					w := ce.dst
					if C[w] <= t {
						continue
					}
					if ce.flags&flagAlways == 0 && !dr.liveAt(ce.flags, ce.id, cybThr[i]) {
						continue
					}
					if ce.delay > lim-t {
						continue
					}
					c := t + ce.delay
					if c < C[w] {
						C[w] = c
						if c == t {
							next = append(next, item{uint64(c), uint32(w)<<1 | 1})
						} else {
							q.push(uint64(c), uint32(w)<<1|1)
						}
						if c < F[w] {
							F[w] = c
							if c == t {
								next = append(next, item{uint64(c), uint32(w) << 1})
							} else {
								q.push(uint64(c), uint32(w)<<1)
							}
						}
					}
				}
			}
		}
	}
	*scanned += nscan
	return next
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

// arrive records an arrival at time f (seconds) in a group with m > 1, which keeps its
// m smallest arrivals in a max-heap and is lost at the m-th. It returns the time the
// asset then fails through this group (loss plus backup) and true, or false when the
// group is not lost, the arrival changes nothing, or the failure is beyond lim.
func arrive(g *multiInfo, slots []int64, f, lim int64) (int64, bool) {
	hs := slots[g.slot+1 : g.slot+1+g.m]
	c := slots[g.slot]
	if c < int64(g.m) {
		hs[c] = f
		c++
		slots[g.slot] = c
		if c < int64(g.m) {
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
	u := hs[0]
	if g.backup > lim-u {
		return 0, false
	}
	return u + g.backup, true
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
	if r.horizon == NoHorizon {
		return math.MaxInt64 - 1
	}
	return r.horizon
}

// finish completes the sector summaries. With exact sums the loop has already added
// every failure as it settled; otherwise the failures are added here in order of
// (time, index), sorting the equal-time runs of the settling order first.
func (r *Result) finish() {
	n := r.net
	if !n.exactSums {
		// Sort a copy: the settling order itself defines the causes' ranks.
		r.sorted = append(r.sorted[:0], r.order...)
		o := r.sorted
		F := r.Failure
		for i := 0; i < len(o); {
			j := i + 1
			for j < len(o) && F[o[j]] == F[o[i]] {
				j++
			}
			if j-i > 1 {
				slices.Sort(o[i:j])
			}
			i = j
		}
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
	if sr.FailedAt == Never && r.net.reaches(s, sr.FailedWeight, r.sectorCount[s]) {
		sr.FailedAt = t
	}
}

// thresholdTolerance is the relative slack allowed when comparing a sector's failed
// weight with its threshold, so that rounding in the sum of float weights does not
// decide whether a sector fails.
const thresholdTolerance = 1e-9

// reaches reports whether a failed weight w (over `failed` assets) reaches sector s's
// threshold. A sector whose assets have all failed always reaches it.
func (n *Network) reaches(s int32, w float64, failed int32) bool {
	if failed == n.sCount[s] {
		return true
	}
	return w >= n.sNeed[s]
}
