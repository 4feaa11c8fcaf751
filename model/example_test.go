package model_test

import (
	"fmt"
	"os"

	"github.com/hashicorp/hcl/v2"

	"github.com/cascade-infra/cascade/model"
)

func ExampleLoad() {
	m, diags := model.Load("testdata/valid/cycles.hcl", model.Options{})
	if diags.HasErrors() {
		fmt.Println(diags)
		return
	}
	for _, a := range m.Assets {
		fmt.Printf("%s (%s) depends on", a.Name, a.Sector.Name)
		for _, g := range a.Groups {
			for _, d := range g.Dependencies {
				fmt.Printf(" %s[%s]", d.On.Name, d.Kind)
			}
		}
		fmt.Println()
	}
	// Output:
	// grid (energy) depends on scada_net[cyber]
	// pump (water) depends on grid[physical] reservoir[physical]
	// reservoir (water) depends on pump[physical]
	// scada_net (telecom) depends on grid[physical]
}

func ExampleLoad_variables() {
	m, _ := model.Load("testdata/valid/variables.hcl", model.Options{
		Vars: map[string]string{"generator_fuel": "1d12h"},
	})
	fmt.Println(m.Asset("hospital").Groups[0].Backup, "seconds of backup")
	// Output:
	// 129600 seconds of backup
}

func ExampleParser_Load() {
	p := model.NewParser()
	_, diags := p.Load("testdata/invalid/probability_range.hcl", model.Options{})
	w := hcl.NewDiagnosticTextWriter(os.Stdout, p.Files(), 0, false)
	w.WriteDiagnostic(diags[0])
	// Output:
	// Error: Invalid probability
	//
	//   on testdata/invalid/probability_range.hcl line 7, in asset "grid":
	//    7:     probability = 1.5 # ERROR: Invalid probability
	//
	// A probability is between 0 and 1 inclusive; got 1.5.
}

func ExampleParseDuration() {
	for _, s := range []string{"90m", "1d12h", "0", "1.5h", "3x"} {
		secs, err := model.ParseDuration(s)
		fmt.Println(s, secs, err)
	}
	// Output:
	// 90m 5400 <nil>
	// 1d12h 129600 <nil>
	// 0 0 <nil>
	// 1.5h 5400 <nil>
	// 3x 0 duration "3x" has an unknown unit "x"; units are s, m, h, d and w
}

func ExampleModel_Loops() {
	m, _ := model.Load("testdata/valid/cycles.hcl", model.Options{})
	for _, l := range m.Loops() {
		fmt.Print(l.CrossSector, ":")
		for _, a := range l.Assets {
			fmt.Print(" ", a.Name)
		}
		fmt.Println()
	}
	// Output:
	// true: grid scada_net
	// false: pump reservoir
}

func ExampleModel_Graph() {
	m, _ := model.Load("testdata/valid/cycles.hcl", model.Options{})
	g := m.Graph()
	grid := m.Asset("grid")
	to := g.From(int64(grid.Index))
	for to.Next() {
		fmt.Println("grid supplies", m.Assets[to.Node().ID()].Name)
	}
	// Unordered output:
	// grid supplies pump
	// grid supplies scada_net
}

func ExampleFormat() {
	out, err := model.Format([]byte("sector \"energy\" {\nlabel=\"Energy\"\n    threshold=0.5\n}\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(out))
	// Output:
	// sector "energy" {
	//   label     = "Energy"
	//   threshold = 0.5
	// }
}
