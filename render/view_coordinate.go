package render

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/coord"
	"github.com/cascade-infra/cascade/model"
)

// kindShapes are the Graphviz node shapes of organization kinds.
var kindShapes = map[string]string{
	"government": "box",
	"operator":   "ellipse",
	"isac":       "hexagon",
	"cert":       "octagon",
	"military":   "house",
	"vendor":     "component",
}

// Colours of the coordinate view.
const (
	colorChannel   = "#888888" // an existing channel
	colorProposed  = "#2a9d8f" // a channel added by --add-channel
	colorGap       = "#d62828" // a coordination gap
	colorClosed    = "#f4a261" // a gap the proposed channels close
	colorAffected  = "#f8c8c0" // an organization operating failed assets
	colorAlert     = "#1d4ed8" // an alert travelling along a channel
	colorProtected = "#1d4ed8" // the border of a protected organization
)

// CoordinateGraph returns the coordinate view of r, a coordination analysis of a run
// of m: the model's organizations as nodes, clustered by country, shaped by kind,
// filled when the cascade brought down assets they operate, with a thick blue border
// when they became protected (and their detection, alert and protection times); their
// channels as grey lines labelled with their latencies (the least between a pair;
// shares_with is 0s), proposed channels as green bold lines with theirs, the
// coordination gaps as red dashed lines labelled with the cascade edges and the
// downstream failures across them (orange when a proposed channel closes them), and
// the scenario's alert chain: a blue arrow for each channel an alert crossed, from the
// organization that told to the one it alerted, labelled with the time the alert
// arrived. With proposed channels and a rerun (coord.Report.Rerun), the hops of the
// rerun's alerts that the run without them did not take, or took later, are green
// dashed arrows.
// Channels and gaps have no direction. m is the model r was computed from; the
// result is deterministic.
func CoordinateGraph(m *model.Model, r *coord.Report) *Graph {
	title := "Coordination"
	if r.Scenario != nil {
		title += ": " + cmp.Or(r.Scenario.Label, r.Scenario.Name) // in full, unlike the other views' titles
	}
	g := &Graph{
		Name: "coordinate",
		Attrs: Attrs{}.Set("label", title).Set("labelloc", "t").Set("fontname", "Helvetica").
			Set("rankdir", "LR").Set("overlap", "false").Set("splines", "true"),
		NodeDefaults: Attrs{}.Set("fontname", "Helvetica").Set("fontsize", "10").Set("style", "filled").Set("fillcolor", "#ffffff"),
		EdgeDefaults: Attrs{}.Set("fontname", "Helvetica").Set("fontsize", "9").Set("dir", "none"),
	}

	failed := map[*model.Organization]int{}
	for _, a := range r.Operators {
		failed[a.Org] = a.Failed
	}
	alerts := map[string]cascade.AlertReport{}
	for _, a := range r.Alerts {
		alerts[a.Organization] = a
	}
	added := map[string]cascade.AlertReport{}
	for _, a := range r.AddedAlerts {
		added[a.Organization] = a
	}
	blocked := map[string]int{}
	for _, p := range r.Protected {
		blocked[p.Organization]++
	}
	orgs := slices.Clone(m.Organizations)
	for _, c := range r.Added {
		for _, o := range []*model.Organization{c.A, c.B} {
			if !slices.Contains(orgs, o) {
				orgs = append(orgs, o)
			}
		}
	}
	slices.SortFunc(orgs, func(a, b *model.Organization) int {
		return cmp.Or(cmp.Compare(a.Country, b.Country), cmp.Compare(a.Name, b.Name))
	})
	clusters := map[string]*Cluster{}
	for _, o := range orgs {
		label := orgLabel(o)
		if o.Kind != "" {
			label += "\n(" + o.Kind + ")"
		}
		attrs := Attrs{}
		if n := failed[o]; n > 0 {
			label += fmt.Sprintf("\n%d failed", n)
			attrs.Set("fillcolor", colorAffected)
		}
		a, alerted := alerts[o.Name]
		if alerted {
			label += alertLines(a, "")
			if a.ProtectedS != nil {
				attrs.Set("color", colorProtected).Set("penwidth", "3")
			}
		}
		if n := blocked[o.Name]; n > 0 {
			label += fmt.Sprintf("\n%d %s protected", n, pluralOf(n, "asset", "assets"))
		}
		if x, ok := added[o.Name]; ok && (!alerted || x.AlertedS != a.AlertedS || !sameTime(x.ProtectedS, a.ProtectedS)) {
			label += alertLines(x, "with proposed: ")
		}
		shape := kindShapes[o.Kind]
		if shape == "" {
			shape = "ellipse"
		}
		attrs.Set("label", label).Set("shape", shape)
		if o.Country == "" {
			g.AddNode(o.Name, attrs)
			continue
		}
		c := clusters[o.Country]
		if c == nil {
			c = g.AddCluster(o.Country, Attrs{}.Set("label", o.Country).Set("style", "rounded").Set("color", "#999999"))
			clusters[o.Country] = c
		}
		c.AddNode(o.Name, attrs)
	}

	// Existing channels, each pair once with its least latency, from the end whose
	// name sorts first.
	for _, c := range modelChannels(m) {
		g.AddEdge(c.a.Name, c.b.Name, Attrs{}.Set("color", colorChannel).Set("label", cascade.FormatDuration(c.latency)).Set("fontcolor", "#555555"))
	}
	seen := map[[2]string]bool{}
	for _, c := range modelChannels(m) {
		seen[[2]string{c.a.Name, c.b.Name}] = true
	}
	for _, c := range r.Added {
		a, b := c.A, c.B
		if b.Name < a.Name {
			a, b = b, a
		}
		if a == b || seen[[2]string{a.Name, b.Name}] {
			continue
		}
		seen[[2]string{a.Name, b.Name}] = true
		g.AddEdge(c.A.Name, c.B.Name, Attrs{}.Set("color", colorProposed).Set("penwidth", "2.5").
			Set("label", "proposed, "+cascade.FormatDuration(c.Latency)).Set("fontcolor", colorProposed))
	}
	closed := map[*coord.Gap]bool{}
	for _, gap := range r.Closed {
		closed[gap] = true
	}
	for _, gap := range r.Gaps {
		label := fmt.Sprintf("gap: %d cascade %s, %d downstream", len(gap.Edges), pluralOf(len(gap.Edges), "edge", "edges"), gap.Downstream)
		col := colorGap
		if closed[gap] {
			label += "\n(closed by proposed channel)"
			col = colorClosed
		}
		g.AddEdge(gap.A.Name, gap.B.Name, Attrs{}.Set("color", col).Set("fontcolor", col).Set("style", "dashed").
			Set("penwidth", "2").Set("constraint", "false").Set("label", label))
	}

	// The alert chain: every hop an alert took, once, with the earliest arrival.
	lat := channelLatency(m, r.Added)
	base := alertHops(r.Alerts, lat)
	for _, h := range base {
		g.AddEdge(h.from, h.to, Attrs{}.Set("dir", "forward").Set("color", colorAlert).Set("fontcolor", colorAlert).
			Set("constraint", "false").Set("label", "alert T+"+cascade.FormatDuration(h.at)))
	}
	had := map[alertHop]bool{}
	for _, h := range base {
		had[h] = true
	}
	for _, h := range alertHops(r.AddedAlerts, lat) {
		if had[h] {
			continue // the same hop at the same time
		}
		g.AddEdge(h.from, h.to, Attrs{}.Set("dir", "forward").Set("color", colorProposed).Set("fontcolor", colorProposed).
			Set("style", "dashed").Set("constraint", "false").Set("label", "alert T+"+cascade.FormatDuration(h.at)+"\n(with proposed)"))
	}
	addCoordinateLegend(g, len(r.Added) > 0)
	return g
}

// alertLines writes an organization's detection, alert and protection for its label.
func alertLines(a cascade.AlertReport, prefix string) string {
	var b strings.Builder
	if a.DetectedS != nil {
		b.WriteString("\n" + prefix + "detected T+" + cascade.FormatDuration(*a.DetectedS))
	}
	if a.AlertedBy != a.Organization {
		b.WriteString("\n" + prefix + "alerted T+" + cascade.FormatDuration(a.AlertedS) + " by " + a.AlertedBy)
	}
	if a.ProtectedS != nil {
		b.WriteString("\n" + prefix + "protected T+" + cascade.FormatDuration(*a.ProtectedS))
	}
	return b.String()
}

func sameTime(a, b *int64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// orgChannel is a pair of organizations joined by channels, a sorting first, and the
// least latency between them in seconds.
type orgChannel struct {
	a, b    *model.Organization
	latency int64
}

// modelChannels returns the model's channel graph: each pair joined by a channel
// block or a shares_with entry (latency 0s) once, with the least latency, by names.
func modelChannels(m *model.Model) []orgChannel {
	best := map[[2]*model.Organization]int64{}
	link := func(a, b *model.Organization, l int64) {
		if a == nil || b == nil || a == b {
			return
		}
		if b.Name < a.Name {
			a, b = b, a
		}
		if old, ok := best[[2]*model.Organization{a, b}]; !ok || l < old {
			best[[2]*model.Organization{a, b}] = l
		}
	}
	for _, o := range m.Organizations {
		for _, q := range o.SharesWith {
			link(o, q, 0)
		}
	}
	for _, c := range m.Channels {
		link(c.Between[0], c.Between[1], c.Latency)
	}
	out := make([]orgChannel, 0, len(best))
	for k, l := range best {
		out = append(out, orgChannel{k[0], k[1], l})
	}
	slices.SortFunc(out, func(x, y orgChannel) int {
		return cmp.Or(cmp.Compare(x.a.Name, y.a.Name), cmp.Compare(x.b.Name, y.b.Name))
	})
	return out
}

// channelLatency returns the least latency between two organizations (by name) that
// the model's channels and the added ones join directly.
func channelLatency(m *model.Model, added []coord.Channel) func(a, b string) int64 {
	best := map[[2]string]int64{}
	link := func(a, b string, l int64) {
		if b < a {
			a, b = b, a
		}
		if old, ok := best[[2]string{a, b}]; !ok || l < old {
			best[[2]string{a, b}] = l
		}
	}
	for _, c := range modelChannels(m) {
		link(c.a.Name, c.b.Name, c.latency)
	}
	for _, c := range added {
		link(c.A.Name, c.B.Name, c.Latency)
	}
	return func(a, b string) int64 {
		if b < a {
			a, b = b, a
		}
		return best[[2]string{a, b}]
	}
}

// alertHop is a channel an alert crossed, from the organization that passed it on to
// the next, and when it arrived there (seconds).
type alertHop struct {
	from, to string
	at       int64
}

// alertHops returns the hops of the alerts' chains, each (from, to) once with its
// earliest arrival, ordered by arrival, then names. An alert's chain starts at the
// detection of its alerted_by organization (alerted itself no later, so among the
// alerts) and adds the latency of each channel along it.
func alertHops(alerts []cascade.AlertReport, latency func(a, b string) int64) []alertHop {
	start := map[string]int64{} // detections
	for _, a := range alerts {
		if a.DetectedS != nil {
			start[a.Organization] = *a.DetectedS
		}
	}
	best := map[[2]string]int64{}
	for _, a := range alerts {
		t, ok := start[a.AlertedBy]
		if !ok {
			continue // the detection of alerted_by is after the horizon
		}
		for i := 1; i < len(a.Via); i++ {
			t = cascade.AddTime(t, latency(a.Via[i-1], a.Via[i]))
			k := [2]string{a.Via[i-1], a.Via[i]}
			if old, ok := best[k]; !ok || t < old {
				best[k] = t
			}
		}
	}
	out := make([]alertHop, 0, len(best))
	for k, t := range best {
		out = append(out, alertHop{k[0], k[1], t})
	}
	slices.SortFunc(out, func(x, y alertHop) int {
		return cmp.Or(cmp.Compare(x.at, y.at), cmp.Compare(x.from, y.from), cmp.Compare(x.to, y.to))
	})
	return out
}

// WriteCoordinateDOT writes the coordinate view of r (see CoordinateGraph) as DOT text to w.
func WriteCoordinateDOT(w io.Writer, m *model.Model, r *coord.Report) error {
	return CoordinateGraph(m, r).Write(w)
}

// CoordinateDiagram returns the coordinate view of r (see CoordinateGraph) as a
// Diagram with its layout chosen by size, as Draw does for the views: what
// `cascade coordinate --diagram` writes as DOT or hands to Graphviz for SVG and
// PNG. Without force it refuses a diagram beyond the limits of its layout with an
// error wrapping ErrTooLarge.
func CoordinateDiagram(m *model.Model, r *coord.Report, force bool) (*Diagram, error) {
	v, _ := LookupView("coordinate")
	size := Size{Nodes: len(m.Organizations), Edges: len(modelChannels(m)) + len(r.Alerts)}
	layout, err := ChooseLayout(v, size, "", force)
	if err != nil {
		return nil, err
	}
	g := CoordinateGraph(m, r)
	g.Attrs["layout"] = Str(layout)
	applyLayout(g, layout)
	return &Diagram{View: v.Name, Layout: layout, Graph: g, Nodes: size.Nodes, Edges: size.Edges}, nil
}

// addCoordinateLegend adds the view's key as one HTML-like table node; proposed adds
// the keys of proposed channels and of the alerts they carry.
func addCoordinateLegend(g *Graph, proposed bool) {
	var b strings.Builder
	b.WriteString(`<table border="1" color="#bdbdbd" cellborder="0" cellspacing="2" cellpadding="2">`)
	b.WriteString(`<tr><td colspan="2"><b>Legend</b></td></tr>`)
	swatch := func(fill, border, text string) {
		fmt.Fprintf(&b, `<tr><td width="28" height="14" bgcolor="%s" color="%s" border="1" style="rounded"></td><td align="left">%s</td></tr>`, fill, border, Text(text))
	}
	line := func(style, col, width, text string) {
		fmt.Fprintf(&b, `<tr><td width="28" height="8" sides="b" border="%s" style="%s" color="%s"></td><td align="left">%s</td></tr>`, width, style, col, Text(text))
	}
	swatch("#ffffff", "#000000", "organization (box government, hexagon ISAC, octagon CERT, house military, component vendor)")
	swatch(colorAffected, "#000000", "operates assets that failed")
	swatch("#ffffff", colorProtected, "thick blue border: protected (respond after its alert); the label gives detection, alert and protection times")
	line("solid", colorChannel, "1", "information-sharing channel, labelled with its latency (shares_with: 0s)")
	line("solid", colorAlert, "1", "alert chain: arrow from the organization that passed the alert on, labelled with when it arrived")
	if proposed {
		line("solid", colorProposed, "3", "proposed channel (--add-channel), labelled with its latency")
		line("dashed", colorProposed, "1", "alert with the proposed channels, where it differs (\"with proposed\" in labels)")
	}
	line("dashed", colorGap, "2", "coordination gap: cascade edges, no chain of channels")
	if proposed {
		line("dashed", colorClosed, "2", "gap closed by a proposed channel")
	}
	b.WriteString(`</table>`)
	g.AddNode(legendID, Attrs{"shape": Str("plain"), "style": Str(""), "label": HTML(b.String())})
}

func orgLabel(o *model.Organization) string {
	if o.Label != "" {
		return o.Label
	}
	return o.Name
}

func pluralOf(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// coordinateView draws the organizations, channels and coordination gaps of the run
// in the input: the coordination analysis of its failures, at its horizon.
func coordinateView(in *Input) (*Graph, error) {
	r, err := coord.Analyze(in.Model, in.Outcome.Scenario, outcomeFailures(in.Model, in.Outcome), nil)
	if err != nil {
		return nil, err
	}
	r.Horizon = in.Outcome.Horizon
	r.Alerts, r.Protected = in.Outcome.Alerts, in.Outcome.Protected
	return CoordinateGraph(in.Model, r), nil
}

// coordinateSize counts the coordinate view's organizations and channels.
func coordinateSize(in *Input) (nodes, edges int) {
	edges = len(modelChannels(in.Model))
	if in.Outcome != nil {
		edges += len(in.Outcome.Alerts)
	}
	return len(in.Model.Organizations), edges
}

// outcomeFailures returns the failures of o as the coordination analysis reads them:
// each failed asset with its compromised supplier or the suppliers whose loss caused it.
func outcomeFailures(m *model.Model, o *Outcome) []coord.Failure {
	var fs []coord.Failure
	for i, ao := range o.Assets {
		if !ao.Failed {
			continue
		}
		f := coord.Failure{Asset: m.Assets[i], At: ao.At, Compromised: ao.Compromised}
		if ao.Cause.Compromise != nil {
			f.Causes = []*model.Asset{ao.Cause.Compromise}
		}
		f.Causes = append(f.Causes, ao.Cause.Suppliers...)
		fs = append(fs, f)
	}
	return fs
}
