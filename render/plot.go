package render

import (
	"fmt"
	imgcolor "image/color"
	"io"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
)

// PlotFormats are the file formats Plot writes.
var PlotFormats = []string{"png", "svg", "pdf"}

// Plot size.
const (
	plotWidth  = 9 * vg.Inch
	plotHeight = 5 * vg.Inch
)

// Plot draws the failed fraction of each affected sector over the run as step
// lines, with each sector's threshold as a dashed line of its colour and the
// moment it fails marked, and writes the picture to w in format (one of
// PlotFormats). The time axis is in hours for runs up to 48 hours, else in days;
// it ends at the horizon, or a little after the last failure without one.
func Plot(m *model.Model, o *Outcome, format string, w io.Writer) error {
	if !slices.Contains(PlotFormats, format) {
		return fmt.Errorf("unknown plot format %q; formats are %s", format, strings.Join(PlotFormats, ", "))
	}
	end := o.lastTime()
	if o.Horizon != cascade.Never {
		end = max(end, o.Horizon)
	} else {
		end += max(end/10, hourSecs)
	}
	if end <= 0 {
		end = hourSecs
	}
	unit, unitName := float64(hourSecs), "hours"
	if end > 48*hourSecs {
		unit, unitName = float64(24*hourSecs), "days"
	}

	p := plot.New()
	p.Title.Text = "Failed fraction per sector: " + sanitize(scenarioLabel(o.Scenario))
	p.X.Label.Text = "time since the start (" + unitName + ")"
	p.Y.Label.Text = "failed share of the sector (dashed: its threshold)"
	p.X.Min, p.X.Max = 0, float64(end)/unit
	p.Legend.Top = true
	p.Legend.Left = true
	p.Legend.XOffs = vg.Points(8)
	p.Add(plotter.NewGrid())

	outs := o.SectorOutcomes(m)
	var unaffected []string
	n := 0
	for _, s := range m.Sectors {
		steps := o.FractionSteps(m, s)
		if len(steps) == 0 {
			unaffected = append(unaffected, sanitize(sectorLabel(s)))
			continue
		}
		col := plotColor(s.Color)
		xys := plotter.XYs{{X: 0, Y: 0}}
		for _, st := range steps {
			xys = append(xys, plotter.XY{X: float64(st.At) / unit, Y: st.Fraction})
		}
		xys = append(xys, plotter.XY{X: float64(end) / unit, Y: steps[len(steps)-1].Fraction})
		line, err := plotter.NewLine(xys)
		if err != nil {
			return err
		}
		line.StepStyle = plotter.PostStep
		line.Color = col
		line.Width = vg.Points(2)
		if n%3 == 1 {
			line.Dashes = []vg.Length{vg.Points(8), vg.Points(2)}
		} else if n%3 == 2 {
			line.Dashes = []vg.Length{vg.Points(2), vg.Points(2)}
		}
		thr, err := plotter.NewLine(plotter.XYs{{X: 0, Y: s.Threshold}, {X: float64(end) / unit, Y: s.Threshold}})
		if err != nil {
			return err
		}
		thr.Color = col
		thr.Width = vg.Points(0.8)
		thr.Dashes = []vg.Length{vg.Points(4), vg.Points(4)}
		p.Add(thr, line)
		label := sanitize(sectorLabel(s)) + fmt.Sprintf(" (threshold %s)", percent(s.Threshold))
		if so := outs[s.Index]; so.FailedAt != cascade.Never {
			mark, err := plotter.NewScatter(plotter.XYs{{X: float64(so.FailedAt) / unit, Y: s.Threshold}})
			if err != nil {
				return err
			}
			mark.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(4), Shape: draw.CrossGlyph{}}
			p.Add(mark)
			label += ", failed " + Tplus(so.FailedAt)
		}
		p.Legend.Add(label, line)
		n++
	}
	if n == 0 {
		p.Title.Text += " (no sector affected)"
	}
	// Head room above 100% for the legend, one line per sector.
	p.Y.Min, p.Y.Max = 0, 1.05+0.07*float64(n)
	p.Y.Tick.Marker = plot.ConstantTicks(fractionTicks())
	if len(unaffected) > 0 {
		p.X.Label.Text += "; not affected: " + truncate(strings.Join(unaffected, ", "), 120)
	}
	wt, err := p.WriterTo(plotWidth, plotHeight, format)
	if err != nil {
		return err
	}
	_, err = wt.WriteTo(w)
	return err
}

const hourSecs = 3600

// fractionTicks are the ticks of the fraction axis: 0 to 100% by 25%.
func fractionTicks() []plot.Tick {
	var ts []plot.Tick
	for i := 0; i <= 4; i++ {
		f := float64(i) / 4
		ts = append(ts, plot.Tick{Value: f, Label: percent(f)})
	}
	return ts
}

// plotColor parses a "#rrggbb" colour, grey when it is not one.
func plotColor(c string) imgcolor.Color {
	r, g, b, ok := parseHex(c)
	if !ok {
		return imgcolor.Gray{Y: 0x80}
	}
	return imgcolor.RGBA{R: r, G: g, B: b, A: 0xff}
}
