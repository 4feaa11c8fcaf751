//go:build unix

package atomicfile

import "syscall"

// dup duplicates a file descriptor of the process.
func dup(fd int) (int, error) { return syscall.Dup(fd) }
