//go:build !unix

package atomicfile

import "errors"

// dup is not available here: file descriptor paths are a Unix notion.
func dup(int) (int, error) { return -1, errors.New("file descriptors cannot be named here") }
