# Mutual dependencies are normal: power needs telecom for control, telecom
# needs power. Two loops: one across sectors, one inside the water sector.

sector "energy" {}
sector "telecom" {}
sector "water" {}

asset "grid" {
  sector = sector.energy
  dependency {
    on   = asset.scada_net
    kind = "cyber"
  }
}

asset "scada_net" {
  sector     = sector.telecom
  backup     = "4h"
  depends_on = [asset.grid]
}

asset "pump" {
  sector     = sector.water
  depends_on = [asset.grid, asset.reservoir]
}

asset "reservoir" {
  sector     = sector.water
  depends_on = [asset.pump]
}

scenario "blackout" {
  event "trip" {
    targets = [asset.grid]
  }
}
