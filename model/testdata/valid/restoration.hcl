sector "energy" {}

organization "tepco" {
  crews = 4
}

asset "grid" {
  sector   = sector.energy
  operator = organization.tepco
  repair   = "36h"
  recover  = "12h"
  restart  = "2h"
  priority = 10
}

asset "plant" {
  sector     = sector.energy
  repair     = "1s"
  restart    = "0s"
  priority   = -2.5
  depends_on = [asset.grid]
}

scenario "quake" {
  horizon = "7d"
  event "hit" {
    targets = [asset.grid]
  }
}
