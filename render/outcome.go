package render

import (
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
}

// SectorOutcomes returns o.Sectors, or computes them from the asset failure times
// as docs/semantics.md defines them when o.Sectors is nil.
func (o *Outcome) SectorOutcomes(m *model.Model) []SectorOutcome {
	if o.Sectors != nil {
		return o.Sectors
	}
	out := make([]SectorOutcome, len(m.Sectors))
	for _, s := range m.Sectors {
		steps := o.FractionSteps(m, s)
		so := SectorOutcome{FirstImpact: cascade.Never, FailedAt: cascade.Never}
		for _, st := range steps {
			if so.FirstImpact == cascade.Never && st.Fraction > 0 {
				so.FirstImpact = st.At
			}
			if so.FailedAt == cascade.Never && cascade.SectorFails(s.Threshold, st.total, st.weight, st.failed, st.count) {
				so.FailedAt = st.At
			}
			so.FailedFraction = st.Fraction
		}
		out[s.Index] = so
	}
	return out
}

// Step is a point where a sector's failed fraction changes.
type Step struct {
	At       int64   // seconds from the start
	Fraction float64 // failed fraction 0–1 from At on

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
