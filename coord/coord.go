// Package coord answers the planner's question after a cascade: who has to talk to
// whom, and where is there no channel?
//
// A cascade edge is a dependency u→v along which the cascade travelled: v failed,
// and u is among the suppliers (or the compromised supplier) the engine names as
// the cause. An edge crosses organizations when the operators of u and v differ,
// and crosses a border when their countries differ. Organizations are joined by
// the channel graph: every organization's shares_with list, read as undirected
// edges, and every channel block, whatever its latency. A coordination gap is a
// pair of organizations joined by at least one cascade edge with no path between
// them in the channel graph; a path may run through intermediaries such as an
// ISAC or a government centre.
package coord

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
	"github.com/cascade-infra/cascade/whatif"
)

// Failure is one failed asset of a cascade and what caused it.
type Failure struct {
	Asset       *model.Asset
	At          int64 // seconds from the start of the scenario
	Compromised bool  // failed by cyber compromise
	// Causes are the suppliers whose loss (or compromise) brought the asset down;
	// empty when an event hit it directly.
	Causes []*model.Asset
}

// Channel is a hypothetical information-sharing channel between two organizations,
// with its latency in seconds: the channel of a what-if (--add-channel A,B[,LATENCY]).
type Channel = whatif.ChannelSpec

// Edge is a cascade edge: the failure of From brought down To.
type Edge struct {
	From, To *model.Asset
	Kind     model.Kind // the kind of the dependency To declares on From
	At       int64      // seconds: when To failed
	// FromOperator and ToOperator are the operators of the two assets, or nil.
	FromOperator, ToOperator *model.Organization
	// FromCountry and ToCountry are the assets' countries, or "".
	FromCountry, ToCountry string
	// Channel is the shortest sharing path between the two operators, both ends
	// included, when they differ and a path exists; nil otherwise.
	Channel []*model.Organization
}

// CrossOrg reports whether both assets have operators and the operators differ.
func (e *Edge) CrossOrg() bool {
	return e.FromOperator != nil && e.ToOperator != nil && e.FromOperator != e.ToOperator
}

// CrossBorder reports whether both assets have countries and the countries differ.
func (e *Edge) CrossBorder() bool {
	return e.FromCountry != "" && e.ToCountry != "" && e.FromCountry != e.ToCountry
}

// Affected is an organization or a country touched by the cascade.
type Affected struct {
	Org     *model.Organization // nil for a country
	Country string
	Failed  int   // failed assets it operates (or located in the country)
	First   int64 // seconds: its earliest failure
}

// Gap is a pair of organizations joined by cascade edges but not by any chain of
// channels. A is the organization whose name sorts first.
type Gap struct {
	A, B *model.Organization
	// Edges are the cascade edges between the two, in either direction, ordered by
	// the time the dependent failed, then by names.
	Edges []*Edge
	// Downstream counts the distinct failed assets the cascade reached through the
	// gap: the dependents of its edges and everything that failed because of them.
	Downstream int
	// First is the earliest failure (seconds) of a dependent across the gap.
	First int64
	// Via is, for a gap that added channels close, the shortest chain of channels
	// that joins A to B once they are added, both ends included; nil otherwise.
	Via []*model.Organization
}

// CrossBorder reports whether the two organizations are in different countries.
func (g *Gap) CrossBorder() bool {
	return g.A.Country != "" && g.B.Country != "" && g.A.Country != g.B.Country
}

// Report is the coordination analysis of one cascade.
type Report struct {
	Scenario *model.Scenario
	// Horizon is the run's horizon in seconds, or cascade.Never for none; Analyze sets it
	// from the scenario, AnalyzeResult from the engine's result.
	Horizon int64
	// Failed is the number of failed assets.
	Failed int
	// Operators are the organizations operating failed assets, by earliest failure,
	// then by name. Countries likewise, for the assets' countries.
	Operators []Affected
	Countries []Affected
	// Edges are every cascade edge, by the time the dependent failed, then by names.
	Edges []*Edge
	// Cross are the edges that cross organizations or borders, in the same order.
	Cross []*Edge
	// Unattributed counts cascade edges with an end that has no operator; they
	// cannot be attributed to a pair of organizations.
	Unattributed int
	// Gaps are the coordination gaps, most cascade edges first, then most
	// downstream failures, then by names.
	Gaps []*Gap
	// Added are the hypothetical channels of a what-if, in the order given.
	Added []Channel
	// Closed are the gaps the added channels close, in the order of Gaps; Open the
	// ones that remain. Both are nil without added channels.
	Closed []*Gap
	Open   []*Gap
	// Alerts and Protected are the run's alerts and protections, as `cascade run`
	// reports them (docs/semantics.md, "Alerts and protection"); AnalyzeResult sets
	// them, both empty when no organization detects.
	Alerts    []cascade.AlertReport
	Protected []cascade.ProtectedReport
	// Comparison is, with added channels, the run again with them against the run
	// without (CompareChannels); AddedAlerts and AddedProtected are that run's alerts
	// and protections. Rerun sets them; nil otherwise.
	Comparison     *whatif.Comparison
	AddedAlerts    []cascade.AlertReport
	AddedProtected []cascade.ProtectedReport
}

// Analyze analyses the cascade given by failures (in any order; every Failure has
// an Asset; assets not listed did not fail) of scenario sc in m; sc may be nil. added are hypothetical channels whose effect
// on the gaps is reported in Closed and Open; every Gap in Report.Gaps is computed
// with the model's channels only.
func Analyze(m *model.Model, sc *model.Scenario, failures []Failure, added []Channel) (*Report, error) {
	for _, c := range added {
		if c.A == nil || c.B == nil {
			return nil, fmt.Errorf("channel with a missing organization")
		}
		if c.A == c.B {
			return nil, fmt.Errorf("channel from %s to itself", c.A.Name)
		}
	}
	r := &Report{Scenario: sc, Horizon: cascade.Never, Added: added, Alerts: []cascade.AlertReport{}, Protected: []cascade.ProtectedReport{}}
	if sc != nil {
		r.Horizon = cascade.ScenarioHorizon(sc).Seconds()
	}
	fs := slices.Clone(failures)
	slices.SortFunc(fs, func(a, b Failure) int {
		return cmp.Or(cmp.Compare(a.At, b.At), cmp.Compare(a.Asset.Name, b.Asset.Name))
	})
	r.Failed = len(fs)
	r.Operators, r.Countries = affected(fs)

	base := newChannels(m, nil)
	for _, f := range fs {
		seen := map[*model.Asset]bool{}
		for _, u := range f.Causes {
			if u == nil || seen[u] {
				continue
			}
			seen[u] = true
			e := &Edge{
				From: u, To: f.Asset, Kind: kindOf(f.Asset, u), At: f.At,
				FromOperator: u.Operator, ToOperator: f.Asset.Operator,
				FromCountry: u.Country, ToCountry: f.Asset.Country,
			}
			if e.FromOperator == nil || e.ToOperator == nil {
				r.Unattributed++
			}
			if e.CrossOrg() {
				e.Channel = base.path(e.FromOperator, e.ToOperator)
			}
			r.Edges = append(r.Edges, e)
			if e.CrossOrg() || e.CrossBorder() {
				r.Cross = append(r.Cross, e)
			}
		}
	}
	slices.SortStableFunc(r.Edges, edgeOrder)
	slices.SortStableFunc(r.Cross, edgeOrder)

	r.Gaps = gaps(r.Edges, base)
	if len(added) > 0 {
		after := newChannels(m, added)
		r.Closed, r.Open = []*Gap{}, []*Gap{}
		for _, g := range r.Gaps {
			if after.connected(g.A, g.B) {
				g.Via = after.path(g.A, g.B)
				r.Closed = append(r.Closed, g)
			} else {
				r.Open = append(r.Open, g)
			}
		}
	}
	return r, nil
}

// Path returns the shortest chain of channels from a to b in m, with added
// channels, both ends included; nil when there is none. Ties are broken by the
// organizations' names, so the answer is deterministic.
func Path(m *model.Model, added []Channel, a, b *model.Organization) []*model.Organization {
	return newChannels(m, added).path(a, b)
}

func edgeOrder(a, b *Edge) int {
	return cmp.Or(cmp.Compare(a.At, b.At), cmp.Compare(a.To.Name, b.To.Name), cmp.Compare(a.From.Name, b.From.Name))
}

// kindOf returns the kind of the dependency that to declares on from; physical
// when to declares none (a cause that is not a supplier is an engine bug, but
// the report should still be written).
func kindOf(to, from *model.Asset) model.Kind {
	for _, g := range to.Groups {
		for _, d := range g.Dependencies {
			if d.On == from {
				return d.Kind
			}
		}
	}
	return model.Physical
}

// affected tallies failures by operator and by country; fs is sorted by time.
func affected(fs []Failure) (ops, countries []Affected) {
	byOrg := map[*model.Organization]int{}
	byCountry := map[string]int{}
	for _, f := range fs {
		if o := f.Asset.Operator; o != nil {
			i, ok := byOrg[o]
			if !ok {
				i = len(ops)
				byOrg[o] = i
				ops = append(ops, Affected{Org: o, Country: o.Country, First: f.At})
			}
			ops[i].Failed++
		}
		if c := f.Asset.Country; c != "" {
			i, ok := byCountry[c]
			if !ok {
				i = len(countries)
				byCountry[c] = i
				countries = append(countries, Affected{Country: c, First: f.At})
			}
			countries[i].Failed++
		}
	}
	// Discovery order is by time, then by asset name; make ties by time
	// deterministic by the organization's or country's own name.
	slices.SortStableFunc(ops, func(a, b Affected) int {
		return cmp.Or(cmp.Compare(a.First, b.First), cmp.Compare(a.Org.Name, b.Org.Name))
	})
	slices.SortStableFunc(countries, func(a, b Affected) int {
		return cmp.Or(cmp.Compare(a.First, b.First), cmp.Compare(a.Country, b.Country))
	})
	return ops, countries
}

// gaps groups the cross-organization edges without a channel path by their pair
// of organizations and ranks the pairs.
func gaps(edges []*Edge, ch *channels) []*Gap {
	type pair struct{ a, b *model.Organization }
	byPair := map[pair]*Gap{}
	var out []*Gap
	for _, e := range edges {
		if !e.CrossOrg() || ch.connected(e.FromOperator, e.ToOperator) {
			continue
		}
		a, b := e.FromOperator, e.ToOperator
		if b.Name < a.Name {
			a, b = b, a
		}
		g, ok := byPair[pair{a, b}]
		if !ok {
			g = &Gap{A: a, B: b, First: e.At}
			byPair[pair{a, b}] = g
			out = append(out, g)
		}
		g.Edges = append(g.Edges, e)
		g.First = min(g.First, e.At)
	}
	down := downstreamIndex(edges)
	for _, g := range out {
		starts := make([]*model.Asset, len(g.Edges))
		for i, e := range g.Edges {
			starts[i] = e.To
		}
		g.Downstream = down.count(starts)
	}
	slices.SortFunc(out, func(x, y *Gap) int {
		return cmp.Or(
			-cmp.Compare(len(x.Edges), len(y.Edges)),
			-cmp.Compare(x.Downstream, y.Downstream),
			cmp.Compare(x.A.Name, y.A.Name),
			cmp.Compare(x.B.Name, y.B.Name),
		)
	})
	return out
}

// downstream maps each failed asset to the assets whose failure it caused.
type downstream map[*model.Asset][]*model.Asset

func downstreamIndex(edges []*Edge) downstream {
	d := downstream{}
	for _, e := range edges {
		d[e.From] = append(d[e.From], e.To)
	}
	return d
}

// count returns the number of distinct assets reachable from starts along cascade
// edges, starts included.
func (d downstream) count(starts []*model.Asset) int {
	seen := map[*model.Asset]bool{}
	stack := []*model.Asset{}
	for _, s := range starts {
		if !seen[s] {
			seen[s] = true
			stack = append(stack, s)
		}
	}
	for len(stack) > 0 {
		a := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, b := range d[a] {
			if !seen[b] {
				seen[b] = true
				stack = append(stack, b)
			}
		}
	}
	return len(seen)
}
