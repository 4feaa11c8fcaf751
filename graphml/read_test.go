package graphml

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

const head = `<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
`

// TestReadKeys checks keys for nodes, edges, the graph and all, their types and
// defaults, directed and undirected edges, parallel edges, nested graphs and yEd
// graphics.
func TestReadKeys(t *testing.T) {
	src := head + `  <key id="d0" for="node" attr.name="sector" attr.type="string"><default>water</default></key>
  <key id="d1" for="edge" attr.name="buffer_hours" attr.type="double"/>
  <key id="d2" for="all" attr.name="note"/>
  <key id="d3" for="graph" attr.name="title" attr.type="string"/>
  <key id="d4" for="node" yfiles.type="nodegraphics"/>
  <key id="d5" for="node" attr.name="ok" attr.type="boolean"/>
  <graph id="G" edgedefault="undirected">
    <data key="d3">Downtown</data>
    <node id="a"><data key="d0">power</data><data key="d2">first</data><data key="d4"><y:ShapeNode xmlns:y="http://www.yworks.com/xml/graphml"><y:NodeLabel>A</y:NodeLabel></y:ShapeNode></data></node>
    <node id="b"><data key="d5">true</data><port name="p"/></node>
    <node id="grp">
      <graph id="inner" edgedefault="directed"><node id="c"/></graph>
      <data key="d2">after the nested graph</data>
    </node>
    <edge source="a" target="b"><data key="d1">2.5</data></edge>
    <edge source="a" target="b" directed="true"><desc>x</desc><data key="d2">parallel</data></edge>
    <edge id="e9" source="c" target="a"/>
  </graph>
</graphml>
`
	g, err := Read(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, n := range g.Nodes {
		ids = append(ids, n.ID)
	}
	if want := []string{"a", "b", "grp", "c"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("nodes %v, want %v", ids, want)
	}
	tests := []struct {
		got, want  string
		ok, wantOK bool
	}{}
	add := func(v string, ok bool, want string, wantOK bool) {
		tests = append(tests, struct {
			got, want  string
			ok, wantOK bool
		}{v, want, ok, wantOK})
	}
	v, ok := g.NodeValue(&g.Nodes[0], "sector")
	add(v, ok, "power", true)
	v, ok = g.NodeValue(&g.Nodes[1], "sector")
	add(v, ok, "water", true) // the default
	v, ok = g.NodeValue(&g.Nodes[1], "note")
	add(v, ok, "", false)
	v, ok = g.NodeValue(&g.Nodes[2], "note")
	add(v, ok, "after the nested graph", true)
	v, ok = g.NodeValue(&g.Nodes[1], "ok")
	add(v, ok, "true", true)
	v, ok = g.EdgeValue(&g.Edges[0], "buffer_hours")
	add(v, ok, "2.5", true)
	v, ok = g.EdgeValue(&g.Edges[1], "note")
	add(v, ok, "parallel", true)
	v, ok = g.EdgeValue(&g.Edges[0], "sector") // a node key
	add(v, ok, "", false)
	v, ok = g.GraphValue("title")
	add(v, ok, "Downtown", true)
	for i, tc := range tests {
		if tc.got != tc.want || tc.ok != tc.wantOK {
			t.Errorf("value %d: got %q, %v; want %q, %v", i, tc.got, tc.ok, tc.want, tc.wantOK)
		}
	}
	if len(g.Nodes[0].Data) != 2 {
		t.Errorf("node a keeps %d values, want 2 (yEd graphics are not kept)", len(g.Nodes[0].Data))
	}
	if g.Directed || g.Edges[0].Directed || !g.Edges[1].Directed || g.Edges[2].ID != "e9" {
		t.Errorf("directions or ids wrong: graph %v, edges %+v", g.Directed, g.Edges)
	}
}

// repeat is a reader of n bytes b, followed by tail, that allocates nothing large.
type repeat struct {
	b    byte
	n    int64
	tail io.Reader
}

func (r *repeat) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return r.tail.Read(p)
	}
	k := int64(len(p))
	if k > r.n {
		k = r.n
	}
	for i := range p[:k] {
		p[i] = r.b
	}
	r.n -= k
	return int(k), nil
}

// TestReadHostile checks that hostile and broken files are refused with an error
// that names the line and the element.
func TestReadHostile(t *testing.T) {
	billionLaughs := `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<graphml><graph><node id="&lol3;"/></graph></graphml>`
	deep := head + strings.Repeat("<desc>", 100) + strings.Repeat("</desc>", 100) + "<graph/></graphml>"
	tests := []struct {
		name string
		in   io.Reader
		lim  Limits
		line int
		want string // in the message, with the element
	}{
		{"billion laughs", strings.NewReader(billionLaughs), Limits{}, 6, "line 6: a DOCTYPE is refused"},
		{"external entity", strings.NewReader(`<?xml version="1.0"?><!DOCTYPE g SYSTEM "file:///etc/passwd"><graphml/>`), Limits{}, 1, "DOCTYPE is refused"},
		{"undeclared entity", strings.NewReader(head + `<graph><node id="&xxe;"/></graph></graphml>`), Limits{}, 3, "XML syntax: invalid character entity &xxe;"},
		{"100 MB attribute", io.MultiReader(strings.NewReader(head+`<graph><node id="`), &repeat{'a', 100 << 20, strings.NewReader(`"/></graph></graphml>`)}), Limits{}, 3, "<graph>: a tag, text or data value is larger than 1048576 bytes"},
		{"100 MB data", io.MultiReader(strings.NewReader(head+`<key id="k" for="node"/><graph><node id="a"><data key="k">`), &repeat{'a', 100 << 20, strings.NewReader(`</data></node></graph></graphml>`)}), Limits{}, 3, "<data>: a value is larger than 1048576 bytes"},
		{"100 MB comment", io.MultiReader(strings.NewReader(head+`<!--`), &repeat{'x', 100 << 20, strings.NewReader(`--></graphml>`)}), Limits{}, 3, "larger than 1048576 bytes"},
		{"file too large", io.MultiReader(strings.NewReader(head+`<graph>`), &repeat{' ', 10 << 10, strings.NewReader(`</graph></graphml>`)}), Limits{MaxBytes: 4 << 10}, 3, "<graph>: the file is larger than 4096 bytes"},
		{"deep nesting", strings.NewReader(deep), Limits{}, 3, "<desc>: elements nested deeper than 64"},
		{"missing key", strings.NewReader(head + "<graph>\n<node id=\"a\"><data key=\"d9\">x</data></node></graph></graphml>"), Limits{}, 4, `line 4: <data>: no <key id="d9"> is declared`},
		{"key for edges on a node", strings.NewReader(head + `<key id="k" for="edge"/><graph><node id="a"><data key="k">x</data></node></graph></graphml>`), Limits{}, 3, `key "k" (attribute "k") is declared for="edge", not for nodes`},
		{"bad value", strings.NewReader(head + `<key id="k" for="node" attr.name="n" attr.type="int"/><graph><node id="a"><data key="k">1.5</data></node></graph></graphml>`), Limits{}, 3, `attribute "n": "1.5" is not a valid int`},
		{"unknown source", strings.NewReader(head + "<graph><node id=\"a\"/>\n\n<edge source=\"zz\" target=\"a\"/></graph></graphml>"), Limits{}, 5, `line 5: <edge>: source "zz" is not a node`},
		{"unknown target", strings.NewReader(head + "<graph><node id=\"a\"/><edge source=\"a\" target=\"b\"/></graph></graphml>"), Limits{}, 3, `target "b" is not a node`},
		{"duplicate node", strings.NewReader(head + "<graph><node id=\"a\"/>\n<node id=\"a\"/></graph></graphml>"), Limits{}, 4, `<node>: node id "a" used twice (first on line 3)`},
		{"edge without target", strings.NewReader(head + `<graph><node id="a"/><edge source="a"/></graph></graphml>`), Limits{}, 3, "<edge>: an edge needs a target"},
		{"hyperedge", strings.NewReader(head + `<graph><hyperedge/></graph></graphml>`), Limits{}, 3, "<hyperedge>: hyperedges are not supported"},
		{"two graphs", strings.NewReader(head + `<graph/><graph/></graphml>`), Limits{}, 3, "more than one graph"},
		{"no graph", strings.NewReader(head + `</graphml>`), Limits{}, 3, "no <graph>"},
		{"not graphml", strings.NewReader(`<svg/>`), Limits{}, 1, "<svg>: the root element must be <graphml>"},
		{"empty", strings.NewReader(``), Limits{}, 1, "no <graphml> element"},
		{"truncated", strings.NewReader(head + `<graph><node id="a">`), Limits{}, 3, "XML syntax: unexpected EOF"},
		{"too many nodes", strings.NewReader(head + `<graph><node id="a"/><node id="b"/><node id="c"/></graph></graphml>`), Limits{MaxNodes: 2}, 3, "more than 2 nodes"},
		{"bad edgedefault", strings.NewReader(head + `<graph edgedefault="both"/></graphml>`), Limits{}, 3, `edgedefault="both"`},
		{"key after graph", strings.NewReader(head + `<graph/><key id="k"/></graphml>`), Limits{}, 3, "keys must be declared before the graph"},
		{"duplicate attribute name", strings.NewReader(head + `<key id="a" for="node" attr.name="x"/><key id="b" for="all" attr.name="x"/><graph/></graphml>`), Limits{}, 3, `attribute "x" of all declared twice`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, err := ReadLimits(tc.in, tc.lim)
			if err == nil {
				t.Fatalf("read %d nodes, want an error", len(g.Nodes))
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T %v is not an *Error", err, err)
			}
			if e.Line != tc.line || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %q (line %d), want line %d and %q", err, e.Line, tc.line, tc.want)
			}
		})
	}
}

// FuzzReadGraphML reads any input without panicking; what it reads, Write writes
// back into a file that reads into the same graph.
func FuzzReadGraphML(f *testing.F) {
	f.Add([]byte(head + `<key id="k" for="node" attr.name="n"><default>d</default></key><graph><node id="a"><data key="k">x</data></node><node id="b"/><edge source="a" target="b" directed="false"/></graph></graphml>`))
	f.Add([]byte(head + `<graph edgedefault="undirected"><node id="a"><graph><node id="b"/></graph></node><edge source="b" target="a"/></graph></graphml>`))
	f.Add([]byte(`<!DOCTYPE x [<!ENTITY a "b">]><graphml/>`))
	f.Add([]byte(head + `<key id="k" for="edge" attr.type="double"/><graph><node id="&amp;&#x9;"/><edge source="&amp;&#x9;" target="&amp;&#x9;"><data key="k"> 1e3 </data></edge></graph></graphml>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := ReadLimits(bytes.NewReader(data), Limits{MaxBytes: 1 << 16, MaxValue: 1 << 12})
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T %v is not an *Error", err, err)
			}
			return
		}
		var buf bytes.Buffer
		if err := Write(&buf, g); err != nil {
			t.Fatal(err)
		}
		g2, err := Read(&buf)
		if err != nil {
			t.Fatalf("the written file does not read: %v\n%s", err, buf.Bytes())
		}
		if a, b := normal(g), normal(g2); !reflect.DeepEqual(a, b) {
			t.Fatalf("written and read again:\n got %+v\nwant %+v", b, a)
		}
	})
}

// normal is g without lines, with text as Write writes it (characters XML cannot
// hold are U+FFFD).
func normal(g *Graph) *Graph {
	c := *g
	fix := func(s string) string {
		var b bytes.Buffer
		_ = xmlEscape(&b, s)
		return b.String()
	}
	c.Keys = append([]Key(nil), g.Keys...)
	for i := range c.Keys {
		c.Keys[i].Line = 0
		c.Keys[i].ID, c.Keys[i].Name, c.Keys[i].Default = fix(c.Keys[i].ID), fix(c.Keys[i].Name), fix(c.Keys[i].Default)
		c.Keys[i].YFiles = false
	}
	data := func(ds []Data) []Data {
		out := make([]Data, len(ds))
		for i, d := range ds {
			out[i] = Data{d.Key, fix(d.Value)}
		}
		return out
	}
	c.Data = data(g.Data)
	c.Nodes = make([]Node, len(g.Nodes))
	for i, n := range g.Nodes {
		c.Nodes[i] = Node{ID: fix(n.ID), Data: data(n.Data)}
	}
	c.Edges = make([]Edge, len(g.Edges))
	for i, e := range g.Edges {
		c.Edges[i] = Edge{ID: fix(e.ID), Source: fix(e.Source), Target: fix(e.Target), Directed: e.Directed, Data: data(e.Data)}
	}
	c.ID = fix(c.ID)
	if c.ID == "" {
		c.ID = "G"
	}
	return &c
}

// TestReadHugeValueBounded checks that refusing a 100 MB attribute allocates a few
// MiB, not 100: the limit is checked while reading.
func TestReadHugeValueBounded(t *testing.T) {
	for _, tc := range []struct {
		name, before, after string
		fill                byte
	}{
		{"attribute", head + `<graph><node id="`, `"/></graph></graphml>`, 'a'},
		{"data", head + `<key id="k" for="node"/><graph><node id="a"><data key="k">`, `</data></node></graph></graphml>`, 'a'},
		{"cdata", head + `<key id="k" for="node"/><graph><node id="a"><data key="k"><![CDATA[`, `]]></data></node></graph></graphml>`, '<'},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := Read(io.MultiReader(strings.NewReader(tc.before), &repeat{tc.fill, 100 << 20, strings.NewReader(tc.after)}))
			runtime.ReadMemStats(&after)
			if err == nil {
				t.Fatal("a 100 MB value was accepted")
			}
			t.Logf("%v; allocated %.1f MiB", err, float64(after.TotalAlloc-before.TotalAlloc)/(1<<20))
			if got := after.TotalAlloc - before.TotalAlloc; got > 16<<20 {
				t.Errorf("refusing a 100 MB value allocated %d MiB (%v)", got>>20, err)
			}
		})
	}
}
