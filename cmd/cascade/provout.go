package main

import (
	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
	"github.com/cascade-infra/cascade/provenance"
)

// provenanceOf returns the provenance of a result computed from m (the model as
// run, its mitigations applied) and scenario ("" for a result about the whole
// model), with the --var values, --var-file paths and mitigations of mf.
func provenanceOf(m *model.Model, scenario string, mf *modelFlags) provenance.Info {
	var vars map[string]string
	var varFiles, mitigations []string
	if mf != nil {
		if opts, err := mf.options(); err == nil {
			vars = opts.Vars
		}
		varFiles, mitigations = mf.varFiles, mf.mitigations
	}
	hash := ""
	if m != nil {
		hash = m.Hash()
	}
	p := provenance.New(hash, scenario, vars)
	p.VarFiles, p.Mitigations = varFiles, mitigations
	return p
}

// runProvenance is the provenance of the deterministic run rep of m: its scenario,
// and the --horizon that replaced the scenario's, when given.
func runProvenance(m *model.Model, rep *cascade.RunReport, mf *modelFlags, horizon durationFlag) provenance.Info {
	p := provenanceOf(m, rep.Scenario, mf)
	if horizon.set {
		p = p.WithOption("horizon", horizon.String())
	}
	return p
}
