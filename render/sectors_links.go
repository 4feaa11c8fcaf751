package render

import (
	"cmp"
	"slices"
)

// The links the sectors view draws: with more than Input.MaxEdges links between sectors,
// a selection that keeps each sector's strongest link in and out and closes every loop.

// sectorLinks is what the sectors view draws of the aggregated sector graph:
// every link, or, when there are more than the cap (Input.MaxEdges), a
// selection (selectLinks), with the two directions between a pair of sectors
// merged into one double-headed line once the lines carry no labels.
type sectorLinks struct {
	edges []*sectorEdge // every aggregated link, by supplier then dependent sector
	loops []int         // by sector: its loop (sectorLoops), or -1
	keep  []bool        // by edge: drawn
	shown int           // links drawn (a double-headed line draws two)
	lines []sectorLine  // the DOT edges, in the order of edges
}

// sectorLine is one drawn edge: a link, and its reverse when both are drawn as
// one double-headed line.
type sectorLine struct {
	e, rev *sectorEdge // rev is nil for a one-way line
	hidden *sectorEdge // the reverse link of a one-way line, when it exists but is not drawn
}

// count returns the dependencies a line stands for, both ways.
func (l sectorLine) count() int {
	n := l.e.count()
	if l.rev != nil {
		n += l.rev.count()
	}
	return n
}

// pruned reports whether some links are not drawn.
func (sl *sectorLinks) pruned() bool { return sl.shown < len(sl.edges) }

// maxEdges returns the cap on the links of the sectors view of in: Input.MaxEdges,
// DefaultMaxEdges when 0, or -1 for no cap.
func maxEdges(in *Input) int {
	switch {
	case in.MaxEdges < 0:
		return -1
	case in.MaxEdges == 0:
		return DefaultMaxEdges
	}
	return in.MaxEdges
}

// newSectorLinks aggregates the dependencies of in's model between sectors and
// chooses the links to draw.
func newSectorLinks(in *Input) (sl *sectorLinks) {
	if in.links != nil {
		return in.links
	}
	defer func() { in.links = sl }()
	m := in.Model
	sl = &sectorLinks{edges: sectorEdges(m)}
	sl.loops = sectorLoops(m, sl.edges)
	sl.keep = selectLinks(len(m.Sectors), sl.edges, sl.loops, maxEdges(in))
	for _, k := range sl.keep {
		if k {
			sl.shown++
		}
	}
	// Lines without labels are straight (sfdp) or unlabelled (dot): the two
	// directions between a pair of sectors are better one double-headed line.
	merge := sl.shown > MaxEdgeLabels
	for i, e := range sl.edges {
		if !sl.keep[i] {
			continue
		}
		line := sectorLine{e: e}
		if r := sl.reverse(e); r >= 0 {
			switch {
			case !sl.keep[r]:
				line.hidden = sl.edges[r]
			case merge && e.from > e.to:
				continue // drawn with its reverse
			case merge:
				line.rev = sl.edges[r]
			}
		}
		sl.lines = append(sl.lines, line)
	}
	return sl
}

// reverse returns the index of the link opposite to e, or -1 when there is
// none (or e is a link within one sector).
func (sl *sectorLinks) reverse(e *sectorEdge) int {
	if e.from == e.to {
		return -1
	}
	i, ok := slices.BinarySearchFunc(sl.edges, [2]int{e.to, e.from}, func(x *sectorEdge, k [2]int) int {
		return cmp.Or(cmp.Compare(x.from, k[0]), cmp.Compare(x.to, k[1]))
	})
	if !ok {
		return -1
	}
	return i
}

// selectLinks returns, by edge, whether the sectors view draws it: every edge
// when there are at most max (or max < 0); else
//
//  1. each sector's strongest link out and strongest link in (by dependency
//     count; a link within the sector only when it has no other), so no sector
//     that has a link is left without one;
//  2. for each loop (strongly connected component of sectors), the links of a
//     spanning in-tree and out-tree grown from its lowest sector along the
//     strongest links, so that the loop stays a loop: every sector on it still
//     reaches every other along drawn links;
//  3. then the strongest of the other links, until max are drawn.
//
// Steps 1 and 2 may exceed max (at most four links per sector). Ties go to the
// lower supplier then dependent sector, so the choice is deterministic.
func selectLinks(n int, edges []*sectorEdge, loops []int, max int) []bool {
	keep := make([]bool, len(edges))
	if max < 0 || len(edges) <= max {
		for i := range keep {
			keep[i] = true
		}
		return keep
	}
	// Indices by strength: count descending, then the edge order.
	counts := make([]int, len(edges))
	for i, e := range edges {
		counts[i] = e.count()
	}
	order := strongestFirst(counts)
	rank := make([]int, len(edges))
	for r, i := range order {
		rank[i] = r
	}
	// 1. The strongest link out of and into each sector.
	out, in := make([]bool, n), make([]bool, n)
	for _, i := range order {
		e := edges[i]
		if e.from == e.to {
			continue
		}
		if !out[e.from] {
			out[e.from], keep[i] = true, true
		}
		if !in[e.to] {
			in[e.to], keep[i] = true, true
		}
	}
	for i, e := range edges {
		if e.from == e.to && !out[e.from] && !in[e.from] {
			keep[i] = true
		}
	}
	// 2. A strongly connected spanning subgraph of each loop: trees grown
	// from its lowest sector, always along the strongest link that reaches a
	// new sector (Prim's algorithm; adjacency lists in order of strength, so
	// the heap holds one entry per sector reached, keyed by the rank of its
	// strongest link not yet looked at).
	outAdj, inAdj := make([][]int, n), make([][]int, n)
	for _, i := range order {
		e := edges[i]
		if e.from != e.to && loops[e.from] >= 0 && loops[e.from] == loops[e.to] {
			outAdj[e.from] = append(outAdj[e.from], i)
			inAdj[e.to] = append(inAdj[e.to], i)
		}
	}
	reached := make([]bool, n)
	next := make([]int, n) // by sector: the position in its adjacency list
	size := make([]int, n) // by loop: its sectors
	for _, l := range loops {
		if l >= 0 {
			size[l]++
		}
	}
	grow := func(root int, adj [][]int, far func(*sectorEdge) int) {
		var h sectorHeap
		h.key = func(s int) int { return rank[adj[s][next[s]]] }
		reached[root], next[root] = true, 0
		if len(adj[root]) > 0 {
			h.push(root)
		}
		for left := size[root] - 1; left > 0 && h.len() > 0; {
			s := h.pop()
			i := adj[s][next[s]]
			next[s]++
			if t := far(edges[i]); !reached[t] {
				reached[t], keep[i] = true, true
				left--
				next[t] = 0
				if len(adj[t]) > 0 {
					h.push(t)
				}
			}
			if next[s] < len(adj[s]) {
				h.push(s)
			}
		}
	}
	for s, l := range loops {
		if l == s { // the lowest sector of its loop
			clear(reached)
			grow(s, outAdj, func(e *sectorEdge) int { return e.to })
			clear(reached)
			grow(s, inAdj, func(e *sectorEdge) int { return e.from })
		}
	}
	// 3. The strongest of the rest.
	kept := 0
	for _, k := range keep {
		if k {
			kept++
		}
	}
	for _, i := range order {
		if kept >= max {
			break
		}
		if !keep[i] {
			keep[i] = true
			kept++
		}
	}
	return keep
}

// strongestFirst returns the indices of counts from the highest count to the
// lowest, equal counts in index order (a counting sort: counts are small).
func strongestFirst(counts []int) []int {
	top := 0
	for _, c := range counts {
		top = max(top, c)
	}
	start := make([]int, top+2) // by count, from the highest: first position
	for _, c := range counts {
		start[top-c+1]++
	}
	for c := 1; c < len(start); c++ {
		start[c] += start[c-1]
	}
	order := make([]int, len(counts))
	for i, c := range counts {
		order[start[top-c]] = i
		start[top-c]++
	}
	return order
}

// sectorHeap is a min-heap of sectors by key.
type sectorHeap struct {
	xs  []int
	key func(s int) int
}

func (h *sectorHeap) len() int { return len(h.xs) }

func (h *sectorHeap) push(s int) {
	h.xs = append(h.xs, s)
	for c := len(h.xs) - 1; c > 0; {
		p := (c - 1) / 2
		if h.key(h.xs[p]) <= h.key(h.xs[c]) {
			break
		}
		h.xs[p], h.xs[c] = h.xs[c], h.xs[p]
		c = p
	}
}

func (h *sectorHeap) pop() int {
	top := h.xs[0]
	last := len(h.xs) - 1
	h.xs[0] = h.xs[last]
	h.xs = h.xs[:last]
	for p := 0; ; {
		c := 2*p + 1
		if c >= last {
			break
		}
		if c+1 < last && h.key(h.xs[c+1]) < h.key(h.xs[c]) {
			c++
		}
		if h.key(h.xs[p]) <= h.key(h.xs[c]) {
			break
		}
		h.xs[p], h.xs[c] = h.xs[c], h.xs[p]
		p = c
	}
	return top
}
