package cascade

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cascade-infra/cascade/cascade/internal/netgen"
	"github.com/cascade-infra/cascade/cascade/internal/reference"
	"github.com/cascade-infra/cascade/model"
)

// randomAlertModel is a random small model with organizations, channels, detect and
// respond, and more cyber dependencies than the other property tests' models, with
// events spread over time so that protections come before some attempts.
func randomAlertModel(rng *rand.Rand) *model.Model {
	p := netgen.SmallParams(rng)
	p.Cyber, p.Events, p.MaxAt = 0.6, 5, []int64{0, 10, 60}[rng.IntN(3)]
	if p.MaxDelay == 0 {
		p.MaxDelay = 20
	}
	m := netgen.Random(rng, p)
	return netgen.AddAlerts(rng, m, netgen.SmallAlertParams(rng))
}

// clip returns t, or Never when it is beyond the horizon h (or the reference's Inf).
func clip(t, h int64) int64 {
	if t > h || t == reference.Inf {
		return Never
	}
	return t
}

// checkAlerts compares the alerts and protections of a run of m with the reference, and
// runs checkAgainstReference (failures, compromises, sectors, causes).
func checkAlerts(t *testing.T, m *model.Model, opts Options) {
	t.Helper()
	checkAgainstReference(t, m, opts)
	net, err := Compile(m)
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := net.Scenario("s")
	r := net.Run(sc, opts)
	h := r.Horizon()
	d := engDraws(m, m.Scenarios[0], opts.MonteCarlo, opts.Seed, opts.Trial)
	ref := reference.Alerts(m, m.Scenarios[0], reference.Draws{Live: d.live, Hit: d.hit})
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf(format+"\n%s", append(args, engDumpModel(m)+dumpAlerts(m))...)
	}
	if !m.HasAlerts() {
		if r.Detected != nil {
			fail("alerts without detect")
		}
		return
	}
	for o := range m.Organizations {
		if r.Detected[o] <= h && r.Detected[o] != clip(ref.D[o], h) || r.Alerted[o] <= h && r.Alerted[o] != clip(ref.A[o], h) ||
			r.Protected[o] <= h && r.Protected[o] != clip(ref.P[o], h) ||
			clip(r.Detected[o], h) != clip(ref.D[o], h) || clip(r.Alerted[o], h) != clip(ref.A[o], h) || clip(r.Protected[o], h) != clip(ref.P[o], h) {
			fail("organization %s: engine D=%d A=%d P=%d, reference D=%d A=%d P=%d (horizon %d)", m.Organizations[o].Name,
				r.Detected[o], r.Alerted[o], r.Protected[o], ref.D[o], ref.A[o], ref.P[o], h)
		}
	}
	// protected assets: attempted within the horizon, not compromised
	var want []Protection
	for a := range m.Assets {
		if x := ref.X[a]; x != reference.Inf && x <= h && ref.C[a] == reference.Inf {
			want = append(want, Protection{Asset: int32(a), Attempted: x, Protected: ref.P[m.Assets[a].Operator.Index]})
		}
	}
	slices.SortFunc(want, func(x, y Protection) int {
		if x.Attempted != y.Attempted {
			return int(x.Attempted - y.Attempted)
		}
		return int(x.Asset - y.Asset)
	})
	if got := r.Protections(); !slices.Equal(got, want) {
		fail("protections: engine %v, reference %v", got, want)
	}
	// the restoration engine, on a model without restoration, gives the same
	if h != Never {
		tl, err := net.Restore(sc, opts)
		if err != nil {
			t.Fatal(err)
		}
		for a := range m.Assets {
			if tl.Failure[a] != r.Failure[a] || tl.Compromise[a] != r.Compromise[a] {
				fail("asset %s: restoration F=%d C=%d, run F=%d C=%d", m.Assets[a].Name, tl.Failure[a], tl.Compromise[a], r.Failure[a], r.Compromise[a])
			}
		}
		if !slices.Equal(tl.Protections(), r.Protections()) || fmt.Sprint(tl.Alerts()) != fmt.Sprint(r.Alerts()) {
			fail("restoration: protections %v alerts %v, run %v %v", tl.Protections(), tl.Alerts(), r.Protections(), r.Alerts())
		}
	}
	// alerts: by, via
	alerts := r.Alerts()
	n := 0
	for o := range m.Organizations {
		if clip(ref.A[o], h) != Never {
			n++
		}
	}
	if len(alerts) != n {
		fail("%d alerts, reference %d", len(alerts), n)
	}
	for i, al := range alerts {
		o := al.Organization
		if i > 0 && (alerts[i-1].Alerted > al.Alerted || alerts[i-1].Alerted == al.Alerted && alerts[i-1].Organization > o) {
			fail("alerts not ordered by time, then name: %v", alerts)
		}
		by := int32(-1)
		for p := range m.Organizations {
			if reference.Add(ref.D[p], ref.L[p][o]) == ref.A[o] {
				by = int32(p)
				break
			}
		}
		if al.By != by || al.Alerted != ref.A[o] {
			fail("alert of %s: by %d at %d, reference by %d at %d", m.Organizations[o].Name, al.By, al.Alerted, by, ref.A[o])
		}
		if want := bruteVia(m, ref.L, by, o); !slices.Equal(al.Via, want) {
			fail("alert of %s: via %v, reference %v", m.Organizations[o].Name, al.Via, want)
		}
	}
}

// bruteVia enumerates the simple chains from p to o and returns the one of least
// latency, fewest channels, smallest list of indices.
func bruteVia(m *model.Model, L [][]int64, p, o int32) []int32 {
	no := len(m.Organizations)
	w := make([][]int64, no)
	for i := range w {
		w[i] = make([]int64, no)
		for j := range w[i] {
			w[i][j] = reference.Inf
		}
	}
	for _, x := range m.Organizations {
		for _, y := range x.SharesWith {
			w[x.Index][y.Index], w[y.Index][x.Index] = 0, 0
		}
	}
	for _, c := range m.Channels {
		a, b := c.Between[0].Index, c.Between[1].Index
		w[a][b] = min(w[a][b], c.Latency)
		w[b][a] = w[a][b]
	}
	var best []int32
	var path []int32
	seen := make([]bool, no)
	var walk func(u int32, lat int64)
	walk = func(u int32, lat int64) {
		path = append(path, u)
		seen[u] = true
		if u == o {
			if lat == L[p][o] && (best == nil || len(path) < len(best) || len(path) == len(best) && slices.Compare(path, best) < 0) {
				best = slices.Clone(path)
			}
		} else {
			for v := range int32(no) {
				if !seen[v] && w[u][v] != reference.Inf {
					walk(v, lat+w[u][v])
				}
			}
		}
		seen[u] = false
		path = path[:len(path)-1]
	}
	walk(p, 0)
	return best
}

func dumpAlerts(m *model.Model) string {
	s := ""
	for _, o := range m.Organizations {
		s += fmt.Sprintf("org %s detect %d respond %d/%v shares", o.Name, o.Detect, o.Respond, o.Responds)
		for _, p := range o.SharesWith {
			s += " " + p.Name
		}
		s += "\n"
	}
	for _, c := range m.Channels {
		s += fmt.Sprintf("channel %s %s-%s %d\n", c.Name, c.Between[0].Name, c.Between[1].Name, c.Latency)
	}
	for _, a := range m.Assets {
		if a.Operator != nil {
			s += a.Name + " operated by " + a.Operator.Name + "\n"
		}
	}
	return s
}

// TestPropertyAlerts holds worst-case runs and Monte Carlo trials on thousands of random
// small models with organizations and channels against the naive fixed point.
func TestPropertyAlerts(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 5))
	runs := 4000
	if testing.Short() {
		runs = 400
	}
	for i := range runs {
		m := randomAlertModel(rng)
		checkAlerts(t, m, Options{})
		if i%2 == 0 {
			for trial := range uint64(3) {
				checkAlerts(t, m, Options{MonteCarlo: true, Seed: 9, Trial: trial})
			}
		}
	}
}

// TestAlertCases are hand-derived cases of docs/semantics.md, "Alerts and protection".
func TestAlertCases(t *testing.T) {
	type want struct {
		comp     map[string]int64 // compromise times of the assets named, Never for none
		fail     map[string]int64
		alerts   []string // organization:detected:alerted:by:via:protected, in order
		protects []string // asset:attempted:protected, in order
	}
	const N = Never
	for _, c := range []struct {
		name  string
		build func(b *netgen.Builder, s *model.Sector, sc *model.Scenario)
		want  want
	}{
		{"protection at equality blocks the attempt", func(b *netgen.Builder, s *model.Sector, sc *model.Scenario) {
			o := b.Organization("op", 10, 0)
			a, x := b.Asset("a", s, 1), b.Asset("x", s, 1)
			a.Operator, x.Operator = o, o
			b.Dep(x.Groups[0], a, model.Cyber, 10, 1)
			b.Event(sc, "intrusion", model.CyberEvent, 0, 1, a)
		}, want{comp: map[string]int64{"a": 0, "x": N}, fail: map[string]int64{"a": 0, "x": 10}, // x still loses its supply
			alerts: []string{"op:10:10:op:op:10"}, protects: []string{"x:10:10"}}},
		{"an attempt a second before the protection compromises", func(b *netgen.Builder, s *model.Sector, sc *model.Scenario) {
			o := b.Organization("op", 10, 0)
			a, x := b.Asset("a", s, 1), b.Asset("x", s, 1)
			a.Operator, x.Operator = o, o
			b.Dep(x.Groups[0], a, model.Cyber, 9, 1)
			b.Event(sc, "intrusion", model.CyberEvent, 0, 1, a)
		}, want{comp: map[string]int64{"a": 0, "x": 9}, fail: map[string]int64{"x": 9},
			alerts: []string{"op:10:10:op:op:10"}}},
		{"relay through an ISAC", func(b *netgen.Builder, s *model.Sector, sc *model.Scenario) {
			ntt, isac, kddi := b.Organization("ntt", 5, -1), b.Organization("isac", 0, -1), b.Organization("kddi", 0, 2)
			b.Channel("c1", ntt, isac, 3)
			b.Channel("c2", kddi, isac, 4)
			b.Channel("slow", ntt, kddi, 100)
			x, y, z := b.Asset("x", s, 1), b.Asset("y", s, 1), b.Asset("z", s, 1)
			x.Operator, y.Operator, z.Operator = ntt, kddi, kddi
			b.Dep(y.Groups[0], x, model.Cyber, 13, 1)
			b.Dep(z.Groups[0], x, model.Cyber, 14, 1)
			b.Event(sc, "intrusion", model.CyberEvent, 0, 1, x)
		}, want{comp: map[string]int64{"x": 0, "y": 13, "z": N},
			alerts:   []string{"ntt:5:5:ntt:ntt:-", "isac:-:8:ntt:ntt>isac:-", "kddi:-:12:ntt:ntt>isac>kddi:14"},
			protects: []string{"z:14:14"}}},
		{"an unoperated asset is never protected", func(b *netgen.Builder, s *model.Sector, sc *model.Scenario) {
			o := b.Organization("op", 10, 0)
			a, x := b.Asset("a", s, 1), b.Asset("x", s, 1)
			a.Operator = o
			b.Dep(x.Groups[0], a, model.Cyber, 30, 1)
			b.Event(sc, "intrusion", model.CyberEvent, 0, 1, a)
		}, want{comp: map[string]int64{"a": 0, "x": 30}, alerts: []string{"op:10:10:op:op:10"}}},
		{"detects but has no respond", func(b *netgen.Builder, s *model.Sector, sc *model.Scenario) {
			o, p := b.Organization("op", 10, -1), b.Organization("peer", 0, 5)
			b.Channel("c", o, p, 0)
			a, x := b.Asset("a", s, 1), b.Asset("x", s, 1)
			a.Operator, x.Operator = o, o
			b.Dep(x.Groups[0], a, model.Cyber, 30, 1)
			b.Event(sc, "intrusion", model.CyberEvent, 0, 1, a)
		}, want{comp: map[string]int64{"a": 0, "x": 30}, alerts: []string{"op:10:10:op:op:-", "peer:-:10:op:op>peer:15"}}},
		{"a protected asset passes nothing on and a cyber hit does nothing", func(b *netgen.Builder, s *model.Sector, sc *model.Scenario) {
			o := b.Organization("op", 1, 0)
			a, x, y, z := b.Asset("a", s, 1), b.Asset("x", s, 1), b.Asset("y", s, 1), b.Asset("z", s, 1)
			a.Operator, x.Operator, z.Operator = o, o, o
			b.Dep(x.Groups[0], a, model.Cyber, 5, 1)
			b.Dep(y.Groups[0], x, model.Cyber, 0, 1)
			b.Event(sc, "intrusion", model.CyberEvent, 0, 1, a)
			b.Event(sc, "late", model.CyberEvent, 3, 1, z)
		}, want{comp: map[string]int64{"a": 0, "x": N, "y": N, "z": N}, fail: map[string]int64{"x": 5, "y": 5, "z": N}, // x and y lose supply
			alerts: []string{"op:1:1:op:op:1"}, protects: []string{"z:3:1", "x:5:1"}}},
		{"ties: alerted by the first name", func(b *netgen.Builder, s *model.Sector, sc *model.Scenario) {
			p, q, r := b.Organization("p", 4, -1), b.Organization("q", 2, -1), b.Organization("r", 0, 0)
			b.Channel("pr", p, r, 1)
			b.Channel("qr", q, r, 3)
			x, y := b.Asset("x", s, 1), b.Asset("y", s, 1)
			x.Operator, y.Operator = p, q
			b.Event(sc, "intrusion", model.CyberEvent, 0, 1, x, y)
		}, want{comp: map[string]int64{"x": 0, "y": 0},
			alerts: []string{"q:2:2:q:q:-", "p:4:4:p:p:-", "r:-:5:p:p>r:5"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := netgen.New()
			s := b.Sector("s", 1)
			sc := b.Scenario("s", model.NoHorizon)
			c.build(b, s, sc)
			m := b.Model()
			net, err := Compile(m)
			if err != nil {
				t.Fatal(err)
			}
			csc, _ := net.Scenario("s")
			r := net.Run(csc, Options{})
			for name, at := range c.want.comp {
				if got := r.Compromise[m.Asset(name).Index]; got != at {
					t.Errorf("%s compromised at %d, want %d", name, got, at)
				}
			}
			for name, at := range c.want.fail {
				if got := r.Failure[m.Asset(name).Index]; got != at {
					t.Errorf("%s failed at %d, want %d", name, got, at)
				}
			}
			tm := func(x int64) string {
				if x == Never {
					return "-"
				}
				return fmt.Sprint(x)
			}
			var alerts, protects []string
			for _, al := range r.Alerts() {
				via := ""
				for i, o := range al.Via {
					if i > 0 {
						via += ">"
					}
					via += m.Organizations[o].Name
				}
				alerts = append(alerts, fmt.Sprintf("%s:%s:%s:%s:%s:%s", m.Organizations[al.Organization].Name, tm(al.Detected), tm(al.Alerted),
					m.Organizations[al.By].Name, via, tm(al.Protected)))
			}
			for _, p := range r.Protections() {
				protects = append(protects, fmt.Sprintf("%s:%d:%d", m.Assets[p.Asset].Name, p.Attempted, p.Protected))
			}
			if !slices.Equal(alerts, c.want.alerts) {
				t.Errorf("alerts %q, want %q", alerts, c.want.alerts)
			}
			if !slices.Equal(protects, c.want.protects) {
				t.Errorf("protected %q, want %q", protects, c.want.protects)
			}
			for name, at := range c.want.fail {
				if a := int32(m.Asset(name).Index); at != Never && r.Compromise[a] == Never && r.Cause(a).Kind == CauseCompromise {
					t.Errorf("%s: a protected asset fails by compromise", name)
				}
			}
			checkAlerts(t, m, Options{})
		})
	}
}

// TestAlertsWithoutProtectionChangeNothing: without respond, detections change no
// failure, compromise, sector or cause, bit for bit.
func TestAlertsWithoutProtectionChangeNothing(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 6))
	for range 500 {
		m := randomAlertModel(rng)
		for _, o := range m.Organizations {
			o.Responds = false
		}
		run := func() *Result {
			net, err := Compile(m)
			if err != nil {
				t.Fatal(err)
			}
			sc, _ := net.Scenario("s")
			return net.Run(sc, Options{})
		}
		with := run()
		for _, o := range m.Organizations {
			o.Detect = 0
		}
		without := run()
		if !slices.Equal(with.Failure, without.Failure) || !slices.Equal(with.Compromise, without.Compromise) ||
			!slices.Equal(with.Sectors, without.Sectors) || fmt.Sprint(with.Failures()) != fmt.Sprint(without.Failures()) {
			t.Fatalf("detect without respond changed the run\n%s", engDumpModel(m)+dumpAlerts(m))
		}
	}
}
