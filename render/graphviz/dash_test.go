package graphviz

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
	"github.com/cascade-infra/cascade/render"
)

// TestPNGCyberEdgeDashed draws the impact view of two assets joined by a cyber
// dependency that carried the cascade (a thick red dashed edge) as a PNG, and
// walks the edge's row of pixels between the two nodes: it must alternate
// between the cascade colour and the white background, several times.
func TestPNGCyberEdgeDashed(t *testing.T) {
	dir := t.TempDir()
	src := `
sector "it" { label = "IT" }
asset "scada" { sector = sector.it }
asset "plant" {
  sector = sector.it
  dependency {
    on    = asset.scada
    kind  = "cyber"
    delay = "1h"
  }
}
scenario "hack" {
  event "e" { targets = [asset.scada] }
}
`
	if err := os.WriteFile(filepath.Join(dir, "model.hcl"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	m, diags := model.Load(dir, model.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	res, err := cascade.RunScenario(m, m.Scenario("hack"), cascade.Options{})
	if err != nil {
		t.Fatal(err)
	}
	o, err := render.FromResult(res)
	if err != nil {
		t.Fatal(err)
	}
	d, err := render.Draw(&render.Input{Model: m, Outcome: o}, render.Options{View: "impact"})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := Render(d.Graph.Bytes(), Options{Format: "png"}, &out); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&out)
	if err != nil {
		t.Fatal(err)
	}
	red := func(x, y int) bool {
		r, g, b, _ := img.At(x, y).RGBA()
		return absDiff(r>>8, 0xb2) < 40 && absDiff(g>>8, 0x18) < 40 && absDiff(b>>8, 0x2b) < 40
	}
	white := func(x, y int) bool {
		r, g, b, _ := img.At(x, y).RGBA()
		return r>>8 > 230 && g>>8 > 230 && b>>8 > 230
	}
	// The edge runs between the two nodes; find the run of pixels along the
	// column or row with the most cascade-red pixels, and count red→white
	// transitions along it.
	bd := img.Bounds()
	best, bestRed := 0, 0
	vertical := bd.Dy() > bd.Dx()
	lines, length := bd.Dy(), bd.Dx()
	if vertical {
		lines, length = bd.Dx(), bd.Dy()
	}
	at := func(line, i int) image.Point {
		if vertical {
			return image.Pt(line, i)
		}
		return image.Pt(i, line)
	}
	for l := range lines {
		n := 0
		for i := range length {
			if p := at(l, i); red(p.X, p.Y) {
				n++
			}
		}
		if n > bestRed {
			best, bestRed = l, n
		}
	}
	if bestRed < 20 {
		t.Fatalf("no cascade-red edge in the PNG (best line has %d red pixels)", bestRed)
	}
	gaps := 0
	for i := 1; i < length; i++ {
		p, q := at(best, i-1), at(best, i)
		if red(p.X, p.Y) && white(q.X, q.Y) {
			gaps++
		}
	}
	if gaps < 3 {
		t.Errorf("the cyber cascade edge has %d gaps along its %d red pixels, want a dashed line (3 or more)", gaps, bestRed)
	}
}
