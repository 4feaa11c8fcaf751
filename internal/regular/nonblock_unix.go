//go:build unix

package regular

import (
	"os"
	"syscall"
)

// NonBlock, added to os.OpenFile's flag, opens a named pipe without waiting for
// its other end.
const NonBlock = syscall.O_NONBLOCK

// clearNonBlock puts a regular file back in blocking mode (which, for a regular
// file, changes nothing but keeps the descriptor as os.Open leaves it).
func clearNonBlock(f *os.File) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var serr error
	if err := rc.Control(func(fd uintptr) { serr = syscall.SetNonblock(int(fd), false) }); err != nil {
		return err
	}
	return serr
}
