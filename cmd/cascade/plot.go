package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/pflag"
	"gonum.org/v1/plot/vg"

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
			"for a crew, then under repair). The time axis is in hours up to 48 hours, else in days;\n"+
			"it ends a little after the last failure or restoration (the horizon when that comes\n"+
			"late in it), or at --until. The legend stands right of the plot. Japanese and other\n"+
			"CJK text is drawn with a CJK font ($CASCADE_FONT, a system font, else an embedded one)\n"+
			"in PNG and kept as text in SVG; PDF cannot show it.\n"+
			"Without MODEL, the current folder when it holds a model (an *.hcl file), else the embedded default example; stderr says which.")
	fs.StringVarP(&scenario, "scenario", "s", "", "the scenario `NAME` (default: the model's only scenario)")
	fs.StringVar(&kind, "kind", "sectors", "the plot `KIND`: "+strings.Join(render.PlotKindNames(), " or "))
	fs.Var(&horizon, "horizon", "stop at `DURATION` instead of the scenario's horizon")
	fs.StringVarP(&output, "output", "o", "", "write to `FILE`: .png, .svg or .pdf (required)")
	var until durationFlag
	fs.Var(&until, "until", "end the time axis at `DURATION` (default: a little after the last change, or the horizon)")
	var size plotSize
	size.add(fs, "11in", "5.5in, more for a long legend")
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
	var opts render.PlotOptions
	if err := size.apply(&opts); err != nil {
		return st.usageErrorf("%v", err)
	}
	if until.set {
		if until.seconds <= 0 {
			return st.usageErrorf("--until %s: want a duration above 0", until.String())
		}
		opts.Until = until.seconds
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
	run, code := st.runScenario(st.modelArg(fs.Arg(0)), scenario, horizon, &mf)
	if run == nil {
		return code
	}
	m := run.Network().Model()
	out, err := render.FromResult(run)
	if err != nil {
		return st.errorf("%v", err)
	}
	if err := st.output(output, func(w io.Writer) error { return pk.Draw(m, out, format, w, opts) }); err != nil {
		return st.errorf("%v", err)
	}
	return exitOK
}

// plotSize holds --width and --height of the commands that draw plots (plot,
// and the --plot of compare and sweep).
type plotSize struct{ width, height string }

// add adds --width and --height to fs, with their defaults for --help.
func (ps *plotSize) add(fs *pflag.FlagSet, defWidth, defHeight string) {
	fs.StringVar(&ps.width, "width", "", "picture width: a `LENGTH` such as 11in, 28cm or 1600px (96 px an inch); a bare number is inches (default "+defWidth+")")
	fs.StringVar(&ps.height, "height", "", "picture height: a `LENGTH` as for --width (default "+defHeight+")")
}

// apply sets the size of opts from --width and --height; a usage error when
// one is not a length within the plot limits.
func (ps *plotSize) apply(opts *render.PlotOptions) error {
	var err error
	if opts.Width, err = plotLength("--width", ps.width, render.MinPlotWidth); err != nil {
		return err
	}
	opts.Height, err = plotLength("--height", ps.height, render.MinPlotHeight)
	return err
}

// plotLength parses a picture length of flag: "11in", "28cm", "280mm", "1600px" (96
// px an inch), "800pt", or a bare number of inches; "" is 0 (the default). It must
// be at least least and at most render.MaxPlotSide.
func plotLength(flag, s string, least vg.Length) (vg.Length, error) {
	if s == "" {
		return 0, nil
	}
	units := []struct {
		suffix string
		unit   vg.Length
	}{{"in", vg.Inch}, {"cm", vg.Centimeter}, {"mm", vg.Millimeter}, {"px", vg.Inch / 96}, {"pt", vg.Points(1)}}
	num, unit := s, vg.Inch
	for _, u := range units {
		if strings.HasSuffix(s, u.suffix) {
			num, unit = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.unit
			break
		}
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || f != f {
		return 0, fmt.Errorf("%s %q: want a length such as 11in, 28cm or 1600px", flag, s)
	}
	l := vg.Length(f) * unit
	if l < least || l > render.MaxPlotSide {
		return 0, fmt.Errorf("%s %s: want from %.4gin to %.4gin", flag, s, least/vg.Inch, render.MaxPlotSide/vg.Inch)
	}
	return l, nil
}
