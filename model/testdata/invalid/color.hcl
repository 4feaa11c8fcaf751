sector "energy" {
  color = "#fff" # ERROR: Invalid color
}

sector "water" {
  color = "blue" # ERROR: Invalid color
}

asset "a" {
  sector = sector.energy
}

asset "b" {
  sector     = sector.water
  depends_on = [asset.a]
}
