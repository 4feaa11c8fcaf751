sector "energy" {}

asset "grid" {
  sector = sector.energy
  backup = "3x" # ERROR: Invalid duration
  dependency {
    on    = asset.plant
    delay = "30 m" # ERROR: Invalid duration
  }
}

asset "plant" {
  sector = sector.energy
  backup = "1ms" # ERROR: Invalid duration
}
