package montecarlo

import (
	"fmt"
	"math"
	"math/big"
	"math/bits"
)

// Info identifies a Monte Carlo batch and names what its Tally counts, so a
// report can be written without the model (as cascade merge does).
type Info struct {
	Scenario string `json:"scenario"`
	Trials   int64  `json:"trials"` // trials of the whole run, all shards
	Seed     uint64 `json:"seed"`
	// Horizon in seconds; -1 when the run has none.
	Horizon      int64    `json:"horizon_s"`
	AssetNames   []string `json:"asset_names"`   // by model index
	AssetSectors []int    `json:"asset_sectors"` // sector index of each asset
	SectorNames  []string `json:"sector_names"`  // by model index
	// OrganizationNames are the organizations by model index, for a model with
	// alerts (some organization detects); nil otherwise.
	OrganizationNames []string `json:"organization_names,omitempty"`
}

// Report is the result of a Monte Carlo batch, the JSON of `cascade batch
// --format json` (docs/cli.md).
type Report struct {
	Scenario string `json:"scenario"`
	Trials   int64  `json:"trials"`
	Seed     uint64 `json:"seed"`
	// HorizonS is the horizon in seconds, nil without one.
	HorizonS *int64           `json:"horizon_s"`
	Assets   []AssetEstimate  `json:"assets"`
	Sectors  []SectorEstimate `json:"sectors"`
	// Organizations are, for a model with alerts, how often and when each
	// organization was alerted, by model index; absent otherwise.
	Organizations []OrganizationEstimate `json:"organizations,omitempty"`
	FailedAssets  FailedAssetsDist       `json:"failed_assets"`
	Warnings      []string               `json:"warnings"`
	Precision     PercentilePrecision    `json:"percentile_precision"`
}

// PercentilePrecision says how exact the failure-time percentiles of a report are.
type PercentilePrecision struct {
	// Exact is true when every percentile is an exact order statistic.
	Exact bool `json:"exact"`
	// MaxRelativeError is the largest relative error (fraction) of a percentile read
	// from a log-spaced bucket; 0 when Exact.
	MaxRelativeError float64 `json:"max_relative_error"`
}

// AssetEstimate is the estimated failure probability and failure-time distribution of
// one asset. Times are seconds from the start of the scenario, conditional on the asset
// failing; they are nil when it never failed.
type AssetEstimate struct {
	Asset  string `json:"asset"`
	Sector string `json:"sector"`
	Estimate
	// PDownAtHorizon is the fraction 0–1 of trials in which the asset is down at the
	// horizon (p_fail without restoration); nil without a horizon.
	PDownAtHorizon *float64 `json:"p_down_at_horizon"`
	// MeanDownS is the mean over all trials of the asset's seconds down within [0, H)
	// (0 in a trial in which it works throughout); nil without a horizon.
	MeanDownS *float64 `json:"mean_down_s"`
	// PCompromised is the fraction 0–1 of trials in which it was compromised.
	PCompromised float64 `json:"p_compromised"`
}

// SectorEstimate is the estimated failure probability of one sector and the
// distribution of its failed_at time (seconds, conditional on failing).
type SectorEstimate struct {
	Sector string `json:"sector"`
	Estimate
	// PDownAtHorizon is the fraction 0–1 of trials in which the sector's down fraction
	// at the horizon is at or above its threshold (p_fail without restoration); nil
	// without a horizon.
	PDownAtHorizon *float64 `json:"p_down_at_horizon"`
	// MeanLossS is the mean over all trials of the sector's loss: the integral over
	// [0, H) of its down fraction, in seconds, each trial's rounded to whole
	// milliseconds; nil without a horizon.
	MeanLossS *float64 `json:"mean_loss_s"`
	// MeanLossLowS and MeanLossHighS are the 95% interval of MeanLossS, mean ± 1.96 ·
	// sd / √trials, in seconds; nil without a horizon or with fewer than 2 trials.
	MeanLossLowS  *float64 `json:"mean_loss_ci_low_s"`
	MeanLossHighS *float64 `json:"mean_loss_ci_high_s"`
}

// Estimate is a failure probability estimated from trials, with its failure times.
type Estimate struct {
	PFail    float64 `json:"p_fail"`  // fraction 0–1 of trials in which it failed
	CILow    float64 `json:"ci_low"`  // 95% Wilson interval, fraction 0–1
	CIHigh   float64 `json:"ci_high"` // 95% Wilson interval, fraction 0–1
	Failures int64   `json:"failures"`
	TimeStats
	// FewEvents is true when the estimate rests on fewer than 10 failures (or fewer
	// than 10 trials without failure) and is therefore imprecise.
	FewEvents bool `json:"few_events"`
}

// estimateOf is the estimate for f failures in n trials with failure times h.
func estimateOf(f, n int64, h *timeStats, prec *PercentilePrecision) Estimate {
	lo, hi := Wilson(f, n)
	return Estimate{PFail: frac(f, n), CILow: lo, CIHigh: hi, Failures: f,
		TimeStats: timeStatsOf(f, h, prec), FewEvents: fewEvents(f, n)}
}

// TimeStats summarises failure times in seconds: the exact mean and nearest-rank
// percentiles (exact, or within PercentilePrecision.MaxRelativeError).
type TimeStats struct {
	MeanFailS *float64 `json:"mean_fail_s"`
	P50FailS  *int64   `json:"p50_fail_s"`
	P90FailS  *int64   `json:"p90_fail_s"`
	P99FailS  *int64   `json:"p99_fail_s"`
	MaxFailS  *int64   `json:"max_fail_s"`
}

// FailedAssetsDist is the distribution over trials of the number of failed assets:
// exact mean and nearest-rank percentiles.
type FailedAssetsDist struct {
	Mean float64 `json:"mean"`
	P50  int     `json:"p50"`
	P90  int     `json:"p90"`
	P99  int     `json:"p99"`
	Max  int     `json:"max"`
}

// Report computes the estimates of a tally. The tally must count info's model and,
// for a complete run, info.Trials trials.
func (t *Tally) Report(info *Info) (*Report, error) {
	if len(info.AssetNames) != len(t.assetFails) || len(info.SectorNames) != len(t.sectorFails) ||
		len(info.AssetSectors) != len(info.AssetNames) {
		return nil, fmt.Errorf("tally of %d assets and %d sectors does not match the run's %d and %d",
			len(t.assetFails), len(t.sectorFails), len(info.AssetNames), len(info.SectorNames))
	}
	r := &Report{Scenario: info.Scenario, Trials: t.trials, Seed: info.Seed,
		Assets: make([]AssetEstimate, len(t.assetFails)), Sectors: make([]SectorEstimate, len(t.sectorFails)),
		Warnings: []string{}, Precision: PercentilePrecision{Exact: true}}
	if info.Horizon >= 0 {
		h := info.Horizon
		r.HorizonS = &h
	}
	n := t.trials
	fewA, fewS := 0, 0
	for i, f := range t.assetFails {
		s := info.AssetSectors[i]
		if s < 0 || s >= len(info.SectorNames) {
			return nil, fmt.Errorf("asset %s: sector index %d out of range", info.AssetNames[i], s)
		}
		e := AssetEstimate{Asset: info.AssetNames[i], Sector: info.SectorNames[s],
			Estimate: estimateOf(f, n, &t.assetTime[i], &r.Precision)}
		if e.FewEvents {
			fewA++
		}
		r.Assets[i] = e
	}
	for i, f := range t.sectorFails {
		e := SectorEstimate{Sector: info.SectorNames[i], Estimate: estimateOf(f, n, &t.sectorTime[i], &r.Precision)}
		if e.FewEvents {
			fewS++
		}
		r.Sectors[i] = e
	}
	if info.Horizon >= 0 {
		t.reportService(r, info.Horizon)
	}
	if err := t.alertReport(r, info); err != nil {
		return nil, err
	}
	r.FailedAssets = t.failedAssetsDist()
	if fewA > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%d of %d assets have estimates resting on fewer than %d failures (or non-failures) in %d trials: their p_fail is imprecise (see ci_low/ci_high) and their failure times rest on few samples; run more trials",
			fewA, len(t.assetFails), FewEvents, n))
	}
	if fewS > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%d of %d sectors have estimates resting on fewer than %d failures (or non-failures) in %d trials; run more trials",
			fewS, len(t.sectorFails), FewEvents, n))
	}
	if !r.Precision.Exact {
		r.Precision.MaxRelativeError = 1.0 / (1 << (histSubBits + 1))
	}
	return r, nil
}

func frac(k, n int64) float64 {
	if n == 0 {
		return 0
	}
	return float64(k) / float64(n)
}

func timeStatsOf(fails int64, ts *timeStats, prec *PercentilePrecision) TimeStats {
	if fails == 0 {
		return TimeStats{}
	}
	if ts.hist.bucketed {
		prec.Exact = false
	}
	mean := ts.sum.float() / float64(fails)
	p := func(pct int) *int64 {
		v, _ := ts.hist.percentile(pct)
		return &v
	}
	mx, _ := ts.hist.max()
	return TimeStats{MeanFailS: &mean, P50FailS: p(50), P90FailS: p(90), P99FailS: p(99), MaxFailS: &mx}
}

func (t *Tally) failedAssetsDist() FailedAssetsDist {
	var d FailedAssetsDist
	if t.trials == 0 {
		return d
	}
	var sum u128
	var total int64
	for c, n := range t.failedCount {
		total += n
		hi, lo := bits.Mul64(uint64(c), uint64(n))
		sum = sum.add(u128{hi, lo})
		if n > 0 {
			d.Max = c
		}
	}
	d.Mean = sum.float() / float64(t.trials)
	pct := func(p int) int {
		rank := nearestRank(p, total)
		var seen int64
		for c, n := range t.failedCount {
			seen += n
			if seen >= rank {
				return c
			}
		}
		return d.Max
	}
	d.P50, d.P90, d.P99 = pct(50), pct(90), pct(99)
	return d
}

// reportService fills r's estimates of what is down at horizon h (seconds) and of the
// sectors' losses.
func (t *Tally) reportService(r *Report, h int64) {
	n := t.trials
	mean := func(s u128) float64 {
		if n == 0 {
			return 0
		}
		return s.float() / float64(n)
	}
	for i := range r.Assets {
		down, secs := t.assetFails[i], u128{}
		if t.restored {
			down, secs = t.assetDownH[i], t.assetDownS[i]
		} else {
			// Permanent failures: the sum of H - F over the trials in which it failed.
			hi, lo := bits.Mul64(uint64(t.assetFails[i]), uint64(h))
			secs = u128{hi, lo}.sub(t.assetTime[i].sum)
		}
		e := &r.Assets[i]
		e.PDownAtHorizon, e.MeanDownS = ptr(frac(down, n)), ptr(mean(secs))
	}
	for i := range r.Sectors {
		down := t.sectorFails[i]
		if t.restored {
			down = t.sectorDownH[i]
		}
		e := &r.Sectors[i]
		l := &t.sectorLoss[i]
		e.PDownAtHorizon, e.MeanLossS = ptr(frac(down, n)), ptr(mean(l.sum)/1000)
		if n >= 2 {
			half := wilsonZ * math.Sqrt(l.variance(n)/float64(n)) / 1000
			e.MeanLossLowS, e.MeanLossHighS = ptr(*e.MeanLossS-half), ptr(*e.MeanLossS+half)
		}
	}
}

// variance returns the sample variance of n >= 2 values with sum l.sum and sum of
// squares l.sum2: (n·sum2 − sum²) / (n(n−1)), computed exactly before the division.
func (l *lossStats) variance(n int64) float64 {
	s, s2 := l.sum.big(), l.sum2.big()
	num := new(big.Int).Mul(s2, big.NewInt(n))
	num.Sub(num, s.Mul(s, s))
	if num.Sign() <= 0 {
		return 0
	}
	v, _ := new(big.Float).SetInt(num).Float64()
	return v / (float64(n) * float64(n-1))
}

func ptr[T any](v T) *T { return &v }
