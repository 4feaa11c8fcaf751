package graphviz

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image/color"
	"image/png"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"

	"git.sr.ht/~sbinet/gg"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
)

// PNGScale is the size of a PNG pixel relative to an SVG point: 1.5 draws at
// 108 dots per inch.
const PNGScale = 1.5

// maxPNGPixels bounds the pixels of a PNG (about 400 MB of RGBA at most).
const maxPNGPixels = 100_000_000

// rasterize draws the SVG that Graphviz wrote as a PNG.
//
// go-graphviz's own PNG renderer draws curved edges as filled wedges (or not at
// all), and drops rounded outlines and HTML table borders, so cascade-graphviz
// draws PNGs from Graphviz's SVG instead, with this small rasterizer for the
// subset of SVG that Graphviz's svg renderer emits: g (with its scale, rotate and
// translate transform), polygon, polyline, ellipse, path (M, L, C, Z) and text,
// with fill, stroke, stroke-width and stroke-dasharray. Text uses the Go fonts;
// the runes they lack (CJK) are drawn with a fallback font: $CASCADE_FONT, a
// system font or the embedded one (see fallbackLoader).
func rasterize(svg []byte, w io.Writer) error {
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = false
	var dc *gg.Context
	var tr transform
	type textEl struct {
		attrs map[string]string
		text  strings.Builder
	}
	var text *textEl
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("read SVG: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			a := attrMap(t.Attr)
			switch t.Name.Local {
			case "svg":
				vb := numbers(a["viewBox"])
				if len(vb) != 4 {
					return fmt.Errorf("read SVG: no viewBox")
				}
				wpx, hpx := int(math.Ceil(vb[2]*PNGScale)), int(math.Ceil(vb[3]*PNGScale))
				if wpx <= 0 || hpx <= 0 || wpx*hpx > maxPNGPixels {
					return fmt.Errorf("PNG of %dx%d pixels is too large; draw SVG instead", wpx, hpx)
				}
				dc = gg.NewContext(wpx, hpx)
				dc.SetColor(color.White)
				dc.Clear()
				dc.SetLineJoinRound()
				dc.Scale(PNGScale, PNGScale)
			case "g":
				if tf, ok := a["transform"]; ok && dc != nil {
					tr = parseTransform(tf)
				}
			case "polygon", "polyline":
				if dc == nil {
					continue
				}
				pts := numbers(a["points"])
				if len(pts) < 4 {
					continue
				}
				dc.NewSubPath()
				for i := 0; i+1 < len(pts); i += 2 {
					x, y := tr.apply(pts[i], pts[i+1])
					dc.LineTo(x, y)
				}
				if t.Name.Local == "polygon" {
					dc.ClosePath()
					paint(dc, a, true)
				} else {
					paint(dc, a, false)
				}
			case "ellipse":
				if dc == nil {
					continue
				}
				v := func(k string) float64 { f, _ := strconv.ParseFloat(a[k], 64); return f }
				x, y := tr.apply(v("cx"), v("cy"))
				dc.DrawEllipse(x, y, v("rx")*tr.sx, v("ry")*tr.sy)
				paint(dc, a, true)
			case "path":
				if dc == nil {
					continue
				}
				tracePath(dc, tr, a["d"])
				paint(dc, a, true)
			case "text":
				text = &textEl{attrs: a}
			}
		case xml.CharData:
			if text != nil {
				text.text.Write(t)
			}
		case xml.EndElement:
			if t.Name.Local == "text" && text != nil && dc != nil {
				drawText(dc, tr, text.attrs, text.text.String())
				text = nil
			}
		}
	}
	if dc == nil {
		return fmt.Errorf("read SVG: no svg element")
	}
	// Fast compression: at the default level, encoding took 70% of the time of
	// a 3,500 × 3,300 pixel diagram.
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	return enc.Encode(w, dc.Image())
}

func attrMap(as []xml.Attr) map[string]string {
	m := make(map[string]string, len(as))
	for _, a := range as {
		m[a.Name.Local] = a.Value
	}
	return m
}

// numbers parses the numbers of an SVG list: separated by spaces or commas.
func numbers(s string) []float64 {
	var out []float64
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '\n' || r == '\t' }) {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return nil
		}
		out = append(out, v)
	}
	return out
}

// transform is Graphviz's graph transform: scale, then translate (rotation is
// always 0 for the layouts cascade uses; a rotated graph is drawn unrotated).
type transform struct {
	sx, sy, tx, ty float64
}

func (t transform) apply(x, y float64) (float64, float64) {
	if t.sx == 0 {
		return x, y
	}
	return (x + t.tx) * t.sx, (y + t.ty) * t.sy
}

func parseTransform(s string) transform {
	t := transform{sx: 1, sy: 1}
	for _, part := range strings.Split(s, ")") {
		name, args, ok := strings.Cut(strings.TrimSpace(part), "(")
		if !ok {
			continue
		}
		v := numbers(args)
		switch strings.TrimSpace(name) {
		case "scale":
			if len(v) >= 1 {
				t.sx, t.sy = v[0], v[0]
			}
			if len(v) >= 2 {
				t.sy = v[1]
			}
		case "translate":
			if len(v) >= 2 {
				t.tx, t.ty = v[0], v[1]
			}
		}
	}
	return t
}

// tracePath adds the path data d (absolute M, L, C and Z commands, as Graphviz
// writes them) to the current path.
func tracePath(dc *gg.Context, tr transform, d string) {
	var cmd byte
	var nums []float64
	flush := func() {
		switch cmd {
		case 'M':
			for i := 0; i+1 < len(nums); i += 2 {
				x, y := tr.apply(nums[i], nums[i+1])
				if i == 0 {
					dc.MoveTo(x, y)
				} else {
					dc.LineTo(x, y)
				}
			}
		case 'L':
			for i := 0; i+1 < len(nums); i += 2 {
				dc.LineTo(tr.apply(nums[i], nums[i+1]))
			}
		case 'C':
			for i := 0; i+5 < len(nums); i += 6 {
				x1, y1 := tr.apply(nums[i], nums[i+1])
				x2, y2 := tr.apply(nums[i+2], nums[i+3])
				x3, y3 := tr.apply(nums[i+4], nums[i+5])
				dc.CubicTo(x1, y1, x2, y2, x3, y3)
			}
		case 'Z', 'z':
			dc.ClosePath()
		}
		nums = nums[:0]
	}
	start := 0
	for i := 0; i <= len(d); i++ {
		if i < len(d) && !strings.ContainsRune("MLCZmlcz", rune(d[i])) {
			continue
		}
		if cmd != 0 {
			nums = append(nums, numbers(d[start:i])...)
			flush()
		}
		if i < len(d) {
			cmd = d[i]
			start = i + 1
		}
	}
}

// paint fills (when fillable) and strokes the current path with the element's
// fill, stroke, stroke-width and stroke-dasharray, then clears it.
func paint(dc *gg.Context, a map[string]string, fillable bool) {
	fill, hasFill := svgColor(a["fill"], a["fill-opacity"])
	stroke, hasStroke := svgColor(a["stroke"], a["stroke-opacity"])
	if _, set := a["fill"]; !set && fillable {
		fill, hasFill = color.Black, true // the SVG default
	}
	if fillable && hasFill {
		dc.SetColor(fill)
		if hasStroke {
			dc.FillPreserve()
		} else {
			dc.Fill()
		}
	}
	if hasStroke {
		w := 1.0
		if s, ok := a["stroke-width"]; ok {
			if v, err := strconv.ParseFloat(s, 64); err == nil && v >= 0 {
				w = v
			}
		}
		dc.SetLineWidth(w * PNGScale)
		if dash := numbers(a["stroke-dasharray"]); len(dash) > 0 {
			for i := range dash {
				dash[i] *= PNGScale
			}
			dc.SetDash(dash...)
			// SVG's default cap is butt; gg's is round, which extends each
			// dash by half the line width at both ends and closes the 2-point
			// gaps of Graphviz's dashes on thick (cascade) edges.
			dc.SetLineCapButt()
		} else {
			dc.SetDash()
			dc.SetLineCapRound()
		}
		dc.SetColor(stroke)
		dc.Stroke()
	}
	dc.ClearPath()
}

// svgColor parses an SVG paint: "#rrggbb", a few names, or none/transparent.
func svgColor(s, opacity string) (color.Color, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	alpha := 1.0
	if opacity != "" {
		if v, err := strconv.ParseFloat(opacity, 64); err == nil {
			alpha = math.Max(0, math.Min(1, v))
		}
	}
	if alpha == 0 {
		return nil, false
	}
	var c color.NRGBA
	switch {
	case s == "" || s == "none" || s == "transparent":
		return nil, false
	case len(s) == 7 && s[0] == '#':
		v, err := strconv.ParseUint(s[1:], 16, 32)
		if err != nil {
			return nil, false
		}
		c = color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 255}
	case len(s) == 9 && s[0] == '#': // #rrggbbaa
		v, err := strconv.ParseUint(s[1:], 16, 32)
		if err != nil {
			return nil, false
		}
		c = color.NRGBA{R: uint8(v >> 24), G: uint8(v >> 16), B: uint8(v >> 8), A: uint8(v)}
		if c.A == 0 {
			return nil, false
		}
	default:
		named, ok := svgNames[s]
		if !ok {
			named = color.NRGBA{A: 255}
		}
		c = named
	}
	c.A = uint8(float64(c.A) * alpha)
	return c, true
}

var svgNames = map[string]color.NRGBA{
	"black":     {0, 0, 0, 255},
	"white":     {255, 255, 255, 255},
	"gray":      {128, 128, 128, 255},
	"grey":      {128, 128, 128, 255},
	"lightgrey": {211, 211, 211, 255},
	"lightgray": {211, 211, 211, 255},
	"red":       {255, 0, 0, 255},
	"blue":      {0, 0, 255, 255},
	"green":     {0, 128, 0, 255},
}

var (
	fontMu    sync.Mutex
	fontFaces = map[[2]int]font.Face{} // by (bold, size in 1/100 points)
)

// face returns a Go font face of the given size in points (scaled to pixels),
// drawing the runes the Go fonts lack with the fallback font (see
// fallbackLoader), loaded on the first such rune.
func face(bold bool, size float64) font.Face {
	b := 0
	if bold {
		b = 1
	}
	key := [2]int{b, int(size * 100)}
	fontMu.Lock()
	defer fontMu.Unlock()
	if f, ok := fontFaces[key]; ok {
		return f
	}
	data := goregular.TTF
	if bold {
		data = gobold.TTF
	}
	ft, err := opentype.Parse(data)
	if err != nil {
		panic("graphviz: embedded Go font does not parse: " + err.Error())
	}
	opts := &opentype.FaceOptions{Size: size * PNGScale, DPI: 72, Hinting: font.HintingFull}
	f, err := opentype.NewFace(ft, opts)
	if err != nil {
		panic("graphviz: embedded Go font: " + err.Error())
	}
	// Runes the Go fonts lack (CJK) come from the fallback font.
	out := newFallbackFace(f, ft, opts)
	fontFaces[key] = out
	return out
}

// drawText draws a Graphviz text element: x, y is the baseline point of its
// text-anchor (start, middle or end).
func drawText(dc *gg.Context, tr transform, a map[string]string, s string) {
	if strings.TrimSpace(s) == "" {
		return
	}
	x, _ := strconv.ParseFloat(a["x"], 64)
	y, _ := strconv.ParseFloat(a["y"], 64)
	size := 14.0
	if v, err := strconv.ParseFloat(a["font-size"], 64); err == nil && v > 0 {
		size = v
	}
	bold := a["font-weight"] == "bold" || a["font-weight"] == "700"
	fill, ok := svgColor(a["fill"], a["fill-opacity"])
	if _, set := a["fill"]; !set {
		fill, ok = color.Black, true
	}
	if !ok {
		return
	}
	ax := 0.0
	switch a["text-anchor"] {
	case "middle":
		ax = 0.5
	case "end":
		ax = 1
	}
	px, py := tr.apply(x, y)
	// The context is scaled by PNGScale; draw text unscaled so glyphs are hinted
	// at their pixel size.
	dc.Push()
	dc.Identity()
	dc.SetFontFace(face(bold, size*tr.sx))
	dc.SetColor(fill)
	dc.DrawStringAnchored(s, px*PNGScale, py*PNGScale, ax, 0)
	dc.Pop()
}
