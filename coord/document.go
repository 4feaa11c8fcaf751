package coord

import (
	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
	"github.com/cascade-infra/cascade/whatif"
)

// Document is the JSON form of a Report, as `cascade coordinate --format json`
// prints it. Times are seconds from the start of the scenario; lists are never
// null, except channel paths (null when there is none) and WhatIf (null without
// added channels).
type Document struct {
	Scenario          string        `json:"scenario"`
	Label             string        `json:"label,omitempty"`
	HorizonS          *int64        `json:"horizon_s"`
	FailedAssets      int           `json:"failed_assets"`
	CascadeEdges      int           `json:"cascade_edges"`
	UnattributedEdges int           `json:"unattributed_edges"`
	Operators         []DocOperator `json:"operators"`
	Countries         []DocCountry  `json:"countries"`
	CrossEdges        []DocEdge     `json:"cross_edges"`
	Gaps              []DocGap      `json:"gaps"`
	// Alerts and Protected are the run's, as in `cascade run --format json`.
	Alerts    []cascade.AlertReport     `json:"alerts"`
	Protected []cascade.ProtectedReport `json:"protected"`
	WhatIf    *DocWhatIf                `json:"what_if"`
}

// DocOperator is an organization operating failed assets.
type DocOperator struct {
	Organization  string `json:"organization"`
	Label         string `json:"label"`
	Kind          string `json:"kind"`
	Country       string `json:"country"`
	FailedAssets  int    `json:"failed_assets"`
	FirstFailureS int64  `json:"first_failure_s"`
}

// DocCountry is a country with failed assets.
type DocCountry struct {
	Country       string `json:"country"`
	FailedAssets  int    `json:"failed_assets"`
	FirstFailureS int64  `json:"first_failure_s"`
}

// DocEdge is a cascade edge: the failure of From brought down To at AtS.
type DocEdge struct {
	From              string   `json:"from"`
	To                string   `json:"to"`
	Kind              string   `json:"kind"`
	AtS               int64    `json:"at_s"`
	FromOperator      string   `json:"from_operator"`
	ToOperator        string   `json:"to_operator"`
	FromCountry       string   `json:"from_country"`
	ToCountry         string   `json:"to_country"`
	CrossOrganization bool     `json:"cross_organization"`
	CrossBorder       bool     `json:"cross_border"`
	Channel           []string `json:"channel"`
}

// DocGap is a coordination gap. CrossBorder compares the two organizations'
// countries; Via, only in WhatIf.Closed, is the chain of channels that closes it.
type DocGap struct {
	Rank             int       `json:"rank"`
	A                string    `json:"a"`
	B                string    `json:"b"`
	ACountry         string    `json:"a_country"`
	BCountry         string    `json:"b_country"`
	CrossBorder      bool      `json:"cross_border"`
	Edges            int       `json:"edges"`
	DownstreamAssets int       `json:"downstream_assets"`
	FirstS           int64     `json:"first_s"`
	CascadeEdges     []DocEdge `json:"cascade_edges"`
	Via              []string  `json:"via,omitempty"`
}

// DocWhatIf is the effect of the added channels.
type DocWhatIf struct {
	AddedChannels [][2]string `json:"added_channels"`
	// LatenciesS are the added channels' latencies in seconds, in the same order.
	LatenciesS []int64  `json:"latencies_s"`
	GapsBefore int      `json:"gaps_before"`
	GapsAfter  int      `json:"gaps_after"`
	Closed     []DocGap `json:"closed"`
	Open       []DocGap `json:"open"`
	// Comparison is the run again with the added channels against the run without,
	// the JSON of `cascade compare` with one variant; null when not run.
	Comparison *whatif.Comparison `json:"comparison"`
}

// Document returns the JSON form of r.
func (r *Report) Document() Document {
	d := Document{
		FailedAssets:      r.Failed,
		CascadeEdges:      len(r.Edges),
		UnattributedEdges: r.Unattributed,
		Operators:         []DocOperator{},
		Countries:         []DocCountry{},
		CrossEdges:        []DocEdge{},
		Gaps:              []DocGap{},
		Alerts:            r.Alerts,
		Protected:         r.Protected,
	}
	if d.Alerts == nil {
		d.Alerts = []cascade.AlertReport{}
	}
	if d.Protected == nil {
		d.Protected = []cascade.ProtectedReport{}
	}
	if r.Scenario != nil {
		d.Scenario, d.Label = r.Scenario.Name, r.Scenario.Label
	}
	if r.Horizon != cascade.Never {
		h := r.Horizon
		d.HorizonS = &h
	}
	for _, a := range r.Operators {
		d.Operators = append(d.Operators, DocOperator{
			Organization: a.Org.Name, Label: orgLabel(a.Org), Kind: a.Org.Kind, Country: a.Org.Country,
			FailedAssets: a.Failed, FirstFailureS: a.First,
		})
	}
	for _, c := range r.Countries {
		d.Countries = append(d.Countries, DocCountry{Country: c.Country, FailedAssets: c.Failed, FirstFailureS: c.First})
	}
	for _, e := range r.Cross {
		d.CrossEdges = append(d.CrossEdges, docEdge(e))
	}
	rank := map[*Gap]int{}
	for i, g := range r.Gaps {
		rank[g] = i + 1
		d.Gaps = append(d.Gaps, docGap(g, i+1, false))
	}
	if len(r.Added) > 0 {
		w := &DocWhatIf{AddedChannels: [][2]string{}, LatenciesS: []int64{}, GapsBefore: len(r.Gaps), GapsAfter: len(r.Open),
			Closed: []DocGap{}, Open: []DocGap{}, Comparison: r.Comparison}
		for _, c := range r.Added {
			w.AddedChannels = append(w.AddedChannels, [2]string{c.A.Name, c.B.Name})
			w.LatenciesS = append(w.LatenciesS, c.Latency)
		}
		for _, g := range r.Closed {
			w.Closed = append(w.Closed, docGap(g, rank[g], true))
		}
		for _, g := range r.Open {
			w.Open = append(w.Open, docGap(g, rank[g], false))
		}
		d.WhatIf = w
	}
	return d
}

func docEdge(e *Edge) DocEdge {
	return DocEdge{
		From: e.From.Name, To: e.To.Name, Kind: e.Kind.String(), AtS: e.At,
		FromOperator: orgName(e.FromOperator), ToOperator: orgName(e.ToOperator),
		FromCountry: e.FromCountry, ToCountry: e.ToCountry,
		CrossOrganization: e.CrossOrg(), CrossBorder: e.CrossBorder(),
		Channel: names(e.Channel),
	}
}

// docGap converts a gap; via adds the chain that closes it (closed gaps only).
func docGap(g *Gap, rank int, via bool) DocGap {
	dg := DocGap{
		Rank: rank, A: g.A.Name, B: g.B.Name, ACountry: g.A.Country, BCountry: g.B.Country,
		CrossBorder: g.CrossBorder(), Edges: len(g.Edges), DownstreamAssets: g.Downstream, FirstS: g.First,
		CascadeEdges: []DocEdge{},
	}
	if via {
		dg.Via = names(g.Via)
	}
	for _, e := range g.Edges {
		dg.CascadeEdges = append(dg.CascadeEdges, docEdge(e))
	}
	return dg
}

func orgName(o *model.Organization) string {
	if o == nil {
		return ""
	}
	return o.Name
}

// names returns the organizations' names, or nil for an empty path.
func names(p []*model.Organization) []string {
	if len(p) == 0 {
		return nil
	}
	out := make([]string, len(p))
	for i, o := range p {
		out[i] = o.Name
	}
	return out
}

// orgLabel returns the display name of o: its label, or its name.
func orgLabel(o *model.Organization) string {
	if o.Label != "" {
		return o.Label
	}
	return o.Name
}
