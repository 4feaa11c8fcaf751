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

// PlotFormats are the file formats the plots write.
var PlotFormats = []string{"png", "svg", "pdf"}

// PlotKind is one kind of plot of a run. Adding one means writing its Draw
// function and listing it in PlotKinds.
type PlotKind struct {
	Name  string
	About string // one line for --help
	// Draw draws the plot of o on m and writes it to w in format (one of
	// PlotFormats).
	Draw func(m *model.Model, o *Outcome, format string, w io.Writer) error
}

// PlotKinds returns every kind of plot, the default first.
func PlotKinds() []PlotKind {
	return []PlotKind{
		{Name: "sectors", About: "each sector's down fraction over time, the fall and the recovery, with its service lost", Draw: Plot},
		{Name: "gantt", About: "outages and repair jobs per asset: one row per asset that failed, crews' queues", Draw: Gantt},
	}
}

// PlotKindNames returns the names of the plot kinds, in the order of PlotKinds.
func PlotKindNames() []string {
	var names []string
	for _, k := range PlotKinds() {
		names = append(names, k.Name)
	}
	return names
}

// LookupPlotKind returns the plot kind called name.
func LookupPlotKind(name string) (PlotKind, bool) {
	for _, k := range PlotKinds() {
		if k.Name == name {
			return k, true
		}
	}
	return PlotKind{}, false
}

// Plot size.
const (
	plotWidth  = 9 * vg.Inch
	plotHeight = 5 * vg.Inch
)

// timeAxis returns the end of a plot's time axis in seconds — the horizon, or a
// little after the last failure without one — and its unit: hours for runs up to
// 48 hours, else days.
func timeAxis(o *Outcome) (end int64, unit float64, unitName string) {
	end = o.lastTime()
	if o.Horizon != cascade.Never {
		end = max(end, o.Horizon)
	} else {
		end += max(end/10, hourSecs)
	}
	if end <= 0 {
		end = hourSecs
	}
	unit, unitName = float64(hourSecs), "hours"
	if end > 48*hourSecs {
		unit, unitName = float64(24*hourSecs), "days"
	}
	return end, unit, unitName
}

// checkFormat returns an error for a format not in PlotFormats.
func checkFormat(format string) error {
	if !slices.Contains(PlotFormats, format) {
		return fmt.Errorf("unknown plot format %q; formats are %s", format, strings.Join(PlotFormats, ", "))
	}
	return nil
}

// Plot draws the down fraction of each affected sector over the run as step
// lines — the fall and, in a run with restoration, the recovery — with the area
// under each line (its service lost, loss_s) lightly shaded when the run has a
// horizon, each sector's threshold as a dashed line of its colour, the moment it
// fails marked with a cross and the moment it is restored with a circle, and
// writes the picture to w in format (one of PlotFormats). The legend gives each
// sector's threshold, failure, restoration and service lost. The time axis is in
// hours for runs up to 48 hours, else in days; it ends at the horizon, or a
// little after the last failure without one. Without restoration the down
// fraction is the failed fraction.
func Plot(m *model.Model, o *Outcome, format string, w io.Writer) error {
	if err := checkFormat(format); err != nil {
		return err
	}
	end, unit, unitName := timeAxis(o)

	p := plot.New()
	p.Title.Text = "Failed fraction per sector: " + sanitize(scenarioLabel(o.Scenario))
	p.Y.Label.Text = "failed share of the sector (dashed: its threshold)"
	if o.Restoration {
		p.Title.Text = "Down fraction per sector, fall and recovery: " + sanitize(scenarioLabel(o.Scenario))
		p.Y.Label.Text = "share of the sector down (dashed: its threshold)"
	}
	p.X.Label.Text = "time since the start (" + unitName + ")"
	p.X.Min, p.X.Max = 0, float64(end)/unit
	p.Legend.Top = true
	p.Legend.Left = true
	p.Legend.XOffs = vg.Points(8)
	p.Add(plotter.NewGrid())

	outs := o.SectorOutcomes(m)
	var unaffected []string
	n := 0
	for _, s := range m.Sectors {
		steps := o.DownSteps(m, s)
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
		if o.Horizon != cascade.Never {
			area, err := plotter.NewPolygon(stepArea(xys))
			if err != nil {
				return err
			}
			area.Color = translucent(col, 0x30)
			area.LineStyle.Width = 0
			p.Add(area)
		}
		p.Add(thr, line)
		label := sanitize(sectorLabel(s)) + fmt.Sprintf(" (threshold %s)", percent(s.Threshold))
		so := outs[s.Index]
		if so.FailedAt != cascade.Never {
			mark, err := plotter.NewScatter(plotter.XYs{{X: float64(so.FailedAt) / unit, Y: s.Threshold}})
			if err != nil {
				return err
			}
			mark.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(4), Shape: draw.CrossGlyph{}}
			p.Add(mark)
			label += ", failed " + Tplus(so.FailedAt)
		}
		if so.RestoredAt != cascade.Never && o.Restoration {
			mark, err := plotter.NewScatter(plotter.XYs{{X: float64(so.RestoredAt) / unit, Y: s.Threshold}})
			if err != nil {
				return err
			}
			mark.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(4), Shape: draw.RingGlyph{}}
			p.Add(mark)
			label += ", restored " + Tplus(so.RestoredAt)
		}
		if o.Horizon != cascade.Never {
			label += ", service lost " + cascade.FormatDuration(int64(so.Loss+0.5))
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

// stepArea returns the outline of the area under a post-step line through xys
// (which starts at y 0): the steps, then back along the axis.
func stepArea(xys plotter.XYs) plotter.XYs {
	var out plotter.XYs
	for i, p := range xys {
		if i > 0 {
			out = append(out, plotter.XY{X: p.X, Y: xys[i-1].Y})
		}
		out = append(out, p)
	}
	last := xys[len(xys)-1]
	return append(out, plotter.XY{X: last.X, Y: 0})
}

// translucent returns c with alpha a (premultiplied, as image/color wants).
func translucent(c imgcolor.Color, a uint8) imgcolor.Color {
	r, g, b, _ := c.RGBA()
	k := uint32(a)
	return imgcolor.RGBA{R: uint8(r >> 8 * k / 0xff), G: uint8(g >> 8 * k / 0xff), B: uint8(b >> 8 * k / 0xff), A: a}
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
