package montecarlo

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"testing"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/cascade/internal/netgen"
	"github.com/cascade-infra/cascade/cascade/internal/testenv"
)

// textSink encodes a trial as "sc trial failed compromised t0 t1 …\n" and keeps
// what it is given, or, with count set, checks the order and keeps nothing.
type textSink struct {
	out      bytes.Buffer
	count    bool
	rows     int64
	next     [2]int64 // next trial expected per scenario
	maxChunk int      // most rows in one WriteTrials
	maxHeap  uint64   // highest HeapAlloc seen every 64 chunks
	calls    int
	err      error
}

func (s *textSink) AppendTrial(dst []byte, r *TrialRecord) []byte {
	dst = fmt.Appendf(dst, "%d %d %d %d", r.Scenario, r.Trial, r.Failed, r.Compromised)
	for _, at := range r.SectorFailedAt {
		dst = fmt.Appendf(dst, " %d", at)
	}
	if r.SectorLossMs != nil {
		dst = fmt.Appendf(dst, " loss%v", r.SectorLossMs)
	}
	return append(dst, '\n')
}

func (s *textSink) WriteTrials(p []byte) error {
	n := bytes.Count(p, []byte("\n"))
	s.rows += int64(n)
	s.maxChunk = max(s.maxChunk, n)
	if s.calls++; s.count && s.calls%64 == 0 {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		s.maxHeap = max(s.maxHeap, ms.HeapAlloc)
	}
	if !s.count {
		s.out.Write(p)
		return nil
	}
	for line := range bytes.Lines(p) {
		f := bytes.Fields(line)
		sc, _ := strconv.Atoi(string(f[0]))
		tr, _ := strconv.ParseInt(string(f[1]), 10, 64)
		if tr != s.next[sc] && s.err == nil {
			s.err = fmt.Errorf("scenario %d: trial %d, want %d", sc, tr, s.next[sc])
		}
		s.next[sc] = tr + 1
	}
	return nil
}

// TestTrialRowsMatchSingleTrials checks that the sink receives every trial in order,
// the same for any number of workers and chunk size, and that each row is what
// running that trial alone gives; the mean of the failed column is the report's.
func TestTrialRowsMatchSingleTrials(t *testing.T) {
	m := smallModel()
	const trials = 700
	var first []byte
	for _, c := range []struct {
		workers int
		chunk   int64
	}{{1, 0}, {3, 7}, {4, 64}} {
		var s textSink
		res, err := Run(context.Background(), m, m.Scenarios, Options{Trials: trials, Seed: 9, Workers: c.workers, ChunkSize: c.chunk, TrialRows: &s})
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = bytes.Clone(s.out.Bytes())
			reps, err := res.Reports()
			if err != nil {
				t.Fatal(err)
			}
			checkRowsAgainstRuns(t, first, 9, trials, reps)
			continue
		}
		if !bytes.Equal(s.out.Bytes(), first) {
			t.Errorf("workers %d, chunk %d: rows differ from one worker's", c.workers, c.chunk)
		}
	}
}

// checkRowsAgainstRuns compares rows with runs of single trials of smallModel's
// scenarios on the whole network, and the failed column's mean with each report's.
func checkRowsAgainstRuns(t *testing.T, rows []byte, seed uint64, trials int64, reps []*Report) {
	t.Helper()
	m := smallModel()
	net, err := cascade.Compile(m)
	if err != nil {
		t.Fatal(err)
	}
	var sink textSink
	var want []byte
	var rec trialRecorder
	rec.assets = len(m.Assets)
	for si, s := range m.Scenarios {
		sc, err := net.CompileScenario(s)
		if err != nil {
			t.Fatal(err)
		}
		sum := 0
		for i := range trials {
			r := net.Run(sc, cascade.Options{MonteCarlo: true, Seed: seed, Trial: uint64(i)})
			var o trialOutcome
			outcomeOf(r, &o)
			lossOf(r, &o)
			rec.rec.SectorFailedAt = make([]int64, len(m.Sectors))
			tr := rec.record(si, i, &o)
			sum += tr.Failed
			want = sink.AppendTrial(want, tr)
		}
		if got, w := float64(sum)/float64(trials), reps[si].FailedAssets.Mean; got != w {
			t.Errorf("%s: mean failed %v from single runs, report %v", s.Name, got, w)
		}
	}
	if !bytes.Equal(rows, want) {
		t.Errorf("rows differ from single runs:\n%.600s\nwant\n%.600s", rows, want)
	}
}

// TestTrialRowsResume checks that a run resumed from a complete checkpoint still
// receives every trial, with the same rows and the same result.
func TestTrialRowsResume(t *testing.T) {
	m := smallModel()
	ck := filepath.Join(t.TempDir(), "ck")
	var outs [2][]byte
	var reps [2][]byte
	for k := range 2 {
		var s textSink
		res, err := Run(context.Background(), m, m.Scenarios, Options{Trials: 500, Seed: 4, ChunkSize: 50, Workers: 2, Checkpoint: ck, TrialRows: &s})
		if err != nil {
			t.Fatal(err)
		}
		outs[k], reps[k] = s.out.Bytes(), reportJSON(t, res)
		if s.rows != 1000 {
			t.Errorf("run %d: %d rows, want 1000", k, s.rows)
		}
	}
	if !bytes.Equal(outs[0], outs[1]) || !bytes.Equal(reps[0], reps[1]) {
		t.Error("the resumed run's rows or result differ from the first run's")
	}
}

// TestTrialRowsBoundedMemory streams a million trials of each of smallModel's two
// scenarios: they arrive in order, at most a chunk at a time, and the heap stays far
// below what holding the rows would take (about 60 MB). Under the race detector it
// checks the order of 40,000 trials only.
func TestTrialRowsBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("a million trials")
	}
	m := smallModel()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	s := &textSink{count: true}
	const chunk = 4000
	trials := int64(1_000_000)
	if testenv.RaceEnabled {
		trials = 40_000 // the order only: a million trials take minutes under the race detector
	}
	if _, err := Run(context.Background(), m, m.Scenarios, Options{Trials: trials, Seed: 1, ChunkSize: chunk, Workers: 2, TrialRows: s}); err != nil {
		t.Fatal(err)
	}
	if s.err != nil {
		t.Fatal(s.err)
	}
	if s.rows != 2*trials || s.maxChunk > chunk {
		t.Fatalf("%d rows, at most %d per write; want %d, at most %d", s.rows, s.maxChunk, 2*trials, chunk)
	}
	if testenv.RaceEnabled {
		return
	}
	growth := int64(s.maxHeap) - int64(base)
	t.Logf("heap growth %.1f MiB", float64(growth)/(1<<20))
	if growth > 16<<20 {
		t.Errorf("heap grew by %d bytes while streaming: rows are held", growth)
	}
}

// recordSink keeps a copy of every record, in the order received.
type recordSink struct{ recs []TrialRecord }

func (s *recordSink) AppendTrial(dst []byte, r *TrialRecord) []byte {
	c := *r
	c.SectorFailedAt = slices.Clone(r.SectorFailedAt)
	c.SectorLossMs = slices.Clone(r.SectorLossMs)
	s.recs = append(s.recs, c) // on the worker: safe with one worker only
	return append(dst, 'x')
}

func (s *recordSink) WriteTrials(p []byte) error { return nil }

// TestTrialRowsAgreeWithReports checks, on random models with restoration and
// without, that the rows add up to the batch's own estimates: a sector's failures
// are the rows where it failed, its mean loss the mean of its losses, and the mean
// of the failed column the report's mean failed assets.
func TestTrialRowsAgreeWithReports(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 3))
	losses, restored := 0, 0
	for k := range 20 {
		m := restorationModel(rng, netgen.SmallParams(rng), k%3 == 2)
		const trials = 150
		var s recordSink
		res, err := Run(context.Background(), m, m.Scenarios, Options{Trials: trials, Seed: uint64(k), Workers: 1, ChunkSize: 40, TrialRows: &s})
		if err != nil {
			t.Fatal(err)
		}
		reps, err := res.Reports()
		if err != nil {
			t.Fatal(err)
		}
		if res.Tallies[0].restored {
			restored++
		}
		if len(s.recs) != trials*len(m.Scenarios) {
			t.Fatalf("model %d: %d records, want %d", k, len(s.recs), trials*len(m.Scenarios))
		}
		for si, rep := range reps {
			recs := s.recs[si*trials : (si+1)*trials]
			failed := 0
			for i, r := range recs {
				if r.Scenario != si || r.Trial != int64(i) {
					t.Fatalf("model %d: record %d is trial %d of scenario %d", k, i, r.Trial, r.Scenario)
				}
				failed += r.Failed
			}
			if got := float64(failed) / trials; got != rep.FailedAssets.Mean {
				t.Errorf("model %d: mean failed %v, report %v", k, got, rep.FailedAssets.Mean)
			}
			for sec, e := range rep.Sectors {
				n, lossMs := int64(0), uint64(0)
				for _, r := range recs {
					if r.SectorFailedAt[sec] != cascade.Never {
						n++
					}
					if r.SectorLossMs != nil {
						lossMs += r.SectorLossMs[sec]
					}
				}
				if n != e.Failures {
					t.Errorf("model %d, sector %s: %d rows failed, report %d", k, e.Sector, n, e.Failures)
				}
				if e.MeanLossS != nil && *e.MeanLossS > 0 {
					losses++
				}
				if e.MeanLossS != nil && math.Abs(float64(lossMs)/1000/trials-*e.MeanLossS) > 1e-9*max(1, *e.MeanLossS) {
					t.Errorf("model %d, sector %s: mean loss %v from rows, report %v", k, e.Sector, float64(lossMs)/1000/trials, *e.MeanLossS)
				}
			}
		}
	}
	if losses == 0 || restored == 0 {
		t.Errorf("%d sectors with a loss, %d models with restoration: the models test nothing", losses, restored)
	}
	t.Logf("%d sectors with a loss, %d of 20 models with restoration", losses, restored)
}
