package cascade

import (
	"cmp"
	"runtime"
	"slices"
	"sync"

	"github.com/cascade-infra/cascade/model"
)

// Result is the outcome of one run. Its slices belong to the Result and are overwritten
// by the next RunInto on it; read them, do not modify them. The methods that derive
// causes and backups (Cause, CompromiseCause, Failures, OnBackup, Explain) only read the
// Result and may be called concurrently with each other, but not with a RunInto on it.
type Result struct {
	// Failure is F(a) for every asset: the time in seconds at which it fails, or Never
	// when it does not fail within the horizon.
	Failure []int64
	// Compromise is C(a): the time in seconds at which the asset is compromised by a
	// cyber event or a compromised cyber supplier, or Never. Failure[a] <= Compromise[a].
	Compromise []int64
	// Sectors holds one summary per sector of the model, by sector index.
	Sectors []SectorResult
	// EdgesScanned counts the dependency edges the run examined (out edges of every
	// settled failure, cyber out edges of every settled compromise).
	EdgesScanned int64

	net     *Network
	sc      *Scenario
	horizon int64 // seconds, Never for none
	seed    uint64
	trial   uint64
	draws   draws

	order       []int32 // failed assets in settling order (by time)
	orderC      []int32 // compromised assets in settling order
	sectorCount []int32 // failed assets per sector
	sorted      []int32 // order sorted by (time, index): timeOrder, once per run
	sortedOnce  sync.Once

	// roundsF and roundsC hold where each round of the run starts in order and orderC.
	roundsF, roundsC []int32
	// rankF and rankC are the round in which each asset failed or was compromised (-1
	// when never); Cause needs them and computes them once per run, on first use.
	rankF, rankC []int32
	ranksOnce    sync.Once

	scr    *scratch // RunInto's working memory, for scrNet
	scrNet *Network

	// restoration (restore_result.go)
	restored           bool      // the run resolved restoration into tl
	tl                 *Timeline // the restoration engine's outcome, reused
	flipStart, flipPos []int32   // per asset, its flips' positions in tl's log
	flipOnce           sync.Once
	loss               []float64 // per sector, the Loss of a run without restoration
	lossOnce           sync.Once

	// alertState holds the alerts and protections of the run (docs/semantics.md,
	// "Alerts and protection"): per organization Detected, Alerted and Protected, and
	// Alerts and Protections.
	alertState
}

// SectorResult summarises one sector at the horizon (or when nothing changes any more).
type SectorResult struct {
	// FirstImpact is the earliest failure time of the sector's assets in seconds, or Never.
	FirstImpact int64
	// FailedAt is the earliest time in seconds at which the failed fraction reaches the
	// sector's threshold, or Never. A relative slack of 1e-9 absorbs rounding in the sum.
	FailedAt int64
	// FailedFraction is the failed weight over the total weight, a fraction 0–1
	// (exactly 1 when every asset failed, 0 for a sector without assets).
	FailedFraction float64
	// FailedWeight is the summed weight of the failed assets, added in order of
	// (failure time, asset index) so that it is the same bits on every run.
	FailedWeight float64
}

// reset prepares r for a run of sc on n.
func (r *Result) reset(n *Network, sc *Scenario, opts Options) {
	r.net, r.sc = n, sc
	r.horizon = opts.Horizon.Or(sc.Horizon).Seconds()
	r.seed, r.trial = opts.Seed, opts.Trial
	r.draws = draws{mc: opts.MonteCarlo}
	if opts.MonteCarlo {
		r.draws.edgeBase, r.draws.hitBase = trialBases(opts.Seed, opts.Trial)
	}
	na, ns := n.NumAssets(), n.NumSectors()
	r.Failure = resize(r.Failure, na)
	r.Compromise = resize(r.Compromise, na)
	fillNever(r.Failure)
	fillNever(r.Compromise)
	if cap(r.order) < na {
		r.order = make([]int32, 0, na)
		r.orderC = make([]int32, 0, na)
	}
	r.order, r.orderC = r.order[:0], r.orderC[:0]
	r.roundsF, r.roundsC = r.roundsF[:0], r.roundsC[:0]
	r.Sectors = resize(r.Sectors, ns)
	for s := range r.Sectors {
		r.Sectors[s] = SectorResult{FirstImpact: Never, FailedAt: Never}
	}
	r.sectorCount = resize(r.sectorCount, ns)
	clear(r.sectorCount)
	r.EdgesScanned = 0
	r.ranksOnce, r.sortedOnce = sync.Once{}, sync.Once{}
	r.restored = false
	r.flipOnce, r.lossOnce = sync.Once{}, sync.Once{}
	r.resetAlerts(n.al, r.horizon)
}

func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// ranks returns the rounds in which assets failed and were compromised, computing them
// on the first call after a run. An asset's cause is always among the assets of earlier
// rounds, which makes causes well founded and independent of the order within a round.
func (r *Result) ranks() (rankF, rankC []int32) {
	r.ranksOnce.Do(func() {
		na := len(r.Failure)
		r.rankF = resize(r.rankF, na)
		r.rankC = resize(r.rankC, na)
		for i := range na {
			r.rankF[i], r.rankC[i] = -1, -1
		}
		fill := func(rank, order, rounds []int32) {
			for ri, start := range rounds {
				end := int32(len(order))
				if ri+1 < len(rounds) {
					end = rounds[ri+1]
				}
				for _, a := range order[start:end] {
					rank[a] = int32(ri)
				}
			}
		}
		fill(r.rankF, r.order, r.roundsF)
		fill(r.rankC, r.orderC, r.roundsC)
	})
	return r.rankF, r.rankC
}

// Network returns the network the result was computed on.
func (r *Result) Network() *Network { return r.net }

// Scenario returns the scenario of the run.
func (r *Result) Scenario() *Scenario { return r.sc }

// Horizon returns the run's horizon in seconds, or Never when it has none.
func (r *Result) Horizon() int64 { return r.horizon }

// MonteCarlo reports whether the run was a Monte Carlo trial, and its seed and index.
func (r *Result) MonteCarlo() (ok bool, seed, trial uint64) { return r.draws.mc, r.seed, r.trial }

// Failed reports whether asset a failed within the horizon.
func (r *Result) Failed(a int32) bool { return r.Failure[a] != Never }

// Compromised reports whether asset a was compromised within the horizon.
func (r *Result) Compromised(a int32) bool { return r.Compromise[a] != Never }

// CompromisedAssets returns the assets compromised within the horizon, in the order the
// run settled them (by time). The slice belongs to the Result.
func (r *Result) CompromisedAssets() []int32 { return r.orderC }

// NumFailed returns the number of assets that failed within the horizon.
func (r *Result) NumFailed() int { return len(r.order) }

// Order returns the failed assets ordered by failure time; assets that fail at the same
// time come in the order the run settled them, which is deterministic for a given
// network, scenario and options (Failures orders ties by name). The slice belongs to
// the Result.
func (r *Result) Order() []int32 { return r.order }

// CauseKind says what made an asset fail or become compromised.
type CauseKind uint8

// Cause kinds. At equal times an event beats a compromise, which beats a loss of supply.
const (
	CauseNone       CauseKind = iota // the asset did not fail (or was not compromised)
	CauseEvent                       // an event hit the asset
	CauseCompromise                  // a compromised cyber supplier compromised it
	CauseSupply                      // a supply group was lost and its backup ran out
)

var causeNames = [...]string{"none", "event", "compromise", "supply"}

// String returns "none", "event", "compromise" or "supply".
func (k CauseKind) String() string {
	if int(k) < len(causeNames) {
		return causeNames[k]
	}
	return "unknown"
}

// Cause is why an asset failed (Result.Cause) or was compromised (Result.CompromiseCause).
//
// Ties are broken deterministically: among events, the lowest event index; among
// compromising suppliers, the lowest edge id; among lost groups, the lowest group id, and
// within the group the arrivals are ordered by (arrival time, edge id). Only suppliers
// that failed (or were compromised) in an earlier round of the run — at an earlier
// time, or at the same time through a shorter chain of zero-time links — are
// considered, so following causes from
// asset to supplier always ends at an event, even through zero-delay cycles.
type Cause struct {
	Kind CauseKind
	// Event is the scenario event index for CauseEvent, else -1.
	Event int32
	// Edge is, for CauseCompromise, the cyber edge from the compromised supplier; for
	// CauseSupply, the tipping edge whose arrival lost the group (the (n-k+1)-th); else -1.
	Edge int32
	// Group is the lost supply group for CauseSupply, else -1.
	Group int32
	// LostAt is U(g), the time in seconds the group lost its supply, for CauseSupply;
	// else Never. The asset fails at LostAt plus the group's backup.
	LostAt int64
	// Lost lists, for CauseSupply, the group's live edges whose arrival came no later
	// than LostAt, by (arrival, edge id); the tipping edge is the last. Nil otherwise.
	Lost []int32
}

func noCause() Cause { return Cause{Kind: CauseNone, Event: -1, Edge: -1, Group: -1, LostAt: Never} }

// hitBy returns the lowest index of an event that hits asset a at time t, or -1: a cyber
// event when cyberOnly, else a physical one or, when a is compromised at t, a cyber one
// (a protected asset is not hit by a cyber event).
func (r *Result) hitBy(a int32, t int64, cyberOnly bool) int32 {
	for ei := range r.sc.Events {
		ev := &r.sc.Events[ei]
		cyber := ev.Kind == model.CyberEvent
		if ev.At != t || (cyberOnly && !cyber) || (!cyberOnly && cyber && r.Compromise[a] != t) {
			continue
		}
		if _, ok := slices.BinarySearch(ev.Assets, a); ok && r.draws.hit(r.net.HitKey(ev.Name, a), ev.Probability) {
			return int32(ei)
		}
	}
	return -1
}

// Cause returns why asset a failed; Kind is CauseNone when it did not.
func (r *Result) Cause(a int32) Cause { return r.cause(a, new(lossScratch)) }

// cause is Cause with groupLoss's buffers in s: the Lost edges of a supply cause are
// carved from s's shared block, so deriving many causes allocates a few blocks in all.
func (r *Result) cause(a int32, s *lossScratch) Cause {
	t := r.Failure[a]
	c := noCause()
	if t == Never {
		return c
	}
	if ei := r.hitBy(a, t, false); ei >= 0 {
		c.Kind, c.Event = CauseEvent, ei
		return c
	}
	if r.Compromise[a] == t {
		cc := r.CompromiseCause(a)
		if cc.Kind == CauseCompromise {
			return cc
		}
	}
	if r.restored {
		return r.restoreCause(a)
	}
	n := r.net
	rankF, _ := r.ranks()
	for g := n.groupStart[a]; g < n.groupStart[a+1]; g++ {
		lost, edges := r.groupLoss(g, rankF[a], s)
		if lost == Never || lost > t-n.groups[g].backup {
			continue
		}
		if lost+n.groups[g].backup == t {
			c.Kind, c.Group, c.LostAt, c.Lost = CauseSupply, g, lost, edges
			c.Edge = edges[len(edges)-1]
			return c
		}
	}
	panic("cascade: failure without a cause (engine invariant broken)")
}

// CompromiseCause returns why asset a was compromised: a cyber event (CauseEvent) or a
// compromised cyber supplier (CauseCompromise); CauseNone when it was not compromised.
func (r *Result) CompromiseCause(a int32) Cause {
	t := r.Compromise[a]
	c := noCause()
	if t == Never {
		return c
	}
	if ei := r.hitBy(a, t, true); ei >= 0 {
		c.Kind, c.Event = CauseEvent, ei
		return c
	}
	n := r.net
	_, rankC := r.ranks()
	rank := rankC[a]
	for e := n.edgeStart[n.groupStart[a]]; e < n.edgeStart[n.groupStart[a+1]]; e++ {
		u := n.eSrc[e]
		if n.eKind[e] != model.Cyber || rankC[u] < 0 || rankC[u] >= rank {
			continue
		}
		if r.Compromise[u] > t-n.eDelay[e] || r.Compromise[u]+n.eDelay[e] != t {
			continue
		}
		if r.draws.liveEdge(n, e) {
			c.Kind, c.Edge = CauseCompromise, e
			return c
		}
	}
	panic("cascade: compromise without a cause (engine invariant broken)")
}

// liveEdge is live for edge e of n, reading the edge's key and probability only when
// its flags leave the draw open (an uncertain edge in a Monte Carlo run): deriving a
// report's causes visits edges at random, and each array read is a cache miss. In the
// other cases liveAt decides from the flags alone, before it looks at key or threshold.
func (d *draws) liveEdge(n *Network, e int32) bool {
	f := n.eFlags[e]
	if d.mc && f&flagMaybe != 0 && f&flagAlways == 0 {
		return d.live(f, n.eKey[e], n.eProb[e])
	}
	return d.liveAt(f, 0, 0)
}

// arrival is when the loss of a group's supplier reaches the group, through edge e.
type arrival struct {
	t int64
	e int32
}

// lossScratch holds buffers that groupLoss reuses from call to call.
type lossScratch struct {
	arr []arrival // the arrivals of the group at hand
	// edges is a block the returned edge lists are carved from; each list is capped at
	// its own length, so appending to one never overwrites another.
	edges      []int32
	edgesCount int   // the edges handed out since the last reset
	sink       int64 // keeps FailureRows.Fill's reads ahead (readAheadCauses)
}

// reset makes s hand out its edge lists again, overwriting those it handed out before
// (see timeArena.reset).
func (s *lossScratch) reset() {
	s.edges, s.edgesCount = reuseBlock(s.edges, s.edgesCount), 0
}

// groupLoss returns U(g) counting only the suppliers failed in rounds before rank (all failed
// suppliers when rank is maxRank), and the live edges arriving no later than U(g) in
// (arrival, edge id) order; Never and nil when the group is not lost. Its buffers are
// in s; the returned edges stay valid after later calls.
func (r *Result) groupLoss(g int32, rank int32, s *lossScratch) (int64, []int32) {
	n := r.net
	m := n.groups[g].m
	if m == 0 {
		return Never, nil
	}
	rankF, _ := r.ranks()
	arr := s.arr[:0]
	for e := n.edgeStart[g]; e < n.edgeStart[g+1]; e++ {
		u := n.eSrc[e]
		if rankF[u] < 0 || rankF[u] >= rank || !r.draws.liveEdge(n, e) {
			continue
		}
		d := n.eDelay[e]
		if d > Never-1-r.Failure[u] {
			continue
		}
		arr = append(arr, arrival{r.Failure[u] + d, e})
	}
	s.arr = arr // keep the grown buffer for the next call
	if len(arr) < int(m) {
		return Never, nil
	}
	slices.SortFunc(arr, func(x, y arrival) int {
		if c := cmp.Compare(x.t, y.t); c != 0 {
			return c
		}
		return cmp.Compare(x.e, y.e)
	})
	lost := arr[m-1].t
	if cap(s.edges)-len(s.edges) < int(m) {
		s.edges = make([]int32, 0, max(4096, int(m)))
	}
	s.edgesCount += int(m)
	start := len(s.edges)
	for _, x := range arr[:m] {
		s.edges = append(s.edges, x.e)
	}
	return lost, s.edges[start:len(s.edges):len(s.edges)]
}

const maxRank = int32(1<<31 - 1)

// Failure is one failed asset of a run.
type Failure struct {
	Asset       int32
	At          int64 // seconds
	Compromised bool  // compromised within the horizon (at Result.Compromise[Asset])
	Cause       Cause
}

// Failures returns every failed asset ordered by failure time, then by name.
func (r *Result) Failures() []Failure {
	assets := r.timeOrder()
	out := make([]Failure, len(assets))
	failureShares(len(assets), func(lo, hi int) {
		var s lossScratch
		for i := lo; i < hi; i++ {
			out[i] = r.failure(assets[i], &s)
		}
	})
	return out
}

// timeOrder returns the failed assets ordered by failure time, then by id (the ids
// are in name order). It sorts them once per run, into r.sorted; callers only read it.
func (r *Result) timeOrder() []int32 {
	r.sortedOnce.Do(func() {
		// r.order is by time already, so sorting the ids of each run of one time is
		// enough; the check after it falls back to a whole sort should the order ever
		// not be by time.
		o := append(r.sorted[:0], r.order...)
		F := r.Failure
		for lo := 0; lo < len(o); {
			hi := lo + 1
			for hi < len(o) && F[o[hi]] == F[o[lo]] {
				hi++
			}
			if hi-lo > 1 {
				slices.Sort(o[lo:hi])
			}
			lo = hi
		}
		byTime := func(x, y int32) int {
			if c := cmp.Compare(F[x], F[y]); c != 0 {
				return c
			}
			return cmp.Compare(x, y)
		}
		if !slices.IsSortedFunc(o, byTime) {
			slices.SortFunc(o, byTime)
		}
		r.sorted = o
	})
	return r.sorted
}

// failure returns the Failure of the failed asset a, its cause derived with scratch s.
func (r *Result) failure(a int32, s *lossScratch) Failure {
	return Failure{Asset: a, At: r.Failure[a], Compromised: r.Compromise[a] != Never, Cause: r.cause(a, s)}
}

// failureShares calls do(lo, hi) for the shares of 0..n-1, in parallel goroutines
// (GOMAXPROCS shares) from parallelFailuresMin failures, else once. Deriving causes only reads the Result (its
// lazy indexes are built once under sync.Once), so each share needs only its own
// scratch; what the shares write does not depend on their number.
func failureShares(n int, do func(lo, hi int)) {
	shares := 1
	if n >= parallelFailuresMin {
		shares = runtime.GOMAXPROCS(0)
	}
	step := max((n+shares-1)/max(shares, 1), 1)
	var wg sync.WaitGroup
	for lo := 0; lo < n; lo += step {
		hi := min(lo+step, n)
		wg.Go(func() { do(lo, hi) })
	}
	wg.Wait()
}

// parallelFailuresMin is the number of failures from which Failures and Report derive
// their causes in parallel; below it a goroutine costs more than it saves. A variable
// so that tests can run the shares on small runs.
var parallelFailuresMin = 1 << 14

// Backup is an asset that has not failed by the horizon but has lost the supply of at
// least one group and is running on that group's backup.
type Backup struct {
	Asset int32
	// Since is the earliest time in seconds at which one of its groups lost supply.
	Since int64
	// RunsOut is the earliest U(g)+backup(g) over the lost groups, seconds (> horizon).
	RunsOut int64
	// Group is the group whose backup runs out first (lowest id on a tie).
	Group int32
}

// OnBackup returns the assets running on backup at the horizon, ordered by RunsOut, then
// by name. It is empty for a run without a horizon.
func (r *Result) OnBackup() []Backup {
	if r.horizon == Never {
		return nil
	}
	if r.restored {
		var out []Backup
		for _, b := range r.tl.OnBackup() {
			out = append(out, Backup(b))
		}
		return out
	}
	n := r.net
	var out []Backup
	var s lossScratch
	for a := int32(0); int(a) < n.NumAssets(); a++ {
		if r.Failure[a] != Never {
			continue
		}
		b := Backup{Asset: a, Since: Never, RunsOut: Never, Group: -1}
		for g := n.groupStart[a]; g < n.groupStart[a+1]; g++ {
			lost, _ := r.groupLoss(g, maxRank, &s)
			s.edges = s.edges[:0] // the edges are not kept
			if lost > r.horizon {
				continue
			}
			b.Since = min(b.Since, lost)
			end := Never
			if bk := n.groups[g].backup; bk <= Never-1-lost {
				end = lost + bk
			}
			if end < b.RunsOut || b.Group < 0 {
				b.RunsOut, b.Group = end, g
			}
		}
		if b.Group >= 0 {
			out = append(out, b)
		}
	}
	slices.SortStableFunc(out, func(x, y Backup) int { return cmp.Compare(x.RunsOut, y.RunsOut) })
	return out
}
