package whatif

import (
	"slices"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/cascade/montecarlo"
)

// Metrics are the outcome of one deterministic run that a comparison shows.
type Metrics struct {
	Failed        int      `json:"failed"`
	Compromised   int      `json:"compromised"`
	OnBackup      int      `json:"on_backup"`
	SectorsFailed int      `json:"sectors_failed"`
	LossS         *float64 `json:"loss_s"` // seconds of sector service lost; nil without a horizon
}

// SectorShift is one sector's failure time in the baseline and in a variant, in seconds
// (nil: it does not fail within the horizon), and how far it moved.
type SectorShift struct {
	Sector         string `json:"sector"`
	BaselineFailed *int64 `json:"baseline_failed_at_s"`
	VariantFailed  *int64 `json:"failed_at_s"`
	// ShiftS is the variant's failure time minus the baseline's, when both fail.
	ShiftS *int64 `json:"shift_s"`
}

// Variant is one row of a comparison: a variant's metrics, their change from the
// baseline, the sectors whose failure time moved, and the assets it saves (they fail
// in the baseline, not in the variant) and the assets that fail only with it.
type Variant struct {
	Name        string   `json:"variant"`
	Mitigations []string `json:"mitigations"`
	Metrics
	Delta      Metrics       `json:"delta"`
	Sectors    []SectorShift `json:"sectors"`
	Saved      []string      `json:"saved"`
	FailedOnly []string      `json:"failed_only"`
	// Paired is the paired Monte Carlo comparison, when trials were run.
	Paired *montecarlo.PairedVariant `json:"paired,omitempty"`
}

// Comparison is the comparison of variants of a model with its baseline in one
// scenario: the JSON of `cascade compare --format json` (docs/cli.md).
type Comparison struct {
	Scenario string    `json:"scenario"`
	HorizonS *int64    `json:"horizon_s"`
	Baseline Metrics   `json:"baseline"`
	Variants []Variant `json:"variants"`
	// Trials and Seed describe the paired Monte Carlo comparison; 0 without one.
	Trials             int64    `json:"trials,omitempty"`
	Seed               uint64   `json:"seed,omitempty"`
	BaselineFailedMean *float64 `json:"baseline_failed_mean,omitempty"`
	// BaselineMeans are the baseline's own means over the trials, when trials were run.
	BaselineMeans *montecarlo.Means `json:"baseline_means,omitempty"`
}

// MetricsOf returns the metrics of a deterministic run.
func MetricsOf(r *cascade.Result) Metrics {
	m := Metrics{Failed: r.NumFailed(), OnBackup: len(r.OnBackup())}
	for _, c := range r.Compromise {
		if c != cascade.Never {
			m.Compromised++
		}
	}
	for _, s := range r.Sectors {
		if s.FailedAt != cascade.Never {
			m.SectorsFailed++
		}
	}
	if r.Horizon() != cascade.Never {
		l := r.ServiceLoss()
		m.LossS = &l
	}
	return m
}

// Compare compares the runs of variants (named by names, applying the mitigations of
// each) with the run of the baseline, all of one scenario. Assets and sectors are
// matched by name: a variant may add some.
func Compare(base *cascade.Result, names []string, mitigations [][]string, variants []*cascade.Result) *Comparison {
	c := &Comparison{Scenario: base.Scenario().Name, Baseline: MetricsOf(base)}
	if h := base.Horizon(); h != cascade.Never {
		c.HorizonS = &h
	}
	bm := base.Network().Model()
	for i, r := range variants {
		vm := r.Network().Model()
		v := Variant{Name: names[i], Mitigations: mitigations[i], Metrics: MetricsOf(r), Saved: []string{}, FailedOnly: []string{}, Sectors: []SectorShift{}}
		v.Delta = Metrics{
			Failed:        v.Failed - c.Baseline.Failed,
			Compromised:   v.Compromised - c.Baseline.Compromised,
			OnBackup:      v.OnBackup - c.Baseline.OnBackup,
			SectorsFailed: v.SectorsFailed - c.Baseline.SectorsFailed,
		}
		if v.LossS != nil && c.Baseline.LossS != nil {
			d := *v.LossS - *c.Baseline.LossS
			v.Delta.LossS = &d
		}
		for _, a := range bm.Assets {
			x := sameAsset(vm, a)
			if base.Failed(int32(a.Index)) && (x == nil || !r.Failed(int32(x.Index))) {
				v.Saved = append(v.Saved, a.Name)
			}
		}
		for _, a := range vm.Assets {
			x := sameAsset(bm, a)
			if r.Failed(int32(a.Index)) && (x == nil || !base.Failed(int32(x.Index))) {
				v.FailedOnly = append(v.FailedOnly, a.Name)
			}
		}
		for _, s := range vm.Sectors {
			sh := SectorShift{Sector: s.Name, VariantFailed: optTime(r.Sectors[s.Index].FailedAt)}
			if x := bm.Sector(s.Name); x != nil {
				sh.BaselineFailed = optTime(base.Sectors[x.Index].FailedAt)
			}
			if sh.BaselineFailed != nil && sh.VariantFailed != nil {
				d := *sh.VariantFailed - *sh.BaselineFailed
				sh.ShiftS = &d
			}
			if !equalTime(sh.BaselineFailed, sh.VariantFailed) {
				v.Sectors = append(v.Sectors, sh)
			}
		}
		slices.SortFunc(v.Sectors, func(a, b SectorShift) int {
			return compareTimes(a.BaselineFailed, b.BaselineFailed, a.Sector, b.Sector)
		})
		c.Variants = append(c.Variants, v)
	}
	return c
}

// AddPaired adds a paired Monte Carlo comparison (of the same variants, in order).
func (c *Comparison) AddPaired(p *montecarlo.PairedResult) {
	c.Trials, c.Seed = p.Trials, p.Seed
	m := p.BaselineFailedMean
	c.BaselineFailedMean = &m
	c.BaselineMeans = &p.Baseline
	for i := range c.Variants {
		pv := p.Variants[i]
		c.Variants[i].Paired = &pv
	}
}

func optTime(t int64) *int64 {
	if t == cascade.Never {
		return nil
	}
	return &t
}

func equalTime(a, b *int64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// compareTimes orders sectors by their baseline failure time (never last), then name.
func compareTimes(a, b *int64, an, bn string) int {
	switch {
	case a != nil && b != nil && *a != *b:
		if *a < *b {
			return -1
		}
		return 1
	case a == nil && b != nil:
		return 1
	case a != nil && b == nil:
		return -1
	}
	if an < bn {
		return -1
	}
	if an > bn {
		return 1
	}
	return 0
}
