package cascade

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/cascade-infra/cascade/cascade/internal/netgen"
	"github.com/cascade-infra/cascade/model"
)

// checkAgainstReference compares one run with the reference and checks its causes.
func checkAgainstReference(t *testing.T, m *model.Model, opts Options) {
	t.Helper()
	net, err := Compile(m)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := net.Scenario("s")
	if err != nil {
		t.Fatal(err)
	}
	r := net.Run(sc, opts)
	ref := engReference(m, m.Scenarios[0], r.Horizon(), engDraws(m, m.Scenarios[0], opts.MonteCarlo, opts.Seed, opts.Trial))
	for a := range m.Assets {
		if r.Failure[a] != ref.F[a] || r.Compromise[a] != ref.C[a] {
			t.Fatalf("asset %s: engine F=%d C=%d, reference F=%d C=%d\n%s",
				m.Assets[a].Name, r.Failure[a], r.Compromise[a], ref.F[a], ref.C[a], engDumpModel(m))
		}
	}
	bk := r.OnBackup()
	if len(bk) != len(ref.backup) {
		t.Fatalf("on backup: engine %v, reference %v\n%s", bk, ref.backup, engDumpModel(m))
	}
	for i, b := range bk {
		want, ok := ref.backup[b.Asset]
		if !ok || want != [2]int64{b.Since, b.RunsOut} {
			t.Fatalf("on backup %s: engine since %d runs out %d, reference %v (present %v)", m.Assets[b.Asset].Name, b.Since, b.RunsOut, want, ok)
		}
		if i > 0 && (bk[i-1].RunsOut > b.RunsOut || bk[i-1].RunsOut == b.RunsOut && bk[i-1].Asset > b.Asset) {
			t.Fatalf("on backup not ordered by runs out, then name: %v", bk)
		}
	}
	for s := range m.Sectors {
		got := r.Sectors[s]
		if got.FirstImpact != ref.firstImp[s] || got.FailedAt != ref.failedAt[s] || math.Abs(got.FailedFraction-ref.fraction[s]) > 1e-12 {
			t.Fatalf("sector %s: engine %+v, reference first %d failed %d fraction %v\n%s",
				m.Sectors[s].Name, got, ref.firstImp[s], ref.failedAt[s], ref.fraction[s], engDumpModel(m))
		}
	}
	engCheckCauses(t, r)
}

// engCheckCauses verifies that every failure's cause is consistent with the times and that
// every explanation is a finite chain from an event.
func engCheckCauses(t *testing.T, r *Result) {
	t.Helper()
	n := r.Network()
	fs := r.Failures()
	// Sector sums are added in order of (time, index), bit for bit.
	sums := make([]float64, n.NumSectors())
	for _, f := range fs {
		sums[n.AssetSector(f.Asset)] += n.AssetWeight(f.Asset)
	}
	for s := range sums {
		if sums[s] != r.Sectors[s].FailedWeight {
			t.Fatalf("sector %s: failed weight %v, want %v summed by (time, index)", n.SectorName(int32(s)), r.Sectors[s].FailedWeight, sums[s])
		}
	}
	if len(fs) != r.NumFailed() {
		t.Fatalf("Failures has %d entries, NumFailed %d", len(fs), r.NumFailed())
	}
	for i, f := range fs {
		if i > 0 && (fs[i-1].At > f.At || fs[i-1].At == f.At && fs[i-1].Asset >= f.Asset) {
			t.Fatalf("failures not ordered by time then name")
		}
		a := f.Asset
		c := f.Cause
		switch c.Kind {
		case CauseEvent:
			ev := r.Scenario().Events[c.Event]
			if ev.At != f.At {
				t.Fatalf("%s: event %s at %d, failure at %d", n.AssetName(a), ev.Name, ev.At, f.At)
			}
		case CauseCompromise:
			u := n.EdgeSupplier(c.Edge)
			if n.EdgeDependent(c.Edge) != a || n.EdgeKind(c.Edge) != model.Cyber || r.Compromise[u]+n.EdgeDelay(c.Edge) != f.At || r.Compromise[a] != f.At {
				t.Fatalf("%s: bad compromise cause %+v", n.AssetName(a), c)
			}
		case CauseSupply:
			if n.GroupAsset(c.Group) != a || c.LostAt+n.GroupBackup(c.Group) != f.At {
				t.Fatalf("%s: bad supply cause %+v", n.AssetName(a), c)
			}
			lo, hi := n.GroupEdges(c.Group)
			if int32(len(c.Lost)) != (hi-lo)-n.GroupRequires(c.Group)+1 {
				t.Fatalf("%s: %d lost edges for a group needing %d of %d", n.AssetName(a), len(c.Lost), n.GroupRequires(c.Group), hi-lo)
			}
			for _, e := range c.Lost {
				if n.EdgeGroup(e) != c.Group || r.Failure[n.EdgeSupplier(e)]+n.EdgeDelay(e) > c.LostAt {
					t.Fatalf("%s: lost edge %d arrives after the loss", n.AssetName(a), e)
				}
			}
			if c.Lost[len(c.Lost)-1] != c.Edge {
				t.Fatalf("%s: tipping edge is not the last lost edge", n.AssetName(a))
			}
		default:
			t.Fatalf("%s failed without a cause", n.AssetName(a))
		}
		ch := r.Explain(a)
		if len(ch.Steps) == 0 || ch.Steps[0].Cause.Kind != CauseEvent || ch.Steps[len(ch.Steps)-1].Asset != a {
			t.Fatalf("%s: chain does not lead from an event to the asset: %+v", n.AssetName(a), ch.Steps)
		}
		for j := 1; j < len(ch.Steps); j++ {
			if ch.Steps[j].At < ch.Steps[j-1].At || ch.Steps[j].Supplier != ch.Steps[j-1].Asset {
				t.Fatalf("%s: chain is not causal: %+v", n.AssetName(a), ch.Steps)
			}
		}
		_ = ch.String()
	}
}

func engDumpModel(m *model.Model) string {
	s := ""
	for _, a := range m.Assets {
		s += a.Name + " (" + a.Sector.Name + "):"
		for _, g := range a.Groups {
			s += " [" + g.Name + " k=" + engItoa(int64(g.Requires)) + " b=" + engItoa(g.Backup) + ":"
			for _, d := range g.Dependencies {
				s += " " + d.On.Name + "/" + d.Kind.String() + "/d" + engItoa(d.Delay) + "/p" + engItoa(int64(d.Probability*100))
			}
			s += "]"
		}
		s += "\n"
	}
	for _, sc := range m.Scenarios {
		s += "scenario " + sc.Name + " horizon " + engItoa(sc.Horizon) + "\n"
		for _, e := range sc.Events {
			s += "  " + e.Name + " " + e.Kind.String() + " at " + engItoa(e.At) + " p" + engItoa(int64(e.Probability*100)) + ":"
			for _, a := range e.Assets {
				s += " " + a.Name
			}
			s += "\n"
		}
	}
	return s
}

func engItoa(x int64) string { return strconv.FormatInt(x, 10) }

// TestPropertyWorstCase compares worst-case runs on thousands of random small models
// with the naive fixed point.
func TestPropertyWorstCase(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	runs := 3000
	if testing.Short() {
		runs = 300
	}
	for range runs {
		m := netgen.Random(rng, netgen.SmallParams(rng))
		checkAgainstReference(t, m, Options{})
	}
}

// TestPropertyMonteCarlo compares Monte Carlo trials with the reference using the same
// per-edge and per-hit draws.
func TestPropertyMonteCarlo(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	runs := 1500
	if testing.Short() {
		runs = 150
	}
	for i := range runs {
		m := netgen.Random(rng, netgen.SmallParams(rng))
		for trial := range uint64(3) {
			checkAgainstReference(t, m, Options{MonteCarlo: true, Seed: uint64(i), Trial: trial})
		}
	}
}

// TestPropertyHorizonOverride checks Options.Horizon against the reference.
func TestPropertyHorizonOverride(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 300 {
		m := netgen.Random(rng, netgen.SmallParams(rng))
		h := []Horizon{HorizonAt(0), HorizonAt(7), HorizonAt(50), NoHorizon}[rng.IntN(4)]
		checkAgainstReference(t, m, Options{Horizon: h})
	}
}

// FuzzEngine compares the engine with the reference on random models grown from the
// fuzzer's seed, worst case and one Monte Carlo trial, sequential and parallel.
func FuzzEngine(f *testing.F) {
	for _, s := range []uint64{0, 1, 42, 1 << 40} {
		f.Add(s, uint64(0))
	}
	f.Fuzz(func(t *testing.T, seed, trial uint64) {
		rng := rand.New(rand.NewPCG(seed, trial))
		m := netgen.Random(rng, netgen.SmallParams(rng))
		checkAgainstReference(t, m, Options{})
		checkAgainstReference(t, m, Options{MonteCarlo: true, Seed: seed, Trial: trial})
		checkAgainstReference(t, m, Options{Workers: 2, ParallelMin: 1})
	})
}

// TestStableDrawsAcrossModelChanges adds to random models an asset whose name sorts
// first (so that every asset index and edge id moves), with suppliers among the others
// and an uncertain dependency and hit of its own, and nothing depending on it: in every
// Monte Carlo trial every other asset must fail and be compromised exactly when it did
// before, because draws are keyed by names, not positions.
func TestStableDrawsAcrossModelChanges(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for iter := range 200 {
		seed := rng.Uint64()
		random := func() *model.Model {
			r := rand.New(rand.NewPCG(seed, 1))
			return netgen.Random(r, netgen.SmallParams(r))
		}
		base := random()
		changed := random() // the same model, to which the unrelated blocks are added
		b := netgen.Extend(changed)
		x := b.Asset("aaa_added", changed.Sectors[0], 1)
		g := b.Own(x, "all", 0, 0)
		for _, a := range changed.Assets[:min(2, len(changed.Assets))] {
			b.Dep(g, a, model.Cyber, 0, 0.5)
		}
		b.Event(changed.Scenarios[0], "zz_added", model.CyberEvent, 0, 0.5, x)
		changed = b.Model()
		n1, err1 := Compile(base)
		n2, err2 := Compile(changed)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		s1, _ := n1.CompileScenario(base.Scenarios[0])
		s2, _ := n2.CompileScenario(changed.Scenarios[0])
		for trial := range uint64(30) {
			opts := Options{MonteCarlo: true, Seed: 9, Trial: trial}
			r1, r2 := n1.Run(s1, opts), n2.Run(s2, opts)
			for i, a := range base.Assets {
				j := changed.Asset(a.Name).Index
				if r1.Failure[i] != r2.Failure[j] || r1.Compromise[i] != r2.Compromise[j] {
					t.Fatalf("model %d trial %d: asset %s fails at %d, compromised at %d; with an unrelated asset added %d, %d",
						iter, trial, a.Name, r1.Failure[i], r1.Compromise[i], r2.Failure[j], r2.Compromise[j])
				}
			}
		}
	}
}
