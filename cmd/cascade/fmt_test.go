package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
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
	if !strings.Contains(errOut, "Error: ") || !strings.Contains(errOut, "bad.hcl has syntax errors; not formatted") {
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
	// Every edit script must turn a into b.
	for _, c := range [][2]string{{"", "x\n"}, {"x\n", ""}, {"a\nb\nc\n", "c\nb\na\n"}, {"a\na\nb\n", "b\na\na\n"}} {
		x, y := splitLines([]byte(c[0])), splitLines([]byte(c[1]))
		var got []string
		i, j := 0, 0
		for _, op := range diffLines(x, y) {
			switch op {
			case ' ':
				got = append(got, x[i])
				i, j = i+1, j+1
			case '-':
				i++
			case '+':
				got = append(got, y[j])
				j++
			}
		}
		if strings.Join(got, "") != c[1] || i != len(x) || j != len(y) {
			t.Errorf("diff %q → %q gives %q", c[0], c[1], strings.Join(got, ""))
		}
	}
}
