package render

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/coord"
	"github.com/cascade-infra/cascade/model"
	"gonum.org/v1/gonum/graph/formats/dot"
	"gonum.org/v1/gonum/graph/formats/dot/ast"
)

// coordWorld is the chain of coord's tests: grid (power) feeds a telecom exchange and a
// water pump, the exchange feeds (cyber) a U.S. bank's Tokyo branch, whose failure
// takes down its New York clearing link. Power and telecom share through an ISAC; the
// bank and the water utility have no channel.
func coordWorld() (*model.Model, map[string]*model.Organization, []coord.Failure) {
	m := &model.Model{Sectors: []*model.Sector{{Name: "s", Threshold: 0.5}}}
	orgs := map[string]*model.Organization{}
	for _, spec := range []string{"bank:US:operator", "cisa:US:government", "isac:JP:isac", "power:JP:operator", "telco:JP:operator", "water:JP:operator"} {
		f := strings.Split(spec, ":")
		o := &model.Organization{Name: f[0], Country: f[1], Kind: f[2]}
		orgs[o.Name] = o
		m.Organizations = append(m.Organizations, o)
	}
	orgs["power"].SharesWith = []*model.Organization{orgs["isac"]}
	orgs["isac"].SharesWith = []*model.Organization{orgs["telco"]}
	assets := map[string]*model.Asset{}
	for i, spec := range []string{"branch:bank", "clearing:bank", "exchange:telco", "grid:power", "pump:water", "sensor:"} {
		name, op, _ := strings.Cut(spec, ":")
		a := &model.Asset{Name: name, Index: i, Sector: m.Sectors[0], Weight: 1, Groups: []*model.SupplyGroup{{RequiresMode: "all"}}}
		if op != "" {
			a.Operator, a.Country = orgs[op], orgs[op].Country
		}
		assets[name] = a
		m.Assets = append(m.Assets, a)
	}
	for _, spec := range []string{"grid>exchange", "grid>pump", "exchange>branch:cyber", "branch>clearing", "grid>sensor"} {
		spec, kind, _ := strings.Cut(spec, ":")
		u, v, _ := strings.Cut(spec, ">")
		d := &model.Dependency{On: assets[u], Probability: 1}
		if kind == "cyber" {
			d.Kind = model.Cyber
		}
		g := assets[v].Groups[0]
		g.Dependencies = append(g.Dependencies, d)
		g.Requires = len(g.Dependencies)
	}
	fail := func(name string, at int64, causes ...string) coord.Failure {
		f := coord.Failure{Asset: assets[name], At: at}
		for _, c := range causes {
			f.Causes = append(f.Causes, assets[c])
		}
		return f
	}
	fs := []coord.Failure{fail("grid", 0), fail("exchange", 3600, "grid"), fail("pump", 7200, "grid"),
		fail("branch", 3600, "exchange"), fail("clearing", 5400, "branch"), fail("sensor", 0, "grid")}
	return m, orgs, fs
}

func TestWriteCoordinateDOT(t *testing.T) {
	m, orgs, fails := coordWorld()
	// Hostile labels must still give valid DOT that shows them literally.
	orgs["bank"].Label = "Bank \"of\" <Tokyo> &amp;\\N\nbranch"
	orgs["water"].Label = "東京都水道局"
	r, err := coord.Analyze(m, nil, fails, []coord.Channel{{A: orgs["bank"], B: orgs["cisa"]}, {A: orgs["cisa"], B: orgs["isac"]}})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteCoordinateDOT(&buf, m, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	f, err := dot.ParseString(out)
	if err != nil {
		t.Fatalf("invalid DOT: %v\n%s", err, out)
	}
	if len(f.Graphs) != 1 {
		t.Fatalf("%d graphs, want 1", len(f.Graphs))
	}
	labels := map[string]string{}
	var gapEdges, proposed, channels int
	var walk func(stmts []ast.Stmt)
	walk = func(stmts []ast.Stmt) {
		for _, s := range stmts {
			switch s := s.(type) {
			case *ast.NodeStmt:
				for _, a := range s.Attrs {
					if a.Key == "label" {
						labels[s.Node.ID] = a.Val
					}
				}
			case *ast.EdgeStmt:
				attrs := map[string]string{}
				for _, a := range s.Attrs {
					attrs[a.Key] = a.Val
				}
				switch {
				case attrs["style"] == `"dashed"` && strings.Contains(attrs["label"], "gap:"):
					gapEdges++
				case strings.HasPrefix(attrs["label"], `"proposed, `):
					proposed++
				case attrs["color"] == `"#888888"`:
					channels++
				}
			case *ast.Subgraph:
				walk(s.Stmts)
			}
		}
	}
	walk(f.Graphs[0].Stmts)
	if want := `"Bank \"of\" <Tokyo> &amp;amp;\\N\nbranch\n(operator)\n2 failed"`; labels[`"bank"`] != want {
		t.Errorf("bank label = %s, want %s", labels[`"bank"`], want)
	}
	if !strings.Contains(labels[`"water"`], "東京都水道局") {
		t.Errorf("water label = %s, want the Japanese name", labels[`"water"`])
	}
	// Gaps: bank-telco and power-water; both proposed channels are new; the
	// model's channels are power-isac and isac-telco.
	if gapEdges != 2 || proposed != 2 || channels != 2 {
		t.Errorf("gap edges %d, proposed %d, channels %d; want 2, 2, 2\n%s", gapEdges, proposed, channels, out)
	}
	if !strings.Contains(out, "closed by proposed channel") {
		t.Errorf("the closed bank-telco gap is not marked:\n%s", out)
	}
}

// TestCoordinateAlertsGolden pins the coordinate view of a run with alerts — channel
// latencies, the alert chain, protected organizations — as render --view coordinate
// draws it, and with a proposed channel and its rerun as coordinate --diagram does
// (testdata/coordinate_alerts*.dot, rewritten with -update), on the fixture of
// coordinate's alert tests in cmd/cascade.
func TestCoordinateAlertsGolden(t *testing.T) {
	m, diags := model.Load(filepath.Join("..", "cmd", "cascade", "testdata", "coordinate", "model.hcl"), model.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	res, err := cascade.RunScenario(m, m.Scenarios[0], cascade.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := FromResult(res)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Draw(&Input{Model: m, Outcome: out}, Options{View: "coordinate"})
	if err != nil {
		t.Fatal(err)
	}
	plain := d.Graph.Bytes()
	ch, err := coord.ParseChannel(m, "gsoc,nccic,1h")
	if err != nil {
		t.Fatal(err)
	}
	r, err := coord.AnalyzeResult(m, res, []coord.Channel{ch})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Rerun(res, m); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteCoordinateDOT(&buf, m, r); err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string][]byte{"coordinate_alerts.dot": plain, "coordinate_alerts_proposed.dot": buf.Bytes()} {
		path := filepath.Join("testdata", name)
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
		g := parseDOT(t, got)
		_, edges := statements(g)
		var alertEdges int
		for _, e := range edges {
			for _, a := range e.Attrs {
				if a.Key == "label" && strings.HasPrefix(a.Val, `"alert T+`) {
					alertEdges++
				}
			}
		}
		// ntt_east > gsoc, us_cloud > nccic > bank; with the proposed channel also
		// gsoc > nccic, nccic > us_cloud and nccic > bank earlier.
		if want := map[string]int{"coordinate_alerts.dot": 3, "coordinate_alerts_proposed.dot": 6}[name]; alertEdges != want {
			t.Errorf("%s: %d alert arrows, want %d", name, alertEdges, want)
		}
	}
	if !strings.Contains(string(plain), `"ntt_east" -> "gsoc" [color="#888888", fontcolor="#555555", label="1h"]`) &&
		!strings.Contains(string(plain), `"gsoc" -> "ntt_east" [color="#888888", fontcolor="#555555", label="1h"]`) {
		t.Errorf("the channel ntt_gsoc is not labelled with its latency:\n%s", plain)
	}
}
