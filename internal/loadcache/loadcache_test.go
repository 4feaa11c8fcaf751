package loadcache

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cascade-infra/cascade/model"
)

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
	load := func(c *Cache, opts model.Options) (m *model.Model, hit bool) {
		t.Helper()
		p := model.NewParser()
		m, diags := Load(p, modelDir, opts, c)
		if m == nil || diags.HasErrors() {
			t.Fatalf("load failed: %v", diags)
		}
		return m, len(p.Files()) == 0
	}
	entries := func() []string {
		es, _ := filepath.Glob(filepath.Join(c.Dir, "*.model"))
		return es
	}

	m1, hit := load(c, model.Options{})
	if hit {
		t.Fatal("first load came from the cache")
	}
	if len(entries()) != 1 {
		t.Fatalf("entries after the first load: %v", entries())
	}
	m2, hit := load(c, model.Options{})
	if !hit {
		t.Fatal("second load of unchanged files missed the cache")
	}
	if string(model.AppendBinary(nil, m1, nil)) != string(model.AppendBinary(nil, m2, nil)) {
		t.Error("cached model differs from the loaded one")
	}

	// Another version, another --var: misses.
	if _, hit := load(&Cache{Dir: c.Dir, Version: "other"}, model.Options{}); hit {
		t.Error("entry of another version used")
	}
	if m, hit := load(c, model.Options{Vars: map[string]string{"fuel": "48h"}}); hit || m.Asset("a").Groups[0].Backup != 48*3600 {
		t.Error("entry used with other --var values")
	}

	// A corrupt entry is ignored and replaced.
	for _, e := range entries() {
		data, _ := os.ReadFile(e)
		data[len(data)/2] ^= 0x40
		os.WriteFile(e, data, 0o644)
	}
	if _, hit := load(c, model.Options{}); hit {
		t.Error("corrupt entry used")
	}
	if _, hit := load(c, model.Options{}); !hit {
		t.Error("corrupt entry not replaced")
	}
	// A truncated entry likewise.
	for _, e := range entries() {
		data, _ := os.ReadFile(e)
		os.WriteFile(e, data[:len(data)/3], 0o644)
	}
	if _, hit := load(c, model.Options{}); hit {
		t.Error("truncated entry used")
	}

	// A changed file misses.
	if err := os.WriteFile(file, append(src, []byte("\n# changed\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, hit := load(c, model.Options{}); hit {
		t.Error("entry used after the model changed")
	}
	// No cache at all.
	if _, hit := load(nil, model.Options{}); hit {
		t.Error("nil cache hit")
	}
}

// BenchmarkLoadCached loads a model of 1e5 imported assets from a warm cache.
func BenchmarkLoadCached(b *testing.B) {
	for _, n := range []int{1e4, 1e5} {
		b.Run(fmt.Sprintf("n=1e%d", len(fmt.Sprint(n))-1), func(b *testing.B) {
			dir := b.TempDir()
			genModel(b, dir, n)
			c := &Cache{Dir: b.TempDir(), Version: "bench"}
			if m, diags := Load(model.NewParser(), dir, model.Options{}, c); m == nil {
				b.Fatal(diags)
			}
			b.ReportAllocs()
			for b.Loop() {
				p := model.NewParser()
				m, diags := Load(p, dir, model.Options{}, c)
				if m == nil || len(p.Files()) != 0 {
					b.Fatalf("cache missed: %v", diags)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "assets/s")
		})
	}
}

// TestHash: Hash knows the models Load returned through a cache, loaded (the entry
// being written in the background) or from an entry, with m.Hash() for each; it knows
// no other model, not one loaded without a cache nor a copy.
func TestHash(t *testing.T) {
	dir := writeModel(t, map[string]string{"m.hcl": "variable \"fuel\" { default = \"24h\" }\nsector \"e\" {}\nasset \"a\" {\n  sector = sector.e\n  backup = var.fuel\n  depends_on = [asset.b]\n}\nasset \"b\" { sector = sector.e }\n"})
	c := &Cache{Dir: t.TempDir(), Version: "test", Background: true}
	for _, tt := range []struct {
		name string
		vars map[string]string
		hit  bool
	}{
		{"loaded", nil, false},
		{"from the entry", nil, true},
		{"other --var, loaded", map[string]string{"fuel": "2h"}, false},
		{"other --var, from the entry", map[string]string{"fuel": "2h"}, true},
	} {
		p := model.NewParser()
		m, diags := Load(p, dir, model.Options{Vars: tt.vars}, c)
		if m == nil {
			t.Fatal(diags)
		}
		if hit := len(p.Files()) == 0; hit != tt.hit {
			t.Fatalf("%s: hit %v, want %v", tt.name, hit, tt.hit)
		}
		if h, ok := Hash(m); !ok || h != m.Hash() {
			t.Errorf("%s: Hash %q, %v, want %q", tt.name, h, ok, m.Hash())
		}
		c.Wait()
		cp := *m
		if h, ok := Hash(&cp); ok {
			t.Errorf("%s: Hash of a copy: %q", tt.name, h)
		}
	}
	m, diags := Load(model.NewParser(), dir, model.Options{}, nil)
	if m == nil {
		t.Fatal(diags)
	}
	if h, ok := Hash(m); ok {
		t.Errorf("Hash of a model loaded without a cache: %q", h)
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
	if m, diags := Load(model.NewParser(), dir, model.Options{}, c); m == nil {
		t.Fatal(diags)
	}
	c.Wait()
	p := model.NewParser()
	if m, _ := Load(p, dir, model.Options{}, c); m == nil || len(p.Files()) != 0 {
		t.Error("second load missed the cache")
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("stale temporary file kept")
	}
}

// ExampleLoad loads a model twice through a cache: the second
// load reads no file but the model's and the cached entry.
func ExampleLoad() {
	dir, _ := os.MkdirTemp("", "model")
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, "model.hcl"), []byte(`
sector "energy" {}
import { assets = "assets.csv" }
`), 0o644)
	os.WriteFile(filepath.Join(dir, "assets.csv"), []byte("name,sector\ngrid,energy\n"), 0o644)
	cache := &Cache{Dir: filepath.Join(dir, ".cache"), Version: "example"}
	for range 2 {
		p := model.NewParser()
		m, diags := Load(p, dir, model.Options{}, cache)
		fmt.Printf("%d asset(s), %d warning(s), files parsed: %d\n", len(m.Assets), len(diags), len(p.Files()))
	}
	// Output:
	// 1 asset(s), 1 warning(s), files parsed: 2
	// 1 asset(s), 1 warning(s), files parsed: 0
}

// TestLoadCachedImports: a change to an imported file, small or larger than
// model.MaxSnippetCSV, makes the next load miss the cache.
func TestLoadCachedImports(t *testing.T) {
	for _, size := range []int{10, model.MaxSnippetCSV + 1} {
		var b strings.Builder
		b.WriteString("name,sector\n")
		for i := 0; b.Len() < size; i++ {
			fmt.Fprintf(&b, "a%d,energy\n", i)
		}
		dir := writeModel(t, map[string]string{"m.hcl": "sector \"energy\" {}\nimport { assets = \"a.csv\" }\n", "a.csv": b.String()})
		c := &Cache{Dir: t.TempDir(), Version: "test"}
		load := func() (n int, hit bool) {
			p := model.NewParser()
			m, diags := Load(p, dir, model.Options{}, c)
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

// TestEntryFrame: any change to an entry's frame is detected, and its payload
// is what was written.
func TestEntryFrame(t *testing.T) {
	m, diags := model.Load("../../model/testdata/valid/language_example.hcl", model.Options{})
	if m == nil {
		t.Fatal(diags)
	}
	key := sha256.Sum256([]byte("key"))
	extra := []cachedFile{{name: "a.csv", sum: sha256.Sum256([]byte("a"))}}
	data := encodeEntry(key, "v1", extra, m.Hash(), diags, m)
	payload, err := checkEntry(data, key)
	if err != nil {
		t.Fatal(err)
	}
	v, rest, ok := readString(payload)
	if !ok || v != "v1" {
		t.Fatalf("version %q, ok %v", v, ok)
	}
	n, rest, ok := readCount(rest, 33)
	if !ok || n != 1 {
		t.Fatalf("%d files, ok %v", n, ok)
	}
	name, rest, ok := readString(rest)
	if !ok || name != "a.csv" || string(rest[:32]) != string(extra[0].sum[:]) {
		t.Fatalf("file %q, ok %v", name, ok)
	}
	hash, rest, ok := readString(rest[32:])
	if !ok || hash != m.Hash() {
		t.Fatalf("hash %q, ok %v, want %q", hash, ok, m.Hash())
	}
	if m2, _, err := model.DecodeBinary(rest); err != nil || m2.Hash() != m.Hash() {
		t.Fatalf("model: %v", err)
	}
	// readEntry, with an entry that imports no file, detects any flipped byte: in the
	// frame by checkEntry, anywhere by the checksum checked while the model decodes.
	plain := encodeEntry(key, "v1", nil, m.Hash(), diags, m)
	path := filepath.Join(t.TempDir(), "e.model")
	if err := os.WriteFile(path, plain, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := readEntry(path, key, "v1"); err != nil {
		t.Fatalf("the intact entry: %v", err)
	}
	for _, i := range []int{0, 5, len(magic) + 1, len(magic) + 10, len(plain) / 3, len(plain) / 2, len(plain) - 40, len(plain) - 1} {
		bad := append([]byte(nil), plain...)
		bad[i] ^= 1
		if err := os.WriteFile(path, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, _, err := readEntry(path, key, "v1"); err == nil {
			t.Errorf("flipped byte %d of %d: entry accepted", i, len(bad))
		}
	}
	if _, err := checkEntry(data[:len(data)-1], key); err == nil && checkSum(data[:len(data)-1]) {
		t.Error("truncated entry accepted")
	}
	if _, err := checkEntry(data, sha256.Sum256([]byte("other"))); err == nil {
		t.Error("entry of another key accepted")
	}
}

// TestReadHeaderCorrupt: readString and readCount reject counts larger than
// the data, at every truncation of a header.
func TestReadHeaderCorrupt(t *testing.T) {
	b := appendString(nil, "version")
	for n := range len(b) {
		if _, _, ok := readString(b[:n]); ok {
			t.Errorf("truncation to %d bytes read", n)
		}
	}
	if _, _, ok := readCount([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, 1); ok {
		t.Error("huge count read")
	}
}

// writeModel writes files (name → content) into a new folder and returns it.
func writeModel(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// genModel writes a model of n imported assets into dir, each with up to
// three suppliers.
func genModel(tb testing.TB, dir string, n int) {
	tb.Helper()
	var assets, deps strings.Builder
	assets.WriteString("name,sector,region,lat,lon,tags\n")
	deps.WriteString("asset,on,kind,delay,probability\n")
	for i := range n {
		fmt.Fprintf(&assets, "a%d,%s,r%d,%.3f,%.3f,scada\n", i, []string{"energy", "water"}[i%2], i%16, 35+float64(i%100)/100, 139+float64(i%37)/37)
		for k := 1; k <= min(3, n-1); k++ {
			fmt.Fprintf(&deps, "a%d,a%d,%s,%dm,%s\n", i, (i+k*7919)%n, []string{"", "cyber"}[k%2], k*10, []string{"", "0.5"}[k%2])
		}
	}
	files := map[string]string{
		"model.hcl":  "sector \"energy\" {}\nsector \"water\" {}\nimport {\n  assets       = \"assets.csv\"\n  dependencies = \"deps.csv\"\n}\n",
		"assets.csv": assets.String(),
		"deps.csv":   deps.String(),
	}
	for name, s := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// TestSetParseGC: parses with SetParseGC, one at a time and several at once, with and
// without a cache, leave the collector's percentage as they found it.
func TestSetParseGC(t *testing.T) {
	dir := writeModel(t, map[string]string{"m.hcl": "sector \"e\" {}\nasset \"a\" { sector = sector.e }\n"})
	defer SetParseGC(0)
	defer debug.SetGCPercent(debug.SetGCPercent(123))
	SetParseGC(321)
	for _, workers := range []int{1, 8} {
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				var c *Cache
				if w%2 == 1 {
					c = &Cache{Dir: t.TempDir(), Version: "test"}
				}
				if m, diags := Load(model.NewParser(), dir, model.Options{}, c); m == nil {
					t.Error(diags)
				}
			})
		}
		wg.Wait()
		if p := debug.SetGCPercent(123); p != 123 {
			t.Errorf("%d loads at once: GOGC %d after them, want 123", workers, p)
		}
	}
}

// TestHCLBytes: the size that decides whether a parse raises GOGC is that of the model's
// HCL files only (not its CSV imports), and a model that cannot be listed counts as large.
func TestHCLBytes(t *testing.T) {
	small := "sector \"e\" {}\nasset \"a\" { sector = sector.e }\n"
	dir := writeModel(t, map[string]string{"m.hcl": small, "assets.csv": strings.Repeat("x", 2<<20)})
	if n := hclBytes(dir); n != int64(len(small)) {
		t.Errorf("hclBytes = %d, want %d (the CSV file not counted)", n, len(small))
	}
	big := writeModel(t, map[string]string{"m.hcl": small + "# " + strings.Repeat("x", parseGCMaxHCL) + "\n"})
	if n := hclBytes(big); n <= parseGCMaxHCL {
		t.Errorf("hclBytes of a model with over %d bytes of HCL = %d", parseGCMaxHCL, n)
	}
	if n := hclBytes(filepath.Join(dir, "missing")); n <= parseGCMaxHCL {
		t.Errorf("hclBytes of a missing model = %d, want more than the limit", n)
	}
}

// TestEntryMapped: an entry reads the same mapped into memory as read, and a corrupt
// one is refused either way (its mapping released). Each case writes its own file:
// a mapping of a used entry is never released, so the file must not change under it.
func TestEntryMapped(t *testing.T) {
	m, diags := model.Load("../../model/testdata/valid/language_example.hcl", model.Options{})
	if m == nil {
		t.Fatal(diags)
	}
	key := sha256.Sum256([]byte("key"))
	plain := encodeEntry(key, "v1", nil, m.Hash(), diags, m)
	bad := append([]byte(nil), plain...)
	bad[len(bad)/2] ^= 1
	saved := mapMin
	defer func() { mapMin = saved }()
	for _, tc := range []struct {
		name string
		min  int64
	}{{"read", math.MaxInt64}, {"mapped", 1}} {
		t.Run(tc.name, func(t *testing.T) {
			mapMin = tc.min
			dir := t.TempDir()
			good, corrupt := filepath.Join(dir, "good.model"), filepath.Join(dir, "bad.model")
			if err := os.WriteFile(good, plain, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(corrupt, bad, 0o644); err != nil {
				t.Fatal(err)
			}
			data, release, err := entryData(good)
			if err != nil || !bytes.Equal(data, plain) {
				t.Fatalf("entryData: %d bytes, %v; want the %d written", len(data), err, len(plain))
			}
			release()
			m2, _, err := readEntry(good, key, "v1")
			if err != nil || m2.Hash() != m.Hash() {
				t.Fatalf("the intact entry: %v", err)
			}
			if _, _, err := readEntry(corrupt, key, "v1"); err == nil {
				t.Error("the corrupt entry accepted")
			}
		})
	}
}

// TestRaiseGC: overlapping raises set GOGC once and the last to end restores it, in
// any order of ending; calling a restore twice counts once.
func TestRaiseGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(123))
	for _, order := range [][]int{{0, 1, 2}, {2, 1, 0}, {1, 0, 2}} {
		restores := []func(){RaiseGC(400), RaiseGC(500), RaiseGC(600)}
		for i, k := range order {
			restores[k]()
			restores[k]() // no effect
			want := 400
			if i == len(order)-1 {
				want = 123
			}
			if p := debug.SetGCPercent(-1); p != want {
				t.Errorf("order %v, after %d restores: GOGC %d, want %d", order, i+1, p, want)
			}
			debug.SetGCPercent(want)
		}
	}
}
