package render

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"sync"
)

// countriesTopoJSON is Natural Earth's 1:110m country boundaries as TopoJSON
// (mapdata/README.md).
//
//go:embed mapdata/countries-110m.json
var countriesTopoJSON []byte

// Country is one country's outline: its rings (exterior rings and holes alike,
// drawn even-odd) as [longitude, latitude] degrees, and their bounding box.
type Country struct {
	Name  string
	Rings [][][2]float64
	// MinLon, MinLat, MaxLon, MaxLat bound the rings.
	MinLon, MinLat, MaxLon, MaxLat float64
}

// Countries returns the country outlines of Natural Earth at 1:110m, decoded on
// the first call. Rings that cross the antimeridian are cut there, as in the
// source, so each ring's longitudes are continuous.
var Countries = sync.OnceValue(func() []Country {
	cs, err := decodeTopoJSON(countriesTopoJSON, "countries")
	if err != nil {
		panic("render: embedded map data: " + err.Error())
	}
	return cs
})

// topology is the part of a TopoJSON document the map reads.
type topology struct {
	Type      string `json:"type"`
	Transform *struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
	Arcs    [][][2]float64 `json:"arcs"`
	Objects map[string]struct {
		Geometries []struct {
			Type       string            `json:"type"`
			Arcs       json.RawMessage   `json:"arcs"`
			Properties map[string]string `json:"properties"`
		} `json:"geometries"`
	} `json:"objects"`
}

// decodeTopoJSON returns the polygons of object name of a TopoJSON topology.
func decodeTopoJSON(data []byte, name string) ([]Country, error) {
	var t topology
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, err
	}
	if t.Type != "Topology" {
		return nil, fmt.Errorf("not a TopoJSON topology")
	}
	obj, ok := t.Objects[name]
	if !ok {
		return nil, fmt.Errorf("no object %q", name)
	}
	// Decode the arcs: quantized and delta-encoded when there is a transform.
	arcs := make([][][2]float64, len(t.Arcs))
	for i, a := range t.Arcs {
		pts := make([][2]float64, len(a))
		var x, y float64
		for j, p := range a {
			if t.Transform != nil {
				x, y = x+p[0], y+p[1]
				pts[j] = [2]float64{x*t.Transform.Scale[0] + t.Transform.Translate[0], y*t.Transform.Scale[1] + t.Transform.Translate[1]}
			} else {
				pts[j] = p
			}
		}
		arcs[i] = pts
	}
	ring := func(idx []int) ([][2]float64, error) {
		var out [][2]float64
		for k, i := range idx {
			rev := i < 0
			if rev {
				i = ^i
			}
			if i >= len(arcs) {
				return nil, fmt.Errorf("arc %d of %d", i, len(arcs))
			}
			a := arcs[i]
			for j := range a {
				p := a[j]
				if rev {
					p = a[len(a)-1-j]
				}
				if k > 0 && j == 0 {
					continue // the first point of an arc is the last of the one before
				}
				out = append(out, p)
			}
		}
		return out, nil
	}
	var out []Country
	for _, g := range obj.Geometries {
		var polys [][][]int
		switch g.Type {
		case "Polygon":
			var p [][]int
			if err := json.Unmarshal(g.Arcs, &p); err != nil {
				return nil, err
			}
			polys = [][][]int{p}
		case "MultiPolygon":
			if err := json.Unmarshal(g.Arcs, &polys); err != nil {
				return nil, err
			}
		default:
			continue
		}
		c := Country{Name: g.Properties["name"], MinLon: math.Inf(1), MinLat: math.Inf(1), MaxLon: math.Inf(-1), MaxLat: math.Inf(-1)}
		for _, p := range polys {
			for _, idx := range p {
				r, err := ring(idx)
				if err != nil {
					return nil, err
				}
				for _, pt := range r {
					c.MinLon, c.MaxLon = min(c.MinLon, pt[0]), max(c.MaxLon, pt[0])
					c.MinLat, c.MaxLat = min(c.MinLat, pt[1]), max(c.MaxLat, pt[1])
				}
				c.Rings = append(c.Rings, r)
			}
		}
		out = append(out, c)
	}
	return out, nil
}
