package cascade

import (
	"math"
	"math/rand/v2"
	"slices"
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

// stableEdit is a change to a model for TestStableDrawsRemoveReorder: it edits m (a
// fresh copy of the base, which rng may shuffle) and returns the names of the base's
// assets whose outcome the change may move (nil: none may move).
type stableEdit struct {
	name string
	edit func(rng *rand.Rand, m *model.Model) (touched []string, ok bool)
}

// TestStableDrawsRemoveReorder removes and reorders blocks of random models — an
// asset, a dependency, an event, a second scenario; the dependencies of a group, the
// named groups of an asset, the events of a scenario and their targets — and checks
// that every edge the two models share keeps its key (so its draws), and that in every
// Monte Carlo trial every asset outside the downstream cone of what was removed fails
// and is compromised exactly when it did before (for a reordering: every asset).
func TestStableDrawsRemoveReorder(t *testing.T) {
	edits := []stableEdit{
		{"remove an asset", func(rng *rand.Rand, m *model.Model) ([]string, bool) {
			x := m.Assets[rng.IntN(len(m.Assets))]
			m.Assets = slices.DeleteFunc(m.Assets, func(a *model.Asset) bool { return a == x })
			for _, a := range m.Assets {
				for _, g := range a.Groups {
					if n := len(g.Dependencies); slices.ContainsFunc(g.Dependencies, func(d *model.Dependency) bool { return d.On == x }) {
						g.Dependencies = slices.DeleteFunc(g.Dependencies, func(d *model.Dependency) bool { return d.On == x })
						g.Requires = min(g.Requires, len(g.Dependencies))
						if g.RequiresMode == "k" && n > 0 && g.Requires == 0 {
							g.RequiresMode = "all"
						}
					}
				}
			}
			for _, sc := range m.Scenarios {
				for _, e := range sc.Events {
					e.Assets = slices.DeleteFunc(e.Assets, func(a *model.Asset) bool { return a == x })
				}
			}
			return []string{x.Name}, len(m.Assets) > 0
		}},
		{"remove a dependency", func(rng *rand.Rand, m *model.Model) ([]string, bool) {
			a := m.Assets[rng.IntN(len(m.Assets))]
			g := a.Groups[rng.IntN(len(a.Groups))]
			if len(g.Dependencies) == 0 || g.RequiresMode == "k" {
				return nil, false
			}
			i := rng.IntN(len(g.Dependencies))
			g.Dependencies = slices.Delete(g.Dependencies, i, i+1)
			return []string{a.Name}, true
		}},
		{"remove an event", func(rng *rand.Rand, m *model.Model) ([]string, bool) {
			sc := m.Scenarios[0]
			i := rng.IntN(len(sc.Events))
			var touched []string
			for _, a := range sc.Events[i].Assets {
				touched = append(touched, a.Name)
			}
			sc.Events = slices.Delete(sc.Events, i, i+1)
			return touched, true
		}},
		{"remove a scenario", func(rng *rand.Rand, m *model.Model) ([]string, bool) {
			// The base has a second scenario, "a_other", which sorts first; the
			// changed model drops it.
			m.Scenarios = slices.DeleteFunc(m.Scenarios, func(s *model.Scenario) bool { return s.Name == "a_other" })
			return nil, true
		}},
		{"reorder", func(rng *rand.Rand, m *model.Model) ([]string, bool) {
			for _, a := range m.Assets {
				rng.Shuffle(len(a.Groups)-1, func(i, j int) { a.Groups[i+1], a.Groups[j+1] = a.Groups[j+1], a.Groups[i+1] })
				for _, g := range a.Groups {
					rng.Shuffle(len(g.Dependencies), func(i, j int) { g.Dependencies[i], g.Dependencies[j] = g.Dependencies[j], g.Dependencies[i] })
				}
			}
			sc := m.Scenario("s")
			rng.Shuffle(len(sc.Events), func(i, j int) { sc.Events[i], sc.Events[j] = sc.Events[j], sc.Events[i] })
			for _, e := range sc.Events {
				rng.Shuffle(len(e.Assets), func(i, j int) { e.Assets[i], e.Assets[j] = e.Assets[j], e.Assets[i] })
			}
			rng.Shuffle(len(m.Scenarios), func(i, j int) { m.Scenarios[i], m.Scenarios[j] = m.Scenarios[j], m.Scenarios[i] })
			return nil, true
		}},
	}
	rng := rand.New(rand.NewPCG(23, 24))
	for iter := range 300 {
		seed := rng.Uint64()
		random := func() *model.Model {
			r := rand.New(rand.NewPCG(seed, 1))
			m := netgen.Random(r, netgen.SmallParams(r))
			b := netgen.Extend(m)
			o := b.Scenario("a_other", model.NoHorizon)
			b.Event(o, "e_other", model.PhysicalEvent, 0, 0.5, m.Assets[0])
			return b.Model()
		}
		ed := edits[iter%len(edits)]
		base, changed := random(), random()
		touched, ok := ed.edit(rand.New(rand.NewPCG(seed, 2)), changed)
		if !ok {
			continue
		}
		changed = netgen.Extend(changed).Model()
		n1, err1 := Compile(base)
		n2, err2 := Compile(changed)
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: %v %v", ed.name, err1, err2)
		}
		// Every edge the two share keeps its key.
		type edgeName struct{ sup, dep, group string }
		keys := map[edgeName]uint64{}
		for e := range int32(n1.NumEdges()) {
			keys[edgeName{n1.AssetName(n1.EdgeSupplier(e)), n1.AssetName(n1.EdgeDependent(e)), n1.GroupName(n1.EdgeGroup(e))}] = n1.EdgeKey(e)
		}
		for e := range int32(n2.NumEdges()) {
			k := edgeName{n2.AssetName(n2.EdgeSupplier(e)), n2.AssetName(n2.EdgeDependent(e)), n2.GroupName(n2.EdgeGroup(e))}
			if want, ok := keys[k]; !ok || want != n2.EdgeKey(e) {
				t.Fatalf("%s, model %d: edge %v has key %x, before %x (present %v)", ed.name, iter, k, n2.EdgeKey(e), want, ok)
			}
		}
		// The assets the change may move: downstream of the touched ones in the base.
		moved := map[string]bool{}
		dependents := map[string][]string{}
		for _, a := range base.Assets {
			for _, g := range a.Groups {
				for _, d := range g.Dependencies {
					dependents[d.On.Name] = append(dependents[d.On.Name], a.Name)
				}
			}
		}
		for len(touched) > 0 {
			x := touched[len(touched)-1]
			touched = touched[:len(touched)-1]
			if !moved[x] {
				moved[x] = true
				touched = append(touched, dependents[x]...)
			}
		}
		s1, err1 := n1.CompileScenario(base.Scenario("s"))
		s2, err2 := n2.CompileScenario(changed.Scenario("s"))
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: %v %v", ed.name, err1, err2)
		}
		kept := 0
		for trial := range uint64(20) {
			opts := Options{MonteCarlo: true, Seed: 11, Trial: trial}
			r1, r2 := n1.Run(s1, opts), n2.Run(s2, opts)
			for i, a := range base.Assets {
				if moved[a.Name] {
					continue
				}
				kept++
				j := changed.Asset(a.Name).Index
				if r1.Failure[i] != r2.Failure[j] || r1.Compromise[i] != r2.Compromise[j] {
					t.Fatalf("%s, model %d trial %d: asset %s fails at %d, compromised at %d; after the change %d, %d",
						ed.name, iter, trial, a.Name, r1.Failure[i], r1.Compromise[i], r2.Failure[j], r2.Compromise[j])
				}
			}
		}
		if kept == 0 && len(base.Assets) > 1 && ed.name == "reorder" {
			t.Fatalf("%s: no asset compared", ed.name)
		}
	}
}
