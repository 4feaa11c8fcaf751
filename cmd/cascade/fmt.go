package main

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/aymanbagabas/go-udiff"
	"github.com/hashicorp/hcl/v2"

	"github.com/cascade-infra/cascade/internal/atomicfile"
	"github.com/cascade-infra/cascade/internal/regular"
	"github.com/cascade-infra/cascade/model"
)

func init() {
	register(command{name: "fmt", synopsis: "rewrite model files in the canonical layout", run: runFmt})
}

const fmtAbout = `Rewrite HCL model files in the canonical layout, as terraform fmt does:
indentation, aligned equals signs, spacing. A folder is formatted with every *.hcl
file inside it, recursively (hidden folders and files, and editor backups, are
skipped); with no PATH, the current folder (said on stderr; never the embedded
example, which cannot be rewritten). "-" formats standard input to
standard output.

A file with a syntax error is never touched: its errors are printed and the
exit status is 1. So is a file whose layout would change its tokens (the
spacing rules would join "0 .5" into the number "0.5"): fmt names the line. Files are replaced atomically. The names of the files that
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
		// The rule of the other commands (modelArg), except that the embedded
		// example, read-only, is never the fallback: fmt rewrites files.
		fmt.Fprintln(st.Stderr, "cascade: no PATH given: formatting the current folder")
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
	out, err := model.Format(src)
	if err != nil {
		return nil, f, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Cannot format safely",
			Detail:   fmt.Sprintf("%s: %v.", name, err),
		}}
	}
	return out, f, nil
}

func (f *formatter) report(name string, file *hcl.File, diags hcl.Diagnostics) {
	f.st.printDiagnostics(map[string]*hcl.File{name: file}, diags, f.noColor)
	fmt.Fprintf(f.st.Stderr, "cascade fmt: %s not formatted\n", name)
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
	src, err := regular.ReadFile(path, model.MaxFileSize)
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

// writeUnifiedDiff writes the differences between a and b, the old and new
// content of name, as a unified diff ("--- old/name", "+++ new/name", hunks
// with udiff.DefaultContextLines lines of context). It writes nothing when
// they are equal.
func writeUnifiedDiff(w io.Writer, name string, a, b []byte) {
	label := strings.TrimPrefix(filepath.ToSlash(name), "/")
	io.WriteString(w, udiff.Unified("old/"+label, "new/"+label, string(a), string(b)))
}
