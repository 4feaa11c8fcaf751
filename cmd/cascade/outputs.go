package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/cascade-infra/cascade/internal/atomicfile"
)

// outputFile is one output of a command: where it goes ("" or "-" for stdout) and
// what it holds.
type outputFile struct {
	path  string
	write func(w io.Writer) error
}

// outputFlag is a flag that names an output, for checkOutputs.
type outputFlag struct {
	flag string // "-o", "--diagram"
	path string // "" when not given; "-" is stdout
	// stdoutDefault makes an empty path mean stdout (-o), not "no output" (--diagram).
	stdoutDefault bool
}

// checkOutputs refuses an output that cannot be written (a directory, a loop of
// symbolic links; exit status 1) and, as a usage error, two outputs of one command that would
// land in the same place: the same file (after symbolic links), or stdout twice
// ("-", /dev/stdout, /dev/fd/1). /dev/null may take any number.
func (st *State) checkOutputs(flags ...outputFlag) (int, bool) {
	seen := map[string]string{} // place → flag
	for _, f := range flags {
		path := f.path
		if path == "" && !f.stdoutDefault {
			continue
		}
		key, err := outputPlace(path)
		if err != nil { // a link loop, a directory: it cannot be written
			return st.errorf("%s: %v", f.flag, err), false
		}
		if key == os.DevNull {
			continue
		}
		if prev, dup := seen[key]; dup {
			where := "the same file"
			if key == "fd:1" {
				where = "stdout"
			}
			return st.usageErrorf("%s and %s both write to %s (%s); give them different files", prev, f.flag, where, describePath(path)), false
		}
		seen[key] = f.flag
	}
	return exitOK, true
}

func describePath(path string) string {
	if path == "" || path == "-" {
		return "stdout"
	}
	return path
}

// outputPlace names where an output goes: "fd:N" for stdout and the process's
// file descriptors, else the absolute path of the file after symbolic links.
func outputPlace(path string) (string, error) {
	if path == "" || path == "-" {
		return "fd:1", nil
	}
	t, err := atomicfile.Resolve(path)
	if err != nil {
		return "", err
	}
	if t.FD >= 0 {
		return fmt.Sprintf("fd:%d", t.FD), nil
	}
	abs, err := filepath.Abs(t.Path)
	if err != nil {
		return "", err
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		abs = filepath.Join(dir, filepath.Base(abs))
	}
	return abs, nil
}

// outputs writes every output or none of them. Files are first written to
// temporary files beside their targets; then the outputs written in place
// (stdout, devices, named pipes) are written; only when all of this succeeded are
// the temporary files renamed onto their targets. On any failure, and after an
// interrupt, the temporary files are removed and no target file is touched.
func (st *State) outputs(outs ...outputFile) error {
	var staged []*atomicfile.File
	defer func() {
		for _, f := range staged {
			f.Discard() // after Commit, nothing
		}
	}()
	var inPlace []outputFile
	for _, o := range outs {
		if o.path == "" || o.path == "-" {
			inPlace = append(inPlace, o)
			continue
		}
		if t, err := atomicfile.Resolve(o.path); err != nil {
			return err
		} else if t.InPlace {
			inPlace = append(inPlace, o)
			continue
		}
		f, err := atomicfile.Create(o.path)
		if err != nil {
			return err
		}
		staged = append(staged, f)
		if err := writeBuffered(f.File, false, o.write); err != nil {
			return fmt.Errorf("write %s: %w", o.path, err)
		}
	}
	for _, o := range inPlace {
		if err := st.ctxErr(); err != nil {
			return err
		}
		if o.path == "" || o.path == "-" {
			if err := writeBuffered(st.Stdout, st.StdoutTTY, o.write); err != nil {
				return err
			}
			continue
		}
		if err := atomicfile.Write(o.path, func(f *os.File) error { return writeBuffered(f, false, o.write) }); err != nil {
			return err
		}
	}
	for _, f := range staged {
		if err := f.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// ctxErr reports an interrupted command.
func (st *State) ctxErr() error {
	if st.interrupted() != nil {
		return atomicfile.ErrAborted
	}
	return nil
}
