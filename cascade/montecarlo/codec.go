package montecarlo

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Encodings of a Tally: a compact binary one for checkpoint records and a JSON one for
// part files. Both carry the exact integers; decoding checks that they are consistent
// so a corrupt file is an error, never a panic or a wrong result.

// appendBinary appends the binary encoding of t to b.
func (t *Tally) appendBinary(b []byte) []byte {
	b = binary.AppendUvarint(b, uint64(t.trials))
	b = binary.AppendUvarint(b, uint64(len(t.assetFails)))
	b = binary.AppendUvarint(b, uint64(len(t.sectorFails)))
	b = appendStats(b, t.assetFails, t.assetTime)
	b = appendStats(b, t.sectorFails, t.sectorTime)
	nz := 0
	for _, n := range t.failedCount {
		if n != 0 {
			nz++
		}
	}
	b = binary.AppendUvarint(b, uint64(nz))
	prev := 0
	for c, n := range t.failedCount {
		if n != 0 {
			b = binary.AppendUvarint(b, uint64(c-prev))
			b = binary.AppendUvarint(b, uint64(n))
			prev = c
		}
	}
	b = t.appendService(b)
	return t.al.appendBinary(b)
}

// appendService appends the sectors' losses and the restoration counts: the nonzero
// losses (index delta, sum and sum of squares as two uvarints each), then a byte 1
// with restoration followed by the assets with a nonzero count (index delta, trials
// down at the horizon, seconds down as two uvarints) and the sectors with one (index
// delta, trials), or a byte 0.
func (t *Tally) appendService(b []byte) []byte {
	nz := 0
	for _, l := range t.sectorLoss {
		if l != (lossStats{}) {
			nz++
		}
	}
	b = binary.AppendUvarint(b, uint64(nz))
	prev := 0
	for i, l := range t.sectorLoss {
		if l != (lossStats{}) {
			b = binary.AppendUvarint(b, uint64(i-prev))
			prev = i
			b = binary.AppendUvarint(b, l.sum.hi)
			b = binary.AppendUvarint(b, l.sum.lo)
			b = binary.AppendUvarint(b, l.sum2.hi)
			b = binary.AppendUvarint(b, l.sum2.lo)
		}
	}
	if !t.restored {
		return append(b, 0)
	}
	b = append(b, 1)
	nz = 0
	for i, n := range t.assetDownH {
		if n != 0 || t.assetDownS[i] != (u128{}) {
			nz++
		}
	}
	b = binary.AppendUvarint(b, uint64(nz))
	prev = 0
	for i, n := range t.assetDownH {
		if n != 0 || t.assetDownS[i] != (u128{}) {
			b = binary.AppendUvarint(b, uint64(i-prev))
			prev = i
			b = binary.AppendUvarint(b, uint64(n))
			b = binary.AppendUvarint(b, t.assetDownS[i].hi)
			b = binary.AppendUvarint(b, t.assetDownS[i].lo)
		}
	}
	nz = 0
	for _, n := range t.sectorDownH {
		if n != 0 {
			nz++
		}
	}
	b = binary.AppendUvarint(b, uint64(nz))
	prev = 0
	for i, n := range t.sectorDownH {
		if n != 0 {
			b = binary.AppendUvarint(b, uint64(i-prev))
			prev = i
			b = binary.AppendUvarint(b, uint64(n))
		}
	}
	return b
}

// decodeService reads what appendService wrote into t.
func decodeService(d *decoder, t *Tally) {
	// index reads the next index of a sparse list of length n, after prev (-1 first).
	index := func(prev, n int) int {
		delta := d.count(uint64(n), "index")
		if prev >= 0 && delta == 0 {
			d.err = errors.New("indices not increasing")
		}
		i := max(prev, 0) + int(delta)
		if d.err == nil && i >= n {
			d.err = errors.New("index out of range")
		}
		return i
	}
	ns := len(t.sectorLoss)
	nz := d.count(uint64(ns), "loss entries")
	prev := -1
	for range nz {
		i := index(prev, ns)
		if d.err != nil {
			return
		}
		prev = i
		l := &t.sectorLoss[i]
		l.sum.hi, l.sum.lo, l.sum2.hi, l.sum2.lo = d.uvarint(), d.uvarint(), d.uvarint(), d.uvarint()
	}
	switch d.byte() {
	case 0:
		return
	case 1:
	default:
		if d.err == nil {
			d.err = errors.New("bad restoration flag")
		}
		return
	}
	t.useRestoration()
	na := len(t.assetDownH)
	nz = d.count(uint64(na), "down entries")
	prev = -1
	for range nz {
		i := index(prev, na)
		if d.err != nil {
			return
		}
		prev = i
		t.assetDownH[i] = d.count(uint64(t.trials), "trials down")
		t.assetDownS[i].hi, t.assetDownS[i].lo = d.uvarint(), d.uvarint()
	}
	nz = d.count(uint64(ns), "down entries")
	prev = -1
	for range nz {
		i := index(prev, ns)
		if d.err != nil {
			return
		}
		prev = i
		t.sectorDownH[i] = d.count(uint64(t.trials), "trials down")
	}
}

func appendStats(b []byte, fails []int64, times []timeStats) []byte {
	nz := 0
	for _, n := range fails {
		if n != 0 {
			nz++
		}
	}
	b = binary.AppendUvarint(b, uint64(nz))
	prev := 0
	for i, n := range fails {
		if n == 0 {
			continue
		}
		ts := &times[i]
		b = binary.AppendUvarint(b, uint64(i-prev))
		prev = i
		b = binary.AppendUvarint(b, uint64(n))
		b = binary.AppendUvarint(b, ts.sum.hi)
		b = binary.AppendUvarint(b, ts.sum.lo)
		if ts.hist.bucketed {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
		b = binary.AppendUvarint(b, uint64(len(ts.hist.keys)))
		var pk int64
		for j, k := range ts.hist.keys {
			b = binary.AppendUvarint(b, uint64(k-pk))
			pk = k
			b = binary.AppendUvarint(b, uint64(ts.hist.counts[j]))
		}
	}
	return b
}

// decoder reads uvarints and remembers the first error.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errors.New("truncated or malformed number")
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a uvarint that must fit an int64 and be at most limit.
func (d *decoder) count(limit uint64, what string) int64 {
	v := d.uvarint()
	if d.err == nil && v > limit {
		d.err = fmt.Errorf("%s %d out of range (limit %d)", what, v, limit)
	}
	if d.err != nil {
		return 0
	}
	return int64(v)
}

func (d *decoder) byte() byte {
	if d.err != nil {
		return 0
	}
	if len(d.b) == 0 {
		d.err = errors.New("truncated")
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

// maxDim bounds the number of assets or sectors read from a file.
const maxDim = 1 << 28

// decodeTallyBinary decodes a tally written by appendBinary, which must count assets
// assets and sectors sectors.
func decodeTallyBinary(b []byte, assets, sectors int) (*Tally, error) {
	d := &decoder{b: b}
	trials := d.count(1<<62, "trials")
	na := d.count(maxDim, "asset count")
	ns := d.count(maxDim, "sector count")
	if d.err != nil {
		return nil, d.err
	}
	if na != int64(assets) || ns != int64(sectors) {
		return nil, fmt.Errorf("tally of %d assets and %d sectors, want %d and %d", na, ns, assets, sectors)
	}
	t := NewTally(int(na), int(ns))
	t.trials = trials
	decodeStats(d, t.assetFails, t.assetTime, trials)
	decodeStats(d, t.sectorFails, t.sectorTime, trials)
	nz := d.count(uint64(na)+1, "failed-count entries")
	c := 0
	for i := int64(0); i < nz && d.err == nil; i++ {
		delta := d.count(uint64(na), "failed count")
		if i > 0 && delta == 0 {
			d.err = errors.New("failed counts not increasing")
		}
		c += int(delta)
		if c > int(na) {
			d.err = errors.New("failed count beyond asset count")
			break
		}
		t.failedCount[c] = d.count(uint64(trials), "trials")
	}
	decodeService(d, t)
	t.al.decode(d, trials)
	if d.err != nil {
		return nil, d.err
	}
	if len(d.b) != 0 {
		return nil, errors.New("trailing bytes after tally")
	}
	return t, t.check()
}

func decodeStats(d *decoder, fails []int64, times []timeStats, trials int64) {
	nz := d.count(uint64(len(fails)), "entries")
	idx := 0
	for i := int64(0); i < nz && d.err == nil; i++ {
		delta := d.count(uint64(len(fails)), "index")
		if i > 0 && delta == 0 {
			d.err = errors.New("indices not increasing")
			return
		}
		idx += int(delta)
		if idx >= len(fails) {
			d.err = errors.New("index out of range")
			return
		}
		fails[idx] = d.count(uint64(trials), "failures")
		ts := &times[idx]
		ts.sum.hi = d.uvarint()
		ts.sum.lo = d.uvarint()
		ts.hist.bucketed = d.byte() == 1
		nk := d.count(1<<20, "histogram size")
		var k int64
		for j := int64(0); j < nk && d.err == nil; j++ {
			delta := d.count(1<<62, "time")
			if j > 0 && delta == 0 {
				d.err = errors.New("histogram keys not increasing")
				return
			}
			k += delta
			ts.hist.keys = append(ts.hist.keys, k)
			ts.hist.counts = append(ts.hist.counts, d.count(uint64(trials), "count"))
		}
	}
}

// check verifies the internal consistency of a decoded tally.
func (t *Tally) check() error {
	var trials, failedAssets int64
	for c, n := range t.failedCount {
		if n < 0 || n > t.trials {
			return errors.New("failed-asset count out of range")
		}
		trials += n
		failedAssets += int64(c) * n
	}
	if trials != t.trials {
		return fmt.Errorf("failed-asset counts cover %d trials, not %d", trials, t.trials)
	}
	checkStats := func(what string, fails []int64, times []timeStats) (int64, error) {
		var total int64
		for i, n := range fails {
			if n < 0 || n > t.trials {
				return 0, fmt.Errorf("%s %d: %d failures in %d trials", what, i, n, t.trials)
			}
			total += n
			h := &times[i].hist
			if h.total() != n {
				return 0, fmt.Errorf("%s %d: histogram counts %d failures, not %d", what, i, h.total(), n)
			}
			for j, c := range h.counts {
				if c <= 0 || c > t.trials || j > 0 && h.keys[j] <= h.keys[j-1] || h.keys[j] < 0 {
					return 0, fmt.Errorf("%s %d: malformed histogram", what, i)
				}
			}
			if !h.bucketed && len(h.keys) > histMaxExact {
				return 0, fmt.Errorf("%s %d: malformed histogram", what, i)
			}
		}
		return total, nil
	}
	total, err := checkStats("asset", t.assetFails, t.assetTime)
	if err != nil {
		return err
	}
	if total != failedAssets {
		return fmt.Errorf("asset failures sum to %d, failed-asset counts to %d", total, failedAssets)
	}
	if _, err = checkStats("sector", t.sectorFails, t.sectorTime); err != nil {
		return err
	}
	if t.restored {
		for i, n := range t.assetDownH {
			if n < 0 || n > t.assetFails[i] || t.assetFails[i] == 0 && t.assetDownS[i] != (u128{}) {
				return fmt.Errorf("asset %d: down at the horizon in %d trials, failed in %d", i, n, t.assetFails[i])
			}
		}
		for i, n := range t.sectorDownH {
			if n < 0 || n > t.trials {
				return fmt.Errorf("sector %d: down at the horizon in %d of %d trials", i, n, t.trials)
			}
		}
	}
	return nil
}

// tallyJSON is the JSON form of a Tally in part files.
type tallyJSON struct {
	Trials      int64       `json:"trials"`
	Assets      int         `json:"assets"`
	Sectors     int         `json:"sectors"`
	AssetStats  []statsJSON `json:"asset_stats"`
	SectorStats []statsJSON `json:"sector_stats"`
	// FailedCount lists [number of failed assets, trials] for every number that occurred.
	FailedCount [][2]int64 `json:"failed_count"`
	// SectorLoss lists the sectors with a nonzero loss.
	SectorLoss []lossJSON `json:"sector_loss"`
	// Restoration holds the counts of a tally of trials with restoration, else nil.
	Restoration *restorationJSON `json:"restoration"`
	// Alerts are the compromise and alert counts, absent when there are none.
	Alerts *alertsJSON `json:"alerts,omitempty"`
}

// lossJSON is one sector's sums of per-trial losses (Index is its model index).
type lossJSON struct {
	Index int    `json:"i"`
	Sum   string `json:"loss_sum_ms"`  // decimal
	Sum2  string `json:"loss_sum2_ms"` // sum of squares, ms², decimal
}

// restorationJSON is the restoration counts of a tally: entries with a nonzero count.
type restorationJSON struct {
	Assets  []downJSON `json:"assets"`
	Sectors []downJSON `json:"sectors"`
}

// downJSON is one asset's or sector's restoration counts (Index is its model index).
type downJSON struct {
	Index int    `json:"i"`
	DownH int64  `json:"down_at_horizon"`      // trials
	DownS string `json:"down_sum_s,omitempty"` // assets: decimal sum of seconds down
}

// statsJSON is one asset's or sector's counts: Index is its model index.
type statsJSON struct {
	Index    int        `json:"i"`
	Failures int64      `json:"failures"`
	TimeSum  string     `json:"time_sum_s"` // decimal, may exceed 2^63
	Bucketed bool       `json:"bucketed,omitempty"`
	Hist     [][2]int64 `json:"hist"` // [time or bucket key, count]
}

func (t *Tally) toJSON() *tallyJSON {
	j := &tallyJSON{Trials: t.trials, Assets: len(t.assetFails), Sectors: len(t.sectorFails),
		AssetStats: statsToJSON(t.assetFails, t.assetTime), SectorStats: statsToJSON(t.sectorFails, t.sectorTime),
		FailedCount: [][2]int64{}, Alerts: t.al.toJSON()}
	for c, n := range t.failedCount {
		if n != 0 {
			j.FailedCount = append(j.FailedCount, [2]int64{int64(c), n})
		}
	}
	j.SectorLoss = []lossJSON{}
	for i, l := range t.sectorLoss {
		if l != (lossStats{}) {
			j.SectorLoss = append(j.SectorLoss, lossJSON{Index: i, Sum: l.sum.String(), Sum2: l.sum2.String()})
		}
	}
	if t.restored {
		r := &restorationJSON{Assets: []downJSON{}, Sectors: []downJSON{}}
		for i, n := range t.assetDownH {
			if n != 0 || t.assetDownS[i] != (u128{}) {
				r.Assets = append(r.Assets, downJSON{Index: i, DownH: n, DownS: t.assetDownS[i].String()})
			}
		}
		for i, n := range t.sectorDownH {
			if n != 0 {
				r.Sectors = append(r.Sectors, downJSON{Index: i, DownH: n})
			}
		}
		j.Restoration = r
	}
	return j
}

func statsToJSON(fails []int64, times []timeStats) []statsJSON {
	out := []statsJSON{}
	for i, n := range fails {
		if n == 0 {
			continue
		}
		h := &times[i].hist
		s := statsJSON{Index: i, Failures: n, TimeSum: times[i].sum.String(), Bucketed: h.bucketed,
			Hist: make([][2]int64, len(h.keys))}
		for k := range h.keys {
			s.Hist[k] = [2]int64{h.keys[k], h.counts[k]}
		}
		out = append(out, s)
	}
	return out
}

// tally decodes j, which must count assets assets and sectors sectors.
func (j *tallyJSON) tally(assets, sectors int) (*Tally, error) {
	if j.Assets != assets || j.Sectors != sectors {
		return nil, fmt.Errorf("tally of %d assets and %d sectors, want %d and %d", j.Assets, j.Sectors, assets, sectors)
	}
	if j.Trials < 0 {
		return nil, errors.New("negative number of trials")
	}
	t := NewTally(j.Assets, j.Sectors)
	t.trials = j.Trials
	fill := func(what string, in []statsJSON, fails []int64, times []timeStats) error {
		prev := -1
		for _, s := range in {
			if s.Index <= prev || s.Index >= len(fails) {
				return fmt.Errorf("%s index %d out of order or range", what, s.Index)
			}
			prev = s.Index
			sum, ok := parseU128(s.TimeSum)
			if !ok {
				return fmt.Errorf("%s %d: bad time sum %q", what, s.Index, s.TimeSum)
			}
			fails[s.Index] = s.Failures
			ts := &times[s.Index]
			ts.sum = sum
			ts.hist.bucketed = s.Bucketed
			for _, kc := range s.Hist {
				ts.hist.keys = append(ts.hist.keys, kc[0])
				ts.hist.counts = append(ts.hist.counts, kc[1])
			}
		}
		return nil
	}
	if err := fill("asset", j.AssetStats, t.assetFails, t.assetTime); err != nil {
		return nil, err
	}
	if err := fill("sector", j.SectorStats, t.sectorFails, t.sectorTime); err != nil {
		return nil, err
	}
	prev := int64(-1)
	for _, cn := range j.FailedCount {
		if cn[0] <= prev || cn[0] > int64(j.Assets) {
			return nil, fmt.Errorf("failed count %d out of order or range", cn[0])
		}
		prev = cn[0]
		t.failedCount[cn[0]] = cn[1]
	}
	if err := j.service(t); err != nil {
		return nil, err
	}
	if err := j.Alerts.fill(&t.al); err != nil {
		return nil, err
	}
	return t, t.check()
}

// service decodes j's losses and restoration counts into t.
func (j *tallyJSON) service(t *Tally) error {
	prev := -1
	for _, l := range j.SectorLoss {
		if l.Index <= prev || l.Index >= len(t.sectorLoss) {
			return fmt.Errorf("loss of sector %d out of order or range", l.Index)
		}
		prev = l.Index
		sum, ok1 := parseU128(l.Sum)
		sum2, ok2 := parseU128(l.Sum2)
		if !ok1 || !ok2 {
			return fmt.Errorf("loss of sector %d: bad sums %q, %q", l.Index, l.Sum, l.Sum2)
		}
		t.sectorLoss[l.Index] = lossStats{sum, sum2}
	}
	r := j.Restoration
	if r == nil {
		return nil
	}
	t.useRestoration()
	prev = -1
	for _, d := range r.Assets {
		if d.Index <= prev || d.Index >= len(t.assetDownH) {
			return fmt.Errorf("restoration of asset %d out of order or range", d.Index)
		}
		prev = d.Index
		s, ok := parseU128(d.DownS)
		if !ok {
			return fmt.Errorf("restoration of asset %d: bad sum %q", d.Index, d.DownS)
		}
		t.assetDownH[d.Index], t.assetDownS[d.Index] = d.DownH, s
	}
	prev = -1
	for _, d := range r.Sectors {
		if d.Index <= prev || d.Index >= len(t.sectorDownH) || d.DownS != "" {
			return fmt.Errorf("restoration of sector %d out of order or range", d.Index)
		}
		prev = d.Index
		t.sectorDownH[d.Index] = d.DownH
	}
	return nil
}
