package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/cascade/montecarlo"
	"github.com/cascade-infra/cascade/model"
	"github.com/cascade-infra/cascade/provenance"
	"github.com/cascade-infra/cascade/render"
	"github.com/cascade-infra/cascade/report"
	"github.com/cascade-infra/cascade/whatif"
)

func init() {
	register(command{name: "report", synopsis: "write a briefing: one self-contained HTML file of a scenario's cascade", run: runReport})
}

const reportAbout = `Write the cascade of one scenario as a briefing a planner can mail: one HTML file
with everything inline (no network), readable in a browser, printed and on a phone.
It holds the scenario and its assumptions, the summary, the sectors in the order they
fail, a timeline, the impact diagram and the sector plot, the failures with labels,
operators and countries (sortable, filterable, each failure's causal chain on
demand), the assets on backup and the coordination gaps.

With --mitigation (repeatable, applied in order) the report is of the mitigated model
and compares it with the baseline. With --trials N it adds the Monte Carlo
probabilities with their 95% intervals (and, with a mitigation, the paired
differences from the baseline).

The impact diagram is drawn by the companion cascade-graphviz (as for cascade render);
without it, or for a model too large to draw asset by asset, the report says so in its
place. Without MODEL, the current folder when it holds a model, else the embedded
default example (stderr says which). See docs/report.md.`

func runReport(st *State, args []string) int {
	fs := st.flagSet("report", "[MODEL] --scenario NAME [--mitigation M] [--trials N --seed S] -o FILE.html", reportAbout)
	var mf modelFlags
	var horizon durationFlag
	scenario := fs.StringP("scenario", "s", "", "the scenario to report (default: the model's only one)")
	fs.Var(&horizon, "horizon", "stop at `DURATION` instead of the scenario's horizon")
	trials := fs.Int64P("trials", "n", 0, "also run `N` Monte Carlo trials for probabilities (0: none)")
	seed := fs.Uint64("seed", 1, "seed of the Monte Carlo random numbers")
	workers := fs.IntP("workers", "w", 0, "goroutines running trials (default: the number of CPUs)")
	maxRows := fs.Int("max-rows", report.DefaultMaxRows, "show at most `N` failures in the table")
	noDiagram := fs.Bool("no-diagram", false, "leave out the impact diagram (no companion needed)")
	out := fs.StringP("output", "o", "", "write the report to `FILE`.html (atomically; - for stdout)")
	mf.add(fs)
	mf.addMitigation(fs)
	if code, ok := st.parse(fs, args); !ok {
		return code
	}
	if fs.NArg() > 1 {
		return st.usageErrorf("report: want at most one MODEL, got %d arguments; run 'cascade report --help'", fs.NArg())
	}
	if *out == "" {
		return st.usageErrorf("report needs -o FILE.html (or -o - for stdout)")
	}
	if ext := strings.ToLower(filepath.Ext(*out)); *out != "-" && ext != ".html" && ext != ".htm" {
		return st.usageErrorf("-o %s: the report is HTML; name the file .html", *out)
	}
	if *trials < 0 || *trials == 1 {
		return st.usageErrorf("--trials %d: want 0 (no Monte Carlo) or at least 2", *trials)
	}
	if *maxRows < 1 {
		return st.usageErrorf("--max-rows %d: want 1 or more", *maxRows)
	}
	path := st.modelArg(fs.Arg(0))
	mf.scenario = *scenario
	mitigations := mf.mitigations
	var base *model.Model
	if len(mitigations) > 0 {
		var code int
		if base, code = st.loadVariant(path, &mf, nil, nil); base == nil {
			return code
		}
	}
	m, code := st.loadVariant(path, &mf, mitigations, base)
	if m == nil {
		return code
	}
	sc, err := chooseScenario(m, st.scenarioName(m, *scenario))
	if err != nil {
		return st.errorf("%v", err)
	}
	opts := cascade.Options{Horizon: horizon.horizon()}
	res, err := cascade.RunScenario(m, sc, opts)
	if err != nil {
		return st.errorf("%v", err)
	}
	vars, _ := mf.options()
	in := &report.Input{Result: res, Mitigations: mitigations, MaxRows: *maxRows,
		Provenance: provenance.New(m.Hash(), sc.Name, vars.Vars)}
	in.Provenance.VarFiles, in.Provenance.Mitigations = mf.varFiles, mitigations
	if base != nil {
		in.Plan = whatif.Plan(base, m)
		bsc := base.Scenario(sc.Name)
		baseRun, err := cascade.RunScenario(base, bsc, opts)
		if err != nil {
			return st.errorf("baseline: %v", err)
		}
		variant := strings.Join(mitigations, "+")
		in.Comparison = whatif.Compare(baseRun, []string{variant}, [][]string{mitigations}, []*cascade.Result{res})
	}
	if *trials > 0 {
		in.Provenance = in.Provenance.WithTrials(*trials, *seed)
		mo := montecarlo.Options{Trials: *trials, Seed: *seed, Horizon: horizon.horizon(), Workers: *workers}
		bar := st.progress(false, "trials", "report "+sc.Name)
		mo.Progress = bar.update
		br, err := montecarlo.Run(st.Ctx, m, []*model.Scenario{sc}, mo)
		bar.finish()
		if err != nil {
			return st.batchError(err, "")
		}
		reps, err := br.Reports()
		if err != nil {
			return st.errorf("%v", err)
		}
		in.Batch = reps[0]
		if base != nil {
			bar := st.progress(false, "trials", "paired "+sc.Name)
			mo.Progress = bar.update
			p, err := montecarlo.Compare(st.Ctx, []*model.Model{base, m}, sc.Name, mo)
			bar.finish()
			if err != nil {
				return st.batchError(err, "")
			}
			in.Comparison.AddPaired(p)
		}
	}
	if *noDiagram {
		in.ImpactNote = "The impact diagram was left out (--no-diagram)."
	} else {
		in.Impact, in.ImpactNote = st.impactSVG(res)
		if in.Impact == nil {
			fmt.Fprintf(st.Stderr, "cascade: report: %s\n", in.ImpactNote)
		}
	}
	return st.writeOutput(*out, func(w io.Writer) error { return report.Write(w, in) })
}

// impactSVG draws the impact diagram of a run as SVG with the companion: of every
// asset, or of the affected ones when every asset is too many. It returns nil and
// a sentence saying why when it cannot.
func (st *State) impactSVG(res *cascade.Result) ([]byte, string) {
	m := res.Network().Model()
	out, err := render.FromResult(res)
	if err != nil {
		return nil, "The impact diagram could not be drawn: " + err.Error()
	}
	in := &render.Input{Model: m, Outcome: out}
	d, err := render.Draw(in, render.Options{View: "impact"})
	if errors.Is(err, render.ErrTooLarge) {
		in.AffectedOnly = true
		d, err = render.Draw(in, render.Options{View: "impact"})
	}
	if errors.Is(err, render.ErrTooLarge) {
		return nil, fmt.Sprintf("The model is too large for an impact diagram asset by asset (%d assets); "+
			"cascade render --view sectors draws the sectors.", len(m.Assets))
	}
	if err != nil {
		return nil, "The impact diagram could not be drawn: " + err.Error()
	}
	argv, dir, err := st.companion()
	if err != nil {
		return nil, "The impact diagram needs the companion " + companionName + ", which was not found " +
			"(see docs/render.md); cascade render -o FILE.dot writes it as DOT."
	}
	var buf bytes.Buffer
	if err := st.draw(argv, dir, "svg", d, &buf); err != nil {
		return nil, "The impact diagram could not be drawn: " + err.Error()
	}
	return buf.Bytes(), ""
}
