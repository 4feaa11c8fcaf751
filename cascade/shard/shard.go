// Package shard splits long computations — a Monte Carlo batch, a ranking — into
// deterministic slices that separate processes run, and defines the part file in which a
// slice carries its exact result to cascade merge.
package shard

import "fmt"

// Shard is one of Count deterministic slices of a batch's work: shard Index (0-based)
// of Count takes the contiguous range of work items [Index·n/Count, (Index+1)·n/Count)
// of n (chunks of trials for batch, assets or pairs for rank). The zero value is
// treated as the whole run, like Shard{0, 1}.
type Shard struct {
	Index int // 0 <= Index < Count
	Count int // number of shards, >= 1
}

// Whole is the shard of an unsharded run.
var Whole = Shard{0, 1}

// MaxCount is the largest number of shards of a run: a Kubernetes Indexed Job
// has at most 100,000 completions, a Slurm array far fewer tasks.
const MaxCount = 1_000_000

// Norm returns s with the zero value replaced by Whole.
func (s Shard) Norm() Shard {
	if s.Count == 0 {
		return Whole
	}
	return s
}

// Range returns the half-open range [lo, hi) of the n work items that belong to s.
func (s Shard) Range(n int) (lo, hi int) {
	s = s.Norm()
	return int(int64(s.Index) * int64(n) / int64(s.Count)), int(int64(s.Index+1) * int64(n) / int64(s.Count))
}

// String returns s as "I/N".
func (s Shard) String() string {
	s = s.Norm()
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}
