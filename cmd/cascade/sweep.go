package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/cascade/montecarlo"
	"github.com/cascade-infra/cascade/internal/loadcache"
	"github.com/cascade-infra/cascade/model"
	"github.com/cascade-infra/cascade/render"
	"github.com/cascade-infra/cascade/whatif"
)

func init() {
	register(command{name: "sweep", synopsis: "run a scenario for each value of a model variable, one row per value, and plot a metric against it", run: runSweep})
}

const sweepAbout = `Run the scenario once for each value of a model variable and print one row per
value: failed, compromised and on-backup assets, sectors failed and seconds of sector
service lost (with a horizon), and the change from the first value. The variable
and its values are given as --var NAME=V1,V2,... (values separated by commas, in
the order to print them); any other --var sets a variable for every run. When no
--var lists several values, the first --var is the one swept. Values are read as
--var reads them (docs/language.md): durations, numbers or any text.

With --trials N it also runs N Monte Carlo trials of each value, paired: trial i of
every value draws the same random numbers (draws are keyed by names and the seed),
so the change from the first value comes with a tight 95% interval; the means of
failed and compromised assets and of service lost come with theirs. See
docs/batch.md.

--mitigation NAME (repeatable, applied in order) sweeps the mitigated model; its plan
is printed first (the changes with the first value), on stdout ahead of a text
result, else on stderr.

The values are loaded and run in parallel on --workers goroutines (the trials of
all values spread over them); the output does not depend on the workers.

--plot FILE draws --metric against the value: the worst case as a line and, with
--trials, the mean over the trials with its 95% interval. Durations are in hours up
to 48 hours, else in days; text values are placed in the order given.`

// maxSweepValues is the most values a sweep takes.
const maxSweepValues = 1000

func runSweep(st *State, args []string) int {
	fs := st.flagSet("sweep", "[MODEL] --scenario NAME --var NAME=V1,V2,... [--trials N --seed S] [--plot FILE] [flags]", sweepAbout)
	var mf modelFlags
	var horizon durationFlag
	scenario := fs.StringP("scenario", "s", "", "the scenario to run (default: the model's only scenario)")
	fs.Var(&horizon, "horizon", "stop at `DURATION` instead of the scenario's horizon")
	trials := fs.Int64P("trials", "n", 0, "also run `N` paired Monte Carlo trials of each value (0: none)")
	seed := fs.Uint64("seed", 1, "seed of the random numbers")
	workers := fs.IntP("workers", "w", 0, "goroutines loading and running the values (default: the number of CPUs)")
	format := fs.StringP("format", "f", "text", "output format: text, json or csv")
	out := fs.StringP("output", "o", "", "write the result to `FILE` (atomically) instead of stdout")
	plotFile := fs.String("plot", "", "also draw --metric against the value to `FILE` (.png, .svg, .pdf)")
	var size plotSize
	size.add(fs, "11in", "5.5in")
	metric := fs.String("metric", whatif.SweepMetrics[0], "the `METRIC` --plot draws: "+strings.Join(whatif.SweepMetrics, ", "))
	mf.add(fs)
	mf.addMitigation(fs)
	if code, ok := st.parse(fs, args); !ok {
		return code
	}
	if fs.NArg() > 1 {
		return st.usageErrorf("sweep: want at most one MODEL, got %d arguments; run 'cascade sweep --help'", fs.NArg())
	}
	if *trials < 0 || *trials == 1 || *trials > montecarlo.MaxTrials {
		return st.usageErrorf("--trials %d: want 0 (no Monte Carlo) or 2 to %d", *trials, int64(montecarlo.MaxTrials))
	}
	if code, ok := st.checkWorkers(*workers, true); !ok {
		return code
	}
	if code, ok := st.checkFormat(*format, "text", "json", "csv"); !ok {
		return code
	}
	if !slices.Contains(whatif.SweepMetrics, *metric) {
		return st.usageErrorf("--metric %q: want one of %s", *metric, joinNames(whatif.SweepMetrics))
	}
	plotFormat := strings.ToLower(strings.TrimPrefix(filepath.Ext(*plotFile), "."))
	if *plotFile != "" && !slices.Contains(render.PlotFormats, plotFormat) {
		return st.usageErrorf("--plot %s: want a .png, .svg or .pdf file", *plotFile)
	}
	if code, ok := st.checkOutputs(outputFlag{"-o", *out, true}, outputFlag{"--plot", *plotFile, false}); !ok {
		return code
	}
	var plotOpts render.PlotOptions
	if err := size.apply(&plotOpts); err != nil {
		return st.usageErrorf("%v", err)
	}
	if *plotFile == "" && (fs.Changed("width") || fs.Changed("height")) {
		return st.usageErrorf("--width and --height size the --plot picture; give --plot FILE")
	}
	name, values, fixed, err := sweptVariable(mf.vars)
	if err != nil {
		return st.usageErrorf("%v", err)
	}

	// Load every value's model, in parallel; the diagnostics are printed in order.
	n := len(values)
	loads := make([]struct {
		m     *model.Model
		files map[string]*hcl.File
		diags hcl.Diagnostics
	}, n)
	var optsErr error
	opts := make([]model.Options, n)
	path := st.modelArg(fs.Arg(0))
	var load string
	for i, v := range values {
		vf := mf
		vf.vars = append(slices.Clone(fixed), name+"="+v)
		if opts[i], err = vf.options(); err != nil {
			optsErr = err
		}
		load = embeddedModel(path, &opts[i])
	}
	if optsErr != nil {
		return st.usageErrorf("%v", optsErr)
	}
	cache := st.modelCache(&mf, opts[0])
	nw := sweepWorkers(*workers, n)
	parallel(n, nw, func(i int) {
		p := model.NewParser()
		l := &loads[i]
		l.m, l.diags = loadcache.Load(p, load, opts[i], cache)
		l.files = p.Files()
	})
	failed := false
	seen := map[string]bool{}
	for i := range loads {
		l := &loads[i]
		var show hcl.Diagnostics
		diags, others := otherScenarioWarnings(l.m, l.diags, *scenario)
		for _, d := range diags {
			// Diagnostics every value shares (a warning, an unknown --mitigation)
			// are printed once, with the first value's.
			if k := diagKey(d); i == 0 || !seen[k] {
				show = append(show, d)
				seen[k] = true
			}
		}
		if len(show) > 0 && i > 0 {
			fmt.Fprintf(st.Stderr, "cascade sweep: with %s=%s:\n", name, values[i])
		}
		st.printDiagnostics(l.files, show, mf.noColor)
		st.sayOtherWarnings(others, *scenario)
		failed = failed || l.m == nil || l.diags.HasErrors()
	}
	if failed {
		return exitInvalid
	}
	models := make([]*model.Model, n)
	for i := range loads {
		models[i] = loads[i].m
	}
	if len(mf.mitigations) > 0 {
		// The plan is the first value's: the changes from its model without them.
		bo := opts[0]
		bo.Mitigations = nil
		base, _ := loadcache.Load(model.NewParser(), load, bo, cache)
		if base == nil {
			return st.errorf("the model without --mitigation does not load")
		}
		mf.planToStdout = *format == "text"
		if code, ok := st.printPlan(&mf, mf.mitigations, base, models[0]); !ok {
			return code
		}
	}
	sc, code := st.pickScenario(models[0], *scenario, horizon, &mf)
	if sc == nil {
		return code
	}
	for i, m := range models[1:] {
		if m.Scenario(sc.Name) == nil {
			return st.errorf("with %s=%s the model has no scenario %q", name, values[i+1], sc.Name)
		}
		if code, ok := st.checkHorizon(m, m.Scenario(sc.Name), horizon, &mf); !ok {
			return code
		}
	}

	// Run each value, in parallel.
	runs := make([]*cascade.Result, n)
	errs := make([]error, n)
	ropts := cascade.Options{Horizon: horizon.horizon()}
	parallel(n, nw, func(i int) {
		runs[i], errs[i] = cascade.RunScenario(models[i], models[i].Scenario(sc.Name), ropts)
	})
	for i, err := range errs {
		if err != nil {
			return st.errorf("with %s=%s: %v", name, values[i], err)
		}
	}
	var paired *montecarlo.PairedResult
	if *trials > 0 {
		if n < 2 {
			// Compare needs a variant: pair the only value with itself.
			models = append(models, models[0])
		}
		bar := st.progress(!st.StderrTTY, "trials", "sweep")
		paired, err = montecarlo.Compare(st.Ctx, models, sc.Name, montecarlo.Options{Trials: *trials, Seed: *seed,
			Horizon: horizon.horizon(), Workers: *workers, Progress: bar.update})
		bar.finish()
		if err != nil {
			return st.batchError(err, "")
		}
		paired.Variants = paired.Variants[:n-1]
	}
	sw := whatif.NewSweep(name, values, runs, paired)
	if *plotFile != "" && *metric == "loss_s" && sw.HorizonS == nil {
		return st.usageErrorf("--metric loss_s: the run has no horizon, so no service lost; give --horizon")
	}
	// The models differ by the swept variable: the hash is the first value's.
	prov := withRunFlags(provenanceOf(models[0], sc.Name, &mf), horizon, *trials, *seed)
	outs := []outputFile{{path: *out, write: func(w io.Writer) error {
		switch *format {
		case "json":
			return writeJSONProv(w, sw, &prov)
		case "csv":
			return writeSweepCSV(w, sw)
		}
		return writeBuffered(w, st.StdoutTTY, func(w io.Writer) error { return writeSweepText(w, sw) })
	}}}
	if *plotFile != "" {
		outs = append(outs, outputFile{path: *plotFile, write: func(w io.Writer) error {
			return render.PlotSweepWith(sw, *metric, plotFormat, w, plotOpts)
		}})
	}
	if err := st.outputs(outs...); err != nil {
		return st.errorf("%v", err)
	}
	return exitOK
}

// sweptVariable finds the swept variable among the --var flags: the one whose value
// lists several values separated by commas, else the first. It returns its name, its
// values and the other --var flags.
func sweptVariable(vars []string) (name string, values, fixed []string, err error) {
	pick := -1
	for i, kv := range vars {
		if _, v, ok := cutAssign(kv); ok && strings.Contains(v, ",") {
			if pick >= 0 {
				return "", nil, nil, fmt.Errorf("sweep: --var %s and --var %s both list several values; sweep one variable at a time", vars[pick], kv)
			}
			pick = i
		}
	}
	if len(vars) == 0 {
		return "", nil, nil, fmt.Errorf("sweep: give the variable to sweep and its values as --var NAME=V1,V2,... (values separated by commas)")
	}
	if pick < 0 {
		pick = 0
	}
	name, list, ok := cutAssign(vars[pick])
	if !ok {
		return "", nil, nil, fmt.Errorf("--var %q: want NAME=V1,V2,... (values separated by commas)", vars[pick])
	}
	for _, v := range strings.Split(list, ",") {
		v = strings.TrimSpace(v)
		if v == "" {
			return "", nil, nil, fmt.Errorf("--var %s: an empty value; separate the values with single commas", vars[pick])
		}
		values = append(values, v)
	}
	if len(values) > maxSweepValues {
		return "", nil, nil, fmt.Errorf("--var %s: %d values, at most %d", name, len(values), maxSweepValues)
	}
	for i, kv := range vars {
		if i == pick {
			continue
		}
		if other, _, _ := cutAssign(kv); other == name {
			return "", nil, nil, fmt.Errorf("--var %s: the swept variable %s is also set", kv, name)
		}
		fixed = append(fixed, kv)
	}
	return name, values, fixed, nil
}

// sweepWorkers is the number of goroutines that load and run n values.
func sweepWorkers(workers, n int) int {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	return max(1, min(workers, n))
}

// parallel calls f(0), ..., f(n-1) on workers goroutines and waits for them.
func parallel(n, workers int, f func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// diagKey identifies a diagnostic for printing it once.
func diagKey(d *hcl.Diagnostic) string {
	k := fmt.Sprintf("%d|%s|%s", d.Severity, d.Summary, d.Detail)
	if d.Subject != nil {
		k += "|" + d.Subject.String()
	}
	return k
}

// fmtCount renders a count with its change from the first value's, when it has one.
func fmtCount(v, d int, first bool) string {
	if first || d == 0 {
		return strconv.Itoa(v)
	}
	return fmt.Sprintf("%d (%s)", v, signed(d))
}

// writeSweepText prints one row per value and, with trials, the means and the paired
// differences from the first value.
func writeSweepText(w io.Writer, s *whatif.Sweep) error {
	h := "no horizon"
	if s.HorizonS != nil {
		h = "horizon " + cascade.FormatDuration(*s.HorizonS)
	}
	fmt.Fprintf(w, "Scenario %s (%s, worst case) for %d %s of %s; changes from %s=%s\n\n", s.Scenario, h, len(s.Rows),
		pluralWord(len(s.Rows), "value", "values"), s.Variable, s.Variable, s.Rows[0].Value)
	tw := newTextTable(w)
	fmt.Fprintf(tw, "%s\tFAILED\tCOMPROMISED\tON BACKUP\tSECTORS FAILED\tSERVICE LOST\tSAVED\tFAIL ONLY WITH IT\n", strings.ToUpper(s.Variable))
	for i, r := range s.Rows {
		first := i == 0
		loss := fmtLoss(r.LossS)
		if r.Delta.LossS != nil && *r.Delta.LossS != 0 {
			loss += " (" + signedDuration(roundSecs(*r.Delta.LossS)) + ")"
		}
		saved, only := "-", "-"
		if !first {
			saved, only = strconv.Itoa(len(r.Saved)), strconv.Itoa(len(r.FailedOnly))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Value, fmtCount(r.Failed, r.Delta.Failed, first),
			fmtCount(r.Compromised, r.Delta.Compromised, first), fmtCount(r.OnBackup, r.Delta.OnBackup, first),
			fmtCount(r.SectorsFailed, r.Delta.SectorsFailed, first), loss, saved, only)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if s.Trials == 0 {
		return nil
	}
	fmt.Fprintf(w, "\nMonte Carlo, %d trials of each value, seed %d (mean [95%% interval]; change: paired difference from %s=%s):\n",
		s.Trials, s.Seed, s.Variable, s.Rows[0].Value)
	tw = newTextTable(w)
	fmt.Fprintf(tw, "  %s\tFAILED\tCHANGE\tCOMPROMISED\tCHANGE\tSERVICE LOST (s)\tCHANGE\n", strings.ToUpper(s.Variable))
	for _, r := range s.Rows {
		m := r.Means
		loss, dFailed, dComp, dLoss := "-", "-", "-", "-"
		if m.Loss != nil {
			loss = fmtInterval(*m.Loss, 0)
		}
		if p := r.Paired; p != nil {
			dFailed, dComp = fmtInterval(p.Failed, 3), fmtInterval(p.Compromised, 3)
			if p.Loss != nil {
				dLoss = fmtInterval(*p.Loss, 0)
			}
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Value, fmtInterval(m.Failed, 3), dFailed, fmtInterval(m.Compromised, 3), dComp, loss, dLoss)
	}
	return tw.Flush()
}

func roundSecs(x float64) int64 {
	if x < 0 {
		return -int64(-x + 0.5)
	}
	return int64(x + 0.5)
}

// writeSweepCSV writes one row per value with its metrics, their changes from the first
// value and, with trials, the means and paired differences with their intervals.
func writeSweepCSV(w io.Writer, s *whatif.Sweep) error {
	cw := csv.NewWriter(w)
	head := []string{"variable", "value", "x", "failed", "compromised", "on_backup", "sectors_failed", "loss_s",
		"delta_failed", "delta_compromised", "delta_on_backup", "delta_sectors_failed", "delta_loss_s", "saved", "failed_only"}
	ivHead := func(name string) []string { return []string{name, name + "_ci_low", name + "_ci_high"} }
	if s.Trials > 0 {
		head = append(head, "trials", "seed")
		for _, n := range []string{"failed_mean", "compromised_mean", "loss_s_mean", "failed_diff", "compromised_diff", "loss_s_diff"} {
			head = append(head, ivHead(n)...)
		}
	}
	num := func(v *float64) string {
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'g', -1, 64)
	}
	fl := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	iv := func(i *montecarlo.Interval) []string {
		if i == nil {
			return []string{"", "", ""}
		}
		return []string{fl(i.Mean), fl(i.Low), fl(i.High)}
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, r := range s.Rows {
		row := []string{s.Variable, r.Value, fl(r.X), strconv.Itoa(r.Failed), strconv.Itoa(r.Compromised), strconv.Itoa(r.OnBackup),
			strconv.Itoa(r.SectorsFailed), num(r.LossS), strconv.Itoa(r.Delta.Failed), strconv.Itoa(r.Delta.Compromised),
			strconv.Itoa(r.Delta.OnBackup), strconv.Itoa(r.Delta.SectorsFailed), num(r.Delta.LossS),
			strings.Join(r.Saved, " "), strings.Join(r.FailedOnly, " ")}
		if s.Trials > 0 {
			row = append(row, strconv.FormatInt(s.Trials, 10), strconv.FormatUint(s.Seed, 10))
			row = append(row, iv(&r.Means.Failed)...)
			row = append(row, iv(&r.Means.Compromised)...)
			row = append(row, iv(r.Means.Loss)...)
			if p := r.Paired; p != nil {
				row = append(row, iv(&p.Failed)...)
				row = append(row, iv(&p.Compromised)...)
				row = append(row, iv(p.Loss)...)
			} else {
				row = append(row, "0", "0", "0", "0", "0", "0")
				if r.Means.Loss != nil {
					row = append(row, "0", "0", "0")
				} else {
					row = append(row, "", "", "")
				}
			}
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
