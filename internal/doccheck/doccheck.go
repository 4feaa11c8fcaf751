// Package doccheck finds references in the repository's documentation and Go
// sources that point at documents the repository does not hold.
//
// The repository owns its contract: docs/semantics.md, docs/language.md and
// docs/cli.md. A citation of a document kept elsewhere, or a link to a file that
// was moved or deleted, leaves the reader with nothing to follow. Check reports
// three kinds of problem:
//
//   - RuleExternal: the all-capitals name of the external specification (the
//     word S-P-E-C, or its file name), in a Go comment or a *.md file;
//   - RuleLink: a relative Markdown link or image in a *.md file whose target
//     file or folder does not exist, or whose #fragment names no heading of the
//     Markdown file it points to;
//   - RuleDocsPath: a path under docs/ named in a Go comment or a *.md file
//     that does not exist (paths under docs/ are relative to the repository's
//     root).
//
// The repository's own test (doccheck_test.go) runs Check on the whole
// repository, so a dangling reference fails CI.
package doccheck

import (
	"fmt"
	"go/scanner"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// The rules of a Problem.
const (
	RuleExternal = "external-spec" // cites the specification that is not in the repository
	RuleLink     = "broken-link"   // a relative Markdown link to a missing file or heading
	RuleDocsPath = "missing-doc"   // a docs/... path that does not exist
)

// Problem is one dangling reference.
type Problem struct {
	File string // slash-separated path relative to the root given to Check
	Line int    // 1-based line number
	Rule string // RuleExternal, RuleLink or RuleDocsPath
	Text string // what was found: the word, the link target or the path
}

// String formats p as "file:line: rule: text", the way compilers report.
func (p Problem) String() string {
	return fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, p.Rule, p.Text)
}

var (
	// externalRe matches the specification's name as a word. The character class
	// keeps this source file from matching itself.
	externalRe = regexp.MustCompile(`\bS[P]EC\b`)
	// docsPathRe matches a path under docs/, ending at a letter or digit so that
	// a full stop or a closing bracket after it is not part of it.
	docsPathRe = regexp.MustCompile(`(^|[^A-Za-z0-9_./-])(docs/[A-Za-z0-9_./-]*[A-Za-z0-9_])`)
	// inlineLinkRe matches [text](target) and ![alt](target); the target ends
	// at a space (before a title) or at the closing parenthesis.
	inlineLinkRe = regexp.MustCompile(`!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+[^)]*)?\)`)
	// refLinkRe matches a reference definition: [label]: target.
	refLinkRe = regexp.MustCompile(`^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s.*)?$`)
	// codeSpanRe matches inline code, whose contents are not links.
	codeSpanRe = regexp.MustCompile("`+[^`]*`+")
	// schemeRe matches a target with a URL scheme (https:, mailto:).
	schemeRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)
)

// Check walks the tree under root and returns every dangling reference in the
// comments of its *.go files and in its *.md files, ordered by file and line. It skips hidden folders (.git),
// and folders named testdata or vendor below root. In Markdown, fenced code
// blocks are not read: the commands in them name the files they write.
func Check(root string) ([]Problem, error) {
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != root && skipDir(d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(p, ".go") || strings.HasSuffix(p, ".md") {
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("walk %s: %w", root, err)
	}
	slices.Sort(files)
	c := &checker{root: root, anchors: map[string]map[string]bool{}}
	for _, f := range files {
		if err := c.file(f); err != nil {
			return nil, err
		}
	}
	return c.problems, nil
}

func skipDir(name string) bool {
	return strings.HasPrefix(name, ".") || name == "testdata" || name == "vendor"
}

type checker struct {
	root     string
	problems []Problem
	anchors  map[string]map[string]bool // Markdown file -> its heading anchors
}

func (c *checker) report(file string, line int, rule, text string) {
	c.problems = append(c.problems, Problem{File: file, Line: line, Rule: rule, Text: text})
}

// file checks one file, named relative to the root with slashes.
func (c *checker) file(name string) error {
	data, err := os.ReadFile(filepath.Join(c.root, filepath.FromSlash(name)))
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	markdown := strings.HasSuffix(name, ".md")
	lines := goComments(data)
	if markdown {
		lines = strings.Split(string(data), "\n")
	}
	fenced := false
	for i, line := range lines {
		n := i + 1
		if externalRe.MatchString(line) {
			c.report(name, n, RuleExternal, strings.TrimSpace(line))
		}
		if markdown && isFence(line) {
			fenced = !fenced
			continue
		}
		if fenced {
			continue // commands in a code block name the files they write
		}
		prose := line
		if markdown {
			// A link's target is checked as a link, below, not again as a path.
			prose = inlineLinkRe.ReplaceAllString(prose, "")
			prose = refLinkRe.ReplaceAllString(prose, "")
		}
		for _, m := range docsPathRe.FindAllStringSubmatch(prose, -1) {
			if !c.exists(m[2]) {
				c.report(name, n, RuleDocsPath, m[2])
			}
		}
		if !markdown {
			continue
		}
		text := codeSpanRe.ReplaceAllString(line, "")
		var targets []string
		for _, m := range inlineLinkRe.FindAllStringSubmatch(text, -1) {
			targets = append(targets, m[1])
		}
		if m := refLinkRe.FindStringSubmatch(text); m != nil {
			targets = append(targets, m[1])
		}
		for _, t := range targets {
			if msg := c.link(name, t); msg != "" {
				c.report(name, n, RuleLink, msg)
			}
		}
	}
	return nil
}

// goComments returns the lines of a Go source file with everything but its
// comments blanked out, so that line numbers stay those of the file. Code and
// string literals are not read: help texts are checked through docs/cli.md,
// which mirrors them.
func goComments(src []byte) []string {
	lines := make([]string, strings.Count(string(src), "\n")+1)
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(file, src, nil, scanner.ScanComments)
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok != token.COMMENT {
			continue
		}
		first := file.Line(pos) - 1
		for i, l := range strings.Split(lit, "\n") {
			if first+i < len(lines) {
				lines[first+i] += l
			}
		}
	}
	return lines
}

// isFence reports whether a Markdown line opens or closes a fenced code block.
func isFence(line string) bool {
	t := strings.TrimSpace(line)
	return strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")
}

// exists reports whether the slash-separated path rel (relative to the root)
// names a file or folder.
func (c *checker) exists(rel string) bool {
	_, err := os.Stat(filepath.Join(c.root, filepath.FromSlash(rel)))
	return err == nil
}

// link checks the target of a link in the Markdown file from and returns what
// is wrong with it, or "".
func (c *checker) link(from, target string) string {
	if schemeRe.MatchString(target) || strings.HasPrefix(target, "//") {
		return "" // a URL: not checked
	}
	target, frag, _ := strings.Cut(target, "#")
	target, _, _ = strings.Cut(target, "?")
	file := from
	if target != "" {
		if strings.HasPrefix(target, "/") {
			return target + " (absolute path; use a relative one)"
		}
		file = path.Clean(path.Join(path.Dir(from), target))
		if file == ".." || strings.HasPrefix(file, "../") {
			return target + " (outside the repository)"
		}
		if !c.exists(file) {
			return target + " (no such file)"
		}
	}
	if frag == "" || !strings.HasSuffix(file, ".md") {
		return ""
	}
	anchors, err := c.headings(file)
	if err != nil {
		return target + "#" + frag + " (" + err.Error() + ")"
	}
	if !anchors[frag] {
		return target + "#" + frag + " (no such heading)"
	}
	return ""
}

// headings returns the anchors of the headings of the Markdown file rel, as
// GitHub makes them: lower case, punctuation dropped, spaces as hyphens, and
// "-1", "-2" ... after repeats.
func (c *checker) headings(rel string) (map[string]bool, error) {
	if a, ok := c.anchors[rel]; ok {
		return a, nil
	}
	data, err := os.ReadFile(filepath.Join(c.root, filepath.FromSlash(rel)))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", rel, err)
	}
	a := map[string]bool{}
	seen := map[string]int{}
	fenced := false
	for _, line := range strings.Split(string(data), "\n") {
		if isFence(line) {
			fenced = !fenced
			continue
		}
		if fenced || !strings.HasPrefix(line, "#") {
			continue
		}
		title := strings.TrimLeft(line, "#")
		if title != "" && title[0] != ' ' {
			continue // "#tag", not a heading
		}
		slug := Anchor(title)
		if k := seen[slug]; k > 0 {
			a[fmt.Sprintf("%s-%d", slug, k)] = true
		} else {
			a[slug] = true
		}
		seen[slug]++
	}
	c.anchors[rel] = a
	return a, nil
}

// Anchor returns the fragment that GitHub gives a Markdown heading's text:
// lower case, letters, digits, hyphens and underscores kept, spaces turned
// into hyphens, everything else dropped.
func Anchor(title string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(title)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}
