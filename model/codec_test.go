package model

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"

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

// roundTrip encodes m and its diagnostics and decodes them again.
func roundTrip(t *testing.T, m *Model, diags hcl.Diagnostics) (*Model, hcl.Diagnostics) {
	t.Helper()
	m2, diags2, err := DecodeBinary(AppendBinary(nil, m, diags))
	if err != nil {
		t.Fatal(err)
	}
	return m2, diags2
}

// withAssetParts runs f with parts of n assets (visitor.part) and more goroutines
// than cores.
func withAssetParts(n int, f func()) {
	defer func(old, procs int) {
		assetPart = old
		runtime.GOMAXPROCS(procs)
	}(assetPart, runtime.GOMAXPROCS(4))
	assetPart = n
	f()
}

// TestBinaryRoundTrip round-trips every fixture, with the asset list in one part and
// in parts of 1, 2 and 3 assets decoded in parallel: the model is the same, and so
// is its encoding (which holds the source ranges too).
func TestBinaryRoundTrip(t *testing.T) {
	for _, part := range []int{assetPart, 1, 2, 3} {
		withAssetParts(part, func() { testBinaryRoundTrip(t, part) })
	}
}

func testBinaryRoundTrip(t *testing.T, part int) {
	for _, path := range cacheModels(t) {
		t.Run(fmt.Sprintf("%s/part=%d", filepath.Base(path), part), func(t *testing.T) {
			m, diags := Load(path, Options{})
			if m == nil {
				t.Skipf("fixture does not load: %v", diags)
			}
			m2, diags2 := roundTrip(t, m, diags)
			if !equalModels(m, m2) {
				t.Errorf("model changed in the round trip")
			}
			if !bytes.Equal(AppendBinary(nil, m2, diags2), AppendBinary(nil, m, diags)) {
				t.Errorf("the decoded model encodes differently")
			}
			if m2.Hash() != m.Hash() {
				t.Errorf("hash changed in the round trip")
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

// TestBinaryRoundTripImported round-trips imported assets, which share slabs.
func TestBinaryRoundTripImported(t *testing.T) {
	withAssetParts(2, func() { testBinaryRoundTripImported(t) })
}

func testBinaryRoundTripImported(t *testing.T) {
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

// TestBinaryCorrupt decodes every truncation and many bit flips of an
// encoded model, in one part and in parts of 2 assets: the decoder must fail or
// succeed, never panic, and it rejects every truncation and trailing bytes.
func TestBinaryCorrupt(t *testing.T) {
	for _, part := range []int{assetPart, 2} {
		withAssetParts(part, func() { testBinaryCorrupt(t) })
	}
}

func testBinaryCorrupt(t *testing.T) {
	m, diags := Load("testdata/valid/language_example.hcl", Options{})
	if m == nil {
		t.Fatal(diags)
	}
	data := AppendBinary(nil, m, diags)
	for n := range len(data) {
		if _, _, err := DecodeBinary(data[:n]); err == nil {
			t.Fatalf("truncation to %d of %d bytes decoded", n, len(data))
		}
	}
	if _, _, err := DecodeBinary(append(data[:len(data):len(data)], 0)); err == nil {
		t.Error("trailing byte accepted")
	}
	for i := 0; i < len(data); i += 3 {
		for _, bit := range []byte{0x01, 0x80, 0xff} {
			p := append([]byte(nil), data...)
			p[i] ^= bit
			DecodeBinary(p)
		}
	}
}

// TestAppendBinaryPrefix: AppendBinary keeps what b holds.
func TestAppendBinaryPrefix(t *testing.T) {
	m, diags := Load("testdata/valid/language_example.hcl", Options{})
	if m == nil {
		t.Fatal(diags)
	}
	b := AppendBinary([]byte("head"), m, diags)
	if string(b[:4]) != "head" || string(b[4:]) != string(AppendBinary(nil, m, diags)) {
		t.Error("prefix lost or encoding changed by it")
	}
}

// FuzzBinaryDecode decodes arbitrary data: the decoder fails or returns a
// model, and never panics.
func FuzzBinaryDecode(f *testing.F) {
	m, diags := Load("testdata/valid/language_example.hcl", Options{})
	if m == nil {
		f.Fatal(diags)
	}
	f.Add(AppendBinary(nil, m, diags))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, p []byte) {
		if m, _, err := DecodeBinary(p); (m == nil) != (err != nil) {
			t.Fatalf("model %v with error %v", m != nil, err)
		}
	})
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
			if v.Type() == reflect.TypeFor[hcl.Range]() || v.Type() == reflect.TypeFor[Span]() {
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
