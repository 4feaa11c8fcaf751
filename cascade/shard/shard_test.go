package shard

import "testing"

func TestShardRangesPartition(t *testing.T) {
	for _, n := range []int{0, 1, 5, 100, 257} {
		for count := 1; count <= 9; count++ {
			next := 0
			for i := range count {
				lo, hi := Shard{i, count}.Range(n)
				if lo != next || hi < lo {
					t.Fatalf("n=%d shard %d/%d = [%d, %d), want to start at %d", n, i, count, lo, hi, next)
				}
				next = hi
			}
			if next != n {
				t.Fatalf("n=%d, %d shards cover [0, %d)", n, count, next)
			}
		}
	}
	if lo, hi := (Shard{}).Range(10); lo != 0 || hi != 10 {
		t.Errorf("zero Shard covers [%d, %d)", lo, hi)
	}
}
