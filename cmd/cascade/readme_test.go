package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestREADMEModel checks that the model of the README's language tour is valid and
// that its scenario runs.
func TestREADMEModel(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```hcl\n(.*?)```").FindAllSubmatch(readme, -1)
	if len(blocks) == 0 {
		t.Fatal("README has no hcl block")
	}
	dir := t.TempDir()
	for i, b := range blocks {
		path := filepath.Join(dir, "readme"+string(rune('a'+i))+".hcl")
		if err := os.WriteFile(path, b[1], 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, stderr, code := cli(t, nil, "validate", dir); code != exitOK || stderr != "" {
		t.Fatalf("README model: exit %d\n%s", code, stderr)
	}
	out, stderr, code := cli(t, nil, "run", dir, "--var", "generator_fuel=24h")
	if code != exitOK || !strings.Contains(out, "substation") {
		t.Fatalf("README model run: exit %d\n%s%s", code, out, stderr)
	}
}
