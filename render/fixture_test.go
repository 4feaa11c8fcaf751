package render

import (
	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
	"github.com/cascade-infra/cascade/render/internal/synth"
)

// builder assembles models in Go for tests: the fixtures do not depend on the HCL
// loader. Names must be added in sorted order within each kind.
type builder struct {
	m *model.Model
}

func (b *builder) sector(name, label, col string, threshold float64) *model.Sector {
	s := &model.Sector{Name: name, Label: label, Color: col, Threshold: threshold, Index: len(b.m.Sectors)}
	b.m.Sectors = append(b.m.Sectors, s)
	return s
}

func (b *builder) asset(name, label string, s *model.Sector) *model.Asset {
	a := &model.Asset{Name: name, Label: label, Sector: s, Weight: 1, Index: len(b.m.Assets),
		Groups: []*model.SupplyGroup{{RequiresMode: "all"}}}
	b.m.Assets = append(b.m.Assets, a)
	return a
}

// dep adds a dependency of a on supplier to a's group named group (created on
// first use, needing all).
func (b *builder) dep(a *model.Asset, group string, supplier *model.Asset, kind model.Kind, delay int64, p float64) {
	var g *model.SupplyGroup
	for _, x := range a.Groups {
		if x.Name == group {
			g = x
		}
	}
	if g == nil {
		g = &model.SupplyGroup{Name: group, RequiresMode: "all"}
		a.Groups = append(a.Groups, g)
	}
	g.Dependencies = append(g.Dependencies, &model.Dependency{On: supplier, Kind: kind, Delay: delay, Probability: p})
	if g.RequiresMode == "all" {
		g.Requires = len(g.Dependencies)
	}
}

func group(a *model.Asset, name string) *model.SupplyGroup {
	for _, g := range a.Groups {
		if g.Name == name {
			return g
		}
	}
	panic("no group " + name)
}

const (
	hour = 3600
	day  = 24 * hour
)

// fixture is the quickstart city of examples/quickstart, built in Go, with two
// scenarios: "flood" (physical, horizon 3d) and "ransom" (cyber, horizon 1d).
type fixture struct {
	m                                                         *model.Model
	energy, health, telecom, water                            *model.Sector
	clinic, exchange, gasPlant, hospital, pumping, substation *model.Asset
	flood, ransom                                             *model.Scenario
}

func newFixture() *fixture {
	b := &builder{m: &model.Model{}}
	f := &fixture{m: b.m}
	f.energy = b.sector("energy", "Energy", "#f4a261", 0.5)
	f.health = b.sector("health", "Health care", "#e63946", 0.5)
	f.telecom = b.sector("telecom", "Communications", "#2a9d8f", 0.5)
	f.water = b.sector("water", "Water", "#457b9d", 0.5)

	f.clinic = b.asset("clinic", "Bay clinic", f.health)
	f.exchange = b.asset("exchange", "Central telephone exchange", f.telecom)
	f.gasPlant = b.asset("gas_plant", "Gas-fired plant", f.energy)
	f.hospital = b.asset("hospital", "General hospital", f.health)
	f.pumping = b.asset("pumping", "Pumping station", f.water)
	f.substation = b.asset("substation", "Riverside substation", f.energy)

	b.dep(f.substation, "", f.exchange, model.Cyber, 30*60, 1)
	group(f.exchange, "").Backup = 4 * hour
	b.dep(f.exchange, "power", f.substation, model.Physical, 0, 1)
	b.dep(f.exchange, "power", f.gasPlant, model.Physical, 0, 1)
	group(f.exchange, "power").Requires, group(f.exchange, "power").RequiresMode = 1, "any"
	b.dep(f.pumping, "", f.substation, model.Physical, 0, 1)
	group(f.pumping, "").Backup = 12 * hour
	b.dep(f.hospital, "power", f.substation, model.Physical, 0, 1)
	group(f.hospital, "power").Backup = 72 * hour
	b.dep(f.hospital, "water", f.pumping, model.Physical, 0, 1)
	group(f.hospital, "water").Backup = 24 * hour
	b.dep(f.clinic, "", f.gasPlant, model.Physical, hour, 0.5)

	f.flood = &model.Scenario{Name: "flood", Label: "River flood takes out the riverside substation", Horizon: 3 * day}
	f.flood.Events = []*model.Event{{Name: "flood", Kind: model.PhysicalEvent, Probability: 1, Assets: []*model.Asset{f.substation}}}
	f.ransom = &model.Scenario{Name: "ransom", Label: "Ransomware at the exchange", Horizon: day, Index: 1}
	f.ransom.Events = []*model.Event{{Name: "ransomware", Kind: model.CyberEvent, Probability: 1, Assets: []*model.Asset{f.exchange}}}
	f.m.Scenarios = []*model.Scenario{f.flood, f.ransom}
	return f
}

// floodOutcome is the run of "flood", worked out by hand from the equations of docs/semantics.md.
func (f *fixture) floodOutcome() *Outcome {
	o := &Outcome{Scenario: f.flood, Horizon: f.flood.Horizon, Assets: make([]AssetOutcome, len(f.m.Assets))}
	o.Assets[f.substation.Index] = AssetOutcome{Failed: true, At: 0, Cause: Cause{Event: f.flood.Events[0]}}
	o.Assets[f.pumping.Index] = AssetOutcome{Failed: true, At: 12 * hour, Cause: Cause{Suppliers: []*model.Asset{f.substation}}}
	o.Assets[f.hospital.Index] = AssetOutcome{Failed: true, At: 36 * hour, Cause: Cause{Suppliers: []*model.Asset{f.pumping}, SupplyGroup: "water"}}
	return o
}

// ransomOutcome is the run of "ransom", worked out by hand.
func (f *fixture) ransomOutcome() *Outcome {
	o := &Outcome{Scenario: f.ransom, Horizon: f.ransom.Horizon, Assets: make([]AssetOutcome, len(f.m.Assets))}
	ev := f.ransom.Events[0]
	o.Assets[f.exchange.Index] = AssetOutcome{Failed: true, At: 0, Compromised: true, CompromisedAt: 0, Cause: Cause{Event: ev}}
	o.Assets[f.substation.Index] = AssetOutcome{Failed: true, At: 1800, Compromised: true, CompromisedAt: 1800, Cause: Cause{Compromise: f.exchange}}
	o.Assets[f.pumping.Index] = AssetOutcome{Failed: true, At: 1800 + 12*hour, Cause: Cause{Suppliers: []*model.Asset{f.substation}}}
	o.Assets[f.hospital.Index] = AssetOutcome{OnBackup: true, Since: 1800, RunsOut: 1800 + 36*hour}
	return o
}

// synthetic returns synth.Model(n, seed).
func synthetic(n int, seed uint64) *model.Model { return synth.Model(n, seed) }

// simulate runs scenario sc of m deterministically and returns its Outcome.
func simulate(m *model.Model, sc *model.Scenario) (*Outcome, error) {
	res, err := cascade.RunScenario(m, sc, cascade.Options{})
	if err != nil {
		return nil, err
	}
	return FromResult(res)
}
