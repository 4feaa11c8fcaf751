sector "energy" {
  threshold = 0 # ERROR: Invalid threshold
}

sector "water" {
  threshold = 1.5 # ERROR: Invalid threshold
}

asset "grid" {
  sector     = sector.energy
  depends_on = [asset.pump]
}

asset "pump" {
  sector = sector.water
}
