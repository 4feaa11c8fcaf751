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
	minRoot  int              // smallest closure kept with a frontier (minRoot; tests lower it)
}

func newClosureNet(net *cascade.Network) *closureNet {
	na, ng := net.NumAssets(), net.NumGroups()
	c := &closureNet{n: na, outStart: make([]int32, na+1), gNeed: make([]int32, ng), gAsset: make([]int32, ng),
		sector: make([]int32, na), weight: make([]float64, na), net: net, minRoot: minRoot}
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

// closureSet is a finished closure: its members and its counts. A root set was
// computed from its seeds alone; it keeps its members as a bitset when that is smaller
// than a sorted list, and, when it has a frontier, the state a search needs to go on
// from it (see closureRunner.run). A derived set is a root's members (base) plus its
// own sorted extra members.
type closureSet struct {
	bits          []uint64
	members       []int32 // sorted: all members of a root without bits, the extras of a derived set
	base          *closureSet
	failedAssets  int
	failedSectors int
	frontier      *frontier
}

// frontier is what a root set's members contribute to the supply groups they do not
// lose: the number of live edges from members into each such group, and the failed
// weight and count of each sector. With it a search can take every member as failed
// without scanning their edges.
type frontier struct {
	groups  []int32 // sorted
	counts  []int32 // failed suppliers of groups[i]: fewer than it needs to be lost
	sectorW []float64
	sectorN []int32
}

// count returns the members' live edges into group g.
func (f *frontier) count(g int32) int32 {
	if i, ok := slices.BinarySearch(f.groups, g); ok {
		return f.counts[i]
	}
	return 0
}

func (s *closureSet) has(a int32) bool {
	if s.base != nil && s.base.has(a) {
		return true
	}
	if s.bits != nil {
		return s.bits[a>>6]&(1<<(a&63)) != 0
	}
	_, ok := slices.BinarySearch(s.members, a)
	return ok
}

// hasAll reports whether every seed is a member.
func (s *closureSet) hasAll(seeds []int32) bool {
	for _, a := range seeds {
		if !s.has(a) {
			return false
		}
	}
	return true
}

// root returns the root set whose search state s offers, or nil.
func (s *closureSet) root() *closureSet {
	if s.base != nil {
		return s.base
	}
	if s.frontier != nil {
		return s
	}
	return nil
}

// newClosureSet returns the root closure with members q (unsorted; not kept) over n
// assets.
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

// size returns the memory the set holds, in bytes, its base not included.
func (s *closureSet) size() int64 {
	b := int64(8*len(s.bits) + 4*len(s.members) + 96)
	if f := s.frontier; f != nil {
		b += int64(4*len(f.groups)+4*len(f.counts)+12*len(f.sectorW)) + 96
	}
	return b
}

// maxMemoBytes bounds the memory of the memoized closures of one ranking.
const maxMemoBytes = 256 << 20

// Searches that restart from a root (closureRunner.run).
const (
	// minRoot is the smallest closure, in assets, kept with a frontier: below it a
	// restart saves less than it costs.
	minRoot = 64
	// maxRestarts bounds the restarts of one search.
	maxRestarts = 4
)

// testRestart, when not nil, is called at every restart of a search from a root.
var testRestart func()

// closureRunner is one worker's search state.
type closureRunner struct {
	c      *closureNet
	shared *sharedMemo
	stamp  int32
	seen   []int32 // seen[a] == stamp: a failed in this run
	gStamp []int32
	gCnt   []int32
	queue  []int32
	again  []int32
	sW     []float64
	sN     []int32
}

func newClosureRunner(c *closureNet, shared *sharedMemo) *closureRunner {
	return &closureRunner{c: c, shared: shared, seen: make([]int32, c.n), gStamp: make([]int32, len(c.gNeed)),
		gCnt: make([]int32, len(c.gNeed)), sW: make([]float64, c.net.NumSectors()), sN: make([]int32, c.net.NumSectors())}
}

// run returns the number of failed assets and sectors when seeds fail.
//
// The search is a counting breadth-first search from the seeds. When it reaches an
// asset u whose closure is known, closure(u) ⊆ closure(seeds); if closure(u) holds every
// seed the two are equal and the search stops. Otherwise, when closure(u) is (or is
// derived from) a root set R with a frontier larger than what the search has found,
// the search restarts from R: closure(seeds) = closure(R ∪ found) because R and the
// found assets lie in closure(seeds) and the seeds are among the found. The restarted
// search takes R's members as failed from the start, with R's frontier as the groups'
// initial counts — exactly the counts a search would have after failing all of R, which
// is closed — and queues the found assets outside R; it only scans closure(seeds) \ R.
func (r *closureRunner) run(seeds []int32) (int, int) {
	c := r.c
	if len(seeds) > 1 {
		// The seeds' own closures first: they are the memo entries a search of several
		// seeds can stop at or restart from.
		for i := range seeds {
			if r.shared.get(seeds[i]) == nil {
				r.run(seeds[i : i+1])
			}
		}
	}
	var base *closureSet // a root whose members are failed from the start
	var hit *closureSet
	restarts := 0
	start := seeds
restart:
	r.stamp++
	st := r.stamp
	q := r.queue[:0]
	for _, a := range start {
		if r.seen[a] != st && (base == nil || !base.has(a)) {
			r.seen[a] = st
			q = append(q, a)
		}
	}
	baseSize := 0
	if base != nil {
		baseSize = base.failedAssets
	}
	for i := 0; i < len(q); i++ {
		u := q[i]
		if ks := r.shared.get(u); ks != nil {
			if ks.hasAll(seeds) {
				hit = ks
				break
			}
			if root := ks.root(); root != nil && root != base && restarts < maxRestarts && root.failedAssets > baseSize+len(q) {
				// Restart from root with everything found so far (the seeds among it).
				r.again = append(append(r.again[:0], seeds...), q...)
				r.queue = q
				start, base = r.again, root
				restarts++
				if testRestart != nil {
					testRestart()
				}
				goto restart
			}
		}
		for _, g := range c.outGroup[c.outStart[u]:c.outStart[u+1]] {
			if r.gStamp[g] != st {
				r.gStamp[g], r.gCnt[g] = st, 0
				if base != nil {
					r.gCnt[g] = base.frontier.count(g)
				}
			}
			r.gCnt[g]++
			if r.gCnt[g] == c.gNeed[g] {
				if a := c.gAsset[g]; r.seen[a] != st && (base == nil || !base.has(a)) {
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
	// base and q hold the whole closure.
	if base != nil {
		copy(r.sW, base.frontier.sectorW)
		copy(r.sN, base.frontier.sectorN)
	} else {
		clear(r.sW)
		clear(r.sN)
	}
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
	total := baseSize + len(q)
	if len(seeds) == 1 {
		var set *closureSet
		if base != nil {
			members := slices.Clone(q)
			slices.Sort(members)
			set = &closureSet{base: base, members: members, failedAssets: total, failedSectors: fs}
		} else {
			set = newClosureSet(q, c.n, fs)
			if len(q) >= c.minRoot {
				set.frontier = r.frontier(q, st)
			}
		}
		r.shared.put(seeds[0], set, true)
	}
	return total, fs
}

// frontier returns the frontier of the closure q that run st has just found from
// scratch: the counts of the groups it touched but did not lose, and its sectors'
// failed weights and counts (in r.sW and r.sN).
func (r *closureRunner) frontier(q []int32, st int32) *frontier {
	c := r.c
	f := &frontier{sectorW: slices.Clone(r.sW), sectorN: slices.Clone(r.sN)}
	type gc struct{ g, n int32 }
	var touched []gc
	for _, u := range q {
		for _, g := range c.outGroup[c.outStart[u]:c.outStart[u+1]] {
			if r.gStamp[g] == st && r.seen[c.gAsset[g]] != st {
				touched = append(touched, gc{g, r.gCnt[g]})
				r.gStamp[g] = 0 // recorded; no run has stamp 0
			}
		}
	}
	slices.SortFunc(touched, func(a, b gc) int { return int(a.g) - int(b.g) })
	f.groups = make([]int32, len(touched))
	f.counts = make([]int32, len(touched))
	for i, t := range touched {
		f.groups[i], f.counts[i] = t.g, t.n
	}
	return f
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
// A derived set keeps its base alive, which was counted when it was put.
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
	return closureRankRunnersMin(m, minRoot)
}

// closureRankRunnersMin returns the fast-path rank runners for m without a horizon that
// keep frontiers of closures of at least minRoot assets.
func closureRankRunnersMin(m *model.Model, minRoot int) (func() rankRunner, error) {
	net, err := cascade.Compile(m)
	if err != nil {
		return nil, err
	}
	c := newClosureNet(net)
	c.minRoot = minRoot
	shared := newSharedMemo(c.n)
	return func() rankRunner { return newClosureRunner(c, shared) }, nil
}
