sector "energy" {}
sector "energy" { # ERROR: Duplicate sector "energy"
  label = "Energy again"
}

asset "grid" {
  sector = sector.energy
}

asset "plant" {
  sector     = sector.energy
  depends_on = [asset.grid]
}

asset "grid" { # ERROR: Duplicate asset "grid"
  sector = sector.energy
}
