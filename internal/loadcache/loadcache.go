// Package loadcache keeps loaded, validated models on disk, so that loading
// the same files again skips parsing and decoding.
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
// and the payload holds the program version, the imported files, the model's
// Hash (computed once, when the entry is written; see Hash), and the model with
// the warnings of its load as model.AppendBinary writes them. A
// short, corrupt, foreign or stale entry is ignored and replaced. Warnings
// come back from the cache without the source files, so they are printed
// without snippets.
//
// The cache lives here, apart from package model, because an entry belongs
// to the binary that wrote it (see Default), not to the library.
package loadcache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"weak"

	"github.com/hashicorp/hcl/v2"

	"github.com/cascade-infra/cascade/internal/atomicfile"
	"github.com/cascade-infra/cascade/internal/regular"
	"github.com/cascade-infra/cascade/model"
)

// format is the version of the entry format; entries of other versions are
// ignored. The key also covers model.BinaryFormat, the payload's encoding.
const format uint32 = 3

const magic = "CASCADE-MODEL\x00"

// MaxBytes is the size in bytes above which the cache folder is pruned,
// oldest entries first, after a new entry is written.
const MaxBytes = 4 << 30

// Cache is a folder of cached models.
type Cache struct {
	// Dir is the folder of the entries; it is created when missing.
	Dir string
	// Version identifies the program. Entries written under another version
	// are ignored.
	Version string
	// Background makes Load write new entries in a goroutine, so that the
	// caller goes on with the model meanwhile; Wait waits for them. An entry
	// whose writing is cut short by the end of the process is not used (its
	// temporary file is removed later).
	Background bool

	writes sync.WaitGroup
}

// Wait waits for the entries being written in the background.
func (c *Cache) Wait() {
	if c != nil {
		c.writes.Wait()
	}
}

// Default returns the cache in os.UserCacheDir()/cascade. Its Version is
// version followed by what identifies the running binary: the Go version, the
// VCS revision and modified flag it was built from, and the executable's size
// and modification time, so that a rebuilt binary never reads entries of the
// one before.
func Default(version string) (*Cache, error) {
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

// Load loads the model at path like p.Load, through cache c: when c holds an
// entry for exactly these inputs, the model and the warnings of its load come
// from it without parsing (p then holds no files); otherwise the model is
// loaded and, when it has no errors, stored. A nil c, or options with an FS
// (embedded models), load without the cache. Problems with the cache itself
// (unwritable folder, bad entry) never fail a load; they only make it slower.
func Load(p *model.Parser, path string, opts model.Options, c *Cache) (*model.Model, hcl.Diagnostics) {
	if c == nil || opts.FS != nil {
		return parse(p, path, opts)
	}
	key, inputs, ok := cacheKey(path, opts, c.Version)
	if !ok {
		return parse(p, path, opts)
	}
	entry := filepath.Join(c.Dir, hex.EncodeToString(key[:])+".model")
	if m, diags, err := readEntry(entry, key, c.Version); err == nil {
		return m, diags
	}
	m, diags := parse(p, path, opts)
	if m == nil || diags.HasErrors() {
		return m, diags
	}
	// The entry and the caller (Hash) share one computation of the hash.
	hash := sync.OnceValue(m.Hash)
	remember(m, hash)
	// Every file the load read that is not an input of the key: imported CSVs.
	var extra []cachedFile
	for name, f := range p.Files() {
		if inputs[name] || f == nil {
			continue
		}
		extra = append(extra, cachedFile{name: name, sum: sha256.Sum256(model.FileBytes(f))})
	}
	slices.SortFunc(extra, func(a, b cachedFile) int { return strings.Compare(a.name, b.name) })
	write := func() {
		if err := os.MkdirAll(c.Dir, 0o755); err == nil {
			// An entry is a regular file of ours: whatever else took its name (a
			// named pipe would block the write, a link would redirect it) goes.
			if fi, err := os.Lstat(entry); err == nil && !fi.Mode().IsRegular() {
				os.Remove(entry)
			}
			if err := atomicfile.WriteBytes(entry, encodeEntry(key, c.Version, extra, hash(), diags, m)); err == nil {
				prune(c.Dir, entry)
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

// parseGC is the garbage collector's GOGC while Load parses a model; 0 leaves it alone.
var parseGC atomic.Int32

// SetParseGC sets the garbage collector's GOGC (debug.SetGCPercent) while Load parses a
// model whose HCL files total at most parseGCMaxHCL bytes (the bulk of a large one is
// then CSV imports), on a cache miss or without a cache; 0, the default, leaves it
// alone. Importing large CSV files allocates mostly what the model keeps, which the
// collector would scan again at every doubling of the heap. Parsing HCL is different:
// its syntax trees are garbage soon, and a raised GOGC let them pile up (the 100k-asset
// one-file HCL model's run peaked at 1.15 GB against 0.60 GB), so HCL-heavy models keep
// the default. Decoding an entry is not affected: it allocates a few slabs, and run
// raises GOGC from the end of the load on instead (RaiseGC). Loads that overlap share
// one raise; the last to end restores the percentage it found.
func SetParseGC(percent int) { parseGC.Store(int32(percent)) }

var (
	gcMu    sync.Mutex
	gcUsers int // parses running with parseGC, and raises of RaiseGC
	gcOld   int // the percentage to restore
)

// parse is p.Load with the garbage collector's GOGC at parseGC, when set.
func parse(p *model.Parser, path string, opts model.Options) (*model.Model, hcl.Diagnostics) {
	if pc := int(parseGC.Load()); pc > 0 && hclBytes(path) <= parseGCMaxHCL {
		defer RaiseGC(pc)()
	}
	return p.Load(path, opts)
}

// RaiseGC sets the garbage collector's GOGC (debug.SetGCPercent) to percent until the
// function it returns is called. Raises that overlap, and the parses of SetParseGC,
// share one: the first sets its percentage, the last to end restores the one the
// first found. For a phase that allocates mostly what it keeps: compiling and running
// a large model after its load (cmd/cascade's run), where the collector would
// otherwise mark the whole model again when the heap doubles.
func RaiseGC(percent int) (restore func()) {
	gcMu.Lock()
	if gcUsers == 0 {
		gcOld = debug.SetGCPercent(percent)
	}
	gcUsers++
	gcMu.Unlock()
	return sync.OnceFunc(func() {
		gcMu.Lock()
		if gcUsers--; gcUsers == 0 {
			debug.SetGCPercent(gcOld)
		}
		gcMu.Unlock()
	})
}

// parseGCMaxHCL is the most HCL, in bytes, that a model parsed with parseGC may have.
const parseGCMaxHCL = 1 << 20

// hclBytes returns the total size of the model files at path (its *.hcl and *.hcl.json
// files), or more than parseGCMaxHCL when they cannot be listed.
func hclBytes(path string) int64 {
	files, diags := model.FindFiles(path)
	if diags.HasErrors() {
		return parseGCMaxHCL + 1
	}
	var n int64
	for _, f := range files {
		info, err := os.Stat(f)
		if err != nil {
			return parseGCMaxHCL + 1
		}
		n += info.Size()
	}
	return n
}

// cachedFile is an imported file of a cache entry with the SHA-256 of its content.
type cachedFile struct {
	name string
	sum  [32]byte
}

// cacheKey hashes the inputs known before parsing. inputs holds the file
// names hashed. ok is false when a file cannot be read; the load then runs
// without the cache and reports it.
func cacheKey(path string, opts model.Options, version string) (key [32]byte, inputs map[string]bool, ok bool) {
	files, diags := model.FindFiles(path)
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
	field(magic)
	field(fmt.Sprint(format))
	field(fmt.Sprint(model.BinaryFormat))
	field(version)
	abs, err := filepath.Abs(path)
	if err != nil {
		return key, nil, false
	}
	field(abs)
	inputs = map[string]bool{}
	hashFile := func(kind, name string) bool {
		src, err := regular.ReadFile(name, model.MaxFileSize)
		if err != nil {
			return false // the load reports it
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
	for _, n := range opts.Mitigations { // in order: they apply in order
		field("mitigation")
		field(n)
	}
	copy(key[:], h.Sum(nil))
	return key, inputs, true
}

// maxEntry is the largest cache entry read, in bytes.
const maxEntry = 1 << 34

// errBadEntry is returned for an entry that cannot be used.
var errBadEntry = errors.New("bad cache entry")

// mapMin is the size in bytes from which an entry is mapped into memory instead of
// read (a variable for tests).
var mapMin int64 = 16 << 20

// entryData returns the bytes of the entry at path, and what releases them once
// nothing decoded from them is in use. An entry of at least mapMin bytes is mapped
// read-only where the system can (else read): its pages come from the page cache,
// without the copy of a read nor the faults of as many fresh pages of heap (a 1M-asset
// entry is 160 MB), and the model's strings point into them. Such a mapping is
// released only when the entry is not used; when it is, it lives as long as the
// process, since the strings can outlive the model. The cache replaces entries by
// renaming and removes them by unlinking, neither of which changes a mapped file; a
// process that truncated one in place would make its reader fault.
func entryData(path string) ([]byte, func(), error) {
	f, err := regular.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.Size() >= mapMin && info.Size() <= maxEntry {
		if b, unmap, err := mapFile(f, info.Size()); err == nil {
			return b, unmap, nil
		}
	}
	b, err := regular.ReadAll(f, path, maxEntry)
	return b, func() {}, err
}

// readEntry reads and checks an entry and decodes its model.
func readEntry(path string, key [32]byte, version string) (*model.Model, hcl.Diagnostics, error) {
	data, release, err := entryData(path)
	if err != nil {
		return nil, nil, err
	}
	m, diags, err := decodeEntry(data, key, version)
	if err != nil {
		release() // nothing decoded is returned
		return nil, nil, err
	}
	return m, diags, nil
}

// decodeEntry checks entry data and decodes its model, which shares data's memory.
func decodeEntry(data []byte, key [32]byte, version string) (*model.Model, hcl.Diagnostics, error) {
	payload, err := checkEntry(data, key)
	if err != nil {
		return nil, nil, err
	}
	v, rest, ok := readString(payload)
	if !ok || v != version {
		return nil, nil, errBadEntry
	}
	n, rest, ok := readCount(rest, 1+32)
	if !ok {
		return nil, nil, errBadEntry
	}
	// The entry's checksum and the imported files (hashed again, streamed, never
	// held whole) are checked in goroutines while the model decodes: decoding
	// accepts any bytes without harm (FuzzBinaryDecode), and nothing decoded is
	// returned unless every check passed.
	var (
		wg    sync.WaitGroup
		stale atomic.Bool
		sem   = make(chan struct{}, 4)
	)
	wg.Go(func() {
		if !checkSum(data) {
			stale.Store(true)
		}
	})
	for range n {
		var name string
		if name, rest, ok = readString(rest); !ok || len(rest) < 32 {
			wg.Wait()
			return nil, nil, errBadEntry
		}
		sum := [32]byte(rest[:32])
		rest = rest[32:]
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			if s, err := hashFile(name, model.MaxFileSize); err != nil || s != sum {
				stale.Store(true)
			}
		})
	}
	hash, rest, ok := readString(rest)
	if !ok {
		wg.Wait()
		return nil, nil, errBadEntry
	}
	m, diags, err := model.DecodeBinary(rest) // data is never changed: the model's strings share it
	wg.Wait()
	if err != nil || stale.Load() {
		return nil, nil, errBadEntry
	}
	remember(m, func() string { return hash })
	return m, diags, nil
}

// hashes holds the hashes of the models Load returned (see Hash), by model. A key is
// a weak pointer, removed when its model is collected, so that the table keeps no
// model alive.
var hashes sync.Map // weak.Pointer[model.Model] -> func() string

// remember records hash as the hash of m, for Hash.
func remember(m *model.Model, hash func() string) {
	k := weak.Make(m)
	hashes.Store(k, hash)
	runtime.AddCleanup(m, func(k weak.Pointer[model.Model]) { hashes.Delete(k) }, k)
}

// Hash returns m.Hash() for a model m that Load returned through a cache, and true;
// "" and false for any other model. A model from an entry is not walked: its hash was
// computed when the entry was written and is stored in it. For a model Load loaded
// and stores, the hash is computed once, for the entry and for Hash, whichever asks
// first (the other waits). The hash stays valid because a loaded model is not changed
// afterwards: its users treat it as read-only (a variant, such as whatif.WithChannels
// makes, is another model, which Hash does not know).
func Hash(m *model.Model) (string, bool) {
	if m == nil {
		return "", false
	}
	h, ok := hashes.Load(weak.Make(m))
	if !ok {
		return "", false
	}
	return h.(func() string)(), true
}

// hashFile returns the SHA-256 of the regular file name, reading at most limit bytes.
func hashFile(name string, limit int64) ([32]byte, error) {
	var sum [32]byte
	f, err := regular.Open(name)
	if err != nil {
		return sum, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(f, limit+1))
	if err != nil {
		return sum, err
	}
	if n > limit {
		return sum, fmt.Errorf("%s: %w", name, regular.ErrTooLarge)
	}
	h.Sum(sum[:0])
	return sum, nil
}

// readCount reads a uvarint count of elements each at least minSize bytes
// long, so that a corrupt count cannot exceed what the data can hold.
func readCount(b []byte, minSize int) (int, []byte, bool) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64((len(b)-k)/minSize) {
		return 0, nil, false
	}
	return int(n), b[k:], true
}

// readString reads a string written as its uvarint length and its bytes.
func readString(b []byte) (string, []byte, bool) {
	n, rest, ok := readCount(b, 1)
	if !ok {
		return "", nil, false
	}
	return string(rest[:n]), rest[n:], true
}

// appendString writes what readString reads.
func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// checkEntry checks an entry's frame and returns its payload.
func checkEntry(data []byte, key [32]byte) ([]byte, error) {
	head := len(magic) + 4 + 32 + 8
	if len(data) < head+32 {
		return nil, errBadEntry
	}
	body := data[:len(data)-32]
	if string(data[:len(magic)]) != magic {
		return nil, errBadEntry
	}
	p := len(magic)
	if binary.LittleEndian.Uint32(data[p:]) != format {
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

// checkSum reports whether entry data ends with the SHA-256 of what comes before.
func checkSum(data []byte) bool {
	if len(data) < 32 {
		return false
	}
	body, sum := data[:len(data)-32], data[len(data)-32:]
	s := sha256.Sum256(body)
	return bytes.Equal(s[:], sum)
}

// encodeEntry writes an entry.
func encodeEntry(key [32]byte, version string, extra []cachedFile, hash string, diags hcl.Diagnostics, m *model.Model) []byte {
	var b []byte
	b = appendString(b, version)
	b = binary.AppendUvarint(b, uint64(len(extra)))
	for _, f := range extra {
		b = appendString(b, f.name)
		b = append(b, f.sum[:]...)
	}
	b = appendString(b, hash)
	b = model.AppendBinary(b, m, diags)
	out := make([]byte, 0, len(magic)+4+32+8+len(b)+32)
	out = append(out, magic...)
	out = binary.LittleEndian.AppendUint32(out, format)
	out = append(out, key[:]...)
	out = binary.LittleEndian.AppendUint64(out, uint64(len(b)))
	out = append(out, b...)
	sum := sha256.Sum256(out)
	return append(out, sum[:]...)
}

// prune removes temporary files of writes that were cut short (older than an
// hour), and the oldest entries of dir, except keep, while the folder holds
// more than MaxBytes.
func prune(dir, keep string) {
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
	if total <= MaxBytes {
		return
	}
	slices.SortFunc(es, func(a, b entry) int { return int(max(-1, min(1, a.mtime-b.mtime))) })
	for _, x := range es {
		if total <= MaxBytes {
			break
		}
		if x.path != keep && os.Remove(x.path) == nil {
			total -= x.size
		}
	}
}
