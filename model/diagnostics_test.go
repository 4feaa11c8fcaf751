package model

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
)

// TestWriteDiagnostics checks that WriteDiagnostics writes exactly what HCL's
// own writer does, for every invalid and warning test model, with and without
// colour and wrapping.
func TestWriteDiagnostics(t *testing.T) {
	var paths []string
	for _, dir := range []string{"invalid", "warning"} {
		paths = append(paths, modelPaths(t, filepath.Join("testdata", dir))...)
	}
	for _, path := range paths {
		p := NewParser()
		_, diags := p.Load(path, Options{})
		for _, width := range []uint{0, 40, 80} {
			for _, color := range []bool{false, true} {
				var want, got bytes.Buffer
				if err := hcl.NewDiagnosticTextWriter(&want, p.Files(), width, color).WriteDiagnostics(diags); err != nil {
					t.Fatal(err)
				}
				if err := WriteDiagnostics(&got, p.Files(), diags, width, color); err != nil {
					t.Fatal(err)
				}
				if got.String() != want.String() {
					t.Errorf("%s width %d color %v:\n--- got\n%s\n--- want\n%s", path, width, color, got.String(), want.String())
				}
			}
		}
	}
}

// TestWriteDiagnosticsLargeFile checks that many diagnostics deep in a large
// file are written quickly.
func TestWriteDiagnosticsLargeFile(t *testing.T) {
	var b strings.Builder
	b.WriteString("sector \"s\" {}\n")
	for i := range 100000 {
		b.WriteString("asset \"a")
		b.WriteString(strings.Repeat("x", i%7))
		b.WriteString(string(rune('a' + i%26)))
		b.WriteString("\" {\n  sector = sector.s\n  label  = \"グリッド\"\n}\n")
	}
	b.WriteString("asset \"bad\" {\n  sector = sector.s\n  weight = -1\n}\n")
	path := "big.hcl"
	files := map[string]*hcl.File{path: {Bytes: []byte(b.String())}} // no need to parse it
	var diags hcl.Diagnostics
	rng := hcl.Range{Filename: path, Start: hcl.Pos{Line: 400004, Column: 12, Byte: len(b.String()) - 5}, End: hcl.Pos{Line: 400004, Column: 14, Byte: len(b.String()) - 3}}
	for range 200 {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid weight", Subject: &rng})
	}
	start := time.Now()
	var out bytes.Buffer
	if err := WriteDiagnostics(&out, files, diags, 80, false); err != nil {
		t.Fatal(err)
	}
	// HCL's writer scans the whole 7 MB file for each diagnostic: minutes.
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("200 diagnostics took %v", el)
	}
	if !strings.Contains(out.String(), "400004:   weight = -1") {
		t.Errorf("snippet missing:\n%.300s", out.String())
	}
}
