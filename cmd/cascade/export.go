package main

import (
	"encoding/json"
	"io"

	"github.com/cascade-infra/cascade/graphml"
	"github.com/cascade-infra/cascade/provenance"
)

func init() {
	register(command{name: "export", synopsis: "write a model (and one run) as GraphML for networkx, osmnx or yEd", run: runExport})
}

const exportAbout = `Write the model as GraphML (docs/import.md, "GraphML"): one node per asset, with
id the asset's name and attributes sector, sector_label, sector_threshold, label,
country, weight and, where the model gives them, operator, operator_label,
operator_country, region, lat, lon, tags, requires, backup_s, needs, repair_s,
recover_s, restart_s and priority; one directed edge per dependency, from the
supplier (source) to the dependent (target), with kind, delay_s, probability and,
for a named supply group, group. Times are in seconds.

With --scenario, the scenario is run (worst case, as 'cascade run' does) and each
asset that fails gets failed_s, compromised, compromised_s (when compromised) and
restored_s (with restoration, when working again at the horizon); the graph gets
the scenario's name. The graph attribute provenance holds what produced the file,
as the JSON results' "provenance" object. networkx.read_graphml reads the file; 'cascade import graphml'
reads it back into the same model. The format is named first: 'export graphml'.`

func runExport(st *State, args []string) int {
	fs := st.flagSet("export", "graphml [MODEL] [--scenario NAME] [--horizon D] [-o FILE] [flags]", exportAbout)
	var mf modelFlags
	var horizon durationFlag
	scenario := fs.StringP("scenario", "s", "", "also write the failure times of a run of this scenario")
	fs.Var(&horizon, "horizon", "with --scenario, stop at `DURATION` instead of the scenario's horizon")
	out := fs.StringP("output", "o", "", "write the GraphML to `FILE` (atomically) instead of stdout")
	mf.add(fs)
	args, code, ok := st.formatArg("export", "cascade export graphml MODEL", args)
	if !ok {
		return code
	}
	if code, ok := st.parse(fs, args); !ok {
		return code
	}
	if fs.NArg() > 1 {
		return st.usageErrorf("export graphml: want at most one MODEL, got %d arguments; run 'cascade export --help'", fs.NArg())
	}
	if horizon.set && *scenario == "" {
		return st.usageErrorf("--horizon needs --scenario")
	}
	if code, ok := st.checkOutputs(outputFlag{"-o", *out, true}); !ok {
		return code
	}
	var (
		g    *graphml.Graph
		prov provenance.Info
	)
	if *scenario != "" {
		run, code := st.runScenario(fs.Arg(0), *scenario, horizon, &mf)
		if run == nil {
			return code
		}
		rep := run.Report()
		g = graphml.FromModel(run.Network().Model(), rep)
		prov = runProvenance(run.Network().Model(), rep, &mf, horizon)
	} else {
		m, code := st.loadModel(fs.Arg(0), &mf)
		if m == nil {
			return code
		}
		g = graphml.FromModel(m, nil)
		prov = provenanceOf(m, "", &mf)
	}
	js, err := json.Marshal(prov)
	if err != nil {
		return st.errorf("export graphml: %v", err)
	}
	g.SetGraphString(graphml.AttrProvenance, string(js))
	return st.writeOutput(*out, func(w io.Writer) error { return graphml.Write(w, g) })
}
