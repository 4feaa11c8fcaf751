package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// deadlockModel is a power plant and a gas compressor that need each other; the plant
// is tripped and repaired in 2h, but cannot start without gas: a black-start deadlock.
// With generator, the plant may also start from a black-start generator.
func deadlockModel(t *testing.T, generator bool) string {
	t.Helper()
	src := `
sector "energy" {}
sector "gas" {}
organization "utility" {
  crews = 1
}
asset "plant" {
  sector   = sector.energy
  operator = organization.utility
  repair   = "2h"
  needs "fuel" {
    requires   = "any"
    depends_on = [asset.compressor` + map[bool]string{true: ", asset.black_start_unit", false: ""}[generator] + `]
  }
}
asset "compressor" {
  sector     = sector.gas
  depends_on = [asset.plant]
}
asset "black_start_unit" {
  sector = sector.energy
}
scenario "blackout" {
  horizon = "2d"
  event "trip" {
    targets = [asset.plant]
  }
}
`
	path := filepath.Join(t.TempDir(), "grid.hcl")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestRunRestoration checks run's restoration output on the deadlock and its fix.
func TestRunRestoration(t *testing.T) {
	out, errs, code := cli(t, nil, "run", deadlockModel(t, false), "--format", "json", "--no-cache")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rep struct {
		Failures []struct {
			Asset     string `json:"asset"`
			RestoredS *int64 `json:"restored_s"`
			DownS     *int64 `json:"down_s"`
			Outages   int    `json:"outages"`
		} `json:"failures"`
		Sectors []struct {
			Sector      string   `json:"sector"`
			LossS       *float64 `json:"loss_s"`
			RestoredAtS *int64   `json:"restored_at_s"`
		} `json:"sectors"`
		Repairs []struct {
			Asset  string `json:"asset"`
			StartS *int64 `json:"start_s"`
			EndS   *int64 `json:"end_s"`
		} `json:"repairs"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Failures) != 2 || rep.Failures[0].RestoredS != nil || *rep.Failures[0].DownS != 2*86400 || rep.Failures[0].Outages != 1 {
		t.Errorf("failures %+v", rep.Failures)
	}
	if len(rep.Repairs) != 1 || rep.Repairs[0].Asset != "plant" || *rep.Repairs[0].StartS != 0 || *rep.Repairs[0].EndS != 7200 {
		t.Errorf("repairs %+v", rep.Repairs)
	}

	text, _, code := cli(t, nil, "run", deadlockModel(t, true), "--no-cache")
	if code != 0 || !strings.Contains(text, "TIME  RESTORED  DOWN") || !strings.Contains(text, "T+0s  T+2h      2h    compressor") {
		t.Errorf("text (exit %d):\n%s", code, text)
	}
}

// TestExplainDeadlock checks that explain says what keeps a deadlocked asset down.
func TestExplainDeadlock(t *testing.T) {
	text, errs, code := cli(t, nil, "explain", deadlockModel(t, false), "compressor", "--no-cache")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"It is still down at the horizon T+2d:", "it waits for plant", "a black-start deadlock: compressor → plant → compressor"} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q:\n%s", want, text)
		}
	}
	text, _, _ = cli(t, nil, "explain", deadlockModel(t, true), "plant", "--no-cache")
	if !strings.Contains(text, "It works again from T+2h.") || strings.Contains(text, "deadlock") {
		t.Errorf("with the generator:\n%s", text)
	}
	out, _, _ := cli(t, nil, "explain", deadlockModel(t, false), "plant", "--format", "json", "--no-cache")
	var rep struct {
		Down *struct {
			Deadlock []string `json:"deadlock"`
		} `json:"down_at_horizon"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || rep.Down == nil || strings.Join(rep.Down.Deadlock, " ") != "plant compressor" {
		t.Errorf("json %s: %+v", out, rep.Down)
	}
}
