// Package atomicfile writes files so that readers see either the old content or the
// complete new content, never a partial file.
//
// A path that is a symbolic link is followed: the temporary file is written beside
// the link's final target and renamed onto it, so the link stays a link. A path that
// is (or leads to) a device, a named pipe or one of the process's own file
// descriptors (/dev/stdout, /dev/fd/N, /proc/self/fd/N) is written in place.
//
// Abort, called when the process is interrupted, removes every temporary file being
// written and makes every later commit fail, so that an interrupted command leaves
// no output behind.
package atomicfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// ErrAborted is the error of a write that would have completed after Abort.
var ErrAborted = errors.New("interrupted")

// maxLinks is how many symbolic links a path may pass through, as Linux's
// MAXSYMLINKS.
const maxLinks = 40

var (
	mu      sync.Mutex
	aborted bool
	pending = map[string]bool{} // temporary files being written
)

// Abort removes every temporary file being written and makes every later Commit
// (and Write) fail with ErrAborted. It is safe to call from any goroutine, more
// than once.
func Abort() {
	mu.Lock()
	defer mu.Unlock()
	aborted = true
	for tmp := range pending {
		os.Remove(tmp)
	}
	clear(pending)
}

// Target is where a write to a path goes.
type Target struct {
	// Path is the file written: the path with every symbolic link followed.
	Path string
	// FD is the file descriptor written in place for /dev/stdout, /dev/fd/N and
	// the like, else -1.
	FD int
	// InPlace reports that the target is written in place, not replaced: a
	// device, a named pipe or a file descriptor.
	InPlace bool
}

// Resolve follows path's symbolic links and reports where a write to it goes. A
// path that does not exist (or a link to one) is a new regular file.
func Resolve(path string) (Target, error) {
	p := filepath.Clean(path)
	for range maxLinks {
		if fd, ok := fdPath(p); ok {
			return Target{Path: p, FD: fd, InPlace: true}, nil
		}
		info, err := os.Lstat(p)
		switch {
		case errors.Is(err, os.ErrNotExist):
			return Target{Path: p, FD: -1}, nil
		case err != nil:
			return Target{}, fmt.Errorf("write %s: %w", path, err)
		case info.Mode()&os.ModeSymlink != 0:
			link, err := os.Readlink(p)
			if err != nil {
				return Target{}, fmt.Errorf("write %s: %w", path, err)
			}
			if !filepath.IsAbs(link) {
				link = filepath.Join(filepath.Dir(p), link)
			}
			p = filepath.Clean(link)
		case info.IsDir():
			return Target{}, fmt.Errorf("write %s: is a directory", path)
		case info.Mode().IsRegular():
			return Target{Path: p, FD: -1}, nil
		default:
			return Target{Path: p, FD: -1, InPlace: true}, nil
		}
	}
	return Target{}, fmt.Errorf("write %s: too many levels of symbolic links", path)
}

// fdPath recognizes the names of the process's own file descriptors.
func fdPath(p string) (int, bool) {
	switch p {
	case "/dev/stdin":
		return 0, true
	case "/dev/stdout":
		return 1, true
	case "/dev/stderr":
		return 2, true
	}
	for _, prefix := range []string{"/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/"} {
		if rest, ok := strings.CutPrefix(p, prefix); ok {
			if n, err := strconv.Atoi(rest); err == nil && n >= 0 && strconv.Itoa(n) == rest {
				return n, true
			}
		}
	}
	if rest, ok := strings.CutPrefix(p, "/proc/"+strconv.Itoa(os.Getpid())+"/fd/"); ok {
		if n, err := strconv.Atoi(rest); err == nil && n >= 0 && strconv.Itoa(n) == rest {
			return n, true
		}
	}
	return 0, false
}

// File is a write in progress: a temporary file beside its target, or the target
// itself when it is written in place. Commit completes it, Discard abandons it.
type File struct {
	*os.File
	path   string // as the caller named it, for messages
	target Target
	tmp    string // the temporary file, "" when written in place
	done   bool
}

// Create starts a write to path: the returned File is a temporary file in the
// directory of path's target (after symbolic links), or the target itself when
// it is a device, a named pipe or a file descriptor of this process.
func Create(path string) (*File, error) {
	t, err := Resolve(path)
	if err != nil {
		return nil, err
	}
	if t.FD >= 0 {
		fd, err := dup(t.FD)
		if err != nil {
			return nil, fmt.Errorf("write %s: %w", path, err)
		}
		return &File{File: os.NewFile(uintptr(fd), path), path: path, target: t}, nil
	}
	if t.InPlace {
		f, err := os.OpenFile(t.Path, os.O_WRONLY, 0)
		if err != nil {
			return nil, fmt.Errorf("write %s: %w", path, err)
		}
		return &File{File: f, path: path, target: t}, nil
	}
	dir, base := filepath.Split(t.Path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if aborted {
		f.Close()
		os.Remove(f.Name())
		return nil, fmt.Errorf("write %s: %w", path, ErrAborted)
	}
	pending[f.Name()] = true
	return &File{File: f, path: path, target: t, tmp: f.Name()}, nil
}

// Target reports where the file goes.
func (f *File) Target() Target { return f.target }

// InPlace reports whether the file is its target, written in place (Discard then
// cannot undo what was written).
func (f *File) InPlace() bool { return f.tmp == "" }

// Commit completes the write: a temporary file is synced, given the target's
// permissions (0644 for a new file) and renamed onto the target. After Abort it
// fails with ErrAborted and removes the temporary file.
func (f *File) Commit() (err error) {
	if f.done {
		return fmt.Errorf("write %s: already completed", f.path)
	}
	f.done = true
	if f.tmp == "" {
		if err := f.File.Close(); err != nil {
			return fmt.Errorf("write %s: %w", f.path, err)
		}
		return nil
	}
	defer func() {
		if err != nil {
			f.File.Close()
			os.Remove(f.tmp)
			forget(f.tmp)
		}
	}()
	mode := os.FileMode(0o644)
	if st, statErr := os.Stat(f.target.Path); statErr == nil {
		mode = st.Mode().Perm()
	}
	if err = f.File.Chmod(mode); err != nil {
		return fmt.Errorf("write %s: %w", f.path, err)
	}
	if err = f.File.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", f.path, err)
	}
	if err = f.File.Close(); err != nil {
		return fmt.Errorf("write %s: %w", f.path, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if aborted {
		return fmt.Errorf("write %s: %w", f.path, ErrAborted)
	}
	if err = os.Rename(f.tmp, f.target.Path); err != nil {
		return fmt.Errorf("write %s: %w", f.path, err)
	}
	delete(pending, f.tmp)
	return nil
}

// Discard abandons the write: the temporary file is removed and the target left
// untouched (a target written in place keeps what was written). Discarding a
// completed write does nothing.
func (f *File) Discard() {
	if f.done {
		return
	}
	f.done = true
	f.File.Close()
	if f.tmp != "" {
		os.Remove(f.tmp)
		forget(f.tmp)
	}
}

func forget(tmp string) {
	mu.Lock()
	delete(pending, tmp)
	mu.Unlock()
}

// Write calls fill with a new File for path and, when fill succeeds, commits it.
// When fill fails the write is discarded and path is left untouched.
func Write(path string, fill func(f *os.File) error) error {
	f, err := Create(path)
	if err != nil {
		return err
	}
	if err := fill(f.File); err != nil {
		f.Discard()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Commit()
}

// WriteBytes writes data to path atomically.
func WriteBytes(path string, data []byte) error {
	return Write(path, func(f *os.File) error {
		_, err := f.Write(data)
		return err
	})
}
