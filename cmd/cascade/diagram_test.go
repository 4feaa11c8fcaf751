package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDiagramByExtension checks that run --diagram and coordinate --diagram
// draw what the extension of FILE says, with the same helper, and that an
// unknown extension is a usage error naming --diagram's extensions, not
// --format (which chooses their report).
func TestDiagramByExtension(t *testing.T) {
	cgv := builtCompanion(t)
	env := []string{"CASCADE_GRAPHVIZ=" + cgv}
	dir := t.TempDir()
	for _, cmd := range [][]string{
		{"run", qs, "--scenario", "flood"},
		{"coordinate", qs, "--scenario", "flood"},
	} {
		t.Run(cmd[0], func(t *testing.T) {
			report := filepath.Join(dir, cmd[0]+".txt")
			for _, ext := range []string{"svg", "png", "dot"} {
				path := filepath.Join(dir, cmd[0]+"."+ext)
				args := append(append([]string{}, cmd...), "-o", report, "--diagram", path)
				if _, errOut, code := cli(t, env, args...); code != exitOK {
					t.Fatalf("--diagram %s: exit %d: %s", path, code, errOut)
				}
				switch ext {
				case "svg":
					checkSVG(t, path, "Legend")
				case "png":
					checkPNG(t, path)
				case "dot":
					checkDOT(t, path)
				}
			}
			args := append(append([]string{}, cmd...), "-o", report, "--diagram", filepath.Join(dir, "x.pdf"))
			_, errOut, code := cli(t, env, args...)
			if code != exitUsage || !strings.Contains(errOut, "--diagram") || !strings.Contains(errOut, ".svg") || strings.Contains(errOut, "--format") {
				t.Errorf("--diagram x.pdf: exit %d, stderr %q; want exit %d naming --diagram's extensions, not --format", code, errOut, exitUsage)
			}
		})
	}
}

// checkDOT checks that the file at path is Graphviz DOT text: a digraph.
func checkDOT(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), "digraph ") {
		t.Errorf("%s is not DOT: %.40q", path, b)
	}
}
