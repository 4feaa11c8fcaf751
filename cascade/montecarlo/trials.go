package montecarlo

import (
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
