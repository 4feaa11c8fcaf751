//go:build !race

package cascade

// raceEnabled reports whether the tests run under the race detector.
const raceEnabled = false
