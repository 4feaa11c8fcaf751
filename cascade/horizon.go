package cascade

import "github.com/cascade-infra/cascade/model"

// A Horizon is where a run stops counting: the time in seconds from the start of the
// scenario after which nothing more happens, or none, when the run continues until
// nothing changes. In Options (and in the batch and ranking options built on them) it
// replaces the scenario's own horizon; the zero value keeps the scenario's.
type Horizon struct {
	set bool
	at  int64 // seconds, or Never for none
}

// NoHorizon is the horizon of a run that continues until nothing changes.
var NoHorizon = Horizon{set: true, at: Never}

// HorizonAt returns the horizon at s seconds (s >= 0). HorizonAt(Never) is NoHorizon.
func HorizonAt(s int64) Horizon { return Horizon{set: true, at: s} }

// ScenarioHorizon returns the horizon of a model scenario: HorizonAt its horizon, or
// NoHorizon when it has none.
func ScenarioHorizon(s *model.Scenario) Horizon {
	if s.Horizon == model.NoHorizon {
		return NoHorizon
	}
	return HorizonAt(s.Horizon)
}

// IsSet reports whether h replaces a scenario's horizon (h is not the zero value).
func (h Horizon) IsSet() bool { return h.set }

// Or returns h when it is set, else def.
func (h Horizon) Or(def Horizon) Horizon {
	if h.set {
		return h
	}
	return def
}

// Seconds returns the horizon in seconds, Never for none (and for the zero value).
func (h Horizon) Seconds() int64 {
	if !h.set {
		return Never
	}
	return h.at
}

// String returns the horizon as a model duration, "none" without one, or "the
// scenario's" for the zero value.
func (h Horizon) String() string {
	switch {
	case !h.set:
		return "the scenario's"
	case h.at == Never:
		return "none"
	}
	return FormatDuration(h.at)
}
