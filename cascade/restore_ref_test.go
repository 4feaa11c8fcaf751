package cascade

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/cascade-infra/cascade/cascade/internal/netgen"
	"github.com/cascade-infra/cascade/model"
)

// This file holds a deliberately naive reference of restoration (docs/semantics.md,
// "Restoration"), written on the model: it simulates every second from 0 to H, keeps
// the resolved state of every second, and resolves each second with the two phases
// exactly as the text words them — the down phase removes, until nothing changes, every
// working asset that cannot work; the up phase adds, until nothing changes, every down
// asset that can work and could work on each of its restart seconds before. Crews are
// simulated second by second with explicit queues.

type refRepair struct {
	asset, org          int32
	damaged, start, end int64
}

type refTimeline struct {
	F, restored, down, C []int64
	outages              []int32
	firstImpact          []int64
	failedAt, restoredAt []int64
	failedFrac, downFrac []float64
	loss                 []float64
	backup               map[int32][2]int64 // since, runs out
	repairs              []refRepair
	working              [][]bool // per second, per asset
}

func restoreReference(m *model.Model, sc *model.Scenario, H int64, d engRefDraws) refTimeline {
	na := len(m.Assets)
	type edge struct {
		id    int32
		u     int
		kind  model.Kind
		delay int64
		live  bool
	}
	groups := make([][][]edge, na)
	var id int32
	for ai, a := range m.Assets {
		for _, g := range a.Groups {
			var es []edge
			for _, dep := range g.Dependencies {
				es = append(es, edge{id, dep.On.Index, dep.Kind, dep.Delay, d.live(id, dep.Probability)})
				id++
			}
			groups[ai] = append(groups[ai], es)
		}
	}
	// hits[t][a]
	phys := map[int64]map[int]bool{}
	ecyber := make([]int64, na)
	for i := range ecyber {
		ecyber[i] = engInf
	}
	for ei, ev := range sc.Events {
		for _, a := range ev.Assets {
			if ev.At > H || !d.hit(ei, int32(a.Index), ev.Probability) {
				continue
			}
			if ev.Kind == model.CyberEvent {
				ecyber[a.Index] = min(ecyber[a.Index], ev.At)
			} else {
				if phys[ev.At] == nil {
					phys[ev.At] = map[int]bool{}
				}
				phys[ev.At][a.Index] = true
			}
		}
	}
	// compromise, second by second
	C := make([]int64, na)
	for i := range C {
		C[i] = engInf
	}
	for t := int64(0); t <= H; t++ {
		for changed := true; changed; {
			changed = false
			for a := range na {
				if C[a] != engInf {
					continue
				}
				hit := ecyber[a] == t
				for _, es := range groups[a] {
					for _, e := range es {
						if e.kind == model.Cyber && e.live && C[e.u] != engInf && C[e.u]+e.delay == t {
							hit = true
						}
					}
				}
				if hit {
					C[a] = t
					changed = true
				}
			}
		}
	}
	compromised := func(a int, t int64) bool {
		r := m.Assets[a].Recover
		return C[a] <= t && (r == 0 || t < C[a]+r)
	}
	// damage, second by second
	const (
		none = iota
		waiting
		running
	)
	state := make([]int, na)
	jobEnd := make([]int64, na)
	rec := make([]int, na)
	var repairs []refRepair
	crewed := func(a int) bool {
		x := m.Assets[a]
		return x.Operator != nil && x.Operator.Crews > 0 && x.Repair > 0
	}
	damagedAt := make([][]bool, H+1)
	for t := int64(0); t <= H; t++ {
		for a := range na {
			if state[a] == running && jobEnd[a] == t {
				state[a] = none
				if crewed(a) {
					repairs[rec[a]].end = t
				}
			}
		}
		for a := range na {
			if !phys[t][a] {
				continue
			}
			x := m.Assets[a]
			switch {
			case x.Repair == 0:
				state[a] = running
				jobEnd[a] = engInf
			case !crewed(a):
				state[a] = running
				jobEnd[a] = t + x.Repair
			case state[a] == none:
				state[a] = waiting
				repairs = append(repairs, refRepair{int32(a), int32(x.Operator.Index), t, engInf, engInf})
				rec[a] = len(repairs) - 1
			case state[a] == running:
				jobEnd[a] = t + x.Repair
				repairs[rec[a]].start = t
			}
		}
		for _, o := range m.Organizations {
			if o.Crews == 0 {
				continue
			}
			for {
				busy, best := 0, -1
				for a := range na {
					x := m.Assets[a]
					if !crewed(a) || x.Operator != o {
						continue
					}
					if state[a] == running {
						busy++
					}
					if state[a] == waiting {
						if best < 0 {
							best = a
							continue
						}
						y := m.Assets[best]
						db, da := repairs[rec[best]].damaged, repairs[rec[a]].damaged
						if x.Priority > y.Priority || x.Priority == y.Priority && da < db {
							best = a
						}
					}
				}
				if busy >= o.Crews || best < 0 {
					break
				}
				state[best] = running
				jobEnd[best] = t + m.Assets[best].Repair
				repairs[rec[best]].start = t
			}
		}
		damagedAt[t] = make([]bool, na)
		for a := range na {
			damagedAt[t][a] = state[a] != none
		}
	}

	// the seconds
	res := make([][]int64, na)
	for a, x := range m.Assets {
		for _, g := range x.Groups {
			res[a] = append(res[a], g.Backup)
		}
	}
	W := make([][]bool, H+1)
	cw := make([][]bool, H+1)
	unsup := make([][][]bool, H+1) // per second, asset, group
	seenUp := func(e edge, t int64, cur []bool) bool {
		if !e.live || t-e.delay < 0 {
			return true
		}
		if e.delay == 0 {
			return cur[e.u]
		}
		return W[t-e.delay][e.u]
	}
	supplied := func(a, gi int, t int64, cur []bool) bool {
		es := groups[a][gi]
		up := 0
		for _, e := range es {
			if seenUp(e, t, cur) {
				up++
			}
		}
		return up >= m.Assets[a].Groups[gi].Requires
	}
	canWork := func(a int, t int64, cur []bool) bool {
		if damagedAt[t][a] || compromised(a, t) {
			return false
		}
		for gi := range groups[a] {
			if !supplied(a, gi, t, cur) && res[a][gi] <= 0 {
				return false
			}
		}
		return true
	}
	couldWork := func(a int, s int64) bool { return s < 0 || cw[s][a] }
	for t := int64(0); t <= H; t++ {
		cur := make([]bool, na)
		if t == 0 {
			for a := range cur {
				cur[a] = true
			}
		} else {
			copy(cur, W[t-1])
		}
		for changed := true; changed; {
			changed = false
			for a := range na {
				if cur[a] && !canWork(a, t, cur) {
					cur[a] = false
					changed = true
				}
			}
		}
		for changed := true; changed; {
			changed = false
			for a := range na {
				if cur[a] || !canWork(a, t, cur) {
					continue
				}
				ok := true
				for s := t - m.Assets[a].Restart; s < t; s++ {
					if !couldWork(a, s) {
						ok = false
						break
					}
				}
				if ok {
					cur[a] = true
					changed = true
				}
			}
		}
		W[t] = cur
		cw[t] = make([]bool, na)
		unsup[t] = make([][]bool, na)
		for a := range na {
			cw[t][a] = canWork(a, t, cur)
			for gi := range groups[a] {
				u := !supplied(a, gi, t, cur)
				unsup[t][a] = append(unsup[t][a], u)
			}
		}
		if t < H {
			for a := range na {
				for gi := range groups[a] {
					if unsup[t][a][gi] && cur[a] {
						res[a][gi]--
					}
				}
			}
		}
	}

	out := refTimeline{working: W, backup: map[int32][2]int64{}}
	for a := range na {
		f, restored, down, outages := int64(engInf), int64(engInf), int64(0), int32(0)
		for t := int64(0); t <= H; t++ {
			if !W[t][a] {
				if f == engInf {
					f = t
				}
				if t < H {
					down++
				}
				if t == 0 || W[t-1][a] {
					outages++
				}
			}
		}
		if f != engInf && W[H][a] {
			restored = H
			for restored > 0 && W[restored-1][a] {
				restored--
			}
		}
		c := C[a]
		if c > H {
			c = engInf
		}
		out.F = append(out.F, f)
		out.restored = append(out.restored, restored)
		out.down = append(out.down, down)
		out.outages = append(out.outages, outages)
		out.C = append(out.C, c)
		if W[H][a] {
			since, runs := int64(engInf), int64(engInf)
			for gi := range groups[a] {
				if !unsup[H][a][gi] {
					continue
				}
				s := H
				for s > 0 && unsup[s-1][a][gi] {
					s--
				}
				// the reservoir at the start of H: res after the drains of 0..H-1
				since, runs = min(since, s), min(runs, H+res[a][gi])
			}
			if since != engInf {
				out.backup[int32(a)] = [2]int64{since, runs}
			}
		}
	}
	for _, s := range m.Sectors {
		total, count := 0.0, 0
		for _, a := range m.Assets {
			if a.Sector == s {
				total += a.Weight
				count++
			}
		}
		downW := func(t int64) (float64, int) {
			w, n := 0.0, 0
			for _, a := range m.Assets {
				if a.Sector == s && !W[t][a.Index] {
					w += a.Weight
					n++
				}
			}
			return w, n
		}
		reach := func(t int64) bool {
			w, n := downW(t)
			return n > 0 && (n == count || w >= s.Threshold*total*(1-1e-9))
		}
		first, failedAt, restoredAt := int64(engInf), int64(engInf), int64(engInf)
		for _, a := range m.Assets {
			if a.Sector == s {
				first = min(first, out.F[a.Index])
			}
		}
		for t := int64(0); t <= H; t++ {
			if reach(t) {
				failedAt = t
				break
			}
		}
		if failedAt != engInf && !reach(H) {
			restoredAt = H
			for restoredAt > 0 && !reach(restoredAt-1) {
				restoredAt--
			}
		}
		var ff, df, loss float64
		if count > 0 {
			w, n := 0.0, 0
			for _, a := range m.Assets {
				if a.Sector == s && out.F[a.Index] != engInf {
					w += a.Weight
					n++
				}
			}
			ff = w / total
			if n == count {
				ff = 1
			}
			dw, dn := downW(H)
			df = dw / total
			if dn == count {
				df = 1
			}
			for t := int64(0); t < H; t++ {
				w, _ := downW(t)
				loss += w / total
			}
		}
		out.firstImpact = append(out.firstImpact, first)
		out.failedAt = append(out.failedAt, failedAt)
		out.restoredAt = append(out.restoredAt, restoredAt)
		out.failedFrac = append(out.failedFrac, ff)
		out.downFrac = append(out.downFrac, df)
		out.loss = append(out.loss, loss)
	}
	for i := range repairs {
		if repairs[i].end > H {
			repairs[i].end = engInf
		}
	}
	slices.SortStableFunc(repairs, func(x, y refRepair) int {
		xw, yw := x.start == engInf, y.start == engInf
		switch {
		case xw != yw:
			if xw {
				return 1
			}
			return -1
		case !xw && x.start != y.start:
			return cmpInt64(x.start, y.start)
		case xw && x.damaged != y.damaged:
			return cmpInt64(x.damaged, y.damaged)
		}
		return int(x.asset - y.asset)
	})
	out.repairs = repairs
	return out
}

// addRestoration gives a random model restoration: repair, recover, restart and
// priority on some assets, organizations with and without crews, a horizon, and
// repeated hits.
func addRestoration(rng *rand.Rand, m *model.Model, maxH int64) {
	no := rng.IntN(3)
	m.Organizations = nil
	for i := range no {
		o := &model.Organization{Name: fmt.Sprintf("o%d", i), Index: i}
		if rng.IntN(3) > 0 {
			o.Crews = 1 + rng.IntN(2)
		}
		m.Organizations = append(m.Organizations, o)
	}
	for _, a := range m.Assets {
		if no > 0 && rng.IntN(3) > 0 {
			a.Operator = m.Organizations[rng.IntN(no)]
		}
		if rng.IntN(3) > 0 {
			a.Repair = 1 + rng.Int64N([]int64{3, 10, 40}[rng.IntN(3)])
		}
		if rng.IntN(3) > 0 {
			a.Recover = 1 + rng.Int64N(30)
		}
		if rng.IntN(2) > 0 {
			a.Restart = rng.Int64N(6)
		}
		a.Priority = float64(rng.IntN(3))
	}
	sc := m.Scenarios[0]
	sc.Horizon = rng.Int64N(maxH + 1)
	// repeated hits: copies of events at other times, same names sorted after
	for i, n := 0, rng.IntN(3); i < n && len(sc.Events) > 0; i++ {
		ev := *sc.Events[rng.IntN(len(sc.Events))]
		ev.Name = fmt.Sprintf("zz%d", i)
		ev.At = rng.Int64N(maxH + 1)
		sc.Events = append(sc.Events, &ev)
	}
}

// checkRestore compares the engine with the reference field by field.
func checkRestore(t *testing.T, m *model.Model, opts Options) *Timeline {
	t.Helper()
	net, err := Compile(m)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := net.Scenario(m.Scenarios[0].Name)
	if err != nil {
		t.Fatal(err)
	}
	tl, err := net.Restore(sc, opts)
	if err != nil {
		t.Fatal(err)
	}
	H := tl.Horizon
	ref := restoreReference(m, m.Scenarios[0], H, engDraws(m, m.Scenarios[0], opts.MonteCarlo, opts.Seed, opts.Trial))
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("%s\nmodel (H=%d, opts %+v):\n%s%s", fmt.Sprintf(format, args...), H, opts, engDumpModel(m), dumpRestoration(m, ref))
	}
	for a := range m.Assets {
		if tl.Failure[a] != ref.F[a] || tl.Restored[a] != ref.restored[a] || tl.Down[a] != ref.down[a] ||
			tl.Outages[a] != ref.outages[a] || tl.Compromise[a] != ref.C[a] {
			fail("asset %s: engine F=%d restored=%d down=%d outages=%d C=%d, reference F=%d restored=%d down=%d outages=%d C=%d",
				m.Assets[a].Name, tl.Failure[a], tl.Restored[a], tl.Down[a], tl.Outages[a], tl.Compromise[a],
				ref.F[a], ref.restored[a], ref.down[a], ref.outages[a], ref.C[a])
		}
		if tl.DownAtHorizon(int32(a)) == ref.working[H][a] {
			fail("asset %s: down at H %v", m.Assets[a].Name, tl.DownAtHorizon(int32(a)))
		}
	}
	bk := tl.OnBackup()
	if len(bk) != len(ref.backup) {
		fail("on backup: engine %v, reference %v", bk, ref.backup)
	}
	for i, b := range bk {
		if want, ok := ref.backup[b.Asset]; !ok || want != [2]int64{b.Since, b.RunsOut} {
			fail("on backup %s: engine since %d runs out %d, reference %v (present %v)", m.Assets[b.Asset].Name, b.Since, b.RunsOut, want, ok)
		}
		if i > 0 && (bk[i-1].RunsOut > b.RunsOut || bk[i-1].RunsOut == b.RunsOut && bk[i-1].Asset > b.Asset) {
			fail("on backup not ordered: %v", bk)
		}
	}
	for s := range m.Sectors {
		g := tl.Sectors[s]
		if g.FirstImpact != ref.firstImpact[s] || g.FailedAt != ref.failedAt[s] || g.RestoredAt != ref.restoredAt[s] ||
			math.Abs(g.FailedFraction-ref.failedFrac[s]) > 1e-12 || math.Abs(g.DownFraction-ref.downFrac[s]) > 1e-12 ||
			math.Abs(g.Loss-ref.loss[s]) > 1e-9*math.Max(1, ref.loss[s]) {
			fail("sector %s: engine %+v, reference first %d failed %d restored %d ff %v df %v loss %v", m.Sectors[s].Name, g,
				ref.firstImpact[s], ref.failedAt[s], ref.restoredAt[s], ref.failedFrac[s], ref.downFrac[s], ref.loss[s])
		}
	}
	if len(tl.Repairs) != len(ref.repairs) {
		fail("repairs: engine %+v, reference %+v", tl.Repairs, ref.repairs)
	}
	for i, r := range tl.Repairs {
		w := ref.repairs[i]
		if r.Asset != w.asset || r.Organization != w.org || r.Damaged != w.damaged || r.Start != w.start || r.End != w.end {
			fail("repair %d: engine %+v, reference %+v", i, r, w)
		}
	}
	return tl
}

func dumpRestoration(m *model.Model, ref refTimeline) string {
	s := ""
	for _, a := range m.Assets {
		op := ""
		if a.Operator != nil {
			op = fmt.Sprintf("%s(crews %d)", a.Operator.Name, a.Operator.Crews)
		}
		s += fmt.Sprintf("%s: repair %d recover %d restart %d priority %v operator %s\n", a.Name, a.Repair, a.Recover, a.Restart, a.Priority, op)
	}
	for t, w := range ref.working {
		s += fmt.Sprintf("t=%d:", t)
		for a, ok := range w {
			if !ok {
				s += " " + m.Assets[a].Name
			}
		}
		s += "\n"
	}
	return s
}

// TestRestoreProperty holds the engine against the reference on thousands of random
// small models with restoration.
func TestRestoreProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 4))
	runs := 3000
	if testing.Short() {
		runs = 300
	}
	for range runs {
		m := netgen.Random(rng, netgen.SmallParams(rng))
		addRestoration(rng, m, 60)
		checkRestore(t, m, Options{})
	}
}

// TestRestorePropertyMonteCarlo does the same with Monte Carlo trials.
func TestRestorePropertyMonteCarlo(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 5))
	runs := 1000
	if testing.Short() {
		runs = 100
	}
	for i := range runs {
		m := netgen.Random(rng, netgen.SmallParams(rng))
		addRestoration(rng, m, 60)
		for trial := range uint64(2) {
			checkRestore(t, m, Options{MonteCarlo: true, Seed: uint64(i), Trial: trial})
		}
	}
}

// TestRestoreWithoutRestoration holds the restoration engine against Network.Run on
// models without repair or recover: the failure times, compromises, sectors and
// assets on backup are the same, bit for bit.
func TestRestoreWithoutRestoration(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 6))
	runs := 2000
	if testing.Short() {
		runs = 200
	}
	for i := range runs {
		m := netgen.Random(rng, netgen.SmallParams(rng))
		if m.Scenarios[0].Horizon < 0 {
			m.Scenarios[0].Horizon = rng.Int64N(200)
		}
		opts := Options{}
		if i%2 == 1 {
			opts = Options{MonteCarlo: true, Seed: uint64(i), Trial: 1}
		}
		net, err := Compile(m)
		if err != nil {
			t.Fatal(err)
		}
		if net.HasRestoration() {
			t.Fatal("random model has restoration")
		}
		sc, _ := net.Scenario("s")
		r := net.Run(sc, opts)
		tl := checkRestore(t, m, opts)
		for a := range m.Assets {
			if r.Failure[a] != tl.Failure[a] || r.Compromise[a] != tl.Compromise[a] {
				t.Fatalf("asset %s: Run F=%d C=%d, Restore F=%d C=%d\n%s", m.Assets[a].Name, r.Failure[a], r.Compromise[a], tl.Failure[a], tl.Compromise[a], engDumpModel(m))
			}
			if tl.Failure[a] != Never && (tl.Outages[a] != 1 || tl.Restored[a] != Never || tl.Down[a] != tl.Horizon-tl.Failure[a]) {
				t.Fatalf("asset %s: a permanent failure with outages %d, restored %d, down %d", m.Assets[a].Name, tl.Outages[a], tl.Restored[a], tl.Down[a])
			}
		}
		for s := range m.Sectors {
			rs, ts := r.Sectors[s], tl.Sectors[s]
			if rs.FirstImpact != ts.FirstImpact || rs.FailedAt != ts.FailedAt || math.Abs(rs.FailedFraction-ts.FailedFraction) > 1e-12 || math.Abs(ts.DownFraction-ts.FailedFraction) > 1e-12 || ts.RestoredAt != Never {
				t.Fatalf("sector %s: Run %+v, Restore %+v\n%s", m.Sectors[s].Name, rs, ts, engDumpModel(m))
			}
		}
		for s := range m.Sectors {
			got, want := r.SectorRestoration(int32(s)), tl.Sectors[s]
			if math.Abs(got.Loss-want.Loss) > 1e-9*max(1, want.Loss) || got.RestoredAt != Never || math.Abs(got.DownFraction-want.DownFraction) > 1e-12 {
				t.Fatalf("sector %s: Run's restoration %+v, Restore %+v\n%s", m.Sectors[s].Name, got, want, engDumpModel(m))
			}
		}
		for a := range m.Assets {
			if r.DownTime(int32(a)) != tl.Down[a] || r.Outages(int32(a)) != tl.Outages[a] || r.Restored(int32(a)) != Never {
				t.Fatalf("asset %s: Run's down time %d, outages %d; Restore %d, %d", m.Assets[a].Name, r.DownTime(int32(a)), r.Outages(int32(a)), tl.Down[a], tl.Outages[a])
			}
		}
		rb, tb := r.OnBackup(), tl.OnBackup()
		if len(rb) != len(tb) {
			t.Fatalf("on backup: Run %v, Restore %v\n%s", rb, tb, engDumpModel(m))
		}
		for j := range rb {
			if rb[j].Asset != tb[j].Asset || rb[j].Since != tb[j].Since || rb[j].RunsOut != tb[j].RunsOut {
				t.Fatalf("on backup %d: Run %+v, Restore %+v\n%s", j, rb[j], tb[j], engDumpModel(m))
			}
		}
	}
}

// TestRunWithRestoration runs random models with restoration through Network.Run: the
// Result carries the restoration engine's times, and every failure and compromise has
// a cause whose suppliers were down (or compromised) when it needed them, so that
// Explain ends at an event.
func TestRunWithRestoration(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 7))
	var kinds [4]int
	defer func() {
		t.Logf("causes by kind (none, event, compromise, supply): %v", kinds)
		if kinds[CauseSupply] == 0 || kinds[CauseCompromise] == 0 {
			t.Errorf("the random models gave no supply or no compromise causes: %v", kinds)
		}
	}()
	runs := 1500
	if testing.Short() {
		runs = 150
	}
	for i := range runs {
		m := netgen.Random(rng, netgen.SmallParams(rng))
		addRestoration(rng, m, 60)
		opts := Options{}
		if i%2 == 1 {
			opts = Options{MonteCarlo: true, Seed: uint64(i), Trial: 3}
		}
		tl := checkRestore(t, m, opts)
		net, err := Compile(m)
		if err != nil {
			t.Fatal(err)
		}
		sc, _ := net.Scenario(m.Scenarios[0].Name)
		r := net.Run(sc, opts)
		if net.HasRestoration() != r.Restoration() {
			t.Fatalf("HasRestoration %v, Restoration %v", net.HasRestoration(), r.Restoration())
		}
		for a := range m.Assets {
			a := int32(a)
			if r.Failure[a] != tl.Failure[a] || r.Compromise[a] != tl.Compromise[a] || r.Restored(a) != tl.Restored[a] || r.DownTime(a) != tl.Down[a] {
				t.Fatalf("asset %s: Run differs from Restore", m.Assets[a].Name)
			}
			if r.Failure[a] == Never {
				continue
			}
			c := r.Cause(a)
			kinds[c.Kind]++
			if c.Kind == CauseNone {
				t.Fatalf("asset %s fails at %d without a cause\n%s", m.Assets[a].Name, r.Failure[a], engDumpModel(m))
			}
			if c.Kind == CauseSupply {
				for _, e := range c.Lost {
					if u := net.EdgeSupplier(e); r.Failure[u] == Never || r.Failure[u]+net.EdgeDelay(e) > r.Failure[a] {
						t.Fatalf("asset %s: cause names %s, not down in time\n%s", m.Assets[a].Name, m.Assets[u].Name, engDumpModel(m))
					}
				}
			}
			ch := r.Explain(a)
			if len(ch.Steps) == 0 || ch.Steps[len(ch.Steps)-1].Asset != a {
				t.Fatalf("asset %s: chain %+v", m.Assets[a].Name, ch.Steps)
			}
		}
		var sum float64
		for s := range m.Sectors {
			sum += tl.Sectors[s].Loss
		}
		if got := r.ServiceLoss(); math.Abs(got-sum) > 1e-9*max(1, sum) {
			t.Fatalf("ServiceLoss %v, sectors sum to %v", got, sum)
		}
	}
}

// TestRestoreReuse holds runs on one reused Timeline, which reset only what the run
// before touched (and the assets as the run reaches them), against runs on fresh
// Timelines: Monte Carlo trials of random models in turn, so that a run also follows
// one of another network, and every 16th with epochs about to wrap; all outputs equal.
func TestRestoreReuse(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 7))
	runs := 3000
	if testing.Short() {
		runs = 300
	}
	type netScenario struct {
		net *Network
		sc  *Scenario
	}
	var nets []netScenario
	for range 4 {
		// larger than SmallParams, with few events, so that a run touches few assets
		// and the next one resets them one at a time
		p := netgen.SmallParams(rng)
		p.Assets, p.MaxDeps, p.Events, p.Uncertain = 40+rng.IntN(100), 2, 1+rng.IntN(2), 0.5
		m := netgen.Random(rng, p)
		addRestoration(rng, m, 60)
		net, err := Compile(m)
		if err != nil {
			t.Fatal(err)
		}
		sc, err := net.Scenario(m.Scenarios[0].Name)
		if err != nil {
			t.Fatal(err)
		}
		nets = append(nets, netScenario{net, sc})
	}
	reused := new(Timeline)
	for i := range runs {
		ns := nets[rng.IntN(len(nets))]
		opts := Options{MonteCarlo: true, Seed: 3, Trial: uint64(i)}
		// the reset alone gives the state before any run, apart from the marks (whose
		// epochs go on increasing)
		rn := ns.net.restoreData()
		st := &reused.st
		st.reset(ns.net, rn)
		for a := range st.as {
			x := st.asset(int32(a))
			x.mark, x.prev = 0, rn.as0[a].prev
			if x != rn.as0[a] {
				t.Fatalf("run %d: asset %d after reset %+v, before any run %+v", i, a, x, rn.as0[a])
			}
		}
		for a, c := range st.comp {
			if c != Never {
				t.Fatalf("run %d: asset %d compromised at %d after reset", i, a, c)
			}
		}
		for g := range st.gs {
			x := st.gs[g]
			if x.mark < st.epoch0 {
				x.fresh()
			}
			x.mark = 0
			if x != rn.gs0[g] {
				t.Fatalf("run %d: group %d after reset %+v, before any run %+v", i, g, x, rn.gs0[g])
			}
		}
		if i%16 == 15 {
			// the epochs wrap at the reset or within the run: the marks are renumbered
			st.epoch = math.MaxUint32 - uint32(rng.IntN(8))
		}
		if err := ns.net.RestoreInto(reused, ns.sc, opts); err != nil {
			t.Fatal(err)
		}
		fresh, err := ns.net.Restore(ns.sc, opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name       string
			equal      bool
			got, fresh any
		}{
			{"Failure", slices.Equal(reused.Failure, fresh.Failure), reused.Failure, fresh.Failure},
			{"Restored", slices.Equal(reused.Restored, fresh.Restored), reused.Restored, fresh.Restored},
			{"Down", slices.Equal(reused.Down, fresh.Down), reused.Down, fresh.Down},
			{"Outages", slices.Equal(reused.Outages, fresh.Outages), reused.Outages, fresh.Outages},
			{"Compromise", slices.Equal(reused.Compromise, fresh.Compromise), reused.Compromise, fresh.Compromise},
			{"Sectors", slices.Equal(reused.Sectors, fresh.Sectors), reused.Sectors, fresh.Sectors},
			{"Repairs", slices.Equal(reused.Repairs, fresh.Repairs), reused.Repairs, fresh.Repairs},
			{"OnBackup", slices.Equal(reused.OnBackup(), fresh.OnBackup()), reused.OnBackup(), fresh.OnBackup()},
			{"Events", reused.Events == fresh.Events, reused.Events, fresh.Events},
		} {
			if !c.equal {
				t.Fatalf("run %d: %s on the reused timeline %v, on a fresh one %v", i, c.name, c.got, c.fresh)
			}
		}
		for a := range int32(ns.net.NumAssets()) {
			if got, want := reused.Why(a), fresh.Why(a); !reflect.DeepEqual(got, want) {
				t.Fatalf("run %d: Why(%d) on the reused timeline %+v, on a fresh one %+v", i, a, got, want)
			}
		}
	}
}
