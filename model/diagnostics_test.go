package model

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

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

// TestWriteDiagnosticsClipsSnippets: a snippet of one very long line shows a
// window around the highlight, with "…" where it was cut (never inside a rune);
// a snippet of very many lines shows the first snippetLines and counts the rest.
func TestWriteDiagnosticsClipsSnippets(t *testing.T) {
	long := "x = [" + strings.Repeat("\"é\",", 5000) + "BAD" + strings.Repeat(",\"é\"", 5000) + "]\n"
	bad := strings.Index(long, "BAD")
	many := "x = [\n" + strings.Repeat("1,\n", 5000) + "]\n"
	tests := []struct {
		name, src string
		rng       hcl.Range
		want      []string // in the output, in order
		maxBytes  int
	}{
		{"long line", long, hcl.Range{Filename: "f.hcl", Start: hcl.Pos{Line: 1, Column: bad + 1, Byte: bad}, End: hcl.Pos{Line: 1, Column: bad + 4, Byte: bad + 3}},
			[]string{"   1: …", "BAD", "…\n"}, 600},
		{"many lines", many, hcl.Range{Filename: "f.hcl", Start: hcl.Pos{Line: 1, Column: 5, Byte: 4}, End: hcl.Pos{Line: 5002, Column: 2, Byte: len(many) - 1}},
			[]string{"   1: x = [", "  12: 1,", "      … (4990 more lines)\n"}, 600},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]*hcl.File{"f.hcl": {Bytes: []byte(tt.src)}}
			diags := hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Bad", Subject: &tt.rng}}
			var out bytes.Buffer
			if err := WriteDiagnostics(&out, files, diags, 0, false); err != nil {
				t.Fatal(err)
			}
			got := out.String()
			if !utf8.ValidString(got) || len(got) > tt.maxBytes {
				t.Fatalf("%d bytes, valid UTF-8 %v:\n%s", len(got), utf8.ValidString(got), got)
			}
			rest := got
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("no %q (in order) in:\n%s", w, got)
				}
				rest = rest[i+len(w):]
			}
		})
	}
}
