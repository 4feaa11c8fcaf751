# A small city after a storm, with restoration, for the render tests: one repair
# crew for the two substations (a queue), an aftershock that takes the first
# substation down again, a hospital saved for a while by its generator, and a
# tower that is not repaired within the run. All figures are made up.

sector "energy" {
  label     = "Energy"
  color     = "#f4a261"
  threshold = 0.5
}

sector "telecom" {
  label = "Communications"
  color = "#2a9d8f"
}

sector "water" {
  label = "Water"
  color = "#457b9d"
}

sector "health" {
  label = "Health care"
  color = "#e63946"
}

organization "grid_co" {
  label = "Grid Co."
  crews = 1
}

asset "substation_a" {
  sector   = sector.energy
  label    = "Substation A"
  operator = organization.grid_co
  repair   = "12h"
  priority = 10
}

asset "substation_b" {
  sector   = sector.energy
  label    = "Substation B"
  operator = organization.grid_co
  repair   = "6h"
}

asset "plant" {
  sector = sector.energy
  label  = "Gas plant"
}

asset "tower" {
  sector     = sector.telecom
  label      = "Radio tower"
  depends_on = [asset.substation_b]
}

asset "exchange" {
  sector  = sector.telecom
  label   = "Exchange"
  restart = "30m"

  needs "power" {
    requires   = "any"
    depends_on = [asset.substation_a, asset.plant]
  }
}

asset "pumping" {
  sector     = sector.water
  label      = "Pumping station"
  restart    = "1h"
  depends_on = [asset.substation_a]
}

asset "hospital" {
  sector = sector.health
  label  = "General hospital"

  needs "power" {
    backup     = "8h"
    depends_on = [asset.substation_b]
  }
}

scenario "storm" {
  label   = "Storm, then an aftershock"
  horizon = "2d"

  event "storm" {
    targets = [asset.substation_a, asset.substation_b, asset.tower]
  }

  event "aftershock" {
    at      = "30h"
    targets = [asset.substation_a]
  }
}
