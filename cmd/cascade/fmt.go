package main

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/cascade-infra/cascade/internal/atomicfile"
	"github.com/cascade-infra/cascade/model"
)

func init() {
	register(command{name: "fmt", synopsis: "rewrite model files in the canonical layout", run: runFmt})
}

const fmtAbout = `Rewrite HCL model files in the canonical layout, as terraform fmt does:
indentation, aligned equals signs, spacing. A folder is formatted with every *.hcl
file inside it, recursively (hidden folders and files, and editor backups, are
skipped); with no PATH, the current folder. "-" formats standard input to
standard output.

A file with a syntax error is never touched: its errors are printed and the
exit status is 1. Files are replaced atomically. The names of the files that
change are printed. --check writes nothing and exits with status 3 when a file
would change; --diff prints the changes as a unified diff.`

func runFmt(st *State, args []string) int {
	fs := st.flagSet("fmt", "[--check] [--diff] [PATH...]", fmtAbout)
	check := fs.Bool("check", false, "write nothing; exit 3 when a file is not formatted")
	diff := fs.Bool("diff", false, "print the changes as a unified diff")
	noColor := fs.Bool("no-color", false, "never colour diagnostics")
	if code, ok := st.parse(fs, args); !ok {
		return code
	}
	paths := fs.Args()
	if len(paths) == 0 {
		paths = []string{"."}
	}
	f := &formatter{st: st, check: *check, diff: *diff, noColor: *noColor}
	for _, p := range paths {
		if p == "-" {
			f.stdin()
			continue
		}
		f.path(p)
	}
	switch {
	case f.failed:
		return exitInvalid
	case f.check && f.changed:
		return exitChanged
	}
	return exitOK
}

// formatter formats files and remembers what happened.
type formatter struct {
	st          *State
	check, diff bool
	noColor     bool
	changed     bool // a file is, or was, not formatted
	failed      bool // a file could not be read, parsed or written
}

// format returns src in the canonical layout, or diagnostics when src does
// not parse: a formatter that works on tokens would mangle a broken file.
func format(src []byte, name string) ([]byte, *hcl.File, hcl.Diagnostics) {
	f, diags := model.ParseSource(src, name)
	if diags.HasErrors() {
		return nil, f, diags
	}
	return model.Format(src), f, nil
}

func (f *formatter) report(name string, file *hcl.File, diags hcl.Diagnostics) {
	f.st.printDiagnostics(map[string]*hcl.File{name: file}, diags, f.noColor)
	fmt.Fprintf(f.st.Stderr, "cascade fmt: %s has syntax errors; not formatted\n", name)
	f.failed = true
}

func (f *formatter) stdin() {
	src, err := io.ReadAll(f.st.Stdin)
	if err != nil {
		f.st.errorf("fmt: reading standard input: %v", err)
		f.failed = true
		return
	}
	out, file, diags := format(src, "<stdin>")
	if diags.HasErrors() {
		f.report("<stdin>", file, diags)
		return
	}
	if !bytes.Equal(src, out) {
		f.changed = true
	}
	switch {
	case f.diff:
		writeUnifiedDiff(f.st.Stdout, "<stdin>", src, out)
	case !f.check:
		f.st.Stdout.Write(out)
	}
}

// path formats a file, or every *.hcl file under a folder.
func (f *formatter) path(p string) {
	info, err := os.Stat(p)
	if err != nil {
		f.st.errorf("fmt: %v", err)
		f.failed = true
		return
	}
	if !info.IsDir() {
		if strings.HasSuffix(p, ".json") {
			f.st.errorf("fmt: %s: only HCL native syntax is formatted, not JSON", p)
			f.failed = true
			return
		}
		f.file(p, info.Mode().Perm())
		return
	}
	err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			f.st.errorf("fmt: %v", err)
			f.failed = true
			return nil
		}
		name := d.Name()
		if path != p && (strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || strings.HasPrefix(name, "#")) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !strings.HasSuffix(name, ".hcl") || !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			f.st.errorf("fmt: %v", err)
			f.failed = true
			return nil
		}
		f.file(path, info.Mode().Perm())
		return nil
	})
	if err != nil {
		f.st.errorf("fmt: %v", err)
		f.failed = true
	}
}

func (f *formatter) file(path string, mode fs.FileMode) {
	src, err := os.ReadFile(path)
	if err != nil {
		f.st.errorf("fmt: %v", err)
		f.failed = true
		return
	}
	out, file, diags := format(src, path)
	if diags.HasErrors() {
		f.report(path, file, diags)
		return
	}
	if bytes.Equal(src, out) {
		return
	}
	f.changed = true
	if f.diff {
		writeUnifiedDiff(f.st.Stdout, path, src, out)
	} else {
		fmt.Fprintln(f.st.Stdout, path)
	}
	if f.check {
		return
	}
	err = atomicfile.Write(path, func(w *os.File) error {
		if err := w.Chmod(mode); err != nil {
			return err
		}
		_, err := w.Write(out)
		return err
	})
	if err != nil {
		f.st.errorf("fmt: %v", err)
		f.failed = true
	}
}

// diffContext is the number of unchanged lines around each change of a
// unified diff.
const diffContext = 3

// maxDiffEdits bounds the work of the line diff: beyond that many inserted
// and deleted lines, the differing middle of the files is shown as one
// replacement.
const maxDiffEdits = 4000

// writeUnifiedDiff writes the differences between a and b, the old and new
// content of name, as a unified diff ("--- old/name", "+++ new/name", hunks).
// It writes nothing when they are equal.
func writeUnifiedDiff(w io.Writer, name string, a, b []byte) {
	if bytes.Equal(a, b) {
		return
	}
	x, y := splitLines(a), splitLines(b)
	ops := diffLines(x, y)
	label := strings.TrimPrefix(filepath.ToSlash(name), "/")
	fmt.Fprintf(w, "--- old/%s\n+++ new/%s\n", label, label)
	// Group the edit script into hunks with context.
	type line struct {
		kind byte // ' ', '-', '+'
		text string
		i, j int // line indexes in x and y before this line
	}
	var lines []line
	i, j := 0, 0
	for _, op := range ops {
		switch op {
		case ' ':
			lines = append(lines, line{' ', x[i], i, j})
			i++
			j++
		case '-':
			lines = append(lines, line{'-', x[i], i, j})
			i++
		case '+':
			lines = append(lines, line{'+', y[j], i, j})
			j++
		}
	}
	for k := 0; k < len(lines); {
		if lines[k].kind == ' ' {
			k++
			continue
		}
		start := max(0, k-diffContext)
		end := k
		for end < len(lines) {
			if lines[end].kind != ' ' {
				end++
				continue
			}
			// A run of context: does another change follow within 2*context?
			run := end
			for run < len(lines) && lines[run].kind == ' ' {
				run++
			}
			if run < len(lines) && run-end <= 2*diffContext {
				end = run
				continue
			}
			end = min(end+diffContext, len(lines))
			break
		}
		oldStart, newStart := lines[start].i, lines[start].j
		oldN, newN := 0, 0
		for _, l := range lines[start:end] {
			if l.kind != '+' {
				oldN++
			}
			if l.kind != '-' {
				newN++
			}
		}
		fmt.Fprintf(w, "@@ -%s +%s @@\n", hunkRange(oldStart, oldN), hunkRange(newStart, newN))
		for _, l := range lines[start:end] {
			fmt.Fprintf(w, "%c%s", l.kind, l.text)
			if len(l.text) == 0 || l.text[len(l.text)-1] != '\n' {
				fmt.Fprint(w, "\n\\ No newline at end of file\n")
			}
		}
		k = end
	}
}

func hunkRange(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	if n == 1 {
		return fmt.Sprint(start + 1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

// splitLines splits s after each newline; the last line may lack one.
func splitLines(s []byte) []string {
	var out []string
	for len(s) > 0 {
		i := bytes.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, string(s))
			break
		}
		out = append(out, string(s[:i+1]))
		s = s[i+1:]
	}
	return out
}

// diffLines returns an edit script from x to y: ' ' keep, '-' delete from x,
// '+' insert from y. It is a shortest script (Myers' algorithm) when at most
// maxDiffEdits edits are needed, and otherwise replaces the middle that
// remains after the common prefix and suffix.
func diffLines(x, y []string) []byte {
	pre := 0
	for pre < len(x) && pre < len(y) && x[pre] == y[pre] {
		pre++
	}
	suf := 0
	for suf < len(x)-pre && suf < len(y)-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	var ops []byte
	for range pre {
		ops = append(ops, ' ')
	}
	mid := myers(x[pre:len(x)-suf], y[pre:len(y)-suf])
	if mid == nil {
		for range len(x) - pre - suf {
			mid = append(mid, '-')
		}
		for range len(y) - pre - suf {
			mid = append(mid, '+')
		}
	}
	ops = append(ops, mid...)
	for range suf {
		ops = append(ops, ' ')
	}
	return ops
}

// myers returns a shortest edit script from x to y, or nil when it needs more
// than maxDiffEdits edits.
func myers(x, y []string) []byte {
	n, m := len(x), len(y)
	if n == 0 && m == 0 {
		return []byte{}
	}
	maxD := min(n+m, maxDiffEdits)
	off := maxD + 1
	v := make([]int, 2*maxD+3)
	var trace [][]int
	for d := 0; d <= maxD; d++ {
		trace = append(trace, append([]int(nil), v...))
		for k := -d; k <= d; k += 2 {
			var xi int
			if k == -d || k != d && v[off+k-1] < v[off+k+1] {
				xi = v[off+k+1] // down: insertion
			} else {
				xi = v[off+k-1] + 1 // right: deletion
			}
			yi := xi - k
			for xi < n && yi < m && x[xi] == y[yi] {
				xi++
				yi++
			}
			v[off+k] = xi
			if xi >= n && yi >= m {
				return backtrack(trace, off, d, k, n, m)
			}
		}
	}
	return nil
}

// backtrack rebuilds the edit script from the saved frontiers.
func backtrack(trace [][]int, off, d, k, n, m int) []byte {
	var rev []byte
	xi, yi := n, m
	for ; d > 0; d-- {
		v := trace[d] // the frontier before step d
		var prevK int
		if k == -d || k != d && v[off+k-1] < v[off+k+1] {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := v[off+prevK]
		prevY := prevX - prevK
		for xi > prevX && yi > prevY {
			rev = append(rev, ' ')
			xi--
			yi--
		}
		if xi == prevX {
			rev = append(rev, '+')
			yi--
		} else {
			rev = append(rev, '-')
			xi--
		}
		k = prevK
	}
	for xi > 0 && yi > 0 {
		rev = append(rev, ' ')
		xi--
		yi--
	}
	out := make([]byte, len(rev))
	for i, op := range rev {
		out[len(rev)-1-i] = op
	}
	return out
}
