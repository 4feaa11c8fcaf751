package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/cascade/montecarlo"
	"github.com/cascade-infra/cascade/coord"
	"github.com/cascade-infra/cascade/model"
	"github.com/cascade-infra/cascade/render"
	"github.com/cascade-infra/cascade/whatif"
)

func init() {
	register(command{name: "coordinate", synopsis: "who has to talk to whom in a cascade, and where there is no channel", run: runCoordinate})
}

const coordinateAbout = `Run one deterministic cascade and list the affected operators and countries,
the cascade's dependency edges that cross organizations or borders, the run's
alerts and protections, and the coordination gaps: pairs of organizations joined
by a cascade edge but by no chain of information-sharing channels (shares_with
entries and channel blocks, through any intermediaries). Gaps are ranked by the
cascade edges across them, then by the failed assets downstream of them.

--add-channel A,B[,LATENCY] (repeatable) adds a hypothetical channel between
organizations A and B (latency 0s when not given): a mitigation written on the
command line. It shows which gaps the channels close, runs the cascade again with
them and reports what changes: failed and compromised assets before and after, the
assets saved, those that fail only with the channels and the sectors whose failure
time moved. With --trials N it adds the paired Monte Carlo difference with 95%
intervals, as cascade compare does.

--suggest K tries every missing channel between organizations the cascade joins,
each alone, and lists the K best by assets saved (0: all of them).
--diagram FILE writes the coordinate view: DOT, SVG or PNG as the extension of
FILE says (.dot, .gv, .svg, .png; images are drawn by the companion
cascade-graphviz, as for cascade render). See docs/coordinate.md.`

func runCoordinate(st *State, args []string) int {
	fs := st.flagSet("coordinate", "[MODEL] --scenario NAME [--add-channel A,B[,LATENCY] ... | --suggest K] [--trials N --seed S] [flags]", coordinateAbout)
	var mf modelFlags
	var horizon, suggestLatency durationFlag
	scenario := fs.StringP("scenario", "s", "", "the scenario to run (default: the model's only scenario)")
	fs.Var(&horizon, "horizon", "replace the scenario's horizon with `DURATION`")
	channels := fs.StringArray("add-channel", nil, "a hypothetical channel between two organizations, `A,B[,LATENCY]` (repeatable; latency 0s when not given)")
	suggest := fs.Int("suggest", 0, "try every missing channel between organizations the cascade joins and list the `K` best (0: all)")
	fs.Var(&suggestLatency, "suggest-latency", "the latency of the channels --suggest tries, a `DURATION` (default 0s)")
	trials := fs.Int64P("trials", "n", 0, "with --add-channel or --suggest, also run `N` paired Monte Carlo trials (0: none)")
	seed := fs.Uint64("seed", 1, "seed of the random numbers")
	workers := fs.IntP("workers", "w", 0, "goroutines running candidates and trials (default: the number of CPUs)")
	format := fs.StringP("format", "f", "text", "output format: text or json, or csv with --add-channel or --suggest")
	out := fs.StringP("output", "o", "", "write the result to `FILE` (atomically) instead of stdout")
	diagram := fs.String("diagram", "", "also write the coordinate view to `FILE` (.dot, .svg, .png; DOT without an extension)")
	mf.add(fs)
	mf.addMitigation(fs)
	if code, ok := st.parse(fs, args); !ok {
		return code
	}
	if fs.NArg() > 1 {
		return st.usageErrorf("coordinate: want at most one MODEL, got %d arguments; run 'cascade coordinate --help'", fs.NArg())
	}
	suggesting := fs.Changed("suggest")
	switch {
	case suggesting && *suggest < 0:
		return st.usageErrorf("--suggest %d: want the number of channels to list, or 0 for all", *suggest)
	case suggesting && *suggest > MaxSuggest:
		return st.usageErrorf("--suggest %d: want at most %d", *suggest, MaxSuggest)
	case suggesting && len(*channels) > 0:
		return st.usageErrorf("--suggest and --add-channel: give one or the other (--suggest tries each missing channel alone)")
	case fs.Changed("suggest-latency") && !suggesting:
		return st.usageErrorf("--suggest-latency needs --suggest")
	case suggestLatency.set && suggestLatency.seconds < 0:
		return st.usageErrorf("--suggest-latency %s: want a latency of 0s or more", cascade.FormatDuration(suggestLatency.seconds))
	case *trials < 0 || *trials == 1 || *trials > montecarlo.MaxTrials:
		return st.usageErrorf("--trials %d: want 0 (no Monte Carlo) or 2 to %d", *trials, int64(montecarlo.MaxTrials))
	case *trials > 0 && !suggesting && len(*channels) == 0:
		return st.usageErrorf("--trials needs --add-channel or --suggest: it compares the runs with and without the channels")
	}
	if code, ok := st.checkWorkers(*workers, true); !ok {
		return code
	}
	formats := []string{"text", "json"}
	if suggesting || len(*channels) > 0 {
		formats = append(formats, "csv")
	}
	if code, ok := st.checkFormat(*format, formats...); !ok {
		return code
	}
	if code, ok := st.checkOutputs(outputFlag{"-o", *out, true}, outputFlag{"--diagram", *diagram, false}); !ok {
		return code
	}
	if *diagram != "" {
		if _, err := diagramFormat(*diagram); err != nil {
			return st.usageErrorf("%v", err)
		}
	}
	for _, s := range *channels {
		// The form is checked before the model is loaded: a usage error.
		if _, _, _, err := coord.SplitChannel(s); err != nil {
			return st.usageErrorf("--add-channel %q: %v", s, strings.TrimPrefix(err.Error(), fmt.Sprintf("channel %q: ", s)))
		}
	}
	mf.planToStdout = *format == "text"
	mf.scenario = *scenario
	m, code := st.loadModel(st.modelArg(fs.Arg(0)), &mf)
	if m == nil {
		return code
	}
	sc, code := st.pickScenario(m, *scenario, horizon, &mf)
	if sc == nil {
		return code
	}
	var added []coord.Channel
	for _, s := range *channels {
		c, err := coord.ParseChannel(m, s)
		if err != nil {
			return st.errorf("--add-channel: %v", err)
		}
		added = append(added, c)
	}
	res, err := cascade.RunScenario(m, sc, cascade.Options{Horizon: horizon.horizon()})
	if err != nil {
		return st.errorf("%v", err)
	}
	r, err := coord.AnalyzeResult(m, res, added)
	if err != nil {
		return st.errorf("%v", err)
	}
	mc := montecarlo.Options{Trials: *trials, Seed: *seed, Horizon: horizon.horizon(), Workers: *workers}
	prov := coordinateProvenance(fs, provenanceOf(m, sc.Name, &mf), horizon, *trials, *seed)
	var write func(w io.Writer) error
	switch {
	case suggesting:
		sr, code := st.suggestChannels(m, res, r, *suggest, suggestLatency.seconds, *workers, mc)
		if sr == nil {
			return code
		}
		write = func(w io.Writer) error {
			switch *format {
			case "json":
				return writeJSONProv(w, sr, &prov)
			case "csv":
				return writeSuggestCSV(w, sr)
			}
			return writeSuggestText(w, m, sr)
		}
	default:
		if len(added) > 0 {
			vm, err := r.Rerun(res, m)
			if err != nil {
				return st.errorf("%v", err)
			}
			cmp := r.Comparison
			// The added channels are a mitigation: its plan first, as for --mitigation.
			var names []string
			for _, c := range added {
				names = append(names, "--add-channel "+c.String())
			}
			w := st.Stderr
			if mf.planToStdout {
				w = st.Stdout
			}
			if err := whatif.WritePlan(w, names, whatif.Plan(m, vm)); err != nil {
				return st.errorf("%v", err)
			}
			if mf.planToStdout {
				fmt.Fprintln(w)
			}
			if *trials > 0 {
				bar := st.progress(!st.StderrTTY, "trials", "coordinate")
				mc.Progress = bar.update
				p, err := montecarlo.Compare(st.Ctx, []*model.Model{m, vm}, sc.Name, mc)
				bar.finish()
				if err != nil {
					return st.batchError(err, "")
				}
				cmp.AddPaired(p)
			}
		}
		write = func(w io.Writer) error {
			switch *format {
			case "json":
				return writeJSONProv(w, r.Document(), &prov)
			case "csv":
				return writeCompareCSV(w, r.Comparison)
			}
			return writeCoordinateText(w, m, r)
		}
	}
	outs := []outputFile{{path: *out, write: write}}
	if *diagram != "" {
		d, err := render.CoordinateDiagram(m, r, false)
		if err != nil {
			return st.errorf("--diagram: %v", err)
		}
		o, err := diagramFile(st, *diagram, d)
		if err != nil {
			return st.errorf("%v", err)
		}
		outs = append(outs, o)
	}
	if err := st.outputs(outs...); err != nil {
		return st.errorf("%v", err)
	}
	return exitOK
}

// writeCoordinateText writes the report for people.
func writeCoordinateText(w io.Writer, m *model.Model, r *coord.Report) error {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	title := r.Scenario.Name
	if r.Scenario.Label != "" && r.Scenario.Label != r.Scenario.Name {
		title += ": " + r.Scenario.Label
	}
	p("Coordination for scenario %s", title)
	if r.Horizon != model.NoHorizon {
		p(" (horizon %s)", cascade.FormatDuration(r.Horizon))
	}
	p("\n%d assets failed; %d cascade edges, %d across organizations or borders", r.Failed, len(r.Edges), len(r.Cross))
	if r.Unattributed > 0 {
		p("; %d with an end that has no operator", r.Unattributed)
	}
	p(".\n")

	p("\nAffected operators (by first failure):\n")
	tw := newTextTable(&b)
	for _, a := range r.Operators {
		fmt.Fprintf(tw, "  T+%s\t%s\t%s\t%s\t%s\t%d failed\n", cascade.FormatDuration(a.First), a.Org.Name, orgLabelOf(a.Org), dash(a.Org.Country), dash(a.Org.Kind), a.Failed)
	}
	if len(r.Operators) == 0 {
		fmt.Fprintf(tw, "  none\n")
	}
	tw.Flush()
	p("Affected countries:\n")
	tw = newTextTable(&b)
	for _, c := range r.Countries {
		fmt.Fprintf(tw, "  T+%s\t%s\t%d failed\n", cascade.FormatDuration(c.First), c.Country, c.Failed)
	}
	if len(r.Countries) == 0 {
		fmt.Fprintf(tw, "  none\n")
	}
	tw.Flush()

	p("\nCascade edges across organizations or borders (supplier -> dependent):\n")
	tw = newTextTable(&b)
	for _, e := range r.Cross {
		fmt.Fprintf(tw, "  T+%s\t%s -> %s\t%s\t%s\t%s\n", cascade.FormatDuration(e.At), e.From.Name, e.To.Name, e.Kind,
			crossing(e), channelText(e))
	}
	if len(r.Cross) == 0 {
		fmt.Fprintf(tw, "  none\n")
	}
	tw.Flush()

	p("\nCoordination gaps (%d), most cascade edges first:\n", len(r.Gaps))
	writeGaps(&b, r.Gaps, nil)
	if len(r.Gaps) == 0 {
		p("  none: every pair of organizations joined by the cascade has a channel\n")
	}

	if m.HasAlerts() {
		writeAlertsText(&b, &cascade.RunReport{Alerts: r.Alerts, Protected: r.Protected})
	}

	if len(r.Added) > 0 {
		var cs []string
		for _, c := range r.Added {
			x := c.A.Name + " -- " + c.B.Name
			if c.Latency != 0 {
				x += " (latency " + cascade.FormatDuration(c.Latency) + ")"
			}
			cs = append(cs, x)
		}
		p("\nWhat if: add channel %s\n", strings.Join(cs, ", "))
		p("  gaps before: %d, after: %d; closed %d:\n", len(r.Gaps), len(r.Open), len(r.Closed))
		rank := map[*coord.Gap]int{}
		for i, g := range r.Gaps {
			rank[g] = i + 1
		}
		writeGaps(&b, r.Closed, rank)
		if len(r.Closed) == 0 {
			p("  none\n")
		}
		if len(r.Open) > 0 {
			p("  still open:\n")
			for _, g := range r.Open {
				p("  %d. %s -- %s\n", rank[g], g.A.Name, g.B.Name)
			}
		}
		if r.Comparison != nil {
			writeChannelComparison(&b, m, r.Comparison, plural(len(r.Added), "the channel", "the channels"))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeGaps lists gaps with their cascade edges; with rank, closed gaps keep their
// rank in the full list and show the chain that closes them.
func writeGaps(b *strings.Builder, gaps []*coord.Gap, rank map[*coord.Gap]int) {
	for i, g := range gaps {
		n := i + 1
		if rank != nil {
			n = rank[g]
		}
		border := dash(g.A.Country) + "/" + dash(g.B.Country)
		fmt.Fprintf(b, "  %d. %s -- %s  [%s]  %d cascade %s, %d failed downstream, first at T+%s\n",
			n, g.A.Name, g.B.Name, border, len(g.Edges), plural(len(g.Edges), "edge", "edges"), g.Downstream, cascade.FormatDuration(g.First))
		if rank != nil && g.Via != nil {
			fmt.Fprintf(b, "     closed by: %s\n", pathText(g.Via))
			continue
		}
		for _, e := range g.Edges {
			fmt.Fprintf(b, "     T+%s  %s (%s) -> %s (%s), %s\n", cascade.FormatDuration(e.At), e.From.Name, e.FromOperator.Name, e.To.Name, e.ToOperator.Name, e.Kind)
		}
	}
}

func crossing(e *coord.Edge) string {
	var parts []string
	if e.CrossOrg() {
		parts = append(parts, e.FromOperator.Name+" -> "+e.ToOperator.Name)
	}
	if e.CrossBorder() {
		parts = append(parts, e.FromCountry+" -> "+e.ToCountry)
	}
	return strings.Join(parts, ", ")
}

func channelText(e *coord.Edge) string {
	switch {
	case !e.CrossOrg():
		return ""
	case e.Channel == nil:
		return "NO CHANNEL"
	default:
		return "via " + pathText(e.Channel)
	}
}

func pathText(p []*model.Organization) string {
	names := make([]string, len(p))
	for i, o := range p {
		names[i] = o.Name
	}
	return strings.Join(names, " > ")
}

func orgLabelOf(o *model.Organization) string {
	if o.Label != "" {
		return o.Label
	}
	return o.Name
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
