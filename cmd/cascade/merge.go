package main

import (
	"encoding/json"

	"github.com/cascade-infra/cascade/cascade/montecarlo"
	"github.com/cascade-infra/cascade/cascade/rank"
	"github.com/cascade-infra/cascade/cascade/shard"
	"github.com/cascade-infra/cascade/internal/regular"
	"github.com/cascade-infra/cascade/provenance"
)

func init() {
	register(command{name: "merge", synopsis: "combine the part files of a sharded batch or rank", run: runMerge})
}

const mergeAbout = `Combine the part files written by 'cascade batch --shard I/N' or 'cascade rank
--shard I/N' (one per shard) into the result of the unsharded run: the same bytes as
the unsharded command with the same --format. Parts of different runs or models, a
shard given twice and missing shards are refused.`

func runMerge(st *State, args []string) int {
	fs := st.flagSet("merge", "PART... [--format text|json|csv] [-o FILE]", mergeAbout)
	format := fs.StringP("format", "f", "text", "output format: text, json or csv")
	out := fs.StringP("output", "o", "", "write the result to `FILE` (atomically) instead of stdout")
	if code, ok := st.parse(fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		return st.usageErrorf("merge: give the part files to combine")
	}
	if code, ok := st.checkFormat(*format, "text", "json", "csv"); !ok {
		return code
	}
	var parts []*shard.Part
	for _, name := range fs.Args() {
		f, err := regular.Open(name)
		if err != nil {
			return st.errorf("%v", err)
		}
		p, err := shard.ReadPart(f, name)
		f.Close()
		if err != nil {
			return st.errorf("%s", distributedError(err))
		}
		parts = append(parts, p)
	}
	// The provenance of the result is that of the command that wrote the parts (the
	// first part's): merge writes the same bytes as the unsharded command.
	var prov *provenance.Info
	if raw := parts[0].Provenance; len(raw) > 0 {
		prov = new(provenance.Info)
		if err := json.Unmarshal(raw, prov); err != nil {
			return st.errorf("%s: provenance: %v", fs.Arg(0), err)
		}
	}
	if parts[0].Command == rank.Command {
		r, err := rank.Merge(parts, fs.Args())
		if err != nil {
			return st.errorf("%s", distributedError(err))
		}
		return st.writeRank(r, *format, *out, prov)
	}
	b, err := montecarlo.Merge(parts, fs.Args())
	if err != nil {
		return st.errorf("%s", distributedError(err))
	}
	if prov == nil {
		// A part of an older cascade: what the run's identity records.
		p := provenance.New(b.Run.ModelHash, "", nil).WithTrials(b.Run.Trials, b.Run.Seed)
		if len(b.Run.Scenarios) == 1 && !b.Run.AllScenarios {
			p.Scenario = b.Run.Scenarios[0]
		}
		prov = &p
	}
	return st.writeBatch(b, *format, *out, prov)
}
