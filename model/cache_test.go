package model

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
)

// cacheModels are the models the cache round-trips: every valid and warning
// fixture.
func cacheModels(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, dir := range []string{"testdata/valid", "testdata/warning"} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	if len(out) == 0 {
		t.Fatal("no fixtures")
	}
	return out
}

// roundTrip encodes m and its diagnostics as an entry and decodes it again.
func roundTrip(t *testing.T, m *Model, diags hcl.Diagnostics) (*Model, hcl.Diagnostics) {
	t.Helper()
	key := sha256.Sum256([]byte("key"))
	data := encodeEntry(key, "v1", nil, diags, m)
	payload, err := checkEntry(data, key)
	if err != nil {
		t.Fatal(err)
	}
	d := &cacheDecoder{s: string(payload)}
	if d.str() != "v1" || d.uint() != 0 {
		t.Fatal("bad header")
	}
	m2, diags2 := decodeModel(d)
	if d.err || m2 == nil || d.pos != len(d.s) {
		t.Fatalf("decode failed at byte %d of %d", d.pos, len(d.s))
	}
	return m2, diags2
}

func TestCacheRoundTrip(t *testing.T) {
	for _, path := range cacheModels(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			m, diags := Load(path, Options{})
			if m == nil {
				t.Skipf("fixture does not load: %v", diags)
			}
			m2, diags2 := roundTrip(t, m, diags)
			if !equalModels(m, m2) {
				t.Errorf("model changed in the round trip")
			}
			if len(diags) != len(diags2) {
				t.Fatalf("%d diagnostics, want %d", len(diags2), len(diags))
			}
			for i := range diags {
				a, b := diags[i], diags2[i]
				if a.Severity != b.Severity || a.Summary != b.Summary || a.Detail != b.Detail || !reflect.DeepEqual(a.Subject, b.Subject) {
					t.Errorf("diagnostic %d: got %v, want %v", i, b, a)
				}
			}
		})
	}
}

// TestCacheRoundTripImported round-trips imported assets, which share slabs.
func TestCacheRoundTripImported(t *testing.T) {
	f := csvFixture{
		assets: "name,sector,label,operator,lat,lon,tags,requires\na,energy,A,utility,1,2,x;y,any\nb,water,,,,,,\nc,water,,,,,,\n",
		needs:  "asset,group,requires,backup\na,power,1,72h\n",
		deps:   "asset,on,kind,delay,probability,group\na,b,cyber,30m,0.5,power\na,c,,,,\nb,a,,,,\nc,a,,,,\n",
	}
	assets, diags := f.run(t)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	sectors := []*Sector{assets[0].Sector, assets[1].Sector}
	m := &Model{Sectors: sectors, Organizations: []*Organization{assets[0].Operator}, Assets: assets}
	m2, _ := roundTrip(t, m, nil)
	if !equalModels(m, m2) {
		t.Errorf("model changed in the round trip:\n%+v\n%+v", m.Assets[0], m2.Assets[0])
	}
}

// TestCacheCorruptEntry decodes every truncation and many bit flips of an
// entry's payload: the decoder must fail or succeed, never panic.
func TestCacheCorruptEntry(t *testing.T) {
	m, diags := Load("testdata/valid/spec_example.hcl", Options{})
	if m == nil {
		t.Fatal(diags)
	}
	key := sha256.Sum256([]byte("key"))
	data := encodeEntry(key, "v1", nil, diags, m)
	payload, err := checkEntry(data, key)
	if err != nil {
		t.Fatal(err)
	}
	decode := func(p []byte) {
		d := &cacheDecoder{s: string(p)}
		d.str()
		d.count(33)
		decodeModel(d)
	}
	for n := range len(payload) {
		decode(payload[:n])
	}
	for i := 0; i < len(payload); i += 3 {
		for _, bit := range []byte{0x01, 0x80, 0xff} {
			p := append([]byte(nil), payload...)
			p[i] ^= bit
			decode(p)
		}
	}
	// The frame: any change is detected.
	for _, i := range []int{0, 5, len(cacheMagic) + 1, len(cacheMagic) + 10, len(data) / 2, len(data) - 1} {
		bad := append([]byte(nil), data...)
		bad[i] ^= 1
		if _, err := checkEntry(bad, key); err == nil {
			t.Errorf("flipped byte %d: entry accepted", i)
		}
	}
	if _, err := checkEntry(data[:len(data)-1], key); err == nil {
		t.Error("truncated entry accepted")
	}
	if _, err := checkEntry(data, sha256.Sum256([]byte("other"))); err == nil {
		t.Error("entry of another key accepted")
	}
}

func TestLoadCached(t *testing.T) {
	dir := t.TempDir()
	modelDir := filepath.Join(dir, "model")
	if err := os.Mkdir(modelDir, 0o755); err != nil {
		t.Fatal(err)
	}
	src := []byte(`variable "fuel" { default = "24h" }
sector "energy" {}
asset "a" {
  sector     = sector.energy
  backup     = var.fuel
  depends_on = [asset.b]
}
asset "b" {
  sector     = sector.energy
  depends_on = [asset.a]
}
scenario "s" {
  event "e" { targets = [asset.a] }
}
`)
	file := filepath.Join(modelDir, "m.hcl")
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Fatal(err)
	}
	c := &Cache{Dir: filepath.Join(dir, "cache"), Version: "test"}
	load := func(c *Cache, opts Options) (m *Model, hit bool) {
		t.Helper()
		p := NewParser()
		m, diags := p.LoadCached(modelDir, opts, c)
		if m == nil || diags.HasErrors() {
			t.Fatalf("load failed: %v", diags)
		}
		return m, len(p.Files()) == 0
	}
	entries := func() []string {
		es, _ := filepath.Glob(filepath.Join(c.Dir, "*.model"))
		return es
	}

	m1, hit := load(c, Options{})
	if hit {
		t.Fatal("first load came from the cache")
	}
	if len(entries()) != 1 {
		t.Fatalf("entries after the first load: %v", entries())
	}
	m2, hit := load(c, Options{})
	if !hit {
		t.Fatal("second load of unchanged files missed the cache")
	}
	if !equalModels(m1, m2) {
		t.Error("cached model differs from the loaded one")
	}

	// Another version, another --var: misses.
	if _, hit := load(&Cache{Dir: c.Dir, Version: "other"}, Options{}); hit {
		t.Error("entry of another version used")
	}
	if m, hit := load(c, Options{Vars: map[string]string{"fuel": "48h"}}); hit || m.Asset("a").Groups[0].Backup != 48*3600 {
		t.Error("entry used with other --var values")
	}

	// A corrupt entry is ignored and replaced.
	for _, e := range entries() {
		data, _ := os.ReadFile(e)
		data[len(data)/2] ^= 0x40
		os.WriteFile(e, data, 0o644)
	}
	if _, hit := load(c, Options{}); hit {
		t.Error("corrupt entry used")
	}
	if _, hit := load(c, Options{}); !hit {
		t.Error("corrupt entry not replaced")
	}
	// A truncated entry likewise.
	for _, e := range entries() {
		data, _ := os.ReadFile(e)
		os.WriteFile(e, data[:len(data)/3], 0o644)
	}
	if _, hit := load(c, Options{}); hit {
		t.Error("truncated entry used")
	}

	// A changed file misses.
	if err := os.WriteFile(file, append(src, []byte("\n# changed\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, hit := load(c, Options{}); hit {
		t.Error("entry used after the model changed")
	}
	// No cache at all.
	if _, hit := load(nil, Options{}); hit {
		t.Error("nil cache hit")
	}
}

// equalModels compares models field by field, taking nil and empty slices as
// equal and ignoring Files.
func equalModels(a, b *Model) bool {
	return reflect.DeepEqual(normalized(a), normalized(b))
}

// normalized returns a copy of m's objects with empty slices set to nil.
func normalized(m *Model) *Model {
	ac := *m
	ac.Files = nil
	seen := map[any]bool{}
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if v.IsNil() || seen[v.Interface()] {
				return
			}
			seen[v.Interface()] = true
			walk(v.Elem())
		case reflect.Struct:
			if v.Type() == reflect.TypeFor[hcl.Range]() {
				return
			}
			for i := range v.NumField() {
				walk(v.Field(i))
			}
		case reflect.Slice:
			if v.Len() == 0 && !v.IsNil() && v.CanSet() {
				v.Set(reflect.Zero(v.Type()))
				return
			}
			for i := range v.Len() {
				walk(v.Index(i))
			}
		}
	}
	walk(reflect.ValueOf(&ac))
	return &ac
}

// BenchmarkLoadCached loads a model of 1e5 imported assets from a warm cache.
func BenchmarkLoadCached(b *testing.B) {
	for _, n := range []int{1e4, 1e5} {
		b.Run(fmt.Sprintf("n=1e%d", len(fmt.Sprint(n))-1), func(b *testing.B) {
			dir := b.TempDir()
			genCSVModel(b, dir, n)
			c := &Cache{Dir: b.TempDir(), Version: "bench"}
			if m, diags := NewParser().LoadCached(dir, Options{}, c); m == nil {
				b.Fatal(diags)
			}
			b.ReportAllocs()
			for b.Loop() {
				p := NewParser()
				m, diags := p.LoadCached(dir, Options{}, c)
				if m == nil || len(p.Files()) != 0 {
					b.Fatalf("cache missed: %v", diags)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "assets/s")
		})
	}
}

// TestLoadCachedBackground writes the entry in the background; after Wait the
// next load hits, and stale temporary files are removed.
func TestLoadCachedBackground(t *testing.T) {
	dir := writeModel(t, map[string]string{"m.hcl": "sector \"e\" {}\nasset \"a\" {\n  sector = sector.e\n  depends_on = [asset.b]\n}\nasset \"b\" { sector = sector.e }\n"})
	c := &Cache{Dir: t.TempDir(), Version: "test", Background: true}
	stale := filepath.Join(c.Dir, ".x.model.tmp123")
	if err := os.WriteFile(stale, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-2 * time.Hour)
	os.Chtimes(stale, old, old)
	if m, diags := NewParser().LoadCached(dir, Options{}, c); m == nil {
		t.Fatal(diags)
	}
	c.Wait()
	p := NewParser()
	if m, _ := p.LoadCached(dir, Options{}, c); m == nil || len(p.Files()) != 0 {
		t.Error("second load missed the cache")
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("stale temporary file kept")
	}
}

// ExampleParser_LoadCached loads a model twice through a cache: the second
// load reads no file but the model's and the cached entry.
func ExampleParser_LoadCached() {
	dir, _ := os.MkdirTemp("", "model")
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, "model.hcl"), []byte(`
sector "energy" {}
import { assets = "assets.csv" }
`), 0o644)
	os.WriteFile(filepath.Join(dir, "assets.csv"), []byte("name,sector\ngrid,energy\n"), 0o644)
	cache := &Cache{Dir: filepath.Join(dir, ".cache"), Version: "example"}
	for range 2 {
		p := NewParser()
		m, diags := p.LoadCached(dir, Options{}, cache)
		fmt.Printf("%d asset(s), %d warning(s), files parsed: %d\n", len(m.Assets), len(diags), len(p.Files()))
	}
	// Output:
	// 1 asset(s), 1 warning(s), files parsed: 2
	// 1 asset(s), 1 warning(s), files parsed: 0
}

// FuzzCacheDecode decodes arbitrary payloads: the decoder fails or returns a
// model, and never panics.
func FuzzCacheDecode(f *testing.F) {
	m, diags := Load("testdata/valid/spec_example.hcl", Options{})
	if m == nil {
		f.Fatal(diags)
	}
	key := sha256.Sum256(nil)
	payload, err := checkEntry(encodeEntry(key, "v", []cachedFile{{name: "a.csv"}}, diags, m), key)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(payload)
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, p []byte) {
		d := &cacheDecoder{s: string(p)}
		d.str()
		for range d.count(33) {
			d.str()
			d.bytes(32)
		}
		if m, _ := decodeModel(d); m != nil && d.err {
			t.Fatal("model returned with an error")
		}
	})
}

// TestLoadCachedImports: a change to an imported file, small or larger than
// MaxSnippetCSV, makes the next load miss the cache.
func TestLoadCachedImports(t *testing.T) {
	for _, size := range []int{10, MaxSnippetCSV + 1} {
		var b strings.Builder
		b.WriteString("name,sector\n")
		for i := 0; b.Len() < size; i++ {
			fmt.Fprintf(&b, "a%d,energy\n", i)
		}
		dir := writeModel(t, map[string]string{"m.hcl": "sector \"energy\" {}\nimport { assets = \"a.csv\" }\n", "a.csv": b.String()})
		c := &Cache{Dir: t.TempDir(), Version: "test"}
		load := func() (n int, hit bool) {
			p := NewParser()
			m, diags := p.LoadCached(dir, Options{}, c)
			if m == nil {
				t.Fatal(diags)
			}
			return len(m.Assets), len(p.Files()) == 0
		}
		n1, _ := load()
		if _, hit := load(); !hit {
			t.Fatalf("size %d: unchanged files missed the cache", size)
		}
		if err := os.WriteFile(filepath.Join(dir, "a.csv"), []byte(b.String()+"extra,energy\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if n2, hit := load(); hit || n2 != n1+1 {
			t.Errorf("size %d: changed CSV: hit %v, %d assets, want a miss and %d", size, hit, n2, n1+1)
		}
	}
}
