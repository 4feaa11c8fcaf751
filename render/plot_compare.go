package render

import (
	"fmt"
	imgcolor "image/color"
	"io"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/cascade-infra/cascade/cascade/montecarlo"
	"github.com/cascade-infra/cascade/whatif"
)

// variantColors are the bars of compare's plot: the baseline grey, then one colour per
// variant (Okabe–Ito, distinguishable with colour-blindness).
var variantColors = []string{"#999999", "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442"}

func variantColor(i int) imgcolor.Color {
	if i == 0 {
		return plotColor(variantColors[0])
	}
	return plotColor(variantColors[1+(i-1)%(len(variantColors)-1)])
}

// metricInfo describes a metric of the what-if plots: its axis label, and whether it
// is seconds of service lost (drawn in hours or days).
type metricInfo struct {
	label string
	secs  bool
}

var metricInfos = map[string]metricInfo{
	"failed":         {label: "failed assets"},
	"compromised":    {label: "compromised assets"},
	"on_backup":      {label: "assets on backup at the horizon"},
	"sectors_failed": {label: "sectors failed"},
	"loss_s":         {label: "sector service lost", secs: true},
}

// secsUnit returns the unit of seconds up to max: hours up to 48 hours, else days.
func secsUnit(max float64) (unit float64, name string) {
	if max > 48*hourSecs {
		return 24 * hourSecs, "days"
	}
	return hourSecs, "hours"
}

// errPoints are points with 95% intervals, for plotter.NewYErrorBars.
type errPoints struct {
	xys      plotter.XYs
	low, upp []float64 // distances below and above each point
}

func (e *errPoints) Len() int                        { return len(e.xys) }
func (e *errPoints) XY(i int) (float64, float64)     { return e.xys[i].X, e.xys[i].Y }
func (e *errPoints) YError(i int) (float64, float64) { return e.low[i], e.upp[i] }
func (e *errPoints) add(x float64, iv montecarlo.Interval, unit float64) {
	e.xys = append(e.xys, plotter.XY{X: x, Y: iv.Mean / unit})
	e.low = append(e.low, max(0, iv.Mean-iv.Low)/unit)
	e.upp = append(e.upp, max(0, iv.High-iv.Mean)/unit)
}

// addMeans adds points with error bars (black dots, the mean of the trials with its
// interval) to p, with a legend entry when legend is set.
func addMeans(p *plot.Plot, e *errPoints, trials int64, legend bool) error {
	if e.Len() == 0 {
		return nil
	}
	bars, err := plotter.NewYErrorBars(e)
	if err != nil {
		return err
	}
	bars.LineStyle.Width = vg.Points(1.2)
	dots, err := plotter.NewScatter(e)
	if err != nil {
		return err
	}
	dots.GlyphStyle = draw.GlyphStyle{Color: imgcolor.Black, Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}
	p.Add(bars, dots)
	if legend {
		p.Legend.Add(fmt.Sprintf("mean of %d trials, 95%% interval", trials), dots)
	}
	return nil
}

// PlotCompare draws a comparison as small multiples, one panel per metric (failed,
// compromised and on-backup assets, sectors failed and, with a horizon, the service
// lost): a bar per variant, the baseline first and grey, at its worst-case value
// and, when trials were run, a black dot with error bars at the mean of the trials
// with its 95% interval (not for on-backup assets and sectors failed, which the
// trials do not estimate). It writes the picture to w in format (one of
// PlotFormats), 12 inches wide and 3.6 inches high per row of panels (see
// PlotCompareWith for another size).
func PlotCompare(c *whatif.Comparison, format string, w io.Writer) error {
	return PlotCompareWith(c, format, w, PlotOptions{})
}

// PlotCompareWith is PlotCompare with the picture's size from opts: Width and
// Height, when > 0, replace the default (Until plays no part).
func PlotCompareWith(c *whatif.Comparison, format string, w io.Writer, opts PlotOptions) error {
	if err := checkFormat(format); err != nil {
		return err
	}
	names := []string{"baseline"}
	rows := []whatif.Metrics{c.Baseline}
	means := []*montecarlo.Means{c.BaselineMeans}
	for _, v := range c.Variants {
		names = append(names, v.Name)
		rows = append(rows, v.Metrics)
		var m *montecarlo.Means
		if v.Paired != nil {
			m = &v.Paired.Means
		}
		means = append(means, m)
	}
	metrics := []string{"failed", "compromised", "on_backup", "sectors_failed"}
	if c.HorizonS != nil {
		metrics = append(metrics, "loss_s")
	}
	row := func(i int) *whatif.SweepRow {
		return &whatif.SweepRow{Metrics: rows[i], Means: means[i]}
	}
	var plots []*plot.Plot
	for _, metric := range metrics {
		info := metricInfos[metric]
		unit, unitName := 1.0, ""
		if info.secs {
			var top float64
			for i := range rows {
				v, m, _ := row(i).Metric(metric)
				top = max(top, v)
				if m != nil {
					top = max(top, m.High)
				}
			}
			unit, unitName = secsUnit(top)
		}
		p := plot.New()
		p.Title.Text = info.label
		if unitName != "" {
			p.Title.Text += " (" + unitName + ")"
		}
		p.Y.Min = 0
		grid := plotter.NewGrid()
		grid.Vertical.Width = 0
		p.Add(grid)
		var means errPoints
		var top float64
		for i := range rows {
			v, m, _ := row(i).Metric(metric)
			bar, err := plotter.NewBarChart(plotter.Values{v / unit}, vg.Points(22))
			if err != nil {
				return err
			}
			bar.XMin = float64(i)
			bar.Color = variantColor(i)
			bar.LineStyle.Width = 0
			p.Add(bar)
			top = max(top, v/unit)
			if m != nil {
				means.add(float64(i), *m, unit)
				top = max(top, m.High/unit)
			}
		}
		if err := addMeans(p, &means, c.Trials, false); err != nil {
			return err
		}
		p.Y.Max = max(1, top*1.15)
		var ticks []plot.Tick
		for i, n := range names {
			ticks = append(ticks, plot.Tick{Value: float64(i), Label: sanitize(truncate(n, 24))})
		}
		p.X.Tick.Marker = plot.ConstantTicks(ticks)
		p.X.Tick.Label.Rotation = math.Pi / 7
		p.X.Tick.Label.XAlign = draw.XRight
		p.X.Tick.Label.YAlign = draw.YCenter
		p.X.Min, p.X.Max = -0.6, float64(len(names))-0.4
		plots = append(plots, p)
	}
	cols := 3
	grid := make([][]*plot.Plot, (len(plots)+cols-1)/cols)
	for i := range grid {
		grid[i] = make([]*plot.Plot, cols)
	}
	for i, p := range plots {
		grid[i/cols][i%cols] = p
	}
	title := "What the variants change: scenario " + sanitize(c.Scenario) + "\nbars: the worst case"
	if c.Trials > 0 {
		title += fmt.Sprintf("; dots: the mean of %d paired trials with its 95%% interval", c.Trials)
	}
	width, height := 12*vg.Inch, 3.6*vg.Inch*vg.Length(len(grid))+tilesHead
	if opts.Width > 0 {
		width = opts.Width
	}
	if opts.Height > 0 {
		height = opts.Height
	}
	return drawTiles(grid, title, width, height-tilesHead, format, w)
}

// tilesHead is the height of the title above the panels of drawTiles.
const tilesHead = 0.6 * vg.Inch

// drawTiles draws plots in a grid (nil for an empty cell) under a title and writes
// the picture to w in format.
func drawTiles(grid [][]*plot.Plot, title string, width, height vg.Length, format string, w io.Writer) error {
	const head = tilesHead
	c, err := draw.NewFormattedCanvas(width, height+head, format)
	if err != nil {
		return err
	}
	dc := draw.New(c)
	if format != "svg" && format != "pdf" {
		dc.SetColor(imgcolor.White)
		dc.Fill(dc.Rectangle.Path())
	}
	titleStyle := plot.New().Title.TextStyle
	titleStyle.XAlign, titleStyle.YAlign = draw.XCenter, draw.YTop
	dc.FillText(titleStyle, vg.Point{X: width / 2, Y: height + head - 0.15*vg.Inch}, title)
	body := draw.Crop(dc, 0, 0, 0, -head)
	tiles := draw.Tiles{Rows: len(grid), Cols: len(grid[0]), PadX: vg.Points(12), PadY: vg.Points(12),
		PadTop: vg.Points(6), PadBottom: vg.Points(6), PadLeft: vg.Points(6), PadRight: vg.Points(10)}
	canvases := plot.Align(grid, tiles, body)
	for i, row := range grid {
		for j, p := range row {
			if p != nil {
				p.Draw(canvases[i][j])
			}
		}
	}
	_, err = c.WriteTo(w)
	return err
}

// PlotSweep draws metric (one of whatif.SweepMetrics) against the swept variable's
// value: the worst case as a line with a point per value and, when trials were run,
// the mean of the trials with its 95% interval as black dots with error bars (not for
// on_backup and sectors_failed). Durations are drawn in hours up to 48 hours, else in
// days; text values at their positions, labelled. It writes the picture to w in format
// (one of PlotFormats), DefaultPlotWidth by DefaultPlotHeight (see PlotSweepWith
// for another size).
func PlotSweep(s *whatif.Sweep, metric, format string, w io.Writer) error {
	return PlotSweepWith(s, metric, format, w, PlotOptions{})
}

// PlotSweepWith is PlotSweep with the picture's size from opts: Width and
// Height, when > 0, replace the default (Until plays no part).
func PlotSweepWith(s *whatif.Sweep, metric, format string, w io.Writer, opts PlotOptions) error {
	if err := checkFormat(format); err != nil {
		return err
	}
	info, ok := metricInfos[metric]
	if !ok {
		return fmt.Errorf("unknown metric %q", metric)
	}
	xunit, xname := 1.0, sanitize(s.Variable)
	if s.Kind == whatif.KindDuration {
		var top float64
		for _, r := range s.Rows {
			top = max(top, r.X)
		}
		u, n := secsUnit(top)
		xunit, xname = u, xname+" ("+n+")"
	}
	yunit, yname := 1.0, info.label
	if info.secs {
		var top float64
		for i := range s.Rows {
			v, m, _ := s.Rows[i].Metric(metric)
			top = max(top, v)
			if m != nil {
				top = max(top, m.High)
			}
		}
		u, n := secsUnit(top)
		yunit, yname = u, yname+" ("+n+")"
	}
	p := plot.New()
	p.Title.Text = strings.ToUpper(info.label[:1]) + info.label[1:] + " against " + sanitize(s.Variable) + ": scenario " + sanitize(s.Scenario)
	p.X.Label.Text = xname
	p.Y.Label.Text = yname
	p.Add(plotter.NewGrid())
	var worst plotter.XYs
	var means errPoints
	for i := range s.Rows {
		r := &s.Rows[i]
		v, m, ok := r.Metric(metric)
		if !ok {
			return fmt.Errorf("the sweep has no %s (the run has no horizon)", metric)
		}
		x := r.X / xunit
		worst = append(worst, plotter.XY{X: x, Y: v / yunit})
		if m != nil {
			means.add(x, *m, yunit)
		}
	}
	line, points, err := plotter.NewLinePoints(worst)
	if err != nil {
		return err
	}
	line.Color, line.Width = plotColor(variantColors[1]), vg.Points(2)
	points.Color, points.Shape, points.Radius = plotColor(variantColors[1]), draw.CircleGlyph{}, vg.Points(3)
	p.Add(line, points)
	p.Legend.Add("worst case", line, points)
	if err := addMeans(p, &means, s.Trials, true); err != nil {
		return err
	}
	p.Legend.Top = true
	p.Legend.Left = true
	p.Legend.XOffs = vg.Points(8)
	p.Y.Min = 0
	p.Y.Max = max(p.Y.Max*1.2, 1)
	if s.Kind == whatif.KindText {
		var ticks []plot.Tick
		for _, r := range s.Rows {
			ticks = append(ticks, plot.Tick{Value: r.X, Label: sanitize(truncate(r.Value, 20))})
		}
		p.X.Tick.Marker = plot.ConstantTicks(ticks)
		p.X.Min, p.X.Max = -0.5, float64(len(s.Rows))-0.5
	} else if len(s.Rows) == 1 {
		p.X.Min, p.X.Max = worst[0].X-1, worst[0].X+1
	}
	width, height := opts.size()
	wt, err := p.WriterTo(width, height, format)
	if err != nil {
		return err
	}
	_, err = wt.WriteTo(w)
	return err
}
