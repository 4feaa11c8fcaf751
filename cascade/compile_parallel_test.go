package cascade

import (
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/cascade-infra/cascade/cascade/internal/netgen"
	"github.com/cascade-infra/cascade/model"
)

// TestCompileSharesEqual compiles a model with more dependencies than
// parallelCompileMin with one share and with five: every array of the network must be
// the same, and with two faulty assets in different shares the error is the one of the
// first in index order.
func TestCompileSharesEqual(t *testing.T) {
	params := netgen.BenchParams{Assets: parallelCompileMin / 2, Deps: 4, Sectors: 8, Cyber: 0.2, Uncertain: 0.2, Seeds: 10}
	compile := func(procs int) (*Network, error) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		m := netgen.Bench(5, params)
		return Compile(m)
	}
	one, err := compile(1)
	if err != nil {
		t.Fatal(err)
	}
	if len(one.eSrc) < parallelCompileMin {
		t.Fatalf("%d dependencies, want at least %d for the parallel path", len(one.eSrc), parallelCompileMin)
	}
	five, err := compile(5)
	if err != nil {
		t.Fatal(err)
	}
	one.pool, five.pool = nil, nil
	if !reflect.DeepEqual(one, five) {
		t.Error("the network compiled in five shares differs from the one compiled in one")
	}

	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(5))
	m := netgen.Bench(5, params)
	first, last := m.Assets[len(m.Assets)/3], m.Assets[len(m.Assets)-1]
	for _, a := range []int{len(m.Assets) - 1, len(m.Assets) / 3} {
		if len(m.Assets[a].Groups) == 0 || len(m.Assets[a].Groups[0].Dependencies) == 0 {
			t.Fatalf("asset %d has no dependency to break", a)
		}
	}
	last.Groups[0].Dependencies[0].Delay = -1
	first.Groups[0].Backup = -1
	_, err = Compile(m)
	want := `compile: asset "` + first.Name + `" group "` + first.Groups[0].Name + `": negative backup -1`
	if err == nil || err.Error() != want {
		t.Errorf("Compile error %v, want %q", err, want)
	}
}

// slabModel returns netgen's model m with its assets moved into one array, as
// model.Load makes them, and every reference to them moved too.
func slabModel(m *model.Model) *model.Model {
	slab := make([]model.Asset, len(m.Assets))
	for i, a := range m.Assets {
		slab[i] = *a
	}
	for i := range slab {
		for _, g := range slab[i].Groups {
			for _, d := range g.Dependencies {
				d.On = &slab[d.On.Index]
			}
		}
		m.Assets[i] = &slab[i]
	}
	for _, sc := range m.Scenarios {
		for _, ev := range sc.Events {
			for j, a := range ev.Assets {
				ev.Assets[j] = &slab[a.Index]
			}
		}
	}
	return m
}

// TestCompileAssetSlab: a model whose assets are one array compiles (through the
// slab's addresses) to the network of the same model with its assets apart, and a
// dependency on an asset outside the model, or on none, is still an error.
func TestCompileAssetSlab(t *testing.T) {
	params := netgen.BenchParams{Assets: parallelCompileMin / 2, Deps: 4, Sectors: 8, Cyber: 0.2, Uncertain: 0.2, Seeds: 10}
	apart, err := Compile(netgen.Bench(5, params))
	if err != nil {
		t.Fatal(err)
	}
	m := slabModel(netgen.Bench(5, params))
	if s := model.SlabOf(m); s.Len() != len(m.Assets) {
		t.Fatalf("slab of %d assets, want %d", s.Len(), len(m.Assets))
	}
	if s := model.SlabOf(apart.Model()); s.Len() > len(m.Assets)/2 {
		t.Fatalf("netgen's assets apart taken as a slab of %d of %d", s.Len(), len(m.Assets))
	}
	slab, err := Compile(m)
	if err != nil {
		t.Fatal(err)
	}
	apart.pool, slab.pool, apart.m, slab.m = nil, nil, nil, nil
	if !reflect.DeepEqual(apart, slab) {
		t.Error("the network of the slab differs from the one of the assets apart")
	}
	dep := m.Assets[len(m.Assets)/2].Groups[0].Dependencies[0]
	for _, on := range []*model.Asset{new(model.Asset), nil} {
		if on != nil {
			*on = *dep.On // the same fields, outside the model
		}
		saved := dep.On
		dep.On = on
		if _, err := Compile(m); err == nil || !strings.Contains(err.Error(), "dependency on an asset outside the model") {
			t.Errorf("dependency on %p: error %v", on, err)
		}
		dep.On = saved
	}
}
