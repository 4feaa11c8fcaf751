package rank

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/cascade/shard"
	"github.com/cascade-infra/cascade/model"
)

// Ranking modes, the value of Result.Mode (and Pruned).
const (
	Single     = "single"     // each asset alone (k = 1)
	Exhaustive = "exhaustive" // every pair of assets (k = 2)
	Candidates = "candidates" // every pair among the top candidates of the single ranking (k = 2)
)

// MaxExhaustivePairs is the largest number of pairs that --k 2 ranks exhaustively; with
// more, it ranks the pairs among the top --candidates assets of the single ranking.
const MaxExhaustivePairs = 50_000

// MaxCandidates is the largest number of candidate assets for k = 2: their pairs,
// about 5·10^7, are as many cascades as a ranking should take.
const MaxCandidates = 10_000

// DefaultCandidates is the default number of candidate assets for --k 2 on large models.
const DefaultCandidates = 100

// Options configures a ranking.
type Options struct {
	// Horizon is where each run stops: an asset counts as failed when F <= Horizon. The
	// zero value, like cascade.NoHorizon, runs until nothing changes.
	Horizon cascade.Horizon
	// K is 1 to rank single assets, 2 to rank pairs (N-2).
	K int
	// Candidates is the number of top single assets whose pairs are ranked when there
	// are more than MaxExhaustivePairs pairs; 0 means DefaultCandidates.
	Candidates int
	// Top keeps the first Top entries of the ranking; 0 keeps all.
	Top int
	// Prune, with K = 2, Top > 0 and no horizon, ranks every pair of assets but
	// evaluates only those whose certified bound on failed assets can enter the top Top
	// (prune.go); the top Top are those of the exhaustive ranking. Result.Mode is then
	// Pruned and Result.Pruned counts the pairs skipped. It cannot be sharded.
	Prune   bool
	Workers int // 0: runtime.GOMAXPROCS
	Shard   shard.Shard
	// Progress, if not nil, is called with the work items (runs) done and their total.
	Progress func(done, total int64)
}

// Entry is what the sole failure of an asset (or a pair) brings down.
type Entry struct {
	// Rank is the entry's place in a Result's Ranking, from 1, in competition
	// ranking: entries with the same failed assets and failed sectors tie and
	// share a rank, and the next entry's rank counts every entry before it
	// (1, 1, 1, 1, 5). It is 0 in part files.
	Rank int `json:"rank,omitempty"`
	// Asset names the asset, or a pair as "a+b".
	Asset string `json:"asset"`
	// Assets lists the pair's assets (k = 2 only).
	Assets []string `json:"assets,omitempty"`
	// FailedAssets counts every asset that fails, the initial ones too.
	FailedAssets int `json:"failed_assets"`
	// FailedSectors counts the sectors whose failed_at is not null.
	FailedSectors int `json:"failed_sectors"`
}

// RunID identifies a ranking, for part files.
type RunID struct {
	ModelHash  string `json:"model_hash"`
	Horizon    int64  `json:"horizon_s"` // seconds, -1 for none
	K          int    `json:"k"`
	Mode       string `json:"mode"`
	Candidates int    `json:"candidates"` // assets considered for pairs in Candidates mode
	Top        int    `json:"top"`
	Items      int    `json:"items"` // runs of the whole ranking
	Shards     int    `json:"shards"`
}

// Hash returns a hex SHA-256 of r.
func (r RunID) Hash() string {
	b, _ := json.Marshal(r)
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// diff lists how r differs from o (nil when equal).
func (r RunID) diff(o RunID) []shard.Difference {
	var d []shard.Difference
	if r.ModelHash != o.ModelHash {
		d = append(d, shard.Difference{Param: shard.ParamModel})
	}
	if r.Horizon != o.Horizon {
		d = append(d, shard.Difference{Param: shard.ParamHorizon, Got: fmt.Sprint(r.Horizon), Want: fmt.Sprint(o.Horizon)})
	}
	if r.K != o.K || r.Mode != o.Mode || r.Candidates != o.Candidates {
		d = append(d, shard.Difference{Param: shard.ParamK,
			Got:  fmt.Sprintf("%d %s (%d candidates)", r.K, r.Mode, r.Candidates),
			Want: fmt.Sprintf("%d %s (%d candidates)", o.K, o.Mode, o.Candidates)})
	}
	if r.Top != o.Top {
		d = append(d, shard.Difference{Param: shard.ParamTop, Got: fmt.Sprint(r.Top), Want: fmt.Sprint(o.Top)})
	}
	return d
}

// Result is a ranking, the JSON of `cascade rank --format json` (docs/cli.md,
// with more fields).
type Result struct {
	// K is 1 for single assets, 2 for pairs.
	K int `json:"k"`
	// Mode says what was ranked: Single, Exhaustive or Candidates.
	Mode string `json:"mode"`
	// Candidates is the number of assets whose pairs were ranked (k = 2).
	Candidates int `json:"candidates,omitempty"`
	// HorizonS is the horizon in seconds, nil without one.
	HorizonS *int64 `json:"horizon_s"`
	// Evaluated is the number of assets or pairs evaluated.
	Evaluated int `json:"evaluated"`
	// Pruned is the number of pairs the bound let a Pruned ranking skip (nil in other
	// modes).
	Pruned  *int64  `json:"pruned,omitempty"`
	Ranking []Entry `json:"ranking"`

	run     RunID
	shard   shard.Shard
	lo      int     // first item of the shard
	entries []Entry // the shard's entries in item order
}

// Command is the command of a rank part file (shard.Part.Command).
const Command = "rank"

// Part is the body of a rank part file: the run and the entries of the shard's items.
type Part struct {
	Run     RunID   `json:"run"`
	Items   [2]int  `json:"items"` // item range [lo, hi) of the shard
	Entries []Entry `json:"entries"`
}

// rankRunner evaluates worst-case runs for one worker, reusing its scratch.
type rankRunner interface {
	// run fails the given assets (model indices) physically at time 0, every edge with
	// probability > 0 live, and counts the failed assets and sectors.
	run(assets []int32) (failedAssets, failedSectors int)
}

// sortRanking orders entries by failed assets descending, failed sectors descending,
// then name.
func sortRanking(es []Entry) {
	slices.SortFunc(es, func(a, b Entry) int {
		if c := cmp.Compare(b.FailedAssets, a.FailedAssets); c != 0 {
			return c
		}
		if c := cmp.Compare(b.FailedSectors, a.FailedSectors); c != 0 {
			return c
		}
		return strings.Compare(a.Asset, b.Asset)
	})
}

// setRanks sets the competition rank of each entry of a sorted ranking: one more
// than the number of entries before it, shared by entries that tie in failed
// assets and failed sectors.
func setRanks(es []Entry) {
	for i := range es {
		if i > 0 && es[i].FailedAssets == es[i-1].FailedAssets && es[i].FailedSectors == es[i-1].FailedSectors {
			es[i].Rank = es[i-1].Rank
		} else {
			es[i].Rank = i + 1
		}
	}
}

// pairAt returns the i-th pair (a < b) of n items in lexicographic order.
func pairAt(i int64, n int) (a, b int) {
	// Row a starts at pair a*n - a*(a+1)/2; find the last row starting at or before i.
	start := func(a int) int64 { return int64(a)*int64(n) - int64(a)*int64(a+1)/2 }
	a = sort.Search(n, func(x int) bool { return start(x) > i }) - 1
	return a, a + 1 + int(i-start(a))
}

// rankItems evaluates items [lo, hi) with workers workers; item i is the asset set
// items(i). Results are stored by item index, so they do not depend on scheduling.
func rankItems(ctx context.Context, lo, hi int, workers int, newRunner func() rankRunner,
	items func(i int, buf []int32) []int32, progress func(done, total int64)) ([][2]int, error) {
	n := hi - lo
	out := make([][2]int, n)
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(min(workers, n), 1)
	var next, done atomic.Int64
	var wg sync.WaitGroup
	var mu sync.Mutex
	const batch = 16
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := newRunner()
			var buf []int32
			for ctx.Err() == nil {
				start := int(next.Add(batch) - batch)
				if start >= n {
					return
				}
				end := min(start+batch, n)
				for i := start; i < end; i++ {
					buf = items(lo+i, buf[:0])
					fa, fs := r.run(buf)
					out[i] = [2]int{fa, fs}
				}
				d := done.Add(int64(end - start))
				if progress != nil {
					mu.Lock()
					progress(d, int64(n))
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, &shard.InterruptedError{Done: done.Load(), Total: int64(n), Unit: "runs", Cause: err}
	}
	return out, nil
}

// Merge combines the rank parts of every shard of one run, named by names (for
// messages), into the ranking of the unsharded run. It refuses parts of different runs
// or models, a shard given twice, and missing shards.
func Merge(parts []*shard.Part, names []string) (*Result, error) {
	bodies := make([]*Part, len(parts))
	for i, p := range parts {
		if p.Command != Command {
			continue // shard.Check refuses the mix
		}
		var b Part
		if err := shard.DecodeBody(p.Rank, &b); err != nil {
			return nil, fmt.Errorf("%s: not a cascade part file: %v", names[i], err)
		}
		if b.Run.Hash() != p.RunHash {
			return nil, fmt.Errorf("%s: run hash does not match its run; the file was edited or is corrupt", names[i])
		}
		bodies[i] = &b
	}
	order, err := shard.Check(parts, names, func(i, j int) []shard.Difference { return bodies[i].Run.diff(bodies[j].Run) })
	if err != nil {
		return nil, err
	}
	run := bodies[order[0]].Run
	next := 0
	var all []Entry
	for _, pi := range order {
		rp := bodies[pi]
		if rp.Items[0] != next || rp.Items[1] < rp.Items[0] || len(rp.Entries) != rp.Items[1]-rp.Items[0] {
			return nil, fmt.Errorf("%s: items [%d, %d) with %d entries do not follow on from item %d", names[pi], rp.Items[0], rp.Items[1], len(rp.Entries), next)
		}
		next = rp.Items[1]
		all = append(all, rp.Entries...)
	}
	if next != run.Items {
		return nil, fmt.Errorf("the parts cover %d of %d items", next, run.Items)
	}
	return finishRanking(run, all), nil
}

// finishRanking sorts entries and builds the result of run.
func finishRanking(run RunID, entries []Entry) *Result {
	sortRanking(entries)
	r := &Result{K: run.K, Mode: run.Mode, Evaluated: len(entries), run: run, shard: shard.Whole}
	if run.Mode == Candidates {
		r.Candidates = run.Candidates
	}
	if run.Horizon >= 0 {
		h := run.Horizon
		r.HorizonS = &h
	}
	if run.Top > 0 && len(entries) > run.Top {
		entries = entries[:run.Top]
	}
	if entries == nil {
		entries = []Entry{}
	}
	setRanks(entries)
	r.Ranking = entries
	return r
}

// Part returns the part file of a (sharded) ranking.
func (r *Result) Part() (*shard.Part, error) {
	lo := r.lo
	return shard.NewPart(Command, r.run.Hash(), r.shard,
		&Part{Run: r.run, Items: [2]int{lo, lo + len(r.entries)}, Entries: r.entries})
}

// defaultRankRunners uses the closure fast path without a horizon and the engine with one.
func defaultRankRunners(m *model.Model, horizon cascade.Horizon) (func() rankRunner, error) {
	if horizon.Seconds() == cascade.Never {
		return closureRankRunners(m)
	}
	return engineRankRunners(m, horizon)
}

// rankFactory prepares worst-case runs of m and returns a constructor of per-worker
// runners.
type rankFactory func(m *model.Model, horizon cascade.Horizon) (func() rankRunner, error)

// Rank ranks every asset of m (opts.K = 1), or pairs of assets (opts.K = 2), by what
// its sole physical failure at time 0 brings down in the worst case: every edge with
// probability > 0 live (docs/cli.md). With more than MaxExhaustivePairs pairs, K = 2
// ranks the pairs among the top opts.Candidates assets of the single ranking; the
// result's Mode says which was done. A sharded ranking evaluates only its range of the
// assets or pairs; its Part holds them for cascade merge.
func Run(ctx context.Context, m *model.Model, opts Options) (*Result, error) {
	if opts.Prune {
		return rankPruned(ctx, m, opts)
	}
	return ranking(ctx, m, opts, defaultRankRunners)
}

func ranking(ctx context.Context, m *model.Model, opts Options, factory rankFactory) (*Result, error) {
	if opts.K == 0 {
		opts.K = 1
	}
	if opts.K != 1 && opts.K != 2 {
		return nil, fmt.Errorf("k = %d: only 1 (single assets) and 2 (pairs) are supported", opts.K)
	}
	if opts.Candidates < 0 || opts.Candidates > MaxCandidates {
		return nil, fmt.Errorf("%d candidates: want at most %d", opts.Candidates, MaxCandidates)
	}
	sh := opts.Shard.Norm()
	newRunner, err := factory(m, opts.Horizon)
	if err != nil {
		return nil, err
	}
	n := len(m.Assets)
	run := RunID{ModelHash: m.Hash(), Horizon: horizonField(opts.Horizon), K: opts.K, Mode: Single, Top: opts.Top, Shards: sh.Count}
	var items func(i int, buf []int32) []int32
	var names func(i int) (string, []string)
	switch {
	case opts.K == 1:
		run.Items = n
		items = func(i int, buf []int32) []int32 { return append(buf, int32(i)) }
		names = func(i int) (string, []string) { return m.Assets[i].Name, nil }
	default:
		cands := make([]int, n)
		for i := range cands {
			cands[i] = i
		}
		pairs := int64(n) * int64(n-1) / 2
		run.Mode = Exhaustive
		if pairs > MaxExhaustivePairs {
			c := opts.Candidates
			if c <= 0 {
				c = DefaultCandidates
			}
			c = min(c, n)
			// The single ranking, in full (every shard computes the same one).
			single, err := ranking(ctx, m, Options{Horizon: opts.Horizon, K: 1, Workers: opts.Workers}, factory)
			if err != nil {
				return nil, err
			}
			cands = cands[:0]
			for _, e := range single.Ranking[:c] {
				cands = append(cands, m.Asset(e.Asset).Index)
			}
			slices.Sort(cands)
			run.Mode, run.Candidates = Candidates, c
			pairs = int64(c) * int64(c-1) / 2
		}
		run.Items = int(pairs)
		items = func(i int, buf []int32) []int32 {
			a, b := pairAt(int64(i), len(cands))
			return append(buf, int32(cands[a]), int32(cands[b]))
		}
		names = func(i int) (string, []string) {
			a, b := pairAt(int64(i), len(cands))
			x, y := m.Assets[cands[a]].Name, m.Assets[cands[b]].Name
			return x + "+" + y, []string{x, y}
		}
	}
	lo, hi := sh.Range(run.Items)
	counts, err := rankItems(ctx, lo, hi, opts.Workers, newRunner, items, opts.Progress)
	if err != nil {
		return nil, err
	}
	entries := make([]Entry, hi-lo)
	for i := range entries {
		name, pair := names(lo + i)
		entries[i] = Entry{Asset: name, Assets: pair, FailedAssets: counts[i][0], FailedSectors: counts[i][1]}
	}
	r := finishRanking(run, slices.Clone(entries))
	// A part keeps the shard's entries in item order, all of them; merge sorts them.
	r.entries, r.shard, r.lo = entries, sh, lo
	return r, nil
}

// engineRankRunners compiles m and returns a constructor of worst-case runners.
func engineRankRunners(m *model.Model, horizon cascade.Horizon) (func() rankRunner, error) {
	net, err := cascade.Compile(m)
	if err != nil {
		return nil, err
	}
	return func() rankRunner {
		// One reusable scenario per worker: its event's assets are overwritten per run.
		sc := &cascade.Scenario{Name: "rank", Horizon: horizon,
			Events: []cascade.Event{{Name: "sole_failure", Kind: model.PhysicalEvent, Probability: 1}}}
		return &engineRank{net: net, sc: sc, res: new(cascade.Result)}
	}, nil
}

type engineRank struct {
	net *cascade.Network
	sc  *cascade.Scenario
	res *cascade.Result
}

func (e *engineRank) run(assets []int32) (failedAssets, failedSectors int) {
	ev := &e.sc.Events[0]
	ev.Assets = append(ev.Assets[:0], assets...)
	if len(ev.Assets) == 2 && ev.Assets[0] > ev.Assets[1] {
		ev.Assets[0], ev.Assets[1] = ev.Assets[1], ev.Assets[0]
	}
	e.net.RunInto(e.res, e.sc, cascade.Options{})
	for s := range e.res.Sectors {
		if e.res.Sectors[s].FailedAt != cascade.Never {
			failedSectors++
		}
	}
	return e.res.NumFailed(), failedSectors
}

// horizonField is a horizon as RunID records it: seconds, -1 for none.
func horizonField(h cascade.Horizon) int64 {
	if s := h.Seconds(); s != cascade.Never {
		return s
	}
	return -1
}
