package model

import "testing"

// TestSlabOf checks that SlabOf finds the longest run of a model's assets lying in one
// array in index order, and that Index gives the model's index of each of them and
// refuses every other asset.
func TestSlabOf(t *testing.T) {
	one := make([]Asset, 5)
	other := make([]Asset, 3)
	apart := func(n int) []*Asset {
		as := make([]*Asset, n)
		for i := range as {
			as[i] = new(Asset)
		}
		return as
	}
	ptrs := func(as []Asset) []*Asset {
		ps := make([]*Asset, len(as))
		for i := range as {
			ps[i] = &as[i]
		}
		return ps
	}
	for _, tc := range []struct {
		name   string
		assets []*Asset
		lo, n  int // the run SlabOf must find
	}{
		{"none", nil, 0, 0},
		{"one array", ptrs(one), 0, 5},
		{"an HCL asset first", append(apart(1), ptrs(one)...), 1, 5},
		{"two arrays", append(ptrs(other), ptrs(one)...), 3, 5},
		{"out of order", []*Asset{&one[1], &one[0], &one[2], &one[3]}, 2, 2},
		{"nil between", []*Asset{&one[0], &one[1], nil, &other[0], &other[1], &other[2]}, 3, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := &Model{Assets: tc.assets}
			s := SlabOf(m)
			if s.Len() != tc.n || (tc.n > 0 && s.lo != tc.lo) {
				t.Fatalf("SlabOf = assets %d..%d, want %d..%d", s.lo, s.lo+s.Len()-1, tc.lo, tc.lo+tc.n-1)
			}
			in := 0
			for i, a := range m.Assets {
				got, ok := s.Index(a)
				if ok {
					in++
					if got != i {
						t.Errorf("Index(asset %d) = %d", i, got)
					}
				}
				if want := i >= tc.lo && i < tc.lo+tc.n; ok != want {
					t.Errorf("Index(asset %d) ok = %v, want %v", i, ok, want)
				}
			}
			if in != tc.n {
				t.Errorf("Index found %d assets, want %d", in, tc.n)
			}
			for _, a := range []*Asset{nil, new(Asset)} {
				if i, ok := s.Index(a); ok {
					t.Errorf("Index(%p) = %d, true for an asset outside the model", a, i)
				}
			}
		})
	}
}
