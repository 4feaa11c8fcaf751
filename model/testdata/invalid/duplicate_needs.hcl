sector "energy" {}

asset "a" {
  sector = sector.energy
}

asset "c" {
  sector = sector.energy
}

asset "b" {
  sector = sector.energy
  needs "power" {
    depends_on = [asset.a]
  }
  needs "power" { # ERROR: Duplicate supply group
    depends_on = [asset.c]
  }
}
