package reference

import "github.com/cascade-infra/cascade/model"

// AlertResult is the naive solution of the equations of docs/semantics.md, "Alerts and
// protection", without a horizon, in seconds (Inf for never): per asset F, C and the
// attempt X = x(a); per organization D, A and P; and L, the least latencies by
// Floyd–Warshall.
type AlertResult struct {
	F, C, X []int64
	D, A, P []int64
	L       [][]int64
}

// Alerts solves the equations with protection by fixed-point iteration: given the
// protections P (at first none), C is the greatest solution of the compromise equation
// (iterated from "nothing is compromised"), then D, A and P follow from C; this is
// repeated until P does not change. F is then the greatest solution given C. It panics
// when the iteration does not settle.
func Alerts(m *model.Model, sc *model.Scenario, d Draws) AlertResult {
	na, no := len(m.Assets), len(m.Organizations)
	groups := Edges(m)
	L := Latencies(m)
	ephys, ecyber := hits(m, sc, d)
	r := AlertResult{D: fill(no), A: fill(no), P: fill(no), L: L}
	for iter := 0; ; iter++ {
		if iter > 10*(na+no)+10 {
			panic("reference: alerts do not settle")
		}
		// C given P, from above
		C, X := fill(na), fill(na)
		for changed := true; changed; {
			changed = false
			for a := range na {
				x := ecyber[a]
				for _, es := range groups[a] {
					for _, e := range es {
						if e.Kind == model.Cyber && d.Live(e.ID, e.P) {
							x = min(x, Add(C[e.From], e.Delay))
						}
					}
				}
				c := x
				if op := m.Assets[a].Operator; op != nil && x >= r.P[op.Index] {
					c = Inf
				}
				if c != C[a] || x != X[a] {
					C[a], X[a] = c, x
					changed = true
				}
			}
		}
		D, A, P := fill(no), fill(no), fill(no)
		for a, c := range C {
			if op := m.Assets[a].Operator; op != nil && op.Detect > 0 {
				D[op.Index] = min(D[op.Index], Add(c, op.Detect))
			}
		}
		for o := range no {
			for p := range no {
				A[o] = min(A[o], Add(D[p], L[p][o]))
			}
			if org := m.Organizations[o]; org.Responds {
				P[o] = Add(A[o], org.Respond)
			}
		}
		same := equal(P, r.P)
		r.C, r.X, r.D, r.A, r.P = C, X, D, A, P
		if same {
			break
		}
	}
	// F given C, from above
	r.F = fill(na)
	for changed := true; changed; {
		changed = false
		for a := range na {
			f := min(ephys[a], r.C[a])
			for gi, es := range groups[a] {
				f = min(f, Add(Loss(m, a, gi, es, r.F, d), m.Assets[a].Groups[gi].Backup))
			}
			if f != r.F[a] {
				r.F[a] = f
				changed = true
			}
		}
	}
	return r
}

// Latencies returns the least total latency between every two organizations over the
// channels and shares_with entries (latency 0), undirected, by Floyd–Warshall; Inf
// where no chain joins them, 0 from an organization to itself.
func Latencies(m *model.Model) [][]int64 {
	no := len(m.Organizations)
	L := make([][]int64, no)
	for i := range L {
		L[i] = fill(no)
		L[i][i] = 0
	}
	link := func(a, b int, l int64) {
		L[a][b] = min(L[a][b], l)
		L[b][a] = min(L[b][a], l)
	}
	for _, o := range m.Organizations {
		for _, p := range o.SharesWith {
			link(o.Index, p.Index, 0)
		}
	}
	for _, c := range m.Channels {
		link(c.Between[0].Index, c.Between[1].Index, c.Latency)
	}
	for k := range no {
		for i := range no {
			for j := range no {
				L[i][j] = min(L[i][j], Add(L[i][k], L[k][j]))
			}
		}
	}
	return L
}

// hits returns E_phys and E_cyber of every asset.
func hits(m *model.Model, sc *model.Scenario, d Draws) (ephys, ecyber []int64) {
	ephys, ecyber = fill(len(m.Assets)), fill(len(m.Assets))
	for ei, ev := range sc.Events {
		for _, a := range ev.Assets {
			if !d.Hit(ei, int32(a.Index), ev.Probability) {
				continue
			}
			if ev.Kind == model.CyberEvent {
				ecyber[a.Index] = min(ecyber[a.Index], ev.At)
			} else {
				ephys[a.Index] = min(ephys[a.Index], ev.At)
			}
		}
	}
	return ephys, ecyber
}

func fill(n int) []int64 {
	s := make([]int64, n)
	for i := range s {
		s[i] = Inf
	}
	return s
}

func equal(a, b []int64) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}
