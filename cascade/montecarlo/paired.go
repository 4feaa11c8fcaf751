package montecarlo

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/cascade/shard"
	"github.com/cascade-infra/cascade/model"
)

// Paired Monte Carlo (docs/batch.md, "Comparing variants"): trial i of the baseline and
// of every variant draws the same random numbers for the same edge and the same hit
// (draws are keyed by names), so the per-trial differences are common-random-number
// pairs and their interval is far tighter than that of two independent batches.

// Interval is a mean with its 95% interval, mean ± 1.96 · sd / √n of n values.
type Interval struct {
	Mean float64 `json:"mean"`
	Low  float64 `json:"ci_low"`
	High float64 `json:"ci_high"`
}

// PairedSector is the change of one sector's failure probability with a variant.
type PairedSector struct {
	Sector string `json:"sector"`
	// PFail is the mean of the per-trial difference (variant minus baseline) of whether
	// the sector failed: the difference of p_fail, with its paired interval.
	PFail Interval `json:"p_fail_diff"`
}

// PairedVariant is the paired comparison of one variant with the baseline: means of the
// per-trial differences, variant minus baseline, with their 95% intervals, and the
// unpaired interval that two independent batches of the same size would give for the
// difference of failed assets.
type PairedVariant struct {
	Failed      Interval  `json:"failed_diff"`
	Compromised Interval  `json:"compromised_diff"`
	Loss        *Interval `json:"loss_s_diff"` // seconds of sector service; nil without a horizon
	// FailedMean is the variant's mean number of failed assets.
	FailedMean float64 `json:"failed_mean"`
	// UnpairedFailed is the interval of the difference of the means of failed assets
	// computed as if the two runs were independent (sd from each run's own variance).
	UnpairedFailed Interval       `json:"unpaired_failed_diff"`
	Sectors        []PairedSector `json:"sectors"`
	// Means are the variant's own means.
	Means Means `json:"means"`
}

// Means are one model's own means over the trials of a comparison, each with its 95%
// interval (mean ± 1.96 · sd / √n): failed and compromised assets and seconds of
// sector service lost, and each sector's p_fail with its Wilson interval (the
// baseline's sectors, by name).
type Means struct {
	Failed      Interval      `json:"failed"`
	Compromised Interval      `json:"compromised"`
	Loss        *Interval     `json:"loss_s"` // nil without a horizon
	Sectors     []SectorPFail `json:"sectors"`
}

// SectorPFail is a sector's failure probability, the fraction 0–1 of trials in which
// it failed, with its 95% Wilson interval.
type SectorPFail struct {
	Sector string  `json:"sector"`
	PFail  float64 `json:"p_fail"`
	CILow  float64 `json:"ci_low"`
	CIHigh float64 `json:"ci_high"`
}

// PairedResult is a paired Monte Carlo comparison of variants of a model with it.
type PairedResult struct {
	Scenario string `json:"scenario"`
	Trials   int64  `json:"trials"`
	Seed     uint64 `json:"seed"`
	// BaselineFailedMean is the baseline's mean number of failed assets.
	BaselineFailedMean float64         `json:"baseline_failed_mean"`
	Variants           []PairedVariant `json:"variants"`
	// Baseline are the baseline's own means.
	Baseline Means `json:"baseline"`
}

// trialMetrics is what a trial of one model contributes: failed and compromised assets,
// the seconds of sector service lost, and which sectors (of the baseline) failed.
type trialMetrics struct {
	failed, compromised int64
	lossMs              int64 // whole milliseconds, the sum of the sectors' (lossOf)
	sectorFailed        []bool
	scratch             trialOutcome // lossOf's
}

// pairedModel is one model of a comparison compiled for its trials.
type pairedModel struct {
	net     *cascade.Network
	sc      *cascade.Scenario
	sectors []int32 // the index in this model of each baseline sector, -1 when absent
	// delta, when not nil, computes a variant's trial from the baseline's trial
	// (cascade.Delta): its runs never run the whole network.
	delta *cascade.Delta
}

// useDelta lets Compare compute variants with cascade.Delta where it fits; tests and
// benchmarks turn it off to compare with whole runs.
var useDelta = true

// deltaFits reports whether a variant's trials may be computed from the baseline's
// (cascade.Delta) with exactly the numbers of a run of its own: besides what NewDelta
// checks, its loss must be exact in any order of summation, which holds when the total
// weight times the horizon is below 2^37 (every term and partial sum is then a multiple
// of 2^-16 below 2^53 · 2^-16).
func deltaFits(n *cascade.Network, horizon int64) bool {
	if horizon == cascade.Never {
		return true
	}
	var w float64
	for s := range int32(n.NumSectors()) {
		w += n.SectorWeight(s)
	}
	return w*float64(horizon) < 1<<37
}

// pairedSums accumulates the per-trial differences of one variant from the baseline
// over a chunk: exact integer sums for counts, float sums for the loss (added in trial
// order within a chunk and chunk by chunk in order, so the result does not depend on
// workers).
type pairedSums struct {
	dFailed, dFailed2, dComp, dComp2 int64
	dLoss                            exactSum // milliseconds
	dSector, dSector2                []int64
}

func newPairedSums(sectors int) pairedSums {
	return pairedSums{dSector: make([]int64, sectors), dSector2: make([]int64, sectors)}
}

func (s *pairedSums) add(o *pairedSums) {
	s.dFailed += o.dFailed
	s.dFailed2 += o.dFailed2
	s.dComp += o.dComp
	s.dComp2 += o.dComp2
	s.dLoss.merge(&o.dLoss)
	for i := range s.dSector {
		s.dSector[i] += o.dSector[i]
		s.dSector2[i] += o.dSector2[i]
	}
}

// ownSums accumulates one model's own metrics over a chunk, like pairedSums.
type ownSums struct {
	failed, failed2, comp, comp2 int64
	loss                         exactSum // milliseconds
	sectors                      []int64  // trials in which each baseline sector failed
}

func (s *ownSums) addTrial(m *trialMetrics) {
	s.failed += m.failed
	s.failed2 += m.failed * m.failed
	s.comp += m.compromised
	s.comp2 += m.compromised * m.compromised
	s.loss.add(m.lossMs)
	for j, f := range m.sectorFailed {
		s.sectors[j] += int64(b2i(f))
	}
}

func (s *ownSums) add(o *ownSums) {
	s.failed += o.failed
	s.failed2 += o.failed2
	s.comp += o.comp
	s.comp2 += o.comp2
	s.loss.merge(&o.loss)
	for i := range s.sectors {
		s.sectors[i] += o.sectors[i]
	}
}

// means returns the means of s over n trials of a comparison whose baseline is base.
func (s *ownSums) means(n int64, base *model.Model, hasHorizon bool) Means {
	fn := float64(n)
	m := Means{Failed: interval(float64(s.failed), float64(s.failed2), fn), Compromised: interval(float64(s.comp), float64(s.comp2), fn)}
	if hasHorizon {
		l := s.loss.interval(fn)
		m.Loss = &l
	}
	for j, sec := range base.Sectors {
		lo, hi := Wilson(s.sectors[j], n)
		m.Sectors = append(m.Sectors, SectorPFail{Sector: sec.Name, PFail: frac(s.sectors[j], n), CILow: lo, CIHigh: hi})
	}
	return m
}

// chunkSums are the sums of one chunk: each variant's differences and each model's
// own (the baseline first).
type chunkSums struct {
	paired []pairedSums
	own    []ownSums
}

func newChunkSums(models, sectors int) chunkSums {
	c := chunkSums{paired: make([]pairedSums, models-1), own: make([]ownSums, models)}
	for v := range c.paired {
		c.paired[v] = newPairedSums(sectors)
	}
	for k := range c.own {
		c.own[k].sectors = make([]int64, sectors)
	}
	return c
}

// Compare runs opts.Trials paired Monte Carlo trials of scenario on models[0], the
// baseline, and on each variant models[1:] (the baseline with mitigations applied), and
// returns the mean differences with their 95% intervals. Only Trials, Seed, Horizon,
// Workers, ChunkSize and Progress of opts are used; the result does not depend on
// Workers or ChunkSize.
func Compare(ctx context.Context, models []*model.Model, scenario string, opts Options) (*PairedResult, error) {
	if opts.Trials <= 1 {
		return nil, errors.New("a paired comparison needs at least 2 trials")
	}
	if len(models) < 2 {
		return nil, errors.New("a paired comparison needs a baseline and a variant")
	}
	base := models[0]
	var pms []*pairedModel
	var baseNet *cascade.Network
	for k, m := range models {
		net, err := cascade.Compile(m)
		if err != nil {
			return nil, err
		}
		ms := m.Scenario(scenario)
		if ms == nil {
			return nil, fmt.Errorf("no scenario %q", scenario)
		}
		sc, err := net.CompileScenario(ms)
		if err != nil {
			return nil, err
		}
		o := cascade.Options{Horizon: opts.Horizon, MonteCarlo: true, Seed: opts.Seed}
		pm := &pairedModel{sectors: make([]int32, len(base.Sectors))}
		if k == 0 {
			baseNet = net
		} else if d, ok := cascade.NewDelta(baseNet, net, sc); ok && deltaFits(net, opts.Horizon.Or(sc.Horizon).Seconds()) && useDelta {
			pm.net, pm.sc, pm.delta = net, sc, d
		}
		if pm.delta == nil {
			pm.net, pm.sc, _ = trialNetwork(net, sc, o)
		}
		for i, s := range base.Sectors {
			pm.sectors[i] = -1
			if x := m.Sector(s.Name); x != nil {
				pm.sectors[i] = int32(x.Index)
			}
		}
		pms = append(pms, pm)
	}
	chunk, err := CheckPlan(opts.Trials, opts.ChunkSize)
	if err != nil {
		return nil, err
	}
	chunks := int(ceilDiv(opts.Trials, chunk))
	nv, ns := len(models)-1, len(base.Sectors)
	results := make([]chunkSums, chunks)

	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(min(workers, chunks), 1)
	var next, done atomic.Int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			res := make([]*cascade.Result, len(pms))
			for i := range res {
				res[i] = new(cascade.Result)
			}
			druns := make([]cascade.DeltaRun, len(pms))
			mets := make([]trialMetrics, len(pms))
			for i := range mets {
				mets[i].sectorFailed = make([]bool, ns)
			}
			for ctx.Err() == nil {
				c := int(next.Add(1) - 1)
				if c >= chunks {
					return
				}
				sums := newChunkSums(len(pms), ns)
				lo := int64(c) * chunk
				hi := lo + min(chunk, opts.Trials-lo)
				for i := lo; i < hi; i++ {
					for k, pm := range pms {
						if pm.delta != nil {
							pm.delta.Run(&druns[k], res[0])
							deltaMetricsOf(&druns[k], res[0], &mets[0], pm, &mets[k])
						} else {
							o := cascade.Options{Horizon: opts.Horizon, MonteCarlo: true, Seed: opts.Seed, Trial: uint64(i)}
							pm.net.RunInto(res[k], pm.sc, o)
							metricsOf(res[k], pm, &mets[k])
						}
						sums.own[k].addTrial(&mets[k])
					}
					b := &mets[0]
					for v := range nv {
						x, s := &mets[v+1], &sums.paired[v]
						df, dc := x.failed-b.failed, x.compromised-b.compromised
						s.dFailed += df
						s.dFailed2 += df * df
						s.dComp += dc
						s.dComp2 += dc * dc
						s.dLoss.add(x.lossMs - b.lossMs)
						for j := range ns {
							d := int64(b2i(x.sectorFailed[j]) - b2i(b.sectorFailed[j]))
							s.dSector[j] += d
							s.dSector2[j] += d * d
						}
					}
				}
				results[c] = sums
				d := done.Add(hi - lo)
				if opts.Progress != nil {
					mu.Lock()
					opts.Progress(d, opts.Trials)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, &shard.InterruptedError{Done: done.Load(), Total: opts.Trials, Unit: "trials", Cause: err}
	}
	total := newChunkSums(len(pms), ns)
	for c := range chunks {
		for v := range nv {
			total.paired[v].add(&results[c].paired[v])
		}
		for k := range pms {
			total.own[k].add(&results[c].own[k])
		}
	}
	n := float64(opts.Trials)
	hasHorizon := opts.Horizon.Or(pms[0].sc.Horizon).Seconds() != cascade.Never
	bo := &total.own[0]
	out := &PairedResult{Scenario: scenario, Trials: opts.Trials, Seed: opts.Seed, BaselineFailedMean: float64(bo.failed) / n,
		Baseline: bo.means(opts.Trials, base, hasHorizon)}
	for v := range nv {
		s, vo := &total.paired[v], &total.own[v+1]
		pv := PairedVariant{
			Failed:      interval(float64(s.dFailed), float64(s.dFailed2), n),
			Compromised: interval(float64(s.dComp), float64(s.dComp2), n),
			FailedMean:  float64(vo.failed) / n,
			Means:       vo.means(opts.Trials, base, hasHorizon),
		}
		if hasHorizon {
			l := s.dLoss.interval(n)
			pv.Loss = &l
		}
		// Unpaired: the variance of a difference of two independent means.
		vb, vv := variance(float64(bo.failed), float64(bo.failed2), n), variance(float64(vo.failed), float64(vo.failed2), n)
		half := 1.959963984540054 * math.Sqrt(vb/n+vv/n)
		d := pv.FailedMean - out.BaselineFailedMean
		pv.UnpairedFailed = Interval{Mean: d, Low: d - half, High: d + half}
		for j, sec := range base.Sectors {
			pv.Sectors = append(pv.Sectors, PairedSector{Sector: sec.Name, PFail: interval(float64(s.dSector[j]), float64(s.dSector2[j]), n)})
		}
		out.Variants = append(out.Variants, pv)
	}
	return out, nil
}

// metricsOf reads the metrics of a trial's run of pm. The loss is the batch's
// (lossOf: each sector's in whole milliseconds), so that a variant's paired loss and
// its batch's mean_loss_s are the same numbers.
func metricsOf(r *cascade.Result, pm *pairedModel, m *trialMetrics) {
	m.failed, m.compromised = int64(r.NumFailed()), int64(len(r.CompromisedAssets()))
	lossOf(r, &m.scratch)
	var ms uint64
	for _, l := range m.scratch.lossMs {
		ms += l
	}
	m.lossMs = int64(min(ms, math.MaxInt64))
	for j, s := range pm.sectors {
		m.sectorFailed[j] = s >= 0 && r.Sectors[s].FailedAt != cascade.Never
	}
}

// deltaMetricsOf reads the metrics of a variant's trial computed from the baseline's
// trial rb (whose metrics are bm) by dr: the same numbers metricsOf reads from a run of
// the variant, the loss being exact (deltaFits).
func deltaMetricsOf(dr *cascade.DeltaRun, rb *cascade.Result, bm *trialMetrics, pm *pairedModel, m *trialMetrics) {
	n := pm.net
	m.failed, m.compromised = int64(dr.NumFailed()), int64(dr.NumCompromised())
	m.lossMs = 0
	if h := rb.Horizon(); h != cascade.Never {
		w := grow(m.scratch.sectorW, n.NumSectors())
		copy(w, bm.scratch.sectorW)
		for _, c := range dr.Changes() {
			s, wt := n.AssetSector(c.Asset), n.AssetWeight(c.Asset)
			if c.BaseFailure < h {
				w[s] -= wt * float64(h-c.BaseFailure)
			}
			if c.Failure < h {
				w[s] += wt * float64(h-c.Failure)
			}
		}
		m.scratch.sectorW = w
		var ms uint64
		for s := range int32(n.NumSectors()) {
			var l float64
			if tot := n.SectorWeight(s); tot > 0 {
				l = w[s] / tot
			}
			ms += lossMs(l)
		}
		m.lossMs = int64(min(ms, math.MaxInt64))
	}
	for j, s := range pm.sectors {
		m.sectorFailed[j] = s >= 0 && dr.SectorFailed(n, s)
	}
}

// exactSum is the exact sum and sum of squares of integers (milliseconds of loss), so
// that the order in which trials and chunks are added changes nothing.
type exactSum struct {
	pos, neg, sq u128 // the sum of the positive values, of the negated negative ones, of squares
}

func (s *exactSum) add(v int64) {
	a := uint64(v)
	if v < 0 {
		a = -a
		s.neg = s.neg.addU(a)
	} else {
		s.pos = s.pos.addU(a)
	}
	hi, lo := bits.Mul64(a, a)
	s.sq = s.sq.add(u128{hi, lo})
}

func (s *exactSum) merge(o *exactSum) {
	s.pos, s.neg, s.sq = s.pos.add(o.pos), s.neg.add(o.neg), s.sq.add(o.sq)
}

// interval is the mean in seconds of the n values in milliseconds, with its 95% interval.
func (s *exactSum) interval(n float64) Interval {
	sum := new(big.Int).Sub(s.pos.big(), s.neg.big())
	f, _ := new(big.Float).SetInt(sum).Float64()
	iv := interval(f, s.sq.float(), n)
	return Interval{Mean: iv.Mean / 1000, Low: iv.Low / 1000, High: iv.High / 1000}
}

// variance returns the sample variance of n values with the given sum and sum of squares.
func variance(sum, sum2, n float64) float64 {
	return max(0, (sum2-sum*sum/n)/(n-1))
}

// interval returns the mean of n values with the given sum and sum of squares, and its
// 95% interval mean ± 1.96 · sd / √n.
func interval(sum, sum2, n float64) Interval {
	mean := sum / n
	half := 1.959963984540054 * math.Sqrt(variance(sum, sum2, n)/n)
	return Interval{Mean: mean, Low: mean - half, High: mean + half}
}
