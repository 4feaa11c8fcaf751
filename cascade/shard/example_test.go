package shard_test

import (
	"fmt"

	"github.com/cascade-infra/cascade/cascade/shard"
)

// The third of four shards of a batch of 256 chunks runs chunks 128 to 191.
func ExampleShard_Range() {
	s := shard.Shard{Index: 2, Count: 4}
	lo, hi := s.Range(256)
	fmt.Println(s, lo, hi)
	// Output: 2/4 128 192
}
