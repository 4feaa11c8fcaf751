package render

import (
	"bytes"
	"image"
	"image/png"
	"testing"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
)

// japanesePlot runs a one-sector model whose sector is labelled label and returns
// the sectors plot as a PNG of the given size.
func japanesePlot(t *testing.T, label string, opts PlotOptions) image.Image {
	t.Helper()
	m := &model.Model{}
	s := &model.Sector{Name: "energy", Label: label, Threshold: 0.5, Color: "#1f77b4"}
	m.Sectors = []*model.Sector{s}
	a := &model.Asset{Name: "shinagawa", Label: "品川変電所", Sector: s, Weight: 1, Groups: []*model.SupplyGroup{{}}}
	m.Assets = []*model.Asset{a}
	sc := &model.Scenario{Name: "quake", Label: "首都直下地震", Horizon: model.NoHorizon,
		Events: []*model.Event{{Name: "e", Assets: []*model.Asset{a}, Probability: 1}}}
	m.Scenarios = []*model.Scenario{sc}
	o := &Outcome{Scenario: sc, Horizon: cascade.Never, Assets: []AssetOutcome{{Failed: true, At: 3600, Cause: Cause{Event: sc.Events[0]}}}}
	var b bytes.Buffer
	if err := PlotWith(m, o, "png", &b, opts); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&b)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// inked counts the dark pixels of img.
func inked(img image.Image) int {
	n := 0
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if cr+cg+cb < 3*0x8000 {
				n++
			}
		}
	}
	return n
}

// TestPlotJapanese checks that Japanese text is drawn in a PNG plot (it used to
// come out blank: the plots' Liberation fonts have no Japanese glyphs): a sector
// labelled 電力発電所 inks clearly more pixels than one labelled with as many
// ideographic spaces, which take the same room and draw nothing.
func TestPlotJapanese(t *testing.T) {
	with := inked(japanesePlot(t, "電力発電所", PlotOptions{}))
	blank := inked(japanesePlot(t, "\u3000\u3000\u3000\u3000\u3000", PlotOptions{}))
	if with < blank+100 {
		t.Errorf("a Japanese label inks %d pixels, blank ideographic spaces %d: the label is not drawn", with, blank)
	}
	// The text is measured as drawn: wider than the Latin font's empty boxes.
	h := newFallbackText("png")
	fnt := font.Font{Typeface: "Liberation", Variant: "Sans", Size: vg.Points(10)}
	wj, _, _ := h.Box("電力", fnt)
	wa, _, _ := h.Box("ab", fnt)
	if wj <= wa {
		t.Errorf("電力 measures %v, ab %v: want the CJK glyphs' width", wj, wa)
	}
	if runs := h.runs("Tokyo 電力 (50%)", fnt); len(runs) != 3 || runs[1].s != "電力" || runs[1].face.Font.Typeface != cjkTypeface {
		t.Errorf("runs %+v", runs)
	}
	if runs := newFallbackText("pdf").runs("電力", fnt); len(runs) != 1 {
		t.Errorf("PDF splits runs: %+v", runs)
	}
}

// TestPlotSize checks --width and --height: the PNG has the size asked, at 96 dpi.
func TestPlotSize(t *testing.T) {
	img := japanesePlot(t, "Energy", PlotOptions{Width: 800 * vg.Inch / 96, Height: 400 * vg.Inch / 96})
	if b := img.Bounds(); b.Dx() != 800 || b.Dy() != 400 {
		t.Errorf("size %v, want 800x400", b)
	}
	img = japanesePlot(t, "Energy", PlotOptions{})
	if b := img.Bounds(); b.Dx() != 1056 {
		t.Errorf("default width %d px", b.Dx())
	}
}

// TestTimeAxis checks where the time axis ends: zoomed in on where things happen
// when the horizon is far beyond, at the horizon when the cascade fills it, at
// --until when given.
func TestTimeAxis(t *testing.T) {
	h := int64(3600)
	out := func(horizon int64, at ...int64) *Outcome {
		o := &Outcome{Horizon: horizon}
		for _, a := range at {
			o.Assets = append(o.Assets, AssetOutcome{Failed: true, At: a})
		}
		return o
	}
	tests := []struct {
		o      *Outcome
		opts   PlotOptions
		end    int64
		unit   string
		zoomed bool
	}{
		{out(7*24*h, 0, 2*h), PlotOptions{}, 3 * h, "hours", true},           // a week's horizon, all over in 2h
		{out(7*24*h, 0, 5*24*h), PlotOptions{}, 7 * 24 * h, "days", false},   // the cascade fills the week
		{out(cascade.Never, 0, 20*h), PlotOptions{}, 22 * h, "hours", false}, // no horizon: a tenth after
		{out(7*24*h, 0, 2*h), PlotOptions{Until: 12 * h}, 12 * h, "hours", true},
		{out(cascade.Never), PlotOptions{}, h, "hours", false}, // nothing fails
	}
	for i, tt := range tests {
		end, _, unit, zoomed := timeAxis(tt.o, tt.opts)
		if end != tt.end || unit != tt.unit || zoomed != tt.zoomed {
			t.Errorf("case %d: end %d %s zoomed %v, want %d %s %v", i, end, unit, zoomed, tt.end, tt.unit, tt.zoomed)
		}
	}
	// Restoration counts as a change: an outage ending at 30h keeps the axis there.
	o := out(7*24*h, 0)
	o.Assets[0].Down = []cascade.Stretch{{Start: 0, End: 30 * h}}
	if end, _, _, _ := timeAxis(o, PlotOptions{}); end != 33*h {
		t.Errorf("restoration at 30h: end %d, want %d", end, 33*h)
	}
}
