package cascade

import (
	"github.com/cascade-infra/cascade/model"
)

// Adapters from the engine (Network.RunInto) to the batch and ranking drivers. Each
// worker owns one Result, reused for every run, so runs allocate nothing.

// engineRunners compiles m and scenarios and returns a constructor of trial runners.
// Each scenario's trials run on its trialNetwork.
func engineRunners(m *model.Model, scenarios []*model.Scenario, horizon int64, seed uint64) (func() trialRunner, error) {
	net, err := Compile(m)
	if err != nil {
		return nil, err
	}
	opts := Options{MonteCarlo: true, Seed: seed}
	if horizon >= 0 {
		opts.SetHorizon, opts.Horizon = true, horizon
	}
	nets := make([]*Network, len(scenarios))
	scs := make([]*Scenario, len(scenarios))
	fixed := make([]*fixedAssets, len(scenarios))
	for i, s := range scenarios {
		sc, err := net.CompileScenario(s)
		if err != nil {
			return nil, err
		}
		nets[i], scs[i], fixed[i] = trialNetwork(net, sc, opts)
	}
	return func() trialRunner {
		return &engineTrials{nets: nets, scs: scs, fixed: fixed, opts: opts, res: make([]*Result, len(scs))}
	}, nil
}

type engineTrials struct {
	nets  []*Network
	scs   []*Scenario
	fixed []*fixedAssets
	opts  Options
	res   []*Result // per scenario, made on its first trial
}

func (e *engineTrials) trial(sc int, i int64, o *trialOutcome) {
	opts := e.opts
	opts.Trial = uint64(i)
	r := e.res[sc]
	if r == nil {
		r = new(Result)
		e.res[sc] = r
	}
	e.nets[sc].RunInto(r, e.scs[sc], opts)
	outcomeOf(r, o)
	o.fixed = e.fixed[sc]
}

// outcomeOf fills o from a run: the failed assets as the dense view of r.Failure
// (borrowed until the next run on r), and the failed sectors.
func outcomeOf(r *Result, o *trialOutcome) {
	o.failure = r.Failure
	o.assets, o.assetTimes = o.assets[:0], o.assetTimes[:0]
	o.sectors, o.sectorTimes = o.sectors[:0], o.sectorTimes[:0]
	for s := range r.Sectors {
		if at := r.Sectors[s].FailedAt; at != Never {
			o.sectors = append(o.sectors, int32(s))
			o.sectorTimes = append(o.sectorTimes, at)
		}
	}
}

// engineRankRunners compiles m and returns a constructor of worst-case runners.
func engineRankRunners(m *model.Model, horizon int64) (func() rankRunner, error) {
	net, err := Compile(m)
	if err != nil {
		return nil, err
	}
	return func() rankRunner {
		// One reusable scenario per worker: its event's assets are overwritten per run.
		sc := &Scenario{Name: "rank", Horizon: NoHorizon,
			Events: []Event{{Name: "sole_failure", Kind: model.PhysicalEvent, Probability: 1}}}
		if horizon >= 0 {
			sc.Horizon = horizon
		}
		return &engineRank{net: net, sc: sc, res: new(Result)}
	}, nil
}

type engineRank struct {
	net *Network
	sc  *Scenario
	res *Result
}

func (e *engineRank) run(assets []int32) (failedAssets, failedSectors int) {
	ev := &e.sc.Events[0]
	ev.Assets = append(ev.Assets[:0], assets...)
	if len(ev.Assets) == 2 && ev.Assets[0] > ev.Assets[1] {
		ev.Assets[0], ev.Assets[1] = ev.Assets[1], ev.Assets[0]
	}
	e.net.RunInto(e.res, e.sc, Options{})
	for s := range e.res.Sectors {
		if e.res.Sectors[s].FailedAt != Never {
			failedSectors++
		}
	}
	return e.res.NumFailed(), failedSectors
}
