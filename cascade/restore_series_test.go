package cascade

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/cascade-infra/cascade/cascade/internal/netgen"
)

// checkSeries holds DownStretches and SectorDownSeries of r against the run's own
// totals: per asset, the stretches' seconds within [0, H) are DownTime, those starting
// at or before H are Outages, the first starts at the failure and the last is open
// exactly when the asset is down at H; per sector, the last step is the down fraction
// at H and the area under the steps over [0, H) is the Loss.
func checkSeries(t *testing.T, net *Network, r *Result) {
	t.Helper()
	h := r.Horizon()
	for a := range int32(net.NumAssets()) {
		ss := r.DownStretches(a)
		if r.Failure[a] == Never {
			if ss != nil {
				t.Fatalf("asset %d never fails but has stretches %v", a, ss)
			}
			continue
		}
		if len(ss) == 0 || ss[0].Start != r.Failure[a] {
			t.Fatalf("asset %d fails at %d, stretches %v", a, r.Failure[a], ss)
		}
		var down int64
		var outages int32
		for i, s := range ss {
			if s.End != Never && s.End <= s.Start || i > 0 && s.Start <= ss[i-1].End || i+1 < len(ss) && s.End == Never {
				t.Fatalf("asset %d: stretches %v out of order", a, ss)
			}
			if s.Start <= h {
				outages++
			}
			down += min(s.End, h) - min(s.Start, h)
		}
		if down != r.DownTime(a) || outages != r.Outages(a) {
			t.Fatalf("asset %d: stretches %v give %ds down in %d outages, the run %ds in %d", a, ss, down, outages, r.DownTime(a), r.Outages(a))
		}
		if open := ss[len(ss)-1].End == Never; open != r.DownAtHorizon(a) {
			t.Fatalf("asset %d: stretches %v, down at the horizon %v", a, ss, r.DownAtHorizon(a))
		}
		if !r.DownAtHorizon(a) && ss[len(ss)-1].End != r.Restored(a) {
			t.Fatalf("asset %d: stretches %v, restored %d", a, ss, r.Restored(a))
		}
	}
	for s := range int32(net.NumSectors()) {
		steps := r.SectorDownSeries(s)
		sr := r.SectorRestoration(s)
		if len(steps) == 0 {
			if sr.DownFraction != 0 || sr.Loss != 0 || r.Sectors[s].FirstImpact != Never && net.SectorWeight(s) > 0 {
				t.Fatalf("sector %d: no steps, restoration %+v", s, sr)
			}
			continue
		}
		if steps[0].T != r.Sectors[s].FirstImpact {
			t.Fatalf("sector %d: first step %+v, first impact %d", s, steps[0], r.Sectors[s].FirstImpact)
		}
		var loss float64
		for i, st := range steps {
			if i > 0 && st.T <= steps[i-1].T || st.Fraction < 0 || st.Fraction > 1 {
				t.Fatalf("sector %d: steps %v", s, steps)
			}
			end := h
			if i+1 < len(steps) {
				end = steps[i+1].T
			}
			if st.T < h {
				loss += st.Fraction * float64(min(end, h)-st.T)
			}
		}
		if last := steps[len(steps)-1].Fraction; math.Abs(last-sr.DownFraction) > 1e-9 {
			t.Fatalf("sector %d: last step %v, down fraction at the horizon %v", s, last, sr.DownFraction)
		}
		if math.Abs(loss-sr.Loss) > 1e-9*max(1, sr.Loss) {
			t.Fatalf("sector %d: steps %v give loss %v, the run %v", s, steps, loss, sr.Loss)
		}
	}
}

func TestSeriesWithRestoration(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 9))
	runs := 400
	if testing.Short() {
		runs = 60
	}
	restored := 0
	for i := range runs {
		m := netgen.Random(rng, netgen.SmallParams(rng))
		addRestoration(rng, m, 60)
		net, err := Compile(m)
		if err != nil {
			t.Fatal(err)
		}
		sc, _ := net.Scenario(m.Scenarios[0].Name)
		opts := Options{}
		if i%2 == 1 {
			opts = Options{MonteCarlo: true, Seed: uint64(i), Trial: 2}
		}
		r := net.Run(sc, opts)
		if !r.Restoration() {
			t.Fatal("a random model with restoration ran without it")
		}
		checkSeries(t, net, r)
		for a := range int32(net.NumAssets()) {
			if r.Outages(a) > 1 || r.Restored(a) != Never {
				restored++
			}
		}
	}
	if restored == 0 {
		t.Error("no asset came back in the random runs")
	}
}

func TestSeriesWithoutRestoration(t *testing.T) {
	rng := rand.New(rand.NewPCG(24, 10))
	for range 200 {
		m := netgen.Random(rng, netgen.SmallParams(rng))
		if m.Scenarios[0].Horizon < 0 {
			m.Scenarios[0].Horizon = rng.Int64N(200)
		}
		net, err := Compile(m)
		if err != nil {
			t.Fatal(err)
		}
		sc, _ := net.Scenario(m.Scenarios[0].Name)
		r := net.Run(sc, Options{})
		checkSeries(t, net, r)
		for a := range int32(net.NumAssets()) {
			if ss := r.DownStretches(a); r.Failure[a] != Never && (len(ss) != 1 || ss[0].End != Never) {
				t.Fatalf("asset %d: a permanent failure with stretches %v", a, ss)
			}
		}
	}
}
