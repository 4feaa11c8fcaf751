package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoModelArgument checks the one rule for a missing MODEL, in a temporary
// folder: the current folder when it holds a model, else the embedded example,
// with one line on stderr saying which, for every command that takes a MODEL.
func TestNoModelArgument(t *testing.T) {
	qsModel, err := os.ReadFile(filepath.Join(qs, "model.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	extra := `
variable "flood_delay" {
  type    = string
  default = "0s"
}
mitigation "tank" {
  asset "pumping" { backup = "2d" }
}
`
	withModel := t.TempDir()
	if err := os.WriteFile(filepath.Join(withModel, "model.hcl"), append(qsModel, extra...), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := t.TempDir()
	// A hidden file or a CSV alone does not make a model.
	if err := os.WriteFile(filepath.Join(empty, ".model.hcl"), qsModel, 0o644); err != nil {
		t.Fatal(err)
	}
	out := func(name string) string { return filepath.Join(t.TempDir(), name) }
	tests := []struct {
		args  []string
		local string // in stdout or the -o file, for the current folder's model (quickstart)
		embed string // the same for the embedded tokyo-2020
		file  string // the -o file, when the command writes one
	}{
		{[]string{"run"}, "substation", "anegasaki_thermal", ""},
		{[]string{"explain", "hospital"}, "hospital", "", ""},
		{[]string{"validate"}, "assets         6", "assets         100", ""},
		{[]string{"render"}, "substation", "bulk_grid", ""},
		{[]string{"plot", "-o", "OUT"}, "<svg", "<svg", "p.svg"},
		{[]string{"batch", "--trials", "2"}, "substation", "bulk_grid", ""},
		{[]string{"rank", "--top", "50"}, "substation", "bulk_grid", ""},
		{[]string{"coordinate"}, "city_power", "tepco", ""},
		{[]string{"compare", "--mitigation", "tank"}, "tank", "", ""},
		{[]string{"sweep", "--var", "flood_delay=0s,1h"}, "flood_delay", "", ""},
		{[]string{"report", "-o", "OUT"}, "substation", "anegasaki_thermal", "r.html"},
	}
	for _, dir := range []string{withModel, empty} {
		local := dir == withModel
		t.Run(map[bool]string{true: "current folder", false: "embedded"}[local], func(t *testing.T) {
			t.Chdir(dir)
			for _, tt := range tests {
				want := tt.embed
				if local {
					want = tt.local
				} else if want == "" {
					continue // the command needs something the embedded example lacks
				}
				args := tt.args
				path := ""
				if tt.file != "" {
					path = out(tt.file)
					args = append([]string{}, args...)
					args[len(args)-1] = path
				}
				stdout, errOut, code := cli(t, nil, args...)
				if code != exitOK {
					t.Errorf("cascade %v: exit %d\n%s", args, code, errOut)
					continue
				}
				say := "no MODEL given and no model (*.hcl) in the current folder: using the embedded example tokyo-2020"
				if local {
					say = "no MODEL given: using the model in the current folder"
				}
				if strings.Count(errOut, "no MODEL given") != 1 || !strings.Contains(errOut, say) {
					t.Errorf("cascade %v: stderr does not say once %q:\n%s", args, say, errOut)
				}
				got := stdout
				if path != "" {
					b, err := os.ReadFile(path)
					if err != nil {
						t.Errorf("cascade %v: %v", args, err)
					}
					got = string(b)
				}
				if !strings.Contains(got, want) {
					t.Errorf("cascade %v: output lacks %q:\n%.600s", args, want, got)
				}
			}
			// fmt formats the current folder, never the embedded example.
			_, errOut, code := cli(t, nil, "fmt", "--check")
			if code != exitOK && code != exitChanged || !strings.Contains(errOut, "formatting the current folder") {
				t.Errorf("cascade fmt --check: exit %d, stderr %q", code, errOut)
			}
		})
	}
}
