package rank

import (
	"slices"
	"sync/atomic"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
)

// A fast path for rankings without a horizon.
//
// Without a horizon, delays and backups only postpone failures, so the set of assets
// that fail is the smallest set containing the initial failures and every asset that
// has a supply group with at least n-k+1 failed suppliers over live edges
// (docs/semantics.md; ranking has no cyber events, so nothing is compromised). A counting breadth-first
// search computes it in time linear in the edges it scans, without the engine's
// priority queue. failed_sectors depends only on that set.
//
// Closures also nest: if c fails in the closure of S then closure(c) ⊆ closure(S), and
// if moreover every asset of S lies in closure(c), the two closures are equal. The
// search keeps the closure of every single asset it has finished, as a bitset, and stops
// as soon as it reaches an asset c whose known closure contains every initial asset —
// in a network where most assets bring down a large common core, most searches stop
// after a few steps. Tests check the fast path against the engine.

// closureNet is the part of a network the closure search needs, in CSR form.
type closureNet struct {
	n        int
	outStart []int32 // live out edges of supplier u: outGroup[outStart[u]:outStart[u+1]]
	outGroup []int32 // the dependent's supply group
	gNeed    []int32 // failed suppliers that lose the group: n-k+1
	gAsset   []int32
	sector   []int32
	weight   []float64
	net      *cascade.Network // for the sector rule, Network.reaches
}

func newClosureNet(net *cascade.Network) *closureNet {
	na, ng := net.NumAssets(), net.NumGroups()
	c := &closureNet{n: na, outStart: make([]int32, na+1), gNeed: make([]int32, ng), gAsset: make([]int32, ng),
		sector: make([]int32, na), weight: make([]float64, na), net: net}
	for g := int32(0); int(g) < ng; g++ {
		c.gAsset[g] = net.GroupAsset(g)
		c.gNeed[g] = net.GroupLoss(g)
		lo, hi := net.GroupEdges(g)
		for e := lo; e < hi; e++ {
			if net.EdgeProbability(e) > 0 {
				c.outStart[net.EdgeSupplier(e)+1]++
			}
		}
	}
	for u := range na {
		c.outStart[u+1] += c.outStart[u]
	}
	c.outGroup = make([]int32, c.outStart[na])
	pos := append([]int32(nil), c.outStart[:na]...)
	for e := int32(0); int(e) < net.NumEdges(); e++ {
		if net.EdgeProbability(e) > 0 {
			u := net.EdgeSupplier(e)
			c.outGroup[pos[u]] = net.EdgeGroup(e)
			pos[u]++
		}
	}
	for a := int32(0); int(a) < na; a++ {
		c.sector[a], c.weight[a] = net.AssetSector(a), net.AssetWeight(a)
	}
	return c
}

// closureSet is a finished closure: its members, as a bitset when that is smaller than
// a sorted list, and its counts.
type closureSet struct {
	bits          []uint64
	members       []int32 // sorted, when bits is nil
	failedAssets  int
	failedSectors int
}

func (s *closureSet) has(a int32) bool {
	if s.bits != nil {
		return s.bits[a>>6]&(1<<(a&63)) != 0
	}
	_, ok := slices.BinarySearch(s.members, a)
	return ok
}

// newClosureSet returns the closure with members q (unsorted; not kept) over n assets.
func newClosureSet(q []int32, n, failedSectors int) *closureSet {
	set := &closureSet{failedAssets: len(q), failedSectors: failedSectors}
	if len(q)*32 >= n {
		set.bits = make([]uint64, (n+63)/64)
		for _, a := range q {
			set.bits[a>>6] |= 1 << (a & 63)
		}
	} else {
		set.members = slices.Clone(q)
		slices.Sort(set.members)
	}
	return set
}

// size returns the memory the set holds, in bytes.
func (s *closureSet) size() int64 { return int64(8*len(s.bits) + 4*len(s.members) + 64) }

// maxMemoBytes bounds the memory of the memoized closures of one ranking.
const maxMemoBytes = 256 << 20

// closureRunner is one worker's search state.
type closureRunner struct {
	c      *closureNet
	shared *sharedMemo
	stamp  int32
	seen   []int32 // seen[a] == stamp: a failed in this run
	gStamp []int32
	gCnt   []int32
	queue  []int32
	sW     []float64
	sN     []int32
}

func newClosureRunner(c *closureNet, shared *sharedMemo) *closureRunner {
	return &closureRunner{c: c, shared: shared, seen: make([]int32, c.n), gStamp: make([]int32, len(c.gNeed)),
		gCnt: make([]int32, len(c.gNeed)), sW: make([]float64, c.net.NumSectors()), sN: make([]int32, c.net.NumSectors())}
}

// run returns the number of failed assets and sectors when seeds fail.
func (r *closureRunner) run(seeds []int32) (int, int) {
	c := r.c
	r.stamp++
	st := r.stamp
	q := r.queue[:0]
	for _, a := range seeds {
		if r.seen[a] != st {
			r.seen[a] = st
			q = append(q, a)
		}
	}
	var hit *closureSet
	for i := 0; i < len(q); i++ {
		u := q[i]
		if ks := r.shared.get(u); ks != nil {
			all := true
			for _, a := range seeds {
				if !ks.has(a) {
					all = false
					break
				}
			}
			if all {
				hit = ks
				break
			}
		}
		for _, g := range c.outGroup[c.outStart[u]:c.outStart[u+1]] {
			if r.gStamp[g] != st {
				r.gStamp[g], r.gCnt[g] = st, 0
			}
			r.gCnt[g]++
			if r.gCnt[g] == c.gNeed[g] {
				if a := c.gAsset[g]; r.seen[a] != st {
					r.seen[a] = st
					q = append(q, a)
				}
			}
		}
	}
	r.queue = q
	if hit != nil {
		if len(seeds) == 1 {
			r.shared.put(seeds[0], hit, false)
		}
		return hit.failedAssets, hit.failedSectors
	}
	// q holds the whole closure.
	clear(r.sW)
	clear(r.sN)
	for _, a := range q {
		s := c.sector[a]
		r.sW[s] += c.weight[a]
		r.sN[s]++
	}
	fs := 0
	for s := range r.sW {
		if r.sN[s] > 0 && c.net.ReachesThreshold(int32(s), r.sW[s], r.sN[s]) {
			fs++
		}
	}
	if len(seeds) == 1 {
		r.shared.put(seeds[0], newClosureSet(q, c.n, fs), true)
	}
	return len(q), fs
}

// sharedMemo is the finished closures of single assets, shared by the workers of one
// ranking. Entries are written once and never changed; any worker may use any entry,
// and which entries exist when does not change any result (a found closure equals the
// computed one).
type sharedMemo struct {
	sets  []atomic.Pointer[closureSet]
	bytes atomic.Int64 // memory held by sets
}

func newSharedMemo(n int) *sharedMemo {
	return &sharedMemo{sets: make([]atomic.Pointer[closureSet], n)}
}

func (m *sharedMemo) get(a int32) *closureSet { return m.sets[a].Load() }

// put records the closure of a. A fresh set counts against maxMemoBytes and is dropped
// beyond it; a set already in the memo (found for another asset) costs nothing more.
func (m *sharedMemo) put(a int32, s *closureSet, fresh bool) {
	if !fresh {
		m.sets[a].Store(s)
		return
	}
	if m.bytes.Add(s.size()) > maxMemoBytes {
		m.bytes.Add(-s.size())
		return
	}
	m.sets[a].Store(s)
}

// closureRankRunners returns the fast-path rank runners for m without a horizon.
func closureRankRunners(m *model.Model) (func() rankRunner, error) {
	net, err := cascade.Compile(m)
	if err != nil {
		return nil, err
	}
	c := newClosureNet(net)
	shared := newSharedMemo(c.n)
	return func() rankRunner { return newClosureRunner(c, shared) }, nil
}
