package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestComparePlotSize checks that --width and --height size the --plot
// picture of compare and sweep as they size plot's, that the default stays,
// and that they need --plot.
func TestComparePlotSize(t *testing.T) {
	tokyo := "../../examples/tokyo-2020"
	compare := []string{"compare", tokyo, "-s", "quake", "--mitigation", "hospital_fuel"}
	sweep := []string{"sweep", sweepModel, "--var", "fuel=1h,2h", "--no-cache"}
	size := regexp.MustCompile(`<svg[^>]* width="([0-9.]+pt)" height="([0-9.]+pt)"`)
	tests := []struct {
		name        string
		args        []string
		flags       []string
		w, h        string
		code        int
		stderrWants string
	}{
		{"compare default", compare, nil, "864pt", "561.6pt", exitOK, ""},
		{"compare sized", compare, []string{"--width", "800px", "--height", "5in"}, "600pt", "360pt", exitOK, ""},
		{"sweep default", sweep, nil, "792pt", "396pt", exitOK, ""},
		{"sweep sized", sweep, []string{"--width", "20cm", "--height", "1000px"}, "566.93pt", "750pt", exitOK, ""},
		{"compare too small", compare, []string{"--width", "1in"}, "", "", exitUsage, "--width 1in"},
		{"sweep not a length", sweep, []string{"--height", "tall"}, "", "", exitUsage, `--height "tall"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "p.svg")
			args := append(append(append([]string{}, tt.args...), tt.flags...), "--plot", path, "-o", filepath.Join(t.TempDir(), "out.txt"))
			_, errOut, code := cli(t, nil, args...)
			if code != tt.code || !strings.Contains(errOut, tt.stderrWants) {
				t.Fatalf("exit %d, stderr %q; want exit %d and %q", code, errOut, tt.code, tt.stderrWants)
			}
			if code != exitOK {
				return
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			m := size.FindSubmatch(b)
			if m == nil {
				t.Fatalf("no svg size in %.200s", b)
			}
			if w, h := strings.TrimSuffix(string(m[1]), ".0"), string(m[2]); !strings.HasPrefix(w, tt.w) || !strings.HasPrefix(h, tt.h) {
				t.Errorf("picture %s by %s, want %s by %s", w, h, tt.w, tt.h)
			}
		})
	}
	for _, args := range [][]string{append(compare, "--width", "8in"), append(sweep, "--height", "4in")} {
		if _, errOut, code := cli(t, nil, args...); code != exitUsage || !strings.Contains(errOut, "give --plot FILE") {
			t.Errorf("%v without --plot: exit %d, stderr %q", args, code, errOut)
		}
	}
}
