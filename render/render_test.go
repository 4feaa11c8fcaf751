package render

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/gonum/graph/formats/dot"
	"gonum.org/v1/gonum/graph/formats/dot/ast"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// goldenCases are the diagrams of the fixture checked against testdata/*.dot.
func goldenCases(f *fixture) []struct {
	name string
	in   *Input
	opts Options
} {
	flood, ransom := f.floodOutcome(), f.ransomOutcome()
	return []struct {
		name string
		in   *Input
		opts Options
	}{
		{"model", &Input{Model: f.m}, Options{View: "model"}},
		{"model_focus", &Input{Model: f.m, Focus: f.pumping, Depth: 1}, Options{View: "model"}},
		{"model_sfdp", &Input{Model: f.m}, Options{View: "model", Layout: "sfdp"}},
		{"sectors", &Input{Model: f.m}, Options{View: "sectors"}},
		{"sectors_flood", &Input{Model: f.m, Outcome: flood}, Options{View: "sectors"}},
		{"impact_flood", &Input{Model: f.m, Outcome: flood}, Options{View: "impact"}},
		{"impact_ransom", &Input{Model: f.m, Outcome: ransom}, Options{}},
		{"impact_ransom_affected", &Input{Model: f.m, Outcome: ransom, AffectedOnly: true}, Options{View: "impact"}},
		{"sequence_flood", &Input{Model: f.m, Outcome: flood}, Options{View: "sequence"}},
		{"sequence_ransom", &Input{Model: f.m, Outcome: ransom}, Options{View: "sequence"}},
		{"explain_flood_hospital", &Input{Model: f.m, Outcome: flood, Asset: f.hospital}, Options{View: "explain"}},
		{"explain_ransom_hospital", &Input{Model: f.m, Outcome: ransom, Asset: f.hospital}, Options{View: "explain"}},
	}
}

func TestGolden(t *testing.T) {
	f := newFixture()
	for _, tc := range goldenCases(f) {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Draw(tc.in, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			got := d.Graph.Bytes()
			path := filepath.Join("testdata", tc.name+".dot")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./render -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file; run go test ./render -update and review the diff\ngot:\n%s", path, got)
			}
			again, _ := Draw(tc.in, tc.opts)
			if !bytes.Equal(again.Graph.Bytes(), got) {
				t.Error("drawing twice gave different DOT")
			}
			parseDOT(t, got)
		})
	}
}

// parseDOT parses DOT text with gonum's parser and returns its only graph.
func parseDOT(t *testing.T, b []byte) *ast.Graph {
	t.Helper()
	f, err := dot.ParseBytes(b)
	if err != nil {
		t.Fatalf("DOT does not parse: %v\n%s", err, b)
	}
	if len(f.Graphs) != 1 {
		t.Fatalf("DOT has %d graphs, want 1", len(f.Graphs))
	}
	return f.Graphs[0]
}

// statements returns the node statements and edge statements of g, in clusters
// or not.
func statements(g *ast.Graph) (nodes map[string]*ast.NodeStmt, edges []*ast.EdgeStmt) {
	nodes = map[string]*ast.NodeStmt{}
	var walk func([]ast.Stmt)
	walk = func(ss []ast.Stmt) {
		for _, s := range ss {
			switch s := s.(type) {
			case *ast.NodeStmt:
				nodes[unquoteID(s.Node.ID)] = s
			case *ast.EdgeStmt:
				edges = append(edges, s)
			case *ast.Subgraph:
				walk(s.Stmts)
			}
		}
	}
	walk(g.Stmts)
	return nodes, edges
}

// unquoteID undoes DOT's quoting of a double-quoted ID: only \" is an escape.
func unquoteID(s string) string {
	if len(s) >= 2 && s[0] == '"' {
		return strings.ReplaceAll(s[1:len(s)-1], `\"`, `"`)
	}
	return s
}

// unescValue undoes the escaping of a plain attribute value: escString, then
// the HTML entity &amp; that Graphviz decodes in labels.
func unescValue(s string) string {
	return strings.ReplaceAll(unescString(s), "&amp;", "&")
}

// unescString undoes Graphviz's escString processing of a label or tooltip:
// \\ is a backslash, \n a line break.
func unescString(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n':
				b.WriteByte('\n')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func attr(n *ast.NodeStmt, key string) string {
	for _, a := range n.Attrs {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// nastyLabels are labels that break naive DOT writers.
var nastyLabels = []string{
	`say "hi"`,
	`back\slash`,
	`ends with a backslash\`,
	`\N \G \E \l \r`,
	"<html> & <b>bold</b> &amp;",
	"two\nlines",
	"crlf\r\nline",
	"東京電力パワーグリッド 川崎変電所",
	"tab\there and bell\a",
	"]]> --> <!-- ' \"",
	"node",
	"invalid \xff utf-8",
	"",
}

func TestQuoteRoundTrip(t *testing.T) {
	for _, s := range nastyLabels {
		g := &Graph{Name: s}
		g.AddNode(s, Attrs{"tooltip": Str(s), "label": HTML(Text(s))})
		g.AddNode("other", nil)
		g.AddEdge(s, "other", Attrs{"label": Str(s)})
		b := g.Bytes()
		pg := parseDOT(t, b)
		nodes, edges := statements(pg)
		want := sanitize(s)
		// IDs are not escStrings: Graphviz keeps their backslashes, and shows
		// them (as \N) through escString processing, which gives back want.
		var id string
		for k := range nodes {
			if k != "other" {
				id = k
			}
		}
		if len(nodes) != 2 || unescString(id) != want {
			t.Errorf("%q: node ID not read back; have %q\n%s", s, keys(nodes), b)
			continue
		}
		if got := unescValue(unquoteID(attr(nodes[id], "tooltip"))); got != want {
			t.Errorf("%q: tooltip read back as %q, want %q", s, got, want)
		}
		if len(edges) != 1 || unquoteID(edges[0].From.(*ast.Node).ID) != id {
			t.Errorf("%q: edge not read back\n%s", s, b)
		}
		if unescString(unquoteID(pg.ID)) != want {
			t.Errorf("%q: graph name read back as %q", s, pg.ID)
		}
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a<b>&c", "a&lt;b&gt;&amp;c"},
		{`"q" 'a'`, "&quot;q&quot; &#39;a&#39;"},
		{"l1\nl2", "l1<br/>l2"},
		{"東京", "東京"},
		{"x\x00y", "x?y"},
		{`back\`, `back\`},
	}
	for _, tt := range tests {
		if got := Text(tt.in); got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// nastyFixture is the fixture with every label, sector name and scenario label
// replaced by a nasty one.
func nastyFixture() *fixture {
	f := newFixture()
	for i, a := range f.m.Assets {
		a.Label = nastyLabels[i%len(nastyLabels)]
		a.Region = nastyLabels[(i+3)%len(nastyLabels)]
	}
	for i, s := range f.m.Sectors {
		s.Label = nastyLabels[(i+5)%len(nastyLabels)]
		s.Color = `"><script>`
	}
	f.flood.Label = "洪水 \"<flood>\" \\"
	f.flood.Events[0].Name = "ev\"\\"
	return f
}

func TestNastyLabelsEveryView(t *testing.T) {
	f := nastyFixture()
	for _, tc := range goldenCases(f) {
		d, err := Draw(tc.in, tc.opts)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		b := d.Graph.Bytes()
		parseDOT(t, b)
		if bytes.Contains(b, []byte("<script>")) {
			t.Errorf("%s: an unchecked colour reached the DOT:\n%s", tc.name, b)
		}
	}
}

func TestDrawErrors(t *testing.T) {
	f := newFixture()
	tests := []struct {
		in   *Input
		opts Options
		want string
	}{
		{&Input{Model: f.m}, Options{View: "nope"}, `unknown view "nope"`},
		{&Input{Model: f.m}, Options{View: "impact"}, "needs a scenario"},
		{&Input{Model: f.m, Outcome: f.floodOutcome()}, Options{View: "explain"}, "needs an asset"},
		{&Input{Model: f.m}, Options{Layout: "twopi"}, `unknown layout "twopi"`},
	}
	for _, tt := range tests {
		_, err := Draw(tt.in, tt.opts)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Draw(%+v): error %v, want one containing %q", tt.opts, err, tt.want)
		}
	}
}

func TestSizeLimits(t *testing.T) {
	big := synthetic(SFDPMax+500, 1)
	tests := []struct {
		name   string
		in     *Input
		opts   Options
		layout string // "" means refused
	}{
		{"auto small is dot", &Input{Model: synthetic(AutoDotMax, 1)}, Options{}, "dot"},
		{"auto medium is sfdp", &Input{Model: synthetic(AutoDotMax+1, 1)}, Options{}, "sfdp"},
		{"dot at its limit", &Input{Model: synthetic(DotMax, 1)}, Options{Layout: "dot"}, "dot"},
		{"dot above its limit", &Input{Model: synthetic(DotMax+1, 1)}, Options{Layout: "dot"}, ""},
		{"dot forced", &Input{Model: synthetic(DotMax+1, 1)}, Options{Layout: "dot", Force: true}, "dot"},
		{"neato above its limit", &Input{Model: synthetic(SpringMax+1, 1)}, Options{Layout: "neato"}, ""},
		{"circo above its limit", &Input{Model: synthetic(CircoMax+1, 1)}, Options{Layout: "circo"}, ""},
		{"auto huge", &Input{Model: big}, Options{}, ""},
		{"huge forced", &Input{Model: big}, Options{Force: true}, "sfdp"},
		{"huge sectors, links capped", &Input{Model: big}, Options{View: "sectors"}, "dot"},
		{"huge sectors, all links", &Input{Model: big, MaxEdges: AllEdges}, Options{View: "sectors"}, "sfdp"},
		{"small sectors", &Input{Model: synthetic(1000, 1)}, Options{View: "sectors"}, "dot"},
		{"sectors, links capped, dot", &Input{Model: synthetic(10000, 1)}, Options{View: "sectors", Layout: "dot"}, "dot"},
		{"sectors, many links, dot", &Input{Model: synthetic(10000, 1), MaxEdges: AllEdges}, Options{View: "sectors", Layout: "dot"}, ""},
		{"sectors, many links, auto", &Input{Model: synthetic(10000, 1), MaxEdges: AllEdges}, Options{View: "sectors"}, "sfdp"},
		{"300 dense sectors", &Input{Model: denseSectors(300, 1)}, Options{View: "sectors"}, "sfdp"},
		{"300 dense sectors, all links", &Input{Model: denseSectors(300, 1), MaxEdges: AllEdges}, Options{View: "sectors"}, ""},
		{"300 dense sectors, dot", &Input{Model: denseSectors(300, 1)}, Options{View: "sectors", Layout: "dot"}, ""},
		{"huge focused", &Input{Model: big, Focus: big.Assets[10], Depth: 1}, Options{}, "dot"},
	}
	for _, tt := range tests {
		d, err := Draw(tt.in, tt.opts)
		if tt.layout == "" {
			if !errors.Is(err, ErrTooLarge) {
				t.Errorf("%s: error %v, want ErrTooLarge", tt.name, err)
				continue
			}
			hints := []string{"--view sectors", "--focus ASSET --depth N", "--force"}
			if tt.opts.View == "sectors" {
				hints = []string{"--max-edges N", "--force"}
				if tt.opts.Layout != "" {
					hints = append(hints, "--layout sfdp")
				}
			}
			for _, hint := range hints {
				if !strings.Contains(err.Error(), hint) {
					t.Errorf("%s: error %q does not mention %s", tt.name, err, hint)
				}
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if d.Layout != tt.layout {
			t.Errorf("%s: layout %s, want %s", tt.name, d.Layout, tt.layout)
		}
		if !bytes.Contains(d.Graph.Bytes(), []byte(`layout="`+tt.layout+`"`)) {
			t.Errorf("%s: DOT does not name its layout", tt.name)
		}
	}
}

func TestNeighbourhood(t *testing.T) {
	f := newFixture()
	names := func(as []*model.Asset) string {
		var s []string
		for _, a := range as {
			s = append(s, a.Name)
		}
		return strings.Join(s, " ")
	}
	tests := []struct {
		focus *model.Asset
		depth int
		want  string
	}{
		{f.pumping, 0, "pumping"},
		{f.pumping, 1, "pumping hospital substation"},
		{f.pumping, 2, "pumping hospital substation exchange"},
		{f.pumping, 9, "pumping hospital substation exchange gas_plant clinic"},
	}
	for _, tt := range tests {
		if got := names(neighbourhood(f.m, tt.focus, tt.depth)); got != tt.want {
			t.Errorf("neighbourhood(%s, %d) = %s, want %s", tt.focus.Name, tt.depth, got, tt.want)
		}
	}
}

func TestSectorLoops(t *testing.T) {
	f := newFixture()
	loops := sectorLoops(f.m, sectorEdges(f.m))
	// energy ⇄ telecom is a loop; water and health only depend.
	want := map[string]int{"energy": 0, "telecom": 0, "health": -1, "water": -1}
	for _, s := range f.m.Sectors {
		if loops[s.Index] != want[s.Name] {
			t.Errorf("loop of %s = %d, want %d", s.Name, loops[s.Index], want[s.Name])
		}
	}
}

func TestSectorOutcomes(t *testing.T) {
	f := newFixture()
	outs := f.floodOutcome().SectorOutcomes(f.m)
	// permanent failures: down at the horizon (3d) what failed, and lost from
	// the failure on
	nv := cascade.Never
	want := map[string]SectorOutcome{
		"energy":  {FirstImpact: 0, FailedAt: 0, FailedFraction: 0.5, DownFraction: 0.5, RestoredAt: nv, Loss: 0.5 * 72 * hour},
		"health":  {FirstImpact: 36 * hour, FailedAt: 36 * hour, FailedFraction: 0.5, DownFraction: 0.5, RestoredAt: nv, Loss: 0.5 * 36 * hour},
		"telecom": {FirstImpact: nv, FailedAt: nv, RestoredAt: nv},
		"water":   {FirstImpact: 12 * hour, FailedAt: 12 * hour, FailedFraction: 1, DownFraction: 1, RestoredAt: nv, Loss: 60 * hour},
	}
	for _, s := range f.m.Sectors {
		if outs[s.Index] != want[s.Name] {
			t.Errorf("%s: %+v, want %+v", s.Name, outs[s.Index], want[s.Name])
		}
	}
}

func TestTimeBins(t *testing.T) {
	o := &Outcome{Assets: []AssetOutcome{{Failed: true, At: 0}, {Failed: true, At: 10}, {Failed: true, At: 10}, {Failed: true, At: 1000}, {}}}
	b := newTimeBins(o)
	if got := []int{b.bin(0), b.bin(10), b.bin(1000)}; got[0] != 0 || got[1] != 3 || got[2] != len(palette)-1 {
		t.Errorf("bins %v, want [0 3 %d]", got, len(palette)-1)
	}
	one := newTimeBins(&Outcome{Assets: []AssetOutcome{{Failed: true, At: 5}}})
	if one.bin(5) != 0 {
		t.Errorf("single failure time in bin %d, want 0", one.bin(5))
	}
}

// TestFromResult checks the adapter from the engine against the outcomes worked
// out by hand in the fixture.
func TestFromResult(t *testing.T) {
	f := newFixture()
	for _, tc := range []struct {
		sc   *model.Scenario
		want *Outcome
	}{{f.flood, f.floodOutcome()}, {f.ransom, f.ransomOutcome()}} {
		got, err := simulate(f.m, tc.sc)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range f.m.Assets {
			g, w := got.Assets[a.Index], tc.want.Assets[a.Index]
			if !reflect.DeepEqual(g, w) {
				t.Errorf("%s, %s: engine gives %+v, want %+v", tc.sc.Name, a.Name, g, w)
			}
		}
		wantSectors := tc.want.SectorOutcomes(f.m)
		if !reflect.DeepEqual(got.Sectors, wantSectors) {
			t.Errorf("%s: sectors %+v, want %+v", tc.sc.Name, got.Sectors, wantSectors)
		}
		if got.Scenario != tc.sc || got.Horizon != tc.sc.Horizon {
			t.Errorf("%s: scenario %v horizon %d", tc.sc.Name, got.Scenario, got.Horizon)
		}
	}
}

// FuzzDOT checks that any text, as a graph name, node ID, plain value and
// HTML-like label, yields DOT that parses back with the same ID.
func FuzzDOT(f *testing.F) {
	for _, s := range nastyLabels {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g := &Graph{Name: s}
		g.AddNode(s, Attrs{"label": HTML(Text(s)), "tooltip": Str(s)})
		g.AddNode("other", Attrs{"label": Str(s)})
		g.AddEdge(s, "other", Attrs{"label": Str(s)})
		b := g.Bytes()
		file, err := dot.ParseBytes(b)
		if err != nil {
			t.Fatalf("DOT does not parse: %v\n%s", err, b)
		}
		nodes, edges := statements(file.Graphs[0])
		if len(edges) != 1 || (len(nodes) != 2 && sanitize(s) != "other") {
			t.Fatalf("read back %d nodes, %d edges\n%s", len(nodes), len(edges), b)
		}
		if got := unescValue(unquoteID(attr(nodes["other"], "label"))); got != sanitize(s) {
			t.Fatalf("label read back as %q, want %q", got, sanitize(s))
		}
	})
}

func TestSameRankAndClusters(t *testing.T) {
	g := &Graph{Name: "g", Attrs: Attrs{"rankdir": Str("LR")}}
	c := g.AddCluster("c", Attrs{"label": Str("C")})
	c.AddNode("a", nil)
	g.AddNode("b", nil)
	g.SameRank = [][]string{{"a", "b"}}
	g.AddEdge("a", "b", nil)
	want := `digraph "g" {
  graph [rankdir="LR"];
  subgraph "cluster_c" {
    graph [label="C"];
    "a";
  }
  "b";
  { rank=same; "a"; "b"; }
  "a" -> "b";
}
`
	if got := string(g.Bytes()); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	parseDOT(t, g.Bytes())
	if g.NumNodes() != 2 {
		t.Errorf("NumNodes = %d, want 2", g.NumNodes())
	}
}
