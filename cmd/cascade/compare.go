package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/cascade/montecarlo"
	"github.com/cascade-infra/cascade/model"
	"github.com/cascade-infra/cascade/render"
	"github.com/cascade-infra/cascade/whatif"
)

func init() {
	register(command{name: "compare", synopsis: "what mitigations buy: each against the baseline, paired Monte Carlo with --trials", run: runCompare})
}

const compareAbout = `Run the scenario on the model as it is (the baseline) and with each --mitigation
(repeatable; A+B applies A, then B), and print one row per variant against the
baseline: failed, compromised and on-backup assets, sectors failed, seconds of sector
service lost (with a horizon), the sectors whose failure time moved, the assets a
variant saves and those that fail only with it.

With --trials N it also runs paired Monte Carlo: trial i of every variant draws the
same random numbers for the same dependency and the same hit (draws are keyed by
names), and the mean per-trial differences come with 95% intervals, far tighter than
two separate batches would give. See docs/batch.md.

--plot FILE draws one panel per metric with a bar per variant (the baseline first,
grey) at its worst-case value and, with --trials, a dot at the mean of the trials
with its 95% interval.`

func runCompare(st *State, args []string) int {
	fs := st.flagSet("compare", "[MODEL] --scenario NAME --mitigation A [--mitigation B ...] [--trials N --seed S] [flags]", compareAbout)
	var mf modelFlags
	var horizon durationFlag
	scenario := fs.StringP("scenario", "s", "", "the scenario to run (default: the model's only scenario)")
	fs.Var(&horizon, "horizon", "stop at `DURATION` instead of the scenario's horizon")
	variants := fs.StringArray("mitigation", nil, "a variant: the mitigation `NAME`, or A+B for several in order (repeatable)")
	trials := fs.Int64P("trials", "n", 0, "also run `N` paired Monte Carlo trials (0: none)")
	seed := fs.Uint64("seed", 1, "seed of the random numbers")
	workers := fs.IntP("workers", "w", 0, "goroutines running trials (default: the number of CPUs)")
	format := fs.StringP("format", "f", "text", "output format: text, json or csv")
	out := fs.StringP("output", "o", "", "write the result to `FILE` (atomically) instead of stdout")
	plotFile := fs.String("plot", "", "also draw the metrics per variant to `FILE` (.png, .svg, .pdf)")
	var size plotSize
	size.add(fs, "12in", "3.6in per row of panels and 0.6in for the title")
	mf.add(fs)
	if code, ok := st.parse(fs, args); !ok {
		return code
	}
	if fs.NArg() > 1 {
		return st.usageErrorf("compare: want at most one MODEL, got %d arguments; run 'cascade compare --help'", fs.NArg())
	}
	if len(*variants) == 0 {
		return st.usageErrorf("compare: give at least one --mitigation to compare with the baseline")
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
	mf.planToStdout = *format == "text"
	path := st.modelArg(fs.Arg(0))
	mf.scenario = *scenario
	base, code := st.loadVariant(path, &mf, nil, nil)
	if base == nil {
		return code
	}
	sc, code := st.pickScenario(base, *scenario, horizon, &mf)
	if sc == nil {
		return code
	}
	opts := cascade.Options{Horizon: horizon.horizon()}
	baseRun, err := cascade.RunScenario(base, sc, opts)
	if err != nil {
		return st.errorf("%v", err)
	}
	models := []*model.Model{base}
	var names []string
	var lists [][]string
	var runs []*cascade.Result
	for _, v := range *variants {
		list := strings.Split(v, "+")
		m, code := st.loadVariant(path, &mf, list, base)
		if m == nil {
			return code
		}
		vs := m.Scenario(sc.Name)
		if vs == nil {
			return st.errorf("variant %s has no scenario %q", v, sc.Name)
		}
		r, err := cascade.RunScenario(m, vs, opts)
		if err != nil {
			return st.errorf("variant %s: %v", v, err)
		}
		names, lists, runs, models = append(names, v), append(lists, list), append(runs, r), append(models, m)
	}
	cmp := whatif.Compare(baseRun, names, lists, runs)
	if *trials > 0 {
		bar := st.progress(!st.StderrTTY, "trials", "compare")
		p, err := montecarlo.Compare(st.Ctx, models, sc.Name, montecarlo.Options{Trials: *trials, Seed: *seed,
			Horizon: horizon.horizon(), Workers: *workers, Progress: bar.update})
		bar.finish()
		if err != nil {
			return st.batchError(err, "")
		}
		cmp.AddPaired(p)
	}
	prov := withRunFlags(provenanceOf(base, sc.Name, &mf), horizon, *trials, *seed).WithOption("mitigation", strings.Join(*variants, ","))
	outs := []outputFile{{path: *out, write: func(w io.Writer) error {
		switch *format {
		case "json":
			return writeJSONProv(w, cmp, &prov)
		case "csv":
			return writeCompareCSV(w, cmp)
		}
		return writeCompareText(w, base, cmp)
	}}}
	if *plotFile != "" {
		outs = append(outs, outputFile{path: *plotFile, write: func(w io.Writer) error {
			return render.PlotCompareWith(cmp, plotFormat, w, plotOpts)
		}})
	}
	if err := st.outputs(outs...); err != nil {
		return st.errorf("%v", err)
	}
	return exitOK
}

func fmtOptSecs(t *int64) string {
	if t == nil {
		return "never"
	}
	return "T+" + cascade.FormatDuration(*t)
}

func fmtLoss(l *float64) string {
	if l == nil {
		return "-"
	}
	return cascade.FormatDuration(int64(*l + 0.5))
}

func signed(n int) string {
	if n > 0 {
		return "+" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func fmtInterval(iv montecarlo.Interval, prec int) string {
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', prec, 64) }
	return fmt.Sprintf("%s [%s, %s]", f(iv.Mean), f(iv.Low), f(iv.High))
}

// writeCompareText prints the comparison as a table, each variant's sector shifts and
// assets, and the paired Monte Carlo differences.
func writeCompareText(w io.Writer, m *model.Model, c *whatif.Comparison) error {
	h := "no horizon"
	if c.HorizonS != nil {
		h = "horizon " + cascade.FormatDuration(*c.HorizonS)
	}
	fmt.Fprintf(w, "Scenario %s (%s, worst case): %d %s against the baseline\n\n", c.Scenario, h, len(c.Variants), pluralWord(len(c.Variants), "variant", "variants"))
	tw := newTextTable(w)
	fmt.Fprintln(tw, "VARIANT\tFAILED\tCOMPROMISED\tON BACKUP\tSECTORS FAILED\tSERVICE LOST\tSAVED\tFAIL ONLY WITH IT")
	b := c.Baseline
	fmt.Fprintf(tw, "baseline\t%d\t%d\t%d\t%d\t%s\t-\t-\n", b.Failed, b.Compromised, b.OnBackup, b.SectorsFailed, fmtLoss(b.LossS))
	for _, v := range c.Variants {
		loss := fmtLoss(v.LossS)
		if v.Delta.LossS != nil {
			sign := "+"
			if *v.Delta.LossS < 0 {
				sign = "-"
			}
			d := *v.Delta.LossS
			if d < 0 {
				d = -d
			}
			loss += " (" + sign + cascade.FormatDuration(int64(d+0.5)) + ")"
		}
		fmt.Fprintf(tw, "%s\t%d (%s)\t%d (%s)\t%d (%s)\t%d (%s)\t%s\t%d\t%d\n", v.Name, v.Failed, signed(v.Delta.Failed),
			v.Compromised, signed(v.Delta.Compromised), v.OnBackup, signed(v.Delta.OnBackup),
			v.SectorsFailed, signed(v.Delta.SectorsFailed), loss, len(v.Saved), len(v.FailedOnly))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, v := range c.Variants {
		fmt.Fprintf(w, "\n%s:\n", v.Name)
		if len(v.Sectors) == 0 {
			fmt.Fprintln(w, "  no sector fails at another time")
		}
		for _, s := range v.Sectors {
			label := s.Sector
			if x := m.Sector(s.Sector); x != nil && x.Label != x.Name {
				label += " (" + x.Label + ")"
			}
			switch {
			case s.VariantFailed == nil:
				fmt.Fprintf(w, "  sector %s no longer fails (%s in the baseline)\n", label, fmtOptSecs(s.BaselineFailed))
			case s.BaselineFailed == nil:
				fmt.Fprintf(w, "  sector %s fails at %s, and not in the baseline\n", label, fmtOptSecs(s.VariantFailed))
			default:
				fmt.Fprintf(w, "  sector %s fails at %s instead of %s\n", label, fmtOptSecs(s.VariantFailed), fmtOptSecs(s.BaselineFailed))
			}
		}
		if len(v.Saved) > 0 {
			fmt.Fprintf(w, "  saves: %s\n", strings.Join(v.Saved, ", "))
		}
		if len(v.FailedOnly) > 0 {
			fmt.Fprintf(w, "  fails only with it: %s\n", strings.Join(v.FailedOnly, ", "))
		}
	}
	if c.Trials > 0 {
		fmt.Fprintf(w, "\nPaired Monte Carlo, %d trials, seed %d (mean difference from the baseline [95%% interval]):\n", c.Trials, c.Seed)
		tw := newTextTable(w)
		fmt.Fprintln(tw, "  VARIANT\tFAILED\tCOMPROMISED\tSERVICE LOST (s)\tUNPAIRED FAILED")
		for _, v := range c.Variants {
			p := v.Paired
			loss := "-"
			if p.Loss != nil {
				loss = fmtInterval(*p.Loss, 0)
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", v.Name, fmtInterval(p.Failed, 3), fmtInterval(p.Compromised, 3), loss, fmtInterval(p.UnpairedFailed, 3))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// writeCompareCSV writes one row per variant (the baseline first) with its metrics and
// their changes, and the paired differences when trials were run.
func writeCompareCSV(w io.Writer, c *whatif.Comparison) error {
	cw := csv.NewWriter(w)
	head := []string{"variant", "failed", "compromised", "on_backup", "sectors_failed", "loss_s",
		"delta_failed", "delta_compromised", "delta_on_backup", "delta_sectors_failed", "delta_loss_s", "saved", "failed_only"}
	if c.Trials > 0 {
		head = append(head, "trials", "seed", "failed_diff", "failed_diff_ci_low", "failed_diff_ci_high", "compromised_diff", "compromised_diff_ci_low", "compromised_diff_ci_high", "loss_s_diff", "loss_s_diff_ci_low", "loss_s_diff_ci_high")
	}
	num := func(v *float64) string {
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'g', -1, 64)
	}
	fl := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	row := func(name string, m, d whatif.Metrics, saved, only []string, p *montecarlo.PairedVariant) []string {
		r := []string{name, strconv.Itoa(m.Failed), strconv.Itoa(m.Compromised), strconv.Itoa(m.OnBackup), strconv.Itoa(m.SectorsFailed), num(m.LossS),
			strconv.Itoa(d.Failed), strconv.Itoa(d.Compromised), strconv.Itoa(d.OnBackup), strconv.Itoa(d.SectorsFailed), num(d.LossS),
			strings.Join(saved, " "), strings.Join(only, " ")}
		if c.Trials > 0 {
			r = append(r, strconv.FormatInt(c.Trials, 10), strconv.FormatUint(c.Seed, 10))
			if p == nil {
				r = append(r, "0", "0", "0", "0", "0", "0", "", "", "")
			} else {
				r = append(r, fl(p.Failed.Mean), fl(p.Failed.Low), fl(p.Failed.High), fl(p.Compromised.Mean), fl(p.Compromised.Low), fl(p.Compromised.High))
				if p.Loss != nil {
					r = append(r, fl(p.Loss.Mean), fl(p.Loss.Low), fl(p.Loss.High))
				} else {
					r = append(r, "", "", "")
				}
			}
		}
		return r
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	if err := cw.Write(row("baseline", c.Baseline, whatif.Metrics{}, nil, nil, nil)); err != nil {
		return err
	}
	for _, v := range c.Variants {
		if err := cw.Write(row(v.Name, v.Metrics, v.Delta, v.Saved, v.FailedOnly, v.Paired)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
