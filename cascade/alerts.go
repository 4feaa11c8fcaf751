package cascade

import (
	"cmp"
	"container/heap"
	"fmt"
	"slices"

	"github.com/cascade-infra/cascade/model"
)

// Alerts and protection (docs/semantics.md, "Alerts and protection"): an organization
// detects the first compromise of one of its assets detect seconds later, its detection
// reaches every organization along the least-latency chain of channels, and an alerted
// organization with respond protects its assets respond seconds after the alert: an
// attempted compromise at or after the protection does not happen.
//
// The run computes detections, alerts and protections in its own time-ordered pass:
// when a compromise settles at t, its operator's detection t+detect and every
// organization's alert and protection are lowered at once from the least latencies of
// the detecting organization (computed at compile time). Since detect >= 1s, every
// protection at or before t comes from compromises before t, so an attempt that
// settles at t is checked against protections that are final.

// maxLatencyCells bounds the table of least latencies: organizations that detect times
// organizations.
const maxLatencyCells = 1 << 23

// alertNet is the compiled channel graph and the organizations' detect and respond.
type alertNet struct {
	m       *model.Model
	orgs    int
	op      []int32 // per asset: its operator, or -1
	detect  []int64 // per organization: seconds, or Never
	respond []int64 // per organization: seconds, or Never
	// row is, per organization, the index of its row in lat when it detects, else -1;
	// lat[row*orgs+o] is the least latency from it to o (Never when no chain joins them).
	row []int32
	lat []int64
	// adjStart, adj: the channel graph, undirected, one edge per pair with the smallest
	// latency, each organization's neighbours by index.
	adjStart []int32
	adj      []chanEdge
	// protects is true when some organization detects and some responds: only then can
	// a protection change a run.
	protects bool
}

type chanEdge struct {
	to      int32
	latency int64
}

// compileAlerts builds n.al from the model's organizations and channels; it leaves it
// nil when no organization detects.
func (n *Network) compileAlerts(m *model.Model) error {
	no := len(m.Organizations)
	al := &alertNet{m: m, orgs: no, detect: make([]int64, no), respond: make([]int64, no), row: make([]int32, no)}
	detects, responds := 0, false
	for i, o := range m.Organizations {
		if o == nil || o.Index != i {
			return fmt.Errorf("compile: organization %d has a wrong index", i)
		}
		al.detect[i], al.respond[i], al.row[i] = Never, Never, -1
		if o.Detect > 0 {
			al.detect[i], al.row[i] = o.Detect, int32(detects)
			detects++
		}
		if o.Responds {
			if o.Respond < 0 {
				return fmt.Errorf("compile: organization %q: negative respond %d", o.Name, o.Respond)
			}
			al.respond[i], responds = o.Respond, true
		}
	}
	if detects == 0 {
		return nil
	}
	if detects*no > maxLatencyCells {
		return fmt.Errorf("compile: %d organizations that detect, of %d, exceed the engine's limit of %d pairs", detects, no, maxLatencyCells)
	}
	al.protects = responds
	in := func(o *model.Organization) bool {
		return o != nil && o.Index >= 0 && o.Index < no && m.Organizations[o.Index] == o
	}
	best := map[[2]int32]int64{}
	link := func(a, b int32, l int64) {
		if a == b {
			return
		}
		if a > b {
			a, b = b, a
		}
		if old, ok := best[[2]int32{a, b}]; !ok || l < old {
			best[[2]int32{a, b}] = l
		}
	}
	for _, o := range m.Organizations {
		for _, p := range o.SharesWith {
			if !in(p) {
				return fmt.Errorf("compile: organization %q shares with an organization outside the model", o.Name)
			}
			link(int32(o.Index), int32(p.Index), 0)
		}
	}
	for _, c := range m.Channels {
		if c == nil || !in(c.Between[0]) || !in(c.Between[1]) || c.Latency < 0 {
			return fmt.Errorf("compile: channel %d is not part of the model or has a negative latency", c.Index)
		}
		link(int32(c.Between[0].Index), int32(c.Between[1].Index), c.Latency)
	}
	deg := make([]int32, no+1)
	for k := range best {
		deg[k[0]+1]++
		deg[k[1]+1]++
	}
	for i := range no {
		deg[i+1] += deg[i]
	}
	al.adjStart = slices.Clone(deg)
	al.adj = make([]chanEdge, deg[no])
	for k, l := range best {
		al.adj[deg[k[0]]] = chanEdge{k[1], l}
		deg[k[0]]++
		al.adj[deg[k[1]]] = chanEdge{k[0], l}
		deg[k[1]]++
	}
	for o := range no {
		slices.SortFunc(al.adj[al.adjStart[o]:al.adjStart[o+1]], func(x, y chanEdge) int { return cmp.Compare(x.to, y.to) })
	}
	al.lat = make([]int64, detects*no)
	for o := range no {
		if r := al.row[o]; r >= 0 {
			lat, _ := al.shortest(int32(o))
			copy(al.lat[int(r)*no:], lat)
		}
	}
	al.op = make([]int32, len(m.Assets))
	for i, a := range m.Assets {
		al.op[i] = -1
		if a.Operator != nil {
			if !in(a.Operator) {
				return fmt.Errorf("compile: asset %q: operator outside the model", a.Name)
			}
			al.op[i] = int32(a.Operator.Index)
		}
	}
	n.al = al
	return nil
}

// channelName returns the name of the channel between organizations p and q of least
// latency (the first by name on a tie), or "shares_with" when a shares_with entry joins
// them with latency 0 and no channel of latency 0 does.
func (al *alertNet) channelName(p, q int32) string {
	best, bestLat := "", Never
	for _, c := range al.m.Channels {
		x, y := int32(c.Between[0].Index), int32(c.Between[1].Index)
		if (x == p && y == q || x == q && y == p) && c.Latency < bestLat {
			best, bestLat = c.Name, c.Latency
		}
	}
	if bestLat > 0 {
		po, qo := al.m.Organizations[p], al.m.Organizations[q]
		if slices.Contains(po.SharesWith, qo) || slices.Contains(qo.SharesWith, po) {
			return "shares_with"
		}
	}
	return best
}

// shortest returns the least latency (seconds, Never when unreachable) and, among the
// chains of least latency, the fewest channels, from src to every organization.
func (al *alertNet) shortest(src int32) ([]int64, []int32) {
	lat := make([]int64, al.orgs)
	hops := make([]int32, al.orgs)
	for i := range lat {
		lat[i], hops[i] = Never, -1
	}
	lat[src], hops[src] = 0, 0
	h := &orgHeap{lat: lat, hops: hops}
	heap.Push(h, src)
	done := make([]bool, al.orgs)
	for h.Len() > 0 {
		u := heap.Pop(h).(int32)
		if done[u] {
			continue
		}
		done[u] = true
		for _, e := range al.adj[al.adjStart[u]:al.adjStart[u+1]] {
			l, k := AddTime(lat[u], e.latency), hops[u]+1
			if l < lat[e.to] || l == lat[e.to] && k < hops[e.to] {
				lat[e.to], hops[e.to] = l, k
				heap.Push(h, e.to)
			}
		}
	}
	return lat, hops
}

// orgHeap orders organizations by (latency, channels) for shortest.
type orgHeap struct {
	lat  []int64
	hops []int32
	xs   []int32
}

func (h *orgHeap) Len() int { return len(h.xs) }
func (h *orgHeap) Less(i, j int) bool {
	a, b := h.xs[i], h.xs[j]
	if h.lat[a] != h.lat[b] {
		return h.lat[a] < h.lat[b]
	}
	return h.hops[a] < h.hops[b]
}
func (h *orgHeap) Swap(i, j int) { h.xs[i], h.xs[j] = h.xs[j], h.xs[i] }
func (h *orgHeap) Push(x any)    { h.xs = append(h.xs, x.(int32)) }
func (h *orgHeap) Pop() any {
	x := h.xs[len(h.xs)-1]
	h.xs = h.xs[:len(h.xs)-1]
	return x
}

// HasAlerts reports whether some organization of the network detects compromises, so
// that its runs report alerts.
func (n *Network) HasAlerts() bool { return n.al != nil }

// HasProtection reports whether protection can change the network's runs: some
// organization detects and some organization responds. Runs of such a network settle
// sequentially, and a Monte Carlo trial is not monotone in its live edges.
func (n *Network) HasProtection() bool { return n.al != nil && n.al.protects }

// NumOrganizations returns the number of organizations of the network's model.
func (n *Network) NumOrganizations() int { return len(n.m.Organizations) }

// AssetOperator returns the organization index of asset a's operator, or -1.
func (n *Network) AssetOperator(a int32) int32 {
	if op := n.m.Assets[a].Operator; op != nil {
		return int32(op.Index)
	}
	return -1
}

// alertState is the alerts of one run, shared by Result and Timeline.
type alertState struct {
	// Detected is D(o) for every organization: when it detected a compromise of one of
	// its assets, in seconds, or Never. Nil when the network has no alerts.
	Detected []int64
	// Alerted is A(o): when the first detection reached it, in seconds, or Never.
	Alerted []int64
	// Protected is P(o): when its assets became protected, in seconds, or Never.
	Protected []int64

	blocked   []int32 // assets whose compromise a protection prevented, in settling order
	blockedAt []int64 // their attempts x(a), seconds
	al        *alertNet
	horizon   int64
}

// copyFrom makes s a copy of o, reusing s's slices.
func (s *alertState) copyFrom(o *alertState) {
	s.al, s.horizon = o.al, o.horizon
	s.blocked = append(s.blocked[:0], o.blocked...)
	s.blockedAt = append(s.blockedAt[:0], o.blockedAt...)
	if o.Detected == nil {
		s.Detected, s.Alerted, s.Protected = nil, nil, nil
		return
	}
	s.Detected = append(s.Detected[:0], o.Detected...)
	s.Alerted = append(s.Alerted[:0], o.Alerted...)
	s.Protected = append(s.Protected[:0], o.Protected...)
}

// resetAlerts prepares s for a run on a network with alerts al (nil for none).
func (s *alertState) resetAlerts(al *alertNet, horizon int64) {
	s.al, s.horizon = al, horizon
	s.blocked, s.blockedAt = s.blocked[:0], s.blockedAt[:0]
	if al == nil {
		s.Detected, s.Alerted, s.Protected = nil, nil, nil
		return
	}
	s.Detected = resize(s.Detected, al.orgs)
	s.Alerted = resize(s.Alerted, al.orgs)
	s.Protected = resize(s.Protected, al.orgs)
	for i := range al.orgs {
		s.Detected[i], s.Alerted[i], s.Protected[i] = Never, Never, Never
	}
}

// compromised records the compromise of an asset operated by o (>= 0) at t: its
// detection, and every organization's alert and protection that it makes earlier.
func (s *alertState) compromised(o int32, t int64) {
	al := s.al
	if al.row[o] < 0 {
		return
	}
	d := AddTime(t, al.detect[o])
	if d >= s.Detected[o] {
		return
	}
	s.Detected[o] = d
	lat := al.lat[int(al.row[o])*al.orgs : int(al.row[o]+1)*al.orgs]
	A, P := s.Alerted, s.Protected
	for p, l := range lat {
		if a := AddTime(d, l); a < A[p] {
			A[p] = a
			P[p] = AddTime(a, al.respond[p])
		}
	}
}

// blocks reports whether an attempt to compromise asset a at t is prevented, and
// records it when it is.
func (s *alertState) blocks(a int32, t int64) bool {
	o := s.al.op[a]
	if o < 0 || s.Protected[o] > t {
		return false
	}
	s.blocked = append(s.blocked, a)
	s.blockedAt = append(s.blockedAt, t)
	return true
}

// Alert is an organization alerted within the horizon.
type Alert struct {
	Organization int32
	// Detected is D(o), seconds, or Never when it did not detect within the horizon.
	Detected int64
	// Alerted is A(o), seconds.
	Alerted int64
	// By is the organization whose detection reached it first (the lowest index, that
	// is name, on a tie).
	By int32
	// Via is the chain of organizations from By to it, both ends included: among the
	// chains of least latency, the fewest channels, then the smallest list of names.
	Via []int32
	// Protected is P(o), seconds, or Never when it is not protected within the horizon.
	Protected int64
}

// Alerts returns the organizations alerted within the horizon, ordered by alert time,
// then name (index).
func (s *alertState) Alerts() []Alert {
	al := s.al
	if al == nil {
		return nil
	}
	within := func(t int64) int64 {
		if t > s.horizon {
			return Never
		}
		return t
	}
	var out []Alert
	for o := range int32(al.orgs) {
		at := s.Alerted[o]
		if at == Never || at > s.horizon {
			continue
		}
		by := int32(-1)
		for p := range int32(al.orgs) {
			if r := al.row[p]; r >= 0 && s.Detected[p] != Never && AddTime(s.Detected[p], al.lat[int(r)*al.orgs+int(o)]) == at {
				by = p
				break
			}
		}
		out = append(out, Alert{Organization: o, Detected: within(s.Detected[o]), Alerted: at, By: by,
			Via: al.via(by, o), Protected: within(s.Protected[o])})
	}
	slices.SortStableFunc(out, func(x, y Alert) int { return cmp.Compare(x.Alerted, y.Alerted) })
	return out
}

// via returns the chain from p to o: of least latency, then fewest channels, then the
// smallest list of indices (names), built greedily from p with the distances to o.
func (al *alertNet) via(p, o int32) []int32 {
	if p < 0 {
		return nil
	}
	lat, hops := al.shortest(o) // undirected: the distances to o
	path := []int32{p}
	for cur := p; cur != o; {
		next := int32(-1)
		for _, e := range al.adj[al.adjStart[cur]:al.adjStart[cur+1]] {
			if lat[e.to] != Never && AddTime(e.latency, lat[e.to]) == lat[cur] && hops[e.to]+1 == hops[cur] {
				next = e.to // neighbours are by index: the first is the smallest
				break
			}
		}
		if next < 0 {
			panic("cascade: alert chain without a next organization (invariant broken)")
		}
		path = append(path, next)
		cur = next
	}
	return path
}

// Protection is an asset whose compromise a protection prevented within the horizon.
type Protection struct {
	Asset int32
	// Attempted is x(a), the first attempt to compromise it, seconds.
	Attempted int64
	// Protected is P(op(a)), when its operator's protection came, seconds.
	Protected int64
}

// Protections returns the assets whose compromise protection prevented, ordered by
// attempt, then name (index).
func (s *alertState) Protections() []Protection {
	out := make([]Protection, len(s.blocked))
	for i, a := range s.blocked {
		out[i] = Protection{Asset: a, Attempted: s.blockedAt[i], Protected: s.Protected[s.al.op[a]]}
	}
	slices.SortFunc(out, func(x, y Protection) int {
		if c := cmp.Compare(x.Attempted, y.Attempted); c != 0 {
			return c
		}
		return cmp.Compare(x.Asset, y.Asset)
	})
	return out
}

// IsProtected reports whether protection prevented asset a's compromise.
func (s *alertState) IsProtected(a int32) bool { return slices.Contains(s.blocked, a) }
