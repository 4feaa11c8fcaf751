package model

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// hclNav is the interface of File.Nav that diagnostic writers use.
type hclNav interface {
	ContextString(offset int) string
	ContextDefRange(offset int) hcl.Range
}

// checkNavigation compares navigation with hclsyntax's own for every offset
// of src and one beyond either end.
func checkNavigation(t *testing.T, name string, src []byte) {
	t.Helper()
	f, _ := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	want := f.Nav.(hclNav)
	got := newNavigation(f.Body.(*hclsyntax.Body))
	for off := -1; off <= len(src)+1; off++ {
		if g, w := got.ContextString(off), want.ContextString(off); g != w {
			t.Fatalf("%s: ContextString(%d) = %q, want %q", name, off, g, w)
		}
		if g, w := got.ContextDefRange(off), want.ContextDefRange(off); g != w {
			t.Fatalf("%s: ContextDefRange(%d) = %v, want %v", name, off, g, w)
		}
	}
}

// TestNavigationMatchesHCL checks that navigation answers as hclsyntax's
// navigation does at every offset of every test and example model, valid or
// not.
func TestNavigationMatchesHCL(t *testing.T) {
	var paths []string
	for _, pattern := range []string{"testdata/*/*.hcl", "testdata/*/*/*.hcl", "../examples/*/*.hcl", "../examples/*/*/*.hcl"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, m...)
	}
	if len(paths) < 10 {
		t.Fatalf("only %d model files found", len(paths))
	}
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		checkNavigation(t, p, src)
	}
	for name, src := range map[string]string{
		"empty.hcl":     "",
		"attrs.hcl":     "a = 1\nb = 2\n",
		"nolabel.hcl":   "x {}\ny {\n}\nz \"a\" \"b\\\"c\" {\n  w {}\n}\n",
		"broken.hcl":    "asset \"a\" {\n  x = \nasset \"b\" {}\n}\n}\n",
		"unclosed.hcl":  "asset \"a\" {\n  sector = 1\n",
		"oneline.hcl":   "a {} b {}\nc { d = 1 }\n",
		"multibyte.hcl": "asset \"グリッド\" {\n  label = \"電力\"\n}\n",
	} {
		checkNavigation(t, name, []byte(src))
	}
}

// TestNavigationUnordered checks the fallback for blocks whose ranges are
// out of order or overlap, which the parser does not produce: the first
// block holding the offset wins, as in hclsyntax's walk.
func TestNavigationUnordered(t *testing.T) {
	block := func(typ string, start, end int) *hclsyntax.Block {
		return &hclsyntax.Block{
			Type:            typ,
			Labels:          []string{typ + "x"},
			TypeRange:       hcl.Range{Start: hcl.Pos{Byte: start}, End: hcl.Pos{Byte: start + 1}},
			OpenBraceRange:  hcl.Range{Start: hcl.Pos{Byte: start + 2}, End: hcl.Pos{Byte: start + 3}},
			CloseBraceRange: hcl.Range{Start: hcl.Pos{Byte: end - 1}, End: hcl.Pos{Byte: end}},
			LabelRanges:     []hcl.Range{{Start: hcl.Pos{Byte: start + 1}, End: hcl.Pos{Byte: start + 2}}},
			Body:            &hclsyntax.Body{},
		}
	}
	tests := []struct {
		blocks []*hclsyntax.Block
		offset int
		want   string
	}{
		{[]*hclsyntax.Block{block("b", 10, 20), block("a", 0, 10)}, 5, `a "ax"`},
		{[]*hclsyntax.Block{block("b", 10, 20), block("a", 0, 10)}, 15, `b "bx"`},
		{[]*hclsyntax.Block{block("a", 0, 30), block("b", 10, 20)}, 15, `a "ax"`},
		{[]*hclsyntax.Block{block("a", 5, 30), block("b", 0, 20)}, 2, `b "bx"`},
		{[]*hclsyntax.Block{block("a", 5, 30), block("b", 0, 20)}, 30, ``},
	}
	for i, tt := range tests {
		n := newNavigation(&hclsyntax.Body{Blocks: tt.blocks})
		if n.index(); !n.linear {
			t.Errorf("%d: blocks taken as ordered", i)
		}
		if got := n.ContextString(tt.offset); got != tt.want {
			t.Errorf("%d: ContextString(%d) = %q, want %q", i, tt.offset, got, tt.want)
		}
	}
}

// FuzzNavigation compares navigation with hclsyntax's own on arbitrary
// native-syntax text that the nesting check lets through.
func FuzzNavigation(f *testing.F) {
	for _, pattern := range []string{"testdata/*/*.hcl", "../examples/*/*.hcl"} {
		m, _ := filepath.Glob(pattern)
		for _, p := range m {
			if src, err := os.ReadFile(p); err == nil {
				f.Add(src)
			}
		}
	}
	f.Add([]byte("a {} b \"x\" {\n c {}\n}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 4096 || checkNesting(src, "fuzz.hcl") != nil {
			return
		}
		checkNavigation(t, "fuzz.hcl", src)
	})
}

// warningModel returns a generated HCL model of n assets with w isolated
// assets spread evenly between them, each of which draws an "Isolated asset"
// warning.
func warningModel(t testing.TB, n, w int) string {
	var sb strings.Builder
	if err := genModel(&sb, n, 42); err != nil {
		t.Fatal(err)
	}
	blocks := strings.SplitAfter(sb.String(), "}\n\n")
	var out strings.Builder
	out.Grow(sb.Len() + w*100)
	every := max(1, len(blocks)/(w+1))
	added := 0
	for i, b := range blocks {
		out.WriteString(b)
		if i%every == every-1 && added < w {
			fmt.Fprintf(&out, "asset \"isolated%d\" {\n  sector = sector.s00\n}\n\n", added)
			added++
		}
	}
	for ; added < w; added++ {
		fmt.Fprintf(&out, "asset \"isolated%d\" {\n  sector = sector.s00\n}\n\n", added)
	}
	return out.String()
}

// BenchmarkWriteDiagnostics prints the 5,000 warnings of a 100k-asset HCL
// model, the case that was quadratic: each warning's context line walked
// every top-level block. nav=hclsyntax is the same print with HCL's own
// File.Nav, the walk, for comparison (about 30 s per print: select
// nav=binary alone for a quick run). It reports seconds per print of all
// warnings.
func BenchmarkWriteDiagnostics(b *testing.B) {
	const n, w = 100000, 5000
	dir := b.TempDir()
	path := filepath.Join(dir, "model.hcl")
	src := []byte(warningModel(b, n, w))
	if err := os.WriteFile(path, src, 0o644); err != nil {
		b.Fatal(err)
	}
	p := NewParser()
	m, diags := p.Load(path, Options{})
	if m == nil || len(diags) != w {
		b.Fatalf("%d diagnostics, want %d warnings", len(diags), w)
	}
	walked, _ := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	for _, bc := range []struct {
		name  string
		files map[string]*hcl.File
	}{
		{"nav=binary", p.Files()},
		{"nav=hclsyntax", map[string]*hcl.File{path: walked}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var out bytes.Buffer
			for b.Loop() {
				out.Reset()
				if err := WriteDiagnostics(&out, bc.files, diags, 80, false); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/print")
			b.ReportMetric(float64(w)*float64(b.N)/b.Elapsed().Seconds(), "diagnostics/s")
		})
	}
}
