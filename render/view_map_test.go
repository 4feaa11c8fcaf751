package render

import (
	"bytes"
	"errors"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
)

// pacificRun runs the fixture of run --format geojson: assets in Tokyo and
// California, a within footprint, Japanese labels.
func pacificRun(t *testing.T) (*model.Model, *Outcome) {
	t.Helper()
	m, diags := model.Load(filepath.Join("..", "cmd", "cascade", "testdata", "geojson", "pacific.hcl"), model.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	res, err := cascade.RunScenario(m, m.Scenario("quake"), cascade.Options{})
	if err != nil {
		t.Fatal(err)
	}
	o, err := FromResult(res)
	if err != nil {
		t.Fatal(err)
	}
	return m, o
}

func TestMapView(t *testing.T) {
	m, o := pacificRun(t)
	var svg bytes.Buffer
	if err := Map(m, o, "svg", &svg, PlotOptions{}); err != nil {
		t.Fatal(err)
	}
	out := svg.String()
	for _, want := range []string{"Map: quake", "品川変電所", "Cable landing, Hermosa Beach", "電力", "Telecom",
		"failed at T+0s", "failed at T+1h", "event shake at T+0s: within 20 km", "cyber dependency",
		"3 of 4 assets have a location", "Natural Earth 1:110m", "129.3°E", "°W"} {
		if !strings.Contains(out, want) {
			t.Errorf("map SVG lacks %q", want)
		}
	}
	// Drawn the same twice.
	var again bytes.Buffer
	if err := Map(m, o, "svg", &again, PlotOptions{}); err != nil || !bytes.Equal(again.Bytes(), svg.Bytes()) {
		t.Errorf("the map is not deterministic (%v)", err)
	}
	// Without a run: the model's assets in their sectors' colours, no failure times.
	var model bytes.Buffer
	if err := Map(m, nil, "png", &model, PlotOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, f := range PlotFormats {
		var b bytes.Buffer
		if err := Map(m, o, f, &b, PlotOptions{}); err != nil || b.Len() == 0 {
			t.Errorf("format %s: %v, %d bytes", f, err, b.Len())
		}
	}
	// No location: a clear error.
	for _, a := range m.Assets {
		a.Location = nil
	}
	if err := Map(m, o, "svg", &bytes.Buffer{}, PlotOptions{}); !errors.Is(err, ErrNoLocation) {
		t.Errorf("no location: %v", err)
	}
}

// TestMapProjection checks where the map cuts the circle of longitudes: across
// the Pacific for Japan and California, nowhere for Europe.
func TestMapProjection(t *testing.T) {
	pr := newProjection([]float64{139.7, 139.9, -118.4, -122})
	a, b := pr.lon(139.7), pr.lon(-118.4)
	if !pr.shift || b-a < 100 || b-a > 120 {
		t.Errorf("Tokyo %v, Los Angeles %v (shift %v): want Los Angeles about 102° east of Tokyo", a, b, pr.shift)
	}
	pr = newProjection([]float64{2.35, 13.4, -3.7})
	if pr.shift || math.Abs(pr.lon(-3.7)+3.7) > 1e-9 {
		t.Errorf("Europe: %+v", pr)
	}
	if pr := newProjection([]float64{170, -170}); pr.lon(170) > pr.lon(-170) || math.Abs(pr.lon(-170)-pr.lon(170)-20) > 1e-9 {
		t.Errorf("across the antimeridian: %v, %v", pr.lon(170), pr.lon(-170))
	}
}

func TestFailClasses(t *testing.T) {
	classOf, labels := failClasses([]int64{0, 3600, 0, 7200})
	if len(labels) != 3 || labels[1] != "failed at T+1h" || classOf(0) != 0 || classOf(7200) != 2 {
		t.Errorf("3 times: %v, classes %d %d", labels, classOf(0), classOf(7200))
	}
	var ts []int64
	for i := range 100 {
		ts = append(ts, int64(i)*600)
	}
	classOf, labels = failClasses(ts)
	if len(labels) != len(failColors) || classOf(0) != 0 || classOf(99*600) != len(failColors)-1 || !strings.Contains(labels[0], " – ") {
		t.Errorf("100 times: %v", labels)
	}
	for i := 1; i < len(ts); i++ {
		if classOf(ts[i]) < classOf(ts[i-1]) {
			t.Fatalf("classes not in time order at %d", ts[i])
		}
	}
}

// TestCountries checks the embedded Natural Earth outlines: every country, with
// Japan around Tokyo and rings closed.
func TestCountries(t *testing.T) {
	cs := Countries()
	if len(cs) < 170 {
		t.Fatalf("%d countries", len(cs))
	}
	found := false
	for _, c := range cs {
		for _, r := range c.Rings {
			if len(r) < 4 || math.Abs(r[0][0]-r[len(r)-1][0]) > 1e-9 || math.Abs(r[0][1]-r[len(r)-1][1]) > 1e-9 {
				t.Fatalf("%s: a ring of %d points, open", c.Name, len(r))
			}
		}
		if c.Name == "Japan" {
			found = c.MinLon < 139.7 && c.MaxLon > 139.7 && c.MinLat < 35.7 && c.MaxLat > 35.7
		}
	}
	if !found {
		t.Error("no Japan around Tokyo")
	}
	if _, err := decodeTopoJSON([]byte(`{"type":"Topology","objects":{"countries":{"geometries":[{"type":"Polygon","arcs":[[5]]}]}},"arcs":[]}`), "countries"); err == nil {
		t.Error("an arc out of range is accepted")
	}
}
