sector "energy" {}

asset "grid" {
  sector     = sector.energy
  weight     = 0 # ERROR: Invalid weight
  depends_on = [asset.plant]
}

asset "plant" {
  sector = sector.energy
  weight = -2 # ERROR: Invalid weight
}
