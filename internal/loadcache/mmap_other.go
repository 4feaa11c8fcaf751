//go:build !unix

package loadcache

import (
	"errors"
	"os"
)

// mapFile is not available here: entries are read (see entryData).
func mapFile(f *os.File, size int64) ([]byte, func(), error) {
	return nil, nil, errors.New("no memory-mapped files on this system")
}
