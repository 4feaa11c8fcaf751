// Package hashcompat_test holds model.Hash to what cascade.ModelHash returned
// when the hash moved to package model (legacyHash, frozen): checkpoints and part
// files store the hash, so it must not change.
package hashcompat_test

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/cascade-infra/cascade/model"
)

// modelDirs are the example models and the model package's valid and warning
// fixtures.
func modelDirs(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, pattern := range []string{"../../examples/*", "../../model/testdata/valid/*", "../../model/testdata/warning/*"} {
		paths, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, paths...)
	}
	return out
}

func TestHashOfFiles(t *testing.T) {
	loaded := 0
	for _, path := range modelDirs(t) {
		m, _ := model.Load(path, model.Options{})
		if m == nil || m.Assets == nil {
			continue // not a model (a README, a folder without HCL) or invalid
		}
		loaded++
		if alerted := m.Hash(); stripAlerts(m) {
			// Likewise for alerts: channels, detect and respond.
			if m.Hash() == alerted {
				t.Errorf("%s: its alerts do not change Hash", path)
			}
		}
		if restored := m.Hash(); stripRestoration(m) {
			// The frozen hash predates restoration: a model with it hashes differently
			// (model/walk.go), and the same model without it as before.
			if m.Hash() == restored {
				t.Errorf("%s: its restoration does not change Hash", path)
			}
		}
		if got, want := m.Hash(), legacyHash(m); got != want {
			t.Errorf("%s: Hash %s, ModelHash %s", path, got, want)
		}
	}
	if loaded < 5 {
		t.Fatalf("only %d models loaded", loaded)
	}
	t.Logf("%d models", loaded)
}

// TestHashOfRandomModels compares the hashes of random models, built in
// memory with every field set, and checks that each result field changes the
// hash and each other field does not.
func TestHashOfRandomModels(t *testing.T) {
	for seed := range uint64(200) {
		r := rand.New(rand.NewPCG(seed, 7))
		m := randomModel(r, 2+r.IntN(20))
		h := m.Hash()
		if want := legacyHash(m); h != want {
			t.Fatalf("seed %d: Hash %s, ModelHash %s", seed, h, want)
		}
		if seed > 0 {
			continue
		}
		a, g, d, e := m.Assets[1], m.Assets[1].Groups[0], m.Assets[1].Groups[0].Dependencies[0], m.Scenarios[0].Events[0]
		for _, c := range []struct {
			name    string
			change  func()
			changes bool
		}{
			{"sector threshold", func() { m.Sectors[0].Threshold += 0.125 }, true},
			{"asset weight", func() { a.Weight *= 2 }, true},
			{"group requires", func() { g.Requires++ }, true},
			{"group backup", func() { g.Backup++ }, true},
			{"dependency delay", func() { d.Delay++ }, true},
			{"dependency kind", func() { d.Kind = (d.Kind + 1) % 4 }, true},
			{"dependency probability", func() { d.Probability /= 2 }, true},
			{"event time", func() { e.At++ }, true},
			{"scenario horizon", func() { m.Scenarios[0].Horizon++ }, true},
			{"asset label", func() { a.Label += "x" }, false},
			{"asset tags", func() { a.Tags = append(a.Tags, "x") }, false},
			{"asset location", func() { a.Location = &model.Location{Lat: 1, Lon: 2} }, false},
			{"sector color", func() { m.Sectors[0].Color = "#000000" }, false},
			{"requires mode", func() { g.RequiresMode = "k" }, false},
			{"decl range", func() {
				r := d.DeclRange.Range()
				r.Start.Line++
				d.DeclRange = model.NewSpan(r)
			}, false},
			{"organization", func() { m.Organizations[0].Label = "x" }, false},
			{"select", func() { e.Select = &model.Select{Tags: []string{"x"}} }, false},
		} {
			c.change()
			got := m.Hash()
			if (got != h) != c.changes {
				t.Errorf("%s: hash changed %v, want %v", c.name, got != h, c.changes)
			}
			if want := legacyHash(m); got != want {
				t.Errorf("%s: Hash %s, ModelHash %s", c.name, got, want)
			}
			h = got
		}
	}
}

// TestHashOfAlerts checks that each field of the alerts section that a result depends
// on changes the hash, and the others do not (the frozen hash predates alerts).
func TestHashOfAlerts(t *testing.T) {
	m := randomModel(rand.New(rand.NewPCG(3, 7)), 10)
	o := m.Organizations[0]
	h := m.Hash()
	for _, c := range []struct {
		name    string
		change  func()
		changes bool
	}{
		{"detect", func() { o.Detect = 3600 }, true},
		{"respond", func() { o.Responds = true }, true},
		{"respond time", func() { o.Respond = 60 }, true},
		{"channel", func() { m.Channels = []*model.Channel{{Name: "c", Between: [2]*model.Organization{o, o}}} }, true},
		{"channel latency", func() { m.Channels[0].Latency = 60 }, true},
		{"channel label", func() { m.Channels[0].Label = "x" }, false},
		{"shares_with", func() { o.SharesWith = append(o.SharesWith, o) }, true},
		{"operator", func() { m.Assets[0].Operator = nil; m.Assets[1].Operator = o }, true},
	} {
		c.change()
		got := m.Hash()
		if (got != h) != c.changes {
			t.Errorf("%s: hash changed %v, want %v", c.name, got != h, c.changes)
		}
		h = got
	}
}

// randomModel builds a model of n assets with random sectors, organizations, assets with
// groups and dependencies, and scenarios. It need not be valid: the hashes
// read it as it is.
func randomModel(r *rand.Rand, n int) *model.Model {
	m := &model.Model{}
	str := func(prefix string) string { return fmt.Sprintf("%s%d", prefix, r.IntN(1000)) }
	rng := func() hcl.Range {
		return hcl.Range{Filename: str("f"), Start: hcl.Pos{Line: r.IntN(100), Column: 1, Byte: r.IntN(1000)}}
	}
	for i := range 1 + r.IntN(4) {
		m.Sectors = append(m.Sectors, &model.Sector{Name: str("s"), Label: str("L"), Color: str("#"), Threshold: r.Float64(), Index: i, DeclRange: rng()})
	}
	for i := range 1 + r.IntN(3) {
		m.Organizations = append(m.Organizations, &model.Organization{Name: str("o"), Label: str("L"), Country: "JP", Index: i, DeclRange: rng()})
	}
	for i := range n {
		a := &model.Asset{Name: str("a"), Label: str("L"), Sector: m.Sectors[r.IntN(len(m.Sectors))], Weight: r.Float64() * 10, Index: i, DeclRange: model.NewSpan(rng()), Region: str("r")}
		if r.IntN(2) == 0 {
			a.Operator = m.Organizations[r.IntN(len(m.Organizations))]
			a.Location = &model.Location{Lat: r.Float64(), Lon: r.Float64()}
			a.Tags = []string{str("t")}
		}
		m.Assets = append(m.Assets, a)
	}
	for _, a := range m.Assets {
		for k := range 1 + r.IntN(3) {
			g := &model.SupplyGroup{Name: []string{"", "power", "net"}[k], Requires: r.IntN(3), RequiresMode: "any", Backup: r.Int64N(1e6) - 1, DeclRange: model.NewSpan(rng())}
			for range 1 + r.IntN(4) {
				g.Dependencies = append(g.Dependencies, &model.Dependency{
					On: m.Assets[r.IntN(n)], Kind: model.Kind(r.IntN(4)), Delay: r.Int64N(1e5),
					Probability: []float64{1, 0.5, r.Float64()}[r.IntN(3)], DeclRange: model.NewSpan(rng()),
				})
			}
			a.Groups = append(a.Groups, g)
		}
	}
	for i := range 1 + r.IntN(3) {
		s := &model.Scenario{Name: str("sc"), Label: str("L"), Horizon: r.Int64N(1e6) - 1, Index: i, DeclRange: rng()}
		for range 1 + r.IntN(3) {
			e := &model.Event{Name: str("e"), Kind: model.EventKind(r.IntN(2)), At: r.Int64N(1e5), Probability: r.Float64(), DeclRange: rng()}
			for range 1 + r.IntN(3) {
				e.Assets = append(e.Assets, m.Assets[r.IntN(n)])
			}
			s.Events = append(s.Events, e)
		}
		m.Scenarios = append(m.Scenarios, s)
	}
	return m
}

// BenchmarkHash times Hash and cascade.ModelHash on a model of 1e5 assets
// with about 5 dependencies each.
func BenchmarkHash(b *testing.B) {
	m := randomModel(rand.New(rand.NewPCG(1, 1)), 1e5)
	for _, c := range []struct {
		name string
		hash func(*model.Model) string
	}{{"impl=Model.Hash", (*model.Model).Hash}, {"impl=legacy", legacyHash}} {
		b.Run("n=1e5/"+c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c.hash(m)
			}
		})
	}
}

// stripRestoration clears m's crews, repair, recover, restart and priority, and
// reports whether any was set.
func stripRestoration(m *model.Model) bool {
	had := false
	for _, o := range m.Organizations {
		had = had || o.Crews != 0
		o.Crews = 0
	}
	for _, a := range m.Assets {
		had = had || a.Repair != 0 || a.Recover != 0 || a.Restart != 0 || a.Priority != 0
		a.Repair, a.Recover, a.Restart, a.Priority = 0, 0, 0, 0
	}
	return had
}

// stripAlerts clears m's channels and its organizations' detect and respond, and
// reports whether any was set.
func stripAlerts(m *model.Model) bool {
	had := len(m.Channels) > 0
	m.Channels = nil
	for _, o := range m.Organizations {
		had = had || o.Detect != 0 || o.Responds || o.Respond != 0
		o.Detect, o.Respond, o.Responds = 0, 0, false
	}
	return had
}
