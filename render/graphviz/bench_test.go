package graphviz

import (
	"fmt"
	"io"
	"testing"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
	"github.com/cascade-infra/cascade/render"
	"github.com/cascade-infra/cascade/render/internal/synth"
)

// draw builds a diagram and lays it out as SVG (or PNG).
func draw(b *testing.B, in *render.Input, opts render.Options, format string) {
	b.Helper()
	d, err := render.Draw(in, opts)
	if err != nil {
		b.Fatal(err)
	}
	if err := Render(d.Graph.Bytes(), Options{Format: format, Force: true}, io.Discard); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkRender measures whole diagrams: DOT text, layout and SVG, for each
// view of the examples, and for synthetic models of 1,000 assets (model view,
// sfdp) and 10,000 assets (sectors view).
func BenchmarkRender(b *testing.B) {
	for _, ex := range []struct{ dir, scenario string }{{"quickstart", "flood"}, {"tokyo-2020", "combined"}} {
		m, diags := model.Load("../../examples/"+ex.dir, model.Options{})
		if diags.HasErrors() {
			b.Fatal(diags)
		}
		res, err := cascade.RunScenario(m, m.Scenario(ex.scenario), cascade.Options{})
		if err != nil {
			b.Fatal(err)
		}
		o, err := render.FromResult(res)
		if err != nil {
			b.Fatal(err)
		}
		var last *model.Asset
		for _, a := range m.Assets {
			if ao := o.Assets[a.Index]; ao.Failed && (last == nil || ao.At > o.Assets[last.Index].At) {
				last = a
			}
		}
		for _, v := range render.ViewNames() {
			for _, format := range []string{"svg", "png"} {
				b.Run(fmt.Sprintf("example=%s/view=%s/format=%s", ex.dir, v, format), func(b *testing.B) {
					in := &render.Input{Model: m, Outcome: o, Asset: last}
					for b.Loop() {
						draw(b, in, render.Options{View: v}, format)
					}
				})
			}
		}
	}
	for _, tc := range []struct {
		view string
		n    int
	}{{"model", 1000}, {"impact", 1000}, {"sectors", 10000}} {
		m := synth.Model(tc.n, 1)
		in := &render.Input{Model: m}
		if tc.view == "impact" {
			res, err := cascade.RunScenario(m, m.Scenarios[0], cascade.Options{})
			if err != nil {
				b.Fatal(err)
			}
			o, err := render.FromResult(res)
			if err != nil {
				b.Fatal(err)
			}
			in.Outcome = o
		}
		b.Run(fmt.Sprintf("view=%s/n=%s", tc.view, sizeName(tc.n)), func(b *testing.B) {
			for b.Loop() {
				draw(b, in, render.Options{View: tc.view}, "svg")
			}
		})
	}
}

// BenchmarkSectorsWorstCase measures the sectors view of the worst model the
// issue names (synth.Dense: 500 sectors, 100,000 assets, 4 dependencies each,
// about 199,000 links between sectors, all one loop) through layout, as SVG and
// PNG, with the default cap on links (render.DefaultMaxEdges) and the automatic
// layout (sfdp): the DOT (aggregation, choice of links, text) and the
// companion's work (parse, layout, SVG, rasterizing). Loading a model from
// files is not included; see bench/RESULTS.md for whole commands.
func BenchmarkSectorsWorstCase(b *testing.B) {
	m := synth.Dense(100000, 500, 4, 1)
	for _, format := range []string{"svg", "png"} {
		b.Run("sectors=500/assets=1e5/format="+format, func(b *testing.B) {
			for b.Loop() {
				draw(b, &render.Input{Model: m}, render.Options{View: "sectors"}, format)
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
