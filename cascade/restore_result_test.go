package cascade

import (
	"slices"
	"testing"

	"github.com/cascade-infra/cascade/cascade/internal/netgen"
	"github.com/cascade-infra/cascade/model"
)

// TestWaitLoop finds the black-start deadlock of a loop of three assets that need each
// other, from each of them, and none on the loop once one of them can start from a
// black-start generator; an asset that waits for the loop without being on it is on no
// loop.
func TestWaitLoop(t *testing.T) {
	for _, tc := range []struct {
		name       string
		generator  bool
		wantLoop   map[string][]string
		wantRestor []string
	}{
		{name: "deadlock", wantLoop: map[string][]string{
			"grid":    {"grid", "gas", "telecom"},
			"gas":     {"gas", "telecom", "grid"},
			"telecom": {"telecom", "grid", "gas"},
			"bank":    nil,
		}},
		{name: "black-start generator", generator: true, wantRestor: []string{"bank", "gas", "grid", "telecom"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := netgen.New()
			s := b.Sector("s", 0.5)
			grid, gas, tel, bank := b.Asset("grid", s, 1), b.Asset("gas", s, 1), b.Asset("telecom", s, 1), b.Asset("bank", s, 1)
			grid.Repair = 10
			b.Dep(grid.Groups[0], gas, model.Physical, 0, 1)
			b.Dep(gas.Groups[0], tel, model.Physical, 0, 1)
			b.Dep(tel.Groups[0], grid, model.Physical, 0, 1)
			b.Dep(bank.Groups[0], tel, model.Physical, 0, 1)
			if tc.generator {
				gen := b.Asset("generator", s, 1)
				grid.Groups[0].RequiresMode = "any" // gas or the generator
				b.Dep(grid.Groups[0], gen, model.Physical, 0, 1)
			}
			b.Event(b.Scenario("s", 100), "quake", model.PhysicalEvent, 0, 1, grid)
			m := b.Model()
			net, err := Compile(m)
			if err != nil {
				t.Fatal(err)
			}
			sc, _ := net.Scenario("s")
			r := net.Run(sc, Options{})
			for name, want := range tc.wantLoop {
				var got []string
				for _, x := range r.WaitLoop(int32(m.Asset(name).Index)) {
					got = append(got, m.Assets[x].Name)
				}
				if !slices.Equal(got, want) {
					t.Errorf("WaitLoop(%s) = %v, want %v", name, got, want)
				}
			}
			var restored []string
			for _, a := range m.Assets {
				if r.Restored(int32(a.Index)) != Never {
					restored = append(restored, a.Name)
				}
				if tc.generator && r.WaitLoop(int32(a.Index)) != nil {
					t.Errorf("%s on a loop with the generator", a.Name)
				}
			}
			slices.Sort(restored)
			if !slices.Equal(restored, tc.wantRestor) {
				t.Errorf("restored %v, want %v", restored, tc.wantRestor)
			}
		})
	}
}
