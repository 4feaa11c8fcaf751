package model

import (
	"encoding/binary"
	"errors"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/hashicorp/hcl/v2"
)

// The binary encoding of a model, for the load cache (internal/loadcache): a
// loaded, validated model and the warnings of its load, written by walk with
// pointers as indexes, and read back by decodeModel without parsing. The
// decoder checks every count and index, so not even crafted bytes can make it
// panic. Warnings come back without the source files, so they are printed
// without snippets. The asset list is written in parts of assetPart assets, each
// with a head giving its numbers of assets, groups, dependencies and tags and the
// length of its body, and each starting with no source file known to its ranges:
// the decoder lays out every part's share of the slabs from the heads and decodes
// the parts in parallel (a 1M-asset model is 31 parts).

// BinaryFormat is the version of the encoding of AppendBinary. It changes
// whenever the encoding does; data of another version cannot be decoded.
const BinaryFormat uint32 = 6

// ErrBadBinary is returned by DecodeBinary for data that is not a model
// encoded by AppendBinary of this BinaryFormat.
var ErrBadBinary = errors.New("bad encoded model")

// AppendBinary appends the encoding of m and of diags, the warnings of its
// load, to b and returns the extended slice.
func AppendBinary(b []byte, m *Model, diags hcl.Diagnostics) []byte {
	e := &binEncoder{b: slices.Grow(b, 64+64*len(m.Assets)+32*m.NumDependencies()), files: map[string]int{}}
	encodeDiagnostics(e, diags)
	walk(e, m)
	return e.b
}

// DecodeBinary decodes what AppendBinary wrote: all of data, nothing after it.
// The model's Files are nil. It returns ErrBadBinary for anything else.
//
// The strings of the model and of the diagnostics are not copied: they share
// data's memory (a 1M-asset entry is 160 MB), so data must not change after the
// call while the model is in use.
func DecodeBinary(data []byte) (*Model, hcl.Diagnostics, error) {
	d := &binDecoder{s: unsafe.String(unsafe.SliceData(data), len(data))}
	m, diags := decodeModel(d)
	if d.err || m == nil || d.pos != len(d.s) {
		return nil, nil, ErrBadBinary
	}
	return m, diags, nil
}

// FindFiles lists the model files (*.hcl, *.hcl.json) that Load reads at path
// on the operating system's file system: path itself when it is a file, else
// the files of the folder in the order Load reads them.
func FindFiles(path string) ([]string, hcl.Diagnostics) {
	return findFiles(path, nil)
}

// FileBytes returns the bytes a load read for f, one of Parser.Files: f.Bytes,
// also for an imported CSV file too large for snippets, whose Bytes are nil.
func FileBytes(f *hcl.File) []byte {
	if nav, ok := f.Nav.(importedFile); ok {
		return nav.src
	}
	return f.Bytes
}

// --- encoding ---

// binEncoder is the visitor of AppendBinary. It appends values: unsigned and
// signed varints, float64 as 8 bytes, strings with their length, and ranges
// relative to the previous range of the same file, whose name is written
// where it first appears.
type binEncoder struct {
	b     []byte
	files map[string]int
	prev  []hcl.Pos // start of the last range written, per file
	last  string    // the file of the last range, and its index
	lastI int
	// partAt is where the body of the open part of assets starts in b, 0 for none.
	partAt int
}

// part writes the head of a part of assets: its numbers of assets, groups,
// dependencies and tags, and the length of its body as 8 bytes (patched when the
// next part starts, or the list ends). Every part, and what follows the last,
// starts with no file of ranges known, so that a part decodes on its own.
func (e *binEncoder) part(assets, groups, deps, tags int) {
	if e.partAt > 0 {
		binary.LittleEndian.PutUint64(e.b[e.partAt-8:], uint64(len(e.b)-e.partAt))
		e.partAt = 0
	}
	e.files, e.prev, e.last, e.lastI = map[string]int{}, nil, "", 0
	if assets == 0 {
		return
	}
	for _, n := range []int{assets, groups, deps, tags} {
		e.count(n, info)
	}
	e.b = append(e.b, make([]byte, 8)...)
	e.partAt = len(e.b)
}

func (e *binEncoder) uint(v uint64, _ use) { e.b = binary.AppendUvarint(e.b, v) }
func (e *binEncoder) int(v int64, _ use)   { e.b = binary.AppendVarint(e.b, v) }
func (e *binEncoder) count(n int, _ use)   { e.b = binary.AppendUvarint(e.b, uint64(n)) }
func (e *binEncoder) float(v float64, _ use) {
	e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(v))
}
func (e *binEncoder) str(s string, _ use) {
	e.b = binary.AppendUvarint(e.b, uint64(len(s)))
	e.b = append(e.b, s...)
}
func (e *binEncoder) flag(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

// prob writes a probability: 0 for 1 (the default), else 1 and the value.
func (e *binEncoder) prob(v float64, _ use) {
	if v == 1 {
		e.b = append(e.b, 0)
		return
	}
	e.b = append(e.b, 1)
	e.float(v, info)
}

// rng writes a range: its file (0 and the name for a new one, else index+1),
// then its start relative to the previous range of the file and its end
// relative to its start.
func (e *binEncoder) rng(r hcl.Range) {
	i := e.lastI
	if r.Filename != e.last || len(e.prev) == 0 {
		var ok bool
		if i, ok = e.files[r.Filename]; ok {
			e.uint(uint64(i)+1, info)
		} else {
			e.uint(0, info)
			e.str(r.Filename, info)
			i = len(e.prev)
			e.files[r.Filename] = i
			e.prev = append(e.prev, hcl.Pos{})
		}
		e.last, e.lastI = r.Filename, i
	} else {
		e.uint(uint64(i)+1, info)
	}
	p := e.prev[i]
	e.int(int64(r.Start.Line-p.Line), info)
	e.uint(uint64(max(r.Start.Column, 0)), info)
	e.int(int64(r.Start.Byte-p.Byte), info)
	e.int(int64(r.End.Line-r.Start.Line), info)
	e.uint(uint64(max(r.End.Column, 0)), info)
	e.int(int64(r.End.Byte-r.Start.Byte), info)
	e.prev[i] = r.Start
}

// ref writes the index of an object plus one, nil as 0.
func (e *binEncoder) ref(index int, present bool, _ use) {
	if present {
		e.uint(uint64(index)+1, info)
	} else {
		e.uint(0, info)
	}
}

// encodeDiagnostics writes the diagnostics of a load.
func encodeDiagnostics(e *binEncoder, diags hcl.Diagnostics) {
	e.count(len(diags), info)
	for _, d := range diags {
		e.uint(uint64(d.Severity), info)
		e.str(d.Summary, info)
		e.str(d.Detail, info)
		e.flag(d.Subject != nil)
		if d.Subject != nil {
			e.rng(*d.Subject)
		}
		e.flag(d.Context != nil)
		if d.Context != nil {
			e.rng(*d.Context)
		}
	}
}

// --- decoding ---

// binDecoder reads what binEncoder wrote. Any read past the end or value
// out of range sets err; reads after that return zero values.
type binDecoder struct {
	s     string
	pos   int
	err   bool
	files []*string // the file names so far, each shared by the spans of its file
	prev  []hcl.Pos
}

func (d *binDecoder) uint() uint64 {
	if d.err {
		return 0
	}
	var v uint64
	var shift uint
	for i := 0; i < binary.MaxVarintLen64; i++ {
		if d.pos >= len(d.s) {
			break
		}
		c := d.s[d.pos]
		d.pos++
		if c < 0x80 {
			if i == binary.MaxVarintLen64-1 && c > 1 {
				break
			}
			return v | uint64(c)<<shift
		}
		v |= uint64(c&0x7f) << shift
		shift += 7
	}
	d.err = true
	return 0
}

func (d *binDecoder) int() int64 {
	u := d.uint()
	x := int64(u >> 1)
	if u&1 != 0 {
		x = ^x
	}
	return x
}

func (d *binDecoder) float() float64 { return math.Float64frombits(d.fixed64()) }

// fixed64 reads 8 bytes, little-endian.
func (d *binDecoder) fixed64() uint64 {
	if d.err || len(d.s)-d.pos < 8 {
		d.err = true
		return 0
	}
	v := binary.LittleEndian.Uint64([]byte(d.s[d.pos : d.pos+8]))
	d.pos += 8
	return v
}

func (d *binDecoder) bytes(n int) string {
	if d.err || len(d.s)-d.pos < n {
		d.err = true
		return ""
	}
	s := d.s[d.pos : d.pos+n]
	d.pos += n
	return s
}

func (d *binDecoder) str() string {
	n := d.uint()
	if n > uint64(len(d.s)-d.pos) {
		d.err = true
		return ""
	}
	return d.bytes(int(n))
}

func (d *binDecoder) bool() bool {
	b := d.bytes(1)
	if b != "" && b[0] > 1 {
		d.err = true
	}
	return b == "\x01"
}

// count reads a number of elements each at least minSize bytes long, so that a
// corrupt count cannot allocate more than the entry's size.
func (d *binDecoder) count(minSize int) int {
	n := d.uint()
	if n > uint64((len(d.s)-d.pos)/minSize) {
		d.err = true
		return 0
	}
	return int(n)
}

// index reads an index below n.
func (d *binDecoder) index(n int) int {
	v := d.uint()
	if v >= uint64(n) {
		d.err = true
		return 0
	}
	return int(v)
}

// intValue reads a non-negative int.
func (d *binDecoder) intValue() int {
	v := d.uint()
	if v > math.MaxInt32 {
		d.err = true
		return 0
	}
	return int(v)
}

func (d *binDecoder) rng() hcl.Range { return d.span().Range() }

// span reads what binEncoder.rng wrote, as a span whose file name is shared with the
// other spans of its file.
func (d *binDecoder) span() Span {
	var r hcl.Range
	i := d.uint()
	if i == 0 {
		d.files = append(d.files, new(d.str()))
		d.prev = append(d.prev, hcl.Pos{})
		i = uint64(len(d.files))
	} else if i-1 >= uint64(len(d.files)) {
		d.err = true
		return Span{}
	}
	file := d.files[i-1]
	r.Filename = *file
	p := &d.prev[i-1]
	r.Start.Line = d.pos32(int64(p.Line) + d.int())
	r.Start.Column = d.pos32(int64(d.uint()))
	r.Start.Byte = d.pos32(int64(p.Byte) + d.int())
	r.End.Line = d.pos32(int64(r.Start.Line) + d.int())
	r.End.Column = d.pos32(int64(d.uint()))
	r.End.Byte = d.pos32(int64(r.Start.Byte) + d.int())
	*p = r.Start
	if r.Filename == "" {
		file = nil // as NewSpan has it
	}
	return spanIn(file, r)
}

// pos32 checks a line, column or byte offset: 0 to MaxInt32.
func (d *binDecoder) pos32(v int64) int {
	if v < 0 || v > math.MaxInt32 {
		d.err = true
		return 0
	}
	return int(v)
}

// prob reads what binEncoder.prob wrote.
func (d *binDecoder) prob() float64 {
	if d.bool() {
		return d.float()
	}
	return 1
}

func (d *binDecoder) strs() []string {
	n := d.count(1)
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = d.str()
	}
	return out
}

// pick reads an index into xs and returns its element, nil when it is out of range.
func pick[T any](d *binDecoder, xs []*T) *T {
	i := d.index(len(xs))
	if d.err {
		return nil
	}
	return xs[i]
}

// pickIn reads an index into xs and returns a pointer to its element, nil when
// it is out of range. Unlike pick it loads nothing from memory.
func pickIn[T any](d *binDecoder, xs []T) *T {
	i := d.index(len(xs))
	if d.err {
		return nil
	}
	return &xs[i]
}

// decodeModel reads what encodeDiagnostics and walk wrote. The model is nil when d.err is set.
func decodeModel(d *binDecoder) (*Model, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	for range d.count(4) {
		dg := &hcl.Diagnostic{Severity: hcl.DiagnosticSeverity(d.index(3)), Summary: d.str(), Detail: d.str()}
		if d.bool() {
			r := d.rng()
			dg.Subject = &r
		}
		if d.bool() {
			r := d.rng()
			dg.Context = &r
		}
		diags = append(diags, dg)
	}
	m := &Model{}
	sectors := make([]Sector, d.count(11))
	m.Sectors = make([]*Sector, len(sectors))
	for i := range sectors {
		s := &sectors[i]
		*s = Sector{Name: d.str(), Label: d.str(), Color: d.str(), Threshold: d.float(), Index: i, DeclRange: d.rng()}
		m.Sectors[i] = s
	}
	orgs := make([]Organization, d.count(11))
	m.Organizations = make([]*Organization, len(orgs))
	for i := range orgs {
		o := &orgs[i]
		*o = Organization{Name: d.str(), Label: d.str(), Country: d.str(), Kind: d.str(), Index: i, DeclRange: d.rng()}
		m.Organizations[i] = o
	}
	for i := range orgs {
		for range d.count(1) {
			orgs[i].SharesWith = append(orgs[i].SharesWith, pick(d, m.Organizations))
		}
	}
	nAssets := d.count(20)
	groups := make([]SupplyGroup, d.count(10))
	groupPtrs := make([]*SupplyGroup, len(groups))
	deps := make([]Dependency, d.count(11))
	depPtrs := make([]*Dependency, len(deps))
	tags := make([]string, d.count(1))
	assets := make([]Asset, nAssets)
	m.Assets = make([]*Asset, nAssets)
	for i := range assets {
		m.Assets[i] = &assets[i]
	}
	// The parts of the asset list: each decodes on its own into its share of the
	// slabs, laid out here from the counts of its head, in parallel when there are
	// several.
	var parts []assetPartDecoder
	var ng, nd, nt int
	for lo := 0; lo < nAssets && !d.err; {
		n, g, k, x := d.count(20), d.count(10), d.count(11), d.count(1)
		if n == 0 || n > nAssets-lo || g > len(groups)-ng || k > len(deps)-nd || x > len(tags)-nt {
			d.err = true
			break
		}
		size := d.fixed64()
		if size > uint64(len(d.s)-d.pos) {
			d.err = true
			break
		}
		body := d.bytes(int(size))
		parts = append(parts, assetPartDecoder{d: binDecoder{s: body}, m: m, all: assets, lo: lo, hi: lo + n,
			groups: groups[ng : ng+g], groupPtrs: groupPtrs[ng : ng+g], deps: deps[nd : nd+k], depPtrs: depPtrs[nd : nd+k], tags: tags[nt : nt+x]})
		lo, ng, nd, nt = lo+n, ng+g, nd+k, nt+x
	}
	if ng != len(groups) || nd != len(deps) || nt != len(tags) {
		d.err = true
	}
	if d.err {
		return nil, nil
	}
	decodeParts(parts)
	for i := range parts {
		p := &parts[i]
		if p.d.err || p.d.pos != len(p.d.s) || p.lo > 0 && assets[p.lo-1].Name >= assets[p.lo].Name {
			return nil, nil // assets are sorted by name
		}
	}
	d.files, d.prev = nil, nil // what follows the parts starts afresh, as in the encoding
	scenarios := make([]Scenario, d.count(11))
	m.Scenarios = make([]*Scenario, len(scenarios))
	for i := range scenarios {
		s := &scenarios[i]
		*s = Scenario{Name: d.str(), Label: d.str(), Horizon: d.int(), Index: i, DeclRange: d.rng()}
		m.Scenarios[i] = s
		for range d.count(20) {
			ev := &Event{Name: d.str(), Kind: EventKind(d.index(2)), At: d.int(), Probability: d.float(), DeclRange: d.rng()}
			for range d.count(1) {
				ev.Assets = append(ev.Assets, pickIn(d, assets))
			}
			if d.bool() {
				sel := &Select{}
				for range d.count(1) {
					sel.Sectors = append(sel.Sectors, pick(d, m.Sectors))
				}
				sel.Regions, sel.Countries = d.strs(), d.strs()
				for range d.count(1) {
					sel.Operators = append(sel.Operators, pick(d, m.Organizations))
				}
				sel.Tags = d.strs()
				if d.bool() {
					sel.Within = &Circle{Lat: d.float(), Lon: d.float(), RadiusKm: d.float()}
				}
				ev.Select = sel
			}
			s.Events = append(s.Events, ev)
		}
		if d.err {
			return nil, nil
		}
	}
	for range d.count(3) {
		m.Mitigations = append(m.Mitigations, &Mitigation{Name: d.str(), Label: d.str(), DeclRange: d.rng()})
	}
	if d.bool() {
		for _, o := range m.Organizations {
			o.Crews = int(d.uint())
		}
		for _, a := range m.Assets {
			a.Repair, a.Recover, a.Restart, a.Priority = d.int(), d.int(), d.int(), d.float()
			d.uint() // the operator again, for Hash
		}
	}
	if d.bool() {
		decodeAlerts(d, m)
	}
	if d.err {
		return nil, nil
	}
	return m, diags
}

// assetPartDecoder decodes one part of the asset list: assets lo..hi-1 of all,
// whose groups, dependencies and tags are exactly those of its slabs.
type assetPartDecoder struct {
	d         binDecoder
	m         *Model
	all       []Asset
	lo, hi    int
	groups    []SupplyGroup
	groupPtrs []*SupplyGroup
	deps      []Dependency
	depPtrs   []*Dependency
	tags      []string
}

// decodeParts decodes the parts, in GOMAXPROCS goroutines when there are several.
func decodeParts(parts []assetPartDecoder) {
	workers := min(runtime.GOMAXPROCS(0), len(parts))
	if workers <= 1 {
		for i := range parts {
			parts[i].decode()
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(parts); i = int(next.Add(1) - 1) {
				parts[i].decode()
			}
		})
	}
	wg.Wait()
}

// decode reads the assets of the part, setting p.d.err when the part does not hold
// exactly its assets, groups, dependencies and tags.
func (p *assetPartDecoder) decode() {
	d, m := &p.d, p.m
	ns, no := len(m.Sectors), len(m.Organizations)
	ng, nd, nt := 0, 0, 0
	var locSlab []Location // never grows: allocated for the rest of the part
	for i := p.lo; i < p.hi; i++ {
		a := &p.all[i]
		a.Name, a.Label, a.Index = d.str(), d.str(), i
		if k := d.index(ns + 1); k > 0 {
			a.Sector = m.Sectors[k-1]
		} else {
			d.err = true // every asset has a sector
		}
		if k := d.index(no + 1); k > 0 {
			a.Operator = m.Organizations[k-1]
		}
		a.Country, a.Region = d.str(), d.str()
		if d.bool() {
			if locSlab == nil {
				locSlab = make([]Location, 0, p.hi-i)
			}
			locSlab = append(locSlab, Location{Lat: d.float(), Lon: d.float()})
			a.Location = &locSlab[len(locSlab)-1]
		}
		k := d.count(1)
		if k > len(p.tags)-nt {
			d.err = true
		}
		if d.err {
			return
		}
		for j := range k {
			p.tags[nt+j] = d.str()
		}
		if k > 0 {
			a.Tags = p.tags[nt : nt+k : nt+k]
		}
		nt += k
		a.Weight = d.float()
		a.DeclRange = d.span()
		n := d.count(10)
		if n > len(p.groups)-ng || d.err {
			d.err = true
			return
		}
		a.Groups = p.groupPtrs[ng : ng+n : ng+n]
		for j := range n {
			g := &p.groups[ng+j]
			p.groupPtrs[ng+j] = g
			g.Name, g.Requires, g.RequiresMode, g.Backup, g.DeclRange = d.str(), d.intValue(), d.str(), d.int(), d.span()
			k := d.count(11)
			if k > len(p.deps)-nd || d.err {
				d.err = true
				return
			}
			g.Dependencies = p.depPtrs[nd : nd+k : nd+k]
			for x := range k {
				dep := &p.deps[nd+x]
				p.depPtrs[nd+x] = dep
				dep.On = pickIn(d, p.all)
				dep.Kind = Kind(d.index(len(kindNames)))
				dep.Delay, dep.Probability, dep.DeclRange = d.int(), d.prob(), d.span()
			}
			nd += k
		}
		ng += n
		if i > p.lo && p.all[i-1].Name >= a.Name {
			d.err = true // assets are sorted by name
		}
	}
	if ng != len(p.groups) || nd != len(p.deps) || nt != len(p.tags) {
		d.err = true
	}
}

// decodeAlerts reads what walkAlerts wrote after its flag.
func decodeAlerts(d *binDecoder, m *Model) {
	chans := make([]Channel, d.count(8))
	m.Channels = make([]*Channel, len(chans))
	no := len(m.Organizations)
	for i := range chans {
		c := &chans[i]
		c.Name, c.Label, c.Index = d.str(), d.str(), i
		for j := range c.Between {
			if k := d.index(no + 1); k > 0 {
				c.Between[j] = m.Organizations[k-1]
			} else {
				d.err = true // every channel joins two organizations
			}
		}
		c.Latency, c.DeclRange = d.int(), d.rng()
		if c.Latency < 0 || i > 0 && chans[i-1].Name >= c.Name {
			d.err = true
		}
		m.Channels[i] = c
	}
	for _, o := range m.Organizations {
		o.Detect, o.Respond = d.int(), d.int()
		o.Responds = d.index(2) == 1
		if o.Detect < 0 || o.Respond < 0 {
			d.err = true
		}
		for range d.count(1) {
			d.index(no) // shares_with again, for Hash
		}
	}
	for range m.Assets {
		d.index(no + 1) // the operator again, for Hash
	}
}
