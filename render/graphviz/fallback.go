package graphviz

import (
	"image"
	"os"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// FontEnv names the environment variable that gives the path of a .ttf, .otf or
// .ttc font (the first font of a collection is used) for the runes the Go fonts
// lack in PNGs, such as Japanese.
const FontEnv = "CASCADE_FONT"

// fallbackFontPaths are tried in order when $CASCADE_FONT is not set (or does
// not load): common places of CJK fonts on Linux and macOS.
var fallbackFontPaths = []string{
	"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/opentype/noto/NotoSansCJKjp-Regular.otf",
	"/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
	"/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
	"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
	"/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
	"/System/Library/Fonts/Hiragino Sans GB.ttc",
}

var (
	fallbackOnce sync.Once
	fallbackFont *sfnt.Font
	fallbackPath string
)

// loadFallback returns the fallback font and its path, loading it on first use;
// nil when none is found.
func loadFallback() (*sfnt.Font, string) {
	fallbackOnce.Do(func() {
		paths := fallbackFontPaths
		if p := os.Getenv(FontEnv); p != "" {
			paths = append([]string{p}, paths...)
		}
		for _, p := range paths {
			if f := parseFontFile(p); f != nil {
				fallbackFont, fallbackPath = f, p
				return
			}
		}
	})
	return fallbackFont, fallbackPath
}

// parseFontFile parses a .ttf, .otf or .ttc file (font 0 of a collection), nil
// when it cannot be read or parsed.
func parseFontFile(path string) *sfnt.Font {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	if strings.HasPrefix(string(data[:min(4, len(data))]), "ttcf") {
		c, err := opentype.ParseCollection(data)
		if err != nil || c.NumFonts() == 0 {
			return nil
		}
		f, err := c.Font(0)
		if err != nil {
			return nil
		}
		return f
	}
	f, err := opentype.Parse(data)
	if err != nil {
		return nil
	}
	return f
}

// fallbackFace is a font.Face that draws each rune with primary when its font
// has a glyph for it, else with fallback. Like the faces it wraps, it is not
// safe for concurrent use.
type fallbackFace struct {
	primary, fallback font.Face
	font              *sfnt.Font // the font of primary
	buf               sfnt.Buffer
	has               map[rune]bool // cache: primary has a glyph for the rune
}

func newFallbackFace(primary font.Face, primaryFont *sfnt.Font, fallback font.Face) *fallbackFace {
	return &fallbackFace{primary: primary, fallback: fallback, font: primaryFont, has: map[rune]bool{}}
}

// pick returns the face that draws r.
func (f *fallbackFace) pick(r rune) font.Face {
	has, ok := f.has[r]
	if !ok {
		i, err := f.font.GlyphIndex(&f.buf, r)
		has = err == nil && i != 0
		f.has[r] = has
	}
	if has {
		return f.primary
	}
	return f.fallback
}

func (f *fallbackFace) Close() error {
	err := f.primary.Close()
	if err2 := f.fallback.Close(); err == nil {
		err = err2
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
