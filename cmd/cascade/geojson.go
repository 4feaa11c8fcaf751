package main

import (
	"bufio"
	"encoding/json"
	"io"
	"math"
	"strconv"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
	"github.com/cascade-infra/cascade/provenance"
	"github.com/cascade-infra/cascade/render"
)

// GeoJSON output of a run (run --format geojson): an RFC 7946 FeatureCollection with
// one Point per asset that has a location and one LineString per dependency whose two
// ends have locations. Coordinates are [longitude, latitude] in WGS 84 degrees, as
// RFC 7946 §3.1.1 orders them. A line that crosses the antimeridian (the shorter way
// round is across ±180°) is cut there into a MultiLineString (§3.1.9), so that
// Tokyo–Los Angeles crosses the Pacific and not Eurasia.
//
// The provenance is a foreign member of the collection (§6.1), which GeoJSON readers
// ignore.

// geoPointProps are the properties of an asset's Point.
type geoPointProps struct {
	Name          string `json:"name"`
	Label         string `json:"label"`
	Sector        string `json:"sector"`
	SectorLabel   string `json:"sector_label"`
	Operator      string `json:"operator"`       // "" when the asset has none
	OperatorLabel string `json:"operator_label"` // "" when the asset has none
	Country       string `json:"country"`        // ISO 3166-1 alpha-2, or ""
	Region        string `json:"region,omitempty"`
	Failed        bool   `json:"failed"`
	FailedS       *int64 `json:"failed_s"` // null when it does not fail
	Compromised   bool   `json:"compromised"`
	CompromisedS  *int64 `json:"compromised_s"`
	// RestoredS is present only for a failed asset of a run with restoration: the
	// start of its working stretch that contains the horizon, null when down there.
	RestoredS json.RawMessage `json:"restored_s,omitempty"`
	// Cause and CauseKind say why it failed ("" for an asset that does not fail).
	Cause     string `json:"cause"`
	CauseKind string `json:"cause_kind"`
	// MarkerColor follows the simplestyle convention that geojson.io and other
	// viewers read: red for a failed asset, grey for one that does not fail.
	MarkerColor string `json:"marker-color"`
}

// geoLineProps are the properties of a dependency's LineString.
type geoLineProps struct {
	Dependent   string  `json:"dependent"`
	Supplier    string  `json:"supplier"`
	Kind        string  `json:"kind"`
	Group       string  `json:"group"` // the needs block, "" for the asset's own dependencies
	DelayS      int64   `json:"delay_s"`
	Probability float64 `json:"probability"`
	// SupplierFailedS is when the supplier fails, null when it does not.
	SupplierFailedS *int64 `json:"supplier_failed_s"`
	Stroke          string `json:"stroke"`
}

// geoFootprintProps are the properties of the Polygon of an event's within circle.
type geoFootprintProps struct {
	Event       string  `json:"event"`
	EventKind   string  `json:"event_kind"`
	AtS         int64   `json:"at_s"`
	RadiusKm    float64 `json:"radius_km"`
	CenterLat   float64 `json:"center_lat"`
	CenterLon   float64 `json:"center_lon"`
	Stroke      string  `json:"stroke"`
	Fill        string  `json:"fill"`
	FillOpacity float64 `json:"fill-opacity"`
}

type geoGeometry struct {
	Type        string `json:"type"`
	Coordinates any    `json:"coordinates"`
}

type geoFeature struct {
	Type       string      `json:"type"`
	ID         string      `json:"id,omitempty"`
	Geometry   geoGeometry `json:"geometry"`
	Properties any         `json:"properties"`
}

// geoPosition is [longitude, latitude], rounded to 1e-7 degrees (about 1 cm).
func geoPosition(lon, lat float64) [2]float64 {
	r := func(x float64) float64 { return math.Round(x*1e7) / 1e7 }
	return [2]float64{r(lon), r(lat)}
}

// geoLine returns the geometry of the line from a to b: a LineString, or a
// MultiLineString of two parts when the shorter way from a to b crosses the
// antimeridian.
func geoLine(a, b *model.Location) geoGeometry {
	d := b.Lon - a.Lon
	if math.Abs(d) <= 180 {
		return geoGeometry{"LineString", [][2]float64{geoPosition(a.Lon, a.Lat), geoPosition(b.Lon, b.Lat)}}
	}
	// Unwrap b's longitude next to a's, find where the line meets ±180 and cut there.
	lonB := b.Lon - 360
	edge := -180.0
	if d < 0 {
		lonB, edge = b.Lon+360, 180
	}
	t := (edge - a.Lon) / (lonB - a.Lon)
	lat := a.Lat + t*(b.Lat-a.Lat)
	return geoGeometry{"MultiLineString", [][][2]float64{
		{geoPosition(a.Lon, a.Lat), geoPosition(edge, lat)},
		{geoPosition(-edge, lat), geoPosition(b.Lon, b.Lat)},
	}}
}

// writeRunGeoJSON writes the run rep of model m as a GeoJSON FeatureCollection, one
// feature per line.
func writeRunGeoJSON(w io.Writer, m *model.Model, rep *cascade.RunReport, prov provenance.Info) error {
	failures := make(map[string]*cascade.FailureReport, len(rep.Failures))
	for i := range rep.Failures {
		failures[rep.Failures[i].Asset] = &rep.Failures[i]
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	head, err := json.Marshal(struct {
		Type       string          `json:"type"`
		Scenario   string          `json:"scenario"`
		HorizonS   *int64          `json:"horizon_s"`
		Provenance provenance.Info `json:"provenance"`
	}{"FeatureCollection", rep.Scenario, rep.HorizonS, prov})
	if err != nil {
		return err
	}
	bw.Write(head[:len(head)-1])
	bw.WriteString(`,"features":[`)
	first := true
	feature := func(f geoFeature) error {
		b, err := json.Marshal(f)
		if err != nil {
			return err
		}
		if !first {
			bw.WriteByte(',')
		}
		first = false
		bw.WriteString("\n  ")
		_, err = bw.Write(b)
		return err
	}
	for _, a := range m.Assets {
		if a.Location == nil {
			continue
		}
		p := geoPointProps{Name: a.Name, Label: a.Label, Sector: a.Sector.Name, SectorLabel: a.Sector.Label,
			Country: a.Country, Region: a.Region, MarkerColor: "#7f7f7f"}
		if a.Operator != nil {
			p.Operator, p.OperatorLabel = a.Operator.Name, a.Operator.Label
		}
		if f := failures[a.Name]; f != nil {
			p.Failed, p.FailedS = true, &f.AtS
			p.Compromised, p.CompromisedS = f.Compromised, f.CompromisedAtS
			p.Cause, p.CauseKind = causeText(f.Cause), f.Cause.Kind
			p.MarkerColor = "#d62728"
			if rep.Restoration {
				p.RestoredS = json.RawMessage("null")
				if f.RestoredS != nil {
					p.RestoredS = strconv.AppendInt(nil, *f.RestoredS, 10)
				}
			}
		}
		if err := feature(geoFeature{Type: "Feature", ID: "asset/" + a.Name,
			Geometry: geoGeometry{"Point", geoPosition(a.Location.Lon, a.Location.Lat)}, Properties: p}); err != nil {
			return err
		}
	}
	for _, a := range m.Assets {
		if a.Location == nil {
			continue
		}
		for _, g := range a.Groups {
			for _, d := range g.Dependencies {
				if d.On.Location == nil {
					continue
				}
				p := geoLineProps{Dependent: a.Name, Supplier: d.On.Name, Kind: d.Kind.String(), Group: g.Name,
					DelayS: d.Delay, Probability: d.Probability, Stroke: "#555555"}
				if f := failures[d.On.Name]; f != nil {
					p.SupplierFailedS = &f.AtS
					p.Stroke = "#d62728"
				}
				if err := feature(geoFeature{Type: "Feature", Geometry: geoLine(d.On.Location, a.Location), Properties: p}); err != nil {
					return err
				}
			}
		}
	}
	if sc := m.Scenario(rep.Scenario); sc != nil {
		for _, e := range sc.Events {
			if e.Select == nil || e.Select.Within == nil {
				continue
			}
			c := e.Select.Within
			p := geoFootprintProps{Event: e.Name, EventKind: e.Kind.String(), AtS: e.At, RadiusKm: c.RadiusKm,
				CenterLat: c.Lat, CenterLon: c.Lon, Stroke: "#1d3557", Fill: "#1d3557", FillOpacity: 0.1}
			if err := feature(geoFeature{Type: "Feature", ID: "footprint/" + e.Name,
				Geometry: geoGeometry{"Polygon", [][][2]float64{render.CircleRing(c, 64)}}, Properties: p}); err != nil {
				return err
			}
		}
	}
	if !first {
		bw.WriteString("\n")
	}
	bw.WriteString("]}\n")
	return bw.Flush()
}
