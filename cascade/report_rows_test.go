package cascade

import (
	"reflect"
	"testing"
)

// TestFillWithReusesScratch: rows filled with one RowScratch, in blocks of changing
// sizes, each equal Report's rows when read before the next block is filled, for runs
// with and without restoration and with Monte Carlo draws; and without restoration
// (whose causes allocate lists of their own) a block filled again with a warm scratch
// allocates nothing.
func TestFillWithReusesScratch(t *testing.T) {
	for _, tt := range reportRuns(t, 5, 2000, Options{MonteCarlo: true, Seed: 3, Trial: 1}) {
		r := tt.r
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
