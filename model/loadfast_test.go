package model

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// checkFast parses src[start:end] with parseFast and, when it accepts it, fails
// unless HCL's parser finds the same blocks, node for node and range for range,
// without a diagnostic or a top-level attribute. It returns whether parseFast
// accepted it.
func checkFast(t *testing.T, src []byte, start, end int, pos hcl.Pos) bool {
	t.Helper()
	got, ok := parseFast(src, "m.hcl", start, end, pos)
	if !ok {
		return false
	}
	f, diags := hclsyntax.ParseConfig(src[start:end], "m.hcl", pos)
	body := f.Body.(*hclsyntax.Body)
	if len(diags) > 0 || len(body.Attributes) > 0 {
		t.Fatalf("parseFast accepted %q, which HCL reports: %v (%d attributes)", src[start:end], diags, len(body.Attributes))
	}
	want := body.Blocks
	if len(want) == 0 {
		want = nil
	}
	if !reflect.DeepEqual(got, want) {
		for i := range min(len(got), len(want)) {
			if !reflect.DeepEqual(got[i], want[i]) {
				for name, a := range want[i].Body.Attributes {
					if g := got[i].Body.Attributes[name]; !reflect.DeepEqual(g, a) {
						t.Fatalf("attribute %s of %q differs:\n got %#v %#v\nwant %#v %#v", name, src[start:end], g, g.Expr, a, a.Expr)
					}
				}
				t.Fatalf("block %d of %q differs:\n got %#v\nwant %#v", i, src[start:end], got[i].Body, want[i].Body)
			}
		}
		t.Fatalf("%q: %d blocks, want %d", src[start:end], len(got), len(want))
	}
	return true
}

// fastCases are sources parseFast must accept (true) or leave to HCL (false).
var fastCases = []struct {
	src  string
	fast bool
}{
	{pieceHeader + pieceAsset("a", "b") + pieceAsset("b", ""), false}, // lon = -2
	{strings.ReplaceAll(pieceHeader+pieceAsset("a", "b")+pieceAsset("b", ""), "-2", "2"), true},
	{"asset a {\n  x = 1\n  y = 1.25e3\n  z = 0.5\n  w = 7E-2\n}\n", true},
	{"asset \"a\" \"b\" {\n\n  t = true\n  f = false\n  n = null\n  s = \"x\"\n  e = []\n  o = {}\n}", true},
	{"asset a {\n  d = [asset.b, asset.c,]\n  o = { a = 1, b = \"x\", c = [1], }\n\tq\t=\tx.y.z \n}\n\n\n", true},
	{"asset a {\n  needs \"power\" {\n    requires = \"any\"\n    dependency {\n      on = asset.b\n    }\n  }\n}\n", true},
	{"a {\n}\nb {\n}\n", true},
	{"", true},
	{"\n\n", true},
	{"asset a {\n  x = 1 # c\n}\n", false},
	{"asset a {\n  x = \"${y}\"\n}\n", false},
	{"asset a {\n  x = \"a\\nb\"\n}\n", false},
	{"asset a {\n  x = \"é\"\n}\n", false},
	{"asset a {\n  x = 1\n  x = 2\n}\n", false},
	{"asset a {\n  x = f(1)\n}\n", false},
	{"asset a {\n  x = a.b[0]\n}\n", false},
	{"asset a {\n  x = a.0\n}\n", false},
	{"asset a {\n  x = a.*.b\n}\n", false},
	{"asset a {\n  x = 1 + 2\n}\n", false},
	{"asset a {\n  x = a ? b : c\n}\n", false},
	{"asset a {\n  x = [for v in y: v]\n}\n", false},
	{"asset a {\n  x = {for k, v in y: k => v}\n}\n", false},
	{"asset a {\n  x = [\n    1,\n  ]\n}\n", false},
	{"asset a {\n  x = { a : 1 }\n}\n", false},
	{"asset a {\n  x = 1e\n}\n", false},
	{"asset a {\n  x = 1.\n}\n", false},
	{"asset a {\n  x = 0x10\n}\n", false},
	{"asset a {\n  x = <<EOT\nhi\nEOT\n}\n", false},
	{"asset a { x = 1 }\n", false},
	{"asset a {\n  x = 1 }\n", false},
	{"asset a {\n  b {}\n}\n", false},
	{"asset a {\n}", true},
	{"asset a {\n} x\n", false},
	{"x = 1\n", false},
	{"asset a {\r\n}\r\n", false},
	{"asset a {\n  x = a . b\n}\n", false},
	{"asset a {\n  x = a::b(1)\n}\n", false},
	{"asset a {\n  x\n}\n", false},
	{"asset a {\n  \"x\" = 1\n}\n", false},
	{"asset a {\n  x = (1)\n}\n", false},
	{"asset a {\n  x = 1,\n}\n", false},
	{"asset a {\n  x = { true = 1 }\n}\n", false},
	{"asset a {\n  x = -1\n}\n", false},
	{"asset a {\n  x = \"\"\n}\n", false},
	{"asset a\n{\n}\n", false},
}

// TestParseFastMatchesHCL holds parseFast against HCL's parser on crafted sources,
// on every piece of the test data, the examples and a generated model, and checks
// that it takes every piece of the generated model.
func TestParseFastMatchesHCL(t *testing.T) {
	for _, tt := range fastCases {
		if got := checkFast(t, []byte(tt.src), 0, len(tt.src), hcl.InitialPos); got != tt.fast {
			t.Errorf("parseFast(%q) accepted %v, want %v", tt.src, got, tt.fast)
		}
	}
	var paths []string
	for _, pattern := range []string{"testdata/*/*.hcl", "testdata/*/*/*.hcl", "../examples/*/*.hcl"} {
		m, _ := filepath.Glob(pattern)
		paths = append(paths, m...)
	}
	dir := t.TempDir()
	if _, err := genFolder(dir, 2000, 2); err != nil {
		t.Fatal(err)
	}
	gen, _ := filepath.Glob(filepath.Join(dir, "*.hcl"))
	if len(paths) < 20 || len(gen) == 0 {
		t.Fatalf("only %d test files and %d generated", len(paths), len(gen))
	}
	accepted := 0
	for _, path := range append(paths, gen...) {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		pf := planPieces(src, "m.hcl", 2000)
		if pf == nil {
			continue
		}
		isGen := strings.HasPrefix(path, dir)
		for i, u := range pf.units {
			ok := checkFast(t, src, u.start, u.end, u.pos)
			if ok {
				accepted++
			}
			if isGen && !ok && bytes.HasPrefix(src[u.start:], []byte("asset")) {
				t.Errorf("%s: parseFast gave up on unit %d: %q", path, i, src[u.start:u.end])
			}
		}
		for _, p := range pf.pieces {
			first, last := pf.units[p.first], pf.units[p.last-1]
			ok := checkFast(t, src, first.start, last.end, first.pos)
			if isGen && !ok {
				t.Errorf("%s: parseFast gave up on the piece at byte %d", path, first.start)
			}
		}
	}
	if accepted < 100 {
		t.Errorf("parseFast accepted only %d units", accepted)
	}
}

// FuzzParseFast holds parseFast against HCL's parser on arbitrary sources.
func FuzzParseFast(f *testing.F) {
	for _, tt := range fastCases {
		f.Add([]byte(tt.src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		checkFast(t, src, 0, len(src), hcl.InitialPos)
	})
}
