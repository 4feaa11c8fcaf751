sector "energy" {
  label = ["Energy"] # ERROR: Incorrect attribute value type
}

asset "a" {
  sector = sector.energy
  weight = "heavy" # ERROR: Incorrect attribute value type
  tags   = "scada" # ERROR: Incorrect attribute value type
}

asset "b" {
  sector     = sector.energy
  depends_on = [asset.a]
  backup     = 12 + 1 # ERROR: Invalid duration
}
