package montecarlo

import (
	"sync"

	"github.com/cascade-infra/cascade/cascade"
)

// TrialRecord is the outcome of one trial, as a TrialSink receives it.
type TrialRecord struct {
	Scenario int   // index of the scenario in the run
	Trial    int64 // 0-based index of the trial in the whole run (not the shard)
	// Failed is the number of assets that failed in the trial (at or before
	// the horizon, when there is one).
	Failed int
	// Compromised is the number of assets compromised in the trial.
	Compromised int
	// SectorFailedAt is, per sector (model order), the seconds from the start of the
	// scenario to the sector's failure, or cascade.Never when it did not fail.
	// Borrowed: valid only during the call.
	SectorFailedAt []int64
	// SectorLossMs is, per sector, the service lost within the horizon in whole
	// milliseconds (docs/batch.md, "Restoration"); nil without a horizon. Borrowed.
	SectorLossMs []uint64
}

// TrialSink receives the outcome of every trial of a batch, for a per-trial table.
// AppendTrial encodes one trial; it is called on the goroutines running trials,
// concurrently, and must only read rec and its receiver's immutable state.
// WriteTrials receives the encoded trials of one chunk at a time, in the order of
// the trials (scenario by scenario, in the run's order, and trial by trial); calls
// never overlap, and p must not be kept after the call. An error from WriteTrials
// stops the batch.
//
// Workers wait with an encoded chunk until the chunks before it are written, so
// the trials waiting in memory are at most workers × chunk size. With a
// checkpoint, the chunks read from it are run again for their trials (not
// counted again): the sink receives every trial of the shard on every run.
type TrialSink interface {
	AppendTrial(dst []byte, rec *TrialRecord) []byte
	WriteTrials(p []byte) error
}

// trialRecorder fills TrialRecords from trial outcomes for one worker.
type trialRecorder struct {
	assets int
	rec    TrialRecord
}

func newTrialRecorder(assets, sectors int) *trialRecorder {
	return &trialRecorder{assets: assets, rec: TrialRecord{SectorFailedAt: make([]int64, sectors)}}
}

// record returns the record of trial i of scenario sc, whose outcome is o.
func (tr *trialRecorder) record(sc int, i int64, o *trialOutcome) *TrialRecord {
	r := &tr.rec
	r.Scenario, r.Trial = sc, i
	r.Failed = 0
	if o.failure != nil {
		for _, v := range o.failure[:tr.assets] {
			r.Failed += b2i(v != cascade.Never)
		}
	} else {
		r.Failed = len(o.assets)
	}
	r.Compromised = len(o.compromised)
	for s := range r.SectorFailedAt {
		r.SectorFailedAt[s] = cascade.Never
	}
	for k, s := range o.sectors {
		r.SectorFailedAt[s] = o.sectorTimes[k]
	}
	r.SectorLossMs = o.lossMs
	return r
}

// turns lets the workers write their chunks' trials in job order: job j writes
// after job j-1. After halt, no one waits.
type turns struct {
	mu     sync.Mutex
	cond   *sync.Cond
	next   int
	halted bool
}

func newTurns() *turns {
	t := &turns{}
	t.cond = sync.NewCond(&t.mu)
	return t
}

// wait blocks until job j may write, and reports false when the batch halted first.
func (t *turns) wait(j int) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	for t.next != j && !t.halted {
		t.cond.Wait()
	}
	return !t.halted
}

// done passes the turn to the next job.
func (t *turns) done() {
	t.mu.Lock()
	t.next++
	t.mu.Unlock()
	t.cond.Broadcast()
}

// halt wakes every waiter for good.
func (t *turns) halt() {
	t.mu.Lock()
	t.halted = true
	t.mu.Unlock()
	t.cond.Broadcast()
}
