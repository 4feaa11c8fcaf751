package cascade

import (
	"fmt"
	"sync"

	"github.com/cascade-infra/cascade/model"
)

// WithChannels returns a network for m, a model that differs from n's only in its
// channel blocks (its sectors, organizations and assets are n's objects): it shares n's
// assets, groups, edges and restoration, and compiles only the alerts of m. Edges and
// assets keep their ids and their Monte Carlo draws, and scenarios compiled for n run
// on it unchanged. It is how `cascade coordinate` runs a model once per hypothetical
// channel without compiling the network again. It returns an error when m's sectors,
// organizations or assets are not n's (the same objects, in the same order).
func (n *Network) WithChannels(m *model.Model) (*Network, error) {
	if m == nil {
		return nil, fmt.Errorf("compile: nil model")
	}
	if err := sameObjects(n.m.Sectors, m.Sectors, "sectors"); err != nil {
		return nil, err
	}
	if err := sameObjects(n.m.Organizations, m.Organizations, "organizations"); err != nil {
		return nil, err
	}
	if err := sameObjects(n.m.Assets, m.Assets, "assets"); err != nil {
		return nil, err
	}
	d := new(Network)
	*d = *n
	d.m, d.al = m, nil
	if err := d.compileAlerts(m); err != nil {
		return nil, err
	}
	d.pool = &sync.Pool{New: func() any { return newScratch(d) }}
	return d, nil
}

// sameObjects checks that two models hold the same objects of a kind, in order.
func sameObjects[T any](a, b []*T, kind string) error {
	if len(a) != len(b) {
		return fmt.Errorf("compile: the model has %d %s, the network's %d: only its channels may differ", len(b), kind, len(a))
	}
	for i := range a {
		if a[i] != b[i] {
			return fmt.Errorf("compile: the model's %s differ from the network's at %d: only its channels may differ", kind, i)
		}
	}
	return nil
}

// AlertReports returns the run's alerts and protections as RunReport has them (Alerts
// and Protected), without the rest of the report; both empty without alerts.
func (r *Result) AlertReports() ([]AlertReport, []ProtectedReport) { return r.alertReports() }
