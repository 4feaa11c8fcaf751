package model

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// checkNameIndex checks every lookup of x against want, the plain map of the
// same names, for the names added and the absent ones.
func checkNameIndex(t *testing.T, x *nameIndex, want map[string]int32, absent []string) {
	t.Helper()
	if x.count() != len(want) {
		t.Errorf("count() = %d, want %d", x.count(), len(want))
	}
	for s, i := range want {
		if got, ok := x.lookup(s); !ok || got != i {
			t.Errorf("lookup(%q) = %d, %v; want %d, true", s, got, ok, i)
		}
	}
	for _, s := range absent {
		if _, inMap := want[s]; inMap {
			continue
		}
		if got, ok := x.lookup(s); ok {
			t.Errorf("lookup(%q) = %d, true; want absent", s, got)
		}
	}
}

func TestNameIndex(t *testing.T) {
	long := strings.Repeat("x", 0x10005) // longer than the length field holds
	tests := []struct {
		name    string
		reserve int // 0: no reserve, the index grows as names are added
		names   []string
		absent  []string
	}{
		{"empty index", 0, nil, []string{"", "a", "abcdefgh", "abcdefghi"}},
		{"empty name", 0, []string{""}, []string{"a", "\x00"}},
		{"one short", 0, []string{"a"}, []string{"", "b", "a\x00", "\x00a", "aa"}},
		{"NUL bytes in short names", 0, []string{"a", "a\x00", "a\x00\x00\x00\x00\x00\x00"}, []string{"a\x00\x00", "a\x00\x00\x00\x00\x00\x00\x00", "\x00a"}},
		{"eight bytes", 2, []string{"abcdefgh", "abcdefgi"}, []string{"abcdefg", "abcdefghi", "abcdefgh\x00"}},
		{"same head, longer", 0, []string{"abcdefgh1", "abcdefgh2", "abcdefgh12"}, []string{"abcdefgh", "abcdefgh3", "abcdefgh21", "abcdefgh1\x00"}},
		{"very long", 0, []string{long, long + "y"}, []string{long[1:], long + "z", long[:0xFFFF], long[:0x10000]}},
		{"non-ASCII", 0, []string{"発電所", "発電所_2", "ünder"}, []string{"発電", "発電所_3", "under"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var x nameIndex
			if tt.reserve > 0 {
				x.reserve(tt.reserve)
			}
			want := map[string]int32{}
			for _, s := range tt.names {
				if got := x.add(s); got != int32(len(want)) {
					t.Fatalf("add(%q) = %d, want %d", s, got, len(want))
				}
				want[s] = int32(len(want))
			}
			checkNameIndex(t, &x, want, append(tt.absent, tt.names...))
		})
	}
}

// TestNameIndexCollisions fills indexes with names that share their first 8
// bytes and their length, so that only the 16-bit tag and the whole name tell
// them apart: with 200,000 of them many share a tag, and in small tables many
// share a first slot. It reserves too little, too much, or nothing.
func TestNameIndexCollisions(t *testing.T) {
	for _, tt := range []struct {
		n, reserve int
		format     string
	}{
		{200_000, 0, "supplier_%07d"},
		{200_000, 1000, "supplier_%07d"},
		{50_000, 400_000, "s%07d"}, // 8 bytes: the slot alone tells them apart
		{1000, 0, "%d"},
	} {
		t.Run(fmt.Sprintf("%d_%s", tt.n, tt.format), func(t *testing.T) {
			var x nameIndex
			x.reserve(tt.reserve)
			want := make(map[string]int32, tt.n)
			var absent []string
			for i := range tt.n {
				s := fmt.Sprintf(tt.format, 2*i)
				want[s] = x.add(s)
				absent = append(absent, fmt.Sprintf(tt.format, 2*i+1))
			}
			tags := map[uint16]int{}
			for s := range want {
				k, _ := x.key(s)
				tags[k.tag]++
			}
			if tt.n > 1<<16 && len(tags) == tt.n {
				t.Fatalf("no two of %d names share a tag", tt.n)
			}
			if 2*x.count() > len(x.slots) {
				t.Errorf("%d names in %d slots: more than half full", x.count(), len(x.slots))
			}
			checkNameIndex(t, &x, want, absent)
		})
	}
}

// TestNameIndexRandom checks random names, many of them prefixes of others,
// against a plain map.
func TestNameIndexRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const letters = "ab_\x00é"
	name := func() string {
		b := make([]byte, r.IntN(12))
		for i := range b {
			b[i] = letters[r.IntN(len(letters))]
		}
		return string(b)
	}
	var x nameIndex
	want := map[string]int32{}
	var absent []string
	for range 20_000 {
		s := name()
		if _, ok := want[s]; !ok {
			want[s] = x.add(s)
		}
		absent = append(absent, name())
	}
	checkNameIndex(t, &x, want, absent)
}

// FuzzNameIndex adds the lines of a text that precede a blank line and looks
// up the others, against a plain map.
func FuzzNameIndex(f *testing.F) {
	f.Add("a\nb\nabcdefgh\nabcdefghi\n\na\nc\nabcdefgh\x00\n")
	f.Add("\n\n\x00\n")
	f.Fuzz(func(t *testing.T, text string) {
		added, looked, _ := strings.Cut(text, "\n\n")
		var x nameIndex
		want := map[string]int32{}
		for s := range strings.SplitSeq(added, "\n") {
			if _, ok := want[s]; !ok {
				want[s] = x.add(s)
			}
		}
		checkNameIndex(t, &x, want, strings.Split(looked, "\n"))
	})
}

// nameIndexSink keeps what BenchmarkNameIndex looked up.
var nameIndexSink int32

// BenchmarkNameIndex looks up names in random order, touchBatch per op, as the on cells of a
// dependencies file do, in a nameIndex and in the Go map it replaced; "touched"
// touches each batch of names first, as rowToucher does.
func BenchmarkNameIndex(b *testing.B) {
	for _, n := range []int{1_000, 1_000_000} {
		names := make([]string, n)
		for i := range names {
			names[i] = fmt.Sprintf("a%07d", i)
		}
		// The names to look up, in random order, each copied so that they
		// lie in memory in that order, as the cells of a file do.
		r := rand.New(rand.NewPCG(1, uint64(n)))
		queries := make([]string, 0, n+touchBatch)
		for _, i := range r.Perm(n) {
			queries = append(queries, strings.Clone(names[i]))
		}
		queries = append(queries, queries[:touchBatch]...)
		var x nameIndex
		x.reserve(n)
		m := make(map[string]int32, n)
		for i, s := range names {
			x.add(s)
			m[s] = int32(i)
		}
		size := fmt.Sprintf("n=1e%d", len(fmt.Sprint(n))-1)
		run := func(name string, lookup func(batch []string) int32) {
			b.Run(name+"/"+size, func(b *testing.B) {
				var sum int32
				for k := 0; b.Loop(); k++ {
					at := k * touchBatch % n
					sum += lookup(queries[at : at+touchBatch])
				}
				b.ReportMetric(float64(b.N*touchBatch)/b.Elapsed().Seconds(), "lookups/s")
				nameIndexSink = sum
			})
		}
		run("map", func(batch []string) (sum int32) {
			for _, s := range batch {
				sum += m[s]
			}
			return sum
		})
		run("index", func(batch []string) (sum int32) {
			for _, s := range batch {
				i, _ := x.lookup(s)
				sum += i
			}
			return sum
		})
		run("touched", func(batch []string) (sum int32) {
			sum = x.touch(batch)
			for _, s := range batch {
				i, _ := x.lookup(s)
				sum += i
			}
			return sum
		})
	}
}
