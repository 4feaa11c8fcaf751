package main

import (
	"encoding/csv"
	"encoding/json"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rivo/uniseg"
	"gonum.org/v1/plot/vg"
)

const quickstart = "../../examples/quickstart"

// runJSON is the run JSON object of docs/cli.md as the tests read it.
type runJSON struct {
	Scenario string `json:"scenario"`
	HorizonS *int64 `json:"horizon_s"`
	Failures []struct {
		Asset       string         `json:"asset"`
		Sector      string         `json:"sector"`
		AtS         int64          `json:"at_s"`
		Compromised bool           `json:"compromised"`
		Cause       map[string]any `json:"cause"`
	} `json:"failures"`
	OnBackup []struct {
		Asset    string `json:"asset"`
		SinceS   int64  `json:"since_s"`
		RunsOutS *int64 `json:"runs_out_s"`
	} `json:"on_backup"`
	Sectors []struct {
		Sector         string  `json:"sector"`
		FirstImpactS   *int64  `json:"first_impact_s"`
		FailedAtS      *int64  `json:"failed_at_s"`
		FailedFraction float64 `json:"failed_fraction"`
	} `json:"sectors"`
}

func decodeRun(t *testing.T, out string) runJSON {
	t.Helper()
	var r runJSON
	dec := json.NewDecoder(strings.NewReader(out))
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("output is not one JSON object: %v\n%s", err, out)
	}
	if dec.More() {
		t.Fatalf("more than one JSON document on stdout")
	}
	return r
}

func TestRunJSONQuickstart(t *testing.T) {
	out, errOut, code := cli(t, nil, "run", quickstart, "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	r := decodeRun(t, out)
	if r.Scenario != "flood" || r.HorizonS == nil || *r.HorizonS != 3*86400 {
		t.Fatalf("scenario %q horizon %v", r.Scenario, r.HorizonS)
	}
	// substation at 0 (event), pumping after its 12h tank, hospital when its 24h water
	// tank runs out after pumping fails.
	want := []struct {
		asset string
		at    int64
		cause string
	}{{"substation", 0, "event"}, {"pumping", 12 * 3600, "suppliers"}, {"hospital", 36 * 3600, "suppliers"}}
	if len(r.Failures) != len(want) {
		t.Fatalf("failures %+v", r.Failures)
	}
	for i, w := range want {
		f := r.Failures[i]
		if f.Asset != w.asset || f.AtS != w.at || f.Cause[w.cause] == nil {
			t.Errorf("failure %d: %+v, want %s at %d caused by %s", i, f, w.asset, w.at, w.cause)
		}
	}
	if r.Failures[0].Cause["event"] != "flood" {
		t.Errorf("substation cause %v", r.Failures[0].Cause)
	}
	if len(r.Sectors) != 4 {
		t.Errorf("want every sector of the model, got %d", len(r.Sectors))
	}
	for _, s := range r.Sectors {
		if s.Sector == "telecom" && (s.FirstImpactS != nil || s.FailedAtS != nil || s.FailedFraction != 0) {
			t.Errorf("telecom is untouched: %+v", s)
		}
		if s.Sector == "health" && (s.FailedAtS == nil || *s.FailedAtS != 36*3600) {
			t.Errorf("health fails when the hospital does: %+v", s)
		}
	}
}

func TestRunHorizonAndBackup(t *testing.T) {
	out, errOut, code := cli(t, nil, "run", quickstart, "--horizon", "1d", "-f", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	r := decodeRun(t, out)
	if r.HorizonS == nil || *r.HorizonS != 86400 {
		t.Fatalf("horizon %v", r.HorizonS)
	}
	if len(r.OnBackup) != 1 || r.OnBackup[0].Asset != "hospital" || r.OnBackup[0].SinceS != 0 ||
		r.OnBackup[0].RunsOutS == nil || *r.OnBackup[0].RunsOutS != 36*3600 {
		t.Errorf("on backup %+v", r.OnBackup)
	}
	text, _, _ := cli(t, nil, "run", quickstart, "--horizon", "1d")
	for _, want := range []string{"T+12h", "pumping", "Sectors failing next:", "Running on backup at T+1d:", "hospital", "12h", "Summary: 2 of 6 assets failed"} {
		if !strings.Contains(text, want) {
			t.Errorf("text output lacks %q:\n%s", want, text)
		}
	}
}

func TestRunNoHorizonIsNull(t *testing.T) {
	dir := t.TempDir()
	src := `sector "s" {}
asset "a" { sector = sector.s }
asset "b" {
  sector = sector.s
  backup = "100d"
  depends_on = [asset.a]
}
scenario "x" {
  event "e" { targets = [asset.a] }
}
scenario "y" {
  event "e" { targets = [asset.b] }
}
`
	path := filepath.Join(dir, "m.hcl")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := cli(t, nil, "run", path)
	if code != exitInvalid || !strings.Contains(errOut, "x, y") {
		t.Errorf("several scenarios without --scenario: exit %d, %s", code, errOut)
	}
	out, errOut, code := cli(t, nil, "run", path, "-s", "x", "-f", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, `"horizon_s": null`) {
		t.Errorf("horizon_s is not null:\n%s", out)
	}
	r := decodeRun(t, out)
	if len(r.Failures) != 2 || r.Failures[1].AtS != 100*86400 || len(r.OnBackup) != 0 {
		t.Errorf("no horizon: failures %+v, on backup %+v", r.Failures, r.OnBackup)
	}
}

func TestRunCSVAndOutputFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.csv")
	out, errOut, code := cli(t, nil, "run", quickstart, "--format", "csv", "-o", path)
	if code != exitOK || out != "" {
		t.Fatalf("exit %d, stdout %q, stderr %s", code, out, errOut)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[0][0] != "asset" || rows[0][2] != "at_s" || rows[1][0] != "substation" || rows[1][6] != "flood" {
		t.Errorf("csv rows %v", rows)
	}
}

func TestRunDefaultExampleAndUsage(t *testing.T) {
	out, errOut, code := cli(t, nil, "run", "-f", "json")
	if code != exitOK {
		t.Fatalf("default example: exit %d: %s", code, errOut)
	}
	if r := decodeRun(t, out); len(r.Failures) == 0 {
		t.Errorf("default example: nothing fails")
	}
	if _, _, code := cli(t, nil, "run", quickstart, "--format", "xml"); code != exitUsage {
		t.Errorf("bad format: exit %d", code)
	}
	if _, _, code := cli(t, nil, "run", quickstart, "extra"); code != exitUsage {
		t.Errorf("two arguments: exit %d", code)
	}
	if _, errOut, code := cli(t, nil, "run", quickstart, "-s", "nope"); code != exitInvalid || !strings.Contains(errOut, "flood") {
		t.Errorf("unknown scenario: exit %d, %s", code, errOut)
	}
}

func TestExplain(t *testing.T) {
	out, errOut, code := cli(t, nil, "explain", quickstart, "--scenario", "flood", "hospital")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want := "hospital fails at T+1d12h: backup of 1d for \"water\" ran out after losing pumping at T+12h\n" +
		"  because pumping fails at T+12h: backup of 12h ran out after losing substation at T+0s\n" +
		"  because substation fails at T+0s: hit by physical event \"flood\"\n"
	if out != want {
		t.Errorf("explain text:\n%s\nwant:\n%s", out, want)
	}
	out, errOut, code = cli(t, nil, "explain", quickstart, "-s", "flood", "-f", "json", "hospital")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep struct {
		Asset  string `json:"asset"`
		Failed bool   `json:"failed"`
		AtS    *int64 `json:"at_s"`
		Chain  []struct {
			Asset string         `json:"asset"`
			AtS   int64          `json:"at_s"`
			Cause map[string]any `json:"cause"`
		} `json:"chain"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if !rep.Failed || rep.AtS == nil || *rep.AtS != 36*3600 || len(rep.Chain) != 3 || rep.Chain[0].Asset != "substation" || rep.Chain[2].Asset != "hospital" {
		t.Errorf("explain json %+v", rep)
	}
	out, _, code = cli(t, nil, "explain", quickstart, "-s", "flood", "--horizon", "1d", "hospital")
	if code != exitOK || !strings.Contains(out, "does not fail") || !strings.Contains(out, "runs out at T+1d12h") {
		t.Errorf("explain of an asset on backup: exit %d\n%s", code, out)
	}
	if _, errOut, code := cli(t, nil, "explain", quickstart, "-s", "flood", "nope"); code != exitInvalid || !strings.Contains(errOut, "nope") {
		t.Errorf("unknown asset: exit %d, %s", code, errOut)
	}
	if _, _, code := cli(t, nil, "explain", quickstart); code == exitOK {
		t.Errorf("explain without ASSET succeeded")
	}
}

// TestRunLabelsOperatorsCountries checks the label, operator and country of each
// failure in run's JSON and CSV, and the columns --wide adds to the text tables,
// aligned by display width for Japanese labels.
func TestRunLabelsOperatorsCountries(t *testing.T) {
	out, errOut, code := cli(t, nil, "run", quickstart, "-f", "json", "--horizon", "1d")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var r struct {
		Failures []struct{ Asset, Label, Operator, Country string } `json:"failures"`
		OnBackup []struct{ Asset, Label, Operator, Country string } `json:"on_backup"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Failures) == 0 || r.Failures[0].Asset != "substation" || r.Failures[0].Label != "Riverside substation" ||
		r.Failures[0].Operator != "city_power" || r.Failures[0].Country != "JP" {
		t.Errorf("first failure %+v", r.Failures)
	}
	if len(r.OnBackup) != 1 || r.OnBackup[0].Label == "" {
		t.Errorf("on backup %+v", r.OnBackup)
	}
	csvOut, _, _ := cli(t, nil, "run", quickstart, "-f", "csv")
	rows, err := csv.NewReader(strings.NewReader(csvOut)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := strings.Join(rows[0], ",")
	if !strings.HasPrefix(head, "asset,sector,at_s,at,compromised,cause_kind,cause,group,restored_s,down_s,outages,") ||
		!strings.HasSuffix(head, ",label,operator,country") {
		t.Errorf("CSV header %s: the old columns first, unchanged, then label, operator, country", head)
	}
	if got := strings.Join(rows[1][len(rows[1])-3:], ","); got != "Riverside substation,city_power,JP" {
		t.Errorf("CSV row %v", rows[1])
	}
	if _, errOut, code := cli(t, nil, "run", quickstart, "-f", "json", "--wide"); code != exitUsage || !strings.Contains(errOut, "--wide") {
		t.Errorf("--wide with json: exit %d, %s", code, errOut)
	}

	dir := t.TempDir()
	src := `sector "energy" { label = "電力" }
organization "tepco" {
  label   = "東京電力"
  country = "JP"
}
asset "shin_toyosu" {
  sector   = sector.energy
  label    = "新豊洲変電所"
  operator = organization.tepco
}
asset "koto" {
  sector     = sector.energy
  label      = "Koto substation"
  operator   = organization.tepco
  depends_on = [asset.shin_toyosu]
}
scenario "quake" {
  event "e" { targets = [asset.shin_toyosu] }
}
`
	if err := os.WriteFile(filepath.Join(dir, "m.hcl"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	text, errOut, code := cli(t, nil, "run", dir, "--wide")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(text, "\n")
	var table []string
	for _, l := range lines {
		if strings.HasPrefix(l, "TIME") || strings.HasPrefix(l, "T+") {
			table = append(table, l)
		}
	}
	if len(table) != 3 || !strings.Contains(table[0], "LABEL") || !strings.Contains(table[0], "OPERATOR") || !strings.Contains(table[0], "COUNTRY") ||
		!strings.Contains(text, "新豊洲変電所") || !strings.Contains(table[1], "tepco") {
		t.Fatalf("wide table:\n%s", text)
	}
	// The SECTOR column starts at the same display column on every row.
	col := -1
	for _, l := range table {
		i := strings.Index(l, "SECTOR")
		if i < 0 {
			i = strings.Index(l, "energy")
		}
		if w := uniseg.StringWidth(l[:i]); col >= 0 && w != col {
			t.Errorf("SECTOR column at display column %d, want %d:\n%s", w, col, strings.Join(table, "\n"))
		} else {
			col = w
		}
	}
}

// TestPlotFlags checks plot's --width, --height and --until: the PNG has the size
// asked, and bad lengths are usage errors.
func TestPlotFlags(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.png")
	if _, errOut, code := cli(t, nil, "plot", quickstart, "-o", path, "--width", "900px", "--height", "500px", "--until", "1d"); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil || cfg.Width != 900 || cfg.Height != 500 {
		t.Errorf("PNG %dx%d (%v), want 900x500", cfg.Width, cfg.Height, err)
	}
	for _, args := range [][]string{{"--width", "wide"}, {"--width", "1in"}, {"--height", "500in"}, {"--until", "0s"}, {"--width", "NaN"}} {
		if _, errOut, code := cli(t, nil, append([]string{"plot", quickstart, "-o", path}, args...)...); code != exitUsage {
			t.Errorf("plot %v: exit %d, %s", args, code, errOut)
		}
	}
	for _, l := range []struct {
		in   string
		want float64 // inches
	}{{"11", 11}, {"11in", 11}, {"2.54cm", 1 * 100 / 100}, {"96px", 1}, {"72pt", 1}, {"25.4mm", 1}} {
		got, err := plotLength("--width", l.in, 0)
		if err != nil || math.Abs(float64(got/vg.Inch)-l.want) > 1e-9 {
			t.Errorf("plotLength(%q) = %v in, %v; want %v in", l.in, got/vg.Inch, err, l.want)
		}
	}
}

// TestRunCompromisedAfterFailure checks that a row whose failure preceded its
// compromise says when the compromise came, instead of a bare [compromised].
func TestRunCompromisedAfterFailure(t *testing.T) {
	out, errOut, code := cli(t, nil, "run", "testdata/geojson/pacific.hcl")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "landing_jp") && !strings.Contains(l, "[compromised later, at T+2h]") {
			t.Errorf("landing_jp fails at T+1h, compromised at T+2h:\n%s", l)
		}
	}
}
