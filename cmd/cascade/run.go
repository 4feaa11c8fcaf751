package main

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/examples"
	"github.com/cascade-infra/cascade/internal/loadcache"
	"github.com/cascade-infra/cascade/model"
)

func init() {
	register(command{name: "run", synopsis: "run one scenario: what fails next, when, and why", run: runRun})
}

const runAbout = `Run one deterministic cascade (the worst case: every dependency and event hit
with probability > 0 counts; docs/semantics.md) and print which assets fail, when and why,
which sectors fail next, and which assets are still running on backup at the horizon.
In a model whose organizations detect compromises (detect), it also prints the alerts,
in time order with the chain of channels that carried each, and the assets that
protection kept from being compromised (docs/semantics.md, "Alerts and protection").

With no MODEL, the current folder when it holds a model (an *.hcl file), else the embedded default example (and,
without --scenario, its scenario "` + examples.DefaultScenario + `"); stderr says which. With no --scenario, the model's only scenario; a model
with several needs --scenario. --horizon replaces the scenario's horizon.`

// runScenario loads the model, chooses the scenario and runs it (run, explain, plot,
// render). It returns nil and the
// exit status when something is wrong (already reported).
func (st *State) runScenario(path, scenario string, horizon durationFlag, mf *modelFlags) (*cascade.Result, int) {
	return st.runScenarioAfter(path, scenario, horizon, mf, nil)
}

// runScenarioAfter is runScenario, calling afterLoad (when not nil) once the model has
// loaded, before it compiles.
func (st *State) runScenarioAfter(path, scenario string, horizon durationFlag, mf *modelFlags, afterLoad func()) (*cascade.Result, int) {
	mf.scenario = scenario
	m, code := st.loadModel(path, mf)
	if m == nil {
		return nil, code
	}
	if afterLoad != nil {
		afterLoad()
	}
	msc, code := st.pickScenario(m, scenario, horizon, mf)
	if msc == nil {
		return nil, code
	}
	res, err := cascade.RunScenario(m, msc, cascade.Options{Horizon: horizon.horizon()})
	if err != nil {
		return nil, st.errorf("%v", err)
	}
	return res, exitOK
}

func runRun(st *State, args []string) int {
	fs := st.flagSet("run", "[MODEL] [--scenario NAME] [--horizon D] [--format text|json|csv|geojson] [-o FILE] [flags]", runAbout)
	var mf modelFlags
	var horizon durationFlag
	scenario := fs.StringP("scenario", "s", "", "the scenario to run (default: the model's only one)")
	fs.Var(&horizon, "horizon", "stop at `DURATION` instead of the scenario's horizon")
	format := fs.StringP("format", "f", "text", "output format: text, json, csv or geojson (the located assets and dependencies, RFC 7946)")
	out := fs.StringP("output", "o", "", "write the result to `FILE` (atomically) instead of stdout")
	diagram := fs.String("diagram", "", "also write the impact diagram to `FILE` (.dot, .svg, .png; DOT without an extension)")
	wide := fs.Bool("wide", false, "text: also show each asset's label, operator and country")
	mf.add(fs)
	mf.addMitigation(fs)
	if code, ok := st.parse(fs, args); !ok {
		return code
	}
	if fs.NArg() > 1 {
		return st.usageErrorf("run: want at most one MODEL, got %d arguments; run 'cascade run --help'", fs.NArg())
	}
	if code, ok := st.checkFormat(*format, "text", "json", "csv", "geojson"); !ok {
		return code
	}
	if *wide && *format != "text" {
		return st.usageErrorf("--wide is for --format text; the %s output always has the label, operator and country", *format)
	}
	if code, ok := st.checkOutputs(outputFlag{"-o", *out, true}, outputFlag{"--diagram", *diagram, false}); !ok {
		return code
	}
	if *diagram != "" {
		if _, err := diagramFormat(*diagram); err != nil {
			return st.usageErrorf("%v", err)
		}
	}
	mf.planToStdout = *format == "text"
	mf.hashEarly = *format == "json" || *format == "geojson"
	var afterLoad func()
	restoreGC := func() {}
	defer func() { restoreGC() }()
	if st.Getenv("GOGC") == "" {
		// On the 1M-asset CSV model, cold, 400 while parsing makes the whole run 7.6-8.3 s
		// wall against 8.5-10.6 s with the default.
		loadcache.SetParseGC(gcPercent)
		// From the load to the end of the output, Compile, the run and the output
		// allocate mostly what they keep; at the default the collector marks the whole
		// model once more on the way (0.7 CPU s on the 1M-asset model, warm) and frees
		// next to nothing.
		afterLoad = func() { restoreGC = loadcache.RaiseGC(gcPercent) }
	}
	run, code := st.runScenarioAfter(st.modelArg(fs.Arg(0)), *scenario, horizon, &mf, afterLoad)
	if run == nil {
		return code
	}
	var rep *cascade.RunReport
	var rows *cascade.FailureRows
	if *format == "json" {
		// The failure rows are built as they are written, block by block.
		rep, rows = run.ReportRows()
	} else {
		rep = run.Report()
	}
	outs := []outputFile{{path: *out, write: func(w io.Writer) error {
		switch *format {
		case "json":
			prov := runProvenance(run.Network().Model(), rep, &mf, horizon)
			return writeRunReportRows(w, rep, builtRows(rows), &prov)
		case "csv":
			return writeRunCSV(w, rep, run.Network().HasAlerts())
		case "geojson":
			m := run.Network().Model()
			return writeRunGeoJSON(w, m, rep, runProvenance(m, rep, &mf, horizon))
		}
		return writeRunText(w, run.Network().Model(), rep, *wide)
	}}}
	if *diagram != "" {
		d, err := diagramOutput(st, *diagram, run)
		if err != nil {
			return st.errorf("%v", err)
		}
		outs = append(outs, d)
	}
	if err := st.outputs(outs...); err != nil {
		return st.errorf("%v", err)
	}
	return exitOK
}

// gcPercent is the garbage collector's GOGC while run parses its model
// (loadcache.SetParseGC) and from its load to the end of its output
// (loadcache.RaiseGC), unless the environment sets GOGC.
const gcPercent = 400

// tplus renders a time as "T+1d6h".
func tplus(s int64) string { return "T+" + cascade.FormatDuration(s) }

// tplusOpt renders an optional time, "-" when null.
func tplusOpt(s *int64) string {
	if s == nil {
		return "-"
	}
	return tplus(*s)
}

// causeText renders a cause in a few words.
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
		if c.LostAtS != nil && c.BackupS != nil && *c.BackupS > 0 {
			s += fmt.Sprintf(" at %s, backup %s ran out", tplus(*c.LostAtS), cascade.FormatDuration(*c.BackupS))
		}
		return s
	}
	return c.Kind
}

// causeField is the compact cause of a CSV row: the event, the supplier or the
// suppliers separated by ";".
func causeField(c cascade.CauseReport) string {
	switch c.Kind {
	case "event":
		return c.Event
	case "compromise":
		return c.Supplier
	}
	return strings.Join(c.Suppliers, ";")
}

func writeRunCSV(w io.Writer, rep *cascade.RunReport, hasAlerts bool) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"asset", "sector", "at_s", "at", "compromised", "cause_kind", "cause", "group", "restored_s", "down_s", "outages",
		"label", "operator", "country"})
	opt := func(t *int64) string {
		if t == nil {
			return ""
		}
		return strconv.FormatInt(*t, 10)
	}
	for _, f := range rep.Failures {
		cw.Write([]string{f.Asset, f.Sector, strconv.FormatInt(f.AtS, 10), tplus(f.AtS),
			strconv.FormatBool(f.Compromised), f.Cause.Kind, causeField(f.Cause), f.Cause.Group,
			opt(f.RestoredS), opt(f.DownS), strconv.Itoa(int(f.Outages)), f.Label, f.Operator, f.Country})
	}
	if rep.Alerts != nil && hasAlerts {
		cw.Write(nil)
		cw.Write([]string{"organization", "detected_s", "alerted_s", "alerted_by", "via", "protected_s"})
		for _, a := range rep.Alerts {
			cw.Write([]string{a.Organization, csvTime(a.DetectedS), strconv.FormatInt(a.AlertedS, 10), a.AlertedBy,
				strings.Join(a.Via, ">"), csvTime(a.ProtectedS)})
		}
		cw.Write(nil)
		cw.Write([]string{"asset", "sector", "organization", "attempted_s", "protected_s"})
		for _, p := range rep.Protected {
			cw.Write([]string{p.Asset, p.Sector, p.Organization, strconv.FormatInt(p.AttemptedS, 10), strconv.FormatInt(p.ProtectedS, 10)})
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvTime is an optional time in seconds, empty when null.
func csvTime(t *int64) string {
	if t == nil {
		return ""
	}
	return strconv.FormatInt(*t, 10)
}

// writeAlertsText writes the sections "Alerts" (in time order, with the chain that
// carried each alert) and "Protected" of a run of a model with detect.
func writeAlertsText(w io.Writer, rep *cascade.RunReport) {
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Alerts:")
	if len(rep.Alerts) == 0 {
		fmt.Fprintln(w, "  none")
	} else {
		tw := newTextTable(w)
		fmt.Fprintln(tw, "  ALERTED\tORGANIZATION\tDETECTED\tPROTECTED\tCHAIN")
		for _, a := range rep.Alerts {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", tplus(a.AlertedS), a.Organization, tplusOpt(a.DetectedS), tplusOpt(a.ProtectedS), chainText(a))
		}
		tw.Flush()
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Protected:")
	if len(rep.Protected) == 0 {
		fmt.Fprintln(w, "  none")
		return
	}
	tw := newTextTable(w)
	fmt.Fprintln(tw, "  ATTEMPTED\tASSET\tSECTOR\tORGANIZATION\tPROTECTED SINCE")
	for _, p := range rep.Protected {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", tplus(p.AttemptedS), p.Asset, p.Sector, p.Organization, tplus(p.ProtectedS))
	}
	tw.Flush()
}

// cellText is s for a table cell: "-" when empty, and tabs and line breaks (which
// would break the table) as spaces.
func cellText(s string) string {
	if s == "" {
		return "-"
	}
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f' {
			return ' '
		}
		return r
	}, s)
}

// chainText renders the chain of an alert: "detected itself", or "ntt_east -[isac]-> kddi".
func chainText(a cascade.AlertReport) string {
	if len(a.Via) <= 1 {
		return "detected itself"
	}
	var b strings.Builder
	for i, o := range a.Via {
		if i > 0 {
			b.WriteString(" -[" + a.ViaChannels[i-1] + "]-> ")
		}
		b.WriteString(o)
	}
	return b.String()
}

// writeRunText writes the run as tables for people; wide adds each asset's label,
// operator and country to the failures and the assets on backup.
func writeRunText(w io.Writer, m *model.Model, rep *cascade.RunReport, wide bool) error {
	horizon := "no horizon"
	if rep.HorizonS != nil {
		horizon = "horizon " + cascade.FormatDuration(*rep.HorizonS)
	}
	title := rep.Scenario
	if sc := m.Scenario(rep.Scenario); sc != nil && sc.Label != "" && sc.Label != sc.Name {
		title += " — " + sc.Label
	}
	fmt.Fprintf(w, "Scenario %s (%s, worst case)\n\n", title, horizon)

	tw := newTextTable(w)
	if len(rep.Failures) == 0 {
		fmt.Fprintln(w, "Nothing fails.")
	} else {
		who := ""
		if wide {
			who = "LABEL\tOPERATOR\tCOUNTRY\t"
		}
		if rep.Restoration {
			fmt.Fprintln(tw, "TIME\tRESTORED\tDOWN\tASSET\t"+who+"SECTOR\tCAUSE")
		} else {
			fmt.Fprintln(tw, "TIME\tASSET\t"+who+"SECTOR\tCAUSE")
		}
		for _, f := range rep.Failures {
			cause := causeText(f.Cause)
			if f.Compromised {
				if f.CompromisedAtS != nil && *f.CompromisedAtS > f.AtS {
					// It was already down when the compromise reached it.
					cause += "  [compromised later, at " + tplus(*f.CompromisedAtS) + "]"
				} else {
					cause += "  [compromised]"
				}
			}
			asset := f.Asset
			if wide {
				asset += "\t" + cellText(f.Label) + "\t" + cellText(f.Operator) + "\t" + cellText(f.Country)
			}
			if rep.Restoration {
				restored := "down"
				if f.RestoredS != nil {
					restored = tplus(*f.RestoredS)
				}
				down := cascade.FormatDuration(*f.DownS)
				if f.Outages > 1 {
					down += fmt.Sprintf(" (%d outages)", f.Outages)
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", tplus(f.AtS), restored, down, asset, f.Sector, cause)
				continue
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", tplus(f.AtS), asset, f.Sector, cause)
		}
		tw.Flush()
	}

	// Sectors in order of failed_at (those that fail), then the merely impacted ones.
	secs := slices.Clone(rep.Sectors)
	key := func(s cascade.SectorReport) (int64, int64) {
		a, b := int64(cascade.Never), int64(cascade.Never)
		if s.FailedAtS != nil {
			a = *s.FailedAtS
		}
		if s.FirstImpactS != nil {
			b = *s.FirstImpactS
		}
		return a, b
	}
	slices.SortStableFunc(secs, func(x, y cascade.SectorReport) int {
		xa, xb := key(x)
		ya, yb := key(y)
		if xa != ya {
			return cmp.Compare(xa, ya)
		}
		return cmp.Compare(xb, yb)
	})
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Sectors failing next:")
	impacted := false
	tw = newTextTable(w)
	if rep.Restoration {
		fmt.Fprintln(tw, "  SECTOR\tFAILS\tRESTORED\tFIRST IMPACT\tFAILED\tDOWN AT END\tTHRESHOLD\tSERVICE LOST")
	} else {
		fmt.Fprintln(tw, "  SECTOR\tFAILS\tFIRST IMPACT\tFAILED\tTHRESHOLD")
	}
	for _, s := range secs {
		if s.FirstImpactS == nil {
			continue
		}
		impacted = true
		fails := tplusOpt(s.FailedAtS)
		if s.FailedAtS == nil {
			fails = "no"
		}
		if rep.Restoration {
			restored := "-"
			switch {
			case s.RestoredAtS != nil:
				restored = tplus(*s.RestoredAtS)
			case s.FailedAtS != nil:
				restored = "no"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%.0f%%\t%.0f%%\t%.0f%%\t%s\n", s.Sector, fails, restored, tplusOpt(s.FirstImpactS),
				100*s.FailedFraction, 100*s.DownFraction, 100*s.Threshold, cascade.FormatDuration(int64(*s.LossS+0.5)))
			continue
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%.0f%%\t%.0f%%\n", s.Sector, fails, tplusOpt(s.FirstImpactS), 100*s.FailedFraction, 100*s.Threshold)
	}
	if impacted {
		tw.Flush()
	} else {
		fmt.Fprintln(w, "  none impacted")
	}

	if rep.HorizonS != nil {
		fmt.Fprintln(w)
		fmt.Fprintf(w, "Running on backup at %s:\n", tplus(*rep.HorizonS))
		if len(rep.OnBackup) == 0 {
			fmt.Fprintln(w, "  none")
		} else {
			tw = newTextTable(w)
			if wide {
				fmt.Fprintln(tw, "  ASSET\tLABEL\tOPERATOR\tCOUNTRY\tSECTOR\tSINCE\tRUNS OUT\tTIME LEFT")
			} else {
				fmt.Fprintln(tw, "  ASSET\tSECTOR\tSINCE\tRUNS OUT\tTIME LEFT")
			}
			for _, b := range rep.OnBackup {
				asset := b.Asset
				if wide {
					asset += "\t" + cellText(b.Label) + "\t" + cellText(b.Operator) + "\t" + cellText(b.Country)
				}
				runsOut, left := "never", "-"
				if b.RunsOutS != nil {
					runsOut = tplus(*b.RunsOutS)
					left = cascade.FormatDuration(*b.RunsOutS - *rep.HorizonS)
				}
				fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", asset, b.Sector, tplus(b.SinceS), runsOut, left)
			}
			tw.Flush()
		}
	}

	if m.HasAlerts() {
		writeAlertsText(w, rep)
	}

	s := rep.Summary
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Summary: %d of %d assets failed (%d compromised), %d of %d sectors failed, %d impacted",
		s.FailedAssets, s.Assets, s.Compromised, s.FailedSectors, s.Sectors, s.ImpactedSectors)
	if rep.HorizonS != nil {
		fmt.Fprintf(w, ", %d on backup at the horizon", s.OnBackup)
	}
	if rep.Restoration {
		fmt.Fprintf(w, "; %d restored and %d still down at the horizon, %d %s", s.Restored, s.Down, len(rep.Repairs), pluralWord(len(rep.Repairs), "repair job", "repair jobs"))
	}
	if s.LossS != nil {
		fmt.Fprintf(w, "; sector service lost %s", cascade.FormatDuration(int64(*s.LossS+0.5)))
	}
	if m.HasAlerts() {
		fmt.Fprintf(w, ", %d organizations alerted, %d assets protected", len(rep.Alerts), len(rep.Protected))
	}
	if n := len(rep.Failures); n > 0 {
		fmt.Fprintf(w, "; last failure at %s", tplus(rep.Failures[n-1].AtS))
	}
	fmt.Fprintln(w, ".")
	return nil
}
