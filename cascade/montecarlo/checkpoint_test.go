package montecarlo

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/cascade-infra/cascade/cascade/shard"
)

// randomTally returns a tally of trials random trials over a model of na assets and ns
// sectors; spread sets how many distinct failure times occur.
func randomTally(r *rand.Rand, na, ns int, trials int, spread int64) *Tally {
	return randomTallyOf(r, na, ns, trials, spread, false)
}

// randomTallyOf is randomTally with losses and, when restored, restoration counts.
func randomTallyOf(r *rand.Rand, na, ns int, trials int, spread int64, restored bool) *Tally {
	t := NewTally(na, ns)
	var o trialOutcome
	for range trials {
		o.lossMs = o.lossMs[:0]
		for range ns {
			o.lossMs = append(o.lossMs, uint64(r.Int64N(3))*uint64(r.Int64N(1<<40)))
		}
		o.restored = restored
		o.downAt, o.downAssets, o.downTimes, o.sectorsDown = o.downAt[:0], o.downAssets[:0], o.downTimes[:0], o.sectorsDown[:0]
		o.assets, o.assetTimes, o.sectors, o.sectorTimes = o.assets[:0], o.assetTimes[:0], o.sectors[:0], o.sectorTimes[:0]
		for a := range na {
			if r.IntN(3) == 0 {
				o.assets = append(o.assets, int32(a))
				o.assetTimes = append(o.assetTimes, r.Int64N(spread)*60)
				if r.IntN(2) == 0 {
					o.downAt = append(o.downAt, int32(a))
				}
				if d := r.Int64N(spread * 60); d > 0 {
					o.downAssets = append(o.downAssets, int32(a))
					o.downTimes = append(o.downTimes, d)
				}
			}
		}
		for s := range ns {
			if r.IntN(4) == 0 {
				o.sectors = append(o.sectors, int32(s))
				o.sectorTimes = append(o.sectorTimes, r.Int64N(spread)*3600)
			}
			if r.IntN(5) == 0 {
				o.sectorsDown = append(o.sectorsDown, int32(s))
			}
		}
		t.addTrial(&o)
	}
	return t
}

func TestTallyCodecs(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for i, spread := range []int64{1, 10, 1000, 1, 10, 1000} {
		tl := randomTallyOf(r, 30, 4, 300, spread, i >= 3)
		if tl.restored != (i >= 3) {
			t.Fatal("restoration not recorded")
		}
		if err := tl.check(); err != nil {
			t.Fatalf("check: %v", err)
		}
		bin, err := decodeTallyBinary(tl.appendBinary(nil), 30, 4)
		if err != nil {
			t.Fatalf("binary: %v", err)
		}
		if !bin.Equal(tl) {
			t.Fatalf("spread %d: binary round trip differs", spread)
		}
		js, err := json.Marshal(tl.toJSON())
		if err != nil {
			t.Fatal(err)
		}
		var j tallyJSON
		if err := json.Unmarshal(js, &j); err != nil {
			t.Fatal(err)
		}
		back, err := j.tally(30, 4)
		if err != nil {
			t.Fatalf("json: %v", err)
		}
		if !back.Equal(tl) {
			t.Fatalf("spread %d: JSON round trip differs", spread)
		}
	}
}

func TestTallyDecodeRejectsCorruption(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	b := randomTallyOf(r, 10, 2, 50, 5, true).appendBinary(nil)
	// Every truncation and many single-byte changes are errors, never panics; a change
	// that happens to decode must still be consistent.
	for i := range b {
		if _, err := decodeTallyBinary(b[:i], 10, 2); err == nil {
			t.Errorf("truncation to %d bytes decoded", i)
		}
	}
	for i := range b {
		c := append([]byte(nil), b...)
		c[i] ^= 0x5a
		if tl, err := decodeTallyBinary(c, 10, 2); err == nil {
			if err := tl.check(); err != nil {
				t.Errorf("corrupt byte %d decoded into an inconsistent tally: %v", i, err)
			}
		}
	}
}

func TestTallyMergeOrderIndependent(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	parts := []*Tally{randomTallyOf(r, 20, 3, 100, 100, true), randomTally(r, 20, 3, 57, 3), randomTallyOf(r, 20, 3, 1, 100, true), NewTally(20, 3)}
	a := NewTally(20, 3)
	for _, p := range parts {
		if err := a.Merge(p); err != nil {
			t.Fatal(err)
		}
	}
	b := NewTally(20, 3)
	for i := len(parts) - 1; i >= 0; i-- {
		b.Merge(parts[i])
	}
	if !a.Equal(b) || a.Trials() != 158 {
		t.Fatal("merge depends on order")
	}
	if err := a.Merge(NewTally(21, 3)); err == nil {
		t.Error("merged tallies of different models")
	}
}

func testRunID() RunID {
	return RunID{ModelHash: "abc", Scenarios: []string{"s"}, Trials: 1000, Seed: 7, Horizon: -1, ChunkSize: 10, Shards: 1}
}

func TestCheckpointRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ck")
	r := rand.New(rand.NewPCG(15, 16))
	id := testRunID()
	none := func(int, []int, *Tally) error { t.Fatal("unexpected record"); return nil }
	c, err := OpenCheckpoint(path, id, shard.Whole, 8, 2, none)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]*Tally{}
	for ch := range 3 {
		want[ch] = randomTally(r, 8, 2, 10, 20)
		if _, err := c.Append(0, ch, want[ch]); err != nil {
			t.Fatal(err)
		}
	}
	c.Close()
	full, _ := os.ReadFile(path)

	reopen := func() map[int]*Tally {
		got := map[int]*Tally{}
		c, err := OpenCheckpoint(path, id, shard.Whole, 8, 2, func(sc int, chs []int, tl *Tally) error {
			if len(chs) != 1 {
				t.Fatalf("record of chunks %v, want one chunk", chs)
			}
			got[chs[0]] = tl
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		c.Close()
		return got
	}
	got := reopen()
	if len(got) != 3 {
		t.Fatalf("read %d records, want 3", len(got))
	}
	for ch, tl := range want {
		if !got[ch].Equal(tl) {
			t.Errorf("chunk %d differs", ch)
		}
	}

	// A torn last record (any strict prefix of it) is ignored and cut off; appending
	// afterwards gives a readable file again.
	lastStart := len(full) - (8 + len(binaryRecord(0, 2, want[2])))
	for cut := lastStart + 1; cut < len(full); cut += 7 {
		if err := os.WriteFile(path, full[:cut], 0o644); err != nil {
			t.Fatal(err)
		}
		got := reopen()
		if len(got) != 2 || got[2] != nil {
			t.Fatalf("cut at %d: read chunks %v, want 0 and 1", cut, keys(got))
		}
		if fi, _ := os.Stat(path); fi.Size() != int64(lastStart) {
			t.Fatalf("cut at %d: torn record not truncated (size %d, want %d)", cut, fi.Size(), lastStart)
		}
	}
	c, err = OpenCheckpoint(path, id, shard.Whole, 8, 2, func(int, []int, *Tally) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	c.Append(0, 2, want[2])
	c.Close()
	if got := reopen(); len(got) != 3 || !got[2].Equal(want[2]) {
		t.Fatal("record appended after a torn one is lost")
	}

	// A corrupted byte in the last record is treated like a torn record.
	bad := append([]byte(nil), full...)
	bad[len(bad)-3] ^= 0xff
	os.WriteFile(path, bad, 0o644)
	if got := reopen(); len(got) != 2 {
		t.Fatalf("corrupt last record: read %d records, want 2", len(got))
	}
}

// binaryRecord returns a one-chunk record's payload.
func binaryRecord(sc, ch int, tl *Tally) []byte {
	return appendRecord(nil, sc, []int{ch}, tl)[8:]
}

func keys(m map[int]*Tally) []int {
	var k []int
	for x := range m {
		k = append(k, x)
	}
	return k
}

func TestCheckpointRefusesOtherRuns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ck")
	id := testRunID()
	c, err := OpenCheckpoint(path, id, shard.Whole, 8, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	tests := []struct {
		change func(*RunID)
		shard  shard.Shard
		want   string
	}{
		{func(r *RunID) { r.ModelHash = "def" }, shard.Whole, "the model has changed"},
		{func(r *RunID) { r.Trials = 2000 }, shard.Whole, "trials 1000, not 2000"},
		{func(r *RunID) { r.Seed = 8 }, shard.Whole, "seed 7, not 8"},
		{func(r *RunID) { r.Horizon = 3600 }, shard.Whole, "horizon -1, not 3600"},
		{func(r *RunID) { r.Scenarios = []string{"t"} }, shard.Whole, "scenarios s, not t"},
		{func(*RunID) {}, shard.Shard{Index: 1, Count: 2}, "shard 0/1, not 1/2"},
	}
	for _, tt := range tests {
		other := id
		tt.change(&other)
		_, err := OpenCheckpoint(path, other, tt.shard, 8, 2, nil)
		if !errors.Is(err, ErrCheckpointMismatch) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("want a mismatch error mentioning %q, got %v", tt.want, err)
		}
	}
	// A file that is not a checkpoint is never overwritten.
	other := filepath.Join(t.TempDir(), "results.json")
	os.WriteFile(other, []byte(`{"important": true}`), 0o644)
	if _, err := OpenCheckpoint(other, id, shard.Whole, 8, 2, nil); err == nil || !strings.Contains(err.Error(), "not a cascade checkpoint") {
		t.Errorf("opening a non-checkpoint file: %v", err)
	}
	if b, _ := os.ReadFile(other); string(b) != `{"important": true}` {
		t.Error("a non-checkpoint file was changed")
	}
}

func TestCheckpointCompact(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ck")
	r := rand.New(rand.NewPCG(21, 22))
	id := testRunID()
	c, err := OpenCheckpoint(path, id, shard.Whole, 8, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	parts := []*Tally{randomTally(r, 8, 2, 10, 20), randomTally(r, 8, 2, 10, 20), randomTally(r, 8, 2, 10, 20)}
	total := NewTally(8, 2)
	for ch, p := range parts {
		if _, err := c.Append(1, ch*2, p); err != nil {
			t.Fatal(err)
		}
		total.Merge(p)
	}
	if err := c.Compact([][]int{nil, {0, 2, 4}}, []*Tally{nil, total}); err != nil {
		t.Fatal(err)
	}
	extra := randomTally(r, 8, 2, 10, 20)
	if _, err := c.Append(0, 7, extra); err != nil { // appends go to the compacted file
		t.Fatal(err)
	}
	c.Close()
	var got []string
	c, err = OpenCheckpoint(path, id, shard.Whole, 8, 2, func(sc int, chs []int, tl *Tally) error {
		want := total
		if sc == 0 {
			want = extra
		}
		got = append(got, fmt.Sprint(sc, chs, tl.Equal(want)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if fmt.Sprint(got) != "[1 [0 2 4] true 0 [7] true]" {
		t.Fatalf("records after compaction: %v", got)
	}
}

func TestCheckpointLocked(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("flock semantics checked on Linux")
	}
	path := filepath.Join(t.TempDir(), "ck")
	c, err := OpenCheckpoint(path, testRunID(), shard.Whole, 8, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = OpenCheckpoint(path, testRunID(), shard.Whole, 8, 2, nil)
	if err == nil || !strings.Contains(err.Error(), "in use by another cascade process") {
		t.Fatalf("opening a checkpoint in use: %v", err)
	}
	c.Close()
	c, err = OpenCheckpoint(path, testRunID(), shard.Whole, 8, 2, nil)
	if err != nil {
		t.Fatalf("reopening a closed checkpoint: %v", err)
	}
	c.Close()
}
