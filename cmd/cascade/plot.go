package main

import (
	"io"
	"path/filepath"
	"strings"

	"github.com/cascade-infra/cascade/render"
)

func init() {
	register(command{name: "plot", synopsis: "plot each sector's down fraction over a cascade, or outages and repairs per asset", run: runPlot})
}

func runPlot(st *State, args []string) int {
	var mf modelFlags
	var scenario, output, kind string
	var horizon durationFlag
	fs := st.flagSet("plot", "[MODEL] [--scenario NAME] [--kind sectors|gantt] -o FILE.png|.svg|.pdf",
		"Plot the run of a scenario. --kind sectors (the default): the down fraction of each\n"+
			"affected sector over time as step lines, its fall and, with restoration, its recovery,\n"+
			"the area under it (the service lost) shaded, each sector's threshold dashed, the moment\n"+
			"it fails marked with a cross and the moment it is restored with a circle; the legend\n"+
			"gives each sector's service lost. --kind gantt: one row per asset that failed, its down\n"+
			"stretches as bars and, for assets whose operator has crews, its repair jobs (waiting\n"+
			"for a crew, then under repair). The time axis is in hours up to 48 hours, else in days.\n"+
			"Without MODEL, the embedded default example.")
	fs.StringVarP(&scenario, "scenario", "s", "", "the scenario `NAME` (default: the model's only scenario)")
	fs.StringVar(&kind, "kind", "sectors", "the plot `KIND`: "+strings.Join(render.PlotKindNames(), " or "))
	fs.Var(&horizon, "horizon", "stop at `DURATION` instead of the scenario's horizon")
	fs.StringVarP(&output, "output", "o", "", "write to `FILE`: .png, .svg or .pdf (required)")
	mf.add(fs)
	mf.addMitigation(fs)
	if code, ok := st.parse(fs, args); !ok {
		return code
	}
	if fs.NArg() > 1 {
		return st.usageErrorf("plot takes at most one MODEL, got %d arguments", fs.NArg())
	}
	if output == "" || output == "-" {
		return st.usageErrorf("plot needs -o FILE.png, FILE.svg or FILE.pdf")
	}
	pk, ok := render.LookupPlotKind(kind)
	if !ok {
		return st.usageErrorf("--kind %s: want %s", kind, strings.Join(render.PlotKindNames(), " or "))
	}
	format := strings.ToLower(strings.TrimPrefix(filepath.Ext(output), "."))
	if !contains(render.PlotFormats, format) {
		return st.usageErrorf("-o %s: want a .png, .svg or .pdf file", output)
	}
	mf.planToStdout = true // the plot goes to a file
	run, code := st.runScenario(fs.Arg(0), scenario, horizon, &mf)
	if run == nil {
		return code
	}
	m := run.Network().Model()
	out, err := render.FromResult(run)
	if err != nil {
		return st.errorf("%v", err)
	}
	if err := st.output(output, func(w io.Writer) error { return pk.Draw(m, out, format, w) }); err != nil {
		return st.errorf("%v", err)
	}
	return exitOK
}
