package montecarlo

import (
	"math"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
)

// The adapter from the engine (cascade.Network.RunInto) to the batch driver. Each worker
// owns one cascade.Result per scenario, reused for every trial, so trials allocate
// nothing.

// engineRunners compiles m and scenarios and returns a constructor of trial runners.
// Each scenario's trials run on its trialNetwork.
func engineRunners(m *model.Model, scenarios []*model.Scenario, horizon cascade.Horizon, seed uint64) (func() trialRunner, error) {
	net, err := cascade.Compile(m)
	if err != nil {
		return nil, err
	}
	opts := cascade.Options{MonteCarlo: true, Seed: seed, Horizon: horizon}
	nets := make([]*cascade.Network, len(scenarios))
	scs := make([]*cascade.Scenario, len(scenarios))
	fixed := make([]*fixedAssets, len(scenarios))
	for i, s := range scenarios {
		sc, err := net.CompileScenario(s)
		if err != nil {
			return nil, err
		}
		nets[i], scs[i], fixed[i] = trialNetwork(net, sc, opts)
	}
	return func() trialRunner {
		return &engineTrials{nets: nets, scs: scs, fixed: fixed, opts: opts, res: make([]*cascade.Result, len(scs))}
	}, nil
}

type engineTrials struct {
	nets  []*cascade.Network
	scs   []*cascade.Scenario
	fixed []*fixedAssets
	opts  cascade.Options
	res   []*cascade.Result // per scenario, made on its first trial
}

func (e *engineTrials) trial(sc int, i int64, o *trialOutcome) {
	opts := e.opts
	opts.Trial = uint64(i)
	r := e.res[sc]
	if r == nil {
		r = new(cascade.Result)
		e.res[sc] = r
	}
	e.nets[sc].RunInto(r, e.scs[sc], opts)
	outcomeOf(r, o)
	serviceOf(r, o)
	o.fixed = e.fixed[sc]
}

// outcomeOf fills o from a run: the failed assets as the dense view of r.Failure
// (borrowed until the next run on r), and the failed sectors.
func outcomeOf(r *cascade.Result, o *trialOutcome) {
	o.failure = r.Failure
	o.compromised, o.alerted = r.CompromisedAssets(), r.Alerted
	o.assets, o.assetTimes = o.assets[:0], o.assetTimes[:0]
	o.sectors, o.sectorTimes = o.sectors[:0], o.sectorTimes[:0]
	for s := range r.Sectors {
		if at := r.Sectors[s].FailedAt; at != cascade.Never {
			o.sectors = append(o.sectors, int32(s))
			o.sectorTimes = append(o.sectorTimes, at)
		}
	}
}

// serviceOf fills o's losses (lossOf) and, for a run with restoration, what is down at
// the horizon (docs/batch.md, "Restoration"), which the engine lists as it sums the
// run up (cascade.Result.HorizonDown): o borrows those lists until the next run on r.
func serviceOf(r *cascade.Result, o *trialOutcome) {
	if !lossOf(r, o) {
		return
	}
	d := r.HorizonDown()
	o.downAssets, o.downTimes, o.downAt, o.sectorsDown = d.Down, d.DownS, d.AtH, d.Sectors
}

// lossOf fills o.lossMs, each sector's service lost in the run in whole milliseconds
// (nil without a horizon), and o.restored, and reports whether the run had
// restoration. Without restoration the loss is the weight of each failure times the
// seconds from it to the horizon, over the sector's total (Result.SectorRestoration),
// summed in the order the run settled the failures: a pass over the failures, with no
// sort (a trial's run, and so its order, is the same on any worker).
func lossOf(r *cascade.Result, o *trialOutcome) bool {
	o.restored = false
	h := r.Horizon()
	if h == cascade.Never {
		o.lossMs = nil
		return false
	}
	n := r.Network()
	ns := n.NumSectors()
	o.lossMs = grow(o.lossMs, ns)
	o.sectorW = grow(o.sectorW, ns)
	if r.Restoration() {
		o.restored = true
		for s := range int32(ns) {
			o.lossMs[s] = lossMs(r.SectorRestoration(s).Loss)
		}
		return true
	}
	w := o.sectorW
	clear(w)
	for _, a := range r.Order() {
		if f := r.Failure[a]; f < h {
			w[n.AssetSector(a)] += n.AssetWeight(a) * float64(h-f)
		}
	}
	for s := range int32(ns) {
		var l float64
		if tot := n.SectorWeight(s); tot > 0 {
			l = w[s] / tot
		}
		o.lossMs[s] = lossMs(l)
	}
	return false
}

// lossMs returns a loss of l seconds in whole milliseconds, rounded to nearest (up at
// a half), saturating at 2^64-1.
func lossMs(l float64) uint64 {
	ms := math.Round(l * 1000)
	if ms >= 1<<64 {
		return math.MaxUint64
	}
	return uint64(max(ms, 0))
}

// grow returns s resized to n elements, reusing its memory.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}
