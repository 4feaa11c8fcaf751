sector "energy" {}

asset "a" {
  sector = sector.energy
}

asset "b" {
  sector = sector.energy
}

asset "c" {
  sector     = sector.energy
  requires   = "most" # ERROR: Invalid requires
  depends_on = [asset.a, asset.b]
}

asset "d" {
  sector     = sector.energy
  requires   = 1.5 # ERROR: Invalid requires
  depends_on = [asset.a, asset.b]
}

asset "e" {
  sector   = sector.energy
  requires = true # ERROR: Incorrect attribute value type
  depends_on = [asset.a]
}
