package render

import (
	"cmp"
	"slices"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
)

// Outcome is what the impact, sequence and explain views draw: the result of one
// deterministic run of a scenario, in the terms of docs/semantics.md. It is the
// render package's own view of an engine result (see FromResult), so that
// diagrams can be drawn and tested without running the engine.
type Outcome struct {
	Scenario *model.Scenario
	Horizon  int64          // seconds; cascade.Never when the run had none
	Assets   []AssetOutcome // by model.Asset.Index
	// Sectors by model.Sector.Index; when nil, SectorOutcomes computes them
	// from Assets.
	Sectors []SectorOutcome

	// Restoration says the run resolved restoration (cascade.Result.Restoration):
	// failed assets may have come back, as their Down stretches say.
	Restoration bool
	// Repairs are the repair jobs of the assets whose operator has crews
	// (cascade.Result.Repairs), in the engine's order.
	Repairs []RepairJob

	// Alerts and Protected are the run's alerts and protections
	// (cascade.Result.AlertReports), for the coordinate view; empty without detect.
	Alerts    []cascade.AlertReport
	Protected []cascade.ProtectedReport
}

// RepairJob is one repair job of an asset whose operator has crews: it waits
// for a crew from Damaged to Start, and is under repair from Start to End.
type RepairJob struct {
	Asset        *model.Asset
	Organization *model.Organization
	Damaged      int64 // seconds: when the damage began
	Start        int64 // seconds: when a crew started it, or cascade.Never while it waits at the horizon
	End          int64 // seconds: when it ended, or cascade.Never when it ends after the horizon
}

// AssetOutcome is the fate of one asset in a run.
type AssetOutcome struct {
	Failed        bool
	At            int64 // seconds from the start at which it failed, when Failed
	Compromised   bool
	CompromisedAt int64 // seconds, when Compromised
	Cause         Cause // why it failed, when Failed
	OnBackup      bool  // running on backup at the horizon
	Since         int64 // seconds: when it lost supply, when OnBackup
	RunsOut       int64 // seconds: when its backup runs out (cascade.Never if beyond int64), when OnBackup
	// Down lists its down stretches in time order, when Failed (the first starts
	// at At; an End of cascade.Never is still down at the horizon). Nil means the
	// one permanent stretch [At, Never).
	Down []cascade.Stretch
}

// Cause is why an asset failed: an event hit it, a compromise reached it from a
// supplier over a cyber dependency, or it lost the supply of some suppliers.
type Cause struct {
	Event       *model.Event   // the event that hit it, or nil
	Compromise  *model.Asset   // the compromised supplier whose compromise reached it, or nil
	Suppliers   []*model.Asset // the suppliers whose loss failed it, sorted by Index
	SupplyGroup string         // the name of the supply group that failed ("" for the asset's own)
}

// SectorOutcome is the fate of one sector in a run.
type SectorOutcome struct {
	FirstImpact    int64   // seconds of its first failed asset, or Never
	FailedAt       int64   // seconds at which its failed fraction reached its threshold, or Never
	FailedFraction float64 // fraction 0–1 of its weight failed at the end of the run
	DownFraction   float64 // fraction 0–1 of its weight down at the horizon (the end of the run)
	RestoredAt     int64   // seconds: for a sector that failed and is below its threshold at the horizon, the start of its final stretch below it; else Never
	Loss           float64 // seconds of the whole sector's service lost over [0, horizon): the area under its down fraction; 0 without a horizon
}

// SectorOutcomes returns o.Sectors, or computes them from the assets' failure
// times and down stretches as docs/semantics.md defines them when o.Sectors is nil.
func (o *Outcome) SectorOutcomes(m *model.Model) []SectorOutcome {
	if o.Sectors != nil {
		return o.Sectors
	}
	out := make([]SectorOutcome, len(m.Sectors))
	for _, s := range m.Sectors {
		so := SectorOutcome{FirstImpact: cascade.Never, FailedAt: cascade.Never, RestoredAt: cascade.Never}
		for _, st := range o.FractionSteps(m, s) {
			so.FailedFraction = st.Fraction
		}
		below := int64(0)
		for i, st := range o.DownSteps(m, s) {
			if i == 0 {
				so.FirstImpact = st.At
			}
			reach := st.failed > 0 && cascade.SectorFails(s.Threshold, st.total, st.weight, st.failed, st.count)
			if so.FailedAt == cascade.Never && reach {
				so.FailedAt = st.At
			}
			if reach {
				below = cascade.Never
			} else if below == cascade.Never {
				below = st.At
			}
			so.DownFraction = st.Fraction
		}
		if so.FailedAt != cascade.Never && below != cascade.Never {
			so.RestoredAt = below
		}
		so.Loss = o.loss(o.DownSteps(m, s))
		out[s.Index] = so
	}
	return out
}

// loss returns the area under the down-fraction steps over [0, horizon), in
// seconds; 0 without a horizon.
func (o *Outcome) loss(steps []Step) float64 {
	h := o.Horizon
	if h == cascade.Never {
		return 0
	}
	var l float64
	for i, st := range steps {
		end := h
		if i+1 < len(steps) {
			end = min(steps[i+1].At, h)
		}
		if st.At < end {
			l += st.Fraction * float64(end-st.At)
		}
	}
	return l
}

// Stretches returns the down stretches of asset a (AssetOutcome.Down, or the one
// stretch [At, Never) of a permanent failure); nil when it did not fail.
func (o *Outcome) Stretches(a *model.Asset) []cascade.Stretch {
	ao := o.Assets[a.Index]
	switch {
	case !ao.Failed:
		return nil
	case ao.Down != nil:
		return ao.Down
	}
	return []cascade.Stretch{{Start: ao.At, End: cascade.Never}}
}

// Restored returns, for an asset that failed and works at the horizon, the
// first second of its final working stretch; cascade.Never for an asset down at
// the horizon or never failed.
func (o *Outcome) Restored(a *model.Asset) int64 {
	ss := o.Stretches(a)
	if len(ss) == 0 {
		return cascade.Never
	}
	return ss[len(ss)-1].End
}

// Step is a point where a sector's failed (or down) fraction changes.
type Step struct {
	At       int64   // seconds from the start
	Fraction float64 // failed (or down) fraction 0–1 from At on

	// for the sector rule: the failed weight and assets from At on, of total and count
	weight, total float64
	failed, count int
}

// FractionSteps returns the failed fraction of sector s over time: one step per
// distinct failure time of its assets, in time order. A sector without failures
// or without weight has no steps.
func (o *Outcome) FractionSteps(m *model.Model, s *model.Sector) []Step {
	type fail struct {
		at     int64
		weight float64
	}
	var total float64
	var count int
	var fails []fail
	for _, a := range m.Assets {
		if a.Sector != s {
			continue
		}
		total += a.Weight
		count++
		if ao := o.Assets[a.Index]; ao.Failed {
			fails = append(fails, fail{ao.At, a.Weight})
		}
	}
	if total <= 0 || len(fails) == 0 {
		return nil
	}
	slices.SortStableFunc(fails, func(x, y fail) int {
		switch {
		case x.at < y.at:
			return -1
		case x.at > y.at:
			return 1
		}
		return 0
	})
	var steps []Step
	var sum float64
	for i, f := range fails {
		sum += f.weight
		if i+1 < len(fails) && fails[i+1].at == f.at {
			continue
		}
		steps = append(steps, Step{At: f.at, Fraction: min(sum/total, 1), weight: sum, total: total, failed: i + 1, count: count})
	}
	return steps
}

// DownSteps returns the down fraction of sector s over time: one step per
// distinct second at which one of its assets goes down or comes back, in time
// order (Fraction exactly 0 when none is down and 1 when all are). Without
// restoration it is FractionSteps. A sector without failures or without weight
// has no steps.
func (o *Outcome) DownSteps(m *model.Model, s *model.Sector) []Step {
	type change struct {
		at     int64
		weight float64 // negative: the asset comes back
		n      int
	}
	var total float64
	var count int
	var ch []change
	for _, a := range m.Assets {
		if a.Sector != s {
			continue
		}
		total += a.Weight
		count++
		for _, st := range o.Stretches(a) {
			ch = append(ch, change{st.Start, a.Weight, 1})
			if st.End != cascade.Never {
				ch = append(ch, change{st.End, -a.Weight, -1})
			}
		}
	}
	if total <= 0 || len(ch) == 0 {
		return nil
	}
	slices.SortStableFunc(ch, func(x, y change) int { return cmp.Compare(x.at, y.at) })
	var steps []Step
	var sum float64
	down := 0
	for i, c := range ch {
		sum += c.weight
		down += c.n
		if i+1 < len(ch) && ch[i+1].at == c.at {
			continue
		}
		f := min(max(sum/total, 0), 1)
		switch down {
		case 0:
			f = 0
		case count:
			f = 1
		}
		steps = append(steps, Step{At: c.at, Fraction: f, weight: sum, total: total, failed: down, count: count})
	}
	return steps
}

// affected reports whether the run touched asset a at all: failed, compromised or
// on backup.
func (o *Outcome) affected(a *model.Asset) bool {
	ao := o.Assets[a.Index]
	return ao.Failed || ao.Compromised || ao.OnBackup
}

// lastTime returns the time of the last failure or compromise, or 0.
func (o *Outcome) lastTime() int64 {
	var t int64
	for _, ao := range o.Assets {
		if ao.Failed {
			t = max(t, ao.At)
		}
	}
	return t
}
