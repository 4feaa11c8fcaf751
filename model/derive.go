package model

import (
	"fmt"
	"math"
	"slices"

	"github.com/hashicorp/hcl/v2"
)

// Matches reports whether asset a meets every criterion of s.
func (s *Select) Matches(a *Asset) bool {
	if len(s.Sectors) > 0 && !slices.Contains(s.Sectors, a.Sector) {
		return false
	}
	if len(s.Regions) > 0 && !slices.Contains(s.Regions, a.Region) {
		return false
	}
	if len(s.Countries) > 0 && !slices.Contains(s.Countries, a.Country) {
		return false
	}
	if len(s.Operators) > 0 && (a.Operator == nil || !slices.Contains(s.Operators, a.Operator)) {
		return false
	}
	for _, t := range s.Tags {
		if !slices.Contains(a.Tags, t) {
			return false
		}
	}
	if s.Within != nil && (a.Location == nil || !s.Within.Contains(*a.Location)) {
		return false
	}
	return true
}

// Contains reports whether p lies in the circle: its great-circle (haversine)
// distance from the centre, on a sphere of radius EarthRadiusKm, is at most
// RadiusKm.
func (c *Circle) Contains(p Location) bool {
	return DistanceKm(Location{Lat: c.Lat, Lon: c.Lon}, p) <= c.RadiusKm
}

// DistanceKm is the haversine distance between p and q in kilometres, on a
// sphere of radius EarthRadiusKm.
func DistanceKm(p, q Location) float64 {
	const rad = math.Pi / 180
	dLat := (q.Lat - p.Lat) * rad
	dLon := (q.Lon - p.Lon) * rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(p.Lat*rad)*math.Cos(q.Lat*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * EarthRadiusKm * math.Asin(math.Sqrt(min(1, h)))
}

// selectAssets sets every event's Assets: its targets and the assets its
// select block matches, sorted by Index, without duplicates.
func selectAssets(m *Model) {
	for _, s := range m.Scenarios {
		for _, e := range s.Events {
			if e.Select != nil {
				for _, a := range m.Assets {
					if e.Select.Matches(a) {
						e.Assets = append(e.Assets, a)
					}
				}
			}
			slices.SortFunc(e.Assets, func(p, q *Asset) int { return p.Index - q.Index })
			e.Assets = slices.Compact(e.Assets)
		}
	}
}

// WarningScenario returns the scenario a warning of the model (see warnings) is
// about, "Scenario without events" or "Event selects no asset", or nil when it
// is about no one scenario. It recognizes the warning by its subject, the
// declaration of the scenario or of one of its events, so that it works on the
// diagnostics of a cached load too.
func (m *Model) WarningScenario(d *hcl.Diagnostic) *Scenario {
	if d.Severity != hcl.DiagWarning || d.Subject == nil {
		return nil
	}
	same := func(r hcl.Range) bool {
		return r.Filename == d.Subject.Filename && r.Start.Byte == d.Subject.Start.Byte && r.End.Byte == d.Subject.End.Byte
	}
	for _, s := range m.Scenarios {
		if same(s.DeclRange) {
			return s
		}
		for _, e := range s.Events {
			if same(e.DeclRange) {
				return s
			}
		}
	}
	return nil
}

// warnings returns the warnings of a valid model: legal but probably wrong.
func warnings(m *Model) hcl.Diagnostics {
	var diags hcl.Diagnostics
	warn := func(rng hcl.Range, summary, detail string) {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: summary, Detail: detail, Subject: rng.Ptr()})
	}
	sectorAssets := make([]int, len(m.Sectors))
	hasDependents := make([]bool, len(m.Assets))
	for _, a := range m.Assets {
		sectorAssets[a.Sector.Index]++
		for _, g := range a.Groups {
			for _, d := range g.Dependencies {
				hasDependents[d.On.Index] = true
			}
		}
	}
	for _, s := range m.Sectors {
		if sectorAssets[s.Index] == 0 {
			warn(s.DeclRange, "Sector without assets", fmt.Sprintf("No asset belongs to sector %q; it can never fail. Add assets with sector = sector.%s, or remove it.", s.Name, s.Name))
		}
	}
	for _, a := range m.Assets {
		deps := 0
		for _, g := range a.Groups {
			deps += len(g.Dependencies)
		}
		if deps == 0 && !hasDependents[a.Index] {
			warn(a.DeclRange.Range(), "Isolated asset", fmt.Sprintf("Asset %q depends on nothing and nothing depends on it, so no cascade can reach it or start from it. Add its dependencies, or remove it.", a.Name))
		}
	}
	for _, s := range m.Scenarios {
		if len(s.Events) == 0 {
			warn(s.DeclRange, "Scenario without events", fmt.Sprintf("Scenario %q has no event blocks, so nothing happens in it.", s.Name))
			continue
		}
		for _, e := range s.Events {
			if len(e.Assets) == 0 {
				warn(e.DeclRange, "Event selects no asset", fmt.Sprintf("Event %q of scenario %q selects no asset: no asset meets every criterion of its select block.", e.Name, s.Name))
			}
		}
	}
	return diags
}
