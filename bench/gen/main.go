// Command gen writes synthetic cascade models of any size for benchmarks.
//
//	go run ./bench/gen --assets 100000 --deps-per-asset 4 --format csv --out bench/out/m100k-csv
//
// A model has sectors, organizations, regions with locations, assets with supply
// groups (the asset's own group and, for some, a needs "power" group with "any" or
// k-of-n and a backup), dependencies of every kind with delays and, for a fraction
// of them, uncertain probabilities, and one scenario "bench": a physical event that
// hits one region at 0s and a cyber event at 2h on a few assets. One asset,
// "control_center", is always written in HCL; in the csv format it depends on
// imported assets and imported assets depend on it.
//
// Formats:
//   - hcl: plain HCL files (model.hcl with sectors, organizations, the scenario
//     and control_center, then assets_NNN.hcl with --per-file assets each);
//   - csv: model.hcl as above plus an import block, assets.csv, needs.csv and
//     dependencies.csv (see docs/import.md);
//   - json: model.json, the input of the networkx peer (bench/peer/cascade_nx.py).
//
// --isolated N adds N assets named isolated_NNN, with no dependencies and no
// dependents, spread evenly through the HCL asset files: each draws an
// "Isolated asset" warning, for measuring how diagnostics are printed.
//
// --repair D or --repair LO-HI gives every asset (control_center too) a repair time,
// D or drawn uniformly in whole seconds from [LO, HI], and --crews N gives every
// organization N crews: the model then has restoration (docs/semantics.md,
// "Restoration"). The repair times come from their own random source, so the rest of
// the model is the same as without the flags.
// --mitigations adds mitigations.hcl with two mitigations, hub_backup and
// power_backup, for measuring cascade compare (bench/whatif.sh).
//
// The output is a function of the flags only: the same seed gives the same files.
package main

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/cascade-infra/cascade/model"
)

// sectorNames are the first sector names; more sectors are called sector_NN.
var sectorNames = []string{"energy", "telecom", "water", "health", "transport", "finance", "food", "government", "chemical", "it"}

var countries = []string{"JP", "US", "DE", "FR", "GB"}

// config is the command line.
type config struct {
	assets    int
	deps      float64 // mean suppliers per asset
	sectors   int
	regions   int
	orgs      int
	structure string
	uncertain float64 // fraction of edges with a probability below 1
	seed      uint64
	format    string
	out       string
	perFile   int // assets per HCL file
	isolated  int // extra assets without dependencies (format hcl)
	// repairLo..repairHi is the range of every asset's repair time in seconds (0: no
	// repair); crews the crews of every organization (0: unlimited)
	repairLo, repairHi int64
	crews              int
	// mitigations writes mitigations.hcl with two mitigations (formats hcl and csv).
	mitigations bool
	alerts      bool // every organization detects and responds
	channels    int  // channel blocks between random pairs of organizations
}

// dep is one generated dependency edge.
type dep struct {
	on    int32
	kind  uint8 // index into kinds
	delay int64 // seconds
	prob  float64
}

var kinds = []string{"physical", "cyber", "geographic", "logical"}

// group is a generated supply group.
type group struct {
	name     string // "" for the asset's own group
	requires string // "all", "any" or a number
	k        int    // the required count
	backup   int64  // seconds
	deps     []dep
}

// asset is a generated asset.
type asset struct {
	name     string
	sector   int
	operator int // -1 for none
	region   int
	lat, lon float64
	tags     []string
	weight   float64
	groups   []group
	repair   int64 // seconds, 0 for none
}

// gen is a generated model.
type gen struct {
	cfg          config
	sectors      []string
	orgs         []string
	orgCountry   []string
	regions      []string
	regionCenter [][2]float64
	assets       []asset // the last one is control_center
	cyberTargets []int
	quakeRegion  int
	// detect and respond per organization (seconds) with --alerts; channels with
	// --channels: two organizations and a latency in seconds.
	detect, respond []int64
	channels        []channel
}

// channel is a generated channel block.
type channel struct {
	a, b    int
	latency int64
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	var c config
	fs := pflag.NewFlagSet("gen", pflag.ContinueOnError)
	fs.SortFlags = false
	fs.IntVar(&c.assets, "assets", 10000, "number of generated assets (control_center comes on top)")
	fs.Float64Var(&c.deps, "deps-per-asset", 4, "mean number of suppliers per asset")
	fs.IntVar(&c.sectors, "sectors", 8, "number of sectors")
	fs.IntVar(&c.regions, "regions", 16, "number of regions")
	fs.IntVar(&c.orgs, "orgs", 40, "number of organizations")
	fs.StringVar(&c.structure, "structure", "scalefree", "dependency structure: scalefree (preferential attachment) or random (uniform)")
	fs.Float64Var(&c.uncertain, "uncertain", 0.2, "fraction 0-1 of dependencies with a probability below 1")
	fs.Uint64Var(&c.seed, "seed", 1, "random seed")
	fs.StringVar(&c.format, "format", "hcl", "output format: hcl, csv or json")
	fs.StringVar(&c.out, "out", "", "output folder (created)")
	fs.IntVar(&c.perFile, "per-file", 20000, "assets per HCL file (format hcl)")
	fs.IntVar(&c.isolated, "isolated", 0, "extra assets with no dependencies, spread evenly through the asset files, each drawing an \"Isolated asset\" warning (format hcl)")
	repair := fs.String("repair", "", "repair time of every asset: a duration such as 36h, or a range 1h-2d drawn per asset (the model then has restoration)")
	fs.IntVar(&c.crews, "crews", 0, "crews of every organization (0: unlimited)")
	fs.BoolVar(&c.mitigations, "mitigations", false, "also write mitigations.hcl with two mitigations, hub_backup and power_backup, for cascade compare (formats hcl and csv)")
	fs.BoolVar(&c.alerts, "alerts", false, "every organization detects (1h-6h) and responds (0s-2h) (formats hcl and csv)")
	fs.IntVar(&c.channels, "channels", 0, "channel blocks of 0s-2h between random pairs of organizations (formats hcl and csv)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *repair != "" {
		lo, hi, ok := strings.Cut(*repair, "-")
		if !ok {
			hi = lo
		}
		var err error
		if c.repairLo, err = model.ParseDuration(lo); err == nil {
			c.repairHi, err = model.ParseDuration(hi)
		}
		if err != nil || c.repairLo < 1 || c.repairHi < c.repairLo {
			return fmt.Errorf("--repair %q: want a duration of at least 1s, or a range LO-HI of them", *repair)
		}
	}
	switch {
	case c.out == "":
		return errors.New("--out is required")
	case c.assets < 1:
		return errors.New("--assets must be at least 1")
	case c.deps < 0:
		return errors.New("--deps-per-asset must be >= 0")
	case c.sectors < 1 || c.regions < 1 || c.orgs < 1:
		return errors.New("--sectors, --regions and --orgs must be at least 1")
	case c.structure != "scalefree" && c.structure != "random":
		return fmt.Errorf("--structure %q: want scalefree or random", c.structure)
	case c.uncertain < 0 || c.uncertain > 1:
		return errors.New("--uncertain is a fraction between 0 and 1")
	case c.perFile < 1:
		return errors.New("--per-file must be at least 1")
	case c.isolated < 0:
		return errors.New("--isolated must be >= 0")
	case c.isolated > 0 && c.format != "hcl":
		return errors.New("--isolated needs --format hcl")
	case c.crews < 0:
		return errors.New("--crews must be >= 0")
	case (c.repairLo > 0 || c.crews > 0) && c.format == "json":
		return errors.New("--repair and --crews need --format hcl or csv (the peer has no restoration)")
	case c.mitigations && c.format == "json":
		return errors.New("--mitigations needs --format hcl or csv")
	case c.channels < 0:
		return errors.New("--channels must be >= 0")
	case c.channels > 0 && c.orgs < 2:
		return errors.New("--channels needs at least 2 organizations")
	case (c.alerts || c.channels > 0) && c.format == "json":
		return errors.New("--alerts and --channels need --format hcl or csv: the peer's JSON has no organizations")
	}
	g := generate(c)
	if err := os.MkdirAll(c.out, 0o755); err != nil {
		return err
	}
	if c.mitigations && (c.format == "hcl" || c.format == "csv") {
		if err := g.writeMitigations(); err != nil {
			return err
		}
	}
	switch c.format {
	case "hcl":
		return g.writeHCL()
	case "csv":
		return g.writeCSV()
	case "json":
		return g.writeJSON()
	}
	return fmt.Errorf("--format %q: want hcl, csv or json", c.format)
}

// generate builds the model in memory.
func generate(c config) *gen {
	r := rand.New(rand.NewPCG(c.seed, c.seed^0x9e3779b97f4a7c15))
	g := &gen{cfg: c}
	for i := range c.sectors {
		if i < len(sectorNames) {
			g.sectors = append(g.sectors, sectorNames[i])
		} else {
			g.sectors = append(g.sectors, fmt.Sprintf("sector_%02d", i))
		}
	}
	for i := range c.orgs {
		g.orgs = append(g.orgs, fmt.Sprintf("org_%03d", i))
		g.orgCountry = append(g.orgCountry, countries[r.IntN(len(countries))])
	}
	// Alerts and channels draw from their own numbers, so that the rest of the model
	// is the same with and without them.
	ra := rand.New(rand.NewPCG(c.seed^0xa1e47, 14))
	if c.alerts {
		for range c.orgs {
			g.detect = append(g.detect, 3600*(1+ra.Int64N(6)))
			g.respond = append(g.respond, 60*ra.Int64N(121))
		}
	}
	for range c.channels {
		x, y := ra.IntN(c.orgs), ra.IntN(c.orgs)
		if x == y {
			y = (y + 1) % c.orgs
		}
		g.channels = append(g.channels, channel{x, y, 60 * ra.Int64N(121)})
	}
	for i := range c.regions {
		g.regions = append(g.regions, fmt.Sprintf("region_%02d", i))
		g.regionCenter = append(g.regionCenter, [2]float64{30 + 15*r.Float64(), 130 + 15*r.Float64()})
	}
	width := len(strconv.Itoa(c.assets))
	n := c.assets
	g.assets = make([]asset, n+1)
	for i := range n {
		a := &g.assets[i]
		a.name = "a" + pad(i+1, width)
		a.sector = r.IntN(c.sectors)
		a.operator = -1
		if r.Float64() < 0.8 {
			a.operator = r.IntN(c.orgs)
		}
		a.region = r.IntN(c.regions)
		ctr := g.regionCenter[a.region]
		a.lat = round3(clamp(ctr[0]+0.3*r.NormFloat64(), -90, 90))
		a.lon = round3(clamp(ctr[1]+0.3*r.NormFloat64(), -180, 180))
		if r.Float64() < 0.2 {
			a.tags = append(a.tags, "scada")
		}
		if r.Float64() < 0.1 {
			a.tags = append(a.tags, "critical")
		}
		a.weight = 1
		if r.Float64() < 0.1 {
			a.weight = float64(1 + r.IntN(5))
		}
	}
	cc := &g.assets[n]
	*cc = asset{name: "control_center", sector: 0, operator: -1, region: 0, lat: round3(g.regionCenter[0][0]), lon: round3(g.regionCenter[0][1]), tags: []string{"scada"}, weight: 1}

	// Suppliers: preferential attachment (each asset is in the pool once, plus
	// once for every time it was chosen) or uniform.
	var pool []int32
	if c.structure == "scalefree" {
		pool = make([]int32, n, n+int(float64(n)*c.deps)+1)
		for i := range pool {
			pool[i] = int32(i)
		}
	}
	whole, frac := math.Modf(c.deps)
	var sup []int32
	for i := range n {
		d := int(whole)
		if r.Float64() < frac {
			d++
		}
		d = min(d, n-1)
		sup = sup[:0]
		for tries := 0; len(sup) < d && tries < 20*d+20; tries++ {
			var s int32
			if pool != nil {
				s = pool[r.IntN(len(pool))]
			} else {
				s = int32(r.IntN(n))
			}
			if int(s) == i || contains(sup, s) {
				continue
			}
			sup = append(sup, s)
		}
		if pool != nil {
			pool = append(pool, sup...)
		}
		g.assets[i].groups = makeGroups(r, sup, c.uncertain)
	}
	// control_center: depends on three imported assets; the first three assets
	// depend on it through a cyber link.
	ccSup := []int32{}
	for _, s := range []int{n / 2, n / 3, n - 1} {
		if !contains(ccSup, int32(s)) {
			ccSup = append(ccSup, int32(s))
		}
	}
	cc.groups = []group{{requires: "any", k: 1, backup: 6 * 3600}}
	for _, s := range ccSup {
		cc.groups[0].deps = append(cc.groups[0].deps, dep{on: s, prob: 1})
	}
	for i := 0; i < 3 && i < n; i++ {
		gr := &g.assets[i].groups[0]
		gr.deps = append(gr.deps, dep{on: int32(n), kind: 1, delay: 600, prob: 1})
		if gr.requires == "all" {
			gr.k = len(gr.deps)
		}
	}
	g.quakeRegion = 0
	for range min(5, n) {
		g.cyberTargets = append(g.cyberTargets, r.IntN(n))
	}
	g.cyberTargets = uniqueSorted(g.cyberTargets)
	if c.repairLo > 0 {
		rr := rand.New(rand.NewPCG(c.seed, c.seed^0x7265706169720000)) // "repair"
		for i := range g.assets {
			g.assets[i].repair = c.repairLo + rr.Int64N(c.repairHi-c.repairLo+1)
		}
	}
	return g
}

// makeGroups splits an asset's suppliers into its own group and, for some
// assets, a needs "power" group.
func makeGroups(r *rand.Rand, sup []int32, uncertain float64) []group {
	deps := make([]dep, len(sup))
	for j, s := range sup {
		d := dep{on: s, prob: 1}
		switch x := r.Float64(); {
		case x < 0.80:
			d.kind = 0
			d.delay = []int64{0, 0, 300, 1800, 3600, 7200, 21600}[r.IntN(7)]
		case x < 0.86:
			d.kind = 1
			d.delay = []int64{0, 600, 3600}[r.IntN(3)]
		case x < 0.97:
			d.kind = 3
			d.delay = []int64{0, 3600, 86400}[r.IntN(3)]
		default:
			d.kind = 2
		}
		if r.Float64() < uncertain {
			d.prob = float64(5+r.IntN(91)) / 100
		}
		deps[j] = d
	}
	own := group{requires: "all", backup: 0}
	var needs *group
	if len(deps) >= 2 && r.Float64() < 0.3 {
		m := 2
		if len(deps) >= 4 {
			m = len(deps) / 2
		}
		ng := group{name: "power", backup: []int64{86400, 3 * 86400, 4 * 3600}[r.IntN(3)], deps: deps[len(deps)-m:]}
		if m >= 3 && r.Float64() < 0.5 {
			ng.k = m - 1
			ng.requires = strconv.Itoa(ng.k)
		} else {
			ng.k, ng.requires = 1, "any"
		}
		needs = &ng
		deps = deps[: len(deps)-m : len(deps)-m] // appending must not overwrite the needs group
	}
	own.deps = deps
	switch x := r.Float64(); {
	case x < 0.45 && len(deps) >= 2:
		own.requires = "any"
		own.k = 1
	case x < 0.6 && len(deps) >= 3:
		own.k = len(deps) - 1
		own.requires = strconv.Itoa(own.k)
	default:
		own.k = len(deps)
	}
	if r.Float64() < 0.3 {
		own.backup = []int64{3600, 4 * 3600, 12 * 3600}[r.IntN(3)]
	}
	if needs != nil {
		return []group{own, *needs}
	}
	return []group{own}
}

func contains(xs []int32, x int32) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func uniqueSorted(xs []int) []int {
	out := []int{}
	for _, x := range xs {
		if !containsInt(out, x) {
			out = append(out, x)
		}
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func pad(i, width int) string {
	s := strconv.Itoa(i)
	if len(s) < width {
		s = strings.Repeat("0", width-len(s)) + s
	}
	return s
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

func clamp(x, lo, hi float64) float64 { return max(lo, min(hi, x)) }

func fnum(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
