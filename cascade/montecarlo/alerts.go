package montecarlo

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/cascade-infra/cascade/cascade"
)

// Compromises and alerts in a batch (docs/semantics.md, "Alerts and protection"): per
// asset the trials in which it was compromised, per organization the trials in which
// it was alerted and the exact sum of its alert times in seconds. Like the rest of a
// Tally they are integers, the same in any order of trials and merges.

// alertTally is the part of a Tally that counts compromises and alerts.
type alertTally struct {
	compromised []int64 // per asset
	alerted     []int64 // per organization; nil until a trial of a model with alerts
	alertSum    []u128  // per organization, seconds
}

// addAlerts counts the compromises and alerts of one trial.
func (t *Tally) addAlerts(o *trialOutcome) {
	for _, a := range o.compromised {
		t.al.compromised[a]++
	}
	if o.alerted == nil {
		return
	}
	t.ensureOrgs(len(o.alerted))
	for i, at := range o.alerted {
		if at != cascade.Never {
			t.al.alerted[i]++
			t.al.alertSum[i] = t.al.alertSum[i].addU(uint64(at))
		}
	}
}

// ensureOrgs sizes the organizations' counts for n organizations.
func (t *Tally) ensureOrgs(n int) {
	if len(t.al.alerted) != n {
		t.al.alerted = make([]int64, n)
		t.al.alertSum = make([]u128, n)
	}
}

func (a *alertTally) reset() {
	clear(a.compromised)
	clear(a.alerted)
	clear(a.alertSum)
}

func (a *alertTally) merge(o *alertTally) error {
	for i, n := range o.compromised {
		a.compromised[i] += n
	}
	if o.alerted == nil {
		return nil
	}
	if a.alerted == nil {
		a.alerted, a.alertSum = make([]int64, len(o.alerted)), make([]u128, len(o.alerted))
	}
	if len(a.alerted) != len(o.alerted) {
		return fmt.Errorf("cannot merge tallies of %d and %d organizations", len(a.alerted), len(o.alerted))
	}
	for i, n := range o.alerted {
		a.alerted[i] += n
		a.alertSum[i] = a.alertSum[i].add(o.alertSum[i])
	}
	return nil
}

func (a *alertTally) equal(o *alertTally) bool {
	return slices.Equal(a.compromised, o.compromised) && slices.Equal(a.alerted, o.alerted) && slices.Equal(a.alertSum, o.alertSum)
}

// empty reports whether nothing was compromised and no organization was counted.
func (a *alertTally) empty() bool {
	return a.alerted == nil && !slices.ContainsFunc(a.compromised, func(n int64) bool { return n != 0 })
}

// appendBinary appends the section after a tally's failed counts: nothing when empty,
// else the compromised assets (sparse: index delta, count) and the organizations
// (count, then per organization its alerts and alert-time sum).
func (a *alertTally) appendBinary(b []byte) []byte {
	if a.empty() {
		return b
	}
	nz := 0
	for _, n := range a.compromised {
		if n != 0 {
			nz++
		}
	}
	b = binary.AppendUvarint(b, uint64(nz))
	prev := 0
	for i, n := range a.compromised {
		if n != 0 {
			b = binary.AppendUvarint(b, uint64(i-prev))
			b = binary.AppendUvarint(b, uint64(n))
			prev = i
		}
	}
	b = binary.AppendUvarint(b, uint64(len(a.alerted)))
	for i, n := range a.alerted {
		b = binary.AppendUvarint(b, uint64(n))
		b = binary.AppendUvarint(b, a.alertSum[i].hi)
		b = binary.AppendUvarint(b, a.alertSum[i].lo)
	}
	return b
}

// decodeAlerts reads what appendBinary wrote, when anything is left in d.
func (a *alertTally) decode(d *decoder, trials int64) {
	if len(d.b) == 0 || d.err != nil {
		return
	}
	na := len(a.compromised)
	nz := d.count(uint64(na), "compromised entries")
	idx := 0
	for i := int64(0); i < nz && d.err == nil; i++ {
		delta := int(d.count(uint64(na), "compromised index"))
		if i > 0 && delta == 0 {
			d.err = errors.New("compromised indices not increasing")
		}
		idx += delta
		if idx >= na {
			d.err = errors.New("compromised index beyond asset count")
			return
		}
		a.compromised[idx] = d.count(uint64(trials), "trials")
	}
	no := d.count(maxDim, "organization count")
	if d.err != nil {
		return
	}
	// Each organization takes at least three bytes (three varints): a count beyond
	// what is left is refused before anything is allocated for it.
	if no > int64(len(d.b)/3) {
		d.err = fmt.Errorf("organization count %d beyond the %d bytes left", no, len(d.b))
		return
	}
	if no > 0 {
		a.alerted, a.alertSum = make([]int64, no), make([]u128, no)
	}
	for i := range a.alerted {
		a.alerted[i] = d.count(uint64(trials), "trials")
		a.alertSum[i] = u128{hi: d.uvarint(), lo: d.uvarint()}
	}
}

// alertsJSON is the JSON of an alertTally in part files.
type alertsJSON struct {
	Compromised [][2]int64 `json:"compromised,omitempty"` // [asset index, trials]
	Alerted     []int64    `json:"alerted,omitempty"`     // per organization
	AlertSum    []string   `json:"alert_sum_s,omitempty"` // per organization, decimal
}

func (a *alertTally) toJSON() *alertsJSON {
	if a.empty() {
		return nil
	}
	j := &alertsJSON{Alerted: a.alerted}
	for i, n := range a.compromised {
		if n != 0 {
			j.Compromised = append(j.Compromised, [2]int64{int64(i), n})
		}
	}
	for _, s := range a.alertSum {
		j.AlertSum = append(j.AlertSum, s.String())
	}
	return j
}

func (j *alertsJSON) fill(a *alertTally) error {
	if j == nil {
		return nil
	}
	prev := int64(-1)
	for _, c := range j.Compromised {
		if c[0] <= prev || c[0] >= int64(len(a.compromised)) || c[1] < 0 {
			return fmt.Errorf("compromised index %d out of order or range", c[0])
		}
		prev = c[0]
		a.compromised[c[0]] = c[1]
	}
	if len(j.AlertSum) != len(j.Alerted) {
		return errors.New("alert sums do not match the organizations")
	}
	if len(j.Alerted) > 0 {
		a.alerted, a.alertSum = slices.Clone(j.Alerted), make([]u128, len(j.Alerted))
	}
	for i, s := range j.AlertSum {
		v, ok := parseU128(s)
		if !ok || a.alerted[i] < 0 {
			return fmt.Errorf("organization %d: bad alert count or sum %q", i, s)
		}
		a.alertSum[i] = v
	}
	return nil
}

// OrganizationEstimate is how often an organization was alerted in a batch, and when.
type OrganizationEstimate struct {
	Organization string `json:"organization"`
	// PAlerted is the fraction 0–1 of trials in which it was alerted within the horizon.
	PAlerted float64 `json:"p_alerted"`
	CILow    float64 `json:"ci_low"`  // 95% Wilson interval, fraction 0–1
	CIHigh   float64 `json:"ci_high"` // 95% Wilson interval, fraction 0–1
	Alerted  int64   `json:"alerted"` // trials
	// MeanAlertS is the mean alert time in seconds over the trials in which it was
	// alerted, or null.
	MeanAlertS *float64 `json:"mean_alert_s"`
}

// alertReport fills the compromise probabilities and the organizations of r.
func (t *Tally) alertReport(r *Report, info *Info) error {
	n := t.trials
	for i := range r.Assets {
		r.Assets[i].PCompromised = frac(t.al.compromised[i], n)
	}
	if t.al.alerted == nil && info.OrganizationNames == nil {
		return nil
	}
	if t.al.alerted == nil {
		t.ensureOrgs(len(info.OrganizationNames))
	}
	if len(info.OrganizationNames) != len(t.al.alerted) {
		return fmt.Errorf("tally of %d organizations does not match the run's %d", len(t.al.alerted), len(info.OrganizationNames))
	}
	r.Organizations = []OrganizationEstimate{}
	for i, k := range t.al.alerted {
		lo, hi := Wilson(k, n)
		e := OrganizationEstimate{Organization: info.OrganizationNames[i], PAlerted: frac(k, n), CILow: lo, CIHigh: hi, Alerted: k}
		if k > 0 {
			m := t.al.alertSum[i].float() / float64(k)
			e.MeanAlertS = &m
		}
		r.Organizations = append(r.Organizations, e)
	}
	return nil
}
