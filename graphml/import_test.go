package graphml

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// edgeRows returns the "asset on kind delay probability" of b's dependency rows.
func edgeRows(b *Bulk) []string {
	var out []string
	for _, r := range b.Dep[1:] {
		out = append(out, strings.Join(r[:5], " "))
	}
	return out
}

// TestToModelMapping checks the mapping of nodes and edges: direction, undirected
// edges, parallel edges under each merge, self-loops, the type filter, kinds, units,
// locations, renamed ids and the default sector.
func TestToModelMapping(t *testing.T) {
	src := head + `  <key id="s" for="node" attr.name="infra"/>
  <key id="loc" for="node" attr.name="pos"/>
  <key id="x" for="node" attr.name="capacity"/>
  <key id="h" for="edge" attr.name="buffer_hours" attr.type="double"/>
  <key id="t" for="edge" attr.name="type"/>
  <key id="p" for="edge" attr.name="p" attr.type="double"/>
  <graph edgedefault="directed">
    <node id="0"><data key="s">Power grid</data><data key="loc">40.7, -74.0</data><data key="x">9</data></node>
    <node id="b"><data key="s">water</data></node>
    <node id="c d"/>
    <edge source="0" target="b"><data key="h">2</data><data key="t">power</data><data key="p">0.5</data></edge>
    <edge source="0" target="b"><data key="h">1.5</data><data key="t">power</data><data key="p">0.25</data></edge>
    <edge source="0" target="b"><data key="h">1.5</data><data key="t">power</data><data key="p">0.9</data></edge>
    <edge source="b" target="c d" directed="false"><data key="t">scada</data></edge>
    <edge source="b" target="b"><data key="t">power</data></edge>
    <edge source="c d" target="0"><data key="t">staff</data></edge>
  </graph>
</graphml>`
	g, err := Read(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	base := DefaultMapping
	base.Sector, base.Location, base.Delay, base.DelayUnit, base.Kind, base.Probability = "infra", "pos", "buffer_hours", 3600, "type", "p"
	base.KindMap = map[string]string{"power": "physical", "scada": "cyber", "staff": "logical"}
	tests := []struct {
		name   string
		change func(*Mapping)
		edges  []string
		merged int
	}{
		{"min-delay", func(*Mapping) {}, []string{"b n_0 physical 5400s 0.25", "c_d b cyber 0s ", "b c_d cyber 0s ", "n_0 c_d logical 0s "}, 2},
		{"max-probability", func(m *Mapping) { m.Merge = MergeMaxProbability }, []string{"b n_0 physical 5400s 0.9", "c_d b cyber 0s ", "b c_d cyber 0s ", "n_0 c_d logical 0s "}, 2},
		{"first", func(m *Mapping) { m.Merge = MergeFirst }, []string{"b n_0 physical 7200s 0.5", "c_d b cyber 0s ", "b c_d cyber 0s ", "n_0 c_d logical 0s "}, 2},
		{"reverse", func(m *Mapping) { m.Reverse = true }, []string{"n_0 b physical 5400s 0.25", "b c_d cyber 0s ", "c_d b cyber 0s ", "c_d n_0 logical 0s "}, 2},
		{"keep", func(m *Mapping) { m.EdgeType, m.Keep = "type", []string{"scada", "staff"} }, []string{"c_d b cyber 0s ", "b c_d cyber 0s ", "n_0 c_d logical 0s "}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mp := base
			tc.change(&mp)
			b, rep, err := ToModel(g, mp)
			if err != nil {
				t.Fatal(err)
			}
			if got := edgeRows(b); !reflect.DeepEqual(got, tc.edges) {
				t.Errorf("dependencies\n got %q\nwant %q", got, tc.edges)
			}
			if rep.Merged != tc.merged || rep.Undirected != 1 {
				t.Errorf("merged %d, undirected %d; want %d, 1", rep.Merged, rep.Undirected, tc.merged)
			}
			if tc.name == "keep" {
				if rep.Filtered["power"] != 4 || rep.SelfLoops != 0 {
					t.Errorf("filtered %v, self-loops %d; want 4 power and no self-loop (filtered first)", rep.Filtered, rep.SelfLoops)
				}
			} else if rep.SelfLoops != 1 {
				t.Errorf("self-loops %d, want 1", rep.SelfLoops)
			}
			if rep.Renamed != 2 || rep.NoSector != 1 {
				t.Errorf("renamed %d, without sector %d; want 2, 1", rep.Renamed, rep.NoSector)
			}
		})
	}
	b, rep, err := ToModel(g, base)
	if err != nil {
		t.Fatal(err)
	}
	wantAssets := [][]string{
		{"name", "sector", "label", "operator", "country", "region", "lat", "lon", "tags", "weight", "requires", "backup", "repair", "recover", "restart", "priority", "_graphml_id", "_capacity"},
		{"n_0", "Power_grid", "0", "", "", "", "40.7", "-74.0", "", "", "", "", "", "", "", "", "0", "9"},
		{"b", "water", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "b", ""},
		{"c_d", "unassigned", "c d", "", "", "", "", "", "", "", "", "", "", "", "", "", "c d", ""},
	}
	if !reflect.DeepEqual(b.Assets, wantAssets) {
		t.Errorf("assets\n got %q\nwant %q", b.Assets, wantAssets)
	}
	if want := []Unmapped{{Domain: ForNode, Name: "capacity", Count: 1}}; !reflect.DeepEqual(rep.Unmapped, want) {
		t.Errorf("unmapped %+v, want %+v", rep.Unmapped, want)
	}
	if hcl := string(b.HCL); !strings.Contains(hcl, `sector "Power_grid" {`+"\n"+`  label = "Power grid"`) {
		t.Errorf("model.hcl lacks the sector with its label:\n%s", hcl)
	}
}

// TestToModelErrors checks that bad values are refused with the GraphML line of
// their element.
func TestToModelErrors(t *testing.T) {
	tests := []struct {
		name, node, edge string
		mp               func(*Mapping)
		want             string
	}{
		{"kind", `<node id="a"/>`, `<edge source="a" target="b"><data key="e">wire</data></edge>`, func(m *Mapping) { m.Kind = "v" },
			`line 5: <edge id="a->b">: attribute "v": "wire" is not physical, cyber, geographic or logical; map it with --kind-map wire=KIND`},
		{"probability", `<node id="a"/>`, `<edge id="e1" source="a" target="b"><data key="e">1.5</data></edge>`, func(m *Mapping) { m.Probability = "v" },
			`line 5: <edge id="e1">: attribute "v": "1.5" is not a probability between 0 and 1`},
		{"negative delay", `<node id="a"/>`, `<edge source="a" target="b"><data key="e">-2</data></edge>`, func(m *Mapping) { m.Delay = "v" },
			`attribute "v": -2 is not a duration between 0 and 100 years`},
		{"huge delay", `<node id="a"/>`, `<edge source="a" target="b"><data key="e">1e300</data></edge>`, func(m *Mapping) { m.Delay = "v" },
			`1e300 is not a duration`},
		{"latitude alone", `<node id="a"><data key="n">40</data></node>`, ``, func(m *Mapping) { m.Lat = "w" },
			`line 4: <node id="a">: attribute "w": a location needs both latitude and longitude`},
		{"location", `<node id="a"><data key="n">40 -74</data></node>`, ``, func(m *Mapping) { m.Location = "w" },
			`attribute "w": "40 -74" is not "lat,lon"`},
		{"weight", `<node id="a"><data key="n">NaN</data></node>`, ``, func(m *Mapping) { m.Weight = "w" },
			`attribute "w": "NaN" is not a number`},
		{"threshold", `<node id="a"><data key="n">2</data></node>`, ``, func(m *Mapping) { m.SectorThreshold = "w" },
			`"2" is not a fraction in (0, 1]`},
		{"group", `<node id="a"/>`, `<edge source="a" target="b"><data key="e">g</data></edge>`, func(m *Mapping) { m.Group = "v" },
			`"g" is not a supply group of node "b"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := head + `<key id="n" for="node" attr.name="w"/><key id="e" for="edge" attr.name="v"/><graph>` + "\n" + tc.node + `<node id="b"/>` + "\n" + tc.edge + "</graph></graphml>"
			g, err := Read(strings.NewReader(src))
			if err != nil {
				t.Fatal(err)
			}
			mp := DefaultMapping
			tc.mp(&mp)
			_, _, err = ToModel(g, mp)
			var e *Error
			if !errors.As(err, &e) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}

// TestToModelColumnNames checks that an unmapped attribute whose column would clash
// with a column of the import gets another name.
func TestToModelColumnNames(t *testing.T) {
	src := head + `<key id="a" for="node" attr.name="graphml_id"/><key id="b" for="edge" attr.name="graphml_edge"/><graph>
<node id="x"><data key="a">1</data></node><node id="y"/><edge source="x" target="y"><data key="b">2</data></edge></graph></graphml>`
	g, err := Read(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := ToModel(g, DefaultMapping)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Assets[0][len(b.Assets[0])-1]; got != "_graphml_id_2" {
		t.Errorf("asset column %q, want _graphml_id_2", got)
	}
	if got := b.Dep[0][len(b.Dep[0])-1]; got != "_graphml_edge_2" {
		t.Errorf("dependency column %q, want _graphml_edge_2", got)
	}
}

// FuzzToModel imports any graph the reader accepts, with the default mapping and with
// one that maps everything to the same attributes: it never panics, every error is an
// *Error, and every row has its header's width.
func FuzzToModel(f *testing.F) {
	f.Add([]byte(head + `<key id="k" for="all" attr.name="sector"/><graph edgedefault="undirected"><node id="0"><data key="k">a b</data></node><node id="1"/><edge source="0" target="1"><data key="k">0.5</data></edge><edge source="1" target="0"/></graph></graphml>`))
	f.Add([]byte(head + `<key id="n" for="node" attr.name="needs"/><key id="g" for="edge" attr.name="group"/><graph><node id="a"><data key="n">g:any:10;h:1:0</data></node><node id="b"/><edge source="b" target="a"><data key="g">g</data></edge></graph></graphml>`))
	f.Add([]byte(head + `<key id="s" for="graph" attr.name="sectors"/><graph><data key="s">[{"name":"x y","label":"X","threshold":0.5}]</data><node id="a"/></graph></graphml>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := ReadLimits(bytes.NewReader(data), Limits{MaxBytes: 1 << 16, MaxValue: 1 << 12})
		if err != nil {
			return
		}
		all := DefaultMapping
		all.Location, all.EdgeType, all.Keep, all.Reverse = "sector", "sector", []string{"", "a"}, true
		all.Delay, all.Probability, all.Kind = "sector", "sector", "sector"
		for _, mp := range []Mapping{DefaultMapping, all} {
			b, _, err := ToModel(g, mp)
			if err != nil {
				var e *Error
				if !errors.As(err, &e) {
					t.Fatalf("error %T %v is not an *Error", err, err)
				}
				continue
			}
			for _, table := range [][][]string{b.Assets, b.Needs, b.Dep} {
				for _, row := range table {
					if len(row) != len(table[0]) {
						t.Fatalf("row %q has %d cells, its header %d", row, len(row), len(table[0]))
					}
				}
			}
		}
	})
}

// TestToModelTimeUnit checks that node times are read in TimeUnit and rounded to a
// whole second.
func TestToModelTimeUnit(t *testing.T) {
	src := head + `<key id="r" for="node" attr.name="repair_hours"/><key id="n" for="node" attr.name="needs"/><graph>
<node id="a"><data key="r">1.5</data><data key="n">p:any:0.0001</data></node></graph></graphml>`
	g, err := Read(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		unit         int64
		repair, need string
	}{{0, "2s", "0s"}, {1, "2s", "0s"}, {3600, "5400s", "0s"}, {86400, "129600s", "9s"}} {
		mp := DefaultMapping
		mp.Repair, mp.TimeUnit = "repair_hours", tc.unit
		b, _, err := ToModel(g, mp)
		if err != nil {
			t.Fatal(err)
		}
		if got := b.Assets[1][12]; got != tc.repair {
			t.Errorf("unit %d: repair %q, want %q", tc.unit, got, tc.repair)
		}
		if got := b.Needs[1][3]; got != tc.need {
			t.Errorf("unit %d: needs backup %q, want %q", tc.unit, got, tc.need)
		}
	}
}
