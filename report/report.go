// Package report writes the run of a scenario as a briefing: one self-contained
// HTML file that a planner can mail. It holds the scenario and its assumptions,
// the summary, the sectors in the order they fail, a timeline, the impact diagram
// and the sector plot as inline SVG, the failures table (labels, operators,
// countries; sortable and filterable; each failure's causal chain on demand), the
// map of the located assets, the coordination gaps, and, when given, Monte Carlo probabilities with their
// intervals and the comparison of a mitigation with the baseline.
//
// The page needs no network: its style sheet, drawings and script are inline, and
// its Content-Security-Policy forbids loading anything and any script but its
// own. Every name and label of the model is written as text (html/template), and
// drawings are re-emitted element by element from a short list of SVG elements
// (see docs/report.md).
package report

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/cascade/montecarlo"
	"github.com/cascade-infra/cascade/coord"
	"github.com/cascade-infra/cascade/model"
	"github.com/cascade-infra/cascade/provenance"
	"github.com/cascade-infra/cascade/render"
	"github.com/cascade-infra/cascade/whatif"
)

// Input is what a report shows.
type Input struct {
	// Result is the deterministic run of the scenario on the model as given (with
	// its mitigations applied); its network's model is the model of the report.
	Result *cascade.Result
	// Mitigations are the mitigations applied to the model, in order, and Plan their
	// changes to it (whatif.Plan); both empty for the model as it is.
	Mitigations []string
	Plan        []whatif.Change
	// Impact is the impact diagram as an SVG document (drawn by Graphviz, see
	// render.Draw), or nil; ImpactNote then says why it is missing.
	Impact     []byte
	ImpactNote string
	// Batch is a Monte Carlo batch of the same scenario and model, or nil.
	Batch *montecarlo.Report
	// Comparison compares the run with the baseline (the model without the
	// mitigations), or is nil.
	Comparison *whatif.Comparison
	// Provenance says which build computed the report and from what.
	Provenance provenance.Info
	// MaxRows caps the rows of the failures table; 0 means DefaultMaxRows. The
	// causal chains of the rows shown are written too.
	MaxRows int
}

// DefaultMaxRows is the number of failures the table of a report shows at most: a
// page beyond it is slow to open and no one reads it; the full list is `cascade
// run --format csv`.
const DefaultMaxRows = 2000

//go:embed report.css
var styleSheet string

//go:embed report.js
var script string

//go:embed report.html
var pageSource string

var pageTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"tplus":    render.Tplus,
	"tplusopt": tplusOpt,
	"pct":      pct,
	"dur":      cascade.FormatDuration,
	"loss":     lossText,
	"signed":   signed,
	"interval": interval,
}).Parse(pageSource))

// scriptHash is the Content-Security-Policy source of the page's only script.
var scriptHash = func() string {
	sum := sha256.Sum256([]byte(script))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}()

// Write writes the report of in to w as one HTML document.
func Write(w io.Writer, in *Input) error {
	p, err := build(in)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, p); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// pageData is what the template reads.
type pageData struct {
	CSS        template.CSS
	JS         template.JS
	CSP        string
	Title      string
	Scenario   *model.Scenario
	Horizon    string
	Events     []eventRow
	Mitigation []string
	Plan       []string
	Summary    cascade.RunSummaryReport
	LastFail   string
	Sectors    []sectorRow
	SectorList []string // sector labels for the filter, in failure order
	Timeline   template.HTML
	Impact     template.HTML
	ImpactNote string
	Plot       template.HTML
	PlotNote   string
	Map        template.HTML
	MapNote    string
	Failures   []failureRow
	// Restoration is set when the run resolved restoration: the sectors and
	// failures tables then have restoration columns.
	Restoration bool
	// HasAlerts is set when organizations of the model detect compromises:
	// the page then has the alerts section, even when no alert came.
	HasAlerts bool
	Alerts    []alertRow
	Protected []protectedRow
	Shown     int
	Total     int
	Backup    []backupRow
	Gaps      []gapRow
	Coord     *coord.Report
	Batch     *batchData
	Compare   *compareData
	Prov      provenance.Info
	ProvVars  []string
}

type eventRow struct {
	Name, Kind, At, Probability, Targets string
}

type sectorRow struct {
	Name, Label, Color    string
	FirstImpact, FailedAt *int64
	Failed, Threshold     float64
	Order                 int
	// With restoration: when the sector was restored (nil: not, or it never
	// failed), its down share at the horizon and its service lost, seconds.
	Restored *int64
	Down     float64
	Loss     *float64
}

// alertRow is an organization alerted within the horizon.
type alertRow struct {
	Organization string
	Detected     *int64
	Alerted      int64
	Chain        string // "detected itself", or the organizations and channels that carried it
	Protected    *int64
}

// protectedRow is an asset whose compromise protection prevented.
type protectedRow struct {
	Asset, Label, Sector, Organization string
	Attempted, Protected               int64
}

type failureRow struct {
	At          int64
	Asset       string
	Label       string
	Sector      string
	Operator    string
	Country     string
	Cause       string
	Compromised string // "" or "yes"/"after failure"
	// With restoration: when it works again (nil: down at the horizon), its
	// time down within the horizon (nil without a horizon) and its outages.
	Restored *int64
	Down     *int64
	Outages  int32
	Chain    []string
	Search   string
}

type backupRow struct {
	Asset, Label, Sector, Since, RunsOut, Left string
}

type gapRow struct {
	A, B       string
	Edges      int
	Downstream int
	First      int64
	Border     bool
	Example    string
}

type batchData struct {
	Trials    int64
	Seed      uint64
	Failed    montecarlo.FailedAssetsDist
	Chart     template.HTML
	Sectors   []estimateRow
	Assets    []estimateRow
	AssetsCut int
	Warnings  []string
}

type estimateRow struct {
	Name, Label  string
	P, Low, High float64
	Few          bool
	P50, P90     *int64
}

type compareData struct {
	Baseline whatif.Metrics
	Variant  whatif.Variant
	Trials   int64
	Seed     uint64
	Labels   map[string]string
}

func tplusOpt(t *int64) string {
	if t == nil {
		return "—"
	}
	return render.Tplus(*t)
}

// lossText writes a service loss in seconds as a duration, "—" without one.
func lossText(l *float64) string {
	if l == nil {
		return "—"
	}
	return cascade.FormatDuration(int64(*l + 0.5))
}

// alertChain says how an alert reached its organization: "detected itself", or
// "a → (channel) → b → …".
func alertChain(m *model.Model, a cascade.AlertReport) string {
	if len(a.Via) <= 1 {
		return "detected itself"
	}
	var b strings.Builder
	for i, o := range a.Via {
		if i > 0 {
			b.WriteString(" → (" + a.ViaChannels[i-1] + ") → ")
		}
		b.WriteString(orgLabel(m.Organization(o)))
	}
	return b.String()
}

func signed(n int) string {
	if n > 0 {
		return fmt.Sprintf("+%d", n)
	}
	return fmt.Sprint(n)
}

func interval(iv montecarlo.Interval) string {
	return fmt.Sprintf("%.3g [%.3g, %.3g]", iv.Mean, iv.Low, iv.High)
}

func assetLabel(a *model.Asset) string {
	if a.Label != "" && a.Label != a.Name {
		return a.Label
	}
	return ""
}

func sectorLabel(s *model.Sector) string {
	if s.Label != "" {
		return s.Label
	}
	return s.Name
}

func orgLabel(o *model.Organization) string {
	if o == nil {
		return ""
	}
	if o.Label != "" {
		return o.Label
	}
	return o.Name
}

// build works out what the page shows.
func build(in *Input) (*pageData, error) {
	res := in.Result
	if res == nil {
		return nil, fmt.Errorf("report: no run")
	}
	m := res.Network().Model()
	sc := m.Scenario(res.Scenario().Name)
	if sc == nil {
		return nil, fmt.Errorf("report: the run's scenario %q is not a scenario of the model", res.Scenario().Name)
	}
	rep := res.Report()
	p := &pageData{
		CSS: template.CSS(styleSheet), JS: template.JS(script),
		CSP: "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src " + scriptHash +
			"; base-uri 'none'; form-action 'none'",
		Scenario: sc, Summary: rep.Summary, Mitigation: in.Mitigations, Prov: in.Provenance,
	}
	p.Title = sc.Name
	if sc.Label != "" && sc.Label != sc.Name {
		p.Title = sc.Label
	}
	p.Horizon = "no horizon (until nothing changes)"
	if rep.HorizonS != nil {
		p.Horizon = cascade.FormatDuration(*rep.HorizonS)
	}
	for _, c := range in.Plan {
		p.Plan = append(p.Plan, c.String())
	}
	for k, v := range in.Provenance.Vars {
		p.ProvVars = append(p.ProvVars, k+" = "+v)
	}
	slices.Sort(p.ProvVars)
	for _, e := range sc.Events {
		p.Events = append(p.Events, eventOf(e))
	}
	if n := len(rep.Failures); n > 0 {
		p.LastFail = render.Tplus(rep.Failures[n-1].AtS)
	}

	// Sectors in the order they fail, then the merely impacted, then the others.
	for _, sr := range rep.Sectors {
		s := m.Sector(sr.Sector)
		p.Sectors = append(p.Sectors, sectorRow{Name: s.Name, Label: sectorLabel(s), Color: safeColor(s.Color),
			FirstImpact: sr.FirstImpactS, FailedAt: sr.FailedAtS, Failed: sr.FailedFraction, Threshold: sr.Threshold,
			Restored: sr.RestoredAtS, Down: sr.DownFraction, Loss: sr.LossS})
	}
	never := func(t *int64) int64 {
		if t == nil {
			return cascade.Never
		}
		return *t
	}
	slices.SortStableFunc(p.Sectors, func(x, y sectorRow) int {
		return cmp.Or(cmp.Compare(never(x.FailedAt), never(y.FailedAt)), cmp.Compare(never(x.FirstImpact), never(y.FirstImpact)))
	})
	for i := range p.Sectors {
		p.Sectors[i].Order = i + 1
		p.SectorList = append(p.SectorList, p.Sectors[i].Label)
	}

	p.Restoration = rep.Restoration
	if err := p.addFailures(in, m, res, rep); err != nil {
		return nil, err
	}
	if p.HasAlerts = res.Network().HasAlerts(); p.HasAlerts {
		for _, a := range rep.Alerts {
			p.Alerts = append(p.Alerts, alertRow{Organization: orgLabel(m.Organization(a.Organization)), Detected: a.DetectedS,
				Alerted: a.AlertedS, Chain: alertChain(m, a), Protected: a.ProtectedS})
		}
		for _, pr := range rep.Protected {
			a := m.Asset(pr.Asset)
			if a == nil {
				return nil, fmt.Errorf("report: the run's asset %q is not in the model", pr.Asset)
			}
			p.Protected = append(p.Protected, protectedRow{Asset: a.Name, Label: assetLabel(a), Sector: sectorLabel(a.Sector),
				Organization: orgLabel(m.Organization(pr.Organization)), Attempted: pr.AttemptedS, Protected: pr.ProtectedS})
		}
	}
	for _, b := range rep.OnBackup {
		a := m.Asset(b.Asset)
		row := backupRow{Asset: b.Asset, Label: assetLabel(a), Sector: sectorLabel(a.Sector), Since: render.Tplus(b.SinceS), RunsOut: "never", Left: "—"}
		if b.RunsOutS != nil {
			row.RunsOut = render.Tplus(*b.RunsOutS)
			if rep.HorizonS != nil {
				row.Left = cascade.FormatDuration(*b.RunsOutS - *rep.HorizonS)
			}
		}
		p.Backup = append(p.Backup, row)
	}

	var err error
	if p.Timeline, err = timeline(m, sc, res, rep, p.Sectors); err != nil {
		return nil, err
	}
	if len(in.Impact) > 0 {
		if p.Impact, err = inlineSVG(in.Impact); err != nil {
			p.ImpactNote = "The impact diagram could not be included: " + err.Error()
		}
	} else {
		p.ImpactNote = in.ImpactNote
		if p.ImpactNote == "" {
			p.ImpactNote = "The impact diagram was not drawn."
		}
	}
	out, err := render.FromResult(res)
	if err != nil {
		return nil, err
	}
	var plot bytes.Buffer
	if err := render.Plot(m, out, "svg", &plot); err != nil {
		p.PlotNote = "The sector plot could not be drawn: " + err.Error()
	} else if p.Plot, err = inlineSVG(plot.Bytes()); err != nil {
		p.PlotNote = "The sector plot could not be included: " + err.Error()
	}
	var mp bytes.Buffer
	switch err := render.Map(m, out, "svg", &mp, render.PlotOptions{}); {
	case errors.Is(err, render.ErrNoLocation):
		p.MapNote = "No asset of the model has a location, so there is no map. Give assets a location = { lat = …, lon = … } to place them."
	case err != nil:
		p.MapNote = "The map could not be drawn: " + err.Error()
	default:
		if p.Map, err = inlineSVG(mp.Bytes()); err != nil {
			p.MapNote = "The map could not be included: " + err.Error()
		}
	}

	cr, err := coord.AnalyzeResult(m, res, nil)
	if err != nil {
		return nil, err
	}
	p.Coord = cr
	for _, g := range cr.Gaps {
		row := gapRow{A: orgLabel(g.A), B: orgLabel(g.B), Edges: len(g.Edges), Downstream: g.Downstream, First: g.First, Border: g.CrossBorder()}
		if len(g.Edges) > 0 {
			e := g.Edges[0]
			row.Example = e.From.Name + " → " + e.To.Name
		}
		p.Gaps = append(p.Gaps, row)
	}

	if in.Batch != nil {
		if p.Batch, err = batchOf(m, in.Batch); err != nil {
			return nil, err
		}
	}
	if c := in.Comparison; c != nil && len(c.Variants) > 0 {
		cd := &compareData{Baseline: c.Baseline, Variant: c.Variants[0], Trials: c.Trials, Seed: c.Seed, Labels: map[string]string{}}
		for _, s := range m.Sectors {
			cd.Labels[s.Name] = sectorLabel(s)
		}
		p.Compare = cd
	}
	return p, nil
}

// eventOf describes an event of the scenario: what, when, how likely, and what it hits.
func eventOf(e *model.Event) eventRow {
	kind := "physical"
	if e.Kind == model.CyberEvent {
		kind = "cyber"
	}
	var t []string
	for _, a := range e.Assets {
		t = append(t, a.Name)
	}
	targets := strings.Join(t, ", ")
	if s := e.Select; s != nil {
		var crit []string
		if len(s.Sectors) > 0 {
			var ns []string
			for _, x := range s.Sectors {
				ns = append(ns, sectorLabel(x))
			}
			crit = append(crit, "sectors "+strings.Join(ns, ", "))
		}
		if len(s.Regions) > 0 {
			crit = append(crit, "regions "+strings.Join(s.Regions, ", "))
		}
		if len(s.Countries) > 0 {
			crit = append(crit, "countries "+strings.Join(s.Countries, ", "))
		}
		if len(s.Operators) > 0 {
			var ns []string
			for _, o := range s.Operators {
				ns = append(ns, orgLabel(o))
			}
			crit = append(crit, "operators "+strings.Join(ns, ", "))
		}
		if len(s.Tags) > 0 {
			crit = append(crit, "tags "+strings.Join(s.Tags, ", "))
		}
		if w := s.Within; w != nil {
			crit = append(crit, fmt.Sprintf("within %g km of %.4g, %.4g", w.RadiusKm, w.Lat, w.Lon))
		}
		sel := "every asset with " + strings.Join(crit, " and ")
		if targets != "" {
			targets += "; " + sel
		} else {
			targets = sel
		}
	}
	return eventRow{Name: e.Name, Kind: kind, At: render.Tplus(e.At), Probability: fmt.Sprintf("%g", e.Probability), Targets: targets}
}

// addFailures fills the failures table, with each row's causal chain.
func (p *pageData) addFailures(in *Input, m *model.Model, res *cascade.Result, rep *cascade.RunReport) error {
	limit := in.MaxRows
	if limit <= 0 {
		limit = DefaultMaxRows
	}
	p.Total = len(rep.Failures)
	for i, f := range rep.Failures {
		if i == limit {
			break
		}
		a := m.Asset(f.Asset)
		if a == nil {
			return fmt.Errorf("report: the run's asset %q is not in the model", f.Asset)
		}
		row := failureRow{At: f.AtS, Asset: a.Name, Label: assetLabel(a), Sector: sectorLabel(a.Sector),
			Operator: orgLabel(a.Operator), Country: a.Country, Cause: causeText(f.Cause),
			Restored: f.RestoredS, Down: f.DownS, Outages: f.Outages}
		if f.CompromisedAtS != nil {
			if *f.CompromisedAtS <= f.AtS {
				row.Compromised = "yes"
			} else {
				row.Compromised = "after failing, at " + render.Tplus(*f.CompromisedAtS)
			}
		}
		for _, st := range res.Explain(int32(a.Index)).Report().Chain {
			row.Chain = append(row.Chain, st.Text)
		}
		row.Search = strings.ToLower(strings.Join([]string{row.Asset, row.Label, row.Sector, row.Operator, row.Country, row.Cause}, " "))
		p.Failures = append(p.Failures, row)
	}
	p.Shown = len(p.Failures)
	return nil
}

// causeText says in a few words why an asset failed.
func causeText(c cascade.CauseReport) string {
	switch c.Kind {
	case "event":
		return "event " + c.Event
	case "compromise":
		return "compromised via " + c.Supplier
	case "supply":
		s := "lost " + strings.Join(c.Suppliers, ", ")
		if c.Group != "" {
			s = c.Group + ": " + s
		}
		if c.BackupS != nil && *c.BackupS > 0 {
			s += ", backup " + cascade.FormatDuration(*c.BackupS) + " ran out"
		}
		return s
	}
	return c.Kind
}

// timeline draws the failures per sector, and the events, over time.
func timeline(m *model.Model, sc *model.Scenario, res *cascade.Result, rep *cascade.RunReport, sectors []sectorRow) (template.HTML, error) {
	var end int64
	if n := len(rep.Failures); n > 0 {
		end = rep.Failures[n-1].AtS
	}
	for _, e := range sc.Events {
		end = max(end, e.At)
	}
	end = max(end+end/20, 3600)
	evRow := timelineRow{label: "Events", color: "#1d3557", failAt: cascade.Never}
	byAt := map[int64][]string{}
	for _, e := range sc.Events {
		byAt[e.At] = append(byAt[e.At], e.Name)
	}
	for _, at := range sortedKeys(byAt) {
		evRow.marks = append(evRow.marks, timelineMark{at: at, count: len(byAt[at]),
			title: render.Tplus(at) + ": " + strings.Join(byAt[at], ", ")})
	}
	rows := []timelineRow{evRow}
	idx := map[string]int{}
	for _, s := range sectors {
		if s.FirstImpact == nil {
			continue
		}
		r := timelineRow{label: s.Label, color: s.Color, failAt: cascade.Never}
		if s.FailedAt != nil {
			r.failAt = *s.FailedAt
		}
		idx[s.Name] = len(rows)
		rows = append(rows, r)
	}
	// One mark per distinct time of each sector; names in the tooltip.
	type key struct {
		row int
		at  int64
	}
	marks := map[key][]string{}
	var order []key
	for _, f := range rep.Failures {
		k := key{idx[f.Sector], f.AtS}
		if _, ok := marks[k]; !ok {
			order = append(order, k)
		}
		marks[k] = append(marks[k], f.Asset)
	}
	for _, k := range order {
		names := marks[k]
		title := fmt.Sprintf("%s: %d failed: ", render.Tplus(k.at), len(names))
		if len(names) > 8 {
			title += strings.Join(names[:8], ", ") + fmt.Sprintf(" and %d more", len(names)-8)
		} else {
			title += strings.Join(names, ", ")
		}
		rows[k.row].marks = append(rows[k.row].marks, timelineMark{at: k.at, count: len(names), title: title})
	}
	return timelineSVG(rows, end, "Timeline of failures by sector")
}

func sortedKeys[V any](mp map[int64]V) []int64 {
	ks := make([]int64, 0, len(mp))
	for k := range mp {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// maxEstimateRows is the number of assets the Monte Carlo section lists, most likely first.
const maxEstimateRows = 50

// batchOf turns a batch report into the Monte Carlo section.
func batchOf(m *model.Model, b *montecarlo.Report) (*batchData, error) {
	bd := &batchData{Trials: b.Trials, Seed: b.Seed, Failed: b.FailedAssets, Warnings: b.Warnings}
	var chart []intervalRow
	for _, s := range b.Sectors {
		label := s.Sector
		if x := m.Sector(s.Sector); x != nil {
			label = sectorLabel(x)
		}
		bd.Sectors = append(bd.Sectors, estimateRow{Name: s.Sector, Label: label, P: s.PFail, Low: s.CILow, High: s.CIHigh, Few: s.FewEvents, P50: s.P50FailS, P90: s.P90FailS})
		chart = append(chart, intervalRow{label: label, p: s.PFail, low: s.CILow, high: s.CIHigh})
	}
	assets := slices.Clone(b.Assets)
	slices.SortStableFunc(assets, func(x, y montecarlo.AssetEstimate) int { return cmp.Compare(y.PFail, x.PFail) })
	for _, a := range assets {
		if a.Failures == 0 {
			continue
		}
		if len(bd.Assets) == maxEstimateRows {
			bd.AssetsCut++
			continue
		}
		label := ""
		if x := m.Asset(a.Asset); x != nil {
			label = assetLabel(x)
		}
		bd.Assets = append(bd.Assets, estimateRow{Name: a.Asset, Label: label, P: a.PFail, Low: a.CILow, High: a.CIHigh, Few: a.FewEvents, P50: a.P50FailS, P90: a.P90FailS})
	}
	var err error
	bd.Chart, err = intervalSVG(chart, "Probability that each sector fails, with 95% intervals")
	return bd, err
}
