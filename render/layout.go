package render

import (
	"fmt"
)

// Layouts are the Graphviz layout engines a diagram may ask for.
var Layouts = []string{"dot", "neato", "fdp", "sfdp", "circo"}

// Size limits, in nodes drawn (assets for the asset-level views, sectors for the
// others) and edges drawn. They come from measurements of the Graphviz 12
// WebAssembly build in go-graphviz v0.2.10 on synthetic models with about two
// dependencies per asset (bench/HISTORY.md, "## Render"; docs/render.md): a
// diagram within its layout's limits draws in a few seconds at most.
const (
	// AutoDotMax is the largest diagram, in nodes, for which the automatic choice
	// is dot: hierarchical and the most legible, but its cost grows steeply.
	AutoDotMax = 100
	// AutoDotMaxEdges is the most edges for which the automatic choice is dot.
	AutoDotMaxEdges = 400
	// DotMax is the largest diagram, in nodes, dot may draw without --force.
	DotMax = 150
	// DotMaxEdges is the most edges dot may draw without --force: 400
	// unlabelled edges between 20 sectors took 0.5 s, 2,400 between 50 over 60 s.
	DotMaxEdges = 600
	// SFDPMax is the largest diagram, in nodes, sfdp may draw without --force.
	SFDPMax = 2000
	// SFDPMaxEdges is the most edges sfdp may draw without --force: 8,600 edges
	// between 100 sectors took 1.2 s.
	SFDPMaxEdges = 20000
	// SpringMax is the largest diagram, in nodes, neato or fdp may draw without --force.
	SpringMax = 150
	// CircoMax is the largest diagram, in nodes, circo may draw without --force.
	CircoMax = 100
	// MaxEdgeLabels is the most aggregated edges the sectors view labels with
	// their counts: edge labels are what makes dot slow (400 labelled edges
	// between 20 sectors took 11 s, unlabelled 0.5 s); beyond it the counts are
	// in the tooltips and the line widths.
	MaxEdgeLabels = 60
	// DefaultMaxEdges is the most links between sectors the sectors view draws
	// unless told otherwise (Input.MaxEdges); beyond it the view draws a
	// selection (selectLinks). 200 lines are about what stays legible, and
	// what dot lays out in 0.1–0.3 s (between 20 to 50 sectors; 273 lines took
	// 1.1 s, 294 between 100 sectors 1.0–1.7 s).
	DefaultMaxEdges = 200
	// AutoDotMaxSectorEdges is the most lines for which the automatic layout of
	// the sectors view is dot (with at most AutoDotMax sectors); above, sfdp,
	// which draws 1,000 lines between 500 sectors in 0.3 s.
	AutoDotMaxSectorEdges = 200
	// SectorsSize is the Graphviz size, in inches, the sectors view is scaled
	// down to when its lines are unlabelled: sfdp spreads 100 sectors over 65
	// inches and 500 over 250, a PNG of which takes seconds to rasterize or is
	// refused; at 30 inches (3,240 pixels) it takes 0.6–0.9 s. SVG stays vector.
	SectorsSize = "30,30"
)

// Size is the size of a diagram, the measure of the size limits.
type Size struct {
	Nodes int // assets, or sectors for the sector-level views
	Edges int // dependencies, or aggregated dependencies between sectors
}

// MaxNodes returns the size limit of a layout, in nodes drawn: beyond it a
// diagram is refused unless forced.
func MaxNodes(layout string) int {
	switch layout {
	case "dot":
		return DotMax
	case "sfdp":
		return SFDPMax
	case "circo":
		return CircoMax
	}
	return SpringMax
}

// MaxEdges returns the size limit of a layout, in edges drawn.
func MaxEdges(layout string) int {
	switch layout {
	case "dot":
		return DotMaxEdges
	case "sfdp":
		return SFDPMaxEdges
	}
	return 4 * MaxNodes(layout)
}

// ChooseLayout returns the layout for a diagram of view v of the given size:
// the requested one, or when requested is "" dot up to AutoDotMax nodes and
// AutoDotMaxEdges edges and sfdp above. Without force it refuses a diagram
// beyond the limits of its layout with an error wrapping ErrTooLarge that tells
// the user what to do instead.
func ChooseLayout(v View, size Size, requested string, force bool) (string, error) {
	layout := requested
	if layout == "" {
		layout = "dot"
		if size.Nodes > AutoDotMax || size.Edges > AutoDotMaxEdges {
			layout = "sfdp"
		}
	}
	if force || size.Nodes <= MaxNodes(layout) && size.Edges <= MaxEdges(layout) {
		return layout, nil
	}
	what := "assets"
	if !v.AssetLevel {
		what = "sectors"
	}
	hint := "draw --view sectors for the picture between sectors, --focus ASSET --depth N for the neighbourhood of one asset, or pass --force to draw it anyway (it may take minutes)"
	if !v.AssetLevel {
		hint = "pass --force to draw it anyway (it may take minutes)"
	}
	if v.Name == "sectors" {
		hint = "draw fewer links between sectors (--max-edges N instead of --all-edges), or pass --force to draw it anyway (it may take minutes)"
	}
	if layout != "sfdp" && size.Nodes <= SFDPMax && size.Edges <= SFDPMaxEdges {
		hint = fmt.Sprintf("choose --layout sfdp (up to %d nodes and %d edges), ", SFDPMax, SFDPMaxEdges) + hint
	}
	return "", fmt.Errorf("%w: the %s view would draw %d %s and %d edges, more than the %s layout draws in reasonable time (%d nodes, %d edges); %s",
		ErrTooLarge, v.Name, size.Nodes, what, size.Edges, layout, MaxNodes(layout), MaxEdges(layout), hint)
}

// applyLayout sets the graph attributes that suit a layout engine.
func applyLayout(g *Graph, layout string) {
	switch layout {
	case "dot":
		if _, ok := g.Attrs["rankdir"]; !ok {
			g.Attrs["rankdir"] = Str("LR")
		}
	case "sfdp":
		// "scale" rather than the default prism: prism removal took 4 s of 4.4 s
		// on 300 nodes, scale 0.2 s, and 1,000 nodes draw in 0.8 s.
		g.Attrs["overlap"] = Str("scale")
		g.Attrs["splines"] = Str("false")
		g.Attrs["outputorder"] = Str("edgesfirst")
	case "neato", "fdp":
		g.Attrs["overlap"] = Str("false")
		g.Attrs["splines"] = Str("true")
	}
}
