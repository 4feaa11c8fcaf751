package model

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestLanguageDocTopLevelBlocks checks that docs/language.md lists every
// top-level block of a model file, and no other, in its "Top-level blocks are"
// sentence.
func TestLanguageDocTopLevelBlocks(t *testing.T) {
	b, err := os.ReadFile("../docs/language.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	i := strings.Index(doc, "Top-level blocks are ")
	if i < 0 {
		t.Fatal(`docs/language.md has no "Top-level blocks are" sentence`)
	}
	sentence := doc[i:]
	sentence = sentence[:strings.Index(sentence, "in any order")]
	sentence = regexp.MustCompile(`\([^)]*\)`).ReplaceAllString(sentence, "") // asides
	var listed []string
	for _, m := range regexp.MustCompile("`([a-z_]+)`").FindAllStringSubmatch(sentence, -1) {
		listed = append(listed, m[1])
	}
	var want []string
	for _, bl := range fileSchema.Blocks {
		want = append(want, bl.Type)
	}
	slices.Sort(listed)
	slices.Sort(want)
	if !slices.Equal(listed, want) {
		t.Errorf("docs/language.md lists the top-level blocks %q; the file schema has %q", listed, want)
	}
}
