package render

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
)

// startID is the node ID of the scenario's events in the sequence view.
const startID = "start:"

// sequenceView draws the sectors left to right in the order they fail, each with
// the time it failed (or was first hit) and its failed fraction at the end of the
// run; sectors failing at the same time stand one above the other. Sectors hit
// but not failed follow, then the unaffected ones, greyed.
func sequenceView(in *Input) (*Graph, error) {
	m, o := in.Model, in.Outcome
	outs := o.SectorOutcomes(m)
	g := baseGraph("sequence", titleOf(in, "Sequence"))
	g.Attrs["rankdir"] = Str("LR")
	g.Attrs["nodesep"] = Str("0.3")

	// The scenario's events start the sequence.
	evLines := []string{}
	if o.Scenario != nil {
		for _, ev := range o.Scenario.Events {
			evLines = append(evLines, fmt.Sprintf("%s %s event %s, %s", Tplus(ev.At), ev.Kind, ev.Name, plural(len(ev.Assets), "asset")))
		}
	}
	g.AddNode(startID, Attrs{
		"label": HTML(lines("Scenario start", evLines...)),
		"shape": Str("cds"),
		// Graphviz draws the cds outline inside the node's box, 6 points in
		// from its top and bottom and with the tip to the right: the default
		// margin left the lines of two or more events over the outline.
		"margin":    Str("0.25,0.15"),
		"style":     Str("filled"),
		"fillcolor": Str("#eeeeee"),
	})

	type entry struct {
		s  *model.Sector
		so SectorOutcome
		// group: 0 failed, 1 hit but not failed, 2 unaffected
		group int
		at    int64
	}
	var es []entry
	for _, s := range m.Sectors {
		so := outs[s.Index]
		e := entry{s: s, so: so, group: 2}
		switch {
		case so.FailedAt != cascade.Never:
			e.group, e.at = 0, so.FailedAt
		case so.FirstImpact != cascade.Never:
			e.group, e.at = 1, so.FirstImpact
		}
		es = append(es, e)
	}
	slices.SortStableFunc(es, func(x, y entry) int {
		return cmp.Or(cmp.Compare(x.group, y.group), cmp.Compare(x.at, y.at), cmp.Compare(x.s.Index, y.s.Index))
	})

	bins := newTimeBins(o)
	prev := []string{startID}
	var prevAt int64
	var rank []string
	var usedHit, usedGrey bool
	for i, e := range es {
		s := e.s
		attrs := Attrs{"tooltip": Str(s.Label + " (" + s.Name + ")")}
		var details []string
		switch e.group {
		case 0:
			k := bins.bin(e.at)
			details = append(details,
				"failed "+Tplus(e.at),
				"first hit "+Tplus(e.so.FirstImpact),
				percent(e.so.FailedFraction)+" down at the end (fails at "+percent(s.Threshold)+")")
			attrs["fillcolor"] = Str(palette[k])
			attrs["color"] = Str(color(s.Color))
			attrs["penwidth"] = Str("3")
			if paletteDark(k) {
				attrs["fontcolor"] = Str("#ffffff")
			}
		case 1:
			details = append(details,
				"hit "+Tplus(e.at)+", not failed",
				percent(e.so.FailedFraction)+" down at the end (fails at "+percent(s.Threshold)+")")
			attrs["fillcolor"] = Str("#ffffff")
			attrs["color"] = Str(color(s.Color))
			attrs["style"] = Str("rounded,filled,dashed")
			attrs["penwidth"] = Str("2")
			usedHit = true
		default:
			details = append(details, "no asset failed")
			attrs["fillcolor"] = Str(greyFill)
			attrs["color"] = Str(greyLine)
			attrs["fontcolor"] = Str(greyText)
			usedGrey = true
		}
		attrs["label"] = HTML(lines(sectorLabel(s), details...))
		g.AddNode(s.Name, attrs)

		// Sectors of the same group failing at the same time share a column.
		if i > 0 && e.group == es[i-1].group && e.group < 2 && e.at == es[i-1].at {
			rank = append(rank, s.Name)
			continue
		}
		if i > 0 && e.group == 2 && es[i-1].group == 2 {
			rank = append(rank, s.Name)
			continue
		}
		if len(rank) > 1 {
			g.SameRank = append(g.SameRank, rank)
		}
		edge := Attrs{}
		switch {
		case e.group == 0:
			edge["penwidth"] = Str("2")
			edge["label"] = Str("+" + cascade.FormatDuration(e.at-prevAt))
			edge["color"] = Str(cascadeColor)
		default:
			edge["style"] = Str("invis")
		}
		for _, p := range prev[:1] {
			g.AddEdge(p, s.Name, edge)
		}
		prev = []string{s.Name}
		prevAt = e.at
		rank = []string{s.Name}
	}
	if len(rank) > 1 {
		g.SameRank = append(g.SameRank, rank)
	}

	var l legend
	l.timeBins(bins)
	if usedHit {
		l.swatch("#ffffff", "#555555", "dashed: hit, below its threshold", false)
	}
	if usedGrey {
		l.swatch(greyFill, greyLine, "no asset failed", false)
	}
	l.line("solid", cascadeColor, "2", "next sector to fail, after +time")
	l.note("a column holds sectors that fail at the same time")
	l.add(g)
	return g, nil
}
