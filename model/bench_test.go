package model

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// BenchmarkLoad loads generated models of 1e3, 1e4 and 1e5 assets, split over
// files so that they parse in parallel, and reports throughput in MB/s of HCL.
func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{1e3, 1e4, 1e5} {
		b.Run(fmt.Sprintf("n=1e%d", len(fmt.Sprint(n))-1), func(b *testing.B) {
			dir := b.TempDir()
			size, err := genFolder(dir, n, max(1, 2*runtime.GOMAXPROCS(0)))
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(size)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				m, diags := Load(dir, Options{})
				if diags.HasErrors() || len(m.Assets) != n {
					b.Fatalf("%d diagnostics, first: %v", len(diags), diags[0])
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "assets/s")
		})
	}
}

// BenchmarkParse is the baseline of BenchmarkLoad: HCL's parser alone on the
// same files, just as parallel. Load's own share is the difference.
func BenchmarkParse(b *testing.B) {
	for _, n := range []int{1e3, 1e4, 1e5} {
		b.Run(fmt.Sprintf("n=1e%d", len(fmt.Sprint(n))-1), func(b *testing.B) {
			dir := b.TempDir()
			size, err := genFolder(dir, n, max(1, 2*runtime.GOMAXPROCS(0)))
			if err != nil {
				b.Fatal(err)
			}
			files, _ := filepath.Glob(filepath.Join(dir, "*.hcl"))
			b.SetBytes(size)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				var wg sync.WaitGroup
				next := make(chan string)
				for range runtime.GOMAXPROCS(0) {
					wg.Go(func() {
						for f := range next {
							src, _ := os.ReadFile(f)
							if _, d := hclsyntax.ParseConfig(src, f, hcl.InitialPos); d.HasErrors() {
								panic(d)
							}
						}
					})
				}
				for _, f := range files {
					next <- f
				}
				close(next)
				wg.Wait()
			}
		})
	}
}
