package main

import (
	"io"
	"path/filepath"
	"strings"

	"github.com/cascade-infra/cascade/render"
)

func init() {
	register(command{name: "plot", synopsis: "plot the failed fraction of each sector over a cascade", run: runPlot})
}

func runPlot(st *State, args []string) int {
	var mf modelFlags
	var scenario, output string
	var horizon durationFlag
	fs := st.flagSet("plot", "[MODEL] [--scenario NAME] -o FILE.png|.svg|.pdf",
		"Plot the failed fraction of each affected sector over the run of a scenario: step lines,\n"+
			"each sector's threshold dashed, the moment it fails marked with a cross. The time axis is\n"+
			"in hours up to 48 hours, else in days. Without MODEL, the embedded default example.")
	fs.StringVarP(&scenario, "scenario", "s", "", "the scenario `NAME` (default: the model's only scenario)")
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
	if err := st.output(output, func(w io.Writer) error { return render.Plot(m, out, format, w) }); err != nil {
		return st.errorf("%v", err)
	}
	return exitOK
}
