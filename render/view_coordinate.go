package render

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

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
	colorChannel  = "#888888" // an existing channel
	colorProposed = "#2a9d8f" // a channel added by --add-channel
	colorGap      = "#d62828" // a coordination gap
	colorClosed   = "#f4a261" // a gap the proposed channels close
	colorAffected = "#f8c8c0" // an organization operating failed assets
)

// CoordinateGraph returns the coordinate view of r, a coordination analysis of a run
// of m: the model's organizations as nodes, clustered by country,
// shaped by kind and filled when the cascade brought down assets they operate;
// their channels as grey lines, proposed channels as green bold lines, and the
// coordination gaps as red dashed lines labelled with the cascade edges and the
// downstream failures across them (orange when a proposed channel closes them).
// Lines have no arrowheads: channels and gaps have no direction. m is the model r
// was computed from; the result is deterministic.
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

	// Existing channels, each once, from the end whose name sorts first.
	seen := map[[2]*model.Organization]bool{}
	add := func(a, b *model.Organization) bool {
		if a == b {
			return false
		}
		if b.Name < a.Name {
			a, b = b, a
		}
		if seen[[2]*model.Organization{a, b}] {
			return false
		}
		seen[[2]*model.Organization{a, b}] = true
		return true
	}
	var chans [][2]*model.Organization
	for _, o := range m.Organizations {
		for _, q := range o.SharesWith {
			if add(o, q) {
				a, b := o, q
				if b.Name < a.Name {
					a, b = b, a
				}
				chans = append(chans, [2]*model.Organization{a, b})
			}
		}
	}
	slices.SortFunc(chans, func(x, y [2]*model.Organization) int {
		return cmp.Or(cmp.Compare(x[0].Name, y[0].Name), cmp.Compare(x[1].Name, y[1].Name))
	})
	for _, c := range chans {
		g.AddEdge(c[0].Name, c[1].Name, Attrs{}.Set("color", colorChannel))
	}
	for _, c := range r.Added {
		if add(c.A, c.B) {
			g.AddEdge(c.A.Name, c.B.Name, Attrs{}.Set("color", colorProposed).Set("penwidth", "2.5").
				Set("label", "proposed").Set("fontcolor", colorProposed))
		}
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
	addCoordinateLegend(g)
	return g
}

// WriteCoordinateDOT writes the coordinate view of r (see CoordinateGraph) as DOT text to w.
func WriteCoordinateDOT(w io.Writer, m *model.Model, r *coord.Report) error {
	return CoordinateGraph(m, r).Write(w)
}

// addLegend adds the view's key as one HTML-like table node.
func addCoordinateLegend(g *Graph) {
	var b strings.Builder
	b.WriteString(`<table border="1" color="#bdbdbd" cellborder="0" cellspacing="2" cellpadding="2">`)
	b.WriteString(`<tr><td colspan="2"><b>Legend</b></td></tr>`)
	swatch := func(fill, text string) {
		fmt.Fprintf(&b, `<tr><td width="28" height="14" bgcolor="%s" border="1" style="rounded"></td><td align="left">%s</td></tr>`, fill, Text(text))
	}
	line := func(style, col, width, text string) {
		fmt.Fprintf(&b, `<tr><td width="28" height="8" sides="b" border="%s" style="%s" color="%s"></td><td align="left">%s</td></tr>`, width, style, col, Text(text))
	}
	swatch("#ffffff", "organization (box government, hexagon ISAC, octagon CERT, house military, component vendor)")
	swatch(colorAffected, "operates assets that failed")
	line("solid", colorChannel, "1", "information-sharing channel")
	line("solid", colorProposed, "3", "proposed channel (--add-channel)")
	line("dashed", colorGap, "2", "coordination gap: cascade edges, no chain of channels")
	line("dashed", colorClosed, "2", "gap closed by a proposed channel")
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
	return CoordinateGraph(in.Model, r), nil
}

// coordinateSize counts the coordinate view's organizations and channels.
func coordinateSize(in *Input) (nodes, edges int) {
	for _, o := range in.Model.Organizations {
		edges += len(o.SharesWith)
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
