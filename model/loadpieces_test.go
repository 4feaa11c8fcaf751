package model

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// loadBoth loads path in pieces of target bytes (every native-syntax file is cut)
// and in the ordinary way, and fails unless the models and the diagnostics are the
// same, printed byte for byte. It returns whether the pieces were used.
func loadBoth(t *testing.T, path string, opts Options, target int) bool {
	t.Helper()
	defer func(min, tg int) { pieceMinSize, pieceTarget = min, tg }(pieceMinSize, pieceTarget)
	pieceMinSize, pieceTarget = 1<<62, splitTarget
	wantP := NewParser()
	want, wantDiags := wantP.Load(path, opts)
	pieceMinSize, pieceTarget = 0, target
	gotP := NewParser()
	got, gotDiags := gotP.Load(path, opts)

	used := false
	for _, f := range gotP.Files() {
		if _, ok := f.Nav.(*blockNav); ok {
			used = true
		}
	}
	if (want == nil) != (got == nil) {
		t.Fatalf("%s, target %d: model %v, want %v", path, target, got != nil, want != nil)
	}
	if want != nil {
		w, g := *want, *got
		w.Files, g.Files = nil, nil
		if !reflect.DeepEqual(&w, &g) {
			t.Fatalf("%s, target %d: the models differ", path, target)
		}
		if len(got.Files) != len(want.Files) {
			t.Fatalf("%s, target %d: %d files, want %d", path, target, len(got.Files), len(want.Files))
		}
	}
	if len(gotDiags) != len(wantDiags) {
		t.Fatalf("%s, target %d: %d diagnostics, want %d:\n%v\n%v", path, target, len(gotDiags), len(wantDiags), gotDiags, wantDiags)
	}
	for i := range gotDiags {
		g, w := gotDiags[i], wantDiags[i]
		if g.Severity != w.Severity || g.Summary != w.Summary || g.Detail != w.Detail || !reflect.DeepEqual(g.Subject, w.Subject) || !reflect.DeepEqual(g.Context, w.Context) {
			t.Fatalf("%s, target %d: diagnostic %d is\n%v\nwant\n%v", path, target, i, g, w)
		}
	}
	var gotText, wantText bytes.Buffer
	if err := WriteDiagnostics(&gotText, gotP.Files(), gotDiags, 80, false); err != nil {
		t.Fatal(err)
	}
	if err := WriteDiagnostics(&wantText, wantP.Files(), wantDiags, 80, false); err != nil {
		t.Fatal(err)
	}
	if gotText.String() != wantText.String() {
		t.Fatalf("%s, target %d: printed diagnostics differ\n got %s\nwant %s", path, target, gotText.String(), wantText.String())
	}
	return used
}

// pieceCases are models for the load in pieces: ones it must take, and ones it
// must give up on (something to report before the warnings, or a top level the
// scan does not read), with the whole load's diagnostics.
var pieceCases = []struct {
	name   string
	src    string
	pieces bool
}{
	{"assets", pieceHeader + pieceAsset("a", "b") + pieceAsset("b", "c") + "\n# end\n" + pieceAsset("c", ""), true},
	{"assets before sectors", pieceAsset("a", "b") + pieceAsset("b", "") + pieceHeader, true},
	{"variable in an asset", pieceHeader + "variable \"d\" {\n  default = \"2h\"\n}\n" + strings.Replace(pieceAsset("a", "b"), `"1h"`, "var.d", 1) + pieceAsset("b", ""), true},
	{"function in an asset", pieceHeader + strings.Replace(pieceAsset("a", "b"), `"1h"`, `format("%dh", 2)`, 1) + pieceAsset("b", ""), true},
	{"warning", pieceHeader + pieceAsset("a", "b") + pieceAsset("b", "a"), true},
	{"unknown supplier", pieceHeader + pieceAsset("a", "x") + pieceAsset("b", ""), false},
	{"bad delay", pieceHeader + strings.Replace(pieceAsset("a", "b"), `"1h"`, `"1 hour"`, 1) + pieceAsset("b", ""), false},
	{"duplicate asset", pieceHeader + pieceAsset("a", "b") + pieceAsset("b", "") + pieceAsset("a", ""), false},
	{"syntax error in an asset", pieceHeader + pieceAsset("a", "b") + "asset \"b\" {\n  sector = \n}\n", false},
	{"unsupported attribute", pieceHeader + strings.Replace(pieceAsset("a", "b"), "label", "lable", 1) + pieceAsset("b", ""), false},
	{"top-level attribute", pieceHeader + "x = 1\n" + pieceAsset("a", ""), false},
	{"two blocks on a line", pieceHeader + "asset \"a\" {\n  sector = sector.s\n} asset \"b\" {\n  sector = sector.s\n}\n", false},
	{"escaped label", pieceHeader + "asset \"a\\u0062\" {\n  sector = sector.s\n}\n", false},
	{"bare label", pieceHeader + "asset a {\n  sector = sector.s\n}\n", true},
	{"two labels", pieceHeader + "asset \"a\" \"b\" {\n  sector = sector.s\n}\n" + pieceAsset("c", ""), false},
	{"invalid name", pieceHeader + "asset \"9a\" {\n  sector = sector.s\n}\n" + pieceAsset("c", ""), false},
	{"unknown sector", pieceHeader + strings.Replace(pieceAsset("a", ""), "sector.s", "sector.t", 1), false},
	{"error elsewhere", pieceHeader + "scenario \"x\" {\n  event \"e\" {\n    targets = [asset.zz]\n  }\n}\n" + pieceAsset("a", ""), false},
	{"unicode", pieceHeader + strings.Replace(pieceAsset("a", ""), "label = \"A\"", "label = \"é}\"", 1) + pieceAsset("b", "a"), true},
	{"heredoc and comments", pieceHeader + "asset \"a\" {\n  sector = sector.s # }\n  label = <<EOT\n}\nasset \"x\" {\nEOT\n  /* } */\n}\n" + pieceAsset("b", "a"), true},
	{"crlf", strings.ReplaceAll(pieceHeader+pieceAsset("a", "b")+pieceAsset("b", ""), "\n", "\r\n"), true},
	{"bom", "\uFEFF" + pieceHeader + pieceAsset("a", "b") + pieceAsset("b", ""), true},
	{"no final newline", pieceHeader + strings.TrimSuffix(pieceAsset("a", ""), "\n"), true},
}

const pieceHeader = "sector \"s\" {\n  label = \"S\"\n}\n\norganization \"o\" {\n  country = \"JP\"\n}\n\n"

// pieceAsset is an asset block named name that depends on dep, if any.
func pieceAsset(name, dep string) string {
	s := "asset \"" + name + "\" {\n  sector = sector.s\n  label = \"A\"\n  operator = organization.o\n  location = { lat = 1.5, lon = -2 }\n"
	if dep != "" {
		s += "  dependency {\n    on = asset." + dep + "\n    delay = \"1h\"\n    probability = 0.5\n  }\n"
	}
	return s + "}\n\n"
}

// TestLoadInPiecesMatchesWhole holds the load in pieces against the ordinary load:
// the crafted cases above, the test data, the examples and a generated model.
func TestLoadInPiecesMatchesWhole(t *testing.T) {
	for _, tt := range pieceCases {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "m.hcl")
			if err := os.WriteFile(path, []byte(tt.src), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, target := range []int{1, 50, 1 << 20} {
				if used := loadBoth(t, path, Options{}, target); used != tt.pieces {
					t.Errorf("target %d: pieces used %v, want %v", target, used, tt.pieces)
				}
			}
		})
	}
	var paths []string
	for _, pattern := range []string{"testdata/valid/*", "testdata/invalid/*", "testdata/warning/*", "../examples/*"} {
		m, _ := filepath.Glob(pattern)
		paths = append(paths, m...)
	}
	if len(paths) < 20 {
		t.Fatalf("only %d test models", len(paths))
	}
	used := 0
	for _, path := range paths {
		if fi, err := os.Stat(path); err != nil || !fi.IsDir() && !strings.HasSuffix(path, ".hcl") && !strings.HasSuffix(path, ".json") {
			continue
		}
		for _, target := range []int{1, 1000} {
			if loadBoth(t, path, Options{}, target) {
				used++
			}
		}
	}
	if used < 10 {
		t.Errorf("pieces used in %d loads of the test models", used)
	}
	dir := t.TempDir()
	if _, err := genFolder(dir, 3000, 2); err != nil {
		t.Fatal(err)
	}
	for _, target := range []int{1, 4096, 64 << 10} {
		if !loadBoth(t, dir, Options{}, target) {
			t.Errorf("target %d: the generated model was not loaded in pieces", target)
		}
	}
	// With mitigations applied, the files are loaded whole.
	if loadBoth(t, "../examples/tokyo-2020", Options{Mitigations: []string{"hospital_fuel"}}, 1) {
		t.Error("pieces used with mitigations")
	}
}

// TestScanBlocks checks the scan of a top level on its own.
func TestScanBlocks(t *testing.T) {
	src := "# c\nsector \"s\" {\n}\n\nasset a {\n  x = \"}\"\n} // c\nlocals {\n}"
	blocks, ok := scanBlocks([]byte(src))
	want := []scannedBlock{
		{end: 19, typ: "sector", label: "s", nlabels: 1},
		{end: 47, typ: "asset", label: "a", nlabels: 1},
		{end: len(src), typ: "locals"},
	}
	if !ok || !reflect.DeepEqual(blocks, want) {
		t.Fatalf("scanBlocks = %v, %v; want %v", blocks, ok, want)
	}
	for _, bad := range []string{"x = 1\n", "a {\n} b {\n}\n", "a \"${x}\" {\n}\n", "a {\n", "a {\n}\n/* x", "a\n{\n}\n", "", "\n# only\n"} {
		if _, ok := scanBlocks([]byte(bad)); ok {
			t.Errorf("scanBlocks(%q) ok", bad)
		}
	}
}

// FuzzLoadInPieces holds the load in pieces against the ordinary load on arbitrary
// sources.
func FuzzLoadInPieces(f *testing.F) {
	for _, tt := range pieceCases {
		f.Add([]byte(tt.src), uint8(1))
	}
	f.Fuzz(func(t *testing.T, src []byte, target uint8) {
		path := filepath.Join(t.TempDir(), "m.hcl")
		if err := os.WriteFile(path, src, 0o644); err != nil {
			t.Fatal(err)
		}
		loadBoth(t, path, Options{}, 1+int(target))
	})
}
