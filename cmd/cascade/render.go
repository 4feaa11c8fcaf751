package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
	"github.com/cascade-infra/cascade/render"
)

func init() {
	register(command{name: "render", synopsis: "draw a Graphviz diagram of the model or of a cascade", run: runRender})
}

// companionName is the binary that turns DOT into images (cmd/cascade-graphviz).
const companionName = "cascade-graphviz"

// renderFlags are the flags of cascade render.
type renderFlags struct {
	scenario     string
	view         string
	asset        string
	focus        string
	depth        int
	affectedOnly bool
	maxEdges     int
	allEdges     bool
	layout       string
	force        bool
	output       string
	format       string
	horizon      durationFlag
}

func runRender(st *State, args []string) int {
	var mf modelFlags
	var rf renderFlags
	var views []string
	for _, v := range render.Views() {
		views = append(views, fmt.Sprintf("  %-9s %s", v.Name, v.About))
	}
	views = append(views, fmt.Sprintf("  %-9s %s", render.MapView, render.MapAbout))
	fs := st.flagSet("render", "[MODEL] [--scenario NAME] [--view VIEW] -o FILE.svg|.png|.dot",
		"Draw a diagram of the model, or of a cascade with --scenario. DOT is written by cascade\n"+
			"itself; SVG and PNG are drawn by the companion binary cascade-graphviz, looked for next\n"+
			"to cascade, then in PATH. Without MODEL,\n"+
			"the current folder when it holds a model (an *.hcl file), else the embedded default example; stderr says which.\n\n"+
			"Views:\n"+strings.Join(views, "\n")+"\n\n"+
			fmt.Sprintf("Layouts: by size, dot up to %d nodes and %d edges, sfdp above. Limits without --force,\n"+
				"in nodes (assets; sectors for the sectors and sequence views): dot %d, sfdp %d, neato\n"+
				"and fdp %d, circo %d; above them the command says what to draw instead.\n\n"+
				"The sectors view draws at most --max-edges links between sectors (default %d): each\n"+
				"sector's strongest link in and out, enough links of each loop to close it, then the\n"+
				"strongest; its title says how many of how many. --all-edges draws them all. With the\n"+
				"automatic layout it is never refused for size. See docs/render.md.",
				render.AutoDotMax, render.AutoDotMaxEdges, render.DotMax, render.SFDPMax, render.SpringMax, render.CircoMax, render.DefaultMaxEdges))
	fs.StringVarP(&rf.scenario, "scenario", "s", "", "draw the run of scenario `NAME`")
	fs.Var(&rf.horizon, "horizon", "with a scenario: stop at `DURATION` instead of its horizon")
	fs.StringVar(&rf.view, "view", "", "`VIEW`: "+strings.Join(append(render.ViewNames(), render.MapView), ", ")+" (default: model, or impact with --scenario)")
	fs.StringVar(&rf.asset, "asset", "", "the `ASSET` whose causal chain the explain view draws")
	fs.StringVar(&rf.focus, "focus", "", "draw only the neighbourhood of `ASSET` (model and impact views)")
	fs.IntVar(&rf.depth, "depth", 2, "with --focus: include assets up to `N` dependency hops away, either direction")
	fs.BoolVar(&rf.affectedOnly, "affected-only", false, "impact view: hide assets the run left untouched")
	fs.IntVar(&rf.maxEdges, "max-edges", render.DefaultMaxEdges, "sectors view: draw at most `N` links between sectors, the strongest, keeping loops closed")
	fs.BoolVar(&rf.allEdges, "all-edges", false, "sectors view: draw every link between sectors (slow on large models)")
	fs.StringVar(&rf.layout, "layout", "", "Graphviz layout `ENGINE`: "+strings.Join(render.Layouts, ", ")+" (default: by size)")
	fs.BoolVar(&rf.force, "force", false, "draw even beyond the size limit of the layout (may take minutes)")
	fs.StringVarP(&rf.output, "output", "o", "", "write to `FILE`; its extension (.dot .gv .svg .png) gives the format (default: DOT to stdout)")
	fs.StringVar(&rf.format, "format", "", "output `FORMAT`: dot, svg, png (default: from -o)")
	mf.add(fs)
	mf.addMitigation(fs)
	if code, ok := st.parse(fs, args); !ok {
		return code
	}
	if fs.NArg() > 1 {
		return st.usageErrorf("render takes at most one MODEL, got %d arguments", fs.NArg())
	}
	if rf.view == render.MapView {
		return st.renderMap(fs, &rf, &mf)
	}
	format, err := imageFormat("-o", rf.output, rf.format)
	if err != nil {
		return st.usageErrorf("%v", err)
	}
	view, ok := render.LookupView(rf.view)
	if rf.view != "" && !ok {
		return st.usageErrorf("--view %q: want one of %s", rf.view, joinNames(render.ViewNames()))
	}
	if rf.layout != "" && !contains(render.Layouts, rf.layout) {
		return st.usageErrorf("--layout %q: want one of %s", rf.layout, joinNames(render.Layouts))
	}
	if view.NeedsAsset && rf.asset == "" {
		return st.usageErrorf("--view %s needs --asset NAME", view.Name)
	}
	if rf.asset != "" && rf.view != "explain" {
		return st.usageErrorf("--asset is for --view explain; to draw the neighbourhood of an asset use --focus")
	}
	if fs.Changed("depth") && rf.focus == "" {
		return st.usageErrorf("--depth needs --focus ASSET")
	}
	if rf.depth < 0 {
		return st.usageErrorf("--depth %d: want 0 or more", rf.depth)
	}
	if (fs.Changed("max-edges") || rf.allEdges) && rf.view != "sectors" {
		return st.usageErrorf("--max-edges and --all-edges are for --view sectors")
	}
	if fs.Changed("max-edges") && rf.allEdges {
		return st.usageErrorf("--max-edges and --all-edges contradict each other; give one")
	}
	if rf.maxEdges < 1 {
		return st.usageErrorf("--max-edges %d: want 1 or more (--all-edges draws every link)", rf.maxEdges)
	}
	if rf.horizon.set && rf.scenario == "" && !view.NeedsScenario {
		return st.usageErrorf("--horizon needs --scenario NAME")
	}
	if rf.affectedOnly && rf.scenario == "" && !view.NeedsScenario {
		return st.usageErrorf("--affected-only needs --scenario NAME")
	}

	path := st.modelArg(fs.Arg(0))
	var m *model.Model
	var outcome *render.Outcome
	if rf.scenario != "" || view.NeedsScenario {
		run, code := st.runScenario(path, rf.scenario, rf.horizon, &mf)
		if run == nil {
			return code
		}
		m = run.Network().Model()
		var err error
		if outcome, err = render.FromResult(run); err != nil {
			return st.errorf("%v", err)
		}
	} else {
		var code int
		if m, code = st.loadModel(path, &mf); m == nil {
			return code
		}
	}
	in := &render.Input{Model: m, Outcome: outcome, Depth: rf.depth, AffectedOnly: rf.affectedOnly, MaxEdges: rf.maxEdges}
	if rf.allEdges {
		in.MaxEdges = render.AllEdges
	}
	if rf.focus != "" {
		if in.Focus = m.Asset(rf.focus); in.Focus == nil {
			return st.errorf("--focus: %s", noAsset(m, rf.focus))
		}
	}
	if rf.asset != "" {
		if in.Asset = m.Asset(rf.asset); in.Asset == nil {
			return st.errorf("--asset: %s", noAsset(m, rf.asset))
		}
	}
	d, err := render.Draw(in, render.Options{View: rf.view, Layout: rf.layout, Force: rf.force})
	if err != nil {
		return st.errorf("%v", err)
	}
	if err := st.writeImage(rf.output, format, d); err != nil {
		return st.errorf("%v", err)
	}
	return exitOK
}

// renderMap draws the map view (render.Map): by cascade itself, as SVG, PNG or
// PDF, of the model or, with --scenario, of its run.
func (st *State) renderMap(fs *pflag.FlagSet, rf *renderFlags, mf *modelFlags) int {
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(rf.output), "."))
	format := rf.format
	switch {
	case format == "" && (rf.output == "" || rf.output == "-"):
		return st.usageErrorf("--view map draws a picture: give -o FILE.svg, .png or .pdf (or --format svg|png|pdf for stdout)")
	case format == "":
		format = ext
	case ext != "" && ext != format && rf.output != "-":
		return st.usageErrorf("--format %s contradicts the extension of %s", format, rf.output)
	}
	if format == "dot" || format == "gv" {
		return st.usageErrorf("--view map is drawn by cascade itself, not by Graphviz: there is no DOT of it; write .svg, .png or .pdf")
	}
	if !contains(render.PlotFormats, format) {
		return st.usageErrorf("--view map: want a .svg, .png or .pdf file, not %q", rf.output)
	}
	for _, name := range []string{"asset", "focus", "depth", "affected-only", "max-edges", "all-edges", "layout", "force"} {
		if fs.Changed(name) {
			return st.usageErrorf("--%s is not for --view map", name)
		}
	}
	if rf.horizon.set && rf.scenario == "" {
		return st.usageErrorf("--horizon needs --scenario NAME")
	}
	path := st.modelArg(fs.Arg(0))
	var m *model.Model
	var outcome *render.Outcome
	if rf.scenario != "" {
		run, code := st.runScenario(path, rf.scenario, rf.horizon, mf)
		if run == nil {
			return code
		}
		m = run.Network().Model()
		var err error
		if outcome, err = render.FromResult(run); err != nil {
			return st.errorf("%v", err)
		}
	} else {
		var code int
		if m, code = st.loadModel(path, mf); m == nil {
			return code
		}
	}
	if err := st.output(rf.output, func(w io.Writer) error { return render.Map(m, outcome, format, w, render.PlotOptions{}) }); err != nil {
		return st.errorf("%v", err)
	}
	return exitOK
}

// noAsset says that name is not an asset of m, suggesting a close name.
func noAsset(m *model.Model, name string) string {
	names := make([]string, len(m.Assets))
	for i, a := range m.Assets {
		names[i] = a.Name
	}
	if best := model.Suggest(name, names); best != "" {
		return fmt.Sprintf("no asset %q; did you mean %q?", name, best)
	}
	return fmt.Sprintf("no asset %q in the model", name)
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// imageFormat returns the format of a diagram written to path by the flag flag
// (-o of render, --diagram of run and coordinate): format (render's --format),
// else the extension of path, else dot. It refuses a --format that contradicts
// the extension, and an unknown extension with the flag that would fix it. A
// --diagram FILE without an extension is DOT.
func imageFormat(flag, path, format string) (string, error) {
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(path), "."))
	byExt := map[string]string{"dot": "dot", "gv": "dot", "svg": "svg", "png": "png"}
	fromExt, known := byExt[ext]
	switch {
	case format != "":
		if !contains([]string{"dot", "svg", "png"}, format) {
			return "", fmt.Errorf("--format %q: want one of dot, svg, png", format)
		}
		if known && fromExt != format {
			return "", fmt.Errorf("--format %s contradicts the extension of %s", format, path)
		}
		return format, nil
	case path == "" || path == "-":
		return "dot", nil
	case ext == "" && flag != "-o":
		// --diagram FILE without an extension (/dev/null, a pipe): DOT, the
		// canonical artifact, as coordinate always wrote.
		return "dot", nil
	case !known && flag == "-o":
		return "", fmt.Errorf("-o %s: unknown extension; use .dot, .gv, .svg or .png, or give --format", path)
	case !known:
		// --format of run and coordinate chooses their report, not the diagram.
		return "", fmt.Errorf("%s %s: unknown extension; %s writes DOT, SVG or PNG as its file's extension says: .dot, .gv, .svg or .png", flag, path, flag)
	}
	return fromExt, nil
}

// writeImage writes diagram d to path (stdout for "" or "-") in format: DOT
// directly, images through the companion. Nothing is left at path on failure.
func (st *State) writeImage(path, format string, d *render.Diagram) error {
	write, err := st.imageWriter(format, d)
	if err != nil {
		return err
	}
	return st.output(path, write)
}

// imageWriter returns what writes diagram d in format: DOT directly, images
// through the companion (which it finds first, so that a missing companion fails
// before anything is written).
func (st *State) imageWriter(format string, d *render.Diagram) (func(w io.Writer) error, error) {
	if format == "dot" {
		return d.Graph.Write, nil
	}
	argv, dir, err := st.companion()
	if err != nil {
		return nil, err
	}
	return func(w io.Writer) error { return st.draw(argv, dir, format, d, w) }, nil
}

// draw runs the companion (argv in dir) on diagram d and writes the image in format to w.
func (st *State) draw(argv []string, dir, format string, d *render.Diagram, w io.Writer) error {
	// The diagram passed cascade's own size check (or was forced), so the
	// companion is told to draw it whatever its node count.
	argv = append(slices.Clip(argv), "-T", format, "-K", d.Layout, "--force")
	var stderr bytes.Buffer
	cmd := exec.CommandContext(st.Ctx, argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(d.Graph.Bytes())
	cmd.Stdout = w
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return fmt.Errorf("%s: %s", companionName, msg)
	}
	return nil
}

// errNoCompanion explains how to get the companion binary.
var errNoCompanion = errors.New(companionName + " not found: SVG and PNG are drawn by the companion binary " + companionName +
	", looked for next to cascade, then in PATH (or named by CASCADE_GRAPHVIZ). Build it next to cascade with\n" +
	"  go build -o DIR ./cmd/" + companionName + "    (DIR: the directory of the cascade binary)\n" +
	"or install both with\n" +
	"  go install ./cmd/...\n" +
	"Writing DOT needs nothing more: -o FILE.dot")

// companion returns the command line that runs cascade-graphviz, and the
// directory to run it in: $CASCADE_GRAPHVIZ; else cascade-graphviz next to the
// running cascade binary; else in PATH; else, inside a source checkout of
// cascade with a Go toolchain, `go run ./cmd/cascade-graphviz` from the module
// root (slow the first time: it compiles).
func (st *State) companion() (argv []string, dir string, err error) {
	exe := companionName
	if runtime.GOOS == "windows" {
		exe += ".exe"
	}
	if p := st.Getenv("CASCADE_GRAPHVIZ"); p != "" {
		if !isExecutable(p) {
			return nil, "", fmt.Errorf("CASCADE_GRAPHVIZ=%s is not an executable file", p)
		}
		return []string{p}, "", nil
	}
	if st.Executable != "" {
		if p := filepath.Join(filepath.Dir(st.Executable), exe); isExecutable(p) {
			return []string{p}, "", nil
		}
	}
	if p := lookPath(st.Getenv("PATH"), exe); p != "" {
		return []string{p}, "", nil
	}
	if root := sourceRoot(); root != "" {
		goExe := "go"
		if runtime.GOOS == "windows" {
			goExe += ".exe"
		}
		if g := lookPath(st.Getenv("PATH"), goExe); g != "" {
			fmt.Fprintf(st.Stderr, "cascade: %s not installed; running it with `go run ./cmd/%s` in %s\n", companionName, companionName, root)
			return []string{g, "run", "./cmd/" + companionName}, root, nil
		}
	}
	return nil, "", errNoCompanion
}

// lookPath finds an executable file called name in the directories of path.
func lookPath(path, name string) string {
	for _, dir := range filepath.SplitList(path) {
		if dir == "" {
			continue
		}
		if p := filepath.Join(dir, name); isExecutable(p) {
			return p
		}
	}
	return ""
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	if err != nil || fi.IsDir() {
		return false
	}
	return runtime.GOOS == "windows" || fi.Mode().Perm()&0o111 != 0
}

// sourceRoot returns the root of the cascade module source tree that contains
// the working directory, or "".
func sourceRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil {
			first, _, _ := strings.Cut(string(mod), "\n")
			if strings.TrimSpace(first) == "module github.com/cascade-infra/cascade" {
				if _, err := os.Stat(filepath.Join(dir, "cmd", companionName, "main.go")); err == nil {
					return dir
				}
			}
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// diagramOutput prepares the impact diagram of a run for `cascade run --diagram
// FILE`: the layout is chosen by size, and a model too large to draw asset by
// asset is refused with an error that says what to do instead; diagramFile
// writes it.
func diagramOutput(st *State, path string, res *cascade.Result) (outputFile, error) {
	out, err := render.FromResult(res)
	if err != nil {
		return outputFile{}, fmt.Errorf("--diagram: %v", err)
	}
	d, err := render.Draw(&render.Input{Model: res.Network().Model(), Outcome: out}, render.Options{View: "impact"})
	if err != nil {
		return outputFile{}, fmt.Errorf("--diagram: %v", err)
	}
	return diagramFile(st, path, d)
}

// diagramFormat checks the extension of path, the FILE of --diagram (run and
// coordinate), before anything runs, and returns its format.
func diagramFormat(path string) (string, error) {
	return imageFormat("--diagram", path, "")
}

// diagramFile prepares diagram d for --diagram FILE of run and coordinate: the
// format comes from the extension (.dot, .gv, .svg, .png); images need the
// companion cascade-graphviz, as for cascade render.
func diagramFile(st *State, path string, d *render.Diagram) (outputFile, error) {
	format, err := diagramFormat(path)
	if err != nil {
		return outputFile{}, err
	}
	write, err := st.imageWriter(format, d)
	if err != nil {
		return outputFile{}, err
	}
	return outputFile{path: path, write: write}, nil
}
