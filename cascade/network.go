package cascade

import (
	"math"
	"sync"

	"github.com/cascade-infra/cascade/model"
)

// Never is the time of something that does not happen (within the horizon), in seconds.
const Never int64 = math.MaxInt64

// edge flags, precomputed from the probability.
const (
	flagMaybe  uint8 = 1 << iota // probability > 0: live in a deterministic run
	flagAlways                   // probability >= 1: live in every trial
)

// outEdge is an edge as stored in the supplier's out list, laid out for the hot loop in
// 32 bytes. When the edge's group is lost at its first arrival (m == 1: "all", or
// k == n) the edge is an ordinary shortest-path edge of weight delay+backup and the
// loop never looks at the group; otherwise multi names where the group keeps its
// arrivals and how it is lost (see lostLast).
type outEdge struct {
	w   int64  // seconds: delay+backup (saturated at Never) when multi < 0, else delay
	thr uint64 // Monte Carlo liveness threshold (see liveThreshold)
	key uint64 // the key of its random draws (see EdgeKey)
	dst int32  // dependent asset
	// multi is -1 for a group lost at its first arrival, else the group's first slot in
	// the scratch times 4 plus how it is lost (lostLast, lostSecond or lostMth): see
	// packMulti.
	multi int32
}

// packMulti packs a group's first slot and how it is lost into outEdge.multi.
func packMulti(slot int32, lost uint8) int32 {
	if lost == lostFirst {
		return -1
	}
	return slot<<2 | int32(lost)
}

// unpackMulti returns the first slot and the loss of an outEdge.multi >= 0.
func unpackMulti(multi int32) (slot int32, lost uint8) { return multi >> 2, uint8(multi & 3) }

// How a supply group with m = n-k+1 is lost, and what it keeps in the scratch's slots
// from its slot g on. Every edge of a group arrives at most once in a run (its supplier
// fails once), so:
const (
	lostFirst  uint8 = iota // m == 1: at its first arrival; no slots
	lostLast                // m == n > 1: at its last arrival; slotFirst is the latest arrival so far
	lostSecond              // m == 2 < n: at its second arrival; slotFirst, slotSecond are the two earliest
	lostMth                 // 2 < m < n: slotFirst holds m, then slotHeap on a max-heap of the m earliest arrivals
)

// The slots of a group with m > 1, as offsets from its first slot.
const (
	slotMissing = 0 // the arrivals still missing before the loss: m at the start of a run
	slotBackup  = 1 // the group's backup in seconds
	slotFirst   = 2 // the latest (lostLast) or earliest (lostSecond) arrival, or m (lostMth)
	slotSecond  = 3 // lostSecond: the second earliest arrival
	slotHeap    = 3 // lostMth: the first of the m heap slots
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
	key   uint64 // the key of its random draws
	dst   int32
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
	eKey   []uint64 // the key of the edge's random draws: EdgeKey of its names

	// aHash is the hash of each asset's name, for the keys of edges and hits.
	aHash []uint64

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
	al   *alertNet   // alerts (alerts.go), nil when no organization detects
}

// Without returns a network that shares n's model, assets, groups and edges, but whose
// runs never carry a failure along the edges e for which failure(e) is true, nor a
// compromise along the cyber edges for which compromise(e) is true (nil leaves out
// none). Edges keep their ids, so their Monte Carlo draws do not move. A caller that
// knows an edge cannot change a run's outcome (as the batch does for the assets that fail
// at the same time in every trial) leaves it out to save the work of scanning it.
func (n *Network) Without(failure, compromise func(e int32) bool) *Network {
	d := new(Network)
	*d = *n
	d.buildOut(failure, compromise)
	d.pool = &sync.Pool{New: func() any { return newScratch(d) }}
	return d
}

// AddTime returns a+b for non-negative times in seconds, or Never when the sum would
// reach or pass it: times saturate, so a delay or backup that would overflow never
// arrives.
func AddTime(a, b int64) int64 {
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

// LiveEdges returns the number of edges along which the network's runs may carry a
// failure: those with probability > 0 whose delay (plus the backup of a group lost at
// its first arrival) can end, less those that Without left out.
func (n *Network) LiveEdges() int {
	live := 0
	for _, h := range n.hot {
		live += int(h.outLive - h.outLo)
	}
	return live
}

// EdgeKey returns the key of the random draws of edge e: the package's EdgeKey of its
// supplier's, dependent's and group's names.
func (n *Network) EdgeKey(e int32) uint64 { return n.eKey[e] }

// HitKey returns the key of the random draws of the hit of the event named event on
// asset a: the package's HitKey of their names.
func (n *Network) HitKey(event string, a int32) uint64 { return hitKey(nameHash(event), n.aHash[a]) }

// GroupLoss returns the number of suppliers of group g whose loss loses it, n-k+1 for
// a group that requires k of its n suppliers (0 for a group without suppliers).
func (n *Network) GroupLoss(g int32) int32 { return n.groups[g].m }

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
