sector "energy" {}

asset "a" {
  sector = sector.energy
  tags   = ["x", null] # ERROR: Invalid list element
}

asset "b" {
  sector     = sector.energy
  depends_on = [asset.a]
  weight     = 1e400 # ERROR: Number out of range
}
