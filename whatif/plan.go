// Package whatif compares options: the plan of a mitigation (what it changes in a
// model, one line per attribute, like terraform plan), and the comparison of runs of a
// baseline and its variants.
package whatif

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
)

// A Change is one line of a plan: a block that a mitigation added, or an attribute it
// changed, with its value before and after as the model language writes it.
type Change struct {
	Op   byte   // '+' added, '~' changed, '-' removed (a supplier a replacement left out)
	Path string // what changed: "asset.hospital", "asset.hospital.needs.power.backup"
	Old  string // the value before ('~' and '-')
	New  string // the value after ('~' and '+')
}

// String writes c as a plan line: "+ asset.x", "~ asset.x.weight: 1 -> 2".
func (c Change) String() string {
	switch c.Op {
	case '~':
		return fmt.Sprintf("~ %s: %s -> %s", c.Path, c.Old, c.New)
	case '-':
		return fmt.Sprintf("- %s", c.Path)
	}
	if c.New != "" {
		return fmt.Sprintf("+ %s = %s", c.Path, c.New)
	}
	return "+ " + c.Path
}

// Plan returns what changed from base to changed, two loads of one model without and
// with mitigations: the sectors, organizations, assets and channels added, and every
// attribute of those in both that differs, in the order of kinds (sectors,
// organizations, assets, channels), names and attributes.
func Plan(base, changed *model.Model) []Change {
	var p planner
	for _, s := range changed.Sectors {
		if o := base.Sector(s.Name); o == nil {
			p.add("sector." + s.Name)
		} else {
			p.sector(o, s)
		}
	}
	for _, x := range changed.Organizations {
		if o := base.Organization(x.Name); o == nil {
			p.add("organization." + x.Name)
		} else {
			p.organization(o, x)
		}
	}
	for _, a := range changed.Assets {
		if o := base.Asset(a.Name); o == nil {
			p.add("asset." + a.Name)
		} else {
			p.asset(o, a)
		}
	}
	for _, c := range changed.Channels {
		if o := base.Channel(c.Name); o == nil {
			p.changes = append(p.changes, Change{Op: '+', Path: "channel." + c.Name, New: channel(c)})
		} else {
			p.channel(o, c)
		}
	}
	return p.changes
}

// WritePlan writes a plan under a heading that names the mitigations, and a count.
func WritePlan(w io.Writer, names []string, changes []Change) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Mitigation %s: %d %s\n", strings.Join(names, " + "), len(changes), plural(len(changes), "change", "changes"))
	for _, c := range changes {
		b.WriteString("  " + c.String() + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

type planner struct{ changes []Change }

func (p *planner) add(path string) { p.changes = append(p.changes, Change{Op: '+', Path: path}) }

// attr records a change of one attribute when its values differ.
func (p *planner) attr(path, old, new string) {
	if old != new {
		p.changes = append(p.changes, Change{Op: '~', Path: path, Old: old, New: new})
	}
}

func (p *planner) sector(o, s *model.Sector) {
	at := "sector." + s.Name + "."
	p.attr(at+"label", strconv.Quote(o.Label), strconv.Quote(s.Label))
	p.attr(at+"color", strconv.Quote(o.Color), strconv.Quote(s.Color))
	p.attr(at+"threshold", num(o.Threshold), num(s.Threshold))
}

func (p *planner) organization(o, x *model.Organization) {
	at := "organization." + x.Name + "."
	p.attr(at+"label", strconv.Quote(o.Label), strconv.Quote(x.Label))
	p.attr(at+"country", strconv.Quote(o.Country), strconv.Quote(x.Country))
	p.attr(at+"kind", strconv.Quote(o.Kind), strconv.Quote(x.Kind))
	p.attr(at+"shares_with", orgList(o.SharesWith), orgList(x.SharesWith))
	p.attr(at+"detect", optDuration(o.Detect, o.Detect > 0), optDuration(x.Detect, x.Detect > 0))
	p.attr(at+"respond", optDuration(o.Respond, o.Responds), optDuration(x.Respond, x.Responds))
}

func (p *planner) channel(o, c *model.Channel) {
	at := "channel." + c.Name + "."
	p.attr(at+"label", strconv.Quote(o.Label), strconv.Quote(c.Label))
	p.attr(at+"between", orgList(o.Between[:]), orgList(c.Between[:]))
	p.attr(at+"latency", cascade.FormatDuration(o.Latency), cascade.FormatDuration(c.Latency))
}

// channel writes a channel's attributes: between and latency.
func channel(c *model.Channel) string {
	return fmt.Sprintf("{ between = %s, latency = %q }", orgList(c.Between[:]), cascade.FormatDuration(c.Latency))
}

// optDuration writes a duration that may be absent ("none").
func optDuration(v int64, ok bool) string {
	if !ok {
		return "none"
	}
	return strconv.Quote(cascade.FormatDuration(v))
}

func (p *planner) asset(o, a *model.Asset) {
	at := "asset." + a.Name + "."
	p.attr(at+"sector", "sector."+o.Sector.Name, "sector."+a.Sector.Name)
	p.attr(at+"label", strconv.Quote(o.Label), strconv.Quote(a.Label))
	p.attr(at+"operator", orgRef(o.Operator), orgRef(a.Operator))
	p.attr(at+"country", strconv.Quote(o.Country), strconv.Quote(a.Country))
	p.attr(at+"region", strconv.Quote(o.Region), strconv.Quote(a.Region))
	p.attr(at+"location", location(o.Location), location(a.Location))
	p.attr(at+"tags", strList(o.Tags), strList(a.Tags))
	p.attr(at+"weight", num(o.Weight), num(a.Weight))
	for _, g := range a.Groups {
		gat := at
		if g.Name != "" {
			gat += "needs." + g.Name + "."
		}
		i := slices.IndexFunc(o.Groups, func(x *model.SupplyGroup) bool { return x.Name == g.Name })
		if i < 0 {
			p.add(strings.TrimSuffix(gat, "."))
			p.group(gat, &model.SupplyGroup{RequiresMode: "all"}, g)
			continue
		}
		p.group(gat, o.Groups[i], g)
	}
}

// group records the changes of a supply group: requires, backup, the suppliers added
// and left out, and the attributes of the dependencies on the suppliers in both.
func (p *planner) group(at string, o, g *model.SupplyGroup) {
	p.attr(at+"requires", requires(o), requires(g))
	p.attr(at+"backup", cascade.FormatDuration(o.Backup), cascade.FormatDuration(g.Backup))
	old := map[string]*model.Dependency{}
	for _, d := range o.Dependencies {
		old[d.On.Name] = d
	}
	now := map[string]bool{}
	for _, d := range g.Dependencies {
		now[d.On.Name] = true
		dat := at + "dependency." + d.On.Name
		od := old[d.On.Name]
		if od == nil {
			p.changes = append(p.changes, Change{Op: '+', Path: dat, New: dependency(d)})
			continue
		}
		p.attr(dat+".kind", od.Kind.String(), d.Kind.String())
		p.attr(dat+".delay", cascade.FormatDuration(od.Delay), cascade.FormatDuration(d.Delay))
		p.attr(dat+".probability", num(od.Probability), num(d.Probability))
	}
	gone := []string{}
	for _, d := range o.Dependencies {
		if !now[d.On.Name] {
			gone = append(gone, d.On.Name)
		}
	}
	slices.Sort(gone)
	for _, name := range gone {
		p.changes = append(p.changes, Change{Op: '-', Path: at + "dependency." + name})
	}
}

func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func orgRef(o *model.Organization) string {
	if o == nil {
		return "none"
	}
	return "organization." + o.Name
}

func orgList(os []*model.Organization) string {
	names := make([]string, len(os))
	for i, o := range os {
		names[i] = "organization." + o.Name
	}
	return "[" + strings.Join(names, ", ") + "]"
}

func strList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = strconv.Quote(x)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func location(l *model.Location) string {
	if l == nil {
		return "none"
	}
	return fmt.Sprintf("{ lat = %s, lon = %s }", num(l.Lat), num(l.Lon))
}

// requires writes a group's requires as the model language does.
func requires(g *model.SupplyGroup) string {
	switch g.RequiresMode {
	case "any":
		return `"any"`
	case "k":
		return strconv.Itoa(g.Requires)
	}
	return `"all"`
}

// dependency writes a dependency's attributes: kind, delay and probability.
func dependency(d *model.Dependency) string {
	return fmt.Sprintf("{ kind = %q, delay = %q, probability = %s }", d.Kind.String(), cascade.FormatDuration(d.Delay), num(d.Probability))
}
