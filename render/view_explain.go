package render

import (
	"fmt"

	"github.com/cascade-infra/cascade/model"
)

// explainChain returns the assets of the causal chain of in.Asset: the asset,
// then (breadth first) the suppliers and compromised suppliers that caused each
// failure. For an asset on backup, its failed suppliers start the chain.
func explainChain(in *Input) []*model.Asset {
	o := in.Outcome
	seen := make([]bool, len(in.Model.Assets))
	var out []*model.Asset
	queue := []*model.Asset{in.Asset}
	seen[in.Asset.Index] = true
	for len(queue) > 0 {
		a := queue[0]
		queue = queue[1:]
		out = append(out, a)
		for _, c := range causes(in.Model, o, a, a == in.Asset) {
			if !seen[c.Index] {
				seen[c.Index] = true
				queue = append(queue, c)
			}
		}
	}
	return out
}

// causes returns the suppliers behind a's failure (or, when lostSupply is set and
// a is on backup, its failed suppliers), sorted by index.
func causes(m *model.Model, o *Outcome, a *model.Asset, lostSupply bool) []*model.Asset {
	ao := o.Assets[a.Index]
	if ao.Failed {
		var out []*model.Asset
		if ao.Cause.Compromise != nil {
			out = append(out, ao.Cause.Compromise)
		}
		return append(out, ao.Cause.Suppliers...)
	}
	if !lostSupply || !ao.OnBackup {
		return nil
	}
	var out []*model.Asset
	for _, g := range a.Groups {
		for _, d := range g.Dependencies {
			if o.Assets[d.On.Index].Failed {
				out = append(out, d.On)
			}
		}
	}
	return out
}

// explainView draws the causal chain of one asset: from the events of the
// scenario, through every supplier whose loss or compromise passed the failure
// on, to the asset.
func explainView(in *Input) (*Graph, error) {
	m, o := in.Model, in.Outcome
	target := in.Asset
	chain := explainChain(in)
	bins := newTimeBins(o)
	ta := o.Assets[target.Index]
	title := "Why " + assetLabel(target) + " fails"
	switch {
	case ta.OnBackup && !ta.Failed:
		title = "Why " + assetLabel(target) + " runs on backup"
	case !ta.Failed:
		title = assetLabel(target) + " does not fail"
	}
	g := baseGraph("explain", titleOf(in, title))
	g.Attrs["rankdir"] = Str("LR")

	events := map[*model.Event]bool{}
	for _, a := range chain {
		ao := o.Assets[a.Index]
		details := []string{a.Name}
		attrs := Attrs{"tooltip": Str(assetTooltip(a))}
		switch {
		case ao.Failed:
			k := bins.bin(ao.At)
			details = append(details, "failed "+Tplus(ao.At)+failedHow(a, ao))
			attrs["fillcolor"] = Str(palette[k])
			if paletteDark(k) {
				attrs["fontcolor"] = Str("#ffffff")
			}
		case ao.OnBackup:
			details = append(details, backupNote(o, ao))
			attrs["fillcolor"] = Str("#ffffff")
			attrs["color"] = Str(backupColor)
			attrs["style"] = Str("rounded,filled,dashed")
		default:
			details = append(details, "not affected")
			attrs["fillcolor"] = Str(greyFill)
		}
		if ao.Compromised {
			details = append(details, "compromised "+Tplus(ao.CompromisedAt))
			attrs["color"] = Str(compromiseHue)
		}
		if a == target {
			attrs["penwidth"] = Str("3")
		}
		attrs["label"] = HTML(lines(assetLabel(a), details...))
		g.AddNode(a.Name, attrs)
		if ev := ao.Cause.Event; ev != nil && ao.Failed {
			if !events[ev] {
				events[ev] = true
				col := physicalMarker
				if ev.Kind == model.CyberEvent {
					col = compromiseHue
				}
				g.AddNode("event:"+ev.Name, Attrs{
					"label":     HTML(lines(ev.Name, ev.Kind.String()+" event at "+Tplus(ev.At))),
					"shape":     Str("cds"),
					"style":     Str("filled"),
					"fillcolor": Str("#eeeeee"),
					"color":     Str(col),
				})
			}
			g.AddEdge("event:"+ev.Name, a.Name, Attrs{"label": Str("hits"), "penwidth": Str("2")})
		}
	}
	inChain := map[*model.Asset]bool{}
	for _, a := range chain {
		inChain[a] = true
	}
	// Edges in model order, from each cause to what it caused.
	dependencies(m, func(a *model.Asset, grp *model.SupplyGroup, d *model.Dependency) {
		if !inChain[a] || !inChain[d.On] {
			return
		}
		cs := causes(m, o, a, a == target)
		isCause := false
		for _, c := range cs {
			isCause = isCause || c == d.On
		}
		if !isCause {
			return
		}
		attrs := dependencyAttrs(a, grp, d)
		what := "loss of supply"
		if o.Assets[a.Index].Cause.Compromise == d.On {
			what = "compromise spreads"
		}
		note := edgeNote(d)
		if note != "" {
			note = ", " + note
		}
		attrs["label"] = Str(what + note)
		attrs["color"] = Str(cascadeColor)
		attrs["penwidth"] = Str("2")
		g.AddEdge(d.On.Name, a.Name, attrs)
	})
	var l legend
	l.note("read left to right: each arrow is one step of the cascade")
	l.swatch("#eeeeee", "#000000", "event of the scenario", false)
	l.swatch(palette[0], "#555555", "failed: darker is earlier", false)
	if ta.OnBackup {
		l.swatch("#ffffff", backupColor, "on backup at the horizon", true)
	}
	l.swatch("#ffffff", compromiseHue, "purple outline: compromised", true)
	l.kinds("dependency: ")
	l.add(g)
	return g, nil
}

// failedHow tells which supply group failed an asset, when it has several.
func failedHow(a *model.Asset, ao AssetOutcome) string {
	if ao.Cause.Event != nil || ao.Cause.Compromise != nil || len(a.Groups) < 2 {
		return ""
	}
	if ao.Cause.SupplyGroup == "" {
		return ""
	}
	return fmt.Sprintf(" (lost %s)", ao.Cause.SupplyGroup)
}
