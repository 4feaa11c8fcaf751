package montecarlo

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/cascade-infra/cascade/cascade/shard"
)

// trialBufferTrials returns the number of trials a worker buffers before folding them
// into its chunk's tally: up to 256, fewer for large models so that the buffer stays
// under about 16 MiB (4 bytes per asset and trial).
func trialBufferTrials(assets int) int {
	return min(256, max(16, (4<<20)/max(assets, 1)))
}

// DefaultChunkSize returns the number of trials per chunk for a run of trials trials:
// about 256 chunks, at least 256 trials each. Chunks are the unit of work handed to a
// worker, of checkpointing and of sharding; the result does not depend on the chunk
// size (counts are exact), but checkpoints and part files record it.
func DefaultChunkSize(trials int64) int64 {
	return max(ceilDiv(trials, 256), 256)
}

// Limits of a run's planning: beyond them a run would never finish, and the
// arithmetic of its chunks could overflow.
const (
	// MaxTrials is the largest number of trials per scenario, 10^12.
	MaxTrials = 1_000_000_000_000
	// MaxChunks is the largest number of chunks per scenario, 2^20.
	MaxChunks = 1 << 20
)

// ceilDiv is ⌈a/b⌉ for a >= 0 and b > 0, without overflow.
func ceilDiv(a, b int64) int64 {
	if a == 0 {
		return 0
	}
	return (a-1)/b + 1
}

// CheckPlan checks the trials and chunk size (per scenario) of a run (0 chunk: the default) and
// returns the chunk size to use (the default for 0).
func CheckPlan(trials, chunk int64) (int64, error) {
	switch {
	case trials < 1:
		return 0, errors.New("the number of trials must be at least 1")
	case trials > MaxTrials:
		return 0, fmt.Errorf("%d trials: at most %d per scenario", trials, int64(MaxTrials))
	case chunk < 0:
		return 0, fmt.Errorf("chunk size %d: want at least 1", chunk)
	case chunk == 0:
		chunk = DefaultChunkSize(trials)
	}
	if n := ceilDiv(trials, chunk); n > MaxChunks {
		return 0, fmt.Errorf("chunks of %d trials make %d chunks of %d trials; at most %d chunks: give a chunk size of at least %d",
			chunk, n, trials, MaxChunks, ceilDiv(trials, MaxChunks))
	}
	return chunk, nil
}

// trialRunner runs trials for one worker, reusing its scratch memory between trials.
type trialRunner interface {
	// trial runs trial i (0-based, of the whole run) of scenario sc (index in the run)
	// and fills o.
	trial(sc int, i int64, o *trialOutcome)
}

// chunkPlan is the work of one shard: the chunks [lo, hi) of every scenario.
type chunkPlan struct {
	scenarios int
	trials    int64 // per scenario
	chunkSize int64
	lo, hi    int // chunk range of the shard
	assets    int
	sectors   int
}

func (p *chunkPlan) numChunks() int { return int(ceilDiv(p.trials, p.chunkSize)) }

// chunkTrials returns the trial range [a, b) of chunk c.
func (p *chunkPlan) chunkTrials(c int) (a, b int64) {
	a = int64(c) * p.chunkSize // < trials: c < numChunks
	return a, a + min(p.chunkSize, p.trials-a)
}

// shardTrials returns the number of trials of the shard per scenario.
func (p *chunkPlan) shardTrials() int64 {
	if p.hi <= p.lo {
		return 0
	}
	a, _ := p.chunkTrials(p.lo)
	_, b := p.chunkTrials(p.hi - 1)
	return b - a
}

// runChunks runs every chunk of plan not already done (done[sc][c-lo]) on workers
// workers, each with a runner from newRunner, merging each chunk into totals[sc] in
// completion order (counts are exact, so the order does not matter) and recording it
// with record, if not nil. progress, if not nil, is called after each chunk with the
// trials done and the shard's total, from one goroutine at a time. rows, if not nil,
// receives every trial of the shard in order (TrialSink), those of the chunks
// already done too: they are run again for it, and not counted.
func runChunks(ctx context.Context, plan *chunkPlan, workers int, newRunner func() trialRunner,
	done [][]bool, totals []*Tally, record func(sc, chunk int, t *Tally) error, progress func(done, total int64), rows TrialSink) error {
	type job struct {
		sc, chunk int
		rowsOnly  bool // done before: run for rows only
	}
	var jobs []job
	var doneTrials int64
	doneChunks := 0
	for sc := range plan.scenarios {
		for c := plan.lo; c < plan.hi; c++ {
			if done[sc][c-plan.lo] {
				a, b := plan.chunkTrials(c)
				doneTrials += b - a
				doneChunks++
				if rows != nil {
					jobs = append(jobs, job{sc, c, true})
				}
				continue
			}
			jobs = append(jobs, job{sc, c, false})
		}
	}
	total := plan.shardTrials() * int64(plan.scenarios)
	totalChunks := (plan.hi - plan.lo) * plan.scenarios
	if progress != nil {
		progress(doneTrials, total)
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(min(workers, len(jobs)), 1)

	var (
		next     atomic.Int64
		mu       sync.Mutex // guards totals, record, progress, doneTrials, firstErr
		firstErr error
		stop     atomic.Bool
		wg       sync.WaitGroup
		turn     = newTurns()
	)
	halt := func() {
		stop.Store(true)
		turn.halt()
	}
	fail := func(err error) {
		if firstErr == nil {
			firstErr = err
		}
		halt()
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := newRunner()
			// Without a checkpoint no chunk needs a tally of its own: the worker adds
			// its chunks into one tally per scenario and merges those into the totals
			// once, when it stops (an interrupted batch returns no result). With one,
			// each chunk is counted apart, recorded and merged.
			var acc []*Tally
			if record == nil {
				acc = make([]*Tally, plan.scenarios)
				defer func() {
					mu.Lock()
					defer mu.Unlock()
					for sc, a := range acc {
						if a == nil || firstErr != nil {
							continue
						}
						if err := totals[sc].Merge(a); err != nil {
							fail(err)
						}
					}
				}()
			}
			t := NewTally(plan.assets, plan.sectors)
			buf := newTrialBuffer(plan.assets, plan.sectors, int(min(plan.chunkSize, int64(trialBufferTrials(plan.assets)))))
			var o trialOutcome
			var rec *trialRecorder
			var enc []byte
			if rows != nil {
				rec = newTrialRecorder(plan.assets, plan.sectors)
			}
			for !stop.Load() {
				j := int(next.Add(1) - 1)
				if j >= len(jobs) {
					return
				}
				jb := jobs[j]
				a, b := plan.chunkTrials(jb.chunk)
				ct := t
				if acc != nil {
					if acc[jb.sc] == nil {
						acc[jb.sc] = NewTally(plan.assets, plan.sectors)
					}
					ct = acc[jb.sc]
				} else {
					t.Reset()
				}
				enc = enc[:0]
				for i := a; i < b; i++ {
					if (i-a)&15 == 15 && ctx.Err() != nil {
						halt()
						return // the partial chunk (and buffer) is dropped
					}
					r.trial(jb.sc, i, &o)
					if rows != nil {
						enc = rows.AppendTrial(enc, rec.record(jb.sc, i, &o))
					}
					if !jb.rowsOnly {
						buf.add(&o, ct)
					}
				}
				if rows != nil {
					if !turn.wait(j) {
						return
					}
					err := rows.WriteTrials(enc)
					turn.done()
					if err != nil {
						mu.Lock()
						fail(err)
						mu.Unlock()
						return
					}
					if jb.rowsOnly {
						continue
					}
				}
				buf.flush(ct)
				mu.Lock()
				if firstErr == nil {
					var err error
					if acc == nil {
						if err = totals[jb.sc].Merge(t); err == nil {
							done[jb.sc][jb.chunk-plan.lo] = true // record's compaction reads it
							err = record(jb.sc, jb.chunk, t)
						}
					}
					if err != nil {
						fail(err)
					} else {
						done[jb.sc][jb.chunk-plan.lo] = true
						doneTrials += b - a
						doneChunks++
						if progress != nil {
							progress(doneTrials, total)
						}
					}
				}
				mu.Unlock()
				if ctx.Err() != nil {
					halt()
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	if doneChunks < totalChunks {
		cause := ctx.Err()
		if cause == nil {
			cause = errors.New("stopped")
		}
		return &shard.InterruptedError{Done: doneTrials, Total: total, Unit: "trials", DoneChunks: doneChunks, TotalChunks: totalChunks, Cause: cause}
	}
	return nil
}
