package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
	"github.com/cascade-infra/cascade/whatif"
)

// writeChannelComparison writes what the added channels change (a whatif.Comparison
// with one variant): the cascade's figures without and with them, the assets saved and
// those that fail only with them, the sectors whose failure time moved, and the paired
// Monte Carlo differences when trials were run. with names the variant in sentences:
// "the channel" or "the channels".
func writeChannelComparison(w io.Writer, m *model.Model, c *whatif.Comparison, with string) {
	v := c.Variants[0]
	fmt.Fprintf(w, "\nThe cascade again with %s (worst case):\n", with)
	tw := newTextTable(w)
	b := c.Baseline
	fmt.Fprintf(tw, "  \tWITHOUT\tWITH\tCHANGE\n")
	row := func(name string, x, y int) { fmt.Fprintf(tw, "  %s\t%d\t%d\t%s\n", name, x, y, signed(y-x)) }
	row("compromised assets", b.Compromised, v.Compromised)
	row("failed assets", b.Failed, v.Failed)
	row("on backup at the horizon", b.OnBackup, v.OnBackup)
	row("sectors failed", b.SectorsFailed, v.SectorsFailed)
	if b.LossS != nil && v.LossS != nil {
		d := *v.LossS - *b.LossS
		sign := "+"
		if d < 0 {
			sign, d = "-", -d
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", "sector service lost", fmtLoss(b.LossS), fmtLoss(v.LossS), sign+cascade.FormatDuration(int64(d+0.5)))
	}
	tw.Flush()
	fmt.Fprintf(w, "  assets saved (%d): %s\n", len(v.Saved), listOrNone(v.Saved))
	fmt.Fprintf(w, "  assets that fail only with %s (%d): %s\n", with, len(v.FailedOnly), listOrNone(v.FailedOnly))
	if len(v.Sectors) == 0 {
		fmt.Fprintln(w, "  no sector fails at another time")
	} else {
		fmt.Fprintln(w, "  sectors whose failure moved (without -> with):")
		for _, s := range v.Sectors {
			label := s.Sector
			if x := m.Sector(s.Sector); x != nil && x.Label != "" && x.Label != x.Name {
				label += " (" + x.Label + ")"
			}
			fmt.Fprintf(w, "    %s: %s -> %s\n", label, fmtOptSecs(s.BaselineFailed), fmtOptSecs(s.VariantFailed))
		}
	}
	if p := v.Paired; p != nil {
		fmt.Fprintf(w, "  paired Monte Carlo, %d trials, seed %d (with minus without: mean [95%% interval]):\n", c.Trials, c.Seed)
		tw := newTextTable(w)
		fmt.Fprintf(tw, "    failed assets\t%s\n", fmtInterval(p.Failed, 3))
		fmt.Fprintf(tw, "    compromised assets\t%s\n", fmtInterval(p.Compromised, 3))
		if p.Loss != nil {
			fmt.Fprintf(tw, "    sector service lost (s)\t%s\n", fmtInterval(*p.Loss, 0))
		}
		fmt.Fprintf(tw, "    failed, unpaired interval\t%s\n", fmtInterval(p.UnpairedFailed, 3))
		for _, s := range p.Sectors {
			if s.PFail.Mean != 0 || s.PFail.Low != 0 || s.PFail.High != 0 {
				fmt.Fprintf(tw, "    p_fail of sector %s\t%s\n", s.Sector, fmtInterval(s.PFail, 4))
			}
		}
		tw.Flush()
	}
}

// listOrNone joins names with commas, or says "none".
func listOrNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}
