package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/internal/regular"
	"github.com/cascade-infra/cascade/model"
	"github.com/cascade-infra/cascade/whatif"
)

func init() {
	register(command{name: "diff", synopsis: "compare two run results (run --format json): what fails, when, and the sectors", run: runDiff})
}

const diffAbout = `Compare two results of 'cascade run --format json' (two versions of a model, two
scenarios, a model with and without a mitigation): the assets that fail only in A
or only in B, the assets whose failure, compromise or restoration time moved, the
assets whose protection changed, the sectors whose failure or restoration time or
service lost changed, and the summary's counts side by side. Times are T+ from the
start of the scenario; "never" is a time that does not come within the horizon.
Shifts are B's time minus A's.

Exit status, as diff(1) in cascade's own codes: 0 when the results are the same,
3 when they differ, 1 when a file cannot be read or is not a run result, 2 on a
usage error.`

func runDiff(st *State, args []string) int {
	fs := st.flagSet("diff", "A.json B.json [--format text|json] [-o FILE]", diffAbout)
	format := fs.StringP("format", "f", "text", "output format: text or json")
	out := fs.StringP("output", "o", "", "write the result to `FILE` (atomically) instead of stdout")
	if code, ok := st.parse(fs, args); !ok {
		return code
	}
	if fs.NArg() != 2 {
		return st.usageErrorf("diff: want two run results A.json B.json, got %d arguments; run 'cascade diff --help'", fs.NArg())
	}
	if code, ok := st.checkFormat(*format, "text", "json"); !ok {
		return code
	}
	var runs [2]*whatif.Run
	var provs [2]json.RawMessage
	for i, path := range fs.Args() {
		src, err := regular.ReadFile(path, model.MaxFileSize)
		if err != nil {
			return st.errorf("%v", err)
		}
		if runs[i], err = whatif.ReadRun(src); err != nil {
			return st.errorf("%s: %v", path, err)
		}
		provs[i] = inputProvenance(src)
	}
	d := whatif.DiffRuns(fs.Arg(0), runs[0], fs.Arg(1), runs[1])
	if code := st.writeOutput(*out, func(w io.Writer) error {
		if *format == "json" {
			// The diff's own provenance is the build's: it reads no model.
			prov := provenanceOf(nil, "", nil)
			return writeJSONProv(w, diffDocument{d, provs[0], provs[1]}, &prov)
		}
		return writeBuffered(w, st.StdoutTTY, func(w io.Writer) error { return writeDiffText(w, d) })
	}); code != exitOK {
		return code
	}
	if !d.Same {
		return exitChanged
	}
	return exitOK
}

// diffDocument is the JSON of diff: the diff, and the provenance of its two inputs
// (null for an input without one).
type diffDocument struct {
	*whatif.Diff
	AProvenance json.RawMessage `json:"a_provenance"`
	BProvenance json.RawMessage `json:"b_provenance"`
}

// signedDuration renders a shift in seconds as +1d2h, -30m or 0s.
func signedDuration(s int64) string {
	switch {
	case s > 0:
		return "+" + cascade.FormatDuration(s)
	case s < 0:
		if s == -s { // the most negative int64: cannot come from two valid times
			return strconv.FormatInt(s, 10) + "s"
		}
		return "-" + cascade.FormatDuration(-s)
	}
	return "0s"
}

func fmtShift(s *int64) string {
	if s == nil {
		return "-"
	}
	return signedDuration(*s)
}

// fmtSummary renders a summary number: seconds of service as a duration, counts as
// integers.
func fmtSummary(field string, v *float64, signed bool) string {
	switch {
	case v == nil:
		return "-"
	case field == "loss_s":
		x := int64(*v + 0.5)
		if *v < 0 {
			x = int64(*v - 0.5)
		}
		if signed {
			return signedDuration(x)
		}
		return cascade.FormatDuration(x)
	case signed && *v > 0:
		return "+" + strconv.FormatFloat(*v, 'f', -1, 64)
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

func scenarioLine(name string, h *int64) string {
	if h == nil {
		return "scenario " + name + ", no horizon"
	}
	return "scenario " + name + ", horizon " + cascade.FormatDuration(*h)
}

// writeDiffText prints a diff as aligned tables, one per kind of change, each sorted
// (whatif.Diff); a kind with no change is left out.
func writeDiffText(w io.Writer, d *whatif.Diff) error {
	fmt.Fprintf(w, "A: %s (%s)\nB: %s (%s)\n", d.A, scenarioLine(d.ScenarioA, d.HorizonA), d.B, scenarioLine(d.ScenarioB, d.HorizonB))
	if d.Same {
		_, err := fmt.Fprintln(w, "\nNo differences.")
		return err
	}
	table := func(title string, n int, head string, rows func(tw io.Writer)) error {
		if n == 0 {
			return nil
		}
		fmt.Fprintf(w, "\n%s (%d):\n", title, n)
		tw := newTextTable(w)
		fmt.Fprintln(tw, "  "+head)
		rows(tw)
		return tw.Flush()
	}
	if len(d.Summary) > 0 {
		fmt.Fprintln(w)
		tw := newTextTable(w)
		fmt.Fprintln(tw, "SUMMARY\tA\tB\tCHANGE")
		for _, s := range d.Summary {
			change := ""
			if s.Delta != nil && *s.Delta != 0 {
				change = fmtSummary(s.Field, s.Delta, true)
			} else if s.Delta == nil && (s.A == nil) != (s.B == nil) {
				change = "?"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", s.Field, fmtSummary(s.Field, s.A, false), fmtSummary(s.Field, s.B, false), change)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	only := func(title string, l []whatif.FailureOnly) error {
		return table(title, len(l), "AT\tASSET\tSECTOR", func(tw io.Writer) {
			for _, f := range l {
				fmt.Fprintf(tw, "  %s\t%s\t%s\n", tplus(f.AtS), f.Asset, f.Sector)
			}
		})
	}
	times := func(title, what string, l []whatif.TimeChange) error {
		return table(title, len(l), what+"\tA\tB\tSHIFT", func(tw io.Writer) {
			for _, c := range l {
				fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", c.Asset, fmtOptSecs(c.A), fmtOptSecs(c.B), fmtShift(c.ShiftS))
			}
		})
	}
	for _, step := range []func() error{
		func() error { return only("Fail only in A", d.OnlyA) },
		func() error { return only("Fail only in B", d.OnlyB) },
		func() error { return times("Fail at another time", "ASSET", d.Moved) },
		func() error { return times("Compromise changed", "ASSET", d.Compromise) },
		func() error { return times("Restoration changed", "ASSET", d.Restoration) },
		func() error { return times("Protection changed", "ASSET", d.Protection) },
		func() error {
			return table("Sectors", len(d.Sectors), "SECTOR\tFAILED A\tFAILED B\tSHIFT\tRESTORED A\tRESTORED B\tSHIFT\tLOST A\tLOST B", func(tw io.Writer) {
				for _, s := range d.Sectors {
					name := s.Sector
					switch {
					case !s.InA:
						name += " (only in B)"
					case !s.InB:
						name += " (only in A)"
					}
					fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", name,
						fmtOptSecs(s.FailedA), fmtOptSecs(s.FailedB), fmtShift(s.FailedShiftS),
						fmtOptSecs(s.RestoredA), fmtOptSecs(s.RestoredB), fmtShift(s.RestoredShiftS),
						fmtLoss(s.LossA), fmtLoss(s.LossB))
				}
			})
		},
	} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}
