package graphviz

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
)

func TestRasterize(t *testing.T) {
	svg := `<?xml version="1.0"?><svg width="100pt" height="50pt" viewBox="0.00 0.00 100.00 50.00" xmlns="http://www.w3.org/2000/svg">
<g id="graph0" class="graph" transform="scale(1 1) rotate(0) translate(4 46)">
<polygon fill="white" stroke="none" points="-4,4 -4,-46 96,-46 96,4 -4,4"/>
<path fill="#ff0000" stroke="black" d="M10,-10C10,-10 40,-10 40,-10 40,-10 40,-40 40,-40Z"/>
<ellipse fill="#0000ff" stroke="none" cx="70" cy="-20" rx="10" ry="10"/>
<text text-anchor="middle" x="50" y="-5" font-size="8.00">東京 &amp; &lt;x&gt;</text>
</g></svg>`
	var out bytes.Buffer
	if err := rasterize([]byte(svg), &out); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&out)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 150 || b.Dy() != 75 {
		t.Errorf("size %v, want 150x75 (100x50 points at %.1f)", b, PNGScale)
	}
	// The blue disc is centred at (70+4, 46-20) points: pixel (111, 39).
	if r, g, b, _ := img.At(111, 39).RGBA(); r>>8 > 10 || g>>8 > 10 || b>>8 < 245 {
		t.Errorf("centre of the ellipse is %d,%d,%d, want blue", r>>8, g>>8, b>>8)
	}
	// Inside the red triangle (14,36)-(44,36)-(44,6) points: (42,33) is pixel (63, 49).
	if r, g, b, _ := img.At(63, 49).RGBA(); r>>8 < 245 || g>>8 > 10 || b>>8 > 10 {
		t.Errorf("inside of the path is %d,%d,%d, want red", r>>8, g>>8, b>>8)
	}
}

func TestRasterizeRefuses(t *testing.T) {
	for _, svg := range []string{
		`<svg viewBox="0 0 100000 100000"></svg>`,
		`<svg></svg>`,
		`not xml <`,
		``,
	} {
		if err := rasterize([]byte(svg), &bytes.Buffer{}); err == nil {
			t.Errorf("rasterize(%q): no error", svg)
		} else if strings.Contains(err.Error(), "panic") {
			t.Errorf("rasterize(%q): %v", svg, err)
		}
	}
}
