package main

import (
	"encoding/json"
	"strings"
	"sync"

	"github.com/spf13/pflag"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/internal/loadcache"
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
		hash = modelHash(m)
	}
	p := provenance.New(hash, scenario, vars)
	p.VarFiles, p.Mitigations = varFiles, mitigations
	return p
}

// earlyHashes holds the hashes being computed in the background (startHash), by model.
var earlyHashes sync.Map // *model.Model -> func() string

// startHash starts computing m.Hash() in a goroutine, for modelHash. The model must not
// change afterwards.
func startHash(m *model.Model) {
	earlyHashes.LoadOrStore(m, sync.OnceValue(func() string { return hashOf(m) }))
	go modelHashFunc(m)()
}

// hashOf returns m.Hash(): the hash the load cache knows (loadcache.Hash: stored in
// the entry m came from, or computed once for the entry being written), else a walk of
// m.
func hashOf(m *model.Model) string {
	if h, ok := loadcache.Hash(m); ok {
		return h
	}
	return m.Hash()
}

// modelHashFunc returns the memoised hash of m started by startHash, or hashOf.
func modelHashFunc(m *model.Model) func() string {
	if f, ok := earlyHashes.Load(m); ok {
		return f.(func() string)
	}
	return func() string { return hashOf(m) }
}

// modelHash returns m.Hash(), waiting for the one startHash began, if any, and
// forgetting it.
func modelHash(m *model.Model) string {
	h := modelHashFunc(m)()
	earlyHashes.Delete(m)
	return h
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

// withRunFlags returns p with the --horizon given, and the --trials and --seed of a
// paired Monte Carlo comparison when trials > 0.
func withRunFlags(p provenance.Info, horizon durationFlag, trials int64, seed uint64) provenance.Info {
	if horizon.set {
		p = p.WithOption("horizon", horizon.String())
	}
	if trials > 0 {
		p = p.WithTrials(trials, seed)
	}
	return p
}

// inputProvenance returns the "provenance" member of the JSON document src, null
// when it has none (a result written before provenance, or by hand).
func inputProvenance(src []byte) json.RawMessage {
	var doc struct {
		Provenance json.RawMessage `json:"provenance"`
	}
	if json.Unmarshal(src, &doc) != nil || len(doc.Provenance) == 0 {
		return json.RawMessage("null")
	}
	return doc.Provenance
}

// coordinateProvenance returns p with the flags of coordinate that change its result:
// --add-channel (joined by ";"), --suggest and --suggest-latency, --horizon, and
// --trials and --seed.
func coordinateProvenance(fs *pflag.FlagSet, p provenance.Info, horizon durationFlag, trials int64, seed uint64) provenance.Info {
	p = withRunFlags(p, horizon, trials, seed)
	if chs, _ := fs.GetStringArray("add-channel"); len(chs) > 0 {
		p = p.WithOption("add-channel", strings.Join(chs, ";"))
	}
	for _, name := range []string{"suggest", "suggest-latency"} {
		if f := fs.Lookup(name); f != nil && f.Changed {
			p = p.WithOption(name, f.Value.String())
		}
	}
	return p
}
