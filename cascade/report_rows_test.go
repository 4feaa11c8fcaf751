package cascade

import (
	"reflect"
	"testing"

	"github.com/cascade-infra/cascade/cascade/internal/netgen"
	"github.com/cascade-infra/cascade/model"
)

// TestFillWithReusesScratch: rows filled with one RowScratch, in blocks of changing
// sizes, each equal Report's rows when read before the next block is filled, for runs
// with and without restoration and with Monte Carlo draws; and without restoration
// (whose causes allocate lists of their own) a block filled again with a warm scratch
// allocates nothing.
func TestFillWithReusesScratch(t *testing.T) {
	plain := netgen.Bench(5, netgen.BenchParams{Assets: 2000, Deps: 4, Sectors: 8, Cyber: 0.2, Uncertain: 0.2, Seeds: 10})
	tokyo, diags := model.Load("../examples/tokyo-2020", model.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	for _, tt := range []struct {
		name string
		m    *model.Model
		opt  Options
	}{
		{"plain", plain, Options{}},
		{"monte carlo", plain, Options{MonteCarlo: true, Seed: 3, Trial: 1}},
		{"restoration", tokyo, Options{}},
	} {
		net, err := Compile(tt.m)
		if err != nil {
			t.Fatal(err)
		}
		sc, err := net.Scenario(tt.m.Scenarios[0].Name)
		if err != nil {
			t.Fatal(err)
		}
		r := net.Run(sc, tt.opt)
		want := r.Report().Failures
		_, rows := r.ReportRows()
		if rows.Len() != len(want) || len(want) < 20 {
			t.Fatalf("%s: %d rows to build, Report has %d (want at least 20)", tt.name, rows.Len(), len(want))
		}
		var scratch RowScratch
		buf := make([]FailureReport, 64)
		sizes := []int{3, 64, 1, 17, 64, 5}
		for lo, b := 0, 0; lo < rows.Len(); b++ {
			block := buf[:min(sizes[b%len(sizes)], rows.Len()-lo)]
			rows.FillWith(block, lo, &scratch)
			if !reflect.DeepEqual(block, want[lo:lo+len(block)]) {
				t.Fatalf("%s: the block of rows %d..%d differs from Report's", tt.name, lo, lo+len(block)-1)
			}
			lo += len(block)
		}
		if r.restored {
			continue
		}
		block := buf[:min(len(buf), rows.Len())]
		if allocs := testing.AllocsPerRun(5, func() { rows.FillWith(block, 0, &scratch) }); allocs != 0 {
			t.Errorf("%s: FillWith with a warm scratch makes %v allocations, want 0", tt.name, allocs)
		}
	}
}
