package render

import (
	"fmt"
	imgcolor "image/color"
	"io"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
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
	// PlotFormats), sized and with the time axis as opts say.
	Draw func(m *model.Model, o *Outcome, format string, w io.Writer, opts PlotOptions) error
}

// PlotOptions choose a plot's size and time axis; the zero value is the default.
type PlotOptions struct {
	// Width and Height are the size of the picture; 0 is the default (DefaultPlotWidth
	// and DefaultPlotHeight, the Gantt chart growing with its rows).
	Width, Height vg.Length
	// Until, when > 0, ends the time axis at that many seconds; otherwise it ends
	// a little after the last change (failure or restoration), or at the horizon
	// when that comes soon after (see timeAxis).
	Until int64
}

// Default and smallest plot sizes.
const (
	DefaultPlotWidth  = 11 * vg.Inch
	DefaultPlotHeight = 5.5 * vg.Inch
	MinPlotWidth      = 4 * vg.Inch
	MinPlotHeight     = 2.5 * vg.Inch
	MaxPlotSide       = 100 * vg.Inch
)

// size returns the size opts ask for, or the defaults.
func (opts PlotOptions) size() (w, h vg.Length) {
	w, h = opts.Width, opts.Height
	if w <= 0 {
		w = DefaultPlotWidth
	}
	if h <= 0 {
		h = DefaultPlotHeight
	}
	return w, h
}

// PlotKinds returns every kind of plot, the default first.
func PlotKinds() []PlotKind {
	return []PlotKind{
		{Name: "sectors", About: "each sector's down fraction over time, the fall and the recovery, with its service lost", Draw: PlotWith},
		{Name: "gantt", About: "outages and repair jobs per asset: one row per asset that failed, crews' queues", Draw: GanttWith},
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

// timeAxis returns the end of a plot's time axis in seconds and its unit: hours
// for axes up to 48 hours, else days. The axis ends at opts.Until when given;
// else at the horizon when the last change (a failure, or the end of an outage)
// comes after a third of it; else, zoomed in on where things happen, a tenth
// after the last change (at least an hour), and zoomed says so. Without a horizon
// it ends a tenth after the last change.
func timeAxis(o *Outcome, opts PlotOptions) (end int64, unit float64, unitName string, zoomed bool) {
	last := o.lastChange()
	switch {
	case opts.Until > 0:
		end = opts.Until
		zoomed = o.Horizon != cascade.Never && end < o.Horizon
	case o.Horizon != cascade.Never && last*3 >= o.Horizon:
		end = max(o.Horizon, last)
	default:
		end = last + max(last/10, hourSecs)
		if o.Horizon != cascade.Never && end >= o.Horizon {
			end = o.Horizon
		}
		zoomed = o.Horizon != cascade.Never && end < o.Horizon
	}
	if end <= 0 {
		end = hourSecs
	}
	unit, unitName = float64(hourSecs), "hours"
	if end > 48*hourSecs {
		unit, unitName = float64(24*hourSecs), "days"
	}
	return end, unit, unitName, zoomed
}

// lastChange returns the time of the last failure, compromise or end of an outage
// (restoration) of the run, 0 when nothing happens.
func (o *Outcome) lastChange() int64 {
	t := o.lastTime()
	for _, a := range o.Assets {
		for _, s := range a.Down {
			if s.End != cascade.Never {
				t = max(t, s.End)
			}
		}
		if a.Compromised {
			t = max(t, a.CompromisedAt)
		}
	}
	return t
}

// checkFormat returns an error for a format not in PlotFormats.
func checkFormat(format string) error {
	if !slices.Contains(PlotFormats, format) {
		return fmt.Errorf("unknown plot format %q; formats are %s", format, strings.Join(PlotFormats, ", "))
	}
	return nil
}

// Plot is PlotWith with the default options.
func Plot(m *model.Model, o *Outcome, format string, w io.Writer) error {
	return PlotWith(m, o, format, w, PlotOptions{})
}

// PlotWith draws the down fraction of each affected sector over the run as solid
// step lines — the fall and, in a run with restoration, the recovery — with the
// area under each line (its service lost, loss_s) lightly shaded when the run has
// a horizon, each sector's threshold as a thin dashed line of its colour, the
// moment it fails marked with a cross and the moment it is restored with a
// circle, and writes the picture to w in format (one of PlotFormats). The legend,
// in a column right of the plotting area, gives each sector's threshold, failure,
// restoration and service lost. The time axis (timeAxis) is in hours up to 48
// hours, else in days. Without restoration the down fraction is the failed
// fraction. Japanese and other CJK text is drawn with a CJK font (plotfont.go).
func PlotWith(m *model.Model, o *Outcome, format string, w io.Writer, opts PlotOptions) error {
	if err := checkFormat(format); err != nil {
		return err
	}
	end, unit, unitName, zoomed := timeAxis(o, opts)
	th := newFallbackText(format)

	p := plot.New()
	useFallbackText(p, th)
	p.Title.Text = "Failed fraction per sector: " + sanitize(scenarioLabel(o.Scenario))
	p.Y.Label.Text = "failed share of the sector"
	if o.Restoration {
		p.Title.Text = "Down fraction per sector, fall and recovery: " + sanitize(scenarioLabel(o.Scenario))
		p.Y.Label.Text = "share of the sector down"
	}
	p.X.Label.Text = "time since the start (" + unitName + ")"
	if zoomed {
		p.X.Label.Text += fmt.Sprintf("; the run goes on to %s", Tplus(o.Horizon))
		if opts.Until == 0 {
			p.X.Label.Text += " with no further change"
		}
	}
	p.X.Min, p.X.Max = 0, float64(end)/unit
	p.Add(plotter.NewGrid())
	leg := plot.NewLegend() // drawn in its own column, right of the plotting area
	legendText(&leg, th)
	leg.Top, leg.Left = true, true
	leg.XOffs = vg.Points(6)

	outs := o.SectorOutcomes(m)
	var unaffected, labels []string
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
			if st.At > end {
				break
			}
			xys = append(xys, plotter.XY{X: float64(st.At) / unit, Y: st.Fraction})
		}
		xys = append(xys, plotter.XY{X: float64(end) / unit, Y: xys[len(xys)-1].Y})
		line, err := plotter.NewLine(xys)
		if err != nil {
			return err
		}
		line.StepStyle = plotter.PostStep
		line.Color = col
		line.Width = vg.Points(2) // solid: the dashes are the thresholds'
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
			area.Color = translucent(col, areaAlpha(len(m.Sectors)))
			area.LineStyle.Width = 0
			p.Add(area)
		}
		p.Add(thr, line)
		label := sanitize(truncate(sectorLabel(s), 40)) + fmt.Sprintf(" (threshold %s)", percent(s.Threshold))
		so := outs[s.Index]
		var facts []string
		if so.FailedAt != cascade.Never {
			if so.FailedAt <= end {
				mark, err := plotter.NewScatter(plotter.XYs{{X: float64(so.FailedAt) / unit, Y: s.Threshold}})
				if err != nil {
					return err
				}
				mark.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(4), Shape: draw.CrossGlyph{}}
				p.Add(mark)
			}
			facts = append(facts, "failed "+Tplus(so.FailedAt))
		}
		if so.RestoredAt != cascade.Never && o.Restoration {
			if so.RestoredAt <= end {
				mark, err := plotter.NewScatter(plotter.XYs{{X: float64(so.RestoredAt) / unit, Y: s.Threshold}})
				if err != nil {
					return err
				}
				mark.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(4), Shape: draw.RingGlyph{}}
				p.Add(mark)
			}
			facts = append(facts, "restored "+Tplus(so.RestoredAt))
		}
		if o.Horizon != cascade.Never {
			facts = append(facts, "service lost "+cascade.FormatDuration(int64(so.Loss+0.5)))
		}
		if len(facts) > 0 {
			label += "\n" + strings.Join(facts, ", ")
		}
		leg.Add(label, line)
		labels = append(labels, label)
		n++
	}
	if n == 0 {
		p.Title.Text += " (no sector affected)"
	} else {
		dash, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 0}})
		if err != nil {
			return err
		}
		dash.Color = imgcolor.Gray{Y: 0x60}
		dash.Width = vg.Points(0.8)
		dash.Dashes = []vg.Length{vg.Points(4), vg.Points(4)}
		key := "dashed: the sector's threshold\n× fails, ○ restored"
		leg.Add(key, dash)
		labels = append(labels, key)
	}
	p.Y.Min, p.Y.Max = 0, 1.05
	p.Y.Tick.Marker = plot.ConstantTicks(fractionTicks())
	if len(unaffected) > 0 {
		p.X.Label.Text += "\nnot affected: " + truncate(strings.Join(unaffected, ", "), 120)
	}

	width, height := opts.size()
	if opts.Height <= 0 {
		// Room for every legend entry, two lines each.
		height = max(height, vg.Length(n+1)*2.3*leg.TextStyle.Font.Size+vg.Inch)
	}
	legendW := legendWidth(labels, leg, th, width)
	c, err := draw.NewFormattedCanvas(width, height, format)
	if err != nil {
		return err
	}
	dc := draw.New(c)
	p.Draw(draw.Crop(dc, 0, -legendW, 0, 0))
	leg.Draw(draw.Crop(dc, width-legendW, 0, 0, -vg.Points(24)))
	_, err = c.WriteTo(w)
	return err
}

// legendWidth returns the width of the legend's column: its widest line, its
// thumbnails and margins, at most 40% of a plot of width total.
func legendWidth(labels []string, leg plot.Legend, th text.Handler, total vg.Length) vg.Length {
	var widest vg.Length
	for _, e := range labels {
		for _, line := range strings.Split(e, "\n") {
			w, _, _ := th.Box(line, leg.TextStyle.Font)
			widest = max(widest, w)
		}
	}
	return min(widest+leg.ThumbnailWidth+leg.Padding*2+vg.Points(16), total*0.4)
}

// areaAlpha is the opacity of the shaded service lost: fainter with more sectors,
// whose areas overlap.
func areaAlpha(sectors int) uint8 {
	if sectors <= 4 {
		return 0x30
	}
	return 0x18
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
