package montecarlo

import (
	"fmt"
	"math/bits"
	"slices"

	"github.com/cascade-infra/cascade/cascade"
)

// Tally holds the exact integer counts of a set of Monte Carlo trials of one scenario:
// how many trials each asset and sector failed in, the sums and histograms of their
// failure times, and how many trials had each number of failed assets; with a horizon,
// the sums of each sector's loss (in whole milliseconds) and of its square; and with
// restoration, how many trials each asset and sector was down at the horizon in and
// the sums of the assets' seconds down. Integer counts do not depend on the order in
// which trials are added or tallies merged, so a batch gives the same Tally for any
// number of workers, shards or resumptions; floating point appears only in the Report
// computed from it.
type Tally struct {
	trials      int64
	assetFails  []int64
	assetTime   []timeStats
	sectorFails []int64
	sectorTime  []timeStats
	failedCount []int64 // failedCount[c]: trials in which exactly c assets failed
	al          alertTally

	// sectorLoss[s] sums sector s's loss over the trials, in whole milliseconds, and
	// its square (all zero without a horizon).
	sectorLoss []lossStats
	// restored is set once a trial that ran with restoration is counted; the counts
	// below are then kept. Without restoration they follow from the failures (down at
	// the horizon is failed; down time is the horizon minus the failure) and stay zero.
	restored    bool
	assetDownH  []int64 // trials in which asset a is down at the horizon
	assetDownS  []u128  // sum over trials of asset a's seconds down within [0, H)
	sectorDownH []int64 // trials in which sector s's down fraction at H reaches its threshold

	scratch histScratch // for merging histograms without allocating
}

// lossStats is the exact sum and sum of squares of per-trial losses in milliseconds.
type lossStats struct {
	sum, sum2 u128
}

func (l *lossStats) add(v uint64) {
	l.sum = l.sum.addU(v)
	hi, lo := bits.Mul64(v, v)
	l.sum2 = l.sum2.add(u128{hi, lo})
}

// timeStats is the exact sum and histogram of failure times in seconds.
type timeStats struct {
	sum  u128
	hist timeHist
}

func (t *timeStats) add(v int64) {
	t.sum = t.sum.addU(uint64(v))
	t.hist.add(v)
}

func (t *timeStats) merge(o *timeStats, s *histScratch) {
	t.sum = t.sum.add(o.sum)
	t.hist.merge(&o.hist, s)
}

func (t *timeStats) reset() {
	t.sum = u128{}
	t.hist.reset()
}

// NewTally returns an empty tally for a model of assets assets and sectors sectors.
func NewTally(assets, sectors int) *Tally {
	return &Tally{
		assetFails:  make([]int64, assets),
		assetTime:   make([]timeStats, assets),
		sectorFails: make([]int64, sectors),
		sectorTime:  make([]timeStats, sectors),
		failedCount: make([]int64, assets+1),
		sectorLoss:  make([]lossStats, sectors),
		al:          alertTally{compromised: make([]int64, assets)},
	}
}

// useRestoration marks t as counting trials with restoration, making its counts.
func (t *Tally) useRestoration() {
	if t.restored {
		return
	}
	t.restored = true
	if t.assetDownH == nil {
		t.assetDownH = make([]int64, len(t.assetFails))
		t.assetDownS = make([]u128, len(t.assetFails))
		t.sectorDownH = make([]int64, len(t.sectorFails))
	}
}

// Trials returns the number of trials counted.
func (t *Tally) Trials() int64 { return t.trials }

// Assets returns the number of assets of the model the tally counts.
func (t *Tally) Assets() int { return len(t.assetFails) }

// Sectors returns the number of sectors of the model the tally counts.
func (t *Tally) Sectors() int { return len(t.sectorFails) }

// AssetFailures returns the number of trials in which asset a (its model index) failed.
func (t *Tally) AssetFailures(a int) int64 { return t.assetFails[a] }

// SectorFailures returns the number of trials in which sector s (its model index) failed.
func (t *Tally) SectorFailures(s int) int64 { return t.sectorFails[s] }

// Reset empties t and keeps its memory.
func (t *Tally) Reset() {
	t.trials = 0
	clear(t.assetFails)
	clear(t.sectorFails)
	clear(t.failedCount)
	t.al.reset()
	for i := range t.assetTime {
		t.assetTime[i].reset()
	}
	for i := range t.sectorTime {
		t.sectorTime[i].reset()
	}
	clear(t.sectorLoss)
	t.restored = false
	clear(t.assetDownH)
	clear(t.assetDownS)
	clear(t.sectorDownH)
}

// trialOutcome is what one trial contributes: the failed assets with their failure
// times and the failed sectors with their failed_at times, in seconds.
//
// The assets come either dense, in failure (one time per asset of the model, Never for
// an asset that did not fail: the engine's Result.Failure, borrowed until the next
// trial), or, when failure is nil, sparse in assets and assetTimes.
type trialOutcome struct {
	failure     []int64 // dense view: failure[a] is asset a's failure time or cascade.Never; nil if sparse
	assets      []int32 // indices of failed assets (when failure is nil)
	assetTimes  []int64 // assetTimes[i]: failure time of assets[i]
	sectors     []int32 // indices of failed sectors
	sectorTimes []int64
	// fixed, when not nil, names the assets whose time in failure is the same in
	// every trial of the outcome's scenario, so that a trialBuffer can count them in
	// bulk. It is shared by all the scenario's outcomes and must not change.
	fixed *fixedAssets

	// lossMs[s] is sector s's loss in whole milliseconds; nil without a horizon.
	lossMs []uint64
	// restored is set for a trial that ran with restoration; then downAt lists the
	// assets down at the horizon, downAssets those down some time within [0, H) with
	// their seconds down in downTimes, and sectorsDown the sectors whose down fraction
	// at the horizon reaches their threshold (borrowed like failure, from
	// cascade.Result.HorizonDown).
	restored    bool
	downAt      []int32
	downAssets  []int32
	downTimes   []int64
	sectorsDown []int32
	sectorW     []float64 // scratch of lossOf, per sector

	// compromised are the assets compromised in the trial; alerted, per organization,
	// the alert times (cascade.Never for none), nil for a model without alerts. Both
	// borrowed like failure.
	compromised []int32
	alerted     []int64
}

// fixedAssets splits a scenario's assets into those whose failure time varies between
// trials and those that fail at the same time, below noTime, in every trial; the
// others never fail.
type fixedAssets struct {
	vars   []int32  // the assets whose time varies, ascending
	consts []int32  // the assets that always fail at one time, ascending
	times  []uint32 // their times in seconds
}

// addTrial counts one trial.
func (t *Tally) addTrial(o *trialOutcome) {
	t.addFailures(o)
	t.addService(o)
}

// addService counts one trial's losses and, with restoration, what is down.
func (t *Tally) addService(o *trialOutcome) {
	for s, v := range o.lossMs {
		if v != 0 {
			t.sectorLoss[s].add(v)
		}
	}
	if !o.restored {
		return
	}
	t.useRestoration()
	for _, a := range o.downAt {
		t.assetDownH[a]++
	}
	for i, a := range o.downAssets {
		t.assetDownS[a] = t.assetDownS[a].addU(uint64(o.downTimes[i]))
	}
	for _, s := range o.sectorsDown {
		t.sectorDownH[s]++
	}
}

// addFailures counts one trial's failures (not its losses).
func (t *Tally) addFailures(o *trialOutcome) {
	t.trials++
	t.addAlerts(o)
	failed := len(o.assets)
	if o.failure != nil {
		failed = 0
		for a, v := range o.failure {
			if v != cascade.Never {
				failed++
				t.assetFails[a]++
				t.assetTime[a].add(v)
			}
		}
	} else {
		for i, a := range o.assets {
			t.assetFails[a]++
			t.assetTime[a].add(o.assetTimes[i])
		}
	}
	for i, s := range o.sectors {
		t.sectorFails[s]++
		t.sectorTime[s].add(o.sectorTimes[i])
	}
	t.failedCount[failed]++
}

// Merge adds the counts of o to t. Both must count the same model.
func (t *Tally) Merge(o *Tally) error {
	if len(t.assetFails) != len(o.assetFails) || len(t.sectorFails) != len(o.sectorFails) {
		return fmt.Errorf("cannot merge tallies of different models: %d assets/%d sectors and %d/%d",
			len(t.assetFails), len(t.sectorFails), len(o.assetFails), len(o.sectorFails))
	}
	t.trials += o.trials
	for i, n := range o.assetFails {
		if n == 0 {
			continue
		}
		t.assetFails[i] += n
		t.assetTime[i].merge(&o.assetTime[i], &t.scratch)
	}
	for i, n := range o.sectorFails {
		if n == 0 {
			continue
		}
		t.sectorFails[i] += n
		t.sectorTime[i].merge(&o.sectorTime[i], &t.scratch)
	}
	for i, n := range o.failedCount {
		t.failedCount[i] += n
	}
	for i := range o.sectorLoss {
		l, m := &t.sectorLoss[i], &o.sectorLoss[i]
		l.sum, l.sum2 = l.sum.add(m.sum), l.sum2.add(m.sum2)
	}
	if o.restored {
		t.useRestoration()
		for i, n := range o.assetDownH {
			t.assetDownH[i] += n
			t.assetDownS[i] = t.assetDownS[i].add(o.assetDownS[i])
		}
		for i, n := range o.sectorDownH {
			t.sectorDownH[i] += n
		}
	}
	return t.al.merge(&o.al)
}

// Equal reports whether t and o hold the same counts.
func (t *Tally) Equal(o *Tally) bool {
	if t.trials != o.trials || !slices.Equal(t.assetFails, o.assetFails) ||
		!slices.Equal(t.sectorFails, o.sectorFails) || !slices.Equal(t.failedCount, o.failedCount) ||
		!slices.Equal(t.sectorLoss, o.sectorLoss) || t.restored != o.restored {
		return false
	}
	if t.restored && (!slices.Equal(t.assetDownH, o.assetDownH) || !slices.Equal(t.assetDownS, o.assetDownS) ||
		!slices.Equal(t.sectorDownH, o.sectorDownH)) {
		return false
	}
	eq := func(a, b []timeStats) bool {
		for i := range a {
			if a[i].sum != b[i].sum || !a[i].hist.equal(&b[i].hist) {
				return false
			}
		}
		return true
	}
	return eq(t.assetTime, o.assetTime) && eq(t.sectorTime, o.sectorTime) && t.al.equal(&o.al)
}

// failedCountSum returns the total number of asset failures over all trials.
func (t *Tally) failedCountSum() int64 {
	var s int64
	for c, n := range t.failedCount {
		s += int64(c) * n
	}
	return s
}

// trialBuffer collects the failure times of up to size trials and then folds them into
// a tally with one histogram update per asset, which costs much less than updating a
// histogram for every failure. The result is the same as addTrial's.
//
// Asset times are stored trial-major, one row of 32-bit times per trial (copying a
// trial's dense failure times is a sequential pass); flush reads the rows column by
// column: consecutive assets share cache lines, so each line is read from memory once.
// A trial with a time that does not fit 32 bits is counted by addTrial instead.
type trialBuffer struct {
	size       int          // trials per fold
	n          int          // trials buffered
	assets     int          // assets of the model: the length of a row
	fx         *fixedAssets // when not nil, rows hold only fx.vars and fx.consts are counted in bulk
	rows       []uint32     // rows[i*width+c]: column c's failure time in trial i, or noTime
	sparse     []uint32     // a row of noTime, to start the row of a sparse outcome
	cols       []uint32     // flushBlock assets' times, gathered by flush
	vocab      []uint32     // vocab[a*histMaxExact:][:vocabN[a]]: asset a's last exact values
	vocabN     []uint8      // or vocabWide if its histogram was last bucketed
	sectorVals []int64      // sector s's times are sectorVals[s*size : s*size+sectorN[s]]
	sectorN    []int32
	touchedS   []int32 // sectors with sectorN > 0
}

// vocabWide in trialBuffer.vocabN marks an asset whose histogram was last bucketed.
const vocabWide = 255

// noTime marks an asset that did not fail in a row of trialBuffer; times at least as
// large are not buffered.
const noTime = 1<<32 - 1

func newTrialBuffer(assets, sectors, size int) *trialBuffer {
	b := &trialBuffer{size: size, assets: assets,
		rows: make([]uint32, assets*size), sparse: make([]uint32, assets), cols: make([]uint32, flushBlock*(size+16)),
		vocab: make([]uint32, assets*histMaxExact), vocabN: make([]uint8, assets),
		sectorVals: make([]int64, sectors*size), sectorN: make([]int32, sectors)}
	for a := range b.sparse {
		b.sparse[a] = noTime
	}
	return b
}

// width returns the length of a row: the number of assets whose times are buffered.
func (b *trialBuffer) width() int {
	if b.fx != nil {
		return len(b.fx.vars)
	}
	return b.assets
}

// add counts one trial into t, buffering its failure times.
func (b *trialBuffer) add(o *trialOutcome, t *Tally) {
	t.addService(o) // a few values per sector, and per failed asset with restoration
	fx := o.fixed
	if o.failure == nil {
		fx = nil
	}
	if fx != b.fx {
		b.flush(t) // the rows buffered so far have the other width
		b.fx = fx
	}
	w := b.width()
	row := b.rows[b.n*w : (b.n+1)*w]
	failed := 0
	if o.failure != nil {
		// Without branches: whether an asset failed is as good as random.
		f := o.failure[:b.assets]
		large := 0
		if fx == nil {
			for a, v := range f {
				row[a] = uint32(min(uint64(v), noTime))
				failed += b2i(uint64(v) < noTime)
				large |= b2i(uint64(v) >= noTime) & b2i(v != cascade.Never)
			}
		} else {
			for c, a := range fx.vars {
				v := f[a]
				row[c] = uint32(min(uint64(v), noTime))
				failed += b2i(uint64(v) < noTime)
				large |= b2i(uint64(v) >= noTime) & b2i(v != cascade.Never)
			}
			failed += len(fx.consts)
		}
		if large != 0 {
			b.addLarge(o, t)
			return
		}
	} else {
		copy(row, b.sparse)
		for i, a := range o.assets {
			v := o.assetTimes[i]
			if uint64(v) >= noTime {
				b.addLarge(o, t)
				return
			}
			row[a] = uint32(v)
		}
		failed = len(o.assets)
	}
	for _, v := range o.sectorTimes {
		if uint64(v) >= noTime {
			b.addLarge(o, t)
			return
		}
	}
	for i, s := range o.sectors {
		n := b.sectorN[s]
		if n == 0 {
			b.touchedS = append(b.touchedS, s)
		}
		b.sectorVals[int(s)*b.size+int(n)] = o.sectorTimes[i]
		b.sectorN[s] = n + 1
	}
	t.trials++
	t.addAlerts(o)
	t.failedCount[failed]++
	b.n++
	if b.n == b.size {
		b.flush(t)
	}
}

// addLarge counts a trial with a time of 2^32-1 seconds or more, unbuffered (the trials
// buffered so far are folded first, though the order does not matter).
func (b *trialBuffer) addLarge(o *trialOutcome, t *Tally) {
	b.flush(t)
	t.addFailures(o)
}

// flushBlock is how many assets' columns flush gathers at once: one cache line of each
// row in turn, which touches each page of the rows once per block instead of once per
// asset (the rows of a large model are pages apart), while the block's columns stay in
// L1 for folding. On bench/gen's 10k model this took 40% off flush, measured against
// the one-column gather alternately in one process; 8 and 32 did no better, 64 worse.
const flushBlock = 16

// flush folds the buffered failure times into t.
func (b *trialBuffer) flush(t *Tally) {
	if b.n > 0 {
		w := b.width()
		rows := b.rows[:b.n*w]
		// Column c of a block gathers its times at cols[c*stride:]; the stride is
		// not a multiple of 1 KiB, so that the columns do not share cache sets.
		stride := b.n + 16
		cols := b.cols[:flushBlock*stride]
		var ks [flushBlock]int
		var sums [flushBlock]uint64
		for a0 := 0; a0 < w; a0 += flushBlock {
			nb := min(flushBlock, w-a0)
			ks, sums = [flushBlock]int{}, [flushBlock]uint64{}
			// Without branches, as in add.
			for i := a0; i < len(rows); i += w {
				for c, v := range rows[i : i+nb] {
					k := ks[c]
					cols[c*stride+k] = v
					ok := b2i(v != noTime)
					ks[c] = k + ok
					sums[c] += uint64(v) & -uint64(ok)
				}
			}
			for c := range nb {
				if ks[c] > 0 {
					a := a0 + c
					if b.fx != nil {
						a = int(b.fx.vars[a])
					}
					b.foldColumn(t, a, cols[c*stride:c*stride+ks[c]], sums[c])
				}
			}
		}
		if b.fx != nil {
			n := int64(b.n)
			for i, a := range b.fx.consts {
				v := b.fx.times[i]
				t.assetFails[a] += n
				ts := &t.assetTime[a]
				ts.sum = ts.sum.addU(uint64(v) * uint64(n))
				ts.hist.addN(int64(v), n)
			}
		}
	}
	for _, x := range b.touchedS {
		n := b.sectorN[x]
		vs := b.sectorVals[int(x)*b.size : int(x)*b.size+int(n)]
		t.sectorFails[x] += int64(n)
		ts := &t.sectorTime[x]
		for _, v := range vs {
			ts.sum = ts.sum.addU(uint64(v))
		}
		slices.Sort(vs) // a few sectors, at most one value per trial each
		ts.hist.mergeSorted(vs, &t.scratch)
		b.sectorN[x] = 0
	}
	b.touchedS, b.n = b.touchedS[:0], 0
}

// foldColumn adds asset a's buffered failure times col (at least one), which sum to
// sum, to t.
func (b *trialBuffer) foldColumn(t *Tally, a int, col []uint32, sum uint64) {
	t.assetFails[a] += int64(len(col))
	ts := &t.assetTime[a]
	ts.sum = ts.sum.addU(sum)
	h := &ts.hist
	vocab := b.vocab[a*histMaxExact : a*histMaxExact+histMaxExact]
	nv := b.vocabN[a]
	wide := nv == vocabWide
	if wide {
		nv = 0
	}
	h.addValues(col, vocab[:nv], wide, &t.scratch)
	// Remember the values for the next chunk, whose histogram starts empty.
	nv = vocabWide
	if !h.bucketed {
		nv = 0
		for _, k := range h.keys {
			if uint64(k) < noTime {
				vocab[nv] = uint32(k)
				nv++
			}
		}
	}
	b.vocabN[a] = nv
}

// b2i returns 1 for true and 0 for false; the compiler makes it a flag-setting
// instruction (SETcc), so combining conditions with b2i and & needs no branch.
func b2i(b bool) int {
	var i int
	if b {
		i = 1
	}
	return i
}
