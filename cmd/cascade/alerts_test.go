package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestRunAlerts pins run's alerts and protections in text, json and csv, and explain's
// account of a protected asset, on model/testdata/valid/alerts.hcl (golden files in
// testdata/alerts, rewritten with -update).
func TestRunAlerts(t *testing.T) {
	const model = "../../model/testdata/valid/alerts.hcl"
	for _, c := range []struct {
		golden string
		args   []string
	}{
		{"run.txt", []string{"run", model}},
		{"run.json", []string{"run", model, "--format", "json"}},
		{"run.csv", []string{"run", model, "--format", "csv"}},
		{"explain.txt", []string{"explain", model, "billing"}},
		{"explain.json", []string{"explain", model, "billing", "--format", "json"}},
	} {
		t.Run(c.golden, func(t *testing.T) {
			out, errOut, code := cli(t, nil, c.args...)
			if code != exitOK || errOut != "" {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			out = stableBuild(out)
			path := filepath.Join("testdata", "alerts", c.golden)
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
