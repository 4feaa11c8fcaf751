package report

import (
	"html/template"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
	"github.com/cascade-infra/cascade/provenance"
	"github.com/cascade-infra/cascade/render"
)

// TestRestorationAndAlerts checks that a report shows the restoration columns
// (restored, down time, outages; per sector restored, down share and service
// lost) and the alerts (alerted organizations, protected assets) where the run
// has them, and neither where it has not.
func TestRestorationAndAlerts(t *testing.T) {
	tests := []struct {
		name, dir, scenario       string
		restoration, alerts, prot bool
	}{
		{"tokyo combined", "../examples/tokyo-2020", "combined", true, true, false},
		{"coordinate fixture", "../cmd/cascade/testdata/coordinate", "ransomware", false, true, true},
		{"quickstart flood", "../examples/quickstart", "flood", false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, diags := model.Load(filepath.Clean(tt.dir), model.Options{})
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			res, err := cascade.RunScenario(m, m.Scenario(tt.scenario), cascade.Options{})
			if err != nil {
				t.Fatal(err)
			}
			rep := res.Report()
			if rep.Restoration != tt.restoration || res.Network().HasAlerts() != tt.alerts || (len(rep.Protected) > 0) != tt.prot {
				t.Fatalf("fixture changed: restoration %v, alerts %v, %d protected", rep.Restoration, res.Network().HasAlerts(), len(rep.Protected))
			}
			page := string(write(t, &Input{Result: res, ImpactNote: "none", Provenance: provenance.Info{Scenario: tt.scenario}}))
			has := func(s string) bool { return strings.Contains(page, s) }
			// html/template writes text with + as &#43;.
			esc := func(s string) string { return strings.ReplaceAll(template.HTMLEscapeString(s), "+", "&#43;") }
			if got := has(`<button type="button">Service lost</button>`) && has(`<button type="button">Restored</button>`) &&
				has("Sector service lost"); got != tt.restoration {
				t.Errorf("restoration columns shown %v, want %v", got, tt.restoration)
			}
			if tt.restoration {
				for _, s := range rep.Sectors {
					if s.LossS != nil && !has(">"+esc(lossText(s.LossS))+"</td>") {
						t.Errorf("sector %s: no service lost %s", s.Sector, lossText(s.LossS))
					}
				}
				restored, outages := 0, 0
				for _, f := range rep.Failures {
					if f.RestoredS != nil {
						restored++
						if !has(`<td data-sort="` + itoa(*f.RestoredS) + `">` + esc(render.Tplus(*f.RestoredS)) + "</td>") {
							t.Errorf("failure of %s: no restored %s", f.Asset, render.Tplus(*f.RestoredS))
						}
					}
					if f.Outages > 1 {
						outages++
					}
				}
				if restored == 0 || outages == 0 || !has(" outages)") {
					t.Errorf("fixture: %d restored failures, %d with several outages; want some of each shown", restored, outages)
				}
			}
			if got := has(`id="alerts"`); got != tt.alerts {
				t.Errorf("alerts section shown %v, want %v", got, tt.alerts)
			}
			for _, a := range rep.Alerts {
				if !has(esc(alertChain(m, a))) {
					t.Errorf("alert of %s: no chain %q", a.Organization, alertChain(m, a))
				}
			}
			for _, p := range rep.Protected {
				if !has(`<td data-sort="` + itoa(p.AttemptedS) + `">` + esc(render.Tplus(p.AttemptedS)) + `</td><td><code>` + esc(p.Asset) + `</code>`) {
					t.Errorf("protected %s not listed", p.Asset)
				}
			}
		})
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
