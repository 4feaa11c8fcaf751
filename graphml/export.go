package graphml

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
)

// Attribute names of an exported model (docs/import.md, "GraphML"). Import maps
// the same names by default, so that an exported model imports back unchanged.
const (
	AttrSector          = "sector"
	AttrSectorLabel     = "sector_label"
	AttrSectorThreshold = "sector_threshold"
	AttrLabel           = "label"
	AttrOperator        = "operator"
	AttrOperatorLabel   = "operator_label"
	AttrOperatorCountry = "operator_country"
	AttrCountry         = "country"
	AttrRegion          = "region"
	AttrLat             = "lat"
	AttrLon             = "lon"
	AttrTags            = "tags"
	AttrWeight          = "weight"
	AttrRequires        = "requires"
	AttrBackup          = "backup_s"
	AttrRepair          = "repair_s"
	AttrRecover         = "recover_s"
	AttrRestart         = "restart_s"
	AttrPriority        = "priority"
	AttrNeeds           = "needs"

	AttrKind        = "kind"
	AttrDelay       = "delay_s"
	AttrProbability = "probability"
	AttrGroup       = "group"

	// Attributes of one run (export with a scenario).
	AttrFailed       = "failed_s"
	AttrCompromised  = "compromised"
	AttrCompromisedS = "compromised_s"
	AttrRestored     = "restored_s"
	AttrScenario     = "scenario"

	// AttrSectors is a graph attribute: every sector of the model, with those no
	// asset is in, as a JSON array of {"name", "label", "threshold", "color"}.
	AttrSectors = "sectors"

	// AttrProvenance is a graph attribute: what produced the file (the program's
	// version, the model's hash, the scenario, variables and options), as the JSON
	// object that the JSON results carry as "provenance" (docs/cli.md).
	AttrProvenance = "provenance"
)

// sectorJSON is one sector of AttrSectors.
type sectorJSON struct {
	Name      string  `json:"name"`
	Label     string  `json:"label"`
	Threshold float64 `json:"threshold"`
	Color     string  `json:"color,omitempty"`
}

// builder adds keys on first use and data to elements.
type builder struct {
	g    *Graph
	keys map[string]int // domain + "/" + name → index
}

func (b *builder) key(domain, name, typ string) int {
	id := domain[:1] + "_" + name
	if k, ok := b.keys[id]; ok {
		return k
	}
	b.keys[id] = len(b.g.Keys)
	b.g.Keys = append(b.g.Keys, Key{ID: id, For: domain, Name: name, Type: typ})
	return b.keys[id]
}

func (b *builder) set(to *[]Data, domain, name, typ, value string) {
	*to = append(*to, Data{Key: b.key(domain, name, typ), Value: value})
}

func ftoa(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
func itoa(x int64) string   { return strconv.FormatInt(x, 10) }

// requiresText is the requires of a group as written in HCL: "all", "any" or k.
func requiresText(g *model.SupplyGroup) string {
	switch g.RequiresMode {
	case "any", "all":
		return g.RequiresMode
	}
	return strconv.Itoa(g.Requires)
}

// SetGraphString sets the graph attribute name, of type string, to value,
// declaring its key when the graph has none for it, and replacing an earlier value.
func (g *Graph) SetGraphString(name, value string) {
	k := g.keyIndex(ForGraph, name)
	if k < 0 {
		k = len(g.Keys)
		g.Keys = append(g.Keys, Key{ID: "g_" + name, For: ForGraph, Name: name, Type: TypeString})
	}
	for i := range g.Data {
		if g.Data[i].Key == k {
			g.Data[i].Value = value
			return
		}
	}
	g.Data = append(g.Data, Data{Key: k, Value: value})
}

// FromModel returns model m as a directed graph: one node per asset (id the asset's
// name), one edge per dependency from the supplier (source) to the dependent
// (target). Optional attributes are written only where the model gives them. With
// rep, the run's failure times are node attributes too (failed_s, compromised,
// compromised_s, restored_s; absent on an asset that does not fail) and the
// scenario's name a graph attribute.
func FromModel(m *model.Model, rep *cascade.RunReport) *Graph {
	b := &builder{g: &Graph{ID: "cascade", Directed: true}, keys: map[string]int{}}
	g := b.g
	// Declare the attributes every node and edge has first, in a fixed order.
	for _, k := range []struct{ name, typ string }{{AttrSector, TypeString}, {AttrSectorLabel, TypeString},
		{AttrSectorThreshold, TypeDouble}, {AttrLabel, TypeString}, {AttrCountry, TypeString}, {AttrWeight, TypeDouble}} {
		b.key(ForNode, k.name, k.typ)
	}
	for _, k := range []struct{ name, typ string }{{AttrKind, TypeString}, {AttrDelay, TypeLong}, {AttrProbability, TypeDouble}} {
		b.key(ForEdge, k.name, k.typ)
	}
	secs := make([]sectorJSON, len(m.Sectors))
	for i, sec := range m.Sectors {
		secs[i] = sectorJSON{Name: sec.Name, Label: sec.Label, Threshold: sec.Threshold, Color: sec.Color}
	}
	if js, err := json.Marshal(secs); err == nil {
		b.set(&g.Data, ForGraph, AttrSectors, TypeString, string(js))
	}
	failures := map[string]*cascade.FailureReport{}
	if rep != nil {
		b.set(&g.Data, ForGraph, AttrScenario, TypeString, rep.Scenario)
		for i := range rep.Failures {
			failures[rep.Failures[i].Asset] = &rep.Failures[i]
		}
	}
	g.Nodes = make([]Node, 0, len(m.Assets))
	for _, a := range m.Assets {
		n := Node{ID: a.Name}
		str := func(name, v string) {
			if v != "" {
				b.set(&n.Data, ForNode, name, TypeString, v)
			}
		}
		long := func(name string, v int64) {
			if v != 0 {
				b.set(&n.Data, ForNode, name, TypeLong, itoa(v))
			}
		}
		str(AttrSector, a.Sector.Name)
		str(AttrSectorLabel, a.Sector.Label)
		b.set(&n.Data, ForNode, AttrSectorThreshold, TypeDouble, ftoa(a.Sector.Threshold))
		str(AttrLabel, a.Label)
		str(AttrCountry, a.Country)
		b.set(&n.Data, ForNode, AttrWeight, TypeDouble, ftoa(a.Weight))
		if a.Operator != nil {
			str(AttrOperator, a.Operator.Name)
			str(AttrOperatorLabel, a.Operator.Label)
			str(AttrOperatorCountry, a.Operator.Country)
		}
		str(AttrRegion, a.Region)
		if a.Location != nil {
			b.set(&n.Data, ForNode, AttrLat, TypeDouble, ftoa(a.Location.Lat))
			b.set(&n.Data, ForNode, AttrLon, TypeDouble, ftoa(a.Location.Lon))
		}
		str(AttrTags, strings.Join(a.Tags, ";"))
		own := a.Groups[0]
		if r := requiresText(own); r != "all" {
			str(AttrRequires, r)
		}
		long(AttrBackup, own.Backup)
		var needs []string
		for _, gr := range a.Groups[1:] {
			needs = append(needs, gr.Name+":"+requiresText(gr)+":"+itoa(gr.Backup))
		}
		str(AttrNeeds, strings.Join(needs, ";"))
		long(AttrRepair, a.Repair)
		long(AttrRecover, a.Recover)
		long(AttrRestart, a.Restart)
		if a.Priority != 0 {
			b.set(&n.Data, ForNode, AttrPriority, TypeDouble, ftoa(a.Priority))
		}
		if f := failures[a.Name]; f != nil {
			b.set(&n.Data, ForNode, AttrFailed, TypeLong, itoa(f.AtS))
			b.set(&n.Data, ForNode, AttrCompromised, TypeBoolean, strconv.FormatBool(f.Compromised))
			if f.CompromisedAtS != nil {
				b.set(&n.Data, ForNode, AttrCompromisedS, TypeLong, itoa(*f.CompromisedAtS))
			}
			if f.RestoredS != nil {
				b.set(&n.Data, ForNode, AttrRestored, TypeLong, itoa(*f.RestoredS))
			}
		}
		g.Nodes = append(g.Nodes, n)
	}
	for _, a := range m.Assets {
		for _, gr := range a.Groups {
			for _, d := range gr.Dependencies {
				e := Edge{ID: "e" + strconv.Itoa(len(g.Edges)), Source: d.On.Name, Target: a.Name, Directed: true}
				b.set(&e.Data, ForEdge, AttrKind, TypeString, d.Kind.String())
				b.set(&e.Data, ForEdge, AttrDelay, TypeLong, itoa(d.Delay))
				b.set(&e.Data, ForEdge, AttrProbability, TypeDouble, ftoa(d.Probability))
				if gr.Name != "" {
					b.set(&e.Data, ForEdge, AttrGroup, TypeString, gr.Name)
				}
				g.Edges = append(g.Edges, e)
			}
		}
	}
	return g
}
