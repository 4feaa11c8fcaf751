package render

import (
	"fmt"
	"slices"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
)

// timeBins maps failure times to palette entries by rank: the distinct failure
// times of a run, in order, are spread evenly over the palette, so early and
// late failures stay distinguishable however skewed the times are.
type timeBins struct {
	times []int64 // distinct failure times, ascending
}

func newTimeBins(o *Outcome) timeBins {
	var ts []int64
	for _, ao := range o.Assets {
		if ao.Failed {
			ts = append(ts, ao.At)
		}
	}
	slices.Sort(ts)
	return timeBins{times: slices.Compact(ts)}
}

// bin returns the palette index of failure time t.
func (b timeBins) bin(t int64) int {
	i, _ := slices.BinarySearch(b.times, t)
	if len(b.times) <= 1 {
		return 0
	}
	return i * (len(palette) - 1) / (len(b.times) - 1)
}

// ranges returns, per palette index used, the first and last failure time in it.
func (b timeBins) ranges() [][2]int64 {
	out := make([][2]int64, len(palette))
	for i := range out {
		out[i] = [2]int64{cascade.Never, cascade.Never}
	}
	for _, t := range b.times {
		k := b.bin(t)
		if out[k][0] == cascade.Never {
			out[k][0] = t
		}
		out[k][1] = t
	}
	return out
}

// impactView draws the model coloured by failure time in a run: initiating
// assets marked by event kind, compromised assets and assets on backup marked,
// unaffected assets greyed (or hidden with AffectedOnly), and the dependencies
// that carried the cascade emphasised.
func impactView(in *Input) (*Graph, error) {
	m, o := in.Model, in.Outcome
	keep := keptAssets(in, in.AffectedOnly)
	bins := newTimeBins(o)
	g := baseGraph("impact", titleOf(in, "Impact"))
	clusters := sectorClusters(g, m, keep, func(s *model.Sector) Attrs {
		return Attrs{
			"label":     HTML("<b>" + Text(sectorLabel(s)) + "</b>"),
			"style":     Str("rounded"),
			"color":     Str(color(s.Color)),
			"penwidth":  Str("2"),
			"fontcolor": Str("#000000"),
		}
	})
	hitBy := initiatingEvents(o)
	var usedPhys, usedCyber, usedComp, usedBackup, usedGrey, usedRestored, usedDown bool
	for _, a := range m.Assets {
		if !keep[a.Index] {
			continue
		}
		ao := o.Assets[a.Index]
		var details []string
		attrs := Attrs{"tooltip": Str(assetTooltip(a))}
		switch {
		case ao.Failed:
			k := bins.bin(ao.At)
			details = append(details, "failed "+Tplus(ao.At))
			attrs["fillcolor"] = Str(palette[k])
			attrs["color"] = Str("#555555")
			if paletteDark(k) {
				attrs["fontcolor"] = Str("#ffffff")
			}
		case ao.OnBackup:
			details = append(details, backupNote(o, ao))
			attrs["fillcolor"] = Str("#ffffff")
			attrs["color"] = Str(backupColor)
			attrs["penwidth"] = Str("3")
			attrs["style"] = Str("rounded,filled,dashed")
			usedBackup = true
		default:
			attrs["fillcolor"] = Str(greyFill)
			attrs["color"] = Str(greyLine)
			attrs["fontcolor"] = Str(greyText)
			usedGrey = true
		}
		if ao.Compromised {
			details = append(details, "compromised "+Tplus(ao.CompromisedAt))
			attrs["color"] = Str(compromiseHue)
			attrs["penwidth"] = Str("3")
			usedComp = true
		}
		for _, ev := range hitBy[a.Index] {
			details = append(details, fmt.Sprintf("hit by %s event %s", ev.Kind, ev.Name))
			attrs["peripheries"] = Str("2")
			attrs["penwidth"] = Str("2")
			if ev.Kind == model.CyberEvent {
				attrs["color"] = Str(compromiseHue)
				usedCyber = true
			} else {
				attrs["color"] = Str(physicalMarker)
				usedPhys = true
			}
		}
		if o.Restoration && ao.Failed {
			// After the hit and compromise marks, which keep their double outline.
			if at := o.Restored(a); at != cascade.Never {
				details = append(details, restoredNote(o, a, at))
				attrs["color"] = Str(restoredColor)
				attrs["penwidth"] = Str("3")
				attrs["style"] = Str("rounded,filled")
				usedRestored = true
			} else {
				details = append(details, "still down at the horizon")
				attrs["style"] = Str("rounded,filled,bold")
				attrs["penwidth"] = Str("3")
				attrs["color"] = Str(stillDownColor)
				usedDown = true
			}
		}
		attrs["label"] = HTML(lines(assetLabel(a), details...))
		clusters[a.Sector.Index].AddNode(a.Name, attrs)
	}
	var usedCascade, usedLost bool
	dependencies(m, func(a *model.Asset, grp *model.SupplyGroup, d *model.Dependency) {
		if !keep[a.Index] || !keep[d.On.Index] {
			return
		}
		attrs := dependencyAttrs(a, grp, d)
		if carried(o, a, d.On) {
			attrs["color"] = Str(cascadeColor)
			attrs["penwidth"] = Str("2.5")
			usedCascade = true
		} else if lostSupply(o, a, d.On) {
			attrs["color"] = Str(backupColor)
			attrs["penwidth"] = Str("2")
			usedLost = true
		} else {
			attrs["color"] = Str(greyLine)
			attrs["fontcolor"] = Str(greyText)
		}
		g.AddEdge(d.On.Name, a.Name, attrs)
	})
	var l legend
	l.timeBins(bins)
	if usedPhys {
		l.swatch("#ffffff", physicalMarker, "double outline: hit by a physical event", true)
	}
	if usedCyber || usedComp {
		l.swatch("#ffffff", compromiseHue, "purple outline: cyber event or compromised", true)
	}
	if usedBackup {
		l.swatch("#ffffff", backupColor, "on backup at the horizon (time left)", true)
	}
	if usedRestored {
		l.swatch("#ffffff", restoredColor, "green outline: restored by the horizon", true)
	}
	if usedDown {
		l.swatch("#ffffff", stillDownColor, "black outline: still down at the horizon", true)
	}
	if usedGrey {
		l.swatch(greyFill, greyLine, "not affected", false)
	}
	if usedCascade {
		l.line("solid", cascadeColor, "3", "dependency that carried the cascade")
	}
	if usedLost {
		l.line("solid", backupColor, "2", "lost supply of an asset now on backup")
	}
	l.kinds("dependency: ")
	l.add(g)
	return g, nil
}

// restoredNote describes a failed asset that works again at the horizon: since
// when, and how long it was down in how many outages.
func restoredNote(o *Outcome, a *model.Asset, at int64) string {
	ss := o.Stretches(a)
	var down int64
	for _, s := range ss {
		down += s.End - s.Start // restored: every stretch has ended
	}
	s := "restored " + Tplus(at) + ", down " + cascade.FormatDuration(down)
	if len(ss) > 1 {
		s += fmt.Sprintf(" in %d outages", len(ss))
	}
	return s
}

// lostSupply reports whether a runs on backup and supplier has failed.
func lostSupply(o *Outcome, a, supplier *model.Asset) bool {
	return o.Assets[a.Index].OnBackup && !o.Assets[a.Index].Failed && o.Assets[supplier.Index].Failed
}

// backupNote describes an asset on backup: when it lost supply and how long it
// has left after the horizon.
func backupNote(o *Outcome, ao AssetOutcome) string {
	s := "on backup since " + Tplus(ao.Since)
	if o.Horizon != cascade.Never && ao.RunsOut != cascade.Never && ao.RunsOut > o.Horizon {
		s += ", " + cascade.FormatDuration(ao.RunsOut-o.Horizon) + " left"
	}
	return s
}

// initiatingEvents returns, by asset index, the events whose hit failed or
// compromised the asset.
func initiatingEvents(o *Outcome) [][]*model.Event {
	out := make([][]*model.Event, len(o.Assets))
	for i, ao := range o.Assets {
		if ev := ao.Cause.Event; ev != nil && (ao.Failed || ao.Compromised) {
			out[i] = append(out[i], ev)
		}
	}
	return out
}

// carried reports whether the dependency of a on supplier carried the cascade:
// the supplier is a cause of a's failure.
func carried(o *Outcome, a, supplier *model.Asset) bool {
	ao := o.Assets[a.Index]
	if !ao.Failed {
		return false
	}
	if ao.Cause.Compromise == supplier {
		return true
	}
	return slices.Contains(ao.Cause.Suppliers, supplier)
}
