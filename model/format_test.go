package model

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
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
			out := Format(src)
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
	if out := Format(src); !bytes.Equal(out, src) {
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
	if again := Format(out); !bytes.Equal(again, out) {
		t.Fatalf("not idempotent:\n--- once\n%s\n--- twice\n%s", out, again)
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
		out := Format(src)
		if _, diags := ParseSource(out, "fuzz.hcl"); diags.HasErrors() {
			t.Fatalf("formatted source does not parse: %v\n%s", diags, out)
		}
		checkFormatted(t, src, out)
	})
}
