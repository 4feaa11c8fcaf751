package cascade

import (
	"math/rand/v2"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/cascade-infra/cascade/cascade/internal/netgen"
	"github.com/cascade-infra/cascade/cascade/internal/testenv"
	"github.com/cascade-infra/cascade/model"
)

// restoreBenchModel is the benchmark network of BenchmarkRun with restoration: every
// asset has a repair of 1h to 2d, 40 organizations of 4 crews operate them, a third of
// the assets need 0 to 30 minutes to restart, and the horizon is 7 days.
func restoreBenchModel(n int) *model.Model {
	m := netgen.Bench(1, netgen.BenchParams{Assets: n, Deps: 4, Sectors: 16, Cyber: 0.1, Seeds: 10})
	rng := rand.New(rand.NewPCG(7, 8))
	m.Organizations = nil
	for i := range 40 {
		m.Organizations = append(m.Organizations, &model.Organization{Name: netgen.Name("o", i), Index: i, Crews: 4})
	}
	for i, a := range m.Assets {
		a.Operator = m.Organizations[i%40]
		a.Repair = 3600 + rng.Int64N(47*3600)
		if i%3 == 0 {
			a.Restart = 60 * rng.Int64N(31)
		}
	}
	m.Scenarios[0].Horizon = 7 * 86400
	return m
}

// BenchmarkRestore times Restore and Run alternately on the same network with
// restoration (Run treats every failure as permanent), n=1e5 and n=1e6; cpu-ns/op is
// the process CPU per run, ratio the CPU of Restore over that of Run.
func BenchmarkRestore(b *testing.B) {
	for _, size := range []struct {
		name string
		n    int
	}{{"n=1e5", 100_000}, {"n=1e6", 1_000_000}} {
		b.Run(size.name, func(b *testing.B) {
			m := restoreBenchModel(size.n)
			net, err := Compile(m)
			if err != nil {
				b.Fatal(err)
			}
			sc, err := net.Scenario("worst")
			if err != nil {
				b.Fatal(err)
			}
			tl, r := new(Timeline), new(Result)
			if err := net.RestoreInto(tl, sc, Options{}); err != nil {
				b.Fatal(err)
			}
			net.RunInto(r, sc, Options{})
			runtime.GC()
			b.ReportAllocs()
			b.ResetTimer()
			var cpuRestore, cpuRun time.Duration
			for b.Loop() {
				c0 := testenv.CPUTime()
				_ = net.RestoreInto(tl, sc, Options{})
				c1 := testenv.CPUTime()
				net.RunInto(r, sc, Options{})
				c2 := testenv.CPUTime()
				cpuRestore += c1 - c0
				cpuRun += c2 - c1
			}
			b.ReportMetric(float64(cpuRestore.Nanoseconds())/float64(b.N), "restore-cpu-ns/op")
			b.ReportMetric(float64(cpuRun.Nanoseconds())/float64(b.N), "run-cpu-ns/op")
			b.ReportMetric(float64(cpuRestore)/float64(cpuRun), "ratio")
			down := 0
			for a := range tl.Failure {
				if tl.Failure[a] != Never {
					down++
				}
			}
			b.ReportMetric(float64(down), "failed")
			b.ReportMetric(float64(tl.Events), "events")
			b.ReportMetric(float64(r.NumFailed()), "run-failed")
		})
	}
}

// BenchmarkRestoreModel is issue 13's engine target on bench/gen's models: the model in
// the directory $CASCADE_BENCH_MODEL, which must have restoration (bench/gen --repair
// 1h-2d --crews 4), is run with the restoration engine (RestoreInto) and, alternately,
// the same model loaded again without restoration (every repair, recover, restart,
// priority and crews dropped) with today's engine (RunInto), each on its first
// scenario with that scenario's horizon. cpu-ns/op is the process CPU per run of
// each, ratio restore over run (target ≤ 3 on the 100k model; < 3 s of restore CPU on
// the 1M one). It is skipped without the variable.
func BenchmarkRestoreModel(b *testing.B) {
	dir := os.Getenv("CASCADE_BENCH_MODEL")
	if dir == "" {
		b.Skip("CASCADE_BENCH_MODEL is not set")
	}
	load := func(strip bool) (*Network, *Scenario) {
		m, diags := model.Load(dir, model.Options{})
		if diags.HasErrors() {
			b.Fatal(diags)
		}
		if strip {
			for _, a := range m.Assets {
				a.Repair, a.Recover, a.Restart, a.Priority = 0, 0, 0, 0
			}
			for _, o := range m.Organizations {
				o.Crews = 0
			}
		}
		net, err := Compile(m)
		if err != nil {
			b.Fatal(err)
		}
		sc, err := net.CompileScenario(m.Scenarios[0])
		if err != nil {
			b.Fatal(err)
		}
		return net, sc
	}
	rnet, rsc := load(false)
	if !rnet.HasRestoration() {
		b.Fatalf("%s has no restoration (bench/gen --repair)", dir)
	}
	pnet, psc := load(true)
	tl, r := new(Timeline), new(Result)
	if err := rnet.RestoreInto(tl, rsc, Options{}); err != nil {
		b.Fatal(err)
	}
	pnet.RunInto(r, psc, Options{})
	runtime.GC()
	b.ReportAllocs()
	b.ResetTimer()
	var cpuRestore, cpuRun time.Duration
	for b.Loop() {
		c0 := testenv.CPUTime()
		_ = rnet.RestoreInto(tl, rsc, Options{})
		c1 := testenv.CPUTime()
		pnet.RunInto(r, psc, Options{})
		c2 := testenv.CPUTime()
		cpuRestore += c1 - c0
		cpuRun += c2 - c1
	}
	b.ReportMetric(float64(cpuRestore.Nanoseconds())/float64(b.N), "restore-cpu-ns/op")
	b.ReportMetric(float64(cpuRun.Nanoseconds())/float64(b.N), "run-cpu-ns/op")
	b.ReportMetric(float64(cpuRestore)/float64(cpuRun), "ratio")
	down, downH := 0, 0
	for a := range tl.Failure {
		if tl.Failure[a] != Never {
			down++
		}
		if tl.DownAtHorizon(int32(a)) {
			downH++
		}
	}
	b.ReportMetric(float64(down), "failed")
	b.ReportMetric(float64(downH), "down-at-H")
	b.ReportMetric(float64(len(tl.Repairs)), "repairs")
	b.ReportMetric(float64(tl.Events), "events")
	b.ReportMetric(float64(r.NumFailed()), "run-failed")
}
