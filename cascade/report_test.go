package cascade

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/cascade-infra/cascade/cascade/internal/netgen"
	"github.com/cascade-infra/cascade/model"
)

// TestReportMatchesReference checks the run JSON object (docs/cli.md) of random runs field by field
// against the naive reference: what `cascade run --format json` prints.
func TestReportMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	type jsonRun struct {
		Scenario string `json:"scenario"`
		HorizonS *int64 `json:"horizon_s"`
		Failures []struct {
			Asset       string `json:"asset"`
			Sector      string `json:"sector"`
			AtS         int64  `json:"at_s"`
			Compromised bool   `json:"compromised"`
			Cause       struct {
				Event     string   `json:"event"`
				Supplier  string   `json:"supplier"`
				Suppliers []string `json:"suppliers"`
			} `json:"cause"`
		} `json:"failures"`
		OnBackup []struct {
			Asset    string `json:"asset"`
			SinceS   int64  `json:"since_s"`
			RunsOutS *int64 `json:"runs_out_s"`
		} `json:"on_backup"`
		Sectors []struct {
			Sector         string  `json:"sector"`
			FirstImpactS   *int64  `json:"first_impact_s"`
			FailedAtS      *int64  `json:"failed_at_s"`
			FailedFraction float64 `json:"failed_fraction"`
		} `json:"sectors"`
	}
	opt := func(p *int64) int64 {
		if p == nil {
			return Never
		}
		return *p
	}
	for range 500 {
		m := netgen.Random(rng, netgen.SmallParams(rng))
		net, err := Compile(m)
		if err != nil {
			t.Fatal(err)
		}
		sc, _ := net.Scenario("s")
		r := net.Run(sc, Options{})
		ref := engReference(m, m.Scenarios[0], r.Horizon(), engRefDraws{})
		data, err := json.Marshal(r.Report())
		if err != nil {
			t.Fatal(err)
		}
		var got jsonRun
		if err := json.Unmarshal(data, &got); err != nil {
			t.Fatal(err)
		}
		if got.Scenario != "s" || (got.HorizonS == nil) != (m.Scenarios[0].Horizon == model.NoHorizon) {
			t.Fatalf("scenario %q horizon %v", got.Scenario, got.HorizonS)
		}
		failed := 0
		for a := range m.Assets {
			if ref.F[a] != engInf {
				failed++
			}
		}
		if len(got.Failures) != failed {
			t.Fatalf("%d failures, reference %d\n%s", len(got.Failures), failed, data)
		}
		for i, f := range got.Failures {
			a := m.Asset(f.Asset)
			if a == nil || ref.F[a.Index] != f.AtS || f.Sector != a.Sector.Name || f.Compromised != (ref.C[a.Index] != engInf) {
				t.Fatalf("failure %+v disagrees with the reference\n%s", f, data)
			}
			named := 0
			for _, set := range []bool{f.Cause.Event != "", f.Cause.Supplier != "", len(f.Cause.Suppliers) > 0} {
				if set {
					named++
				}
			}
			if named != 1 {
				t.Fatalf("cause must name exactly one of event, supplier, suppliers: %+v", f.Cause)
			}
			if i > 0 {
				p := got.Failures[i-1]
				if p.AtS > f.AtS || p.AtS == f.AtS && p.Asset >= f.Asset {
					t.Fatalf("failures not ordered by at_s, then name")
				}
			}
		}
		if len(got.OnBackup) != len(ref.backup) {
			t.Fatalf("on_backup %d entries, reference %d", len(got.OnBackup), len(ref.backup))
		}
		for i, b := range got.OnBackup {
			a := m.Asset(b.Asset)
			want := ref.backup[int32(a.Index)]
			if want[0] != b.SinceS || want[1] != opt(b.RunsOutS) {
				t.Fatalf("on_backup %+v, reference %v", b, want)
			}
			if i > 0 {
				p := got.OnBackup[i-1]
				if opt(p.RunsOutS) > opt(b.RunsOutS) || opt(p.RunsOutS) == opt(b.RunsOutS) && p.Asset >= b.Asset {
					t.Fatalf("on_backup not ordered by runs_out_s, then name")
				}
			}
		}
		if len(got.Sectors) != len(m.Sectors) {
			t.Fatalf("%d sectors, the model has %d", len(got.Sectors), len(m.Sectors))
		}
		for s, g := range got.Sectors {
			if g.Sector != m.Sectors[s].Name || opt(g.FirstImpactS) != ref.firstImp[s] || opt(g.FailedAtS) != ref.failedAt[s] {
				t.Fatalf("sector %+v, reference first %d failed %d", g, ref.firstImp[s], ref.failedAt[s])
			}
		}
	}
}
