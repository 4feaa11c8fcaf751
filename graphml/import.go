package graphml

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/cascade-infra/cascade/model"
)

// Ways to merge parallel edges (Mapping.Merge): edges with the same supplier and
// dependent become one dependency.
const (
	MergeMinDelay       = "min-delay"       // the edge with the shortest delay, the first of equals
	MergeMaxProbability = "max-probability" // the edge with the highest probability, the first of equals
	MergeFirst          = "first"           // the first edge in the file
)

// Mapping says which GraphML attribute holds which part of the model. An empty
// attribute name maps nothing. DefaultMapping maps the names that FromModel writes.
type Mapping struct {
	// Node attributes.
	Sector, SectorLabel, SectorThreshold string
	Label, Operator, OperatorLabel       string
	OperatorCountry, Country, Region     string
	Lat, Lon                             string // WGS84 degrees
	Location                             string // one "lat,lon" attribute; used when Lat and Lon give nothing
	Tags                                 string // tags separated by ';'
	Weight, Requires, Priority, Needs    string
	Backup, Repair, Recover, Restart     string // in TimeUnit
	// TimeUnit is seconds per unit of the node times (Backup, Repair, Recover,
	// Restart and the backups of Needs); 0 means 1, seconds.
	TimeUnit int64
	// Sectors is the graph attribute that declares sectors (AttrSectors), with
	// those no node is in.
	Sectors string
	// DefaultSector is the sector of a node without a sector attribute.
	DefaultSector string

	// Edge attributes.
	Delay       string
	DelayUnit   int64 // seconds per unit of Delay: 1 for seconds, 3600 for hours
	Kind        string
	KindMap     map[string]string // attribute value → physical, cyber, geographic or logical
	Probability string
	Group       string
	// EdgeType is the attribute that Keep filters on; with Keep empty, every edge is kept.
	EdgeType string
	Keep     []string
	// Merge is MergeMinDelay, MergeMaxProbability or MergeFirst.
	Merge string
	// Reverse makes an edge's source depend on its target; by default the source is
	// the supplier and the target the dependent.
	Reverse bool
}

// DefaultMapping maps the attributes FromModel writes: an exported model imports
// back unchanged.
var DefaultMapping = Mapping{
	Sector: AttrSector, SectorLabel: AttrSectorLabel, SectorThreshold: AttrSectorThreshold,
	Label: AttrLabel, Operator: AttrOperator, OperatorLabel: AttrOperatorLabel,
	OperatorCountry: AttrOperatorCountry, Country: AttrCountry, Region: AttrRegion,
	Lat: AttrLat, Lon: AttrLon, Tags: AttrTags, Weight: AttrWeight, Requires: AttrRequires,
	Priority: AttrPriority, Needs: AttrNeeds, Backup: AttrBackup, Repair: AttrRepair,
	Recover: AttrRecover, Restart: AttrRestart, Sectors: AttrSectors, DefaultSector: "unassigned",
	Delay: AttrDelay, DelayUnit: 1, Kind: AttrKind, Probability: AttrProbability, Group: AttrGroup,
	Merge: MergeMinDelay,
}

// Unmapped is an attribute that the mapping does not use, with how many elements
// have a value of it. Its values are kept in the CSV files as a column named "_"
// and the attribute's name, which the loader ignores.
type Unmapped struct {
	Domain string // ForNode, ForEdge or ForGraph
	Name   string
	Count  int
	YFiles bool // yEd graphics, not kept
}

// Report is what an import did besides the one-to-one mapping.
type Report struct {
	Unmapped      []Unmapped
	Renamed       int            // node ids that are not valid asset names and were changed
	NoSector      int            // nodes given DefaultSector
	SelfLoops     int            // edges from a node to itself, dropped
	Merged        int            // parallel edges merged into another
	Undirected    int            // undirected edges, each made two dependencies
	Filtered      map[string]int // edges dropped by Keep, by EdgeType value ("" when absent)
	Assets, Edges int            // assets and dependencies written
}

// Bulk is a model in the CSV bulk form (docs/import.md): a small HCL file that
// declares the sectors and organizations and imports the tables, and the tables,
// each with its header row first.
type Bulk struct {
	HCL                []byte
	Assets, Needs, Dep [][]string
}

// Names of the files of a Bulk.
const (
	FileHCL    = "model.hcl"
	FileAssets = "assets.csv"
	FileNeeds  = "needs.csv"
	FileDeps   = "dependencies.csv"
)

// nameOf turns s into a valid model name (a letter or '_', then letters, digits,
// '_' and '-'): other characters become '_', and a name that does not start with a
// letter or '_' gets "n_" in front.
func nameOf(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == '_' || unicode.IsLetter(r):
		case (unicode.IsDigit(r) || r == '-') && i > 0:
		case r == utf8.RuneError:
			r = '_'
		default:
			if i == 0 && (unicode.IsDigit(r) || r == '-') {
				b.WriteString("n_")
				break
			}
			r = '_'
		}
		b.WriteRune(r)
	}
	if b.Len() == 0 {
		return "n_"
	}
	return b.String()
}

// namer gives each distinct value a distinct valid name.
type namer struct {
	byValue map[string]string
	used    map[string]bool
	order   []string // values in order of first use
}

func newNamer() *namer { return &namer{byValue: map[string]string{}, used: map[string]bool{}} }

func (n *namer) name(v string) (string, bool) {
	if s, ok := n.byValue[v]; ok {
		return s, s != v
	}
	base := nameOf(v)
	s := base
	for i := 2; n.used[s]; i++ {
		s = base + "_" + strconv.Itoa(i)
	}
	n.byValue[v], n.used[s] = s, true
	n.order = append(n.order, v)
	return s, s != v
}

// elemError is a mistake in the value of one element's attribute.
func elemError(line int, elem, id, attr, format string, args ...any) error {
	return &Error{Line: line, Element: fmt.Sprintf("%s id=%q", elem, id), Msg: fmt.Sprintf("attribute %q: ", attr) + fmt.Sprintf(format, args...)}
}

// parseNumber parses a decimal number, refusing NaN and infinities.
func parseNumber(s string) (float64, error) {
	x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return x, nil
}

// seconds turns value × unit seconds into a duration cell ("90s"), rounded to a
// whole second.
func seconds(v string, unit int64) (string, error) {
	x, err := parseNumber(v)
	if err != nil {
		return "", err
	}
	s := math.Round(x * float64(unit))
	if s < 0 || s >= model.DurationLimit {
		return "", fmt.Errorf("%s is not a duration between 0 and 100 years", v)
	}
	return strconv.FormatInt(int64(s), 10) + "s", nil
}

// sectorInfo and orgInfo collect what the HCL file declares.
type sectorInfo struct {
	label, threshold, color string
}

type orgInfo struct {
	label, country string
}

// ToModel turns g into a cascade model in the CSV bulk form, as mp says. Values
// the model reads as numbers are checked here, with the GraphML line of their
// element; the rest (unknown countries, requires beyond the number of suppliers)
// is checked when the model is loaded.
func ToModel(g *Graph, mp Mapping) (*Bulk, *Report, error) {
	if mp.DelayUnit <= 0 {
		mp.DelayUnit = 1
	}
	if mp.TimeUnit <= 0 {
		mp.TimeUnit = 1
	}
	switch mp.Merge {
	case "":
		mp.Merge = MergeMinDelay
	case MergeMinDelay, MergeMaxProbability, MergeFirst:
	default:
		return nil, nil, fmt.Errorf("merge %q: want %s, %s or %s", mp.Merge, MergeMinDelay, MergeMaxProbability, MergeFirst)
	}
	if mp.DefaultSector == "" {
		mp.DefaultSector = DefaultMapping.DefaultSector
	}
	rep := &Report{Filtered: map[string]int{}}
	nodeMapped := []string{mp.Sector, mp.SectorLabel, mp.SectorThreshold, mp.Label, mp.Operator, mp.OperatorLabel,
		mp.OperatorCountry, mp.Country, mp.Region, mp.Lat, mp.Lon, mp.Location, mp.Tags, mp.Weight, mp.Requires,
		mp.Priority, mp.Needs, mp.Backup, mp.Repair, mp.Recover, mp.Restart}
	edgeMapped := []string{mp.Delay, mp.Kind, mp.Probability, mp.Group, mp.EdgeType}
	nodeExtra, edgeExtra := unmapped(g, rep, nodeMapped, edgeMapped, mp.Sectors)

	b := &Bulk{}
	assetCols := []string{"name", "sector", "label", "operator", "country", "region", "lat", "lon",
		"tags", "weight", "requires", "backup", "repair", "recover", "restart", "priority", "_graphml_id"}
	b.Assets = [][]string{append(assetCols, columns(g, nodeExtra, assetCols)...)}
	b.Needs = [][]string{{"asset", "group", "requires", "backup"}}
	depCols := []string{"asset", "on", "kind", "delay", "probability", "group", "_graphml_edge"}
	b.Dep = [][]string{append(depCols, columns(g, edgeExtra, depCols)...)}

	assets, sectors, orgs := newNamer(), newNamer(), newNamer()
	sectorOf := map[string]*sectorInfo{}
	if v, ok := g.GraphValue(mp.Sectors); ok && mp.Sectors != "" {
		var secs []sectorJSON
		if err := json.Unmarshal([]byte(v), &secs); err != nil {
			return nil, nil, &Error{Line: 1, Element: "graph", Msg: fmt.Sprintf("attribute %q: not a JSON array of sectors: %v", mp.Sectors, err)}
		}
		for _, s := range secs {
			name, _ := sectors.name(s.Name)
			sectorOf[name] = &sectorInfo{label: s.Label, threshold: strconv.FormatFloat(s.Threshold, 'g', -1, 64), color: s.Color}
			if s.Threshold == 0 {
				sectorOf[name].threshold = ""
			}
		}
	}
	orgOf := map[string]*orgInfo{}
	names := make([]string, len(g.Nodes))
	index := make(map[string]int, len(g.Nodes))
	groups := make([][]string, len(g.Nodes)) // named supply groups of each node
	for i := range g.Nodes {
		n := &g.Nodes[i]
		index[n.ID] = i
		val := func(attr string) string {
			if attr == "" {
				return ""
			}
			v, _ := g.NodeValue(n, attr)
			return strings.TrimSpace(v)
		}
		name, renamed := assets.name(n.ID)
		if renamed {
			rep.Renamed++
		}
		names[i] = name
		sv := val(mp.Sector)
		if sv == "" {
			sv = mp.DefaultSector
			rep.NoSector++
		}
		sector, _ := sectors.name(sv)
		if sectorOf[sector] == nil {
			label := val(mp.SectorLabel)
			if label == "" {
				label = sv
			}
			th := val(mp.SectorThreshold)
			if th != "" {
				if x, err := parseNumber(th); err != nil || x <= 0 || x > 1 {
					return nil, nil, elemError(n.Line, "node", n.ID, mp.SectorThreshold, "%q is not a fraction in (0, 1]", th)
				}
			}
			sectorOf[sector] = &sectorInfo{label: label, threshold: th}
		}
		operator := ""
		if ov := val(mp.Operator); ov != "" {
			operator, _ = orgs.name(ov)
			if orgOf[operator] == nil {
				label := val(mp.OperatorLabel)
				if label == "" {
					label = ov
				}
				orgOf[operator] = &orgInfo{label: label, country: val(mp.OperatorCountry)}
			}
		}
		label := val(mp.Label)
		if label == "" && renamed {
			label = n.ID
		}
		lat, lon := val(mp.Lat), val(mp.Lon)
		if lat == "" && lon == "" && mp.Location != "" {
			if loc := val(mp.Location); loc != "" {
				var ok bool
				lat, lon, ok = strings.Cut(loc, ",")
				if !ok {
					return nil, nil, elemError(n.Line, "node", n.ID, mp.Location, "%q is not \"lat,lon\"", loc)
				}
				lat, lon = strings.TrimSpace(lat), strings.TrimSpace(lon)
			}
		}
		if (lat == "") != (lon == "") {
			return nil, nil, elemError(n.Line, "node", n.ID, mp.Lat, "a location needs both latitude and longitude")
		}
		for _, c := range []struct{ attr, v string }{{mp.Lat, lat}, {mp.Lon, lon}, {mp.Weight, val(mp.Weight)}, {mp.Priority, val(mp.Priority)}} {
			if c.v != "" {
				if _, err := parseNumber(c.v); err != nil {
					return nil, nil, elemError(n.Line, "node", n.ID, c.attr, "%v", err)
				}
			}
		}
		durs := make([]string, 4)
		for j, attr := range []string{mp.Backup, mp.Repair, mp.Recover, mp.Restart} {
			if v := val(attr); v != "" {
				d, err := seconds(v, mp.TimeUnit)
				if err != nil {
					return nil, nil, elemError(n.Line, "node", n.ID, attr, "%v", err)
				}
				durs[j] = d
			}
		}
		row := []string{name, sector, label, operator, val(mp.Country), val(mp.Region), lat, lon, val(mp.Tags),
			val(mp.Weight), val(mp.Requires), durs[0], durs[1], durs[2], durs[3], val(mp.Priority), n.ID}
		for _, k := range nodeExtra {
			v, _ := g.value(n.Data, k)
			row = append(row, v)
		}
		b.Assets = append(b.Assets, row)
		if nv := val(mp.Needs); nv != "" {
			for _, part := range strings.Split(nv, ";") {
				f := strings.Split(strings.TrimSpace(part), ":")
				if len(f) != 3 {
					return nil, nil, elemError(n.Line, "node", n.ID, mp.Needs, "%q is not name:requires:backup", part)
				}
				d, err := seconds(f[2], mp.TimeUnit)
				if err != nil {
					return nil, nil, elemError(n.Line, "node", n.ID, mp.Needs, "%v", err)
				}
				groups[i] = append(groups[i], f[0])
				b.Needs = append(b.Needs, []string{name, f[0], f[1], d})
			}
		}
	}
	rep.Assets = len(g.Nodes)

	if err := edges(g, mp, rep, b, names, index, groups, edgeExtra); err != nil {
		return nil, nil, err
	}
	b.HCL = hclFile(sectors, sectorOf, orgs, orgOf, len(b.Needs) > 1)
	return b, rep, nil
}

// dep is one dependency being built, before parallel edges merge.
type dep struct {
	row   []string
	delay int64
	prob  float64
}

func edges(g *Graph, mp Mapping, rep *Report, b *Bulk, names []string, index map[string]int, groups [][]string, extra []int) error {
	keep := map[string]bool{}
	for _, v := range mp.Keep {
		keep[v] = true
	}
	byPair := map[[2]int]int{} // (supplier, dependent) → index into deps
	var deps []dep
	for i := range g.Edges {
		e := &g.Edges[i]
		val := func(attr string) string {
			if attr == "" {
				return ""
			}
			v, _ := g.EdgeValue(e, attr)
			return strings.TrimSpace(v)
		}
		id := e.ID
		if id == "" {
			id = e.Source + "->" + e.Target
		}
		if len(keep) > 0 {
			if t := val(mp.EdgeType); !keep[t] {
				rep.Filtered[t]++
				continue
			}
		}
		if e.Source == e.Target {
			rep.SelfLoops++
			continue
		}
		kind := "physical"
		if kv := val(mp.Kind); kv != "" {
			k := kv
			if m, ok := mp.KindMap[kv]; ok {
				k = m
			}
			kk, ok := model.ParseKind(strings.ToLower(k))
			if !ok {
				return elemError(e.Line, "edge", id, mp.Kind, "%q is not physical, cyber, geographic or logical; map it with --kind-map %s=KIND", kv, kv)
			}
			kind = kk.String()
		}
		delay, delayCell := int64(0), "0s"
		if dv := val(mp.Delay); dv != "" {
			d, err := seconds(dv, mp.DelayUnit)
			if err != nil {
				return elemError(e.Line, "edge", id, mp.Delay, "%v", err)
			}
			delayCell = d
			delay, _ = strconv.ParseInt(strings.TrimSuffix(d, "s"), 10, 64)
		}
		prob, probCell := 1.0, ""
		if pv := val(mp.Probability); pv != "" {
			x, err := parseNumber(pv)
			if err != nil || x < 0 || x > 1 {
				return elemError(e.Line, "edge", id, mp.Probability, "%q is not a probability between 0 and 1", pv)
			}
			prob, probCell = x, pv
		}
		group := val(mp.Group)
		ends := [][2]int{{index[e.Source], index[e.Target]}}
		if mp.Reverse {
			ends[0] = [2]int{index[e.Target], index[e.Source]}
		}
		if !e.Directed {
			rep.Undirected++
			ends = append(ends, [2]int{ends[0][1], ends[0][0]})
		}
		for _, end := range ends {
			supplier, dependent := end[0], end[1]
			if group != "" && !slices.Contains(groups[dependent], group) {
				return elemError(e.Line, "edge", id, mp.Group, "%q is not a supply group of node %q (its %q attribute)", group, g.Nodes[dependent].ID, mp.Needs)
			}
			row := []string{names[dependent], names[supplier], kind, delayCell, probCell, group, e.ID}
			for _, k := range extra {
				v, _ := g.value(e.Data, k)
				row = append(row, v)
			}
			d := dep{row: row, delay: delay, prob: prob}
			j, dup := byPair[end]
			if !dup {
				byPair[end] = len(deps)
				deps = append(deps, d)
				continue
			}
			rep.Merged++
			switch o := &deps[j]; mp.Merge {
			case MergeMinDelay:
				if d.delay < o.delay {
					*o = d
				}
			case MergeMaxProbability:
				if d.prob > o.prob {
					*o = d
				}
			}
		}
	}
	for _, d := range deps {
		b.Dep = append(b.Dep, d.row)
	}
	rep.Edges = len(deps)
	return nil
}

// unmapped counts the values of the attributes the mapping does not use and
// returns the node and edge keys whose values are kept as extra columns.
func unmapped(g *Graph, rep *Report, nodeMapped, edgeMapped []string, graphMapped string) (nodeExtra, edgeExtra []int) {
	counts := make([][3]int, len(g.Keys)) // node, edge, graph
	for i := range g.Nodes {
		for _, d := range g.Nodes[i].Data {
			counts[d.Key][0]++
		}
	}
	for i := range g.Edges {
		for _, d := range g.Edges[i].Data {
			counts[d.Key][1]++
		}
	}
	for _, d := range g.Data {
		counts[d.Key][2]++
	}
	for j, dom := range []string{ForNode, ForEdge, ForGraph} {
		for k := range g.Keys {
			key := &g.Keys[k]
			if !key.appliesTo(dom) {
				continue
			}
			mapped := (dom == ForNode && slices.Contains(nodeMapped, key.Name)) || (dom == ForEdge && slices.Contains(edgeMapped, key.Name)) ||
				(dom == ForGraph && key.Name == graphMapped && graphMapped != "")
			n := counts[k][j]
			if key.HasDefault && dom == ForNode {
				n = len(g.Nodes)
			} else if key.HasDefault && dom == ForEdge {
				n = len(g.Edges)
			}
			if mapped || (n == 0 && key.For == ForAll) {
				continue
			}
			rep.Unmapped = append(rep.Unmapped, Unmapped{Domain: dom, Name: key.Name, Count: n, YFiles: key.YFiles})
			if key.YFiles {
				continue
			}
			switch dom {
			case ForNode:
				nodeExtra = append(nodeExtra, k)
			case ForEdge:
				edgeExtra = append(edgeExtra, k)
			}
		}
	}
	return nodeExtra, edgeExtra
}

// columns names the extra columns of keys: "_" and the attribute's name, with
// "_2", "_3"… when that is a column of fixed already.
func columns(g *Graph, keys []int, fixed []string) []string {
	used := map[string]bool{}
	for _, c := range fixed {
		used[c] = true
	}
	cols := make([]string, len(keys))
	for i, k := range keys {
		c := "_" + g.Keys[k].Name
		for j := 2; used[c]; j++ {
			c = "_" + g.Keys[k].Name + "_" + strconv.Itoa(j)
		}
		used[c] = true
		cols[i] = c
	}
	return cols
}

// hclFile writes the HCL file of an import: the sectors, the organizations and the
// import block.
func hclFile(sectors *namer, sectorOf map[string]*sectorInfo, orgs *namer, orgOf map[string]*orgInfo, needs bool) []byte {
	f := hclwrite.NewEmptyFile()
	body := f.Body()
	body.AppendUnstructuredTokens(hclwrite.Tokens{{Type: hclsyntax.TokenComment,
		Bytes: []byte("# Written by 'cascade import graphml'; the assets and dependencies are in the CSV files.\n")}})
	for _, v := range sectors.order {
		name := sectors.byValue[v]
		s := sectorOf[name]
		blk := body.AppendNewBlock("sector", []string{name}).Body()
		blk.SetAttributeValue("label", cty.StringVal(s.label))
		if s.color != "" {
			blk.SetAttributeValue("color", cty.StringVal(s.color))
		}
		if s.threshold != "" {
			x, _ := parseNumber(s.threshold)
			blk.SetAttributeValue("threshold", cty.NumberFloatVal(x))
		}
		body.AppendNewline()
	}
	for _, v := range orgs.order {
		name := orgs.byValue[v]
		o := orgOf[name]
		blk := body.AppendNewBlock("organization", []string{name}).Body()
		blk.SetAttributeValue("label", cty.StringVal(o.label))
		if o.country != "" {
			blk.SetAttributeValue("country", cty.StringVal(o.country))
		}
		body.AppendNewline()
	}
	imp := body.AppendNewBlock("import", nil).Body()
	imp.SetAttributeValue("assets", cty.StringVal(FileAssets))
	if needs {
		imp.SetAttributeValue("needs", cty.StringVal(FileNeeds))
	}
	imp.SetAttributeValue("dependencies", cty.StringVal(FileDeps))
	return hclwrite.Format(f.Bytes())
}
