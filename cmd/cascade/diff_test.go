package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestDiffGolden pins diff's text and JSON on two hand-made run results that differ
// in every way diff reports (testdata/diff, rewritten with -update), and its exit
// statuses: 3 when they differ, 0 for a result against itself.
func TestDiffGolden(t *testing.T) {
	a, b := filepath.Join("testdata", "diff", "a.json"), filepath.Join("testdata", "diff", "b.json")
	for _, c := range []struct {
		golden string
		args   []string
		code   int
	}{
		{"ab.txt", []string{"diff", a, b}, exitChanged},
		{"ab.json", []string{"diff", a, b, "--format", "json"}, exitChanged},
		{"ba.txt", []string{"diff", b, a}, exitChanged},
		{"aa.txt", []string{"diff", a, a}, exitOK},
	} {
		t.Run(c.golden, func(t *testing.T) {
			out, errOut, code := cli(t, nil, c.args...)
			out = stableBuild(out)
			if code != c.code || errOut != "" {
				t.Fatalf("exit %d (want %d), stderr %q", code, c.code, errOut)
			}
			path := filepath.Join("testdata", "diff", c.golden)
			if *update {
				if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if out != string(want) {
				t.Errorf("output differs from %s (-update):\n%s", path, out)
			}
		})
	}
}

// TestDiffErrors checks that what is not a run result is refused with exit status 1
// and a message naming the file, and the usage errors.
func TestDiffErrors(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join("testdata", "diff", "a.json")
	for _, c := range []struct{ name, src, want string }{
		{"empty.json", "", "not a run result"},
		{"array.json", "[1, 2]", "not a run result"},
		{"batch.json", `{"scenario": "s", "trials": 10, "assets": []}`, `no "failures"`},
		{"syntax.json", "{\n\"scenario\": \"s\",\n\"failures\": [,]}", "line 3"},
		{"twice.json", `{"scenario": "s", "failures": [{"asset": "x", "at_s": 0}, {"asset": "x", "at_s": 5}], "sectors": []}`, `lists "x" twice`},
		{"noname.json", `{"scenario": "s", "failures": [], "sectors": [{"failed_at_s": 0}]}`, "sectors[0] has no name"},
		{"types.json", `{"scenario": "s", "failures": [{"asset": "x", "at_s": "soon"}], "sectors": []}`, "not a run result"},
		{"trailing.json", `{"scenario": "s", "failures": [], "sectors": []} {}`, "not a run result"},
	} {
		path := filepath.Join(dir, c.name)
		if err := os.WriteFile(path, []byte(c.src), 0o644); err != nil {
			t.Fatal(err)
		}
		_, errOut, code := cli(t, nil, "diff", good, path)
		if code != exitInvalid || !strings.Contains(errOut, path) || !strings.Contains(errOut, c.want) {
			t.Errorf("%s: exit %d, stderr %q; want 1 and %q", c.name, code, errOut, c.want)
		}
	}
	if _, errOut, code := cli(t, nil, "diff", good, dir); code != exitInvalid || !strings.Contains(errOut, "directory") {
		t.Errorf("a folder: exit %d, %q", code, errOut)
	}
	for _, args := range [][]string{{"diff", good}, {"diff", good, good, good}, {"diff", good, good, "--format", "csv"}} {
		if _, _, code := cli(t, nil, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// TestDiffAgreesWithCompare diffs the run of tokyo-2020's quake with and without the
// Koto tie: the assets that fail only without it are exactly those compare says it
// saves, and those only with it the ones compare says fail only with it.
func TestDiffAgreesWithCompare(t *testing.T) {
	const ex = "../../examples/tokyo-2020"
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	for _, r := range []struct {
		path string
		args []string
	}{{a, nil}, {b, []string{"--mitigation", "koto_tie"}}} {
		args := append([]string{"run", ex, "--scenario", "quake", "--format", "json", "--no-cache", "-o", r.path}, r.args...)
		if _, errOut, code := cli(t, nil, args...); code != exitOK {
			t.Fatalf("%v: exit %d\n%s", args, code, errOut)
		}
	}
	out, errOut, code := cli(t, nil, "diff", a, b, "--format", "json")
	if code != exitChanged {
		t.Fatalf("diff: exit %d\n%s", code, errOut)
	}
	var d struct {
		OnlyA []struct{ Asset string } `json:"failed_only_in_a"`
		OnlyB []struct{ Asset string } `json:"failed_only_in_b"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	out, _, code = cli(t, nil, "compare", ex, "--scenario", "quake", "--mitigation", "koto_tie", "--format", "json", "--no-cache")
	if code != exitOK {
		t.Fatalf("compare: exit %d", code)
	}
	var c struct {
		Variants []struct {
			Saved      []string `json:"saved"`
			FailedOnly []string `json:"failed_only"`
		} `json:"variants"`
	}
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatal(err)
	}
	names := func(l []struct{ Asset string }) []string {
		var out []string
		for _, x := range l {
			out = append(out, x.Asset)
		}
		slices.Sort(out)
		return out
	}
	saved, only := slices.Sorted(slices.Values(c.Variants[0].Saved)), slices.Sorted(slices.Values(c.Variants[0].FailedOnly))
	if got := names(d.OnlyA); len(got) == 0 || !slices.Equal(got, saved) {
		t.Errorf("fail only without the tie %v, compare saves %v", got, saved)
	}
	if got := names(d.OnlyB); !slices.Equal(got, only) && !(len(got) == 0 && len(only) == 0) {
		t.Errorf("fail only with the tie %v, compare says %v", got, only)
	}
}
