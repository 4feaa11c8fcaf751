package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// coordAlerts is the fixture of the coordinate tests with alerts (see its comments):
// adding gsoc,nccic,1h saves the cloud, the shop and the bank's application.
const coordAlerts = "testdata/coordinate"

// TestCoordinateChannels pins coordinate's what-if of added channels and its
// suggestions in text, json and csv (golden files in testdata/coordinate, rewritten
// with -update), and what goes to stderr: nothing for text, the plan of the added
// channels for the machine formats.
func TestCoordinateChannels(t *testing.T) {
	const plan = "Mitigation --add-channel gsoc,nccic,1h: 1 change\n" +
		`  + channel.coordinate_gsoc_nccic = { between = [organization.gsoc, organization.nccic], latency = "1h" }` + "\n"
	for _, c := range []struct {
		golden string
		args   []string
		stderr string
	}{
		{"coordinate.txt", []string{coordAlerts}, ""},
		{"add.txt", []string{coordAlerts, "--add-channel", "gsoc,nccic,1h"}, ""},
		{"add.json", []string{coordAlerts, "--add-channel", "gsoc,nccic,1h", "-f", "json"}, plan},
		{"add.csv", []string{coordAlerts, "--add-channel", "gsoc,nccic,1h", "-f", "csv"}, plan},
		{"add_trials.txt", []string{coordAlerts, "--add-channel", "gsoc,nccic,1h", "--trials", "400", "--seed", "7", "--workers", "3"}, ""},
		{"add_trials.json", []string{coordAlerts, "--add-channel", "gsoc,nccic,1h", "--trials", "400", "--seed", "7", "-f", "json"}, plan},
		{"add_two.txt", []string{coordAlerts, "--add-channel", "gsoc,nccic,1h", "--add-channel", "shop,us_cloud"}, ""},
		{"add_late.txt", []string{coordAlerts, "--add-channel", "gsoc,nccic,4h"}, ""},
		{"suggest.txt", []string{coordAlerts, "--suggest", "0"}, ""},
		{"suggest1.txt", []string{coordAlerts, "--suggest", "1", "--suggest-latency", "2h30m"}, ""},
		{"suggest.json", []string{coordAlerts, "--suggest", "2", "-f", "json"}, ""},
		{"suggest.csv", []string{coordAlerts, "--suggest", "0", "-f", "csv"}, ""},
		{"suggest_trials.txt", []string{coordAlerts, "--suggest", "2", "-n", "300", "--seed", "2"}, ""},
	} {
		t.Run(c.golden, func(t *testing.T) {
			out, errOut, code := cli(t, nil, append([]string{"coordinate"}, c.args...)...)
			if code != exitOK || errOut != c.stderr {
				t.Fatalf("exit %d, stderr %q; want 0 and %q", code, errOut, c.stderr)
			}
			if strings.HasSuffix(c.golden, ".json") && !json.Valid([]byte(out)) {
				t.Fatalf("invalid JSON:\n%s", out)
			}
			golden(t, filepath.Join(coordAlerts, c.golden), stableBuild(out))
		})
	}
}

// golden compares out with the file at path, rewriting it with -update.
func golden(t *testing.T, path, out string) {
	t.Helper()
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
}

// TestCoordinateChannelErrors checks the exit codes and messages of malformed and
// conflicting flags: usage errors (2) before the model loads, model errors (1) after.
func TestCoordinateChannelErrors(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--add-channel", "gsoc"}, exitUsage, "two organization names"},
		{[]string{"--add-channel", "gsoc,"}, exitUsage, "two organization names"},
		{[]string{"--add-channel", "gsoc,nccic,1h,2h"}, exitUsage, "two organization names"},
		{[]string{"--add-channel", "gsoc,nccic,soon"}, exitUsage, `latency "soon"`},
		{[]string{"--add-channel", "gsoc,nccic,-1h"}, exitUsage, `latency "-1h"`},
		{[]string{"--add-channel", "gsoc,nccic,"}, exitUsage, `latency ""`},
		{[]string{"--add-channel", "gsoc,nccic", "--suggest", "1"}, exitUsage, "give one or the other"},
		{[]string{"--suggest", "-2"}, exitUsage, "--suggest -2"},
		{[]string{"--suggest", "10001"}, exitUsage, "at most 10000"},
		{[]string{"--suggest-latency", "1h"}, exitUsage, "--suggest-latency needs --suggest"},
		{[]string{"--suggest", "1", "--suggest-latency", "1x"}, exitUsage, "suggest-latency"},
		{[]string{"--trials", "10"}, exitUsage, "--trials needs --add-channel or --suggest"},
		{[]string{"--add-channel", "gsoc,nccic", "--trials", "1"}, exitUsage, "--trials 1"},
		{[]string{"--add-channel", "gsoc,nccic", "--workers", "-1"}, exitUsage, "--workers -1"},
		{[]string{"-f", "csv"}, exitUsage, `--format "csv"`},
		{[]string{"--add-channel", "gsoc,nccicc"}, exitInvalid, `did you mean "nccic"`},
		{[]string{"--add-channel", "nccic,nccic,1h"}, exitInvalid, "to itself"},
	}
	for _, tt := range tests {
		args := append([]string{"coordinate", coordAlerts}, tt.args...)
		out, errOut, code := cli(t, nil, args...)
		if code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("cascade %v: exit %d, stderr %q; want exit %d and %q", args, code, errOut, tt.code, tt.want)
		}
		if out != "" && tt.code == exitUsage {
			t.Errorf("cascade %v: stdout %q on a usage error", args, out)
		}
	}
}

// TestCoordinateSameChannel checks on the command line that adding a channel the
// model has, with its latency or a longer one, or a shares_with pair, changes nothing.
func TestCoordinateSameChannel(t *testing.T) {
	for _, ch := range []string{"ntt_east,gsoc,1h", "gsoc,ntt_east,1h", "gsoc,ntt_east,2h", "nccic,us_cloud", "bank,nccic,0s"} {
		out, errOut, code := cli(t, nil, "coordinate", coordAlerts, "--add-channel", ch, "-f", "json", "-n", "50")
		if code != exitOK {
			t.Fatalf("--add-channel %s: exit %d: %s", ch, code, errOut)
		}
		var doc struct {
			WhatIf struct {
				Comparison struct {
					Variants []struct {
						Delta      map[string]any `json:"delta"`
						Saved      []string       `json:"saved"`
						FailedOnly []string       `json:"failed_only"`
						Sectors    []any          `json:"sectors"`
						Paired     struct {
							Failed      map[string]float64 `json:"failed_diff"`
							Compromised map[string]float64 `json:"compromised_diff"`
						} `json:"paired"`
					} `json:"variants"`
				} `json:"comparison"`
			} `json:"what_if"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		v := doc.WhatIf.Comparison.Variants[0]
		for k, x := range v.Delta {
			if x != 0.0 {
				t.Errorf("--add-channel %s: delta %s = %v, want 0", ch, k, x)
			}
		}
		if len(v.Saved)+len(v.FailedOnly)+len(v.Sectors) != 0 {
			t.Errorf("--add-channel %s: saved %v, failed only %v, sectors %v; want none", ch, v.Saved, v.FailedOnly, v.Sectors)
		}
		for _, iv := range []map[string]float64{v.Paired.Failed, v.Paired.Compromised} {
			if iv["mean"] != 0 || iv["ci_low"] != 0 || iv["ci_high"] != 0 {
				t.Errorf("--add-channel %s: paired difference %v, want 0", ch, iv)
			}
		}
	}
}

// TestCoordinateSuggestAlone checks that the ranking of --suggest is what each
// candidate gives with --add-channel alone, and that it does not depend on workers.
func TestCoordinateSuggestAlone(t *testing.T) {
	type row struct {
		Rank        int      `json:"rank"`
		A           string   `json:"a"`
		B           string   `json:"b"`
		AssetsSaved int      `json:"assets_saved"`
		CompSaved   int      `json:"compromised_saved"`
		Saved       []string `json:"saved"`
	}
	var first string
	for _, w := range []string{"1", "2", "5"} {
		out, errOut, code := cli(t, nil, "coordinate", coordAlerts, "--suggest", "0", "--suggest-latency", "1h", "-f", "json", "--workers", w)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		if first == "" {
			first = out
		} else if out != first {
			t.Fatalf("--workers %s changes the output:\n%s\nwant\n%s", w, out, first)
		}
	}
	var doc struct {
		Suggestions []row `json:"suggestions"`
	}
	if err := json.Unmarshal([]byte(first), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Suggestions) != 3 {
		t.Fatalf("%d suggestions, want 3", len(doc.Suggestions))
	}
	for i, s := range doc.Suggestions {
		if s.Rank != i+1 {
			t.Errorf("suggestion %d has rank %d", i+1, s.Rank)
		}
		out, errOut, code := cli(t, nil, "coordinate", coordAlerts, "--add-channel", s.A+","+s.B+",1h", "-f", "json")
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var one struct {
			WhatIf struct {
				Comparison struct {
					Variants []struct {
						Saved []string       `json:"saved"`
						Delta map[string]any `json:"delta"`
					} `json:"variants"`
				} `json:"comparison"`
			} `json:"what_if"`
		}
		if err := json.Unmarshal([]byte(out), &one); err != nil {
			t.Fatal(err)
		}
		v := one.WhatIf.Comparison.Variants[0]
		if len(v.Saved) != s.AssetsSaved || strings.Join(v.Saved, " ") != strings.Join(s.Saved, " ") || -int(v.Delta["compromised"].(float64)) != s.CompSaved {
			t.Errorf("%s,%s: suggest says %d saved (%v), %d compromised saved; alone %v, delta %v", s.A, s.B, s.AssetsSaved, s.Saved, s.CompSaved, v.Saved, v.Delta)
		}
		if i > 0 && doc.Suggestions[i-1].AssetsSaved < s.AssetsSaved {
			t.Errorf("suggestion %d saves more than %d", i+1, i)
		}
	}
}

// TestCoordinateDiagramGolden pins the coordinate view of the alerts fixture with an
// added channel: latencies, the alert chain, protected organizations and the legend.
func TestCoordinateDiagramGolden(t *testing.T) {
	dot := filepath.Join(t.TempDir(), "coordinate.dot")
	_, errOut, code := cli(t, nil, "coordinate", coordAlerts, "--add-channel", "gsoc,nccic,1h", "--diagram", dot, "-o", filepath.Join(t.TempDir(), "r.txt"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	b, err := os.ReadFile(dot)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, filepath.Join(coordAlerts, "diagram.dot"), string(b))
}
