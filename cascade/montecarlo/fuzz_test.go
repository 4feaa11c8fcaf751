package montecarlo

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/cascade-infra/cascade/cascade/shard"
)

// FuzzDecodeTally feeds arbitrary bytes to the checkpoint record decoder: it must return
// an error or a consistent tally, never panic.
func FuzzDecodeTally(f *testing.F) {
	r := rand.New(rand.NewPCG(1, 1))
	f.Add(randomTally(r, 5, 2, 20, 3).appendBinary(nil))
	f.Add(randomTally(r, 5, 2, 100, 1000).appendBinary(nil))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		tl, err := decodeTallyBinary(b, 5, 2)
		if err != nil {
			return
		}
		if err := tl.check(); err != nil {
			t.Fatalf("decoded an inconsistent tally: %v", err)
		}
		// A run reporting the tally has as many organizations as the tally counts
		// (a checkpoint of another model is refused when merged or reported).
		var orgs []string
		if tl.al.alerted != nil {
			orgs = make([]string, len(tl.al.alerted))
		}
		if _, err := tl.Report(&Info{AssetNames: make([]string, tl.Assets()), AssetSectors: make([]int, tl.Assets()),
			SectorNames: make([]string, max(tl.Sectors(), 1)), OrganizationNames: orgs}); err != nil && tl.Sectors() > 0 {
			t.Fatalf("report of a decoded tally: %v", err)
		}
	})
}

// FuzzReadPart feeds arbitrary JSON to the part file reader and merges what it accepts.
func FuzzReadPart(f *testing.F) {
	m := smallModel()
	res, err := run(t0(), m, m.Scenarios, Options{Trials: 50, Seed: 1, Shard: shard.Shard{Index: 1, Count: 2}}, refRunners(f))
	if err != nil {
		f.Fatal(err)
	}
	b, _ := json.Marshal(mustPart(f, res))
	f.Add(b)
	f.Add([]byte(`{"format":"cascade-part","version":1,"command":"rank","shard":0,"shards":1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := shard.ReadPart(bytes.NewReader(b), "fuzz")
		if err != nil {
			return
		}
		if p.Shards == 1 {
			if m, err := Merge([]*shard.Part{p}, []string{"fuzz"}); err == nil {
				m.Reports()
			}
		}
	})
}
