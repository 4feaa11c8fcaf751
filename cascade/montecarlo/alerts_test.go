package montecarlo

import (
	"context"
	"testing"

	"github.com/cascade-infra/cascade/model"
)

// TestBatchAlerts counts compromises and alerts on the model package's alerts fixture,
// where everything is certain, and round-trips them through the tally's encodings.
func TestBatchAlerts(t *testing.T) {
	m, diags := model.Load("../../model/testdata/valid/alerts.hcl", model.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	res, err := Run(context.Background(), m, m.Scenarios, Options{Trials: 50, Seed: 1, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := res.Tallies[0].Report(res.Infos[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range rep.Assets {
		want := map[string]float64{"exchange": 1, "billing": 0}[a.Asset] // billing is protected
		if a.PCompromised != want {
			t.Errorf("%s: p_compromised %v, want %v", a.Asset, a.PCompromised, want)
		}
	}
	want := map[string]float64{"ict_isac": 21600, "ntt_east": 21600, "kddi": 25200, "nccic": 25200}
	if len(rep.Organizations) != 4 {
		t.Fatalf("organizations %+v", rep.Organizations)
	}
	for _, o := range rep.Organizations {
		if o.PAlerted != 1 || o.Alerted != 50 || o.MeanAlertS == nil || *o.MeanAlertS != want[o.Organization] {
			t.Errorf("%+v, want p_alerted 1 at %v", o, want[o.Organization])
		}
	}
	tl := res.Tallies[0]
	back, err := decodeTallyBinary(tl.appendBinary(nil), len(m.Assets), len(m.Sectors))
	if err != nil || !back.Equal(tl) {
		t.Errorf("binary round trip: %v, equal %v", err, err == nil && back.Equal(tl))
	}
	fromJSON, err := tl.toJSON().tally(len(m.Assets), len(m.Sectors))
	if err != nil || !fromJSON.Equal(tl) {
		t.Errorf("JSON round trip: %v", err)
	}
	merged := NewTally(len(m.Assets), len(m.Sectors))
	if err := merged.Merge(tl); err != nil || !merged.Equal(tl) {
		t.Errorf("merge into an empty tally: %v", err)
	}
}
