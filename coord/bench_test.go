package coord

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
)

// benchWorld is a synthetic cascade: n failed assets of 40 organizations with a
// sparse channel graph, each asset after the first caused by one or two earlier
// ones, as in a large generated model where everything fails.
func benchWorld(n int) (*model.Model, []Failure) {
	rng := rand.New(rand.NewPCG(1, 2))
	m := &model.Model{}
	sec := &model.Sector{Name: "s"}
	for i := range 40 {
		o := &model.Organization{Name: fmt.Sprintf("org_%02d", i), Country: []string{"JP", "US"}[i%2]}
		m.Organizations = append(m.Organizations, o)
	}
	for i := 0; i+3 < 40; i += 4 { // channels within small clusters only
		m.Organizations[i].SharesWith = []*model.Organization{m.Organizations[i+1], m.Organizations[i+2]}
	}
	fs := make([]Failure, n)
	for i := range n {
		a := &model.Asset{Name: fmt.Sprintf("a%06d", i), Sector: sec, Operator: m.Organizations[rng.IntN(40)]}
		a.Country = a.Operator.Country
		a.Groups = []*model.SupplyGroup{{}}
		m.Assets = append(m.Assets, a)
		fs[i] = Failure{Asset: a, At: int64(i)}
		for j := 0; i > 0 && j < 1+rng.IntN(2); j++ {
			u := m.Assets[rng.IntN(i)]
			a.Groups[0].Dependencies = append(a.Groups[0].Dependencies, &model.Dependency{On: u, Probability: 1})
			fs[i].Causes = append(fs[i].Causes, u)
		}
	}
	return m, fs
}

func BenchmarkAnalyze(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		m, fs := benchWorld(n)
		b.Run(fmt.Sprintf("n=1e%d", len(fmt.Sprint(n))-1), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Analyze(m, nil, fs, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSuggest measures Suggest on the model in $CASCADE_SUGGEST_MODEL (skipped
// without it): the target is the bench/gen 10k model with 40 organizations,
// all detecting and responding, and some channels —
//
//	go run ./bench/gen --assets 10000 --orgs 40 --alerts --channels 60 --out bench/out/m10k-alerts
//	CASCADE_SUGGEST_MODEL=bench/out/m10k-alerts go test ./coord -run - -bench Suggest
//
// (bench/RESULTS.md has the command line's figure, load and run included).
func BenchmarkSuggest(b *testing.B) {
	path := os.Getenv("CASCADE_SUGGEST_MODEL")
	if path == "" {
		b.Skip("set CASCADE_SUGGEST_MODEL to a model folder (see the comment)")
	}
	m, diags := model.Load(path, model.Options{})
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	base, err := cascade.RunScenario(m, m.Scenarios[0], cascade.Options{})
	if err != nil {
		b.Fatal(err)
	}
	r, err := AnalyzeResult(m, base, nil)
	if err != nil {
		b.Fatal(err)
	}
	cands := Candidates(m, r, 0)
	b.ReportMetric(float64(len(cands)), "candidates")
	for _, w := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) {
			for b.Loop() {
				if _, err := Suggest(context.Background(), base, m, cands, SuggestOptions{Workers: w}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
