package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/cascade-infra/cascade/cascade"
)

func init() {
	register(command{name: "explain", synopsis: "explain the causal chain that brings an asset down", run: runExplain})
}

const explainAbout = `Run the scenario (worst case, as 'cascade run' does) and print the causal chain that
brings ASSET down: from the asset, each cause in turn (the supplier whose loss tipped
a supply group, with the backup that ran out, or the compromised cyber supplier) down to
the initiating event. An asset that does not fail is reported as such, with its backup
countdown when it is running on backup at the horizon. An asset whose compromise a
protection prevented is reported with the alert that saved it and the chain of channels
that alert came through.

With no MODEL (a single argument), the current folder when it holds a model (an *.hcl file), else the embedded default example; stderr says which.`

func runExplain(st *State, args []string) int {
	fs := st.flagSet("explain", "[MODEL] --scenario NAME ASSET [--format text|json] [flags]", explainAbout)
	var mf modelFlags
	var horizon durationFlag
	scenario := fs.StringP("scenario", "s", "", "the scenario to run (default: the model's only one)")
	fs.Var(&horizon, "horizon", "stop at `DURATION` instead of the scenario's horizon")
	format := fs.StringP("format", "f", "text", "output format: text or json")
	out := fs.StringP("output", "o", "", "write the result to `FILE` (atomically) instead of stdout")
	mf.add(fs)
	mf.addMitigation(fs)
	if code, ok := st.parse(fs, args); !ok {
		return code
	}
	var path, asset string
	switch fs.NArg() {
	case 1:
		asset = fs.Arg(0)
	case 2:
		path, asset = fs.Arg(0), fs.Arg(1)
	default:
		return st.usageErrorf("explain: want [MODEL] ASSET, got %d arguments; run 'cascade explain --help'", fs.NArg())
	}
	if code, ok := st.checkFormat(*format, "text", "json"); !ok {
		return code
	}
	mf.planToStdout = *format == "text"
	run, code := st.runScenario(st.modelArg(path), *scenario, horizon, &mf)
	if run == nil {
		return code
	}
	a := run.Network().Model().Asset(asset)
	if a == nil {
		return st.errorf("%s", noAsset(run.Network().Model(), asset))
	}
	rep := run.Explain(int32(a.Index)).Report()
	return st.writeOutput(*out, func(w io.Writer) error {
		if *format == "json" {
			prov := provenanceOf(run.Network().Model(), rep.Scenario, &mf)
			if horizon.set {
				prov = prov.WithOption("horizon", horizon.String())
			}
			return writeJSONProv(w, rep, &prov)
		}
		return writeExplainText(w, rep)
	})
}

func writeExplainText(w io.Writer, rep *cascade.ExplainReport) error {
	if !rep.Failed {
		horizon := "before nothing changes any more"
		if rep.HorizonS != nil {
			horizon = "by the horizon " + tplus(*rep.HorizonS)
		}
		fmt.Fprintf(w, "%s does not fail in scenario %s %s.\n", rep.Asset, rep.Scenario, horizon)
		if b := rep.OnBackup; b != nil {
			runsOut := "outlasts any horizon"
			if b.RunsOutS != nil {
				runsOut = "runs out at " + tplus(*b.RunsOutS)
			}
			group := ""
			if b.Group != "" {
				group = fmt.Sprintf(" for %q", b.Group)
			}
			fmt.Fprintf(w, "It is running on backup%s since %s; the backup %s.\n", group, tplus(b.SinceS), runsOut)
		}
		writeProtectionText(w, rep)
		return nil
	}
	for i := len(rep.Chain) - 1; i >= 0; i-- {
		if i < len(rep.Chain)-1 {
			fmt.Fprint(w, "  because ")
		}
		fmt.Fprintln(w, rep.Chain[i].Text)
	}
	if rep.RestoredS != nil {
		fmt.Fprintf(w, "It works again from %s.\n", tplus(*rep.RestoredS))
	}
	if d := rep.Down; d != nil {
		fmt.Fprintf(w, "It is still down at the horizon %s:\n", tplus(*rep.HorizonS))
		if d.Damaged {
			if d.WaitingForCrew {
				fmt.Fprintln(w, "  its damage waits for a repair crew (all of its operator's crews are busy)")
			} else {
				fmt.Fprintln(w, "  its damage is not repaired")
			}
		}
		if d.Compromised {
			fmt.Fprintln(w, "  its compromise is not cleaned")
		}
		for _, g := range d.Groups {
			name := "its supply"
			if g.Group != "" {
				name = fmt.Sprintf("its supply %q", g.Group)
			}
			fmt.Fprintf(w, "  %s is lost and its backup used up: it waits for %s\n", name, strings.Join(g.Suppliers, ", "))
		}
		if d.RestartS != nil {
			fmt.Fprintf(w, "  it is restarting and would be back at %s\n", tplus(*d.RestartS))
		}
		if len(d.Deadlock) > 0 {
			fmt.Fprintf(w, "  a black-start deadlock: %s wait for each other; only something outside the loop coming back (an \"any\" alternative such as a black-start generator) restarts it\n",
				strings.Join(append(d.Deadlock, d.Deadlock[0]), " → "))
		}
	}
	writeProtectionText(w, rep)
	return nil
}

// writeProtectionText says which alert saved a protected asset from compromise, and
// through which chain.
func writeProtectionText(w io.Writer, rep *cascade.ExplainReport) {
	p := rep.Protection
	if p == nil {
		return
	}
	by := p.AttemptBy
	if p.AttemptKind == "event" {
		by = "event " + by
	}
	fmt.Fprintf(w, "%s was protected from compromise: %s tried to compromise it at %s, after %s had protected its assets at %s.\n",
		rep.Asset, by, tplus(p.AttemptedS), p.Organization, tplus(p.ProtectedS))
	a := p.Alert
	if len(a.Via) <= 1 {
		fmt.Fprintf(w, "  %s detected a compromise of its own assets at %s and responded in %s.\n", p.Organization, tplusOpt(a.DetectedS), cascade.FormatDuration(p.RespondS))
		return
	}
	fmt.Fprintf(w, "  %s was alerted at %s by %s's detection, through %s, and responded in %s.\n",
		p.Organization, tplus(a.AlertedS), a.AlertedBy, chainText(a), cascade.FormatDuration(p.RespondS))
}
