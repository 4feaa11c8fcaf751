// Package regular opens and reads regular files only. A named pipe, a device such
// as /dev/zero, a socket or a directory — directly or through a symbolic link —
// is refused with an error that says what it is, before anything is read from it
// and without blocking (opening a named pipe for reading waits for a writer; this
// package does not). Sizes are limited while reading, not only by the size the
// file had when it was opened, so a file that grows is refused too.
package regular

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// ErrNotRegular is the error (wrapped) for a path that is not a regular file.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is the error (wrapped) for a file larger than the limit.
var ErrTooLarge = errors.New("file too large")

// NotRegularError says what a path is instead of a regular file.
type NotRegularError struct {
	Path string
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is %s, not a regular file", e.Path, Describe(e.Mode))
}

func (e *NotRegularError) Unwrap() error { return ErrNotRegular }

// Describe names the kind of file of a mode: "a named pipe (FIFO)", "a device"…
func Describe(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m.IsRegular():
		return "a regular file"
	}
	return "a special file"
}

// Open opens name for reading when it is a regular file (after symbolic links).
func Open(name string) (*os.File, error) {
	return OpenFile(name, os.O_RDONLY, 0)
}

// OpenFile is os.OpenFile for regular files only: flag may add os.O_RDWR,
// os.O_CREATE and the like; a path that exists and is not a regular file is
// refused without blocking, whatever flag says.
func OpenFile(name string, flag int, perm fs.FileMode) (*os.File, error) {
	f, err := os.OpenFile(name, flag|NonBlock, perm)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, &NotRegularError{Path: name, Mode: info.Mode()}
	}
	if err := clearNonBlock(f); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// ReadFile reads the regular file name, of at most limit bytes.
func ReadFile(name string, limit int64) ([]byte, error) {
	f, err := Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadAll(f, name, limit)
}

// ReadFS reads the regular file name of fsys, of at most limit bytes. With a nil
// fsys it is ReadFile.
func ReadFS(fsys fs.FS, name string, limit int64) ([]byte, error) {
	if fsys == nil {
		return ReadFile(name, limit)
	}
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &NotRegularError{Path: name, Mode: info.Mode()}
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadAll(f, name, limit)
}

// ReadAll reads r, the file name, refusing more than limit bytes: it never holds
// more than limit+1 bytes, however much r has.
func ReadAll(r io.Reader, name string, limit int64) ([]byte, error) {
	size := int64(0)
	if f, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
			if info.Size() > limit {
				return nil, fmt.Errorf("%s is %d bytes, more than the limit of %d: %w", name, info.Size(), limit, ErrTooLarge)
			}
			size = info.Size()
		}
	}
	// A regular file is read into a buffer of its size (plus one byte, to see it grow)
	// instead of io.ReadAll's doubling, which clears and copies about twice the file;
	// the limit is still enforced on what is read.
	buf := make([]byte, 0, size+1)
	src, err := readLimited(buf, io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(src)) > limit {
		return nil, fmt.Errorf("%s is larger than the limit of %d bytes: %w", name, limit, ErrTooLarge)
	}
	return src, nil
}

// readLimited appends everything r returns to buf, growing it as needed. Not
// bytes.Buffer.ReadFrom: that grows the buffer (copying it) whenever less than 512
// bytes are free, so a buffer of the file's size plus one would be copied once more
// just to see the end of the file.
func readLimited(buf []byte, r io.Reader) ([]byte, error) {
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}
