package render

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/graph/topo"

	"github.com/cascade-infra/cascade/model"
)

// denseSectors returns a model of n sectors of four assets each in which every
// sector depends on every other (1 to 4 dependencies, random kinds), all of
// them one loop, plus four sectors after them: "weak_a", "weak_b" and "weak_c"
// in a loop of single dependencies, each depending strongly (4 dependencies) on
// the first sector and supplying "weak_sink" strongly. The loop's links are the
// weakest of the model and no sector's strongest: only the rule that keeps loops
// closed keeps them.
func denseSectors(n int, seed uint64) *model.Model {
	r := rand.New(rand.NewPCG(seed, 2))
	m := &model.Model{}
	names := make([]string, 0, n+4)
	for i := range n {
		names = append(names, fmt.Sprintf("s%03d", i))
	}
	names = append(names, "weak_a", "weak_b", "weak_c", "weak_sink")
	var assets [][]*model.Asset
	for i, name := range names {
		s := &model.Sector{Name: name, Label: name, Color: "#457b9d", Threshold: 0.5, Index: i}
		m.Sectors = append(m.Sectors, s)
		var as []*model.Asset
		for k := range 4 {
			a := &model.Asset{Name: fmt.Sprintf("%s_%d", name, k), Label: name, Sector: s, Weight: 1, Index: len(m.Assets),
				Groups: []*model.SupplyGroup{{RequiresMode: "all"}}}
			m.Assets = append(m.Assets, a)
			as = append(as, a)
		}
		assets = append(assets, as)
	}
	depend := func(from, to, count int) {
		for k := range count {
			g := assets[to][k].Groups[0]
			g.Dependencies = append(g.Dependencies, &model.Dependency{On: assets[from][0], Kind: model.Kind(r.IntN(4)), Probability: 1})
			g.Requires = len(g.Dependencies)
		}
	}
	for i := range n {
		for j := range n {
			if i != j {
				depend(i, j, 1+r.IntN(4))
			}
		}
	}
	a, b, c, sink := n, n+1, n+2, n+3
	depend(a, b, 1)
	depend(b, c, 1)
	depend(c, a, 1)
	for _, w := range []int{a, b, c} {
		depend(0, w, 4)
		depend(w, sink, 4)
	}
	return m
}

// keptGraph returns the links sl draws.
func keptGraph(sl *sectorLinks) []*sectorEdge {
	var kept []*sectorEdge
	for i, e := range sl.edges {
		if sl.keep[i] {
			kept = append(kept, e)
		}
	}
	return kept
}

func TestSectorLinksPruned(t *testing.T) {
	const n = 120
	m := denseSectors(n, 1)
	for _, limit := range []int{0, 1000} {
		sl := newSectorLinks(&Input{Model: m, MaxEdges: limit})
		total := n*(n-1) + 3 + 3 + 3
		if len(sl.edges) != total {
			t.Fatalf("%d links, want %d", len(sl.edges), total)
		}
		// Pruned to the cap: at least the cap, and exactly the cap when the
		// links every sector and loop needs are fewer.
		want := limit
		if limit == 0 {
			want = DefaultMaxEdges
		}
		if sl.shown < want || sl.shown > max(want, 4*len(m.Sectors)) {
			t.Errorf("max %d: %d links shown, want %d to %d", limit, sl.shown, want, 4*len(m.Sectors))
		}
		if limit == 1000 && sl.shown != 1000 {
			t.Errorf("max 1000: %d links shown", sl.shown)
		}
		kept := keptGraph(sl)
		// Every sector keeps a link out and a link in when it had one.
		var hadOut, hadIn, out, in [n + 4]bool
		for i, e := range sl.edges {
			hadOut[e.from], hadIn[e.to] = true, true
			if sl.keep[i] {
				out[e.from], in[e.to] = true, true
			}
		}
		if out != hadOut || in != hadIn {
			t.Errorf("max %d: a sector lost all its links out or in", limit)
		}
		// Loops stay loops: the kept links have the same strongly connected
		// components, so the same sectors and links are highlighted.
		if got := sectorLoops(m, kept); !slices.Equal(got, sl.loops) {
			t.Errorf("max %d: loops of the kept links %v, want %v", limit, got, sl.loops)
		}
		// The weak loop is kept whole.
		for _, pair := range [][2]string{{"weak_a", "weak_b"}, {"weak_b", "weak_c"}, {"weak_c", "weak_a"}} {
			if !slices.ContainsFunc(kept, func(e *sectorEdge) bool {
				return m.Sectors[e.from].Name == pair[0] && m.Sectors[e.to].Name == pair[1]
			}) {
				t.Errorf("max %d: loop link %s → %s dropped", limit, pair[0], pair[1])
			}
		}
		// Beyond what every sector and loop needs (at most 4 links per
		// sector), the links kept are the strongest: here there are more links
		// of count 4 than the cap, so every other kept link is a needed one.
		weaker := 0
		for _, e := range kept {
			if e.count() < 4 {
				weaker++
			}
		}
		if weaker > 4*len(m.Sectors) || weaker == len(kept) {
			t.Errorf("max %d: %d of the %d kept links are weaker than the strongest", limit, weaker, len(kept))
		}
	}
}

func TestSectorsViewPruned(t *testing.T) {
	m := denseSectors(120, 1)
	total := 120*119 + 9
	d, err := Draw(&Input{Model: m}, Options{View: "sectors"})
	if err != nil {
		t.Fatal(err)
	}
	if d.Layout != "sfdp" {
		t.Errorf("layout %s, want sfdp", d.Layout)
	}
	text := string(d.Graph.Bytes())
	parseDOT(t, []byte(text))
	shown := newSectorLinks(&Input{Model: m}).shown
	want := fmt.Sprintf("%s of %s links", thousands(shown), thousands(total))
	if c := strings.Count(text, want); c != 2 { // the title and the legend
		t.Errorf("DOT states %q %d times, want 2 (title and legend)", want, c)
	}
	for _, hint := range []string{"--all-edges", "--max-edges N"} {
		if !strings.Contains(text, hint) {
			t.Errorf("DOT does not say how to see all links (%s)", hint)
		}
	}
	if got := drawnLinks(text); got != shown {
		t.Errorf("DOT draws %d links, want %d", got, shown)
	}
	if d.Edges >= shown || !strings.Contains(text, `dir="both"`) {
		t.Errorf("%d lines for %d links: links both ways are not merged", d.Edges, shown)
	}
	again, err := Draw(&Input{Model: m}, Options{View: "sectors"})
	if err != nil || string(again.Graph.Bytes()) != text {
		t.Error("the sectors view is not deterministic")
	}

	// --all-edges restores everything.
	all, err := Draw(&Input{Model: m, MaxEdges: AllEdges}, Options{View: "sectors"})
	if err != nil {
		t.Fatal(err)
	}
	allText := string(all.Graph.Bytes())
	if got := drawnLinks(allText); got != total {
		t.Errorf("all links: DOT draws %d links, want %d", got, total)
	}
	if strings.Contains(allText, " links between sectors shown") || strings.Contains(allText, "--all-edges") {
		t.Error("all links: DOT says links are left out")
	}
}

// drawnLinks counts the links a sectors DOT draws: one per edge, two per
// double-headed edge.
func drawnLinks(text string) int {
	n := 0
	for line := range strings.SplitSeq(text, "\n") {
		if strings.Contains(line, " -> ") {
			n++
			if strings.Contains(line, `dir="both"`) {
				n++
			}
		}
	}
	return n
}

func TestSectorsViewSmallUnpruned(t *testing.T) {
	f := newFixture()
	sl := newSectorLinks(&Input{Model: f.m})
	if sl.pruned() || len(sl.lines) != len(sl.edges) {
		t.Errorf("small model: %d of %d links in %d lines", sl.shown, len(sl.edges), len(sl.lines))
	}
	// A cap below the links of a small model prunes it down to the links
	// every sector and loop needs; the lines keep their labels (no merging)
	// and the title and legend say so.
	m := denseSectors(4, 1)
	sl = newSectorLinks(&Input{Model: m, MaxEdges: 1})
	if !sl.pruned() || sl.shown > MaxEdgeLabels {
		t.Fatalf("dense 4 sectors capped at 1: %d of %d links", sl.shown, len(sl.edges))
	}
	d, err := Draw(&Input{Model: m, MaxEdges: 1}, Options{View: "sectors"})
	if err != nil {
		t.Fatal(err)
	}
	text := string(d.Graph.Bytes())
	if strings.Count(text, fmt.Sprintf("%d of %d links", sl.shown, len(sl.edges))) != 2 || strings.Contains(text, `dir="both"`) ||
		strings.Count(text, " -> ") != sl.shown || strings.Count(text, "label=\"") < sl.shown {
		t.Errorf("capped small model:\n%s", text)
	}
}

func TestSCCs(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := range 200 {
		n := 1 + r.IntN(40)
		adj := make([][]int, n)
		g := simple.NewDirectedGraph()
		for i := range n {
			g.AddNode(simple.Node(i))
		}
		p := r.Float64() * 0.2
		for i := range n {
			for j := range n {
				if i != j && r.Float64() < p {
					adj[i] = append(adj[i], j)
					g.SetEdge(simple.Edge{F: simple.Node(i), T: simple.Node(j)})
				}
			}
		}
		norm := func(cs [][]int) []string {
			var out []string
			for _, c := range cs {
				slices.Sort(c)
				out = append(out, fmt.Sprint(c))
			}
			slices.Sort(out)
			return out
		}
		var want [][]int
		for _, c := range topo.TarjanSCC(g) {
			var ids []int
			for _, v := range c {
				ids = append(ids, int(v.ID()))
			}
			want = append(want, ids)
		}
		if got, w := norm(sccs(adj)), norm(want); !slices.Equal(got, w) {
			t.Fatalf("trial %d: components %v, want %v", trial, got, w)
		}
	}
}

func TestStrongestFirst(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 100 {
		counts := make([]int, r.IntN(50))
		for i := range counts {
			counts[i] = 1 + r.IntN(1+r.IntN(20))
		}
		want := make([]int, len(counts))
		for i := range want {
			want[i] = i
		}
		slices.SortStableFunc(want, func(a, b int) int { return counts[b] - counts[a] })
		if got := strongestFirst(counts); !slices.Equal(got, want) {
			t.Fatalf("strongestFirst(%v) = %v, want %v", counts, got, want)
		}
	}
}
