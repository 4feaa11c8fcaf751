package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"strconv"

	"github.com/cascade-infra/cascade/cascade/rank"
	"github.com/cascade-infra/cascade/provenance"
)

func init() {
	register(command{name: "rank", synopsis: "rank assets (or pairs) by what their sole failure brings down", run: runRank})
}

const rankAbout = `Rank every asset by what its sole physical failure at time 0 brings down in the
worst case (every dependency with probability > 0 live; docs/semantics.md): the number of
failed assets (the initial one included), then of failed sectors, then by name.

--k 2 ranks pairs of assets (N-2): every pair when there are at most 50,000, otherwise
the pairs among the top --candidates assets of the single ranking; the output says
which ("mode": "exhaustive" or "candidates"). Without --horizon the cascade runs until
nothing changes. --shard I/N evaluates a slice of the assets (or pairs) and writes a
part file for 'cascade merge'.
--k 2 --prune --top N ranks every pair exactly but evaluates only those whose bound (a
pair brings down at most the union of its singles' closures plus what their common
dependents add) can enter the top N, and says how many pairs the bound skipped; it
needs no horizon and cannot be sharded.`

func runRank(st *State, args []string) int {
	fs := st.flagSet("rank", "[MODEL] [--horizon D] [--top N] [--k 2] [flags]", rankAbout)
	var mf modelFlags
	var horizon durationFlag
	fs.Var(&horizon, "horizon", "count failures up to `DURATION` (default: no horizon)")
	top := fs.Int("top", 0, "print only the first `N` entries (default: all)")
	k := fs.Int("k", 1, "1 ranks single assets, 2 ranks pairs")
	candidates := fs.Int("candidates", rank.DefaultCandidates, "with --k 2 on a large model: rank the pairs of the top `N` single assets")
	prune := fs.Bool("prune", false, "with --k 2 and --top: rank every pair, skipping those whose bound cannot enter the top")
	workers := fs.IntP("workers", "w", runtime.GOMAXPROCS(0), "goroutines running cascades")
	format := fs.StringP("format", "f", "text", "output format: text, json, csv or part")
	out := fs.StringP("output", "o", "", "write the result to `FILE` (atomically) instead of stdout")
	quiet := fs.BoolP("quiet", "q", false, "no progress bar")
	shardFlag := fs.String("shard", "", "evaluate shard `I/N` of the assets or pairs, or auto; writes a part file")
	shards := fs.Int("shards", 0, "number of shards for --shard auto (else SLURM_ARRAY_TASK_COUNT or CASCADE_SHARDS)")
	mf.add(fs)
	if code, ok := st.parse(fs, args); !ok {
		return code
	}
	if fs.NArg() > 1 {
		return st.usageErrorf("rank: want at most one MODEL, got %d arguments; run 'cascade rank --help'", fs.NArg())
	}
	if code, ok := st.checkFormat(*format, "text", "json", "csv", "part"); !ok {
		return code
	}
	if *k != 1 && *k != 2 {
		return st.usageErrorf("--k %d: want 1 (single assets) or 2 (pairs)", *k)
	}
	if *top < 0 || *candidates < 2 || *candidates > rank.MaxCandidates {
		return st.usageErrorf("--top must be >= 0 and --candidates from 2 to %d", rank.MaxCandidates)
	}
	if code, ok := st.checkWorkers(*workers, false); !ok {
		return code
	}
	if *prune && (*k != 2 || *top == 0 || horizon.set || *shardFlag != "" || *format == "part") {
		return st.usageErrorf("--prune needs --k 2 and --top N, and no --horizon, --shard or --format part")
	}
	shard, code, ok := st.shardOf(fs, *shardFlag, *shards, format)
	if !ok {
		return code
	}
	m, code := st.loadModel(st.modelArg(fs.Arg(0)), &mf)
	if m == nil {
		return code
	}
	bar := st.progress(*quiet, "runs", "rank")
	res, err := rank.Run(st.Ctx, m, rank.Options{Horizon: horizon.horizon(), K: *k, Candidates: *candidates, Top: *top,
		Prune: *prune, Workers: *workers, Shard: shard, Progress: bar.update})
	bar.finish()
	if err != nil {
		return st.batchError(err, "")
	}
	prov := provenanceOf(m, "", &mf).WithOption("k", strconv.Itoa(*k))
	if horizon.set {
		prov = prov.WithOption("horizon", horizon.String())
	}
	if *k == 2 {
		prov = prov.WithOption("candidates", strconv.Itoa(*candidates))
	}
	if *top > 0 {
		prov = prov.WithOption("top", strconv.Itoa(*top))
	}
	if *format == "part" {
		return st.writeOutput(*out, func(w io.Writer) error {
			p, err := res.Part()
			if err != nil {
				return err
			}
			if p.Provenance, err = json.Marshal(prov); err != nil {
				return err
			}
			return writeJSON(w, p)
		})
	}
	return st.writeRank(res, *format, *out, &prov)
}

// writeRank prints a complete ranking (or merged parts) in format.
// prov, when not nil, is the provenance of its JSON.
func (st *State) writeRank(r *rank.Result, format, out string, prov *provenance.Info) int {
	return st.writeOutput(out, func(w io.Writer) error {
		switch format {
		case "json":
			return writeJSONProv(w, r, prov)
		case "csv":
			cw := csv.NewWriter(w)
			cw.Write([]string{"rank", "asset", "failed_assets", "failed_sectors"})
			for _, e := range r.Ranking {
				cw.Write([]string{strconv.Itoa(e.Rank), e.Asset, strconv.Itoa(e.FailedAssets), strconv.Itoa(e.FailedSectors)})
			}
			cw.Flush()
			return cw.Error()
		default:
			what := "single assets"
			switch r.Mode {
			case rank.Exhaustive:
				what = "all pairs of assets (exhaustive)"
			case rank.Candidates:
				what = fmt.Sprintf("pairs among the top %d assets of the single ranking (candidates; not exhaustive)", r.Candidates)
			case rank.Pruned:
				what = fmt.Sprintf("all pairs of assets (pruned; the top %d exact)", len(r.Ranking))
			}
			h := "no horizon"
			if r.HorizonS != nil {
				h = "horizon " + fmtSecs(*r.HorizonS)
			}
			fmt.Fprintf(w, "Ranking of %s: %d evaluated, worst case, %s\n", what, r.Evaluated, h)
			if r.Pruned != nil {
				fmt.Fprintf(w, "%d pairs skipped by the bound\n", *r.Pruned)
			}
			fmt.Fprintln(w)
			tw := newTextTable(w)
			fmt.Fprintln(tw, "RANK\tASSET\tFAILED_ASSETS\tFAILED_SECTORS")
			for _, e := range r.Ranking {
				fmt.Fprintf(tw, "%d\t%s\t%d\t%d\n", e.Rank, e.Asset, e.FailedAssets, e.FailedSectors)
			}
			return tw.Flush()
		}
	})
}
