package render_test

import (
	"fmt"
	"strings"

	"github.com/cascade-infra/cascade/model"
	"github.com/cascade-infra/cascade/render"
)

// ExampleDraw draws the sectors view of a two-asset model as DOT.
func ExampleDraw() {
	power := &model.Sector{Name: "power", Label: "Power", Color: "#f4a261", Threshold: 0.5, Index: 0}
	water := &model.Sector{Name: "water", Label: "Water", Color: "#457b9d", Threshold: 0.5, Index: 1}
	grid := &model.Asset{Name: "grid", Sector: power, Weight: 1, Index: 0, Groups: []*model.SupplyGroup{{RequiresMode: "all"}}}
	pump := &model.Asset{Name: "pump", Sector: water, Weight: 1, Index: 1, Groups: []*model.SupplyGroup{{
		RequiresMode: "all", Requires: 1, Dependencies: []*model.Dependency{{On: grid, Probability: 1}},
	}}}
	m := &model.Model{Sectors: []*model.Sector{power, water}, Assets: []*model.Asset{grid, pump}}

	d, err := render.Draw(&render.Input{Model: m}, render.Options{View: "sectors"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Layout, d.Nodes, d.Edges)
	for _, line := range strings.Split(string(d.Graph.Bytes()), "\n") {
		if strings.Contains(line, "->") {
			fmt.Println(strings.TrimSpace(line))
		}
	}
	// Output:
	// dot 2 1
	// "power" -> "water" [color="#333333", label="1: 1 physical", penwidth="1.0", style="solid", tooltip="1 dependency of water on power: 1 physical"];
}
