package cascade

import (
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
// results of its slice of the work and the identity of the run. MergeParts combines the
// parts of every shard into exactly the result of the unsharded run.

// PartFormat is the value of Part.Format.
const PartFormat = "cascade-part"

// PartVersion is the version of the part file format.
const PartVersion = 1

// Part is the content of a part file.
type Part struct {
	Format  string `json:"format"`  // PartFormat
	Version int    `json:"version"` // PartVersion
	Command string `json:"command"` // "batch" or "rank"
	RunHash string `json:"run_hash"`
	Shard   int    `json:"shard"`  // 0-based index
	Shards  int    `json:"shards"` // number of shards of the run
	// Batch is the run and the tallies of a batch part.
	Batch *BatchPart `json:"batch,omitempty"`
	// Rank is the ranking entries of a rank part.
	Rank *RankPart `json:"rank,omitempty"`
}

// BatchPart is the content of a batch part: one tally per scenario of the run.
type BatchPart struct {
	Run       RunID        `json:"run"`
	Chunks    [2]int       `json:"chunks"` // chunk range [lo, hi) of the shard
	Scenarios []*partBatch `json:"scenarios"`
}

type partBatch struct {
	Info  *BatchInfo `json:"info"`
	Tally *tallyJSON `json:"tally"`
}

// BatchPart returns the part file content of a batch result.
func (r *BatchResult) Part() *Part {
	bp := &BatchPart{Run: r.Run, Chunks: [2]int{r.plan.lo, r.plan.hi}}
	for i, t := range r.Tallies {
		bp.Scenarios = append(bp.Scenarios, &partBatch{Info: r.Infos[i], Tally: t.toJSON()})
	}
	return &Part{Format: PartFormat, Version: PartVersion, Command: "batch", RunHash: r.Run.Hash(),
		Shard: r.Shard.norm().Index, Shards: r.Shard.norm().Count, Batch: bp}
}

// ReadPart reads a part file from rd; name is used in messages.
func ReadPart(rd io.Reader, name string) (*Part, error) {
	var p Part
	dec := json.NewDecoder(rd)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("%s: not a cascade part file: %v", name, err)
	}
	if p.Format != PartFormat {
		return nil, fmt.Errorf("%s: not a cascade part file (format %q); write parts with --format part", name, p.Format)
	}
	if p.Version != PartVersion {
		return nil, fmt.Errorf("%s: part file version %d; this cascade reads version %d", name, p.Version, PartVersion)
	}
	if p.Shards < 1 || p.Shard < 0 || p.Shard >= p.Shards {
		return nil, fmt.Errorf("%s: shard %d/%d out of range", name, p.Shard, p.Shards)
	}
	switch p.Command {
	case "batch":
		if p.Batch == nil || p.Rank != nil {
			return nil, fmt.Errorf("%s: malformed batch part", name)
		}
		if p.Batch.Run.Hash() != p.RunHash {
			return nil, fmt.Errorf("%s: run hash does not match its run; the file was edited or is corrupt", name)
		}
		if len(p.Batch.Scenarios) != len(p.Batch.Run.Scenarios) {
			return nil, fmt.Errorf("%s: %d scenario tallies for %d scenarios", name, len(p.Batch.Scenarios), len(p.Batch.Run.Scenarios))
		}
		for i, s := range p.Batch.Scenarios {
			if s == nil || s.Info == nil || s.Tally == nil || s.Info.Scenario != p.Batch.Run.Scenarios[i] {
				return nil, fmt.Errorf("%s: malformed scenario %d", name, i)
			}
		}
	case "rank":
		if p.Rank == nil || p.Batch != nil {
			return nil, fmt.Errorf("%s: malformed rank part", name)
		}
		if p.Rank.Run.Hash() != p.RunHash {
			return nil, fmt.Errorf("%s: run hash does not match its run; the file was edited or is corrupt", name)
		}
	default:
		return nil, fmt.Errorf("%s: unknown command %q", name, p.Command)
	}
	return &p, nil
}

// Merged is the result of merging part files: a batch result or a ranking.
type Merged struct {
	Batch *BatchResult // for batch parts
	Rank  *RankResult  // for rank parts
}

// MergeParts combines the parts of every shard of one run, named by names (for
// messages), into the result of the unsharded run. It refuses parts of different runs
// or models, a shard given twice, and missing shards.
func MergeParts(parts []*Part, names []string) (*Merged, error) {
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
			return nil, fmt.Errorf("%s and %s are parts of different runs (%s); merge only the parts of one run", names[0], names[i], partDiff(first, p))
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
	if first.Command == "rank" {
		r, err := mergeRankParts(parts, order, names)
		if err != nil {
			return nil, err
		}
		return &Merged{Rank: r}, nil
	}
	run := first.Batch.Run
	res := &BatchResult{Run: run, Shard: Whole}
	for si := range run.Scenarios {
		var total *Tally
		for _, pi := range order {
			pb := parts[pi].Batch.Scenarios[si]
			t, err := pb.Tally.tally(len(pb.Info.AssetNames), len(pb.Info.SectorNames))
			if err != nil {
				return nil, fmt.Errorf("%s: scenario %s: %v", names[pi], run.Scenarios[si], err)
			}
			if total == nil {
				total = t
				res.Infos = append(res.Infos, pb.Info)
				continue
			}
			if err := total.Merge(t); err != nil {
				return nil, fmt.Errorf("%s: %v", names[pi], err)
			}
		}
		if total.trials != run.Trials {
			return nil, fmt.Errorf("scenario %s: the parts hold %d trials, the run has %d", run.Scenarios[si], total.trials, run.Trials)
		}
		res.Tallies = append(res.Tallies, total)
	}
	return &Merged{Batch: res}, nil
}

// partDiff describes how two parts' runs differ.
func partDiff(a, b *Part) string {
	if a.Shards != b.Shards {
		return fmt.Sprintf("%d shards, not %d", a.Shards, b.Shards)
	}
	switch {
	case a.Batch != nil && b.Batch != nil:
		if d := a.Batch.Run.diff(b.Batch.Run); d != "" {
			return d
		}
	case a.Rank != nil && b.Rank != nil:
		if d := a.Rank.Run.diff(b.Rank.Run); d != "" {
			return d
		}
	}
	return "their run hashes differ"
}
