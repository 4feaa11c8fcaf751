package cascade

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cascade-infra/cascade/cascade/internal/netgen"
	"github.com/cascade-infra/cascade/model"
)

// restoreCase builds a small model by hand; want lists, per asset name, its first
// failure, restored second, down seconds and outages.
type restoreWant struct {
	F, restored, down int64
	outages           int32
}

const nv = Never

func TestRestoreCases(t *testing.T) {
	for _, tc := range []struct {
		name    string
		horizon int64
		build   func(b *netgen.Builder) *model.Model
		want    map[string]restoreWant
		repairs []Repair // Asset as index in name order
		check   func(t *testing.T, tl *Timeline)
	}{
		{
			// grid and telecom need each other (no delay); the grid is hit and
			// repaired at 10, but telecom is down, so the grid cannot work: a
			// black-start deadlock that lasts to the horizon.
			name: "black-start deadlock", horizon: 50,
			build: func(b *netgen.Builder) *model.Model {
				s := b.Sector("s", 0.5)
				grid, tel := b.Asset("grid", s, 1), b.Asset("telecom", s, 1)
				grid.Repair = 10
				b.Dep(grid.Groups[0], tel, model.Physical, 0, 1)
				b.Dep(tel.Groups[0], grid, model.Physical, 0, 1)
				b.Event(b.Scenario("s", 50), "quake", model.PhysicalEvent, 0, 1, grid)
				return b.Model()
			},
			want: map[string]restoreWant{"grid": {0, nv, 50, 1}, "telecom": {0, nv, 50, 1}},
			check: func(t *testing.T, tl *Timeline) {
				w := tl.Why(0)
				if w.Damaged || len(w.Groups) != 1 || !slices.Equal(w.Suppliers[0], []int32{1}) {
					t.Errorf("grid: Why = %+v, want waiting for telecom", w)
				}
				w = tl.Why(1)
				if len(w.Groups) != 1 || !slices.Equal(w.Suppliers[0], []int32{0}) {
					t.Errorf("telecom: Why = %+v, want waiting for grid", w)
				}
			},
		},
		{
			// the same loop, but the grid needs telecom or a black-start generator:
			// repaired at 10 it starts on the generator, and telecom follows.
			name: "black-start generator", horizon: 50,
			build: func(b *netgen.Builder) *model.Model {
				s := b.Sector("s", 0.5)
				gen, grid, tel := b.Asset("bs_gen", s, 1), b.Asset("grid", s, 1), b.Asset("telecom", s, 1)
				grid.Repair = 10
				grid.Groups[0].RequiresMode = "any"
				b.Dep(grid.Groups[0], tel, model.Physical, 0, 1)
				b.Dep(grid.Groups[0], gen, model.Physical, 0, 1)
				b.Dep(tel.Groups[0], grid, model.Physical, 0, 1)
				b.Event(b.Scenario("s", 50), "quake", model.PhysicalEvent, 0, 1, grid)
				return b.Model()
			},
			want: map[string]restoreWant{"bs_gen": {nv, nv, 0, 0}, "grid": {0, 10, 10, 1}, "telecom": {0, 10, 10, 1}},
		},
		{
			// a hospital with a 20s generator loses the grid at 5 (repair 10): the
			// grid is back at 15, before the fuel runs out at 25.
			name: "saved by repair", horizon: 40,
			build: func(b *netgen.Builder) *model.Model {
				s := b.Sector("s", 0.5)
				grid, hosp := b.Asset("grid", s, 1), b.Asset("hospital", s, 1)
				grid.Repair = 10
				hosp.Groups[0].Backup = 20
				b.Dep(hosp.Groups[0], grid, model.Physical, 0, 1)
				b.Event(b.Scenario("s", 40), "quake", model.PhysicalEvent, 5, 1, grid)
				return b.Model()
			},
			want: map[string]restoreWant{"grid": {5, 15, 10, 1}, "hospital": {nv, nv, 0, 0}},
		},
		{
			// two outages of 8s each drain one 12s reservoir: the first leaves 4s,
			// the second empties it 4s into the outage (at 24), and the hospital
			// comes back with the grid at 28.
			name: "two outages drain one reservoir", horizon: 40,
			build: func(b *netgen.Builder) *model.Model {
				s := b.Sector("s", 0.5)
				grid, hosp := b.Asset("grid", s, 1), b.Asset("hospital", s, 1)
				grid.Repair = 8
				hosp.Groups[0].Backup = 12
				b.Dep(hosp.Groups[0], grid, model.Physical, 0, 1)
				sc := b.Scenario("s", 40)
				b.Event(sc, "a", model.PhysicalEvent, 0, 1, grid)
				b.Event(sc, "b", model.PhysicalEvent, 20, 1, grid)
				return b.Model()
			},
			want: map[string]restoreWant{"grid": {0, 28, 16, 2}, "hospital": {24, 28, 4, 1}},
		},
		{
			// the plant needs 5s of continuous could-work to restart; its supplier
			// flickers back at 10, down again at 12 (a second hit), back at 22: the
			// restart begun at 10 is interrupted and the plant is back at 27.
			name: "interrupted restart", horizon: 40,
			build: func(b *netgen.Builder) *model.Model {
				s := b.Sector("s", 0.5)
				grid, plant := b.Asset("grid", s, 1), b.Asset("plant", s, 1)
				grid.Repair = 10
				plant.Restart = 5
				b.Dep(plant.Groups[0], grid, model.Physical, 0, 1)
				sc := b.Scenario("s", 40)
				b.Event(sc, "a", model.PhysicalEvent, 0, 1, grid)
				b.Event(sc, "b", model.PhysicalEvent, 12, 1, grid)
				return b.Model()
			},
			want: map[string]restoreWant{"grid": {0, 22, 20, 2}, "plant": {0, 27, 27, 1}},
		},
		{
			// one crew; a (priority 0) and b (priority 5) damaged at 0, c at 1: b
			// first (0..10), then a (damaged earlier than c, 10..20), then c (20..30);
			// at H = 25 c is still under repair.
			name: "crews' order", horizon: 25,
			build: func(b *netgen.Builder) *model.Model {
				s := b.Sector("s", 0.5)
				o := &model.Organization{Name: "op", Crews: 1}
				x, y, z := b.Asset("a", s, 1), b.Asset("b", s, 1), b.Asset("c", s, 1)
				for _, a := range []*model.Asset{x, y, z} {
					a.Repair, a.Operator = 10, o
				}
				y.Priority = 5
				sc := b.Scenario("s", 25)
				b.Event(sc, "e0", model.PhysicalEvent, 0, 1, x, y)
				b.Event(sc, "e1", model.PhysicalEvent, 1, 1, z)
				m := b.Model()
				m.Organizations = []*model.Organization{o}
				return m
			},
			want:    map[string]restoreWant{"a": {0, 20, 20, 1}, "b": {0, 10, 10, 1}, "c": {1, nv, 24, 1}},
			repairs: []Repair{{1, 0, 0, 0, 10}, {0, 0, 0, 10, 20}, {2, 0, 1, 20, nv}},
		},
		{
			// a hit during the repair restarts the job at the hit; a hit at the very
			// second a job ends is a new damage (with one crew, it starts at once).
			name: "hits during and at the end of a repair", horizon: 60,
			build: func(b *netgen.Builder) *model.Model {
				s := b.Sector("s", 0.5)
				o := &model.Organization{Name: "op", Crews: 1}
				x := b.Asset("a", s, 1)
				x.Repair, x.Operator = 10, o
				sc := b.Scenario("s", 60)
				b.Event(sc, "e0", model.PhysicalEvent, 0, 1, x)
				b.Event(sc, "e1", model.PhysicalEvent, 4, 1, x)  // restarts: ends at 14
				b.Event(sc, "e2", model.PhysicalEvent, 14, 1, x) // new damage: 14..24
				m := b.Model()
				m.Organizations = []*model.Organization{o}
				return m
			},
			want:    map[string]restoreWant{"a": {0, 24, 24, 1}},
			repairs: []Repair{{0, 0, 0, 4, 14}, {0, 0, 14, 14, 24}},
		},
		{
			// compromised at 0, recovered at 10, immune to the second attempt at 20
			// (a cyber event) and to its supplier's compromise arriving at 15.
			name: "immunity after recovery", horizon: 40,
			build: func(b *netgen.Builder) *model.Model {
				s := b.Sector("s", 0.5)
				vendor, scada := b.Asset("vendor", s, 1), b.Asset("scada", s, 1)
				scada.Recover = 10
				vendor.Recover = 30
				b.Dep(scada.Groups[0], vendor, model.Cyber, 15, 1)
				sc := b.Scenario("s", 40)
				b.Event(sc, "a", model.CyberEvent, 0, 1, scada, vendor)
				b.Event(sc, "b", model.CyberEvent, 20, 1, scada)
				return b.Model()
			},
			// scada: compromised 0..10; the vendor is down 0..30, seen down by
			// scada 15..45 (delay 15), so scada goes down again at 15 by supply.
			want: map[string]restoreWant{"scada": {0, nv, 35, 2}, "vendor": {0, 30, 30, 1}},
			check: func(t *testing.T, tl *Timeline) {
				if c := tl.Compromise[0]; c != 0 {
					t.Errorf("scada compromised at %d, want 0", c)
				}
				if w := tl.Why(0); w.Compromised || len(w.Groups) != 1 {
					t.Errorf("scada Why = %+v, want waiting for its supplier, not compromised", w)
				}
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.build(netgen.New())
			for i, o := range m.Organizations {
				o.Index = i
			}
			tl := checkRestore(t, m, Options{}) // the reference agrees too
			if tl.Horizon != tc.horizon {
				t.Fatalf("horizon %d, want %d", tl.Horizon, tc.horizon)
			}
			for name, w := range tc.want {
				a := m.Asset(name).Index
				got := restoreWant{tl.Failure[a], tl.Restored[a], tl.Down[a], tl.Outages[a]}
				if got != w {
					t.Errorf("%s: got %+v, want %+v", name, got, w)
				}
			}
			if tc.repairs != nil && !slices.Equal(tl.Repairs, tc.repairs) {
				t.Errorf("repairs %+v, want %+v", tl.Repairs, tc.repairs)
			}
			if tc.check != nil {
				tc.check(t, tl)
			}
		})
	}
}

// TestRestorePulse passes a pulse around a loop: a ring of n assets, each needing the
// previous one through a delay d, the first hit at 0 and repaired after 1s. The down
// second travels around the ring for ever, so every asset has about H/(n·d) outages; the
// run's events stay within the bound of restore.go (a few per change and edge).
func TestRestorePulse(t *testing.T) {
	const n, d, H = 5, 3, 3000
	b := netgen.New()
	s := b.Sector("s", 0.5)
	ring := make([]*model.Asset, n)
	for i := range ring {
		ring[i] = b.Asset(netgen.Name("r", i), s, 1)
	}
	for i := range ring {
		b.Dep(ring[i].Groups[0], ring[(i+n-1)%n], model.Physical, d, 1)
	}
	ring[0].Repair = 1
	b.Event(b.Scenario("s", H), "pulse", model.PhysicalEvent, 0, 1, ring[0])
	m := b.Model()
	tl := checkRestore(t, m, Options{})
	changes := int64(0)
	for i := range ring {
		// asset i is down at the seconds k·n·d + i·d
		want := int32((H-int64(i)*d)/(n*d) + 1)
		if tl.Outages[i] != want || tl.Down[i] != int64(want) && tl.Down[i] != int64(want)-1 {
			t.Errorf("%s: %d outages, %d s down; want %d outages", ring[i].Name, tl.Outages[i], tl.Down[i], want)
		}
		changes += 2 * int64(tl.Outages[i])
	}
	if bound := 4*changes + 4; tl.Events > bound {
		t.Errorf("%d events for %d changes, more than %d", tl.Events, changes, bound)
	}
}

// FuzzRestore runs random models with restoration, grown from the fuzzer's seed,
// against the reference: no panic, no hang, the same timeline.
func FuzzRestore(f *testing.F) {
	for _, s := range []uint64{0, 1, 42, 1 << 40} {
		f.Add(s, uint64(0))
	}
	f.Fuzz(func(t *testing.T, seed, trial uint64) {
		rng := rand.New(rand.NewPCG(seed, trial))
		m := netgen.Random(rng, netgen.SmallParams(rng))
		addRestoration(rng, m, 80)
		checkRestore(t, m, Options{})
		checkRestore(t, m, Options{MonteCarlo: true, Seed: seed, Trial: trial})
	})
}

// TestRestoreNeedsHorizon checks that a run without horizon is refused.
func TestRestoreNeedsHorizon(t *testing.T) {
	b := netgen.New()
	s := b.Sector("s", 0.5)
	a := b.Asset("a", s, 1)
	a.Repair = 5
	b.Event(b.Scenario("s", model.NoHorizon), "e", model.PhysicalEvent, 0, 1, a)
	net, err := Compile(b.Model())
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := net.Scenario("s")
	if !net.HasRestoration() {
		t.Fatal("HasRestoration = false")
	}
	if _, err := net.Restore(sc, Options{}); err == nil {
		t.Fatal("Restore without horizon succeeded")
	}
	if _, err := net.Restore(sc, Options{Horizon: HorizonAt(10)}); err != nil {
		t.Fatal(err)
	}
}

// TestRestoreDelayLimit checks the restoration engine's limit on delays (its out edges
// keep them in 32 bits): a delay of 2^32 - 1 s runs, one of 2^32 s is refused by
// Restore, and Run then treats every failure as permanent.
func TestRestoreDelayLimit(t *testing.T) {
	for _, tc := range []struct {
		delay    int64
		restores bool
	}{{1<<32 - 1, true}, {1 << 32, false}} {
		b := netgen.New()
		s := b.Sector("s", 0.5)
		u, a := b.Asset("a", s, 1), b.Asset("b", s, 1) // a supplies b
		u.Repair = 5
		b.Dep(b.Needs(a, "power", "all", 0, 0), u, model.Physical, tc.delay, 1)
		b.Event(b.Scenario("s", 100), "e", model.PhysicalEvent, 0, 1, u)
		net, err := Compile(b.Model())
		if err != nil {
			t.Fatal(err)
		}
		sc, _ := net.Scenario("s")
		tl, err := net.Restore(sc, Options{})
		if (err == nil) != tc.restores {
			t.Fatalf("delay %d: Restore error %v", tc.delay, err)
		}
		if tc.restores && (tl.Failure[0] != 0 || tl.Restored[0] != 5 || tl.Failure[1] != Never) {
			t.Fatalf("delay %d: failures %v, restored %v", tc.delay, tl.Failure, tl.Restored)
		}
		if r := net.Run(sc, Options{}); r.Restoration() != tc.restores {
			t.Fatalf("delay %d: Run with restoration %v", tc.delay, r.Restoration())
		}
	}
}
