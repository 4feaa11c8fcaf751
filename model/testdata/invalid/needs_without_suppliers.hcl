sector "energy" {}

asset "a" {
  sector = sector.energy
}

asset "b" {
  sector     = sector.energy
  depends_on = [asset.a]
  needs "water" { # ERROR: Supply group without suppliers
    backup = "24h"
  }
  needs "fuel" { # ERROR: Supply group without suppliers
    depends_on = []
  }
}
