sector "energy" {}

assett "a" { # ERROR: Unsupported block type
  sector = sector.energy
}

asset "b" {
  sector = sector.energy
  need "power" { # ERROR: Unsupported block type
    depends_on = []
  }
}
