// Package netgen builds model.Model values directly in Go, without HCL: a small builder
// for hand-written test models, random small models for property tests, and large
// generated networks for benchmarks.
package netgen

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/cascade-infra/cascade/model"
)

// Builder assembles a model. Names must be unique per kind; Model sorts everything by
// name and assigns indices the way model.Load does.
type Builder struct {
	m *model.Model
}

// New returns an empty builder.
func New() *Builder { return &Builder{m: &model.Model{}} }

// Extend returns a builder that adds to m (which its Model then sorts and indexes
// again).
func Extend(m *model.Model) *Builder { return &Builder{m: m} }

// Sector adds a sector with the given threshold (a fraction in (0,1]).
func (b *Builder) Sector(name string, threshold float64) *model.Sector {
	s := &model.Sector{Name: name, Label: name, Threshold: threshold}
	b.m.Sectors = append(b.m.Sectors, s)
	return s
}

// Asset adds an asset of sector s with the given weight (> 0). Its own supply group
// (name "") requires all of its suppliers and has no backup until Own changes it.
func (b *Builder) Asset(name string, s *model.Sector, weight float64) *model.Asset {
	a := &model.Asset{Name: name, Label: name, Sector: s, Weight: weight}
	a.Groups = []*model.SupplyGroup{{RequiresMode: "all"}}
	b.m.Assets = append(b.m.Assets, a)
	return a
}

// Own sets the requirement and backup (seconds) of a's own group and returns it. mode is
// "all", "any" or "k" (then k is the count).
func (b *Builder) Own(a *model.Asset, mode string, k int, backup int64) *model.SupplyGroup {
	g := a.Groups[0]
	g.RequiresMode, g.Requires, g.Backup = mode, k, backup
	return g
}

// Needs adds a named supply group to a. mode is "all", "any" or "k" (then k is the count).
func (b *Builder) Needs(a *model.Asset, name, mode string, k int, backup int64) *model.SupplyGroup {
	g := &model.SupplyGroup{Name: name, RequiresMode: mode, Requires: k, Backup: backup}
	a.Groups = append(a.Groups, g)
	return g
}

// Dep adds a dependency on supplier `on` to group g.
func (b *Builder) Dep(g *model.SupplyGroup, on *model.Asset, kind model.Kind, delay int64, p float64) *model.Dependency {
	d := &model.Dependency{On: on, Kind: kind, Delay: delay, Probability: p}
	g.Dependencies = append(g.Dependencies, d)
	return d
}

// Organization adds an organization with detect seconds (0: never) and respond seconds
// (negative: never protects).
func (b *Builder) Organization(name string, detect, respond int64) *model.Organization {
	o := &model.Organization{Name: name, Label: name, Detect: detect}
	if respond >= 0 {
		o.Respond, o.Responds = respond, true
	}
	b.m.Organizations = append(b.m.Organizations, o)
	return o
}

// Channel adds a channel between x and y with the given latency in seconds.
func (b *Builder) Channel(name string, x, y *model.Organization, latency int64) *model.Channel {
	c := &model.Channel{Name: name, Label: name, Between: [2]*model.Organization{x, y}, Latency: latency}
	b.m.Channels = append(b.m.Channels, c)
	return c
}

// AlertParams shapes the organizations and channels that AddAlerts adds.
type AlertParams struct {
	Orgs        int     // number of organizations
	Operated    float64 // fraction of assets with an operator
	Detect      float64 // fraction of organizations with detect
	Respond     float64 // fraction of organizations with respond
	Channels    int     // number of channels (pairs may repeat), plus some shares_with
	MaxTime     int64   // seconds; detect 1..MaxTime, respond and latency 0..MaxTime
	ZeroLatency float64 // fraction of zero latencies and responds
}

// AddAlerts adds to m (built by Random or a Builder) organizations that operate some
// of its assets, with detect and respond, and channels between them, drawn from rng,
// and returns m sorted and indexed again.
func AddAlerts(rng *rand.Rand, m *model.Model, p AlertParams) *model.Model {
	b := Extend(m)
	t := func(lo int64) int64 {
		if lo == 0 && rng.Float64() < p.ZeroLatency {
			return 0
		}
		return lo + rng.Int64N(max(1, p.MaxTime-lo+1))
	}
	orgs := make([]*model.Organization, max(1, p.Orgs))
	for i := range orgs {
		var detect, respond int64 = 0, -1
		if rng.Float64() < p.Detect {
			detect = t(1)
		}
		if rng.Float64() < p.Respond {
			respond = t(0)
		}
		orgs[i] = b.Organization(Name("o", i), detect, respond)
	}
	for _, a := range m.Assets {
		if rng.Float64() < p.Operated {
			a.Operator = orgs[rng.IntN(len(orgs))]
		}
	}
	for i := range p.Channels {
		x, y := orgs[rng.IntN(len(orgs))], orgs[rng.IntN(len(orgs))]
		if x == y {
			continue
		}
		if rng.IntN(4) == 0 && !slices.Contains(x.SharesWith, y) {
			x.SharesWith = append(x.SharesWith, y)
			continue
		}
		b.Channel(Name("c", i), x, y, t(0))
	}
	return b.Model()
}

// SmallAlertParams are the shapes of the alerts of the property tests' random models:
// a few organizations, most of them detecting and responding, with ties likely.
func SmallAlertParams(rng *rand.Rand) AlertParams {
	return AlertParams{
		Orgs:        1 + rng.IntN(5),
		Operated:    0.8,
		Detect:      0.6,
		Respond:     0.6,
		Channels:    rng.IntN(7),
		MaxTime:     []int64{1, 5, 40}[rng.IntN(3)],
		ZeroLatency: 0.4,
	}
}

// Scenario adds a scenario with the given horizon (seconds or model.NoHorizon).
func (b *Builder) Scenario(name string, horizon int64) *model.Scenario {
	s := &model.Scenario{Name: name, Label: name, Horizon: horizon}
	b.m.Scenarios = append(b.m.Scenarios, s)
	return s
}

// Event adds an event to scenario s.
func (b *Builder) Event(s *model.Scenario, name string, kind model.EventKind, at int64, p float64, assets ...*model.Asset) *model.Event {
	e := &model.Event{Name: name, Kind: kind, At: at, Probability: p, Assets: assets}
	s.Events = append(s.Events, e)
	return e
}

// Model sorts every kind by name, assigns indices, resolves each group's Requires from
// its mode and sorts event targets by index. Call it once, after the last addition.
func (b *Builder) Model() *model.Model {
	m := b.m
	byName := func(x, y string) int { return cmp.Compare(x, y) }
	slices.SortFunc(m.Sectors, func(x, y *model.Sector) int { return byName(x.Name, y.Name) })
	slices.SortFunc(m.Assets, func(x, y *model.Asset) int { return byName(x.Name, y.Name) })
	slices.SortFunc(m.Scenarios, func(x, y *model.Scenario) int { return byName(x.Name, y.Name) })
	slices.SortFunc(m.Organizations, func(x, y *model.Organization) int { return byName(x.Name, y.Name) })
	slices.SortFunc(m.Channels, func(x, y *model.Channel) int { return byName(x.Name, y.Name) })
	for i, o := range m.Organizations {
		o.Index = i
		slices.SortFunc(o.SharesWith, func(x, y *model.Organization) int { return byName(x.Name, y.Name) })
	}
	for i, c := range m.Channels {
		c.Index = i
	}
	for i, s := range m.Sectors {
		s.Index = i
	}
	for i, a := range m.Assets {
		a.Index = i
		for _, g := range a.Groups {
			switch g.RequiresMode {
			case "all":
				g.Requires = len(g.Dependencies)
			case "any":
				g.Requires = min(1, len(g.Dependencies))
			}
		}
	}
	for i, s := range m.Scenarios {
		s.Index = i
		for _, e := range s.Events {
			slices.SortFunc(e.Assets, func(x, y *model.Asset) int { return cmp.Compare(x.Index, y.Index) })
			e.Assets = slices.Compact(e.Assets)
		}
	}
	return m
}

// Name returns the i-th generated name with the prefix, zero-padded so that name order
// is numeric order.
func Name(prefix string, i int) string { return fmt.Sprintf("%s%08d", prefix, i) }

// RandomParams shapes a random model.
type RandomParams struct {
	Assets     int     // number of assets
	Sectors    int     // number of sectors
	MaxDeps    int     // dependencies per group are drawn from 0..MaxDeps
	MaxGroups  int     // named supply groups per asset, 0..MaxGroups
	MaxDelay   int64   // seconds; delays are 0..MaxDelay, zero with probability ZeroDelay
	ZeroDelay  float64 // fraction of zero delays (to create zero-delay cycles)
	MaxBackup  int64   // seconds; backups are 0..MaxBackup, zero half the time
	Cyber      float64 // fraction of cyber dependencies
	Uncertain  float64 // fraction of dependencies and events with a probability in (0,1)
	Never      float64 // fraction of dependencies and events with probability 0
	Events     int     // number of events, 1..Events
	MaxAt      int64   // seconds; event times 0..MaxAt
	HorizonMax int64   // seconds; a horizon 0..HorizonMax, or NoHorizon a third of the time
}

// Random returns a random model with one scenario named "s".
func Random(rng *rand.Rand, p RandomParams) *model.Model {
	b := New()
	secs := make([]*model.Sector, max(1, p.Sectors))
	for i := range secs {
		secs[i] = b.Sector(Name("s", i), []float64{0.25, 0.5, 1, 0.3}[rng.IntN(4)])
	}
	if p.Sectors > 1 && rng.IntN(4) == 0 {
		b.Sector("zz_empty", 0.5)
	}
	assets := make([]*model.Asset, p.Assets)
	for i := range assets {
		assets[i] = b.Asset(Name("a", i), secs[rng.IntN(len(secs))], []float64{0.5, 1, 2, 0.1, 0.3}[rng.IntN(3+2*rng.IntN(2))])
	}
	prob := func() float64 {
		switch x := rng.Float64(); {
		case x < p.Never:
			return 0
		case x < p.Never+p.Uncertain:
			return []float64{0.25, 0.5, 0.75, 0.1}[rng.IntN(4)]
		}
		return 1
	}
	delay := func(maxd int64) int64 {
		if maxd <= 0 || rng.Float64() < p.ZeroDelay {
			return 0
		}
		return rng.Int64N(maxd + 1)
	}
	for i, a := range assets {
		used := map[int]bool{i: true}
		fill := func(g *model.SupplyGroup, atLeastOne bool) {
			nd := rng.IntN(p.MaxDeps + 1)
			if atLeastOne && nd == 0 {
				nd = 1
			}
			for range nd {
				j := rng.IntN(len(assets))
				if used[j] {
					if len(used) == len(assets) {
						break
					}
					continue
				}
				used[j] = true
				kind := model.Physical
				if rng.Float64() < p.Cyber {
					kind = model.Cyber
				} else if rng.IntN(4) == 0 {
					kind = model.Kind(2 + rng.IntN(2))
				}
				b.Dep(g, assets[j], kind, delay(p.MaxDelay), prob())
			}
		}
		mode := func(g *model.SupplyGroup) {
			n := len(g.Dependencies)
			switch x := rng.IntN(3); {
			case x == 0 || n == 0:
				g.RequiresMode = "all"
			case x == 1:
				g.RequiresMode = "any"
			default:
				g.RequiresMode, g.Requires = "k", 1+rng.IntN(n)
			}
		}
		backup := func() int64 {
			if rng.IntN(2) == 0 {
				return 0
			}
			return delay(p.MaxBackup)
		}
		own := a.Groups[0]
		own.Backup = backup()
		fill(own, false)
		mode(own)
		for gi := range rng.IntN(p.MaxGroups + 1) {
			g := b.Needs(a, Name("g", gi), "all", 0, backup())
			fill(g, true)
			if len(g.Dependencies) == 0 {
				a.Groups = a.Groups[:len(a.Groups)-1]
				continue
			}
			mode(g)
		}
	}
	h := model.NoHorizon
	if p.HorizonMax > 0 && rng.IntN(3) > 0 {
		h = rng.Int64N(p.HorizonMax + 1)
	}
	sc := b.Scenario("s", h)
	for ei := range 1 + rng.IntN(max(1, p.Events)) {
		kind := model.PhysicalEvent
		if rng.IntN(3) == 0 {
			kind = model.CyberEvent
		}
		var targets []*model.Asset
		for range 1 + rng.IntN(3) {
			targets = append(targets, assets[rng.IntN(len(assets))])
		}
		b.Event(sc, Name("e", ei), kind, delay(p.MaxAt), prob(), targets...)
	}
	return b.Model()
}

// BenchParams shapes a large benchmark network.
type BenchParams struct {
	Assets    int     // number of assets
	Deps      int     // dependencies per asset (about 4)
	Sectors   int     // number of sectors
	Cyber     float64 // fraction of cyber dependencies
	Uncertain float64 // fraction of dependencies with probability 0.5 (Monte Carlo)
	Seeds     int     // assets hit by the physical event at time 0
}

// Bench returns a large random network in which every asset has Deps suppliers chosen
// uniformly: a quarter of the assets split them into an "any" own group and a "power"
// group that needs 2 of 3 with a 4h backup, the rest need all of them. Delays are
// 0–6h in whole minutes (a tenth of them zero). The scenario "worst" hits Seeds assets
// at time 0 and has no horizon, so the cascade reaches almost every asset.
func Bench(seed uint64, p BenchParams) *model.Model {
	rng := rand.New(rand.NewPCG(seed, 0x6e6574676e))
	b := New()
	secs := make([]*model.Sector, max(1, p.Sectors))
	for i := range secs {
		secs[i] = b.Sector(Name("s", i), 0.5)
	}
	assets := make([]*model.Asset, p.Assets)
	for i := range assets {
		assets[i] = b.Asset(Name("a", i), secs[i%len(secs)], 1)
	}
	deps := make([]model.Dependency, p.Assets*p.Deps) // one allocation for all edges
	di := 0
	pick := make([]int, 0, p.Deps)
	for i, a := range assets {
		pick = pick[:0]
		for len(pick) < p.Deps && len(pick) < p.Assets-1 {
			j := rng.IntN(p.Assets)
			if j != i && !slices.Contains(pick, j) {
				pick = append(pick, j)
			}
		}
		mk := func(j int) *model.Dependency {
			d := &deps[di]
			di++
			d.On = assets[j]
			d.Probability = 1
			if rng.Float64() < p.Uncertain {
				d.Probability = 0.5
			}
			if rng.Float64() < p.Cyber {
				d.Kind = model.Cyber
			}
			if rng.IntN(10) > 0 {
				d.Delay = 60 * rng.Int64N(361)
			}
			return d
		}
		own := a.Groups[0]
		if i%4 == 0 && len(pick) >= 4 {
			own.RequiresMode = "any"
			for _, j := range pick[3:] {
				own.Dependencies = append(own.Dependencies, mk(j))
			}
			g := b.Needs(a, "power", "k", 2, 4*3600)
			for _, j := range pick[:3] {
				g.Dependencies = append(g.Dependencies, mk(j))
			}
		} else {
			for _, j := range pick {
				own.Dependencies = append(own.Dependencies, mk(j))
			}
		}
	}
	sc := b.Scenario("worst", model.NoHorizon)
	hit := make([]*model.Asset, 0, p.Seeds)
	for i := range p.Seeds {
		hit = append(hit, assets[(i*7919)%len(assets)])
	}
	b.Event(sc, "quake", model.PhysicalEvent, 0, 1, hit...)
	return b.Model()
}

// SmallParams are the shapes of the random models of the property tests: a few
// assets, dense enough for cycles, many zero delays, groups of every kind.
func SmallParams(rng *rand.Rand) RandomParams {
	return RandomParams{
		Assets:     2 + rng.IntN(9),
		Sectors:    1 + rng.IntN(3),
		MaxDeps:    3,
		MaxGroups:  2,
		MaxDelay:   []int64{0, 3, 100}[rng.IntN(3)],
		ZeroDelay:  0.4,
		MaxBackup:  []int64{0, 5, 100}[rng.IntN(3)],
		Cyber:      0.3,
		Uncertain:  0.3,
		Never:      0.1,
		Events:     3,
		MaxAt:      []int64{0, 10, 100}[rng.IntN(3)],
		HorizonMax: 150,
	}
}

// Bench10k is the generated 10k-asset / 40k-dependency network of the batch and rank
// benchmarks: half of the dependencies are uncertain (probability 0.5), a tenth are cyber.
func Bench10k() *model.Model {
	return Bench(1, BenchParams{Assets: 10_000, Deps: 4, Sectors: 16, Cyber: 0.1, Uncertain: 0.5, Seeds: 10})
}

// MutateSupply changes the supply of a few random assets of m the ways a mitigation
// can: a backup, a dependency removed or added, a delay, a probability, a group's
// requirement. It returns m sorted and indexed again.
func MutateSupply(rng *rand.Rand, m *model.Model) *model.Model {
	for range 1 + rng.IntN(3) {
		a := m.Assets[rng.IntN(len(m.Assets))]
		g := a.Groups[rng.IntN(len(a.Groups))]
		switch rng.IntN(6) {
		case 0:
			g.Backup = []int64{0, 1, 3, 10, 50}[rng.IntN(5)]
		case 1:
			if len(g.Dependencies) > 0 {
				i := rng.IntN(len(g.Dependencies))
				g.Dependencies = append(g.Dependencies[:i:i], g.Dependencies[i+1:]...)
			}
		case 2:
			on := m.Assets[rng.IntN(len(m.Assets))]
			if on != a {
				kind := []model.Kind{model.Physical, model.Cyber}[rng.IntN(2)]
				g.Dependencies = append(g.Dependencies, &model.Dependency{On: on, Kind: kind, Delay: rng.Int64N(4), Probability: []float64{1, 0.5}[rng.IntN(2)]})
			}
		case 3:
			if len(g.Dependencies) > 0 {
				g.Dependencies[rng.IntN(len(g.Dependencies))].Delay = rng.Int64N(6)
			}
		case 4:
			if len(g.Dependencies) > 0 {
				g.Dependencies[rng.IntN(len(g.Dependencies))].Probability = []float64{0, 0.25, 1}[rng.IntN(3)]
			}
		default:
			g.RequiresMode = []string{"all", "any"}[rng.IntN(2)]
		}
		if g.RequiresMode == "k" {
			g.Requires = max(1, min(g.Requires, len(g.Dependencies)))
		}
	}
	return Extend(m).Model()
}
