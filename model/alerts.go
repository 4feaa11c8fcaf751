package model

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

// Alerts and protection (docs/semantics.md, "Alerts and protection"): organizations
// detect the compromise of what they operate, alerts travel along channels, and
// alerted organizations protect their assets.

const kindChannel = "channel"

// Channel is an undirected information-sharing channel between two organizations.
type Channel struct {
	Name  string
	Label string // the name when not given
	// Between are the two organizations the channel joins, in the order written.
	Between [2]*Organization
	// Latency is the seconds an alert takes through the channel (>= 0, default 0).
	Latency   int64
	Index     int
	DeclRange hcl.Range
}

var channelSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "between", Required: true}, {Name: "latency"}, {Name: "label"}},
}

// Channel returns the channel named name, or nil.
func (m *Model) Channel(name string) *Channel {
	return lookup(m.Channels, name, func(x *Channel) string { return x.Name })
}

// HasAlerts reports whether some organization of m detects compromises (has detect):
// only then can an alert happen.
func (m *Model) HasAlerts() bool {
	for _, o := range m.Organizations {
		if o.Detect > 0 {
			return true
		}
	}
	return false
}

// alerts decodes an organization's detect (at least one second) and respond.
func (b *builder) alerts(o *Organization, attrs hcl.Attributes) {
	if v, a := b.duration(attrs, "detect"); a != nil {
		if v < 1 {
			b.attrError(a, "Invalid detect", fmt.Sprintf("detect is the time from the first compromise of one of the organization's assets to its detection, at least one second (\"1s\"); got %ds. Remove it if the organization never detects.", v))
		} else {
			o.Detect = v
		}
	}
	if v, a := b.duration(attrs, "respond"); a != nil {
		o.Respond, o.Responds = v, true
	}
}

// buildChannel decodes a channel block: exactly two distinct organizations, a latency
// of at least 0s.
func (b *builder) buildChannel(ch *Channel, c *hcl.BodyContent) {
	if v, a := b.str(c.Attributes, "label"); a != nil {
		ch.Label = v
	}
	if v, a := b.duration(c.Attributes, "latency"); a != nil {
		ch.Latency = v
	}
	a := c.Attributes["between"]
	if a == nil {
		return // reported by the schema
	}
	exprs, d := hcl.ExprList(a.Expr)
	if d.HasErrors() {
		b.errorAt(a.Expr.Range(), "Invalid reference list", "between takes a list of exactly two references to organizations, written literally, such as [organization.a, organization.b].")
		return
	}
	if len(exprs) != 2 {
		b.errorAt(a.Expr.Range(), "Invalid channel", fmt.Sprintf("A channel joins exactly two organizations: between = [organization.a, organization.b]. Channel %q names %d.", ch.Name, len(exprs)))
	}
	items := b.refList(a, kindOrganization)
	if len(exprs) != 2 || len(items) != 2 {
		return
	}
	x, y := b.orgs[items[0].name], b.orgs[items[1].name]
	if x == y {
		b.errorAt(items[1].rng, "Channel to itself", fmt.Sprintf("Channel %q names organization %q twice; a channel joins two different organizations.", ch.Name, x.Name))
		return
	}
	ch.Between = [2]*Organization{x, y}
}
