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

// splitCases are sources for the tests of parseNative: constructs that hide braces and
// line ends from a naive scan, and errors in every piece.
var splitCases = []struct {
	name string
	src  string
	cut  bool // whether parseNative must use the pieces (no fallback) at target 1
}{
	{"blocks", "a \"x\" {\n  v = 1\n}\nb \"y\" {\n  v = [1,\n 2]\n}\n\nc {}\n", true},
	{"comments", "a {\n} # }\n// {\nb {\n} /* {\n*/\nc {\n}\n", true},
	{"strings", "a {\n  s = \"}\\\"\\n{\"\n}\nb {\n  t = \"${ {a = \"}\"} }\"\n}\nc {}\n", true},
	{"heredoc", "a {\n  h = <<EOT\n}\nb {\n}\n  EOT\n}\nc {\n  h = <<-X\n  ${ \"}\" }\n  X\n}\nd {}\n", true},
	{"attributes", "x = 1\na {\n}\ny = 2\nb {\n}\nz = {\n}\n", true},
	{"duplicate attribute across pieces", "x = 1\na {\n}\nx = 2\n", false},
	{"error in the first piece", "a {\n  v = \n}\nb {\n}\n", false},
	{"error in the last piece", "a {\n}\nb {\n  v = (1\n}\n", false},
	{"unclosed block", "a {\n}\nb {\n", false},
	{"unterminated heredoc", "a {\n}\nb {\n  h = <<EOT\n}\nc {\n}\n", false},
	{"unterminated comment", "a {\n}\n/* b {\n}\nc {\n}\n", false},
	{"crlf", "a {\r\n  v = 1\r\n}\r\nb {\r\n}\r\n", true},
	{"bom", "\xef\xbb\xbfa {\n}\nb {\n}\n", true},
	{"no final newline", "a {\n}\nb {\n}", true},
	{"one line", "a {} b {}\n", false},
	{"unicode", "a \"é\" {\n  v = \"ü}\"\n}\nb {\n}\n", true},
}

// wantParse is the whole-file parse that parseNative must match.
func wantParse(src []byte, name string) (*hclsyntax.Body, hcl.Diagnostics) {
	f, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	return f.Body.(*hclsyntax.Body), diags
}

// checkSplit compares parseNative at target with the whole parse of src: the same
// body, ranges included, and the same diagnostics, printed and as values.
func checkSplit(t *testing.T, src []byte, name string, target int) {
	t.Helper()
	want, wantDiags := wantParse(src, name)
	f, diags := parseNative(src, name, target)
	got, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		t.Fatalf("target %d: body %T", target, f.Body)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("target %d: body differs from the whole file's\n got %#v\nwant %#v", target, got, want)
	}
	if !reflect.DeepEqual(diags, wantDiags) {
		t.Fatalf("target %d: diagnostics differ\n got %v\nwant %v", target, diags, wantDiags)
	}
	files := map[string]*hcl.File{name: {Body: want, Bytes: src}}
	var gotText, wantText bytes.Buffer
	if err := hcl.NewDiagnosticTextWriter(&gotText, files, 80, false).WriteDiagnostics(diags); err != nil {
		t.Fatal(err)
	}
	if err := hcl.NewDiagnosticTextWriter(&wantText, files, 80, false).WriteDiagnostics(wantDiags); err != nil {
		t.Fatal(err)
	}
	if gotText.String() != wantText.String() {
		t.Fatalf("target %d: printed diagnostics differ\n got %s\nwant %s", target, gotText.String(), wantText.String())
	}
	if !bytes.Equal(f.Bytes, src) {
		t.Fatalf("target %d: the file's bytes are not its source", target)
	}
}

// TestParseNativeMatchesWhole holds the parse in pieces against the whole file's on the
// cases above, the test data, the examples and a generated model, at targets that cut
// at every boundary, at some and at none.
func TestParseNativeMatchesWhole(t *testing.T) {
	for _, tt := range splitCases {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(tt.src)
			for _, target := range []int{1, 4, 9, 1 << 20} {
				checkSplit(t, src, "case.hcl", target)
			}
			cuts := topLevelCuts(src, 1)
			_, ok := parsePieces(src, "case.hcl", cuts)
			if used := len(cuts) > 0 && ok; used != tt.cut {
				t.Errorf("pieces used %v, want %v (cuts %v)", used, tt.cut, cuts)
			}
		})
	}
	var files []string
	for _, pattern := range []string{"testdata/*/*.hcl", "testdata/*/*/*.hcl", "../examples/*/*.hcl", "../examples/*/*/*.hcl"} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	if len(files) < 20 {
		t.Fatalf("only %d test files", len(files))
	}
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, target := range []int{1, 100, 1000} {
			checkSplit(t, src, name, target)
		}
	}
	var sb strings.Builder
	if err := genModel(&sb, 2000, 7); err != nil {
		t.Fatal(err)
	}
	src := []byte(sb.String())
	for _, target := range []int{1, 4096, 64 << 10} {
		checkSplit(t, src, "gen.hcl", target)
		if cuts := topLevelCuts(src, target); len(cuts) < min(len(src)/target, 2000)/2 {
			t.Errorf("target %d: %d cuts in %d bytes", target, len(cuts), len(src))
		}
	}
}

// FuzzParseNative holds the parse in pieces against the whole file's on arbitrary
// sources and targets.
func FuzzParseNative(f *testing.F) {
	for _, tt := range splitCases {
		f.Add([]byte(tt.src), uint8(1))
	}
	for _, pattern := range []string{"testdata/*/*.hcl", "../examples/*/*.hcl"} {
		m, _ := filepath.Glob(pattern)
		for _, name := range m {
			if src, err := os.ReadFile(name); err == nil {
				f.Add(src, uint8(40))
			}
		}
	}
	f.Fuzz(func(t *testing.T, src []byte, target uint8) {
		if checkText(src, "fuzz.hcl") != nil || checkNesting(src, "fuzz.hcl") != nil {
			return // parseSource refuses these before parsing
		}
		checkSplit(t, src, "fuzz.hcl", 1+int(target))
	})
}
