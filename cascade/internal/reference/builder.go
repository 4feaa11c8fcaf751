package reference

import (
	"fmt"
	"slices"

	"github.com/cascade-infra/cascade/model"
)

// Builder assembles a model.Model in Go, by name, without the HCL loader.
type Builder struct {
	m       *model.Model
	sectors map[string]*model.Sector
	assets  map[string]*model.Asset
}

// NewBuilder returns an empty Builder.
func NewBuilder() *Builder {
	return &Builder{m: &model.Model{}, sectors: map[string]*model.Sector{}, assets: map[string]*model.Asset{}}
}

// Sector adds a sector.
func (b *Builder) Sector(name string, threshold float64) *Builder {
	s := &model.Sector{Name: name, Label: name, Threshold: threshold}
	b.sectors[name] = s
	b.m.Sectors = append(b.m.Sectors, s)
	return b
}

// Asset adds an asset with an empty unnamed group.
func (b *Builder) Asset(name, sector string, weight float64) *Builder {
	s := b.sectors[sector]
	if s == nil {
		panic("no sector " + sector)
	}
	a := &model.Asset{Name: name, Label: name, Sector: s, Weight: weight,
		Groups: []*model.SupplyGroup{{Name: "", Requires: 0, RequiresMode: "all"}}}
	b.assets[name] = a
	b.m.Assets = append(b.m.Assets, a)
	return b
}

// Dep adds a dependency of asset on supplier to group group ("" for the unnamed one,
// created if missing).
func (b *Builder) Dep(asset, group, on string, kind model.Kind, delay int64, p float64) *Builder {
	a, s := b.assets[asset], b.assets[on]
	if a == nil || s == nil {
		panic(fmt.Sprintf("no asset %s or %s", asset, on))
	}
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
	g.Dependencies = append(g.Dependencies, &model.Dependency{On: s, Kind: kind, Delay: delay, Probability: p})
	if g.RequiresMode == "all" {
		g.Requires = len(g.Dependencies)
	}
	return b
}

// Requires sets a group's k ("any" is 1).
func (b *Builder) Requires(asset, group string, k int, backup int64) *Builder {
	for _, g := range b.assets[asset].Groups {
		if g.Name == group {
			g.Requires, g.RequiresMode, g.Backup = k, "k", backup
		}
	}
	return b
}

// Scenario adds a scenario with its events; horizon is in seconds or model.NoHorizon.
func (b *Builder) Scenario(name string, horizon int64, events ...*model.Event) *Builder {
	b.m.Scenarios = append(b.m.Scenarios, &model.Scenario{Name: name, Label: name, Horizon: horizon, Events: events})
	return b
}

// Event returns an event on the named assets, for Scenario.
func (b *Builder) Event(name string, kind model.EventKind, at int64, p float64, assets ...string) *model.Event {
	e := &model.Event{Name: name, Kind: kind, At: at, Probability: p}
	for _, n := range assets {
		e.Assets = append(e.Assets, b.assets[n])
	}
	slices.SortFunc(e.Assets, func(x, y *model.Asset) int { return cmpStr(x.Name, y.Name) })
	return e
}

// cmpStr compares strings.
func cmpStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Build sorts and indexes everything like the loader does.
func (b *Builder) Build() *model.Model {
	m := b.m
	slices.SortFunc(m.Sectors, func(x, y *model.Sector) int { return cmpStr(x.Name, y.Name) })
	slices.SortFunc(m.Assets, func(x, y *model.Asset) int { return cmpStr(x.Name, y.Name) })
	slices.SortFunc(m.Scenarios, func(x, y *model.Scenario) int { return cmpStr(x.Name, y.Name) })
	for i, s := range m.Sectors {
		s.Index = i
	}
	for i, a := range m.Assets {
		a.Index = i
	}
	for i, s := range m.Scenarios {
		s.Index = i
		for _, e := range s.Events {
			slices.SortFunc(e.Assets, func(x, y *model.Asset) int { return x.Index - y.Index })
		}
	}
	return m
}
