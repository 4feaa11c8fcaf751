package montecarlo

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/cascade-infra/cascade/cascade/shard"
	"github.com/cascade-infra/cascade/internal/atomicfile"
	"github.com/cascade-infra/cascade/internal/regular"
)

// RunID identifies a Monte Carlo run: two runs with equal RunIDs compute the same
// thing, so their checkpoints and part files may be combined.
type RunID struct {
	ModelHash string   `json:"model_hash"` // ModelHash of the model
	Scenarios []string `json:"scenarios"`  // in the order run
	Trials    int64    `json:"trials"`     // per scenario, all shards together
	Seed      uint64   `json:"seed"`
	// Horizon is the --horizon override in seconds, or -1 when each scenario's own
	// horizon applies (those are covered by ModelHash).
	Horizon   int64 `json:"horizon_s"`
	ChunkSize int64 `json:"chunk_size"` // trials per chunk
	Shards    int   `json:"shards"`     // number of shards the run is split into
	// AllScenarios records that the run was asked for every scenario (--all-scenarios),
	// which changes only the shape of its output.
	AllScenarios bool `json:"all_scenarios"`
}

// Hash returns a hex SHA-256 of id.
func (id RunID) Hash() string {
	b, _ := json.Marshal(id)
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// diff lists how id differs from want (nil when equal).
func (id RunID) diff(want RunID) []shard.Difference {
	var d []shard.Difference
	add := func(param string, got, want any) {
		d = append(d, shard.Difference{Param: param, Got: fmt.Sprint(got), Want: fmt.Sprint(want)})
	}
	if id.ModelHash != want.ModelHash {
		d = append(d, shard.Difference{Param: shard.ParamModel})
	}
	if a, b := strings.Join(id.Scenarios, ","), strings.Join(want.Scenarios, ","); a != b {
		add(shard.ParamScenarios, a, b)
	}
	if id.Trials != want.Trials {
		add(shard.ParamTrials, id.Trials, want.Trials)
	}
	if id.Seed != want.Seed {
		add(shard.ParamSeed, id.Seed, want.Seed)
	}
	if id.Horizon != want.Horizon {
		add(shard.ParamHorizon, id.Horizon, want.Horizon)
	}
	if id.ChunkSize != want.ChunkSize {
		add(shard.ParamChunkSize, id.ChunkSize, want.ChunkSize)
	}
	if id.AllScenarios != want.AllScenarios {
		add(shard.ParamAllScenarios, id.AllScenarios, want.AllScenarios)
	}
	if id.Shards != want.Shards {
		add(shard.ParamShards, id.Shards, want.Shards)
	}
	return d
}

// Checkpoint file format (version 2; version 1 had no losses nor restoration counts in
// its tallies):
//
//	"cascade-checkpoint 2\n"
//	frame: header, JSON of checkpointHeader
//	frame: record
//	...
//
// A frame is a 4-byte little-endian payload length, the 4-byte little-endian CRC-32C of
// the payload, then the payload. A record is a uvarint scenario index, a uvarint number
// of chunks, the chunk indices (uvarint deltas, increasing) and the Tally binary of
// those chunks together: one chunk when a chunk completes, or every completed chunk of
// a scenario in a compacted file. Each record is written with one write and fsynced
// before its chunk is reported done. A process killed while writing leaves a torn last
// frame (short, or with a wrong CRC); it and anything after it are ignored and cut off
// when the checkpoint is opened again.
//
// Compaction: once the records appended since the file was opened or last compacted
// outgrow the file as it was then (and compactMin), the checkpoint is rewritten as the
// header and one record per scenario holding everything completed so far — written to
// a temporary file, fsynced and renamed over the old one, so a crash leaves either file
// intact. The file therefore stays within a small multiple of the size of the run's
// total counts instead of growing with every chunk.
const checkpointMagic = "cascade-checkpoint 2\n"

// checkpointMagicV1 starts a checkpoint of version 1, which this cascade refuses.
const checkpointMagicV1 = "cascade-checkpoint 1\n"

// maxFrame bounds a frame's payload (bytes), so a corrupt length cannot exhaust memory.
const maxFrame = 1 << 31

var crcTable = crc32.MakeTable(crc32.Castagnoli)

type checkpointHeader struct {
	Run     RunID  `json:"run"`
	RunHash string `json:"run_hash"`
	Shard   string `json:"shard"` // "I/N"
}

// Checkpoint is an append-only file of completed chunks of a run.
type Checkpoint struct {
	f        *os.File
	path     string
	buf      []byte
	header   []byte // magic and header frame
	base     int64  // file size when opened or last compacted, bytes
	appended int64  // bytes appended since then
}

// compactMin is the least number of appended bytes that triggers a compaction; a
// variable so tests can compact often.
var compactMin int64 = 16 << 20

// ErrCheckpointMismatch is wrapped by OpenCheckpoint's error when the file belongs to
// another run or model.
var ErrCheckpointMismatch = errors.New("checkpoint belongs to a different run")

// CheckpointMismatchError is the error of OpenCheckpoint for a checkpoint of another
// run: how that run (Got) differs from this one (Want). It matches
// ErrCheckpointMismatch.
type CheckpointMismatchError struct {
	Path  string
	Diffs []shard.Difference
}

// Error says whose checkpoint it is.
func (e *CheckpointMismatchError) Error() string { return e.Message(nil) }

// Message is Error with the differences worded by describe (see shard.Describe).
func (e *CheckpointMismatchError) Message(describe func(shard.Difference) string) string {
	why := "its arguments differ"
	if len(e.Diffs) > 0 {
		why = shard.Describe(e.Diffs, describe)
	}
	return fmt.Sprintf("checkpoint %s was written by another run (%s): %v", e.Path, why, ErrCheckpointMismatch)
}

// Is reports whether target is ErrCheckpointMismatch.
func (e *CheckpointMismatchError) Is(target error) bool { return target == ErrCheckpointMismatch }

// OpenCheckpoint opens or creates the checkpoint at path for run id and shard of a model
// of assets assets and sectors sectors. When the file exists, it must have been written
// for the same id and shard; load is called with each record in it, in file order: the
// scenario, the chunks it covers and their tally. A torn last record is dropped from
// the file.
func OpenCheckpoint(path string, id RunID, sh shard.Shard, assets, sectors int, load func(scenario int, chunks []int, t *Tally) error) (*Checkpoint, error) {
	want := checkpointHeader{Run: id, RunHash: id.Hash(), Shard: sh.String()}
	f, err := regular.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	c := &Checkpoint{f: f, path: path}
	ok := false
	defer func() {
		if !ok {
			f.Close()
		}
	}()
	if err := lockFile(f); err != nil {
		return nil, fmt.Errorf("checkpoint %s: %w", path, err)
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("checkpoint %s: %w", path, err)
	}
	good, err := c.read(data, want, assets, sectors, load)
	if err != nil {
		return nil, err
	}
	js, err := json.Marshal(want)
	if err != nil {
		return nil, err
	}
	c.header = appendFrame([]byte(checkpointMagic), js)
	c.base = good
	if good == 0 {
		// New, empty or with a torn header: start afresh.
		if err := c.start(); err != nil {
			return nil, err
		}
		c.base = int64(len(c.header))
	} else if good < int64(len(data)) {
		if err := f.Truncate(good); err != nil {
			return nil, fmt.Errorf("checkpoint %s: dropping a torn record: %w", path, err)
		}
	}
	if _, err := f.Seek(0, io.SeekEnd); err != nil {
		return nil, fmt.Errorf("checkpoint %s: %w", path, err)
	}
	ok = true
	return c, nil
}

// read parses data and returns the length of its intact prefix; 0 means no usable
// header.
func (c *Checkpoint) read(data []byte, want checkpointHeader, assets, sectors int, load func(scenario int, chunks []int, t *Tally) error) (int64, error) {
	if len(data) < len(checkpointMagic) {
		if !bytes.HasPrefix([]byte(checkpointMagic), data) {
			return 0, fmt.Errorf("checkpoint %s: not a cascade checkpoint file; refusing to overwrite it", c.path)
		}
		return 0, nil
	}
	if bytes.HasPrefix(data, []byte(checkpointMagicV1)) {
		return 0, fmt.Errorf("checkpoint %s: written by an older cascade (format 1), which this one cannot resume; remove it or give another --checkpoint file", c.path)
	}
	if string(data[:len(checkpointMagic)]) != checkpointMagic {
		return 0, fmt.Errorf("checkpoint %s: not a cascade checkpoint file (or a newer version); refusing to overwrite it", c.path)
	}
	off := len(checkpointMagic)
	payload, n := nextFrame(data[off:])
	if n == 0 {
		return 0, nil // torn header
	}
	var got checkpointHeader
	if err := json.Unmarshal(payload, &got); err != nil {
		return 0, fmt.Errorf("checkpoint %s: unreadable header: %v", c.path, err)
	}
	if got.RunHash != want.RunHash || got.Shard != want.Shard {
		e := &CheckpointMismatchError{Path: c.path, Diffs: got.Run.diff(want.Run)}
		if got.Shard != want.Shard {
			e.Diffs = append(e.Diffs, shard.Difference{Param: shard.ParamShard, Got: got.Shard, Want: want.Shard})
		}
		return 0, e
	}
	off += n
	for off < len(data) {
		payload, n := nextFrame(data[off:])
		if n == 0 {
			break // torn or corrupt: everything from here is dropped
		}
		d := &decoder{b: payload}
		sc := d.count(1<<20, "scenario")
		nch := d.count(1<<30, "chunk count")
		var chunks []int
		ch := int64(-1)
		for i := int64(0); i < nch && d.err == nil; i++ {
			ch += d.count(1<<40, "chunk") + 1 // deltas minus one: increasing
			chunks = append(chunks, int(ch))
		}
		if d.err != nil {
			return 0, fmt.Errorf("checkpoint %s: record at byte %d: %v", c.path, off, d.err)
		}
		t, err := decodeTallyBinary(d.b, assets, sectors)
		if err != nil {
			return 0, fmt.Errorf("checkpoint %s: record at byte %d: %v", c.path, off, err)
		}
		if err := load(int(sc), chunks, t); err != nil {
			return 0, fmt.Errorf("checkpoint %s: %w", c.path, err)
		}
		off += n
	}
	return int64(off), nil
}

// nextFrame returns the payload of the frame at the start of b and the frame's total
// length, or n = 0 when the frame is incomplete or its CRC is wrong.
func nextFrame(b []byte) (payload []byte, n int) {
	if len(b) < 8 {
		return nil, 0
	}
	size := binary.LittleEndian.Uint32(b)
	sum := binary.LittleEndian.Uint32(b[4:])
	if uint64(size) > maxFrame || uint64(len(b)-8) < uint64(size) {
		return nil, 0
	}
	payload = b[8 : 8+size]
	if crc32.Checksum(payload, crcTable) != sum {
		return nil, 0
	}
	return payload, 8 + int(size)
}

// start writes a fresh header.
func (c *Checkpoint) start() error {
	if err := c.f.Truncate(0); err != nil {
		return fmt.Errorf("checkpoint %s: %w", c.path, err)
	}
	if _, err := c.f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("checkpoint %s: %w", c.path, err)
	}
	if _, err := c.f.Write(c.header); err != nil {
		return fmt.Errorf("checkpoint %s: %w", c.path, err)
	}
	if err := c.f.Sync(); err != nil {
		return fmt.Errorf("checkpoint %s: %w", c.path, err)
	}
	syncDir(c.path)
	return nil
}

// syncDir makes the directory entry of path durable.
func syncDir(path string) {
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
}

func appendFrame(b, payload []byte) []byte {
	b = binary.LittleEndian.AppendUint32(b, uint32(len(payload)))
	b = binary.LittleEndian.AppendUint32(b, crc32.Checksum(payload, crcTable))
	return append(b, payload...)
}

// appendRecord appends the record of chunks (increasing) of scenario with tally t to b.
func appendRecord(b []byte, scenario int, chunks []int, t *Tally) []byte {
	p := binary.AppendUvarint(nil, uint64(scenario))
	p = binary.AppendUvarint(p, uint64(len(chunks)))
	prev := -1
	for _, ch := range chunks {
		p = binary.AppendUvarint(p, uint64(ch-prev-1))
		prev = ch
	}
	p = t.appendBinary(p)
	return appendFrame(b, p)
}

// Append records that chunk of scenario (indices in the run) is complete with tally t,
// and returns once the record is on stable storage. It reports whether the file has
// outgrown itself and should be compacted (see Compact).
func (c *Checkpoint) Append(scenario, chunk int, t *Tally) (compact bool, err error) {
	frame := appendRecord(c.buf[:0], scenario, []int{chunk}, t)
	c.buf = frame
	if _, err := c.f.Write(frame); err != nil {
		return false, fmt.Errorf("checkpoint %s: %w", c.path, err)
	}
	if err := c.f.Sync(); err != nil {
		return false, fmt.Errorf("checkpoint %s: %w", c.path, err)
	}
	c.appended += int64(len(frame))
	return c.appended > max(c.base, compactMin), nil
}

// Compact rewrites the checkpoint as its header and one record per scenario: done[sc]
// lists the completed chunks of scenario sc (increasing) and totals[sc] their tally.
// The new file replaces the old one atomically.
func (c *Checkpoint) Compact(done [][]int, totals []*Tally) error {
	b := append([]byte(nil), c.header...)
	for sc, chunks := range done {
		if len(chunks) > 0 {
			b = appendRecord(b, sc, chunks, totals[sc])
		}
	}
	if err := atomicfile.WriteBytes(c.path, b); err != nil {
		return fmt.Errorf("checkpoint: compacting: %w", err)
	}
	syncDir(c.path)
	f, err := os.OpenFile(c.path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return fmt.Errorf("checkpoint %s: %w", c.path, err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		return fmt.Errorf("checkpoint %s: %w", c.path, err)
	}
	c.f.Close()
	c.f = f
	c.base, c.appended = int64(len(b)), 0
	return nil
}

// Close closes the file.
func (c *Checkpoint) Close() error { return c.f.Close() }
