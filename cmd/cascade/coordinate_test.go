package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// coordModel is a three-organization chain with a gap known by hand: power and
// telco share through an ISAC; the U.S. bank shares only with CISA. The grid's
// failure takes down the exchange (telco) and through it the bank's branch
// (cross-border): the one gap is bank -- telco. A channel GSOC -- CISA closes
// it through telco > isac > gsoc > cisa > bank.
const coordModel = `
sector "energy" {}
sector "telecom" {}
sector "finance" {}

organization "power" {
  country = "JP"
  kind    = "operator"
}
organization "telco" {
  country = "JP"
  kind    = "operator"
}
organization "bank" {
  country = "US"
  kind    = "operator"
}
organization "isac" {
  country     = "JP"
  kind        = "isac"
  shares_with = [organization.power, organization.telco]
}
organization "gsoc" {
  country     = "JP"
  kind        = "government"
  shares_with = [organization.isac]
}
organization "cisa" {
  country     = "US"
  kind        = "government"
  shares_with = [organization.bank]
}

asset "grid" {
  sector   = sector.energy
  operator = organization.power
}
asset "exchange" {
  sector     = sector.telecom
  operator   = organization.telco
  backup     = "4h"
  depends_on = [asset.grid]
}
asset "branch" {
  sector   = sector.finance
  operator = organization.bank
  dependency {
    on    = asset.exchange
    delay = "30m"
  }
}

scenario "blackout" {
  horizon = "1d"
  event "cut" {
    targets = [asset.grid]
  }
}
`

func writeCoordModel(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "model.hcl"), []byte(coordModel), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestCoordinateText(t *testing.T) {
	dir := writeCoordModel(t)
	out, errOut, code := cli(t, nil, "coordinate", dir, "--scenario", "blackout")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"3 assets failed; 2 cascade edges, 2 across organizations or borders",
		"Coordination for scenario blackout (horizon 1d)\n",
		"T+4h     grid -> exchange",
		"via power > isac > telco",
		"exchange -> branch",
		"telco -> bank, JP -> US",
		"NO CHANNEL",
		"Coordination gaps (1)",
		"1. bank -- telco  [US/JP]  1 cascade edge, 1 failed downstream, first at T+4h30m",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestCoordinateAddChannel(t *testing.T) {
	dir := writeCoordModel(t)
	out, errOut, code := cli(t, nil, "coordinate", dir, "--add-channel", "gsoc,cisa")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"What if: add channel gsoc -- cisa",
		"gaps before: 1, after: 0; closed 1:",
		"closed by: bank > cisa > gsoc > isac > telco",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	// JSON, before and after.
	out, errOut, code = cli(t, nil, "coordinate", dir, "--format", "json", "--add-channel", "gsoc,cisa", "--add-channel", "power,cisa")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		Scenario string  `json:"scenario"`
		Horizon  *int64  `json:"horizon_s"`
		Failed   int     `json:"failed_assets"`
		Gaps     []gapJS `json:"gaps"`
		WhatIf   *struct {
			Added  [][2]string `json:"added_channels"`
			Before int         `json:"gaps_before"`
			After  int         `json:"gaps_after"`
			Closed []gapJS     `json:"closed"`
			Open   []gapJS     `json:"open"`
		} `json:"what_if"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, out)
	}
	if doc.Scenario != "blackout" || doc.Horizon == nil || *doc.Horizon != 86400 || doc.Failed != 3 {
		t.Errorf("scenario %q horizon %v failed %d; want blackout, 86400, 3", doc.Scenario, doc.Horizon, doc.Failed)
	}
	if len(doc.Gaps) != 1 || doc.Gaps[0].A != "bank" || doc.Gaps[0].B != "telco" || doc.Gaps[0].Edges != 1 || doc.Gaps[0].Via != nil {
		t.Fatalf("gaps = %+v, want bank -- telco with 1 edge and no via (the list before)", doc.Gaps)
	}
	w := doc.WhatIf
	if w == nil || w.Before != 1 || w.After != 0 || len(w.Closed) != 1 || len(w.Open) != 0 || len(w.Added) != 2 {
		t.Fatalf("what_if = %+v", w)
	}
	// power,cisa gives a shorter chain than gsoc,cisa: bank > cisa > power > isac > telco
	// has the same length, and "power" sorts after "gsoc", so the gsoc chain is kept.
	if want := []string{"bank", "cisa", "gsoc", "isac", "telco"}; !slices.Equal(w.Closed[0].Via, want) {
		t.Errorf("via = %v, want %v", w.Closed[0].Via, want)
	}

	// Without --add-channel, what_if is null.
	out, _, _ = cli(t, nil, "coordinate", dir, "-f", "json")
	if !strings.Contains(out, `"what_if": null`) {
		t.Errorf("what_if is not null without added channels:\n%s", out)
	}
}

type gapJS struct {
	A     string   `json:"a"`
	B     string   `json:"b"`
	Edges int      `json:"edges"`
	Via   []string `json:"via"`
}

func TestCoordinateErrors(t *testing.T) {
	dir := writeCoordModel(t)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"coordinate", "a", "b"}, exitUsage, "want at most one MODEL"},
		{[]string{"coordinate", dir, "--format", "xml"}, exitUsage, `--format "xml"`},
		{[]string{"coordinate", dir, "--scenario", "nope"}, exitInvalid, `no scenario "nope"`},
		{[]string{"coordinate", dir, "--add-channel", "gsoc"}, exitUsage, "two organization names"},
		{[]string{"coordinate", dir, "--add-channel", "gsoc,cisx"}, exitInvalid, `did you mean "cisa"`},
		{[]string{"coordinate", dir, "--add-channel", "gsoc,gsoc"}, exitInvalid, "to itself"},
		{[]string{"coordinate", dir, "--diagram", "-"}, exitUsage, "--diagram"},
	}
	for _, tt := range tests {
		_, errOut, code := cli(t, nil, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("cascade %v: exit %d, stderr %q; want exit %d and %q", tt.args, code, errOut, tt.code, tt.want)
		}
	}
}

func TestCoordinateFiles(t *testing.T) {
	dir := writeCoordModel(t)
	out := filepath.Join(t.TempDir(), "report.json")
	dot := filepath.Join(t.TempDir(), "coordinate.dot")
	stdout, errOut, code := cli(t, nil, "coordinate", dir, "-f", "json", "-o", out, "--diagram", dot, "--add-channel", "gsoc,cisa")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if stdout != "" {
		t.Errorf("stdout not empty with -o: %q", stdout)
	}
	b, err := os.ReadFile(out)
	if err != nil || !json.Valid(b) {
		t.Errorf("report: %v, valid JSON %v", err, json.Valid(b))
	}
	d, err := os.ReadFile(dot)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`digraph "coordinate" {`, `"bank" -> "telco"`, "closed by proposed channel", `"gsoc" -> "cisa" [color="#2a9d8f"`} {
		if !strings.Contains(string(d), want) {
			t.Errorf("diagram lacks %q:\n%s", want, d)
		}
	}
}

// TestREADMEOutputs keeps the outputs pasted into the examples' READMEs equal to
// what the command prints for them now.
func TestREADMEOutputs(t *testing.T) {
	tests := []struct {
		readme   string
		args     []string
		fromLine string // paste starts at the line with this prefix; "" for all
	}{
		{"../../examples/us-japan/README.md", []string{"coordinate", "../../examples/us-japan", "--scenario", "tokyo_blackout", "--add-channel", "gsoc,cisa"}, ""},
		{"../../examples/us-japan/README.md", []string{"coordinate", "../../examples/us-japan", "--scenario", "fedwire_outage", "--add-channel", "gsoc,cisa"}, "What if:"},
		{"../../examples/tokyo-2020/README.md", []string{"coordinate", "../../examples/tokyo-2020", "--scenario", "combined", "--add-channel", "msp,nisc_games_cc"}, "What if:"},
		{"../../examples/tokyo-2020/README.md", []string{"run", "../../examples/tokyo-2020", "--scenario", "quake"}, "Sectors failing next:"},
		{"../../examples/tokyo-2020/README.md", []string{"explain", "../../examples/tokyo-2020", "bulk_grid", "--scenario", "blackout"}, ""},
		{"../../examples/tokyo-2020/README.md", []string{"compare", "../../examples/tokyo-2020", "--scenario", "blackout", "--mitigation", "black_start_hydro"}, "Scenario blackout"},
		{"../../examples/tokyo-2020/README.md", []string{"compare", "../../examples/tokyo-2020", "--scenario", "quake", "--mitigation", "hospital_fuel", "--mitigation", "hospital_water", "--mitigation", "koto_tie"}, "Scenario quake"},
		{"../../examples/tokyo-2020/README.md", []string{"compare", "../../examples/tokyo-2020", "--scenario", "ransomware", "--mitigation", "msp_exchange_officer", "--mitigation", "msp_second_feeder"}, ""},
		{"../../examples/tokyo-2020/README.md", []string{"run", "../../examples/tokyo-2020", "--scenario", "ransomware", "--mitigation", "msp_exchange_officer"}, "Alerts:"},
		{"../../examples/us-japan/README.md", []string{"run", "../../examples/us-japan", "--scenario", "tokyo_blackout"}, ""},
		{"../../examples/us-japan/README.md", []string{"run", "../../examples/us-japan", "--scenario", "cable_faults"}, ""},
		{"../../examples/us-japan/README.md", []string{"run", "../../examples/us-japan", "--scenario", "vpn_campaign"}, ""},
		{"../../examples/us-japan/README.md", []string{"compare", "../../examples/us-japan", "--scenario", "vpn_campaign", "--mitigation", "gsoc_nccic_exchange", "--mitigation", "isac_common_members", "--mitigation", "mpe_link"}, ""},
		{"../../examples/us-japan/README.md", []string{"run", "../../examples/us-japan", "--scenario", "vpn_campaign", "--mitigation", "gsoc_nccic_exchange"}, "Alerts:"},
	}
	for _, tt := range tests {
		b, err := os.ReadFile(tt.readme)
		if err != nil {
			t.Fatal(err)
		}
		out, errOut, code := cli(t, nil, tt.args...)
		if code != exitOK {
			t.Fatalf("cascade %v: exit %d: %s", tt.args, code, errOut)
		}
		if tt.fromLine != "" {
			i := strings.Index(out, "\n"+tt.fromLine)
			if i < 0 {
				t.Fatalf("cascade %v: no line %q in\n%s", tt.args, tt.fromLine, out)
			}
			out = out[i+1:]
		}
		if strings.Contains(string(b), "```\n"+out+"```\n") {
			continue
		}
		t.Errorf("%s does not hold the current output of cascade %s; paste it again:\n%s",
			tt.readme, strings.Join(tt.args, " "), out)
	}
}
