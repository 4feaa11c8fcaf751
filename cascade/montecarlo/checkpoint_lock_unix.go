//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package montecarlo

import (
	"errors"
	"os"
	"syscall"
)

// lockFile takes an exclusive advisory lock on f without waiting, so that two processes
// never append to one checkpoint. The lock goes with the file descriptor.
func lockFile(f *os.File) error {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return errors.New("in use by another cascade process")
	}
	return err
}
