package coord

import (
	"cmp"
	"slices"

	"github.com/cascade-infra/cascade/model"
)

// channels is the undirected channel graph of a model's organizations, with
// hypothetical channels added.
type channels struct {
	adj  map[*model.Organization][]*model.Organization // neighbours sorted by name
	comp map[*model.Organization]int                   // connected component of each organization
	memo map[[2]*model.Organization][]*model.Organization
}

func newChannels(m *model.Model, added []Channel) *channels {
	c := &channels{
		adj:  map[*model.Organization][]*model.Organization{},
		comp: map[*model.Organization]int{},
		memo: map[[2]*model.Organization][]*model.Organization{},
	}
	link := func(a, b *model.Organization) {
		if a == nil || b == nil || a == b {
			return
		}
		if !slices.Contains(c.adj[a], b) {
			c.adj[a] = append(c.adj[a], b)
			c.adj[b] = append(c.adj[b], a)
		}
	}
	var orgs []*model.Organization
	if m != nil {
		orgs = slices.Clone(m.Organizations)
		for _, o := range m.Organizations {
			for _, p := range o.SharesWith {
				link(o, p)
			}
		}
		for _, ch := range m.Channels {
			link(ch.Between[0], ch.Between[1])
		}
	}
	for _, ch := range added {
		link(ch.A, ch.B)
		orgs = append(orgs, ch.A, ch.B)
	}
	byName := func(x, y *model.Organization) int { return cmp.Compare(x.Name, y.Name) }
	for o := range c.adj {
		slices.SortFunc(c.adj[o], byName)
	}
	// Components by a traversal from each organization in name order.
	slices.SortFunc(orgs, byName)
	n := 0
	for _, o := range orgs {
		if _, ok := c.comp[o]; ok {
			continue
		}
		stack := []*model.Organization{o}
		c.comp[o] = n
		for len(stack) > 0 {
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, y := range c.adj[x] {
				if _, ok := c.comp[y]; !ok {
					c.comp[y] = n
					stack = append(stack, y)
				}
			}
		}
		n++
	}
	return c
}

// connected reports whether a chain of channels joins a and b. An organization
// is connected to itself.
func (c *channels) connected(a, b *model.Organization) bool {
	if a == b {
		return true
	}
	ca, oka := c.comp[a]
	cb, okb := c.comp[b]
	return oka && okb && ca == cb
}

// path returns a shortest chain of channels from a to b, both ends included, or
// nil. Among shortest chains it returns the one whose organizations' names come
// first, hop by hop from a.
func (c *channels) path(a, b *model.Organization) []*model.Organization {
	if a == nil || b == nil || a == b || !c.connected(a, b) {
		return nil
	}
	key := [2]*model.Organization{a, b}
	if p, ok := c.memo[key]; ok {
		return p
	}
	// Breadth-first from b, so that walking from a towards b along decreasing
	// distance, taking the first neighbour by name, gives the smallest chain.
	dist := map[*model.Organization]int{b: 0}
	queue := []*model.Organization{b}
	for len(queue) > 0 && dist[a] == 0 {
		x := queue[0]
		queue = queue[1:]
		for _, y := range c.adj[x] {
			if _, ok := dist[y]; !ok {
				dist[y] = dist[x] + 1
				queue = append(queue, y)
			}
		}
	}
	p := []*model.Organization{a}
	for x := a; x != b; {
		for _, y := range c.adj[x] {
			if d, ok := dist[y]; ok && d == dist[x]-1 {
				x = y
				break
			}
		}
		p = append(p, x)
	}
	c.memo[key] = p
	return p
}
