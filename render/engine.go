package render

import (
	"fmt"
	"slices"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
)

// FromResult converts the result of a run of the engine into the Outcome the
// views draw, with its down stretches and repair jobs when the run resolved
// restoration. The run's scenario must be one of the model's (matched by name);
// its compiled events are in the model's order, so event indices carry over.
func FromResult(res *cascade.Result) (*Outcome, error) {
	net := res.Network()
	m := net.Model()
	csc := res.Scenario()
	sc := m.Scenario(csc.Name)
	if sc == nil || len(sc.Events) != len(csc.Events) {
		return nil, fmt.Errorf("the run's scenario %q is not a scenario of the model", csc.Name)
	}
	o := &Outcome{
		Scenario: sc,
		Horizon:  res.Horizon(),
		Assets:   make([]AssetOutcome, len(m.Assets)),
		Sectors:  make([]SectorOutcome, len(m.Sectors)),
	}
	for i := range m.Assets {
		a := int32(i)
		ao := &o.Assets[i]
		if res.Compromised(a) {
			ao.Compromised, ao.CompromisedAt = true, res.Compromise[a]
		}
		if !res.Failed(a) {
			continue
		}
		ao.Failed, ao.At = true, res.Failure[a]
		if res.Restoration() {
			ao.Down = res.DownStretches(a)
		}
		c := res.Cause(a)
		switch c.Kind {
		case cascade.CauseEvent:
			ao.Cause.Event = sc.Events[c.Event]
		case cascade.CauseCompromise:
			ao.Cause.Compromise = m.Assets[net.EdgeSupplier(c.Edge)]
		case cascade.CauseSupply:
			ao.Cause.SupplyGroup = net.GroupName(c.Group)
			for _, e := range c.Lost {
				s := m.Assets[net.EdgeSupplier(e)]
				if !slices.Contains(ao.Cause.Suppliers, s) {
					ao.Cause.Suppliers = append(ao.Cause.Suppliers, s)
				}
			}
			slices.SortFunc(ao.Cause.Suppliers, func(x, y *model.Asset) int { return x.Index - y.Index })
		}
	}
	for _, b := range res.OnBackup() {
		ao := &o.Assets[b.Asset]
		ao.OnBackup, ao.Since, ao.RunsOut = true, b.Since, b.RunsOut
	}
	for i, s := range res.Sectors {
		sr := res.SectorRestoration(int32(i))
		o.Sectors[i] = SectorOutcome{FirstImpact: s.FirstImpact, FailedAt: s.FailedAt, FailedFraction: s.FailedFraction,
			DownFraction: sr.DownFraction, RestoredAt: sr.RestoredAt, Loss: sr.Loss}
	}
	o.Restoration = res.Restoration()
	o.Alerts, o.Protected = res.AlertReports()
	for _, j := range res.Repairs() {
		o.Repairs = append(o.Repairs, RepairJob{Asset: m.Assets[j.Asset], Organization: m.Organizations[j.Organization],
			Damaged: j.Damaged, Start: j.Start, End: j.End})
	}
	return o, nil
}
