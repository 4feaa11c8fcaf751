package model

import (
	"fmt"
	"math"
	"math/big"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// restoration decodes an asset's repair, recover, restart and priority
// (docs/semantics.md, "Restoration").
func (b *builder) restoration(x *Asset, attrs hcl.Attributes) {
	for _, f := range []struct {
		name string
		to   *int64
		what string
	}{
		{"repair", &x.Repair, "the crew time to repair physical damage"},
		{"recover", &x.Recover, "the time to clean a compromise, counted from the compromise"},
	} {
		if v, a := b.duration(attrs, f.name); a != nil {
			if v < 1 {
				b.attrError(a, "Invalid "+f.name, fmt.Sprintf("%s must be at least one second (\"1s\"): it is %s. Got %ds; remove it to make the loss permanent.", f.name, f.what, v))
				continue
			}
			*f.to = v
		}
	}
	if v, a := b.duration(attrs, "restart"); a != nil {
		x.Restart = v
	}
	if v, a := b.num(attrs, "priority"); a != nil {
		x.Priority = v
	}
}

// crews decodes an organization's crews: a whole number of at least 1.
func (b *builder) crews(o *Organization, a *hcl.Attribute) {
	if a == nil {
		return
	}
	v, ok := b.eval(a)
	if !ok || v.IsNull() {
		return
	}
	nv, err := convert.Convert(v, cty.Number)
	if err != nil || nv.IsNull() {
		b.typeError(a, "a whole number", v)
		return
	}
	bf := nv.AsBigFloat()
	k, acc := bf.Int64()
	if acc != big.Exact || !bf.IsInt() || k < 1 || k > math.MaxInt32 {
		b.attrError(a, "Invalid crews", fmt.Sprintf("crews is how many of the organization's assets can be under repair at once: a whole number of at least 1; got %s. Remove it for unlimited crews.", bf.Text('g', 10)))
		return
	}
	o.Crews = int(k)
}

// HasRestoration reports whether any asset of the model has repair or recover, so that
// its runs need a horizon (docs/semantics.md, "Restoration").
func (m *Model) HasRestoration() bool {
	for _, a := range m.Assets {
		if a.Repair > 0 || a.Recover > 0 {
			return true
		}
	}
	return false
}

// CheckHorizon returns an error at scenario s when s is run with the given horizon
// (seconds, or NoHorizon; the effective horizon: --horizon when given, else the
// scenario's own) on a model in which some asset has repair or recover: such a run needs
// a horizon. It returns nothing otherwise.
func (m *Model) CheckHorizon(s *Scenario, horizon int64) hcl.Diagnostics {
	if horizon >= 0 || !m.HasRestoration() {
		return nil
	}
	var name string
	for _, a := range m.Assets {
		if a.Repair > 0 || a.Recover > 0 {
			name = a.Name
			break
		}
	}
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Scenario without horizon",
		Detail: fmt.Sprintf("Scenario %q has no horizon, but assets of the model come back after a failure (asset %q has repair or recover), so the run would have no end. Give the scenario a horizon (horizon = \"7d\") or run it with --horizon.",
			s.Name, name),
		Subject: s.DeclRange.Ptr(),
	}}
}
