package doccheck

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestRepository fails on every dangling reference in the repository: a
// citation of the external specification, a relative Markdown link to a missing
// file or heading, or a docs/... path that does not exist.
func TestRepository(t *testing.T) {
	root := repoRoot(t)
	problems, err := Check(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) == 0 {
		return
	}
	var b strings.Builder
	for _, p := range problems {
		b.WriteString("\n\t" + p.String())
	}
	t.Errorf("%d dangling references (paths relative to %s):%s\n\n"+
		"Cite the repository's own contract instead of the external specification: "+
		"docs/semantics.md (propagation), docs/language.md (the model language), "+
		"docs/cli.md (the command line and its JSON objects); fix or remove links to missing files.",
		len(problems), root, b.String())
}

// external is the word the checker refuses, spelled so that the test source
// itself does not contain it.
const external = "S" + "PEC"

// fixtureTree copies testdata/tree into a temporary folder, writing the
// external word where the fixture files hold the placeholder @EXT@ (the
// repository must not contain the word, not even in the checker's fixtures).
func fixtureTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "tree"))); err != nil {
		t.Fatal(err)
	}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(path, []byte(strings.ReplaceAll(string(b), "@EXT@", external)), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// repoRoot returns the folder holding go.mod, above the test's folder.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
}

// TestCheckTree runs Check on a small tree with one of each kind of reference,
// good and bad, and expects exactly the bad ones.
func TestCheckTree(t *testing.T) {
	got, err := Check(fixtureTree(t))
	if err != nil {
		t.Fatal(err)
	}
	want := []Problem{
		{"README.md", 7, RuleLink, "docs/gone.md (no such file)"},
		{"README.md", 8, RuleLink, "docs/guide.md#nowhere (no such heading)"},
		{"README.md", 9, RuleLink, "#no-such (no such heading)"},
		{"README.md", 12, RuleLink, "img/missing.png (no such file)"},
		{"README.md", 13, RuleLink, "../outside.md (outside the repository)"},
		{"README.md", 13, RuleLink, "/docs/guide.md (absolute path; use a relative one)"},
		{"README.md", 14, RuleDocsPath, "docs/absent.md"},
		{"README.md", 15, RuleExternal, "- the propagation rules of " + external + " section 2"},
		{"README.md", 21, RuleLink, "docs/also-gone.md (no such file)"},
		{"pkg/a.go", 1, RuleDocsPath, "docs/missing.md"},
		{"pkg/a.go", 4, RuleExternal, "// Usage is a help text that cites the external " + external + ".md."},
		{"pkg/a.go", 9, RuleDocsPath, "docs/nope.md"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("Check(testdata/tree):\ngot:\n%s\nwant:\n%s", lines(got), lines(want))
	}
}

// TestCheckPlanted plants each kind of bad reference in a copy-free tree of its
// own and checks that Check reports it, and that the tree is clean without it.
func TestCheckPlanted(t *testing.T) {
	tests := []struct {
		name, file, text, rule string
	}{
		{"external word in Go", "a.go", "// Package a follows " + external + " section 2.\npackage a\n", RuleExternal},
		{"external file in Markdown", "a.md", "As " + external + ".md says.\n", RuleExternal},
		{"missing link", "a.md", "See [b](b.md).\n", RuleLink},
		{"missing docs path in Go", "a.go", "// Package a: see docs/b.md.\npackage a\n", RuleDocsPath},
		{"missing heading", "a.md", "# A\n\nSee [a](a.md#b).\n", RuleLink},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, tt.file), []byte(tt.text), 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := Check(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || got[0].Rule != tt.rule || got[0].File != tt.file {
				t.Errorf("Check = %v, want one %s problem in %s", got, tt.rule, tt.file)
			}
		})
	}
	t.Run("clean", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.MkdirAll(filepath.Join(dir, "docs"), 0o755); err != nil {
			t.Fatal(err)
		}
		files := map[string]string{
			"docs/b.md": "# B\n\n## Section two\n",
			"a.md":      "See [b](docs/b.md#section-two), docs/b.md and the spec-like word " + external + "TRUM.\n",
			"a.go":      "// Package a: see docs/b.md.\npackage a\n",
		}
		for name, text := range files {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if got, err := Check(dir); err != nil || len(got) != 0 {
			t.Errorf("Check = %v, %v; want no problems", got, err)
		}
	})
}

func TestAnchor(t *testing.T) {
	tests := []struct{ title, want string }{
		{" JSON output", "json-output"},
		{" Ranking: `cascade rank`", "ranking-cascade-rank"},
		{" Values: durations, probabilities", "values-durations-probabilities"},
		{" needs (supply groups)", "needs-supply-groups"},
		{" Supply groups: what an asset needs", "supply-groups-what-an-asset-needs"},
		{" 変電所 の例", "変電所-の例"},
	}
	for _, tt := range tests {
		if got := Anchor(tt.title); got != tt.want {
			t.Errorf("Anchor(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
}

func lines(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("\t" + p.String() + "\n")
	}
	return b.String()
}
