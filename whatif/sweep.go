package whatif

import (
	"strconv"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/cascade/montecarlo"
	"github.com/cascade-infra/cascade/model"
)

// The kinds of the values of a swept variable (Sweep.Kind).
const (
	KindDuration = "duration" // every value is a duration; X is in seconds
	KindNumber   = "number"   // every value is a number; X is the number
	KindText     = "text"     // anything else; X is the value's position, 0, 1, ...
)

// ValueKind says what values are, and each one's position on a plot's axis: seconds
// when every value is a duration (docs/language.md), the number when every value is
// a number, else the position in the list.
func ValueKind(values []string) (kind string, xs []float64) {
	xs = make([]float64, len(values))
	durations, numbers := true, true
	for i, v := range values {
		if d, err := model.ParseDuration(v); err == nil && durations {
			xs[i] = float64(d)
		} else {
			durations = false
		}
	}
	if durations {
		return KindDuration, xs
	}
	for i, v := range values {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f != f || f > 1e300 || f < -1e300 { // not NaN or ±Inf: a plot needs a place
			numbers = false
			break
		}
		xs[i] = f
	}
	if numbers {
		return KindNumber, xs
	}
	for i := range xs {
		xs[i] = float64(i)
	}
	return KindText, xs
}

// SweepRow is the outcome of one value of a swept variable.
type SweepRow struct {
	Value string  `json:"value"`
	X     float64 `json:"x"` // see ValueKind
	Metrics
	// Delta, Saved and FailedOnly compare the row with the first value's.
	Delta      Metrics  `json:"delta"`
	Saved      []string `json:"saved"`
	FailedOnly []string `json:"failed_only"`
	// Means are the value's means over the trials, when trials were run.
	Means *montecarlo.Means `json:"means,omitempty"`
	// Paired is the paired difference from the first value over the trials (every
	// value's trial i draws the same random numbers); nil for the first value and
	// without trials.
	Paired *SweepDiff `json:"paired_diff,omitempty"`
}

// SweepDiff is the mean paired difference of a value's trials from the first value's,
// with 95% intervals: failed and compromised assets, seconds of service lost, and each
// sector's p_fail.
type SweepDiff struct {
	Failed      montecarlo.Interval       `json:"failed"`
	Compromised montecarlo.Interval       `json:"compromised"`
	Loss        *montecarlo.Interval      `json:"loss_s"`
	Sectors     []montecarlo.PairedSector `json:"sectors"`
}

// Sweep is one scenario run for each value of a model variable: the JSON of
// `cascade sweep --format json` (docs/cli.md).
type Sweep struct {
	Variable string     `json:"variable"`
	Kind     string     `json:"kind"`
	Scenario string     `json:"scenario"`
	HorizonS *int64     `json:"horizon_s"`
	Trials   int64      `json:"trials,omitempty"`
	Seed     uint64     `json:"seed,omitempty"`
	Rows     []SweepRow `json:"rows"`
}

// NewSweep builds the sweep of variable over values from the run of each (runs[i] is
// values[i]'s) and, when not nil, the paired Monte Carlo comparison of the models in
// the same order (the first value's as the baseline).
func NewSweep(variable string, values []string, runs []*cascade.Result, p *montecarlo.PairedResult) *Sweep {
	kind, xs := ValueKind(values)
	c := Compare(runs[0], values[1:], make([][]string, len(values)-1), runs[1:])
	s := &Sweep{Variable: variable, Kind: kind, Scenario: c.Scenario, HorizonS: c.HorizonS}
	first := SweepRow{Value: values[0], X: xs[0], Metrics: c.Baseline, Saved: []string{}, FailedOnly: []string{}}
	if c.Baseline.LossS != nil {
		zero := 0.0
		first.Delta.LossS = &zero
	}
	s.Rows = append(s.Rows, first)
	for i, v := range c.Variants {
		s.Rows = append(s.Rows, SweepRow{Value: values[i+1], X: xs[i+1], Metrics: v.Metrics, Delta: v.Delta, Saved: v.Saved, FailedOnly: v.FailedOnly})
	}
	if p != nil {
		s.Trials, s.Seed = p.Trials, p.Seed
		s.Rows[0].Means = &p.Baseline
		for i := range p.Variants {
			pv := &p.Variants[i]
			s.Rows[i+1].Means = &pv.Means
			s.Rows[i+1].Paired = &SweepDiff{Failed: pv.Failed, Compromised: pv.Compromised, Loss: pv.Loss, Sectors: pv.Sectors}
		}
	}
	return s
}

// SweepMetrics are the metrics a sweep can plot, the default first.
var SweepMetrics = []string{"failed", "compromised", "on_backup", "sectors_failed", "loss_s"}

// Metric returns the row's worst-case value of metric (one of SweepMetrics) and, with
// trials, its mean with its interval (nil for on_backup and sectors_failed, which the
// trials do not estimate); ok is false for a loss without a horizon.
func (r *SweepRow) Metric(metric string) (worst float64, mean *montecarlo.Interval, ok bool) {
	switch metric {
	case "failed":
		if r.Means != nil {
			mean = &r.Means.Failed
		}
		return float64(r.Failed), mean, true
	case "compromised":
		if r.Means != nil {
			mean = &r.Means.Compromised
		}
		return float64(r.Compromised), mean, true
	case "on_backup":
		return float64(r.OnBackup), nil, true
	case "sectors_failed":
		return float64(r.SectorsFailed), nil, true
	case "loss_s":
		if r.LossS == nil {
			return 0, nil, false
		}
		if r.Means != nil {
			mean = r.Means.Loss
		}
		return *r.LossS, mean, true
	}
	return 0, nil, false
}
