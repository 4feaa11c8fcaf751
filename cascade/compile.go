package cascade

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/cascade-infra/cascade/model"
)

// Compile builds the network of a validated model. It checks the invariants the engine
// relies on (indices, non-negative delays and backups, probabilities in [0,1], 1 <= k <= n,
// weights > 0, thresholds in (0,1]) and returns an error naming the first violation;
// a model produced by model.Load never violates them.
//
// It works in stages: check the model's shape and count its groups and edges, lay out
// the per-asset, per-group and per-edge arrays, fill them asset by asset, sum the
// sectors, then build the out lists the runs read.
func Compile(m *model.Model) (*Network, error) {
	ng, ne, err := checkShape(m)
	if err != nil {
		return nil, err
	}
	n := newNetwork(m, ng, ne)
	if err := n.addAssets(); err != nil {
		return nil, err
	}
	n.sumSectors()
	n.buildOut(nil, nil)
	n.compileRestoration(m)
	if err := n.compileAlerts(m); err != nil {
		return nil, err
	}
	n.pool = &sync.Pool{New: func() any { return newScratch(n) }}
	return n, nil
}

// checkShape checks the sectors and assets of m (indices, thresholds, weights, groups)
// and returns the numbers of supply groups and dependencies.
func checkShape(m *model.Model) (groups, edges int, err error) {
	if m == nil {
		return 0, 0, fmt.Errorf("compile: nil model")
	}
	if len(m.Assets) >= math.MaxInt32/2 {
		return 0, 0, fmt.Errorf("compile: %d assets exceed the engine's limit", len(m.Assets))
	}
	ns := len(m.Sectors)
	for i, s := range m.Sectors {
		if s == nil || s.Index != i {
			return 0, 0, fmt.Errorf("compile: sector %d has a wrong index", i)
		}
		if !(s.Threshold > 0 && s.Threshold <= 1) {
			return 0, 0, fmt.Errorf("compile: sector %q: threshold %v is not in (0,1]", s.Name, s.Threshold)
		}
	}
	for i, a := range m.Assets {
		if a == nil || a.Index != i {
			return 0, 0, fmt.Errorf("compile: asset %d has a wrong index", i)
		}
		if a.Sector == nil || a.Sector.Index < 0 || a.Sector.Index >= ns || m.Sectors[a.Sector.Index] != a.Sector {
			return 0, 0, fmt.Errorf("compile: asset %q: sector is not part of the model", a.Name)
		}
		if !(a.Weight > 0) || math.IsInf(a.Weight, 1) {
			return 0, 0, fmt.Errorf("compile: asset %q: weight %v is not a positive number", a.Name, a.Weight)
		}
		groups += len(a.Groups)
		for _, g := range a.Groups {
			if g == nil {
				return 0, 0, fmt.Errorf("compile: asset %q: nil supply group", a.Name)
			}
			edges += len(g.Dependencies)
		}
	}
	if groups >= math.MaxInt32 || edges >= math.MaxInt32 {
		return 0, 0, fmt.Errorf("compile: %d groups and %d dependencies exceed the engine's limit", groups, edges)
	}
	return groups, edges, nil
}

// newNetwork returns a network of m with its arrays made for ng groups and ne edges.
func newNetwork(m *model.Model, ng, ne int) *Network {
	na, ns := len(m.Assets), len(m.Sectors)
	n := &Network{m: m,
		groupStart: make([]int32, na+1), weight: make([]float64, na), sector: make([]int32, na),
		groups: make([]groupInfo, ng), gAsset: make([]int32, ng), gK: make([]int32, ng), edgeStart: make([]int32, ng+1),
		eSrc: make([]int32, ne), eDst: make([]int32, ne), eGroup: make([]int32, ne), eDelay: make([]int64, ne),
		eProb: make([]float64, ne), eKind: make([]model.Kind, ne), eFlags: make([]uint8, ne), eKey: make([]uint64, ne),
		aHash:      make([]uint64, na),
		sThreshold: make([]float64, ns), sTotal: make([]float64, ns), sCount: make([]int32, ns),
		assetNames: make([]string, na), groupNames: make([]string, ng),
	}
	for i, s := range m.Sectors {
		n.sThreshold[i] = s.Threshold
	}
	return n
}

// addAssets fills the per-asset, per-group and per-edge arrays from the model, in the
// canonical order of ids (by asset, then group, then dependency), checking each group
// and dependency. The assets' names and hashes, then the checks, the groups and the
// edge arrays are filled in parallel shares of assets (each writes only its own ids);
// the multi-supplier slots and the sector sums
// follow in one pass in index order, so ids, slots and sums do not depend on the
// shares, and the error returned is the first in index order.
func (n *Network) addAssets() error {
	m := n.m
	na := len(m.Assets)
	gi, ei := 0, 0
	for ai, a := range m.Assets {
		n.groupStart[ai] = int32(gi)
		for _, g := range a.Groups {
			n.edgeStart[gi] = int32(ei)
			ei += len(g.Dependencies)
			gi++
		}
	}
	n.groupStart[na] = int32(gi)
	n.edgeStart[len(n.groups)] = int32(ei)

	shares := 1
	if len(n.eSrc) >= parallelCompileMin {
		shares = runtime.GOMAXPROCS(0)
	}
	step := (na + shares - 1) / max(shares, 1)
	errs := make([]error, shares)
	slab := model.SlabOf(m)
	inShares := func(do func(w, lo, hi int)) {
		var wg sync.WaitGroup
		for w := range shares {
			lo, hi := min(w*step, na), min((w+1)*step, na)
			wg.Go(func() { do(w, lo, hi) })
		}
		wg.Wait()
	}
	// The names and their hashes first: the edges' keys read their suppliers' hashes.
	inShares(func(_, lo, hi int) {
		for ai := lo; ai < hi; ai++ {
			n.assetNames[ai] = m.Assets[ai].Name
			n.aHash[ai] = nameHash(m.Assets[ai].Name)
		}
	})
	inShares(func(w, lo, hi int) { errs[w] = n.fillAssets(lo, hi, slab) })
	for _, err := range errs {
		if err != nil {
			return err
		}
	}

	// The multi-supplier groups' slots, in arrays sized once (appending would copy
	// them at every doubling: 150 MB on a 1M-asset model).
	multis, slots := 0, 0
	for gi := range n.groups {
		if info := &n.groups[gi]; info.m > 1 {
			multis++
			slots += multiSlots(info.m, int(n.edgeStart[gi+1]-n.edgeStart[gi]))
		}
	}
	n.multis = make([]multiInfo, 0, multis)
	n.slotInit = make([]int64, 0, slots)
	for gi := range n.groups {
		if info := &n.groups[gi]; info.m > 1 {
			n.addMulti(info, int(n.edgeStart[gi+1]-n.edgeStart[gi]))
		}
	}
	// From the compact arrays the shares filled, not the model's assets.
	for ai, s := range n.sector {
		n.sTotal[s] += n.weight[ai] // index order: deterministic
		n.sCount[s]++
	}
	return nil
}

// parallelCompileMin is the number of dependencies from which addAssets checks and
// fills the edges in parallel shares.
const parallelCompileMin = 1 << 16

// fillAssets checks and fills the assets with indices lo..hi-1, their groups and their
// edges, at the ids addAssets laid out; it returns the first error in index order.
// slab, when not empty, holds the model's assets (model.SlabOf).
func (n *Network) fillAssets(lo, hi int, slab model.AssetSlab) error {
	for ai := lo; ai < hi; ai++ {
		a := n.m.Assets[ai]
		n.weight[ai] = a.Weight
		n.sector[ai] = int32(a.Sector.Index)
		gi := n.groupStart[ai]
		for _, g := range a.Groups {
			k := len(g.Dependencies)
			if k > 0 && (g.Requires < 1 || g.Requires > k) {
				return fmt.Errorf("compile: asset %q group %q: requires %d is not in 1..%d", a.Name, g.Name, g.Requires, k)
			}
			if g.Backup < 0 {
				return fmt.Errorf("compile: asset %q group %q: negative backup %d", a.Name, g.Name, g.Backup)
			}
			info := groupInfo{backup: g.Backup, slot: -1}
			if k > 0 {
				info.m = int32(k - g.Requires + 1)
				n.gK[gi] = int32(g.Requires)
			}
			n.groups[gi] = info
			n.gAsset[gi] = int32(ai)
			n.groupNames[gi] = g.Name
			ei := int(n.edgeStart[gi])
			gh := nameHash(g.Name)
			for _, d := range g.Dependencies {
				if err := n.addEdge(ei, int32(ai), gi, a, g, d, slab); err != nil {
					return err
				}
				n.eKey[ei] = gh // the group's name hash, for the keys below
				ei++
			}
			gi++
		}
	}
	// The keys, in a loop of their own: each reads its supplier's hash at random, and
	// a short loop has many of these reads in flight where the long one above would
	// wait for them one at a time.
	for e := n.edgeStart[n.groupStart[lo]]; e < n.edgeStart[n.groupStart[hi]]; e++ {
		n.eKey[e] = edgeKey(n.aHash[n.eSrc[e]], n.aHash[n.eDst[e]], n.eKey[e])
	}
	return nil
}

// addEdge checks dependency d of group g (id gi) of asset a (index ai) and stores it as
// edge ei. The supplier's index comes from slab when it holds the supplier (an asset
// of the slab is the model's asset of its index: checkShape checked every Index).
func (n *Network) addEdge(ei int, ai, gi int32, a *model.Asset, g *model.SupplyGroup, d *model.Dependency, slab model.AssetSlab) error {
	m := n.m
	if d == nil {
		return fmt.Errorf("compile: asset %q group %q: dependency on an asset outside the model", a.Name, g.Name)
	}
	on, ok := slab.Index(d.On)
	if !ok {
		if d.On == nil || d.On.Index < 0 || d.On.Index >= len(m.Assets) || m.Assets[d.On.Index] != d.On {
			return fmt.Errorf("compile: asset %q group %q: dependency on an asset outside the model", a.Name, g.Name)
		}
		on = d.On.Index
	}
	if d.Delay < 0 {
		return fmt.Errorf("compile: asset %q: dependency on %q has negative delay %d", a.Name, d.On.Name, d.Delay)
	}
	if !(d.Probability >= 0 && d.Probability <= 1) {
		return fmt.Errorf("compile: asset %q: dependency on %q has probability %v outside [0,1]", a.Name, d.On.Name, d.Probability)
	}
	if d.Kind > model.Logical {
		return fmt.Errorf("compile: asset %q: dependency on %q has unknown kind %d", a.Name, d.On.Name, d.Kind)
	}
	n.eSrc[ei], n.eDst[ei], n.eGroup[ei] = int32(on), ai, gi
	n.eDelay[ei], n.eProb[ei], n.eKind[ei] = d.Delay, d.Probability, d.Kind
	var f uint8
	if d.Probability > 0 {
		f |= flagMaybe
	}
	if d.Probability >= 1 {
		f |= flagAlways
	}
	n.eFlags[ei] = f
	return nil
}

// sumSectors derives what the sector rule needs: the failed weight that fails each
// sector, and whether sums of weights are exact in any order (exactSums).
func (n *Network) sumSectors() {
	n.sNeed = make([]float64, len(n.sThreshold))
	for i := range n.sNeed {
		n.sNeed[i] = sectorNeed(n.sThreshold[i], n.sTotal[i])
	}
	n.exactSums = true
	var all float64
	for _, w := range n.weight {
		all += w
		if x := w * (1 << 16); x != math.Trunc(x) {
			n.exactSums = false
		}
	}
	if all >= 1<<37 {
		n.exactSums = false
	}
}

// addMulti gives a group with m > 1 and n suppliers its slots (see lostLast), four
// slots at a time so that a group with at most two slots of data sits in one 32-byte
// block.
func (n *Network) addMulti(g *groupInfo, suppliers int) {
	mi := multiInfo{slot: int32(len(n.slotInit)), m: g.m}
	switch {
	case int(g.m) == suppliers:
		g.lost = lostLast
	case g.m == 2:
		g.lost = lostSecond
	default:
		g.lost = lostMth
		mi.init2 = int64(g.m)
	}
	g.slot = mi.slot
	n.multis = append(n.multis, mi)
	n.slotInit = append(n.slotInit, make([]int64, multiSlots(g.m, suppliers))...)
	n.slotInit[mi.slot+slotMissing] = int64(mi.m)
	n.slotInit[mi.slot+slotBackup] = g.backup
	n.slotInit[mi.slot+slotFirst] = mi.init2
}

// multiSlots returns the number of slots addMulti gives a group that needs m > 1 of
// its suppliers: four, or for lostMth 3+m rounded up to a multiple of four.
func multiSlots(m int32, suppliers int) int {
	if int(m) == suppliers || m == 2 {
		return 4
	}
	return (3 + int(m) + 3) &^ 3
}

// buildOut builds the out lists (hot, out, maxW) and the cyber out lists (cyberOut,
// cyberThr) from the edges. An edge is dead, out of the part of its supplier's out
// list that runs read, when it can never carry a failure or when deadOut (if not nil)
// says so; a cyber edge is left out of the cyber lists when deadCyber (if not nil)
// says so.
//
// The lists are a stable counting sort of the edges by (supplier, class). Without
// deadOut and deadCyber (whose callers may not expect concurrent calls), a network of
// at least parallelCompileMin edges sorts in GOMAXPROCS shares of edge ids: each
// share counts its own edges, the positions are laid out share after share within
// each bucket, and each share places its edges; the lists are those of one share.
func (n *Network) buildOut(deadOut, deadCyber func(e int32) bool) {
	na, ne := len(n.weight), len(n.eSrc)
	// Out lists per supplier by class (live, dead; see assetHot), each class in
	// edge-id order.
	const (
		classLive = iota
		classDead
		numClasses
		cyberListed = 1 << 1 // with the class: the edge is in the cyber lists
	)
	shares := 1
	if ne >= parallelCompileMin && deadOut == nil && deadCyber == nil {
		shares = runtime.GOMAXPROCS(0)
	}
	step := max((ne+shares-1)/max(shares, 1), 1)
	inShares := func(do func(s, lo, hi int)) {
		if shares == 1 {
			do(0, 0, ne)
			return
		}
		var wg sync.WaitGroup
		for s := range shares {
			lo, hi := min(s*step, ne), min((s+1)*step, ne)
			wg.Go(func() { do(s, lo, hi) })
		}
		wg.Wait()
	}
	outW := make([]int64, ne)
	class := make([]uint8, ne)
	slots := make([][]int32, shares) // per share: counts, then positions, per (supplier, class)
	cyberSlots := make([][]int32, shares)
	inShares(func(s, lo, hi int) {
		slot := make([]int32, na*numClasses)
		cyber := make([]int32, na)
		for e := lo; e < hi; e++ {
			g := n.groups[n.eGroup[e]]
			w := n.eDelay[e]
			if g.lost == lostFirst {
				w = AddTime(w, g.backup)
			}
			outW[e] = w
			c := uint8(classLive)
			if n.eFlags[e]&flagMaybe == 0 || w == Never || deadOut != nil && deadOut(int32(e)) {
				c = classDead
			}
			slot[int(n.eSrc[e])*numClasses+int(c)]++
			if n.eKind[e] == model.Cyber && (deadCyber == nil || !deadCyber(int32(e))) {
				cyber[n.eSrc[e]]++
				c |= cyberListed
			}
			class[e] = c
		}
		slots[s], cyberSlots[s] = slot, cyber
	})
	// Bucket k starts at start[k]; within it share s's edges start at slots[s][k].
	start := make([]int32, na*numClasses+1)
	cyberStart := make([]int32, na+1)
	var pos, cpos int32
	for k := range na * numClasses {
		start[k] = pos
		for _, slot := range slots {
			c := slot[k]
			slot[k] = pos
			pos += c
		}
	}
	start[na*numClasses] = pos
	for a := range na {
		cyberStart[a] = cpos
		for _, cyber := range cyberSlots {
			c := cyber[a]
			cyber[a] = cpos
			cpos += c
		}
	}
	cyberStart[na] = cpos
	n.hot = make([]assetHot, na)
	for a := range n.hot {
		b := a * numClasses
		n.hot[a] = assetHot{outLo: start[b], outLive: start[b+classDead], outHi: start[b+numClasses],
			cyberLo: cyberStart[a], cyberHi: cyberStart[a+1], sector: n.sector[a], weight: n.weight[a]}
	}
	n.out = make([]outEdge, ne)
	n.cyberOut = make([]cyberEdge, cpos)
	n.cyberThr = make([]uint64, cpos)
	maxW := make([]int64, shares)
	inShares(func(s, lo, hi int) {
		slot, cyber := slots[s], cyberSlots[s]
		for e := lo; e < hi; e++ {
			u := n.eSrc[e]
			c := class[e] &^ cyberListed
			k := int(u)*numClasses + int(c)
			i := slot[k]
			slot[k]++
			g := &n.groups[n.eGroup[e]]
			n.out[i] = outEdge{w: outW[e], thr: liveThreshold(n.eProb[e]), key: n.eKey[e], dst: n.eDst[e], multi: packMulti(g.slot, g.lost)}
			if c != classDead {
				maxW[s] = max(maxW[s], outW[e])
			}
			if class[e]&cyberListed != 0 {
				j := cyber[u]
				cyber[u]++
				n.cyberOut[j] = cyberEdge{delay: n.eDelay[e], key: n.eKey[e], dst: n.eDst[e], flags: n.eFlags[e]}
				n.cyberThr[j] = liveThreshold(n.eProb[e])
			}
		}
	})
	n.maxW = slices.Max(append(maxW, 0))
}
