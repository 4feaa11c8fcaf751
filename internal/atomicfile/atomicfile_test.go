package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteReplacesWholeFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	if err := WriteBytes(path, []byte("first")); err != nil {
		t.Fatal(err)
	}
	if err := WriteBytes(path, []byte("second")); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != "second" {
		t.Fatalf("got %q, %v; want second", got, err)
	}
}

func TestWriteFailureLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := Write(path, func(f *os.File) error {
		f.WriteString("partial")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	got, _ := os.ReadFile(path)
	if string(got) != "old" {
		t.Fatalf("file changed to %q", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("temporary files left behind: %v", entries)
	}
}

func TestWriteMissingDirectory(t *testing.T) {
	if err := WriteBytes(filepath.Join(t.TempDir(), "no", "such", "f"), nil); err == nil {
		t.Fatal("want an error for a missing directory")
	}
}

// TestWriteDevice checks that a device is written to, never replaced: renaming a
// temporary file over /dev/null would break the whole machine.
func TestWriteDevice(t *testing.T) {
	before, err := os.Stat(os.DevNull)
	if err != nil || before.Mode().IsRegular() {
		t.Skipf("%s is not a device here", os.DevNull)
	}
	if err := WriteBytes(os.DevNull, []byte("discarded")); err != nil {
		t.Fatal(err)
	}
	after, err := os.Stat(os.DevNull)
	if err != nil || after.Mode() != before.Mode() {
		t.Fatalf("%s changed: %v, %v", os.DevNull, after.Mode(), err)
	}
}

func TestWriteDirectory(t *testing.T) {
	if err := WriteBytes(t.TempDir(), []byte("x")); err == nil {
		t.Fatal("want an error for a directory")
	}
}

// TestWriteThroughSymlink checks that a link to a regular file stays a link: the
// target gets the new content, written beside it.
func TestWriteThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(sub, "real.txt")
	if err := os.WriteFile(target, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.txt")
	if err := os.Symlink("sub/real.txt", link); err != nil {
		t.Fatal(err)
	}
	chain := filepath.Join(dir, "chain.txt")
	if err := os.Symlink("link.txt", chain); err != nil {
		t.Fatal(err)
	}
	if err := WriteBytes(chain, []byte("new")); err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{link, chain} {
		if fi, err := os.Lstat(l); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Fatalf("%s is no longer a symbolic link: %v", l, err)
		}
	}
	fi, err := os.Stat(target)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("target mode %v, %v; want 0600 kept", fi.Mode(), err)
	}
	if got, _ := os.ReadFile(target); string(got) != "new" {
		t.Fatalf("target holds %q", got)
	}
	// A dangling link creates its target.
	dangling := filepath.Join(dir, "dangling.txt")
	if err := os.Symlink("sub/new.txt", dangling); err != nil {
		t.Fatal(err)
	}
	if err := WriteBytes(dangling, []byte("x")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(sub, "new.txt")); string(got) != "x" {
		t.Fatalf("dangling link's target holds %q", got)
	}
	// A loop is an error, not a hang.
	loop := filepath.Join(dir, "loop")
	os.Symlink("loop", loop)
	if err := WriteBytes(loop, nil); err == nil {
		t.Fatal("want an error for a symbolic link loop")
	}
}

func TestResolveFileDescriptors(t *testing.T) {
	for path, fd := range map[string]int{"/dev/stdout": 1, "/dev/stderr": 2, "/dev/fd/1": 1, "/proc/self/fd/7": 7, "/dev/fd/01": -1} {
		tg, err := Resolve(path)
		if err != nil && fd >= 0 {
			t.Fatal(err)
		}
		if fd >= 0 && (tg.FD != fd || !tg.InPlace) {
			t.Errorf("Resolve(%s) = %+v, want fd %d in place", path, tg, fd)
		}
		if fd < 0 && tg.FD >= 0 {
			t.Errorf("Resolve(%s) = %+v, want no file descriptor", path, tg)
		}
	}
}

// TestAbort checks that an interrupted write leaves nothing and commits nothing.
func TestAbort(t *testing.T) {
	dir := t.TempDir()
	f, err := Create(filepath.Join(dir, "out"))
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("partial")
	Abort()
	defer func() { mu.Lock(); aborted = false; mu.Unlock() }()
	if err := f.Commit(); !errors.Is(err, ErrAborted) {
		t.Fatalf("Commit after Abort: %v, want ErrAborted", err)
	}
	if err := WriteBytes(filepath.Join(dir, "later"), nil); !errors.Is(err, ErrAborted) {
		t.Fatalf("Write after Abort: %v, want ErrAborted", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("left behind: %v", entries)
	}
}
