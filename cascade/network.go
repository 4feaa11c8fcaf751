package cascade

import (
	"fmt"
	"math"
	"sync"

	"github.com/cascade-infra/cascade/model"
)

// Never is the time of something that does not happen (within the horizon), in seconds.
const Never int64 = math.MaxInt64

// NoHorizon asks a run to continue until nothing changes. It equals model.NoHorizon.
const NoHorizon int64 = model.NoHorizon

// edge flags, precomputed from the probability.
const (
	flagMaybe  uint8 = 1 << iota // probability > 0: live in a deterministic run
	flagAlways                   // probability >= 1: live in every trial
)

// outEdge is an edge as stored in the supplier's out list, laid out for the hot loop.
// When the edge's group is lost at its first arrival (m == 1: "all", or k == n) the edge
// is an ordinary shortest-path edge of weight delay+backup and the loop never looks at
// the group; otherwise slot is where the group keeps its arrivals (see lostLast).
type outEdge struct {
	w    int64  // seconds: delay+backup (saturated at Never) when lost == lostFirst, else delay
	thr  uint64 // Monte Carlo liveness threshold (see liveThreshold)
	dst  int32  // dependent asset
	slot int32  // the group's first slot in the scratch, or -1 when lost == lostFirst
	id   int32  // canonical edge id
	lost uint8  // how the group is lost: lostFirst, lostLast, lostSecond or lostMth
}

// How a supply group with m = n-k+1 is lost, and what it keeps in the scratch's slots
// from its slot g on. slots[g] counts down the arrivals still missing before the loss
// (m at the start of a run) and slots[g+1] is the backup in seconds. Every edge of a
// group arrives at most once in a run (its supplier fails once), so:
const (
	lostFirst  uint8 = iota // m == 1: at its first arrival; no slots
	lostLast                // m == n > 1: at its last arrival; slots[g+2] is the latest arrival so far
	lostSecond              // m == 2 < n: at its second arrival; slots[g+2], slots[g+3] are the two earliest
	lostMth                 // 2 < m < n: slots[g+2] is m, then a max-heap of the m earliest arrivals
)

// assetHot is what the loop reads when it settles an asset, in one place: the asset's
// out lists and its sector and weight. An asset's out edges are in edge-id order, first
// those that can carry a failure, out[outLo:outLive], then those that never do
// (probability 0, or a delay plus backup beyond any time), out[outLive:outHi], which
// the loop never reads.
type assetHot struct {
	outLo, outLive, outHi int32 // out positions, see above
	cyberLo, cyberHi      int32 // cyberOut[cyberLo:cyberHi]
	sector                int32
	weight                float64
}

// multiInfo is a supply group with m = n-k+1 > 1, lost at its m-th arrival: where its
// slots are and what a run starts them with.
type multiInfo struct {
	slot  int32 // first slot (see lostLast)
	m     int32 // slots[slot] at the start
	init2 int64 // slots[slot+2] at the start: 0 for lostLast, m for lostMth
}

// cyberEdge is a cyber edge as stored in the supplier's cyber out list.
type cyberEdge struct {
	delay int64
	dst   int32
	id    int32
	flags uint8
}

// groupInfo is the hot part of a supply group.
type groupInfo struct {
	backup int64 // seconds
	m      int32 // n-k+1: the number of arrivals that lose the group; 0 for an empty group
	slot   int32 // first slot of the group's arrivals when m > 1, else -1
	lost   uint8 // lostFirst, lostLast, lostSecond or lostMth
}

// Network is a compiled, immutable model: assets, supply groups and dependency edges in
// compact arrays indexed by int32. Asset i is model.Assets[i]. Edge ids are dense and
// deterministic: by dependent asset, then supply group in model order, then dependency
// order. Group ids are dense in the same way: by asset, then model group order.
// A Network is safe for concurrent use.
type Network struct {
	m *model.Model

	// names of assets and groups, copied out of the model so that reports read them
	// from one array instead of chasing a pointer per asset
	assetNames []string
	groupNames []string

	// per asset
	groupStart []int32   // groups of asset a: groupStart[a]..groupStart[a+1]
	weight     []float64 // share of the sector, > 0
	sector     []int32   // sector index

	// per group
	groups    []groupInfo
	gAsset    []int32     // the dependent asset
	gK        []int32     // required suppliers k (0 for an empty group)
	edgeStart []int32     // edges of group g: edgeStart[g]..edgeStart[g+1]
	multis    []multiInfo // groups with m > 1
	slotInit  []int64     // the slots as a run starts them, before the arrivals

	// per edge (canonical id)
	eSrc   []int32
	eDst   []int32
	eGroup []int32
	eDelay []int64
	eProb  []float64
	eKind  []model.Kind
	eFlags []uint8

	// supplier → dependents: every asset's out edges (see assetHot for their order),
	// as one array of structs so that an asset's few edges share cache lines.
	hot []assetHot
	out []outEdge
	// maxW is the largest outEdge.w of an edge that can carry a failure (0 if none): a
	// round at t <= lim-maxW needs no horizon test per edge.
	maxW     int64
	cyberOut []cyberEdge
	cyberThr []uint64 // in the order of cyberOut

	// per sector
	sThreshold []float64
	sTotal     []float64
	sCount     []int32
	sNeed      []float64 // threshold × total × (1 − thresholdTolerance): failed weight that fails it
	// exactSums is true when every weight is a multiple of 2^-16 and all weights
	// together stay below 2^37: then every partial sum of weights is exact in float64,
	// whatever the order, and runs need not sort failures to get bit-identical sums.
	exactSums bool

	pool *sync.Pool // *scratch

	rest *restoreNet // restoration (restore.go), shared by derived networks
}

// Compile builds the network of a validated model. It checks the invariants the engine
// relies on (indices, non-negative delays and backups, probabilities in [0,1], 1 <= k <= n,
// weights > 0, thresholds in (0,1]) and returns an error naming the first violation;
// a model produced by model.Load never violates them.
func Compile(m *model.Model) (*Network, error) {
	if m == nil {
		return nil, fmt.Errorf("compile: nil model")
	}
	if len(m.Assets) >= math.MaxInt32/2 {
		return nil, fmt.Errorf("compile: %d assets exceed the engine's limit", len(m.Assets))
	}
	n := &Network{m: m}
	ns := len(m.Sectors)
	for i, s := range m.Sectors {
		if s == nil || s.Index != i {
			return nil, fmt.Errorf("compile: sector %d has a wrong index", i)
		}
		if !(s.Threshold > 0 && s.Threshold <= 1) {
			return nil, fmt.Errorf("compile: sector %q: threshold %v is not in (0,1]", s.Name, s.Threshold)
		}
	}
	na := len(m.Assets)
	ng, ne := 0, 0
	for i, a := range m.Assets {
		if a == nil || a.Index != i {
			return nil, fmt.Errorf("compile: asset %d has a wrong index", i)
		}
		if a.Sector == nil || a.Sector.Index < 0 || a.Sector.Index >= ns || m.Sectors[a.Sector.Index] != a.Sector {
			return nil, fmt.Errorf("compile: asset %q: sector is not part of the model", a.Name)
		}
		if !(a.Weight > 0) || math.IsInf(a.Weight, 1) {
			return nil, fmt.Errorf("compile: asset %q: weight %v is not a positive number", a.Name, a.Weight)
		}
		ng += len(a.Groups)
		for _, g := range a.Groups {
			if g == nil {
				return nil, fmt.Errorf("compile: asset %q: nil supply group", a.Name)
			}
			ne += len(g.Dependencies)
		}
	}
	if ng >= math.MaxInt32 || ne >= math.MaxInt32 {
		return nil, fmt.Errorf("compile: %d groups and %d dependencies exceed the engine's limit", ng, ne)
	}

	n.groupStart = make([]int32, na+1)
	n.weight = make([]float64, na)
	n.sector = make([]int32, na)
	n.groups = make([]groupInfo, ng)
	n.gAsset = make([]int32, ng)
	n.gK = make([]int32, ng)
	n.edgeStart = make([]int32, ng+1)
	n.eSrc = make([]int32, ne)
	n.eDst = make([]int32, ne)
	n.eGroup = make([]int32, ne)
	n.eDelay = make([]int64, ne)
	n.eProb = make([]float64, ne)
	n.eKind = make([]model.Kind, ne)
	n.eFlags = make([]uint8, ne)
	n.sThreshold = make([]float64, ns)
	n.sTotal = make([]float64, ns)
	n.sCount = make([]int32, ns)
	for i, s := range m.Sectors {
		n.sThreshold[i] = s.Threshold
	}

	gi, ei := 0, 0
	for ai, a := range m.Assets {
		n.groupStart[ai] = int32(gi)
		n.weight[ai] = a.Weight
		n.sector[ai] = int32(a.Sector.Index)
		n.sTotal[a.Sector.Index] += a.Weight // index order: deterministic
		n.sCount[a.Sector.Index]++
		for _, g := range a.Groups {
			k := len(g.Dependencies)
			if k > 0 && (g.Requires < 1 || g.Requires > k) {
				return nil, fmt.Errorf("compile: asset %q group %q: requires %d is not in 1..%d", a.Name, g.Name, g.Requires, k)
			}
			if g.Backup < 0 {
				return nil, fmt.Errorf("compile: asset %q group %q: negative backup %d", a.Name, g.Name, g.Backup)
			}
			info := groupInfo{backup: g.Backup, slot: -1}
			if k > 0 {
				info.m = int32(k - g.Requires + 1)
				n.gK[gi] = int32(g.Requires)
			}
			if info.m > 1 {
				n.addMulti(&info, k)
			}
			n.groups[gi] = info
			n.gAsset[gi] = int32(ai)
			n.edgeStart[gi] = int32(ei)
			for _, d := range g.Dependencies {
				if d == nil || d.On == nil || d.On.Index < 0 || d.On.Index >= na || m.Assets[d.On.Index] != d.On {
					return nil, fmt.Errorf("compile: asset %q group %q: dependency on an asset outside the model", a.Name, g.Name)
				}
				if d.Delay < 0 {
					return nil, fmt.Errorf("compile: asset %q: dependency on %q has negative delay %d", a.Name, d.On.Name, d.Delay)
				}
				if !(d.Probability >= 0 && d.Probability <= 1) {
					return nil, fmt.Errorf("compile: asset %q: dependency on %q has probability %v outside [0,1]", a.Name, d.On.Name, d.Probability)
				}
				if d.Kind > model.Logical {
					return nil, fmt.Errorf("compile: asset %q: dependency on %q has unknown kind %d", a.Name, d.On.Name, d.Kind)
				}
				n.eSrc[ei] = int32(d.On.Index)
				n.eDst[ei] = int32(ai)
				n.eGroup[ei] = int32(gi)
				n.eDelay[ei] = d.Delay
				n.eProb[ei] = d.Probability
				n.eKind[ei] = d.Kind
				var f uint8
				if d.Probability > 0 {
					f |= flagMaybe
				}
				if d.Probability >= 1 {
					f |= flagAlways
				}
				n.eFlags[ei] = f
				ei++
			}
			gi++
		}
	}
	n.groupStart[na] = int32(gi)
	n.sNeed = make([]float64, ns)
	for i := range ns {
		n.sNeed[i] = n.sThreshold[i] * n.sTotal[i] * (1 - thresholdTolerance)
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
	n.edgeStart[ng] = int32(ei)

	n.buildOut(nil, nil)
	n.compileRestoration(m)
	n.pool = &sync.Pool{New: func() any { return newScratch(n) }}
	n.assetNames = make([]string, len(m.Assets))
	n.groupNames = make([]string, 0, n.groupStart[len(m.Assets)])
	for i, a := range m.Assets {
		n.assetNames[i] = a.Name
		for _, g := range a.Groups {
			n.groupNames = append(n.groupNames, g.Name)
		}
	}
	return n, nil
}

// addMulti gives a group with m > 1 and n suppliers its slots (see lostLast), four
// slots at a time so that a group with at most two slots of data sits in one 32-byte
// block.
func (n *Network) addMulti(g *groupInfo, suppliers int) {
	mi := multiInfo{slot: int32(len(n.slotInit)), m: g.m}
	size := 4
	switch {
	case int(g.m) == suppliers:
		g.lost = lostLast
	case g.m == 2:
		g.lost = lostSecond
	default:
		g.lost = lostMth
		mi.init2 = int64(g.m)
		size = (3 + int(g.m) + 3) &^ 3
	}
	g.slot = mi.slot
	n.multis = append(n.multis, mi)
	n.slotInit = append(n.slotInit, make([]int64, size)...)
	n.slotInit[mi.slot] = int64(mi.m)
	n.slotInit[mi.slot+1] = g.backup
	n.slotInit[mi.slot+2] = mi.init2
}

// buildOut builds the out lists (hot, out, maxW) and the cyber out lists (cyberOut,
// cyberThr) from the edges. An edge is dead, out of the part of its supplier's out
// list that runs read, when it can never carry a failure or when deadOut (if not nil)
// says so; a cyber edge is left out of the cyber lists when deadCyber (if not nil)
// says so.
func (n *Network) buildOut(deadOut, deadCyber func(e int) bool) {
	na, ne := len(n.weight), len(n.eSrc)
	// Out lists per supplier by class (live, dead; see assetHot), each class in
	// edge-id order: a counting sort by (supplier, class) keeps that order.
	const (
		classLive = iota
		classDead
		numClasses
	)
	outW := make([]int64, ne)
	class := make([]uint8, ne)
	slot := make([]int32, na*numClasses+1) // counts, then first positions, per (supplier, class)
	cyberDeg := make([]int32, na+1)
	for e := range ne {
		g := n.groups[n.eGroup[e]]
		w := n.eDelay[e]
		if g.lost == lostFirst {
			w = saturatingAdd(w, g.backup)
		}
		outW[e] = w
		c := uint8(classLive)
		if n.eFlags[e]&flagMaybe == 0 || w == Never || deadOut != nil && deadOut(e) {
			c = classDead
		}
		class[e] = c
		slot[int(n.eSrc[e])*numClasses+int(c)+1]++
		if n.eKind[e] == model.Cyber && (deadCyber == nil || !deadCyber(e)) {
			cyberDeg[n.eSrc[e]+1]++
		}
	}
	for i := range na * numClasses {
		slot[i+1] += slot[i]
	}
	for i := 0; i < na; i++ {
		cyberDeg[i+1] += cyberDeg[i]
	}
	n.hot = make([]assetHot, na)
	for a := range n.hot {
		b := a * numClasses
		n.hot[a] = assetHot{outLo: slot[b], outLive: slot[b+classDead], outHi: slot[b+numClasses],
			cyberLo: cyberDeg[a], cyberHi: cyberDeg[a+1], sector: n.sector[a], weight: n.weight[a]}
	}
	n.out = make([]outEdge, ne)
	n.maxW = 0
	n.cyberOut = make([]cyberEdge, cyberDeg[na])
	n.cyberThr = make([]uint64, cyberDeg[na])
	posCyber := make([]int32, na)
	copy(posCyber, cyberDeg[:na])
	for e := range ne {
		u := n.eSrc[e]
		k := int(u)*numClasses + int(class[e])
		i := slot[k]
		slot[k]++
		g := &n.groups[n.eGroup[e]]
		n.out[i] = outEdge{w: outW[e], thr: liveThreshold(n.eProb[e]), dst: n.eDst[e], slot: g.slot, id: int32(e), lost: g.lost}
		if class[e] != classDead {
			n.maxW = max(n.maxW, outW[e])
		}
		if n.eKind[e] == model.Cyber && (deadCyber == nil || !deadCyber(e)) {
			n.cyberOut[posCyber[u]] = cyberEdge{delay: n.eDelay[e], dst: n.eDst[e], id: int32(e), flags: n.eFlags[e]}
			n.cyberThr[posCyber[u]] = liveThreshold(n.eProb[e])
			posCyber[u]++
		}
	}
}

// derive returns a network that shares n's model, assets, groups and edges but whose
// out lists leave out the edges deadOut and deadCyber name (see buildOut).
func (n *Network) derive(deadOut, deadCyber func(e int) bool) *Network {
	d := new(Network)
	*d = *n
	d.buildOut(deadOut, deadCyber)
	d.pool = &sync.Pool{New: func() any { return newScratch(d) }}
	return d
}

// saturatingAdd returns a+b for non-negative a and b, or Never when that overflows.
func saturatingAdd(a, b int64) int64 {
	if a > Never-b {
		return Never
	}
	return a + b
}

// Model returns the model the network was compiled from, for names and labels.
func (n *Network) Model() *model.Model { return n.m }

// NumAssets returns the number of assets.
func (n *Network) NumAssets() int { return len(n.weight) }

// NumEdges returns the number of dependency edges.
func (n *Network) NumEdges() int { return len(n.eSrc) }

// NumGroups returns the number of supply groups, empty ones included.
func (n *Network) NumGroups() int { return len(n.groups) }

// NumSectors returns the number of sectors.
func (n *Network) NumSectors() int { return len(n.sThreshold) }

// AssetName returns the name of asset a.
func (n *Network) AssetName(a int32) string { return n.assetNames[a] }

// AssetSector returns the sector index of asset a.
func (n *Network) AssetSector(a int32) int32 { return n.sector[a] }

// AssetWeight returns asset a's share of its sector (> 0).
func (n *Network) AssetWeight(a int32) float64 { return n.weight[a] }

// AssetGroups returns the range [first, end) of asset a's supply group ids, in model order.
func (n *Network) AssetGroups(a int32) (first, end int32) {
	return n.groupStart[a], n.groupStart[a+1]
}

// SectorName returns the name of sector s.
func (n *Network) SectorName(s int32) string { return n.m.Sectors[s].Name }

// SectorThreshold returns the fraction (0,1] of sector s's weight whose failure fails it.
func (n *Network) SectorThreshold(s int32) float64 { return n.sThreshold[s] }

// SectorWeight returns the total weight of sector s's assets (0 for an empty sector).
func (n *Network) SectorWeight(s int32) float64 { return n.sTotal[s] }

// GroupAsset returns the asset that supply group g belongs to.
func (n *Network) GroupAsset(g int32) int32 { return n.gAsset[g] }

// GroupName returns the name of supply group g: "" for the asset's own group, else the
// label of its needs block.
func (n *Network) GroupName(g int32) string { return n.groupNames[g] }

// GroupRequires returns k, the number of suppliers group g needs (0 when it has none).
func (n *Network) GroupRequires(g int32) int32 { return n.gK[g] }

// GroupBackup returns the backup of group g in seconds.
func (n *Network) GroupBackup(g int32) int64 { return n.groups[g].backup }

// GroupEdges returns the range [first, end) of group g's edge ids, in dependency order.
func (n *Network) GroupEdges(g int32) (first, end int32) {
	return n.edgeStart[g], n.edgeStart[g+1]
}

// EdgeSupplier returns the supplier (tail) of edge e.
func (n *Network) EdgeSupplier(e int32) int32 { return n.eSrc[e] }

// EdgeDependent returns the dependent (head) of edge e.
func (n *Network) EdgeDependent(e int32) int32 { return n.eDst[e] }

// EdgeGroup returns the supply group of edge e.
func (n *Network) EdgeGroup(e int32) int32 { return n.eGroup[e] }

// EdgeDelay returns the delay of edge e in seconds.
func (n *Network) EdgeDelay(e int32) int64 { return n.eDelay[e] }

// EdgeProbability returns the probability in [0,1] that edge e carries a failure.
func (n *Network) EdgeProbability(e int32) float64 { return n.eProb[e] }

// EdgeKind returns the kind of edge e.
func (n *Network) EdgeKind(e int32) model.Kind { return n.eKind[e] }
