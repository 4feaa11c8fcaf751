// Package testenv tells the tests and benchmarks of cascade's packages about the
// environment they run in: whether the race detector is on, and the process's CPU time.
package testenv
