package coord_test

import (
	"fmt"
	"testing/fstest"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/coord"
	"github.com/cascade-infra/cascade/model"
)

// A Japanese grid feeds a telecom exchange, which serves a U.S. bank's branch.
// Power and telecom share through an ISAC; the bank has no channel to either, so
// the cascade crosses a gap that a channel from the bank to the ISAC closes.
func ExampleAnalyzeResult() {
	files := fstest.MapFS{"m/model.hcl": {Data: []byte(`
sector "energy" {}
sector "telecom" {}
sector "finance" {}
organization "power" { country = "JP" }
organization "telco" { country = "JP" }
organization "bank"  { country = "US" }
organization "isac" {
  country     = "JP"
  kind        = "isac"
  shares_with = [organization.power, organization.telco]
}
asset "grid" {
  sector   = sector.energy
  operator = organization.power
}
asset "exchange" {
  sector     = sector.telecom
  operator   = organization.telco
  backup     = "4h"
  depends_on = [asset.grid]
}
asset "branch" {
  sector     = sector.finance
  operator   = organization.bank
  depends_on = [asset.exchange]
}
scenario "blackout" {
  event "cut" {
    targets = [asset.grid]
  }
}
`)}}
	m, diags := model.NewParser().Load("m", model.Options{FS: files})
	if diags.HasErrors() {
		fmt.Println(diags)
		return
	}
	added := []coord.Channel{{A: m.Organization("bank"), B: m.Organization("isac")}}
	res, err := cascade.RunScenario(m, m.Scenario("blackout"), cascade.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := coord.AnalyzeResult(m, res, added)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range r.Cross {
		fmt.Printf("%s -> %s at %s, channel %v\n", e.From.Name, e.To.Name, cascade.FormatDuration(e.At), len(e.Channel) > 0)
	}
	for _, g := range r.Gaps {
		fmt.Printf("gap %s -- %s: %d edge(s), %d downstream\n", g.A.Name, g.B.Name, len(g.Edges), g.Downstream)
	}
	for _, g := range r.Closed {
		fmt.Print("closed by:")
		for _, o := range g.Via {
			fmt.Print(" ", o.Name)
		}
		fmt.Println()
	}
	// Output:
	// exchange -> branch at 4h, channel false
	// grid -> exchange at 4h, channel true
	// gap bank -- telco: 1 edge(s), 1 downstream
	// closed by: bank isac telco
}
