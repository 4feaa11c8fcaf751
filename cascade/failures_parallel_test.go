package cascade

import (
	"cmp"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"sync"
	"testing"

	"github.com/cascade-infra/cascade/cascade/internal/netgen"
	"github.com/cascade-infra/cascade/model"
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

// reportRuns returns three runs to build reports of: netgen's model seed of n assets
// run worst case ("plain") and with the draws of mc ("monte carlo"), and the first
// scenario of examples/tokyo-2020, which has restoration ("restoration").
func reportRuns(t *testing.T, seed uint64, n int, mc Options) []struct {
	name string
	r    *Result
} {
	t.Helper()
	plain := netgen.Bench(seed, netgen.BenchParams{Assets: n, Deps: 4, Sectors: 8, Cyber: 0.2, Uncertain: 0.2, Seeds: 10})
	tokyo, diags := model.Load("../examples/tokyo-2020", model.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var runs []struct {
		name string
		r    *Result
	}
	for _, c := range []struct {
		name string
		m    *model.Model
		opt  Options
	}{
		{"plain", plain, Options{}},
		{"monte carlo", plain, mc},
		{"restoration", tokyo, Options{}},
	} {
		net, err := Compile(c.m)
		if err != nil {
			t.Fatal(err)
		}
		sc, err := net.Scenario(c.m.Scenarios[0].Name)
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, struct {
			name string
			r    *Result
		}{c.name, net.Run(sc, c.opt)})
	}
	return runs
}

// TestReportSharesEqual: Report built in parallel shares (more than cores) equals
// Report built in one share, field by field, and so do ReportRows with its rows filled
// in blocks of 7 into one reused buffer, for runs with and without restoration (whose
// summary counts assets down and restored at the horizon) and with Monte Carlo draws.
func TestReportSharesEqual(t *testing.T) {
	for _, tt := range reportRuns(t, 3, 3000, Options{MonteCarlo: true, Seed: 7, Trial: 2}) {
		r := tt.r
		if r.NumFailed() < 10 {
			t.Fatalf("%s: %d failures, want more shares' worth", tt.name, r.NumFailed())
		}
		defer func(min int) { parallelFailuresMin = min }(parallelFailuresMin)
		parallelFailuresMin = 1 << 30
		one := r.Report()
		parallelFailuresMin = 1
		prev := runtime.GOMAXPROCS(5)
		shared := r.Report()
		runtime.GOMAXPROCS(prev)
		if !reflect.DeepEqual(one, shared) {
			t.Errorf("%s: the report in shares differs from the one in one share", tt.name)
		}
		lazy, rows := r.ReportRows()
		if len(lazy.Failures) != 0 || rows.Len() != len(one.Failures) {
			t.Fatalf("%s: ReportRows has %d rows and %d to build, want 0 and %d", tt.name, len(lazy.Failures), rows.Len(), len(one.Failures))
		}
		buf := make([]FailureReport, 7)
		for lo := 0; lo < rows.Len(); lo += len(buf) {
			b := buf[:min(len(buf), rows.Len()-lo)]
			rows.Fill(b, lo)
			lazy.Failures = append(lazy.Failures, b...)
		}
		if !reflect.DeepEqual(one, lazy) {
			t.Errorf("%s: ReportRows and its rows differ from Report", tt.name)
		}
		if s := shared.Summary; s.Down+s.Restored != len(shared.Failures) || tt.name == "restoration" && s.Restored == 0 {
			t.Errorf("%s: %d down and %d restored of %d failures", tt.name, s.Down, s.Restored, len(shared.Failures))
		}
	}
}

// TestTimeOrder: timeOrder sorts by time then id whether Result.order is by
// time (as runs leave it) or not (shuffled, reversed).
func TestTimeOrder(t *testing.T) {
	m := netgen.Bench(4, netgen.BenchParams{Assets: 2000, Deps: 3, Sectors: 4, Cyber: 0.2, Uncertain: 0.2, Seeds: 10})
	net, err := Compile(m)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := net.Scenario(m.Scenarios[0].Name)
	if err != nil {
		t.Fatal(err)
	}
	r := net.Run(sc, Options{})
	want := slices.Clone(r.order)
	slices.SortFunc(want, func(x, y int32) int {
		return cmp.Or(cmp.Compare(r.Failure[x], r.Failure[y]), cmp.Compare(x, y))
	})
	if len(want) < 100 || r.Failure[want[0]] == r.Failure[want[len(want)-1]] {
		t.Fatalf("%d failures, want many at several times", len(want))
	}
	orig := slices.Clone(r.order)
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tt := range []struct {
		name  string
		order func([]int32)
	}{
		{"as run", func([]int32) {}},
		{"reversed", slices.Reverse[[]int32]},
		{"shuffled", func(o []int32) { rng.Shuffle(len(o), func(i, j int) { o[i], o[j] = o[j], o[i] }) }},
	} {
		r.order = slices.Clone(orig)
		tt.order(r.order)
		r.sortedOnce = sync.Once{}
		if got := r.timeOrder(); !slices.Equal(got, want) {
			t.Errorf("%s: timeOrder is not by time then id", tt.name)
		}
	}
}
