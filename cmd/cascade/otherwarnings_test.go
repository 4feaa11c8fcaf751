package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOtherScenarioWarnings checks that a command running one scenario counts
// the warnings about the model's other scenarios on one line instead of
// printing them, on a fresh load and on a cached one, while validate prints
// them all.
func TestOtherScenarioWarnings(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(qs, "model.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	src = append(src, `
variable "delay" {
  type    = string
  default = "0s"
}
scenario "empty" {
}
scenario "nothing" {
  event "e" {
    select {
      region = ["nowhere"]
    }
  }
}
`...)
	if err := os.WriteFile(filepath.Join(dir, "model.hcl"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args          []string
		shown, hidden []string
	}{
		{[]string{"run", dir, "-s", "flood"}, []string{"2 warnings about other scenarios than flood not shown; cascade validate lists every warning"}, []string{"Scenario without events", "Event selects no asset"}},
		{[]string{"run", dir, "-s", "empty"}, []string{"Scenario without events", "1 warning about other scenarios than empty"}, []string{"Event selects no asset"}},
		{[]string{"batch", dir, "-s", "flood", "--trials", "2"}, []string{"2 warnings about other"}, []string{"Scenario without events"}},
		{[]string{"coordinate", dir, "-s", "flood"}, []string{"2 warnings about other"}, []string{"Scenario without events"}},
		{[]string{"sweep", dir, "-s", "flood", "--var", "delay=1h,2h"}, []string{"2 warnings about other"}, []string{"Scenario without events"}},
		{[]string{"validate", dir}, []string{"Scenario without events", "Event selects no asset"}, []string{"not shown"}},
	}
	for _, tt := range tests {
		for _, load := range []string{"first", "cached"} {
			_, errOut, code := cli(t, nil, tt.args...)
			if code != exitOK {
				t.Errorf("%s load, cascade %v: exit %d\n%s", load, tt.args, code, errOut)
				continue
			}
			for _, s := range tt.shown {
				if strings.Count(errOut, s) != 1 {
					t.Errorf("%s load, cascade %v: stderr does not hold %q once:\n%s", load, tt.args, s, errOut)
				}
			}
			for _, s := range tt.hidden {
				if strings.Contains(errOut, s) {
					t.Errorf("%s load, cascade %v: stderr holds %q:\n%s", load, tt.args, s, errOut)
				}
			}
		}
	}
}
