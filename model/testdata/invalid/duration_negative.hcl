sector "energy" {}

asset "grid" {
  sector = sector.energy
  backup = "-1h" # ERROR: Invalid duration
  dependency {
    on    = asset.plant
    delay = "90" # ERROR: Invalid duration
  }
}

asset "plant" {
  sector = sector.energy
  backup = "" # ERROR: Invalid duration
}
