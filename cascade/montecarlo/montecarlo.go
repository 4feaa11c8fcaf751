package montecarlo

import (
	"context"
	"errors"
	"fmt"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/cascade/shard"
	"github.com/cascade-infra/cascade/model"
)

// Options configures a Monte Carlo batch.
type Options struct {
	Trials int64  // trials per scenario, > 0
	Seed   uint64 // seed of the counter-based random numbers
	// Horizon replaces each scenario's horizon; the zero value keeps the scenario's.
	Horizon cascade.Horizon
	// Workers is the number of goroutines running trials; 0 means runtime.GOMAXPROCS.
	// The result does not depend on it.
	Workers int
	// ChunkSize is the number of trials per chunk; 0 means DefaultChunkSize(Trials).
	ChunkSize int64
	// Shard selects a contiguous range of chunks; the zero value runs them all.
	Shard shard.Shard
	// Checkpoint, if not empty, is the path of a checkpoint file: completed chunks are
	// appended to it and read back when the same run is started again.
	Checkpoint string
	// AllScenarios records that every scenario of the model was asked for; it changes
	// only the shape of the output, and is kept in checkpoints and part files.
	AllScenarios bool
	// Progress, if not nil, is called after each chunk with the trials done (of this
	// shard, every scenario, including those read from the checkpoint) and their total.
	// Calls never overlap.
	Progress func(done, total int64)
	// TrialRows, if not nil, receives the outcome of every trial of the shard, in
	// trial order (TrialSink); the result does not depend on it.
	TrialRows TrialSink
}

// Result is the outcome of a batch or of merging part files: the exact tally of
// each scenario.
type Result struct {
	Run     RunID
	Shard   shard.Shard
	Infos   []*Info  // per scenario, in the order of Run.Scenarios
	Tallies []*Tally // per scenario; of the shard's trials only when sharded
	plan    chunkPlan
}

// Reports returns the report of each scenario.
func (r *Result) Reports() ([]*Report, error) {
	out := make([]*Report, len(r.Tallies))
	for i, t := range r.Tallies {
		rep, err := t.Report(r.Infos[i])
		if err != nil {
			return nil, err
		}
		out[i] = rep
	}
	return out, nil
}

// runnerFactory prepares trials of scenarios of m and returns a constructor of
// per-worker runners.
type runnerFactory func(m *model.Model, scenarios []*model.Scenario, horizon cascade.Horizon, seed uint64) (func() trialRunner, error)

// Run runs opts.Trials Monte Carlo trials of each scenario of m (docs/batch.md) and
// returns their exact tallies. Stopped by ctx, it returns an *shard.InterruptedError after
// recording the completed chunks in the checkpoint, if any.
func Run(ctx context.Context, m *model.Model, scenarios []*model.Scenario, opts Options) (*Result, error) {
	return run(ctx, m, scenarios, opts, engineRunners)
}

func run(ctx context.Context, m *model.Model, scenarios []*model.Scenario, opts Options, factory runnerFactory) (*Result, error) {
	if _, err := CheckPlan(opts.Trials, opts.ChunkSize); err != nil {
		return nil, err
	}
	if opts.ChunkSize == 0 {
		opts.ChunkSize = DefaultChunkSize(opts.Trials)
	}
	if len(scenarios) == 0 {
		return nil, errors.New("no scenario to run")
	}
	sh := opts.Shard.Norm()
	names := make([]string, len(scenarios))
	for i, sc := range scenarios {
		names[i] = sc.Name
	}
	id := RunID{ModelHash: m.Hash(), Scenarios: names, Trials: opts.Trials, Seed: opts.Seed,
		Horizon: runHorizon(opts.Horizon), ChunkSize: opts.ChunkSize, Shards: sh.Count, AllScenarios: opts.AllScenarios}
	plan := chunkPlan{scenarios: len(scenarios), trials: opts.Trials, chunkSize: opts.ChunkSize,
		assets: len(m.Assets), sectors: len(m.Sectors)}
	plan.lo, plan.hi = sh.Range(plan.numChunks())

	res := &Result{Run: id, Shard: sh, plan: plan}
	assetNames := make([]string, len(m.Assets))
	assetSectors := make([]int, len(m.Assets))
	for i, a := range m.Assets {
		assetNames[i], assetSectors[i] = a.Name, a.Sector.Index
	}
	sectorNames := make([]string, len(m.Sectors))
	for i, s := range m.Sectors {
		sectorNames[i] = s.Name
	}
	var orgNames []string
	if m.HasAlerts() {
		for _, o := range m.Organizations {
			orgNames = append(orgNames, o.Name)
		}
	}
	done := make([][]bool, len(scenarios))
	for i, sc := range scenarios {
		h := horizonField(opts.Horizon.Or(cascade.ScenarioHorizon(sc)))
		res.Infos = append(res.Infos, &Info{Scenario: sc.Name, Trials: opts.Trials, Seed: opts.Seed, Horizon: h,
			AssetNames: assetNames, AssetSectors: assetSectors, SectorNames: sectorNames, OrganizationNames: orgNames})
		res.Tallies = append(res.Tallies, NewTally(len(m.Assets), len(m.Sectors)))
		done[i] = make([]bool, plan.hi-plan.lo)
	}

	var record func(sc, chunk int, t *Tally) error
	if opts.Checkpoint != "" {
		ck, err := OpenCheckpoint(opts.Checkpoint, id, sh, len(m.Assets), len(m.Sectors), func(sc int, chunks []int, t *Tally) error {
			var trials int64
			for _, ch := range chunks {
				if sc >= len(scenarios) || ch < plan.lo || ch >= plan.hi {
					return fmt.Errorf("record of chunk %d of scenario %d is outside this run", ch, sc)
				}
				if done[sc][ch-plan.lo] {
					return fmt.Errorf("chunk %d of scenario %d is recorded twice", ch, sc)
				}
				a, b := plan.chunkTrials(ch)
				trials += b - a
			}
			if t.trials != trials {
				return fmt.Errorf("record of %d chunks holds %d trials, want %d", len(chunks), t.trials, trials)
			}
			for _, ch := range chunks {
				done[sc][ch-plan.lo] = true
			}
			return res.Tallies[sc].Merge(t)
		})
		if err != nil {
			return nil, err
		}
		defer ck.Close()
		record = func(sc, chunk int, t *Tally) error {
			compact, err := ck.Append(sc, chunk, t)
			if err != nil || !compact {
				return err
			}
			lists := make([][]int, len(done))
			for s, d := range done {
				for i, ok := range d {
					if ok {
						lists[s] = append(lists[s], plan.lo+i)
					}
				}
			}
			return ck.Compact(lists, res.Tallies)
		}
	}
	newRunner, err := factory(m, scenarios, opts.Horizon, opts.Seed)
	if err != nil {
		return nil, err
	}
	if err := runChunks(ctx, &plan, opts.Workers, newRunner, done, res.Tallies, record, opts.Progress, opts.TrialRows); err != nil {
		return nil, err
	}
	return res, nil
}

// horizonField is a horizon in seconds as Info records it in part files, -1 for none.
func horizonField(h cascade.Horizon) int64 {
	if s := h.Seconds(); s != cascade.Never {
		return s
	}
	return -1
}

// runHorizon is the horizon override as RunID records it: -1 when each scenario's own
// applies, else the override in seconds (Never for none).
func runHorizon(h cascade.Horizon) int64 {
	if !h.IsSet() {
		return -1
	}
	return h.Seconds()
}
