package montecarlo

import (
	"fmt"

	"github.com/cascade-infra/cascade/cascade/shard"
)

// Command is the command of a batch part file (shard.Part.Command).
const Command = "batch"

// Part is the body of a batch part file: the run and one tally per scenario of the
// run, for the shard's range of chunks.
type Part struct {
	// TallyVersion is the version of the tallies' encoding, tallyVersion (absent, 0, in
	// part files of version 1, which had no losses nor restoration counts).
	TallyVersion int          `json:"tally_version"`
	Run          RunID        `json:"run"`
	Chunks       [2]int       `json:"chunks"` // chunk range [lo, hi) of the shard
	Scenarios    []*partBatch `json:"scenarios"`
}

type partBatch struct {
	Info  *Info      `json:"info"`
	Tally *tallyJSON `json:"tally"`
}

// tallyVersion is the version of the tally encoding that part files carry.
const tallyVersion = 2

// Part returns the part file of a (sharded) batch result.
func (r *Result) Part() (*shard.Part, error) {
	bp := &Part{TallyVersion: tallyVersion, Run: r.Run, Chunks: [2]int{r.plan.lo, r.plan.hi}}
	for i, t := range r.Tallies {
		bp.Scenarios = append(bp.Scenarios, &partBatch{Info: r.Infos[i], Tally: t.toJSON()})
	}
	return shard.NewPart(Command, r.Run.Hash(), r.Shard, bp)
}

// readPart decodes and checks the body of batch part p, named name in messages.
func readPart(p *shard.Part, name string) (*Part, error) {
	var b Part
	if err := shard.DecodeBody(p.Batch, &b); err != nil {
		return nil, fmt.Errorf("%s: not a cascade part file: %v", name, err)
	}
	if b.TallyVersion != tallyVersion {
		return nil, fmt.Errorf("%s: batch counts of version %d; this cascade reads version %d: run the shard again with this cascade", name, max(b.TallyVersion, 1), tallyVersion)
	}
	if b.Run.Hash() != p.RunHash {
		return nil, fmt.Errorf("%s: run hash does not match its run; the file was edited or is corrupt", name)
	}
	if len(b.Scenarios) != len(b.Run.Scenarios) {
		return nil, fmt.Errorf("%s: %d scenario tallies for %d scenarios", name, len(b.Scenarios), len(b.Run.Scenarios))
	}
	for i, s := range b.Scenarios {
		if s == nil || s.Info == nil || s.Tally == nil || s.Info.Scenario != b.Run.Scenarios[i] {
			return nil, fmt.Errorf("%s: malformed scenario %d", name, i)
		}
	}
	return &b, nil
}

// Merge combines the batch parts of every shard of one run, named by names (for
// messages), into the result of the unsharded run. It refuses parts of different runs
// or models, a shard given twice, and missing shards.
func Merge(parts []*shard.Part, names []string) (*Result, error) {
	bodies := make([]*Part, len(parts))
	for i, p := range parts {
		if p.Command != Command {
			continue // shard.Check refuses the mix
		}
		b, err := readPart(p, names[i])
		if err != nil {
			return nil, err
		}
		bodies[i] = b
	}
	order, err := shard.Check(parts, names, func(i, j int) []shard.Difference { return bodies[i].Run.diff(bodies[j].Run) })
	if err != nil {
		return nil, err
	}
	run := bodies[order[0]].Run
	res := &Result{Run: run, Shard: shard.Whole}
	for si := range run.Scenarios {
		var total *Tally
		for _, pi := range order {
			pb := bodies[pi].Scenarios[si]
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
	return res, nil
}
