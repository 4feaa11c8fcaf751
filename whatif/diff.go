package whatif

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Run is what a diff reads of a `cascade run --format json` result (docs/cli.md, "JSON
// output"): the fields it compares. Fields it does not know are ignored, so the result
// of any version that keeps the documented fields can be read.
type Run struct {
	Scenario string       `json:"scenario"`
	HorizonS *int64       `json:"horizon_s"`
	Failures []RunFailure `json:"failures"`
	Sectors  []RunSector  `json:"sectors"`
	// Summary holds the numbers (and nulls) of the closing summary object.
	Summary   map[string]*float64 `json:"-"`
	Protected []RunProtected      `json:"protected"`
}

// RunFailure is one failed asset of a run.
type RunFailure struct {
	Asset          string `json:"asset"`
	Sector         string `json:"sector"`
	AtS            int64  `json:"at_s"`
	CompromisedAtS *int64 `json:"compromised_at_s"`
	Compromised    bool   `json:"compromised"`
	RestoredS      *int64 `json:"restored_s"`
}

// RunSector is one sector of a run.
type RunSector struct {
	Sector      string   `json:"sector"`
	FailedAtS   *int64   `json:"failed_at_s"`
	RestoredAtS *int64   `json:"restored_at_s"`
	LossS       *float64 `json:"loss_s"`
}

// RunProtected is one asset whose compromise a protection prevented.
type RunProtected struct {
	Asset      string `json:"asset"`
	ProtectedS int64  `json:"protected_s"`
}

// ReadRun reads one run result. It refuses anything else: not one JSON object, no
// "scenario", "failures" or "sectors" member, an entry without a name, or a name
// listed twice. It never panics, whatever src holds.
func ReadRun(src []byte) (*Run, error) {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(src, &probe); err != nil {
		return nil, fmt.Errorf("not a run result (cascade run --format json): %w", jsonError(src, err))
	}
	for _, k := range []string{"scenario", "failures", "sectors"} {
		if v, ok := probe[k]; !ok || string(v) == "null" {
			return nil, fmt.Errorf("not a run result (cascade run --format json): no %q", k)
		}
	}
	var r Run
	if err := json.Unmarshal(src, &r); err != nil {
		return nil, fmt.Errorf("not a run result (cascade run --format json): %w", jsonError(src, err))
	}
	if raw := probe["summary"]; len(raw) > 0 && string(raw) != "null" {
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(raw, &fields); err != nil {
			return nil, fmt.Errorf("not a run result (cascade run --format json): summary: %w", err)
		}
		r.Summary = map[string]*float64{}
		for k, v := range fields {
			var x *float64
			if json.Unmarshal(v, &x) == nil { // numbers and null; other kinds are not compared
				r.Summary[k] = x
			}
		}
	}
	if err := unique("failures", len(r.Failures), func(i int) string { return r.Failures[i].Asset }); err != nil {
		return nil, err
	}
	if err := unique("sectors", len(r.Sectors), func(i int) string { return r.Sectors[i].Sector }); err != nil {
		return nil, err
	}
	if err := unique("protected", len(r.Protected), func(i int) string { return r.Protected[i].Asset }); err != nil {
		return nil, err
	}
	return &r, nil
}

// jsonError adds the line of a syntax error to err.
func jsonError(src []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) && se.Offset <= int64(len(src)) {
		return fmt.Errorf("line %d: %w", 1+bytes.Count(src[:se.Offset], []byte("\n")), err)
	}
	return err
}

func unique(what string, n int, name func(int) string) error {
	seen := make(map[string]bool, n)
	for i := range n {
		s := name(i)
		if s == "" {
			return fmt.Errorf("%s[%d] has no name", what, i)
		}
		if seen[s] {
			return fmt.Errorf("%s lists %q twice", what, s)
		}
		seen[s] = true
	}
	return nil
}

// FailureOnly is an asset that fails in one run only.
type FailureOnly struct {
	Asset  string `json:"asset"`
	Sector string `json:"sector"`
	AtS    int64  `json:"at_s"`
}

// TimeChange is a time of an asset in run A and in run B, in seconds (nil: it does not
// happen within the horizon), and B's minus A's when both happen.
type TimeChange struct {
	Asset  string `json:"asset"`
	A      *int64 `json:"a_s"`
	B      *int64 `json:"b_s"`
	ShiftS *int64 `json:"shift_s"`
}

// SectorChange is a sector whose failure or restoration time, or service lost,
// differs: each in A and in B (nil: it does not happen within the horizon, or the
// sector is not in that run), and B's minus A's when both are there.
type SectorChange struct {
	Sector         string   `json:"sector"`
	FailedA        *int64   `json:"a_failed_at_s"`
	FailedB        *int64   `json:"b_failed_at_s"`
	FailedShiftS   *int64   `json:"failed_shift_s"`
	RestoredA      *int64   `json:"a_restored_at_s"`
	RestoredB      *int64   `json:"b_restored_at_s"`
	RestoredShiftS *int64   `json:"restored_shift_s"`
	LossA          *float64 `json:"a_loss_s"`
	LossB          *float64 `json:"b_loss_s"`
	// InA and InB say whether the sector is in each run's model.
	InA bool `json:"in_a"`
	InB bool `json:"in_b"`
}

// SummaryChange is one count of the runs' summaries, in A and in B (nil: not there).
type SummaryChange struct {
	Field string   `json:"field"`
	A     *float64 `json:"a"`
	B     *float64 `json:"b"`
	Delta *float64 `json:"delta"`
}

// Diff is the difference of two run results: the JSON of `cascade diff --format json`
// (docs/cli.md). Every list is sorted: assets and sectors by their time in A (those
// not in A last, by their time in B), then by name.
type Diff struct {
	A         string        `json:"a"`
	B         string        `json:"b"`
	ScenarioA string        `json:"a_scenario"`
	ScenarioB string        `json:"b_scenario"`
	HorizonA  *int64        `json:"a_horizon_s"`
	HorizonB  *int64        `json:"b_horizon_s"`
	Same      bool          `json:"same"`
	OnlyA     []FailureOnly `json:"failed_only_in_a"`
	OnlyB     []FailureOnly `json:"failed_only_in_b"`
	// Moved are the assets that fail in both at different times.
	Moved []TimeChange `json:"failure_moved"`
	// Compromise, Restoration and Protection are the assets that fail in both whose
	// compromise or restoration time differs, and the assets whose protection differs.
	Compromise  []TimeChange    `json:"compromise_changed"`
	Restoration []TimeChange    `json:"restoration_changed"`
	Protection  []TimeChange    `json:"protection_changed"`
	Sectors     []SectorChange  `json:"sector_changed"`
	Summary     []SummaryChange `json:"summary"`
}

// summaryOrder is the order of the summary's counts as run prints them; counts it
// does not list come after, by name.
var summaryOrder = []string{"assets", "failed_assets", "compromised_assets", "on_backup_assets",
	"sectors", "failed_sectors", "impacted_sectors", "restored_assets", "down_assets", "loss_s"}

// DiffRuns compares run b with run a, named an and bn.
func DiffRuns(an string, a *Run, bn string, b *Run) *Diff {
	d := &Diff{A: an, B: bn, ScenarioA: a.Scenario, ScenarioB: b.Scenario, HorizonA: a.HorizonS, HorizonB: b.HorizonS,
		OnlyA: []FailureOnly{}, OnlyB: []FailureOnly{}, Moved: []TimeChange{}, Compromise: []TimeChange{},
		Restoration: []TimeChange{}, Protection: []TimeChange{}, Sectors: []SectorChange{}, Summary: []SummaryChange{}}
	fa, fb := byName(a.Failures, func(f *RunFailure) string { return f.Asset }), byName(b.Failures, func(f *RunFailure) string { return f.Asset })
	for i := range a.Failures {
		x := &a.Failures[i]
		y, ok := fb[x.Asset]
		if !ok {
			d.OnlyA = append(d.OnlyA, FailureOnly{Asset: x.Asset, Sector: x.Sector, AtS: x.AtS})
			continue
		}
		if x.AtS != y.AtS {
			d.Moved = append(d.Moved, change(x.Asset, &x.AtS, &y.AtS))
		}
		if ca, cb := compromisedAt(x), compromisedAt(y); !equalTime(ca, cb) {
			d.Compromise = append(d.Compromise, change(x.Asset, ca, cb))
		}
		if !equalTime(x.RestoredS, y.RestoredS) {
			d.Restoration = append(d.Restoration, change(x.Asset, x.RestoredS, y.RestoredS))
		}
	}
	for i := range b.Failures {
		if y := &b.Failures[i]; fa[y.Asset] == nil {
			d.OnlyB = append(d.OnlyB, FailureOnly{Asset: y.Asset, Sector: y.Sector, AtS: y.AtS})
		}
	}
	pa, pb := byName(a.Protected, func(p *RunProtected) string { return p.Asset }), byName(b.Protected, func(p *RunProtected) string { return p.Asset })
	for _, name := range unionNames(pa, pb) {
		var ta, tb *int64
		if p := pa[name]; p != nil {
			ta = &p.ProtectedS
		}
		if p := pb[name]; p != nil {
			tb = &p.ProtectedS
		}
		if !equalTime(ta, tb) {
			d.Protection = append(d.Protection, change(name, ta, tb))
		}
	}
	sa, sb := byName(a.Sectors, func(s *RunSector) string { return s.Sector }), byName(b.Sectors, func(s *RunSector) string { return s.Sector })
	for _, name := range unionNames(sa, sb) {
		x, y := sa[name], sb[name]
		c := SectorChange{Sector: name, InA: x != nil, InB: y != nil}
		if x != nil {
			c.FailedA, c.RestoredA, c.LossA = x.FailedAtS, x.RestoredAtS, x.LossS
		}
		if y != nil {
			c.FailedB, c.RestoredB, c.LossB = y.FailedAtS, y.RestoredAtS, y.LossS
		}
		c.FailedShiftS, c.RestoredShiftS = shift(c.FailedA, c.FailedB), shift(c.RestoredA, c.RestoredB)
		if c.InA != c.InB || !equalTime(c.FailedA, c.FailedB) || !equalTime(c.RestoredA, c.RestoredB) || !equalFloat(c.LossA, c.LossB) {
			d.Sectors = append(d.Sectors, c)
		}
	}
	for _, f := range summaryFields(a.Summary, b.Summary) {
		c := SummaryChange{Field: f, A: a.Summary[f], B: b.Summary[f]}
		if c.A != nil && c.B != nil {
			v := *c.B - *c.A
			c.Delta = &v
		}
		d.Summary = append(d.Summary, c)
	}
	byTimes := func(x, y TimeChange) int {
		return cmp.Or(cmpOpt(x.A, y.A), cmpOpt(x.B, y.B), strings.Compare(x.Asset, y.Asset))
	}
	for _, l := range [][]TimeChange{d.Moved, d.Compromise, d.Restoration, d.Protection} {
		slices.SortFunc(l, byTimes)
	}
	byAt := func(x, y FailureOnly) int {
		return cmp.Or(cmp.Compare(x.AtS, y.AtS), strings.Compare(x.Asset, y.Asset))
	}
	slices.SortFunc(d.OnlyA, byAt)
	slices.SortFunc(d.OnlyB, byAt)
	slices.SortFunc(d.Sectors, func(x, y SectorChange) int {
		return cmp.Or(cmpOpt(x.FailedA, y.FailedA), cmpOpt(x.FailedB, y.FailedB), strings.Compare(x.Sector, y.Sector))
	})
	d.Same = a.Scenario == b.Scenario && equalTime(a.HorizonS, b.HorizonS) && len(d.OnlyA)+len(d.OnlyB)+len(d.Moved)+
		len(d.Compromise)+len(d.Restoration)+len(d.Protection)+len(d.Sectors) == 0
	for _, s := range d.Summary {
		d.Same = d.Same && equalFloat(s.A, s.B)
	}
	return d
}

// compromisedAt is when f was compromised: compromised_at_s, or its failure time for a
// result that only says it was.
func compromisedAt(f *RunFailure) *int64 {
	if f.CompromisedAtS != nil || !f.Compromised {
		return f.CompromisedAtS
	}
	return &f.AtS
}

func change(asset string, a, b *int64) TimeChange {
	return TimeChange{Asset: asset, A: a, B: b, ShiftS: shift(a, b)}
}

// shift is b - a, nil unless both are there.
func shift(a, b *int64) *int64 {
	if a == nil || b == nil {
		return nil
	}
	s := *b - *a
	return &s
}

func byName[T any](list []T, name func(*T) string) map[string]*T {
	m := make(map[string]*T, len(list))
	for i := range list {
		m[name(&list[i])] = &list[i]
	}
	return m
}

func unionNames[T any](a, b map[string]*T) []string {
	var names []string
	for n := range a {
		names = append(names, n)
	}
	for n := range b {
		if a[n] == nil {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names
}

func summaryFields(a, b map[string]*float64) []string {
	var out, rest []string
	for _, f := range summaryOrder {
		if _, ok := a[f]; ok {
			out = append(out, f)
		} else if _, ok := b[f]; ok {
			out = append(out, f)
		}
	}
	for f := range a {
		if !slices.Contains(summaryOrder, f) {
			rest = append(rest, f)
		}
	}
	for f := range b {
		if _, ok := a[f]; !ok && !slices.Contains(summaryOrder, f) {
			rest = append(rest, f)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}

func equalFloat(a, b *float64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// cmpOpt orders optional times, nil (never, or not there) last.
func cmpOpt(a, b *int64) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return cmp.Compare(*a, *b)
}
