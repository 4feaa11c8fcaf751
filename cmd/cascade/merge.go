package main

import (
	"github.com/cascade-infra/cascade/cascade/montecarlo"
	"github.com/cascade-infra/cascade/cascade/rank"
	"github.com/cascade-infra/cascade/cascade/shard"
	"github.com/cascade-infra/cascade/internal/regular"
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
	if parts[0].Command == rank.Command {
		r, err := rank.Merge(parts, fs.Args())
		if err != nil {
			return st.errorf("%s", distributedError(err))
		}
		return st.writeRank(r, *format, *out)
	}
	b, err := montecarlo.Merge(parts, fs.Args())
	if err != nil {
		return st.errorf("%s", distributedError(err))
	}
	return st.writeBatch(b, *format, *out)
}
