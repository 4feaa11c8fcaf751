sector "energy" {}

asset "a" {
  sector = sector.energy
}

asset "b" {
  sector = sector.energy
}

asset "c" {
  sector     = sector.energy
  requires   = 3 # ERROR: Invalid requires
  depends_on = [asset.a, asset.b]
}

asset "d" {
  sector = sector.energy
  needs "power" {
    requires   = 0 # ERROR: Invalid requires
    depends_on = [asset.a, asset.b]
  }
}

asset "e" {
  sector   = sector.energy
  requires = 1 # ERROR: Invalid requires
}
