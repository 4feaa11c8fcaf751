package model

import "github.com/hashicorp/hcl/v2"

// The canonical walk of a model: walk visits every field of a model that the
// binary encoding (AppendBinary) stores, once each, in one fixed order, and
// marks the fields that can change a result of a run, which Hash covers. A new
// field of the model is added here, and read back in decodeModel (the
// decoder builds the model, so it cannot share the walk; TestWalkFields fails
// until both know the field).

// use says what a field of the model is for.
type use bool

const (
	// result marks a field that can change a result of a run: the names,
	// thresholds, weights, supply groups, dependencies and scenarios. Hash
	// covers these.
	result use = true
	// info marks a field no result depends on: labels, colours, places,
	// tags, organizations, selections, sizes and source ranges. The
	// encoding keeps it; Hash leaves it out.
	info use = false
)

// visitor receives the fields of a model from walk, in walk's order.
type visitor interface {
	// count is the length of a list whose elements follow.
	count(n int, u use)
	str(s string, u use)
	float(v float64, u use)
	// int is a signed integer: seconds.
	int(v int64, u use)
	// uint is a non-negative integer: an index, a kind, requires.
	uint(v uint64, u use)
	// ref is an optional pointer as the index of what it points to; index
	// is 0 when present is false.
	ref(index int, present bool, u use)
	// prob is a probability, most often 1.
	prob(v float64, u use)
	// rng is a source range (info).
	rng(r hcl.Range)
	// flag tells whether an optional part follows (info).
	flag(b bool)
	// part says that the next assets assets, with groups supply groups, deps
	// dependencies and tags tags, form one part, which the encoding lets decode
	// on its own (in parallel with the others); assets 0 ends the asset list
	// (info: Hash leaves it out).
	part(assets, groups, deps, tags int)
}

// assetPart is the number of assets of a part (visitor.part) but the last. A
// variable so that tests can encode parts of a few assets.
var assetPart = 1 << 15

// walk visits the fields of m.
func walk(v visitor, m *Model) {
	v.count(len(m.Sectors), result)
	for _, s := range m.Sectors {
		v.str(s.Name, result)
		v.str(s.Label, info)
		v.str(s.Color, info)
		v.float(s.Threshold, result)
		v.rng(s.DeclRange)
	}
	v.count(len(m.Organizations), info)
	for _, o := range m.Organizations {
		v.str(o.Name, info)
		v.str(o.Label, info)
		v.str(o.Country, info)
		v.str(o.Kind, info)
		v.rng(o.DeclRange)
	}
	for _, o := range m.Organizations {
		v.count(len(o.SharesWith), info)
		for _, x := range o.SharesWith {
			v.uint(uint64(x.Index), info)
		}
	}
	// The assets, and first the sizes of their slabs, for the decoder.
	groups, deps, tags := 0, 0, 0
	for _, a := range m.Assets {
		groups += len(a.Groups)
		tags += len(a.Tags)
		for _, g := range a.Groups {
			deps += len(g.Dependencies)
		}
	}
	v.count(len(m.Assets), result)
	v.count(groups, info)
	v.count(deps, info)
	v.count(tags, info)
	slab := SlabOf(m)
	for lo := 0; lo < len(m.Assets); lo += assetPart {
		part := m.Assets[lo:min(lo+assetPart, len(m.Assets))]
		groups, deps, tags := 0, 0, 0
		for _, a := range part {
			groups += len(a.Groups)
			tags += len(a.Tags)
			for _, g := range a.Groups {
				deps += len(g.Dependencies)
			}
		}
		v.part(len(part), groups, deps, tags)
		for _, a := range part {
			walkAsset(v, a, slab)
		}
	}
	v.part(0, 0, 0, 0)
	v.count(len(m.Scenarios), result)
	for _, s := range m.Scenarios {
		v.str(s.Name, result)
		v.str(s.Label, info)
		v.int(s.Horizon, result)
		v.rng(s.DeclRange)
		v.count(len(s.Events), result)
		for _, ev := range s.Events {
			walkEvent(v, ev)
		}
	}
	v.count(len(m.Mitigations), info)
	for _, x := range m.Mitigations {
		v.str(x.Name, info)
		v.str(x.Label, info)
		v.rng(x.DeclRange)
	}
	walkRestoration(v, m)
	walkAlerts(v, m)
}

// walkAlerts visits the channels and the organizations' detect and respond, and again
// the shares_with lists and the assets' operators, which alerts depend on
// (docs/semantics.md, "Alerts and protection"). Like walkRestoration's, the section
// follows a flag and is there only when a model has a channel, a detect or a respond,
// so that Hash of every other model is what it was before alerts existed.
func walkAlerts(v visitor, m *Model) {
	has := len(m.Channels) > 0
	for _, o := range m.Organizations {
		has = has || o.Detect != 0 || o.Responds || o.Respond != 0
	}
	v.flag(has)
	if !has {
		return
	}
	v.count(len(m.Channels), result)
	for _, c := range m.Channels {
		v.str(c.Name, result)
		v.str(c.Label, info)
		v.ref(indexOfOrg(c.Between[0]), c.Between[0] != nil, result)
		v.ref(indexOfOrg(c.Between[1]), c.Between[1] != nil, result)
		v.int(c.Latency, result)
		v.rng(c.DeclRange)
	}
	for _, o := range m.Organizations {
		v.int(o.Detect, result)
		v.int(o.Respond, result)
		v.uint(uint64(b2u(o.Responds)), result)
		// shares_with again, for Hash
		v.count(len(o.SharesWith), result)
		for _, x := range o.SharesWith {
			v.uint(uint64(x.Index), result)
		}
	}
	for _, a := range m.Assets {
		v.ref(indexOfOrg(a.Operator), a.Operator != nil, result) // for Hash
	}
}

func b2u(b bool) uint {
	if b {
		return 1
	}
	return 0
}

// walkRestoration visits the organizations' crews and the assets' repair,
// recover, restart, priority and operator, which restoration's results depend
// on. The section follows a flag and is there only when one of these fields is
// set, so that Hash of a model without restoration is what it was before
// restoration existed; the section's values come after everything else, so two
// models that differ in them never hash alike.
func walkRestoration(v visitor, m *Model) {
	has := false
	for _, o := range m.Organizations {
		has = has || o.Crews != 0
	}
	for _, a := range m.Assets {
		has = has || a.Repair != 0 || a.Recover != 0 || a.Restart != 0 || a.Priority != 0
	}
	v.flag(has)
	if !has {
		return
	}
	for _, o := range m.Organizations {
		v.uint(uint64(o.Crews), result)
	}
	for _, a := range m.Assets {
		v.int(a.Repair, result)
		v.int(a.Recover, result)
		v.int(a.Restart, result)
		v.float(a.Priority, result)
		v.ref(indexOfOrg(a.Operator), a.Operator != nil, result)
	}
}

func walkAsset(v visitor, a *Asset, slab AssetSlab) {
	v.str(a.Name, result)
	v.str(a.Label, info)
	v.ref(indexOfSector(a.Sector), a.Sector != nil, result)
	v.ref(indexOfOrg(a.Operator), a.Operator != nil, info)
	v.str(a.Country, info)
	v.str(a.Region, info)
	v.flag(a.Location != nil)
	if a.Location != nil {
		v.float(a.Location.Lat, info)
		v.float(a.Location.Lon, info)
	}
	walkStrs(v, a.Tags, info)
	v.float(a.Weight, result)
	v.rng(a.DeclRange.Range())
	v.count(len(a.Groups), result)
	for _, g := range a.Groups {
		v.str(g.Name, result)
		v.uint(uint64(g.Requires), result)
		v.str(g.RequiresMode, info)
		v.int(g.Backup, result)
		v.rng(g.DeclRange.Range())
		v.count(len(g.Dependencies), result)
		for _, d := range g.Dependencies {
			v.uint(uint64(indexIn(slab, d.On)), result)
			v.uint(uint64(d.Kind), result)
			v.int(d.Delay, result)
			v.prob(d.Probability, result)
			v.rng(d.DeclRange.Range())
		}
	}
}

func walkEvent(v visitor, ev *Event) {
	v.str(ev.Name, result)
	v.uint(uint64(ev.Kind), result)
	v.int(ev.At, result)
	v.float(ev.Probability, result)
	v.rng(ev.DeclRange)
	v.count(len(ev.Assets), result)
	for _, a := range ev.Assets {
		v.uint(uint64(a.Index), result)
	}
	v.flag(ev.Select != nil)
	sel := ev.Select
	if sel == nil {
		return
	}
	v.count(len(sel.Sectors), info)
	for _, x := range sel.Sectors {
		v.uint(uint64(x.Index), info)
	}
	walkStrs(v, sel.Regions, info)
	walkStrs(v, sel.Countries, info)
	v.count(len(sel.Operators), info)
	for _, x := range sel.Operators {
		v.uint(uint64(x.Index), info)
	}
	walkStrs(v, sel.Tags, info)
	v.flag(sel.Within != nil)
	if sel.Within != nil {
		v.float(sel.Within.Lat, info)
		v.float(sel.Within.Lon, info)
		v.float(sel.Within.RadiusKm, info)
	}
}

func walkStrs(v visitor, xs []string, u use) {
	v.count(len(xs), u)
	for _, x := range xs {
		v.str(x, u)
	}
}

func indexOfSector(s *Sector) int {
	if s == nil {
		return 0
	}
	return s.Index
}

func indexOfOrg(o *Organization) int {
	if o == nil {
		return 0
	}
	return o.Index
}
