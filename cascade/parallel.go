package cascade

import "sync"

// Parallel settling of one large round. It runs in three phases separated by barriers,
// so no two goroutines ever touch the same memory unsynchronised:
//
//  1. scan: each worker takes a contiguous share of the round's labels and scans their
//     out edges, reading F and C but writing only its own buffers; every candidate is
//     routed to the partition of its dependent (asset index modulo the worker count);
//  2. apply: each worker owns one partition of the assets and applies the candidates
//     for them — F, C and the arrivals of their supply groups — in worker order;
//  3. merge: one goroutine records the settled assets and queues the new labels,
//     partition by partition.
//
// The values a round produces (F, C and which labels form the next round) do not depend
// on the order in which candidates are applied, so the result equals the sequential
// one; the order of assets within a round in Result.Order may differ.

// candKind says what a candidate is.
const (
	candFail    uint8 = iota // a failure time through an edge of a group with m == 1
	candArrival              // an arrival at a group with m > 1
	candComp                 // a compromise time through a cyber edge
)

// cand is a candidate time for an asset found by the scan phase.
type cand struct {
	t    int64 // seconds
	w    int32 // dependent asset
	slot int32 // the first slot of the group with m > 1 for candArrival
	lost uint8 // how that group is lost
	kind uint8
}

// parScratch is the reusable memory of the parallel phases.
type parScratch struct {
	workers int
	cands   [][][]cand // [worker][partition]
	pushes  [][]item   // [partition]
	scanned []int64    // [worker]
}

func (s *scratch) parallel(workers int) *parScratch {
	if s.par == nil || s.par.workers != workers {
		p := &parScratch{workers: workers, cands: make([][][]cand, workers), pushes: make([][]item, workers), scanned: make([]int64, workers)}
		for w := range p.cands {
			p.cands[w] = make([][]cand, workers)
		}
		s.par = p
	}
	return s.par
}

// settleParallel settles one round of labels of key t with the given number of
// workers, like settle.
func (n *Network) settleParallel(r *Result, s *scratch, cur []item, t, lim int64, workers int, scanned *int64) {
	p := s.parallel(workers)
	var wg sync.WaitGroup
	share := (len(cur) + workers - 1) / workers
	for w := range workers {
		lo, hi := min(w*share, len(cur)), min((w+1)*share, len(cur))
		wg.Go(func() { n.scan(r, p, w, cur[lo:hi], t, lim) })
	}
	wg.Wait()
	for part := range workers {
		wg.Go(func() { n.apply(r, s, p, part, t, lim) })
	}
	wg.Wait()

	// Merge: record the round's settled assets in label order, then queue the pushes.
	F, C := r.Failure, r.Compromise
	for _, x := range cur {
		a := labelAsset(x.val)
		if !isCompromise(x.val) {
			if F[a] == t {
				r.order = append(r.order, a)
				if n.exactSums {
					h := &n.hot[a]
					r.addFailure(h.sector, h.weight, t)
				}
			}
		} else if C[a] == t {
			r.orderC = append(r.orderC, a)
		}
	}
	for part := range workers {
		for _, x := range p.pushes[part] {
			s.q.push(x.key, x.val)
		}
		p.pushes[part] = p.pushes[part][:0]
	}
	for w := range workers {
		*scanned += p.scanned[w]
		p.scanned[w] = 0
	}
}

// scan is phase 1 for worker w over its share of the round.
func (n *Network) scan(r *Result, p *parScratch, w int, labels []item, t, lim int64) {
	F, C := r.Failure, r.Compromise
	dr := &r.draws
	parts := p.cands[w]
	np := int32(p.workers)
	var scanned int64
	for _, x := range labels {
		a := labelAsset(x.val)
		h := &n.hot[a]
		if !isCompromise(x.val) {
			if F[a] != t {
				continue
			}
			scanned += int64(h.outHi - h.outLo)
			for i := h.outLo; i < h.outLive; i++ {
				oe := &n.out[i]
				d := oe.dst
				if F[d] <= t {
					continue
				}
				if !dr.liveAt(flagMaybe, oe.key, oe.thr) {
					continue
				}
				w := oe.w
				if w > lim-t {
					continue
				}
				c := cand{t: t + w, w: d, kind: candFail}
				if oe.multi >= 0 {
					c.kind = candArrival
					c.slot, c.lost = unpackMulti(oe.multi)
				}
				parts[d%np] = append(parts[d%np], c)
			}
		} else {
			if C[a] != t {
				continue
			}
			scanned += int64(h.cyberHi - h.cyberLo)
			for i := h.cyberLo; i < h.cyberHi; i++ {
				ce := &n.cyberOut[i]
				d := ce.dst
				if C[d] <= t {
					continue
				}
				if ce.flags&flagAlways == 0 && !dr.liveAt(ce.flags, ce.key, n.cyberThr[i]) {
					continue
				}
				if ce.delay > lim-t {
					continue
				}
				parts[d%np] = append(parts[d%np], cand{t: t + ce.delay, w: d, kind: candComp})
			}
		}
	}
	p.scanned[w] = scanned
}

// apply is phase 2 for the assets of partition part.
func (n *Network) apply(r *Result, s *scratch, p *parScratch, part int, t, lim int64) {
	F, C := r.Failure, r.Compromise
	pushes := p.pushes[part]
	for w := range p.workers {
		cs := p.cands[w][part]
		for _, c := range cs {
			d := c.w
			switch c.kind {
			case candComp:
				if c.t < C[d] {
					C[d] = c.t
					pushes = append(pushes, item{uint64(c.t), compromiseLabel(d)})
				}
			case candArrival:
				if F[d] <= t {
					continue
				}
				f, ok := arrive(s.slots, c.slot, c.lost, c.t, lim)
				if !ok {
					continue
				}
				c.t = f
			}
			if c.t < F[d] {
				F[d] = c.t
				pushes = append(pushes, item{uint64(c.t), uint32(d) << 1})
			}
		}
		p.cands[w][part] = cs[:0]
	}
	p.pushes[part] = pushes
}
