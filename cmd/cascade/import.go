package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/cascade-infra/cascade/graphml"
	"github.com/cascade-infra/cascade/model"
)

func init() {
	register(command{name: "import", synopsis: "turn a GraphML graph (networkx, osmnx, yEd) into a model", run: runImport})
}

const importAbout = `Read the GraphML file FILE and write a cascade model into the folder DIR: a
model.hcl that declares the sectors and organizations and imports assets.csv,
dependencies.csv and (when nodes have supply groups) needs.csv, the CSV bulk form
of docs/import.md. Then load DIR and report its mistakes, as validate does.

Each node becomes an asset, each edge a dependency: by default the edge's source is
the supplier and its target the dependent (--reverse for the other way); an
undirected edge makes each end depend on the other. The flags below name the
attributes that hold each part of the model; give "" to map none. Defaults are the
names 'cascade export graphml' writes. Parallel edges (same supplier and dependent)
merge as --merge says; self-loops are dropped. Every attribute the mapping does not
use is reported on stderr with the number of elements that have it, and its values
are kept in a column "_NAME" of the CSV files, which the loader ignores.

DIR is created if needed; a DIR that is not empty is refused unless --force, which
replaces the files of the import and leaves other files alone. All files are
written atomically, all or none. The format is named first: 'import graphml FILE'.

Exit status: 0 imported and valid, 1 a bad file or an invalid model, 2 usage.`

// mappingFlags binds the flags of a graphml.Mapping.
func mappingFlags(fs *pflag.FlagSet, mp *graphml.Mapping, delayUnit, timeUnit *string) {
	*mp = graphml.DefaultMapping
	node := func(p *string, name, what string) {
		fs.StringVar(p, name, *p, "node attribute of the "+what)
	}
	node(&mp.Sector, "sector", "sector (values become sector names)")
	fs.StringVar(&mp.DefaultSector, "default-sector", mp.DefaultSector, "sector of nodes without a sector attribute")
	node(&mp.SectorLabel, "sector-label", "sector's label")
	node(&mp.SectorThreshold, "sector-threshold", "sector's threshold, a fraction in (0, 1]")
	node(&mp.Label, "label", "label (default: the node id)")
	node(&mp.Operator, "operator", "operator (values become organization names)")
	node(&mp.OperatorLabel, "operator-label", "operator's label")
	node(&mp.OperatorCountry, "operator-country", "operator's country (ISO 3166-1 alpha-2)")
	node(&mp.Country, "country", "country (ISO 3166-1 alpha-2)")
	node(&mp.Region, "region", "region")
	node(&mp.Lat, "lat", "latitude, WGS84 degrees")
	node(&mp.Lon, "lon", "longitude, WGS84 degrees")
	node(&mp.Location, "location", `location as "lat,lon", where --lat and --lon give none`)
	node(&mp.Tags, "tags", "tags, separated by ';'")
	node(&mp.Weight, "weight", "weight in the sector")
	node(&mp.Requires, "requires", "requires of the own supply group: all, any or k")
	node(&mp.Backup, "backup", "backup of the own supply group, in --time-unit")
	node(&mp.Needs, "needs", `named supply groups, "name:requires:backup;..." (backup in --time-unit)`)
	node(&mp.Repair, "repair", "repair time, in --time-unit")
	node(&mp.Recover, "recover", "recover time, in --time-unit")
	node(&mp.Restart, "restart", "restart time, in --time-unit")
	fs.StringVar(timeUnit, "time-unit", "seconds", "unit of the node times: seconds, minutes, hours or days")
	node(&mp.Priority, "priority", "repair priority")
	fs.StringVar(&mp.Delay, "delay", mp.Delay, "edge attribute of the delay, in --delay-unit")
	fs.StringVar(delayUnit, "delay-unit", "seconds", "unit of --delay: seconds, minutes, hours or days")
	fs.StringVar(&mp.Kind, "kind", mp.Kind, "edge attribute of the kind: physical, cyber, geographic, logical (or see --kind-map)")
	fs.StringToStringVar(&mp.KindMap, "kind-map", nil, "map a kind attribute's `VALUE=KIND` (repeatable, or comma-separated)")
	fs.StringVar(&mp.Probability, "probability", mp.Probability, "edge attribute of the probability, 0 to 1")
	fs.StringVar(&mp.Group, "group", mp.Group, "edge attribute of the dependent's supply group")
	fs.StringVar(&mp.EdgeType, "edge-type", "", "edge attribute that --keep filters on")
	fs.StringSliceVar(&mp.Keep, "keep", nil, "keep only edges whose --edge-type attribute has one of these `VALUES`")
	fs.StringVar(&mp.Merge, "merge", mp.Merge, "how parallel edges merge: min-delay, max-probability or first")
	fs.BoolVar(&mp.Reverse, "reverse", false, "an edge's source depends on its target (default: the target depends on the source)")
}

var delayUnits = map[string]int64{"seconds": 1, "s": 1, "minutes": 60, "m": 60, "hours": 3600, "h": 3600, "days": 86400, "d": 86400}

func runImport(st *State, args []string) int {
	fs := st.flagSet("import", "graphml FILE --out DIR [--force] [mapping flags]", importAbout)
	out := fs.String("out", "", "write the model into `DIR`")
	force := fs.Bool("force", false, "write into a DIR that is not empty")
	var mp graphml.Mapping
	var unit, timeUnit string
	mappingFlags(fs, &mp, &unit, &timeUnit)
	args, code, ok := st.formatArg("import", "cascade import graphml FILE --out DIR", args)
	if !ok {
		return code
	}
	if code, ok := st.parse(fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		return st.usageErrorf("import graphml: want one FILE, got %d arguments; run 'cascade import --help'", fs.NArg())
	}
	if *out == "" {
		return st.usageErrorf("import graphml: --out DIR is required")
	}
	u, ok := delayUnits[unit]
	if !ok {
		return st.usageErrorf("--delay-unit %q: want seconds, minutes, hours or days", unit)
	}
	mp.DelayUnit = u
	if mp.TimeUnit, ok = delayUnits[timeUnit]; !ok {
		return st.usageErrorf("--time-unit %q: want seconds, minutes, hours or days", timeUnit)
	}
	switch mp.Merge {
	case graphml.MergeMinDelay, graphml.MergeMaxProbability, graphml.MergeFirst:
	default:
		return st.usageErrorf("--merge %q: want min-delay, max-probability or first", mp.Merge)
	}
	if len(mp.Keep) > 0 && mp.EdgeType == "" {
		return st.usageErrorf("--keep needs --edge-type, the edge attribute it filters on")
	}
	if code, ok := st.checkImportDir(*out, *force); !ok {
		return code
	}

	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return st.errorf("import graphml: %v", err)
	}
	g, err := graphml.Read(f)
	f.Close()
	if err != nil {
		return st.errorf("%s: %v", fs.Arg(0), err)
	}
	bulk, rep, err := graphml.ToModel(g, mp)
	if err != nil {
		return st.errorf("%s: %v", fs.Arg(0), err)
	}
	st.printImportReport(fs.Arg(0), rep)

	if err := os.MkdirAll(*out, 0o755); err != nil {
		return st.errorf("import graphml: %v", err)
	}
	outs := []outputFile{
		{filepath.Join(*out, graphml.FileHCL), func(w io.Writer) error { _, err := w.Write(bulk.HCL); return err }},
		{filepath.Join(*out, graphml.FileAssets), csvOutput(bulk.Assets)},
		{filepath.Join(*out, graphml.FileDeps), csvOutput(bulk.Dep)},
	}
	if len(bulk.Needs) > 1 {
		outs = append(outs, outputFile{filepath.Join(*out, graphml.FileNeeds), csvOutput(bulk.Needs)})
	}
	if err := st.outputs(outs...); err != nil {
		return st.errorf("%v", err)
	}
	p := model.NewParser()
	m, diags := p.Load(*out, model.Options{})
	if len(diags) > 0 {
		st.printDiagnostics(p.Files(), diags, false)
	}
	if m == nil || diags.HasErrors() {
		return st.errorf("the model written to %s does not load; fix the mapping or the GraphML file", *out)
	}
	fmt.Fprintf(st.Stderr, "cascade: wrote %s: %d %s in %d %s, %d %s\n", *out, len(m.Assets), plural(len(m.Assets), "asset", "assets"),
		len(m.Sectors), plural(len(m.Sectors), "sector", "sectors"), rep.Edges, plural(rep.Edges, "dependency", "dependencies"))
	return exitOK
}

// formatArg takes the format that import and export name first ("graphml") off
// args; a wrong or missing format is a usage error (use is the right command line),
// except that --help alone asks for the help.
func (st *State) formatArg(cmd, use string, args []string) ([]string, int, bool) {
	switch {
	case len(args) > 0 && !strings.HasPrefix(args[0], "-"):
		if args[0] != "graphml" {
			return nil, st.usageErrorf("%s: unknown format %q; the format is graphml: %s", cmd, args[0], use), false
		}
		return args[1:], exitOK, true
	case len(args) > 0 && !slices.Contains(args, "--help") && !slices.Contains(args, "-h"):
		return nil, st.usageErrorf("%s: name the format first: %s", cmd, use), false
	}
	return args, exitOK, true
}

// checkImportDir refuses an --out that is a file, or a folder that is not empty
// without --force.
func (st *State) checkImportDir(dir string, force bool) (int, bool) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return exitOK, true
	case err != nil:
		return st.errorf("--out %s: %v", dir, err), false
	case len(entries) > 0 && !force:
		return st.errorf("--out %s is not empty; give an empty or new folder, or --force to replace the import's files there", dir), false
	}
	return exitOK, true
}

// csvOutput writes rows as CSV.
func csvOutput(rows [][]string) func(w io.Writer) error {
	return func(w io.Writer) error {
		cw := csv.NewWriter(w)
		if err := cw.WriteAll(rows); err != nil {
			return fmt.Errorf("csv: %w", err)
		}
		return nil
	}
}

// printImportReport tells on stderr what the import did besides the one-to-one
// mapping: unmapped attributes, renamed ids, dropped and merged edges.
func (st *State) printImportReport(file string, rep *graphml.Report) {
	for _, u := range rep.Unmapped {
		what := "kept as column _" + u.Name
		if u.YFiles {
			what = "yEd graphics, not kept"
		} else if u.Domain == graphml.ForGraph {
			what = "not kept"
		}
		elems := plural(u.Count, u.Domain, u.Domain+"s")
		fmt.Fprintf(st.Stderr, "cascade: %s: %s attribute %q not mapped: on %d %s (%s)\n", file, u.Domain, u.Name, u.Count, elems, what)
	}
	note := func(n int, one, many string) {
		if n > 0 {
			fmt.Fprintf(st.Stderr, "cascade: %s: %d %s\n", file, n, plural(n, one, many))
		}
	}
	note(rep.Renamed, "node id is not a valid asset name and was changed (the id is in column _graphml_id)",
		"node ids are not valid asset names and were changed (the id is in column _graphml_id)")
	note(rep.NoSector, "node has no sector attribute and is in the default sector (--default-sector)",
		"nodes have no sector attribute and are in the default sector (--default-sector)")
	note(rep.SelfLoops, "self-loop dropped", "self-loops dropped")
	note(rep.Undirected, "undirected edge made two dependencies", "undirected edges, each made two dependencies")
	note(rep.Merged, "parallel edge merged into another (--merge)", "parallel edges merged into others (--merge)")
	keys := make([]string, 0, len(rep.Filtered))
	for k := range rep.Filtered {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(st.Stderr, "cascade: %s: %d %s of type %q dropped (--keep)\n", file, rep.Filtered[k], plural(rep.Filtered[k], "edge", "edges"), k)
	}
}
