package shard

import "fmt"

// InterruptedError is returned by a batch or a ranking stopped by its context: it says
// how much was completed. A batch's completed chunks are in its checkpoint, if any.
type InterruptedError struct {
	Done  int64  // work items completed (for a batch, including those read from a checkpoint)
	Total int64  // work items of the run (this shard, every scenario)
	Unit  string // what the items are: "trials" or "runs"
	// DoneChunks and TotalChunks count a batch's chunks; 0 for a ranking.
	DoneChunks  int
	TotalChunks int
	Cause       error // the context's error
}

// Error says how much was completed.
func (e *InterruptedError) Error() string {
	if e.TotalChunks == 0 {
		return fmt.Sprintf("interrupted after %d of %d %s", e.Done, e.Total, e.Unit)
	}
	return fmt.Sprintf("interrupted after %d of %d %s (%d of %d chunks)", e.Done, e.Total, e.Unit, e.DoneChunks, e.TotalChunks)
}

// Unwrap returns the context's error.
func (e *InterruptedError) Unwrap() error { return e.Cause }
