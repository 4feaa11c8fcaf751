package shard

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Part files.
//
// A sharded run (--shard I/N) writes a part file: JSON carrying the exact integer
// results of its slice of the work and the identity of the run. Merging the parts of
// every shard gives exactly the result of the unsharded run. This package reads and
// checks the envelope; the body is the business of the command that wrote it
// (montecarlo.Part for "batch", rank.Part for "rank").

// Format is the value of Part.Format.
const Format = "cascade-part"

// Version is the version of the part file format.
const Version = 1

// ErrFormat is the error of ReadPart for JSON that is not a part file (its format field
// is not Format).
var ErrFormat = errors.New("not a cascade part file")

// Part is a part file: its envelope, and its body as raw JSON under the name of its
// command.
type Part struct {
	Format  string `json:"format"`  // Format
	Version int    `json:"version"` // Version
	Command string `json:"command"` // "batch" or "rank"
	RunHash string `json:"run_hash"`
	Shard   int    `json:"shard"`  // 0-based index
	Shards  int    `json:"shards"` // number of shards of the run
	// Batch is the body of a batch part (a montecarlo.Part).
	Batch json.RawMessage `json:"batch,omitempty"`
	// Rank is the body of a rank part (a rank.Part).
	Rank json.RawMessage `json:"rank,omitempty"`
	// Provenance is the provenance the command that wrote the part gives its result
	// (a provenance.Info: the build and the inputs, --var values included), which
	// merge writes with the merged result; absent in parts of older versions.
	Provenance json.RawMessage `json:"provenance,omitempty"`
}

// NewPart returns the part file of shard s of a run of command ("batch" or "rank")
// whose identity hashes to runHash, with body as its content.
func NewPart(command, runHash string, s Shard, body any) (*Part, error) {
	raw, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("part file: %w", err)
	}
	s = s.Norm()
	p := &Part{Format: Format, Version: Version, Command: command, RunHash: runHash, Shard: s.Index, Shards: s.Count}
	switch command {
	case "batch":
		p.Batch = raw
	case "rank":
		p.Rank = raw
	default:
		return nil, fmt.Errorf("part file: unknown command %q", command)
	}
	return p, nil
}

// present reports whether a body was given (and is not null).
func present(raw json.RawMessage) bool {
	return len(raw) > 0 && !bytes.Equal(raw, []byte("null"))
}

// ReadPart reads a part file from rd and checks its envelope; name is used in messages.
func ReadPart(rd io.Reader, name string) (*Part, error) {
	var p Part
	dec := json.NewDecoder(rd)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("%s: not a cascade part file: %v", name, err)
	}
	if p.Format != Format {
		return nil, fmt.Errorf("%s: %w (format %q)", name, ErrFormat, p.Format)
	}
	if p.Version != Version {
		return nil, fmt.Errorf("%s: part file version %d; this cascade reads version %d", name, p.Version, Version)
	}
	if p.Shards < 1 || p.Shard < 0 || p.Shard >= p.Shards {
		return nil, fmt.Errorf("%s: shard %d/%d out of range", name, p.Shard, p.Shards)
	}
	switch p.Command {
	case "batch":
		if !present(p.Batch) || present(p.Rank) {
			return nil, fmt.Errorf("%s: malformed batch part", name)
		}
	case "rank":
		if !present(p.Rank) || present(p.Batch) {
			return nil, fmt.Errorf("%s: malformed rank part", name)
		}
	default:
		return nil, fmt.Errorf("%s: unknown command %q", name, p.Command)
	}
	return &p, nil
}

// DecodeBody decodes raw, a part's body, into v, refusing unknown fields.
func DecodeBody(raw json.RawMessage, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// Check checks that parts, named by names (for messages), are the parts of every shard
// of one run: one command, one run hash and shard count, no shard twice, none
// missing; parts of different runs are a *RunMismatchError, whose differences diff(i,
// j) lists for parts i and j. It returns the indices of parts in shard order.
func Check(parts []*Part, names []string, diff func(i, j int) []Difference) ([]int, error) {
	if len(parts) == 0 {
		return nil, errors.New("no part files")
	}
	first := parts[0]
	seen := make(map[int]string)
	for i, p := range parts {
		if p.Command != first.Command {
			return nil, fmt.Errorf("%s is a %s part but %s is a %s part", names[i], p.Command, names[0], first.Command)
		}
		if p.RunHash != first.RunHash || p.Shards != first.Shards {
			e := &RunMismatchError{A: names[0], B: names[i]}
			if first.Shards != p.Shards {
				e.Diffs = []Difference{{ParamShards, fmt.Sprint(first.Shards), fmt.Sprint(p.Shards)}}
			} else {
				e.Diffs = diff(0, i)
			}
			return nil, e
		}
		if prev, dup := seen[p.Shard]; dup {
			return nil, fmt.Errorf("%s and %s are both shard %d/%d", prev, names[i], p.Shard, p.Shards)
		}
		seen[p.Shard] = names[i]
	}
	var missing []string
	for i := range first.Shards {
		if _, ok := seen[i]; !ok {
			missing = append(missing, fmt.Sprintf("%d/%d", i, first.Shards))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("missing shards: %s", strings.Join(missing, ", "))
	}
	// Merge in shard order (the result does not depend on it; this keeps errors stable).
	order := make([]int, len(parts))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return parts[a].Shard - parts[b].Shard })
	return order, nil
}
