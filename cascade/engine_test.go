package cascade

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cascade-infra/cascade/cascade/internal/netgen"
	"github.com/cascade-infra/cascade/model"
)

const (
	minute int64 = 60
	hour   int64 = 3600
	day    int64 = 86400
)

// engCase is one table-driven case: build adds assets and events to scenario "s" of a
// model with sector "x" (threshold 0.5); want lists every asset that fails and when.
type engCase struct {
	name    string
	horizon int64
	build   func(b *netgen.Builder, x *model.Sector, s *model.Scenario)
	want    map[string]int64    // failure times of every failed asset
	comp    map[string]int64    // compromise times of every compromised asset
	cause   map[string]string   // optional: describeCause of selected assets
	backup  map[string][2]int64 // assets on backup: since, runs out
	sector  *SectorResult       // optional: expected summary of sector x
}

// describeCause renders a cause compactly for tables: "event:NAME",
// "compromise:SUPPLIER", "supply:GROUP:LOST1,LOST2".
func describeCause(r *Result, c Cause) string {
	n := r.Network()
	switch c.Kind {
	case CauseEvent:
		return "event:" + r.Scenario().Events[c.Event].Name
	case CauseCompromise:
		return "compromise:" + n.AssetName(n.EdgeSupplier(c.Edge))
	case CauseSupply:
		var lost []string
		for _, e := range c.Lost {
			lost = append(lost, n.AssetName(n.EdgeSupplier(e)))
		}
		return fmt.Sprintf("supply:%s:%s", n.GroupName(c.Group), joinComma(lost))
	}
	return c.Kind.String()
}

func joinComma(xs []string) string {
	s := ""
	for i, x := range xs {
		if i > 0 {
			s += ","
		}
		s += x
	}
	return s
}

var engCases = []engCase{
	{
		name: "chain with delays and backup", horizon: model.NoHorizon,
		build: func(b *netgen.Builder, x *model.Sector, s *model.Scenario) {
			a, g, h := b.Asset("a", x, 1), b.Asset("grid", x, 1), b.Asset("hospital", x, 1)
			b.Dep(b.Own(g, "all", 0, 0), a, model.Physical, 2*hour, 1)
			b.Dep(b.Needs(h, "power", "all", 0, 24*hour), g, model.Physical, 0, 1)
			b.Event(s, "quake", model.PhysicalEvent, 0, 1, a)
		},
		want:  map[string]int64{"a": 0, "grid": 2 * hour, "hospital": 26 * hour},
		cause: map[string]string{"a": "event:quake", "grid": "supply::a", "hospital": "supply:power:grid"},
	},
	{
		name: "k of n at the bound", horizon: model.NoHorizon,
		build: func(b *netgen.Builder, x *model.Sector, s *model.Scenario) {
			p, q, r := b.Asset("p", x, 1), b.Asset("q", x, 1), b.Asset("r", x, 1)
			two, one := b.Asset("two_lost", x, 1), b.Asset("one_lost", x, 1)
			g := b.Own(two, "k", 2, 0) // needs 2 of 3: lost at the 2nd arrival
			for _, sup := range []*model.Asset{p, q, r} {
				b.Dep(g, sup, model.Physical, 0, 1)
			}
			g = b.Own(one, "k", 2, 0)
			b.Dep(g, p, model.Physical, 0, 1)
			b.Dep(g, r, model.Physical, 0, 1)
			b.Dep(g, b.Asset("z", x, 1), model.Physical, 0, 1)
			b.Event(s, "e1", model.PhysicalEvent, 5, 1, p)
			b.Event(s, "e2", model.PhysicalEvent, 9, 1, q)
		},
		want:  map[string]int64{"p": 5, "q": 9, "two_lost": 9},
		cause: map[string]string{"two_lost": "supply::p,q"},
	},
	{
		name: "any and all", horizon: model.NoHorizon,
		build: func(b *netgen.Builder, x *model.Sector, s *model.Scenario) {
			p, q, r := b.Asset("p", x, 1), b.Asset("q", x, 1), b.Asset("r", x, 1)
			any2, any1, all := b.Asset("any_both", x, 1), b.Asset("any_one", x, 1), b.Asset("all_one", x, 1)
			g := b.Own(any2, "any", 0, 0)
			b.Dep(g, p, model.Physical, hour, 1)
			b.Dep(g, q, model.Physical, 0, 1)
			g = b.Own(any1, "any", 0, 0)
			b.Dep(g, p, model.Physical, 0, 1)
			b.Dep(g, r, model.Physical, 0, 1)
			g = b.Own(all, "all", 0, 0)
			b.Dep(g, r, model.Physical, 0, 1)
			b.Dep(g, q, model.Physical, 3*hour, 1)
			b.Event(s, "e", model.PhysicalEvent, 0, 1, p, q)
		},
		want:  map[string]int64{"p": 0, "q": 0, "any_both": hour, "all_one": 3 * hour},
		cause: map[string]string{"any_both": "supply::q,p", "all_one": "supply::q"},
	},
	{
		name: "every group is needed", horizon: model.NoHorizon,
		build: func(b *netgen.Builder, x *model.Sector, s *model.Scenario) {
			p, q := b.Asset("p", x, 1), b.Asset("q", x, 1)
			a := b.Asset("a", x, 1)
			b.Dep(b.Needs(a, "power", "any", 0, 10*hour), p, model.Physical, 0, 1)
			b.Dep(b.Needs(a, "water", "all", 0, 2*hour), q, model.Physical, 0, 1)
			b.Event(s, "e", model.PhysicalEvent, hour, 1, p, q)
		},
		want:  map[string]int64{"p": hour, "q": hour, "a": 3 * hour},
		cause: map[string]string{"a": "supply:water:q"},
	},
	{
		name: "backup longer than the horizon", horizon: 10 * hour,
		build: func(b *netgen.Builder, x *model.Sector, s *model.Scenario) {
			g, h := b.Asset("grid", x, 1), b.Asset("hospital", x, 1)
			b.Dep(b.Needs(h, "power", "all", 0, 24*hour), g, model.Physical, 2*hour, 1)
			b.Event(s, "quake", model.PhysicalEvent, 0, 1, g)
		},
		want:   map[string]int64{"grid": 0},
		backup: map[string][2]int64{"hospital": {2 * hour, 26 * hour}},
	},
	{
		name: "loss exactly at the horizon fails with zero backup, not after", horizon: 2 * hour,
		build: func(b *netgen.Builder, x *model.Sector, s *model.Scenario) {
			g, a, c := b.Asset("grid", x, 1), b.Asset("a", x, 1), b.Asset("c", x, 1)
			b.Dep(b.Own(a, "all", 0, 0), g, model.Physical, 2*hour, 1)
			b.Dep(b.Own(c, "all", 0, 1), g, model.Physical, 2*hour, 1)
			b.Event(s, "quake", model.PhysicalEvent, 0, 1, g)
		},
		want:   map[string]int64{"grid": 0, "a": 2 * hour},
		backup: map[string][2]int64{"c": {2 * hour, 2*hour + 1}},
	},
	{
		name: "zero-delay cycle without an event keeps working", horizon: model.NoHorizon,
		build: func(b *netgen.Builder, x *model.Sector, s *model.Scenario) {
			p, t, o := b.Asset("power", x, 1), b.Asset("telecom", x, 1), b.Asset("other", x, 1)
			b.Dep(b.Own(p, "all", 0, 0), t, model.Physical, 0, 1)
			b.Dep(b.Own(t, "all", 0, 0), p, model.Cyber, 0, 1)
			b.Event(s, "e", model.PhysicalEvent, 0, 1, o)
		},
		want: map[string]int64{"other": 0},
	},
	{
		name: "mutual cycle with one side hit", horizon: model.NoHorizon,
		build: func(b *netgen.Builder, x *model.Sector, s *model.Scenario) {
			p, t := b.Asset("power", x, 1), b.Asset("telecom", x, 1)
			b.Dep(b.Own(p, "all", 0, 0), t, model.Physical, 0, 1)
			b.Dep(b.Own(t, "all", 0, 0), p, model.Physical, 30*minute, 1)
			b.Event(s, "e", model.PhysicalEvent, hour, 1, p)
		},
		want:  map[string]int64{"power": hour, "telecom": hour + 30*minute},
		cause: map[string]string{"power": "event:e", "telecom": "supply::power"},
	},
	{
		name: "zero-delay tie: cause is the supplier settled first", horizon: model.NoHorizon,
		build: func(b *netgen.Builder, x *model.Sector, s *model.Scenario) {
			// a needs b and x; b needs a; x is hit: a and b fail at once, and a's cause
			// must be x, not b (whose own cause is a).
			a, bb, xx := b.Asset("a", x, 1), b.Asset("b", x, 1), b.Asset("x", x, 1)
			g := b.Own(a, "all", 0, 0)
			b.Dep(g, bb, model.Physical, 0, 1)
			b.Dep(g, xx, model.Physical, 0, 1)
			b.Dep(b.Own(bb, "all", 0, 0), a, model.Physical, 0, 1)
			b.Event(s, "e", model.PhysicalEvent, 0, 1, xx)
		},
		want:  map[string]int64{"a": 0, "b": 0, "x": 0},
		cause: map[string]string{"a": "supply::x", "b": "supply::a"},
	},
	{
		name: "cyber compromise crosses redundancy and backup", horizon: model.NoHorizon,
		build: func(b *netgen.Builder, x *model.Sector, s *model.Scenario) {
			v, alt, c, d := b.Asset("vendor", x, 1), b.Asset("alt", x, 1), b.Asset("customer", x, 1), b.Asset("downstream", x, 1)
			g := b.Own(c, "any", 0, 48*hour)
			b.Dep(g, v, model.Cyber, 30*minute, 1)
			b.Dep(g, alt, model.Physical, 0, 1)
			b.Dep(b.Own(d, "all", 0, 0), c, model.Cyber, 10*minute, 1)
			b.Event(s, "ransomware", model.CyberEvent, hour, 1, v)
		},
		want:  map[string]int64{"vendor": hour, "customer": hour + 30*minute, "downstream": hour + 40*minute},
		comp:  map[string]int64{"vendor": hour, "customer": hour + 30*minute, "downstream": hour + 40*minute},
		cause: map[string]string{"vendor": "event:ransomware", "customer": "compromise:vendor", "downstream": "compromise:customer"},
	},
	{
		name: "physical failure does not compromise; cyber edge still carries supply", horizon: model.NoHorizon,
		build: func(b *netgen.Builder, x *model.Sector, s *model.Scenario) {
			v, c := b.Asset("vendor", x, 1), b.Asset("customer", x, 1)
			b.Dep(b.Own(c, "all", 0, 2*hour), v, model.Cyber, 0, 1)
			b.Event(s, "flood", model.PhysicalEvent, 0, 1, v)
		},
		want:  map[string]int64{"vendor": 0, "customer": 2 * hour},
		cause: map[string]string{"customer": "supply::vendor"},
	},
	{
		name: "event beyond the horizon does nothing", horizon: day,
		build: func(b *netgen.Builder, x *model.Sector, s *model.Scenario) {
			a, c := b.Asset("a", x, 1), b.Asset("c", x, 1)
			b.Dep(b.Own(c, "all", 0, 0), a, model.Physical, 0, 1)
			b.Event(s, "late", model.PhysicalEvent, day+1, 1, a)
			b.Event(s, "late_cyber", model.CyberEvent, 2*day, 1, c)
		},
		want: map[string]int64{},
	},
	{
		name: "event at the horizon counts", horizon: day,
		build: func(b *netgen.Builder, x *model.Sector, s *model.Scenario) {
			b.Event(s, "edge", model.PhysicalEvent, day, 1, b.Asset("a", x, 1))
		},
		want: map[string]int64{"a": day},
	},
	{
		name: "probability 0 is ignored in the worst case, any other counts", horizon: model.NoHorizon,
		build: func(b *netgen.Builder, x *model.Sector, s *model.Scenario) {
			a, c, d, e := b.Asset("a", x, 1), b.Asset("c", x, 1), b.Asset("d", x, 1), b.Asset("e", x, 1)
			b.Dep(b.Own(c, "all", 0, 0), a, model.Physical, 0, 0)
			b.Dep(b.Own(d, "all", 0, 0), a, model.Physical, 0, 0.01)
			b.Event(s, "sure", model.PhysicalEvent, 0, 1, a)
			b.Event(s, "impossible", model.PhysicalEvent, 0, 0, e)
		},
		want: map[string]int64{"a": 0, "d": 0},
	},
	{
		name: "a dead edge never arrives, so an any group is not lost", horizon: model.NoHorizon,
		build: func(b *netgen.Builder, x *model.Sector, s *model.Scenario) {
			p, q, c := b.Asset("p", x, 1), b.Asset("q", x, 1), b.Asset("c", x, 1)
			g := b.Own(c, "any", 0, 0)
			b.Dep(g, p, model.Physical, 0, 1)
			b.Dep(g, q, model.Physical, 0, 0)
			b.Event(s, "e", model.PhysicalEvent, 0, 1, p, q)
		},
		want: map[string]int64{"p": 0, "q": 0},
	},
	{
		name: "sector threshold and fraction", horizon: model.NoHorizon,
		build: func(b *netgen.Builder, x *model.Sector, s *model.Scenario) {
			a1, a2, a3, a4 := b.Asset("a1", x, 1), b.Asset("a2", x, 1), b.Asset("a3", x, 1), b.Asset("a4", x, 2)
			_ = a4
			b.Event(s, "e1", model.PhysicalEvent, hour, 1, a1)
			b.Event(s, "e2", model.PhysicalEvent, 2*hour, 1, a2)
			b.Event(s, "e3", model.PhysicalEvent, 3*hour, 1, a3)
		},
		want:   map[string]int64{"a1": hour, "a2": 2 * hour, "a3": 3 * hour},
		sector: &SectorResult{FirstImpact: hour, FailedAt: 3 * hour, FailedFraction: 0.6, FailedWeight: 3},
	},
	{
		name: "sector that does not reach its threshold", horizon: 90 * minute,
		build: func(b *netgen.Builder, x *model.Sector, s *model.Scenario) {
			a1, a2 := b.Asset("a1", x, 1), b.Asset("a2", x, 3)
			b.Event(s, "e1", model.PhysicalEvent, hour, 1, a1)
			b.Event(s, "e2", model.PhysicalEvent, 2*hour, 1, a2)
		},
		want:   map[string]int64{"a1": hour},
		sector: &SectorResult{FirstImpact: hour, FailedAt: Never, FailedFraction: 0.25, FailedWeight: 1},
	},
	{
		name: "no horizon: nobody stays on backup", horizon: model.NoHorizon,
		build: func(b *netgen.Builder, x *model.Sector, s *model.Scenario) {
			g, h := b.Asset("grid", x, 1), b.Asset("hospital", x, 1)
			b.Dep(b.Own(h, "all", 0, 100*day), g, model.Physical, 0, 1)
			b.Event(s, "e", model.PhysicalEvent, 0, 1, g)
		},
		want: map[string]int64{"grid": 0, "hospital": 100 * day},
	},
	{
		name: "ties: event beats compromise beats supply; lowest group and event", horizon: model.NoHorizon,
		build: func(b *netgen.Builder, x *model.Sector, s *model.Scenario) {
			p, q, v := b.Asset("p", x, 1), b.Asset("q", x, 1), b.Asset("v", x, 1)
			two := b.Asset("two_groups", x, 1)
			b.Dep(b.Needs(two, "g1", "all", 0, hour), p, model.Physical, 0, 1)
			b.Dep(b.Needs(two, "g2", "all", 0, 0), q, model.Physical, hour, 1)
			comp := b.Asset("comp_vs_supply", x, 1)
			g := b.Own(comp, "all", 0, 0)
			b.Dep(g, p, model.Physical, hour, 1)
			b.Dep(g, v, model.Cyber, hour, 1)
			hit := b.Asset("hit_vs_comp", x, 1)
			b.Dep(b.Own(hit, "all", 0, 0), v, model.Cyber, hour, 1)
			b.Event(s, "a_phys", model.PhysicalEvent, 0, 1, p, q)
			b.Event(s, "b_cyber", model.CyberEvent, 0, 1, v)
			b.Event(s, "c_late", model.PhysicalEvent, hour, 1, hit)
			b.Event(s, "d_late_too", model.PhysicalEvent, hour, 1, hit)
		},
		want: map[string]int64{"p": 0, "q": 0, "v": 0, "two_groups": hour, "comp_vs_supply": hour, "hit_vs_comp": hour},
		comp: map[string]int64{"v": 0, "comp_vs_supply": hour, "hit_vs_comp": hour},
		cause: map[string]string{"two_groups": "supply:g1:p", "comp_vs_supply": "compromise:v",
			"hit_vs_comp": "event:c_late"},
	},
	{
		name: "huge delays saturate instead of overflowing", horizon: model.NoHorizon,
		build: func(b *netgen.Builder, x *model.Sector, s *model.Scenario) {
			a, c, d := b.Asset("a", x, 1), b.Asset("c", x, 1), b.Asset("d", x, 1)
			b.Dep(b.Own(c, "all", 0, 0), a, model.Physical, Never-10, 1)
			b.Dep(b.Own(d, "all", 0, Never-1), a, model.Cyber, 5, 1)
			b.Event(s, "e", model.CyberEvent, 20, 1, a)
		},
		want: map[string]int64{"a": 20, "d": 25},
		comp: map[string]int64{"a": 20, "d": 25},
	},
}

func TestRules(t *testing.T) {
	for _, tc := range engCases {
		t.Run(tc.name, func(t *testing.T) {
			b := netgen.New()
			x := b.Sector("x", 0.5)
			sc := b.Scenario("s", tc.horizon)
			tc.build(b, x, sc)
			m := b.Model()
			net, err := Compile(m)
			if err != nil {
				t.Fatal(err)
			}
			s, err := net.Scenario("s")
			if err != nil {
				t.Fatal(err)
			}
			r := net.Run(s, Options{})
			got := map[string]int64{}
			gotC := map[string]int64{}
			for a := range m.Assets {
				if r.Failure[a] != Never {
					got[m.Assets[a].Name] = r.Failure[a]
				}
				if r.Compromise[a] != Never {
					gotC[m.Assets[a].Name] = r.Compromise[a]
				}
			}
			if !maps.Equal(got, tc.want) {
				t.Errorf("failures %v, want %v", got, tc.want)
			}
			if tc.comp == nil {
				tc.comp = map[string]int64{}
			}
			if !maps.Equal(gotC, tc.comp) {
				t.Errorf("compromises %v, want %v", gotC, tc.comp)
			}
			for name, want := range tc.cause {
				if c := describeCause(r, r.Cause(int32(m.Asset(name).Index))); c != want {
					t.Errorf("cause of %s: %s, want %s", name, c, want)
				}
			}
			gotB := map[string][2]int64{}
			for _, bk := range r.OnBackup() {
				gotB[m.Assets[bk.Asset].Name] = [2]int64{bk.Since, bk.RunsOut}
			}
			if tc.backup == nil {
				tc.backup = map[string][2]int64{}
			}
			if !maps.Equal(gotB, tc.backup) {
				t.Errorf("on backup %v, want %v", gotB, tc.backup)
			}
			if tc.sector != nil && r.Sectors[x.Index] != *tc.sector {
				t.Errorf("sector %+v, want %+v", r.Sectors[x.Index], *tc.sector)
			}
			// the reference agrees too
			ref := engReference(m, m.Scenarios[0], r.Horizon(), engRefDraws{})
			if !slices.Equal(ref.F, r.Failure) || !slices.Equal(ref.C, r.Compromise) {
				t.Errorf("reference F %v C %v, engine F %v C %v", ref.F, ref.C, r.Failure, r.Compromise)
			}
			engCheckCauses(t, r)
		})
	}
}

func TestEmptySector(t *testing.T) {
	b := netgen.New()
	x := b.Sector("x", 0.5)
	b.Sector("empty", 0.5)
	sc := b.Scenario("s", model.NoHorizon)
	b.Event(sc, "e", model.PhysicalEvent, 0, 1, b.Asset("a", x, 1))
	m := b.Model()
	net, err := Compile(m)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := net.Scenario("s")
	r := net.Run(s, Options{})
	e := r.Sectors[m.Sector("empty").Index]
	if e != (SectorResult{FirstImpact: Never, FailedAt: Never}) {
		t.Errorf("empty sector: %+v", e)
	}
	if got := r.Sectors[x.Index]; got.FailedAt != 0 || got.FailedFraction != 1 {
		t.Errorf("sector x: %+v", got)
	}
}

func TestCompileRejects(t *testing.T) {
	mk := func(edit func(m *model.Model)) *model.Model {
		b := netgen.New()
		x := b.Sector("x", 0.5)
		a, c := b.Asset("a", x, 1), b.Asset("c", x, 1)
		b.Dep(b.Own(c, "all", 0, 0), a, model.Physical, 0, 1)
		m := b.Model()
		edit(m)
		return m
	}
	cases := map[string]func(m *model.Model){
		"negative delay":   func(m *model.Model) { m.Assets[1].Groups[0].Dependencies[0].Delay = -1 },
		"probability > 1":  func(m *model.Model) { m.Assets[1].Groups[0].Dependencies[0].Probability = 1.5 },
		"k > n":            func(m *model.Model) { m.Assets[1].Groups[0].Requires = 2 },
		"negative backup":  func(m *model.Model) { m.Assets[1].Groups[0].Backup = -5 },
		"zero weight":      func(m *model.Model) { m.Assets[0].Weight = 0 },
		"threshold 0":      func(m *model.Model) { m.Sectors[0].Threshold = 0 },
		"wrong index":      func(m *model.Model) { m.Assets[0].Index = 1 },
		"foreign supplier": func(m *model.Model) { m.Assets[1].Groups[0].Dependencies[0].On = &model.Asset{Name: "zz"} },
	}
	for name, edit := range cases {
		if _, err := Compile(mk(edit)); err == nil {
			t.Errorf("%s: Compile accepted it", name)
		}
	}
	if _, err := Compile(mk(func(*model.Model) {})); err != nil {
		t.Errorf("valid model rejected: %v", err)
	}
}

func TestCheckScenario(t *testing.T) {
	b := netgen.New()
	x := b.Sector("x", 0.5)
	b.Asset("a", x, 1)
	b.Asset("b", x, 1)
	net, err := Compile(b.Model())
	if err != nil {
		t.Fatal(err)
	}
	bad := []Scenario{
		{Horizon: HorizonAt(-5)},
		{Horizon: NoHorizon, Events: []Event{{At: -1, Probability: 1}}},
		{Horizon: NoHorizon, Events: []Event{{Probability: 2}}},
		{Horizon: NoHorizon, Events: []Event{{Probability: 1, Assets: []int32{1, 0}}}},
		{Horizon: NoHorizon, Events: []Event{{Probability: 1, Assets: []int32{2}}}},
	}
	for i := range bad {
		if net.Check(&bad[i]) == nil {
			t.Errorf("Check accepted %+v", bad[i])
		}
	}
	ok := net.SoleFailure(1, HorizonAt(day))
	if err := net.Check(ok); err != nil {
		t.Errorf("SoleFailure: %v", err)
	}
	if r := net.Run(ok, Options{}); r.NumFailed() != 1 || !r.Failed(1) {
		t.Errorf("SoleFailure run: %v", r.Failure)
	}
	if _, err := net.Scenario("nope"); err == nil {
		t.Error("unknown scenario accepted")
	}
}

func TestFormatDuration(t *testing.T) {
	for s, want := range map[int64]string{
		0: "0s", 45 * minute: "45m", day + 6*hour: "1d6h", 2*7*day + 3*day: "2w3d", 59: "59s",
		hour + 1: "1h1s", -90: "-1m30s", Never: "never",
	} {
		if got := FormatDuration(s); got != want {
			t.Errorf("FormatDuration(%d) = %q, want %q", s, got, want)
		}
	}
	// Every duration it writes reads back as the same seconds in the model language.
	for _, secs := range []int64{0, 1, 59, 60, 3600, 5415, 129600, 1209600 + 1, model.DurationLimit - 1} {
		s := FormatDuration(secs)
		if back, err := model.ParseDuration(s); err != nil || back != secs {
			t.Errorf("FormatDuration(%d) = %q, parsed back as %d, %v", secs, s, back, err)
		}
	}
}

func TestHorizonOverride(t *testing.T) {
	b := netgen.New()
	x := b.Sector("x", 0.5)
	a, c := b.Asset("a", x, 1), b.Asset("c", x, 1)
	b.Dep(b.Own(c, "all", 0, 0), a, model.Physical, 5*hour, 1)
	sc := b.Scenario("s", hour)
	b.Event(sc, "e", model.PhysicalEvent, 0, 1, a)
	net, _ := Compile(b.Model())
	s, _ := net.Scenario("s")
	if r := net.Run(s, Options{}); r.NumFailed() != 1 || r.Horizon() != hour {
		t.Errorf("scenario horizon: %d failed, horizon %d", r.NumFailed(), r.Horizon())
	}
	if r := net.Run(s, Options{Horizon: NoHorizon}); r.NumFailed() != 2 || r.Horizon() != Never {
		t.Errorf("no horizon: %d failed", r.NumFailed())
	}
	if r := net.Run(s, Options{Horizon: HorizonAt(5 * hour)}); r.NumFailed() != 2 {
		t.Errorf("horizon 5h: %d failed", r.NumFailed())
	}
}

// TestArrive feeds each way a group can be lost (lostLast, lostSecond, lostMth) random
// arrivals, each edge once, and checks every answer against the m-th earliest of the
// arrivals so far: the group is lost once m have arrived, and an arrival reports a
// failure when it moves the loss earlier (or makes it) within the horizon, never
// otherwise but for a tie with the loss.
func TestArrive(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 9))
	for _, tc := range []struct{ m, n int }{{2, 2}, {3, 3}, {7, 7}, {2, 3}, {2, 9}, {3, 4}, {4, 9}, {8, 9}} {
		for round := range 200 {
			n := new(Network)
			g := groupInfo{m: int32(tc.m), backup: int64(rng.IntN(3)) * 50}
			n.addMulti(&g, tc.n)
			wantLost := lostMth
			switch {
			case tc.m == tc.n:
				wantLost = lostLast
			case tc.m == 2:
				wantLost = lostSecond
			}
			if g.lost != wantLost {
				t.Fatalf("m=%d n=%d: lost %d, want %d", tc.m, tc.n, g.lost, wantLost)
			}
			slots := slices.Clone(n.slotInit)
			lim := int64(100 + rng.IntN(400))
			var seen []int64
			prev := Never
			for i := range tc.n {
				f := int64(rng.IntN(300))
				seen = append(seen, f)
				got, ok := arrive(slots, g.slot, g.lost, f, lim)
				sorted := slices.Sorted(slices.Values(seen))
				loss := Never
				if len(sorted) >= tc.m {
					loss = sorted[tc.m-1]
				}
				// It must report every earlier loss within lim; it may also report
				// an unchanged one (an arrival tied with the loss).
				must := loss < prev && g.backup <= lim-loss
				may := loss <= prev && loss != Never && g.backup <= lim-loss
				wantOK := must
				if ok != must && !(ok && may) || ok && got != loss+g.backup {
					t.Fatalf("m=%d n=%d round %d arrival %d (%d) after %v: got %d %v, want %d %v",
						tc.m, tc.n, round, i, f, seen[:i], got, ok, loss+g.backup, wantOK)
				}
				prev = loss
			}
		}
	}
}
