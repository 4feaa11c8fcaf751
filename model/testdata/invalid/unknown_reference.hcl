sector "energy" {}

asset "grid" {
  sector     = sector.enrgy # ERROR: Reference to undeclared sector
  depends_on = [asset.plant]
}

asset "plant" {
  sector     = sector.energy
  depends_on = [asset.gird] # ERROR: Reference to undeclared asset
}
