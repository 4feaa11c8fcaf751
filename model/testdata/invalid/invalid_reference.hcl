sector "energy" {}

asset "grid" {
  sector     = "energy" # ERROR: Invalid reference
  depends_on = asset.plant # ERROR: Invalid reference list
}

asset "plant" {
  sector     = sectors.energy # ERROR: Invalid reference
  depends_on = [asset.grid.label] # ERROR: Invalid reference
}

asset "pump" {
  sector     = sector # ERROR: Invalid reference
  depends_on = [asset.grid, var.x] # ERROR: Invalid reference
}
