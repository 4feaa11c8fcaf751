package model

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/hashicorp/hcl/v2"
)

// csvFixture is a set of CSV files imported into a model that declares the
// sectors energy and water, the organization utility (country JP) and the HCL
// asset hq.
type csvFixture struct {
	assets, needs, deps string // file contents; "" for no file
}

// runImport runs every phase of an import as the loader does and returns the
// imported assets sorted by name.
func (f csvFixture) run(t testing.TB) ([]*Asset, hcl.Diagnostics) {
	t.Helper()
	sectors := map[string]*Sector{"energy": {Name: "energy"}, "water": {Name: "water", Index: 1}}
	orgs := map[string]*Organization{"utility": {Name: "utility", Country: "JP"}}
	hq := &Asset{Name: "hq", DeclRange: NewSpan(hcl.Range{Filename: "model.hcl", Start: hcl.Pos{Line: 3, Column: 1}})}
	refs := importRefs{
		sector:       func(n string) *Sector { return sectors[n] },
		organization: func(n string) *Organization { return orgs[n] },
		asset: func(n string) *Asset {
			if n == "hq" {
				return hq
			}
			return nil
		},
		hclAsset: func(n string) (hcl.Range, bool) {
			if n == "hq" {
				return hq.DeclRange.Range(), true
			}
			return hcl.Range{}, false
		},
		names: func(kind string) []string {
			switch kind {
			case "sector":
				return []string{"energy", "water"}
			case "organization":
				return []string{"utility"}
			}
			return []string{"hq"}
		},
	}
	im := newCSVImporter()
	if f.assets != "" {
		im.readAssets("assets.csv", f.assets, refs.hclAsset)
	}
	// The loader's merge: sort by name, HCL and imported together.
	order := make([]int32, len(im.assets))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(im.assets[a].Name, im.assets[b].Name) })
	for pos, i := range order {
		im.setIndex(i, pos)
	}
	im.decodeAssets(refs)
	if f.needs != "" {
		im.readNeeds("needs.csv", f.needs, refs)
	}
	im.makeGroups()
	if f.deps != "" {
		im.readDependencies("deps.csv", f.deps, refs)
	}
	im.finish()
	out := make([]*Asset, len(order))
	for pos, i := range order {
		out[pos] = &im.assets[i]
	}
	return out, im.diags
}

func TestCSVImportValid(t *testing.T) {
	f := csvFixture{
		assets: "\uFEFFname,sector,label,operator,country,region,lat,lon,tags,weight,requires,backup,_notes\r\n" +
			"grid,energy,\"Grid, north\",utility,,kanto,35.5,139.5,scada; critical;scada,2,,,\"free text\"\r\n" +
			"\r\n" +
			"pump,water,,,US,,,,,,any,12h,\n" +
			"plant,energy,\"Plant \"\"A\"\"\",,,,,,,,1,1d,\n",
		needs: "asset,group,requires,backup\npump,power,any,72h\n",
		deps: "asset,on,kind,delay,probability,group\n" +
			"pump,grid,,30m,0.5,power\n" +
			"pump,hq,cyber,,,power\n" +
			"pump,plant,,,,\n" +
			"plant,grid,logical,1h,,\n",
	}
	assets, diags := f.run(t)
	if diags.HasErrors() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	byName := map[string]*Asset{}
	for _, a := range assets {
		byName[a.Name] = a
	}
	if got := []string{assets[0].Name, assets[1].Name, assets[2].Name}; !slices.Equal(got, []string{"grid", "plant", "pump"}) {
		t.Fatalf("order = %v", got)
	}
	grid := byName["grid"]
	if grid.Label != "Grid, north" || grid.Sector.Name != "energy" || grid.Operator.Name != "utility" || grid.Country != "JP" ||
		grid.Region != "kanto" || *grid.Location != (Location{35.5, 139.5}) || !slices.Equal(grid.Tags, []string{"scada", "critical"}) || grid.Weight != 2 {
		t.Errorf("grid = %+v", grid)
	}
	if r := grid.DeclRange.Range(); r.Start.Line != 2 || r.Filename != "assets.csv" {
		t.Errorf("grid declared at %v, want assets.csv line 2", r)
	}
	plant := byName["plant"]
	if plant.Label != `Plant "A"` || plant.Groups[0].RequiresMode != "k" || plant.Groups[0].Requires != 1 || plant.Groups[0].Backup != 86400 {
		t.Errorf("plant = %+v, own group %+v", plant, plant.Groups[0])
	}
	if d := plant.Groups[0].Dependencies; len(d) != 1 || d[0].On != grid || d[0].Kind != Logical || d[0].Delay != 3600 {
		t.Errorf("plant dependencies = %v", d)
	}
	pump := byName["pump"]
	if pump.Country != "US" || pump.Location != nil || len(pump.Groups) != 2 {
		t.Fatalf("pump = %+v", pump)
	}
	own, power := pump.Groups[0], pump.Groups[1]
	if own.Name != "" || own.RequiresMode != "any" || own.Requires != 1 || own.Backup != 12*3600 || len(own.Dependencies) != 1 || own.Dependencies[0].On != plant {
		t.Errorf("pump's own group = %+v", own)
	}
	if power.Name != "power" || power.RequiresMode != "any" || power.Backup != 72*3600 || len(power.Dependencies) != 2 {
		t.Fatalf("pump's power group = %+v", power)
	}
	if d := power.Dependencies[0]; d.On != grid || d.Delay != 1800 || d.Probability != 0.5 || d.Kind != Physical {
		t.Errorf("pump power[0] = %+v", d)
	}
	if d := power.Dependencies[1]; d.On.Name != "hq" || d.Kind != Cyber || d.Probability != 1 {
		t.Errorf("pump power[1] = %+v", d)
	}
	if r := power.Dependencies[1].DeclRange.Range(); r.Filename != "deps.csv" || r.Start.Line != 3 || r.End.Line != 3 || r.End.Column != len("pump,hq,cyber,,,power")+1 {
		t.Errorf("pump power[1] declared at %#v", r)
	}
}

// TestCSVImportErrors checks each mistake's summary and the line and column of
// the cell it is reported at.
func TestCSVImportErrors(t *testing.T) {
	const aHead = "name,sector,label,operator,country,region,lat,lon,tags,weight,requires,backup\n"
	const dHead = "asset,on,kind,delay,probability,group\n"
	okAssets := aHead + "a,energy,,,,,,,,,,\nb,water,,,,,,,,,,\n"
	tests := []struct {
		name string
		f    csvFixture
		want string // "summary @ file:line,column"
		// column is the name of the column the error names in its detail
		// ("Column \"sector\": ..."): every error about one cell names it; ""
		// for the errors about a file, its header or a whole row.
		column string
	}{
		{"unknown column", csvFixture{assets: "name,sectr\n"}, "Unknown column @ assets.csv:1,6", ""},
		{"duplicate column", csvFixture{assets: "name,sector,name\n"}, "Duplicate column @ assets.csv:1,13", ""},
		{"missing column", csvFixture{assets: "name,label\nx,y\n"}, "Missing column @ assets.csv:1,1", ""},
		{"empty file", csvFixture{assets: "\n\n"}, "Empty CSV file @ assets.csv:1,1", ""},
		{"wrong cell count", csvFixture{assets: "name,sector\nx,energy,extra\n"}, "Wrong number of cells @ assets.csv:2,1", ""},
		{"bare quote", csvFixture{assets: "name,sector\nx,ene\"rgy\n"}, "Quote inside an unquoted cell @ assets.csv:2,6", ""},
		{"unterminated quote", csvFixture{assets: "name,sector\nx,\"energy\n"}, "Unterminated quoted cell @ assets.csv:2,3", ""},
		{"text after quote", csvFixture{assets: "name,sector\nx,\"energy\"y\n"}, "Text after a quoted cell @ assets.csv:2,11", ""},
		{"CR after quote", csvFixture{assets: "name,sector\nx,\"energy\"\r"}, "Text after a quoted cell @ assets.csv:2,11", ""},
		{"invalid utf-8", csvFixture{assets: "name,sector\nx,\xffenergy\n"}, "Not a text file @ assets.csv:2,3", ""},
		{"utf-16", csvFixture{assets: "\xff\xfen\x00a\x00"}, "Not a text file @ assets.csv:1,1", ""},
		{"nul byte", csvFixture{assets: "name,sector\nx\x00,energy\n"}, "Not a text file @ assets.csv:2,2", ""},
		{"invalid name", csvFixture{assets: "name,sector\n1x,energy\n"}, "Invalid name @ assets.csv:2,1", "name"},
		{"missing name", csvFixture{assets: "name,sector\n,energy\n"}, "Missing name @ assets.csv:2,1", "name"},
		{"duplicate name", csvFixture{assets: "name,sector\nx,energy\nx,water\n"}, "Duplicate asset \"x\" @ assets.csv:3,1", "name"},
		{"duplicate of HCL", csvFixture{assets: "name,sector\nhq,energy\n"}, "Duplicate asset \"hq\" @ assets.csv:2,1", "name"},
		{"unknown sector", csvFixture{assets: "name,sector\nx,enrgy\n"}, "Reference to undeclared sector @ assets.csv:2,3", "sector"},
		{"missing sector", csvFixture{assets: "name,sector\nx,\n"}, "Missing sector @ assets.csv:2,3", "sector"},
		{"unknown operator", csvFixture{assets: "name,sector,operator\nx,energy,utilty\n"}, "Reference to undeclared organization @ assets.csv:2,10", "operator"},
		{"country", csvFixture{assets: "name,sector,country\nx,energy,jp\n"}, "Invalid country code @ assets.csv:2,10", "country"},
		{"latitude range", csvFixture{assets: "name,sector,lat,lon\nx,energy,91,0\n"}, "Invalid latitude @ assets.csv:2,10", "lat"},
		{"lat without lon", csvFixture{assets: "name,sector,lat,lon\nx,energy,1,\n"}, "Incomplete location @ assets.csv:2,12", "lon"},
		{"bad number", csvFixture{assets: "name,sector,lat,lon\nx,energy,1,NaN\n"}, "Invalid number @ assets.csv:2,12", "lon"},
		{"hex number", csvFixture{assets: "name,sector,weight\nx,energy,0x10\n"}, "Invalid number @ assets.csv:2,10", "weight"},
		{"weight", csvFixture{assets: "name,sector,weight\nx,energy,0\n"}, "Invalid weight @ assets.csv:2,10", "weight"},
		{"backup", csvFixture{assets: "name,sector,backup\nx,energy,3 days\n"}, "Invalid duration @ assets.csv:2,10", "backup"},
		{"repair zero", csvFixture{assets: "name,sector,repair\nx,energy,0s\n"}, "Invalid repair @ assets.csv:2,10", "repair"},
		{"recover text", csvFixture{assets: "name,sector,recover\nx,energy,soon\n"}, "Invalid duration @ assets.csv:2,10", "recover"},
		{"restart negative", csvFixture{assets: "name,sector,restart\nx,energy,-1h\n"}, "Invalid duration @ assets.csv:2,10", "restart"},
		{"priority text", csvFixture{assets: "name,sector,priority\nx,energy,high\n"}, "Invalid number @ assets.csv:2,10", "priority"},
		{"requires word", csvFixture{assets: okAssets, deps: dHead + "a,b,,,,\n"}.with("a,energy,,,,,,,,,most,"), "Invalid requires @ assets.csv:2,18", "requires"},
		{"requires too many", csvFixture{assets: aHead + "a,energy,,,,,,,,,2,\nb,water,,,,,,,,,,\n", deps: dHead + "a,b,,,,\n"}, "Invalid requires @ assets.csv:2,18", "requires"},
		{"requires fraction", csvFixture{assets: aHead + "a,energy,,,,,,,,,1.5,\nb,water,,,,,,,,,,\n", deps: dHead + "a,b,,,,\n"}, "Invalid requires @ assets.csv:2,18", "requires"},
		{"unknown supplier", csvFixture{assets: okAssets, deps: dHead + "a,c,,,,\n"}, "Reference to undeclared asset @ deps.csv:2,3", "on"},
		{"unknown asset", csvFixture{assets: okAssets, deps: dHead + "c,a,,,,\n"}, "Reference to undeclared asset @ deps.csv:2,1", "asset"},
		{"HCL asset's dependency", csvFixture{assets: okAssets, deps: dHead + "hq,a,,,,\n"}, "Asset declared in HCL @ deps.csv:2,1", "asset"},
		{"self", csvFixture{assets: okAssets, deps: dHead + "a,a,,,,\n"}, "Self-dependency @ deps.csv:2,3", "on"},
		{"duplicate supplier", csvFixture{assets: okAssets, deps: dHead + "a,b,,,,\na,b,cyber,,,\n"}, "Duplicate supplier @ deps.csv:3,3", "on"},
		{"kind", csvFixture{assets: okAssets, deps: dHead + "a,b,cybre,,,\n"}, "Invalid dependency kind @ deps.csv:2,5", "kind"},
		{"delay", csvFixture{assets: okAssets, deps: dHead + "a,b,,-5m,,\n"}, "Invalid duration @ deps.csv:2,6", "delay"},
		{"probability", csvFixture{assets: okAssets, deps: dHead + "a,b,,,1.5,\n"}, "Invalid probability @ deps.csv:2,7", "probability"},
		{"probability text", csvFixture{assets: okAssets, deps: dHead + "a,b,,,high,\n"}, "Invalid number @ deps.csv:2,7", "probability"},
		{"unknown group", csvFixture{assets: okAssets, deps: dHead + "a,b,,,,power\n"}, "Unknown supply group @ deps.csv:2,8", "group"},
		{"group without suppliers", csvFixture{assets: okAssets, needs: "asset,group\na,power\n"}, "Supply group without suppliers @ needs.csv:2,1", ""},
		{"duplicate group", csvFixture{assets: okAssets, needs: "asset,group\na,power\na,power\n", deps: dHead + "a,b,,,,power\n"}, "Duplicate supply group @ needs.csv:3,3", "group"},
		{"group name", csvFixture{assets: okAssets, needs: "asset,group\na,po wer\n"}, "Invalid supply group name @ needs.csv:2,3", "group"},
		{"unicode column", csvFixture{assets: "name,sector,label,country\nx,energy,\"Ünïcödé, ok\",j\n"}, "Invalid country code @ assets.csv:2,24", "country"},
		{"multi-line cell", csvFixture{assets: "name,sector,label,weight\nx,energy,\"two\nlines\",-1\n"}, "Invalid weight @ assets.csv:3,8", "weight"},
		{"big cell", csvFixture{assets: "name,sector\nx," + strings.Repeat("e", MaxCSVCell+1) + "\n"}, "Cell too large @ assets.csv:2,3", ""},
		{"big quoted cell", csvFixture{assets: "name,sector\nx,\"" + strings.Repeat("e", MaxCSVCell+1) + "\"\n"}, "Cell too large @ assets.csv:2,3", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := tt.f.run(t)
			var got []string
			for _, d := range diags {
				s := d.Summary
				if d.Subject != nil {
					s += fmt.Sprintf(" @ %s:%d,%d", d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column)
				}
				got = append(got, s)
			}
			if !slices.Contains(got, tt.want) {
				t.Errorf("diagnostics %q do not contain %q", got, tt.want)
			}
			for i, d := range diags {
				if got[i] != tt.want {
					continue
				}
				prefix := fmt.Sprintf("Column %q: ", tt.column)
				if named := strings.HasPrefix(d.Detail, prefix); tt.column != "" && !named {
					t.Errorf("%s: detail %q does not start with %q", d.Summary, d.Detail, prefix)
				} else if tt.column == "" && strings.HasPrefix(d.Detail, "Column ") {
					t.Errorf("%s: detail %q names a column of a file-, header- or row-level error", d.Summary, d.Detail)
				}
			}
			for _, d := range diags {
				if d.Severity != hcl.DiagError {
					t.Errorf("%s: severity %v, want error", d.Summary, d.Severity)
				}
				if d.Detail == "" {
					t.Errorf("%s: no detail", d.Summary)
				}
			}
		})
	}
}

// with replaces the first data row of the assets file.
func (f csvFixture) with(row string) csvFixture {
	lines := strings.SplitN(f.assets, "\n", 3)
	f.assets = lines[0] + "\n" + row + "\n" + lines[2]
	return f
}

func TestCSVImportErrorCap(t *testing.T) {
	var b strings.Builder
	b.WriteString("name,sector\n")
	for i := range 1000 {
		fmt.Fprintf(&b, "x%d,nosuch\n", i)
	}
	_, diags := csvFixture{assets: b.String()}.run(t)
	if len(diags) != maxCSVErrors+1 {
		t.Fatalf("%d diagnostics, want %d", len(diags), maxCSVErrors+1)
	}
	if last := diags[len(diags)-1]; last.Summary != "Too many errors" || !strings.Contains(last.Detail, "950 more") {
		t.Errorf("last diagnostic = %s: %s", last.Summary, last.Detail)
	}
}

// TestCSVReaderRows checks the reader on the corners of the CSV syntax.
func TestCSVReaderRows(t *testing.T) {
	src := "\uFEFFa,\"b,\"\"c\"\"\",\r\n\n\"multi\nline\",x\ny"
	r := newCSVReader("t.csv", src)
	var rows [][]string
	var lines []int
	for {
		ok, d := r.next()
		if !ok {
			break
		}
		if d != nil {
			t.Fatalf("diagnostic: %v", d)
		}
		rows = append(rows, slices.Clone(r.cells))
		lines = append(lines, r.rowLine)
	}
	want := [][]string{{"a", `b,"c"`, ""}, {"multi\nline", "x"}, {"y"}}
	if fmt.Sprint(rows) != fmt.Sprint(want) {
		t.Errorf("rows = %q, want %q", rows, want)
	}
	if !slices.Equal(lines, []int{1, 3, 5}) {
		t.Errorf("row lines = %v, want [1 3 5]", lines)
	}
}

// FuzzCSVImport imports arbitrary assets, needs and dependencies files: no
// panic, and every diagnostic's range lies inside the file it names.
func FuzzCSVImport(f *testing.F) {
	f.Add("name,sector,label,operator,country,region,lat,lon,tags,weight,requires,backup\na,energy,A,utility,JP,r,1,2,x;y,1,any,1h\nb,water,,,,,,,,,,\n",
		"asset,group,requires,backup\na,power,any,72h\n",
		"asset,on,kind,delay,probability,group\na,b,cyber,30m,0.5,power\nb,a,,,,\nb,hq,,,,\n")
	f.Add("\uFEFFname,sector\n\"a\"\"\",energy\r\n", "", "asset,on\na,\"b\nc\"\n")
	f.Add("name,sector\na,\"energy", "asset,group\n", "asset,on\n,,,\n")
	f.Add("\xff\xfe", "asset,group\na,1\n", "asset,on,group\na,a,x\n")
	f.Fuzz(func(t *testing.T, assets, needs, deps string) {
		// Small files are read in parallel chunks too, unless they hold quotes.
		old := parallelCSVBytes
		parallelCSVBytes = 16
		defer func() { parallelCSVBytes = old }()
		files := map[string]string{"assets.csv": assets, "needs.csv": needs, "deps.csv": deps}
		_, diags := csvFixture{assets: assets, needs: needs, deps: deps}.run(t)
		for _, d := range diags {
			if d.Subject == nil {
				t.Fatalf("%s: no subject", d.Summary)
			}
			r := d.Subject
			src, ok := files[r.Filename]
			if !ok {
				t.Fatalf("%s: range in unknown file %q", d.Summary, r.Filename)
			}
			if r.Start.Byte < 0 || r.End.Byte < r.Start.Byte || r.End.Byte > len(src) || r.Start.Line < 1 || r.Start.Column < 1 {
				t.Fatalf("%s: bad range %#v in a file of %d bytes", d.Summary, r, len(src))
			}
		}
	})
}

// genCSVModel writes a model of n imported assets with four suppliers each
// (a quarter of them in a needs group with "any") to dir and returns its size
// in bytes.
func genCSVModel(tb testing.TB, dir string, n int) int64 {
	tb.Helper()
	var hclSrc, assets, needs, deps strings.Builder
	hclSrc.WriteString(`sector "energy" {}
sector "water" {}
sector "telecom" {}
organization "utility" { country = "JP" }
scenario "s" {
  horizon = "7d"
  event "quake" {
    select { region = ["r0"] }
  }
  event "hack" {
    kind    = "cyber"
    at      = "2h"
    targets = [asset.a1]
  }
}
import {
  assets       = "assets.csv"
  needs        = "needs.csv"
  dependencies = "deps.csv"
}
`)
	assets.WriteString("name,sector,operator,region,lat,lon,tags,requires,backup\n")
	needs.WriteString("asset,group,requires,backup\n")
	deps.WriteString("asset,on,kind,delay,probability,group\n")
	sectors := []string{"energy", "water", "telecom"}
	for i := range n {
		fmt.Fprintf(&assets, "a%d,%s,utility,r%d,%.3f,%.3f,scada,,%s\n", i, sectors[i%3], i%16, 35+float64(i%100)/100, 139+float64(i%37)/37, []string{"", "4h"}[i%2])
		group := ""
		if i%4 == 0 {
			fmt.Fprintf(&needs, "a%d,power,any,24h\n", i)
		}
		var sup []int
		for k := 0; len(sup) < min(4, n-1); k++ {
			s := (i*7919 + k*104729 + 1) % n
			if s == i || slices.Contains(sup, s) {
				continue
			}
			sup = append(sup, s)
			if i%4 == 0 && len(sup) > 2 {
				group = "power"
			}
			kind := []string{"", "cyber", "", "logical"}[(i+k)%4]
			fmt.Fprintf(&deps, "a%d,a%d,%s,%dm,%s,%s\n", i, s, kind, (i+k)%5*10, []string{"", "0.5"}[(i+k)%2], group)
		}
	}
	var size int64
	for name, s := range map[string]string{"model.hcl": hclSrc.String(), "assets.csv": assets.String(), "needs.csv": needs.String(), "deps.csv": deps.String()} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			tb.Fatal(err)
		}
		size += int64(len(s))
	}
	return size
}

// BenchmarkLoadCSV loads models of 1e4 and 1e5 imported assets (four
// dependencies each) and reports throughput in MB/s of CSV.
func BenchmarkLoadCSV(b *testing.B) {
	for _, n := range []int{1e4, 1e5} {
		b.Run(fmt.Sprintf("n=1e%d", len(fmt.Sprint(n))-1), func(b *testing.B) {
			dir := b.TempDir()
			b.SetBytes(genCSVModel(b, dir, n))
			b.ReportAllocs()
			for b.Loop() {
				m, diags := Load(dir, Options{})
				if diags.HasErrors() || len(m.Assets) != n {
					b.Fatalf("%d diagnostics: %v", len(diags), diags)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "assets/s")
		})
	}
}

func TestLoadCSVModel(t *testing.T) {
	dir := t.TempDir()
	genCSVModel(t, dir, 200)
	m, diags := Load(dir, Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if len(m.Assets) != 200 || m.NumDependencies() != 800 {
		t.Errorf("%d assets, %d dependencies; want 200, 800", len(m.Assets), m.NumDependencies())
	}
	for i, a := range m.Assets {
		if a.Index != i || i > 0 && m.Assets[i-1].Name >= a.Name {
			t.Fatalf("asset %d %q: Index %d, or not sorted", i, a.Name, a.Index)
		}
	}
	if a := m.Asset("a4"); a == nil || len(a.Groups) != 2 || a.Groups[1].Name != "power" || a.Groups[1].RequiresMode != "any" || a.Operator == nil || a.Country != "JP" {
		t.Errorf("a4 = %+v", a)
	}
	if e := m.Scenarios[0].Events; len(e) != 2 || len(e[1].Assets) == 0 {
		t.Errorf("events select nothing: %+v", e)
	}
}

// writeModel writes files (name → content) into a new folder and returns it.
func writeModel(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const mixedHCL = `
sector "energy" {}
sector "health" {}
asset "hospital" {
  sector = sector.health
  needs "power" {
    requires   = "any"
    backup     = "72h"
    depends_on = [asset.grid_a, asset.grid_b]
  }
}
asset "control" {
  sector = sector.energy
  depends_on = [asset.hospital]
}
scenario "s" {
  event "quake" {
    targets = [asset.grid_a]
    select { region = ["north"] }
  }
}
import {
  assets       = "data/assets.csv"
  dependencies = ["data/deps.csv"]
}
`

// TestImportMixed loads HCL and imported objects that refer to each other.
func TestImportMixed(t *testing.T) {
	dir := writeModel(t, map[string]string{
		"model.hcl":       mixedHCL,
		"data/assets.csv": "name,sector,region\ngrid_a,energy,north\ngrid_b,energy,south\n",
		"data/deps.csv":   "asset,on,kind\ngrid_b,control,cyber\ngrid_a,grid_b,\n",
	})
	m, diags := Load(dir, Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var names []string
	for i, a := range m.Assets {
		names = append(names, a.Name)
		if a.Index != i {
			t.Errorf("%s: Index %d, want %d", a.Name, a.Index, i)
		}
	}
	if want := []string{"control", "grid_a", "grid_b", "hospital"}; !slices.Equal(names, want) {
		t.Fatalf("assets %v, want %v", names, want)
	}
	h := m.Asset("hospital")
	if g := h.Groups[1]; len(g.Dependencies) != 2 || g.Dependencies[0].On != m.Asset("grid_a") || g.Dependencies[1].On != m.Asset("grid_b") {
		t.Errorf("hospital's power group = %+v", g)
	}
	if d := m.Asset("grid_b").Groups[0].Dependencies; len(d) != 1 || d[0].On != m.Asset("control") || d[0].Kind != Cyber {
		t.Errorf("grid_b's dependencies = %+v", d)
	}
	if e := m.Scenarios[0].Events[0]; len(e.Assets) != 1 || e.Assets[0] != m.Asset("grid_a") {
		t.Errorf("quake hits %v, want grid_a", e.Assets)
	}
}

// TestImportErrors checks mistakes of import blocks and of rows in a real load,
// and that a CSV diagnostic is printed with its CSV line as the snippet.
func TestImportErrors(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.csv"), []byte("name,sector\nx,energy\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		files map[string]string
		link  string // a symbolic link "link.csv" to this path, when set
		want  string // summary
		text  string // in the printed diagnostics
	}{
		{"dotdot", map[string]string{"m.hcl": `import { assets = "../secret.csv" }`}, "", "Import path outside the model folder", "m.hcl line 1"},
		{"absolute", map[string]string{"m.hcl": `import { assets = "` + filepath.Join(outside, "secret.csv") + `" }`}, "", "Import path outside the model folder", "m.hcl line 1"},
		{"symlink out", map[string]string{"m.hcl": `import { assets = "link.csv" }`}, filepath.Join(outside, "secret.csv"), "Import path outside the model folder", "m.hcl line 1"},
		{"missing", map[string]string{"m.hcl": `import { assets = "nope.csv" }`}, "", "Cannot read imported file", "nope.csv"},
		{"not a path", map[string]string{"m.hcl": `import { assets = 3 > 2 }`}, "", "Invalid import path", "m.hcl line 1"},
		{"empty block", map[string]string{"m.hcl": `import {}`}, "", "Empty import block", "m.hcl line 1"},
		{"twice", map[string]string{"m.hcl": "sector \"energy\" {}\nimport { assets = [\"a.csv\", \"./a.csv\"] }", "a.csv": "name,sector\nx,energy\n"}, "", "File imported twice", "m.hcl line 2"},
		{"duplicate of HCL", map[string]string{"m.hcl": "sector \"energy\" {}\nasset \"x\" { sector = sector.energy }\nimport { assets = \"a.csv\" }", "a.csv": "name,sector\nx,energy\n"}, "", "Duplicate asset \"x\"", "2: x,energy"},
		{"unknown sector", map[string]string{"m.hcl": "sector \"water\" {}\nimport { assets = \"a.csv\" }", "a.csv": "name,sector\nx,watr\n"}, "", "Reference to undeclared sector", "Did you mean \"water\"?"},
		{"HCL to unknown", map[string]string{"m.hcl": "sector \"energy\" {}\nasset \"y\" {\n  sector = sector.energy\n  depends_on = [asset.z]\n}\nimport { assets = \"a.csv\" }", "a.csv": "name,sector\nx,energy\n"}, "", "Reference to undeclared asset", "m.hcl line 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeModel(t, tt.files)
			if tt.link != "" {
				if err := os.Symlink(tt.link, filepath.Join(dir, "link.csv")); err != nil {
					t.Skip(err)
				}
			}
			p := NewParser()
			m, diags := p.Load(dir, Options{})
			if m != nil || !diags.HasErrors() {
				t.Fatalf("loaded; want %q", tt.want)
			}
			var summaries []string
			for _, d := range diags {
				summaries = append(summaries, d.Summary)
			}
			if !slices.Contains(summaries, tt.want) {
				t.Errorf("diagnostics %q do not contain %q", summaries, tt.want)
			}
			var out strings.Builder
			hcl.NewDiagnosticTextWriter(&out, p.Files(), 0, false).WriteDiagnostics(diags)
			if !strings.Contains(out.String(), tt.text) {
				t.Errorf("printed diagnostics lack %q:\n%s", tt.text, out.String())
			}
		})
	}
}

// TestImportFS imports from an fs.FS, as embedded examples do.
func TestImportFS(t *testing.T) {
	fsys := fstest.MapFS{
		"ex/model.hcl":  {Data: []byte("sector \"energy\" {}\nimport { assets = \"assets.csv\" }\n")},
		"ex/assets.csv": {Data: []byte("name,sector\na,energy\n")},
		"ex/escape.hcl": {Data: []byte("")},
	}
	m, diags := Load("ex", Options{FS: fsys})
	if diags.HasErrors() || m.Asset("a") == nil {
		t.Fatalf("load from FS: %v", diags)
	}
	fsys["ex/escape.hcl"] = &fstest.MapFile{Data: []byte(`import { needs = "../x.csv" }`)}
	if _, diags := Load("ex", Options{FS: fsys}); !diags.HasErrors() || diags[0].Summary != "Import path outside the model folder" {
		t.Errorf("escape from FS: %v", diags)
	}
}

// TestImportParallel reads dependencies in parallel chunks and compares the
// model and the diagnostics with a sequential read.
func TestImportParallel(t *testing.T) {
	dir := t.TempDir()
	genCSVModel(t, dir, 3000)
	// Mistakes spread over the file, more than are reported.
	deps, err := os.ReadFile(filepath.Join(dir, "deps.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(deps), "\n")
	for i := 100; i < len(lines)-1; i += 97 {
		lines[i] = strings.Replace(lines[i], ",", ",nosuch", 1)
	}
	if err := os.WriteFile(filepath.Join(dir, "deps.csv"), []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	load := func(chunkBytes int) ([]string, hcl.Diagnostics) {
		old := parallelCSVBytes
		parallelCSVBytes = chunkBytes
		defer func() { parallelCSVBytes = old }()
		p := NewParser()
		_, diags := p.Load(dir, Options{})
		var out []string
		for _, d := range diags {
			out = append(out, fmt.Sprintf("%s @ %v", d.Summary, d.Subject))
		}
		return out, diags
	}
	seq, diags := load(1 << 30)
	par, _ := load(1)
	// The import's own cap (maxCSVErrors and a summary), then the load's: the
	// first MaxDiagnosticsPerKind of the kind and one that counts the rest.
	if len(diags) != MaxDiagnosticsPerKind+2 {
		t.Fatalf("%d diagnostics, want %d", len(diags), MaxDiagnosticsPerKind+2)
	}
	if !slices.Equal(seq, par) {
		t.Errorf("parallel diagnostics differ:\n%q\n%q", seq, par)
	}
	// Without mistakes, the same model.
	genCSVModel(t, dir, 3000)
	old := parallelCSVBytes
	parallelCSVBytes = 1 << 30
	m1, d1 := Load(dir, Options{})
	parallelCSVBytes = 1
	m2, d2 := Load(dir, Options{})
	parallelCSVBytes = old
	if d1.HasErrors() || d2.HasErrors() {
		t.Fatal(d1, d2)
	}
	if !equalModels(m1, m2) {
		t.Error("parallel read gives another model")
	}
}

// TestImportLargeFileDiagnostics prints the diagnostics of a file larger than
// MaxSnippetCSV without snippets, quickly, and still names the line.
func TestImportLargeFileDiagnostics(t *testing.T) {
	var b strings.Builder
	b.WriteString("name,sector,label\n")
	for i := 0; b.Len() <= MaxSnippetCSV; i++ {
		fmt.Fprintf(&b, "a%d,energy,Asset number %d\n", i, i)
	}
	lines := strings.Count(b.String(), "\n")
	b.WriteString("bad,nosuch,\n")
	dir := writeModel(t, map[string]string{"m.hcl": "sector \"energy\" {}\nimport { assets = \"a.csv\" }\n", "a.csv": b.String()})
	p := NewParser()
	_, diags := p.Load(dir, Options{})
	if len(diags) != 1 {
		t.Fatalf("diagnostics: %v", diags)
	}
	var out strings.Builder
	hcl.NewDiagnosticTextWriter(&out, p.Files(), 0, false).WriteDiagnostics(diags)
	if want := fmt.Sprintf("a.csv line %d:\n  (source code not available)", lines+1); !strings.Contains(out.String(), want) {
		t.Errorf("printed diagnostics lack %q:\n%s", want, out.String())
	}
}

// TestCSVImportRestoration reads an asset's restoration columns.
func TestCSVImportRestoration(t *testing.T) {
	assets, diags := csvFixture{assets: "name,sector,repair,recover,restart,priority\nx,energy,36h,12h,2h,-1.5\ny,energy,,,,\n"}.run(t)
	if diags.HasErrors() || len(assets) != 2 {
		t.Fatalf("%d assets: %v", len(assets), diags)
	}
	x, y := assets[0], assets[1]
	if x.Repair != 36*3600 || x.Recover != 12*3600 || x.Restart != 2*3600 || x.Priority != -1.5 {
		t.Errorf("x: repair %d recover %d restart %d priority %v", x.Repair, x.Recover, x.Restart, x.Priority)
	}
	if y.Repair != 0 || y.Recover != 0 || y.Restart != 0 || y.Priority != 0 {
		t.Errorf("y: %+v", y)
	}
}

// TestRowToucher checks the names that a rowToucher finds ahead of the
// reader: those of the cells of its columns, a batch of lines at a time, and
// none in a file with double quotes.
func TestRowToucher(t *testing.T) {
	var deps strings.Builder
	deps.WriteString("kind, on ,asset\n")
	for i := range 40 {
		fmt.Fprintf(&deps, "logical, s%d ,a%d\r\n", i, i/3)
	}
	tests := []struct {
		name    string
		src     string
		columns []string // of the file's kind
		cols    []int
		batches [][]string // the names touched before row 0, touchBatch/len(cols), ...
	}{
		{"assets", "name,label\nx,X\n y ,Y\n\nz\n", assetColumns, []int{acName}, [][]string{{"x", "y", "", "z"}}},
		{"one column", "label,name\nX,x\nY,y\n", assetColumns, []int{acName}, [][]string{{"x", "y"}}},
		{"absent column", "label\nX\n", assetColumns, []int{acName}, nil},
		{"quotes", "name,label\nx,\"X, Y\"\n", assetColumns, []int{acName}, nil},
		{"dependencies", deps.String(), dependencyColumns, []int{dcAsset, dcOn}, [][]string{
			{"a0", "s0", "a0", "s1", "a0", "s2", "a1", "s3", "a1", "s4", "a1", "s5", "a2", "s6", "a2", "s7", "a2", "s8", "a3", "s9", "a3", "s10", "a3", "s11", "a4", "s12", "a4", "s13", "a4", "s14", "a5", "s15"},
			{"a5", "s16", "a5", "s17", "a6", "s18", "a6", "s19", "a6", "s20", "a7", "s21", "a7", "s22", "a7", "s23", "a8", "s24", "a8", "s25", "a8", "s26", "a9", "s27", "a9", "s28", "a9", "s29", "a10", "s30", "a10", "s31"},
			{"a10", "s32", "a11", "s33", "a11", "s34", "a11", "s35", "a12", "s36", "a12", "s37", "a12", "s38", "a13", "s39"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			im := newCSVImporter()
			tab := im.openTable("f.csv", tt.src, "test", tt.columns)
			if tab == nil {
				t.Fatalf("openTable: %v", im.diags)
			}
			r := newRowToucher(tab, tt.cols...)
			var got [][]string
			for r.next(im, tab); im.nextRow(tab); r.next(im, tab) {
				if r.last != nil {
					got = append(got, slices.Clone(r.last))
					r.last = nil
				}
			}
			if !slices.EqualFunc(got, tt.batches, slices.Equal) {
				t.Errorf("touched %q,\nwant %q", got, tt.batches)
			}
		})
	}
}
