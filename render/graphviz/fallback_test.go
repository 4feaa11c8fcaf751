package graphviz

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// glyphPixels returns the mask of r drawn by f, as bytes of alpha; nil when f
// draws nothing for r.
func glyphPixels(t *testing.T, f font.Face, r rune) []byte {
	t.Helper()
	dr, mask, mp, _, ok := f.Glyph(fixed.P(0, 20), r)
	if !ok {
		return nil // nothing drawn
	}
	var out []byte
	for y := 0; y < dr.Dy(); y++ {
		for x := 0; x < dr.Dx(); x++ {
			_, _, _, a := mask.At(mp.X+x, mp.Y+y).RGBA()
			out = append(out, byte(a>>8))
		}
	}
	return out
}

// withLoader makes the faces of the test draw the runes the Go fonts lack with
// the font of l, until the test ends.
func withLoader(t *testing.T, l *fallbackLoader) {
	t.Helper()
	fontMu.Lock()
	oldLoader, oldFaces := fallback, fontFaces
	fallback, fontFaces = l, map[[2]int]font.Face{}
	fontMu.Unlock()
	t.Cleanup(func() {
		fontMu.Lock()
		fallback, fontFaces = oldLoader, oldFaces
		fontMu.Unlock()
	})
}

// embeddedOnly returns a loader that finds no system font: it falls back to
// the embedded font, as on a machine with none installed.
func embeddedOnly(t *testing.T) *fallbackLoader {
	t.Setenv(FontEnv, "")
	return &fallbackLoader{}
}

// noFont returns a loader that has no font at all, as before the embedded font:
// the runes the Go fonts lack are left blank.
func noFont() *fallbackLoader {
	l := &fallbackLoader{}
	l.once.Do(func() {})
	return l
}

// TestFallbackFace checks that the Go font draws two Japanese characters the
// same (it has no glyph for either: nothing is drawn), and that the face used
// for PNGs draws them differently with the embedded font, on first need.
func TestFallbackFace(t *testing.T) {
	ft, err := opentype.Parse(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	goFace, err := opentype.NewFace(ft, &opentype.FaceOptions{Size: 20, DPI: 72})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(glyphPixels(t, goFace, '東'), glyphPixels(t, goFace, '京')) {
		t.Fatal("the Go font draws 東 and 京 differently; the test assumes it lacks both")
	}
	l := embeddedOnly(t)
	withLoader(t, l)
	for _, bold := range []bool{false, true} {
		f, ok := face(bold, 14).(*fallbackFace)
		if !ok {
			t.Fatalf("face is %T, want *fallbackFace", face(bold, 14))
		}
		// Latin text comes from the Go font, and does not load the fallback.
		for _, r := range "Tokyo 2020, (A&B) <x>\"" {
			if f.pick(r) != f.primary {
				t.Errorf("%q should be drawn with the Go font", r)
			}
		}
		if f.fallback != nil || (!bold && l.name != "") {
			t.Fatalf("Latin text loaded the fallback font %q", l.name)
		}
		if bytes.Equal(glyphPixels(t, f, '東'), glyphPixels(t, f, '京')) {
			t.Error("東 and 京 are the same glyph with the fallback font")
		}
		if f.pick('東') != f.fallback || f.fallback == f.primary || f.embedded != nil || l.name != embeddedFontName {
			t.Errorf("東 should be drawn with the embedded font as the fallback font; fallback font %q", l.name)
		}
	}
}

// TestFallbackChain checks that a rune the fallback font lacks too is drawn
// with the embedded font: here the "system" font is a Go font, without CJK.
func TestFallbackChain(t *testing.T) {
	latin := filepath.Join(t.TempDir(), "latin.ttf")
	if err := os.WriteFile(latin, goregular.TTF, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(FontEnv, "")
	l := &fallbackLoader{paths: []string{latin}}
	withLoader(t, l)
	f := face(false, 14).(*fallbackFace)
	if f.pick('A') != f.primary {
		t.Error("A should be drawn with the Go font")
	}
	if f.pick('東') != f.embedded || f.embedded == nil || l.name != latin {
		t.Errorf("東 should be drawn with the embedded font after %s; fallback font %q", latin, l.name)
	}
	if bytes.Equal(glyphPixels(t, f, '東'), glyphPixels(t, f, '京')) {
		t.Error("東 and 京 are the same glyph")
	}
	// A rune no font has is left to the fallback font.
	if f.pick('\U0010FFFD') != f.fallback {
		t.Error("U+10FFFD should be left to the fallback font")
	}
}

// ttcOf returns a font collection of the one font ttf.
func ttcOf(ttf []byte) []byte {
	const hdr = 16 // tag, version, number of fonts, offset of the font
	out := make([]byte, hdr+len(ttf))
	copy(out, "ttcf")
	binary.BigEndian.PutUint32(out[4:], 0x00010000)
	binary.BigEndian.PutUint32(out[8:], 1)
	binary.BigEndian.PutUint32(out[12:], hdr)
	copy(out[hdr:], ttf)
	// Table offsets count from the start of the file.
	for i := range int(binary.BigEndian.Uint16(ttf[4:])) {
		o := hdr + 12 + 16*i + 8
		binary.BigEndian.PutUint32(out[o:], binary.BigEndian.Uint32(out[o:])+hdr)
	}
	return out
}

// TestFallbackOrder checks the order of the fallback fonts: $CASCADE_FONT if it
// loads, else the first system font that loads (a .ttf, or font 0 of a .ttc),
// else the embedded font.
func TestFallbackOrder(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ttf := write("a.ttf", goregular.TTF)
	ttc := write("b.ttc", ttcOf(goregular.TTF))
	bad := write("c.ttf", []byte("not a font"))
	badTTC := write("d.ttc", []byte("ttcf and nothing"))
	missing := filepath.Join(dir, "missing.ttf")
	for _, c := range []struct {
		env   string
		paths []string
		want  string
	}{
		{"", []string{missing, bad, badTTC, ttc, ttf}, ttc},
		{ttf, []string{ttc}, ttf},
		{bad, []string{missing, ttc}, ttc},
		{missing, nil, embeddedFontName},
	} {
		t.Setenv(FontEnv, c.env)
		l := &fallbackLoader{paths: c.paths}
		f, name := l.load()
		if name != c.want {
			t.Errorf("$%s=%q, paths %q: fallback font %q, want %q", FontEnv, c.env, c.paths, name, c.want)
			continue
		}
		r := 'A'
		if name == embeddedFontName {
			r = '東'
		}
		if i, err := f.GlyphIndex(nil, r); err != nil || i == 0 {
			t.Errorf("%s has no glyph for %q (%v)", name, r, err)
		}
	}
}

// TestEmbeddedFontNotInCascade guards the size and start-up of the cascade
// binary: the embedded CJK font is in this package, which only
// cascade-graphviz may link.
func TestEmbeddedFontNotInCascade(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no Go toolchain")
	}
	const self = "github.com/cascade-infra/cascade/render/graphviz"
	out, err := exec.Command(goTool, "list", "-deps", "github.com/cascade-infra/cascade/cmd/cascade").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	if slices.Contains(strings.Fields(string(out)), self) {
		t.Errorf("cmd/cascade depends on %s, and so carries its embedded font", self)
	}
}

// renderLabel draws a one-node DOT graph labelled label as a PNG.
func renderLabel(t *testing.T, label string) image.Image {
	t.Helper()
	dot := "digraph g { node [shape=box fontsize=28]; a [label=\"" + label + "\"]; }"
	var out bytes.Buffer
	if err := Render([]byte(dot), Options{Format: "png"}, &out); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("CASCADE_TEST_PNG_DIR"); dir != "" { // to look at them
		_ = os.WriteFile(filepath.Join(dir, label+".png"), out.Bytes(), 0o644)
	}
	img, err := png.Decode(&out)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// pixelsDiffering counts the pixels that differ in colour between a and b,
// which must have the same bounds.
func pixelsDiffering(t *testing.T, a, b image.Image) int {
	t.Helper()
	if a.Bounds() != b.Bounds() {
		t.Fatalf("sizes differ: %v and %v; the test assumes the same layout", a.Bounds(), b.Bounds())
	}
	diff := 0
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			r0, g0, b0, _ := a.At(x, y).RGBA()
			r1, g1, b1, _ := b.At(x, y).RGBA()
			if r0 != r1 || g0 != g1 || b0 != b1 {
				diff++
			}
		}
	}
	return diff
}

// TestPNGJapaneseLabel draws 東京 and 大阪 labels as PNGs with the embedded font
// (always there) and with the system or $CASCADE_FONT font (when there is
// one): the Japanese characters draw ink, where the Go fonts alone leave them
// blank, and the two labels differ.
func TestPNGJapaneseLabel(t *testing.T) {
	withLoader(t, noFont())
	blank := renderLabel(t, "東京 Tokyo")
	if d := pixelsDiffering(t, blank, renderLabel(t, "大阪 Tokyo")); d != 0 {
		t.Fatalf("東京 and 大阪 differ in %d pixels without a fallback font; the test assumes the Go fonts draw neither", d)
	}
	for _, c := range []struct {
		name   string
		loader func(t *testing.T) *fallbackLoader
	}{
		{"embedded", embeddedOnly},
		{"system", func(t *testing.T) *fallbackLoader {
			l := &fallbackLoader{paths: fallbackFontPaths}
			if _, name := l.load(); name == embeddedFontName {
				t.Skipf("no system CJK font: set $%s or install one (apt-get install fonts-noto-cjk or fonts-ipafont-gothic)", FontEnv)
			}
			return l
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := c.loader(t)
			withLoader(t, l)
			if c.name == "embedded" {
				renderLabel(t, "Tokyo")
				if l.name != "" {
					t.Errorf("a Latin label loaded the fallback font %q", l.name)
				}
			}
			a, b := renderLabel(t, "東京 Tokyo"), renderLabel(t, "大阪 Tokyo")
			t.Logf("fallback font %s", l.name)
			if ink := pixelsDiffering(t, a, blank); ink < 50 {
				t.Errorf("東京 draws %d pixels of ink: is the fallback font used?", ink)
			}
			if d := pixelsDiffering(t, a, b); d < 50 {
				t.Errorf("東京 and 大阪 differ in %d pixels of the PNG: is the fallback font used?", d)
			} else {
				t.Logf("%d pixels differ", d)
			}
		})
	}
}

// BenchmarkEmbeddedFont measures what the first CJK rune of a process costs
// when no system font is found: decompressing and parsing the embedded font.
func BenchmarkEmbeddedFont(b *testing.B) {
	for b.Loop() {
		if parseEmbeddedFont() == nil {
			b.Fatal("no font")
		}
	}
}
