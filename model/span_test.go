package model

import (
	"math"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// TestSpan checks that a span gives back the range it was made of, shares the file
// name of the other spans of a load, and clamps what does not fit in 32 bits.
func TestSpan(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    hcl.Range
		want hcl.Range
	}{
		{"zero", hcl.Range{}, hcl.Range{}},
		{"no file", hcl.Range{Start: hcl.Pos{Line: 2, Column: 3, Byte: 4}}, hcl.Range{Start: hcl.Pos{Line: 2, Column: 3, Byte: 4}}},
		{"row", hcl.Range{Filename: "deps.csv", Start: hcl.Pos{Line: 7, Column: 1, Byte: 120}, End: hcl.Pos{Line: 7, Column: 22, Byte: 141}},
			hcl.Range{Filename: "deps.csv", Start: hcl.Pos{Line: 7, Column: 1, Byte: 120}, End: hcl.Pos{Line: 7, Column: 22, Byte: 141}}},
		{"large", hcl.Range{Filename: "a.hcl", Start: hcl.Pos{Line: math.MaxInt32, Column: -1, Byte: math.MaxInt32 + 5}},
			hcl.Range{Filename: "a.hcl", Start: hcl.Pos{Line: math.MaxInt32, Column: 0, Byte: math.MaxInt32}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := NewSpan(tc.r).Range(); got != tc.want {
				t.Errorf("NewSpan(%v).Range() = %v, want %v", tc.r, got, tc.want)
			}
			files := fileNames{}
			if got := files.span(tc.r).Range(); got != tc.want {
				t.Errorf("fileNames.span(%v).Range() = %v, want %v", tc.r, got, tc.want)
			}
		})
	}
	files := fileNames{}
	a, b := files.span(hcl.Range{Filename: "x.csv"}), files.span(hcl.Range{Filename: "x.csv", Start: hcl.Pos{Line: 2}})
	if a.file != b.file {
		t.Errorf("two spans of x.csv hold two copies of its name")
	}
	if c := files.span(hcl.Range{Filename: "y.csv"}); c.file == a.file {
		t.Errorf("spans of x.csv and y.csv share a name")
	}
}
