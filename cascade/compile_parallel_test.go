package cascade

import (
	"reflect"
	"runtime"
	"testing"

	"github.com/cascade-infra/cascade/cascade/internal/netgen"
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
