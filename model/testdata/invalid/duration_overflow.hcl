sector "energy" {}

asset "grid" {
  sector     = sector.energy
  backup     = "99999999999999999999w" # ERROR: Invalid duration
  depends_on = [asset.plant]
}

asset "plant" {
  sector = sector.energy
  backup = "9223372036854775807s1s" # ERROR: Invalid duration
}

scenario "s" {
  horizon = "0.5s" # ERROR: Invalid duration
  event "e" {
    targets = [asset.grid]
    at      = 3600 # ERROR: Invalid duration
  }
}
