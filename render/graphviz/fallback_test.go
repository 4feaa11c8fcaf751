package graphviz

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
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

// TestFallbackFace checks that the Go font draws two Japanese characters the
// same (it has no glyph for either: nothing is drawn), and that the face used
// for PNGs draws them differently when a CJK fallback font is installed.
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
	fb, path := loadFallback()
	if fb == nil {
		t.Skipf("no CJK fallback font: set $%s or install one (apt-get install fonts-noto-cjk or fonts-ipafont-gothic)", FontEnv)
	}
	t.Logf("fallback font %s", path)
	f := face(false, 14)
	if _, ok := f.(*fallbackFace); !ok {
		t.Fatalf("face is %T, want *fallbackFace", f)
	}
	if bytes.Equal(glyphPixels(t, f, '東'), glyphPixels(t, f, '京')) {
		t.Error("東 and 京 are the same glyph with the fallback font")
	}
	// Latin text still comes from the Go font.
	if f.(*fallbackFace).pick('A') != f.(*fallbackFace).primary || f.(*fallbackFace).pick('東') != f.(*fallbackFace).fallback {
		t.Error("A should be drawn with the Go font and 東 with the fallback")
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

// TestPNGJapaneseLabel draws two graphs that differ only in a Japanese label:
// with a CJK fallback font the PNGs differ; with the Go fonts alone they are
// identical (measured: 0 pixels differ, the Japanese characters are left blank).
func TestPNGJapaneseLabel(t *testing.T) {
	if fb, _ := loadFallback(); fb == nil {
		t.Skipf("no CJK fallback font: set $%s or install one (apt-get install fonts-noto-cjk or fonts-ipafont-gothic)", FontEnv)
	}
	a, b := renderLabel(t, "東京 Tokyo"), renderLabel(t, "大阪 Tokyo")
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
	if diff < 50 {
		t.Errorf("東京 and 大阪 differ in %d pixels of the PNG: is the fallback font used?", diff)
	}
	t.Logf("%d pixels differ", diff)
}
