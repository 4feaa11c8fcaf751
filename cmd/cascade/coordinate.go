package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/coord"
	"github.com/cascade-infra/cascade/model"
	"github.com/cascade-infra/cascade/render"
)

func init() {
	register(command{name: "coordinate", synopsis: "who has to talk to whom in a cascade, and where there is no channel", run: runCoordinate})
}

const coordinateAbout = `Run one deterministic cascade and list the affected operators and countries,
the cascade's dependency edges that cross organizations or borders, and the
coordination gaps: pairs of organizations joined by a cascade edge but by no chain
of information-sharing channels (organization shares_with, read both ways, through
any intermediaries). Gaps are ranked by the cascade edges across them, then by the
failed assets downstream of them.

--add-channel A,B (repeatable) adds a hypothetical channel between organizations A
and B and shows which gaps it would close. --diagram FILE.dot writes the
coordinate view as Graphviz DOT. See docs/coordinate.md.`

func runCoordinate(st *State, args []string) int {
	fs := st.flagSet("coordinate", "MODEL --scenario NAME [--add-channel A,B ...] [flags]", coordinateAbout)
	var mf modelFlags
	var horizon durationFlag
	scenario := fs.StringP("scenario", "s", "", "the scenario to run (default: the model's only scenario)")
	fs.Var(&horizon, "horizon", "replace the scenario's horizon with `DURATION`")
	channels := fs.StringArray("add-channel", nil, "a hypothetical channel between two organizations, `A,B` (repeatable)")
	format := fs.StringP("format", "f", "text", "output format: text or json")
	out := fs.StringP("output", "o", "", "write the result to `FILE` (atomically) instead of stdout")
	diagram := fs.String("diagram", "", "also write the coordinate view as Graphviz DOT to `FILE`")
	mf.add(fs)
	mf.addMitigation(fs)
	if code, ok := st.parse(fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		return st.usageErrorf("coordinate: want one MODEL, got %d arguments; run 'cascade coordinate --help'", fs.NArg())
	}
	if code, ok := st.checkFormat(*format, "text", "json"); !ok {
		return code
	}
	if code, ok := st.checkOutputs(outputFlag{"-o", *out, true}, outputFlag{"--diagram", *diagram, false}); !ok {
		return code
	}
	for _, s := range *channels {
		// The form is checked before the model is loaded: a usage error.
		a, b, ok := strings.Cut(s, ",")
		if !ok || a == "" || b == "" || strings.Contains(b, ",") {
			return st.usageErrorf("--add-channel %q: want two organization names separated by a comma, like gsoc,cisa", s)
		}
	}
	mf.planToStdout = *format == "text"
	m, code := st.loadModel(fs.Arg(0), &mf)
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
	outs := []outputFile{{path: *out, write: func(w io.Writer) error {
		if *format == "json" {
			return writeJSON(w, r.Document())
		}
		return writeCoordinateText(w, r)
	}}}
	if *diagram != "" {
		outs = append(outs, outputFile{path: *diagram, write: func(w io.Writer) error { return render.WriteCoordinateDOT(w, m, r) }})
	}
	if err := st.outputs(outs...); err != nil {
		return st.errorf("%v", err)
	}
	return exitOK
}

// writeCoordinateText writes the report for people.
func writeCoordinateText(w io.Writer, r *coord.Report) error {
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
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, a := range r.Operators {
		fmt.Fprintf(tw, "  T+%s\t%s\t%s\t%s\t%s\t%d failed\n", cascade.FormatDuration(a.First), a.Org.Name, orgLabelOf(a.Org), dash(a.Org.Country), dash(a.Org.Kind), a.Failed)
	}
	if len(r.Operators) == 0 {
		fmt.Fprintf(tw, "  none\n")
	}
	tw.Flush()
	p("Affected countries:\n")
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, c := range r.Countries {
		fmt.Fprintf(tw, "  T+%s\t%s\t%d failed\n", cascade.FormatDuration(c.First), c.Country, c.Failed)
	}
	if len(r.Countries) == 0 {
		fmt.Fprintf(tw, "  none\n")
	}
	tw.Flush()

	p("\nCascade edges across organizations or borders (supplier -> dependent):\n")
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
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

	if len(r.Added) > 0 {
		var cs []string
		for _, c := range r.Added {
			cs = append(cs, c.A.Name+" -- "+c.B.Name)
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
