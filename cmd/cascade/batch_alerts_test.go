package main

import (
	"path/filepath"
	"testing"
)

// TestBatchAlertsText pins the alert fields of batch --format text on coordinate's
// fixture: P_COMPROMISED per asset and the organizations' P_ALERTED and mean alert
// time (testdata/coordinate/batch.txt, -update).
func TestBatchAlertsText(t *testing.T) {
	out, errOut, code := cli(t, nil, "batch", coordAlerts, "--trials", "500", "--seed", "3", "--workers", "2")
	if code != exitOK || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	golden(t, filepath.Join(coordAlerts, "batch.txt"), out)
}
