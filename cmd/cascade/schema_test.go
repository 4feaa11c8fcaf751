package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/cascade/montecarlo"
	"github.com/cascade-infra/cascade/cascade/rank"
	"github.com/cascade-infra/cascade/cascade/shard"
	"github.com/cascade-infra/cascade/coord"
	"github.com/cascade-infra/cascade/model"
	"github.com/cascade-infra/cascade/provenance"
	"github.com/cascade-infra/cascade/whatif"
)

// The JSON Schemas of docs/schema are generated from the Go types each command
// encodes (TestSchemasUpToDate, -update rewrites them), with the types' and fields'
// doc comments as descriptions, and checked against real outputs of the examples
// (TestSchemasAcceptOutputs) and against mutated ones (TestSchemasRejectMutations).

const schemaDir = "../../docs/schema"

// schemaGen builds a JSON Schema (draft 2020-12) from Go types as encoding/json
// encodes them: a struct is an object with additionalProperties false whose members
// without omitempty are required; a pointer, slice or map may also be null (nil);
// json.RawMessage and interfaces are any value. Named structs go to $defs.
type schemaGen struct {
	defs map[string]any
	docs map[string]string // "pkg.Type" and "pkg.Type.Field" → doc comment
}

var rawMessageType = reflect.TypeFor[json.RawMessage]()

// defName is the $defs key of a named type: its package's last element and name.
func defName(t reflect.Type) string { return path.Base(t.PkgPath()) + "." + t.Name() }

func (g *schemaGen) of(t reflect.Type) map[string]any {
	if t == rawMessageType {
		return map[string]any{}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return nullable(g.of(t.Elem()))
	case reflect.Slice:
		return nullable(map[string]any{"type": "array", "items": g.of(t.Elem())})
	case reflect.Array:
		return map[string]any{"type": "array", "items": g.of(t.Elem()), "minItems": t.Len(), "maxItems": t.Len()}
	case reflect.Map:
		return nullable(map[string]any{"type": "object", "additionalProperties": g.of(t.Elem())})
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return map[string]any{"type": "integer"}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer", "minimum": 0}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Interface:
		return map[string]any{}
	case reflect.Struct:
		if t.Name() == "" {
			return g.object(t)
		}
		name := defName(t)
		if _, ok := g.defs[name]; !ok {
			g.defs[name] = nil // under construction: a recursive type refers to itself
			g.defs[name] = g.object(t)
		}
		return map[string]any{"$ref": "#/$defs/" + name}
	}
	panic(fmt.Sprintf("schema: no JSON for %v", t))
}

// nullable returns s that also accepts null.
func nullable(s map[string]any) map[string]any {
	if typ, ok := s["type"].(string); ok {
		s["type"] = []string{typ, "null"}
		return s
	}
	return map[string]any{"anyOf": []any{s, map[string]any{"type": "null"}}}
}

// object returns the schema of struct type t.
func (g *schemaGen) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	g.fields(t, props, &required)
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		s["required"] = required
	}
	if d := g.docs[defName(t)]; d != "" && t.Name() != "" {
		s["description"] = d
	}
	return s
}

// fields adds the members of struct t (and of its embedded structs) to props.
func (g *schemaGen) fields(t reflect.Type, props map[string]any, required *[]string) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			et := f.Type
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				g.fields(et, props, required)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		s := g.of(f.Type)
		if d := fieldDoc(g.docs[defName(t)+"."+f.Name], f.Name); d != "" {
			if _, ref := s["$ref"]; ref {
				s = map[string]any{"$ref": s["$ref"], "description": d}
			} else {
				s["description"] = d
			}
		}
		props[name] = s
		if !slices.Contains(strings.Split(opts, ","), "omitempty") {
			*required = append(*required, name)
		}
	}
}

// fieldDoc returns the doc comment of Go field name for JSON readers: "HorizonS is
// the horizon in seconds" reads "The horizon in seconds".
func fieldDoc(doc, name string) string {
	rest, ok := strings.CutPrefix(doc, name+" ")
	if !ok {
		return doc
	}
	for _, verb := range []string{"is ", "are "} {
		if r, ok := strings.CutPrefix(rest, verb); ok && r != "" {
			return strings.ToUpper(r[:1]) + r[1:]
		}
	}
	return doc
}

// loadDocs reads the doc comments of the types and fields of the packages in dirs.
func loadDocs(t *testing.T, dirs ...string) map[string]string {
	t.Helper()
	docs := map[string]string{}
	fset := token.NewFileSet()
	clean := func(cg *ast.CommentGroup) string {
		return strings.Join(strings.Fields(cg.Text()), " ")
	}
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, file, nil, parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			pkg := path.Base(dir)
			if dir == "." {
				pkg = "main"
			}
			for _, decl := range f.Decls {
				gd, ok := decl.(*ast.GenDecl)
				if !ok || gd.Tok != token.TYPE {
					continue
				}
				for _, spec := range gd.Specs {
					ts := spec.(*ast.TypeSpec)
					doc := ts.Doc
					if doc == nil && len(gd.Specs) == 1 {
						doc = gd.Doc
					}
					if doc != nil {
						docs[pkg+"."+ts.Name.Name] = clean(doc)
					}
					st, ok := ts.Type.(*ast.StructType)
					if !ok {
						continue
					}
					for _, fl := range st.Fields.List {
						cg := fl.Doc
						if cg == nil {
							cg = fl.Comment
						}
						if cg == nil {
							continue
						}
						for _, n := range fl.Names {
							docs[pkg+"."+ts.Name.Name+"."+n.Name] = clean(cg)
						}
					}
				}
			}
		}
	}
	return docs
}

// outputSchema is one file of docs/schema: the output it describes and how to
// build its root from the generator.
type outputSchema struct {
	file, title, about string
	root               func(g *schemaGen) map[string]any
}

// withProvenance returns the schema of the object v encodes to with the member
// "provenance" that writeJSONProv appends.
func withProvenance(g *schemaGen, v any) map[string]any {
	t := reflect.TypeOf(v)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	s := g.object(t)
	s["properties"].(map[string]any)["provenance"] = g.of(reflect.TypeFor[provenance.Info]())
	s["required"] = append(s["required"].([]string), "provenance")
	return s
}

// batchAll is the JSON of batch --all-scenarios.
type batchAll struct {
	Scenarios []*montecarlo.Report `json:"scenarios"`
}

func batchRoots(g *schemaGen) []any {
	return []any{withProvenance(g, &montecarlo.Report{}), withProvenance(g, batchAll{})}
}

// outputSchemas lists every JSON output of the command line.
var outputSchemas = []outputSchema{
	{"run.json", "cascade run --format json", "One deterministic run of a scenario (docs/cli.md, \"run\").",
		func(g *schemaGen) map[string]any { return withProvenance(g, &cascade.RunReport{}) }},
	{"explain.json", "cascade explain --format json", "Why one asset failed: its causal chain (docs/cli.md, \"explain\").",
		func(g *schemaGen) map[string]any { return withProvenance(g, &cascade.ExplainReport{}) }},
	{"batch.json", "cascade batch --format json", "Monte Carlo estimates of one scenario, or of every scenario with --all-scenarios (docs/batch.md).",
		func(g *schemaGen) map[string]any { return map[string]any{"anyOf": batchRoots(g)} }},
	{"rank.json", "cascade rank --format json", "The assets (or pairs) whose loss brings down the most (docs/batch.md, \"Ranking\").",
		func(g *schemaGen) map[string]any { return withProvenance(g, &rank.Result{}) }},
	{"merge.json", "cascade merge --format json", "The merged result of the parts of a sharded batch or rank: the unsharded command's output.",
		func(g *schemaGen) map[string]any {
			return map[string]any{"anyOf": append(batchRoots(g), withProvenance(g, &rank.Result{}))}
		}},
	{"validate.json", "cascade validate --format json", "The diagnostics of a model and, when it is valid, its summary (docs/cli.md, \"validate\").",
		func(g *schemaGen) map[string]any { return withProvenance(g, validateJSON{}) }},
	{"compare.json", "cascade compare --format json", "Variants (mitigations) against the baseline (docs/batch.md, \"Comparing variants\").",
		func(g *schemaGen) map[string]any { return withProvenance(g, &whatif.Comparison{}) }},
	{"coordinate.json", "cascade coordinate --format json", "The coordination report of a scenario, or with --suggest the channels ranked (docs/cli.md, \"coordinate\").",
		func(g *schemaGen) map[string]any {
			return map[string]any{"anyOf": []any{withProvenance(g, coord.Document{}), withProvenance(g, suggestReport{})}}
		}},
	{"sweep.json", "cascade sweep --format json", "One run per value of a variable (docs/batch.md, \"Sweeping a variable\").",
		func(g *schemaGen) map[string]any { return withProvenance(g, &whatif.Sweep{}) }},
	{"diff.json", "cascade diff --format json", "What changed between two run results, with their provenance (docs/batch.md, \"Comparing two runs\").",
		func(g *schemaGen) map[string]any {
			s := withProvenance(g, diffDocument{})
			props := s["properties"].(map[string]any)
			for _, k := range []string{"a_provenance", "b_provenance"} {
				props[k] = map[string]any{"type": []string{"object", "null"},
					"description": "The provenance of input " + k[:1] + " as it was, null when it has none."}
			}
			return s
		}},
	{"part.json", "cascade batch|rank --format part", "A part file of a sharded batch or rank, which cascade merge combines (docs/batch.md, \"Shards\"): " +
		"an exchange format between cascade's own commands, described for inspection; its tallies may change with their version.",
		func(g *schemaGen) map[string]any {
			s := g.object(reflect.TypeFor[shard.Part]())
			props := s["properties"].(map[string]any)
			props["batch"] = g.of(reflect.TypeFor[montecarlo.Part]())
			props["rank"] = g.of(reflect.TypeFor[rank.Part]())
			props["provenance"] = g.of(reflect.TypeFor[provenance.Info]())
			return s
		}},
	{"version.json", "cascade version --format json", "The build of cascade: the build part of every provenance.",
		func(g *schemaGen) map[string]any { return g.object(reflect.TypeFor[provenance.Build]()) }},
	{"geojson.json", "cascade run --format geojson", "An RFC 7946 FeatureCollection of a run (docs/cli.md, \"run --format geojson\"): " +
		"the properties cascade writes on top of RFC 7946; the geometry types and coordinates as RFC 7946 has them.",
		geoJSONRoot},
}

// geoJSONRoot is the schema of run --format geojson: the features' properties come
// from their Go types, the rest follows RFC 7946.
func geoJSONRoot(g *schemaGen) map[string]any {
	pos := map[string]any{"type": "array", "prefixItems": []any{
		map[string]any{"type": "number", "minimum": -180, "maximum": 180},
		map[string]any{"type": "number", "minimum": -90, "maximum": 90}}, "items": false, "minItems": 2}
	line := map[string]any{"type": "array", "items": pos, "minItems": 2}
	ring := map[string]any{"type": "array", "items": pos, "minItems": 4}
	geometry := func(typ string, coords any) map[string]any {
		return map[string]any{"type": "object", "additionalProperties": false, "required": []string{"type", "coordinates"},
			"properties": map[string]any{"type": map[string]any{"const": typ}, "coordinates": coords}}
	}
	feature := func(geom any, props reflect.Type, id bool) map[string]any {
		req := []string{"type", "geometry", "properties"}
		if id {
			req = append(req, "id")
		}
		return map[string]any{"type": "object", "additionalProperties": false, "required": req,
			"properties": map[string]any{"type": map[string]any{"const": "Feature"}, "id": map[string]any{"type": "string"},
				"geometry": geom, "properties": g.of(props)}}
	}
	s := withProvenance(g, struct {
		Type     string  `json:"type"`
		Scenario string  `json:"scenario"`
		HorizonS *int64  `json:"horizon_s"`
		Features []any   `json:"features"`
		BBox     []int64 `json:"bbox,omitempty"`
	}{})
	props := s["properties"].(map[string]any)
	delete(props, "bbox")
	props["type"] = map[string]any{"const": "FeatureCollection"}
	props["features"] = map[string]any{"type": "array", "items": map[string]any{"anyOf": []any{
		feature(geometry("Point", pos), reflect.TypeFor[geoPointProps](), true),
		feature(map[string]any{"anyOf": []any{geometry("LineString", line),
			geometry("MultiLineString", map[string]any{"type": "array", "items": line, "minItems": 1})}},
			reflect.TypeFor[geoLineProps](), false),
		feature(geometry("Polygon", map[string]any{"type": "array", "items": ring, "minItems": 1}),
			reflect.TypeFor[geoFootprintProps](), true),
	}}}
	return s
}

// generateSchema returns the file of o.
func generateSchema(t *testing.T, o outputSchema, docs map[string]string) []byte {
	t.Helper()
	g := &schemaGen{defs: map[string]any{}, docs: docs}
	root := o.root(g)
	doc := map[string]any{
		"$schema":     "https://json-schema.org/draft/2020-12/schema",
		"title":       o.title,
		"description": o.about + " Generated from the Go types by `go test ./cmd/cascade -run TestSchemasUpToDate -update`.",
	}
	for k, v := range root {
		if k != "description" {
			doc[k] = v
		}
	}
	if len(g.defs) > 0 {
		doc["$defs"] = g.defs
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

// schemaDocs reads the doc comments of the packages whose types the outputs encode.
func schemaDocs(t *testing.T) map[string]string {
	return loadDocs(t, ".", "../../cascade", "../../cascade/montecarlo", "../../cascade/rank", "../../cascade/shard", "../../coord", "../../whatif", "../../provenance")
}

// TestSchemasUpToDate checks that docs/schema holds the schemas of the current types.
func TestSchemasUpToDate(t *testing.T) {
	docs := schemaDocs(t)
	for _, o := range outputSchemas {
		got := generateSchema(t, o, docs)
		p := filepath.Join(schemaDir, o.file)
		if *update {
			if err := os.MkdirAll(schemaDir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("%v (run with -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is not the schema of the current types: run go test ./cmd/cascade -run TestSchemasUpToDate -update", p)
		}
	}
}

// compileSchema compiles the named file under docs/schema, which must be a valid draft 2020-12
// schema.
func compileSchema(t *testing.T, file string) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	s, err := c.Compile(filepath.Join(schemaDir, file))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return s
}

// validateOutput checks out against s.
func validateOutput(s *jsonschema.Schema, out string) error {
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		return err
	}
	return s.Validate(inst)
}

// schemaCase is one real output and the schema it must satisfy.
type schemaCase struct {
	schema string
	args   []string
}

// schemaCases runs the commands whose JSON the schemas describe on the examples and
// on the test models that reach restoration, alerts and variables, and returns the
// cases; files they need (run results for diff, parts for merge) go to dir.
func schemaCases(t *testing.T, dir string) []schemaCase {
	t.Helper()
	const (
		quick = "../../examples/quickstart"
		tokyo = "../../examples/tokyo-2020"
		usjp  = "../../examples/us-japan"
	)
	must := func(args ...string) {
		t.Helper()
		if _, errOut, code := cli(t, nil, args...); code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
	}
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	must("run", tokyo, "-s", "blackout", "-f", "json", "-o", a)
	must("run", tokyo, "-s", "blackout", "--mitigation", "black_start_hydro", "-f", "json", "-o", b)
	var batchParts, rankParts []string
	for i := range 2 {
		p := filepath.Join(dir, fmt.Sprintf("batch-%d.json", i))
		must("batch", quick, "-q", "-n", "300", "--chunk-size", "100", "--shard", fmt.Sprintf("%d/2", i), "-o", p)
		batchParts = append(batchParts, p)
		r := filepath.Join(dir, fmt.Sprintf("rank-%d.json", i))
		must("rank", quick, "-q", "--shard", fmt.Sprintf("%d/2", i), "-o", r)
		rankParts = append(rankParts, r)
	}
	restoration := writeTestModel(t, restorationSchemaModel)
	cases := []schemaCase{
		{"version.json", []string{"version", "-f", "json"}},
		{"validate.json", []string{"validate", tokyo, "-f", "json"}},
		{"validate.json", []string{"validate", writeTestModel(t, "asset \"a\" {}\n"), "-f", "json"}},
		{"diff.json", []string{"diff", "-f", "json", a, b}},
		{"diff.json", []string{"diff", "-f", "json", a, a}},
		{"part.json", []string{"batch", quick, "-q", "-n", "300", "--all-scenarios", "--shard", "1/2"}},
		{"part.json", []string{"rank", quick, "-q", "--shard", "0/2", "--k", "2"}},
		{"merge.json", append([]string{"merge", "-f", "json"}, batchParts...)},
		{"merge.json", append([]string{"merge", "-f", "json"}, rankParts...)},
		{"rank.json", []string{"rank", quick, "-f", "json", "-q"}},
		{"rank.json", []string{"rank", usjp, "-f", "json", "-q", "--k", "2", "--top", "3", "--prune"}},
		{"compare.json", []string{"compare", tokyo, "-s", "blackout", "--mitigation", "black_start_hydro", "--mitigation", "hospital_fuel+koto_tie", "-f", "json"}},
		{"compare.json", []string{"compare", tokyo, "-s", "blackout", "--mitigation", "black_start_hydro", "-f", "json", "-n", "40"}},
		{"sweep.json", []string{"sweep", sweepModel, "--var", "fuel=0s,2d", "-f", "json"}},
		{"sweep.json", []string{"sweep", sweepModel, "--var", "feeder_risk=0,1", "-f", "json", "-n", "30"}},
		{"coordinate.json", []string{"coordinate", coordAlerts, "-f", "json", "--suggest", "2", "-n", "20"}},
		{"coordinate.json", []string{"coordinate", coordAlerts, "-f", "json", "--add-channel", "gsoc,nccic,1h", "-n", "20"}},
		{"batch.json", []string{"batch", restoration, "-f", "json", "-q", "-n", "50"}},
		{"run.json", []string{"run", restoration, "-f", "json"}},
		{"geojson.json", []string{"run", restoration, "-f", "geojson"}},
	}
	for _, m := range []string{quick, tokyo, usjp, coordAlerts} {
		cases = append(cases,
			schemaCase{"batch.json", []string{"batch", m, "-f", "json", "-q", "-n", "60", "--all-scenarios"}},
			schemaCase{"coordinate.json", []string{"coordinate", m, "-f", "json", "-s", scenariosOf(t, m)[0]}})
		for _, sc := range scenariosOf(t, m) {
			cases = append(cases,
				schemaCase{"run.json", []string{"run", m, "-s", sc, "-f", "json"}},
				schemaCase{"geojson.json", []string{"run", m, "-s", sc, "-f", "geojson"}},
				schemaCase{"batch.json", []string{"batch", m, "-s", sc, "-f", "json", "-q", "-n", "60", "--horizon", "2d"}})
		}
	}
	for _, asset := range []string{"hospital", "pumping", "gas_plant"} {
		cases = append(cases, schemaCase{"explain.json", []string{"explain", quick, asset, "-f", "json"}})
	}
	return cases
}

// scenariosOf lists the scenarios of the model at path.
func scenariosOf(t *testing.T, path string) []string {
	t.Helper()
	m, diags := model.NewParser().Load(path, model.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var names []string
	for _, sc := range m.Scenarios {
		names = append(names, sc.Name)
	}
	return names
}

// restorationSchemaModel has locations, restoration with a black-start deadlock
// broken by a generator, a footprint and an uncertain dependency.
const restorationSchemaModel = `
sector "energy" {}
sector "gas" {}
organization "utility" {
  crews = 1
}
asset "plant" {
  sector   = sector.energy
  operator = organization.utility
  repair   = "2h"
  location = { lat = 35.6, lon = 139.7 }
  needs "fuel" {
    requires   = "any"
    depends_on = [asset.compressor, asset.black_start_unit]
  }
}
asset "compressor" {
  sector   = sector.gas
  location = { lat = 35.7, lon = 139.8 }
  dependency {
    on          = asset.plant
    probability = 0.5
  }
}
asset "black_start_unit" {
  sector   = sector.energy
  location = { lat = 35.5, lon = -179.9 }
}
asset "unlocated" {
  sector     = sector.gas
  depends_on = [asset.compressor]
}
scenario "blackout" {
  horizon = "2d"
  event "trip" {
    targets = [asset.plant]
  }
  event "quake" {
    at = "1h"
    select {
      within = { lat = 35.6, lon = 139.7, radius_km = 20 }
    }
  }
}
`

// TestSchemasAcceptOutputs validates real outputs of every JSON-writing command, on
// the examples and test models, against their schemas in docs/schema.
func TestSchemasAcceptOutputs(t *testing.T) {
	schemas := map[string]*jsonschema.Schema{}
	for _, o := range outputSchemas {
		schemas[o.file] = compileSchema(t, o.file)
	}
	seen := map[string]bool{}
	for _, c := range schemaCases(t, t.TempDir()) {
		out, errOut, code := cli(t, nil, c.args...)
		if code != exitOK && code != exitChanged && code != exitInvalid {
			t.Fatalf("%v: exit %d: %s", c.args, code, errOut)
		}
		if err := validateOutput(schemas[c.schema], out); err != nil {
			t.Errorf("%v: not valid against %s: %v\n%.2000s", c.args, c.schema, err, out)
		}
		seen[c.schema] = true
	}
	for _, o := range outputSchemas {
		if !seen[o.file] {
			t.Errorf("no output checked against %s", o.file)
		}
	}
}

// TestSchemasRejectMutations checks that the schemas are strict enough to fail: a
// real output with a member added, removed or of another type is refused.
func TestSchemasRejectMutations(t *testing.T) {
	const quick = "../../examples/quickstart"
	type mutation struct {
		name string
		f    func(doc map[string]any)
	}
	first := func(doc map[string]any, key string) map[string]any {
		return doc[key].([]any)[0].(map[string]any)
	}
	for _, c := range []struct {
		schema    string
		args      []string
		mutations []mutation
	}{
		{"run.json", []string{"run", quick, "-f", "json"}, []mutation{
			{"unknown top-level member", func(d map[string]any) { d["extra"] = 1 }},
			{"unknown member in a failure", func(d map[string]any) { first(d, "failures")["colour"] = "red" }},
			{"a time as a string", func(d map[string]any) { first(d, "failures")["at_s"] = "0" }},
			{"no provenance", func(d map[string]any) { delete(d, "provenance") }},
			{"no model hash", func(d map[string]any) { delete(d["provenance"].(map[string]any), "model_hash") }},
			{"a count as a fraction", func(d map[string]any) { d["summary"].(map[string]any)["failed_assets"] = 1.5 }},
		}},
		{"batch.json", []string{"batch", quick, "-f", "json", "-q", "-n", "20"}, []mutation{
			{"p_fail as a string", func(d map[string]any) { first(d, "assets")["p_fail"] = "0.5" }},
			{"no assets", func(d map[string]any) { delete(d, "assets") }},
			{"negative seed", func(d map[string]any) { d["seed"] = -1 }},
		}},
		{"geojson.json", []string{"run", quick, "-f", "geojson"}, []mutation{
			{"latitude out of range", func(d map[string]any) {
				first(d, "features")["geometry"].(map[string]any)["coordinates"] = []any{139.7, 135.6}
			}},
			{"unknown property", func(d map[string]any) { first(d, "features")["properties"].(map[string]any)["x"] = 1 }},
			{"not a FeatureCollection", func(d map[string]any) { d["type"] = "Feature" }},
		}},
		{"version.json", []string{"version", "-f", "json"}, []mutation{
			{"no version", func(d map[string]any) { delete(d, "version") }},
		}},
	} {
		s := compileSchema(t, c.schema)
		out, errOut, code := cli(t, nil, c.args...)
		if code != exitOK {
			t.Fatalf("%v: %s", c.args, errOut)
		}
		if err := validateOutput(s, out); err != nil {
			t.Fatalf("%v: the output itself fails %s: %v", c.args, c.schema, err)
		}
		for _, m := range c.mutations {
			var doc map[string]any
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatal(err)
			}
			m.f(doc)
			b, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			if validateOutput(s, string(b)) == nil {
				t.Errorf("%s: %s: the mutated output passes", c.schema, m.name)
			}
		}
	}
}
