sector "energy" {}

asset "grid" {
  sector     = sector.energy
  depends_on = [asset.grid] # ERROR: Self-dependency
}

asset "plant" {
  sector = sector.energy
  dependency {
    on = asset.plant # ERROR: Self-dependency
  }
  depends_on = [asset.grid]
}
