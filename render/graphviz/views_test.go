package graphviz

import (
	"bytes"
	"encoding/xml"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
	"github.com/cascade-infra/cascade/render"
)

// runModel loads the model of the HCL text src and runs its scenario sc.
func runModel(t *testing.T, src, sc string) (*model.Model, *render.Outcome) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "model.hcl"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	m, diags := model.Load(dir, model.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	res, err := cascade.RunScenario(m, m.Scenario(sc), cascade.Options{})
	if err != nil {
		t.Fatal(err)
	}
	o, err := render.FromResult(res)
	if err != nil {
		t.Fatal(err)
	}
	return m, o
}

// TestPNGCyberEdgeDashed draws the impact view of two assets joined by a cyber
// dependency that carried the cascade (a thick red dashed edge) as a PNG, and
// walks the edge's row of pixels between the two nodes: it must alternate
// between the cascade colour and the white background, several times.
func TestPNGCyberEdgeDashed(t *testing.T) {
	m, o := runModel(t, `
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
`, "hack")
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

// TestSequenceStartBoxHoldsEvents draws the sequence view of scenarios with one
// to four events and checks, in Graphviz's SVG, that every line of the
// "Scenario start" node lies inside its outline: the cds shape draws its
// outline inside the node's box, so without room the text overflowed it.
func TestSequenceStartBoxHoldsEvents(t *testing.T) {
	events := []string{
		`event "flood_of_the_river" { targets = [asset.a] }`,
		`event "liquefaction_of_the_bay" { targets = [asset.b] }`,
		`event "ransomware_of_the_msp" {
    kind    = "cyber"
    targets = [asset.c]
    at      = "6h"
  }`,
		`event "x" { targets = [asset.a, asset.b] }`,
	}
	for n := 1; n <= len(events); n++ {
		src := `
sector "s" { label = "S" }
asset "a" { sector = sector.s }
asset "b" { sector = sector.s }
asset "c" { sector = sector.s }
scenario "sc" {
  ` + strings.Join(events[:n], "\n  ") + `
}
`
		m, o := runModel(t, src, "sc")
		d, err := render.Draw(&render.Input{Model: m, Outcome: o}, render.Options{View: "sequence"})
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := Render(d.Graph.Bytes(), Options{Format: "svg"}, &out); err != nil {
			t.Fatal(err)
		}
		box, texts := startNode(t, out.Bytes())
		if len(texts) != n+1 {
			t.Fatalf("%d events: start node has %d lines, want %d", n, len(texts), n+1)
		}
		for _, tx := range texts {
			// Helvetica: ascent about 0.75 of the size, descent 0.2. Graphviz
			// centres each line on the node: it ends as far right of the
			// centre as it starts left of it.
			top, bottom := tx.y-0.75*tx.size, tx.y+0.2*tx.size
			right := box.minX + box.maxX - tx.x
			if top < box.minY || bottom > box.maxY || tx.x < box.minX || right > box.maxX {
				t.Errorf("%d events: line %q spans x %.1f–%.1f, y %.1f–%.1f, outside the outline x %.1f–%.1f, y %.1f–%.1f",
					n, tx.s, tx.x, right, top, bottom, box.minX, box.maxX, box.minY, box.maxY)
			}
		}
	}
}

type svgLine struct {
	s          string
	x, y, size float64
}

type bbox struct{ minX, maxX, minY, maxY float64 }

// startNode returns the bounding box of the outline of the node "start:" in
// Graphviz's SVG and its lines of text (anchored at their start).
func startNode(t *testing.T, svg []byte) (bbox, []svgLine) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = false
	var (
		box           bbox
		lines         []svgLine
		inNode, title bool
		found         bool
		cur           *svgLine
	)
	depth := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			a := attrMap(tk.Attr)
			if inNode {
				depth++
			}
			switch tk.Name.Local {
			case "g":
				if a["class"] == "node" {
					inNode, depth, title = true, 0, false
				}
			case "title":
				title = inNode
			case "polygon":
				if inNode && found {
					pts := numbers(a["points"])
					box = bbox{pts[0], pts[0], pts[1], pts[1]}
					for i := 0; i+1 < len(pts); i += 2 {
						box.minX, box.maxX = min(box.minX, pts[i]), max(box.maxX, pts[i])
						box.minY, box.maxY = min(box.minY, pts[i+1]), max(box.maxY, pts[i+1])
					}
				}
			case "text":
				if inNode && found {
					if a["text-anchor"] != "start" {
						t.Fatalf("text anchored %q, want start", a["text-anchor"])
					}
					cur = &svgLine{}
					cur.x, _ = strconv.ParseFloat(a["x"], 64)
					cur.y, _ = strconv.ParseFloat(a["y"], 64)
					cur.size, _ = strconv.ParseFloat(a["font-size"], 64)
				}
			}
		case xml.CharData:
			if title {
				found = strings.TrimSpace(string(tk)) == "start:"
			}
			if cur != nil {
				cur.s += string(tk)
			}
		case xml.EndElement:
			switch tk.Name.Local {
			case "title":
				title = false
			case "text":
				if cur != nil {
					lines = append(lines, *cur)
					cur = nil
				}
			}
			if inNode {
				if depth == 0 && tk.Name.Local == "g" {
					if found {
						return box, lines
					}
					inNode = false
				}
				depth--
			}
		}
	}
	t.Fatal("no node start: in the SVG")
	return box, nil
}
