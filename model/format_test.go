package model

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

func TestFormat(t *testing.T) {
	paths, _ := filepath.Glob("testdata/format/*.hcl")
	if len(paths) < 3 {
		t.Fatalf("only %d format tests", len(paths))
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if _, diags := ParseSource(src, path); diags.HasErrors() {
				t.Fatalf("test input does not parse: %v", diags)
			}
			out := mustFormat(t, src)
			checkGolden(t, "format_"+filepath.Base(path), string(out))
			checkFormatted(t, src, out)
		})
	}
}

// TestFormatFormatted checks that a well-formatted file (the language example, also a
// valid-model fixture) is left as it is.
func TestFormatFormatted(t *testing.T) {
	src, err := os.ReadFile("testdata/valid/language_example.hcl")
	if err != nil {
		t.Fatal(err)
	}
	if out := mustFormat(t, src); !bytes.Equal(out, src) {
		t.Errorf("a formatted file changed:\n%s", out)
	}
}

// checkFormatted checks what formatting promises: the same tokens and line
// breaks, only other spaces; a result that parses; and idempotence.
func checkFormatted(t *testing.T, src, out []byte) {
	t.Helper()
	if a, b := tokenText(src), tokenText(out); a != b {
		t.Fatalf("formatting changed more than spaces:\n%q\n%q", a, b)
	}
	if bytes.Count(src, []byte("\n")) != bytes.Count(out, []byte("\n")) {
		t.Fatalf("formatting changed the number of lines")
	}
	if again := mustFormat(t, out); !bytes.Equal(again, out) {
		t.Fatalf("not idempotent:\n--- once\n%s\n--- twice\n%s", out, again)
	}
}

func mustFormat(t *testing.T, src []byte) []byte {
	t.Helper()
	out, err := Format(src)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestFormatJoinedTokens checks that Format refuses a layout that would change
// the tokens (hclwrite drops the space in `0 .00`, which makes one number of two
// tokens) and names the line, instead of changing what the file says.
func TestFormatJoinedTokens(t *testing.T) {
	src := []byte("a {\n  b = 1\n  c = 0 .00\n}\n")
	if _, diags := ParseSource(src, "t.hcl"); diags.HasErrors() {
		t.Fatalf("the case no longer parses: %v", diags)
	}
	_, err := Format(src)
	if err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Fatalf("Format(%q) error = %v, want one naming line 3", src, err)
	}
}

// tokenText is the sequence of token types and bytes of src, with the
// whitespace inside templates included, as that must not change either.
func tokenText(src []byte) string {
	toks, _ := hclsyntax.LexConfig(src, "", hcl.InitialPos)
	var b strings.Builder
	for _, t := range toks {
		b.WriteString(t.Type.String())
		b.WriteByte(' ')
		b.Write(t.Bytes)
		b.WriteByte('\n')
	}
	return b.String()
}

// FuzzFormat formats arbitrary source that parses: Format must not panic,
// must change only spaces between tokens, and format(format(x)) == format(x).
func FuzzFormat(f *testing.F) {
	for _, pattern := range []string{"testdata/*/*.hcl", "../examples/*/*.hcl"} {
		paths, _ := filepath.Glob(pattern)
		for _, p := range paths {
			if src, err := os.ReadFile(p); err == nil {
				f.Add(src)
			}
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if _, diags := ParseSource(src, "fuzz.hcl"); diags.HasErrors() {
			return
		}
		out, err := Format(src)
		if err != nil {
			// Refused: the layout would have joined tokens. The refusal must be
			// right: hclwrite's output lexes differently.
			if _, same := sameTokens(src, hclwrite.Format(src)); same {
				t.Fatalf("refused a file whose layout keeps its tokens: %v", err)
			}
			return
		}
		if _, diags := ParseSource(out, "fuzz.hcl"); diags.HasErrors() {
			t.Fatalf("formatted source does not parse: %v\n%s", diags, out)
		}
		checkFormatted(t, src, out)
	})
}
