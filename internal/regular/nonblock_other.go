//go:build !unix

package regular

import "os"

// NonBlock is 0: there are no named pipes to wait for here.
const NonBlock = 0

func clearNonBlock(*os.File) error { return nil }
