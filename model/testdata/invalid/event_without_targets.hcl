sector "energy" {}

asset "a" {
  sector = sector.energy
}

asset "b" {
  sector     = sector.energy
  depends_on = [asset.a]
}

scenario "s" {
  event "nothing" { # ERROR: Event without targets
    at = "1h"
  }
  event "empty" { # ERROR: Event without targets
    targets = []
  }
}
