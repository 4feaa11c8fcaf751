package rank

import (
	"cmp"
	"container/heap"
	"context"
	"errors"
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
)

// Pruned is the mode of a pair ranking with Options.Prune: every pair is considered,
// and only those whose bound can enter the top Options.Top are evaluated.
const Pruned = "pruned"

// A certified bound on what a pair brings down, for rankings without a horizon.
//
// Write C(S) for the closure of a set of assets S (see closure.go) and C_a for C({a}).
// Every memoized C_a is a root set R_a or derived from one: C_a = R_a ∪ X_a, with X_a
// empty for a root. For a pair {a, b} let U = C_a ∪ C_b, so that C({a,b}) = C(U) ⊇ U:
// the pair brings down the union of its singles' closures and what their common
// dependents add to it, E = C(U) \ U. Call a supply group g open to a set C when it
// needs two or more failed suppliers to be lost (need(g) ≥ 2), its asset is outside C
// and it has a live edge from a member of C; write n_C(g) for its live edges from
// members of C. Say |C_a| ≤ |C_b|.
//
// When C_a has at most maxExactSide members the bound is |C({a,b})| itself, found by a
// counting search that starts from C_b already failed and fails C_a \ C_b. It needs no
// scan of C_b: a group with its asset outside C_b has n_{C_b}(g) live edges from it,
// n_{R_b}(g) + n_{X_b}(g), kept for the groups open to R_b and to X_b (a group that
// needs one failed supplier and has a live edge from C_b has its asset in C_b).
//
// Otherwise the bound is |U|'s bound, |C_a| + |C_b| − |R_a ∩ R_b| (|C_a| when
// C_a = C_b; |R_a ∩ R_b| is counted when there are at most maxInterRoots roots, else
// taken as 0), plus a bound of |E|:
//
//  1. E is empty unless some group g open to C_a \ I and to C_b \ I, for I = R_a ∩ R_b,
//     with its asset outside U, has n_{C_a}(g) + n_{C_b}(g) − n_I(g) ≥ need(g). The
//     bound tests this on supersets: when R_a = R_b the groups open to X_a and to X_b
//     (C_a \ I ⊆ X_a) with n_{R_a} + n_{X_a} + n_{X_b} ≥ need, otherwise the groups
//     open to C_a and to C_b with n_{C_a} + n_{C_b} ≥ need; it then adds 0.
//  2. Else E ⊆ D_a, the assets reachable over live edges, outside C_a, from the assets
//     of the groups open to C_a (or, when R_a = R_b, to X_a), and likewise E ⊆ D_b: the
//     bound adds min(|D_a|, |D_b|).
//
// Proof. Take the assets of E in the order a counting search from U fails them. The
// first, y, fails through a group g whose failed suppliers are all in U, at least
// need(g) of them, and n_U = n_{C_a} + n_{C_b} − n_{C_a ∩ C_b} ≤ n_{C_a} + n_{C_b} − n_I.
// C_a is closed and y ∉ C_a, so fewer than need(g) of them are in C_a: g has a live
// edge from U \ C_a = C_b \ C_a ⊆ C_b \ I, likewise one from C_a \ C_b ⊆ C_a \ I,
// and need(g) ≥ 2 (one supplier in C_a does not lose g). That is 1. Every later y ∈ E
// fails through such a group or through a group with a failed supplier z ∈ E, which is
// in D_a by induction; y ∉ C_a depends on z over a live edge, so y ∈ D_a too. That is
// 2. ∎
//
// The ranking first evaluates the pairs of the assets of the largest closures, which
// sets a threshold: the failed assets of the Top-th best pair evaluated. It then bounds
// every other pair, keeps those whose bound reaches the threshold, and evaluates them
// in decreasing order of their bound until the next bound is below the threshold of the
// pairs evaluated so far: no pair skipped can then beat, or tie, any of the Top
// evaluated before it on failed assets, the first key of the order, so the top Top are
// those of the exhaustive ranking.

// openGroups is a set of open groups, sorted, with each one's live edges from the
// members of the set it is open to.
type openGroups struct {
	groups []int32
	counts []int32
}

// count returns g's live edges from the members, 0 when g is not in the set.
func (o *openGroups) count(g int32) int32 {
	if i, ok := slices.BinarySearch(o.groups, g); ok {
		return o.counts[i]
	}
	return 0
}

// newOpenGroups returns the open groups of the list gs (modified), a group once per
// live edge.
func newOpenGroups(gs []int32) openGroups {
	slices.Sort(gs)
	var o openGroups
	for i := 0; i < len(gs); {
		j := i + 1
		for j < len(gs) && gs[j] == gs[i] {
			j++
		}
		o.groups = append(o.groups, gs[i])
		o.counts = append(o.counts, int32(j-i))
		i = j
	}
	return o
}

// setBound is what the bound needs of one memoized closure.
type setBound struct {
	set   *closureSet
	root  int32      // index of its root in pairBound.roots
	extra openGroups // groups open to its extras X (none for a root)
	dx    int32      // |D| from the groups open to X
	d     int32      // |D| from the groups open to the whole closure
}

// rootBound is what the bound needs of one root set.
type rootBound struct {
	size int32
	open openGroups // groups open to the root
}

// pairBound holds, for every asset, what the bound of its pairs needs. It is not
// changed after newPairBound: workers share it, each with its own boundScratch.
type pairBound struct {
	c     *closureNet
	n     int32
	size  []int32     // |C_a|
	of    []*setBound // nil when C_a is not memoized
	roots []rootBound
	inter []int32 // |R_i ∩ R_j| by i*len(roots)+j, nil when there are too many roots
	// exactSide is the largest smaller closure of a pair whose bound is exact
	// (maxExactSide; tests change it).
	exactSide int32
}

// maxInterRoots is the most roots whose pairwise intersections the bound computes.
const maxInterRoots = 512

// maxExactSide is the largest smaller closure of a pair whose bound is exact.
const maxExactSide = 256

// boundScratch is one worker's scratch for the bound's searches.
type boundScratch struct {
	c      *closureNet
	mark   []int32 // mark[a] == stamp: a was reached in this search
	stamp  int32
	queue  []int32
	gStamp []int32 // gStamp[g] == stamp: gCnt[g] is g's count in this search
	gCnt   []int32
}

func newBoundScratch(c *closureNet) *boundScratch {
	return &boundScratch{c: c, mark: make([]int32, c.n), gStamp: make([]int32, len(c.gNeed)), gCnt: make([]int32, len(c.gNeed))}
}

// next starts a search.
func (w *boundScratch) next() int32 {
	w.stamp++
	return w.stamp
}

// union returns the bound of |U| and the bound 2 of |E|, or ok false when the bound is
// n.
func (p *pairBound) union(a, b int32) (u, extra int32, ok bool) {
	sa, sb := p.of[a], p.of[b]
	if sa == nil || sb == nil {
		return p.n, 0, false
	}
	if sa.set == sb.set {
		return p.size[a], 0, true
	}
	u = p.size[a] + p.size[b]
	if ra, rb := sa.root, sb.root; ra == rb {
		return u - p.roots[ra].size, min(sa.dx, sb.dx), true
	} else if p.inter != nil {
		u -= p.inter[int(ra)*len(p.roots)+int(rb)]
	}
	return u, min(sa.d, sb.d), true
}

// coarse returns a bound of the pair {a, b} at least as large as its bound, cheaply
// (without the exact search and test 1).
func (p *pairBound) coarse(a, b int32) int32 {
	u, extra, _ := p.union(a, b)
	return min(u+extra, p.n)
}

// bound returns the bound of the pair {a, b}.
func (p *pairBound) bound(w *boundScratch, a, b int32) int32 {
	if sa, sb := p.of[a], p.of[b]; sa != nil && sb != nil && sa.set != sb.set {
		if p.size[a] > p.size[b] {
			a, b = b, a
		}
		if p.size[a] <= p.exactSide {
			return p.exact(w, a, b)
		}
	}
	u, extra, ok := p.union(a, b)
	if ok && extra > 0 && !p.mayAdd(a, b) {
		extra = 0
	}
	return min(u+extra, p.n)
}

// exact returns |C({a, b})| by a counting search from C_b (see above).
func (p *pairBound) exact(w *boundScratch, a, b int32) int32 {
	c := p.c
	sa, sb := p.of[a], p.of[b]
	rb := &p.roots[sb.root].open
	st := w.next()
	q := w.queue[:0]
	sa.set.forEach(func(x int32) {
		if !sb.set.has(x) {
			w.mark[x] = st
			q = append(q, x)
		}
	})
	for i := 0; i < len(q); i++ {
		x := q[i]
		for _, g := range c.outGroup[c.outStart[x]:c.outStart[x+1]] {
			y := c.gAsset[g]
			if w.mark[y] == st || sb.set.has(y) {
				continue
			}
			if w.gStamp[g] != st {
				w.gStamp[g], w.gCnt[g] = st, rb.count(g)+sb.extra.count(g)
			}
			w.gCnt[g]++
			if w.gCnt[g] >= c.gNeed[g] {
				w.mark[y] = st
				q = append(q, y)
			}
		}
	}
	w.queue = q
	return p.size[b] + int32(len(q))
}

// mayAdd is test 1: false when the pair {a, b} (of different closures) surely adds
// nothing to the union of its closures.
func (p *pairBound) mayAdd(a, b int32) bool {
	c := p.c
	sa, sb := p.of[a], p.of[b]
	if sa.root == sb.root {
		r := &p.roots[sa.root].open
		x, y := &sa.extra, &sb.extra
		if len(x.groups) > len(y.groups) {
			x, y = y, x
		}
		for i, g := range x.groups {
			ny := y.count(g)
			if ny == 0 {
				continue
			}
			if r.count(g)+x.counts[i]+ny >= c.gNeed[g] && !sa.set.has(c.gAsset[g]) && !sb.set.has(c.gAsset[g]) {
				return true
			}
		}
		return false
	}
	ra, rb := &p.roots[sa.root].open, &p.roots[sb.root].open
	if len(ra.groups)+len(sa.extra.groups) > len(rb.groups)+len(sb.extra.groups) {
		sa, sb = sb, sa
		ra, rb = rb, ra
	}
	test := func(g int32) bool {
		nb := rb.count(g) + sb.extra.count(g)
		return nb > 0 && ra.count(g)+sa.extra.count(g)+nb >= c.gNeed[g] && !sa.set.has(c.gAsset[g]) && !sb.set.has(c.gAsset[g])
	}
	for _, g := range ra.groups {
		if test(g) {
			return true
		}
	}
	for _, g := range sa.extra.groups {
		if test(g) {
			return true
		}
	}
	return false
}

// forEach calls f for every member of s.
func (s *closureSet) forEach(f func(a int32)) {
	if s.base != nil {
		s.base.forEach(f)
	}
	if s.bits != nil {
		for w, word := range s.bits {
			for word != 0 {
				f(int32(w*64 + bits.TrailingZeros64(word)))
				word &= word - 1
			}
		}
	}
	for _, a := range s.members {
		f(a)
	}
}

// intersection returns |s ∩ t| for sets without a base.
func intersection(s, t *closureSet) int32 {
	if s.bits != nil && t.bits != nil {
		k := 0
		for i := range s.bits {
			k += bits.OnesCount64(s.bits[i] & t.bits[i])
		}
		return int32(k)
	}
	if s.bits != nil {
		s, t = t, s // iterate the member list
	}
	var k int32
	s.forEach(func(a int32) {
		if t.has(a) {
			k++
		}
	})
	return k
}

// open appends to buf the groups open to the members xs of closure s, once per live
// edge.
func (w *boundScratch) open(buf []int32, s *closureSet, xs func(f func(a int32))) []int32 {
	c := w.c
	xs(func(x int32) {
		for _, g := range c.outGroup[c.outStart[x]:c.outStart[x+1]] {
			if c.gNeed[g] >= 2 && !s.has(c.gAsset[g]) {
				buf = append(buf, g)
			}
		}
	})
	return buf
}

// reach returns the number of assets reachable over live edges, outside closure s, from
// the assets of groups gs (themselves included).
func (w *boundScratch) reach(s *closureSet, gs ...[]int32) int32 {
	c := w.c
	st := w.next()
	q := w.queue[:0]
	visit := func(y int32) {
		if w.mark[y] != st && !s.has(y) {
			w.mark[y] = st
			q = append(q, y)
		}
	}
	for _, l := range gs {
		for _, g := range l {
			visit(c.gAsset[g])
		}
	}
	for i := 0; i < len(q); i++ {
		x := q[i]
		for _, g := range c.outGroup[c.outStart[x]:c.outStart[x+1]] {
			visit(c.gAsset[g])
		}
	}
	w.queue = q
	return int32(len(q))
}

// newPairBound computes the bound's data from the memoized single closures of c's
// assets, whose sizes are sizes. An asset without a memoized closure gets the bound n
// in every pair.
func newPairBound(c *closureNet, shared *sharedMemo, sizes []int32) *pairBound {
	n := int32(c.n)
	p := &pairBound{c: c, n: n, size: sizes, of: make([]*setBound, n), exactSide: maxExactSide}
	w := newBoundScratch(c)
	roots := map[*closureSet]int32{}
	var rootSets []*closureSet
	sets := map[*closureSet]*setBound{}
	var buf []int32
	for a := range n {
		s := shared.get(a)
		if s == nil {
			continue
		}
		if sb, ok := sets[s]; ok {
			p.of[a] = sb
			continue
		}
		r := s
		if s.base != nil {
			r = s.base
		}
		id, ok := roots[r]
		if !ok {
			id = int32(len(rootSets))
			roots[r] = id
			rootSets = append(rootSets, r)
			buf = w.open(buf[:0], r, r.forEach)
			p.roots = append(p.roots, rootBound{size: int32(r.failedAssets), open: newOpenGroups(buf)})
		}
		sb := &setBound{set: s, root: id}
		if s.base != nil {
			buf = w.open(buf[:0], s, func(f func(int32)) {
				for _, x := range s.members {
					f(x)
				}
			})
			sb.extra = newOpenGroups(buf)
		}
		sb.dx = w.reach(s, sb.extra.groups)
		sb.d = w.reach(s, sb.extra.groups, p.roots[id].open.groups)
		sets[s] = sb
		p.of[a] = sb
	}
	if r := len(rootSets); r <= maxInterRoots {
		p.inter = make([]int32, r*r)
		for i := range r {
			for j := i + 1; j < r; j++ {
				k := intersection(rootSets[i], rootSets[j])
				p.inter[i*r+j], p.inter[j*r+i] = k, k
			}
		}
	}
	return p
}

// boundedPair is a pair (a < b, by asset index) and its bound.
type boundedPair struct {
	a, b  int32
	bound int32
}

// byBound orders pairs by bound descending, then a, then b.
func byBound(x, y boundedPair) int {
	if c := cmp.Compare(y.bound, x.bound); c != 0 {
		return c
	}
	if c := cmp.Compare(x.a, y.a); c != 0 {
		return c
	}
	return cmp.Compare(x.b, y.b)
}

// intHeap is a min-heap of ints.
type intHeap []int

func (h intHeap) Len() int           { return len(h) }
func (h intHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h intHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *intHeap) Push(x any)        { *h = append(*h, x.(int)) }
func (h *intHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// pairResult is an evaluated pair: its assets and its failed assets and sectors.
type pairResult struct {
	a, b, failedAssets, failedSectors int32
}

// pruneBatch is the number of pairs evaluated between updates of the threshold.
const pruneBatch = 1 << 14

// rankPruned ranks the top opts.Top pairs of m exactly, evaluating only the pairs whose
// bound can enter the top.
func rankPruned(ctx context.Context, m *model.Model, opts Options) (*Result, error) {
	switch {
	case opts.K != 2:
		return nil, errors.New("pruning ranks pairs: it needs k = 2")
	case opts.Top <= 0:
		return nil, errors.New("pruning needs a top: the bound prunes against its last entry")
	case opts.Horizon.Seconds() != cascade.Never:
		return nil, errors.New("pruning needs no horizon: its bound holds for closures only")
	case opts.Shard.Norm().Count > 1:
		return nil, errors.New("pruning cannot be sharded: which pairs it skips depends on all of them")
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	net, err := cascade.Compile(m)
	if err != nil {
		return nil, err
	}
	c := newClosureNet(net)
	shared := newSharedMemo(c.n)
	newRunner := func() rankRunner { return newClosureRunner(c, shared) }
	n := c.n
	run := RunID{ModelHash: m.Hash(), Horizon: -1, K: 2, Mode: Pruned, Top: opts.Top, Shards: 1}
	total := int64(n) * int64(n-1) / 2
	run.Items = int(total)

	// The single closures in one worker, in asset order: which closures are roots, and
	// so the bound and the pairs it skips, do not depend on scheduling.
	singles, err := rankItems(ctx, 0, n, 1, newRunner, func(i int, buf []int32) []int32 { return append(buf, int32(i)) }, nil)
	if err != nil {
		return nil, err
	}
	sizes := make([]int32, n)
	for i, s := range singles {
		sizes[i] = int32(s[0])
	}
	pb := newPairBound(c, shared, sizes)

	var results []pairResult
	var best intHeap // failed assets of the best opts.Top evaluated, the worst at the root
	threshold := func() int32 {
		if len(best) < opts.Top {
			return 0
		}
		return int32(best[0])
	}
	evaluate := func(pairs []boundedPair) error {
		counts, err := rankItems(ctx, 0, len(pairs), workers, newRunner, func(i int, buf []int32) []int32 {
			return append(buf, pairs[i].a, pairs[i].b)
		}, nil)
		if err != nil {
			return err
		}
		for i, p := range pairs {
			fa := counts[i][0]
			if len(best) < opts.Top {
				heap.Push(&best, fa)
			} else if fa > best[0] {
				best[0] = fa
				heap.Fix(&best, 0)
			}
			if int32(fa) >= threshold() {
				results = append(results, pairResult{p.a, p.b, int32(fa), int32(counts[i][1])})
			}
		}
		// Drop what can no longer enter the top.
		if len(results) > 4*pruneBatch {
			th := threshold()
			results = slices.DeleteFunc(results, func(r pairResult) bool { return r.failedAssets < th })
		}
		return nil
	}

	// First the pairs among the assets of the largest closures, to set the threshold.
	keep := min(int64(max(4*opts.Top, 1024)), total)
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(x, y int32) int { return cmp.Compare(sizes[y], sizes[x]) })
	top := 2
	for int64(top)*int64(top-1)/2 < keep {
		top++
	}
	top = min(top, n)
	seed := make([]bool, n)
	var first []boundedPair
	for i, a := range order[:top] {
		seed[a] = true
		for _, b := range order[i+1 : top] {
			first = append(first, boundedPair{min(a, b), max(a, b), 0})
		}
	}
	if err := evaluate(first); err != nil {
		return nil, err
	}
	evaluated := int64(len(first))

	// Then every other pair whose bound reaches the threshold, best bound first.
	th := threshold()
	var next atomic.Int32
	var mu sync.Mutex
	var rest []boundedPair
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := newBoundScratch(c)
			var mine []boundedPair
			for ctx.Err() == nil {
				a := next.Add(1) - 1
				if int(a) >= n {
					break
				}
				for b := a + 1; b < int32(n); b++ {
					if (seed[a] && seed[b]) || pb.coarse(a, b) < th {
						continue
					}
					if bd := pb.bound(w, a, b); bd >= th {
						mine = append(mine, boundedPair{a, b, bd})
					}
				}
			}
			mu.Lock()
			rest = append(rest, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(rest, byBound)
	todo := int64(len(first) + len(rest))
	for len(rest) > 0 && rest[0].bound >= threshold() {
		k := min(pruneBatch, len(rest))
		for k > 0 && rest[k-1].bound < threshold() {
			k-- // the batch stops where the bound falls below the threshold
		}
		if err := evaluate(rest[:k]); err != nil {
			return nil, err
		}
		evaluated += int64(k)
		rest = rest[k:]
		if opts.Progress != nil {
			opts.Progress(evaluated, todo)
		}
	}

	th = threshold()
	var entries []Entry
	for _, r := range results {
		if r.failedAssets >= th {
			x, y := m.Assets[r.a].Name, m.Assets[r.b].Name
			entries = append(entries, Entry{Asset: x + "+" + y, Assets: []string{x, y}, FailedAssets: int(r.failedAssets), FailedSectors: int(r.failedSectors)})
		}
	}
	res := finishRanking(run, entries)
	res.Evaluated = int(evaluated)
	pruned := total - evaluated
	res.Pruned = &pruned
	return res, nil
}
