package graphviz

import (
	"image"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/cascade-infra/cascade/render"
	"github.com/cascade-infra/cascade/render/internal/cjkfont"
)

// FontEnv names the environment variable that gives the path of a .ttf, .otf or
// .ttc font (the first font of a collection is used) for the runes the Go fonts
// lack in PNGs, such as Japanese. Without it (or when it does not load), the
// first of fallbackFontPaths that loads is used, else the embedded Droid Sans
// Fallback, which also draws the runes the font chosen lacks. The fallback
// fonts have one weight: bold CJK text is drawn regular.
const FontEnv = cjkfont.Env

// fallbackFontPaths are tried in order when $CASCADE_FONT is not set (or does
// not load), before the embedded font: common places of CJK fonts on Linux and
// macOS, which look better than Droid Sans Fallback.
var fallbackFontPaths = cjkfont.Paths

// embeddedFontGz is DroidSansFallbackFull.ttf, gzip-compressed (see
// fonts/README.md): the fallback of last resort, so that CJK labels are drawn on
// a machine without a CJK font. The render package embeds it (its plots draw
// Japanese with it too), so that a binary carries it once.
var embeddedFontGz = render.EmbeddedCJKFontGz

// embeddedFontName is the name fallbackLoader.load gives the embedded font.
const embeddedFontName = "embedded DroidSansFallbackFull.ttf"

// fallbackLoader finds the fallback font once, on first need: the font of
// $CASCADE_FONT if it loads, else the first of paths that loads, else the
// embedded font.
type fallbackLoader struct {
	paths []string // system fonts, tried after $CASCADE_FONT
	once  sync.Once
	font  *sfnt.Font
	name  string // path of font, or embeddedFontName
}

// fallback is the loader of the faces face makes; tests replace it (under
// fontMu, with fontFaces emptied) to force the embedded font.
var fallback = &fallbackLoader{paths: fallbackFontPaths}

// load returns the fallback font and its path (embeddedFontName for the
// embedded font), finding it on the first call.
func (l *fallbackLoader) load() (*sfnt.Font, string) {
	l.once.Do(func() {
		l.font, l.name = cjkfont.Find(l.paths)
		if l.font == nil {
			l.font, l.name = embeddedFont(), embeddedFontName
		}
	})
	return l.font, l.name
}

// embeddedFont returns the embedded font, decompressed and parsed on the first
// call (about 40 ms and 5 MB, so only when a rune needs it).
var embeddedFont = sync.OnceValue(parseEmbeddedFont)

func parseEmbeddedFont() *sfnt.Font {
	f, err := cjkfont.Decode(embeddedFontGz)
	if err != nil {
		panic("graphviz: " + err.Error())
	}
	return f
}

// fallbackFace is a font.Face that draws each rune with primary when its font
// has a glyph for it, else with a face of the fallback font, which it loads on
// the first such rune: text the Go fonts cover never loads it. A rune that a
// system or $CASCADE_FONT fallback font lacks too (Korean in IPAGothic, say) is
// drawn with the embedded font when it has it. Like the faces it wraps, it is
// not safe for concurrent use.
type fallbackFace struct {
	primary  font.Face
	font     *sfnt.Font // the font of primary
	loader   *fallbackLoader
	opts     *opentype.FaceOptions
	fallback font.Face  // of the loader's font; nil until a rune needs it, primary when there is none
	fbFont   *sfnt.Font // the loader's font, or nil
	embedded font.Face  // of the embedded font when the loader's is another; nil until a rune needs it
	buf      sfnt.Buffer
	by       map[rune]int8 // cache: the face that draws the rune (facePrimary, ...)
}

// The faces of a fallbackFace.
const (
	facePrimary int8 = iota
	faceFallback
	faceEmbedded
)

// newFallbackFace wraps primary, a face of primaryFont with options opts: the
// runes primaryFont lacks are drawn with the font of the loader fallback (read
// here, so under fontMu) at the same options.
func newFallbackFace(primary font.Face, primaryFont *sfnt.Font, opts *opentype.FaceOptions) *fallbackFace {
	return &fallbackFace{primary: primary, font: primaryFont, loader: fallback, opts: opts, by: map[rune]int8{}}
}

// hasGlyph reports whether ft has a glyph for r.
func (f *fallbackFace) hasGlyph(ft *sfnt.Font, r rune) bool {
	i, err := ft.GlyphIndex(&f.buf, r)
	return err == nil && i != 0
}

// pick returns the face that draws r.
func (f *fallbackFace) pick(r rune) font.Face {
	by, ok := f.by[r]
	if !ok {
		by = f.choose(r)
		f.by[r] = by
	}
	switch by {
	case facePrimary:
		return f.primary
	case faceEmbedded:
		return f.embedded
	}
	return f.fallback
}

// choose returns the face that draws r, loading the fallback font and the
// embedded font when r needs them.
func (f *fallbackFace) choose(r rune) int8 {
	if f.hasGlyph(f.font, r) {
		return facePrimary
	}
	if f.fallback == nil {
		f.fallback = f.primary // draws nothing for r, as without a fallback
		if fb, _ := f.loader.load(); fb != nil {
			if ff, err := opentype.NewFace(fb, f.opts); err == nil {
				f.fallback, f.fbFont = ff, fb
			}
		}
	}
	if f.fbFont == nil || f.hasGlyph(f.fbFont, r) {
		return faceFallback
	}
	if _, name := f.loader.load(); name != embeddedFontName {
		if ef := embeddedFont(); f.hasGlyph(ef, r) {
			if f.embedded == nil {
				ff, err := opentype.NewFace(ef, f.opts)
				if err != nil {
					return faceFallback
				}
				f.embedded = ff
			}
			return faceEmbedded
		}
	}
	return faceFallback // no font has r: the fallback draws its .notdef
}

func (f *fallbackFace) Close() error {
	err := f.primary.Close()
	for _, g := range []font.Face{f.fallback, f.embedded} {
		if g != nil && g != f.primary {
			if err2 := g.Close(); err == nil {
				err = err2
			}
		}
	}
	return err
}

func (f *fallbackFace) Glyph(dot fixed.Point26_6, r rune) (image.Rectangle, image.Image, image.Point, fixed.Int26_6, bool) {
	return f.pick(r).Glyph(dot, r)
}

func (f *fallbackFace) GlyphBounds(r rune) (fixed.Rectangle26_6, fixed.Int26_6, bool) {
	return f.pick(r).GlyphBounds(r)
}

func (f *fallbackFace) GlyphAdvance(r rune) (fixed.Int26_6, bool) {
	return f.pick(r).GlyphAdvance(r)
}

// Kern kerns two runes of the same face; none across faces.
func (f *fallbackFace) Kern(r0, r1 rune) fixed.Int26_6 {
	a, b := f.pick(r0), f.pick(r1)
	if a != b {
		return 0
	}
	return a.Kern(r0, r1)
}

// Metrics are the primary face's, so line layout does not change with the
// fallback.
func (f *fallbackFace) Metrics() font.Metrics {
	return f.primary.Metrics()
}
