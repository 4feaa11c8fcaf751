package whatif

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cascade-infra/cascade/model"
)

const planModel = `
sector "energy" {}
sector "health" {}
organization "tepco" { country = "JP" }
organization "isac" {}
channel "slow" {
  between = [organization.isac, organization.tepco]
  latency = "6h"
}
asset "grid" { sector = sector.energy }
asset "feeder_a" {
  sector     = sector.energy
  depends_on = [asset.grid]
}
asset "hospital" {
  sector = sector.health
  needs "power" {
    backup     = "72h"
    depends_on = [asset.feeder_a]
  }
}
mitigation "resilience" {
  label = "Fuel, a second feeder and a mobile substation"
  sector "health" { threshold = 0.25 }
  organization "tepco" {
    country = "US"
    detect  = "2h"
    respond = "0s"
  }
  channel "slow" { latency = "1h" }
  asset "hospital" {
    operator = organization.tepco
    needs "power" {
      requires = "any"
      backup   = "120h"
      dependency {
        on    = asset.feeder_a
        delay = "30m"
      }
      dependency {
        on = asset.mobile
      }
    }
    needs "water" {
      depends_on = [asset.grid]
    }
  }
  asset "feeder_a" {
    depends_on = []
  }
  add {
    asset "mobile" { sector = sector.energy }
    channel "liaison" { between = [organization.tepco, organization.isac] }
  }
}
`

func TestPlan(t *testing.T) {
	fsys := fstest.MapFS{"m/m.hcl": {Data: []byte(planModel)}}
	load := func(names ...string) *model.Model {
		m, diags := model.Load("m", model.Options{FS: fsys, Mitigations: names})
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		return m
	}
	base, changed := load(), load("resilience")
	var got []string
	for _, c := range Plan(base, changed) {
		got = append(got, c.String())
	}
	want := []string{
		"~ sector.health.threshold: 0.5 -> 0.25",
		`~ organization.tepco.country: "JP" -> "US"`,
		`~ organization.tepco.detect: none -> "2h"`,
		`~ organization.tepco.respond: none -> "0s"`,
		"- asset.feeder_a.dependency.grid",
		`~ asset.hospital.operator: none -> organization.tepco`,
		`~ asset.hospital.country: "" -> "US"`,
		`~ asset.hospital.needs.power.requires: "all" -> "any"`,
		"~ asset.hospital.needs.power.backup: 3d -> 5d",
		"~ asset.hospital.needs.power.dependency.feeder_a.delay: 0s -> 30m",
		`+ asset.hospital.needs.power.dependency.mobile = { kind = "physical", delay = "0s", probability = 1 }`,
		"+ asset.hospital.needs.water",
		`+ asset.hospital.needs.water.dependency.grid = { kind = "physical", delay = "0s", probability = 1 }`,
		"+ asset.mobile",
		`+ channel.liaison = { between = [organization.tepco, organization.isac], latency = "0s" }`,
		"~ channel.slow.latency: 6h -> 1h",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("plan:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if p := Plan(base, base); len(p) != 0 {
		t.Errorf("plan of a model against itself: %v", p)
	}
	var b strings.Builder
	if err := WritePlan(&b, []string{"resilience"}, Plan(base, changed)[:1]); err != nil {
		t.Fatal(err)
	}
	if b.String() != "Mitigation resilience: 1 change\n  ~ sector.health.threshold: 0.5 -> 0.25\n" {
		t.Errorf("WritePlan wrote %q", b.String())
	}
}
