package model

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/hashicorp/hcl/v2"
)

// mustLoad loads path and fails the test on any diagnostic.
func mustLoad(t *testing.T, path string, opts Options) *Model {
	t.Helper()
	p := NewParser()
	m, diags := p.Load(path, opts)
	if len(diags) > 0 || m == nil {
		t.Fatalf("Load(%s):\n%s", path, diagText(p.Files(), diags))
	}
	return m
}

func names[T any](xs []*T, name func(*T) string) string {
	var s []string
	for _, x := range xs {
		s = append(s, name(x))
	}
	return strings.Join(s, ",")
}

func assetNames(xs []*Asset) string { return names(xs, func(a *Asset) string { return a.Name }) }

func TestLanguageExample(t *testing.T) {
	m := mustLoad(t, "testdata/valid/language_example.hcl", Options{})
	if got := names(m.Sectors, func(s *Sector) string { return s.Name }); got != "energy,health,telecom,water" {
		t.Errorf("sectors %s", got)
	}
	energy, health := m.Sector("energy"), m.Sector("health")
	if energy.Color != "#f4a261" || energy.Label != "Energy" || energy.Threshold != 0.5 {
		t.Errorf("energy %+v", energy)
	}
	if health.Label != "health" || health.Color != Palette[health.Index] || health.Threshold != DefaultThreshold {
		t.Errorf("health defaults %+v", health)
	}
	ntt := m.Organization("ntt")
	if ntt.Kind != "operator" || len(ntt.SharesWith) != 1 || ntt.SharesWith[0] != m.Organization("tepco") {
		t.Errorf("ntt %+v", ntt)
	}

	grid := m.Asset("kanto_grid")
	if grid.Country != "JP" || grid.Operator.Name != "tepco" || grid.Region != "kanto" ||
		*grid.Location != (Location{35.68, 139.69}) || strings.Join(grid.Tags, ",") != "scada,olympics" {
		t.Errorf("kanto_grid %+v", grid)
	}
	if got := m.Asset("fuel_terminal").Country; got != "US" {
		t.Errorf("fuel_terminal country %q: the asset's own country wins over its operator's", got)
	}
	if got := m.Asset("st_lukes").Country; got != "" {
		t.Errorf("st_lukes country %q, want none", got)
	}
	g := grid.Groups[0]
	if len(grid.Groups) != 1 || g.Name != "" || g.Requires != 2 || g.RequiresMode != "all" || len(g.Dependencies) != 2 {
		t.Fatalf("kanto_grid groups %+v", g)
	}
	d0, d1 := g.Dependencies[0], g.Dependencies[1]
	if d0.On.Name != "fuel_terminal" || d0.Kind != Physical || d0.Delay != 0 || d0.Probability != 1 {
		t.Errorf("depends_on shorthand: %+v", d0)
	}
	if d1.On.Name != "ntt_east" || d1.Kind != Cyber || d1.Delay != 1800 || d1.Probability != 0.8 {
		t.Errorf("dependency block: %+v", d1)
	}

	sl := m.Asset("st_lukes")
	if len(sl.Groups) != 3 || sl.Groups[0].Name != "" || len(sl.Groups[0].Dependencies) != 0 || sl.Groups[0].Requires != 0 {
		t.Fatalf("st_lukes groups: %d, first %+v", len(sl.Groups), sl.Groups[0])
	}
	power, water := sl.Groups[1], sl.Groups[2]
	if power.Name != "power" || power.RequiresMode != "any" || power.Requires != 1 || power.Backup != 72*3600 ||
		assetNames([]*Asset{power.Dependencies[0].On, power.Dependencies[1].On}) != "substation_a,substation_b" {
		t.Errorf("power group %+v", power)
	}
	if water.Name != "water" || water.Requires != 1 || water.Backup != 24*3600 || water.Dependencies[0].On.Name != "city_main" {
		t.Errorf("water group %+v", water)
	}
	if cm := m.Asset("city_main").Groups[0]; cm.RequiresMode != "k" || cm.Requires != 1 {
		t.Errorf("city_main requires %+v", cm)
	}
	if m.NumDependencies() != 9 {
		t.Errorf("NumDependencies = %d, want 9", m.NumDependencies())
	}

	sc := m.Scenario("kanto_quake")
	if sc.Horizon != 7*86400 || len(sc.Events) != 2 {
		t.Fatalf("scenario %+v", sc)
	}
	quake, ransom := sc.Events[0], sc.Events[1]
	// The select block matches kanto_grid only (fuel_terminal lacks region and
	// tags); targets add kanto_grid again, which appears once.
	if quake.Name != "quake" || quake.Kind != PhysicalEvent || assetNames(quake.Assets) != "kanto_grid" || quake.Select == nil {
		t.Errorf("quake %+v: assets %s", quake, assetNames(quake.Assets))
	}
	// Within 30 km of (35.6, 139.7): kanto_grid (~9 km) and fuel_terminal
	// (~17 km); the others have no location.
	if ransom.Kind != CyberEvent || ransom.At != 36*3600 || ransom.Probability != 0.5 || assetNames(ransom.Assets) != "fuel_terminal,kanto_grid" {
		t.Errorf("ransomware %+v: assets %s", ransom, assetNames(ransom.Assets))
	}
	if m.Files["testdata/valid/language_example.hcl"] == nil {
		t.Errorf("Files lacks the model file: %v", m.Files)
	}
}

func TestDistanceKm(t *testing.T) {
	// Tokyo station to Osaka station, about 403 km as the crow flies.
	d := DistanceKm(Location{35.6812, 139.7671}, Location{34.7025, 135.4959})
	if math.Abs(d-403) > 3 {
		t.Errorf("Tokyo–Osaka %g km", d)
	}
	// A quarter of the equator.
	if d := DistanceKm(Location{0, 0}, Location{0, 90}); math.Abs(d-math.Pi/2*EarthRadiusKm) > 1e-6 {
		t.Errorf("quarter equator %g km", d)
	}
	c := Circle{Lat: 0, Lon: 0, RadiusKm: 111.2}
	if !c.Contains(Location{1, 0}) || c.Contains(Location{1.01, 0}) {
		t.Errorf("one degree of latitude is about 111.19 km")
	}
}

func TestLoops(t *testing.T) {
	m := mustLoad(t, "testdata/valid/cycles.hcl", Options{})
	loops := m.Loops()
	if len(loops) != 2 {
		t.Fatalf("%d loops, want 2", len(loops))
	}
	if got := assetNames(loops[0].Assets); got != "grid,scada_net" || !loops[0].CrossSector || len(loops[0].Sectors) != 2 {
		t.Errorf("loop 0: %s cross=%v", got, loops[0].CrossSector)
	}
	if got := assetNames(loops[1].Assets); got != "pump,reservoir" || loops[1].CrossSector || loops[1].Sectors[0].Name != "water" {
		t.Errorf("loop 1: %s cross=%v", got, loops[1].CrossSector)
	}
	g := m.Graph()
	if g.Nodes().Len() != 4 || g.Edges().Len() != 5 {
		t.Errorf("graph: %d nodes, %d edges", g.Nodes().Len(), g.Edges().Len())
	}
	if !g.HasEdgeFromTo(int64(m.Asset("grid").Index), int64(m.Asset("pump").Index)) {
		t.Errorf("no edge from supplier grid to dependent pump")
	}
}

func TestUnicode(t *testing.T) {
	m := mustLoad(t, "testdata/valid/unicode.hcl", Options{})
	a := m.Asset("変電所")
	if a == nil || a.Label != "新宿変電所 'Shinjuku' <script>alert(1)</script>" || a.Operator.Label != "東京電力パワーグリッド株式会社" {
		t.Fatalf("asset %+v", a)
	}
	if got := m.Asset("交換局").Label; got != "大手町交換局 \\ é %{" {
		t.Errorf("label %q", got)
	}
	if got := m.Sector("telecom").Label; got != `情報通信 "ICT" <b>&amp;</b>` {
		t.Errorf("label %q", got)
	}
	if e := m.Scenario("地震").Events[0]; len(e.Assets) != 1 || e.Assets[0] != a {
		t.Errorf("event assets %s", assetNames(e.Assets))
	}
}

func TestVariables(t *testing.T) {
	m := mustLoad(t, "testdata/valid/variables.hcl", Options{})
	if got := m.Asset("substation").Label; got != "KANTO-a+b" {
		t.Errorf("label %q", got)
	}
	if got := m.Sector("energy").Threshold; got != 0.5 {
		t.Errorf("threshold %g, want min(1, max(0.1, 0.25/2*4))", got)
	}
	if got := m.Sector("health"); got.Color != "#0ac8ff" || got.Label != "Health Care" {
		t.Errorf("health %+v", got)
	}
	sub := m.Asset("substation")
	if sub.Weight != 4 || strings.Join(sub.Tags, ",") != "olympics,feeder-a,feeder-b" || sub.Location.Lat != 35 {
		t.Errorf("substation %+v", sub)
	}
	h := m.Asset("hospital")
	if h.Groups[0].Backup != 72*3600 || h.Region != "kanto" || h.Groups[0].Dependencies[0].Delay != 300 || h.Groups[0].Dependencies[0].Probability != 0.25 {
		t.Errorf("hospital %+v %+v", h, h.Groups[0].Dependencies[0])
	}
	if got := m.Scenario("s").Horizon; got != 14*86400 {
		t.Errorf("horizon %d", got)
	}

	// --var overrides defaults and var files; a primitive value is taken as written.
	dir := t.TempDir()
	varFile := filepath.Join(dir, "what-if.hcl")
	if err := os.WriteFile(varFile, []byte("generator_fuel = \"24h\"\ncable_probability = 0.5\nfeeders = [\"x\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m = mustLoad(t, "testdata/valid/variables.hcl", Options{
		VarFiles: []string{varFile},
		Vars:     map[string]string{"generator_fuel": "36h", "anything": "{lat = 1, lon = 2}"},
	})
	h = m.Asset("hospital")
	if h.Groups[0].Backup != 36*3600 || h.Groups[0].Dependencies[0].Probability != 0.5 {
		t.Errorf("with vars: backup %d probability %g", h.Groups[0].Backup, h.Groups[0].Dependencies[0].Probability)
	}
	if sub := m.Asset("substation"); sub.Label != "KANTO-x" || *sub.Location != (Location{1, 2}) {
		t.Errorf("with vars: %+v", sub)
	}
	m = mustLoad(t, "testdata/valid/variables.hcl", Options{Vars: map[string]string{"feeders": `["p","q","r"]`, "cable_probability": "0.1"}})
	if got := m.Asset("substation").Label; got != "KANTO-p+q+r" {
		t.Errorf("list var: label %q", got)
	}
}

func TestVariableErrors(t *testing.T) {
	dir := t.TempDir()
	varFile := filepath.Join(dir, "bad.hcl")
	if err := os.WriteFile(varFile, []byte("cable_probability = \"high\"\ngenerator_fule = \"1h\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		opts Options
		want []string // summaries, in order
	}{
		{"undeclared --var", Options{Vars: map[string]string{"generator_fule": "1h"}}, []string{"Value for undeclared variable"}},
		{"wrong type --var", Options{Vars: map[string]string{"cable_probability": "high"}}, []string{"Invalid value for variable"}},
		{"var file", Options{VarFiles: []string{varFile}}, []string{"Invalid value for variable", "Value for undeclared variable"}},
		{"missing var file", Options{VarFiles: []string{filepath.Join(dir, "nope.hcl")}}, []string{"Cannot read variables file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := NewParser()
			_, diags := p.Load("testdata/valid/variables.hcl", tt.opts)
			var got []string
			for _, d := range diags {
				got = append(got, d.Summary)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("diagnostics %q, want %q\n%s", got, tt.want, diagText(p.Files(), diags))
			}
		})
	}
}

func TestFolder(t *testing.T) {
	m := mustLoad(t, "testdata/valid/multi_file", Options{})
	if len(m.Files) != 4 {
		t.Errorf("files %v: dotfiles, backups, other extensions and subfolders must be skipped", len(m.Files))
	}
	ex := m.Asset("exchange")
	if ex.Operator.Label != `NTT "East"` || ex.Country != "JP" || ex.Groups[0].Backup != 8*3600 || ex.Groups[0].Dependencies[0].Delay != 600 {
		t.Errorf("exchange from JSON: %+v", ex)
	}
	if len(m.Loops()) != 1 || !m.Loops()[0].CrossSector {
		t.Errorf("loops %+v", m.Loops())
	}
}

func TestFS(t *testing.T) {
	src, err := os.ReadFile("testdata/valid/cycles.hcl")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{"models/demo/a.hcl": {Data: src}, "models/demo/.b.hcl": {Data: []byte("{")}}
	p := NewParser()
	m, diags := p.Load("models/demo", Options{FS: fsys})
	if len(diags) > 0 || len(m.Assets) != 4 {
		t.Fatalf("Load from FS: %s", diagText(p.Files(), diags))
	}
	if m.Files["models/demo/a.hcl"] == nil {
		t.Errorf("file names in FS: %v", m.Files)
	}
	if _, diags := Load("models/none", Options{FS: fsys}); !diags.HasErrors() || diags[0].Summary != "Cannot read model" {
		t.Errorf("missing path: %v", diags)
	}
}

func TestNoFiles(t *testing.T) {
	_, diags := Load(t.TempDir(), Options{})
	if len(diags) != 1 || diags[0].Summary != "No model files" {
		t.Errorf("empty folder: %v", diags)
	}
}

// TestHostile loads inputs meant to crash or stall a parser; each must give
// errors, quickly, without a panic or a stack overflow.
func TestHostile(t *testing.T) {
	garbage := make([]byte, 1<<20)
	for i := range garbage {
		garbage[i] = byte(i*7919 + i>>8)
	}
	printable := make([]byte, 1<<16)
	for i := range printable {
		const chars = " \n}]=\"#abc1.,:?+-*/"
		printable[i] = chars[(i*7919+i>>5)%len(chars)]
	}
	tests := []struct {
		name, src, summary string
	}{
		{"parentheses", "x = " + strings.Repeat("(", 50000) + "1" + strings.Repeat(")", 50000), "Expression too complex"},
		{"unclosed parentheses", "x = " + strings.Repeat("(", 1000000), "Expression too complex"},
		{"brackets", "sector \"s\" {\n label = " + strings.Repeat("[", 50000) + strings.Repeat("]", 50000) + "\n}", "Expression too complex"},
		{"templates", "x = " + strings.Repeat(`"${`, 20000) + "1" + strings.Repeat(`}"`, 20000), "Expression too complex"},
		{"long sum", "sector \"s\" {\n threshold = 1" + strings.Repeat("+1", 1000000) + "\n}", "Expression too complex"},
		{"long sum in parentheses", "x = (1" + strings.Repeat("\n+1", 100000) + ")", "Expression too complex"},
		{"negations", "x = " + strings.Repeat("-", 100000) + "1", "Expression too complex"},
		{"conditionals", "x = " + strings.Repeat("true ? 1 : ", 100000) + "1", "Expression too complex"},
		{"binary", string(garbage), "Not a text file"},
		{"invalid UTF-8", "sector \"s\" {\n label = \"\xc3\x28\"\n}", "Not a text file"},
		{"NUL", "sector \"s\" {}\x00", "Not a text file"},
		{"JSON nesting", strings.Repeat("[", 100000), "Expression too complex"},
		{"many syntax errors", string(printable), "Too many syntax errors"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := "hostile.hcl"
			if strings.HasPrefix(tt.name, "JSON") {
				name = "hostile.hcl.json"
			}
			path := filepath.Join(t.TempDir(), name)
			if err := os.WriteFile(path, []byte(tt.src), 0o644); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			p := NewParser()
			m, diags := p.Load(path, Options{})
			if m != nil || !diags.HasErrors() {
				t.Fatalf("no error")
			}
			found := false
			for _, d := range diags {
				found = found || d.Summary == tt.summary
				if d.Subject == nil || d.Subject.Filename != path {
					t.Errorf("diagnostic without the file's range: %v", d)
				}
			}
			if !found {
				t.Errorf("no %q among %d diagnostics, first %v", tt.summary, len(diags), diags[0])
			}
			if el := time.Since(start); el > 5*time.Second {
				t.Errorf("took %v", el)
			}
			_ = diagText(p.Files(), diags) // printing must not fail either
		})
	}
}

// TestDeepButFine checks that the limits leave room for real models.
func TestDeepButFine(t *testing.T) {
	src := "sector \"s\" {\n threshold = " + strings.Repeat("(", MaxNesting-2) + "0.5" + strings.Repeat(")", MaxNesting-2) +
		"\n label = \"x\"" + strings.Repeat(" + \"\"", 0) + "\n}\nasset \"a\" {\n sector = sector.s\n weight = 1" + strings.Repeat("+1", MaxOperators-1) + "\n}\n"
	path := filepath.Join(t.TempDir(), "deep.hcl")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	p := NewParser()
	m, diags := p.Load(path, Options{})
	if diags.HasErrors() {
		t.Fatalf("%s", diagText(p.Files(), diags))
	}
	if m.Sector("s").Threshold != 0.5 || m.Asset("a").Weight != MaxOperators {
		t.Errorf("threshold %g weight %g", m.Sector("s").Threshold, m.Asset("a").Weight)
	}
}

func TestDiagnosticsHaveRanges(t *testing.T) {
	// Every error of an invalid model points into a file; checked in TestInvalid
	// via checkExpectations. Here: diagnostics without ranges are only those
	// about the whole load.
	_, diags := Load("testdata/valid/variables.hcl", Options{Vars: map[string]string{"nope": "1"}})
	if len(diags) != 1 || diags[0].Subject != nil || diags[0].Severity != hcl.DiagError {
		t.Errorf("%v", diags)
	}
}

// TestLargeDeterministic loads a generated model big enough to be decoded in
// parallel, once valid and once with an error in many assets: the model and
// the diagnostics are the same on every load, and diagnostics are in file
// and line order.
func TestLargeDeterministic(t *testing.T) {
	dir := t.TempDir()
	if _, err := genFolder(dir, 1200, 4); err != nil {
		t.Fatal(err)
	}
	m := mustLoad(t, dir, Options{})
	if len(m.Assets) != 1200 || m.Asset("a1199") == nil {
		t.Fatalf("%d assets", len(m.Assets))
	}
	checkInvariants(t, m)

	files, _ := filepath.Glob(filepath.Join(dir, "*.hcl"))
	for _, f := range files {
		src, _ := os.ReadFile(f)
		bad := strings.ReplaceAll(string(src), "probability = 0.1", "probability = 1.1")
		if err := os.WriteFile(f, []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var first string
	for i := range 2 {
		p := NewParser()
		_, diags := p.Load(dir, Options{})
		// Many errors of one kind: the first 20 and one that counts the rest.
		if len(diags) != MaxDiagnosticsPerKind+1 || !strings.HasSuffix(diags[MaxDiagnosticsPerKind].Summary, " more errors: Invalid probability") {
			t.Fatalf("%d diagnostics, the last %q", len(diags), diags[len(diags)-1].Summary)
		}
		for j := 1; j < len(diags); j++ {
			a, b := diags[j-1].Subject, diags[j].Subject
			if a.Filename > b.Filename || a.Filename == b.Filename && a.Start.Byte > b.Start.Byte {
				t.Fatalf("diagnostics out of order: %v before %v", a, b)
			}
		}
		var sb strings.Builder
		for _, d := range diags {
			fmt.Fprintf(&sb, "%s: %s: %s\n", d.Subject, d.Summary, d.Detail)
		}
		text := sb.String()
		if i == 0 {
			first = text
		} else if text != first {
			t.Fatalf("load %d differs", i)
		}
	}
}

// TestHugeFile checks that a file over MaxFileSize is refused before it is
// read (a sparse file: no disk space is used).
func TestHugeFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.hcl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxFileSize + 1); err != nil {
		t.Skip("no sparse files here:", err)
	}
	f.Close()
	start := time.Now()
	_, diags := Load(path, Options{})
	if len(diags) != 1 || diags[0].Summary != "Cannot read model file" || !strings.Contains(diags[0].Detail, "limit") {
		t.Errorf("%v", diags)
	}
	if time.Since(start) > time.Second {
		t.Errorf("took %v", time.Since(start))
	}
}
