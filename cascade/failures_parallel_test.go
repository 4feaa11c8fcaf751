package cascade

import (
	"reflect"
	"runtime"
	"testing"

	"github.com/cascade-infra/cascade/cascade/internal/netgen"
)

// TestFailuresParallelEqualsCause holds the parallel shares of Failures against Cause
// asset by asset, on a run with more failures than parallelFailuresMin and with more
// shares than cores, for a run with and without Monte Carlo draws.
func TestFailuresParallelEqualsCause(t *testing.T) {
	m := netgen.Bench(3, netgen.BenchParams{Assets: 3 * parallelFailuresMin, Deps: 4, Sectors: 8, Cyber: 0.2, Uncertain: 0.2, Seeds: 10})
	net, err := Compile(m)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := net.Scenario("worst")
	if err != nil {
		t.Fatal(err)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(5))
	for _, opt := range []Options{{}, {MonteCarlo: true, Seed: 7, Trial: 2}} {
		r := net.Run(sc, opt)
		fs := r.Failures()
		if len(fs) < parallelFailuresMin {
			t.Fatalf("%d failures, want at least %d for the parallel path", len(fs), parallelFailuresMin)
		}
		if len(fs) != r.NumFailed() {
			t.Fatalf("Failures has %d rows, NumFailed %d", len(fs), r.NumFailed())
		}
		for i, f := range fs {
			if i > 0 && (fs[i-1].At > f.At || fs[i-1].At == f.At && fs[i-1].Asset >= f.Asset) {
				t.Fatalf("row %d out of order", i)
			}
			want := r.Cause(f.Asset)
			if f.At != r.Failure[f.Asset] || !reflect.DeepEqual(f.Cause, want) {
				t.Fatalf("asset %d: Failures says %+v, Cause %+v", f.Asset, f.Cause, want)
			}
		}
	}
}
