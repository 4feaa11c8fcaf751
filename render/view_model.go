package render

import (
	"fmt"
	"strings"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
)

// modelView draws assets clustered by sector, with dependency edges styled by
// kind and labelled with delay and probability where set; redundancy (k of n)
// and backup are written on the asset.
func modelView(in *Input) (*Graph, error) {
	m := in.Model
	keep := keptAssets(in, false)
	g := baseGraph("model", titleOf(in, "Model"))
	clusters := sectorClusters(g, m, keep, func(s *model.Sector) Attrs {
		return Attrs{
			"label":     HTML("<b>" + Text(sectorLabel(s)) + "</b>"),
			"style":     Str("rounded,filled"),
			"fillcolor": Str(tint(s.Color, 0.15)),
			"color":     Str(color(s.Color)),
		}
	})
	for _, a := range m.Assets {
		if !keep[a.Index] {
			continue
		}
		attrs := Attrs{
			"label":     HTML(lines(assetLabel(a), assetDetails(a)...)),
			"fillcolor": Str(tint(a.Sector.Color, 0.55)),
			"color":     Str(color(a.Sector.Color)),
			"tooltip":   Str(assetTooltip(a)),
		}
		if a == in.Focus {
			attrs["penwidth"] = Str("3")
			attrs["color"] = Str("#000000")
		}
		clusters[a.Sector.Index].AddNode(a.Name, attrs)
	}
	edges := 0
	dependencies(m, func(a *model.Asset, grp *model.SupplyGroup, d *model.Dependency) {
		if !keep[a.Index] || !keep[d.On.Index] {
			return
		}
		edges++
		g.AddEdge(d.On.Name, a.Name, dependencyAttrs(a, grp, d))
	})
	var l legend
	for _, s := range m.Sectors {
		if clusters[s.Index] != nil {
			l.swatch(tint(s.Color, 0.55), s.Color, sectorLabel(s), false)
		}
	}
	l.kinds("dependency: ")
	l.note("arrows run from supplier to dependent")
	l.note("+30m: delay before the loss takes effect; p=0.5: probability it does")
	l.note("needs k of n: redundancy; backup: time it keeps working without supply")
	l.add(g)
	g.Attrs["tooltip"] = Str(fmt.Sprintf("%d assets, %d dependencies", countTrue(keep), edges))
	return g, nil
}

// titleOf is a view's title: its kind, with the focus when there is one.
func titleOf(in *Input, kind string) string {
	t := kind
	if in.Outcome != nil {
		t += ": " + scenarioLabel(in.Outcome.Scenario)
		if in.Outcome.Horizon != cascade.Never {
			t += " (horizon " + cascade.FormatDuration(in.Outcome.Horizon) + ")"
		}
	}
	if in.Focus != nil {
		t += " — within " + plural(in.Depth, "hop") + " of " + assetLabel(in.Focus)
	}
	return t
}

func scenarioLabel(s *model.Scenario) string {
	if s == nil {
		return ""
	}
	if s.Label != "" {
		return truncate(s.Label, 2*maxLabel)
	}
	return s.Name
}

// sectorClusters adds one cluster per sector that has a kept asset and returns
// them by sector index (nil for sectors without one).
func sectorClusters(g *Graph, m *model.Model, keep []bool, attrs func(*model.Sector) Attrs) []*Cluster {
	out := make([]*Cluster, len(m.Sectors))
	for _, a := range m.Assets {
		if keep[a.Index] && out[a.Sector.Index] == nil {
			out[a.Sector.Index] = &Cluster{} // placeholder, to keep sector order below
		}
	}
	for _, s := range m.Sectors {
		if out[s.Index] != nil {
			out[s.Index] = g.AddCluster(s.Name, attrs(s))
		}
	}
	return out
}

// assetDetails are the lines under an asset's label: its name when the label
// differs, then its redundancy and backup.
func assetDetails(a *model.Asset) []string {
	var out []string
	if a.Label != "" && a.Label != a.Name {
		out = append(out, a.Name)
	}
	return append(out, groupNotes(a)...)
}

// assetTooltip is the full description of an asset, shown on hover in SVG.
func assetTooltip(a *model.Asset) string {
	var b strings.Builder
	b.WriteString(a.Label)
	if a.Label != a.Name {
		b.WriteString(" (" + a.Name + ")")
	}
	b.WriteString("\nsector: " + a.Sector.Name)
	if a.Operator != nil {
		b.WriteString("\noperator: " + a.Operator.Name)
	}
	if a.Region != "" {
		b.WriteString("\nregion: " + a.Region)
	}
	for _, n := range groupNotes(a) {
		b.WriteString("\n" + n)
	}
	return b.String()
}

// dependencyAttrs styles the edge of dependency d of asset a by its kind.
func dependencyAttrs(a *model.Asset, grp *model.SupplyGroup, d *model.Dependency) Attrs {
	style, col := kindStyle(d.Kind)
	attrs := Attrs{"style": Str(style), "color": Str(col)}
	if note := edgeNote(d); note != "" {
		attrs["label"] = Str(note)
	}
	tip := d.Kind.String() + " dependency: " + a.Name + " on " + d.On.Name
	if grp.Name != "" {
		tip += " (" + grp.Name + ")"
	}
	attrs["tooltip"] = Str(tip)
	return attrs
}

func countTrue(xs []bool) int {
	n := 0
	for _, x := range xs {
		if x {
			n++
		}
	}
	return n
}
