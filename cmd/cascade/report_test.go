package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReport(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name   string
		args   []string
		code   int
		want   []string // in the HTML file, or in stderr for failures
		stderr string
	}{
		{name: "quickstart", args: []string{"../../examples/quickstart", "--scenario", "flood", "--no-diagram"},
			want: []string{`id="failures"`, "River flood", "--no-diagram", "Riverside substation"}},
		{name: "mitigation and trials", args: []string{"../../examples/tokyo-2020", "--scenario", "quake", "--mitigation", "koto_tie", "--trials", "20", "--seed", "3", "--no-diagram"},
			want: []string{`id="comparison"`, `id="probabilities"`, "koto_tie", "20 Monte Carlo trials, seed 3", "Paired Monte Carlo"}},
		{name: "no output", args: []string{"../../examples/quickstart"}, code: exitUsage, stderr: "report needs -o FILE.html"},
		{name: "not html", args: []string{"../../examples/quickstart", "-o", filepath.Join(dir, "x.pdf")}, code: exitUsage, stderr: "name the file .html"},
		{name: "one trial", args: []string{"../../examples/quickstart", "--trials", "1"}, code: exitUsage, stderr: "--trials 1"},
		{name: "unknown scenario", args: []string{"../../examples/quickstart", "--scenario", "nope", "--no-diagram"}, code: exitInvalid, stderr: `no scenario "nope"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")+".html")
			args := append([]string{"report"}, tt.args...)
			if !strings.Contains(strings.Join(tt.args, " "), "-o ") {
				args = append(args, "-o", out)
			}
			if tt.code == exitUsage && tt.name == "no output" {
				args = args[:len(args)-2]
			}
			stdout, stderr, code := cli(t, nil, args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, tt.code, stdout, stderr)
			}
			if tt.code != exitOK {
				if !strings.Contains(stderr, tt.stderr) {
					t.Errorf("stderr %q lacks %q", stderr, tt.stderr)
				}
				if _, err := os.Stat(out); err == nil {
					t.Errorf("a failed report left %s", out)
				}
				return
			}
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(b), w) {
					t.Errorf("report lacks %q", w)
				}
			}
		})
	}
}
