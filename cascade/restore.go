package cascade

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/cascade-infra/cascade/model"
)

// Restoration: repair, recovery from compromise and restart (docs/semantics.md,
// "Restoration"). A Network runs it with Restore; the label-setting Run stays the engine
// of models without repair or recover, where both give the same failure times.
//
// The restoration engine is event driven: it resolves only the seconds at which
// something can change — a hit, the end of a damage (repair) or of a compromise, a
// reservoir reaching zero, a delay line delivering a supplier's change, a restart timer
// expiring — and each such second in the two phases the semantics prescribe, the down
// phase to a fixpoint through zero-delay edges, then the up phase. Between two such
// seconds every asset, group and edge keeps its state, so the seconds skipped change
// nothing.
//
// Why the run ends, and how much it does: an asset changes its resolved state at most
// once per second (the down phase only stops assets, the up phase only starts them, and
// a second is resolved once), so with horizon H there are at most (H+1)·|A| changes of
// assets. Each change of asset u sends one delivery per live out edge of u, of which a
// run therefore handles at most (H+1)·|E|; a second's phases touch an asset or an edge
// at most twice (once down, once up). Every other event is caused by one of these
// (a reservoir's exhaustion, a restart timer: at most one each per change of state of
// an asset or group) or is a hit or the end of a job or compromise (at most one per
// hit and asset). So a run does O((H+1)·(|A|+|E|) + hits) work and always ends; in
// practice only the seconds with events are visited, and each asset changes a few
// times. TestRestorePulse passes a pulse around a loop to exercise the worst case.

// restoreNet is the part of a Network that the restoration engine needs beyond the
// label-setting arrays: every supplier's live out edges sorted by delay, and the
// per-asset restoration parameters. It is built on the first Restore.
type restoreNet struct {
	once sync.Once
	has  bool // some asset has repair or recover

	out      []rEdge // per supplier by (delay, edge id); edges with probability 0 are left out
	draw     []rDraw // the draws of the out edges with probability below 1 (rEdge.draw)
	maxDelay int64   // the largest delay of the network's edges, seconds (with restoration)
	outID    []int32 // canonical edge ids, in the order of out
	outStart []int32 // out[outStart[a]:outStart[a+1]] are a's out edges
	zeroEnd  []int32 // out[outStart[a]:zeroEnd[a]] are a's zero-delay out edges

	// the state of every asset (with what a run reads of its network), group and
	// group count before a run, which a run starts from by copying
	as0 []aState
	gs0 []gState
	gc0 []gCount

	repair, recover, restart []int64   // seconds; repair and recover 0 when none
	priority                 []float64 // crews take higher first
	crewOrg                  []int32   // the operator whose crews repair the asset, or -1 (unlimited, or no repair)
	crews                    []int32   // per organization, 0 for unlimited
	orgNames                 []string
}

// rEdge is an out edge as the restoration engine reads it: a delivery reads one 16-byte
// record per edge. The key and threshold of an edge's random draws are only needed for
// edges with a probability below 1, which are a minority; they are kept apart, in
// restoreNet.draw.
type rEdge struct {
	delay uint32 // seconds (delays of 2^32 s or more are refused: restoreFits)
	grp   int32  // the dependent's supply group
	// runEnd is the end of the run of the supplier's out edges with this delay; ^end
	// when it is the supplier's last run
	runEnd int32
	draw   int32 // its index in restoreNet.draw, or -1 for an edge live in every trial
}

// rDraw is what a Monte Carlo trial needs to draw whether an edge is live.
type rDraw struct {
	key uint64 // the key of its random draws (EdgeKey)
	thr uint64 // Monte Carlo liveness threshold (liveThreshold), below 2^53
}

// compileRestoration records whether m has restoration; the arrays are built on first
// use (restoreData).
func (n *Network) compileRestoration(m *model.Model) {
	rn := &restoreNet{has: m.HasRestoration()}
	if rn.has {
		for _, d := range n.eDelay {
			rn.maxDelay = max(rn.maxDelay, d)
		}
	}
	n.rest = rn
}

// HasRestoration reports whether some asset of the network's model has repair or
// recover. Runs of such a model need Restore and a horizon; Run treats every failure as
// permanent.
func (n *Network) HasRestoration() bool { return n.rest.has }

// restoreData returns the restoration arrays, building them once.
func (n *Network) restoreData() *restoreNet {
	rn := n.rest
	rn.once.Do(func() { n.buildRestoration(rn) })
	return rn
}

func (n *Network) buildRestoration(rn *restoreNet) {
	m := n.m
	na, ne := n.NumAssets(), n.NumEdges()
	rn.outStart = make([]int32, na+1)
	for e := range ne {
		if n.eFlags[e]&flagMaybe != 0 {
			rn.outStart[n.eSrc[e]+1]++
		}
	}
	for a := range na {
		rn.outStart[a+1] += rn.outStart[a]
	}
	rn.out = make([]rEdge, rn.outStart[na])
	rn.outID = make([]int32, rn.outStart[na])
	pos := slices.Clone(rn.outStart[:na])
	for e := range ne {
		if n.eFlags[e]&flagMaybe == 0 {
			continue
		}
		u := n.eSrc[e]
		rn.outID[pos[u]] = int32(e)
		pos[u]++
	}
	rn.zeroEnd = make([]int32, na)
	for a := range na {
		lo, hi := rn.outStart[a], rn.outStart[a+1]
		ids := rn.outID[lo:hi]
		slices.SortFunc(ids, func(x, y int32) int {
			if c := cmp.Compare(n.eDelay[x], n.eDelay[y]); c != 0 {
				return c
			}
			return cmp.Compare(x, y)
		})
		z := lo
		for z < hi && n.eDelay[rn.outID[z]] == 0 {
			z++
		}
		rn.zeroEnd[a] = z
		for i := hi - 1; i >= lo; i-- {
			e := ids[i-lo]
			end := ^hi
			if i+1 < hi {
				if n.eDelay[rn.outID[i+1]] == n.eDelay[e] {
					end = rn.out[i+1].runEnd
				} else {
					end = i + 1
				}
			}
			rn.out[i] = rEdge{delay: uint32(n.eDelay[e]), grp: n.eGroup[e], runEnd: end, draw: -1}
		}
	}
	// the draws in out's order, so that a supplier's are together
	for i, e := range rn.outID {
		if thr := liveThreshold(n.eProb[e]); thr < 1<<53 {
			rn.out[i].draw = int32(len(rn.draw))
			rn.draw = append(rn.draw, rDraw{key: n.eKey[e], thr: thr})
		}
	}
	rn.repair = make([]int64, na)
	rn.recover = make([]int64, na)
	rn.restart = make([]int64, na)
	rn.priority = make([]float64, na)
	rn.crewOrg = make([]int32, na)
	rn.crews = make([]int32, len(m.Organizations))
	rn.orgNames = make([]string, len(m.Organizations))
	for i, o := range m.Organizations {
		rn.crews[i] = int32(o.Crews)
		rn.orgNames[i] = o.Name
	}
	for i, a := range m.Assets {
		rn.repair[i], rn.recover[i], rn.restart[i], rn.priority[i] = a.Repair, a.Recover, a.Restart, a.Priority
		rn.crewOrg[i] = -1
		if a.Operator != nil && a.Operator.Crews > 0 && a.Repair > 0 {
			rn.crewOrg[i] = int32(a.Operator.Index)
		}
	}
	rn.as0 = make([]aState, na)
	for a := range na {
		x := aState{outLo: rn.outStart[a], zeroEnd: rn.zeroEnd[a], delayed: rn.zeroEnd[a] < rn.outStart[a+1],
			gLo: n.groupStart[a], gHi: n.groupStart[a+1], sector: n.sector[a], restart: rn.restart[a] > 0}
		x.fresh()
		rn.as0[a] = x
	}
	ng := n.NumGroups()
	rn.gs0 = make([]gState, ng)
	rn.gc0 = make([]gCount, ng)
	for g := range ng {
		x := gState{backup: n.groups[g].backup, asset: n.gAsset[g]}
		x.fresh()
		rn.gs0[g] = x
		rn.gc0[g] = gCount{cnt: n.edgeStart[g+1] - n.edgeStart[g], k: n.gK[g]}
	}
}

// Timeline is the outcome of one run with restoration (Network.Restore), with horizon H:
// the resolved state of every second 0..H, summarised. Its slices belong to the
// Timeline and are overwritten by the next RestoreInto on it.
type Timeline struct {
	// Horizon is H in seconds.
	Horizon int64
	// Failure is, per asset, the first second at which it is down, or Never.
	Failure []int64
	// Restored is, per asset that failed and is working at H, the first second of the
	// working stretch that contains H; Never for an asset down at H or never down.
	Restored []int64
	// Down is, per asset, the number of seconds it is down within [0, H).
	Down []int64
	// Outages is, per asset, the number of separate down stretches that start at or
	// before H.
	Outages []int32
	// Compromise is, per asset, C(a) when it is at most H, else Never.
	Compromise []int64
	// Sectors summarises each sector, by sector index.
	Sectors []SectorTimeline
	// Repairs lists the repair jobs of assets whose operator has crews: started jobs by
	// start, then asset name; then the jobs still waiting at H by damage time, then
	// asset name.
	Repairs []Repair
	// Events counts the (second, item) pairs the run processed: hits, deliveries,
	// timers; a measure of its work.
	Events int64

	net   *Network
	sc    *Scenario
	draws draws
	st    restoreState

	// alertState holds the alerts and protections of the run (docs/semantics.md,
	// "Alerts and protection"), as in Result.
	alertState
}

// SectorTimeline summarises one sector of a run with restoration.
type SectorTimeline struct {
	// FirstImpact is the first failure second of its assets, or Never.
	FirstImpact int64
	// FailedAt is the first second at which its down fraction reaches the threshold
	// (with the relative slack of Network.Run), or Never.
	FailedAt int64
	// RestoredAt is, for a sector that reached its threshold and is below it at H, the
	// first second of its final stretch below the threshold; else Never.
	RestoredAt int64
	// FailedFraction is the weight of its assets down at some second up to H over its
	// total weight, 0–1 (exactly 1 when all were down).
	FailedFraction float64
	// DownFraction is the weight of its assets down at H over its total weight, 0–1.
	DownFraction float64
	// Loss is the integral over [0, H) of its down fraction, in seconds.
	Loss float64
}

// Repair is one repair job of an asset whose operator has crews.
type Repair struct {
	Asset        int32
	Organization int32 // index in the model's organizations
	// Damaged is the second the damage began (the first hit of the job).
	Damaged int64
	// Start is the second a crew started the job, restarted by the latest hit during
	// it; Never while it waits at H.
	Start int64
	// End is the second the job ends (the asset is no longer damaged then), or Never
	// when it ends after H.
	End int64
}

// TimelineBackup is an asset working at H with at least one group unsupplied.
type TimelineBackup struct {
	Asset int32
	// Since is the earliest start among the current unsupplied stretches of its
	// unsupplied groups, in seconds.
	Since int64
	// RunsOut is H plus the smallest reservoir left, at the start of second H, among
	// those groups, in seconds.
	RunsOut int64
	// Group is the group with that smallest reservoir (lowest id on a tie).
	Group int32
}

// Restore runs scenario sc with restoration and returns its timeline. The run needs a
// horizon: opts.Horizon when opts.SetHorizon, else the scenario's. It is safe to call
// concurrently.
func (n *Network) Restore(sc *Scenario, opts Options) (*Timeline, error) {
	tl := new(Timeline)
	if err := n.RestoreInto(tl, sc, opts); err != nil {
		return nil, err
	}
	return tl, nil
}

// RestoreInto runs scenario sc with restoration into tl, reusing its memory. opts
// selects the horizon and, with MonteCarlo, the trial (Workers is ignored).
func (n *Network) RestoreInto(tl *Timeline, sc *Scenario, opts Options) error {
	h := opts.Horizon.Or(sc.Horizon).Seconds()
	if h == Never {
		return fmt.Errorf("scenario %q: a run with restoration needs a horizon", sc.Name)
	}
	if len(n.weight) >= 1<<30 || n.NumEdges() >= 1<<30 {
		return fmt.Errorf("restore: %d assets and %d dependencies exceed the restoration engine's limit", len(n.weight), n.NumEdges())
	}
	if n.rest.maxDelay > math.MaxUint32 {
		return fmt.Errorf("restore: a delay of %ds exceeds the restoration engine's limit of %ds", n.rest.maxDelay, int64(math.MaxUint32))
	}
	if h >= Never/2 {
		return fmt.Errorf("scenario %q: horizon %d is too large", sc.Name, h)
	}
	rn := n.restoreData()
	d := draws{mc: opts.MonteCarlo}
	if opts.MonteCarlo {
		d.edgeBase, d.hitBase = trialBases(opts.Seed, opts.Trial)
	}
	tl.net, tl.sc, tl.Horizon, tl.draws = n, sc, h, d
	n.restore(tl, rn, sc, h, &d)
	return nil
}

// OnBackup returns the assets working at H with a group unsupplied, ordered by RunsOut,
// then by name.
func (tl *Timeline) OnBackup() []TimelineBackup {
	n, st, h := tl.net, &tl.st, tl.Horizon
	var out []TimelineBackup
	for a := int32(0); int(a) < n.NumAssets(); a++ {
		if !st.asset(a).working {
			continue
		}
		b := TimelineBackup{Asset: a, Since: Never, RunsOut: Never, Group: -1}
		for g := n.groupStart[a]; g < n.groupStart[a+1]; g++ {
			gs := &st.gs[g]
			if st.gc[g].supplied() {
				continue
			}
			b.Since = min(b.Since, gs.unsupSince)
			if r := h + gs.reservoirAt(h); r < b.RunsOut || b.Group < 0 {
				b.RunsOut, b.Group = r, g
			}
		}
		if b.Group >= 0 {
			out = append(out, b)
		}
	}
	slices.SortStableFunc(out, func(x, y TimelineBackup) int { return cmp.Compare(x.RunsOut, y.RunsOut) })
	return out
}

// DownAtHorizon reports whether asset a is down at H.
func (tl *Timeline) DownAtHorizon(a int32) bool { return !tl.st.asset(a).working }

// Why says why an asset is down at the horizon.
type Why struct {
	// Damaged: physical damage not repaired by H. Waiting tells whether it still waits
	// for a crew (its operator's crews are all busy).
	Damaged, Waiting bool
	// Compromised: a compromise not cleaned by H.
	Compromised bool
	// Groups are the supply groups unsupplied at H with an empty reservoir, and
	// Suppliers, per such group, the suppliers it sees down (through live edges).
	Groups    []int32
	Suppliers [][]int32
	// Restarting: nothing keeps it down any more, but it has not been able to work for
	// its whole restart time; RestartAt is when it would come back if nothing changes
	// (Never when after H... any time is given).
	Restarting bool
	RestartAt  int64
}

// Why returns why asset a is down at H; the zero Why for an asset working at H. A loop of
// down assets that wait for each other (a black-start deadlock) shows as each one's
// Suppliers naming the others.
func (tl *Timeline) Why(a int32) Why {
	var w Why
	st := &tl.st
	x := st.asset(a)
	if x.working {
		return w
	}
	n, h := tl.net, tl.Horizon
	rn := n.rest
	w.Damaged = x.damaged
	w.Waiting = w.Damaged && slices.Contains(st.waiting, a)
	w.Compromised = st.compromisedAt(a, h)
	for g := n.groupStart[a]; g < n.groupStart[a+1]; g++ {
		if st.gc[g].supplied() || st.gs[g].reservoirAt(h) > 0 {
			continue
		}
		w.Groups = append(w.Groups, g)
		var sup []int32
		for e := n.edgeStart[g]; e < n.edgeStart[g+1]; e++ {
			if tl.edgeSeenDown(e) {
				sup = append(sup, n.eSrc[e])
			}
		}
		w.Suppliers = append(w.Suppliers, sup)
	}
	if !w.Damaged && !w.Compromised && len(w.Groups) == 0 {
		w.Restarting = true
		w.RestartAt = x.cwSince + rn.restart[a]
	}
	return w
}

// edgeSeenDown reports whether the dependent of edge e sees its supplier down at H: the
// edge is live and the supplier was down at H minus the delay.
func (tl *Timeline) edgeSeenDown(e int32) bool {
	n := tl.net
	if !tl.draws.liveAt(n.eFlags[e], n.eKey[e], liveThreshold(n.eProb[e])) {
		return false
	}
	at := tl.Horizon - n.eDelay[e]
	if at < 0 {
		return false
	}
	u := n.eSrc[e]
	down := false
	for _, f := range tl.st.flips {
		if f.t > at {
			break
		}
		if f.a == u {
			down = !f.up
		}
	}
	return down
}

// OrganizationName returns the name of organization o of the model.
func (n *Network) OrganizationName(o int32) string { return n.m.Organizations[o].Name }
