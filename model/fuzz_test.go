package model

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// FuzzLoad loads arbitrary bytes as a native-syntax and as a JSON model file.
// Loading must never panic; a model comes back exactly when there is no
// error; every diagnostic of the file points into it; and when the nesting
// check lets a file through, HCL's own lexer agrees that it nests no deeper
// than MaxNesting, so the parser cannot overflow the stack; and
// WriteDiagnostics prints the diagnostics exactly as HCL's writer does
// (except after a lone carriage return, see below).
func FuzzLoad(f *testing.F) {
	var seeds []string
	for _, pattern := range []string{"testdata/*/*.hcl", "testdata/*/*/*.hcl", "testdata/*/*.hcl.json", "testdata/*/*/*.hcl.json", "../examples/*/*.hcl", "../examples/*/*/*.hcl"} {
		m, _ := filepath.Glob(pattern)
		seeds = append(seeds, m...)
	}
	for _, s := range seeds {
		src, err := os.ReadFile(s)
		if err == nil {
			f.Add(src, strings.HasSuffix(s, ".json"))
		}
	}
	f.Add([]byte("x = "+strings.Repeat("(", 300)), false)
	f.Add([]byte(`{"asset": {"a": {"sector": "${"+strings.Repeat("(", 300)+"}"}}}`), true)
	f.Fuzz(func(t *testing.T, src []byte, isJSON bool) {
		name := "fuzz.hcl"
		if isJSON {
			name = "fuzz.hcl.json"
		}
		fsys := fstest.MapFS{name: {Data: src}}
		p := NewParser()
		m, diags := p.Load(name, Options{FS: fsys})
		if (m == nil) != diags.HasErrors() {
			t.Fatalf("model %v with errors %v", m != nil, diags.HasErrors())
		}
		for _, d := range diags {
			if d.Subject != nil && d.Subject.Filename != name {
				t.Fatalf("diagnostic in %q: %v", d.Subject.Filename, d)
			}
		}
		if checkNesting(src, name) == nil && !isJSON {
			if depth := lexDepth(src); depth > MaxNesting {
				t.Fatalf("nesting check passed, but the lexer finds depth %d", depth)
			}
		}
		var fast bytes.Buffer
		if err := WriteDiagnostics(&fast, p.Files(), diags, 80, true); err != nil {
			t.Fatal(err)
		}
		var slow bytes.Buffer
		if err := hcl.NewDiagnosticTextWriter(&slow, p.Files(), 80, true).WriteDiagnostics(diags); err != nil {
			t.Fatal(err)
		}
		// HCL's writer numbers snippet lines after a lone carriage return one
		// higher than the diagnostic's own line, and adds a blank line after a
		// snippet whose highlight splits an invalid UTF-8 sequence (such files are
		// refused as "Not a text file"); WriteDiagnostics does neither.
		loneCR := bytes.Contains(bytes.ReplaceAll(src, []byte("\r\n"), nil), []byte("\r"))
		// WriteDiagnostics also clips long snippets (snippetLines, snippetWidth).
		clipped := strings.Count(fast.String(), "…") > strings.Count(slow.String(), "…") ||
			strings.Contains(fast.String(), " more lines)\n")
		if fast.String() != slow.String() && !loneCR && !clipped && utf8.Valid(src) {
			t.Fatalf("WriteDiagnostics differs from HCL's writer:\n%q\n%q", fast.String(), slow.String())
		}
	})
}

// lexDepth is the deepest nesting of HCL tokens in src.
func lexDepth(src []byte) int {
	toks, _ := hclsyntax.LexConfig(src, "x.hcl", hcl.InitialPos)
	depth, deepest := 0, 0
	for _, t := range toks {
		switch t.Type {
		case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenOParen,
			hclsyntax.TokenOQuote, hclsyntax.TokenOHeredoc,
			hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
			depth++
			deepest = max(deepest, depth)
		case hclsyntax.TokenCBrace, hclsyntax.TokenCBrack, hclsyntax.TokenCParen,
			hclsyntax.TokenCQuote, hclsyntax.TokenCHeredoc, hclsyntax.TokenTemplateSeqEnd:
			depth = max(0, depth-1)
		}
	}
	return deepest
}

// TestNestingScanner compares the byte scanner with HCL's lexer on inputs
// that try to hide nesting in strings, comments and heredocs.
func TestNestingScanner(t *testing.T) {
	deep := strings.Repeat("(", MaxNesting+5) + "1" + strings.Repeat(")", MaxNesting+5)
	hidden := []string{
		"x = \"a\\\"b\" + " + deep,                                // escaped quote
		"x = \"# not a comment\" + " + deep,                       // comment sign in a string
		"# \"\nx = " + deep,                                       // quote in a comment
		"/* \" */ x = " + deep,                                    // quote in a block comment
		"x = <<EOT\n\"\nEOT\ny = " + deep,                         // quote in a heredoc
		"x = <<-EOT\n  ${" + deep + "}\n  EOT\n",                  // interpolation in a heredoc
		"x = \"${\"${" + deep + "}\"}\"",                          // nested templates
		"x = \"$${\" + " + deep,                                   // escaped interpolation
		"x = \"unterminated\ny = " + deep,                         // a quote ends at its line
		"x = \"%{ if " + deep + " }x%{ endif }\"",                 // template directive
		"x = {a = " + deep + "}",                                  // object
		"x = [for i in [1] : " + deep + "]",                       // for expression
		"x = \"\\\\\" + " + deep,                                  // escaped backslash
		"x = 1 <= " + strings.Repeat("1 <= ", MaxOperators) + "1", // <= is one operator
	}
	for i, src := range hidden {
		if checkNesting([]byte(src), "x.hcl") == nil {
			t.Errorf("case %d: nesting not found in %.60q (lexer depth %d)", i, src, lexDepth([]byte(src)))
		}
	}
	fine := []string{
		"x = \"" + strings.Repeat("(", 1000) + "\"",           // parentheses in a string
		"# " + strings.Repeat("[", 1000),                      // in a comment
		"x = <<EOT\n" + strings.Repeat("{", 1000) + "\nEOT\n", // in a heredoc
		"x = [" + strings.Repeat("1 + 1, ", 5000) + "1]",      // many short expressions
		"x = \"$${" + strings.Repeat("(", 1000) + "\"",        // escaped interpolation
	}
	for i, src := range fine {
		if d := checkNesting([]byte(src), "x.hcl"); d != nil {
			t.Errorf("case %d: refused %.60q: %s", i, src, d.Detail)
		}
	}
	jsonDeep := `{"sector": {"s": {"label": "${` + strings.Repeat("(", MaxNesting) + `1` + strings.Repeat(")", MaxNesting) + `}"}}}`
	if checkNesting([]byte(jsonDeep), "x.hcl.json") == nil {
		t.Errorf("JSON: nesting inside a string template not found")
	}
	jsonFine := `{"sector": {"s": {"label": "` + strings.Repeat("(", 1000) + `"}}}`
	if d := checkNesting([]byte(jsonFine), "x.hcl.json"); d != nil {
		t.Errorf("JSON: refused parentheses in a plain string: %s", d.Detail)
	}
}
