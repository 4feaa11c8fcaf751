package cascade

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/cascade-infra/cascade/cascade/internal/netgen"
	"github.com/cascade-infra/cascade/cascade/internal/testenv"
	"github.com/cascade-infra/cascade/model"
)

// benchAlertModel is the 100k-asset benchmark network with 40 organizations operating
// its assets (round robin) and 200 channels of 0–2h between random pairs; with alerts,
// every organization detects (1–6h) and responds (0–2h). Its scenario "worst" hits 10
// assets physically at time 0; a cyber event compromises 10 more at time 0, whose
// compromise spreads along the cyber edges (a tenth of the dependencies).
func benchAlertModel(alerts bool) *model.Model {
	m := netgen.Bench(1, netgen.BenchParams{Assets: 100_000, Deps: 4, Sectors: 16, Cyber: 0.1, Seeds: 10})
	b := netgen.Extend(m)
	rng := rand.New(rand.NewPCG(40, 200))
	orgs := make([]*model.Organization, 40)
	for i := range orgs {
		detect, respond := int64(0), int64(-1)
		if alerts {
			detect, respond = 3600*(1+rng.Int64N(6)), 60*rng.Int64N(121)
		}
		orgs[i] = b.Organization(netgen.Name("o", i), detect, respond)
	}
	for i, a := range m.Assets {
		a.Operator = orgs[i%len(orgs)]
	}
	for i := range 200 {
		x, y := rng.IntN(40), rng.IntN(40)
		if x == y {
			y = (y + 1) % 40
		}
		b.Channel(netgen.Name("c", i), orgs[x], orgs[y], 60*rng.Int64N(121))
	}
	var hit []*model.Asset
	for i := range 10 {
		hit = append(hit, m.Assets[(i*7919+13)%len(m.Assets)])
	}
	b.Event(m.Scenarios[0], "intrusion", model.CyberEvent, 0, 1, hit...)
	return b.Model()
}

// BenchmarkAlerts measures a run of the 100k model with and without alerts: the
// issue's target is at most 20% more CPU with 40 organizations detecting and responding
// and 200 channels. The ratio of the two cpu-ns/op is the figure of bench/RESULTS.md.
func BenchmarkAlerts(b *testing.B) {
	for _, alerts := range []bool{false, true} {
		b.Run(fmt.Sprintf("n=1e5/alerts=%v", alerts), func(b *testing.B) {
			net, err := Compile(benchAlertModel(alerts))
			if err != nil {
				b.Fatal(err)
			}
			sc, err := net.Scenario("worst")
			if err != nil {
				b.Fatal(err)
			}
			r := new(Result)
			net.RunInto(r, sc, Options{})
			runtime.GC()
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := testenv.CPUTime()
			for b.Loop() {
				net.RunInto(r, sc, Options{})
			}
			cpu := testenv.CPUTime() - cpu0
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
			b.ReportMetric(float64(r.NumFailed()), "failed")
			b.ReportMetric(float64(len(r.orderC)), "compromised")
			b.ReportMetric(float64(len(r.Protections())), "protected")
		})
	}
}
