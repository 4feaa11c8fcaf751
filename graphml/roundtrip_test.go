package graphml

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
)

// genModel writes a random model in HCL: sectors with labels and thresholds,
// organizations with countries, assets with every attribute export carries (labels
// with quotes, backslashes and non-ASCII letters among them), dependencies of every
// kind in the own group and in named supply groups, and two scenarios.
func genModel(r *rand.Rand) string {
	var b strings.Builder
	nSec := 2 + r.IntN(4)
	for i := range nSec {
		color := ""
		if r.IntN(2) == 0 {
			color = fmt.Sprintf("  color = \"#%06x\"\n", r.IntN(1<<24))
		}
		fmt.Fprintf(&b, "sector \"s%d\" {\n  label = %q\n  threshold = %g\n%s}\n", i, fmt.Sprintf("Sector \"%d\" \\ 東京", i), float64(1+r.IntN(10))/10, color)
	}
	countries := []string{"JP", "US", "FR"}
	nOrg := r.IntN(4)
	for i := range nOrg {
		fmt.Fprintf(&b, "organization \"o%d\" {\n  label = \"Org %d\"\n", i, i)
		if r.IntN(2) == 0 {
			fmt.Fprintf(&b, "  country = %q\n", countries[r.IntN(3)])
		}
		b.WriteString("}\n")
	}
	kinds := []string{"physical", "cyber", "geographic", "logical"}
	n := 5 + r.IntN(40)
	restoration := r.IntN(2) == 0
	for i := range n {
		fmt.Fprintf(&b, "asset \"a%d\" {\n  sector = sector.s%d\n", i, r.IntN(nSec))
		if r.IntN(2) == 0 {
			fmt.Fprintf(&b, "  label = %q\n", fmt.Sprintf("Asset %d, \"north\" $${x}", i))
		}
		if nOrg > 0 && r.IntN(2) == 0 {
			fmt.Fprintf(&b, "  operator = organization.o%d\n", r.IntN(nOrg))
		} else if r.IntN(3) == 0 {
			fmt.Fprintf(&b, "  country = %q\n", countries[r.IntN(3)])
		}
		if r.IntN(2) == 0 {
			fmt.Fprintf(&b, "  region = \"r%d\"\n", r.IntN(3))
		}
		if r.IntN(2) == 0 {
			fmt.Fprintf(&b, "  location = { lat = %g, lon = %g }\n", float64(r.IntN(18000)-9000)/100, float64(r.IntN(36000)-18000)/100)
		}
		if r.IntN(3) == 0 {
			b.WriteString("  tags = [\"scada\", \"t2\"]\n")
		}
		if r.IntN(3) == 0 {
			fmt.Fprintf(&b, "  weight = %g\n", float64(1+r.IntN(40))/4)
		}
		if restoration {
			fmt.Fprintf(&b, "  repair = \"%dh\"\n  recover = \"%dm\"\n", 1+r.IntN(48), 1+r.IntN(300))
			if r.IntN(2) == 0 {
				fmt.Fprintf(&b, "  restart = \"%ds\"\n  priority = %d\n", r.IntN(5000), r.IntN(5)-2)
			}
		}
		// Suppliers among the other assets, each at most once.
		sup := r.Perm(n)
		var mine []int
		for _, s := range sup[:r.IntN(min(n, 5))] {
			if s != i {
				mine = append(mine, s)
			}
		}
		dep := func(s int) string {
			return fmt.Sprintf("  dependency {\n    on = asset.a%d\n    kind = %q\n    delay = \"%ds\"\n    probability = %g\n  }\n",
				s, kinds[r.IntN(4)], r.IntN(3)*r.IntN(7200), float64(r.IntN(5))/4)
		}
		if len(mine) >= 3 && r.IntN(2) == 0 {
			// The last two suppliers in a named group.
			own, grp := mine[:len(mine)-2], mine[len(mine)-2:]
			if len(own) > 0 && r.IntN(2) == 0 {
				b.WriteString("  requires = \"any\"\n")
			}
			fmt.Fprintf(&b, "  backup = \"%dh\"\n", r.IntN(5))
			for _, s := range own {
				b.WriteString(dep(s))
			}
			fmt.Fprintf(&b, "  needs \"g%d\" {\n    requires = 1\n    backup = \"%ds\"\n", r.IntN(3), r.IntN(9000))
			for _, s := range grp {
				b.WriteString(strings.ReplaceAll(dep(s), "\n  ", "\n    "))
			}
			b.WriteString("  }\n")
		} else {
			for _, s := range mine {
				b.WriteString(dep(s))
			}
		}
		b.WriteString("}\n")
	}
	b.WriteString(scenarios(r, n, restoration))
	return b.String()
}

// generated writes the model genModel makes from PCG(seed, stream) into a folder
// and loads it; it returns the model and its scenarios' HCL.
func generated(t *testing.T, seed, stream uint64) (*model.Model, string) {
	t.Helper()
	src := genModel(rand.New(rand.NewPCG(seed, stream)))
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "model.hcl"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return loadDir(t, dir), src[strings.Index(src, "scenario \"hit\""):]
}

// scenarios writes two scenarios of a model of n assets: a physical one and a
// cyber one.
func scenarios(r *rand.Rand, n int, restoration bool) string {
	horizon := `"30d"`
	if !restoration && r.IntN(2) == 0 {
		horizon = "null"
	}
	return fmt.Sprintf("scenario \"hit\" {\n  horizon = %s\n  event \"e\" {\n    targets = [asset.a%d, asset.a%d]\n  }\n}\n", horizon, r.IntN(n), r.IntN(n)) +
		fmt.Sprintf("scenario \"intrusion\" {\n  horizon = %s\n  event \"c\" {\n    kind = \"cyber\"\n    at = \"1h\"\n    targets = [asset.a%d]\n  }\n}\n", horizon, r.IntN(n))
}

func loadDir(t *testing.T, dir string) *model.Model {
	t.Helper()
	p := model.NewParser()
	m, diags := p.Load(dir, model.Options{})
	if diags.HasErrors() || m == nil {
		t.Fatalf("load %s: %v", dir, diags)
	}
	return m
}

// writeBulk writes b into dir.
func writeBulk(t *testing.T, dir string, b *Bulk) {
	t.Helper()
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	table := func(rows [][]string) []byte {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		if err := w.WriteAll(rows); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	write(FileHCL, b.HCL)
	write(FileAssets, table(b.Assets))
	write(FileDeps, table(b.Dep))
	if len(b.Needs) > 1 {
		write(FileNeeds, table(b.Needs))
	}
}

// assetView is what an asset is, by names, for comparing two models.
type assetView struct {
	Name, Label, Sector, SectorLabel    string
	Threshold                           float64
	SectorColor                         string
	Operator, OperatorLabel, OrgCountry string
	Country, Region                     string
	Location                            *model.Location
	Tags                                []string
	Weight                              float64
	Repair, Recover, Restart            int64
	Priority                            float64
	Groups                              []groupView
}

type groupView struct {
	Name         string
	Requires     int
	RequiresMode string
	Backup       int64
	Deps         []string // "on kind delay probability", sorted
}

func viewOf(m *model.Model) []assetView {
	var out []assetView
	for _, a := range m.Assets {
		v := assetView{Name: a.Name, Label: a.Label, Sector: a.Sector.Name, SectorLabel: a.Sector.Label,
			Threshold: a.Sector.Threshold, SectorColor: a.Sector.Color, Country: a.Country, Region: a.Region, Location: a.Location,
			Tags: a.Tags, Weight: a.Weight, Repair: a.Repair, Recover: a.Recover, Restart: a.Restart, Priority: a.Priority}
		if len(v.Tags) == 0 {
			v.Tags = nil
		}
		if a.Operator != nil {
			v.Operator, v.OperatorLabel, v.OrgCountry = a.Operator.Name, a.Operator.Label, a.Operator.Country
		}
		for _, g := range a.Groups {
			gv := groupView{Name: g.Name, Requires: g.Requires, RequiresMode: g.RequiresMode, Backup: g.Backup}
			if len(g.Dependencies) == 0 {
				gv.RequiresMode = "" // "all" or as written: the same for an empty group
			}
			for _, d := range g.Dependencies {
				gv.Deps = append(gv.Deps, fmt.Sprintf("%s %s %d %g", d.On.Name, d.Kind, d.Delay, d.Probability))
			}
			slices.Sort(gv.Deps) // networkx writes edges by source; the order in a group is not compared

			v.Groups = append(v.Groups, gv)
		}
		out = append(out, v)
	}
	return out
}

// runJSON runs every scenario of m and returns the reports as JSON.
func runJSON(t *testing.T, m *model.Model) []string {
	t.Helper()
	var out []string
	for _, sc := range m.Scenarios {
		res, err := cascade.RunScenario(m, sc, cascade.Options{})
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(res.Report())
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

// roundTrip exports m, reads the GraphML back, imports it into a folder with the
// scenarios file scen and returns the loaded model.
func roundTrip(t *testing.T, m *model.Model, scen string) *model.Model {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, FromModel(m, nil)); err != nil {
		t.Fatal(err)
	}
	g, err := Read(&buf)
	if err != nil {
		t.Fatalf("read the export: %v", err)
	}
	return importGraph(t, g, scen)
}

// importGraph imports g with the default mapping into a folder with the scenarios
// file scen and loads it; allow names the attributes that may be left unmapped.
func importGraph(t *testing.T, g *Graph, scen string, allow ...string) *model.Model {
	t.Helper()
	bulk, rep, err := ToModel(g, DefaultMapping)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	for _, u := range rep.Unmapped {
		if slices.Contains(allow, u.Name) {
			continue
		}
		t.Errorf("unmapped %s attribute %q on an export", u.Domain, u.Name)
	}
	if rep.Merged+rep.SelfLoops+rep.Renamed+rep.NoSector+rep.Undirected != 0 {
		t.Errorf("import of an export changed it: %+v", rep)
	}
	dir := t.TempDir()
	writeBulk(t, dir, bulk)
	if err := os.WriteFile(filepath.Join(dir, "scenarios.hcl"), []byte(scen), 0o644); err != nil {
		t.Fatal(err)
	}
	return loadDir(t, dir)
}

// TestRoundTripGenerated exports generated models, imports them back and checks
// that the assets, their supply groups and dependencies, and the result of every
// scenario are the same.
func TestRoundTripGenerated(t *testing.T) {
	for seed := range uint64(40) {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) {
			m, scen := generated(t, seed, 16)
			sameModel(t, roundTrip(t, m, scen), m)
		})
	}
}

// sameModel checks that back has the assets, supply groups, dependencies and run
// results of m.
func sameModel(t *testing.T, back, m *model.Model) {
	t.Helper()
	if got, want := viewOf(back), viewOf(m); !reflect.DeepEqual(got, want) {
		for i := range min(len(got), len(want)) {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("asset %d differs after the round trip:\n got %+v\nwant %+v", i, got[i], want[i])
			}
		}
		t.Fatalf("%d assets after the round trip, want %d", len(got), len(want))
	}
	if got, want := runJSON(t, back), runJSON(t, m); !reflect.DeepEqual(got, want) {
		t.Fatalf("runs differ after the round trip:\n got %s\nwant %s", got, want)
	}
}
