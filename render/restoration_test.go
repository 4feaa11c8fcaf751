package render

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
)

// restorationRun loads testdata/restoration.hcl — a storm, one repair crew for two
// substations, an aftershock, a tower never repaired — and runs its scenario; with
// strip, without any repair or recover, so that every failure is permanent.
func restorationRun(t *testing.T, strip bool) (*model.Model, *cascade.Result, *Outcome) {
	t.Helper()
	m, diags := model.Load(filepath.Join("testdata", "restoration.hcl"), model.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if strip {
		for _, a := range m.Assets {
			a.Repair, a.Recover = 0, 0
		}
	}
	net, err := cascade.Compile(m)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := net.Scenario("storm")
	if err != nil {
		t.Fatal(err)
	}
	r := net.Run(sc, cascade.Options{})
	if r.Restoration() == strip {
		t.Fatalf("restoration %v with strip %v", r.Restoration(), strip)
	}
	o, err := FromResult(r)
	if err != nil {
		t.Fatal(err)
	}
	return m, r, o
}

// golden compares got with testdata/name, rewriting it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
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
		t.Errorf("%s differs from the golden file; run go test ./render -update and review the diff", path)
	}
}

func TestGoldenRestoration(t *testing.T) {
	m, _, o := restorationRun(t, false)
	d, err := Draw(&Input{Model: m, Outcome: o}, Options{View: "impact"})
	if err != nil {
		t.Fatal(err)
	}
	got := d.Graph.Bytes()
	parseDOT(t, got)
	for _, want := range []string{"restored T+1d18h, down 1d in 2 outages", "still down at the horizon", "green outline: restored by the horizon", "black outline: still down at the horizon"} {
		if !bytes.Contains(got, []byte(want)) {
			t.Errorf("impact view lacks %q", want)
		}
	}
	golden(t, "impact_restoration.dot", got)
	for _, k := range PlotKinds() {
		var b bytes.Buffer
		if err := k.Draw(m, o, "svg", &b, PlotOptions{}); err != nil {
			t.Fatal(err)
		}
		golden(t, "plot_"+k.Name+"_restoration.svg", b.Bytes())
		var again bytes.Buffer
		if err := k.Draw(m, o, "svg", &again, PlotOptions{}); err != nil || !bytes.Equal(again.Bytes(), b.Bytes()) {
			t.Errorf("%s: drawing twice gave different SVG (%v)", k.Name, err)
		}
	}
}

// TestDownStepsWithoutRestoration: for a run without restoration the down
// fraction of each sector is today's failed fraction, step for step, in the
// render package and in the engine.
func TestDownStepsWithoutRestoration(t *testing.T) {
	check := func(t *testing.T, m *model.Model, o *Outcome, r *cascade.Result) {
		n := 0
		for _, s := range m.Sectors {
			down, failed := o.DownSteps(m, s), o.FractionSteps(m, s)
			if !reflect.DeepEqual(down, failed) {
				t.Errorf("sector %s: down steps %+v, failed steps %+v", s.Name, down, failed)
			}
			n += len(down)
			if r == nil {
				continue
			}
			series := r.SectorDownSeries(int32(s.Index))
			if len(series) != len(failed) {
				t.Fatalf("sector %s: engine series %+v, failed steps %+v", s.Name, series, failed)
			}
			for i, st := range series {
				if st.T != failed[i].At || st.Fraction != failed[i].Fraction {
					t.Errorf("sector %s step %d: engine %+v, failed %+v", s.Name, i, st, failed[i])
				}
			}
		}
		if n == 0 {
			t.Error("no sector failed")
		}
	}
	t.Run("engine", func(t *testing.T) {
		m, r, o := restorationRun(t, true)
		check(t, m, o, r)
	})
	t.Run("fixture", func(t *testing.T) {
		f := newFixture()
		check(t, f.m, f.floodOutcome(), nil)
		check(t, f.m, f.ransomOutcome(), nil)
	})
}

// TestDownStepsWithRestoration holds the render package's down steps, computed
// from the assets' stretches, against the engine's series and the sectors' loss.
func TestDownStepsWithRestoration(t *testing.T) {
	m, r, o := restorationRun(t, false)
	outs := o.SectorOutcomes(m)
	computed := (&Outcome{Scenario: o.Scenario, Horizon: o.Horizon, Assets: o.Assets, Restoration: true}).SectorOutcomes(m)
	for _, s := range m.Sectors {
		steps, series := o.DownSteps(m, s), r.SectorDownSeries(int32(s.Index))
		if len(steps) != len(series) {
			t.Fatalf("sector %s: steps %+v, engine %+v", s.Name, steps, series)
		}
		for i := range steps {
			if steps[i].At != series[i].T || math.Abs(steps[i].Fraction-series[i].Fraction) > 1e-12 {
				t.Errorf("sector %s step %d: %+v, engine %+v", s.Name, i, steps[i], series[i])
			}
		}
		got, want := computed[s.Index], outs[s.Index]
		if got.FirstImpact != want.FirstImpact || got.FailedAt != want.FailedAt || got.RestoredAt != want.RestoredAt ||
			math.Abs(got.Loss-want.Loss) > 1e-6 || math.Abs(got.DownFraction-want.DownFraction) > 1e-12 || math.Abs(got.FailedFraction-want.FailedFraction) > 1e-12 {
			t.Errorf("sector %s: computed %+v, engine %+v", s.Name, got, want)
		}
	}
	water := m.Sector("water")
	if steps := o.DownSteps(m, water); len(steps) != 4 || steps[len(steps)-1].Fraction != 0 {
		t.Errorf("water: steps %+v, want down, up, down, up", steps)
	}
}

// TestGanttBars: the Gantt chart has a row per asset that failed, whose down
// bars are the run's outages — as many as Outages, as long in all as DownTime —
// and whose job bars are the run's repair jobs.
func TestGanttBars(t *testing.T) {
	m, r, o := restorationRun(t, false)
	rows := o.GanttRows(m)
	bars := ganttBars(rows, o.Horizon)
	h := r.Horizon()
	var failed, jobs int
	for _, a := range m.Assets {
		if r.Failed(int32(a.Index)) {
			failed++
		}
	}
	if len(rows) != failed {
		t.Fatalf("%d rows, %d assets failed", len(rows), failed)
	}
	for i, row := range rows {
		a := int32(row.Asset.Index)
		var n int32
		var down int64
		var open bool
		for _, b := range bars {
			if b.Row != i {
				continue
			}
			switch b.Kind {
			case barDown:
				n++
				down += b.To - b.From
				open = open || b.Open
				if b.Index != row.Asset.Sector.Index {
					t.Errorf("%s: a down bar in the colour of sector %d", row.Asset.Name, b.Index)
				}
			case barRepair:
				jobs++
			}
		}
		if n != r.Outages(a) || down != r.DownTime(a) || open != r.DownAtHorizon(a) {
			t.Errorf("%s: %d down bars of %ds (open %v); the run: %d outages, %ds down, down at the horizon %v",
				row.Asset.Name, n, down, open, r.Outages(a), r.DownTime(a), r.DownAtHorizon(a))
		}
		if want := r.DownStretches(a); !reflect.DeepEqual(row.Down, want) {
			t.Errorf("%s: row stretches %v, the run's %v", row.Asset.Name, row.Down, want)
		}
	}
	if jobs != len(r.Repairs()) || jobs != 3 {
		t.Errorf("%d repair bars, the run has %d repair jobs (want 3)", jobs, len(r.Repairs()))
	}
	// The crew's queue: substation_b waits for substation_a's job, then starts.
	if rows[0].Asset.Name != "substation_a" || rows[1].Asset.Name != "substation_b" {
		t.Fatalf("rows start %s, %s; want the crewed substations first", rows[0].Asset.Name, rows[1].Asset.Name)
	}
	b := rows[1].Jobs[0]
	if b.Damaged != 0 || b.Start != rows[0].Jobs[0].End || b.End != b.Start+6*hour || h != 2*day {
		t.Errorf("substation_b's job %+v, substation_a's %+v", b, rows[0].Jobs[0])
	}
}
