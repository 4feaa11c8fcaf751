package render

import (
	"cmp"
	"errors"
	"fmt"
	imgcolor "image/color"
	"io"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/cascade-infra/cascade/model"
)

// The map view (cascade render --view map, and the map of cascade report) places
// the assets that have a location by longitude and latitude, in an equirectangular
// projection whose standard parallel is the middle of the map (x = longitude ×
// cos(middle latitude), y = latitude), so that shapes are right near the middle;
// over Natural Earth's 1:110m country outlines (Countries). Each asset is drawn
// with the shape of its sector and, in a run, filled with the colour of its
// failure time (dark red first, pale last, white when it does not fail); without
// a run, with its sector's colour. The scenario's within footprints are dashed
// circles, the dependencies between two located assets thin lines (dashed:
// cyber). The legend stands in a column right of the map. Unlike the other
// views it is drawn by cascade itself (gonum/plot), not through Graphviz.

// MapView is the name of the map view.
const MapView = "map"

// MapAbout is the map view's line of --help.
const MapAbout = "assets by longitude and latitude over country outlines, coloured by failure time, shaped by sector"

// ErrNoLocation is returned by Map for a model none of whose assets has a location.
var ErrNoLocation = errors.New("no asset of the model has a location (location = { lat = …, lon = … }), so there is nothing to place on a map")

// Limits of what the map draws beyond which it leaves things out (said in its
// caption): labels beside the assets, and dependency lines.
const (
	mapMaxLabels = 30
	mapMaxLines  = 20000
)

// mapShapes are the sectors' shapes, by sector index modulo their number.
var mapShapes = []shapeGlyph{
	{sides: 0}, {sides: 4, rot: math.Pi / 4}, {sides: 3, rot: math.Pi / 2}, {sides: 4},
	{sides: 3, rot: -math.Pi / 2}, {sides: 5, rot: math.Pi / 2}, {sides: 6}, {sides: 8, rot: math.Pi / 8, star: true},
}

// failColors are the colours of the failure-time classes, earliest first.
var failColors = []string{"#67000d", "#c2121b", "#f0563a", "#fc9a75", "#fdd9bf"}

// shapeGlyph is a filled regular polygon (a circle for 0 sides; a star
// alternates its points' radius) with a dark outline: the glyph of a sector.
type shapeGlyph struct {
	sides int
	rot   float64
	star  bool
}

// DrawGlyph implements draw.GlyphDrawer.
func (g shapeGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r := sty.Radius
	var p vg.Path
	if g.sides == 0 {
		p.Move(vg.Point{X: pt.X + r, Y: pt.Y})
		p.Arc(pt, r, 0, 2*math.Pi)
	} else {
		n := g.sides
		for i := range n {
			a := g.rot + 2*math.Pi*float64(i)/float64(n)
			rr := r * 1.15
			if g.star && i%2 == 1 {
				rr = r * 0.55
			}
			q := vg.Point{X: pt.X + rr*vg.Length(math.Cos(a)), Y: pt.Y + rr*vg.Length(math.Sin(a))}
			if i == 0 {
				p.Move(q)
			} else {
				p.Line(q)
			}
		}
	}
	p.Close()
	c.SetColor(sty.Color)
	c.Fill(p)
	c.SetLineStyle(draw.LineStyle{Color: imgcolor.Gray{Y: 0x30}, Width: vg.Points(0.7)})
	c.Stroke(p)
}

// glyphThumb is a legend thumbnail: one glyph.
type glyphThumb struct {
	shape shapeGlyph
	color imgcolor.Color
}

func (t glyphThumb) Thumbnail(c *draw.Canvas) {
	pt := vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: (c.Min.Y + c.Max.Y) / 2}
	t.shape.DrawGlyph(c, draw.GlyphStyle{Color: t.color, Radius: vg.Points(4)}, pt)
}

// CircleRing returns n+1 [longitude, latitude] positions (the first repeated last)
// around c, counterclockwise: the points at c.RadiusKm from the centre along n
// bearings on a sphere of the earth's mean radius, longitudes within ±180.
func CircleRing(c *model.Circle, n int) [][2]float64 {
	const earthKm = 6371.0088
	lat1, lon1 := c.Lat*math.Pi/180, c.Lon*math.Pi/180
	d := c.RadiusKm / earthKm
	ring := make([][2]float64, 0, n+1)
	for i := range n {
		brg := -2 * math.Pi * float64(i) / float64(n) // bearings clockwise from north, taken in reverse
		lat := math.Asin(math.Sin(lat1)*math.Cos(d) + math.Cos(lat1)*math.Sin(d)*math.Cos(brg))
		lon := lon1 + math.Atan2(math.Sin(brg)*math.Sin(d)*math.Cos(lat1), math.Cos(d)-math.Sin(lat1)*math.Sin(lat))
		lonDeg := math.Mod(lon*180/math.Pi+540, 360) - 180
		ring = append(ring, [2]float64{math.Round(lonDeg*1e7) / 1e7, math.Round(lat*180/math.Pi*1e7) / 1e7})
	}
	return append(ring, ring[0])
}

// projection is the map's: longitudes unwrapped across the largest gap between
// the things drawn (so that a map of Japan and California crosses the Pacific),
// then x = lon × kx.
type projection struct {
	shift bool    // longitudes below cut get 360 added
	cut   float64 // degrees
	kx    float64 // cos of the middle latitude
}

func (pr projection) lon(lon float64) float64 {
	lon = math.Mod(lon+540, 360) - 180
	if pr.shift && lon < pr.cut {
		lon += 360
	}
	return lon
}

// newProjection chooses where to cut the circle of longitudes: in the middle of
// the largest gap between lons.
func newProjection(lons []float64) projection {
	ls := make([]float64, len(lons))
	for i, l := range lons {
		ls[i] = math.Mod(l+540, 360) - 180
	}
	slices.Sort(ls)
	pr := projection{kx: 1}
	if len(ls) < 2 {
		return pr
	}
	best := ls[0] + 360 - ls[len(ls)-1] // the gap across the antimeridian
	for i := 1; i < len(ls); i++ {
		if g := ls[i] - ls[i-1]; g > best {
			best, pr.shift, pr.cut = g, true, ls[i-1]+g/2
		}
	}
	return pr
}

// mapItem is a located asset.
type mapItem struct {
	a        *model.Asset
	lon, lat float64 // lon unwrapped
}

// failClasses splits the failure times into at most len(failColors) classes and
// returns, for a time, its class, and the classes' labels.
func failClasses(times []int64) (classOf func(int64) int, labels []string) {
	ts := slices.Clone(times)
	slices.Sort(ts)
	ts = slices.Compact(ts)
	k := len(failColors)
	if len(ts) <= k {
		for _, t := range ts {
			labels = append(labels, "failed at "+Tplus(t))
		}
		return func(t int64) int { i, _ := slices.BinarySearch(ts, t); return min(i, len(ts)-1) }, labels
	}
	// Upper bounds of the classes: equal numbers of distinct times.
	var uppers []int64
	lo := 0
	for c := range k {
		hi := (c + 1) * len(ts) / k
		uppers = append(uppers, ts[hi-1])
		label := "failed " + Tplus(ts[lo]) + " – " + Tplus(ts[hi-1])
		if lo == hi-1 {
			label = "failed at " + Tplus(ts[lo])
		}
		labels = append(labels, label)
		lo = hi
	}
	return func(t int64) int {
		i, _ := slices.BinarySearch(uppers, t)
		return min(i, k-1)
	}, labels
}

// Map draws the map view of m, and of the run o when not nil, and writes it to w
// in format (one of PlotFormats). It returns ErrNoLocation when no asset has a
// location.
func Map(m *model.Model, o *Outcome, format string, w io.Writer, opts PlotOptions) error {
	if err := checkFormat(format); err != nil {
		return err
	}
	var footprints []*model.Event
	if o != nil && o.Scenario != nil {
		for _, e := range o.Scenario.Events {
			if e.Select != nil && e.Select.Within != nil {
				footprints = append(footprints, e)
			}
		}
	}
	var lons []float64
	located := 0
	for _, a := range m.Assets {
		if a.Location != nil {
			lons = append(lons, a.Location.Lon)
			located++
		}
	}
	if located == 0 {
		return ErrNoLocation
	}
	rings := make([][][2]float64, len(footprints))
	for i, e := range footprints {
		rings[i] = CircleRing(e.Select.Within, 72)
		lons = append(lons, e.Select.Within.Lon)
	}
	pr := newProjection(lons)
	items := make([]mapItem, 0, located)
	minLon, minLat, maxLon, maxLat := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	extend := func(lon, lat float64) {
		minLon, maxLon = min(minLon, lon), max(maxLon, lon)
		minLat, maxLat = min(minLat, lat), max(maxLat, lat)
	}
	for _, a := range m.Assets {
		if a.Location != nil {
			it := mapItem{a: a, lon: pr.lon(a.Location.Lon), lat: a.Location.Lat}
			items = append(items, it)
			extend(it.lon, it.lat)
		}
	}
	for i, r := range rings {
		c := pr.lon(footprints[i].Select.Within.Lon)
		for j, q := range r {
			lon := pr.lon(q[0])
			// Keep the ring's points next to its centre's longitude.
			if lon-c > 180 {
				lon -= 360
			} else if c-lon > 180 {
				lon += 360
			}
			r[j][0] = lon
			extend(lon, q[1])
		}
	}
	// Pad by a tenth of the span each side, at least 0.05°, and keep within the
	// latitudes of the map data.
	padLon := max((maxLon-minLon)*0.1, 0.05)
	padLat := max((maxLat-minLat)*0.1, 0.05)
	minLon, maxLon = minLon-padLon, maxLon+padLon
	minLat, maxLat = max(minLat-padLat, -85), min(maxLat+padLat, 85)
	pr.kx = math.Cos((minLat + maxLat) / 2 * math.Pi / 180)

	th := newFallbackText(format)
	leg := plot.NewLegend()
	legendText(&leg, th)
	leg.Top, leg.Left = true, true
	leg.XOffs = vg.Points(6)
	var labels []string
	addLegend := func(label string, t plot.Thumbnailer) {
		leg.Add(label, t)
		labels = append(labels, label)
	}

	// The size: the map's aspect ratio decides the height unless given.
	width, height := opts.size()
	legendW := min(3.4*vg.Inch, width*0.4)
	const titleH = 36 // points above the map
	spanX, spanY := (maxLon-minLon)*pr.kx, maxLat-minLat
	mapW := width - legendW - vg.Points(12)
	if opts.Height <= 0 {
		height = vg.Length(float64(mapW)*spanY/spanX) + titleH
		height = min(max(height, 4*vg.Inch), 12*vg.Inch)
	}
	// Widen the ranges so that the map area has the same aspect as the spans.
	mapH := height - titleH - vg.Points(8)
	if want := float64(mapH/mapW) * spanX; want > spanY {
		extra := (want - spanY) / 2
		minLat, maxLat = minLat-extra, maxLat+extra
	} else {
		extra := (spanY*float64(mapW/mapH)/pr.kx - (maxLon - minLon)) / 2
		minLon, maxLon = minLon-extra, maxLon+extra
	}

	p := plot.New()
	useFallbackText(p, th)
	p.HideAxes()
	xy := func(lon, lat float64) plotter.XY { return plotter.XY{X: lon * pr.kx, Y: lat} }
	if o != nil && o.Scenario != nil {
		p.Title.Text = "Map: " + sanitize(scenarioLabel(o.Scenario))
	} else {
		p.Title.Text = "Map of the model's assets"
	}

	sea, err := plotter.NewPolygon(plotter.XYs{xy(minLon, minLat), xy(maxLon, minLat), xy(maxLon, maxLat), xy(minLon, maxLat)})
	if err != nil {
		return err
	}
	sea.Color = imgcolor.RGBA{R: 0xdd, G: 0xea, B: 0xf3, A: 0xff}
	sea.LineStyle.Width = vg.Points(0.5)
	sea.LineStyle.Color = imgcolor.Gray{Y: 0x90}
	p.Add(sea)
	for _, c := range Countries() {
		for _, shift := range []float64{-360, 0, 360} {
			if c.MaxLon+shift < minLon || c.MinLon+shift > maxLon || c.MaxLat < minLat || c.MinLat > maxLat {
				continue
			}
			var rs []plotter.XYer
			for _, r := range c.Rings {
				pts := make(plotter.XYs, len(r))
				for i, q := range r {
					pts[i] = xy(q[0]+shift, q[1])
				}
				rs = append(rs, pts)
			}
			land, err := plotter.NewPolygon(rs...)
			if err != nil {
				return err
			}
			land.Color = imgcolor.RGBA{R: 0xf4, G: 0xf1, B: 0xe8, A: 0xff}
			land.LineStyle.Color = imgcolor.Gray{Y: 0x9a}
			land.LineStyle.Width = vg.Points(0.5)
			p.Add(land)
		}
	}
	navy := plotColor("#1d3557")
	for i, r := range rings {
		pts := make(plotter.XYs, len(r))
		for j, q := range r {
			pts[j] = xy(q[0], q[1])
		}
		fp, err := plotter.NewPolygon(pts)
		if err != nil {
			return err
		}
		fp.Color = translucent(navy, 0x22)
		fp.LineStyle.Color = navy
		fp.LineStyle.Width = vg.Points(1.2)
		fp.LineStyle.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
		p.Add(fp)
		w := footprints[i].Select.Within
		addLegend(fmt.Sprintf("event %s at %s: within %g km", sanitize(truncate(footprints[i].Name, 30)), Tplus(footprints[i].At), w.RadiusKm), fp)
	}

	// Dependencies between located assets, physical first.
	byIndex := make(map[int]*mapItem, len(items))
	for i := range items {
		byIndex[items[i].a.Index] = &items[i]
	}
	var lines [2][]plotter.XYs // physical and the rest, cyber
	nLines := 0
	dependencies(m, func(a *model.Asset, _ *model.SupplyGroup, d *model.Dependency) {
		from, to := byIndex[d.On.Index], byIndex[a.Index]
		if from == nil || to == nil || nLines >= mapMaxLines {
			return
		}
		nLines++
		k := 0
		if d.Kind == model.Cyber {
			k = 1
		}
		lines[k] = append(lines[k], plotter.XYs{xy(from.lon, from.lat), xy(to.lon, to.lat)})
	})
	for k, ls := range lines {
		if len(ls) == 0 {
			continue
		}
		var first *plotter.Line
		for _, l := range ls {
			ln, err := plotter.NewLine(l)
			if err != nil {
				return err
			}
			ln.Color = imgcolor.Gray{Y: 0x70}
			ln.Width = vg.Points(0.6)
			if k == 1 {
				ln.Color = plotColor("#6a3d9a")
				ln.Dashes = []vg.Length{vg.Points(3), vg.Points(2)}
			}
			p.Add(ln)
			if first == nil {
				first = ln
			}
		}
		if k == 0 {
			addLegend("dependency", first)
		} else {
			addLegend("cyber dependency", first)
		}
	}

	// The assets: one scatter per sector and colour.
	var classOf func(int64) int
	var classLabels []string
	if o != nil {
		var times []int64
		for _, it := range items {
			if ao := o.Assets[it.a.Index]; ao.Failed {
				times = append(times, ao.At)
			}
		}
		classOf, classLabels = failClasses(times)
	}
	type key struct{ sector, class int } // class -1: does not fail; -2: no run
	groups := map[key]plotter.XYs{}
	for _, it := range items {
		k := key{it.a.Sector.Index, -2}
		if o != nil {
			k.class = -1
			if ao := o.Assets[it.a.Index]; ao.Failed {
				k.class = classOf(ao.At)
			}
		}
		groups[k] = append(groups[k], xy(it.lon, it.lat))
	}
	keys := make([]key, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	// Not failed first, then the latest classes, so that early failures are on top.
	order := func(k key) int {
		if k.class < 0 {
			return -1
		}
		return len(failColors) - k.class
	}
	slices.SortFunc(keys, func(a, b key) int { return cmp.Or(cmp.Compare(order(a), order(b)), cmp.Compare(a.sector, b.sector)) })
	radius := vg.Points(5)
	if located > 500 {
		radius = vg.Points(3)
	}
	colorOf := func(k key) imgcolor.Color {
		switch {
		case k.class >= 0:
			return plotColor(failColors[k.class])
		case k.class == -1:
			return imgcolor.White
		}
		return plotColor(m.Sectors[k.sector].Color)
	}
	for _, k := range keys {
		sc, err := plotter.NewScatter(groups[k])
		if err != nil {
			return err
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: colorOf(k), Radius: radius, Shape: mapShapes[k.sector%len(mapShapes)]}
		p.Add(sc)
	}
	if located <= mapMaxLabels {
		var lxy plotter.XYs
		var names []string
		for _, it := range items {
			lxy = append(lxy, xy(it.lon, it.lat))
			names = append(names, sanitize(truncate(assetLabel(it.a), 28)))
		}
		lb, err := plotter.NewLabels(plotter.XYLabels{XYs: lxy, Labels: names})
		if err != nil {
			return err
		}
		for i := range lb.TextStyle {
			lb.TextStyle[i].Handler = th
			lb.TextStyle[i].Font.Variant = "Sans"
			lb.TextStyle[i].Font.Size = vg.Points(7)
			lb.TextStyle[i].YAlign = text.YCenter
		}
		lb.Offset = vg.Point{X: radius + vg.Points(2)}
		p.Add(lb)
	}

	// The ranges last: adding a plotter widens them to its data (the countries').
	p.X.Min, p.X.Max = minLon*pr.kx, maxLon*pr.kx
	p.Y.Min, p.Y.Max = minLat, maxLat

	// Legend: the sectors' shapes, then the failure times.
	sectorSeen := map[int]bool{}
	for _, it := range items {
		sectorSeen[it.a.Sector.Index] = true
	}
	for _, s := range m.Sectors {
		if !sectorSeen[s.Index] {
			continue
		}
		col := imgcolor.Color(imgcolor.Gray{Y: 0xc8})
		if o == nil {
			col = plotColor(s.Color)
		}
		addLegend(sanitize(truncate(sectorLabel(s), 40)), glyphThumb{mapShapes[s.Index%len(mapShapes)], col})
	}
	for i, l := range classLabels {
		addLegend(l, glyphThumb{mapShapes[0], plotColor(failColors[i])})
	}
	if o != nil {
		addLegend("does not fail", glyphThumb{mapShapes[0], imgcolor.White})
	}
	caption := fmt.Sprintf("%d of %d assets have a location", located, len(m.Assets))
	if located > mapMaxLabels {
		caption += "; too many to label"
	}
	if nLines >= mapMaxLines {
		caption += fmt.Sprintf("; the first %d dependencies drawn", mapMaxLines)
	}
	caption += fmt.Sprintf("\nlon %s to %s, lat %s to %s", lonText(minLon), lonText(maxLon), latText(minLat), latText(maxLat))
	caption += fmt.Sprintf("\nequirectangular at %s; outlines:", latText((minLat+maxLat)/2))
	caption += " Natural Earth 1:110m"

	c, err := draw.NewFormattedCanvas(width, height, format)
	if err != nil {
		return err
	}
	dc := draw.New(c)
	p.Draw(draw.Crop(dc, vg.Points(4), -legendW, vg.Points(4), 0))
	lc := draw.Crop(dc, width-legendW, 0, 0, -vg.Points(24))
	leg.Draw(lc)
	// The caption under the legend, in small print.
	cs := leg.TextStyle
	cs.Font.Size = vg.Points(8)
	cs.Color = imgcolor.Gray{Y: 0x50}
	cs.XAlign, cs.YAlign = text.XLeft, text.YBottom
	th.Draw(lc, caption, cs, vg.Point{X: lc.Min.X + vg.Points(6), Y: dc.Min.Y + vg.Points(8)})
	_, err = c.WriteTo(w)
	return err
}

// lonText renders a longitude: "139.75°E", "118.2°W"; unwrapped longitudes beyond
// ±180 are brought back.
func lonText(lon float64) string {
	lon = math.Mod(lon+540, 360) - 180
	if lon < 0 {
		return strings.TrimSuffix(fmt.Sprintf("%.4g", -lon), ".") + "°W"
	}
	return fmt.Sprintf("%.4g", lon) + "°E"
}

func latText(lat float64) string {
	if lat < 0 {
		return fmt.Sprintf("%.4g", -lat) + "°S"
	}
	return fmt.Sprintf("%.4g", lat) + "°N"
}
