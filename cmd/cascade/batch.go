package main

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/pflag"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/cascade/montecarlo"
	"github.com/cascade-infra/cascade/cascade/shard"
	"github.com/cascade-infra/cascade/model"
	"github.com/cascade-infra/cascade/provenance"
)

func init() {
	register(command{name: "batch", synopsis: "Monte Carlo trials of a scenario: failure probabilities", run: runBatch})
}

const batchAbout = `Run Monte Carlo trials of a scenario (docs/semantics.md): in each trial every
dependency is live with its probability and every selected asset is hit with its
event's probability. Prints each asset's and sector's failure probability with a 95%
Wilson interval, failure-time statistics and the distribution of the number of failed
assets; with a horizon, how often each is down at it, each asset's mean time down and
each sector's mean service lost with its 95% interval. Results depend only on the
model, scenario, --trials, --seed and --horizon: never on --workers, --shard or
interruptions.

--checkpoint FILE records completed chunks; run the same command again after an
interruption (even kill -9) to resume. --shard I/N (or auto) runs a slice of the trials
and writes a part file; 'cascade merge' combines the parts. See docs/batch.md.`

func runBatch(st *State, args []string) int {
	fs := st.flagSet("batch", "[MODEL] --scenario NAME --trials N --seed S [flags]", batchAbout)
	var mf modelFlags
	var horizon durationFlag
	scenario := fs.StringP("scenario", "s", "", "scenario to run (may be omitted when the model has one)")
	all := fs.Bool("all-scenarios", false, "run every scenario of the model")
	trials := fs.Int64P("trials", "n", 10000, "trials per scenario")
	seed := fs.Uint64("seed", 1, "seed of the random numbers")
	workers := fs.IntP("workers", "w", runtime.GOMAXPROCS(0), "goroutines running trials")
	fs.Var(&horizon, "horizon", "override the scenario's horizon: a `DURATION` such as 7d")
	format := fs.StringP("format", "f", "text", "output format: text, json, csv or part")
	out := fs.StringP("output", "o", "", "write the result to `FILE` (atomically) instead of stdout")
	quiet := fs.BoolP("quiet", "q", false, "no progress bar")
	checkpoint := fs.String("checkpoint", "", "record completed chunks in `FILE` and resume from it")
	shardFlag := fs.String("shard", "", "run shard `I/N` of the trials (0-based), or auto (JOB_COMPLETION_INDEX / SLURM_ARRAY_TASK_ID); writes a part file")
	shards := fs.Int("shards", 0, "number of shards for --shard auto (else SLURM_ARRAY_TASK_COUNT or CASCADE_SHARDS)")
	chunk := fs.Int64("chunk-size", 0, "trials per chunk of work (default: about 256 chunks, at least 256 trials each)")
	trialsOut := fs.String("trials-out", "", "also write one CSV row per trial to `FILE` (atomically; - for stdout; docs/batch.md)")
	mf.add(fs)
	mf.addMitigation(fs)
	if code, ok := st.parse(fs, args); !ok {
		return code
	}
	if fs.NArg() > 1 {
		return st.usageErrorf("batch: want at most one MODEL, got %d arguments; run 'cascade batch --help'", fs.NArg())
	}
	if code, ok := st.checkFormat(*format, "text", "json", "csv", "part"); !ok {
		return code
	}
	if *trials < 1 || *trials > montecarlo.MaxTrials {
		return st.usageErrorf("--trials %d: want 1 to %d", *trials, int64(montecarlo.MaxTrials))
	}
	if code, ok := st.checkWorkers(*workers, false); !ok {
		return code
	}
	if *chunk < 0 {
		return st.usageErrorf("--chunk-size %d: want at least 1", *chunk)
	}
	if _, err := montecarlo.CheckPlan(*trials, *chunk); err != nil {
		return st.usageErrorf("--chunk-size %d: %v", *chunk, err)
	}
	if *all && *scenario != "" {
		return st.usageErrorf("give --scenario or --all-scenarios, not both")
	}
	shard, code, ok := st.shardOf(fs, *shardFlag, *shards, format)
	if !ok {
		return code
	}
	if code, ok := st.checkOutputs(outputFlag{"-o", *out, true}, outputFlag{"--checkpoint", *checkpoint, false},
		outputFlag{"--trials-out", *trialsOut, false}); !ok {
		return code
	}

	mf.planToStdout = *format == "text"
	mf.scenario = *scenario
	m, code := st.loadModel(st.modelArg(fs.Arg(0)), &mf)
	if m == nil {
		return code
	}
	var scs []*model.Scenario
	if *all {
		if len(m.Scenarios) == 0 {
			return st.errorf("the model has no scenario")
		}
		scs = m.Scenarios
	} else {
		sc, err := chooseScenario(m, st.scenarioName(m, *scenario))
		if err != nil {
			return st.errorf("%v", err)
		}
		scs = []*model.Scenario{sc}
	}
	for _, sc := range scs {
		if code, ok := st.checkHorizon(m, sc, horizon, &mf); !ok {
			return code
		}
	}
	opts := montecarlo.Options{Trials: *trials, Seed: *seed, Horizon: horizon.horizon(), Workers: *workers, ChunkSize: *chunk,
		Shard: shard, Checkpoint: *checkpoint, AllScenarios: *all}
	var rows *trialsFile
	if *trialsOut != "" {
		var err error
		if rows, err = st.createTrialsOut(*trialsOut); err != nil {
			return st.errorf("%v", err)
		}
		defer rows.discard()
		loss := false
		for _, sc := range scs {
			loss = loss || horizon.horizon().Or(cascade.ScenarioHorizon(sc)).Seconds() != cascade.Never
		}
		sink, err := newTrialsCSV(rows.bw, m, scs, *seed, loss)
		if err != nil {
			return st.errorf("--trials-out: %v", err)
		}
		opts.TrialRows = sink
	}
	bar := st.progress(*quiet, "trials", fmt.Sprintf("batch %s", scenarioLabel(scs)))
	opts.Progress = bar.update
	if *checkpoint != "" {
		// The first call, before any chunk runs, counts the trials read back.
		first := true
		opts.Progress = func(done, total int64) {
			if first && done > 0 {
				fmt.Fprintf(st.Stderr, "cascade: resumed from checkpoint %s at trial %d of %d\n", *checkpoint, done, total)
			}
			first = false
			bar.update(done, total)
		}
	}
	res, err := montecarlo.Run(st.Ctx, m, scs, opts)
	bar.finish()
	if err != nil {
		return st.batchError(err, *checkpoint)
	}
	code = st.writeBatchResult(res, *format, *out, m, scName(scs, *all), &mf, horizon, *all, *trials, *seed)
	if code == exitOK && rows != nil {
		if err := rows.commit(); err != nil {
			return st.errorf("%v", err)
		}
	}
	return code
}

// scName is the scenario of the provenance of a batch of scs: "" for several.
func scName(scs []*model.Scenario, all bool) string {
	if len(scs) == 1 && !all {
		return scs[0].Name
	}
	return ""
}

// writeBatchResult writes the result of a batch run in format (part, json, csv or
// text) with its provenance.
func (st *State) writeBatchResult(res *montecarlo.Result, format, out string, m *model.Model, scenario string, mf *modelFlags,
	horizon durationFlag, all bool, trials int64, seed uint64) int {
	prov := provenanceOf(m, scenario, mf).WithTrials(trials, seed)
	if horizon.set {
		prov = prov.WithOption("horizon", horizon.String())
	}
	if all {
		prov = prov.WithOption("all-scenarios", "true")
	}
	if format == "part" {
		return st.writeOutput(out, func(w io.Writer) error {
			p, err := res.Part()
			if err != nil {
				return err
			}
			if p.Provenance, err = json.Marshal(prov); err != nil {
				return err
			}
			return writeJSON(w, p)
		})
	}
	return st.writeBatch(res, format, out, &prov)
}

func scenarioLabel(scs []*model.Scenario) string {
	if len(scs) == 1 {
		return scs[0].Name
	}
	return fmt.Sprintf("%d scenarios", len(scs))
}

// batchError reports a failed or interrupted batch and returns the exit status.
func (st *State) batchError(err error, checkpoint string) int {
	var ie *shard.InterruptedError
	if errors.As(err, &ie) {
		msg := fmt.Sprintf("%v; no result was written", ie)
		if checkpoint != "" {
			msg += fmt.Sprintf("\ncompleted chunks are saved in %s: run the same command again to resume", checkpoint)
		} else if ie.TotalChunks > 0 {
			msg += "\nrun with --checkpoint FILE to be able to resume an interrupted batch"
		}
		return st.errorf("%s", msg)
	}
	return st.errorf("%s", distributedError(err))
}

// writeBatch prints the reports of a complete batch (or of merged parts) in format.
// It is the only writer of batch results, so merge output is byte-identical.
// prov is the provenance of its JSON; the CSV carries its seed.
func (st *State) writeBatch(res *montecarlo.Result, format, out string, prov *provenance.Info) int {
	reps, err := res.Reports()
	if err != nil {
		return st.errorf("%v", err)
	}
	// Warnings go to stderr, except when the text report on stdout already shows them.
	if format != "text" || (out != "" && out != "-") {
		for _, r := range reps {
			for _, w := range r.Warnings {
				fmt.Fprintf(st.Stderr, "cascade: warning: %s: %s\n", r.Scenario, w)
			}
		}
	}
	return st.writeOutput(out, func(w io.Writer) error {
		switch format {
		case "json":
			if res.Run.AllScenarios {
				return writeJSONProv(w, struct {
					Scenarios []*montecarlo.Report `json:"scenarios"`
				}{reps}, prov)
			}
			return writeJSONProv(w, reps[0], prov)
		case "csv":
			return writeBatchCSV(w, reps)
		default:
			return writeBatchText(w, reps)
		}
	})
}

func fmtOptional[T int64 | float64](v *T, unit func(T) string) string {
	if v == nil {
		return "-"
	}
	return unit(*v)
}

func fmtSecs(v int64) string { return cascade.FormatDuration(v) }

func fmtMeanSecs(v float64) string { return cascade.FormatDuration(int64(v + 0.5)) }

func writeBatchText(w io.Writer, reps []*montecarlo.Report) error {
	for i, r := range reps {
		if i > 0 {
			fmt.Fprintln(w)
		}
		h := "no horizon"
		if r.HorizonS != nil {
			h = "horizon " + fmtSecs(*r.HorizonS)
		}
		fmt.Fprintf(w, "Scenario %s: %d trials, seed %d, %s\n", r.Scenario, r.Trials, r.Seed, h)
		fa := r.FailedAssets
		fmt.Fprintf(w, "Failed assets per trial: mean %.2f, p50 %d, p90 %d, p99 %d, max %d (of %d)\n\n",
			fa.Mean, fa.P50, fa.P90, fa.P99, fa.Max, len(r.Assets))

		// With a horizon, what is down at it and the service lost (docs/batch.md).
		hz := r.HorizonS != nil
		tw := newTextTable(w)
		fmt.Fprint(tw, "SECTOR\tP_FAIL\t95% CI\tFAILED_AT MEAN\tP50\tP90\tP99")
		if hz {
			fmt.Fprint(tw, "\tP_DOWN@H\tLOSS MEAN\t95% CI")
		}
		fmt.Fprintln(tw)
		sectors := slices.Clone(r.Sectors)
		slices.SortStableFunc(sectors, func(a, b montecarlo.SectorEstimate) int { return cmpFloatDesc(a.PFail, b.PFail) })
		for _, s := range sectors {
			fmt.Fprintf(tw, "%s\t%.4f%s\t%s\t%s\t%s\t%s\t%s", s.Sector, s.PFail, fewMark(s.FewEvents), fmtCI(s.CILow, s.CIHigh),
				fmtOptional(s.MeanFailS, fmtMeanSecs), fmtOptional(s.P50FailS, fmtSecs), fmtOptional(s.P90FailS, fmtSecs), fmtOptional(s.P99FailS, fmtSecs))
			if hz {
				fmt.Fprintf(tw, "\t%s\t%s\t%s", fmtOptional(s.PDownAtHorizon, fmtFrac), fmtOptional(s.MeanLossS, fmtMeanSecs),
					fmtLossCI(s.MeanLossLowS, s.MeanLossHighS))
			}
			fmt.Fprintln(tw)
		}
		fmt.Fprintln(tw)
		fmt.Fprint(tw, "ASSET\tSECTOR\tP_FAIL\t95% CI\tFAIL MEAN\tP50\tP90\tP99")
		if hz {
			fmt.Fprint(tw, "\tP_DOWN@H\tDOWN MEAN")
		}
		// p_compromised for a model with alerts, or when a trial compromised something.
		comp := r.Organizations != nil || slices.ContainsFunc(r.Assets, func(a montecarlo.AssetEstimate) bool { return a.PCompromised > 0 })
		if comp {
			fmt.Fprint(tw, "\tP_COMPROMISED")
		}
		fmt.Fprintln(tw)
		assets := slices.Clone(r.Assets)
		slices.SortStableFunc(assets, func(a, b montecarlo.AssetEstimate) int { return cmpFloatDesc(a.PFail, b.PFail) })
		for _, a := range assets {
			fmt.Fprintf(tw, "%s\t%s\t%.4f%s\t%s\t%s\t%s\t%s\t%s", a.Asset, a.Sector, a.PFail, fewMark(a.FewEvents), fmtCI(a.CILow, a.CIHigh),
				fmtOptional(a.MeanFailS, fmtMeanSecs), fmtOptional(a.P50FailS, fmtSecs), fmtOptional(a.P90FailS, fmtSecs), fmtOptional(a.P99FailS, fmtSecs))
			if hz {
				fmt.Fprintf(tw, "\t%s\t%s", fmtOptional(a.PDownAtHorizon, fmtFrac), fmtOptional(a.MeanDownS, fmtMeanSecs))
			}
			if comp {
				fmt.Fprintf(tw, "\t%.4f", a.PCompromised)
			}
			fmt.Fprintln(tw)
		}
		if r.Organizations != nil {
			// Alerts (docs/batch.md): how often and when each organization was alerted.
			fmt.Fprintln(tw)
			fmt.Fprintln(tw, "ORGANIZATION\tP_ALERTED\t95% CI\tALERTED\tALERT MEAN")
			orgs := slices.Clone(r.Organizations)
			slices.SortStableFunc(orgs, func(a, b montecarlo.OrganizationEstimate) int { return cmpFloatDesc(a.PAlerted, b.PAlerted) })
			for _, o := range orgs {
				fmt.Fprintf(tw, "%s\t%.4f\t%s\t%d\t%s\n", o.Organization, o.PAlerted, fmtCI(o.CILow, o.CIHigh), o.Alerted, fmtOptional(o.MeanAlertS, fmtMeanSecs))
			}
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		if !r.Precision.Exact {
			fmt.Fprintf(w, "\nFailure-time percentiles are read from log-spaced buckets: within %.2f%%.\n", 100*r.Precision.MaxRelativeError)
		}
		for _, warn := range r.Warnings {
			fmt.Fprintf(w, "\nWarning: %s\n", warn)
		}
		if len(r.Warnings) > 0 {
			fmt.Fprintln(w, "(a * after p_fail marks an estimate resting on fewer than 10 events)")
		}
	}
	return nil
}

func cmpFloatDesc(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

func fmtCI(lo, hi float64) string { return fmt.Sprintf("[%.4f, %.4f]", lo, hi) }

func fmtFrac(v float64) string { return fmt.Sprintf("%.4f", v) }

// fmtLossCI prints the interval of a mean loss as durations, its low end at least 0s
// (the JSON keeps mean − 1.96 · sd / √trials as it is).
func fmtLossCI(lo, hi *float64) string {
	if lo == nil || hi == nil {
		return "-"
	}
	return fmt.Sprintf("[%s, %s]", fmtMeanSecs(max(*lo, 0)), fmtMeanSecs(*hi))
}

func fewMark(b bool) string {
	if b {
		return "*"
	}
	return ""
}

// writeBatchCSV writes one row per asset and per sector of every scenario.
func writeBatchCSV(w io.Writer, reps []*montecarlo.Report) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"scenario", "kind", "name", "sector", "p_fail", "ci_low", "ci_high", "failures", "trials",
		"mean_fail_s", "p50_fail_s", "p90_fail_s", "p99_fail_s", "max_fail_s", "few_events",
		"p_down_at_horizon", "mean_down_s", "mean_loss_s", "mean_loss_ci_low_s", "mean_loss_ci_high_s", "seed"})
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	optF := func(v *float64) string {
		if v == nil {
			return ""
		}
		return f(*v)
	}
	optI := func(v *int64) string {
		if v == nil {
			return ""
		}
		return strconv.FormatInt(*v, 10)
	}
	for _, r := range reps {
		n, seed := strconv.FormatInt(r.Trials, 10), strconv.FormatUint(r.Seed, 10)
		for _, s := range r.Sectors {
			cw.Write([]string{r.Scenario, "sector", s.Sector, s.Sector, f(s.PFail), f(s.CILow), f(s.CIHigh),
				strconv.FormatInt(s.Failures, 10), n, optF(s.MeanFailS), optI(s.P50FailS), optI(s.P90FailS),
				optI(s.P99FailS), optI(s.MaxFailS), strconv.FormatBool(s.FewEvents),
				optF(s.PDownAtHorizon), "", optF(s.MeanLossS), optF(s.MeanLossLowS), optF(s.MeanLossHighS), seed})
		}
		for _, a := range r.Assets {
			cw.Write([]string{r.Scenario, "asset", a.Asset, a.Sector, f(a.PFail), f(a.CILow), f(a.CIHigh),
				strconv.FormatInt(a.Failures, 10), n, optF(a.MeanFailS), optI(a.P50FailS), optI(a.P90FailS),
				optI(a.P99FailS), optI(a.MaxFailS), strconv.FormatBool(a.FewEvents),
				optF(a.PDownAtHorizon), optF(a.MeanDownS), "", "", "", seed})
		}
	}
	cw.Flush()
	return cw.Error()
}

// progressBar shows a progress bar with rate and ETA on stderr when it is a terminal;
// otherwise its methods do nothing.
type progressBar struct {
	bar *progressbar.ProgressBar
}

// progress returns a progress bar counting unit, or an inert one when stderr is not a
// terminal or quiet is set.
func (st *State) progress(quiet bool, unit, desc string) *progressBar {
	if quiet || !st.StderrTTY {
		return &progressBar{}
	}
	return &progressBar{bar: progressbar.NewOptions64(-1,
		progressbar.OptionSetWriter(st.Stderr),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString(unit),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetWidth(30),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionUseANSICodes(true),
	)}
}

// update is a progress callback: done of total units are complete.
func (p *progressBar) update(done, total int64) {
	if p.bar == nil {
		return
	}
	if p.bar.GetMax64() != total {
		p.bar.ChangeMax64(total)
	}
	p.bar.Set64(done)
}

// finish removes the bar from the terminal.
func (p *progressBar) finish() {
	if p.bar == nil {
		return
	}
	p.bar.Exit()
}

// MaxWorkers is the largest --workers.
const MaxWorkers = 4096

// checkWorkers refuses a --workers value out of range: 1 to MaxWorkers, or 0 too
// when zero (the default) is allowed.
func (st *State) checkWorkers(w int, zero bool) (int, bool) {
	if w > MaxWorkers || w < 1 && !(zero && w == 0) {
		lo := 1
		if zero {
			lo = 0
		}
		return st.usageErrorf("--workers %d: want %d to %d", w, lo, MaxWorkers), false
	}
	return exitOK, true
}

// shardOf parses --shard and --shards (see cascade.ParseShard). A sharded run writes a
// part file, so it sets *format to "part", and refuses another --format given with it.
func (st *State) shardOf(fs *pflag.FlagSet, spec string, count int, format *string) (shard.Shard, int, bool) {
	sh, err := parseShard(spec, st.Getenv, count)
	if err != nil {
		return sh, st.usageErrorf("%v", err), false
	}
	if sh.Count > shard.MaxCount || count > shard.MaxCount {
		return sh, st.usageErrorf("--shard %s: at most %d shards", sh, shard.MaxCount), false
	}
	if spec != "" {
		if fs.Changed("format") && *format != "part" {
			return sh, st.usageErrorf("--shard writes a part file (--format part); combine the parts with 'cascade merge --format %s'", *format), false
		}
		*format = "part"
	}
	return sh, exitOK, true
}
