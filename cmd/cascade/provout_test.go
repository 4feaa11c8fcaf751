package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/cascade-infra/cascade/model"
)

// buildMembers matches the members of a provenance that describe the build, which
// differ from one build of the tests to the next.
var buildMembers = regexp.MustCompile(`"version":"[^"]*"(,"revision":"[^"]*")?(,"revision_time":"[^"]*")?(,"modified":true)?(,"go_version":"[^"]*")?`)

// stableBuild replaces the build in every provenance of out by "version":"(build)",
// so that golden files pin the rest of the provenance (model hash, scenario, vars,
// seed, options).
func stableBuild(out string) string {
	return buildMembers.ReplaceAllString(out, `"version":"(build)"`)
}

// TestProvenanceEverywhere checks the provenance of every JSON output this command
// line writes: the model's hash, the scenario, the --var values, the seed and trials
// of a batch, the options that change the result, and the build, which
// `cascade version --format json` prints alone. A merge of the parts of a sharded
// batch carries the same provenance as the unsharded batch, byte for byte.
func TestProvenanceEverywhere(t *testing.T) {
	m, diags := model.NewParser().Load(quickstart, model.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	hash := m.Hash()
	type prov struct {
		Version   string            `json:"version"`
		GoVersion string            `json:"go_version"`
		ModelHash string            `json:"model_hash"`
		Scenario  string            `json:"scenario"`
		Vars      map[string]string `json:"vars"`
		Seed      *uint64           `json:"seed"`
		Trials    int64             `json:"trials"`
		Options   map[string]string `json:"options"`
	}
	get := func(t *testing.T, args ...string) (prov, string) {
		t.Helper()
		out, errOut, code := cli(t, nil, args...)
		if code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		var doc struct {
			Provenance *prov `json:"provenance"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
		if doc.Provenance == nil {
			t.Fatalf("%v: no provenance:\n%s", args, out)
		}
		p := *doc.Provenance
		if p.Version == "" || p.GoVersion == "" || p.Vars == nil {
			t.Errorf("%v: build %+v", args, p)
		}
		return p, out
	}
	tests := []struct {
		args     []string
		scenario string
		trials   int64
		options  map[string]string
	}{
		{[]string{"run", quickstart, "-f", "json"}, "flood", 0, nil},
		{[]string{"run", quickstart, "-f", "json", "--horizon", "1d"}, "flood", 0, map[string]string{"horizon": "86400s"}},
		{[]string{"run", quickstart, "-f", "geojson"}, "flood", 0, nil},
		{[]string{"explain", quickstart, "hospital", "-f", "json"}, "flood", 0, nil},
		{[]string{"rank", quickstart, "-f", "json", "-q"}, "", 0, map[string]string{"k": "1"}},
		{[]string{"batch", quickstart, "-f", "json", "-q", "-n", "50", "--seed", "9"}, "flood", 50, nil},
		{[]string{"batch", quickstart, "-f", "json", "-q", "-n", "50", "--all-scenarios"}, "", 50, map[string]string{"all-scenarios": "true"}},
		{[]string{"validate", quickstart, "-f", "json"}, "", 0, nil},
	}
	for _, tt := range tests {
		p, _ := get(t, tt.args...)
		if p.ModelHash != hash || p.Scenario != tt.scenario || p.Trials != tt.trials || (tt.trials > 0) != (p.Seed != nil) ||
			fmt.Sprint(p.Options) != fmt.Sprint(tt.options) {
			t.Errorf("%v: provenance %+v, want model %s, scenario %q, %d trials, options %v", tt.args, p, hash, tt.scenario, tt.trials, tt.options)
		}
	}
	// --var values are recorded, and the hash is of the model they made.
	dir := t.TempDir()
	src := "variable \"fuel\" {\n  type    = string\n  default = \"1h\"\n}\nsector \"s\" {}\nasset \"a\" { sector = sector.s }\n" +
		"asset \"b\" {\n  sector     = sector.s\n  backup     = var.fuel\n  depends_on = [asset.a]\n}\n" +
		"scenario \"x\" {\n  event \"e\" { targets = [asset.a] }\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "m.hcl"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	p1, _ := get(t, "run", dir, "-f", "json", "--var", "fuel=2h")
	p2, _ := get(t, "run", dir, "-f", "json")
	if p1.Vars["fuel"] != "2h" || len(p2.Vars) != 0 || p1.ModelHash == p2.ModelHash {
		t.Errorf("--var: %+v and without %+v", p1, p2)
	}

	// version --format json prints the build, and the text names it.
	out, _, code := cli(t, nil, "version", "--format", "json")
	var b prov
	if err := json.Unmarshal([]byte(out), &b); code != exitOK || err != nil || b.Version == "" || b.GoVersion != runtime.Version() {
		t.Errorf("version --format json: exit %d, %v, %s", code, err, out)
	}
	text, _, _ := cli(t, nil, "version")
	if !strings.HasPrefix(text, "cascade "+b.Version) || !strings.Contains(text, runtime.Version()) {
		t.Errorf("version: %q", text)
	}

	// merge writes the unsharded batch's bytes, provenance included.
	var parts []string
	for i := range 2 {
		path := filepath.Join(t.TempDir(), fmt.Sprintf("p%d.json", i))
		if _, errOut, code := cli(t, nil, "batch", quickstart, "-q", "-n", "600", "--chunk-size", "100", "--seed", "3",
			"--shard", fmt.Sprintf("%d/2", i), "-o", path); code != exitOK {
			t.Fatalf("shard %d: exit %d: %s", i, code, errOut)
		}
		parts = append(parts, path)
	}
	unsharded, errOut, code := cli(t, nil, "batch", quickstart, "-f", "json", "-q", "-n", "600", "--chunk-size", "100", "--seed", "3")
	if code != exitOK {
		t.Fatalf("batch: exit %d: %s", code, errOut)
	}
	merged, errOut, code := cli(t, nil, append([]string{"merge", "-f", "json"}, parts...)...)
	if code != exitOK {
		t.Fatalf("merge: exit %d: %s", code, errOut)
	}
	if merged != unsharded || !strings.Contains(merged, `"provenance"`) {
		t.Errorf("merge differs from the unsharded batch:\n%s\nwant\n%s", merged, unsharded)
	}
	// The batch CSV carries the seed.
	csvOut, _, _ := cli(t, nil, "batch", quickstart, "-f", "csv", "-q", "-n", "20", "--seed", "12")
	rows, err := csv.NewReader(strings.NewReader(csvOut)).ReadAll()
	if err != nil || rows[0][len(rows[0])-1] != "seed" || rows[1][len(rows[1])-1] != "12" {
		t.Errorf("batch CSV: %v %v", err, rows[:2])
	}
}

// TestProvenanceWhatIf checks the provenance of compare, coordinate and sweep (the
// model's hash, scenario, variables, trials and options), and that diff carries the
// provenance of both its inputs next to its own.
func TestProvenanceWhatIf(t *testing.T) {
	jp := writeTestModel(t, japaneseModel)
	hashOf := func(path string, opts model.Options) string {
		t.Helper()
		m, diags := model.NewParser().Load(path, opts)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		return m.Hash()
	}
	type prov struct {
		Version     string            `json:"version"`
		ModelHash   string            `json:"model_hash"`
		Scenario    string            `json:"scenario"`
		Vars        map[string]string `json:"vars"`
		Mitigations []string          `json:"mitigations"`
		Seed        *uint64           `json:"seed"`
		Trials      int64             `json:"trials"`
		Options     map[string]string `json:"options"`
	}
	get := func(args ...string) (doc struct {
		Provenance *prov `json:"provenance"`
		A          *prov `json:"a_provenance"`
		B          *prov `json:"b_provenance"`
	}) {
		t.Helper()
		out, errOut, code := cli(t, nil, args...)
		if code != exitOK && code != exitChanged {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil || doc.Provenance == nil || doc.Provenance.Version == "" {
			t.Fatalf("%v: %v, provenance %+v:\n%s", args, err, doc.Provenance, out)
		}
		return doc
	}
	base := hashOf(jp, model.Options{})
	seven := uint64(7)
	for _, c := range []struct {
		args []string
		want prov
	}{
		{[]string{"compare", jp, "--mitigation", "予備電源", "-f", "json", "-n", "20", "--seed", "7", "--horizon", "2d"},
			prov{ModelHash: base, Scenario: "地震", Trials: 20, Seed: &seven, Options: map[string]string{"mitigation": "予備電源", "horizon": "172800s"}}},
		{[]string{"coordinate", jp, "-f", "json"}, prov{ModelHash: base, Scenario: "地震"}},
		{[]string{"coordinate", jp, "-f", "json", "--suggest", "1"}, prov{ModelHash: base, Scenario: "地震", Options: map[string]string{"suggest": "1"}}},
		{[]string{"coordinate", jp, "-f", "json", "--mitigation", "予備電源", "--add-channel", "東京電力,水道局,1h", "-n", "10", "--seed", "7"},
			prov{ModelHash: hashOf(jp, model.Options{Mitigations: []string{"予備電源"}}), Scenario: "地震", Mitigations: []string{"予備電源"},
				Trials: 10, Seed: &seven, Options: map[string]string{"add-channel": "東京電力,水道局,1h"}}},
		{[]string{"sweep", sweepModel, "--var", "fuel=12h,2d", "-f", "json"},
			prov{ModelHash: hashOf(sweepModel, model.Options{Vars: map[string]string{"fuel": "12h"}}), Scenario: "storm", Vars: map[string]string{"fuel": "12h,2d"}}},
	} {
		got := *get(c.args...).Provenance
		got.Version = ""
		gotSeed, wantSeed := got.Seed, c.want.Seed
		got.Seed, c.want.Seed = nil, nil
		if c.want.Vars == nil {
			c.want.Vars = map[string]string{} // provenance writes "vars": {}
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) || (gotSeed == nil) != (wantSeed == nil) || gotSeed != nil && *gotSeed != *wantSeed {
			t.Errorf("%v:\nprovenance %+v\nwant       %+v", c.args, got, c.want)
		}
	}

	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	for _, args := range [][]string{{"run", jp, "-f", "json", "-o", a}, {"run", jp, "-f", "json", "--mitigation", "予備電源", "-o", b}} {
		if _, errOut, code := cli(t, nil, args...); code != exitOK {
			t.Fatalf("%v: %s", args, errOut)
		}
	}
	d := get("diff", "-f", "json", a, b)
	if d.A == nil || d.B == nil || d.A.ModelHash != base || d.B.ModelHash != hashOf(jp, model.Options{Mitigations: []string{"予備電源"}}) ||
		fmt.Sprint(d.B.Mitigations) != "[予備電源]" || d.Provenance.ModelHash != "" {
		t.Errorf("diff: provenance %+v, a %+v, b %+v", d.Provenance, d.A, d.B)
	}
	// An input without provenance gives null.
	src, _ := os.ReadFile(a)
	i := strings.LastIndex(string(src), `,
  "provenance"`)
	if i < 0 {
		t.Fatal("run JSON has no provenance member")
	}
	if err := os.WriteFile(a, append(src[:i:i], "\n}\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if d := get("diff", "-f", "json", a, b); d.A != nil || d.B == nil {
		t.Errorf("diff of an input without provenance: a %+v, b %+v", d.A, d.B)
	}
}
