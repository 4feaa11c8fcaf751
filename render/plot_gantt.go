package render

import (
	"cmp"
	"fmt"
	imgcolor "image/color"
	"io"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
)

// MaxGanttRows is the most assets the Gantt chart draws, one row each; the
// title says how many were left out.
const MaxGanttRows = 60

// Gantt chart geometry: each row holds a band for the asset's down stretches
// above a band for its repair jobs.
const (
	ganttRowHeight = 0.3 * vg.Inch
	ganttMargin    = 1.6 * vg.Inch // title, axis and labels
	ganttLegend    = 3.2 * vg.Inch // the legend's column, right of the chart
	ganttWidth     = 9 * vg.Inch   // the chart, left of the legend
	downLo, downHi = -0.02, 0.38   // the down band, in rows around the row's centre
	jobLo, jobHi   = -0.38, -0.08  // the repair band
)

// crewPalette colours the repair jobs of each organization with crews, in model
// order: dark hues that stand apart from the sector colours of the down bars.
var crewPalette = []string{"#3f007d", "#00441b", "#08306b", "#7f2704", "#525252", "#67000d"}

// GanttRow is one row of the Gantt chart: an asset that failed, its down
// stretches, and its repair jobs when its operator has crews.
type GanttRow struct {
	Asset *model.Asset
	Down  []cascade.Stretch // [Start, End) seconds; End cascade.Never: still down at the horizon
	Jobs  []RepairJob       // in the order of Outcome.Repairs
}

// GanttRows returns the rows of the Gantt chart of o, top to bottom: first the
// assets with repair jobs, grouped by organization in model order so that each
// crew's queue reads down the rows, then the other assets that failed; within
// each, by first failure, then model order.
func (o *Outcome) GanttRows(m *model.Model) []GanttRow {
	jobs := make([][]RepairJob, len(m.Assets))
	org := make([]int, len(m.Assets))
	for i := range org {
		org[i] = len(m.Organizations) // after every organization with crews
	}
	for _, j := range o.Repairs {
		jobs[j.Asset.Index] = append(jobs[j.Asset.Index], j)
		org[j.Asset.Index] = j.Organization.Index
	}
	var rows []GanttRow
	for _, a := range m.Assets {
		if ss := o.Stretches(a); len(ss) > 0 || len(jobs[a.Index]) > 0 {
			rows = append(rows, GanttRow{Asset: a, Down: ss, Jobs: jobs[a.Index]})
		}
	}
	first := func(r GanttRow) int64 {
		t := cascade.Never
		if len(r.Down) > 0 {
			t = r.Down[0].Start
		}
		if len(r.Jobs) > 0 {
			t = min(t, r.Jobs[0].Damaged)
		}
		return t
	}
	slices.SortStableFunc(rows, func(x, y GanttRow) int {
		if c := cmp.Compare(org[x.Asset.Index], org[y.Asset.Index]); c != 0 {
			return c
		}
		return cmp.Compare(first(x), first(y))
	})
	return rows
}

// Gantt draws the outages and repairs of a run as a Gantt chart, one row per
// asset that failed (GanttRows, at most MaxGanttRows): its down stretches as bars
// in its sector's colour, ending with a triangle when it is still down at the
// horizon, and below them, for an asset whose operator has crews, each repair
// job — light while it waits for a crew (damaged to start), dark while it is
// under repair (start to end) — in the organization's colour, so that a crew's
// queue shows as waiting bars that end where the previous job ends. The legend,
// right of the chart, names the sectors and organizations. The time axis is that
// of Plot. It writes the picture to w in format (one of PlotFormats).
func Gantt(m *model.Model, o *Outcome, format string, w io.Writer) error {
	return GanttWith(m, o, format, w, PlotOptions{})
}

// GanttWith is Gantt with the size and time axis of opts (a Height of 0 grows with
// the rows).
func GanttWith(m *model.Model, o *Outcome, format string, w io.Writer, opts PlotOptions) error {
	if err := checkFormat(format); err != nil {
		return err
	}
	end, unit, unitName, zoomed := timeAxis(o, opts)
	x := func(t int64) float64 {
		if t == cascade.Never || t > end {
			t = end
		}
		return float64(t) / unit
	}
	rows := o.GanttRows(m)
	all := len(rows)
	if len(rows) > MaxGanttRows {
		rows = rows[:MaxGanttRows]
	}

	th := newFallbackText(format)
	p := plot.New()
	useFallbackText(p, th)
	p.Title.Text = "Outages and repairs per asset: " + sanitize(scenarioLabel(o.Scenario))
	switch {
	case all == 0:
		p.Title.Text += " (no asset failed)"
	case all > len(rows):
		p.Title.Text += fmt.Sprintf(" (first %d of %d assets)", len(rows), all)
	}
	p.X.Label.Text = "time since the start (" + unitName + ")"
	if zoomed {
		p.X.Label.Text += fmt.Sprintf("; the run goes on to %s", Tplus(o.Horizon))
	}
	p.X.Min, p.X.Max = 0, float64(end)/unit
	p.Y.Min, p.Y.Max = -0.5, float64(max(len(rows), 1))-0.5
	grid := plotter.NewGrid()
	grid.Horizontal.Width = 0
	p.Add(grid)

	// One polygon per colour: the down bars of each sector, the waiting and
	// working jobs of each organization.
	type key struct {
		kind  barKind
		index int
	}
	rects := map[key]plotter.XYs{}
	var keys []key
	leg := plot.NewLegend() // drawn in its own column, not over the bars
	legendText(&leg, th)
	var open plotter.XYs
	var ticks []plot.Tick
	for i, r := range rows {
		y := float64(len(rows) - 1 - i)
		label := sanitize(assetLabel(r.Asset))
		if len(r.Jobs) > 0 {
			label += " · " + sanitize(truncate(orgLabel(r.Jobs[0].Organization), maxLabel))
		}
		ticks = append(ticks, plot.Tick{Value: y, Label: truncate(label, 40)})
	}
	for _, b := range ganttBars(rows, end) {
		y := float64(len(rows) - 1 - b.Row)
		lo, hi := y+jobLo, y+jobHi
		if b.Kind == barDown {
			lo, hi = y+downLo, y+downHi
			if b.Open {
				open = append(open, plotter.XY{X: x(b.To), Y: (lo + hi) / 2})
			}
		}
		k := key{b.Kind, b.Index}
		if _, ok := rects[k]; !ok {
			keys = append(keys, k)
		}
		x0, x1 := x(b.From), x(b.To)
		// a closed ring per rectangle; the rings of one colour do not overlap
		rects[k] = append(rects[k], plotter.XY{X: x0, Y: lo}, plotter.XY{X: x1, Y: lo}, plotter.XY{X: x1, Y: hi}, plotter.XY{X: x0, Y: hi}, plotter.XY{X: x0, Y: lo})
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := cmp.Compare(a.kind, b.kind); c != 0 {
			return c
		}
		return cmp.Compare(a.index, b.index)
	})
	// One polygon per colour, of one ring per rectangle.
	for _, k := range keys {
		pts := rects[k]
		var rings []plotter.XYer
		for i := 0; i < len(pts); i += 5 {
			rings = append(rings, pts[i:i+5])
		}
		poly, err := plotter.NewPolygon(rings...)
		if err != nil {
			return err
		}
		poly.LineStyle.Width = 0
		var label string
		switch k.kind {
		case barDown:
			s := m.Sectors[k.index]
			poly.Color = plotColor(s.Color)
			label = "down: " + sanitize(sectorLabel(s))
		case barWaiting:
			org := m.Organizations[k.index]
			poly.Color = plotColor(tint(crewColor(k.index), 0.3))
			label = "waiting for a crew of " + sanitize(truncate(orgLabel(org), maxLabel)) + fmt.Sprintf(" (%s)", crewsText(org.Crews))
		case barRepair:
			org := m.Organizations[k.index]
			poly.Color = plotColor(crewColor(k.index))
			label = "under repair by " + sanitize(truncate(orgLabel(org), maxLabel))
		}
		p.Add(poly)
		leg.Add(label, poly)
	}
	if len(open) > 0 {
		sc, err := plotter.NewScatter(open)
		if err != nil {
			return err
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: imgcolor.Black, Radius: vg.Points(4), Shape: draw.PyramidGlyph{}}
		p.Add(sc)
		leg.Add("still down at the horizon", sc)
	}
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	leg.Top, leg.Left = true, true
	leg.XOffs = vg.Points(12)

	height := max(4*vg.Inch, ganttMargin+ganttRowHeight*vg.Length(len(rows)))
	if opts.Height > 0 {
		height = opts.Height
	}
	width := ganttWidth + ganttLegend
	if opts.Width > 0 {
		width = opts.Width
	}
	legendW := min(ganttLegend, width*0.4)
	c, err := draw.NewFormattedCanvas(width, height, format)
	if err != nil {
		return err
	}
	dc := draw.New(c)
	p.Draw(draw.Crop(dc, 0, -legendW, 0, 0))
	leg.Draw(draw.Crop(dc, width-legendW, 0, 0, -ganttMargin/2))
	_, err = c.WriteTo(w)
	return err
}

// barKind is what a bar of the Gantt chart shows.
type barKind int

const (
	barDown    barKind = iota // a down stretch, in the sector's colour
	barWaiting                // a repair job waiting for a crew
	barRepair                 // a repair job under repair
)

// ganttBar is one bar of the Gantt chart.
type ganttBar struct {
	Kind     barKind
	Row      int   // index in the rows
	Index    int   // the sector (barDown) or organization index
	From, To int64 // seconds, To at most the end of the time axis
	Open     bool  // a down stretch still down at the horizon
}

// ganttBars returns the bars of rows on a time axis ending at end (seconds):
// each row's down stretches, then its jobs' waiting and repair stretches; empty
// stretches are left out, except an open down stretch starting at the end (its
// triangle says it).
func ganttBars(rows []GanttRow, end int64) []ganttBar {
	clip := func(t int64) int64 {
		if t == cascade.Never {
			return end
		}
		return min(t, end)
	}
	var out []ganttBar
	add := func(b ganttBar) {
		if b.To > b.From || b.Open {
			out = append(out, b)
		}
	}
	for i, r := range rows {
		for _, s := range r.Down {
			add(ganttBar{Kind: barDown, Row: i, Index: r.Asset.Sector.Index, From: s.Start, To: clip(s.End), Open: s.End == cascade.Never})
		}
		for _, j := range r.Jobs {
			org := j.Organization.Index
			add(ganttBar{Kind: barWaiting, Row: i, Index: org, From: j.Damaged, To: clip(j.Start)})
			if j.Start != cascade.Never {
				add(ganttBar{Kind: barRepair, Row: i, Index: org, From: j.Start, To: clip(j.End)})
			}
		}
	}
	return out
}

// crewColor returns the colour of the repair jobs of the organization of index i.
func crewColor(i int) string { return crewPalette[i%len(crewPalette)] }

// crewsText says how many crews an organization has: "1 crew", "4 crews".
func crewsText(n int) string { return fmt.Sprintf("%d %s", n, pluralOf(n, "crew", "crews")) }
