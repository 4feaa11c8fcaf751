package render

import (
	_ "embed"
	"math"
	"strings"
	"sync"

	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"

	"github.com/cascade-infra/cascade/render/internal/cjkfont"
)

// Plots draw text with gonum/plot's Liberation fonts, which have no Japanese (or
// other CJK) glyphs: such text came out blank in PNGs. fallbackText, the text
// handler of every plot, draws each run of runes the Liberation font lacks with a
// CJK font instead, and measures text the same way, so that legends and centred
// titles are laid out for what is drawn. The CJK font is the one cascade-graphviz
// uses for diagrams: $CASCADE_FONT, else the first system CJK font of
// cjkfont.Paths, else the embedded Droid Sans Fallback (EmbeddedCJKFontGz). SVG
// keeps the text as text (a viewer draws it with its own fonts); PDF cannot show it:
// gonum's PDF backend encodes text in Windows-1252.

// CJKFontEnv names the environment variable that gives a .ttf, .otf or .ttc font
// for the runes the plots' fonts lack (as cascade-graphviz reads it).
const CJKFontEnv = cjkfont.Env

// EmbeddedCJKFontGz is Droid Sans Fallback, gzip-compressed
// (graphviz/fonts/README.md): the CJK font of last resort of the plots and of
// cascade-graphviz's diagrams, decompressed only when some text needs it.
//
//go:embed graphviz/fonts/DroidSansFallbackFull.ttf.gz
var EmbeddedCJKFontGz []byte

// cjkTypeface is the typeface name of the fallback faces in SVG output.
const cjkTypeface = "Noto Sans CJK JP"

// cjkFont returns the CJK fallback font and where it came from, loading it on the
// first call.
var cjkFont = sync.OnceValues(func() (*sfnt.Font, string) {
	if f, p := cjkfont.Find(cjkfont.Paths); f != nil {
		return f, p
	}
	f, _ := cjkfont.Decode(EmbeddedCJKFontGz)
	return f, "embedded Droid Sans Fallback"
})

// fallbackText is a text.Handler: text.Plain, except that runs of runes the font
// lacks are measured and drawn with the CJK fallback font.
type fallbackText struct {
	text.Plain
	noFallback bool // draw as text.Plain does (PDF, which cannot encode the runes)
}

// newFallbackText returns the text handler of a plot written in format.
func newFallbackText(format string) fallbackText {
	return fallbackText{Plain: text.Plain{Fonts: font.DefaultCache}, noFallback: format == "pdf"}
}

// useFallbackText makes h the text handler of every text of p, in Liberation Sans.
func useFallbackText(p *plot.Plot, h text.Handler) {
	p.TextHandler = h
	for _, s := range []*text.Style{&p.Title.TextStyle, &p.X.Label.TextStyle, &p.Y.Label.TextStyle,
		&p.X.Tick.Label, &p.Y.Tick.Label, &p.Legend.TextStyle} {
		s.Handler = h
		s.Font.Variant = "Sans"
	}
}

// legendText sets the text of a legend drawn apart from its plot: h, Liberation
// Sans, 10 points.
func legendText(l *plot.Legend, h text.Handler) {
	l.TextStyle.Handler = h
	l.TextStyle.Font.Variant = "Sans"
	l.TextStyle.Font.Size = vg.Points(10)
	l.Padding = vg.Points(3)
}

// run is a piece of a line drawn with one face.
type run struct {
	s    string
	face font.Face
}

// runs splits line into runs of runes that primary has and runs it lacks, the
// latter with the fallback face (when there is a fallback font).
func (h fallbackText) runs(line string, fnt font.Font) []run {
	primary := h.Fonts.Lookup(fnt, fnt.Size)
	if h.noFallback || primary.Face == nil || isASCII(line) {
		return []run{{line, primary}}
	}
	var buf sfnt.Buffer
	has := func(f *sfnt.Font, r rune) bool {
		i, err := f.GlyphIndex(&buf, r)
		return err == nil && i != 0
	}
	var fb *font.Face
	var out []run
	start, cur := 0, -1 // cur: 0 primary, 1 fallback
	for i, r := range line {
		which := 0
		if r > 0x7f && !has(primary.Face, r) {
			if fb == nil {
				f, _ := cjkFont()
				if f == nil {
					return []run{{line, primary}}
				}
				fnt := fnt
				fnt.Typeface = cjkTypeface
				fb = &font.Face{Font: fnt, Face: f}
			}
			which = 1
			if isSpaceLike(r) {
				which = cur
			}
		}
		if which != cur && i > start {
			out = append(out, run{line[start:i], faceOf(cur, primary, fb)})
			start = i
		}
		cur = which
	}
	return append(out, run{line[start:], faceOf(cur, primary, fb)})
}

func faceOf(which int, primary font.Face, fb *font.Face) font.Face {
	if which == 1 && fb != nil {
		return *fb
	}
	return primary
}

// isSpaceLike reports whether r draws nothing either way (an ideographic
// space, say), so that it does not split a run.
func isSpaceLike(r rune) bool { return r == '\u3000' || r == '\u00a0' }

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] > 0x7f {
			return false
		}
	}
	return true
}

// width returns the width of line in fnt, its runs measured with their faces.
func (h fallbackText) width(line string, fnt font.Font) vg.Length {
	var w vg.Length
	for _, r := range h.runs(line, fnt) {
		w += r.face.Width(r.s)
	}
	return w
}

// Box is text.Plain's, with the width of the runs as drawn.
func (h fallbackText) Box(txt string, fnt font.Font) (width, height, depth vg.Length) {
	_, height, depth = h.Plain.Box(txt, fnt)
	return h.width(txt, fnt), height, depth
}

// Draw is text.Plain's Draw, each line drawn run by run.
func (h fallbackText) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	txt = strings.TrimRight(txt, "\n")
	if len(txt) == 0 {
		return
	}
	fnt := h.Fonts.Lookup(sty.Font, sty.Font.Size)
	c.SetColor(sty.Color)
	if sty.Rotation != 0 {
		c.Push()
		c.Rotate(sty.Rotation)
	}
	sin64, cos64 := math.Sincos(sty.Rotation)
	cos, sin := vg.Length(cos64), vg.Length(sin64)
	pt.X, pt.Y = pt.Y*sin+pt.X*cos, pt.Y*cos-pt.X*sin
	lines := h.Lines(txt)
	ht := sty.Height(txt)
	pt.Y += ht*vg.Length(sty.YAlign) - fnt.Extents().Ascent
	for i, line := range lines {
		xoffs := vg.Length(sty.XAlign) * h.width(line, sty.Font)
		n := vg.Length(len(lines) - i)
		at := pt.Add(vg.Point{X: xoffs, Y: n * sty.Font.Size})
		for _, r := range h.runs(line, sty.Font) {
			c.FillString(r.face, at, r.s)
			at.X += r.face.Width(r.s)
		}
	}
	if sty.Rotation != 0 {
		c.Pop()
	}
}
