package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/cascade-infra/cascade/model"
	"github.com/cascade-infra/cascade/render"
)

// checkGeoJSON checks doc against the structure RFC 7946 gives a FeatureCollection
// and the properties docs/cli.md promises, and returns the features by geometry type.
func checkGeoJSON(t *testing.T, doc []byte) map[string][]map[string]any {
	t.Helper()
	var fc map[string]any
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	if err := dec.Decode(&fc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, doc)
	}
	if dec.More() {
		t.Fatal("more than one JSON document")
	}
	if fc["type"] != "FeatureCollection" {
		t.Fatalf("type %v, want FeatureCollection", fc["type"])
	}
	prov, ok := fc["provenance"].(map[string]any)
	if !ok || prov["model_hash"] == "" || prov["version"] == nil {
		t.Errorf("provenance %v", fc["provenance"])
	}
	feats, ok := fc["features"].([]any)
	if !ok {
		t.Fatalf("features is %T, want an array", fc["features"])
	}
	num := func(v any) float64 {
		n, ok := v.(json.Number)
		if !ok {
			t.Fatalf("%v (%T) is not a number", v, v)
		}
		f, err := n.Float64()
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	// position checks one [lon, lat] position (RFC 7946 §3.1.1: two numbers,
	// longitude first, within the WGS 84 ranges).
	position := func(v any) [2]float64 {
		p, ok := v.([]any)
		if !ok || len(p) != 2 {
			t.Fatalf("position %v: want [lon, lat]", v)
		}
		lon, lat := num(p[0]), num(p[1])
		if lon < -180 || lon > 180 || lat < -90 || lat > 90 {
			t.Errorf("position %v out of range (lon in [-180, 180], lat in [-90, 90])", v)
		}
		return [2]float64{lon, lat}
	}
	line := func(v any) [][2]float64 {
		ps, ok := v.([]any)
		if !ok || len(ps) < 2 {
			t.Fatalf("line %v: want at least two positions", v)
		}
		var out [][2]float64
		for _, p := range ps {
			out = append(out, position(p))
		}
		return out
	}
	byType := map[string][]map[string]any{}
	for _, f := range feats {
		f, ok := f.(map[string]any)
		if !ok || f["type"] != "Feature" {
			t.Fatalf("feature %v: want an object of type Feature", f)
		}
		g, ok := f["geometry"].(map[string]any)
		if !ok {
			t.Fatalf("feature %v has no geometry object", f)
		}
		props, ok := f["properties"].(map[string]any)
		if !ok {
			t.Fatalf("feature %v has no properties object", f)
		}
		switch g["type"] {
		case "Point":
			position(g["coordinates"])
			for _, k := range []string{"name", "label", "sector", "operator", "country", "failed_s", "compromised", "cause"} {
				if _, ok := props[k]; !ok {
					t.Errorf("point %v lacks property %q", props["name"], k)
				}
			}
		case "LineString":
			line(g["coordinates"])
			for _, k := range []string{"dependent", "supplier", "kind", "delay_s", "probability"} {
				if _, ok := props[k]; !ok {
					t.Errorf("line %v lacks property %q", props, k)
				}
			}
		case "MultiLineString":
			parts, _ := g["coordinates"].([]any)
			if len(parts) != 2 {
				t.Errorf("multi-line %v: want two parts", g["coordinates"])
			}
			for _, p := range parts {
				line(p)
			}
		case "Polygon":
			rings, _ := g["coordinates"].([]any)
			if len(rings) != 1 {
				t.Fatalf("polygon %v: want one ring", props)
			}
			ring := line(rings[0])
			if len(ring) < 4 || ring[0] != ring[len(ring)-1] {
				t.Errorf("polygon ring of %d positions, first %v last %v: want a closed ring of 4 or more", len(ring), ring[0], ring[len(ring)-1])
			}
			// RFC 7946 §3.1.6: an exterior ring is counterclockwise (positive area).
			area := 0.0
			for i := 1; i < len(ring); i++ {
				area += ring[i-1][0]*ring[i][1] - ring[i][0]*ring[i-1][1]
			}
			if area <= 0 {
				t.Errorf("polygon %v: exterior ring is clockwise", props["event"])
			}
		default:
			t.Fatalf("geometry type %v", g["type"])
		}
		byType[g["type"].(string)] = append(byType[g["type"].(string)], props)
	}
	return byType
}

// TestRunGeoJSON checks run --format geojson on the examples' scenarios and on a
// fixture with a dependency across the Pacific: the structure RFC 7946 asks for, one
// Point per located asset and one line per dependency with two located ends; the
// quickstart and the fixture are pinned by golden files (testdata/geojson, -update).
func TestRunGeoJSON(t *testing.T) {
	tests := []struct {
		name string
		args []string
		// footprints: the within circles of the scenario's events.
		footprints, multiLines int
		golden                 bool
	}{
		{"quickstart", []string{quickstart}, 0, 0, true},
		{"pacific", []string{"testdata/geojson/pacific.hcl"}, 1, 1, true},
		{"tokyo-quake", []string{"../../examples/tokyo-2020", "-s", "quake"}, 1, 0, false},
		{"us-japan-gulf_lng", []string{"../../examples/us-japan", "-s", "gulf_lng"}, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"run", "--format", "geojson"}, tt.args...)
			out, errOut, code := cli(t, nil, args...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			byType := checkGeoJSON(t, []byte(out))
			// The counts, from the model itself.
			m, diags := model.NewParser().Load(tt.args[0], model.Options{})
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			points, lines := 0, 0
			for _, a := range m.Assets {
				if a.Location == nil {
					continue
				}
				points++
				for _, g := range a.Groups {
					for _, d := range g.Dependencies {
						if d.On.Location != nil {
							lines++
						}
					}
				}
			}
			if got := len(byType["Point"]); got != points {
				t.Errorf("%d points, want %d (one per located asset)", got, points)
			}
			if got := len(byType["LineString"]) + len(byType["MultiLineString"]); got != lines {
				t.Errorf("%d lines, want %d (one per dependency with two located ends)", got, lines)
			}
			if got := len(byType["MultiLineString"]); got != tt.multiLines {
				t.Errorf("%d lines cut at the antimeridian, want %d", got, tt.multiLines)
			}
			if got := len(byType["Polygon"]); got != tt.footprints {
				t.Errorf("%d footprints, want %d", got, tt.footprints)
			}
			failed := 0
			for _, p := range byType["Point"] {
				if p["failed_s"] != nil {
					failed++
					if p["cause"] == "" {
						t.Errorf("failed asset %v has no cause", p["name"])
					}
				}
			}
			if failed == 0 {
				t.Errorf("no located asset fails")
			}
			if !tt.golden {
				return
			}
			golden := filepath.Join("testdata", "geojson", tt.name+".geojson")
			got := []byte(stableBuild(out))
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test ./cmd/cascade -run TestRunGeoJSON -update writes it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s (run with -update and check the diff):\n%s", golden, got)
			}
		})
	}
}

func TestGeoLineAntimeridian(t *testing.T) {
	tokyo := &model.Location{Lat: 35.68, Lon: 139.77}
	la := &model.Location{Lat: 34.05, Lon: -118.24}
	g := geoLine(tokyo, la)
	if g.Type != "MultiLineString" {
		t.Fatalf("Tokyo to Los Angeles: %s, want a MultiLineString cut at the antimeridian", g.Type)
	}
	parts := g.Coordinates.([][][2]float64)
	if parts[0][0] != [2]float64{139.77, 35.68} || parts[0][1][0] != 180 || parts[1][0][0] != -180 || parts[1][1] != [2]float64{-118.24, 34.05} {
		t.Errorf("parts %v", parts)
	}
	if parts[0][1][1] != parts[1][0][1] || parts[0][1][1] > 35.68 || parts[0][1][1] < 34.05 {
		t.Errorf("the cut's latitudes %v, %v: want equal and between the ends'", parts[0][1][1], parts[1][0][1])
	}
	back := geoLine(la, tokyo).Coordinates.([][][2]float64)
	if back[0][1][0] != -180 || back[1][0][0] != 180 {
		t.Errorf("Los Angeles to Tokyo: %v", back)
	}
	if g := geoLine(tokyo, &model.Location{Lat: 43, Lon: 141.35}); g.Type != "LineString" {
		t.Errorf("Tokyo to Sapporo: %s", g.Type)
	}
	ring := render.CircleRing(&model.Circle{Lat: 35.62, Lon: 139.78, RadiusKm: 15}, 64)
	for _, p := range ring {
		// Haversine distance from the centre: 15 km within a metre.
		la1, lo1, la2, lo2 := 35.62*math.Pi/180, 139.78*math.Pi/180, p[1]*math.Pi/180, p[0]*math.Pi/180
		h := math.Pow(math.Sin((la2-la1)/2), 2) + math.Cos(la1)*math.Cos(la2)*math.Pow(math.Sin((lo2-lo1)/2), 2)
		if d := 2 * 6371.0088 * math.Asin(math.Sqrt(h)); math.Abs(d-15) > 0.001 {
			t.Errorf("ring point %v is %.4f km from the centre, want 15", p, d)
		}
	}
}
