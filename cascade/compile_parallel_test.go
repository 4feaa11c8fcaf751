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

// moveAssets moves the assets of netgen's model m, asset i to at(i), and every
// reference to them too, and returns m.
func moveAssets(m *model.Model, at func(i int) *model.Asset) *model.Model {
	moved := make([]*model.Asset, len(m.Assets))
	for i, a := range m.Assets {
		moved[i] = at(i)
		*moved[i] = *a
	}
	for _, a := range moved {
		for _, g := range a.Groups {
			for _, d := range g.Dependencies {
				d.On = moved[d.On.Index]
			}
		}
	}
	for _, sc := range m.Scenarios {
		for _, ev := range sc.Events {
			for j, a := range ev.Assets {
				ev.Assets[j] = moved[a.Index]
			}
		}
	}
	m.Assets = moved
	return m
}

// slabModel returns netgen's model m with its assets moved into one array, as
// model.Load makes them.
func slabModel(m *model.Model) *model.Model {
	slab := make([]model.Asset, len(m.Assets))
	return moveAssets(m, func(i int) *model.Asset { return &slab[i] })
}

// apartModel returns netgen's model m with its assets moved apart: a word follows
// each, so that no two of them make one array, whatever the allocator does.
func apartModel(m *model.Model) *model.Model {
	type padded struct {
		a model.Asset
		_ uintptr
	}
	apart := make([]padded, len(m.Assets))
	return moveAssets(m, func(i int) *model.Asset { return &apart[i].a })
}

// TestCompileAssetSlab: a model whose assets are one array compiles (through the
// slab's addresses) to the network of the same model with its assets apart, and a
// dependency on an asset outside the model, or on none, is still an error.
func TestCompileAssetSlab(t *testing.T) {
	params := netgen.BenchParams{Assets: parallelCompileMin / 2, Deps: 4, Sectors: 8, Cyber: 0.2, Uncertain: 0.2, Seeds: 10}
	apart, err := Compile(apartModel(netgen.Bench(5, params)))
	if err != nil {
		t.Fatal(err)
	}
	m := slabModel(netgen.Bench(5, params))
	if s := model.SlabOf(m); s.Len() != len(m.Assets) {
		t.Fatalf("slab of %d assets, want %d", s.Len(), len(m.Assets))
	}
	if s := model.SlabOf(apart.Model()); s.Len() != 1 {
		t.Fatalf("the assets apart taken as a slab of %d of %d, want 1", s.Len(), len(m.Assets))
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
