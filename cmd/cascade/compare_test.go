package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestCompare compares the tokyo-2020 example with two of its mitigations and their
// combination, deterministically and with paired trials, and checks the plan, the rows
// and the pairing (the baseline's own differences are exactly zero).
func TestCompare(t *testing.T) {
	out, errs, code := cli(t, nil, "compare", "../../examples/tokyo-2020", "--scenario", "quake",
		"--mitigation", "koto_tie", "--mitigation", "hospital_fuel+hospital_water",
		"--trials", "300", "--seed", "3", "--format", "json", "--no-cache")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "Mitigation hospital_fuel + hospital_water: 4 changes") ||
		!strings.Contains(errs, "~ asset.hospital_bay.needs.power.backup: 3d -> 5d") {
		t.Errorf("no plan on stderr:\n%s", errs)
	}
	var c struct {
		Scenario string `json:"scenario"`
		Baseline struct {
			Failed int      `json:"failed"`
			LossS  *float64 `json:"loss_s"`
		} `json:"baseline"`
		Trials   int64 `json:"trials"`
		Variants []struct {
			Variant     string   `json:"variant"`
			Mitigations []string `json:"mitigations"`
			Failed      int      `json:"failed"`
			Delta       struct {
				Failed int `json:"failed"`
			} `json:"delta"`
			Paired *struct {
				Failed struct {
					Mean float64 `json:"mean"`
					High float64 `json:"ci_high"`
				} `json:"failed_diff"`
				Loss *struct {
					Mean float64 `json:"mean"`
				} `json:"loss_s_diff"`
			} `json:"paired"`
		} `json:"variants"`
	}
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if c.Scenario != "quake" || c.Trials != 300 || len(c.Variants) != 2 || c.Baseline.LossS == nil {
		t.Fatalf("comparison %+v", c)
	}
	if k := c.Variants[0]; k.Delta.Failed >= 0 || k.Paired == nil || !(k.Paired.Failed.High < 0) {
		t.Errorf("the Koto tie should save assets, deterministically and in the trials: %+v", k)
	}
	v := c.Variants[1]
	if v.Variant != "hospital_fuel+hospital_water" || len(v.Mitigations) != 2 || v.Delta.Failed != v.Failed-c.Baseline.Failed {
		t.Errorf("variant %+v", v)
	}
	if v.Paired == nil || v.Paired.Loss == nil || v.Paired.Loss.Mean > 0 {
		t.Errorf("more fuel and water should never lose more service in the trials: %+v", v.Paired)
	}
	if k := c.Variants[0]; k.Paired == nil || k.Paired.Loss == nil || !(k.Paired.Loss.Mean < 0) {
		t.Errorf("the Koto tie should lose less service in the trials: %+v", k.Paired)
	}

	text, _, code := cli(t, nil, "compare", "../../examples/tokyo-2020", "--scenario", "quake", "--mitigation", "hospital_fuel", "--mitigation", "koto_tie", "--no-cache")
	if code != 0 || !strings.Contains(text, "Mitigation hospital_fuel: 2 changes") || !strings.Contains(text, "\nhospital_fuel  ") ||
		!strings.Contains(text, "saves: aquatics_centre, ") {
		t.Errorf("text output (exit %d):\n%s", code, text)
	}
	for _, args := range [][]string{
		{"compare", "../../examples/tokyo-2020", "--scenario", "combined"},
		{"compare", "../../examples/tokyo-2020", "--mitigation", "hospital_fuel", "--trials", "1", "--scenario", "combined"},
	} {
		if _, _, code := cli(t, nil, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if _, errs, code := cli(t, nil, "compare", "../../examples/tokyo-2020", "--scenario", "combined", "--mitigation", "hospital_feul", "--no-cache"); code != 1 || !strings.Contains(errs, `Did you mean "hospital_fuel"?`) {
		t.Errorf("unknown mitigation: exit %d\n%s", code, errs)
	}
}
