package cascade_test

import (
	"fmt"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
)

// exampleModel is a grid that fails 2h after its substation and a hospital with 24h of
// generator fuel; usually model.Load produces the model from HCL.
func exampleModel() *model.Model {
	energy := &model.Sector{Name: "energy", Threshold: 0.5, Index: 0}
	health := &model.Sector{Name: "health", Threshold: 0.5, Index: 1}
	grid := &model.Asset{Name: "grid", Sector: energy, Weight: 1, Index: 0}
	hospital := &model.Asset{Name: "hospital", Sector: health, Weight: 1, Index: 1}
	substation := &model.Asset{Name: "substation", Sector: energy, Weight: 1, Index: 2}
	grid.Groups = []*model.SupplyGroup{{Requires: 1, RequiresMode: "all",
		Dependencies: []*model.Dependency{{On: substation, Delay: 2 * 3600, Probability: 1}}}}
	hospital.Groups = []*model.SupplyGroup{{RequiresMode: "all"}, {Name: "power", Requires: 1, RequiresMode: "all",
		Backup: 24 * 3600, Dependencies: []*model.Dependency{{On: grid, Probability: 1}}}}
	substation.Groups = []*model.SupplyGroup{{RequiresMode: "all"}}
	quake := &model.Scenario{Name: "quake", Horizon: 7 * 86400, Events: []*model.Event{
		{Name: "shaking", Kind: model.PhysicalEvent, Probability: 1, Assets: []*model.Asset{substation}}}}
	return &model.Model{
		Sectors:   []*model.Sector{energy, health},
		Assets:    []*model.Asset{grid, hospital, substation},
		Scenarios: []*model.Scenario{quake},
	}
}

func ExampleCompile() {
	net, err := cascade.Compile(exampleModel())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(net.NumAssets(), "assets,", net.NumEdges(), "dependencies,", net.NumGroups(), "supply groups")
	// Output: 3 assets, 2 dependencies, 4 supply groups
}

func ExampleNetwork_Run() {
	net, _ := cascade.Compile(exampleModel())
	sc, _ := net.Scenario("quake")
	r := net.Run(sc, cascade.Options{})
	for _, f := range r.Failures() {
		fmt.Printf("T+%s %s (%s)\n", cascade.FormatDuration(f.At), net.AssetName(f.Asset), f.Cause.Kind)
	}
	for s := range net.NumSectors() {
		sr := r.Sectors[s]
		fmt.Printf("%s: failed at T+%s, fraction %.2f\n", net.SectorName(int32(s)), cascade.FormatDuration(sr.FailedAt), sr.FailedFraction)
	}
	fmt.Print(r.Explain(1))

	// The same scenario with a 12h horizon: the hospital is still on its generators.
	r = net.Run(sc, cascade.Options{Horizon: cascade.HorizonAt(12 * 3600)})
	for _, b := range r.OnBackup() {
		fmt.Printf("%s on backup since T+%s, runs out at T+%s\n", net.AssetName(b.Asset), cascade.FormatDuration(b.Since), cascade.FormatDuration(b.RunsOut))
	}
	// Output:
	// T+0s substation (event)
	// T+2h grid (supply)
	// T+1d2h hospital (supply)
	// energy: failed at T+0s, fraction 1.00
	// health: failed at T+1d2h, fraction 1.00
	// hospital fails at T+1d2h: backup of 1d for "power" ran out after losing grid at T+2h
	//   because grid fails at T+2h: lost supply, no backup, after losing substation at T+2h; substation failed at T+0s, delay 2h
	//   because substation fails at T+0s: hit by physical event "shaking"
	// hospital on backup since T+2h, runs out at T+1d2h
}

func ExampleFormatDuration() {
	fmt.Println(cascade.FormatDuration(0), cascade.FormatDuration(2700), cascade.FormatDuration(108000), cascade.FormatDuration(1468800))
	// Output: 0s 45m 1d6h 2w3d
}
