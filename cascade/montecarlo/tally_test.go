package montecarlo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cascade-infra/cascade/cascade"
)

// sparse turns a dense outcome into the sparse form, assets in index order.
func (o *trialOutcome) sparse() {
	if o.failure == nil {
		return
	}
	o.assets, o.assetTimes = o.assets[:0], o.assetTimes[:0]
	for a, v := range o.failure {
		if v != cascade.Never {
			o.assets = append(o.assets, int32(a))
			o.assetTimes = append(o.assetTimes, v)
		}
	}
	o.failure = nil
}

// randomOutcomes returns trials of a model of assets assets and sectors sectors. Asset
// a fails with a probability depending on a (assets 0 and 1 never fail, asset 2 always
// does); times are drawn from a few values, a wide range, or (with huge) partly near
// 2^62 and around 2^32. Every other outcome is dense.
func randomOutcomes(r *rand.Rand, trials, assets, sectors int, distinct int64, huge bool) []trialOutcome {
	time := func() int64 {
		switch {
		case huge && r.IntN(50) == 0:
			return math.MaxInt64 - 1 - r.Int64N(1<<40) // near 2^63, never cascade.Never
		case huge && r.IntN(50) == 0:
			return 1<<62 + r.Int64N(1<<20)
		case huge && r.IntN(20) == 0:
			return noTime - 2 + r.Int64N(4) // around the buffer's 32-bit limit
		case distinct > 0:
			return r.Int64N(distinct) * 601
		default:
			return r.Int64N(1 << uint(r.IntN(40)+1))
		}
	}
	outs := make([]trialOutcome, trials)
	for i := range outs {
		o := &outs[i]
		dense := i%2 == 0
		if dense {
			o.failure = make([]int64, assets)
		}
		for a := range assets {
			fails := a == 2 || a > 2 && r.IntN(assets) < a
			v := cascade.Never
			if fails {
				v = time()
			}
			if dense {
				o.failure[a] = v
			} else if fails {
				o.assets = append(o.assets, int32(a))
				o.assetTimes = append(o.assetTimes, v)
			}
		}
		for s := range sectors {
			if r.IntN(3) > 0 {
				o.sectors = append(o.sectors, int32(s))
				o.sectorTimes = append(o.sectorTimes, time())
			}
		}
		// Losses and restoration counts: they bypass the buffer, and an outcome with a
		// huge time must not count them twice.
		for s := range sectors {
			o.lossMs = append(o.lossMs, uint64(r.Int64N(1<<uint(r.IntN(60)+1))))
			if r.IntN(2) == 0 {
				o.sectorsDown = append(o.sectorsDown, int32(s))
			}
		}
		o.restored = true
		for a := range assets {
			if r.IntN(4) == 0 {
				o.downAt = append(o.downAt, int32(a))
				o.downAssets = append(o.downAssets, int32(a))
				o.downTimes = append(o.downTimes, time())
			}
		}
	}
	return outs
}

// TestTrialBufferRandom checks that buffered tallies of chunks, merged in any order,
// equal the tally of adding every trial with addTrial.
func TestTrialBufferRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	const assets, sectors = 40, 3
	for _, distinct := range []int64{1, 5, histMaxExact, histMaxExact + 1, 300, 0} {
		for _, huge := range []bool{false, true} {
			outs := randomOutcomes(r, 700, assets, sectors, distinct, huge)
			want := NewTally(assets, sectors)
			for i := range outs {
				want.addTrial(&outs[i])
			}
			for _, size := range []int{1, 16, 256} {
				for _, chunk := range []int{50, 256, 700} {
					name := fmt.Sprintf("distinct=%d/huge=%v/buffer=%d/chunk=%d", distinct, huge, size, chunk)
					var parts []*Tally
					buf := newTrialBuffer(assets, sectors, size)
					for lo := 0; lo < len(outs); lo += chunk {
						p := NewTally(assets, sectors)
						for i := lo; i < min(lo+chunk, len(outs)); i++ {
							buf.add(&outs[i], p)
						}
						buf.flush(p)
						parts = append(parts, p)
					}
					for order := range 3 {
						if order > 0 {
							r.Shuffle(len(parts), func(i, j int) { parts[i], parts[j] = parts[j], parts[i] })
						}
						got := NewTally(assets, sectors)
						for _, p := range parts {
							if err := got.Merge(p); err != nil {
								t.Fatal(err)
							}
						}
						if !got.Equal(want) {
							t.Fatalf("%s, order %d: merged buffered tally differs from addTrial's", name, order)
						}
					}
					if len(parts) == 1 && !parts[0].Equal(want) {
						t.Fatalf("%s: buffered tally differs from addTrial's", name)
					}
				}
			}
		}
	}
}

// TestTallyMergeTree merges tallies of trials pairwise in a random tree, into fresh
// and reused tallies, and checks the result against addTrial of every trial.
func TestTallyMergeTree(t *testing.T) {
	r := rand.New(rand.NewPCG(33, 34))
	const assets, sectors = 20, 2
	for _, distinct := range []int64{3, 40, 70, 1000, 0} {
		outs := randomOutcomes(r, 900, assets, sectors, distinct, distinct == 0)
		want := NewTally(assets, sectors)
		var parts []*Tally
		for lo := 0; lo < len(outs); lo += 1 + r.IntN(120) {
			p := NewTally(assets, sectors)
			for i := lo; i < min(lo+1+r.IntN(120), len(outs)); i++ {
				p.addTrial(&outs[i])
				want.addTrial(&outs[i])
			}
			parts = append(parts, p)
		}
		for len(parts) > 1 {
			i, j := r.IntN(len(parts)), r.IntN(len(parts)-1)
			if j >= i {
				j++
			}
			if err := parts[i].Merge(parts[j]); err != nil {
				t.Fatal(err)
			}
			parts[j] = parts[len(parts)-1]
			parts = parts[:len(parts)-1]
		}
		if !parts[0].Equal(want) {
			t.Fatalf("distinct=%d: merge tree differs from addTrial's", distinct)
		}
	}
}

// TestHistAddValues checks timeHist.addValues and merges of bucketed histograms with the
// dense counts against adding values one by one, starting from exact, bucketed and
// empty histograms.
func TestHistAddValues(t *testing.T) {
	r := rand.New(rand.NewPCG(35, 36))
	var s histScratch
	for iter := range 3000 {
		spread := []uint32{1, 10, 60, 200, 1 << 12, 1 << 20, noTime - 1}[r.IntN(7)]
		base := &timeHist{}
		for range max(0, r.IntN(300)-100) { // empty a third of the time
			base.add(int64(r.Uint32N(spread)))
		}
		vs := make([]uint32, 1+r.IntN(300))
		for i := range vs {
			vs[i] = r.Uint32N(spread)
		}
		want := &timeHist{}
		want.merge(base, &histScratch{})
		for _, v := range vs {
			want.add(int64(v))
		}
		// A vocabulary of likely values, sorted and distinct: some of vs, some others.
		var vocab []uint32
		for range r.IntN(histMaxExact + 1) {
			if r.IntN(2) == 0 {
				vocab = append(vocab, vs[r.IntN(len(vs))])
			} else {
				vocab = append(vocab, r.Uint32N(spread))
			}
		}
		slices.Sort(vocab)
		vocab = slices.Compact(vocab)
		got := &timeHist{}
		got.merge(base, &s)
		got.addValues(vs, vocab, iter%3 == 0, &s)
		if !got.equal(want) {
			t.Fatalf("iteration %d (spread %d): addValues differs (bucketed %v/%v, %d/%d keys)",
				iter, spread, got.bucketed, want.bucketed, len(got.keys), len(want.keys))
		}
		// The scratch must be left clean.
		if d := s.dense(); d.n != 0 || d.cnt != [maxBucketKey]int64{} || d.bits != [maxBucketKey / 64]uint64{} {
			t.Fatalf("iteration %d: dense counts left dirty", iter)
		}
	}
}

// TestTrialBufferChangingSpread reuses one buffer for chunks whose times change between
// few and many distinct values, so that what the buffer remembers of an asset's earlier
// chunks (its exact values, or that it was bucketed) is sometimes wrong; each chunk's
// tally must still equal addTrial's.
func TestTrialBufferChangingSpread(t *testing.T) {
	r := rand.New(rand.NewPCG(37, 38))
	const assets, sectors = 30, 2
	for _, size := range []int{1, 16, 256} {
		buf := newTrialBuffer(assets, sectors, size)
		total, want := NewTally(assets, sectors), NewTally(assets, sectors)
		for chunk := range 40 {
			distinct := []int64{1, 10, histMaxExact, histMaxExact + 1, 500, 0}[r.IntN(6)]
			outs := randomOutcomes(r, 1+r.IntN(300), assets, sectors, distinct, chunk%7 == 6)
			got, ref := NewTally(assets, sectors), NewTally(assets, sectors)
			for i := range outs {
				buf.add(&outs[i], got)
				ref.addTrial(&outs[i])
				want.addTrial(&outs[i])
			}
			buf.flush(got)
			if !got.Equal(ref) {
				t.Fatalf("buffer %d, chunk %d (distinct %d): buffered tally differs from addTrial's", size, chunk, distinct)
			}
			if err := total.Merge(got); err != nil {
				t.Fatal(err)
			}
		}
		if !total.Equal(want) {
			t.Fatalf("buffer %d: merged tally differs from addTrial's", size)
		}
	}
}

// TestTrialBufferFixed gives the trial buffer outcomes that name fixed assets (always
// failing at one time, or never), mixed with outcomes that do not (dense and sparse),
// so that it changes row width between them, and requires addTrial's tally.
func TestTrialBufferFixed(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 42))
	const assets, sectors = 40, 3
	for _, distinct := range []int64{1, 5, histMaxExact + 1, 0} {
		outs := randomOutcomes(r, 600, assets, sectors, distinct, false)
		fx := &fixedAssets{}
		for a := range assets {
			switch {
			case a%5 == 1:
				fx.consts = append(fx.consts, int32(a))
				fx.times = append(fx.times, uint32(601*a))
			case a%5 == 3:
				// never fails
			default:
				fx.vars = append(fx.vars, int32(a))
			}
		}
		for i := range outs {
			o := &outs[i]
			if o.failure == nil {
				if r.IntN(2) == 0 {
					o.fixed = fx // ignored: a sparse outcome is counted whole
				}
				continue
			}
			if r.IntN(4) == 0 {
				continue // a dense outcome of another scenario, without fixed assets
			}
			for k, a := range fx.consts {
				o.failure[a] = int64(fx.times[k])
			}
			for a := 3; a < assets; a += 5 {
				o.failure[a] = cascade.Never
			}
			o.fixed = fx
		}
		want := NewTally(assets, sectors)
		for i := range outs {
			want.addTrial(&outs[i])
		}
		for _, size := range []int{1, 16, 256} {
			got := NewTally(assets, sectors)
			buf := newTrialBuffer(assets, sectors, size)
			for i := range outs {
				buf.add(&outs[i], got)
			}
			buf.flush(got)
			if !got.Equal(want) {
				t.Fatalf("distinct=%d buffer=%d: buffered tally with fixed assets differs from addTrial's", distinct, size)
			}
		}
	}
}
