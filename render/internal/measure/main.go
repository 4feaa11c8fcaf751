// Command measure times the layout of a synthetic model, to set and check the
// size limits of render (docs/render.md):
//
//	go run ./render/internal/measure LAYOUT N VIEW
//
// draws the VIEW (model, impact, sectors, ...) of synth.Model(N, 1) with LAYOUT
// as SVG and prints the time DOT and layout+SVG took. It forces every size: run
// it under timeout(1).
package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/render"
	"github.com/cascade-infra/cascade/render/graphviz"
	"github.com/cascade-infra/cascade/render/internal/synth"
)

func main() {
	layout, view := os.Args[1], os.Args[3]
	if layout == "auto" {
		layout = ""
	}
	n, _ := strconv.Atoi(os.Args[2])
	m := synth.Model(n, 1)
	in := &render.Input{Model: m}
	if view == "impact" {
		res, err := cascade.RunScenario(m, m.Scenarios[0], cascade.Options{})
		if err != nil {
			panic(err)
		}
		o, err := render.FromResult(res)
		if err != nil {
			panic(err)
		}
		in.Outcome = o
	}
	t0 := time.Now()
	d, err := render.Draw(in, render.Options{View: view, Layout: layout, Force: true})
	if err != nil {
		panic(err)
	}
	dotTime := time.Since(t0)
	b := d.Graph.Bytes()
	if len(os.Args) > 4 && os.Args[4] == "dump" {
		os.Stdout.Write(b)
		return
	}
	t1 := time.Now()
	if err := graphviz.Render(b, graphviz.Options{Format: "svg", Force: true}, io.Discard); err != nil {
		panic(err)
	}
	if len(os.Args) > 4 && os.Args[4] == "png" {
		t2 := time.Now()
		if err := graphviz.Render(b, graphviz.Options{Format: "png", Force: true}, io.Discard); err != nil {
			panic(err)
		}
		fmt.Printf("png %.2fs ", time.Since(t2).Seconds())
	}
	fmt.Printf("%s %s n=%d edges=%d dot-text=%v layout+svg=%.2fs\n", view, d.Layout, n, m.NumDependencies(), dotTime.Round(time.Microsecond), time.Since(t1).Seconds())
}
