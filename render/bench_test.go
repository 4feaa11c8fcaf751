package render

import (
	"fmt"
	"testing"

	"github.com/cascade-infra/cascade/model"
	"github.com/cascade-infra/cascade/render/internal/synth"
)

// exampleInput loads an example model and runs its scenario (the named one, or
// the first), for benchmarks.
func exampleInput(b *testing.B, dir, scenario string) (*Input, *model.Asset) {
	b.Helper()
	m, diags := model.Load("../examples/"+dir, model.Options{})
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	sc := m.Scenario(scenario)
	if sc == nil {
		sc = m.Scenarios[0]
	}
	o, err := simulate(m, sc)
	if err != nil {
		b.Fatal(err)
	}
	return &Input{Model: m, Outcome: o}, lastFailed(m, o)
}

// lastFailed returns the asset that fails last (by name on ties), whose causal
// chain is the longest to explain.
func lastFailed(m *model.Model, o *Outcome) *model.Asset {
	var last *model.Asset
	for _, a := range m.Assets {
		if ao := o.Assets[a.Index]; ao.Failed && (last == nil || ao.At > o.Assets[last.Index].At) {
			last = a
		}
	}
	return last
}

// BenchmarkDraw measures building the DOT text of each view (no layout).
func BenchmarkDraw(b *testing.B) {
	for _, ex := range []struct{ dir, scenario string }{{"quickstart", "flood"}, {"tokyo-2020", "combined"}} {
		in, last := exampleInput(b, ex.dir, ex.scenario)
		for _, v := range ViewNames() {
			b.Run(fmt.Sprintf("example=%s/view=%s", ex.dir, v), func(b *testing.B) {
				in := *in
				in.Asset = last
				b.ReportAllocs()
				for b.Loop() {
					if _, err := Draw(&in, Options{View: v}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
	for _, n := range []int{1000, 10000} {
		m := synthetic(n, 1)
		for _, v := range []string{"model", "sectors"} {
			b.Run(fmt.Sprintf("view=%s/n=%s", v, sizeName(n)), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := Draw(&Input{Model: m}, Options{View: v, Force: true}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkSectorsDense measures the DOT of the sectors view of the worst
// case (synth.Dense: 500 sectors, 100,000 assets, about 199,000 links between
// sectors): aggregating the dependencies, finding the loops, choosing the links
// to draw and writing the text, without layout.
func BenchmarkSectorsDense(b *testing.B) {
	m := synth.Dense(100000, 500, 4, 1)
	for _, max := range []int{0, AllEdges} {
		name := "max-edges=default"
		if max == AllEdges {
			name = "all-edges"
		}
		b.Run("sectors=500/assets=1e5/"+name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				d, err := Draw(&Input{Model: m, MaxEdges: max}, Options{View: "sectors", Force: true})
				if err != nil {
					b.Fatal(err)
				}
				_ = d.Graph.Bytes()
			}
		})
	}
}

// sizeName writes a benchmark size as 1e3, 1e4, ….
func sizeName(n int) string {
	e := 0
	for n >= 10 && n%10 == 0 {
		n /= 10
		e++
	}
	if n == 1 {
		return fmt.Sprintf("1e%d", e)
	}
	return fmt.Sprintf("%de%d", n, e)
}
