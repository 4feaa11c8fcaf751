package cascade

import (
	"fmt"
	"slices"

	"github.com/cascade-infra/cascade/model"
)

// Event is a compiled scenario event: it hits each of Assets at At with Probability.
type Event struct {
	Name        string
	Kind        model.EventKind
	At          int64   // seconds from the start of the scenario, >= 0
	Probability float64 // chance in [0,1] that each asset is hit
	Assets      []int32 // asset indices, sorted ascending, without duplicates
}

// Scenario is a compiled scenario. Callers may build one directly (for example one
// physical event at time 0 on a single asset, to rank assets) and reuse it across runs;
// Check validates a hand-built scenario. A Scenario must not change while a run uses it.
type Scenario struct {
	Name    string
	Horizon Horizon // the zero value is none: the run continues until nothing changes
	Events  []Event
}

// Scenario compiles the model scenario named name.
func (n *Network) Scenario(name string) (*Scenario, error) {
	s := n.m.Scenario(name)
	if s == nil {
		return nil, fmt.Errorf("no scenario %q in the model", name)
	}
	return n.CompileScenario(s)
}

// CompileScenario compiles a scenario of the network's model.
func (n *Network) CompileScenario(s *model.Scenario) (*Scenario, error) {
	sc := &Scenario{Name: s.Name, Horizon: ScenarioHorizon(s), Events: make([]Event, len(s.Events))}
	for i, ev := range s.Events {
		if ev == nil {
			return nil, fmt.Errorf("scenario %q: nil event", s.Name)
		}
		e := Event{Name: ev.Name, Kind: ev.Kind, At: ev.At, Probability: ev.Probability, Assets: make([]int32, len(ev.Assets))}
		for j, a := range ev.Assets {
			if a == nil || a.Index < 0 || a.Index >= len(n.m.Assets) || n.m.Assets[a.Index] != a {
				return nil, fmt.Errorf("scenario %q event %q: target outside the model", s.Name, ev.Name)
			}
			e.Assets[j] = int32(a.Index)
		}
		slices.Sort(e.Assets)
		e.Assets = slices.Compact(e.Assets)
		sc.Events[i] = e
	}
	if err := n.Check(sc); err != nil {
		return nil, err
	}
	return sc, nil
}

// SoleFailure returns a scenario in which asset a alone fails physically at time 0, with
// the given horizon. Rank-style callers can instead keep one such
// scenario and overwrite Events[0].Assets[0] between runs to avoid allocating.
func (n *Network) SoleFailure(a int32, horizon Horizon) *Scenario {
	return &Scenario{
		Name:    n.AssetName(a),
		Horizon: horizon,
		Events: []Event{{
			Name: n.AssetName(a), Kind: model.PhysicalEvent, Probability: 1, Assets: []int32{a},
		}},
	}
}

// Check reports whether sc is valid for this network: horizon >= 0 or none, event
// times >= 0, probabilities in [0,1], kinds known, and asset indices in range, sorted and
// unique.
func (n *Network) Check(sc *Scenario) error {
	if h := sc.Horizon.Seconds(); h < 0 {
		return fmt.Errorf("scenario %q: negative horizon %d", sc.Name, h)
	}
	for _, ev := range sc.Events {
		if ev.At < 0 {
			return fmt.Errorf("scenario %q event %q: negative time %d", sc.Name, ev.Name, ev.At)
		}
		if !(ev.Probability >= 0 && ev.Probability <= 1) {
			return fmt.Errorf("scenario %q event %q: probability %v outside [0,1]", sc.Name, ev.Name, ev.Probability)
		}
		if ev.Kind != model.PhysicalEvent && ev.Kind != model.CyberEvent {
			return fmt.Errorf("scenario %q event %q: unknown kind %d", sc.Name, ev.Name, ev.Kind)
		}
		for j, a := range ev.Assets {
			if a < 0 || int(a) >= n.NumAssets() || (j > 0 && a <= ev.Assets[j-1]) {
				return fmt.Errorf("scenario %q event %q: asset indices must be in range, sorted and unique", sc.Name, ev.Name)
			}
		}
	}
	return nil
}
