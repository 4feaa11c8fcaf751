package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/cascade/montecarlo"
	"github.com/cascade-infra/cascade/coord"
	"github.com/cascade-infra/cascade/model"
	"github.com/cascade-infra/cascade/whatif"
)

// MaxSuggest is the largest K of --suggest K.
const MaxSuggest = 10_000

// suggestReport is the JSON of `cascade coordinate --suggest K --format json`
// (docs/coordinate.md, "Which channel saves most").
type suggestReport struct {
	Scenario string `json:"scenario"`
	HorizonS *int64 `json:"horizon_s"`
	// LatencyS is the latency of every candidate channel, seconds.
	LatencyS int64 `json:"latency_s"`
	// Candidates is the number of channels tried; Suggestions lists the best of them.
	Candidates  int            `json:"candidates"`
	Baseline    whatif.Metrics `json:"baseline"`
	Suggestions []suggestRow   `json:"suggestions"`
	// Trials and Seed describe the paired Monte Carlo comparison of the listed
	// suggestions; 0 without one.
	Trials             int64    `json:"trials,omitempty"`
	Seed               uint64   `json:"seed,omitempty"`
	BaselineFailedMean *float64 `json:"baseline_failed_mean,omitempty"`
}

// suggestRow is one suggested channel: its rank, its two organizations, whether it
// closes a coordination gap (no chain of channels joins them today), the assets and
// compromised assets it saves, and the comparison of the run with it against the run
// without (the fields of `cascade compare --format json`'s variants).
type suggestRow struct {
	Rank             int    `json:"rank"`
	A                string `json:"a"`
	B                string `json:"b"`
	ACountry         string `json:"a_country"`
	BCountry         string `json:"b_country"`
	Gap              bool   `json:"gap"`
	LatencyS         int64  `json:"latency_s"`
	AssetsSaved      int    `json:"assets_saved"`
	CompromisedSaved int    `json:"compromised_saved"`
	whatif.Variant
}

// suggestChannels runs every candidate channel of the analysis r of the run res of m
// and returns the k best (all for k = 0), with their paired Monte Carlo comparison when
// mc.Trials > 0; or nil and the exit status.
func (st *State) suggestChannels(m *model.Model, res *cascade.Result, r *coord.Report, k int, latency int64, workers int, mc montecarlo.Options) (*suggestReport, int) {
	cands := coord.Candidates(m, r, latency)
	bar := st.progress(!st.StderrTTY, "candidates", "suggest")
	sugg, err := coord.Suggest(st.Ctx, res, m, cands, coord.SuggestOptions{Workers: workers, Progress: bar.update})
	bar.finish()
	if err != nil {
		if st.Ctx.Err() != nil {
			return nil, st.errorf("interrupted after some of %d candidate channels; no result was written", len(cands))
		}
		return nil, st.errorf("%v", err)
	}
	if k > 0 && k < len(sugg) {
		sugg = sugg[:k]
	}
	base := whatif.MetricsOf(res)
	sr := &suggestReport{Scenario: res.Scenario().Name, LatencyS: latency, Candidates: len(cands), Baseline: base, Suggestions: []suggestRow{}}
	if h := res.Horizon(); h != cascade.Never {
		sr.HorizonS = &h
	}
	gap := map[[2]*model.Organization]bool{}
	for _, g := range r.Gaps {
		gap[[2]*model.Organization{g.A, g.B}] = true
	}
	for i, s := range sugg {
		c := s.Channel
		sr.Suggestions = append(sr.Suggestions, suggestRow{Rank: i + 1, A: c.A.Name, B: c.B.Name, ACountry: c.A.Country, BCountry: c.B.Country,
			Gap: gap[[2]*model.Organization{c.A, c.B}], LatencyS: c.Latency, AssetsSaved: len(s.Variant.Saved),
			CompromisedSaved: s.CompromisedSaved(), Variant: s.Variant})
	}
	if mc.Trials > 0 && len(sugg) > 0 {
		models := []*model.Model{m}
		for _, s := range sugg {
			models = append(models, s.Model)
		}
		bar := st.progress(!st.StderrTTY, "trials", "suggest")
		mc.Progress = bar.update
		p, err := montecarlo.Compare(st.Ctx, models, res.Scenario().Name, mc)
		bar.finish()
		if err != nil {
			return nil, st.batchError(err, "")
		}
		sr.Trials, sr.Seed = p.Trials, p.Seed
		bm := p.BaselineFailedMean
		sr.BaselineFailedMean = &bm
		for i := range sr.Suggestions {
			pv := p.Variants[i]
			sr.Suggestions[i].Paired = &pv
		}
	}
	return sr, exitOK
}

// writeSuggestText writes the ranking of suggested channels for people.
func writeSuggestText(w io.Writer, m *model.Model, sr *suggestReport) error {
	h := "no horizon"
	if sr.HorizonS != nil {
		h = "horizon " + cascade.FormatDuration(*sr.HorizonS)
	}
	b := sr.Baseline
	fmt.Fprintf(w, "Suggested channels for scenario %s (%s, worst case)\n", sr.Scenario, h)
	fmt.Fprintf(w, "%d %s tried, each alone with latency %s: pairs of organizations the cascade joins that no channel joins directly.\n",
		sr.Candidates, plural(sr.Candidates, "candidate", "candidates"), cascade.FormatDuration(sr.LatencyS))
	fmt.Fprintf(w, "Without them: %d failed, %d compromised, %d sectors failed.\n", b.Failed, b.Compromised, b.SectorsFailed)
	if len(sr.Suggestions) == 0 {
		fmt.Fprintln(w, "\nNo candidate: every pair of organizations the cascade joins has a channel.")
		return nil
	}
	switch n := len(sr.Suggestions); {
	case n == 1 && sr.Candidates > 1:
		fmt.Fprintln(w, "The best by assets saved:")
	case n < sr.Candidates:
		fmt.Fprintf(w, "The %d best by assets saved:\n", n)
	}
	fmt.Fprintln(w)
	tw := newTextTable(w)
	fmt.Fprintln(tw, "RANK\tCHANNEL\tCOUNTRIES\tGAP\tSAVED\tCOMPROMISED SAVED\tFAILED\tCOMPROMISED\tSECTORS FAILED\tFAIL ONLY WITH IT")
	for _, s := range sr.Suggestions {
		gap := "-"
		if s.Gap {
			gap = "yes"
		}
		fmt.Fprintf(tw, "%d\t%s -- %s\t%s/%s\t%s\t%d\t%d\t%d (%s)\t%d (%s)\t%d (%s)\t%d\n", s.Rank, s.A, s.B, dash(s.ACountry), dash(s.BCountry), gap,
			s.AssetsSaved, s.CompromisedSaved, s.Failed, signed(s.Delta.Failed), s.Compromised, signed(s.Delta.Compromised),
			s.SectorsFailed, signed(s.Delta.SectorsFailed), len(s.FailedOnly))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	var moved []string
	for _, s := range sr.Suggestions {
		for _, x := range s.Sectors {
			moved = append(moved, fmt.Sprintf("  %d. %s -- %s: sector %s %s -> %s", s.Rank, s.A, s.B, x.Sector, fmtOptSecs(x.BaselineFailed), fmtOptSecs(x.VariantFailed)))
		}
	}
	if len(moved) > 0 {
		fmt.Fprintln(w, "\nSectors whose failure moved (without -> with):")
		fmt.Fprintln(w, strings.Join(moved, "\n"))
	}
	if sr.Trials > 0 {
		fmt.Fprintf(w, "\nPaired Monte Carlo, %d trials, seed %d (with minus without: mean [95%% interval]):\n", sr.Trials, sr.Seed)
		tw := newTextTable(w)
		fmt.Fprintln(tw, "  RANK\tCHANNEL\tFAILED\tCOMPROMISED\tSERVICE LOST (s)")
		for _, s := range sr.Suggestions {
			p := s.Paired
			loss := "-"
			if p.Loss != nil {
				loss = fmtInterval(*p.Loss, 0)
			}
			fmt.Fprintf(tw, "  %d\t%s -- %s\t%s\t%s\t%s\n", s.Rank, s.A, s.B, fmtInterval(p.Failed, 3), fmtInterval(p.Compromised, 3), loss)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// writeSuggestCSV writes one row per suggested channel.
func writeSuggestCSV(w io.Writer, sr *suggestReport) error {
	cw := csv.NewWriter(w)
	head := []string{"rank", "a", "b", "a_country", "b_country", "gap", "latency_s", "assets_saved", "compromised_saved",
		"failed", "compromised", "on_backup", "sectors_failed", "loss_s", "delta_failed", "delta_compromised", "delta_sectors_failed",
		"saved", "failed_only"}
	if sr.Trials > 0 {
		head = append(head, "trials", "seed", "failed_diff", "failed_diff_ci_low", "failed_diff_ci_high",
			"compromised_diff", "compromised_diff_ci_low", "compromised_diff_ci_high")
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	num := func(v *float64) string {
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'g', -1, 64)
	}
	fl := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	for _, s := range sr.Suggestions {
		row := []string{strconv.Itoa(s.Rank), s.A, s.B, s.ACountry, s.BCountry, strconv.FormatBool(s.Gap), strconv.FormatInt(s.LatencyS, 10),
			strconv.Itoa(s.AssetsSaved), strconv.Itoa(s.CompromisedSaved), strconv.Itoa(s.Failed), strconv.Itoa(s.Compromised),
			strconv.Itoa(s.OnBackup), strconv.Itoa(s.SectorsFailed), num(s.LossS), strconv.Itoa(s.Delta.Failed),
			strconv.Itoa(s.Delta.Compromised), strconv.Itoa(s.Delta.SectorsFailed), strings.Join(s.Saved, " "), strings.Join(s.FailedOnly, " ")}
		if sr.Trials > 0 {
			p := s.Paired
			row = append(row, strconv.FormatInt(sr.Trials, 10), strconv.FormatUint(sr.Seed, 10), fl(p.Failed.Mean), fl(p.Failed.Low), fl(p.Failed.High),
				fl(p.Compromised.Mean), fl(p.Compromised.Low), fl(p.Compromised.High))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
