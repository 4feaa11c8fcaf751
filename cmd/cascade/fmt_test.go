package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

const messy = "sector \"energy\" {\nlabel=\"Energy\"\n  threshold   =   0.5\n}\n"
const tidy = "sector \"energy\" {\n  label     = \"Energy\"\n  threshold = 0.5\n}\n"

func writeFile(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestFmtWrites(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.hcl")
	b := filepath.Join(dir, "sub", "b.hcl")
	ok := filepath.Join(dir, "ok.hcl")
	hidden := filepath.Join(dir, ".git", "c.hcl")
	other := filepath.Join(dir, "notes.txt")
	writeFile(t, a, messy, 0o600)
	writeFile(t, b, messy, 0o644)
	writeFile(t, ok, tidy, 0o644)
	writeFile(t, hidden, messy, 0o644)
	writeFile(t, other, messy, 0o644)

	out, errOut, code := cli(t, nil, "fmt", dir)
	if code != exitOK || errOut != "" {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if out != a+"\n"+b+"\n" {
		t.Errorf("listed %q, want the two changed files", out)
	}
	for _, p := range []string{a, b, ok} {
		if got := readFile(t, p); got != tidy {
			t.Errorf("%s:\n%s", p, got)
		}
	}
	for _, p := range []string{hidden, other} {
		if got := readFile(t, p); got != messy {
			t.Errorf("%s was touched", p)
		}
	}
	if info, _ := os.Stat(a); info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want the file's own 0600", info.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 5 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	// A second run finds nothing to do.
	if out, _, code := cli(t, nil, "fmt", "--check", dir); code != exitOK || out != "" {
		t.Errorf("after formatting: exit %d, %q", code, out)
	}
}

func TestFmtCheckAndDiff(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.hcl")
	writeFile(t, a, messy, 0o644)

	out, _, code := cli(t, nil, "fmt", "--check", a)
	if code != exitChanged || out != a+"\n" || readFile(t, a) != messy {
		t.Errorf("--check: exit %d, out %q; the file must not change", code, out)
	}
	out, _, code = cli(t, nil, "fmt", "--check", "--diff", a)
	label := strings.TrimPrefix(filepath.ToSlash(a), "/")
	want := "--- old/" + label + "\n+++ new/" + label + "\n@@ -1,4 +1,4 @@\n sector \"energy\" {\n-label=\"Energy\"\n-  threshold   =   0.5\n+  label     = \"Energy\"\n+  threshold = 0.5\n }\n"
	if code != exitChanged || out != want {
		t.Errorf("--diff: exit %d\n%s\nwant\n%s", code, out, want)
	}
	if readFile(t, a) != messy {
		t.Errorf("--check --diff wrote the file")
	}
	_, _, code = cli(t, nil, "fmt", "--diff", a)
	if code != exitOK || readFile(t, a) != tidy {
		t.Errorf("--diff without --check: exit %d; the file is written", code)
	}
}

// TestFmtJoinedTokens: where hclwrite's layout would join two tokens into one
// (`0 .00` into the number `0.00`), fmt leaves the file as it is and exits 1.
func TestFmtJoinedTokens(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "joined.hcl")
	src := "sector \"energy\" {\n  threshold = 0 .00\n}\n"
	writeFile(t, path, src, 0o644)
	_, errOut, code := cli(t, nil, "fmt", path)
	if code != exitInvalid {
		t.Errorf("exit %d, want %d", code, exitInvalid)
	}
	if !strings.Contains(errOut, "Cannot format safely") || !strings.Contains(errOut, "line 2") {
		t.Errorf("stderr:\n%s", errOut)
	}
	if readFile(t, path) != src {
		t.Errorf("the file was changed")
	}
}

func TestFmtSyntaxError(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.hcl")
	good := filepath.Join(dir, "good.hcl")
	broken := "sector \"energy\" {\nlabel  =  \n}\n"
	writeFile(t, bad, broken, 0o644)
	writeFile(t, good, messy, 0o644)
	past := time.Now().Add(-time.Hour)
	os.Chtimes(bad, past, past)

	_, errOut, code := cli(t, nil, "fmt", dir)
	if code != exitInvalid {
		t.Errorf("exit %d, want %d", code, exitInvalid)
	}
	if !strings.Contains(errOut, "Error: ") || !strings.Contains(errOut, "bad.hcl not formatted") {
		t.Errorf("stderr:\n%s", errOut)
	}
	if readFile(t, bad) != broken {
		t.Errorf("a file with syntax errors was changed")
	}
	if info, _ := os.Stat(bad); !info.ModTime().Equal(past) {
		t.Errorf("a file with syntax errors was rewritten")
	}
	if readFile(t, good) != tidy {
		t.Errorf("the other files are still formatted")
	}
}

func TestFmtStdin(t *testing.T) {
	run := func(stdin string, args ...string) (string, int) {
		var out, errb bytes.Buffer
		st := &State{Args: append([]string{"fmt"}, args...), Getenv: func(string) string { return "" },
			Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Ctx: context.Background()}
		code := realMain(st)
		return out.String(), code
	}
	if out, code := run(messy, "-"); code != exitOK || out != tidy {
		t.Errorf("stdin: exit %d\n%s", code, out)
	}
	if out, code := run(messy, "--check", "-"); code != exitChanged || out != "" {
		t.Errorf("stdin --check: exit %d %q", code, out)
	}
	if _, code := run("x = (", "-"); code != exitInvalid {
		t.Errorf("stdin with a syntax error: exit %d", code)
	}
	if _, code := run(strings.Repeat("[", 100000), "-"); code != exitInvalid {
		t.Errorf("stdin nested too deeply: exit %d", code)
	}
}

func TestFmtUsage(t *testing.T) {
	if _, _, code := cli(t, nil, "fmt", "--bogus"); code != exitUsage {
		t.Errorf("unknown flag: exit %d", code)
	}
	if _, _, code := cli(t, nil, "fmt", filepath.Join(t.TempDir(), "missing.hcl")); code != exitInvalid {
		t.Errorf("missing file: exit %d", code)
	}
}

func TestUnifiedDiff(t *testing.T) {
	a := "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n"
	b := "1\n2\nthree\n4\n5\n6\n7\n8\n9\n10\neleven\n12\nthirteen"
	var buf bytes.Buffer
	writeUnifiedDiff(&buf, "x.hcl", []byte(a), []byte(b))
	want := `--- old/x.hcl
+++ new/x.hcl
@@ -1,6 +1,6 @@
 1
 2
-3
+three
 4
 5
 6
@@ -8,5 +8,6 @@
 8
 9
 10
-11
+eleven
 12
+thirteen
\ No newline at end of file
`
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
	// Every diff turns the old text into the new one, and equal texts have none.
	cases := [][2]string{{"", "x\n"}}
	r := rand.New(rand.NewPCG(1, 2))
	text := func() string {
		var b strings.Builder
		for range r.IntN(30) {
			fmt.Fprintf(&b, "%c\n", 'a'+r.IntN(4))
		}
		if r.IntN(4) == 0 {
			b.WriteString("end")
		}
		return b.String()
	}
	for range 300 {
		cases = append(cases, [2]string{text(), text()})
	}
	for _, c := range append(cases, [][2]string{{"", "x\n"}, {"x\n", ""}, {"a\nb\nc\n", "c\nb\na\n"}, {"a\na\nb\n", "b\na\na\n"}, {"x", "x\n"}, {a, b}, {b, a}, {a, a}}...) {
		var buf bytes.Buffer
		writeUnifiedDiff(&buf, "x.hcl", []byte(c[0]), []byte(c[1]))
		if c[0] == c[1] {
			if buf.Len() != 0 {
				t.Errorf("equal texts: diff %q", buf.String())
			}
			continue
		}
		if !strings.HasPrefix(buf.String(), "--- old/x.hcl\n+++ new/x.hcl\n@@ ") {
			t.Errorf("diff %q → %q: headers of %q", c[0], c[1], buf.String())
		}
		if got, err := applyUnified(buf.String(), c[0]); err != nil || got != c[1] {
			t.Errorf("diff %q → %q applies to %q, %v:\n%s", c[0], c[1], got, err, buf.String())
		}
	}
}

// applyUnified applies a unified diff of one file to old, checking that every
// context and deleted line is old's and that the hunk counts are right, as
// patch(1) would.
func applyUnified(diff, old string) (string, error) {
	lines := strings.SplitAfter(diff, "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[0], "--- ") || !strings.HasPrefix(lines[1], "+++ ") {
		return "", fmt.Errorf("no file headers")
	}
	src := strings.SplitAfter(old, "\n")
	if src[len(src)-1] == "" {
		src = src[:len(src)-1]
	}
	var out strings.Builder
	next := 0 // index in src of the next line to copy
	for i := 2; i < len(lines) && lines[i] != ""; {
		h := strings.TrimSuffix(lines[i], "\n")
		f := strings.Fields(h)
		if len(f) != 4 || f[0] != "@@" || f[3] != "@@" || f[1][0] != '-' || f[2][0] != '+' {
			return "", fmt.Errorf("bad hunk header %q", h)
		}
		a, b, err1 := hunkRange(f[1][1:])
		_, d, err2 := hunkRange(f[2][1:])
		if err := errors.Join(err1, err2); err != nil {
			return "", fmt.Errorf("hunk header %q: %v", h, err)
		}
		if b > 0 {
			a-- // first line, from 1; with a count of 0, the line before
		}
		if a < next || a > len(src) {
			return "", fmt.Errorf("hunk %q out of order", h)
		}
		for ; next < a; next++ {
			out.WriteString(src[next])
		}
		i++
		for b > 0 || d > 0 {
			if i >= len(lines) || lines[i] == "" {
				return "", fmt.Errorf("hunk %q is short", h)
			}
			l := lines[i]
			i++
			text := l[1:]
			if i < len(lines) && lines[i] == "\\ No newline at end of file\n" {
				text = strings.TrimSuffix(text, "\n")
				i++
			}
			switch l[0] {
			case ' ', '-':
				if next >= len(src) || src[next] != text {
					return "", fmt.Errorf("line %d is %q, the diff says %q", next+1, src[min(next, len(src)-1)], text)
				}
				next++
				b--
				if l[0] == ' ' {
					out.WriteString(text)
					d--
				}
			case '+':
				out.WriteString(text)
				d--
			default:
				return "", fmt.Errorf("bad line %q", l)
			}
		}
		if b != 0 || d != 0 {
			return "", fmt.Errorf("hunk %q: counts do not match its lines", h)
		}
	}
	for ; next < len(src); next++ {
		out.WriteString(src[next])
	}
	return out.String(), nil
}

// hunkRange parses "start,count" or "start" (a count of 1).
func hunkRange(s string) (start, count int, err error) {
	first, rest, ok := strings.Cut(s, ",")
	if start, err = strconv.Atoi(first); err != nil {
		return 0, 0, err
	}
	count = 1
	if ok {
		count, err = strconv.Atoi(rest)
	}
	return start, count, err
}
