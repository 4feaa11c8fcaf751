package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sweepModel = "testdata/sweep/model.hcl"

// TestSweepGolden pins sweep's text, JSON and CSV on testdata/sweep (rewritten with
// -update): a duration swept deterministically, a number with paired trials.
func TestSweepGolden(t *testing.T) {
	for _, c := range []struct {
		golden string
		args   []string
	}{
		{"fuel.txt", []string{"sweep", sweepModel, "--var", "fuel=0s,12h,2d,5d"}},
		{"fuel.json", []string{"sweep", sweepModel, "--var", "fuel=0s,12h,2d,5d", "--format", "json"}},
		{"risk.txt", []string{"sweep", sweepModel, "--var", "fuel=5d", "--var", "feeder_risk=0, 0.5, 1", "--trials", "500", "--seed", "7"}},
		{"risk.csv", []string{"sweep", sweepModel, "--var", "feeder_risk=0,0.5,1", "--trials", "500", "--seed", "7", "--format", "csv"}},
	} {
		t.Run(c.golden, func(t *testing.T) {
			out, errOut, code := cli(t, nil, append(c.args, "--no-cache")...)
			out = stableBuild(out)
			if code != exitOK || errOut != "" {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			path := filepath.Join("testdata", "sweep", c.golden)
			if *update {
				if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if out != string(want) {
				t.Errorf("output differs from %s (-update):\n%s", path, out)
			}
		})
	}
}

type sweepJSON struct {
	Variable string `json:"variable"`
	Kind     string `json:"kind"`
	Rows     []struct {
		Value  string   `json:"value"`
		X      float64  `json:"x"`
		Failed int      `json:"failed"`
		LossS  *float64 `json:"loss_s"`
		Saved  []string `json:"saved"`
		Means  *struct {
			Failed struct {
				Mean float64 `json:"mean"`
			} `json:"failed"`
			Sectors []struct {
				Sector string  `json:"sector"`
				PFail  float64 `json:"p_fail"`
			} `json:"sectors"`
		} `json:"means"`
	} `json:"rows"`
}

// TestSweepAgreesWithRunAndBatch checks every row of a sweep with trials against run
// and batch of the same value: the worst case's failures and service lost, and the
// trials' mean of failed assets and sectors' p_fail (the same seed draws the same
// numbers); and that the output does not depend on --workers.
func TestSweepAgreesWithRunAndBatch(t *testing.T) {
	args := []string{"sweep", sweepModel, "--var", "feeder_risk=0.2,0.9,0.5", "--var", "fuel=1d", "--trials", "400", "--seed", "3", "--format", "json", "--no-cache"}
	out, errOut, code := cli(t, nil, append(args, "--workers", "1")...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if out3, _, _ := cli(t, nil, append(args, "--workers", "3")...); out3 != out {
		t.Errorf("--workers 3 gives another output:\n%s\nthan 1:\n%s", out3, out)
	}
	var s sweepJSON
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	if s.Variable != "feeder_risk" || s.Kind != "number" || len(s.Rows) != 3 || s.Rows[1].X != 0.9 {
		t.Fatalf("sweep %+v", s)
	}
	for _, r := range s.Rows {
		vars := []string{"--var", "feeder_risk=" + r.Value, "--var", "fuel=1d", "--no-cache"}
		out, _, code := cli(t, nil, append([]string{"run", sweepModel, "--format", "json"}, vars...)...)
		if code != exitOK {
			t.Fatalf("run: exit %d", code)
		}
		var run struct {
			Summary struct {
				Failed int      `json:"failed_assets"`
				LossS  *float64 `json:"loss_s"`
			} `json:"summary"`
		}
		if err := json.Unmarshal([]byte(out), &run); err != nil {
			t.Fatal(err)
		}
		if run.Summary.Failed != r.Failed || run.Summary.LossS == nil || r.LossS == nil || *run.Summary.LossS != *r.LossS {
			t.Errorf("value %s: sweep %d failed, loss %v; run %+v", r.Value, r.Failed, r.LossS, run.Summary)
		}
		out, _, code = cli(t, nil, append([]string{"batch", sweepModel, "--format", "json", "--trials", "400", "--seed", "3", "-q"}, vars...)...)
		if code != exitOK {
			t.Fatalf("batch: exit %d", code)
		}
		var b struct {
			FailedAssets struct {
				Mean float64 `json:"mean"`
			} `json:"failed_assets"`
			Sectors []struct {
				Sector string  `json:"sector"`
				PFail  float64 `json:"p_fail"`
			} `json:"sectors"`
		}
		if err := json.Unmarshal([]byte(out), &b); err != nil {
			t.Fatal(err)
		}
		if r.Means == nil || r.Means.Failed.Mean != b.FailedAssets.Mean {
			t.Errorf("value %s: sweep's mean failed %+v, batch's %v", r.Value, r.Means, b.FailedAssets.Mean)
			continue
		}
		for i, sec := range b.Sectors {
			if got := r.Means.Sectors[i]; got.Sector != sec.Sector || got.PFail != sec.PFail {
				t.Errorf("value %s sector %s: sweep p_fail %v, batch %v", r.Value, sec.Sector, got.PFail, sec.PFail)
			}
		}
	}
}

// TestSweepPlot draws a sweep and a comparison in each plot format, and a sweep of
// text values.
func TestSweepPlot(t *testing.T) {
	dir := t.TempDir()
	for _, ext := range []string{"svg", "png", "pdf"} {
		path := filepath.Join(dir, "fuel."+ext)
		if _, errOut, code := cli(t, nil, "sweep", sweepModel, "--var", "fuel=0s,12h,2d,5d", "--trials", "50", "--plot", path, "--metric", "loss_s", "--no-cache", "--format", "json"); code != exitOK {
			t.Fatalf("%s: exit %d: %s", ext, code, errOut)
		}
		cmp := filepath.Join(dir, "cmp."+ext)
		if _, errOut, code := cli(t, nil, "compare", "../../examples/tokyo-2020", "--scenario", "quake", "--mitigation", "koto_tie", "--trials", "20", "--plot", cmp, "--no-cache"); code != exitOK {
			t.Fatalf("compare %s: exit %d: %s", ext, code, errOut)
		}
		for _, p := range []string{path, cmp} {
			if fi, err := os.Stat(p); err != nil || fi.Size() < 1000 {
				t.Errorf("%s: %v, %v", p, fi, err)
			}
		}
	}
	svg, _ := os.ReadFile(filepath.Join(dir, "fuel.svg"))
	for _, want := range []string{"Sector service lost against fuel", "fuel (days)", "worst case", "mean of 50 trials"} {
		if !strings.Contains(string(svg), want) {
			t.Errorf("the sweep's SVG lacks %q", want)
		}
	}
	svg, _ = os.ReadFile(filepath.Join(dir, "cmp.svg"))
	for _, want := range []string{"failed assets", "koto_tie", "baseline", "sector service lost (days)", "20 paired trials"} {
		if !strings.Contains(string(svg), want) {
			t.Errorf("compare's SVG lacks %q", want)
		}
	}
	text := filepath.Join(dir, "text.svg")
	if _, errOut, code := cli(t, nil, "sweep", "../../model/testdata/valid/variables.hcl", "--var", "generator_fuel=1h,1d", "--var", "anything=x,y,z", "--no-cache"); code != exitUsage {
		t.Errorf("two swept variables: exit %d: %s", code, errOut)
	}
	if _, errOut, code := cli(t, nil, "sweep", sweepModel, "--var", "fuel=6h,soon,2d", "--plot", text, "--no-cache"); code != exitInvalid || !strings.Contains(errOut, "with fuel=soon") {
		t.Errorf("a bad value: exit %d: %s", code, errOut)
	}
}

// TestSweepUsage checks the usage errors (exit 2) and a variable the model lacks (1).
func TestSweepUsage(t *testing.T) {
	for _, args := range [][]string{
		{"sweep", sweepModel},
		{"sweep", sweepModel, "--var", "fuel=1h,,2h"},
		{"sweep", sweepModel, "--var", "fuel=1h,2h", "--var", "feeder_risk=0,1"},
		{"sweep", sweepModel, "--var", "fuel=1h,2h", "--var", "fuel=3h"},
		{"sweep", sweepModel, "--var", "fuel=1h,2h", "--metric", "deaths"},
		{"sweep", sweepModel, "--var", "fuel=1h,2h", "--plot", "x.gif"},
		{"sweep", sweepModel, "--var", "fuel=1h,2h", "--trials", "1"},
		{"sweep", sweepModel, sweepModel, "--var", "fuel=1h,2h"},
		{"sweep", sweepModel, "--var", "fuel=1h,2h", "--plot", "-"},
	} {
		if _, errOut, code := cli(t, nil, append(args, "--no-cache")...); code != exitUsage {
			t.Errorf("%v: exit %d, want 2: %s", args, code, errOut)
		}
	}
	if _, errOut, code := cli(t, nil, "sweep", sweepModel, "--var", "fuell=1h,2h", "--no-cache"); code != exitInvalid || !strings.Contains(errOut, "fuell") {
		t.Errorf("an undeclared variable: exit %d: %s", code, errOut)
	}
}

// TestSweepMitigation sweeps the model with --mitigation: the plan comes first (on
// stdout ahead of text, on stderr with JSON), every row is that of run --mitigation
// with the value, and the mitigation changes the rows; an unknown mitigation is one
// error (with its "did you mean"), not one per value.
func TestSweepMitigation(t *testing.T) {
	const plan = "Mitigation clinic_fuel: 1 change\n  ~ asset.clinic.needs.power.backup: 4h -> 1d\n"
	args := []string{"sweep", sweepModel, "--var", "fuel=0s,2d,5d", "--no-cache"}
	text, errOut, code := cli(t, nil, append(args, "--mitigation", "clinic_fuel")...)
	if code != exitOK || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	plain, _, _ := cli(t, nil, args...)
	if !strings.HasPrefix(text, plan+"\n") || strings.Contains(plain, "Mitigation") {
		t.Errorf("text output does not start with the plan:\n%s", text)
	}
	out, errOut, code := cli(t, nil, append(args, "--mitigation", "clinic_fuel", "--format", "json")...)
	if code != exitOK || errOut != plan {
		t.Fatalf("json: exit %d, stderr %q, want the plan", code, errOut)
	}
	var s, base sweepJSON
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	out, _, _ = cli(t, nil, append(args, "--format", "json")...)
	if err := json.Unmarshal([]byte(out), &base); err != nil {
		t.Fatal(err)
	}
	changed := false
	for i, r := range s.Rows {
		out, _, code := cli(t, nil, "run", sweepModel, "--format", "json", "--var", "fuel="+r.Value, "--mitigation", "clinic_fuel", "--no-cache")
		if code != exitOK {
			t.Fatalf("run: exit %d", code)
		}
		var run struct {
			Summary struct {
				Failed int      `json:"failed_assets"`
				LossS  *float64 `json:"loss_s"`
			} `json:"summary"`
		}
		if err := json.Unmarshal([]byte(out), &run); err != nil {
			t.Fatal(err)
		}
		if run.Summary.Failed != r.Failed || run.Summary.LossS == nil || r.LossS == nil || *run.Summary.LossS != *r.LossS {
			t.Errorf("value %s: sweep %d failed, loss %v; run --mitigation %+v", r.Value, r.Failed, r.LossS, run.Summary)
		}
		changed = changed || r.Failed != base.Rows[i].Failed || *r.LossS != *base.Rows[i].LossS
	}
	if !changed {
		t.Errorf("the mitigation changed no row: %+v", s.Rows)
	}
	_, errOut, code = cli(t, nil, append(args, "--mitigation", "clinic_fue")...)
	if code != exitInvalid || strings.Count(errOut, `No mitigation "clinic_fue"`) != 1 || !strings.Contains(errOut, `Did you mean "clinic_fuel"`) {
		t.Errorf("an unknown mitigation: exit %d:\n%s", code, errOut)
	}
}
