locals {
  fuel = "72h"
}

locals {
  fuel = "24h" # ERROR: Duplicate local value
}

sector "energy" {}

asset "a" {
  sector = sector.energy
  backup = local.fuel
}

asset "b" {
  sector     = sector.energy
  depends_on = [asset.a]
}
