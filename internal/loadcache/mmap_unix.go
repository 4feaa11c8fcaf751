//go:build unix

package loadcache

import (
	"fmt"
	"os"
	"syscall"
)

// mapFile maps the first size bytes of f into memory, read-only, and returns them
// with what unmaps them.
func mapFile(f *os.File, size int64) ([]byte, func(), error) {
	if size <= 0 || int64(int(size)) != size {
		return nil, nil, fmt.Errorf("map %s: size %d", f.Name(), size)
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, fmt.Errorf("map %s: %w", f.Name(), err)
	}
	return b, func() { syscall.Munmap(b) }, nil
}
