package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestInit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "starter")
	out, errOut, code := cli(t, nil, "init", "--catalog", "us-jp", dir)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if n := strings.Count(out, "\n"); n != 6 {
		t.Errorf("listed %d files, want 6:\n%s", n, out)
	}
	// The starter model validates and a coordination analysis runs on it.
	if _, errOut, code := cli(t, nil, "coordinate", dir); code != exitOK {
		t.Errorf("coordinate on the starter: exit %d: %s", code, errOut)
	}
	// A second init refuses and changes nothing.
	before, _ := os.ReadFile(filepath.Join(dir, "scenario.hcl"))
	_, errOut, code = cli(t, nil, "init", "--catalog", "us-jp", dir)
	if code != exitInvalid || !strings.Contains(errOut, "nothing written") {
		t.Errorf("second init: exit %d, stderr %q; want exit 1, nothing written", code, errOut)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "scenario.hcl"))
	if string(before) != string(after) {
		t.Error("a refused init changed scenario.hcl")
	}
}

func TestInitUsage(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"init"}, "want one DIR"},
		{[]string{"init", "--catalog", "eu", t.TempDir()}, `no catalog "eu"`},
		{[]string{"init", "a", "b"}, "want one DIR"},
	}
	for _, tt := range tests {
		_, errOut, code := cli(t, nil, tt.args...)
		if code != exitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("cascade %v: exit %d, stderr %q; want exit 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
}
