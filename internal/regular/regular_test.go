package regular

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	link := filepath.Join(dir, "link")
	os.Symlink(fifo, link)
	zero := filepath.Join(dir, "zero")
	os.Symlink("/dev/zero", zero)
	for _, p := range []string{fifo, link, zero, "/dev/zero", dir} {
		done := make(chan error, 1)
		go func() {
			_, err := ReadFile(p, 1<<20)
			done <- err
		}()
		select {
		case err := <-done:
			if !errors.Is(err, ErrNotRegular) {
				t.Errorf("%s: %v, want ErrNotRegular", p, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: blocked", p)
		}
	}
	if _, err := OpenFile(fifo, os.O_RDWR|os.O_CREATE, 0o644); !errors.Is(err, ErrNotRegular) {
		t.Errorf("OpenFile(fifo, O_RDWR): %v", err)
	}
	_, err := ReadFile(fifo, 1)
	if err == nil || !strings.Contains(err.Error(), "named pipe") {
		t.Errorf("message: %v", err)
	}
}

func TestLimit(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	os.WriteFile(p, []byte("12345"), 0o644)
	if b, err := ReadFile(p, 5); err != nil || string(b) != "12345" {
		t.Fatal(b, err)
	}
	if _, err := ReadFile(p, 4); !errors.Is(err, ErrTooLarge) {
		t.Fatal(err)
	}
	// Enforced while reading: a reader that never ends.
	if _, err := ReadAll(strings.NewReader(strings.Repeat("x", 100)), "r", 10); !errors.Is(err, ErrTooLarge) {
		t.Fatal(err)
	}
}
