package graphml

import (
	"bytes"
	"fmt"
	"strconv"
	"syscall"
	"testing"
)

// cpuSeconds is the process's user and system time so far, seconds: on a machine
// shared with other work, CPU time is steadier than wall time.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

// synthetic returns a GraphML file of n nodes with sector, label, lat and lon, and
// 4n edges with buffer_hours and type, as networkx writes them.
func synthetic(n int) []byte {
	g := &Graph{Directed: true, Keys: []Key{
		{ID: "d0", For: ForNode, Name: "sector", Type: TypeString},
		{ID: "d1", For: ForNode, Name: "label", Type: TypeString},
		{ID: "d2", For: ForNode, Name: "lat", Type: TypeDouble},
		{ID: "d3", For: ForNode, Name: "lon", Type: TypeDouble},
		{ID: "d4", For: ForEdge, Name: "buffer_hours", Type: TypeDouble},
		{ID: "d5", For: ForEdge, Name: "type", Type: TypeString},
	}}
	sectors := []string{"power", "telecom", "water", "transport", "health"}
	for i := range n {
		id := "n" + strconv.Itoa(i)
		g.Nodes = append(g.Nodes, Node{ID: id, Data: []Data{{0, sectors[i%5]}, {1, "Asset " + id},
			{2, strconv.FormatFloat(40+float64(i%1000)/1e4, 'f', 4, 64)}, {3, strconv.FormatFloat(-74+float64(i%997)/1e4, 'f', 4, 64)}}})
	}
	for i := range n {
		for k := 1; k <= 4; k++ {
			j := (i*7 + k*13) % n
			if j == i {
				continue
			}
			g.Edges = append(g.Edges, Edge{Source: "n" + strconv.Itoa(j), Target: "n" + strconv.Itoa(i), Directed: true,
				Data: []Data{{4, strconv.Itoa(k * 3)}, {5, sectors[j%5]}}})
		}
	}
	var b bytes.Buffer
	if err := Write(&b, g); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// BenchmarkReadGraphML reads a synthetic GraphML file and, in "import", turns it
// into the CSV bulk form as well.
func BenchmarkReadGraphML(b *testing.B) {
	for _, n := range []int{1e4, 1e5} {
		data := synthetic(n)
		mp := DefaultMapping
		mp.Delay, mp.DelayUnit, mp.Kind = "buffer_hours", 3600, ""
		for _, stage := range []string{"read", "import"} {
			b.Run(fmt.Sprintf("n=%.0e/%s", float64(n), stage), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(data)))
				var edges int
				cpu0 := cpuSeconds()
				for b.Loop() {
					g, err := Read(bytes.NewReader(data))
					if err != nil {
						b.Fatal(err)
					}
					edges = len(g.Edges)
					if stage == "import" {
						if _, _, err := ToModel(g, mp); err != nil {
							b.Fatal(err)
						}
					}
				}
				cpu := (cpuSeconds() - cpu0) / float64(b.N)
				b.ReportMetric(cpu, "cpu-s/op")
				b.ReportMetric(float64(edges)/cpu, "edges/cpu-s")
				b.ReportMetric(float64(len(data))/cpu/1e6, "MB/cpu-s")
			})
		}
	}
}
