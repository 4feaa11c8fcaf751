package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/examples"
	"github.com/cascade-infra/cascade/internal/loadcache"
	"github.com/cascade-infra/cascade/model"
	"github.com/cascade-infra/cascade/whatif"
)

// flagSet returns a GNU-style flag set for a subcommand whose usage line is
// "cascade NAME ARGS"; --help prints it, the text about and the flags to stdout.
func (st *State) flagSet(name, args, about string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SortFlags = false
	fs.SetOutput(st.Stderr)
	fs.Usage = func() {
		// Only --help calls Usage (errors are printed by parse), so it goes to stdout.
		fs.SetOutput(st.Stdout)
		fmt.Fprintf(st.Stdout, "usage: cascade %s %s\n\n%s\n\nFlags:\n", name, args, about)
		fs.PrintDefaults()
		fs.SetOutput(st.Stderr)
	}
	return fs
}

// parse parses args. It returns ok=false with the exit status to return when the
// command should stop: 0 after --help, 2 on a usage error.
func (st *State) parse(fs *pflag.FlagSet, args []string) (code int, ok bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return exitOK, false
		}
		fmt.Fprintf(st.Stderr, "cascade %s: %v\nRun 'cascade %s --help' for usage.\n", fs.Name(), err, fs.Name())
		return exitUsage, false
	}
	return exitOK, true
}

// modelFlags are the flags of every command that loads a model.
type modelFlags struct {
	vars        []string
	varFiles    []string
	noColor     bool
	noCache     bool
	mitigations []string
	// planToStdout prints the plan of the mitigations to stdout, ahead of a text
	// result, instead of stderr (machine formats).
	planToStdout bool
	// scenario, when set before the load, is the one scenario the command runs
	// (--scenario): the warnings about the model's other scenarios are counted
	// on one line instead of printed (cascade validate prints them all).
	scenario string
	// hashEarly starts computing the model's hash (the provenance of a machine-readable
	// result) in the background as soon as it is loaded, so that it overlaps the run.
	hashEarly bool
}

// addMitigation adds --mitigation, for the commands that apply mitigations.
func (mf *modelFlags) addMitigation(fs *pflag.FlagSet) {
	fs.StringArrayVar(&mf.mitigations, "mitigation", nil, "apply the mitigation `NAME` of the model (repeatable, in order; docs/language.md)")
}

func (mf *modelFlags) add(fs *pflag.FlagSet) {
	fs.StringArrayVar(&mf.vars, "var", nil, "set a model variable: `NAME=VALUE` (repeatable)")
	fs.StringArrayVar(&mf.varFiles, "var-file", nil, "read model variables from an HCL `FILE` (repeatable)")
	fs.BoolVar(&mf.noColor, "no-color", false, "never colour diagnostics")
	fs.BoolVar(&mf.noCache, "no-cache", false, "load the model without the load cache (docs/import.md)")
}

func (mf *modelFlags) options() (model.Options, error) {
	opts := model.Options{Vars: map[string]string{}, VarFiles: mf.varFiles, Mitigations: mf.mitigations}
	for _, kv := range mf.vars {
		name, value, ok := cutAssign(kv)
		if !ok {
			return opts, fmt.Errorf("--var %q: want NAME=VALUE", kv)
		}
		opts.Vars[name] = value
	}
	return opts, nil
}

func cutAssign(s string) (name, value string, ok bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == '=' {
			return s[:i], s[i+1:], i > 0
		}
	}
	return "", "", false
}

// modelArg applies the one rule for a command's optional MODEL argument: arg when
// given; else the current folder when it holds a model (model.HoldsModel); else
// "", the embedded default example (see embeddedModel). Without arg it says on
// stderr which of the two it uses.
func (st *State) modelArg(arg string) string {
	if arg != "" {
		return arg
	}
	if model.HoldsModel(".") {
		fmt.Fprintln(st.Stderr, "cascade: no MODEL given: using the model in the current folder")
		return "."
	}
	fmt.Fprintf(st.Stderr, "cascade: no MODEL given and no model (*.hcl) in the current folder: using the embedded example %s\n", examples.Default)
	return ""
}

// embeddedModel returns the path to load for path: the embedded default example
// (setting opts.FS) when path is "", else path itself.
func embeddedModel(path string, opts *model.Options) string {
	if path == "" {
		opts.FS = examples.FS
		return examples.Default
	}
	return path
}

// loadModel loads the model at path, or the embedded default example when path is
// empty (see modelArg), with the mitigations of --mitigation applied, printing every diagnostic to
// stderr, and the plan of the mitigations (see modelFlags.planToStdout). It returns a
// nil model and the exit status when the model has errors.
func (st *State) loadModel(path string, mf *modelFlags) (*model.Model, int) {
	return st.loadVariant(path, mf, mf.mitigations, nil)
}

// loadVariant is loadModel with the given mitigations; base, when not nil, is the model
// without them (else it is loaded for the plan).
func (st *State) loadVariant(path string, mf *modelFlags, mitigations []string, base *model.Model) (*model.Model, int) {
	opts, err := mf.options()
	if err != nil {
		return nil, st.usageErrorf("%v", err)
	}
	opts.Mitigations = mitigations
	if path == "" {
		st.embedded = true
	}
	path = embeddedModel(path, &opts)
	cache := st.modelCache(mf, opts)
	p := model.NewParser()
	m, diags := loadcache.Load(p, path, opts, cache)
	diags, others := otherScenarioWarnings(m, diags, mf.scenario)
	st.printDiagnostics(p.Files(), diags, mf.noColor)
	st.sayOtherWarnings(others, mf.scenario)
	if diags.HasErrors() || m == nil {
		return nil, exitInvalid
	}
	if len(mitigations) > 0 {
		if base == nil {
			// The plan is the difference from the model without them (whose
			// diagnostics the load above has printed, or would have).
			opts.Mitigations = nil
			if base, _ = loadcache.Load(model.NewParser(), path, opts, cache); base == nil {
				return nil, st.errorf("the model without --mitigation does not load")
			}
		}
		if code, ok := st.printPlan(mf, mitigations, base, m); !ok {
			return nil, code
		}
	}
	if mf.hashEarly {
		startHash(m)
	}
	return m, exitOK
}

// printPlan prints the plan of mitigations, the changes from base to m, to stderr, or
// to stdout followed by an empty line when mf.planToStdout is set. It returns false and
// the exit status when the plan cannot be written.
func (st *State) printPlan(mf *modelFlags, mitigations []string, base, m *model.Model) (int, bool) {
	w := st.Stderr
	if mf.planToStdout {
		w = st.Stdout
	}
	if err := whatif.WritePlan(w, mitigations, whatif.Plan(base, m)); err != nil {
		return st.errorf("%v", err), false
	}
	if mf.planToStdout {
		fmt.Fprintln(w)
	}
	return exitOK, true
}

// modelCache returns the load cache for a load with opts, nil for none (--no-cache, an
// embedded model, or no cache folder). It is one per command, so that realMain waits
// for every background write; Load may be called on it from several goroutines.
func (st *State) modelCache(mf *modelFlags, opts model.Options) *loadcache.Cache {
	if mf.noCache || opts.FS != nil {
		return nil
	}
	if st.loadCache == nil {
		c, err := loadcache.Default(version())
		if err != nil { // no cache folder: load without
			return nil
		}
		c.Background = true // written while the command runs; realMain waits for it
		st.loadCache = c
	}
	return st.loadCache
}

// printDiagnostics writes diagnostics Terraform-style, with source snippets, to stderr.
func (st *State) printDiagnostics(files map[string]*hcl.File, diags hcl.Diagnostics, noColor bool) {
	if len(diags) == 0 {
		return
	}
	width := 0
	if f, ok := st.Stderr.(*os.File); ok && st.StderrTTY {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil {
			width = w
		}
	}
	model.WriteDiagnostics(st.Stderr, files, diags, uint(width), !noColor && st.useColor(st.StderrTTY))
}

// chooseScenario returns the scenario named name; with an empty name, the model's
// only scenario. Several scenarios and no name is an error that lists them.
func chooseScenario(m *model.Model, name string) (*model.Scenario, error) {
	names := make([]string, len(m.Scenarios))
	for i, s := range m.Scenarios {
		names[i] = s.Name
	}
	if name == "" {
		switch len(m.Scenarios) {
		case 0:
			return nil, errors.New("the model has no scenario")
		case 1:
			return m.Scenarios[0], nil
		}
		return nil, fmt.Errorf("the model has %d scenarios; choose one with --scenario: %s", len(names), joinNames(names))
	}
	if sc := m.Scenario(name); sc != nil {
		return sc, nil
	}
	return nil, fmt.Errorf("no scenario %q; the model has: %s", name, joinNames(names))
}

// pickScenario chooses the scenario named name (chooseScenario) and checks that a run
// of it with the given --horizon can end: on a model with restoration it needs a
// horizon (model.Model.CheckHorizon), an error reported at the scenario. It returns
// nil and the exit status when something is wrong (already reported).
func (st *State) pickScenario(m *model.Model, name string, horizon durationFlag, mf *modelFlags) (*model.Scenario, int) {
	sc, err := chooseScenario(m, st.scenarioName(m, name))
	if err != nil {
		return nil, st.errorf("%v", err)
	}
	if code, ok := st.checkHorizon(m, sc, horizon, mf); !ok {
		return nil, code
	}
	return sc, exitOK
}

// otherScenarioWarnings returns diags without the warnings about a scenario of m
// other than the one named scenario ("" keeps every warning), and how many it
// left out. Errors are always kept.
func otherScenarioWarnings(m *model.Model, diags hcl.Diagnostics, scenario string) (hcl.Diagnostics, int) {
	if m == nil || scenario == "" || m.Scenario(scenario) == nil {
		return diags, 0
	}
	var kept hcl.Diagnostics
	n := 0
	for _, d := range diags {
		if sc := m.WarningScenario(d); sc != nil && sc.Name != scenario {
			n++
			continue
		}
		kept = append(kept, d)
	}
	return kept, n
}

// sayOtherWarnings prints, once per command, how many warnings about other
// scenarios than scenario otherScenarioWarnings left out, when any.
func (st *State) sayOtherWarnings(n int, scenario string) {
	if n > 0 && !st.othersSaid {
		st.othersSaid = true
		fmt.Fprintf(st.Stderr, "cascade: %d %s about other scenarios than %s not shown; cascade validate lists every warning\n", n, plural(n, "warning", "warnings"), scenario)
	}
}

// scenarioName returns the scenario a command runs for --scenario name: name,
// or with no name and the embedded default example loaded, its scenario
// examples.DefaultScenario (it has several).
func (st *State) scenarioName(m *model.Model, name string) string {
	if name == "" && st.embedded && m.Scenario(examples.DefaultScenario) != nil {
		return examples.DefaultScenario
	}
	return name
}

// checkHorizon reports, with its source, a scenario run without horizon on a model with
// restoration.
func (st *State) checkHorizon(m *model.Model, sc *model.Scenario, horizon durationFlag, mf *modelFlags) (int, bool) {
	h := sc.Horizon
	if horizon.set {
		h = horizon.seconds
	}
	if diags := m.CheckHorizon(sc, h); diags.HasErrors() {
		st.printDiagnostics(m.Files, diags, mf.noColor)
		return exitInvalid, false
	}
	return exitOK, true
}

// durationFlag is a pflag.Value holding a duration (docs/language.md) in seconds; set reports
// whether it was given.
type durationFlag struct {
	seconds int64
	set     bool
}

// horizon returns the flag as a horizon that replaces a scenario's: the zero Horizon
// (keep the scenario's) when it was not given.
func (d *durationFlag) horizon() cascade.Horizon {
	if !d.set {
		return cascade.Horizon{}
	}
	return cascade.HorizonAt(d.seconds)
}

func (d *durationFlag) String() string {
	if !d.set {
		return ""
	}
	return fmt.Sprintf("%ds", d.seconds)
}

func (d *durationFlag) Set(s string) error {
	v, err := model.ParseDuration(s)
	if err != nil {
		return err
	}
	d.seconds, d.set = v, true
	return nil
}

func (d *durationFlag) Type() string { return "DURATION" }

// checkFormat returns a usage error unless format is one of allowed.
func (st *State) checkFormat(format string, allowed ...string) (int, bool) {
	for _, a := range allowed {
		if format == a {
			return exitOK, true
		}
	}
	return st.usageErrorf("--format %q: want one of %s", format, joinNames(allowed)), false
}

// output writes what write produces to path atomically, or to stdout when path is
// "" or "-". Nothing is left at path when write fails.
func (st *State) output(path string, write func(w io.Writer) error) error {
	return st.outputs(outputFile{path: path, write: write})
}

// writeBuffered calls write with a buffer in front of w, so that output written in
// many small pieces (text and CSV rows) costs few system calls; on a terminal
// (tty), where a person is reading, each line shows as it comes.
func writeBuffered(w io.Writer, tty bool, write func(w io.Writer) error) error {
	if tty {
		return write(w)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := write(bw); err != nil {
		bw.Flush()
		return err
	}
	return bw.Flush()
}

// writeOutput writes to -o FILE or stdout and turns an error into exit status 1.
func (st *State) writeOutput(path string, write func(w io.Writer) error) int {
	if err := st.output(path, write); err != nil {
		return st.errorf("%v", err)
	}
	return exitOK
}
