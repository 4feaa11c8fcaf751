package montecarlo

import (
	"cmp"
	"slices"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
)

// Fixed failures: a Monte Carlo trial makes each uncertain edge and hit live or not, and
// a live edge or hit can only make failures earlier (a group's arrivals then form a
// superset, each no later). So every asset fails in a trial no earlier than in the
// worst case (every edge and hit with probability > 0 live) and no later than in the
// certain case (only those with probability 1 live; Never counts as latest). An asset
// whose two times are equal fails at that time in every trial, or never does in any.
//
// trialNetwork uses this for batches. It seeds each such asset's failure from the
// start of every trial and drops the out edges into it, which could never change it.
// It also drops the edges that cannot arrive before their dependent's certain-case
// failure, or within the horizon (their supplier's worst-case time plus delay, plus
// the backup of a group lost at its first arrival), and every edge of a larger group
// that cannot be lost before then (its m-th earliest such arrival, plus backup). The
// edges' random draws are keyed by edge, so the others' do not move, and every
// trial's failure and sector times are exactly those of the whole network. Compromise
// still spreads along every cyber edge, and only failure times are read from such a
// run; the order of settling within a time and the causes may differ.

// trialNetwork returns the network and scenario that batch trials of sc on n with opts
// (its horizon; the rest is ignored) run on: n without the out edges into the assets
// whose failure time is the same in every trial, and sc with those failures added as
// events of probability 1 after its own (so that its events keep their indices, which
// key their hits' draws), and the split of the assets into fixed and varying ones for
// the trial buffer (nil if a fixed time does not fit it). It returns n, sc and nil
// when no asset is fixed, or when protection can change n's runs.
func trialNetwork(n *cascade.Network, sc *cascade.Scenario, opts cascade.Options) (*cascade.Network, *cascade.Scenario, *fixedAssets) {
	if n.HasRestoration() || n.HasProtection() {
		// Assets come back: the bounds above are about first failures only, and an
		// edge into an asset whose first failure is fixed still carries its returns.
		// A protection can make failures later when more edges are live: the bounds
		// above do not hold either (docs/semantics.md, "Alerts and protection").
		return n, sc, nil
	}
	det := cascade.Options{Horizon: opts.Horizon}
	worst := n.Run(sc, det)

	uncertain := func(e int32) bool { return n.EdgeProbability(e) < 1 }
	certain := n.Without(uncertain, uncertain)
	csc := &cascade.Scenario{Name: sc.Name, Horizon: sc.Horizon}
	for _, ev := range sc.Events {
		if ev.Probability >= 1 {
			csc.Events = append(csc.Events, ev)
		}
	}
	late := certain.Run(csc, det)

	fixed := make([]bool, n.NumAssets())
	some := false
	var consts []int32 // fixed assets that fail, by index
	for a := range fixed {
		if worst.Failure[a] == late.Failure[a] {
			fixed[a], some = true, true
			if worst.Failure[a] != cascade.Never {
				consts = append(consts, int32(a))
			}
		}
	}
	if !some {
		return n, sc, nil
	}
	F := worst.Failure
	tsc := &cascade.Scenario{Name: sc.Name, Horizon: sc.Horizon, Events: slices.Clone(sc.Events)}
	// One event per time, its assets by index (a stable sort of consts by time).
	seeds := slices.Clone(consts)
	slices.SortStableFunc(seeds, func(a, b int32) int { return cmp.Compare(F[a], F[b]) })
	for i := 0; i < len(seeds); {
		j := i + 1
		for j < len(seeds) && F[seeds[j]] == F[seeds[i]] {
			j++
		}
		tsc.Events = append(tsc.Events, cascade.Event{Name: "fixed", Kind: model.PhysicalEvent, At: F[seeds[i]],
			Probability: 1, Assets: seeds[i:j:j]})
		i = j
	}
	lim := limit(worst)
	deadGroup := deadGroups(n, worst, late, lim)
	return n.Without(func(e int32) bool {
		w := n.EdgeDependent(e)
		t := earliest(n, worst, e)
		return fixed[w] || deadGroup[n.EdgeGroup(e)] || t > lim || late.Failure[w] < t
	}, nil), tsc, splitFixed(fixed, consts, F)
}

// limit returns the last second at which run r may settle a failure: its horizon, or
// the second before Never without one.
func limit(r *cascade.Result) int64 {
	if h := r.Horizon(); h != cascade.Never {
		return h
	}
	return cascade.Never - 1
}

// deadGroups reports, per group with m > 1, whether none of its edges ever matters.
// Such a group is lost at its m-th arrival, no earlier than the m-th earliest of its
// edges' earliest arrivals: it does not matter when that loss plus backup never comes,
// comes after lim, or comes after the dependent's certain failure.
func deadGroups(n *cascade.Network, worst, late *cascade.Result, lim int64) []bool {
	dead := make([]bool, n.NumGroups())
	var arr []int64
	for g := range int32(n.NumGroups()) {
		m := n.GroupLoss(g)
		if m <= 1 {
			continue
		}
		arr = arr[:0]
		lo, hi := n.GroupEdges(g)
		for e := lo; e < hi; e++ {
			if n.EdgeProbability(e) > 0 {
				arr = append(arr, earliest(n, worst, e))
			}
		}
		loss := cascade.Never
		if len(arr) >= int(m) {
			slices.Sort(arr)
			loss = arr[m-1]
		}
		fail := cascade.AddTime(loss, n.GroupBackup(g))
		dead[g] = fail == cascade.Never || fail > lim || late.Failure[n.GroupAsset(g)] < fail
	}
	return dead
}

// splitFixed returns the trial buffer's split of the assets: fixed[a] says asset a's
// time is the same in every trial, consts are the fixed assets that fail (ascending)
// and F their times. It returns nil when a time does not fit the buffer.
func splitFixed(fixed []bool, consts []int32, F []int64) *fixedAssets {
	fx := &fixedAssets{consts: consts}
	for a, f := range fixed {
		if !f {
			fx.vars = append(fx.vars, int32(a))
		}
	}
	for _, a := range consts {
		if uint64(F[a]) >= noTime {
			return nil
		}
		fx.times = append(fx.times, uint32(F[a]))
	}
	return fx
}

// earliest returns the earliest time in seconds at which edge e can make its dependent
// fail in any trial, given the worst-case run: its supplier's worst-case failure plus
// its delay, and plus its group's backup when the group is lost at its first arrival
// (a larger group is lost at an arrival no earlier, and fails after its backup). An
// edge whose dependent fails before then in every trial (late.Failure < earliest)
// never changes anything. Strictly before: the edges that make the certain case's
// failures arrive no later than them, so they all stay and every trial still fails
// each asset no later than the certain case.
func earliest(n *cascade.Network, worst *cascade.Result, e int32) int64 {
	t := worst.Failure[n.EdgeSupplier(e)]
	if t == cascade.Never {
		return cascade.Never
	}
	t = cascade.AddTime(t, n.EdgeDelay(e))
	if g := n.EdgeGroup(e); n.GroupLoss(g) <= 1 {
		t = cascade.AddTime(t, n.GroupBackup(g))
	}
	return t
}
