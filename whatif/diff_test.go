package whatif

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// runSeeds are run results of the command's test data, the seeds of FuzzReadRun.
func runSeeds(t testing.TB) [][]byte {
	files, _ := filepath.Glob("../cmd/cascade/testdata/diff/[ab].json")
	files = append(files, "../cmd/cascade/testdata/alerts/run.json")
	var out [][]byte
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, src)
	}
	return out
}

// FuzzReadRun feeds ReadRun arbitrary bytes: it must never panic, and a result it
// accepts diffs against itself as the same and against a test result without panic,
// into a diff that encodes as JSON.
func FuzzReadRun(f *testing.F) {
	seeds := runSeeds(f)
	for _, s := range seeds {
		f.Add(s)
	}
	f.Add([]byte(`{"scenario":"s","failures":[],"sectors":[],"summary":{"loss_s":null,"x":[1]}}`))
	f.Add([]byte(`{"scenario":"s","failures":[{"asset":"a","at_s":-5,"compromised":true}],"sectors":[{"sector":"z","failed_at_s":9223372036854775807}],"protected":[{"asset":"a","protected_s":-9223372036854775808}]}`))
	other, err := ReadRun(seeds[0])
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		r, err := ReadRun(src)
		if err != nil {
			return
		}
		if d := DiffRuns("x", r, "x", r); !d.Same {
			t.Fatalf("a result differs from itself: %+v", d)
		}
		for _, d := range []*Diff{DiffRuns("x", r, "o", other), DiffRuns("o", other, "x", r)} {
			if _, err := json.Marshal(d); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// TestDiffSymmetric checks that swapping the runs swaps every side of the diff.
func TestDiffSymmetric(t *testing.T) {
	seeds := runSeeds(t)
	a, _ := ReadRun(seeds[0])
	b, _ := ReadRun(seeds[1])
	ab, ba := DiffRuns("a", a, "b", b), DiffRuns("b", b, "a", a)
	if ab.Same || len(ab.OnlyA) != len(ba.OnlyB) || len(ab.OnlyB) != len(ba.OnlyA) || len(ab.Moved) != len(ba.Moved) ||
		len(ab.Sectors) != len(ba.Sectors) || len(ab.Compromise) != len(ba.Compromise) || len(ab.Protection) != len(ba.Protection) {
		t.Fatalf("a/b %+v\nb/a %+v", ab, ba)
	}
	for i, m := range ab.Moved {
		n := ba.Moved[i]
		if m.Asset != n.Asset || *m.ShiftS != -*n.ShiftS {
			t.Errorf("moved %+v against %+v", m, n)
		}
	}
	for i, s := range ab.Summary {
		if u := ba.Summary[i]; s.Field != u.Field || (s.Delta != nil && *s.Delta != -*u.Delta) {
			t.Errorf("summary %+v against %+v", s, u)
		}
	}
}
