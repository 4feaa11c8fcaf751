package model

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestWalkFields lists the fields of every type of the model. A field added
// to a type fails it until the field is in walk (model/walk.go) and in
// decodeModel (model/codec.go), or is known to be derived, and is added here.
func TestWalkFields(t *testing.T) {
	for _, c := range []struct {
		typ    reflect.Type
		fields string
	}{
		// Files is the parsed source, never encoded; Index fields are
		// positions in the model's slices, set again by the decoder.
		{reflect.TypeFor[Model](), "Sectors Organizations Assets Scenarios Mitigations Channels Files"},
		{reflect.TypeFor[Mitigation](), "Name Label DeclRange"},
		{reflect.TypeFor[Sector](), "Name Label Color Threshold Index DeclRange"},
		{reflect.TypeFor[Organization](), "Name Label Country Kind SharesWith Crews Detect Respond Responds Index DeclRange"},
		{reflect.TypeFor[Location](), "Lat Lon"},
		{reflect.TypeFor[Channel](), "Name Label Between Latency Index DeclRange"},
		{reflect.TypeFor[Asset](), "Name Label Sector Operator Country Region Location Tags Weight Groups Repair Recover Restart Priority Index DeclRange"},
		{reflect.TypeFor[SupplyGroup](), "Name Requires RequiresMode Backup Dependencies DeclRange"},
		{reflect.TypeFor[Dependency](), "On Kind Delay Probability DeclRange"},
		{reflect.TypeFor[Scenario](), "Name Label Horizon Events Index DeclRange"},
		{reflect.TypeFor[Event](), "Name Kind At Probability Assets Select DeclRange"},
		{reflect.TypeFor[Select](), "Sectors Regions Countries Operators Tags Within"},
		{reflect.TypeFor[Circle](), "Lat Lon RadiusKm"},
	} {
		var got []string
		for f := range c.typ.Fields() {
			got = append(got, f.Name)
		}
		if want := strings.Fields(c.fields); !slices.Equal(got, want) {
			t.Errorf("%s has the fields %v, walk and decodeModel know %v", c.typ.Name(), got, want)
		}
	}
}

// TestHashGolden pins Hash for every valid and warning fixture: checkpoints
// and part files store it, so it never changes for a model.
func TestHashGolden(t *testing.T) {
	var b strings.Builder
	for _, path := range cacheModels(t) {
		m, _ := Load(path, Options{})
		if m == nil {
			continue
		}
		b.WriteString(filepath.Base(path) + " " + m.Hash() + "\n")
	}
	golden := filepath.Join("testdata", "golden", "hashes.txt")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("hashes changed:\n%s\nwant:\n%s", b.String(), want)
	}
}
