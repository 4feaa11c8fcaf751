package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cascade-infra/cascade/graphml"
)

// exampleImportArgs are the flags of examples/graphml/README.md.
var exampleImportArgs = []string{"--sector", "infrastructure", "--operator", "owner",
	"--delay", "buffer_hours", "--delay-unit", "hours", "--kind", "type",
	"--kind-map", "power=physical,telecom=physical,water=physical,steam=physical,control=cyber,data=cyber,staff=logical"}

// TestImportGraphMLExample imports the example as its README says, checks the
// report of unmapped attributes and merged edges, and runs the README's scenario:
// the README holds the run's output.
func TestImportGraphMLExample(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "downtown")
	args := append([]string{"import", "graphml", "../../examples/graphml/downtown.graphml", "--out", dir}, exampleImportArgs...)
	out, errOut, code := cli(t, nil, args...)
	if code != exitOK || out != "" {
		t.Fatalf("import: exit %d, stdout %q\n%s", code, out, errOut)
	}
	for _, want := range []string{
		`node attribute "capacity_mw" not mapped: on 5 nodes (kept as column _capacity_mw)`,
		`graph attribute "name" not mapped: on 1 graph (not kept)`,
		"1 parallel edge merged into another",
		"wrote " + dir + ": 20 assets in 7 sectors, 37 dependencies",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	assets, err := os.ReadFile(filepath.Join(dir, graphml.FileAssets))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(assets), "exchange_dc,finance,Stock exchange data centre,exchange_ops,,,40.7065,-74.0105,,,,,,,,,exchange_dc,30\n") {
		t.Errorf("assets.csv lacks the data centre with its capacity:\n%s", assets)
	}
	scen, err := os.ReadFile("../../examples/graphml/scenario/east_substation.hcl")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "scenario.hcl"), scen, 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = cli(t, nil, "run", dir)
	if code != exitOK {
		t.Fatalf("run: exit %d\n%s", code, errOut)
	}
	readme, err := os.ReadFile("../../examples/graphml/README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "```\n"+out+"```\n") {
		t.Errorf("examples/graphml/README.md does not hold the run's output; paste it again:\n%s", out)
	}
}

// TestImportGraphMLOutDir checks that a folder that is not empty is refused without
// --force and written with it.
func TestImportGraphMLOutDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	args := append([]string{"import", "graphml", "../../examples/graphml/downtown.graphml", "--out", dir}, exampleImportArgs...)
	_, errOut, code := cli(t, nil, args...)
	if code != exitInvalid || !strings.Contains(errOut, "is not empty") {
		t.Fatalf("into a folder that is not empty: exit %d\n%s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, graphml.FileHCL)); err == nil {
		t.Fatal("refused, but model.hcl was written")
	}
	_, errOut, code = cli(t, nil, append(args, "--force")...)
	if code != exitOK {
		t.Fatalf("--force: exit %d\n%s", code, errOut)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "notes.txt")); err != nil || string(b) != "mine" {
		t.Errorf("--force touched another file: %q, %v", b, err)
	}
}

// TestImportExportUsage checks the usage errors (exit 2) and bad files (exit 1) of
// import and export.
func TestImportExportUsage(t *testing.T) {
	hostile := filepath.Join(t.TempDir(), "lol.graphml")
	if err := os.WriteFile(hostile, []byte("<?xml version=\"1.0\"?>\n<!DOCTYPE l [<!ENTITY l \"lol\">]>\n<graphml/>"), 0o644); err != nil {
		t.Fatal(err)
	}
	kinds := filepath.Join(t.TempDir(), "kinds.graphml")
	if err := os.WriteFile(kinds, []byte(`<graphml><key id="t" for="edge" attr.name="kind"/><graph>
<node id="a"/><node id="b"/>
<edge source="a" target="b"><data key="t">power</data></edge></graph></graphml>`), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "m")
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"import"}, exitUsage, "want one FILE"},
		{[]string{"import", "csv", "x.csv"}, exitUsage, `unknown format "csv"`},
		{[]string{"import", "--out", "d", "graphml", "f"}, exitUsage, "name the format first"},
		{[]string{"import", "graphml", "f.graphml"}, exitUsage, "--out DIR is required"},
		{[]string{"import", "graphml", "f.graphml", "--out", "d", "--merge", "sum"}, exitUsage, `--merge "sum"`},
		{[]string{"import", "graphml", "f.graphml", "--out", "d", "--keep", "power"}, exitUsage, "--keep needs --edge-type"},
		{[]string{"import", "graphml", "f.graphml", "--out", "d", "--delay-unit", "fortnights"}, exitUsage, `--delay-unit "fortnights"`},
		{[]string{"import", "graphml", "f.graphml", "--out", "d", "--time-unit", "years"}, exitUsage, `--time-unit "years"`},
		{[]string{"import", "graphml", "no-such.graphml", "--out", out}, exitInvalid, "no such file"},
		{[]string{"import", "graphml", hostile, "--out", out}, exitInvalid, "line 2: a DOCTYPE is refused"},
		{[]string{"import", "graphml", kinds, "--out", out}, exitInvalid, `line 3: <edge id="a->b">: attribute "kind": "power" is not physical, cyber, geographic or logical; map it with --kind-map power=KIND`},
		{[]string{"export", "csv"}, exitUsage, `unknown format "csv"`},
		{[]string{"export", "graphml", "a", "b"}, exitUsage, "want at most one MODEL"},
		{[]string{"export", "graphml", "../../examples/quickstart", "--horizon", "1h"}, exitUsage, "--horizon needs --scenario"},
		{[]string{"export", "graphml", "../../examples/quickstart", "--scenario", "nope"}, exitInvalid, "nope"},
	}
	for _, tc := range tests {
		_, errOut, code := cli(t, nil, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("cascade %s: exit %d, want %d with %q:\n%s", strings.Join(tc.args, " "), code, tc.code, tc.want, errOut)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a failed import created %s", out)
	}
}

// TestExportGraphMLScenario exports the quickstart with a run: failed assets carry
// their failure times, others none; importing the file back reports the run's
// attributes as unmapped and keeps them.
func TestExportGraphMLScenario(t *testing.T) {
	file := filepath.Join(t.TempDir(), "q.graphml")
	_, errOut, code := cli(t, nil, "export", "graphml", "../../examples/quickstart", "--scenario", "flood", "-o", file)
	if code != exitOK {
		t.Fatalf("export: exit %d\n%s", code, errOut)
	}
	runOut, _, code := cli(t, nil, "run", "../../examples/quickstart", "--format", "csv")
	if code != exitOK {
		t.Fatal("run failed")
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := graphml.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	failed := 0
	for i := range g.Nodes {
		n := &g.Nodes[i]
		v, ok := g.NodeValue(n, graphml.AttrFailed)
		// The run's CSV has one row per failed asset: "asset,...,at_s".
		inRun := strings.Contains(runOut, "\n"+n.ID+",")
		if ok != inRun {
			t.Errorf("node %s: failed_s %q (%v), but in the run: %v", n.ID, v, ok, inRun)
		}
		if ok {
			failed++
		}
	}
	if failed == 0 {
		t.Fatal("no node has failed_s")
	}
	if sc, ok := g.GraphValue(graphml.AttrScenario); !ok || sc != "flood" {
		t.Errorf("the graph's scenario is %q, want flood", sc)
	}
	// The provenance is the run's, as in run --format json.
	jsonOut, _, code := cli(t, nil, "run", "../../examples/quickstart", "--format", "json")
	if code != exitOK {
		t.Fatal("run --format json failed")
	}
	var runDoc, prov struct {
		Provenance struct {
			ModelHash string `json:"model_hash"`
			Scenario  string `json:"scenario"`
		} `json:"provenance"`
		ModelHash string `json:"model_hash"`
		Scenario  string `json:"scenario"`
	}
	pv, ok := g.GraphValue(graphml.AttrProvenance)
	if err := json.Unmarshal([]byte(jsonOut), &runDoc); err != nil || !ok || json.Unmarshal([]byte(pv), &prov) != nil {
		t.Fatalf("provenance %q (%v), run JSON error %v", pv, ok, err)
	}
	if prov.ModelHash == "" || prov.ModelHash != runDoc.Provenance.ModelHash || prov.Scenario != "flood" {
		t.Errorf("GraphML provenance %+v, run's %+v", prov, runDoc.Provenance)
	}
	dir := filepath.Join(t.TempDir(), "m")
	_, errOut, code = cli(t, nil, "import", "graphml", file, "--out", dir)
	if code != exitOK {
		t.Fatalf("import: exit %d\n%s", code, errOut)
	}
	for _, want := range []string{`node attribute "failed_s" not mapped: on ` + strconv.Itoa(failed) + " nodes", `graph attribute "scenario" not mapped`} {
		if !strings.Contains(errOut, want) {
			t.Errorf("import stderr lacks %q:\n%s", want, errOut)
		}
	}
}
