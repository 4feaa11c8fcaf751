package model

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/cascade-infra/cascade/internal/atomicfile"
)

// The load cache keeps loaded, validated models on disk, so that loading the
// same files again skips parsing and decoding.
//
// An entry is keyed by a SHA-256 of the program version, the model path, the
// name and content of every model file (*.hcl, *.hcl.json), every variables
// file and every --var value. The files a model imports (CSV) are only known
// after parsing, so the entry lists them with the SHA-256 of their content and
// a lookup reads and hashes them again: an entry is used only when every input
// is byte for byte what it was. An entry is one file:
//
//	magic "CASCADE-MODEL\x00" | format version (uint32) | key (32 bytes)
//	| payload length (uint64) | payload | SHA-256 of everything before it
//
// and the payload holds the program version, the imported files, the
// warnings of the load and the model, with pointers written as indexes. A
// short, corrupt, foreign or stale entry is ignored and replaced; the decoder
// checks every count and index, so not even a crafted entry can make it panic.
// Warnings come back from the cache without the source files, so they are
// printed without snippets.

// cacheFormat is the version of the entry format; entries of other versions
// are ignored.
const cacheFormat uint32 = 3

const cacheMagic = "CASCADE-MODEL\x00"

// MaxCacheBytes is the size in bytes above which the cache folder is pruned,
// oldest entries first, after a new entry is written.
const MaxCacheBytes = 4 << 30

// Cache is a folder of cached models.
type Cache struct {
	// Dir is the folder of the entries; it is created when missing.
	Dir string
	// Version identifies the program. Entries written under another version
	// are ignored.
	Version string
	// Background makes LoadCached write new entries in a goroutine, so that
	// the caller goes on with the model meanwhile; Wait waits for them. An
	// entry whose writing is cut short by the end of the process is not used
	// (its temporary file is removed later).
	Background bool

	writes sync.WaitGroup
}

// Wait waits for the entries being written in the background.
func (c *Cache) Wait() {
	if c != nil {
		c.writes.Wait()
	}
}

// DefaultCache returns the cache in os.UserCacheDir()/cascade. Its Version is
// version followed by what identifies the running binary: the Go version, the
// VCS revision and modified flag it was built from, and the executable's size
// and modification time, so that a rebuilt binary never reads entries of the
// one before.
func DefaultCache(version string) (*Cache, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return nil, fmt.Errorf("load cache: %w", err)
	}
	v := version
	if bi, ok := debug.ReadBuildInfo(); ok {
		v += " " + bi.GoVersion
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" || s.Key == "vcs.modified" {
				v += " " + s.Value
			}
		}
	}
	if exe, err := os.Executable(); err == nil {
		if st, err := os.Stat(exe); err == nil {
			v += fmt.Sprintf(" %d %d", st.Size(), st.ModTime().UnixNano())
		}
	}
	return &Cache{Dir: filepath.Join(dir, "cascade"), Version: v}, nil
}

// LoadCached loads the model at path like Load, through cache c: when c holds
// an entry for exactly these inputs, the model and the warnings of its load
// come from it without parsing; otherwise the model is loaded and, when it has
// no errors, stored. A nil c, or options with an FS (embedded models), load
// without the cache. Problems with the cache itself (unwritable folder, bad
// entry) never fail a load; they only make it slower.
func (p *Parser) LoadCached(path string, opts Options, c *Cache) (*Model, hcl.Diagnostics) {
	if c == nil || opts.FS != nil {
		return p.Load(path, opts)
	}
	key, inputs, ok := p.cacheKey(path, opts, c.Version)
	if !ok {
		return p.Load(path, opts)
	}
	entry := filepath.Join(c.Dir, hex.EncodeToString(key[:])+".model")
	if m, diags, err := readEntry(entry, key, c.Version); err == nil {
		return m, diags
	}
	m, diags := p.Load(path, opts)
	if m == nil || diags.HasErrors() {
		return m, diags
	}
	// Every file the load read that is not an input of the key: imported CSVs.
	var extra []cachedFile
	for name, f := range p.Files() {
		if inputs[name] || f == nil {
			continue
		}
		src := f.Bytes
		if nav, ok := f.Nav.(importedFile); ok {
			src = nav.src // the bytes that were imported, also when not kept for snippets
		}
		extra = append(extra, cachedFile{name: name, sum: sha256.Sum256(src)})
	}
	slices.SortFunc(extra, func(a, b cachedFile) int { return strings.Compare(a.name, b.name) })
	write := func() {
		if err := os.MkdirAll(c.Dir, 0o755); err == nil {
			if err := atomicfile.WriteBytes(entry, encodeEntry(key, c.Version, extra, diags, m)); err == nil {
				pruneCache(c.Dir, entry)
			}
		}
	}
	if c.Background {
		c.writes.Go(write)
	} else {
		write()
	}
	return m, diags
}

// cachedFile is an imported file of a cache entry with the SHA-256 of its content.
type cachedFile struct {
	name string
	sum  [32]byte
}

// cacheKey hashes the inputs known before parsing. inputs holds the file
// names hashed. ok is false when a file cannot be read; the load then runs
// without the cache and reports it.
func (p *Parser) cacheKey(path string, opts Options, version string) (key [32]byte, inputs map[string]bool, ok bool) {
	files, diags := p.findFiles(path, nil)
	if diags.HasErrors() {
		return key, nil, false
	}
	h := sha256.New()
	field := func(s string) {
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		io.WriteString(h, s)
	}
	field(cacheMagic)
	field(fmt.Sprint(cacheFormat))
	field(version)
	abs, err := filepath.Abs(path)
	if err != nil {
		return key, nil, false
	}
	field(abs)
	inputs = map[string]bool{}
	hashFile := func(kind, name string) bool {
		src, err := os.ReadFile(name)
		if err != nil {
			return false
		}
		field(kind)
		field(name)
		field(string(src))
		inputs[name] = true
		return true
	}
	for _, f := range files {
		if !hashFile("model", f) {
			return key, nil, false
		}
	}
	for _, f := range opts.VarFiles {
		if !hashFile("varfile", f) {
			return key, nil, false
		}
	}
	names := make([]string, 0, len(opts.Vars))
	for n := range opts.Vars {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		field("var")
		field(n)
		field(opts.Vars[n])
	}
	copy(key[:], h.Sum(nil))
	return key, inputs, true
}

// errBadEntry is returned for an entry that cannot be used.
var errBadEntry = errors.New("bad cache entry")

// readEntry reads and checks an entry and decodes its model.
func readEntry(path string, key [32]byte, version string) (*Model, hcl.Diagnostics, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	payload, err := checkEntry(data, key)
	if err != nil {
		return nil, nil, err
	}
	d := &cacheDecoder{s: string(payload)}
	if d.str() != version {
		return nil, nil, errBadEntry
	}
	n := d.count(1 + 32)
	for range n {
		name := d.str()
		sum := d.bytes(32)
		if d.err {
			return nil, nil, errBadEntry
		}
		src, err := os.ReadFile(name)
		if err != nil {
			return nil, nil, errBadEntry
		}
		if s := sha256.Sum256(src); string(s[:]) != sum {
			return nil, nil, errBadEntry
		}
	}
	m, diags := decodeModel(d)
	if d.err || d.pos != len(d.s) {
		return nil, nil, errBadEntry
	}
	return m, diags, nil
}

// checkEntry checks an entry's frame and returns its payload.
func checkEntry(data []byte, key [32]byte) ([]byte, error) {
	head := len(cacheMagic) + 4 + 32 + 8
	if len(data) < head+32 {
		return nil, errBadEntry
	}
	body, sum := data[:len(data)-32], data[len(data)-32:]
	if s := sha256.Sum256(body); !bytes.Equal(s[:], sum) {
		return nil, errBadEntry
	}
	if string(data[:len(cacheMagic)]) != cacheMagic {
		return nil, errBadEntry
	}
	p := len(cacheMagic)
	if binary.LittleEndian.Uint32(data[p:]) != cacheFormat {
		return nil, errBadEntry
	}
	p += 4
	if !bytes.Equal(data[p:p+32], key[:]) {
		return nil, errBadEntry
	}
	p += 32
	if binary.LittleEndian.Uint64(data[p:]) != uint64(len(body)-head) {
		return nil, errBadEntry
	}
	return body[head:], nil
}

// encodeEntry writes an entry.
func encodeEntry(key [32]byte, version string, extra []cachedFile, diags hcl.Diagnostics, m *Model) []byte {
	e := &cacheEncoder{files: map[string]int{}}
	e.b = make([]byte, 0, 64+64*len(m.Assets)+32*m.NumDependencies())
	e.str(version)
	e.uint(uint64(len(extra)))
	for _, f := range extra {
		e.str(f.name)
		e.b = append(e.b, f.sum[:]...)
	}
	encodeModel(e, diags, m)
	out := make([]byte, 0, len(cacheMagic)+4+32+8+len(e.b)+32)
	out = append(out, cacheMagic...)
	out = binary.LittleEndian.AppendUint32(out, cacheFormat)
	out = append(out, key[:]...)
	out = binary.LittleEndian.AppendUint64(out, uint64(len(e.b)))
	out = append(out, e.b...)
	sum := sha256.Sum256(out)
	return append(out, sum[:]...)
}

// pruneCache removes temporary files of writes that were cut short (older than
// an hour), and the oldest entries of dir, except keep, while the folder holds
// more than MaxCacheBytes.
func pruneCache(dir, keep string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	type entry struct {
		path  string
		size  int64
		mtime int64
	}
	var es []entry
	var total int64
	for _, de := range entries {
		info, err := de.Info()
		if err != nil {
			continue
		}
		if strings.HasPrefix(de.Name(), ".") && strings.Contains(de.Name(), ".model.tmp") {
			if time.Since(info.ModTime()) > time.Hour {
				os.Remove(filepath.Join(dir, de.Name()))
			}
			continue
		}
		if !strings.HasSuffix(de.Name(), ".model") {
			continue
		}
		es = append(es, entry{filepath.Join(dir, de.Name()), info.Size(), info.ModTime().UnixNano()})
		total += info.Size()
	}
	if total <= MaxCacheBytes {
		return
	}
	slices.SortFunc(es, func(a, b entry) int { return int(max(-1, min(1, a.mtime-b.mtime))) })
	for _, x := range es {
		if total <= MaxCacheBytes {
			break
		}
		if x.path != keep && os.Remove(x.path) == nil {
			total -= x.size
		}
	}
}

// --- encoding ---

// cacheEncoder appends values: unsigned and signed varints, float64 as 8
// bytes, strings with their length, and ranges relative to the previous range
// of the same file, whose name is written where it first appears.
type cacheEncoder struct {
	b     []byte
	files map[string]int
	prev  []hcl.Pos // start of the last range written, per file
	last  string    // the file of the last range, and its index
	lastI int
}

func (e *cacheEncoder) uint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *cacheEncoder) int(v int64)   { e.b = binary.AppendVarint(e.b, v) }
func (e *cacheEncoder) float(v float64) {
	e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(v))
}
func (e *cacheEncoder) str(s string) { e.uint(uint64(len(s))); e.b = append(e.b, s...) }
func (e *cacheEncoder) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

// prob writes a probability: 0 for 1 (the default), else 1 and the value.
func (e *cacheEncoder) prob(v float64) {
	if v == 1 {
		e.b = append(e.b, 0)
		return
	}
	e.b = append(e.b, 1)
	e.float(v)
}

// rng writes a range: its file (0 and the name for a new one, else index+1),
// then its start relative to the previous range of the file and its end
// relative to its start.
func (e *cacheEncoder) rng(r hcl.Range) {
	i := e.lastI
	if r.Filename != e.last || len(e.prev) == 0 {
		var ok bool
		if i, ok = e.files[r.Filename]; ok {
			e.uint(uint64(i) + 1)
		} else {
			e.uint(0)
			e.str(r.Filename)
			i = len(e.prev)
			e.files[r.Filename] = i
			e.prev = append(e.prev, hcl.Pos{})
		}
		e.last, e.lastI = r.Filename, i
	} else {
		e.uint(uint64(i) + 1)
	}
	p := e.prev[i]
	e.int(int64(r.Start.Line - p.Line))
	e.uint(uint64(max(r.Start.Column, 0)))
	e.int(int64(r.Start.Byte - p.Byte))
	e.int(int64(r.End.Line - r.Start.Line))
	e.uint(uint64(max(r.End.Column, 0)))
	e.int(int64(r.End.Byte - r.Start.Byte))
	e.prev[i] = r.Start
}

// index writes the index of an object, -1 for nil as 0.
func (e *cacheEncoder) ref(index int, present bool) {
	if present {
		e.uint(uint64(index) + 1)
	} else {
		e.uint(0)
	}
}

func (e *cacheEncoder) strs(xs []string) {
	e.uint(uint64(len(xs)))
	for _, x := range xs {
		e.str(x)
	}
}

func encodeModel(e *cacheEncoder, diags hcl.Diagnostics, m *Model) {
	e.uint(uint64(len(diags)))
	for _, d := range diags {
		e.uint(uint64(d.Severity))
		e.str(d.Summary)
		e.str(d.Detail)
		e.bool(d.Subject != nil)
		if d.Subject != nil {
			e.rng(*d.Subject)
		}
		e.bool(d.Context != nil)
		if d.Context != nil {
			e.rng(*d.Context)
		}
	}
	e.uint(uint64(len(m.Sectors)))
	for _, s := range m.Sectors {
		e.str(s.Name)
		e.str(s.Label)
		e.str(s.Color)
		e.float(s.Threshold)
		e.rng(s.DeclRange)
	}
	e.uint(uint64(len(m.Organizations)))
	for _, o := range m.Organizations {
		e.str(o.Name)
		e.str(o.Label)
		e.str(o.Country)
		e.str(o.Kind)
		e.uint(uint64(o.Crews))
		e.rng(o.DeclRange)
	}
	for _, o := range m.Organizations {
		e.uint(uint64(len(o.SharesWith)))
		for _, x := range o.SharesWith {
			e.uint(uint64(x.Index))
		}
	}
	groups, deps, tags := 0, 0, 0
	for _, a := range m.Assets {
		groups += len(a.Groups)
		tags += len(a.Tags)
		for _, g := range a.Groups {
			deps += len(g.Dependencies)
		}
	}
	e.uint(uint64(len(m.Assets)))
	e.uint(uint64(groups))
	e.uint(uint64(deps))
	e.uint(uint64(tags))
	for _, a := range m.Assets {
		e.str(a.Name)
		e.str(a.Label)
		e.ref(indexOfSector(a.Sector), a.Sector != nil)
		e.ref(indexOfOrg(a.Operator), a.Operator != nil)
		e.str(a.Country)
		e.str(a.Region)
		e.bool(a.Location != nil)
		if a.Location != nil {
			e.float(a.Location.Lat)
			e.float(a.Location.Lon)
		}
		e.strs(a.Tags)
		e.float(a.Weight)
		e.int(a.Repair)
		e.int(a.Recover)
		e.int(a.Restart)
		e.float(a.Priority)
		e.rng(a.DeclRange)
		e.uint(uint64(len(a.Groups)))
		for _, g := range a.Groups {
			e.str(g.Name)
			e.uint(uint64(g.Requires))
			e.str(g.RequiresMode)
			e.int(g.Backup)
			e.rng(g.DeclRange)
			e.uint(uint64(len(g.Dependencies)))
			for _, d := range g.Dependencies {
				e.uint(uint64(d.On.Index))
				e.uint(uint64(d.Kind))
				e.int(d.Delay)
				e.prob(d.Probability)
				e.rng(d.DeclRange)
			}
		}
	}
	e.uint(uint64(len(m.Scenarios)))
	for _, s := range m.Scenarios {
		e.str(s.Name)
		e.str(s.Label)
		e.int(s.Horizon)
		e.rng(s.DeclRange)
		e.uint(uint64(len(s.Events)))
		for _, ev := range s.Events {
			e.str(ev.Name)
			e.uint(uint64(ev.Kind))
			e.int(ev.At)
			e.float(ev.Probability)
			e.rng(ev.DeclRange)
			e.uint(uint64(len(ev.Assets)))
			for _, a := range ev.Assets {
				e.uint(uint64(a.Index))
			}
			e.bool(ev.Select != nil)
			if sel := ev.Select; sel != nil {
				e.uint(uint64(len(sel.Sectors)))
				for _, x := range sel.Sectors {
					e.uint(uint64(x.Index))
				}
				e.strs(sel.Regions)
				e.strs(sel.Countries)
				e.uint(uint64(len(sel.Operators)))
				for _, x := range sel.Operators {
					e.uint(uint64(x.Index))
				}
				e.strs(sel.Tags)
				e.bool(sel.Within != nil)
				if sel.Within != nil {
					e.float(sel.Within.Lat)
					e.float(sel.Within.Lon)
					e.float(sel.Within.RadiusKm)
				}
			}
		}
	}
}

func indexOfSector(s *Sector) int {
	if s == nil {
		return 0
	}
	return s.Index
}

func indexOfOrg(o *Organization) int {
	if o == nil {
		return 0
	}
	return o.Index
}

// --- decoding ---

// cacheDecoder reads what cacheEncoder wrote. Any read past the end or value
// out of range sets err; reads after that return zero values.
type cacheDecoder struct {
	s     string
	pos   int
	err   bool
	files []string
	prev  []hcl.Pos
}

func (d *cacheDecoder) uint() uint64 {
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

func (d *cacheDecoder) int() int64 {
	u := d.uint()
	x := int64(u >> 1)
	if u&1 != 0 {
		x = ^x
	}
	return x
}

func (d *cacheDecoder) float() float64 {
	if d.err || len(d.s)-d.pos < 8 {
		d.err = true
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64([]byte(d.s[d.pos : d.pos+8])))
	d.pos += 8
	return v
}

func (d *cacheDecoder) bytes(n int) string {
	if d.err || len(d.s)-d.pos < n {
		d.err = true
		return ""
	}
	s := d.s[d.pos : d.pos+n]
	d.pos += n
	return s
}

func (d *cacheDecoder) str() string {
	n := d.uint()
	if n > uint64(len(d.s)-d.pos) {
		d.err = true
		return ""
	}
	return d.bytes(int(n))
}

func (d *cacheDecoder) bool() bool {
	b := d.bytes(1)
	if b != "" && b[0] > 1 {
		d.err = true
	}
	return b == "\x01"
}

// count reads a number of elements each at least minSize bytes long, so that a
// corrupt count cannot allocate more than the entry's size.
func (d *cacheDecoder) count(minSize int) int {
	n := d.uint()
	if n > uint64((len(d.s)-d.pos)/minSize) {
		d.err = true
		return 0
	}
	return int(n)
}

// index reads an index below n.
func (d *cacheDecoder) index(n int) int {
	v := d.uint()
	if v >= uint64(n) {
		d.err = true
		return 0
	}
	return int(v)
}

// intValue reads a non-negative int.
func (d *cacheDecoder) intValue() int {
	v := d.uint()
	if v > math.MaxInt32 {
		d.err = true
		return 0
	}
	return int(v)
}

func (d *cacheDecoder) rng() hcl.Range {
	var r hcl.Range
	i := d.uint()
	if i == 0 {
		r.Filename = d.str()
		d.files = append(d.files, r.Filename)
		d.prev = append(d.prev, hcl.Pos{})
		i = uint64(len(d.files))
	} else if i-1 < uint64(len(d.files)) {
		r.Filename = d.files[i-1]
	} else {
		d.err = true
		return r
	}
	p := &d.prev[i-1]
	r.Start.Line = d.pos32(int64(p.Line) + d.int())
	r.Start.Column = d.pos32(int64(d.uint()))
	r.Start.Byte = d.pos32(int64(p.Byte) + d.int())
	r.End.Line = d.pos32(int64(r.Start.Line) + d.int())
	r.End.Column = d.pos32(int64(d.uint()))
	r.End.Byte = d.pos32(int64(r.Start.Byte) + d.int())
	*p = r.Start
	return r
}

// pos32 checks a line, column or byte offset: 0 to MaxInt32.
func (d *cacheDecoder) pos32(v int64) int {
	if v < 0 || v > math.MaxInt32 {
		d.err = true
		return 0
	}
	return int(v)
}

// prob reads what cacheEncoder.prob wrote.
func (d *cacheDecoder) prob() float64 {
	if d.bool() {
		return d.float()
	}
	return 1
}

func (d *cacheDecoder) strs() []string {
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
func pick[T any](d *cacheDecoder, xs []*T) *T {
	i := d.index(len(xs))
	if d.err {
		return nil
	}
	return xs[i]
}

// pickIn reads an index into xs and returns a pointer to its element, nil when
// it is out of range. Unlike pick it loads nothing from memory.
func pickIn[T any](d *cacheDecoder, xs []T) *T {
	i := d.index(len(xs))
	if d.err {
		return nil
	}
	return &xs[i]
}

// decodeModel reads what encodeModel wrote. The model is nil when d.err is set.
func decodeModel(d *cacheDecoder) (*Model, hcl.Diagnostics) {
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
		*o = Organization{Name: d.str(), Label: d.str(), Country: d.str(), Kind: d.str(), Crews: d.intValue(), Index: i, DeclRange: d.rng()}
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
	tagSlab := make([]string, 0, d.count(1))
	assets := make([]Asset, nAssets)
	m.Assets = make([]*Asset, nAssets)
	for i := range assets {
		m.Assets[i] = &assets[i]
	}
	ng, nd := 0, 0
	var locSlab []Location // never grows: allocated for the rest of the assets
	for i := range assets {
		a := &assets[i]
		a.Name, a.Label, a.Index = d.str(), d.str(), i
		if k := d.index(len(sectors) + 1); k > 0 {
			a.Sector = m.Sectors[k-1]
		} else {
			d.err = true // every asset has a sector
		}
		if k := d.index(len(orgs) + 1); k > 0 {
			a.Operator = m.Organizations[k-1]
		}
		a.Country, a.Region = d.str(), d.str()
		if d.bool() {
			if locSlab == nil {
				locSlab = make([]Location, 0, nAssets-i)
			}
			locSlab = append(locSlab, Location{Lat: d.float(), Lon: d.float()})
			a.Location = &locSlab[len(locSlab)-1]
		}
		nt := d.count(1)
		if len(tagSlab)+nt > cap(tagSlab) {
			d.err = true
		}
		if d.err {
			return nil, nil
		}
		start := len(tagSlab)
		for range nt {
			tagSlab = append(tagSlab, d.str())
		}
		if nt > 0 {
			a.Tags = tagSlab[start:len(tagSlab):len(tagSlab)]
		}
		a.Weight = d.float()
		a.Repair = d.int()
		a.Recover = d.int()
		a.Restart = d.int()
		a.Priority = d.float()
		a.DeclRange = d.rng()
		n := d.count(10)
		if ng+n > len(groups) || d.err {
			d.err = true
			return nil, nil
		}
		a.Groups = groupPtrs[ng : ng+n : ng+n]
		for j := range n {
			g := &groups[ng+j]
			groupPtrs[ng+j] = g
			g.Name, g.Requires, g.RequiresMode, g.Backup, g.DeclRange = d.str(), d.intValue(), d.str(), d.int(), d.rng()
			k := d.count(11)
			if nd+k > len(deps) || d.err {
				d.err = true
				return nil, nil
			}
			g.Dependencies = depPtrs[nd : nd+k : nd+k]
			for x := range k {
				dep := &deps[nd+x]
				depPtrs[nd+x] = dep
				dep.On = pickIn(d, assets)
				dep.Kind = Kind(d.index(len(kindNames)))
				dep.Delay, dep.Probability, dep.DeclRange = d.int(), d.prob(), d.rng()
			}
			nd += k
		}
		ng += n
		if i > 0 && assets[i-1].Name >= a.Name {
			d.err = true // assets are sorted by name
		}
	}
	if ng != len(groups) || nd != len(deps) {
		d.err = true
	}
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
	if d.err {
		return nil, nil
	}
	return m, diags
}
